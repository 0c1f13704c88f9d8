package sheet

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeBook writes a workbook of one sheet with the given sheet XML and shared strings XML.
func writeBook(t *testing.T, sheetXML, sharedXML string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	parts := map[string]string{
		"xl/workbook.xml":            `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheetXML,
		"xl/sharedStrings.xml":       sharedXML,
	}
	for name, body := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	f.Close()
	return path
}

func readRows(t *testing.T, path string) map[int][]Cell {
	t.Helper()
	wb, err := OpenXLSX(path, fuzzLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Open(0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int][]Cell{}
	for {
		cells, row, err := rows.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[row] = append([]Cell(nil), cells...)
	}
}

func TestXLSXSheetMarkup(t *testing.T) {
	sheetXML := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve"> a &amp; b &lt;c&gt; &#x4E2D;&#25991; </x:t></x:is></x:c></x:row>
<x:row r="3" spans="1:3"><x:c r='A3' s="0"/><x:c r="C3"><x:v>1.5E-3</x:v></x:c></x:row>
<!-- a comment with <tags> -->
<x:row r="4"><x:c r="A4" t="str"><x:f>A1&amp;"x"</x:f><x:v><![CDATA[x<y & z]]></x:v></x:c><x:c r="B4" t="b"><x:v>1</x:v></x:c><x:c r="C4" t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row r="5"/>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`
	sharedXML := `<sst><si><r><t>富</t></r><r><t xml:space="preserve">文本</t></r><rPh><t>フリガナ</t></rPh></si></sst>`
	got := readRows(t, writeBook(t, sheetXML, sharedXML))
	want := map[int][]Cell{
		1: {{Value: "富文本", Text: true}, {Value: " a & b <c> 中文 ", Text: true}},
		3: {{}, {}, {Value: "0.0015"}},
		4: {{Value: "x<y & z", Text: true}, {Value: "true"}},
		5: nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestXLSXMissingSharedString(t *testing.T) {
	path := writeBook(t, `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>`, `<sst/>`)
	wb, err := OpenXLSX(path, fuzzLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, _ := wb.Open(0)
	_, _, err = rows.Next()
	if se, ok := err.(*Error); !ok || se.Kind != "invalid_workbook" {
		t.Errorf("err = %v, want invalid_workbook", err)
	}
}
