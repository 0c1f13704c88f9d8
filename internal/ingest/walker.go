package ingest

import (
	"fmt"
	"slices"
)

// maxListed caps the rows a problem lists and the problems a plan lists, so that a file full of
// bad rows cannot exhaust memory.
const maxListed = 1000

// maxPending caps the note-like rows held back while deciding whether they are a footer.
const maxPending = 1000

// walker turns the records below the header into table rows. Analysis and Scan both run it over
// the same file, so they make the same decisions about blank rows, footers and ragged rows.
type walker struct {
	width    int
	textFile bool // short rows are ragged; in workbooks and JSON, missing trailing cells are empty
	ragged   string
	footers  bool // note-like rows at the end are a footer (not for JSON)
	grow     bool // with RaggedPad, long rows widen the table during analysis, and Scan uses the final width
	fillDown []int
	emit     func(rec record, cells [][]byte) error

	cells   [][]byte
	prev    [][]byte
	pending []record

	blank      int64
	footer     []int64
	raggedRows []int64
	raggedN    int64
	skipped    []Problem
	file       string
	sheet      string
}

// push handles one record below the header.
func (w *walker) push(rec record) error {
	filled := rec.nonEmpty()
	if filled == 0 {
		w.blank++
		return nil
	}
	if w.footers && filled == 1 && footerLike(rec, w.width) && len(w.pending) < maxPending {
		w.pending = append(w.pending, rec.clone())
		return nil
	}
	// A regular row follows, so the held rows were data after all.
	for _, p := range w.pending {
		if err := w.row(p); err != nil {
			return err
		}
	}
	w.pending = w.pending[:0]
	return w.row(rec)
}

// finish ends the table: held note-like rows at its end are a footer.
func (w *walker) finish() error {
	for _, p := range w.pending {
		w.footer = append(w.footer, p.row)
	}
	w.pending = nil
	if w.raggedN > 0 && w.ragged == RaggedReject {
		return &Problem{Code: "ragged_row", File: w.file, Sheet: w.sheet, Row: w.raggedRows[0],
			Rows: w.raggedRows[1:], Count: w.raggedN,
			Detail: fmt.Sprintf("the header has %d columns", w.width), DetailZH: fmt.Sprintf("表头有 %d 列", w.width)}
	}
	return nil
}

func (w *walker) row(rec record) error {
	n := len(rec.fields)
	for n > w.width && len(trimSpace(rec.fields[n-1])) == 0 {
		n--
	}
	if n > w.width || (n < w.width && w.textFile) {
		switch {
		case w.ragged == RaggedPad && n > w.width && w.grow:
			w.width = n
		case w.ragged == RaggedPad && n < w.width:
		case w.ragged == RaggedPad:
			// Scan uses the width analysis settled on, which covers every row.
		case w.ragged == RaggedSkip:
			w.raggedN++
			if len(w.skipped) < maxListed {
				w.skipped = append(w.skipped, Problem{Code: "ragged_row_skipped", File: w.file, Sheet: w.sheet,
					Row: rec.row, Offset: rec.offset, Detail: fmt.Sprintf("%d fields, the header has %d", n, w.width),
					DetailZH: fmt.Sprintf("有 %d 个字段，表头有 %d 列", n, w.width)})
			}
			return nil
		default:
			w.raggedN++
			if len(w.raggedRows) < maxListed {
				w.raggedRows = append(w.raggedRows, rec.row)
			}
			return nil
		}
	}

	w.cells = w.cells[:0]
	for i := 0; i < w.width; i++ {
		w.cells = append(w.cells, rec.field(i))
	}
	for _, c := range w.fillDown {
		if c >= w.width {
			continue
		}
		if len(w.prev) < w.width {
			w.prev = append(w.prev, make([][]byte, w.width-len(w.prev))...)
		}
		if len(trimSpace(w.cells[c])) == 0 {
			w.cells[c] = w.prev[c]
		} else {
			w.prev[c] = slices.Clone(w.cells[c])
		}
	}
	return w.emit(rec, w.cells)
}
