// Package export streams table rows to files that keep every value intact. CSV output can start
// with a UTF-8 byte order mark for Excel and can neutralise formula-like cells. JSON lines keep
// the column order. XLSX output writes identifiers and codes as text cells, so Excel does not
// turn them into numbers.
package export

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"govshare/internal/ingest"
)

// Formats that New accepts.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
	FormatXLSX  = "xlsx"
)

// Column is a column of the exported table.
type Column struct {
	Name string
	Type ingest.Type // string columns are written as text whatever their values look like
}

// Options controls the output.
type Options struct {
	BOM             bool   // CSV: start with a UTF-8 byte order mark so that Excel reads the text as UTF-8
	SpreadsheetSafe bool   // CSV: prefix text cells starting with = + - @ tab or CR with ' so that spreadsheets do not run them as formulas
	Sheet           string // XLSX: sheet name, "Sheet1" when empty
}

// Writer writes one table. WriteHeader comes first, then WriteRow for each row with one value
// per column, then Close. Close flushes the output but does not close the underlying io.Writer.
// Values may be nil, string, []byte, bool, any integer or float type, json.Number or time.Time.
type Writer interface {
	WriteHeader(cols []Column) error
	WriteRow(values []any) error
	Close() error
}

// New returns a writer for format ("csv", "jsonl" or "xlsx") that writes to w.
func New(format string, w io.Writer, opts Options) (Writer, error) {
	switch strings.ToLower(format) {
	case FormatCSV:
		return newCSV(w, opts), nil
	case FormatJSONL, "ndjson":
		return newJSONL(w), nil
	case FormatXLSX:
		return newXLSX(w, opts), nil
	}
	return nil, fmt.Errorf("export: format %q is not csv, jsonl or xlsx", format)
}

// ColumnsOf returns the export columns of an ingested table.
func ColumnsOf(cols []ingest.Column) []Column {
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = Column{Name: c.Name, Type: c.Type}
	}
	return out
}

// appendText appends the text form of a value: numbers in plain decimal notation (never with
// an exponent, which would lose digits of identifiers), times in RFC 3339.
func appendText(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return dst, nil
	case string:
		return append(dst, x...), nil
	case []byte:
		return append(dst, x...), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case int:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int32:
		return strconv.AppendInt(dst, int64(x), 10), nil
	case int64:
		return strconv.AppendInt(dst, x, 10), nil
	case uint:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint32:
		return strconv.AppendUint(dst, uint64(x), 10), nil
	case uint64:
		return strconv.AppendUint(dst, x, 10), nil
	case float32:
		return appendFloat(dst, float64(x), 32)
	case float64:
		return appendFloat(dst, x, 64)
	case json.Number:
		return append(dst, x...), nil
	case time.Time:
		return x.AppendFormat(dst, time.RFC3339Nano), nil
	}
	return dst, fmt.Errorf("export: unsupported value type %T", v)
}

func appendFloat(dst []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, fmt.Errorf("export: number %v cannot be written", f)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, bits), nil
}
