// Package dataset stores the loaded data of catalog resources. Each load is a dataset version: an
// immutable table written in full before it becomes current in one metadata transaction, so a
// failed or interrupted load never changes what consumers read. It also runs the controlled
// queries and exports of the data API over those tables.
package dataset

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// Version statuses.
const (
	StatusLoading = "loading"
	StatusReady   = "ready"
	StatusFailed  = "failed"
)

// Column is a stored column of a version: the queryable field name, the original header label,
// the Table Schema type and the generated storage column name.
type Column struct {
	Name        string         `json:"name"`
	Label       string         `json:"label"`
	Type        string         `json:"type"`
	Format      string         `json:"format,omitempty"`
	DataElement string         `json:"data_element,omitempty"`
	Storage     string         `json:"-"`
	Profile     map[string]any `json:"profile,omitempty"`
}

type storedColumn struct {
	Column
	StorageName string `json:"storage"`
}

// Version is one load of a resource's data.
type Version struct {
	ID         int64           `json:"-"`
	ResourceID int64           `json:"-"`
	Version    int             `json:"version"`
	Status     string          `json:"status"`
	Table      string          `json:"-"`
	FileName   string          `json:"file_name"`
	Rows       int64           `json:"rows"`
	Columns    []Column        `json:"columns"`
	Report     json.RawMessage `json:"report,omitempty"`
	Error      string          `json:"error,omitempty"`
	CreatedAt  int64           `json:"created_at"`
	FinishedAt *int64          `json:"finished_at,omitempty"`
}

// Column returns the column with the given field name.
func (v *Version) Column(name string) (*Column, bool) {
	for i := range v.Columns {
		if v.Columns[i].Name == name {
			return &v.Columns[i], true
		}
	}
	return nil, false
}

func encodeColumns(cols []Column) (string, error) {
	stored := make([]storedColumn, len(cols))
	for i, c := range cols {
		stored[i] = storedColumn{Column: c, StorageName: c.Storage}
	}
	b, err := json.Marshal(stored)
	return string(b), err
}

func decodeColumns(s string) ([]Column, error) {
	var stored []storedColumn
	if err := json.Unmarshal([]byte(s), &stored); err != nil {
		return nil, err
	}
	cols := make([]Column, len(stored))
	for i, sc := range stored {
		cols[i] = sc.Column
		cols[i].Storage = sc.StorageName
	}
	return cols, nil
}

const versionColumns = `id, resource_id, version, status, table_name, file_name, row_count, columns, report, error, created_at, finished_at`

// rawVersion is a scanned version row whose JSON columns are not decoded yet.
type rawVersion struct {
	v      Version
	cols   string
	report string
}

func scanRaw(row interface{ Scan(...any) error }) (*rawVersion, error) {
	var r rawVersion
	var finished sql.NullInt64
	if err := row.Scan(&r.v.ID, &r.v.ResourceID, &r.v.Version, &r.v.Status, &r.v.Table, &r.v.FileName, &r.v.Rows,
		&r.cols, &r.report, &r.v.Error, &r.v.CreatedAt, &finished); err != nil {
		return nil, err
	}
	if finished.Valid {
		r.v.FinishedAt = &finished.Int64
	}
	return &r, nil
}

func (r *rawVersion) decode() (*Version, error) {
	var err error
	if r.v.Columns, err = decodeColumns(r.cols); err != nil {
		return nil, fmt.Errorf("dataset: decode columns of version %d: %w", r.v.Version, err)
	}
	if r.report != "" && r.report != "{}" {
		r.v.Report = json.RawMessage(r.report)
	}
	return &r.v, nil
}

func scanVersion(row interface{ Scan(...any) error }) (*Version, error) {
	r, err := scanRaw(row)
	if err != nil {
		return nil, err
	}
	return r.decode()
}

// Get returns version n of a resource; n = 0 means the current version.
func (s *Service) Get(ctx context.Context, resourceID int64, resourceCode string, n int) (*Version, error) {
	if n > 0 {
		// A ready version never changes, so a cached one needs no query.
		s.mu.RLock()
		v := s.byNumber[versionKey{resourceID, n}]
		s.mu.RUnlock()
		if v != nil {
			return v, nil
		}
	}
	q := `SELECT ` + versionColumns + ` FROM dataset_versions WHERE resource_id = ? AND version = ? AND status = 'ready'`
	args := []any{resourceID, n}
	if n == 0 {
		q = `SELECT ` + versionColumns + ` FROM dataset_versions WHERE resource_id = ? AND status = 'ready'
			AND version = (SELECT current_version FROM resources WHERE id = ?)`
		args = []any{resourceID, resourceID}
	}
	v, err := s.scanCached(s.db.QueryRow(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		if n == 0 {
			return nil, apierr.New("no_data", "value", resourceCode)
		}
		return nil, apierr.New("not_found", "kind", "dataset version", "value", fmt.Sprintf("%s@%d", resourceCode, n))
	}
	if err != nil {
		return nil, fmt.Errorf("dataset: get version %d of %s: %w", n, resourceCode, err)
	}
	return v, nil
}

// List returns every version of a resource, newest first, including failed loads.
func (s *Service) List(ctx context.Context, resourceID int64) ([]Version, error) {
	rows, err := s.db.Query(ctx, `SELECT `+versionColumns+` FROM dataset_versions WHERE resource_id = ? ORDER BY version DESC`, resourceID)
	if err != nil {
		return nil, fmt.Errorf("dataset: list versions of resource %d: %w", resourceID, err)
	}
	defer rows.Close()
	out := []Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// Service manages dataset versions.
type Service struct {
	db *store.DB

	// beforeCommit checks each loaded version before it becomes current; see SetBeforeCommit.
	beforeCommit func(ctx context.Context, code string, v *Version) error

	// ready caches ready versions by row id: a ready version never changes, and decoding its
	// columns on every query costs more than the lookup itself.
	mu       sync.RWMutex
	ready    map[int64]*Version
	byNumber map[versionKey]*Version
}

// versionKey identifies a version by resource and version number.
type versionKey struct {
	resourceID int64
	version    int
}

// NewService returns the dataset service on db.
func NewService(db *store.DB) *Service {
	return &Service{db: db, ready: map[int64]*Version{}, byNumber: map[versionKey]*Version{}}
}

// scanCached reads a ready version's id and returns the cached copy, decoding it only once. The
// returned version is shared and must not be changed; callers that change it copy it first.
func (s *Service) scanCached(row *sql.Row) (*Version, error) {
	r, err := scanRaw(row)
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	cached := s.ready[r.v.ID]
	s.mu.RUnlock()
	if cached != nil {
		return cached, nil
	}
	v, err := r.decode()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.ready[v.ID] = v
	if v.Status == StatusReady {
		s.byNumber[versionKey{v.ResourceID, v.Version}] = v
	}
	s.mu.Unlock()
	return v, nil
}
