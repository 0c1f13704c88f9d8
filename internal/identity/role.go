// Package identity manages departments, users, roles, passwords, console sessions and API tokens,
// and resolves a request's credentials into a Principal.
package identity

import (
	"fmt"
	"slices"

	"govshare/internal/apierr"
)

// Role is a named set of permissions held by a user.
type Role string

// The platform's roles.
const (
	RolePlatformOperator  Role = "platform_operator"  // 共享主管部门: onboards departments, reviews the catalog
	RoleDepartmentAdmin   Role = "department_admin"   // manages the users of one department
	RoleDataSteward       Role = "data_steward"       // registers resources and loads their data
	RoleApprover          Role = "approver"           // decides access requests for the provider department
	RoleConsumerDeveloper Role = "consumer_developer" // applies for access and calls the data API
	RoleSecurityAdmin     Role = "security_admin"     // masking and classification policy
	RoleAuditAdmin        Role = "audit_admin"        // reads and verifies the audit log only
)

// AllRoles lists every role in display order.
var AllRoles = []Role{RolePlatformOperator, RoleDepartmentAdmin, RoleDataSteward, RoleApprover,
	RoleConsumerDeveloper, RoleSecurityAdmin, RoleAuditAdmin}

// duty is the separated administration duty a role belongs to under three-role separation
// (GB/T 22239-2019): system, security or audit administration. Other roles have no duty.
func duty(r Role) string {
	switch r {
	case RolePlatformOperator, RoleDepartmentAdmin:
		return "system"
	case RoleSecurityAdmin:
		return "security"
	case RoleAuditAdmin:
		return "audit"
	}
	return ""
}

// ParseRole validates a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !slices.Contains(AllRoles, r) {
		return "", apierr.New("invalid_parameter", "param", "roles", "detail", fmt.Sprintf("unknown role %q", s))
	}
	return r, nil
}

// CheckSeparation rejects a role set that gives one account two separated administration duties.
// The audit administrator may hold no other role at all, so that it can read but never change data
// or configuration.
func CheckSeparation(roles []Role) error {
	seen := map[string]Role{}
	for _, r := range roles {
		d := duty(r)
		if d == "" {
			continue
		}
		for od, other := range seen {
			if od != d {
				return apierr.New("role_separation", "role", string(other), "other", string(r))
			}
		}
		seen[d] = r
	}
	if slices.Contains(roles, RoleAuditAdmin) {
		for _, r := range roles {
			if r != RoleAuditAdmin {
				return apierr.New("role_separation", "role", string(RoleAuditAdmin), "other", string(r))
			}
		}
	}
	return nil
}
