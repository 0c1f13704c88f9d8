package ingest

import (
	"encoding/json"
	"time"
)

// Column describes one column of the table as it will be stored.
type Column struct {
	Name        string  `json:"name"`  // unique field name, at most MaxNameBytes bytes
	Label       string  `json:"label"` // original header text; rows of a multi-row header joined with a space
	Type        Type    `json:"type"`
	Format      string  `json:"format,omitempty"`      // Frictionless format of dates and times, e.g. "%Y/%m/%d"
	DataElement string  `json:"dataElement,omitempty"` // bound data element, if any
	Declared    bool    `json:"declared,omitempty"`    // type and format come from the declared schema
	Profile     Profile `json:"profile"`
}

// Plan is the result of analysis: everything a preview shows and everything Scan needs.
type Plan struct {
	File       string      `json:"file"` // base name of the file
	Format     string      `json:"format"`
	Encoding   string      `json:"encoding,omitempty"`
	Delimiter  rune        `json:"-"` // for delimited text; MarshalJSON writes it as a string
	Sheet      string      `json:"sheet,omitempty"`
	Sheets     []SheetInfo `json:"sheets,omitempty"` // every sheet of a workbook, hidden ones marked
	HeaderRow  int         `json:"headerRow"`        // 1-based row of the first header row
	HeaderRows int         `json:"headerRows"`
	Columns    []Column    `json:"columns"`
	Rows       int64       `json:"rows"`     // data rows that will be stored
	RowsRead   int64       `json:"rowsRead"` // records read, including header, title, blank, footer and rejected rows
	Preview    [][]any     `json:"preview"`
	Warnings   []Problem   `json:"warnings"`
	Rejected   []Problem   `json:"rejected"` // rows that will not be stored, with the reason (capped at 1000 entries)
	Schema     Schema      `json:"schema"`   // Frictionless Table Schema of the stored table

	path       string
	size       int64
	modTime    time.Time
	opts       Options
	limits     Limits
	enc        encodingResult
	sheetIndex int
	jsonKeys   []string
	columns    []columnRule
	fillDown   []int
	missing    map[string]bool
}

// columnRule is the conversion and check that Scan applies to the values of one column.
type columnRule struct {
	typ      Type
	mask     uint32 // format bits a value is parsed with, tried in order
	declared bool
	element  *DataElement
}

// MarshalJSON encodes the plan for a preview, with the delimiter as a one-character string.
func (p *Plan) MarshalJSON() ([]byte, error) {
	type fields Plan
	delimiter := ""
	if p.Delimiter != 0 {
		delimiter = string(p.Delimiter)
	}
	return json.Marshal(struct {
		*fields
		Delimiter string `json:"delimiter,omitempty"`
	}{(*fields)(p), delimiter})
}

// previewRows is how many rows Plan.Preview holds.
const previewRows = 20
