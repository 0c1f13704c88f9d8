package ingest

import (
	"bytes"
	"fmt"
	"strings"
)

// setColumns names the columns after the header labels and applies the declared schema and the
// fill-down option.
func (p *Plan) setColumns(labels []string) error {
	names, renamed := columnNames(labels)
	p.Columns = make([]Column, len(labels))
	p.columns = make([]columnRule, len(labels))
	for i := range labels {
		p.Columns[i] = Column{Name: names[i], Label: labels[i], Type: TypeString}
	}
	for _, i := range renamed {
		detail := fmt.Sprintf("header %q", labels[i])
		detailZH := fmt.Sprintf("表头“%s”", labels[i])
		if labels[i] == "" {
			detail = fmt.Sprintf("blank header in position %d", i+1)
			detailZH = fmt.Sprintf("第 %d 列表头为空", i+1)
		}
		p.Warnings = append(p.Warnings, Problem{Code: "header_renamed", File: p.File, Sheet: p.Sheet,
			Row: int64(p.HeaderRow), Column: names[i], Detail: detail, DetailZH: detailZH})
	}

	if s := p.opts.Schema; s != nil {
		if len(s.MissingValues) > 0 {
			p.missing = make(map[string]bool, len(s.MissingValues))
			for _, m := range s.MissingValues {
				p.missing[m] = true
			}
		}
		for _, f := range s.Fields {
			i := p.columnIndex(f.Name)
			if i < 0 && f.Title != "" {
				i = p.columnIndex(f.Title)
			}
			if i < 0 {
				return &Problem{Code: "schema_field_not_found", File: p.File, Sheet: p.Sheet, Column: f.Name}
			}
			col, rule := &p.Columns[i], &p.columns[i]
			if f.Type != "" {
				mask, err := formatMask(f.Type, f.Format)
				if err != nil {
					return &Problem{Code: "invalid_option", File: p.File, Column: f.Name, Detail: err.Error()}
				}
				col.Type, col.Format, col.Declared = f.Type, f.Format, true
				rule.typ, rule.mask, rule.declared = f.Type, mask, true
			}
			if f.DataElement != "" {
				e := dataElements[f.DataElement]
				col.DataElement = f.DataElement
				rule.element = &e
			}
		}
	}

	for _, name := range p.opts.FillDown {
		i := p.columnIndex(name)
		if i < 0 {
			return &Problem{Code: "invalid_option", File: p.File, Sheet: p.Sheet, Column: name,
				Detail: "the fill-down column is not in the header", DetailZH: "向下填充的列不在表头中"}
		}
		p.fillDown = append(p.fillDown, i)
	}
	return nil
}

// columnIndex finds a column by name or label, ignoring case, or returns -1.
func (p *Plan) columnIndex(name string) int {
	for i, c := range p.Columns {
		if c.Name == name || c.Label == name {
			return i
		}
	}
	for i, c := range p.Columns {
		if strings.EqualFold(c.Name, name) || strings.EqualFold(c.Label, name) {
			return i
		}
	}
	return -1
}

// addColumn appends a column with a generated name, for rows longer than the header.
func (p *Plan) addColumn(label string) error {
	if len(p.Columns)+1 > p.limits.MaxColumns {
		return &Problem{Code: "too_many_columns", File: p.File, Sheet: p.Sheet,
			Detail: fmt.Sprintf("the limit is %d columns", p.limits.MaxColumns), DetailZH: fmt.Sprintf("上限为 %d 列", p.limits.MaxColumns)}
	}
	labels := make([]string, 0, len(p.Columns)+1)
	for _, c := range p.Columns {
		labels = append(labels, c.Name)
	}
	labels = append(labels, label)
	names, _ := columnNames(labels)
	p.Columns = append(p.Columns, Column{Name: names[len(names)-1], Label: label, Type: TypeString})
	p.columns = append(p.columns, columnRule{typ: TypeString})
	return nil
}

// initialMask returns the format bits a column starts with during analysis.
func (r columnRule) initialMask() uint32 {
	if r.declared {
		return r.mask
	}
	return inferBits
}

func (p *Plan) isNull(v []byte) bool {
	t := trimSpace(v)
	if len(t) == 0 {
		return true
	}
	return p.missing != nil && p.missing[string(t)]
}

// checkRow validates a row against declared types and data elements.
func (p *Plan) checkRow(rec record, cells [][]byte) *Problem {
	for i, rule := range p.columns {
		if !rule.declared && rule.element == nil {
			continue
		}
		if i >= len(cells) || p.isNull(cells[i]) {
			continue
		}
		v := trimSpace(cells[i])
		if rule.declared && rule.mask != 0 && matchFormats(v, rule.mask, p.opts.DecimalComma) == 0 {
			return &Problem{Code: "invalid_value", File: p.File, Sheet: p.Sheet, Row: rec.row, Offset: rec.offset,
				Column: p.Columns[i].Name, Detail: fmt.Sprintf("%q is not %s", cutBytes(string(v), 80), p.Columns[i].Type),
				DetailZH: fmt.Sprintf("“%s”不是%s", cutBytes(string(v), 80), typeNamesZH[p.Columns[i].Type])}
		}
		if rule.element != nil {
			if err := rule.element.Validate(string(v)); err != nil {
				return &Problem{Code: "invalid_data_element", File: p.File, Sheet: p.Sheet, Row: rec.row, Offset: rec.offset,
					Column: p.Columns[i].Name, Detail: rule.element.Name + ": " + err.Error(),
					DetailZH: rule.element.Title + "校验未通过：" + err.Error()}
			}
		}
	}
	return nil
}

// converter turns cells into typed values. The text of string columns, and of dates already in
// ISO form, is copied into one string per row that the values share, so a row costs one string
// allocation however many text columns it has.
type converter struct {
	plan    *Plan
	rowText []byte
	recent  []*[boxCacheSize]boxedString // per column; nil for columns with many distinct values
}

// boxCacheSize is how many strings per column a converter keeps boxed. Columns of codes,
// statuses and districts repeat a few values, and reusing their interface values saves an
// allocation per cell. Columns with more distinct values than this box every value anew,
// because the cache would miss.
const boxCacheSize = 64

type boxedString struct {
	s   string
	box any
}

// box returns s as an interface value, reusing an earlier one of column i with the same text.
func (cv *converter) box(i int, s string) any {
	if cv.recent == nil {
		cv.recent = make([]*[boxCacheSize]boxedString, len(cv.plan.columns))
		for j, c := range cv.plan.Columns {
			if c.Profile.Distinct <= boxCacheSize {
				cv.recent[j] = new([boxCacheSize]boxedString)
			}
		}
	}
	cache := cv.recent[i]
	if cache == nil || len(s) == 0 {
		return s
	}
	slot := &cache[(len(s)*31+int(s[0])*7+int(s[len(s)-1]))%boxCacheSize]
	if slot.box != nil && slot.s == s {
		return slot.box
	}
	slot.s, slot.box = s, s
	return slot.box
}

// appendValues appends one typed value per column to dst.
func (cv *converter) appendValues(dst []any, cells [][]byte) []any {
	p := cv.plan
	dc := p.opts.DecimalComma

	cv.rowText = cv.rowText[:0]
	for i, rule := range p.columns {
		if i < len(cells) && (rule.typ == TypeString || rule.typ == TypeDate) {
			cv.rowText = append(cv.rowText, cells[i]...)
		}
	}
	text := string(cv.rowText)
	at := 0

	var scratch [40]byte
	for i, rule := range p.columns {
		var v []byte
		if i < len(cells) {
			v = cells[i]
		}
		var own string
		if rule.typ == TypeString || rule.typ == TypeDate {
			own = text[at : at+len(v)]
			at += len(v)
		}
		if p.isNull(v) {
			dst = append(dst, nil)
			continue
		}
		switch rule.typ {
		case TypeString:
			dst = append(dst, cv.box(i, own))
			continue
		case TypeInteger:
			parse := parseInt
			if rule.mask&fIntDeclared != 0 {
				parse = parseDeclaredInt
			}
			if x, ok := parse(trimSpace(v), dc); ok {
				dst = append(dst, x)
				continue
			}
		case TypeNumber:
			if x, ok := parseNumber(trimSpace(v), dc); ok {
				dst = append(dst, x)
				continue
			}
		case TypeBoolean:
			if b, ok := parseBool(trimSpace(v)); ok {
				dst = append(dst, b)
				continue
			}
		case TypeDate, TypeDatetime, TypeTime:
			if out, ok := appendTemporalMask(scratch[:0], trimSpace(v), rule.mask); ok {
				if rule.typ == TypeDate && bytes.Equal(out, v) {
					dst = append(dst, cv.box(i, own))
				} else {
					dst = append(dst, string(out))
				}
				continue
			}
		}
		dst = append(dst, string(v))
	}
	return dst
}

// appendTemporalMask converts v with the first format bit of mask that fits it.
func appendTemporalMask(dst, v []byte, mask uint32) ([]byte, bool) {
	for m := mask; m != 0; m &= m - 1 {
		if out, ok := appendTemporal(dst, v, m&-m); ok {
			return out, true
		}
	}
	return dst, false
}

// buildSchema returns the Frictionless Table Schema of the stored table.
func (p *Plan) buildSchema() Schema {
	s := Schema{MissingValues: []string{""}}
	if d := p.opts.Schema; d != nil {
		if len(d.MissingValues) > 0 {
			s.MissingValues = append([]string(nil), d.MissingValues...)
		}
		s.PrimaryKey = append([]string(nil), d.PrimaryKey...)
	}
	for _, c := range p.Columns {
		f := Field{Name: c.Name, Type: c.Type, Format: c.Format, DataElement: c.DataElement}
		if c.Label != c.Name {
			f.Title = c.Label
		}
		s.Fields = append(s.Fields, f)
	}
	return s
}
