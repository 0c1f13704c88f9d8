package ingest

import (
	"slices"
	"strings"
)

// sampleRows is how many records layout detection looks at.
const sampleRows = 100

// record is one row of a source. Its fields may point into the source's buffers.
type record struct {
	fields [][]byte
	kinds  []cellKind // nil when every field is kindAny
	index  int64      // 0-based position among the source's records; row number minus one
	row    int64      // row for problem reports: the line of a text file, the row of a sheet
	offset int64
}

// clone copies a record so that it survives the source's next read.
func (r record) clone() record {
	c := r
	c.fields = make([][]byte, len(r.fields))
	for i, f := range r.fields {
		c.fields[i] = slices.Clone(f)
	}
	c.kinds = slices.Clone(r.kinds)
	return c
}

func (r record) field(i int) []byte {
	if i < len(r.fields) {
		return r.fields[i]
	}
	return nil
}

func (r record) nonEmpty() int {
	n := 0
	for _, f := range r.fields {
		if len(f) > 0 && (f[0] != ' ' && f[0] != '\t' || len(trimSpace(f)) > 0) {
			n++
		}
	}
	return n
}

// lastNonEmpty returns the index of the last non-empty field, or -1.
func (r record) lastNonEmpty() int {
	for i := len(r.fields) - 1; i >= 0; i-- {
		if len(trimSpace(r.fields[i])) > 0 {
			return i
		}
	}
	return -1
}

// mergeRange is a merged cell range of a sheet, 0-based and inclusive.
type mergeRange struct {
	row1, col1, row2, col2 int
}

func (m mergeRange) covers(row, col int) bool {
	return row >= m.row1 && row <= m.row2 && col >= m.col1 && col <= m.col2
}

// header is the result of layout detection.
type header struct {
	start  int // 0-based record index of the first header row
	rows   int
	labels []string
}

// detectHeader finds the header in the first records. The header's first row is the first row
// with at least half as many filled cells as the fullest row of the sample. It also needs two
// filled cells unless the table has one column, so titles, notes and blank rows are passed over.
// For workbooks, a row above it with two or more cells and merged cells joins the header, and so
// does the row below a row with horizontally merged cells. For text files, the row below joins
// the header when it fills the gaps of the header row with text and the row after it has
// numbers there. Labels of multi-row headers are joined with a space.
func detectHeader(sample []record, merges []mergeRange, workbook bool, wantRow, wantRows int) (header, bool) {
	maxFilled := 0
	for _, r := range sample {
		maxFilled = max(maxFilled, r.nonEmpty())
	}
	if maxFilled == 0 {
		return header{}, false
	}

	start := -1
	if wantRow > 0 {
		start = wantRow - 1
		if start >= len(sample) {
			return header{}, false
		}
	} else {
		need := max(2, (maxFilled+1)/2)
		if maxFilled == 1 {
			need = 1
		}
		// A title that happens to contain a delimiter fills few columns: the header must also
		// reach most of the way across the table's usual width.
		widths := map[int]int{}
		for _, r := range sample {
			if r.nonEmpty() >= need {
				widths[r.lastNonEmpty()+1]++
			}
		}
		usual, most := 0, 0
		for w, n := range widths {
			if n > most || (n == most && w > usual) {
				usual, most = w, n
			}
		}
		for i, r := range sample {
			if r.nonEmpty() >= need && (r.lastNonEmpty()+1)*5 >= usual*4 {
				start = i
				break
			}
		}
	}
	if start < 0 {
		return header{}, false
	}

	rows := wantRows
	if rows <= 0 {
		rows = 1
		if wantRow <= 0 && workbook {
			// Workbook: a group row above with merged cells belongs to the header.
			for start > 0 && rows < 3 && sample[start-1].nonEmpty() >= 2 && rowHasMerge(merges, start-1) {
				start--
				rows++
			}
		}
		for rows < 3 && start+rows < len(sample) {
			last := start + rows - 1
			if workbook {
				if !rowHasHorizontalMerge(merges, last) || sample[last+1].nonEmpty() == 0 {
					break
				}
			} else if !subHeaderBelow(sample, last) {
				break
			}
			rows++
		}
	}
	if start+rows > len(sample) {
		rows = len(sample) - start
	}

	width := 0
	for _, r := range sample[start : start+rows] {
		width = max(width, r.lastNonEmpty()+1)
	}
	labels := make([]string, width)
	for c := range labels {
		var parts []string
		for i := start; i < start+rows; i++ {
			v := strings.TrimSpace(string(sample[i].field(c)))
			if v == "" {
				v = mergedValue(sample, merges, i, c)
			}
			if v == "" && !workbook && i < start+rows-1 {
				v = leftValue(sample[i], c)
			}
			v = cleanLabel(v)
			if v != "" && (len(parts) == 0 || parts[len(parts)-1] != v) {
				parts = append(parts, v)
			}
		}
		labels[c] = strings.Join(parts, " ")
	}
	return header{start: start, rows: rows, labels: labels}, true
}

func rowHasMerge(merges []mergeRange, row int) bool {
	for _, m := range merges {
		if m.row1 <= row && m.row2 >= row {
			return true
		}
	}
	return false
}

func rowHasHorizontalMerge(merges []mergeRange, row int) bool {
	for _, m := range merges {
		if m.row1 == row && m.col2 > m.col1 {
			return true
		}
	}
	return false
}

// mergedValue returns the value of the merged range that covers (row, col), read from the
// sample, or "".
func mergedValue(sample []record, merges []mergeRange, row, col int) string {
	for _, m := range merges {
		if m.covers(row, col) && (m.row1 != row || m.col1 != col) && m.row1 < len(sample) {
			return strings.TrimSpace(string(sample[m.row1].field(m.col1)))
		}
	}
	return ""
}

// leftValue returns the nearest non-empty value left of col, which is how a text export shows a
// cell merged across columns.
func leftValue(r record, col int) string {
	for c := col - 1; c >= 0; c-- {
		if v := strings.TrimSpace(string(r.field(c))); v != "" {
			return v
		}
	}
	return ""
}

// subHeaderBelow reports whether the row after last is a second header row of a text file.
func subHeaderBelow(sample []record, last int) bool {
	if last+2 >= len(sample) {
		return false
	}
	top, below, data := sample[last], sample[last+1], sample[last+2]
	fillsGap := false
	for c := 1; c < len(below.fields); c++ {
		v := trimSpace(below.fields[c])
		if len(v) == 0 {
			continue
		}
		if matchFormats(v, fInt|fNum, false) != 0 {
			return false
		}
		if len(trimSpace(top.field(c))) == 0 && c < len(top.fields)+1 && leftValue(top, c) != "" {
			fillsGap = true
		}
	}
	if !fillsGap {
		return false
	}
	for c := range data.fields {
		if len(trimSpace(below.field(c))) > 0 && matchFormats(trimSpace(data.fields[c]), fInt|fNum, false) != 0 {
			return true
		}
	}
	return false
}

// footerPrefixes start notes that statistical exports put below a table.
var footerPrefixes = []string{"注", "数据来源", "资料来源", "来源", "说明", "备注", "source", "note"}

// footerLike reports whether a row looks like a note below the table: only its first cell has
// text, the table is at least three columns wide, and the text is not a number.
func footerLike(r record, width int) bool {
	if width < 3 || r.nonEmpty() != 1 {
		return false
	}
	v := trimSpace(r.field(0))
	if len(v) == 0 {
		return false
	}
	if matchFormats(v, inferBits, false) != 0 {
		return false
	}
	lower := strings.ToLower(string(v))
	for _, p := range footerPrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return len(v) > 30
}
