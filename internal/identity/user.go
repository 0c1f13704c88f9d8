package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// User is an account of a department.
type User struct {
	ID             int64  `json:"id"`
	Username       string `json:"username"`
	DisplayName    string `json:"display_name"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentCode string `json:"department_code"`
	Roles          []Role `json:"roles"`
	Disabled       bool   `json:"disabled"`
	CreatedAt      int64  `json:"created_at"`
}

// NewUser is the input for creating a user.
type NewUser struct {
	Username       string   `json:"username"`
	DisplayName    string   `json:"display_name"`
	DepartmentCode string   `json:"department_code"`
	Password       string   `json:"password"`
	Roles          []string `json:"roles"`
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// CreateUser validates and stores a user with its roles. The role set must respect three-role
// separation.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (*User, error) {
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	if !usernamePattern.MatchString(n.Username) {
		return nil, apierr.New("invalid_parameter", "param", "username", "detail", "use 3 to 64 lowercase letters, digits, '.', '_' or '-'")
	}
	roles, err := parseRoles(n.Roles)
	if err != nil {
		return nil, err
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	dept, err := s.DepartmentByCode(ctx, n.DepartmentCode)
	if err != nil {
		return nil, err
	}
	if _, err := s.UserByName(ctx, n.Username); err == nil {
		return nil, apierr.New("already_exists", "kind", "user", "value", n.Username)
	}

	var id int64
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO users (username, display_name, department_id, password_hash, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, n.Username, n.DisplayName, dept.ID, hash, store.Now()).Scan(&id)
		if err != nil {
			return fmt.Errorf("identity: insert user %s: %w", n.Username, err)
		}
		return insertRoles(ctx, tx, id, roles)
	})
	if err != nil {
		return nil, err
	}
	return s.UserByID(ctx, id)
}

func parseRoles(names []string) ([]Role, error) {
	if len(names) == 0 {
		return nil, apierr.New("missing_parameter", "param", "roles")
	}
	var roles []Role
	for _, name := range names {
		r, err := ParseRole(name)
		if err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	if err := CheckSeparation(roles); err != nil {
		return nil, err
	}
	return roles, nil
}

func insertRoles(ctx context.Context, tx *store.Tx, userID int64, roles []Role) error {
	for _, r := range roles {
		if _, err := tx.Exec(ctx, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", userID, string(r)); err != nil {
			return fmt.Errorf("identity: insert role %s for user %d: %w", r, userID, err)
		}
	}
	return nil
}

// SetRoles replaces a user's roles, refusing sets that break three-role separation.
func (s *Service) SetRoles(ctx context.Context, userID int64, names []string) (*User, error) {
	roles, err := parseRoles(names)
	if err != nil {
		return nil, err
	}
	if _, err := s.UserByID(ctx, userID); err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM user_roles WHERE user_id = ?", userID); err != nil {
			return fmt.Errorf("identity: clear roles of user %d: %w", userID, err)
		}
		return insertRoles(ctx, tx, userID, roles)
	})
	if err != nil {
		return nil, err
	}
	return s.UserByID(ctx, userID)
}

const userColumns = `u.id, u.username, u.display_name, u.department_id, d.code, u.disabled, u.created_at`

func (s *Service) scanUser(ctx context.Context, row *sql.Row, key string) (*User, error) {
	var u User
	var disabled int
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.DepartmentID, &u.DepartmentCode, &disabled, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apierr.New("not_found", "kind", "user", "value", key)
	}
	if err != nil {
		return nil, fmt.Errorf("identity: get user %s: %w", key, err)
	}
	u.Disabled = disabled != 0
	u.Roles, err = s.rolesOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// UserByID looks a user up by id.
func (s *Service) UserByID(ctx context.Context, id int64) (*User, error) {
	return s.scanUser(ctx, s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users u
		JOIN departments d ON d.id = u.department_id WHERE u.id = ?`, id), fmt.Sprint(id))
}

// UserByName looks a user up by user name.
func (s *Service) UserByName(ctx context.Context, username string) (*User, error) {
	return s.scanUser(ctx, s.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users u
		JOIN departments d ON d.id = u.department_id WHERE u.username = ?`, strings.ToLower(username)), username)
}

// ListUsers returns the users of a department, or of all departments when deptID is 0.
func (s *Service) ListUsers(ctx context.Context, deptID int64) ([]User, error) {
	q := `SELECT u.id FROM users u`
	var args []any
	if deptID != 0 {
		q += ` WHERE u.department_id = ?`
		args = append(args, deptID)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY u.username`, args...)
	if err != nil {
		return nil, fmt.Errorf("identity: list users: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("identity: scan user id: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()

	out := make([]User, 0, len(ids))
	for _, id := range ids {
		u, err := s.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, nil
}

// SetDisabled disables or re-enables a user; a disabled user cannot log in or use tokens.
func (s *Service) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	v := 0
	if disabled {
		v = 1
	}
	res, err := s.db.Exec(ctx, "UPDATE users SET disabled = ? WHERE id = ?", v, userID)
	if err != nil {
		return fmt.Errorf("identity: disable user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apierr.New("not_found", "kind", "user", "value", fmt.Sprint(userID))
	}
	return nil
}

func (s *Service) rolesOf(ctx context.Context, userID int64) ([]Role, error) {
	rows, err := s.db.Query(ctx, "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", userID)
	if err != nil {
		return nil, fmt.Errorf("identity: read roles of user %d: %w", userID, err)
	}
	defer rows.Close()
	var roles []Role
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("identity: scan role: %w", err)
		}
		roles = append(roles, Role(r))
	}
	return roles, rows.Err()
}

// principalOf builds the principal of an enabled user.
func (s *Service) principalOf(ctx context.Context, userID int64, method string) (*Principal, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, errDisabled
	}
	return &Principal{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		DepartmentID: u.DepartmentID, DepartmentCode: u.DepartmentCode, Roles: u.Roles, AuthMethod: method}, nil
}

var errDisabled = errors.New("identity: user is disabled")

// PrincipalOf returns the principal of an enabled user for work done on the user's behalf outside
// an HTTP request, such as loading the demo data. The method names how the user was identified.
func (s *Service) PrincipalOf(ctx context.Context, userID int64, method string) (*Principal, error) {
	return s.principalOf(ctx, userID, method)
}
