package ingest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHeaderOnly(t *testing.T) {
	p := analyzeFile(t, writeFile(t, "h.csv", []byte("\xef\xbb\xbfa,b\n")), Options{})
	if p.Rows != 0 || len(p.Columns) != 2 || p.Columns[0].Name != "a" {
		t.Errorf("rows = %d, columns = %+v", p.Rows, p.Columns)
	}
	if rows := scanAll(t, p); len(rows) != 0 {
		t.Errorf("Scan returned %d rows", len(rows))
	}
}

func TestTrailingDelimiters(t *testing.T) {
	p := analyzeFile(t, writeFile(t, "t.csv", []byte("a,b,c,\n1,2,3,\n4,5,6\n")), Options{})
	want := [][]any{{int64(1), int64(2), int64(3)}, {int64(4), int64(5), int64(6)}}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestDeclaredTypesAndMissingValues(t *testing.T) {
	data := "编号,金额,日期\n001,12.5,2023-01-02\n002,-,2023-01-03\n003,N/A,bad\n"
	schema := &Schema{
		Fields:        []Field{{Name: "编号", Type: TypeInteger}, {Name: "金额", Type: TypeNumber}, {Name: "日期", Type: TypeDate}},
		MissingValues: []string{"", "-", "N/A"},
	}
	p := analyzeFile(t, writeFile(t, "s.csv", []byte(data)), Options{Schema: schema})
	// A declared integer takes leading zeros, and the bad date rejects its row.
	want := [][]any{{int64(1), 12.5, "2023-01-02"}, {int64(2), nil, "2023-01-03"}}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	schema.Fields[0].Type = TypeString
	p = analyzeFile(t, writeFile(t, "s2.csv", []byte(data)), Options{Schema: schema})
	want = [][]any{{"001", 12.5, "2023-01-02"}, {"002", nil, "2023-01-03"}}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if len(p.Rejected) != 1 || p.Rejected[0].Column != "日期" || p.Rejected[0].Row != 4 {
		t.Errorf("rejected = %+v, want the bad date on row 4", p.Rejected)
	}
	if diff := cmp.Diff([]string{"", "-", "N/A"}, p.Schema.MissingValues); diff != "" {
		t.Errorf("missing values (-want +got):\n%s", diff)
	}
}

func TestFillDownMergedXLSX(t *testing.T) {
	book := buildXLSX(t, []testSheet{{
		name: "S",
		rows: [][]string{
			{"区", "街道", "人口"},
			{"东城区", "东华门", numCell("1", 0)},
			{"", "景山", numCell("2", 0)},
			{"西城区", "西长安街", numCell("3", 0)},
		},
		merges: []string{"A2:A3"},
	}})
	path := writeFile(t, "m.xlsx", book)
	p := analyzeFile(t, path, Options{FillDown: []string{"区"}})
	want := [][]any{{"东城区", "东华门", int64(1)}, {"东城区", "景山", int64(2)}, {"西城区", "西长安街", int64(3)}}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	p = analyzeFile(t, path, Options{})
	if got := scanAll(t, p)[1][0]; got != nil {
		t.Errorf("without fill-down the merged cell = %v, want nil", got)
	}
}

func TestInvalidOptions(t *testing.T) {
	path := writeFile(t, "o.csv", []byte("a,b\n1,2\n"))
	tests := []struct {
		name string
		opts Options
		code string
	}{
		{"ragged", Options{Ragged: "fix"}, "invalid_option"},
		{"delimiter", Options{Delimiter: 'x'}, "invalid_option"},
		{"encoding", Options{Encoding: "ebcdic"}, "invalid_option"},
		{"format", Options{Format: "parquet"}, "unknown_format"},
		{"fill-down", Options{FillDown: []string{"c"}}, "invalid_option"},
		{"header row", Options{HeaderRow: 500}, "no_header"},
		{"schema type", Options{Schema: &Schema{Fields: []Field{{Name: "a", Type: "money"}}}}, "invalid_option"},
		{"schema format", Options{Schema: &Schema{Fields: []Field{{Name: "a", Type: TypeDate, Format: "%Y.%m"}}}}, "invalid_option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Analyze(t.Context(), path, tt.opts, nil)
			if p := problemOf(t, err); p.Code != tt.code {
				t.Errorf("code = %q, want %q (%v)", p.Code, tt.code, p)
			}
		})
	}
}

func TestParseSchema(t *testing.T) {
	s, err := ParseSchema([]byte(`{"fields":[{"name":"身份证号","type":"string","govshare:dataElement":"citizen_id"},
		{"name":"日期","type":"date","format":"%Y%m%d"}],"missingValues":["","-"],"primaryKey":["身份证号"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Fields[0].DataElement != "citizen_id" || s.Fields[1].Format != "%Y%m%d" || s.PrimaryKey[0] != "身份证号" {
		t.Errorf("schema = %+v", s)
	}
	if _, err := ParseSchema([]byte(`{"fields":[{"name":"x","type":"date","format":"%B"}]}`)); err == nil {
		t.Error("an unsupported format was accepted")
	}
}

func TestDeclaredLongIntegerProfile(t *testing.T) {
	data := "n\n123456789012345678\n-5\n"
	schema := &Schema{Fields: []Field{{Name: "n", Type: TypeInteger}}}
	p := analyzeFile(t, writeFile(t, "n.csv", []byte(data)), Options{Schema: schema})
	if got := p.Columns[0].Profile; got.Min != "-5" || got.Max != "123456789012345678" {
		t.Errorf("profile = %+v, want exact bounds", got)
	}
	if diff := cmp.Diff([][]any{{int64(123456789012345678)}, {int64(-5)}}, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestTitleWithDelimiter(t *testing.T) {
	data := "Invoices, October 2011\na,b,c\n1,2,3\n4,5,6\n"
	p := analyzeFile(t, writeFile(t, "t.csv", []byte(data)), Options{})
	if p.HeaderRow != 2 || p.Rows != 2 {
		t.Errorf("header row = %d, rows = %d; want 2 and 2", p.HeaderRow, p.Rows)
	}
}

func TestSharedStringLimit(t *testing.T) {
	_, err := Analyze(t.Context(), "testdata/天津市2018.xlsx", Options{Limits: Limits{MaxSharedStringBytes: 1000}}, nil)
	if p := problemOf(t, err); p.Code != "workbook_too_large" {
		t.Errorf("code = %q, want workbook_too_large", p.Code)
	}
}

func TestCellTooLargeNamesColumn(t *testing.T) {
	data := "a,b,c\n1,2,3\n4,5,\"" + strings.Repeat("x", 100) + "\"\n"
	_, err := Analyze(t.Context(), writeFile(t, "l.csv", []byte(data)), Options{Limits: Limits{MaxCellBytes: 50}}, nil)
	if p := problemOf(t, err); p.Column != "c" || p.Row != 3 {
		t.Errorf("problem = %+v, want column c on row 3", p)
	}
}

func TestPlanJSON(t *testing.T) {
	p := analyzeFile(t, writeFile(t, "j.csv", []byte("a;b\n1;x\n")), Options{})
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"delimiter":";"`, `"format":"csv"`, `"name":"a"`, `"type":"integer"`, `"nulls":0`, `"preview":[[1,"x"]]`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("JSON lacks %s: %s", want, data)
		}
	}
}

func TestDeclaredUTF16(t *testing.T) {
	be := []byte{0xFE, 0xFF, 0, 'a', 0, '\n', 0, '1', 0, '\n'}
	p := analyzeFile(t, writeFile(t, "be.csv", be), Options{Encoding: "UTF-16"})
	if p.Encoding != EncUTF16BE || p.Columns[0].Name != "a" || p.Rows != 1 {
		t.Errorf("encoding = %q, columns = %+v, rows = %d", p.Encoding, p.Columns, p.Rows)
	}
}

func TestChineseDetails(t *testing.T) {
	_, err := Analyze(t.Context(), writeFile(t, "r.csv", []byte("a,b,c\n1,2\n")), Options{}, nil)
	if msg := problemOf(t, err).Message("zh-CN"); !strings.Contains(msg, "表头有 3 列") {
		t.Errorf("Chinese message %q lacks the Chinese detail", msg)
	}
	_, err = Analyze(t.Context(), writeFile(t, "big.csv", []byte("a\n1\n")), Options{Limits: Limits{MaxFileBytes: 2}}, nil)
	if msg := problemOf(t, err).Message("zh-CN"); !strings.Contains(msg, "上限为 2 字节") {
		t.Errorf("Chinese message %q lacks the Chinese detail", msg)
	}
}

func TestJSONExponentNumbers(t *testing.T) {
	p := analyzeFile(t, writeFile(t, "e.json", []byte(`[{"n":1e3,"x":2.5E-3},{"n":7,"x":1}]`)), Options{})
	want := [][]any{{int64(1000), 0.0025}, {int64(7), 1.0}}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
