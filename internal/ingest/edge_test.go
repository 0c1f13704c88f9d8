package ingest

import (
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
	// A declared integer takes leading zeros; the bad date rejects its row.
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
