package dlp

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
)

// ColumnGrade is the engine's proposal for one column. It becomes final only when a security
// administrator confirms it.
type ColumnGrade struct {
	Column      string  `json:"column"`
	InfoType    string  `json:"info_type"`  // "" when no information type was found
	Confidence  float64 `json:"confidence"` // confidence in InfoType, 0 to 1
	Level       int     `json:"level"`      // proposed grade, 1 to 5
	Valid       int     `json:"valid"`      // sampled values that matched InfoType
	Sampled     int     `json:"sampled"`    // non-empty values sampled
	RuleVersion string  `json:"rule_version"`
	Hint        string  `json:"hint,omitempty"`   // type suggested by the column name or data element
	Source      string  `json:"source,omitempty"` // evidence for InfoType: "values", "data_element" or "column_name"
}

// GradeColumn samples values spread evenly over the whole column (all of them when there are no
// more than Options.SampleSize), classifies each, and combines the result with the column name
// and the bound data element (either may be ""). A type is assigned when its share of non-empty
// sampled values reaches Options.MinValidRatio, or Options.HintValidRatio when the name or data
// element suggests that type.
func (e *Engine) GradeColumn(name string, values []string, dataElement string) ColumnGrade {
	g := ColumnGrade{Column: name, RuleVersion: e.ruleVersion}

	hint := e.ColumnHint(name)
	elementType := e.ColumnHint(dataElement)
	if elementType != "" {
		hint = elementType
	}
	g.Hint = hint

	counts := make(map[string]int)
	confs := make(map[string]float64)
	n := len(values)
	samples := min(n, e.opts.SampleSize)
	for k := 0; k < samples; k++ {
		v := values[k*n/samples]
		if strings.TrimSpace(v) == "" {
			continue
		}
		g.Sampled++
		typ, conf := e.classifyValue(v, hint)
		if typ != "" {
			counts[typ]++
			confs[typ] += conf
		}
	}

	best := ""
	for typ, c := range counts {
		if best == "" || c > counts[best] || c == counts[best] && (confs[typ] > confs[best] || confs[typ] == confs[best] && typ < best) {
			best = typ
		}
	}

	switch {
	case best != "" && e.enough(counts[best], g.Sampled, best == hint):
		g.InfoType, g.Valid, g.Source = best, counts[best], "values"
		ratio := float64(counts[best]) / float64(g.Sampled)
		g.Confidence = confs[best] / float64(counts[best]) * ratio
		if best == hint {
			g.Confidence = min(0.99, g.Confidence+0.1)
		}
		if elementType == best {
			g.Source = "data_element"
		}
	case elementType != "":
		// A bound data element declares the type even when the values do not show it, for
		// example when they are already masked.
		g.InfoType, g.Valid, g.Source, g.Confidence = elementType, counts[elementType], "data_element", 0.8
	case hint != "":
		// The column name alone: sensitive attributes such as a diagnosis cannot be recognized
		// from values, and an identifier column whose values fail validation is still graded as
		// one so that it is masked until a person decides.
		g.InfoType, g.Valid, g.Source, g.Confidence = hint, counts[hint], "column_name", 0.5
		if e.Level(hint) >= 4 {
			g.Confidence = 0.7
		}
	}

	g.Confidence = round2(g.Confidence)
	g.Level = e.Level(g.InfoType)
	return g
}

func (e *Engine) enough(valid, sampled int, hinted bool) bool {
	if sampled == 0 {
		return false
	}
	ratio := float64(valid) / float64(sampled)
	if hinted {
		return ratio >= e.opts.HintValidRatio
	}
	return ratio >= e.opts.MinValidRatio
}

// GradeResource proposes a resource's grade, the highest grade of its columns. The grade is raised
// to level 4 when a column identifying a person (identifiers.txt) appears together with a
// sensitive attribute (a type graded 4 or more in levels.txt). It is also raised to level 4 when
// the resource covers at least Options.PersonsThreshold distinct persons. The reasons state, in
// English, what set the grade.
func (e *Engine) GradeResource(cols []ColumnGrade, distinctPersons int64) (level int, reasons []string) {
	level = e.opts.DefaultLevel
	reasons = []string{fmt.Sprintf("default level L%d", level)}

	sorted := append([]ColumnGrade(nil), cols...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Level > sorted[j].Level })
	var identifier, attribute *ColumnGrade
	for i := range sorted {
		c := &sorted[i]
		if c.Level > level {
			level = c.Level
			reasons = append(reasons[:0], fmt.Sprintf("column %q holds %s, graded L%d", c.Column, typeOrNone(c.InfoType), c.Level))
		} else if c.Level == level && c.Level > e.opts.DefaultLevel {
			reasons = append(reasons, fmt.Sprintf("column %q holds %s, graded L%d", c.Column, typeOrNone(c.InfoType), c.Level))
		}
		if identifier == nil && e.t.identifierTypes[c.InfoType] {
			identifier = c
		}
		if attribute == nil && c.InfoType != "" && e.t.levels[c.InfoType] >= 4 {
			attribute = c
		}
	}

	if identifier != nil && attribute != nil {
		reasons = append(reasons, fmt.Sprintf("identifier column %q (%s) together with sensitive attribute column %q (%s) requires at least L4",
			identifier.Column, identifier.InfoType, attribute.Column, attribute.InfoType))
		level = max(level, 4)
	}
	if distinctPersons >= e.opts.PersonsThreshold {
		reasons = append(reasons, fmt.Sprintf("%d distinct persons reach the threshold of %d, which requires at least L4", distinctPersons, e.opts.PersonsThreshold))
		level = max(level, 4)
	}

	e.log.Debug("resource graded", slog.Int("level", level), slog.Int("columns", len(cols)), slog.Int64("distinct_persons", distinctPersons))
	return min(level, 5), reasons
}

func typeOrNone(t string) string {
	if t == "" {
		return "no sensitive type"
	}
	return t
}

// IsIdentifier reports whether an information type identifies a person directly
// (identifiers.txt); the distinct values of such a column count the persons a resource covers.
func (e *Engine) IsIdentifier(infoType string) bool { return e.t.identifierTypes[infoType] }

// SampleSize returns the number of values GradeColumn samples from a column.
func (e *Engine) SampleSize() int { return e.opts.SampleSize }
