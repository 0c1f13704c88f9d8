package grant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/identity"
	"govshare/internal/masking"
	"govshare/internal/store"
	"govshare/internal/workday"
)

// Access is the set of permissions of one data call, derived from the caller's live grant.
type Access struct {
	// GrantID is the grant checked; 0 when the caller is a data steward of the provider
	// department reading its own data.
	GrantID int64
	// Fields are the granted fields; empty means every field (the provider's own access).
	Fields []string
	// RowFilter is always applied.
	RowFilter []Condition
	// Masks gives the operator of every field that is masked for this caller.
	Masks   map[string]masking.Operator
	Purpose string

	QuotaRequests int64
	QuotaRows     int64
	// RowsLeft is the number of rows the caller may still read today, set by ConsumeRequest.
	RowsLeft int64
}

// Allows reports whether field is granted.
func (a *Access) Allows(field string) bool {
	return len(a.Fields) == 0 || slices.Contains(a.Fields, field)
}

// Masked reports whether field comes back masked, so that it may not be filtered or sorted on.
func (a *Access) Masked(field string) bool {
	op, ok := a.Masks[field]
	return ok && op.Masks()
}

// Authorize finds the caller's live grant for a resource and turns it into an Access. columnMasks
// are the masks a data steward set on columns. infoTypes returns the fields' information types; it
// is called only when the grant's masking profile maps types, because reading them costs a query.
func (s *Service) Authorize(ctx context.Context, p *identity.Principal, res *catalog.Resource,
	columnMasks map[string]masking.Operator, infoTypes func() (map[string]string, error)) (*Access, error) {
	if p.DepartmentID == res.DepartmentID && p.Has(identity.RoleDataSteward) {
		return &Access{Purpose: "provider's own data", Masks: map[string]masking.Operator{}}, nil
	}
	if !p.Has(identity.RoleConsumerDeveloper) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleConsumerDeveloper))
	}
	if res.Status != catalog.StatusPublished {
		return nil, apierr.New("invalid_state", "kind", "resource", "value", res.Code, "state", res.Status, "expected", catalog.StatusPublished)
	}

	g, err := s.liveGrant(ctx, p.DepartmentID, res)
	if err != nil {
		return nil, err
	}

	a := &Access{GrantID: g.ID, Fields: g.Fields, RowFilter: g.RowFilter, Purpose: g.Purpose,
		QuotaRequests: g.QuotaRequests, QuotaRows: g.QuotaRows, Masks: map[string]masking.Operator{}}
	types := map[string]string{}
	if g.Masking != nil && len(g.Masking.Types) > 0 {
		if types, err = infoTypes(); err != nil {
			return nil, err
		}
	}
	for _, f := range g.Fields {
		// The grant's own profile decides first, then the approver's clear grant, then the
		// steward's column mask.
		if g.Masking != nil {
			if op, ok := g.Masking.For(f, types[f]); ok {
				a.Masks[f] = op
				continue
			}
		}
		if slices.Contains(g.ClearFields, f) {
			continue
		}
		if op, ok := columnMasks[f]; ok {
			a.Masks[f] = op
		}
	}
	return a, nil
}

// liveGrant returns the caller's active grant. Without one it returns the error for the reason:
// no grant at all, or the newest one revoked or expired.
func (s *Service) liveGrant(ctx context.Context, deptID int64, res *catalog.Resource) (*Grant, error) {
	rows, err := s.db.Query(ctx, "SELECT "+grantColumns+grantFrom+" WHERE g.consumer_department_id = ? AND g.resource_id = ? ORDER BY g.id DESC LIMIT 20",
		deptID, res.ID)
	if err != nil {
		return nil, fmt.Errorf("grant: find grant for %s: %w", res.Code, err)
	}
	defer rows.Close()
	var newest *Grant
	for rows.Next() {
		g, err := s.scanGrant(rows)
		if err != nil {
			return nil, err
		}
		if g.Status == "active" {
			return g, nil
		}
		if newest == nil {
			newest = g
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("grant: find grant for %s: %w", res.Code, err)
	}
	switch {
	case newest == nil:
		return nil, apierr.New("no_grant", "value", res.Code)
	case newest.Status == "revoked":
		return nil, apierr.New("grant_revoked", "value", res.Code)
	default:
		return nil, apierr.New("grant_expired", "value", res.Code,
			"time", time.UnixMilli(newest.ExpiresAt).In(workday.Location).Format(time.RFC3339))
	}
}

// ConsumeRequest counts one call against the grant's daily quota, refusing it with quota_exceeded
// and the seconds until the quota resets when the day's calls or rows are used up. It sets
// a.RowsLeft.
func (s *Service) ConsumeRequest(ctx context.Context, a *Access) error {
	if a.GrantID == 0 {
		a.RowsLeft = -1
		return nil
	}
	day := s.now().In(workday.Location).Format(time.DateOnly)
	var rowsRead int64
	err := s.db.WriteQueryRow(ctx, `INSERT INTO grant_usage (grant_id, day, requests, rows_read) VALUES (?, ?, 1, 0)
		ON CONFLICT (grant_id, day) DO UPDATE SET requests = grant_usage.requests + 1
		WHERE grant_usage.requests < ? AND grant_usage.rows_read < ?
		RETURNING rows_read`, a.GrantID, day, a.QuotaRequests, a.QuotaRows).Scan(&rowsRead)
	if errors.Is(err, sql.ErrNoRows) {
		return s.quotaError(ctx, a.GrantID, day, a)
	}
	if err != nil {
		return fmt.Errorf("grant: count call of grant %d: %w", a.GrantID, err)
	}
	a.RowsLeft = a.QuotaRows - rowsRead
	return nil
}

func (s *Service) quotaError(ctx context.Context, grantID int64, day string, a *Access) error {
	var requests, rowsRead int64
	if err := s.db.QueryRow(ctx, "SELECT requests, rows_read FROM grant_usage WHERE grant_id = ? AND day = ?", grantID, day).
		Scan(&requests, &rowsRead); err != nil {
		return fmt.Errorf("grant: read usage of grant %d: %w", grantID, err)
	}
	detail := fmt.Sprintf("%d of %d calls", requests, a.QuotaRequests)
	if rowsRead >= a.QuotaRows {
		detail = fmt.Sprintf("%d of %d rows", rowsRead, a.QuotaRows)
	}
	now := s.now().In(workday.Location)
	y, m, d := now.Date()
	reset := time.Date(y, m, d+1, 0, 0, 0, 0, workday.Location)
	retry := int(reset.Sub(now).Seconds()) + 1
	e := apierr.New("quota_exceeded", "detail", detail, "retry", strconv.Itoa(retry))
	e.RetryAfter = retry
	return e
}

// RowCounter returns the statement that counts n rows against the grant's daily row quota, to run
// in the transaction that writes the call's audit entry.
func (s *Service) RowCounter(a *Access, n int64) func(ctx context.Context, tx *store.Tx) error {
	day := s.now().In(workday.Location).Format(time.DateOnly)
	return func(ctx context.Context, tx *store.Tx) error {
		if a.GrantID == 0 || n == 0 {
			return nil
		}
		_, err := tx.Exec(ctx, "UPDATE grant_usage SET rows_read = rows_read + ? WHERE grant_id = ? AND day = ?", n, a.GrantID, day)
		if err != nil {
			return fmt.Errorf("grant: count rows of grant %d: %w", a.GrantID, err)
		}
		return nil
	}
}
