package ingest

import (
	"context"
	"io"
	"os"
)

// scanBatchRows is how many converted rows pass from the converting goroutine to fn at a time.
const scanBatchRows = 512

// Scan reads the file again following the plan and calls fn with each row that will be stored,
// in file order. row is the row number in the file (the line where the record starts in a text
// file, the sheet row in a workbook, the 1-based position in a JSON array). values holds one
// value per column: nil, string, int64, float64 or bool, with dates, datetimes and times as
// ISO 8601 strings. values is reused after fn returns, so fn must copy what it keeps.
// An error from fn stops the scan and is returned as is.
//
// Reading and converting run in another goroutine than fn, so storing rows overlaps with
// parsing the file. Scan calls fn from the calling goroutine only.
func (p *Plan) Scan(ctx context.Context, fn func(row int64, values []any) error) error {
	st, err := os.Stat(p.path)
	if err != nil {
		return &Problem{Code: "read_failed", File: p.File, Detail: err.Error()}
	}
	if st.Size() != p.size || !st.ModTime().Equal(p.modTime) {
		return &Problem{Code: "file_changed", File: p.File}
	}
	// The converting goroutine reads the file itself. A reading goroutine as in Analyze would
	// add a copy of every record, and fn already runs in parallel with the conversion.
	src, err := p.openDirect()
	if err != nil {
		return err
	}

	full := make(chan *rowBatch, 2)
	free := make(chan *rowBatch, 3)
	for range 3 {
		free <- &rowBatch{}
	}
	stop := make(chan struct{})
	finished := make(chan error, 1)
	go func() {
		defer close(full)
		err := p.convertAll(ctx, src, full, free, stop)
		src.close()
		finished <- err
	}()

	width := len(p.Columns)
	var fnErr error
	for b := range full {
		if fnErr == nil {
			for i, row := range b.rows {
				if fnErr = fn(row, b.values[i*width:(i+1)*width:(i+1)*width]); fnErr != nil {
					close(stop)
					break
				}
			}
		}
		if fnErr == nil {
			free <- b
		}
	}
	err = <-finished
	if fnErr != nil {
		return fnErr
	}
	return err
}

// rowBatch is a batch of converted rows. values has one value per column for each entry of rows.
type rowBatch struct {
	rows   []int64
	values []any
}

// convertAll reads the records, applies the walker and the row checks, converts the rows and
// sends them in batches. It returns when the source ends, on an error, or when stop closes.
func (p *Plan) convertAll(ctx context.Context, src rowSource, full, free chan *rowBatch, stop chan struct{}) error {
	var b *rowBatch
	take := func() bool {
		select {
		case b = <-free:
			b.rows, b.values = b.rows[:0], b.values[:0]
			return true
		case <-stop:
			return false
		}
	}
	send := func() bool {
		select {
		case full <- b:
			b = nil
			return true
		case <-stop:
			return false
		}
	}
	if !take() {
		return nil
	}

	conv := &converter{plan: p}
	stopped := false
	dataStart := int64(p.HeaderRow - 1 + p.HeaderRows)
	w := p.newWalker(false)
	w.emit = func(rec record, cells [][]byte) error {
		if p.checkRow(rec, cells) != nil {
			return nil
		}
		b.rows = append(b.rows, rec.row)
		b.values = conv.appendValues(b.values, cells)
		if len(b.rows) == scanBatchRows && (!send() || !take()) {
			stopped = true
			return io.EOF
		}
		return nil
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
			if stopped {
				return nil
			}
			return err
		}
	}
	if err := w.finish(); err != nil {
		return err
	}
	if len(b.rows) > 0 {
		send()
	}
	return nil
}
