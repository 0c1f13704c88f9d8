package httpapi

import (
	"errors"
	"log/slog"
	"net/http"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/grading"
	"govshare/internal/identity"
)

// gradableResource returns the resource for a grading call: a security administrator reaches
// every resource, anyone else those the catalog shows them.
func (s *Server) gradableResource(r *http.Request, p *identity.Principal) (*catalog.Resource, error) {
	code := r.PathValue("code")
	if p.Has(identity.RoleSecurityAdmin) {
		return s.catalog.Lookup(r.Context(), code)
	}
	return s.catalog.Get(r.Context(), p, code)
}

func (s *Server) listGrades(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	res, err := s.gradableResource(r, p)
	if err != nil {
		return nil, err
	}
	version, err := versionParam(r)
	if err != nil {
		return nil, err
	}
	if version == 0 {
		version = res.CurrentVersion
	}
	if version == 0 {
		return map[string]any{"resource": res.Code, "grading": nil}, nil
	}
	sum, err := s.grading.Summary(r.Context(), res.ID, version)
	if err != nil {
		return nil, err
	}
	return map[string]any{"resource": res.Code, "grading": sum}, nil
}

func (s *Server) confirmGrade(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var d grading.Decision
	if err := decodeJSON(r, &d); err != nil {
		return nil, err
	}
	field := r.PathValue("field")
	ac := auditOf(r)
	ac.fields = field
	ac.detail = map[string]any{"decision": d}
	out, err := s.grading.Confirm(r.Context(), p, r.PathValue("code"), field, d)
	if err != nil {
		return nil, err
	}
	// The audit record keeps the inputs of the decision: the engine's proposal with its evidence
	// and rule version, and what the person decided.
	ac.detail = map[string]any{"decision": d, "version": out.Version, "proposal": out.Proposal, "rule_version": out.Proposal.RuleVersion}

	// A raised grade can put a published resource outside its boundary. The decision is still
	// applied, and the response lists the columns that now need a mask.
	res, err := s.catalog.Lookup(r.Context(), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	view := map[string]any{"version": out.Version, "proposal": out.Proposal, "grade": out.Grade}
	if res.Status == catalog.StatusPublished {
		berr := s.grading.CheckBoundary(r.Context(), res, res.Metadata.OpenType, res.Metadata.SharingType, nil)
		var ae *apierr.Error
		if errors.As(berr, &ae) {
			view["boundary_violation"] = map[string]any{"code": ae.Code, "message": ae.Message(lang(r)), "params": ae.Params}
			s.logger.Warn("httpapi: grade decision puts a published resource outside its boundary",
				slog.String("request_id", requestID(r)), slog.String("resource", res.Code), slog.String("columns", ae.Params["columns"]))
		} else if berr != nil {
			return nil, berr
		}
	}
	return view, nil
}
