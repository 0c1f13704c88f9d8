package ingest

import (
	"bytes"
	"fmt"
	"io"
)

// csvReader splits delimited text into records. It follows RFC 4180 and also accepts CR-only line
// endings, quotes inside unquoted fields and text after a closing quote. Fields are returned as
// slices of an internal buffer that the next call overwrites, so reading allocates nothing per
// field once the buffers have grown.
type csvReader struct {
	r     io.Reader
	buf   []byte
	pos   int
	end   int
	base  int64 // text offset of buf[0]
	eof   bool
	err   error
	delim byte

	field  []byte // bytes of every field of the current record, back to back
	ends   []int  // end of each field in field
	fields [][]byte

	line      int64 // line of the next unread byte, 1-based
	recLine   int64 // line where the current record starts
	recOffset int64 // text offset where the current record starts
	maxCell   int
	special   [256]bool
}

func newCSVReader(r io.Reader, delim byte, maxCell int64) *csvReader {
	c := &csvReader{r: r, buf: make([]byte, 256<<10), delim: delim, line: 1, maxCell: int(maxCell)}
	c.special[delim] = true
	c.special['\n'] = true
	c.special['\r'] = true
	return c
}

// fill reads more text, keeping unread bytes. It returns false at the end of input.
func (c *csvReader) fill() bool {
	if c.eof {
		return false
	}
	if c.pos > 0 {
		copy(c.buf, c.buf[c.pos:c.end])
		c.base += int64(c.pos)
		c.end -= c.pos
		c.pos = 0
	}
	for c.end < len(c.buf) {
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if err == io.EOF {
			c.eof = true
			return n > 0
		}
		if err != nil {
			c.err = err
			c.eof = true
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	return true
}

func (c *csvReader) offset() int64 { return c.base + int64(c.pos) }

// Line returns the line where the current record starts.
func (c *csvReader) Line() int64 { return c.recLine }

// Offset returns the text offset where the current record starts.
func (c *csvReader) Offset() int64 { return c.recOffset }

// Next returns the next record, or io.EOF after the last one.
func (c *csvReader) Next() ([][]byte, error) {
	if c.pos >= c.end && !c.fill() {
		if c.err != nil {
			return nil, c.err
		}
		return nil, io.EOF
	}
	c.field = c.field[:0]
	c.ends = c.ends[:0]
	c.recLine, c.recOffset = c.line, c.offset()

	for {
		var endOfRecord bool
		var err error
		if c.pos < c.end && c.buf[c.pos] == '"' {
			endOfRecord, err = c.quotedField()
		} else {
			endOfRecord, err = c.plainField()
		}
		if err != nil {
			return nil, err
		}
		c.ends = append(c.ends, len(c.field))
		if endOfRecord {
			break
		}
	}

	c.fields = c.fields[:0]
	start := 0
	for _, e := range c.ends {
		c.fields = append(c.fields, c.field[start:e:e])
		start = e
	}
	return c.fields, nil
}

// plainField reads an unquoted field and reports whether it ended the record.
func (c *csvReader) plainField() (bool, error) {
	start := len(c.field)
	for {
		if c.pos >= c.end && !c.fill() {
			return true, c.err
		}
		chunk := c.buf[c.pos:c.end]
		i := 0
		for i < len(chunk) && !c.special[chunk[i]] {
			i++
		}
		c.field = append(c.field, chunk[:i]...)
		c.pos += i
		if len(c.field)-start > c.maxCell {
			return false, c.cellTooLarge()
		}
		if i == len(chunk) {
			continue
		}
		if chunk[i] == c.delim {
			c.pos++
			return false, nil
		}
		c.newline()
		return true, nil
	}
}

// newline consumes "\n", "\r\n" or "\r" at c.pos.
func (c *csvReader) newline() {
	if c.buf[c.pos] == '\r' {
		c.pos++
		if c.pos >= c.end {
			c.fill()
		}
		if c.pos < c.end && c.buf[c.pos] == '\n' {
			c.pos++
		}
	} else {
		c.pos++
	}
	c.line++
}

// quotedField reads a field that starts with a double quote and reports whether it ended the record.
func (c *csvReader) quotedField() (bool, error) {
	start := len(c.field)
	c.pos++ // opening quote
	for {
		if c.pos >= c.end && !c.fill() {
			if c.err != nil {
				return true, c.err
			}
			return true, &Problem{Code: "unterminated_quote", Row: c.recLine, Offset: c.recOffset,
				Column: fmt.Sprintf("#%d", len(c.ends)+1)}
		}
		chunk := c.buf[c.pos:c.end]
		i := bytes.IndexByte(chunk, '"')
		if i < 0 {
			c.countLines(chunk)
			c.field = append(c.field, chunk...)
			c.pos = c.end
			if len(c.field)-start > c.maxCell {
				return false, c.cellTooLarge()
			}
			continue
		}
		c.countLines(chunk[:i])
		c.field = append(c.field, chunk[:i]...)
		c.pos += i + 1
		if len(c.field)-start > c.maxCell {
			return false, c.cellTooLarge()
		}
		if c.pos >= c.end && !c.fill() {
			return true, c.err
		}
		switch b := c.buf[c.pos]; {
		case b == '"':
			c.field = append(c.field, '"')
			c.pos++
		case b == c.delim:
			c.pos++
			return false, nil
		case b == '\n' || b == '\r':
			c.newline()
			return true, nil
		default:
			// Text after the closing quote joins the field, as spreadsheet programs read it.
			return c.plainField()
		}
	}
}

// countLines advances the line counter over text inside a quoted field.
func (c *csvReader) countLines(p []byte) {
	n := bytes.Count(p, []byte{'\n'})
	if n == 0 && bytes.IndexByte(p, '\r') >= 0 {
		// CR-only line endings.
		n = bytes.Count(p, []byte{'\r'})
	}
	c.line += int64(n)
}

func (c *csvReader) cellTooLarge() error {
	return &Problem{Code: "cell_too_large", Row: c.recLine, Offset: c.recOffset,
		Column: fmt.Sprintf("#%d", len(c.ends)+1), Detail: fmt.Sprintf("more than %d bytes", c.maxCell)}
}
