package grant

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/identity"
	"govshare/internal/store"
	"govshare/internal/workday"
)

// Request statuses.
const (
	RequestPending  = "pending"
	RequestApproved = "approved"
	RequestRejected = "rejected"
)

// Request is an access request (共享申请).
type Request struct {
	ID                 int64    `json:"id"`
	ResourceCode       string   `json:"resource_code"`
	ResourceName       string   `json:"resource_name"`
	ProviderDepartment string   `json:"provider_department"`
	ConsumerDepartment string   `json:"consumer_department"`
	Requester          string   `json:"requester"`
	Fields             []string `json:"fields"`
	Purpose            string   `json:"purpose"`
	Scenario           string   `json:"scenario"`
	LegalBasis         string   `json:"legal_basis"`
	DurationDays       int      `json:"duration_days"`
	Status             string   `json:"status"`
	SubmittedAt        int64    `json:"submitted_at"`
	DeadlineAt         int64    `json:"deadline_at"`
	// WorkingDaysLeft is the number of working days until the deadline of a pending request;
	// negative when overdue.
	WorkingDaysLeft *int   `json:"working_days_left,omitempty"`
	Overdue         bool   `json:"overdue"`
	DecidedBy       string `json:"decided_by,omitempty"`
	DecidedAt       *int64 `json:"decided_at,omitempty"`
	Reason          string `json:"decision_reason,omitempty"`
	GrantID         *int64 `json:"grant_id,omitempty"`

	resourceID int64
	providerID int64
	consumerID int64
}

// ApplyInput is the statement a consumer makes when applying for access.
type ApplyInput struct {
	Fields       []string `json:"fields"`
	Purpose      string   `json:"purpose"`
	Scenario     string   `json:"scenario"`
	LegalBasis   string   `json:"legal_basis"`
	DurationDays int      `json:"duration_days"`
}

// Config holds the rules of the approval workflow.
type Config struct {
	// DeadlineWorkingDays is the statutory time limit for deciding a conditional request.
	DeadlineWorkingDays int
	// DefaultQuotaRequests and DefaultQuotaRows are the daily quotas of a grant when the approver
	// sets none, and of every unconditional grant.
	DefaultQuotaRequests int64
	DefaultQuotaRows     int64
	// MaxDurationDays bounds the requested duration of access.
	MaxDurationDays int
}

// DefaultConfig returns the usual rules: 10 working days, 10,000 calls and 1,000,000 rows a day,
// at most three years of access.
func DefaultConfig() Config {
	return Config{DeadlineWorkingDays: 10, DefaultQuotaRequests: 10000, DefaultQuotaRows: 1000000, MaxDurationDays: 1095}
}

// Service runs requests and grants.
type Service struct {
	db  *store.DB
	cfg Config
	now func() time.Time
}

// NewService returns the request and grant service.
func NewService(db *store.DB, cfg Config) *Service {
	return &Service{db: db, cfg: cfg, now: time.Now}
}

// SetClock replaces the clock, for tests of deadlines and expiry.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// Calendar reads the configured holidays and make-up working days.
func (s *Service) Calendar(ctx context.Context) (*workday.Calendar, error) {
	rows, err := s.db.Query(ctx, "SELECT day, kind FROM calendar_days")
	if err != nil {
		return nil, fmt.Errorf("grant: read calendar: %w", err)
	}
	defer rows.Close()
	c := &workday.Calendar{Holidays: map[string]bool{}, Workdays: map[string]bool{}}
	for rows.Next() {
		var day, kind string
		if err := rows.Scan(&day, &kind); err != nil {
			return nil, fmt.Errorf("grant: scan calendar day: %w", err)
		}
		if kind == "holiday" {
			c.Holidays[day] = true
		} else {
			c.Workdays[day] = true
		}
	}
	return c, rows.Err()
}

// SetCalendarDay records a holiday ("holiday") or a make-up working day ("workday").
func (s *Service) SetCalendarDay(ctx context.Context, p *identity.Principal, day, kind, name string) error {
	if !p.Has(identity.RolePlatformOperator) {
		return apierr.New("forbidden", "role", string(identity.RolePlatformOperator))
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return apierr.New("invalid_parameter", "param", "day", "detail", "use the form YYYY-MM-DD")
	}
	if kind != "holiday" && kind != "workday" {
		return apierr.New("invalid_parameter", "param", "kind", "detail", "use 'holiday' or 'workday'")
	}
	if _, err := s.db.Exec(ctx, "DELETE FROM calendar_days WHERE day = ?", day); err != nil {
		return fmt.Errorf("grant: set calendar day %s: %w", day, err)
	}
	if _, err := s.db.Exec(ctx, "INSERT INTO calendar_days (day, kind, name) VALUES (?, ?, ?)", day, kind, name); err != nil {
		return fmt.Errorf("grant: set calendar day %s: %w", day, err)
	}
	return nil
}

func requireText(param, v string, max int) error {
	v = strings.TrimSpace(v)
	if v == "" {
		return apierr.New("missing_parameter", "param", param)
	}
	if utf8.RuneCountInString(v) > max {
		return apierr.New("invalid_parameter", "param", param, "detail", fmt.Sprintf("use at most %d characters", max))
	}
	return nil
}

// Apply records a consumer department's request for a published resource. An unconditional
// resource is granted at once; a conditional one waits for the provider's approver; a resource
// that is not shared cannot be requested. fields lists the fields the resource offers.
func (s *Service) Apply(ctx context.Context, p *identity.Principal, res *catalog.Resource, fields []string, in ApplyInput) (*Request, error) {
	if !p.Has(identity.RoleConsumerDeveloper) {
		return nil, apierr.New("forbidden", "role", string(identity.RoleConsumerDeveloper))
	}
	if res.Status != catalog.StatusPublished {
		return nil, apierr.New("invalid_state", "kind", "resource", "value", res.Code, "state", res.Status, "expected", catalog.StatusPublished)
	}
	if res.Metadata.SharingType == catalog.SharingNone {
		return nil, apierr.New("not_shared", "value", res.Code)
	}
	if err := s.validateApply(res.Code, fields, &in); err != nil {
		return nil, err
	}

	now := s.now()
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	deadline := cal.Deadline(now, s.cfg.DeadlineWorkingDays)
	fieldJSON, _ := json.Marshal(in.Fields)

	var id int64
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO access_requests (resource_id, consumer_department_id, requester_id, fields, purpose,
			scenario, legal_basis, duration_days, status, submitted_at, deadline_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			res.ID, p.DepartmentID, p.UserID, string(fieldJSON), strings.TrimSpace(in.Purpose), strings.TrimSpace(in.Scenario),
			strings.TrimSpace(in.LegalBasis), in.DurationDays, RequestPending, now.UnixMilli(), deadline.UnixMilli()).Scan(&id)
		if err != nil {
			return fmt.Errorf("grant: insert request for %s: %w", res.Code, err)
		}
		if res.Metadata.SharingType != catalog.SharingUnconditional {
			return nil
		}
		// Unconditional sharing: the platform grants what was asked, at once.
		d := Decision{Fields: in.Fields, ExpiresAt: now.AddDate(0, 0, in.DurationDays).UnixMilli()}
		return s.grantInTx(ctx, tx, id, res.ID, p.DepartmentID, p.UserID, in.Purpose, d, "granted at once: unconditional sharing")
	})
	if err != nil {
		return nil, err
	}
	return s.getRequest(ctx, id)
}

func (s *Service) validateApply(code string, fields []string, in *ApplyInput) error {
	if len(in.Fields) == 0 {
		return apierr.New("missing_parameter", "param", "fields")
	}
	seen := map[string]bool{}
	for _, f := range in.Fields {
		if !slices.Contains(fields, f) {
			return apierr.New("unknown_field", "field", f, "value", code)
		}
		if seen[f] {
			return apierr.New("invalid_parameter", "param", "fields", "detail", fmt.Sprintf("field %q is listed twice", f))
		}
		seen[f] = true
	}
	if err := requireText("purpose", in.Purpose, 500); err != nil {
		return err
	}
	if err := requireText("scenario", in.Scenario, 500); err != nil {
		return err
	}
	if err := requireText("legal_basis", in.LegalBasis, 500); err != nil {
		return err
	}
	if in.DurationDays < 1 || in.DurationDays > s.cfg.MaxDurationDays {
		return apierr.New("invalid_parameter", "param", "duration_days", "detail", fmt.Sprintf("use 1 to %d days", s.cfg.MaxDurationDays))
	}
	return nil
}

const requestColumns = `q.id, r.code, r.name, pd.code, cd.code, u.username, q.fields, q.purpose, q.scenario, q.legal_basis,
	q.duration_days, q.status, q.submitted_at, q.deadline_at, COALESCE(du.username, ''), q.decided_at,
	q.decision_reason, q.grant_id, q.resource_id, r.department_id, q.consumer_department_id`

const requestFrom = ` FROM access_requests q
	JOIN resources r ON r.id = q.resource_id
	JOIN departments pd ON pd.id = r.department_id
	JOIN departments cd ON cd.id = q.consumer_department_id
	JOIN users u ON u.id = q.requester_id
	LEFT JOIN users du ON du.id = q.decided_by`

func (s *Service) scanRequest(row interface{ Scan(...any) error }, cal *workday.Calendar) (*Request, error) {
	var q Request
	var fields string
	var decided, grantID sql.NullInt64
	err := row.Scan(&q.ID, &q.ResourceCode, &q.ResourceName, &q.ProviderDepartment, &q.ConsumerDepartment, &q.Requester,
		&fields, &q.Purpose, &q.Scenario, &q.LegalBasis, &q.DurationDays, &q.Status, &q.SubmittedAt, &q.DeadlineAt,
		&q.DecidedBy, &decided, &q.Reason, &grantID, &q.resourceID, &q.providerID, &q.consumerID)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(fields), &q.Fields); err != nil {
		return nil, fmt.Errorf("grant: decode fields of request %d: %w", q.ID, err)
	}
	if decided.Valid {
		q.DecidedAt = &decided.Int64
	}
	if grantID.Valid {
		q.GrantID = &grantID.Int64
	}
	if q.Status == RequestPending {
		left := cal.Remaining(s.now(), time.UnixMilli(q.DeadlineAt))
		q.WorkingDaysLeft = &left
		q.Overdue = s.now().UnixMilli() >= q.DeadlineAt
	}
	return &q, nil
}

func (s *Service) getRequest(ctx context.Context, id int64) (*Request, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	q, err := s.scanRequest(s.db.QueryRow(ctx, "SELECT "+requestColumns+requestFrom+" WHERE q.id = ?", id), cal)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apierr.New("not_found", "kind", "access request", "value", fmt.Sprint(id))
	}
	if err != nil {
		return nil, fmt.Errorf("grant: get request %d: %w", id, err)
	}
	return q, nil
}

// GetRequest returns a request that the caller's department made or received; the platform
// operator sees all. Any other caller gets not_found, so request ids of other departments are not
// revealed.
func (s *Service) GetRequest(ctx context.Context, p *identity.Principal, id int64) (*Request, error) {
	q, err := s.getRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.DepartmentID != q.consumerID && p.DepartmentID != q.providerID && !p.Has(identity.RolePlatformOperator) {
		return nil, apierr.New("not_found", "kind", "access request", "value", fmt.Sprint(id))
	}
	return q, nil
}

// RequestQuery selects requests in ListRequests.
type RequestQuery struct {
	// Box is "outgoing" (made by the caller's department), "incoming" (received by it) or
	// "overdue" (pending past their deadline, platform-wide, for the platform operator).
	Box    string
	Status string
	Limit  int
}

// ListRequests lists requests of the caller's department, or the overdue ones for the operator.
func (s *Service) ListRequests(ctx context.Context, p *identity.Principal, rq RequestQuery) ([]Request, error) {
	var where []string
	var args []any
	switch rq.Box {
	case "", "outgoing":
		where, args = append(where, "q.consumer_department_id = ?"), append(args, p.DepartmentID)
	case "incoming":
		where, args = append(where, "r.department_id = ?"), append(args, p.DepartmentID)
	case "overdue":
		if !p.Has(identity.RolePlatformOperator) {
			return nil, apierr.New("forbidden", "role", string(identity.RolePlatformOperator))
		}
		where = append(where, "q.status = 'pending'", "q.deadline_at <= ?")
		args = append(args, s.now().UnixMilli())
	default:
		return nil, apierr.New("invalid_parameter", "param", "box", "detail", "use outgoing, incoming or overdue")
	}

	if rq.Status != "" {
		where, args = append(where, "q.status = ?"), append(args, rq.Status)
	}
	if rq.Limit <= 0 || rq.Limit > 500 {
		rq.Limit = 100
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}

	rows, err := s.db.Query(ctx, "SELECT "+requestColumns+requestFrom+" WHERE "+strings.Join(where, " AND ")+
		fmt.Sprintf(" ORDER BY q.deadline_at, q.id LIMIT %d", rq.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("grant: list requests: %w", err)
	}
	defer rows.Close()

	out := []Request{}
	for rows.Next() {
		q, err := s.scanRequest(rows, cal)
		if err != nil {
			return nil, fmt.Errorf("grant: scan request: %w", err)
		}
		out = append(out, *q)
	}
	return out, rows.Err()
}
