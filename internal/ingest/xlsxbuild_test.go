package ingest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// testSheet describes a sheet for buildXLSX. Rows hold cells as raw <c> elements or plain
// strings; a plain string becomes an inline string cell.
type testSheet struct {
	name   string
	hidden bool
	rows   [][]string
	merges []string
}

// numCell returns a number cell; style 1 is a date format.
func numCell(v string, style int) string {
	return fmt.Sprintf(`<c s="%d"><v>%s</v></c>`, style, v)
}

// formulaCell returns a formula cell with its cached value.
func formulaCell(formula, cached string) string {
	return fmt.Sprintf(`<c><f>%s</f><v>%s</v></c>`, formula, cached)
}

// buildXLSX writes a minimal workbook by hand so that tests control every part of it.
func buildXLSX(t *testing.T, sheets []testSheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	var wbSheets, rels strings.Builder
	for i, s := range sheets {
		state := ""
		if s.hidden {
			state = ` state="hidden"`
		}
		fmt.Fprintf(&wbSheets, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)

		var data strings.Builder
		for r, row := range s.rows {
			fmt.Fprintf(&data, `<row r="%d">`, r+1)
			for c, cell := range row {
				ref := fmt.Sprintf("%s%d", columnLetters(c), r+1)
				switch {
				case cell == "":
				case strings.HasPrefix(cell, "<c"):
					data.WriteString(strings.Replace(cell, "<c", `<c r="`+ref+`"`, 1))
				default:
					fmt.Fprintf(&data, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, cell)
				}
			}
			data.WriteString(`</row>`)
		}
		merges := ""
		if len(s.merges) > 0 {
			merges = fmt.Sprintf(`<mergeCells count="%d">`, len(s.merges))
			for _, m := range s.merges {
				merges += `<mergeCell ref="` + m + `"/>`
			}
			merges += `</mergeCells>`
		}
		add(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), `<?xml version="1.0" encoding="UTF-8"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
			data.String()+`</sheetData>`+merges+`</worksheet>`)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`+
		wbSheets.String()+`</sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		rels.String()+`</Relationships>`)
	add("xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+
		`<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>`+
		`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="22"/></cellXfs></styleSheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
