package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// jsonlWriter writes one JSON object per line with the columns in table order.
type jsonlWriter struct {
	w    *bufio.Writer
	keys [][]byte // column names encoded as JSON strings
	buf  []byte
}

func newJSONL(w io.Writer) *jsonlWriter {
	return &jsonlWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

func (j *jsonlWriter) WriteHeader(cols []Column) error {
	j.keys = make([][]byte, len(cols))
	for i, c := range cols {
		k, err := json.Marshal(c.Name)
		if err != nil {
			return err
		}
		j.keys[i] = k
	}
	return nil
}

func (j *jsonlWriter) WriteRow(values []any) error {
	if len(values) != len(j.keys) {
		return fmt.Errorf("export: row has %d values for %d columns", len(values), len(j.keys))
	}
	b := append(j.buf[:0], '{')
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, j.keys[i]...)
		b = append(b, ':')
		var err error
		if b, err = appendJSON(b, v); err != nil {
			return fmt.Errorf("column %s: %w", j.keys[i], err)
		}
	}
	b = append(b, '}', '\n')
	j.buf = b
	_, err := j.w.Write(b)
	return err
}

// appendJSON appends a value as JSON. Integers beyond 2^53 are written as strings, because most
// JSON readers parse numbers as float64 and would change their last digits.
func appendJSON(dst []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), nil
	case string:
		return appendJSONString(dst, x), nil
	case []byte:
		return appendJSONString(dst, string(x)), nil
	case bool:
		return strconv.AppendBool(dst, x), nil
	case int64:
		if x > 1<<53 || x < -(1<<53) {
			return strconv.AppendQuote(dst, strconv.FormatInt(x, 10)), nil
		}
		return strconv.AppendInt(dst, x, 10), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return dst, fmt.Errorf("number %v has no JSON form", x)
		}
		return strconv.AppendFloat(dst, x, 'f', -1, 64), nil
	case time.Time:
		return appendJSONString(dst, x.Format(time.RFC3339Nano)), nil
	}
	t, err := appendText(nil, v)
	if err != nil {
		return dst, err
	}
	return append(dst, t...), nil
}

// appendJSONString appends s as a JSON string, escaping what RFC 8259 requires and the HTML
// characters that encoding/json also escapes.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

func (j *jsonlWriter) Close() error { return j.w.Flush() }
