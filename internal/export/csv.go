package export

import (
	"bufio"
	"fmt"
	"io"

	"govshare/internal/ingest"
)

// csvWriter writes RFC 4180 CSV with CRLF line endings, which Excel expects.
type csvWriter struct {
	w    *bufio.Writer
	opts Options
	cols []Column
	buf  []byte
}

func newCSV(w io.Writer, opts Options) *csvWriter {
	return &csvWriter{w: bufio.NewWriterSize(w, 64<<10), opts: opts}
}

func (c *csvWriter) WriteHeader(cols []Column) error {
	c.cols = cols
	if c.opts.BOM {
		if _, err := c.w.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
			return err
		}
	}
	c.buf = c.buf[:0]
	for i, col := range cols {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		c.buf = c.appendField(c.buf, []byte(col.Name), true)
	}
	c.buf = append(c.buf, '\r', '\n')
	_, err := c.w.Write(c.buf)
	return err
}

func (c *csvWriter) WriteRow(values []any) error {
	if len(values) != len(c.cols) {
		return fmt.Errorf("export: row has %d values for %d columns", len(values), len(c.cols))
	}
	c.buf = c.buf[:0]
	var text [64]byte
	for i, v := range values {
		if i > 0 {
			c.buf = append(c.buf, ',')
		}
		t, err := appendText(text[:0], v)
		if err != nil {
			return fmt.Errorf("column %q: %w", c.cols[i].Name, err)
		}
		_, isString := v.(string)
		c.buf = c.appendField(c.buf, t, isString || c.cols[i].Type == ingest.TypeString)
	}
	c.buf = append(c.buf, '\r', '\n')
	_, err := c.w.Write(c.buf)
	return err
}

// appendField quotes a field when it contains a delimiter, quote or line break, and neutralises
// formula-like text when the output is to be spreadsheet-safe.
func (c *csvWriter) appendField(dst, v []byte, text bool) []byte {
	neutralise := c.opts.SpreadsheetSafe && text && len(v) > 0 && formulaStart(v[0])
	quote := neutralise
	for _, b := range v {
		if b == ',' || b == '"' || b == '\n' || b == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(dst, v...)
	}
	dst = append(dst, '"')
	if neutralise {
		dst = append(dst, '\'')
	}
	for _, b := range v {
		if b == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, b)
	}
	return append(dst, '"')
}

// formulaStart reports whether a spreadsheet would read a cell starting with b as a formula.
func formulaStart(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

func (c *csvWriter) Close() error { return c.w.Flush() }
