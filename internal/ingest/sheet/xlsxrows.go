package sheet

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// tagScanner splits the XML of a worksheet into tags and text. It reads only what sheet data
// uses (elements, attributes in double or single quotes, character references, comments and
// CDATA) and is several times faster than encoding/xml, which matters for sheets of millions
// of cells.
type tagScanner struct {
	r    *bufio.Reader
	tag  []byte // the current tag without its angle brackets
	text []byte // text before the current tag, still escaped
}

func newTagScanner(r io.Reader) *tagScanner {
	return &tagScanner{r: bufio.NewReaderSize(r, 64<<10)}
}

// next reads the text up to the next tag and the tag itself. With keepText false the text is
// skipped. It returns io.EOF at the end of the part.
func (s *tagScanner) next(keepText bool) error {
	s.text = s.text[:0]
	for {
		chunk, err := s.r.ReadSlice('<')
		if keepText {
			s.text = append(s.text, bytes.TrimSuffix(chunk, []byte("<"))...)
		}
		if err == nil {
			break
		}
		if err != bufio.ErrBufferFull {
			return err
		}
	}

	s.tag = s.tag[:0]
	for {
		chunk, err := s.r.ReadSlice('>')
		s.tag = append(s.tag, chunk...)
		if err == nil && s.tagComplete() {
			break
		}
		if err != nil && err != bufio.ErrBufferFull {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
	}
	s.tag = s.tag[:len(s.tag)-1]
	if bytes.HasPrefix(s.tag, []byte("![CDATA[")) && keepText {
		// CDATA is text without escapes; store it escaped so that the caller unescapes all text alike.
		s.text = appendEscaped(s.text, s.tag[8:len(s.tag)-2])
	}
	return nil
}

// tagComplete reports whether s.tag, which ends in '>', ends the tag: quotes are balanced and
// comments and CDATA sections are closed.
func (s *tagScanner) tagComplete() bool {
	t := s.tag
	switch {
	case bytes.HasPrefix(t, []byte("!--")):
		return bytes.HasSuffix(t, []byte("-->"))
	case bytes.HasPrefix(t, []byte("![CDATA[")):
		return bytes.HasSuffix(t, []byte("]]>"))
	}
	if bytes.IndexByte(t, '\'') < 0 {
		return bytes.Count(t, []byte{'"'})%2 == 0
	}
	var quote byte
	for _, c := range t {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		}
	}
	return quote == 0
}

// name returns the local name of the current tag, whether it closes an element, and whether it
// is an empty-element tag.
func (s *tagScanner) name() (local []byte, end, empty bool) {
	t := s.tag
	if len(t) > 0 && t[0] == '/' {
		end = true
		t = t[1:]
	}
	if len(t) > 0 && t[len(t)-1] == '/' {
		empty = true
	}
	i := 0
	for i < len(t) && t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r' && t[i] != '/' {
		i++
	}
	local = t[:i]
	if j := bytes.IndexByte(local, ':'); j >= 0 {
		local = local[j+1:]
	}
	return local, end, empty
}

// attr returns the value of the attribute with the given local name in the current tag.
func (s *tagScanner) attr(want string) ([]byte, bool) {
	var out []byte
	found := false
	s.attrs(func(key, val []byte) {
		if !found && string(key) == want {
			out, found = val, true
		}
	})
	return out, found
}

// attrs calls fn with the local name and raw value of each attribute of the current tag.
func (s *tagScanner) attrs(fn func(key, val []byte)) {
	t := s.tag
	i := bytes.IndexAny(t, " \t\r\n")
	if i < 0 {
		return
	}
	t = t[i:]
	for len(t) > 0 {
		t = bytes.TrimLeft(t, " \t\r\n")
		eq := bytes.IndexByte(t, '=')
		if eq < 0 || eq+1 >= len(t) {
			return
		}
		key := bytes.TrimSpace(t[:eq])
		if j := bytes.IndexByte(key, ':'); j >= 0 {
			key = key[j+1:]
		}
		q := t[eq+1]
		if q != '"' && q != '\'' {
			return
		}
		endQ := bytes.IndexByte(t[eq+2:], q)
		if endQ < 0 {
			return
		}
		fn(key, t[eq+2:eq+2+endQ])
		t = t[eq+2+endQ+1:]
	}
}

// appendUnescaped appends XML text with its entity and character references replaced.
func appendUnescaped(dst, text []byte) ([]byte, bool) {
	for {
		i := bytes.IndexByte(text, '&')
		if i < 0 {
			return append(dst, text...), true
		}
		dst = append(dst, text[:i]...)
		text = text[i:]
		semi := bytes.IndexByte(text, ';')
		if semi < 0 || semi > 12 {
			return dst, false
		}
		ref := text[1:semi]
		text = text[semi+1:]
		switch string(ref) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if len(ref) < 2 || ref[0] != '#' {
				return dst, false
			}
			var n uint64
			var err error
			if ref[1] == 'x' || ref[1] == 'X' {
				n, err = strconv.ParseUint(string(ref[2:]), 16, 32)
			} else {
				n, err = strconv.ParseUint(string(ref[1:]), 10, 32)
			}
			if err != nil || n == 0 || n > utf8.MaxRune {
				return dst, false
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
}

// appendEscaped appends raw text with '&' and '<' escaped.
func appendEscaped(dst, raw []byte) []byte {
	for _, c := range raw {
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// cellType returns the cell type attribute as a constant string, so that reading it allocates
// nothing for the types that exist.
func cellType(v []byte) string {
	for _, t := range [...]string{"s", "n", "str", "inlineStr", "b", "e", "d"} {
		if string(v) == t {
			return t
		}
	}
	return string(v)
}

// xlsxRows streams the rows of one sheet.
type xlsxRows struct {
	book    *xlsxBook
	part    *guardedPart
	sc      *tagScanner
	sheet   string
	cells   []Cell
	val     []byte
	lastRow int
	done    bool
}

func (r *xlsxRows) Close() error { return r.part.Close() }

func (r *xlsxRows) Next() ([]Cell, int, error) {
	if r.done {
		return nil, 0, io.EOF
	}
	row := 0
	inRow := false
	col, nextCol, style := 0, 0, 0
	var typ string
	inV, inT, inPhonetic := false, false, false
	for {
		capture := inV || (inT && !inPhonetic)
		err := r.sc.next(capture)
		if err == io.EOF {
			r.done = true
			if inRow {
				return r.cells, row, nil
			}
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, xmlError(r.sheet, err)
		}
		if capture && len(r.sc.text) > 0 {
			var ok bool
			if r.val, ok = appendUnescaped(r.val, r.sc.text); !ok {
				return nil, 0, &Error{Kind: "invalid_workbook", Sheet: r.sheet, Row: row, Col: col + 1, Detail: "a cell has an invalid character reference"}
			}
			if int64(len(r.val)) > r.book.lim.MaxCell {
				return nil, 0, &Error{Kind: "cell_too_large", Sheet: r.sheet, Row: row, Col: col + 1,
					Detail: fmt.Sprintf("longer than %d bytes", r.book.lim.MaxCell)}
			}
		}
		name, end, empty := r.sc.name()
		if !end {
			switch string(name) {
			case "row":
				inRow = true
				r.cells = r.cells[:0]
				nextCol, row = 0, 0
				if v, ok := r.sc.attr("r"); ok {
					row, _ = strconv.Atoi(string(v))
				}
				if empty {
					end, name = true, []byte("row")
				}
			case "c":
				typ, style, col = "", 0, nextCol
				r.val = r.val[:0]
				r.sc.attrs(func(key, v []byte) {
					switch string(key) {
					case "r":
						if c, rr, ok := cellRef(string(v)); ok {
							col = c
							if row == 0 {
								row = rr
							}
						}
					case "t":
						typ = cellType(v)
					case "s":
						style, _ = strconv.Atoi(string(v))
					}
				})
				if col >= r.book.lim.MaxColumns {
					return nil, 0, &Error{Kind: "too_many_columns", Sheet: r.sheet, Row: row, Col: col + 1,
						Detail: fmt.Sprintf("a cell is in column %d, the limit is %d", col+1, r.book.lim.MaxColumns)}
				}
				if empty {
					nextCol = col + 1
				}
			case "v":
				inV = !empty
			case "t":
				inT = !empty
			case "rPh":
				inPhonetic = !empty
			}
		}
		if !end {
			continue
		}
		switch string(name) {
		case "v":
			inV = false
		case "t":
			inT = false
		case "rPh":
			inPhonetic = false
		case "c":
			cell, ok := r.book.cellValue(r.val, typ, style)
			if typ == "s" && len(r.val) > 0 && !ok {
				return nil, 0, &Error{Kind: "invalid_workbook", Sheet: r.sheet, Row: row, Col: col + 1,
					Detail: fmt.Sprintf("shared string %q does not exist", r.val)}
			}
			if ok {
				for len(r.cells) < col {
					r.cells = append(r.cells, Cell{})
				}
				if col < len(r.cells) {
					r.cells[col] = cell
				} else {
					r.cells = append(r.cells, cell)
				}
			}
			nextCol = col + 1
		case "row":
			if row <= r.lastRow {
				// Rows without a number follow the previous one.
				row = r.lastRow + 1
			}
			r.lastRow = row
			return r.cells, row, nil
		case "sheetData":
			r.done = true
			return nil, 0, io.EOF
		}
	}
}
