package catalog

import (
	"context"
	"encoding/json"
	"fmt"

	"govshare/internal/apierr"
	"govshare/internal/identity"
	"govshare/internal/masking"
	"govshare/internal/store"
)

// SetColumnMask marks a field of the caller's resource as sensitive: every consumer without a
// clear grant for it gets its values through op.
func (s *Service) SetColumnMask(ctx context.Context, p *identity.Principal, code, field string, op masking.Operator) error {
	r, err := s.owned(ctx, p, code)
	if err != nil {
		return err
	}
	if !r.hasItem(field) {
		return apierr.New("unknown_field", "field", field, "value", code)
	}
	if err := op.Validate(); err != nil {
		return apierr.New("invalid_parameter", "param", "mask", "detail", err.Error())
	}
	if !op.Masks() {
		return apierr.New("invalid_parameter", "param", "mask", "detail", "use DELETE to remove a mask; 'clear' is not a mask")
	}
	body, err := json.Marshal(op)
	if err != nil {
		return fmt.Errorf("catalog: encode mask: %w", err)
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM column_masks WHERE resource_id = ? AND field = ?", r.ID, field); err != nil {
			return fmt.Errorf("catalog: replace mask of %s.%s: %w", code, field, err)
		}
		_, err := tx.Exec(ctx, "INSERT INTO column_masks (resource_id, field, operator, set_by, set_at) VALUES (?, ?, ?, ?, ?)",
			r.ID, field, string(body), p.UserID, store.Now())
		if err != nil {
			return fmt.Errorf("catalog: set mask of %s.%s: %w", code, field, err)
		}
		return nil
	})
}

// DeleteColumnMask removes the mask of a field.
func (s *Service) DeleteColumnMask(ctx context.Context, p *identity.Principal, code, field string) error {
	r, err := s.owned(ctx, p, code)
	if err != nil {
		return err
	}
	if r.Status == StatusPublished {
		masks, err := s.ColumnMasks(ctx, r.ID)
		if err != nil {
			return err
		}
		delete(masks, field)
		if err := s.checkBoundary(ctx, r, r.Metadata.OpenType, r.Metadata.SharingType, masks); err != nil {
			return err
		}
	}
	res, err := s.db.Exec(ctx, "DELETE FROM column_masks WHERE resource_id = ? AND field = ?", r.ID, field)
	if err != nil {
		return fmt.Errorf("catalog: delete mask of %s.%s: %w", code, field, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apierr.New("not_found", "kind", "column mask", "value", field)
	}
	return nil
}

// ColumnMasks returns the masks set on a resource's fields.
func (s *Service) ColumnMasks(ctx context.Context, resourceID int64) (map[string]masking.Operator, error) {
	rows, err := s.db.Query(ctx, "SELECT field, operator FROM column_masks WHERE resource_id = ?", resourceID)
	if err != nil {
		return nil, fmt.Errorf("catalog: read masks of resource %d: %w", resourceID, err)
	}
	defer rows.Close()
	out := map[string]masking.Operator{}
	for rows.Next() {
		var field, body string
		if err := rows.Scan(&field, &body); err != nil {
			return nil, fmt.Errorf("catalog: scan mask: %w", err)
		}
		var op masking.Operator
		if err := json.Unmarshal([]byte(body), &op); err != nil {
			return nil, fmt.Errorf("catalog: decode mask of %s: %w", field, err)
		}
		out[field] = op
	}
	return out, rows.Err()
}

func (r *Resource) hasItem(field string) bool {
	for _, it := range r.Metadata.Items {
		if it.Name == field {
			return true
		}
	}
	return false
}

// FieldNames returns the names of the resource's information items.
func (r *Resource) FieldNames() []string {
	out := make([]string, len(r.Metadata.Items))
	for i, it := range r.Metadata.Items {
		out[i] = it.Name
	}
	return out
}
