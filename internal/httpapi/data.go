package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/grant"
	"govshare/internal/identity"
	"govshare/internal/masking"
)

// dataCall is a data API call checked against the caller's grant.
type dataCall struct {
	res     *catalog.Resource
	version *dataset.Version
	access  *grant.Access
	query   dataset.Query
}

// prepareData authorizes a query: live grant, granted fields only, no filter or sort on a field
// the caller may not see in clear, and a version to read. It does not count quota yet.
func (s *Server) prepareData(r *http.Request, p *identity.Principal, in queryInput) (*dataCall, error) {
	ctx := r.Context()
	res, err := s.catalog.Get(ctx, p, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	n := in.Version
	if n == 0 {
		if res.CurrentVersion == 0 {
			return nil, apierr.New("no_data", "value", res.Code)
		}
		n = res.CurrentVersion
	}
	v, err := s.datasets.Get(ctx, res.ID, res.Code, n)
	if err != nil {
		return nil, err
	}
	masks, err := s.catalog.ColumnMasks(ctx, res.ID)
	if err != nil {
		return nil, err
	}
	// Information types in force (confirmed, or proposed until confirmed) choose the operators of
	// masking profiles that map types. A column's bound data element is used where none was found.
	infoTypes := func() (map[string]string, error) {
		types, err := s.grading.InfoTypes(ctx, res.ID, v.Version)
		if err != nil {
			return nil, err
		}
		for _, c := range v.Columns {
			if _, ok := types[c.Name]; !ok && c.DataElement != "" {
				types[c.Name] = c.DataElement
			}
		}
		return types, nil
	}
	access, err := s.grants.Authorize(ctx, p, res, masks, infoTypes)
	if err != nil {
		return nil, err
	}

	ac := auditOf(r)
	ac.purpose = access.Purpose
	fields := in.Fields
	if len(fields) == 0 {
		fields = access.Fields
	}
	for _, f := range fields {
		if !access.Allows(f) {
			return nil, apierr.New("field_not_granted", "field", f, "value", res.Code)
		}
	}
	ac.fields = strings.Join(fields, ",")
	filters, err := s.grantedFilters(r, res, v, access, in.Filters)
	if err != nil {
		return nil, err
	}
	for _, k := range sortKeys(in.Sort) {
		if !access.Allows(k.Field) || access.Masked(k.Field) {
			return nil, apierr.New("filter_not_granted", "field", k.Field)
		}
	}
	ac.detail = map[string]any{"grant": access.GrantID, "version": v.Version, "filters": in.Filters}

	// The audit detail above keeps the filters as given; filters holds stored values in place of
	// pseudonyms and must not be recorded.
	q := dataset.Query{Fields: fields, Filters: filters, Sort: sortKeys(in.Sort), Limit: in.Limit, Cursor: in.Cursor, Total: in.Total}
	if err := s.datasets.Check(v, res.Code, q, access.RowFilter); err != nil {
		return nil, err
	}
	return &dataCall{res: res, version: v, access: access, query: q}, nil
}

// maskFunc returns the function that masks each value of a masked field.
func (s *Server) maskFunc(a *grant.Access) func(*dataset.Column, any) any {
	if len(a.Masks) == 0 {
		return nil
	}
	return func(c *dataset.Column, v any) any {
		op, ok := a.Masks[c.Name]
		if !ok || !op.Masks() || v == nil {
			return v
		}
		if op.Kind == masking.KindNull {
			return nil
		}
		text, isText := v.(string)
		if !isText {
			text = fmt.Sprint(v)
		}
		return op.Apply(text, s.cfg.MaskingKey)
	}
}

func (s *Server) queryData(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	in, err := parseQueryString(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.runQuery(r, p, in)
}

func (s *Server) queryDataJSON(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var in queryInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.runQuery(r, p, in)
}

func (s *Server) runQuery(r *http.Request, p *identity.Principal, in queryInput) (any, error) {
	call, err := s.prepareData(r, p, in)
	if err != nil {
		return nil, err
	}
	if err := s.grants.ConsumeRequest(r.Context(), call.access); err != nil {
		return nil, err
	}
	page, err := s.datasets.Fetch(r.Context(), call.version, call.res.Code, call.query, call.access.RowFilter,
		call.access.RowsLeft, s.maskFunc(call.access))
	if err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.rows = int64(len(page.Rows))
	// The rows are counted in the audit entry's transaction: no page leaves unrecorded or uncounted.
	ac.with = s.grants.RowCounter(call.access, ac.rows)
	return map[string]any{"resource": call.res.Code, "version": call.version.Version, "page": page}, nil
}
