package httpapi

import (
	"net/http"
	"strconv"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/grading"
	"govshare/internal/identity"
	"govshare/internal/masking"
)

func (s *Server) createResource(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var m catalog.Metadata
	if err := decodeJSON(r, &m); err != nil {
		return nil, err
	}
	res, err := s.catalog.Create(r.Context(), p, m)
	if err != nil {
		return nil, err
	}
	auditOf(r).resource = res.Code
	return created{res}, nil
}

func (s *Server) listResources(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	q := r.URL.Query()
	level, err := queryInt(r, "level", 0)
	if err != nil {
		return nil, err
	}
	limit, err := queryInt(r, "limit", 50)
	if err != nil {
		return nil, err
	}
	offset, err := queryInt(r, "offset", 0)
	if err != nil {
		return nil, err
	}
	list, total, err := s.catalog.List(r.Context(), p, catalog.Query{Text: q.Get("q"), Department: q.Get("department"),
		SharingType: q.Get("sharing_type"), OpenType: q.Get("open_type"), Status: q.Get("status"), Level: level,
		Limit: limit, Offset: offset})
	if err != nil {
		return nil, err
	}
	auditOf(r).detail = map[string]any{"q": q.Get("q"), "results": total}
	return map[string]any{"resources": list, "total": total}, nil
}

// resourceView is a resource with the masks of its columns and the grading of its current version.
type resourceView struct {
	*catalog.Resource
	Masks   map[string]masking.Operator `json:"column_masks,omitempty"`
	Grading *grading.Summary            `json:"grading,omitempty"`
}

func (s *Server) getResource(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	res, err := s.catalog.Get(r.Context(), p, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	masks, err := s.catalog.ColumnMasks(r.Context(), res.ID)
	if err != nil {
		return nil, err
	}
	view := resourceView{Resource: res, Masks: masks}
	if res.CurrentVersion > 0 {
		if view.Grading, err = s.grading.Summary(r.Context(), res.ID, res.CurrentVersion); err != nil {
			return nil, err
		}
	}
	return view, nil
}

func (s *Server) updateResource(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var m catalog.Metadata
	if err := decodeJSON(r, &m); err != nil {
		return nil, err
	}
	return s.catalog.Update(r.Context(), p, r.PathValue("code"), m)
}

func (s *Server) resourceHistory(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	return s.catalog.History(r.Context(), p, r.PathValue("code"))
}

type noteInput struct {
	Note   string `json:"note"`
	Reason string `json:"reason"`
}

// lifecycle returns the handler of one review step (submit, approve, return, withdraw).
func (s *Server) lifecycle(step string) handlerFunc {
	return func(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
		var in noteInput
		if r.ContentLength != 0 {
			if err := decodeJSON(r, &in); err != nil {
				return nil, err
			}
		}
		code := r.PathValue("code")
		auditOf(r).detail = in
		switch step {
		case "submit":
			return s.catalog.Submit(r.Context(), p, code)
		case "approve":
			return s.catalog.Approve(r.Context(), p, code, in.Note)
		case "return":
			return s.catalog.Return(r.Context(), p, code, in.Reason)
		default:
			return s.catalog.Withdraw(r.Context(), p, code, in.Reason)
		}
	}
}

func (s *Server) setColumnMask(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var op masking.Operator
	if err := decodeJSON(r, &op); err != nil {
		return nil, err
	}
	field := r.PathValue("field")
	ac := auditOf(r)
	ac.fields = field
	ac.detail = op
	if err := s.catalog.SetColumnMask(r.Context(), p, r.PathValue("code"), field, op); err != nil {
		return nil, err
	}
	return map[string]any{"field": field, "mask": op}, nil
}

func (s *Server) deleteColumnMask(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	field := r.PathValue("field")
	auditOf(r).fields = field
	if err := s.catalog.DeleteColumnMask(r.Context(), p, r.PathValue("code"), field); err != nil {
		return nil, err
	}
	return map[string]any{"field": field, "mask": nil}, nil
}

func versionParam(r *http.Request) (int, error) {
	raw := r.URL.Query().Get("version")
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n <= 0 {
		return 0, apierr.New("invalid_parameter", "param", "version", "detail", "use a version number of 1 or more")
	}
	return n, nil
}
