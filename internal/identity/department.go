package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/idcheck"
	"govshare/internal/store"
)

// Department is an organization on the platform.
type Department struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	NameZH     string `json:"name_zh"`
	NameEN     string `json:"name_en"`
	ParentID   *int64 `json:"parent_id,omitempty"`
	ParentCode string `json:"parent_code,omitempty"`
	RegionCode string `json:"region_code"`
	CreatedAt  int64  `json:"created_at"`
}

// NewDepartment is the input for creating a department.
type NewDepartment struct {
	Code       string `json:"code"`
	NameZH     string `json:"name_zh"`
	NameEN     string `json:"name_en"`
	ParentCode string `json:"parent_code"`
	RegionCode string `json:"region_code"`
}

var (
	deptCodePattern   = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_-]{1,31}$`)
	regionCodePattern = regexp.MustCompile(`^[0-9]{6}$|^[0-9]{9}$|^[0-9]{12}$`)
)

// Validate checks a department's fields. An 18-character code is a unified social credit code and
// must carry valid check characters.
func (n *NewDepartment) Validate() error {
	n.Code = strings.TrimSpace(n.Code)
	n.NameZH = strings.TrimSpace(n.NameZH)
	n.NameEN = strings.TrimSpace(n.NameEN)
	switch {
	case n.Code == "":
		return apierr.New("missing_parameter", "param", "code")
	case !deptCodePattern.MatchString(n.Code):
		return apierr.New("invalid_parameter", "param", "code", "detail", "use 2 to 32 letters, digits, '-' or '_'")
	case len(n.Code) == 18:
		if err := idcheck.CheckUSCC(n.Code); err != nil {
			return apierr.New("invalid_department_code", "value", n.Code, "detail", err.Error())
		}
		n.Code = strings.ToUpper(n.Code)
	}
	if n.NameZH == "" {
		return apierr.New("missing_parameter", "param", "name_zh")
	}
	if n.RegionCode != "" && !regionCodePattern.MatchString(n.RegionCode) {
		return apierr.New("invalid_parameter", "param", "region_code", "detail", "use a 6-, 9- or 12-digit administrative division code")
	}
	return nil
}

// CreateDepartment validates and stores a department.
func (s *Service) CreateDepartment(ctx context.Context, n NewDepartment) (*Department, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	var parentID *int64
	if n.ParentCode != "" {
		p, err := s.DepartmentByCode(ctx, n.ParentCode)
		if err != nil {
			return nil, err
		}
		parentID = &p.ID
	}
	if _, err := s.DepartmentByCode(ctx, n.Code); err == nil {
		return nil, apierr.New("already_exists", "kind", "department", "value", n.Code)
	}

	now := store.Now()
	var id int64
	err := s.db.WriteQueryRow(ctx, `INSERT INTO departments (code, name_zh, name_en, parent_id, region_code, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, n.Code, n.NameZH, n.NameEN, parentID, n.RegionCode, now).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("identity: insert department %s: %w", n.Code, err)
	}
	return s.DepartmentByID(ctx, id)
}

const deptColumns = `d.id, d.code, d.name_zh, d.name_en, d.parent_id, COALESCE(p.code, ''), d.region_code, d.created_at`

func scanDepartment(row interface{ Scan(...any) error }) (*Department, error) {
	var d Department
	var parent sql.NullInt64
	if err := row.Scan(&d.ID, &d.Code, &d.NameZH, &d.NameEN, &parent, &d.ParentCode, &d.RegionCode, &d.CreatedAt); err != nil {
		return nil, err
	}
	if parent.Valid {
		d.ParentID = &parent.Int64
	}
	return &d, nil
}

// DepartmentByCode looks a department up by its code.
func (s *Service) DepartmentByCode(ctx context.Context, code string) (*Department, error) {
	d, err := scanDepartment(s.db.QueryRow(ctx, `SELECT `+deptColumns+` FROM departments d
		LEFT JOIN departments p ON p.id = d.parent_id WHERE d.code = ?`, strings.ToUpper(code)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apierr.New("not_found", "kind", "department", "value", code)
	}
	if err != nil {
		return nil, fmt.Errorf("identity: get department %s: %w", code, err)
	}
	return d, nil
}

// DepartmentByID looks a department up by its id.
func (s *Service) DepartmentByID(ctx context.Context, id int64) (*Department, error) {
	d, err := scanDepartment(s.db.QueryRow(ctx, `SELECT `+deptColumns+` FROM departments d
		LEFT JOIN departments p ON p.id = d.parent_id WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apierr.New("not_found", "kind", "department", "value", fmt.Sprint(id))
	}
	if err != nil {
		return nil, fmt.Errorf("identity: get department %d: %w", id, err)
	}
	return d, nil
}

// ListDepartments returns every department ordered by code.
func (s *Service) ListDepartments(ctx context.Context) ([]Department, error) {
	rows, err := s.db.Query(ctx, `SELECT `+deptColumns+` FROM departments d
		LEFT JOIN departments p ON p.id = d.parent_id ORDER BY d.code`)
	if err != nil {
		return nil, fmt.Errorf("identity: list departments: %w", err)
	}
	defer rows.Close()
	var out []Department
	for rows.Next() {
		d, err := scanDepartment(rows)
		if err != nil {
			return nil, fmt.Errorf("identity: scan department: %w", err)
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}
