package sheet

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// BIFF8 record types that the reader uses.
const (
	recFormula    = 0x0006
	recEOF        = 0x000A
	recDateMode   = 0x0022
	recFilePass   = 0x002F
	recContinue   = 0x003C
	recBoundSheet = 0x0085
	recMulRK      = 0x00BD
	recXF         = 0x00E0
	recMergeCells = 0x00E5
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recNumber     = 0x0203
	recLabel      = 0x0204
	recBoolErr    = 0x0205
	recString     = 0x0207
	recRK         = 0x027E
	recFormat     = 0x041E
	recBOF        = 0x0809
)

// xlsBook is a legacy BIFF8 workbook. NOTE: the workbook stream, and a chosen sheet's cells,
// are held in memory. BIFF8 caps a sheet at 65,536 rows and 256 columns and the stream is never
// larger than the file, so the upload limit bounds this memory, unlike the streamed formats.
type xlsBook struct {
	stream   []byte
	lim      Limits
	sheets   []Info
	offsets  []int
	strings  []string
	dateFmt  []dateKind
	date1904 bool
}

// OpenXLS opens a BIFF8 (Excel 97 to 2003) workbook.
func OpenXLS(name string, lim Limits) (Workbook, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := mscfb.New(f)
	if err != nil {
		return nil, &Error{Kind: "invalid_workbook", Detail: "not an OLE compound file: " + err.Error()}
	}
	var stream []byte
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		if entry.Name == "Workbook" || entry.Name == "Book" {
			if entry.Name == "Book" {
				return nil, &Error{Kind: "invalid_workbook", Detail: "the workbook is in the BIFF5 format of Excel 5 or 95; save it as .xlsx"}
			}
			if entry.Size > lim.MaxZipBytes {
				return nil, &Error{Kind: "zip_bomb", Detail: fmt.Sprintf("workbook stream of %d bytes", entry.Size)}
			}
			stream, err = io.ReadAll(io.LimitReader(entry, entry.Size))
			if err != nil {
				return nil, &Error{Kind: "invalid_workbook", Detail: err.Error()}
			}
			break
		}
	}
	if stream == nil {
		return nil, &Error{Kind: "invalid_workbook", Detail: "no Workbook stream"}
	}
	b := &xlsBook{stream: stream, lim: lim}
	if err := b.globals(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *xlsBook) Sheets() []Info { return b.sheets }
func (b *xlsBook) Close() error   { return nil }

// biffRecord is one record of the stream.
type biffRecord struct {
	typ  uint16
	data []byte
	next int
}

func (b *xlsBook) record(pos int) (biffRecord, bool) {
	if pos+4 > len(b.stream) {
		return biffRecord{}, false
	}
	typ := binary.LittleEndian.Uint16(b.stream[pos:])
	n := int(binary.LittleEndian.Uint16(b.stream[pos+2:]))
	if pos+4+n > len(b.stream) {
		return biffRecord{}, false
	}
	return biffRecord{typ: typ, data: b.stream[pos+4 : pos+4+n], next: pos + 4 + n}, true
}

// globals reads the workbook globals: sheets, shared strings, formats and cell styles.
func (b *xlsBook) globals() error {
	formats := map[int]dateKind{}
	var xfFormats []int
	pos := 0
	first := true
	for {
		r, ok := b.record(pos)
		if !ok {
			return &Error{Kind: "invalid_workbook", Detail: "the workbook globals end early"}
		}
		if first {
			if r.typ != recBOF || len(r.data) < 4 || binary.LittleEndian.Uint16(r.data) != 0x0600 {
				return &Error{Kind: "invalid_workbook", Detail: "not a BIFF8 workbook; save it as .xlsx"}
			}
			first = false
		}
		switch r.typ {
		case recFilePass:
			return &Error{Kind: "invalid_workbook", Detail: "the workbook is encrypted; remove the password and upload it again"}
		case recDateMode:
			b.date1904 = len(r.data) >= 2 && r.data[0] == 1
		case recFormat:
			if len(r.data) >= 2 {
				id := int(binary.LittleEndian.Uint16(r.data))
				code, _, _ := unicodeString(r.data[2:], 2)
				formats[id] = classifyFormat(code)
			}
		case recXF:
			if len(r.data) >= 4 {
				xfFormats = append(xfFormats, int(binary.LittleEndian.Uint16(r.data[2:])))
			}
		case recBoundSheet:
			if len(r.data) >= 8 && r.data[5] == 0 {
				name, _, _ := unicodeString(r.data[6:], 1)
				b.sheets = append(b.sheets, Info{Name: name, Hidden: r.data[4] != 0})
				b.offsets = append(b.offsets, int(binary.LittleEndian.Uint32(r.data)))
			}
		case recSST:
			segs := [][]byte{r.data}
			next := r.next
			for {
				c, ok := b.record(next)
				if !ok || c.typ != recContinue {
					break
				}
				segs = append(segs, c.data)
				next = c.next
			}
			if err := b.readSST(segs); err != nil {
				return err
			}
		case recEOF:
			for _, id := range xfFormats {
				k, ok := formats[id]
				if !ok {
					k = builtinDateFormats[id]
				}
				b.dateFmt = append(b.dateFmt, k)
			}
			return nil
		}
		pos = r.next
	}
}

// unicodeString decodes an XLUnicodeString (lenBytes 2) or ShortXLUnicodeString (lenBytes 1)
// without rich text or phonetic parts. It returns the bytes it used and whether all characters
// were in p.
func unicodeString(p []byte, lenBytes int) (string, int, bool) {
	if len(p) < lenBytes+1 {
		return "", len(p), false
	}
	n := int(p[0])
	if lenBytes == 2 {
		n = int(binary.LittleEndian.Uint16(p))
	}
	flags := p[lenBytes]
	p = p[lenBytes+1:]
	used := lenBytes + 1
	skipRich := 0
	if flags&0x08 != 0 && len(p) >= 2 {
		skipRich = 4 * int(binary.LittleEndian.Uint16(p))
		p = p[2:]
		used += 2
	}
	width := 1
	if flags&0x01 != 0 {
		width = 2
	}
	complete := true
	if n*width > len(p) {
		n = len(p) / width
		complete = false
	}
	return decodeChars(p[:n*width], width), used + n*width + skipRich, complete
}

func decodeChars(p []byte, width int) string {
	if width == 1 {
		r := make([]rune, len(p))
		for i, c := range p {
			r[i] = rune(c)
		}
		return string(r)
	}
	u := make([]uint16, len(p)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(p[2*i:])
	}
	return string(utf16.Decode(u))
}

// segmentReader reads across an SST record and its CONTINUE records.
type segmentReader struct {
	segs [][]byte
	seg  int
	pos  int
}

func (s *segmentReader) avail() int {
	for s.seg < len(s.segs) && s.pos >= len(s.segs[s.seg]) {
		s.seg++
		s.pos = 0
	}
	if s.seg >= len(s.segs) {
		return 0
	}
	return len(s.segs[s.seg]) - s.pos
}

func (s *segmentReader) bytes(n int) ([]byte, bool) {
	out := make([]byte, 0, n)
	for len(out) < n {
		a := s.avail()
		if a == 0 {
			return nil, false
		}
		take := min(a, n-len(out))
		out = append(out, s.segs[s.seg][s.pos:s.pos+take]...)
		s.pos += take
	}
	return out, true
}

func (s *segmentReader) skip(n int) bool {
	_, ok := s.bytes(n)
	return ok
}

// readSST decodes the shared string table. A string's characters may continue in the next
// record, which then starts with a fresh flags byte saying whether they are one or two bytes wide.
func (b *xlsBook) readSST(segs [][]byte) error {
	r := &segmentReader{segs: segs}
	head, ok := r.bytes(8)
	if !ok {
		return &Error{Kind: "invalid_workbook", Detail: "shared string table is truncated"}
	}
	count := int(binary.LittleEndian.Uint32(head[4:]))
	if count > 1<<24 {
		return &Error{Kind: "invalid_workbook", Detail: "shared string table is too large"}
	}
	b.strings = make([]string, 0, min(count, 1<<16))
	for i := 0; i < count; i++ {
		h, ok := r.bytes(3)
		if !ok {
			break
		}
		n := int(binary.LittleEndian.Uint16(h))
		flags := h[2]
		runs, ext := 0, 0
		if flags&0x08 != 0 {
			p, ok := r.bytes(2)
			if !ok {
				break
			}
			runs = int(binary.LittleEndian.Uint16(p))
		}
		if flags&0x04 != 0 {
			p, ok := r.bytes(4)
			if !ok {
				break
			}
			ext = int(binary.LittleEndian.Uint32(p))
		}
		if int64(n) > b.lim.MaxCell {
			return &Error{Kind: "cell_too_large", Detail: fmt.Sprintf("shared string %d has %d characters", i, n)}
		}
		width := 1 + int(flags&0x01)
		var u []uint16
		for left := n; left > 0; {
			a := r.avail()
			if a == 0 {
				return &Error{Kind: "invalid_workbook", Detail: "shared string table is truncated"}
			}
			if r.pos == 0 && r.seg > 0 && left < n {
				// Continuation: a new flags byte starts the record.
				width = 1 + int(r.segs[r.seg][0]&0x01)
				r.pos++
				a--
			}
			take := min(left, a/width)
			if take == 0 {
				return &Error{Kind: "invalid_workbook", Detail: "shared string splits a character"}
			}
			p := r.segs[r.seg][r.pos : r.pos+take*width]
			for j := 0; j < take; j++ {
				if width == 1 {
					u = append(u, uint16(p[j]))
				} else {
					u = append(u, binary.LittleEndian.Uint16(p[2*j:]))
				}
			}
			r.pos += take * width
			left -= take
		}
		b.strings = append(b.strings, string(utf16.Decode(u)))
		if !r.skip(4*runs + ext) {
			break
		}
	}
	return nil
}

// xlsCell is a cell collected from a sheet.
type xlsCell struct {
	row, col int
	cell     Cell
}

func (b *xlsBook) Open(i int) (Rows, error) {
	rows, _, err := b.read(i)
	return rows, err
}

func (b *xlsBook) Merges(i int) ([]Merge, error) {
	_, merges, err := b.read(i)
	return merges, err
}

// read collects the cells and merged ranges of sheet i.
func (b *xlsBook) read(i int) (Rows, []Merge, error) {
	if i < 0 || i >= len(b.sheets) {
		return nil, nil, &Error{Kind: "sheet_not_found", Detail: fmt.Sprint(i)}
	}
	name := b.sheets[i].Name
	var cells []xlsCell
	var merges []Merge
	pos := b.offsets[i]
	pendingString := -1 // index in cells of a formula whose string result follows
	add := func(row, col int, c Cell) error {
		if col >= b.lim.MaxColumns {
			return &Error{Kind: "too_many_columns", Sheet: name, Row: row + 1, Col: col + 1,
				Detail: fmt.Sprintf("a cell is in column %d, the limit is %d", col+1, b.lim.MaxColumns)}
		}
		cells = append(cells, xlsCell{row: row, col: col, cell: c})
		return nil
	}
	first := true
	for {
		r, ok := b.record(pos)
		if !ok {
			break
		}
		pos = r.next
		if first {
			if r.typ != recBOF {
				return nil, nil, &Error{Kind: "invalid_workbook", Sheet: name, Detail: "sheet does not start with BOF"}
			}
			first = false
			continue
		}
		if r.typ == recEOF {
			break
		}
		d := r.data
		if len(d) < 6 && r.typ != recString && r.typ != recMergeCells {
			continue
		}
		var err error
		switch r.typ {
		case recLabelSST:
			if len(d) >= 10 {
				idx := int(binary.LittleEndian.Uint32(d[6:]))
				if idx >= len(b.strings) {
					return nil, nil, &Error{Kind: "invalid_workbook", Sheet: name, Row: u16(d) + 1, Col: u16(d[2:]) + 1,
						Detail: fmt.Sprintf("shared string %d does not exist", idx)}
				}
				err = add(u16(d), u16(d[2:]), Cell{Value: b.strings[idx], Text: true})
			}
		case recLabel:
			s, _, complete := unicodeString(d[6:], 2)
			if !complete {
				return nil, nil, continuedText(name, u16(d), u16(d[2:]))
			}
			err = add(u16(d), u16(d[2:]), Cell{Value: s, Text: true})
		case recNumber:
			if len(d) >= 14 {
				f := math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))
				err = add(u16(d), u16(d[2:]), b.number(f, u16(d[4:])))
			}
		case recRK:
			if len(d) >= 10 {
				err = add(u16(d), u16(d[2:]), b.number(rk(binary.LittleEndian.Uint32(d[6:])), u16(d[4:])))
			}
		case recMulRK:
			row, col := u16(d), u16(d[2:])
			for p := 4; p+6 <= len(d)-2 && err == nil; p += 6 {
				err = add(row, col, b.number(rk(binary.LittleEndian.Uint32(d[p+2:])), u16(d[p:])))
				col++
			}
		case recBoolErr:
			if len(d) >= 8 && d[7] == 0 {
				v := "false"
				if d[6] != 0 {
					v = "true"
				}
				err = add(u16(d), u16(d[2:]), Cell{Value: v})
			}
		case recFormula:
			if len(d) < 14 {
				continue
			}
			row, col := u16(d), u16(d[2:])
			res := d[6:14]
			if res[6] == 0xFF && res[7] == 0xFF {
				switch res[0] {
				case 0:
					pendingString = len(cells)
					err = add(row, col, Cell{Text: true})
				case 1:
					v := "false"
					if res[2] != 0 {
						v = "true"
					}
					err = add(row, col, Cell{Value: v})
				}
			} else {
				err = add(row, col, b.number(math.Float64frombits(binary.LittleEndian.Uint64(res)), u16(d[4:])))
			}
		case recString:
			if pendingString >= 0 {
				s, _, complete := unicodeString(d, 2)
				if !complete {
					c := cells[pendingString]
					return nil, nil, continuedText(name, c.row, c.col)
				}
				cells[pendingString].cell.Value = s
				pendingString = -1
			}
		case recMergeCells:
			if len(d) >= 2 {
				n := u16(d)
				for k := 0; k < n && 2+8*k+8 <= len(d); k++ {
					p := d[2+8*k:]
					m := Merge{Row1: u16(p), Row2: u16(p[2:]), Col1: u16(p[4:]), Col2: u16(p[6:])}
					if m.Row2 >= m.Row1 && m.Col2 >= m.Col1 {
						merges = append(merges, m)
					}
				}
			}
		}
		if err != nil {
			return nil, nil, err
		}
	}
	slices.SortStableFunc(cells, func(a, b xlsCell) int {
		if a.row != b.row {
			return a.row - b.row
		}
		return a.col - b.col
	})
	return &xlsRows{cells: cells}, merges, nil
}

func u16(p []byte) int { return int(binary.LittleEndian.Uint16(p)) }

// continuedText reports a text cell whose characters go on in a CONTINUE record. This reader
// does not join such records, so reading on would cut the text short.
func continuedText(sheet string, row, col int) error {
	return &Error{Kind: "invalid_workbook", Sheet: sheet, Row: row + 1, Col: col + 1,
		Detail: "a text cell is longer than one BIFF8 record, which is not supported; save the workbook as .xlsx"}
}

// rk decodes an RK number: a 30-bit integer or the high bits of a float64, optionally divided
// by 100.
func rk(v uint32) float64 {
	var f float64
	if v&0x02 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&0x01 != 0 {
		f /= 100
	}
	return f
}

func (b *xlsBook) number(f float64, xf int) Cell {
	if xf < len(b.dateFmt) && b.dateFmt[xf] != notDate {
		if s, ok := formatSerial(f, b.dateFmt[xf], b.date1904); ok {
			return Cell{Value: s}
		}
	}
	return Cell{Value: formatNumber(f)}
}

// xlsRows returns the collected cells row by row.
type xlsRows struct {
	cells []xlsCell
	pos   int
	row   []Cell
}

func (r *xlsRows) Next() ([]Cell, int, error) {
	if r.pos >= len(r.cells) {
		return nil, 0, io.EOF
	}
	row := r.cells[r.pos].row
	r.row = r.row[:0]
	for r.pos < len(r.cells) && r.cells[r.pos].row == row {
		c := r.cells[r.pos]
		for len(r.row) < c.col {
			r.row = append(r.row, Cell{})
		}
		if c.col < len(r.row) {
			r.row[c.col] = c.cell
		} else {
			r.row = append(r.row, c.cell)
		}
		r.pos++
	}
	return r.row, row + 1, nil
}

func (r *xlsRows) Close() error { return nil }
