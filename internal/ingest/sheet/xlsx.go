package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	kflate "github.com/klauspost/compress/flate"
)

// xlsxBook is an XLSX workbook. Shared strings and styles are held in memory; sheets are
// streamed.
type xlsxBook struct {
	zr       *zip.ReadCloser
	files    map[string]*zip.File
	lim      Limits
	unpacked int64
	sheets   []Info
	targets  []string // part name of each sheet
	strings  []string
	dateFmt  []dateKind // per cell style index
	date1904 bool
}

// OpenXLSX opens an XLSX workbook and reads its sheet list, shared strings and styles.
func OpenXLSX(name string, lim Limits) (Workbook, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, &Error{Kind: "invalid_workbook", Detail: err.Error()}
	}
	// klauspost/compress inflates about twice as fast as compress/flate, and sheets are large.
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return kflate.NewReader(r) })
	b := &xlsxBook{zr: zr, files: make(map[string]*zip.File), lim: lim}
	for _, f := range zr.File {
		b.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	if err := b.load(); err != nil {
		zr.Close()
		return nil, err
	}
	return b, nil
}

func (b *xlsxBook) Close() error { return b.zr.Close() }

func (b *xlsxBook) Sheets() []Info { return b.sheets }

func (b *xlsxBook) part(name string) (*guardedPart, error) {
	f, ok := b.files[name]
	if !ok {
		return nil, &Error{Kind: "invalid_workbook", Detail: "missing part " + name}
	}
	return openPart(f, b.lim, &b.unpacked)
}

// decodePart decodes a small XML part into v.
func (b *xlsxBook) decodePart(name string, v any) error {
	p, err := b.part(name)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := xml.NewDecoder(p).Decode(v); err != nil {
		var se *Error
		if errors.As(err, &se) {
			return se
		}
		return &Error{Kind: "invalid_workbook", Detail: fmt.Sprintf("part %s: %v", name, err)}
	}
	return nil
}

func (b *xlsxBook) load() error {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decodePart("xl/workbook.xml", &wb); err != nil {
		return err
	}
	b.date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"

	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := b.decodePart("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return err
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	for _, s := range wb.Sheets {
		t, ok := targets[s.RID]
		if !ok {
			return &Error{Kind: "invalid_workbook", Detail: fmt.Sprintf("sheet %q has no part", s.Name)}
		}
		b.sheets = append(b.sheets, Info{Name: s.Name, Hidden: s.State == "hidden" || s.State == "veryHidden"})
		b.targets = append(b.targets, t)
	}

	if _, ok := b.files["xl/sharedStrings.xml"]; ok {
		if err := b.loadStrings(); err != nil {
			return err
		}
	}
	if _, ok := b.files["xl/styles.xml"]; ok {
		if err := b.loadStyles(); err != nil {
			return err
		}
	}
	return nil
}

// loadStrings reads the shared string table, joining the runs of rich text and leaving out
// phonetic guides.
func (b *xlsxBook) loadStrings() error {
	p, err := b.part("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	defer p.Close()
	d := xml.NewDecoder(p)
	var cur strings.Builder
	var total int64
	inT, inPhonetic := false, false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlError("xl/sharedStrings.xml", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				cur.Reset()
			case "t":
				inT = true
			case "rPh":
				inPhonetic = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				total += int64(cur.Len()) + 16
				if b.lim.MaxSharedStrings > 0 && total > b.lim.MaxSharedStrings {
					return &Error{Kind: "workbook_too_large", Detail: fmt.Sprintf(
						"the shared string table contains more than %d bytes of text", b.lim.MaxSharedStrings)}
				}
				b.strings = append(b.strings, cur.String())
			case "t":
				inT = false
			case "rPh":
				inPhonetic = false
			}
		case xml.CharData:
			if inT && !inPhonetic {
				if int64(cur.Len()+len(t)) > b.lim.MaxCell {
					return &Error{Kind: "cell_too_large", Detail: fmt.Sprintf("shared string %d is longer than %d bytes", len(b.strings), b.lim.MaxCell)}
				}
				cur.Write(t)
			}
		}
	}
}

func xmlError(part string, err error) error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	return &Error{Kind: "invalid_workbook", Detail: fmt.Sprintf("part %s: %v", part, err)}
}

func (b *xlsxBook) loadStyles() error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := b.decodePart("xl/styles.xml", &st); err != nil {
		return err
	}
	custom := map[int]dateKind{}
	for _, f := range st.NumFmts {
		custom[f.ID] = classifyFormat(f.Code)
	}
	for _, xf := range st.Xfs {
		k, ok := custom[xf.NumFmtID]
		if !ok {
			k = builtinDateFormats[xf.NumFmtID]
		}
		b.dateFmt = append(b.dateFmt, k)
	}
	return nil
}

func (b *xlsxBook) Open(i int) (Rows, error) {
	if i < 0 || i >= len(b.sheets) {
		return nil, &Error{Kind: "sheet_not_found", Detail: strconv.Itoa(i)}
	}
	p, err := b.part(b.targets[i])
	if err != nil {
		return nil, err
	}
	return &xlsxRows{book: b, part: p, sc: newTagScanner(p), sheet: b.sheets[i].Name}, nil
}

// Merges reads the merged ranges, which the sheet part lists after its rows, with a byte search
// instead of XML decoding.
func (b *xlsxBook) Merges(i int) ([]Merge, error) {
	if i < 0 || i >= len(b.sheets) {
		return nil, &Error{Kind: "sheet_not_found", Detail: strconv.Itoa(i)}
	}
	p, err := b.part(b.targets[i])
	if err != nil {
		return nil, err
	}
	defer p.Close()
	const maxMerges = 100_000
	var out []Merge
	marker := []byte("mergeCell ")
	buf := make([]byte, 256<<10)
	keep := 0
	for {
		n, err := p.Read(buf[keep:])
		data := buf[:keep+n]
		consumed := 0
		for {
			j := bytes.Index(data[consumed:], marker)
			if j < 0 {
				break
			}
			start := consumed + j
			end := bytes.IndexByte(data[start:], '>')
			if end < 0 {
				break
			}
			tag := data[start : start+end]
			if k := bytes.Index(tag, []byte(`ref="`)); k >= 0 {
				rest := tag[k+5:]
				if q := bytes.IndexByte(rest, '"'); q > 0 {
					if m, ok := parseMerge(string(rest[:q])); ok && len(out) < maxMerges {
						out = append(out, m)
					}
				}
			}
			consumed = start + end
		}
		// Keep a tail long enough to hold a tag cut at the chunk boundary.
		tail := len(data) - consumed
		if tail > 256 {
			tail = 256
		}
		copy(buf, data[len(data)-tail:])
		keep = tail
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// cellValue interprets the raw value of a cell by its type and style.
func (b *xlsxBook) cellValue(raw []byte, typ string, style int) (Cell, bool) {
	switch typ {
	case "s":
		i, err := strconv.Atoi(string(raw))
		if err != nil || i < 0 || i >= len(b.strings) {
			return Cell{}, false
		}
		return Cell{Value: b.strings[i], Text: true}, true
	case "str", "inlineStr":
		return Cell{Value: string(raw), Text: true}, true
	case "b":
		if string(raw) == "1" {
			return Cell{Value: "true"}, true
		}
		return Cell{Value: "false"}, true
	case "e":
		// Error values such as #N/A hold no data.
		return Cell{}, false
	case "d":
		return Cell{Value: string(raw)}, true
	}
	if len(raw) == 0 {
		return Cell{}, false
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return Cell{Value: string(raw), Text: true}, true
	}
	if style >= 0 && style < len(b.dateFmt) && b.dateFmt[style] != notDate {
		if s, ok := formatSerial(f, b.dateFmt[style], b.date1904); ok {
			return Cell{Value: s}, true
		}
	}
	return Cell{Value: formatNumber(f)}, true
}
