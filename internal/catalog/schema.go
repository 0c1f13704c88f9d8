package catalog

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"govshare/internal/apierr"
	"govshare/internal/identity"
	"govshare/internal/ingest"
	"govshare/internal/store"
)

// SetSchema declares the Frictionless Table Schema that every later load of the caller's resource
// applies: field types and formats, missing values, primary key and data element bindings.
func (s *Service) SetSchema(ctx context.Context, p *identity.Principal, code string, body []byte) (*ingest.Schema, error) {
	r, err := s.owned(ctx, p, code)
	if err != nil {
		return nil, err
	}
	schema, err := ingest.ParseSchema(body)
	if err != nil {
		var problem *ingest.Problem
		if errors.As(err, &problem) {
			return nil, apierr.New("invalid_parameter", "param", "schema", "detail", problem.Message("en"))
		}
		return nil, apierr.New("invalid_parameter", "param", "schema", "detail", "the body is not a Frictionless Table Schema")
	}
	canonical, err := json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("catalog: encode schema: %w", err)
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM resource_schemas WHERE resource_id = ?", r.ID); err != nil {
			return fmt.Errorf("catalog: replace schema of %s: %w", code, err)
		}
		_, err := tx.Exec(ctx, "INSERT INTO resource_schemas (resource_id, body, set_by, set_at) VALUES (?, ?, ?, ?)",
			r.ID, string(canonical), p.UserID, store.Now())
		if err != nil {
			return fmt.Errorf("catalog: set schema of %s: %w", code, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return schema, nil
}

// DeleteSchema removes the declared schema; later loads infer everything again.
func (s *Service) DeleteSchema(ctx context.Context, p *identity.Principal, code string) error {
	r, err := s.owned(ctx, p, code)
	if err != nil {
		return err
	}
	res, err := s.db.Exec(ctx, "DELETE FROM resource_schemas WHERE resource_id = ?", r.ID)
	if err != nil {
		return fmt.Errorf("catalog: delete schema of %s: %w", code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apierr.New("not_found", "kind", "schema", "value", code)
	}
	return nil
}

// DeclaredSchema returns the resource's declared schema, or nil when it has none.
func (s *Service) DeclaredSchema(ctx context.Context, resourceID int64) (*ingest.Schema, error) {
	var body string
	err := s.db.QueryRow(ctx, "SELECT body FROM resource_schemas WHERE resource_id = ?", resourceID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: read schema of resource %d: %w", resourceID, err)
	}
	schema, err := ingest.ParseSchema([]byte(body))
	if err != nil {
		return nil, fmt.Errorf("catalog: stored schema of resource %d: %w", resourceID, err)
	}
	return schema, nil
}
