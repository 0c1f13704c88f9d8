package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/audit"
	"govshare/internal/identity"
	"govshare/internal/store"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	auditKey
)

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// withRequestID takes a well-formed X-Request-ID from the client or makes one, and echoes it.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 12)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.Error("httpapi: handler panicked", slog.String("request_id", requestID(r)),
					slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				s.writeError(w, r, apierr.New("internal", "request_id", requestID(r)))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// auditContext collects what a handler did, for the request's audit entry.
type auditContext struct {
	action   string
	resource string
	// with runs in the audit entry's transaction (counting rows against a quota).
	with    func(ctx context.Context, tx *store.Tx) error
	fields  string
	rows    int64
	purpose string
	result  string
	detail  any
	written bool
}

func auditOf(r *http.Request) *auditContext {
	ac, _ := r.Context().Value(auditKey).(*auditContext)
	return ac
}

// handlerFunc is an API handler. It returns the value to send as JSON, or an error. A handler that
// writes its own response (a file export) returns nil, nil.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error)

// created marks a handler's result as a newly created object (HTTP 201).
type created struct{ v any }

// wrap runs a route's handler: it authenticates the caller (every route but login), times the
// call, writes the audit entry and then the response. If the audit entry cannot be written the
// caller gets an error instead of the result, so no data leaves without its record.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ac := &auditContext{action: rt.Name, resource: r.PathValue("code"), result: audit.ResultOK}
		r = r.WithContext(context.WithValue(r.Context(), auditKey, ac))
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() { s.metrics.observe(rt.Name, rec.status, time.Since(start)) }()

		var p *identity.Principal
		if err := checkQuery(r, rt.Query); err != nil {
			// Unknown parameters are refused before authentication; the request is still recorded.
			ac.result = s.toAPIError(r, err).Code
			s.record(r, nil, ac)
			s.writeError(rec, r, err)
			return
		}
		if !rt.Public {
			var err error
			p, err = s.authenticate(r)
			if err != nil {
				ac.result = s.toAPIError(r, err).Code
				s.record(r, nil, ac)
				s.writeError(rec, r, err)
				return
			}
		}

		out, err := rt.Handler(rec, r, p)
		if err != nil {
			ac.result = s.toAPIError(r, err).Code
		}
		if !ac.written && (p != nil || rt.AuditPublic) {
			if aerr := s.record(r, p, ac); aerr != nil && err == nil {
				err = aerr
			}
		}
		switch {
		case err != nil:
			s.writeError(rec, r, err)
		case out == nil:
			// The handler wrote the response.
		default:
			if c, ok := out.(created); ok {
				writeJSON(rec, http.StatusCreated, c.v)
				return
			}
			writeJSON(rec, http.StatusOK, out)
		}
	})
}

// checkQuery rejects query parameters that the route does not accept. Routes without a list
// accept none; "lang" is accepted everywhere.
func checkQuery(r *http.Request, allowed []string) error {
	for key := range r.URL.Query() {
		if key == "lang" {
			continue
		}
		ok := false
		for _, a := range allowed {
			if a == key || (strings.HasSuffix(a, ".*") && strings.HasPrefix(key, strings.TrimSuffix(a, "*")) && len(key) > len(a)-1) {
				ok = true
				break
			}
		}
		if !ok {
			detail := "this endpoint takes no query parameters"
			if len(allowed) > 0 {
				detail = "unknown parameter; use " + strings.Join(allowed, ", ")
			}
			return apierr.New("invalid_parameter", "param", key, "detail", detail)
		}
	}
	return nil
}

// record appends the request's audit entry. It is called once per request.
func (s *Server) record(r *http.Request, p *identity.Principal, ac *auditContext) error {
	ac.written = true
	e := audit.Entry{
		Action: ac.action, Resource: ac.resource, Fields: ac.fields, RowCount: ac.rows, Purpose: ac.purpose,
		Result: ac.result, RequestID: requestID(r), Detail: audit.DetailJSON(ac.detail),
		Actor: "anonymous", Department: "", Role: "",
	}
	if p != nil {
		e.Actor, e.ActorID, e.Department, e.Role = p.Username, p.UserID, p.DepartmentCode, p.RoleList()
		if p.TokenID != "" {
			e.Detail = mergeDetail(e.Detail, "token", p.TokenID)
		}
	} else if ac.detail == nil {
		e.Detail = audit.DetailJSON(map[string]string{"remote": clientIP(r)})
	}
	if err := s.audit.AppendWith(r.Context(), e, ac.with); err != nil {
		s.logger.Error("httpapi: audit entry not written", slog.String("request_id", e.RequestID), slog.Any("error", err))
		return errors.New("audit entry not written")
	}
	return nil
}

func mergeDetail(detail, key, value string) string {
	if detail == "" || detail == "null" {
		return audit.DetailJSON(map[string]string{key: value})
	}
	if strings.HasPrefix(detail, "{") && detail != "{}" {
		return `{"` + key + `":` + audit.DetailJSON(value) + "," + detail[1:]
	}
	return audit.DetailJSON(map[string]string{key: value, "detail": detail})
}

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndex(host, ":"); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
