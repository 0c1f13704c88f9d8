package ingest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"govshare/internal/idcheck"
)

// Schema is a Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/).
// A data element binding is kept in the "govshare:dataElement" property of a field.
type Schema struct {
	Fields        []Field  `json:"fields"`
	MissingValues []string `json:"missingValues,omitempty"`
	// NOTE: ingestion records the primary key but does not check it for uniqueness, because that
	// would need memory in proportion to the rows. The table's unique index has to enforce it.
	PrimaryKey []string `json:"primaryKey,omitempty"`
}

// Field is one field of a Frictionless Table Schema.
type Field struct {
	Name        string `json:"name"`
	Title       string `json:"title,omitempty"`
	Type        Type   `json:"type"`
	Format      string `json:"format,omitempty"`
	Description string `json:"description,omitempty"`
	DataElement string `json:"govshare:dataElement,omitempty"`
}

// ParseSchema decodes a Frictionless Table Schema from JSON and checks its types, formats and
// data elements.
func ParseSchema(data []byte) (*Schema, error) {
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("decoding table schema: %w", err)
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

func (s *Schema) validate() error {
	for _, f := range s.Fields {
		if strings.TrimSpace(f.Name) == "" {
			return &Problem{Code: "invalid_option", Detail: "a schema field has no name"}
		}
		switch f.Type {
		case "", TypeString, TypeInteger, TypeNumber, TypeBoolean, TypeDate, TypeDatetime, TypeTime:
		default:
			return &Problem{Code: "invalid_option", Column: f.Name,
				Detail: fmt.Sprintf("type %q is not one of string, integer, number, boolean, date, datetime, time", f.Type)}
		}
		if _, err := formatMask(f.Type, f.Format); err != nil {
			return &Problem{Code: "invalid_option", Column: f.Name, Detail: err.Error()}
		}
		if f.DataElement != "" {
			if _, ok := dataElements[f.DataElement]; !ok {
				return &Problem{Code: "unknown_data_element", Column: f.Name, Detail: f.DataElement}
			}
		}
	}
	return nil
}

// formatMask returns the candidate bits a declared type and format allow.
func formatMask(t Type, format string) (uint32, error) {
	if format == "" || format == "default" || format == "any" {
		switch t {
		case TypeInteger:
			return fIntDeclared, nil
		case TypeNumber:
			return fNum | fInt, nil
		case TypeBoolean:
			return fBool, nil
		case TypeDate:
			return dateBits &^ (fYMDCompact | fDMYSlash | fMDYSlash), nil
		case TypeDatetime:
			return datetimeBits, nil
		case TypeTime:
			return fTime, nil
		}
		return 0, nil
	}
	bit, ok := formatBits[format]
	if !ok {
		return 0, fmt.Errorf("format %q is not supported; use one of %s", format, supportedFormats())
	}
	switch {
	case t == TypeDate && bit&dateBits != 0, t == TypeDatetime && bit&datetimeBits != 0, t == TypeTime && bit == fTime:
		return bit, nil
	}
	return 0, fmt.Errorf("format %q does not fit type %q", format, t)
}

func supportedFormats() string {
	var names []string
	for name := range formatBits {
		names = append(names, name)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// DataElement validates the values of a column bound to a standard data element.
type DataElement struct {
	Name     string
	Title    string // Simplified Chinese name of the data element
	Validate func(string) error
}

// dataElements lists the data elements a schema can bind.
var dataElements = map[string]DataElement{
	"uscc":       {Name: "uscc", Title: "统一社会信用代码", Validate: idcheck.CheckUSCC},
	"org_code":   {Name: "org_code", Title: "组织机构代码", Validate: idcheck.CheckOrgCode},
	"citizen_id": {Name: "citizen_id", Title: "公民身份号码", Validate: checkCitizenID},
}

// DataElements returns the data elements a schema can bind, sorted by name.
func DataElements() []DataElement {
	out := make([]DataElement, 0, len(dataElements))
	for _, e := range dataElements {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b DataElement) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// checkCitizenID validates an 18-character citizen ID number (GB 11643): digits, a valid birth
// date and the ISO 7064 MOD 11-2 check character.
func checkCitizenID(id string) error {
	if len(id) != 18 {
		return fmt.Errorf("citizen ID number must be 18 characters, got %d", len(id))
	}
	for i := 0; i < 17; i++ {
		if c := id[i]; c < '0' || c > '9' {
			return fmt.Errorf("character %d %q is not a digit", i+1, c)
		}
	}
	y := atoi(id[6:10])
	m := atoi(id[10:12])
	d := atoi(id[12:14])
	if !validDate(y, m, d) {
		return fmt.Errorf("birth date %s is not a valid date", id[6:14])
	}
	want := idcheck.ResidentIDCheckChar(id[:17])
	got := id[17]
	if got == 'x' {
		got = 'X'
	}
	if got != want {
		return fmt.Errorf("check character is %q, expected %q", id[17], want)
	}
	return nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
