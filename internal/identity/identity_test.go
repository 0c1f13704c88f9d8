package identity_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/identity"
	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

func newService(t *testing.T, db *store.DB) *identity.Service {
	t.Helper()
	return identity.NewService(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func errCode(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if err != nil {
		return "internal: " + err.Error()
	}
	return ""
}

func TestCheckSeparation(t *testing.T) {
	tests := []struct {
		roles []identity.Role
		ok    bool
	}{
		{[]identity.Role{identity.RolePlatformOperator, identity.RoleDepartmentAdmin}, true},
		{[]identity.Role{identity.RoleDataSteward, identity.RoleApprover, identity.RoleConsumerDeveloper}, true},
		{[]identity.Role{identity.RolePlatformOperator, identity.RoleSecurityAdmin}, false},
		{[]identity.Role{identity.RoleSecurityAdmin, identity.RoleAuditAdmin}, false},
		{[]identity.Role{identity.RoleDepartmentAdmin, identity.RoleAuditAdmin}, false},
		{[]identity.Role{identity.RoleAuditAdmin, identity.RoleConsumerDeveloper}, false},
		{[]identity.Role{identity.RoleSecurityAdmin, identity.RoleDataSteward}, true},
	}
	for _, tt := range tests {
		err := identity.CheckSeparation(tt.roles)
		if (err == nil) != tt.ok {
			t.Errorf("CheckSeparation(%v) = %v, want ok=%v", tt.roles, err, tt.ok)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := identity.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Errorf("hash %q is not argon2id PHC form", h)
	}
	if ok, _ := identity.CheckPassword(h, "correct horse battery"); !ok {
		t.Error("right password rejected")
	}
	if ok, _ := identity.CheckPassword(h, "correct horse batterx"); ok {
		t.Error("wrong password accepted")
	}
	if _, err := identity.HashPassword("short"); errCode(err) != "weak_password" {
		t.Errorf("short password: %v, want weak_password", err)
	}
}

func TestDepartmentCodeValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		if _, err := s.CreateDepartment(ctx, identity.NewDepartment{Code: "12330102MB1G56027R", NameZH: "杭州市某学校"}); err != nil {
			t.Fatalf("valid credit code rejected: %v", err)
		}
		_, err := s.CreateDepartment(ctx, identity.NewDepartment{Code: "91350100M000100Y4Z", NameZH: "坏代码"})
		if errCode(err) != "invalid_department_code" {
			t.Errorf("invalid credit code: %v, want invalid_department_code", err)
		}
		_, err = s.CreateDepartment(ctx, identity.NewDepartment{Code: "12330102MB1G56027R", NameZH: "重复"})
		if errCode(err) != "already_exists" {
			t.Errorf("duplicate code: %v, want already_exists", err)
		}
		child, err := s.CreateDepartment(ctx, identity.NewDepartment{Code: "HZ-EDU", NameZH: "教育局", ParentCode: "12330102MB1G56027R", RegionCode: "330100"})
		if err != nil {
			t.Fatalf("child department: %v", err)
		}
		if child.ParentCode != "12330102MB1G56027R" {
			t.Errorf("parent code = %q", child.ParentCode)
		}
	})
}

func TestTokensAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(t, db)
		ctx := context.Background()
		if _, err := s.CreateDepartment(ctx, identity.NewDepartment{Code: "STATS", NameZH: "统计局"}); err != nil {
			t.Fatal(err)
		}
		_, err := s.CreateUser(ctx, identity.NewUser{Username: "ops", DepartmentCode: "STATS", Password: "a-long-password-1",
			Roles: []string{"platform_operator", "security_admin"}})
		if errCode(err) != "role_separation" {
			t.Fatalf("operator+security: %v, want role_separation", err)
		}
		u, err := s.CreateUser(ctx, identity.NewUser{Username: "dev", DepartmentCode: "STATS", Password: "a-long-password-1",
			Roles: []string{"consumer_developer"}})
		if err != nil {
			t.Fatal(err)
		}

		tok, text, err := s.CreateToken(ctx, u.ID, "batch job", 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.AuthenticateToken(ctx, text)
		if err != nil || p.Username != "dev" || p.TokenID != tok.ID {
			t.Fatalf("authenticate token: %+v, %v", p, err)
		}
		forged := text[:len(text)-1] + "A"
		if forged == text {
			forged = text[:len(text)-1] + "B"
		}
		if _, err := s.AuthenticateToken(ctx, forged); !errors.Is(err, identity.ErrInvalidToken) {
			t.Errorf("forged token: %v, want ErrInvalidToken", err)
		}
		list, err := s.ListTokens(ctx, u.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("list tokens: %v, %v", list, err)
		}
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AuthenticateToken(ctx, text); !errors.Is(err, identity.ErrInvalidToken) {
			t.Errorf("revoked token: %v, want ErrInvalidToken", err)
		}

		if _, _, err := s.Login(ctx, "dev", "wrong-password-xx"); errCode(err) != "login_failed" {
			t.Errorf("wrong password login: %v", err)
		}
		if _, _, err := s.Login(ctx, "nobody", "wrong-password-xx"); errCode(err) != "login_failed" {
			t.Errorf("unknown user login: %v", err)
		}
		_, sid, err := s.Login(ctx, "dev", "a-long-password-1")
		if err != nil {
			t.Fatal(err)
		}
		if p, err := s.AuthenticateSession(ctx, sid); err != nil || p.Username != "dev" {
			t.Fatalf("session: %+v, %v", p, err)
		}
		if err := s.Logout(ctx, sid); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AuthenticateSession(ctx, sid); !errors.Is(err, identity.ErrInvalidSession) {
			t.Errorf("session after logout: %v", err)
		}
	})
}
