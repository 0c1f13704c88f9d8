package export

import (
	"fmt"
	"io"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"govshare/internal/ingest"
)

// Limits of the XLSX format.
const (
	xlsxMaxRows      = 1 << 20 // rows per sheet, the header included
	xlsxMaxCellChars = 32767   // UTF-16 code units per cell
)

// xlsxWriter streams rows into one sheet with excelize's StreamWriter, which spills to a
// temporary file beyond a few megabytes, and writes the workbook on Close.
type xlsxWriter struct {
	out   io.Writer
	opts  Options
	file  *excelize.File
	sw    *excelize.StreamWriter
	cols  []Column
	text  int // style of text cells ("@" number format)
	row   int
	cells []any
}

func newXLSX(w io.Writer, opts Options) *xlsxWriter {
	return &xlsxWriter{out: w, opts: opts}
}

func (x *xlsxWriter) WriteHeader(cols []Column) error {
	x.cols = cols
	x.file = excelize.NewFile()
	sheet := x.opts.Sheet
	if sheet == "" {
		sheet = "Sheet1"
	} else if err := x.file.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("export: sheet name %q: %w", sheet, err)
	}
	var err error
	if x.text, err = x.file.NewStyle(&excelize.Style{NumFmt: 49}); err != nil {
		return fmt.Errorf("export: creating the text style: %w", err)
	}
	if x.sw, err = x.file.NewStreamWriter(sheet); err != nil {
		return fmt.Errorf("export: starting sheet %q: %w", sheet, err)
	}
	// Whole text columns keep the text format, so cells a user adds later stay text too.
	for i, c := range cols {
		if c.Type == ingest.TypeString {
			if err := x.sw.SetColStyle(i+1, i+1, x.text); err != nil {
				return fmt.Errorf("export: column %q style: %w", c.Name, err)
			}
		}
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: x.text, Value: c.Name}
	}
	return x.writeRow(header)
}

func (x *xlsxWriter) WriteRow(values []any) error {
	if len(values) != len(x.cols) {
		return fmt.Errorf("export: row has %d values for %d columns", len(values), len(x.cols))
	}
	x.cells = x.cells[:0]
	for i, v := range values {
		switch s := v.(type) {
		case nil:
			x.cells = append(x.cells, nil)
			continue
		case string:
			if err := checkCell(s); err != nil {
				return fmt.Errorf("export: row %d column %q: %w", x.row, x.cols[i].Name, err)
			}
			x.cells = append(x.cells, excelize.Cell{StyleID: x.text, Value: s})
			continue
		}
		if x.cols[i].Type == ingest.TypeString {
			// A string column holding a number (from a database driver) still becomes text.
			t, err := appendText(nil, v)
			if err != nil {
				return fmt.Errorf("column %q: %w", x.cols[i].Name, err)
			}
			x.cells = append(x.cells, excelize.Cell{StyleID: x.text, Value: string(t)})
			continue
		}
		x.cells = append(x.cells, v)
	}
	return x.writeRow(x.cells)
}

func checkCell(s string) error {
	if len(s) <= xlsxMaxCellChars {
		return nil
	}
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	if n > xlsxMaxCellChars {
		return fmt.Errorf("text of %d characters is longer than an Excel cell can hold (%d); export as CSV instead", n, xlsxMaxCellChars)
	}
	return nil
}

func (x *xlsxWriter) writeRow(cells []any) error {
	if x.row >= xlsxMaxRows {
		return fmt.Errorf("export: more than %d rows do not fit in an XLSX sheet; export as CSV instead", xlsxMaxRows-1)
	}
	x.row++
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	if err := x.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("export: writing row %d: %w", x.row, err)
	}
	return nil
}

func (x *xlsxWriter) Close() error {
	if x.file == nil {
		return fmt.Errorf("export: Close before WriteHeader")
	}
	defer x.file.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("export: finishing the sheet: %w", err)
	}
	if _, err := x.file.WriteTo(x.out); err != nil {
		return fmt.Errorf("export: writing the workbook: %w", err)
	}
	return nil
}
