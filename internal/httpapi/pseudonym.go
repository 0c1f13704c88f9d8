package httpapi

import (
	"net/http"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/grant"
	"govshare/internal/masking"
)

// pseudonymIndexLabel is hashed with the masking key to name the pseudonym indexes of that key,
// so that indexes built under an earlier key are never used.
const pseudonymIndexLabel = "govshare pseudonym index"

// grantedFilters checks a query's filters against the grant. A filter on a field the caller sees
// in clear passes unchanged. An eq or in filter on a field masked with an hmac pseudonym gives
// pseudonyms: it becomes a filter on the stored values with those pseudonyms, and a filter that
// no stored value matches becomes a filter that matches no row. Every other filter on a masked
// field is rejected, so a caller never filters on a clear value it may not see.
func (s *Server) grantedFilters(r *http.Request, res *catalog.Resource, v *dataset.Version, access *grant.Access,
	filters []dataset.Condition) ([]dataset.Condition, error) {
	out := make([]dataset.Condition, 0, len(filters))
	for i, c := range filters {
		if !access.Allows(c.Field) {
			return nil, apierr.New("filter_not_granted", "field", c.Field)
		}
		if !access.Masked(c.Field) {
			out = append(out, c)
			continue
		}
		op := access.Masks[c.Field]
		if op.Kind != masking.KindHMAC || (c.Op != dataset.OpEq && c.Op != dataset.OpIn) {
			return nil, apierr.New("filter_not_granted", "field", c.Field)
		}
		if err := c.Validate("filter[" + itoa(int64(i)) + "]"); err != nil {
			return nil, err
		}

		key := s.cfg.MaskingKey
		suite := op.Suite
		if suite == "" {
			suite = masking.SuiteInternational
		}
		tag := suite + op.Apply(pseudonymIndexLabel, key)[:10]
		values, err := s.datasets.ClearValues(r.Context(), v, res.Code, c.Field, tag,
			func(text string) string { return op.Apply(text, key) }, c.Values, s.logger)
		if err != nil {
			return nil, err
		}
		if len(values) == 0 {
			out = append(out, dataset.Condition{Field: c.Field, Op: dataset.OpNone})
			continue
		}
		out = append(out, dataset.Condition{Field: c.Field, Op: dataset.OpIn, Values: values})
	}
	return out, nil
}
