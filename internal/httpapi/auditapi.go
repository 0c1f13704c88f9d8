package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/audit"
	"govshare/internal/identity"
)

func timeParam(r *http.Request, name string) (int64, error) {
	raw := r.URL.Query().Get(name)
	if raw == "" {
		return 0, nil
	}
	if t, err := time.Parse(time.RFC3339, raw); err == nil {
		return t.UnixMilli(), nil
	}
	if ms, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return ms, nil
	}
	return 0, apierr.New("invalid_parameter", "param", name, "detail", "use an RFC 3339 time such as 2026-12-01T00:00:00+08:00, or Unix milliseconds")
}

// listAudit lets the audit administrator read and filter the log. The API offers no way to change
// or delete entries.
func (s *Server) listAudit(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	if err := requireRole(p, identity.RoleAuditAdmin); err != nil {
		return nil, err
	}

	q := r.URL.Query()
	from, err := timeParam(r, "from")
	if err != nil {
		return nil, err
	}
	to, err := timeParam(r, "to")
	if err != nil {
		return nil, err
	}
	after, err := queryInt(r, "after", 0)
	if err != nil {
		return nil, err
	}
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return nil, err
	}
	entries, err := audit.List(r.Context(), s.db, audit.Filter{Actor: q.Get("actor"), Department: q.Get("department"),
		Action: q.Get("action"), Resource: q.Get("resource"), Result: q.Get("result"), RequestID: q.Get("request_id"),
		From: from, To: to, AfterSeq: int64(after), Limit: limit})
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []audit.Entry{}
	}
	return map[string]any{"entries": entries}, nil
}

func (s *Server) verifyAudit(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	if err := requireRole(p, identity.RoleAuditAdmin); err != nil {
		return nil, err
	}
	return audit.Verify(r.Context(), s.db)
}
