package masking

import (
	"fmt"
	"strings"
)

// Profile maps columns and information types to operators. A grant references a profile by name.
type Profile struct {
	Name    string              `json:"name"`
	Columns map[string]Operator `json:"columns,omitempty"` // by column name, matched case-insensitively
	Types   map[string]Operator `json:"types,omitempty"`   // by information type such as "id_card"
	Default *Operator           `json:"default,omitempty"` // for columns matched by neither
}

// For returns the operator for a column: the column's own entry first, then its information
// type's, then the default. It reports false when none applies.
func (p Profile) For(column, infoType string) (Operator, bool) {
	if op, ok := p.Columns[column]; ok {
		return op, true
	}
	for name, op := range p.Columns {
		if strings.EqualFold(name, column) {
			return op, true
		}
	}
	if infoType != "" {
		if op, ok := p.Types[infoType]; ok {
			return op, true
		}
	}
	if p.Default != nil {
		return *p.Default, true
	}
	return Operator{}, false
}

// Validate checks every operator of the profile and names the first invalid entry.
func (p Profile) Validate() error {
	for col, op := range p.Columns {
		if err := op.Validate(); err != nil {
			return fmt.Errorf("profile %q column %q: %w", p.Name, col, err)
		}
	}
	for typ, op := range p.Types {
		if err := op.Validate(); err != nil {
			return fmt.Errorf("profile %q type %q: %w", p.Name, typ, err)
		}
	}
	if p.Default != nil {
		if err := p.Default.Validate(); err != nil {
			return fmt.Errorf("profile %q default: %w", p.Name, err)
		}
	}
	return nil
}

// StandardProfile returns the display conventions for every information type the dlp engine
// detects, with the fixed mask as default. It is a starting point for a deployment's profiles.
func StandardProfile() Profile {
	preset := func(name string) Operator { return Operator{Kind: KindPreset, Preset: name} }
	fixed := Operator{Kind: KindFixed}
	return Profile{
		Name: "standard",
		Types: map[string]Operator{
			"id_card":          preset("id_card"),
			"residence_permit": preset("id_card"),
			"foreigner_pr":     preset("id_card"),
			"bank_card":        preset("bank_card"),
			"mobile":           preset("phone"),
			"landline":         Operator{Kind: KindKeep, First: 4, Last: 2},
			"email":            preset("email"),
			"name":             preset("chinese_name"),
			"address":          preset("address"),
			"passport":         preset("passport"),
			"hk_macau_permit":  preset("passport"),
			"taiwan_permit":    preset("passport"),
			"plate":            preset("plate"),
			"birth_date":       {Kind: KindGeneralize, Level: "year"},
			"ipv4":             fixed,
			"ipv6":             fixed,
		},
		Default: &fixed,
	}
}
