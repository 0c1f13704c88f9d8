package grant_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/grant"
	"govshare/internal/identity"
	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

func code(err error) string {
	var ae *apierr.Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	if err != nil {
		return "internal: " + err.Error()
	}
	return ""
}

var fields = []string{"姓名", "身份证号", "区划"}

func setup(t *testing.T, db *store.DB, sharing string) (*grant.Service, *catalog.Resource, map[string]*identity.Principal) {
	t.Helper()
	ctx := context.Background()
	ids := identity.NewService(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	people := map[string]*identity.Principal{}
	for _, u := range []struct{ name, dept, role string }{
		{"steward", "POLICE", "data_steward"}, {"approver", "POLICE", "approver"},
		{"dev", "HEALTH", "consumer_developer"}, {"operator", "BDB", "platform_operator"},
	} {
		if _, err := ids.DepartmentByCode(ctx, u.dept); err != nil {
			if _, err := ids.CreateDepartment(ctx, identity.NewDepartment{Code: u.dept, NameZH: u.dept}); err != nil {
				t.Fatal(err)
			}
		}
		created, err := ids.CreateUser(ctx, identity.NewUser{Username: u.name, DepartmentCode: u.dept, Password: "a-long-password-1", Roles: []string{u.role}})
		if err != nil {
			t.Fatal(err)
		}
		people[u.name], _ = ids.PrincipalOf(ctx, created.ID, "test")
	}
	cat := catalog.NewService(db)
	m := catalog.Metadata{Name: "人口", Summary: "s", Classification: "department", SharingType: sharing,
		SharingConditions: "核验", LegalBasis: "法律规定", OpenType: catalog.OpenClosed, SecurityLevel: 3,
		Items: []catalog.Item{{Name: "姓名"}, {Name: "身份证号"}, {Name: "区划"}}}
	r, err := cat.Create(ctx, people["steward"], m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.Submit(ctx, people["steward"], r.Code); err != nil {
		t.Fatal(err)
	}
	if r, err = cat.Approve(ctx, people["operator"], r.Code, ""); err != nil {
		t.Fatal(err)
	}
	return grant.NewService(db, grant.DefaultConfig()), r, people
}

func apply(s *grant.Service, p *identity.Principal, r *catalog.Resource) (*grant.Request, error) {
	return s.Apply(context.Background(), p, r, fields, grant.ApplyInput{Fields: fields, Purpose: "核验", Scenario: "窗口",
		LegalBasis: "条例", DurationDays: 30})
}

func TestNotSharedCannotBeRequested(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, r, people := setup(t, db, catalog.SharingNone)
		if _, err := apply(s, people["dev"], r); code(err) != "not_shared" {
			t.Errorf("apply for an unshared resource: %v", err)
		}
	})
}

func TestApprovalOnlyNarrows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, r, people := setup(t, db, catalog.SharingConditional)
		// Friday 2026-12-04 16:00 in Beijing: the deadline is the end of Friday 2026-12-18.
		friday := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return friday })
		req, err := apply(s, people["dev"], r)
		if err != nil {
			t.Fatal(err)
		}
		wantDeadline := time.Date(2026, 12, 18, 16, 0, 0, 0, time.UTC).UnixMilli()
		if req.Status != grant.RequestPending || req.DeadlineAt != wantDeadline || *req.WorkingDaysLeft != 10 {
			t.Fatalf("request = %+v, deadline want %d", req, wantDeadline)
		}

		tests := []struct {
			name string
			d    grant.Decision
			want string
		}{
			{"field not requested", grant.Decision{Fields: []string{"住址"}}, "invalid_parameter"},
			{"clear field not granted", grant.Decision{Fields: []string{"姓名"}, ClearFields: []string{"身份证号"}}, "invalid_parameter"},
			{"filter on unknown field", grant.Decision{RowFilter: []grant.Condition{{Field: "年龄", Op: "eq", Values: []string{"1"}}}}, "unknown_field"},
			{"bad operator", grant.Decision{RowFilter: []grant.Condition{{Field: "区划", Op: "like", Values: []string{"1"}}}}, "invalid_parameter"},
			{"expiry in the past", grant.Decision{ExpiresAt: friday.Add(-time.Hour).UnixMilli()}, "invalid_parameter"},
		}
		for _, tt := range tests {
			if _, err := s.Approve(ctx, people["approver"], req.ID, tt.d, fields, ""); code(err) != tt.want {
				t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
			}
		}
		if _, err := s.Approve(ctx, people["dev"], req.ID, grant.Decision{}, fields, ""); code(err) != "forbidden" {
			t.Errorf("consumer approved: %v", err)
		}
		if _, err := s.Reject(ctx, people["approver"], req.ID, " "); code(err) != "missing_parameter" {
			t.Errorf("reject without reason: %v", err)
		}

		// Twelve working days later the request is overdue and listed for the operator.
		s.SetClock(func() time.Time { return friday.AddDate(0, 0, 17) })
		overdue, err := s.ListRequests(ctx, people["operator"], grant.RequestQuery{Box: "overdue"})
		if err != nil || len(overdue) != 1 || !overdue[0].Overdue || *overdue[0].WorkingDaysLeft >= 0 {
			t.Fatalf("overdue list = %+v, %v", overdue, err)
		}
		if _, err := s.ListRequests(ctx, people["dev"], grant.RequestQuery{Box: "overdue"}); code(err) != "forbidden" {
			t.Errorf("consumer listed overdue requests: %v", err)
		}

		done, err := s.Approve(ctx, people["approver"], req.ID, grant.Decision{Fields: []string{"姓名", "区划"}}, fields, "")
		if err != nil {
			t.Fatal(err)
		}
		g, err := s.GetGrant(ctx, people["dev"], *done.GrantID)
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Fields) != 2 || g.Status != "active" || g.QuotaRequests != grant.DefaultConfig().DefaultQuotaRequests {
			t.Errorf("grant = %+v", g)
		}
		if _, err := s.Approve(ctx, people["approver"], req.ID, grant.Decision{}, fields, ""); code(err) != "invalid_state" {
			t.Errorf("second approval: %v", err)
		}
	})
}
