package httpapi

import (
	"net/http"
	"slices"

	"govshare/internal/apierr"
	"govshare/internal/identity"
)

func requireRole(p *identity.Principal, roles ...identity.Role) error {
	for _, r := range roles {
		if p.Has(r) {
			return nil
		}
	}
	return apierr.New("forbidden", "role", string(roles[0]))
}

func (s *Server) createDepartment(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	if err := requireRole(p, identity.RolePlatformOperator); err != nil {
		return nil, err
	}
	var in identity.NewDepartment
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	auditOf(r).resource = in.Code
	d, err := s.identity.CreateDepartment(r.Context(), in)
	if err != nil {
		return nil, err
	}
	return created{d}, nil
}

func (s *Server) listDepartments(_ http.ResponseWriter, r *http.Request, _ *identity.Principal) (any, error) {
	return s.identity.ListDepartments(r.Context())
}

func (s *Server) getDepartment(_ http.ResponseWriter, r *http.Request, _ *identity.Principal) (any, error) {
	return s.identity.DepartmentByCode(r.Context(), r.PathValue("code"))
}

// departmentRoles are the roles a department administrator may give within its department; the
// administration roles are given by the platform operator only.
var departmentRoles = []identity.Role{identity.RoleDataSteward, identity.RoleApprover, identity.RoleConsumerDeveloper}

// checkUserAdmin allows the platform operator everything and a department administrator the
// users of its own department with the department roles.
func checkUserAdmin(p *identity.Principal, deptCode string, roles []string) error {
	if p.Has(identity.RolePlatformOperator) {
		return nil
	}
	if !p.Has(identity.RoleDepartmentAdmin) {
		return apierr.New("forbidden", "role", string(identity.RoleDepartmentAdmin))
	}
	if deptCode != p.DepartmentCode {
		return apierr.New("not_own_department")
	}
	for _, r := range roles {
		if !slices.Contains(departmentRoles, identity.Role(r)) {
			return apierr.New("forbidden", "role", string(identity.RolePlatformOperator))
		}
	}
	return nil
}

func (s *Server) createUser(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var in identity.NewUser
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.resource = in.Username
	ac.detail = map[string]any{"department": in.DepartmentCode, "roles": in.Roles}
	if err := checkUserAdmin(p, in.DepartmentCode, in.Roles); err != nil {
		return nil, err
	}
	u, err := s.identity.CreateUser(r.Context(), in)
	if err != nil {
		return nil, err
	}
	return created{u}, nil
}

func (s *Server) listUsers(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	if p.Has(identity.RolePlatformOperator) {
		return s.identity.ListUsers(r.Context(), 0)
	}
	if err := requireRole(p, identity.RoleDepartmentAdmin); err != nil {
		return nil, err
	}
	return s.identity.ListUsers(r.Context(), p.DepartmentID)
}

type rolesInput struct {
	Roles []string `json:"roles"`
}

func (s *Server) setRoles(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var in rolesInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	u, err := s.identity.UserByName(r.Context(), r.PathValue("username"))
	if err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.resource = u.Username
	ac.detail = map[string]any{"roles": in.Roles, "previous": u.Roles}
	if err := checkUserAdmin(p, u.DepartmentCode, in.Roles); err != nil {
		return nil, err
	}
	return s.identity.SetRoles(r.Context(), u.ID, in.Roles)
}

func (s *Server) setDisabled(disabled bool) handlerFunc {
	return func(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
		u, err := s.identity.UserByName(r.Context(), r.PathValue("username"))
		if err != nil {
			return nil, err
		}
		auditOf(r).resource = u.Username
		if err := checkUserAdmin(p, u.DepartmentCode, nil); err != nil {
			return nil, err
		}
		if u.ID == p.UserID {
			return nil, apierr.New("invalid_parameter", "param", "username", "detail", "you cannot disable your own account")
		}
		if err := s.identity.SetDisabled(r.Context(), u.ID, disabled); err != nil {
			return nil, err
		}
		return s.identity.UserByID(r.Context(), u.ID)
	}
}

type calendarInput struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

func (s *Server) setCalendarDay(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var in calendarInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	day := r.PathValue("day")
	auditOf(r).detail = map[string]string{"day": day, "kind": in.Kind}
	if err := s.grants.SetCalendarDay(r.Context(), p, day, in.Kind, in.Name); err != nil {
		return nil, err
	}
	return map[string]string{"day": day, "kind": in.Kind, "name": in.Name}, nil
}
