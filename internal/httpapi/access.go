package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"govshare/internal/grant"
	"govshare/internal/identity"
)

func (s *Server) applyForAccess(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var in grant.ApplyInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.fields = strings.Join(in.Fields, ",")
	ac.purpose = in.Purpose
	res, err := s.catalog.Get(r.Context(), p, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	req, err := s.grants.Apply(r.Context(), p, res, res.FieldNames(), in)
	if err != nil {
		return nil, err
	}
	ac.detail = map[string]any{"request": req.ID, "status": req.Status}
	return created{req}, nil
}

func (s *Server) listRequests(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	limit, err := queryInt(r, "limit", 100)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	return s.grants.ListRequests(r.Context(), p, grant.RequestQuery{Box: q.Get("box"), Status: q.Get("status"), Limit: limit})
}

func (s *Server) getRequest(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	req, err := s.grants.GetRequest(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	auditOf(r).resource = req.ResourceCode
	return req, nil
}

type approveInput struct {
	grant.Decision
	Note string `json:"note"`
}

func (s *Server) approveRequest(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	var in approveInput
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &in); err != nil {
			return nil, err
		}
	}

	req, err := s.grants.GetRequest(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.resource, ac.purpose = req.ResourceCode, req.Purpose
	ac.detail = map[string]any{"request": id, "decision": in.Decision}

	res, err := s.catalog.Lookup(r.Context(), req.ResourceCode)
	if err != nil {
		return nil, err
	}
	out, err := s.grants.Approve(r.Context(), p, id, in.Decision, res.FieldNames(), in.Note)
	if err != nil {
		return nil, err
	}

	g, err := s.grants.GetGrant(r.Context(), p, *out.GrantID)
	if err != nil {
		return nil, err
	}
	ac.fields = strings.Join(g.Fields, ",")
	// The request keeps the requested fields, and the grant shows what was granted.
	return approvedRequest{Request: out, Grant: g}, nil
}

type approvedRequest struct {
	*grant.Request
	Grant *grant.Grant `json:"grant"`
}

func (s *Server) rejectRequest(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	var in noteInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.detail = map[string]any{"request": id, "reason": in.Reason}
	out, err := s.grants.Reject(r.Context(), p, id, in.Reason)
	if err != nil {
		return nil, err
	}
	ac.resource, ac.purpose = out.ResourceCode, out.Purpose
	return out, nil
}

func (s *Server) listGrants(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	return s.grants.ListGrants(r.Context(), p, r.URL.Query().Get("box"))
}

func (s *Server) getGrant(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	return s.grants.GetGrant(r.Context(), p, id)
}

func (s *Server) revokeGrant(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	id, err := pathInt(r, "id")
	if err != nil {
		return nil, err
	}
	var in noteInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.detail = map[string]any{"grant": id, "reason": in.Reason}
	g, err := s.grants.Revoke(r.Context(), p, id, in.Reason)
	if err != nil {
		return nil, err
	}
	ac.resource, ac.purpose = g.ResourceCode, g.Purpose
	return g, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
