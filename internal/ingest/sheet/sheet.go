// Package sheet reads workbooks (XLSX and legacy BIFF8 XLS) row by row, with cached formula values,
// dates converted from Excel serial numbers, merged ranges and the list of sheets.
package sheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Cell is one cell value. Text is true when the workbook stores the value as text, so that it
// must not be read as a number. Numbers are in plain decimal notation; cells with a date or time
// format hold ISO 8601 text (2006-01-02, 2006-01-02T15:04:05 or 15:04:05).
type Cell struct {
	Value string
	Text  bool
}

// Info describes one sheet of a workbook.
type Info struct {
	Name   string
	Hidden bool
}

// Merge is a merged range, 0-based and inclusive.
type Merge struct {
	Row1, Col1, Row2, Col2 int
}

// Limits bounds what reading a workbook may unpack or build.
type Limits struct {
	MaxZipRatio float64 // uncompressed/compressed size of a part, checked for parts over 1 MiB
	MaxZipBytes int64   // total bytes unpacked from the archive
	MaxCell     int64   // bytes of one cell
	MaxColumns  int     // highest column

	MaxSharedStrings int64 // bytes of text in the XLSX shared string table, which is held in memory
}

// Error is a problem in the workbook. Kind is "zip_bomb", "invalid_workbook", "cell_too_large",
// "too_many_columns", "workbook_too_large" or "sheet_not_found".
type Error struct {
	Kind   string
	Sheet  string
	Row    int // 1-based, 0 when unknown
	Col    int // 1-based, 0 when unknown
	Detail string
}

func (e *Error) Error() string {
	s := e.Kind
	if e.Sheet != "" {
		s += fmt.Sprintf(" in sheet %q", e.Sheet)
	}
	if e.Row > 0 {
		s += fmt.Sprintf(" at row %d", e.Row)
	}
	return s + ": " + e.Detail
}

// Rows reads the rows of one sheet in order.
type Rows interface {
	// Next returns the next row that has cells and its 1-based row number, or io.EOF.
	// The cells are valid until the next call.
	Next() (cells []Cell, row int, err error)
	Close() error
}

// Workbook is an open workbook.
type Workbook interface {
	Sheets() []Info
	// Open starts reading sheet i.
	Open(i int) (Rows, error)
	// Merges returns the merged ranges of sheet i.
	Merges(i int) ([]Merge, error)
	Close() error
}

// formatNumber writes a number in plain decimal notation, never with an exponent.
func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// dateKind is the way a number format shows a serial date.
type dateKind uint8

const (
	notDate dateKind = iota
	dateOnly
	timeOnly
	dateTime
)

// builtinDateFormats are the built-in number formats that show dates or times, including the
// CJK ones that Chinese locales use.
var builtinDateFormats = map[int]dateKind{
	14: dateOnly, 15: dateOnly, 16: dateOnly, 17: dateOnly, 18: timeOnly, 19: timeOnly, 20: timeOnly,
	21: timeOnly, 22: dateTime, 27: dateOnly, 28: dateOnly, 29: dateOnly, 30: dateOnly, 31: dateOnly,
	32: timeOnly, 33: timeOnly, 34: timeOnly, 35: timeOnly, 36: dateOnly, 45: timeOnly, 46: timeOnly,
	47: timeOnly, 50: dateOnly, 51: dateOnly, 52: dateOnly, 53: dateOnly, 54: dateOnly, 55: timeOnly,
	56: timeOnly, 57: dateOnly, 58: dateOnly,
}

// classifyFormat reports whether a custom number format code shows a date, a time or both.
// Quoted text, escaped characters and bracketed colours or conditions are ignored.
func classifyFormat(code string) dateKind {
	var y, m, d, h, sec bool
	inQuote := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return notDate
			}
			switch strings.ToLower(code[i+1 : i+j]) {
			case "h", "hh", "m", "mm", "s", "ss":
				h = true
			}
			i += j
		default:
			switch c | 0x20 {
			case 'y':
				y = true
			case 'd':
				d = true
			case 'm':
				m = true
			case 'h':
				h = true
			case 's':
				sec = true
			}
		}
	}
	// "m" means minutes next to hours or seconds, months otherwise.
	date := y || d || (m && !h && !sec)
	clock := h || sec
	switch {
	case date && clock:
		return dateTime
	case date:
		return dateOnly
	case clock:
		return timeOnly
	}
	return notDate
}

// serialTime converts an Excel serial date. Serial numbers of the 1900 system count
// 1900-02-29, a day that does not exist, so serials from 61 on are one day ahead.
func serialTime(serial float64, date1904 bool) (time.Time, bool) {
	if serial < 0 || serial > 2958465 || math.IsNaN(serial) {
		return time.Time{}, false
	}
	days := math.Floor(serial)
	secs := math.Round((serial - days) * 86400)
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days < 61:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	}
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

// formatSerial writes a serial date the way its number format shows it.
func formatSerial(serial float64, kind dateKind, date1904 bool) (string, bool) {
	t, ok := serialTime(serial, date1904)
	if !ok {
		return "", false
	}
	switch kind {
	case dateOnly:
		if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
			return t.Format("2006-01-02T15:04:05"), true
		}
		return t.Format("2006-01-02"), true
	case timeOnly:
		if serial >= 1 {
			return t.Format("2006-01-02T15:04:05"), true
		}
		return t.Format("15:04:05"), true
	}
	return t.Format("2006-01-02T15:04:05"), true
}

// cellRef parses a reference such as "AB12" into a 0-based column and a 1-based row.
func cellRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if col > 1<<20 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	r, err := strconv.Atoi(ref[i:])
	if err != nil || r < 1 {
		return 0, 0, false
	}
	return col - 1, r, true
}

// parseMerge parses "A1:N1".
func parseMerge(ref string) (Merge, bool) {
	a, b, found := strings.Cut(ref, ":")
	if !found {
		b = a
	}
	c1, r1, ok1 := cellRef(a)
	c2, r2, ok2 := cellRef(b)
	if !ok1 || !ok2 || r2 < r1 || c2 < c1 {
		return Merge{}, false
	}
	return Merge{Row1: r1 - 1, Col1: c1, Row2: r2 - 1, Col2: c2}, true
}
