package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"govshare/internal/ingest"
)

var testCols = []Column{
	{Name: "身份证号", Type: ingest.TypeString},
	{Name: "邮编", Type: ingest.TypeString},
	{Name: "金额", Type: ingest.TypeNumber},
	{Name: "人数", Type: ingest.TypeInteger},
	{Name: "备注", Type: ingest.TypeString},
}

var testRows = [][]any{
	{"11010519491231002X", "010010", 1234.5, int64(7), "=HYPERLINK(\"http://x\")"},
	{"110105194912310021", "100000", 0.1, int64(-3), "含,逗号和\"引号\"\n换行"},
	{nil, "0311", 100000000000.25, nil, "@SUM(A1)"},
}

func write(t *testing.T, format string, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := New(format, &buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteHeader(testCols); err != nil {
		t.Fatal(err)
	}
	for _, r := range testRows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSV(t *testing.T) {
	got := string(write(t, "csv", Options{}))
	want := "身份证号,邮编,金额,人数,备注\r\n" +
		"11010519491231002X,010010,1234.5,7,\"=HYPERLINK(\"\"http://x\"\")\"\r\n" +
		"110105194912310021,100000,0.1,-3,\"含,逗号和\"\"引号\"\"\n换行\"\r\n" +
		",0311,100000000000.25,,@SUM(A1)\r\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestCSVBOMAndSpreadsheetSafe(t *testing.T) {
	got := write(t, "csv", Options{BOM: true, SpreadsheetSafe: true})
	if !bytes.HasPrefix(got, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("output does not start with a UTF-8 BOM: % x", got[:4])
	}
	lines := strings.Split(string(got[3:]), "\r\n")
	if !strings.HasSuffix(lines[1], `"'=HYPERLINK(""http://x"")"`) {
		t.Errorf("formula not neutralised: %s", lines[1])
	}
	if !strings.HasSuffix(lines[3], `"'@SUM(A1)"`) {
		t.Errorf("@ cell not neutralised: %s", lines[3])
	}
	if !strings.Contains(lines[2], ",-3,") {
		t.Errorf("a negative number was changed: %s", lines[2])
	}
}

func TestCSVRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(path, write(t, "csv", Options{BOM: true}), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := ingest.Analyze(context.Background(), path, ingest.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	err = p.Scan(context.Background(), func(_ int64, v []any) error {
		rows = append(rows, append([]any(nil), v...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(testRows, rows); diff != "" {
		t.Errorf("rows after export and import (-want +got):\n%s", diff)
	}
}

func TestJSONL(t *testing.T) {
	out := write(t, "jsonl", Options{})
	sc := bufio.NewScanner(bytes.NewReader(out))
	var got []map[string]any
	for sc.Scan() {
		var m map[string]any
		d := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		got = append(got, m)
	}
	want := map[string]any{"身份证号": "11010519491231002X", "邮编": "010010", "金额": json.Number("1234.5"),
		"人数": json.Number("7"), "备注": `=HYPERLINK("http://x")`}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("first line (-want +got):\n%s", diff)
	}
	if got[2]["身份证号"] != nil || got[2]["金额"] != json.Number("100000000000.25") {
		t.Errorf("third line = %v", got[2])
	}
	if !bytes.HasPrefix(out, []byte(`{"身份证号":"11010519491231002X","邮编"`)) {
		t.Errorf("keys are not in column order: %s", out[:60])
	}
}

func TestXLSXKeepsIdentifiersAsText(t *testing.T) {
	out := write(t, "xlsx", Options{Sheet: "数据"})
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, cell := range []string{"A2", "A3", "B2", "B4", "E2"} {
		typ, err := f.GetCellType("数据", cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("cell %s has type %v, want a text cell", cell, typ)
		}
	}
	for cell, want := range map[string]string{"A3": "110105194912310021", "B2": "010010", "B4": "0311", "C4": "100000000000.25"} {
		got, err := f.GetCellValue("数据", cell)
		if err != nil || got != want {
			t.Errorf("cell %s = %q (%v), want %q", cell, got, err, want)
		}
	}
	if typ, _ := f.GetCellType("数据", "C2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("number cell C2 has type %v", typ)
	}

	// Reading the export back gives the values that were written.
	path := filepath.Join(t.TempDir(), "out.xlsx")
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := ingest.Analyze(context.Background(), path, ingest.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	p.Scan(context.Background(), func(_ int64, v []any) error {
		rows = append(rows, append([]any(nil), v...))
		return nil
	})
	if diff := cmp.Diff(testRows, rows); diff != "" {
		t.Errorf("rows after export and import (-want +got):\n%s", diff)
	}
}

func TestXLSXRejectsOverlongCell(t *testing.T) {
	var buf bytes.Buffer
	w, _ := New("xlsx", &buf, Options{})
	w.WriteHeader([]Column{{Name: "a", Type: ingest.TypeString}})
	err := w.WriteRow([]any{strings.Repeat("长", 40000)})
	if err == nil || !strings.Contains(err.Error(), "CSV") {
		t.Errorf("err = %v, want a message pointing to CSV", err)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := New("parquet", &bytes.Buffer{}, Options{}); err == nil {
		t.Error("New(parquet) returned no error")
	}
}
