package ingest

import "time"

// Column describes one column of the table as it will be stored.
type Column struct {
	Name        string // unique field name, at most MaxNameBytes bytes
	Label       string // original header text; rows of a multi-row header joined with a space
	Type        Type
	Format      string // Frictionless format of dates and times, e.g. "%Y/%m/%d"
	DataElement string // bound data element, if any
	Declared    bool   // type and format come from the declared schema
	Profile     Profile
}

// Plan is the result of analysis: everything a preview shows and everything Scan needs.
type Plan struct {
	File       string // base name of the file
	Format     string
	Encoding   string
	Delimiter  rune // for delimited text
	Sheet      string
	Sheets     []SheetInfo // every sheet of a workbook, hidden ones marked
	HeaderRow  int         // 1-based row of the first header row
	HeaderRows int
	Columns    []Column
	Rows       int64 // data rows that will be stored
	RowsRead   int64 // records read, including header, title, blank, footer and rejected rows
	Preview    [][]any
	Warnings   []Problem
	Rejected   []Problem // rows that will not be stored, with the reason (capped at 1000 entries)
	Schema     Schema    // Frictionless Table Schema of the stored table

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

// previewRows is how many rows Plan.Preview holds.
const previewRows = 20
