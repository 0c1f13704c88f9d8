package ingest

import (
	"bytes"
	"fmt"
	"io"
)

// csvReader splits delimited text into records. It follows RFC 4180 and also accepts CR-only line
// endings, quotes inside unquoted fields and text after a closing quote. Fields are slices of the
// read buffer, unescaped in place, so reading allocates nothing per field; they stay valid until
// the next call of Next.
type csvReader struct {
	r     io.Reader
	buf   []byte
	start int // start of the current record in buf
	pos   int
	end   int
	base  int64 // text offset of buf[0]
	eof   bool
	err   error
	delim byte

	bounds []int // start and end of each field, relative to start
	fields [][]byte

	line      int64 // line of the next unread byte, 1-based
	recLine   int64 // line where the current record starts
	recOffset int64 // text offset where the current record starts
	maxCell   int
	maxFields int
	special   [256]bool
}

func newCSVReader(r io.Reader, delim byte, maxCell int64, maxFields int) *csvReader {
	return newCSVReaderSize(r, delim, maxCell, maxFields, 256<<10)
}

// newCSVReaderSize returns a reader whose buffer starts at size bytes and grows for longer records.
func newCSVReaderSize(r io.Reader, delim byte, maxCell int64, maxFields, size int) *csvReader {
	c := &csvReader{r: r, buf: make([]byte, size), delim: delim, line: 1, maxCell: int(maxCell), maxFields: maxFields}
	c.special[delim] = true
	c.special['\n'] = true
	c.special['\r'] = true
	return c
}

// fill reads more text, keeping the current record, and reports whether any arrived.
func (c *csvReader) fill() bool {
	if c.eof {
		return false
	}
	if c.start > 0 {
		n := copy(c.buf, c.buf[c.start:c.end])
		c.base += int64(c.start)
		c.pos -= c.start
		c.end = n
		c.start = 0
	}
	if c.end == len(c.buf) {
		// The record is longer than the buffer; each cell is bounded by maxCell.
		nb := make([]byte, 2*len(c.buf))
		copy(nb, c.buf[:c.end])
		c.buf = nb
	}
	for {
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if err != nil {
			c.eof = true
			if err != io.EOF {
				c.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// Line returns the line where the current record starts.
func (c *csvReader) Line() int64 { return c.recLine }

// Offset returns the text offset where the current record starts.
func (c *csvReader) Offset() int64 { return c.recOffset }

// Next returns the next record, or io.EOF after the last one.
func (c *csvReader) Next() ([][]byte, error) {
	c.start = c.pos
	if c.pos >= c.end && !c.fill() {
		if c.err != nil {
			return nil, c.err
		}
		return nil, io.EOF
	}
	c.bounds = c.bounds[:0]
	c.recLine, c.recOffset = c.line, c.base+int64(c.pos)

	for {
		fieldStart := c.pos - c.start
		var fieldEnd int
		var last bool
		var err error
		if c.pos < c.end && c.buf[c.pos] != '"' {
			// Fast path: an unquoted field that ends inside the buffer.
			buf, i := c.buf[:c.end], c.pos
			for i < len(buf) && !c.special[buf[i]] {
				i++
			}
			if i < len(buf) && i-c.pos <= c.maxCell {
				c.bounds = append(c.bounds, fieldStart, i-c.start)
				if buf[i] == c.delim {
					c.pos = i + 1
					if len(c.bounds)/2 >= c.maxFields {
						return nil, c.tooManyFields()
					}
					continue
				}
				c.pos = i
				c.newline()
				break
			}
		}
		if c.pos >= c.end && !c.fill() {
			fieldEnd, last = fieldStart, true
		} else if c.buf[c.pos] == '"' {
			fieldStart++ // the text starts after the opening quote
			fieldEnd, last, err = c.quoted()
		} else {
			fieldEnd, last, err = c.plain(fieldStart)
		}
		if err != nil {
			return nil, err
		}
		c.bounds = append(c.bounds, fieldStart, fieldEnd)
		if last {
			break
		}
		if len(c.bounds)/2 >= c.maxFields {
			return nil, c.tooManyFields()
		}
	}

	c.fields = c.fields[:0]
	for i := 0; i < len(c.bounds); i += 2 {
		s, e := c.start+c.bounds[i], c.start+c.bounds[i+1]
		c.fields = append(c.fields, c.buf[s:e:e])
	}
	return c.fields, nil
}

// plain reads unquoted text up to the next delimiter or line break, moving it to w (relative to
// the record start) when w is behind the read position. It returns the end of the field's text
// and whether the record ended.
func (c *csvReader) plain(w int) (int, bool, error) {
	from := w
	for {
		if c.pos >= c.end && !c.fill() {
			return w, true, c.err
		}
		i := c.pos
		for i < c.end && !c.special[c.buf[i]] {
			i++
		}
		if c.start+w != c.pos {
			copy(c.buf[c.start+w:], c.buf[c.pos:i])
		}
		w += i - c.pos
		c.pos = i
		if w-from > c.maxCell {
			return w, false, c.cellTooLarge()
		}
		if i == c.end {
			continue
		}
		if c.buf[i] == c.delim {
			c.pos++
			return w, false, nil
		}
		c.newline()
		return w, true, nil
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

// quoted reads a field that starts with a double quote, unescaping doubled quotes in place.
func (c *csvReader) quoted() (int, bool, error) {
	c.pos++ // opening quote
	w := c.pos - c.start
	from := w
	for {
		if c.pos >= c.end && !c.fill() {
			if c.err != nil {
				return w, true, c.err
			}
			return w, true, &Problem{Code: "unterminated_quote", Row: c.recLine, Offset: c.recOffset,
				Column: fmt.Sprintf("#%d", len(c.bounds)/2+1)}
		}
		j := bytes.IndexByte(c.buf[c.pos:c.end], '"')
		seg := j
		if j < 0 {
			seg = c.end - c.pos
		}
		c.countLines(c.buf[c.pos : c.pos+seg])
		if c.start+w != c.pos {
			copy(c.buf[c.start+w:], c.buf[c.pos:c.pos+seg])
		}
		w += seg
		c.pos += seg
		if w-from > c.maxCell {
			return w, false, c.cellTooLarge()
		}
		if j < 0 {
			continue
		}
		c.pos++ // the quote
		if c.pos >= c.end && !c.fill() {
			return w, true, c.err
		}
		switch b := c.buf[c.pos]; {
		case b == '"':
			c.buf[c.start+w] = '"'
			w++
			c.pos++
		case b == c.delim:
			c.pos++
			return w, false, nil
		case b == '\n' || b == '\r':
			c.newline()
			return w, true, nil
		default:
			// Text after the closing quote joins the field, as spreadsheet programs read it.
			return c.plain(w)
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

func (c *csvReader) tooManyFields() error {
	return &Problem{Code: "too_many_columns", Row: c.recLine, Offset: c.recOffset,
		Detail: fmt.Sprintf("a row has more than %d fields", c.maxFields), DetailZH: fmt.Sprintf("一行超过 %d 个字段", c.maxFields)}
}

func (c *csvReader) cellTooLarge() error {
	return &Problem{Code: "cell_too_large", Row: c.recLine, Offset: c.recOffset,
		Column: fmt.Sprintf("#%d", len(c.bounds)/2+1), Detail: fmt.Sprintf("more than %d bytes", c.maxCell),
		DetailZH: fmt.Sprintf("超过 %d 字节", c.maxCell)}
}
