// Package catalog keeps the resource catalog: registration with the national catalog metadata
// (GB/T 21063), review by the platform operator, publication, withdrawal, versioned metadata and
// search.
package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"govshare/internal/apierr"
	"govshare/internal/dataset"
)

// Sharing types (共享类型).
const (
	SharingUnconditional = "unconditional"
	SharingConditional   = "conditional"
	SharingNone          = "none"
)

// Open types (开放类型).
const (
	OpenOpen        = "open"
	OpenConditional = "conditional"
	OpenClosed      = "closed"
)

// Classifications of a resource: base resources (基础信息资源), theme resources (主题信息资源) and
// department resources (部门信息资源).
var classifications = []string{"base", "theme", "department"}

// Base resource categories named by the national sharing scheme.
var baseCategories = []string{"population", "legal_entity", "natural_resources_geospatial", "social_credit", "electronic_licence"}

var (
	sharingTypes  = []string{SharingUnconditional, SharingConditional, SharingNone}
	openTypes     = []string{OpenOpen, OpenConditional, OpenClosed}
	updateCycles  = []string{"realtime", "daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly", "irregular"}
	itemTypes     = []string{"string", "integer", "number", "boolean", "date", "datetime", "time"}
	formats       = []string{"table", "file", "api", "document", "image", "geospatial", "other"}
	datePattern   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	fieldPattern  = regexp.MustCompile(`^[^\x00-\x1f]{1,63}$`)
	sharingMethod = []string{"api", "file", "database", "subscription"}
)

// Item is an information item (信息项): one field of the resource.
type Item struct {
	Name        string `json:"name"`
	Label       string `json:"label,omitempty"`
	Type        string `json:"type"`
	Length      int    `json:"length,omitempty"`
	DataElement string `json:"data_element,omitempty"`
	Description string `json:"description,omitempty"`
}

// Metadata is the catalog description of a resource, following the national catalog scheme.
type Metadata struct {
	Name              string   `json:"name"`
	NameEN            string   `json:"name_en,omitempty"`
	Summary           string   `json:"summary"`
	Classification    string   `json:"classification"`
	BaseCategory      string   `json:"base_category,omitempty"`
	Theme             string   `json:"theme,omitempty"`
	Keywords          []string `json:"keywords,omitempty"`
	Format            string   `json:"format"`
	Items             []Item   `json:"items,omitempty"`
	SharingType       string   `json:"sharing_type"`
	SharingConditions string   `json:"sharing_conditions,omitempty"`
	SharingMethod     string   `json:"sharing_method,omitempty"`
	LegalBasis        string   `json:"legal_basis,omitempty"`
	OpenType          string   `json:"open_type"`
	OpenConditions    string   `json:"open_conditions,omitempty"`
	UpdateCycle       string   `json:"update_cycle"`
	PublishDate       string   `json:"publish_date,omitempty"`
	RelatedCodes      []string `json:"related_codes,omitempty"`
	SecurityLevel     int      `json:"security_level"`
}

func invalid(param, detail string) error {
	return apierr.New("invalid_metadata", "param", param, "detail", detail)
}

func oneOf(param, value string, allowed []string) error {
	if !slices.Contains(allowed, value) {
		return invalid(param, fmt.Sprintf("%q is not one of %s", value, strings.Join(allowed, ", ")))
	}
	return nil
}

// Normalize trims the metadata's text and fills defaults.
func (m *Metadata) Normalize() {
	m.Name = strings.TrimSpace(m.Name)
	m.NameEN = strings.TrimSpace(m.NameEN)
	m.Summary = strings.TrimSpace(m.Summary)
	if m.Format == "" {
		m.Format = "table"
	}
	if m.SharingMethod == "" {
		m.SharingMethod = "api"
	}
	if m.OpenType == "" {
		m.OpenType = OpenClosed
	}
	if m.UpdateCycle == "" {
		m.UpdateCycle = "irregular"
	}
}

// Validate checks every field against the catalog scheme and the rules that tie them together:
// conditional sharing needs its conditions, no sharing needs its legal basis, conditional opening
// needs its conditions.
func (m *Metadata) Validate() error {
	m.Normalize()
	if m.Name == "" || utf8.RuneCountInString(m.Name) > 200 {
		return invalid("name", "give a name of 1 to 200 characters")
	}
	if m.Summary == "" {
		return invalid("summary", "describe the resource in a summary")
	}

	if err := oneOf("classification", m.Classification, classifications); err != nil {
		return err
	}
	if m.Classification == "base" {
		if err := oneOf("base_category", m.BaseCategory, baseCategories); err != nil {
			return err
		}
	}
	if err := oneOf("format", m.Format, formats); err != nil {
		return err
	}

	if err := oneOf("sharing_type", m.SharingType, sharingTypes); err != nil {
		return err
	}
	if err := oneOf("sharing_method", m.SharingMethod, sharingMethod); err != nil {
		return err
	}
	if m.SharingType == SharingConditional && strings.TrimSpace(m.SharingConditions) == "" {
		return invalid("sharing_conditions", "conditional sharing needs the conditions a consumer must meet")
	}
	if m.SharingType == SharingNone && strings.TrimSpace(m.LegalBasis) == "" {
		return invalid("legal_basis", "a resource that is not shared must state the legal basis for not sharing it")
	}

	if err := oneOf("open_type", m.OpenType, openTypes); err != nil {
		return err
	}
	if m.OpenType == OpenConditional && strings.TrimSpace(m.OpenConditions) == "" {
		return invalid("open_conditions", "conditional opening needs the conditions an applicant must meet")
	}

	if err := oneOf("update_cycle", m.UpdateCycle, updateCycles); err != nil {
		return err
	}
	if m.PublishDate != "" && !datePattern.MatchString(m.PublishDate) {
		return invalid("publish_date", "use the form YYYY-MM-DD")
	}
	if m.SecurityLevel < 1 || m.SecurityLevel > 5 {
		return invalid("security_level", "use a grade from 1 (public) to 5 (important data)")
	}
	if m.SecurityLevel > 1 && m.OpenType == OpenOpen {
		return invalid("open_type", "only a resource graded L1 may be opened without conditions")
	}
	return m.validateItems()
}

func (m *Metadata) validateItems() error {
	seen := map[string]bool{}
	for i := range m.Items {
		it := &m.Items[i]
		it.Name = strings.TrimSpace(it.Name)
		param := fmt.Sprintf("items[%d]", i)
		if !fieldPattern.MatchString(it.Name) {
			return invalid(param+".name", "give a name of 1 to 63 characters without control characters")
		}
		if seen[it.Name] {
			return invalid(param+".name", fmt.Sprintf("item %q appears twice", it.Name))
		}
		seen[it.Name] = true
		if it.Type == "" {
			it.Type = "string"
		}
		if err := oneOf(param+".type", it.Type, itemTypes); err != nil {
			return err
		}
		if it.Length < 0 {
			return invalid(param+".length", "use a positive length")
		}
	}
	return nil
}

// searchText returns the lowercased text that search terms are matched against.
func (m *Metadata) searchText(deptName string) string {
	parts := []string{m.Name, m.NameEN, m.Summary, m.Theme, deptName}
	parts = append(parts, m.Keywords...)
	for _, it := range m.Items {
		parts = append(parts, it.Name, it.Label)
	}
	return strings.ToLower(strings.Join(parts, " \u0001 "))
}

// ItemsOf returns the information items that describe the columns of a loaded dataset version.
func ItemsOf(cols []dataset.Column) []Item {
	items := make([]Item, len(cols))
	for i, c := range cols {
		items[i] = Item{Name: c.Name, Label: c.Label, Type: c.Type, DataElement: c.DataElement}
	}
	return items
}
