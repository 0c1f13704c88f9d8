package catalog

import (
	"context"
	"fmt"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/identity"
	"govshare/internal/store"
)

// Revision is one recorded metadata version or lifecycle step.
type Revision struct {
	MetaVersion int      `json:"meta_version"`
	Status      string   `json:"status"`
	Action      string   `json:"action"`
	Note        string   `json:"note,omitempty"`
	ChangedBy   string   `json:"changed_by"`
	ChangedAt   int64    `json:"changed_at"`
	Metadata    Metadata `json:"metadata"`
}

// Submit sends a draft for review by the platform operator.
func (s *Service) Submit(ctx context.Context, p *identity.Principal, code string) (*Resource, error) {
	r, err := s.owned(ctx, p, code)
	if err != nil {
		return nil, err
	}
	return s.transition(ctx, p, r, StatusDraft, StatusSubmitted, "submit", "")
}

// Approve publishes a submitted resource, with an optional note.
func (s *Service) Approve(ctx context.Context, p *identity.Principal, code, note string) (*Resource, error) {
	if !p.Has(identity.RolePlatformOperator) {
		return nil, apierr.New("forbidden", "role", string(identity.RolePlatformOperator))
	}
	r, err := s.Lookup(ctx, code)
	if err != nil {
		return nil, err
	}
	if r.Status == StatusSubmitted {
		if err := s.checkBoundary(ctx, r, r.Metadata.OpenType, r.Metadata.SharingType, nil); err != nil {
			return nil, err
		}
	}
	return s.transition(ctx, p, r, StatusSubmitted, StatusPublished, "approve", strings.TrimSpace(note))
}

// Return sends a submitted resource back to draft; the reason is required.
func (s *Service) Return(ctx context.Context, p *identity.Principal, code, reason string) (*Resource, error) {
	if !p.Has(identity.RolePlatformOperator) {
		return nil, apierr.New("forbidden", "role", string(identity.RolePlatformOperator))
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apierr.New("missing_parameter", "param", "reason")
	}
	r, err := s.Lookup(ctx, code)
	if err != nil {
		return nil, err
	}
	return s.transition(ctx, p, r, StatusSubmitted, StatusDraft, "return", reason)
}

// Withdraw removes a published resource from the catalog; its steward or the platform operator
// may do so, with a reason. Grants on it stop working because the data API serves only published
// resources.
func (s *Service) Withdraw(ctx context.Context, p *identity.Principal, code, reason string) (*Resource, error) {
	r, err := s.Lookup(ctx, code)
	if err != nil {
		return nil, err
	}
	ownSteward := p.Has(identity.RoleDataSteward) && p.DepartmentID == r.DepartmentID
	if !ownSteward && !p.Has(identity.RolePlatformOperator) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleDataSteward))
	}
	return s.transition(ctx, p, r, StatusPublished, StatusWithdrawn, "withdraw", strings.TrimSpace(reason))
}

func (s *Service) transition(ctx context.Context, p *identity.Principal, r *Resource, from, to, action, note string) (*Resource, error) {
	if r.Status != from {
		return nil, apierr.New("invalid_state", "kind", "resource", "value", r.Code, "state", r.Status, "expected", from)
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		now := store.Now()
		q := "UPDATE resources SET status = ?, updated_at = ? WHERE id = ? AND status = ?"
		args := []any{to, now, r.ID, from}
		if to == StatusPublished {
			q = "UPDATE resources SET status = ?, updated_at = ?, published_at = ? WHERE id = ? AND status = ?"
			args = []any{to, now, now, r.ID, from}
		}
		res, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("catalog: %s resource %s: %w", action, r.Code, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apierr.New("invalid_state", "kind", "resource", "value", r.Code, "state", "changed by someone else", "expected", from)
		}
		var meta string
		if err := tx.QueryRow(ctx, "SELECT metadata FROM resources WHERE id = ?", r.ID).Scan(&meta); err != nil {
			return fmt.Errorf("catalog: read metadata of %s: %w", r.Code, err)
		}
		// Lifecycle steps are recorded under the current metadata version with their own action.
		_, err = tx.Exec(ctx, `INSERT INTO resource_revisions (resource_id, meta_version, status, action, note, metadata, changed_by, changed_at)
			SELECT ?, COALESCE(MAX(meta_version), 0) + 1, ?, ?, ?, ?, ?, ? FROM resource_revisions WHERE resource_id = ?`,
			r.ID, to, action, note, meta, p.UserID, now, r.ID)
		if err != nil {
			return fmt.Errorf("catalog: record %s of %s: %w", action, r.Code, err)
		}
		_, err = tx.Exec(ctx, "UPDATE resources SET meta_version = (SELECT MAX(meta_version) FROM resource_revisions WHERE resource_id = ?) WHERE id = ?", r.ID, r.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Lookup(ctx, r.Code)
}

// History returns every recorded version of a resource's metadata and lifecycle, oldest first.
func (s *Service) History(ctx context.Context, p *identity.Principal, code string) ([]Revision, error) {
	r, err := s.Get(ctx, p, code)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT v.meta_version, v.status, v.action, v.note, u.username, v.changed_at, v.metadata
		FROM resource_revisions v JOIN users u ON u.id = v.changed_by WHERE v.resource_id = ? ORDER BY v.meta_version`, r.ID)
	if err != nil {
		return nil, fmt.Errorf("catalog: read history of %s: %w", code, err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		var v Revision
		var meta string
		if err := rows.Scan(&v.MetaVersion, &v.Status, &v.Action, &v.Note, &v.ChangedBy, &v.ChangedAt, &meta); err != nil {
			return nil, fmt.Errorf("catalog: scan revision: %w", err)
		}
		if err := decodeMetadata(meta, &v.Metadata); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
