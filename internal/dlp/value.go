package dlp

import (
	"strings"
	"unicode/utf8"
)

// ClassifyValue returns the information type of a whole column value and its confidence, or ""
// when the value is not sensitive. hint is the type suggested by the column name or data element
// ("" for none). It replaces the context words that free text would have, so that for example
// 张三 in a column named 姓名 is a name.
func (e *Engine) ClassifyValue(value, hint string) (string, float64) {
	typ, conf := e.classifyValue(value, hint)
	if conf < e.opts.MinConfidence {
		return "", 0
	}
	return typ, conf
}

// classifyValue is ClassifyValue without the confidence floor: column grading adds up weak
// evidence such as unhinted name-like values over many rows.
func (e *Engine) classifyValue(value, hint string) (string, float64) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", 0
	}

	n := utf8.RuneCountInString(v)
	for _, f := range e.scan(v, hint) {
		if f.Start == 0 && f.End == n {
			return f.Type, f.Confidence
		}
		if f.Type == TypeAddress && f.Start == 0 && f.End*10 >= n*6 {
			return f.Type, f.Confidence * 0.9
		}
	}

	if e.looksLikeName(v) && !hasPlaceSuffix(v) {
		if hint == TypeName {
			return TypeName, 0.95
		}
		return TypeName, 0.45
	}
	if hint == TypeAddress && e.streetAddress(v) {
		return TypeAddress, 0.8
	}
	return "", 0
}

// hasPlaceSuffix reports whether v ends like a place or an organization (高新区, 王府井, 李村) rather
// than a given name.
func hasPlaceSuffix(v string) bool {
	r, _ := utf8.DecodeLastRuneInString(v)
	return strings.ContainsRune("区县市省州路街巷局院所厅委办司厂店部队站科处村镇乡馆校园场井湖山河桥楼港湾岛城周", r)
}

// streetAddress reports whether v, with no division name at its start, still reads as an address
// made of components such as 建国路88号.
func (e *Engine) streetAddress(v string) bool {
	sc := scanner{t: e.t, trig: e.trig, s: Normalize(v).Text}
	p := 0
	street := false
	for p < len(sc.s) {
		q, isStreet, ok := sc.component(p)
		if !ok {
			break
		}
		p = q
		street = street || isStreet
	}
	return street && p*10 >= len(sc.s)*6
}

// ColumnHint returns the information type suggested by a column or data element name, or "".
// Chinese words match anywhere in the name; ASCII words match only as whole words, so "ip" hints
// "client_ip" but not "zip".
func (e *Engine) ColumnHint(name string) string {
	lower := strings.ToLower(strings.TrimSpace(name))
	if lower == "" {
		return ""
	}
	if _, ok := e.t.levels[lower]; ok {
		return lower // the name is itself an information type, as a bound data element may be
	}
	for _, h := range e.t.columnHints {
		if !h.ascii {
			if strings.Contains(lower, h.word) {
				return h.infoType
			}
			continue
		}
		for from := 0; ; {
			k := strings.Index(lower[from:], h.word)
			if k < 0 {
				break
			}
			k += from
			end := k + len(h.word)
			if (k == 0 || !isAlnum(lower[k-1])) && (end == len(lower) || !isAlnum(lower[end])) {
				return h.infoType
			}
			from = k + 1
		}
	}
	return ""
}
