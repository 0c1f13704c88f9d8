package dataset

import (
	"fmt"
	"slices"
	"strings"

	"govshare/internal/apierr"
)

// Filter operators of the data API and of row filters.
const (
	OpEq     = "eq"
	OpNe     = "ne"
	OpIn     = "in"
	OpGt     = "gt"
	OpGte    = "gte"
	OpLt     = "lt"
	OpLte    = "lte"
	OpPrefix = "prefix"
	// OpNone matches no row. It takes no values; the data API puts it in place of a pseudonym
	// filter that no stored value matches.
	OpNone = "none"
)

var ops = []string{OpEq, OpNe, OpIn, OpGt, OpGte, OpLt, OpLte, OpPrefix}

// Condition is one condition on a field: field op value(s). Query filters and the row filters of
// grants are lists of conditions that all must hold.
type Condition struct {
	Field  string   `json:"field"`
	Op     string   `json:"op"`
	Values []string `json:"values"`
}

// Validate checks the operator and the number of values.
func (c Condition) Validate(param string) error {
	if c.Op == OpNone && len(c.Values) == 0 {
		return nil
	}
	if !slices.Contains(ops, c.Op) {
		return apierr.New("invalid_parameter", "param", param, "detail",
			fmt.Sprintf("operator %q is not one of %s", c.Op, strings.Join(ops, ", ")))
	}
	switch {
	case c.Op == OpIn && (len(c.Values) == 0 || len(c.Values) > 1000):
		return apierr.New("invalid_parameter", "param", param, "detail", "'in' needs 1 to 1000 values")
	case c.Op != OpIn && len(c.Values) != 1:
		return apierr.New("invalid_parameter", "param", param, "detail", fmt.Sprintf("%q needs exactly one value", c.Op))
	}
	return nil
}
