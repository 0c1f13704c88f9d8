package ingest

import (
	"context"
	"io"
	"os"
)

// Scan reads the file again following the plan and calls fn with each row that will be stored,
// in file order. row is the row number in the file (the line where the record starts in a text
// file, the sheet row in a workbook, the 1-based position in a JSON array). values holds one
// value per column: nil, string, int64, float64 or bool, with dates, datetimes and times as
// ISO 8601 strings. values is reused by the next call, so fn must copy what it keeps.
// An error from fn stops the scan and is returned as is.
func (p *Plan) Scan(ctx context.Context, fn func(row int64, values []any) error) error {
	st, err := os.Stat(p.path)
	if err != nil {
		return &Problem{Code: "read_failed", File: p.File, Detail: err.Error()}
	}
	if st.Size() != p.size || !st.ModTime().Equal(p.modTime) {
		return &Problem{Code: "file_changed", File: p.File}
	}

	src, err := p.open()
	if err != nil {
		return err
	}
	defer src.close()

	dataStart := int64(p.HeaderRow - 1 + p.HeaderRows)
	var values []any
	w := p.newWalker(false)
	w.emit = func(rec record, cells [][]byte) error {
		if p.checkRow(rec, cells) != nil {
			return nil
		}
		values = p.convert(cells, values)
		return fn(rec.row, values)
	}

	for n := int64(0); ; n++ {
		if n%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p.locate(err)
		}
		if rec.index < dataStart {
			continue
		}
		if err := w.push(rec); err != nil {
			return err
		}
	}
	return w.finish()
}
