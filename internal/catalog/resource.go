package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"govshare/internal/apierr"
	"govshare/internal/identity"
	"govshare/internal/store"
)

// Resource statuses: a draft is edited by its steward, submitted for review, published by the
// platform operator (or sent back to draft with a reason) and finally withdrawn.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
	StatusPublished = "published"
	StatusWithdrawn = "withdrawn"
)

// Resource is one catalog entry (政务信息资源).
type Resource struct {
	ID             int64    `json:"-"`
	Code           string   `json:"code"`
	DepartmentID   int64    `json:"-"`
	DepartmentCode string   `json:"department_code"`
	DepartmentName string   `json:"department_name"`
	Status         string   `json:"status"`
	MetaVersion    int      `json:"meta_version"`
	CurrentVersion int      `json:"current_version"`
	Metadata       Metadata `json:"metadata"`
	CreatedAt      int64    `json:"created_at"`
	UpdatedAt      int64    `json:"updated_at"`
	PublishedAt    *int64   `json:"published_at,omitempty"`
}

// Service is the catalog.
type Service struct {
	db       *store.DB
	boundary BoundaryCheck
}

// NewService returns the catalog on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// Create registers a new draft resource for the caller's department and gives it a resource code
// of the form <department code>-<6-digit sequence>, which is safe in URL paths.
func (s *Service) Create(ctx context.Context, p *identity.Principal, m Metadata) (*Resource, error) {
	if !p.Has(identity.RoleDataSteward) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleDataSteward))
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	meta, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("catalog: encode metadata: %w", err)
	}
	deptName, err := s.departmentName(ctx, p.DepartmentID)
	if err != nil {
		return nil, err
	}

	var code string
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		seq, err := nextSequence(ctx, tx, p.DepartmentID)
		if err != nil {
			return err
		}
		code = fmt.Sprintf("%s-%06d", p.DepartmentCode, seq)
		now := store.Now()
		var id int64
		err = tx.QueryRow(ctx, `INSERT INTO resources (code, department_id, name, status, sharing_type, open_type,
			classification, theme, format, security_level, search_text, metadata, meta_version, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id`,
			code, p.DepartmentID, m.Name, StatusDraft, m.SharingType, m.OpenType, m.Classification, m.Theme,
			m.Format, m.SecurityLevel, m.searchText(deptName), string(meta), p.UserID, now, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("catalog: insert resource %s: %w", code, err)
		}
		return addRevision(ctx, tx, id, 1, StatusDraft, "create", "", string(meta), p.UserID)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, code)
}

func nextSequence(ctx context.Context, tx *store.Tx, deptID int64) (int64, error) {
	var next int64
	err := tx.QueryRow(ctx, "SELECT next_value FROM resource_sequences WHERE department_id = ?", deptID).Scan(&next)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		next = 1
		_, err = tx.Exec(ctx, "INSERT INTO resource_sequences (department_id, next_value) VALUES (?, 2)", deptID)
	case err == nil:
		_, err = tx.Exec(ctx, "UPDATE resource_sequences SET next_value = ? WHERE department_id = ?", next+1, deptID)
	}
	if err != nil {
		return 0, fmt.Errorf("catalog: next resource number of department %d: %w", deptID, err)
	}
	return next, nil
}

func addRevision(ctx context.Context, tx *store.Tx, id int64, version int, status, action, note, meta string, by int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO resource_revisions (resource_id, meta_version, status, action, note, metadata, changed_by, changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, version, status, action, note, meta, by, store.Now())
	if err != nil {
		return fmt.Errorf("catalog: record revision %d of resource %d: %w", version, id, err)
	}
	return nil
}

func (s *Service) departmentName(ctx context.Context, deptID int64) (string, error) {
	var zh, en string
	if err := s.db.QueryRow(ctx, "SELECT name_zh, name_en FROM departments WHERE id = ?", deptID).Scan(&zh, &en); err != nil {
		return "", fmt.Errorf("catalog: read department %d: %w", deptID, err)
	}
	return zh + " " + en, nil
}

const resourceColumns = `r.id, r.code, r.department_id, d.code, d.name_zh, r.status, r.meta_version,
	r.current_version, r.metadata, r.created_at, r.updated_at, r.published_at`

func scanResource(row interface{ Scan(...any) error }) (*Resource, error) {
	var r Resource
	var meta string
	var published sql.NullInt64
	err := row.Scan(&r.ID, &r.Code, &r.DepartmentID, &r.DepartmentCode, &r.DepartmentName, &r.Status,
		&r.MetaVersion, &r.CurrentVersion, &meta, &r.CreatedAt, &r.UpdatedAt, &published)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(meta), &r.Metadata); err != nil {
		return nil, fmt.Errorf("catalog: decode metadata of %s: %w", r.Code, err)
	}
	if published.Valid {
		r.PublishedAt = &published.Int64
	}
	return &r, nil
}

// Lookup returns a resource by code without a visibility check, for internal callers.
func (s *Service) Lookup(ctx context.Context, code string) (*Resource, error) {
	r, err := scanResource(s.db.QueryRow(ctx, `SELECT `+resourceColumns+` FROM resources r
		JOIN departments d ON d.id = r.department_id WHERE r.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apierr.New("not_found", "kind", "resource", "value", code)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: get resource %s: %w", code, err)
	}
	return r, nil
}

// Get returns a resource the caller may see. Published resources are visible to everyone signed
// in, and resources in other statuses only to the owning department and the platform operator.
func (s *Service) Get(ctx context.Context, p *identity.Principal, code string) (*Resource, error) {
	r, err := s.Lookup(ctx, code)
	if err != nil {
		return nil, err
	}
	if !canSee(p, r) {
		return nil, apierr.New("not_found", "kind", "resource", "value", code)
	}
	return r, nil
}

func canSee(p *identity.Principal, r *Resource) bool {
	return r.Status == StatusPublished || p.DepartmentID == r.DepartmentID || p.Has(identity.RolePlatformOperator)
}

// Update replaces the metadata of a resource owned by the caller's department and records a new
// metadata version. Sharing and open types cannot be changed while access grants rely on them
// unless the resource is withdrawn first.
func (s *Service) Update(ctx context.Context, p *identity.Principal, code string, m Metadata) (*Resource, error) {
	r, err := s.owned(ctx, p, code)
	if err != nil {
		return nil, err
	}
	if r.Status == StatusSubmitted {
		return nil, apierr.New("invalid_state", "kind", "resource", "value", code, "state", r.Status, "expected", "draft, published or withdrawn")
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if m.OpenType != r.Metadata.OpenType || m.SharingType != r.Metadata.SharingType {
		if err := s.checkBoundary(ctx, r, m.OpenType, m.SharingType, nil); err != nil {
			return nil, err
		}
	}
	meta, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("catalog: encode metadata: %w", err)
	}
	deptName, err := s.departmentName(ctx, r.DepartmentID)
	if err != nil {
		return nil, err
	}

	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		version := r.MetaVersion + 1
		res, err := tx.Exec(ctx, `UPDATE resources SET name = ?, sharing_type = ?, open_type = ?, classification = ?,
			theme = ?, format = ?, security_level = ?, search_text = ?, metadata = ?, meta_version = ?, updated_at = ?
			WHERE id = ? AND meta_version = ?`,
			m.Name, m.SharingType, m.OpenType, m.Classification, m.Theme, m.Format, m.SecurityLevel,
			m.searchText(deptName), string(meta), version, store.Now(), r.ID, r.MetaVersion)
		if err != nil {
			return fmt.Errorf("catalog: update resource %s: %w", code, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apierr.New("invalid_state", "kind", "resource", "value", code, "state", "changed by someone else", "expected", "unchanged since it was read")
		}
		return addRevision(ctx, tx, r.ID, version, r.Status, "update", "", string(meta), p.UserID)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, code)
}

// owned returns the resource if the caller is a data steward of its department.
func (s *Service) owned(ctx context.Context, p *identity.Principal, code string) (*Resource, error) {
	if !p.Has(identity.RoleDataSteward) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleDataSteward))
	}
	r, err := s.Get(ctx, p, code)
	if err != nil {
		return nil, err
	}
	if r.DepartmentID != p.DepartmentID {
		return nil, apierr.New("not_own_department")
	}
	return r, nil
}

// Owned returns the resource if the caller is a data steward of its department.
func (s *Service) Owned(ctx context.Context, p *identity.Principal, code string) (*Resource, error) {
	return s.owned(ctx, p, code)
}

// SetItems replaces the information items with the columns of a newly loaded dataset version when
// the steward declared none, so that the catalog always lists the fields consumers can request.
func (s *Service) SetItemsIfEmpty(ctx context.Context, p *identity.Principal, code string, items []Item) error {
	r, err := s.Lookup(ctx, code)
	if err != nil {
		return err
	}
	if len(r.Metadata.Items) > 0 {
		return nil
	}
	m := r.Metadata
	m.Items = items
	meta, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("catalog: encode metadata: %w", err)
	}
	deptName, err := s.departmentName(ctx, r.DepartmentID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		version := r.MetaVersion + 1
		_, err := tx.Exec(ctx, `UPDATE resources SET metadata = ?, search_text = ?, meta_version = ?, updated_at = ? WHERE id = ?`,
			string(meta), m.searchText(deptName), version, store.Now(), r.ID)
		if err != nil {
			return fmt.Errorf("catalog: set items of %s: %w", code, err)
		}
		return addRevision(ctx, tx, r.ID, version, r.Status, "items_from_data", "", string(meta), p.UserID)
	})
}
