package httpapi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/dataset"
)

// queryInput is the JSON form of a data query (POST .../query); the GET form carries the same
// parameters in the query string.
type queryInput struct {
	Version int                 `json:"version"`
	Fields  []string            `json:"fields"`
	Filters []dataset.Condition `json:"filters"`
	Sort    []string            `json:"sort"`
	Limit   int                 `json:"limit"`
	Cursor  string              `json:"cursor"`
	Total   string              `json:"total"`
}

// listParam reads a list parameter given as a JSON array (["a,b","c"]) or as comma-separated text.
func listParam(name, raw string) ([]string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	if strings.HasPrefix(raw, "[") {
		var out []string
		if err := json.Unmarshal([]byte(raw), &out); err != nil {
			return nil, apierr.New("invalid_parameter", "param", name, "detail", "a JSON list of strings was expected")
		}
		return out, nil
	}
	return strings.Split(raw, ","), nil
}

// parseQueryString reads a GET query: fields=a,b; filter.<field>=<op>:<value> (repeatable; 'in'
// takes a comma-separated or JSON list); sort=a,-b; limit; cursor; total=exact|estimate; version.
func parseQueryString(values url.Values) (queryInput, error) {
	var in queryInput
	var err error
	if in.Fields, err = listParam("fields", values.Get("fields")); err != nil {
		return in, err
	}
	if in.Sort, err = listParam("sort", values.Get("sort")); err != nil {
		return in, err
	}
	in.Cursor = values.Get("cursor")
	in.Total = values.Get("total")
	if v := values.Get("limit"); v != "" {
		if _, err := fmt.Sscanf(v, "%d", &in.Limit); err != nil || in.Limit < 1 {
			return in, apierr.New("invalid_parameter", "param", "limit", "detail", "use a whole number of 1 or more")
		}
	}
	if v := values.Get("version"); v != "" {
		if _, err := fmt.Sscanf(v, "%d", &in.Version); err != nil || in.Version < 1 {
			return in, apierr.New("invalid_parameter", "param", "version", "detail", "use a version number of 1 or more")
		}
	}

	for key, vals := range values {
		field, ok := strings.CutPrefix(key, "filter.")
		if !ok {
			continue
		}
		for _, v := range vals {
			op, value, found := strings.Cut(v, ":")
			if !found {
				return in, apierr.New("invalid_parameter", "param", key, "detail", "use <op>:<value>, for example eq:110000")
			}
			cond := dataset.Condition{Field: field, Op: op, Values: []string{value}}
			if op == dataset.OpIn {
				if cond.Values, err = listParam(key, value); err != nil {
					return in, err
				}
			}
			in.Filters = append(in.Filters, cond)
		}
	}
	return in, nil
}

func sortKeys(sort []string) []dataset.SortKey {
	keys := make([]dataset.SortKey, 0, len(sort))
	for _, s := range sort {
		if f, ok := strings.CutPrefix(s, "-"); ok {
			keys = append(keys, dataset.SortKey{Field: f, Desc: true})
			continue
		}
		keys = append(keys, dataset.SortKey{Field: strings.TrimPrefix(s, "+")})
	}
	return keys
}
