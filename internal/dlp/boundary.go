package dlp

import (
	"fmt"

	"govshare/internal/masking"
)

// Open types and sharing types of a resource, as in the catalog.
const (
	OpenOpen        = "open"
	OpenConditional = "conditional"
	OpenClosed      = "closed"

	ShareUnconditional = "unconditional"
	ShareConditional   = "conditional"
	ShareNone          = "none"
)

// Boundary rules.
const (
	RuleOpenMasked      = "open_l3_masked"          // an open or conditionally open resource masks every column graded L3 or higher
	RuleUnconditionalL4 = "unconditional_l4_masked" // an unconditionally shared resource masks every column graded L4 or higher
	RuleMaskInvalid     = "mask_invalid"            // a column's masking operator does not validate
)

// BoundaryColumn is a column of a resource with its confirmed grade and the operator applied to
// it for the consumers in question. A zero Mask means the column is exposed in clear.
type BoundaryColumn struct {
	Column string           `json:"column"`
	Level  int              `json:"level"`
	Mask   masking.Operator `json:"mask"`
}

// Violation names a column that breaks a boundary rule, with messages for the user.
type Violation struct {
	Column    string `json:"column"`
	Level     int    `json:"level"`
	Rule      string `json:"rule"`
	Message   string `json:"message"`    // English
	MessageZH string `json:"message_zh"` // Simplified Chinese
}

// CheckBoundary returns every column that keeps the resource from being published with the given
// open type and sharing type. With open type open or conditional, every unmasked column graded L3
// or higher is reported. With sharing type unconditional, every unmasked column graded L4 or
// higher is reported. It returns an error for an unknown open or sharing type.
func CheckBoundary(openType, sharingType string, cols []BoundaryColumn) ([]Violation, error) {
	switch openType {
	case OpenOpen, OpenConditional, OpenClosed:
	default:
		return nil, fmt.Errorf("dlp: unknown open type %q; use open, conditional or closed", openType)
	}
	switch sharingType {
	case ShareUnconditional, ShareConditional, ShareNone:
	default:
		return nil, fmt.Errorf("dlp: unknown sharing type %q; use unconditional, conditional or none", sharingType)
	}

	var out []Violation
	for _, c := range cols {
		if c.Mask.Kind != "" && c.Mask.Masks() {
			if err := c.Mask.Validate(); err != nil {
				out = append(out, Violation{
					Column: c.Column, Level: c.Level, Rule: RuleMaskInvalid,
					Message:   fmt.Sprintf("column %q: masking operator is invalid (%v); fix the masking profile", c.Column, err),
					MessageZH: fmt.Sprintf("字段“%s”的脱敏规则无效（%v），请修改脱敏方案", c.Column, err),
				})
			}
			continue
		}

		if (openType == OpenOpen || openType == OpenConditional) && c.Level >= 3 {
			out = append(out, Violation{
				Column: c.Column, Level: c.Level, Rule: RuleOpenMasked,
				Message:   fmt.Sprintf("column %q is graded L%d and not masked; a resource with open type %q must mask every column graded L3 or higher", c.Column, c.Level, openType),
				MessageZH: fmt.Sprintf("字段“%s”定级为L%d且未脱敏；开放类型为“%s”的资源必须对L3及以上字段脱敏", c.Column, c.Level, openTypeZH(openType)),
			})
			continue
		}
		if sharingType == ShareUnconditional && c.Level >= 4 {
			out = append(out, Violation{
				Column: c.Column, Level: c.Level, Rule: RuleUnconditionalL4,
				Message:   fmt.Sprintf("column %q is graded L%d and not masked; an unconditionally shared resource must mask every column graded L4 or higher", c.Column, c.Level),
				MessageZH: fmt.Sprintf("字段“%s”定级为L%d且未脱敏；无条件共享的资源必须对L4及以上字段脱敏", c.Column, c.Level),
			})
		}
	}
	return out, nil
}

func openTypeZH(t string) string {
	if t == OpenOpen {
		return "无条件开放"
	}
	return "有条件开放"
}
