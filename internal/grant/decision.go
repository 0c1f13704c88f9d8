package grant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/identity"
	"govshare/internal/masking"
	"govshare/internal/store"
)

// Decision is an approver's decision on a pending request. Zero quotas and expiry take the defaults
// (the configured quotas, and the requested duration).
type Decision struct {
	Fields        []string         `json:"fields"`
	ClearFields   []string         `json:"clear_fields"`
	RowFilter     []Condition      `json:"row_filter"`
	Masking       *masking.Profile `json:"masking"`
	QuotaRequests int64            `json:"quota_requests"`
	QuotaRows     int64            `json:"quota_rows"`
	ExpiresAt     int64            `json:"expires_at"` // Unix milliseconds
}

// Approve grants a pending request, possibly with fewer fields than requested, a row filter, a
// masking profile, quotas and an expiry. Only an approver of the provider department may decide.
func (s *Service) Approve(ctx context.Context, p *identity.Principal, id int64, d Decision, fields []string, note string) (*Request, error) {
	q, err := s.pendingForApprover(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if len(d.Fields) == 0 {
		d.Fields = q.Fields
	}
	if err := validateDecision(q, &d, fields); err != nil {
		return nil, err
	}
	maxExpiry := q.SubmittedAt + int64(q.DurationDays)*86400000
	if d.ExpiresAt == 0 {
		d.ExpiresAt = s.now().AddDate(0, 0, q.DurationDays).UnixMilli()
	} else if d.ExpiresAt <= s.now().UnixMilli() {
		return nil, apierr.New("invalid_parameter", "param", "expires_at", "detail", "the expiry must be in the future")
	} else if d.ExpiresAt > maxExpiry+int64(s.cfg.MaxDurationDays)*86400000 {
		return nil, apierr.New("invalid_parameter", "param", "expires_at", "detail", "the expiry is beyond the longest allowed duration")
	}

	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		return s.grantInTx(ctx, tx, q.ID, q.resourceID, q.consumerID, p.UserID, q.Purpose, d, strings.TrimSpace(note))
	})
	if err != nil {
		return nil, err
	}
	return s.getRequest(ctx, id)
}

func validateDecision(q *Request, d *Decision, fields []string) error {
	for _, f := range d.Fields {
		if !slices.Contains(q.Fields, f) {
			return apierr.New("invalid_parameter", "param", "fields", "detail", fmt.Sprintf("field %q was not requested; an approval may only narrow the request", f))
		}
	}
	for _, f := range d.ClearFields {
		if !slices.Contains(d.Fields, f) {
			return apierr.New("invalid_parameter", "param", "clear_fields", "detail", fmt.Sprintf("field %q is not among the granted fields", f))
		}
	}
	for i, c := range d.RowFilter {
		param := fmt.Sprintf("row_filter[%d]", i)
		if !slices.Contains(fields, c.Field) {
			return apierr.New("unknown_field", "field", c.Field, "value", q.ResourceCode)
		}
		if err := c.Validate(param); err != nil {
			return err
		}
	}
	if d.Masking != nil {
		if err := d.Masking.Validate(); err != nil {
			return apierr.New("invalid_parameter", "param", "masking", "detail", err.Error())
		}
	}
	if d.QuotaRequests < 0 || d.QuotaRows < 0 {
		return apierr.New("invalid_parameter", "param", "quota", "detail", "quotas cannot be negative")
	}
	return nil
}

func (s *Service) grantInTx(ctx context.Context, tx *store.Tx, requestID, resourceID, consumerID, by int64, purpose string, d Decision, note string) error {
	if d.QuotaRequests == 0 {
		d.QuotaRequests = s.cfg.DefaultQuotaRequests
	}
	if d.QuotaRows == 0 {
		d.QuotaRows = s.cfg.DefaultQuotaRows
	}
	if d.ClearFields == nil {
		d.ClearFields = []string{}
	}
	if d.RowFilter == nil {
		d.RowFilter = []Condition{}
	}
	profile := masking.Profile{}
	if d.Masking != nil {
		profile = *d.Masking
	}
	fields, _ := json.Marshal(d.Fields)
	clear, _ := json.Marshal(d.ClearFields)
	filter, _ := json.Marshal(d.RowFilter)
	prof, _ := json.Marshal(profile)

	now := s.now().UnixMilli()
	var grantID int64
	err := tx.QueryRow(ctx, `INSERT INTO grants (request_id, resource_id, consumer_department_id, fields, clear_fields, row_filter,
		masking, purpose, quota_requests, quota_rows, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		requestID, resourceID, consumerID, string(fields), string(clear), string(filter), string(prof), purpose,
		d.QuotaRequests, d.QuotaRows, by, now, d.ExpiresAt).Scan(&grantID)
	if err != nil {
		return fmt.Errorf("grant: insert grant for request %d: %w", requestID, err)
	}
	res, err := tx.Exec(ctx, `UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?, grant_id = ?
		WHERE id = ? AND status = ?`, RequestApproved, by, now, note, grantID, requestID, RequestPending)
	if err != nil {
		return fmt.Errorf("grant: mark request %d approved: %w", requestID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apierr.New("invalid_state", "kind", "access request", "value", fmt.Sprint(requestID), "state", "decided", "expected", RequestPending)
	}
	return nil
}

// Reject refuses a pending request with a reason.
func (s *Service) Reject(ctx context.Context, p *identity.Principal, id int64, reason string) (*Request, error) {
	if err := requireText("reason", reason, 1000); err != nil {
		return nil, err
	}
	if _, err := s.pendingForApprover(ctx, p, id); err != nil {
		return nil, err
	}
	res, err := s.db.Exec(ctx, `UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ?
		WHERE id = ? AND status = ?`, RequestRejected, p.UserID, s.now().UnixMilli(), strings.TrimSpace(reason), id, RequestPending)
	if err != nil {
		return nil, fmt.Errorf("grant: reject request %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, apierr.New("invalid_state", "kind", "access request", "value", fmt.Sprint(id), "state", "decided", "expected", RequestPending)
	}
	return s.getRequest(ctx, id)
}

func (s *Service) pendingForApprover(ctx context.Context, p *identity.Principal, id int64) (*Request, error) {
	q, err := s.GetRequest(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !p.Has(identity.RoleApprover) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleApprover))
	}
	if p.DepartmentID != q.providerID {
		return nil, apierr.New("not_own_department")
	}
	if q.Status != RequestPending {
		return nil, apierr.New("invalid_state", "kind", "access request", "value", fmt.Sprint(id), "state", q.Status, "expected", RequestPending)
	}
	return q, nil
}

// Grant is an approved request as enforced on every call.
type Grant struct {
	ID                 int64            `json:"id"`
	RequestID          int64            `json:"request_id"`
	ResourceCode       string           `json:"resource_code"`
	ConsumerDepartment string           `json:"consumer_department"`
	Fields             []string         `json:"fields"`
	ClearFields        []string         `json:"clear_fields"`
	RowFilter          []Condition      `json:"row_filter"`
	Masking            *masking.Profile `json:"masking,omitempty"`
	Purpose            string           `json:"purpose"`
	QuotaRequests      int64            `json:"quota_requests"`
	QuotaRows          int64            `json:"quota_rows"`
	CreatedAt          int64            `json:"created_at"`
	ExpiresAt          int64            `json:"expires_at"`
	RevokedAt          *int64           `json:"revoked_at,omitempty"`
	RevokeReason       string           `json:"revoke_reason,omitempty"`
	Status             string           `json:"status"` // active, expired or revoked

	resourceID int64
	providerID int64
	consumerID int64
}

const grantColumns = `g.id, g.request_id, r.code, cd.code, g.fields, g.clear_fields, g.row_filter, g.masking, g.purpose,
	g.quota_requests, g.quota_rows, g.created_at, g.expires_at, g.revoked_at, g.revoke_reason, g.resource_id,
	r.department_id, g.consumer_department_id`

const grantFrom = ` FROM grants g JOIN resources r ON r.id = g.resource_id JOIN departments cd ON cd.id = g.consumer_department_id`

func (s *Service) scanGrant(row interface{ Scan(...any) error }) (*Grant, error) {
	var g Grant
	var fields, clear, filter, prof string
	var revoked sql.NullInt64
	err := row.Scan(&g.ID, &g.RequestID, &g.ResourceCode, &g.ConsumerDepartment, &fields, &clear, &filter, &prof,
		&g.Purpose, &g.QuotaRequests, &g.QuotaRows, &g.CreatedAt, &g.ExpiresAt, &revoked, &g.RevokeReason,
		&g.resourceID, &g.providerID, &g.consumerID)
	if err != nil {
		return nil, err
	}
	var profile masking.Profile
	for _, part := range []struct {
		text string
		dst  any
	}{{fields, &g.Fields}, {clear, &g.ClearFields}, {filter, &g.RowFilter}, {prof, &profile}} {
		if err := json.Unmarshal([]byte(part.text), part.dst); err != nil {
			return nil, fmt.Errorf("grant: decode grant %d: %w", g.ID, err)
		}
	}
	if profile.Name != "" || len(profile.Columns) > 0 || len(profile.Types) > 0 || profile.Default != nil {
		g.Masking = &profile
	}
	switch {
	case revoked.Valid:
		g.RevokedAt = &revoked.Int64
		g.Status = "revoked"
	case s.now().UnixMilli() >= g.ExpiresAt:
		g.Status = "expired"
	default:
		g.Status = "active"
	}
	return &g, nil
}

// GetGrant returns a grant visible to the caller's department (consumer or provider) or to the
// platform operator.
func (s *Service) GetGrant(ctx context.Context, p *identity.Principal, id int64) (*Grant, error) {
	g, err := s.scanGrant(s.db.QueryRow(ctx, "SELECT "+grantColumns+grantFrom+" WHERE g.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apierr.New("not_found", "kind", "grant", "value", fmt.Sprint(id))
	}
	if err != nil {
		return nil, fmt.Errorf("grant: get grant %d: %w", id, err)
	}
	if p.DepartmentID != g.consumerID && p.DepartmentID != g.providerID && !p.Has(identity.RolePlatformOperator) {
		return nil, apierr.New("not_found", "kind", "grant", "value", fmt.Sprint(id))
	}
	return g, nil
}

// ListGrants lists the grants the caller's department holds ("held") or has given ("given").
func (s *Service) ListGrants(ctx context.Context, p *identity.Principal, box string) ([]Grant, error) {
	where := "g.consumer_department_id = ?"
	switch box {
	case "", "held":
	case "given":
		where = "r.department_id = ?"
	default:
		return nil, apierr.New("invalid_parameter", "param", "box", "detail", "use held or given")
	}
	rows, err := s.db.Query(ctx, "SELECT "+grantColumns+grantFrom+" WHERE "+where+" ORDER BY g.id DESC LIMIT 500", p.DepartmentID)
	if err != nil {
		return nil, fmt.Errorf("grant: list grants: %w", err)
	}
	defer rows.Close()
	out := []Grant{}
	for rows.Next() {
		g, err := s.scanGrant(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *g)
	}
	return out, rows.Err()
}

// Revoke ends a grant at once: the next call with it is refused. An approver of the provider
// department or the platform operator may revoke, with a reason.
func (s *Service) Revoke(ctx context.Context, p *identity.Principal, id int64, reason string) (*Grant, error) {
	if err := requireText("reason", reason, 1000); err != nil {
		return nil, err
	}
	g, err := s.GetGrant(ctx, p, id)
	if err != nil {
		return nil, err
	}
	ownApprover := p.Has(identity.RoleApprover) && p.DepartmentID == g.providerID
	if !ownApprover && !p.Has(identity.RolePlatformOperator) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleApprover))
	}
	res, err := s.db.Exec(ctx, "UPDATE grants SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL",
		s.now().UnixMilli(), p.UserID, strings.TrimSpace(reason), id)
	if err != nil {
		return nil, fmt.Errorf("grant: revoke grant %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, apierr.New("invalid_state", "kind", "grant", "value", fmt.Sprint(id), "state", "revoked", "expected", "active")
	}
	return s.GetGrant(ctx, p, id)
}
