package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGBKAfterManyASCIIRows(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,name\n")
	for i := 1; i <= 3000; i++ {
		fmt.Fprintf(&b, "%d,name%d\n", i, i)
	}
	b.Write(gbk(t, "3001,北京市朝阳区\n"))
	p := analyzeFile(t, writeFile(t, "late-gbk.csv", b.Bytes()), Options{})
	if p.Encoding != EncGB18030 {
		t.Fatalf("encoding = %q, want gb18030", p.Encoding)
	}
	rows := scanAll(t, p)
	if got := rows[3000][1]; got != "北京市朝阳区" {
		t.Errorf("row 3001 name = %q, want 北京市朝阳区", got)
	}
}

func TestUndecodableByteLocated(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,name\n1,a\n2,b\n")
	off := b.Len() + 2
	b.WriteString("3,\xff\xfeabc\n")
	_, err := Analyze(context.Background(), writeFile(t, "bad.csv", b.Bytes()), Options{Encoding: "utf-8"}, nil)
	p := problemOf(t, err)
	if p.Code != "invalid_encoding" || p.Row != 4 || p.Offset != int64(off) {
		t.Errorf("problem = %+v, want invalid_encoding at row 4, offset %d", p, off)
	}
	if !strings.Contains(p.Message("zh-CN"), "第 4 行") {
		t.Errorf("Chinese message %q does not name the row", p.Message("zh-CN"))
	}
}

func TestUndetectableEncodingRejected(t *testing.T) {
	// 0x80 is invalid in UTF-8 and GB18030, and 0x81 is undefined in Big5 as a lone
	// byte before ASCII and in Windows-1252.
	data := []byte("a,b\n1,\x81\x0a")
	_, err := Analyze(context.Background(), writeFile(t, "x.csv", data), Options{}, nil)
	if p := problemOf(t, err); p.Code != "invalid_encoding" || p.Row != 2 {
		t.Errorf("problem = %+v, want invalid_encoding at row 2", p)
	}
}

func TestEncodings(t *testing.T) {
	text := "代码,名称\n110000,北京市\n"
	big5, _ := traditionalchinese.Big5.NewEncoder().Bytes([]byte("代碼,名稱,備註\n110000,臺北市,這個資料\n120000,高雄市,測試說明\n"))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	tests := []struct {
		name  string
		data  []byte
		enc   string
		first string
	}{
		{"utf8-bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), EncUTF8, "代码"},
		{"utf16le", le, EncUTF16LE, "代码"},
		{"utf16be", be, EncUTF16BE, "代码"},
		{"big5", big5, EncBig5, "代碼"},
		{"cp1252", []byte("name,price\ncaf\xe9,\xa3500\n"), EncCP1252, "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := analyzeFile(t, writeFile(t, tt.name+".csv", tt.data), Options{})
			if p.Encoding != tt.enc {
				t.Errorf("encoding = %q, want %q", p.Encoding, tt.enc)
			}
			if p.Columns[0].Label != tt.first || p.Columns[0].Name != tt.first {
				t.Errorf("first column = %q/%q, want %q without a BOM", p.Columns[0].Name, p.Columns[0].Label, tt.first)
			}
		})
	}
}

func TestIdentifiersStayText(t *testing.T) {
	data := "id,citizen,uscc,long,amount\n" +
		"\"0012345\",11010519491231002X,91350100M000100Y43,123456789012345,1\n" +
		"0012346,110105194912310021,91350100M000100Y43,123456789012346,2\n"
	p := analyzeFile(t, writeFile(t, "ids.csv", []byte(data)), Options{})
	want := map[string]Type{"id": TypeString, "citizen": TypeString, "uscc": TypeString, "long": TypeString, "amount": TypeInteger}
	if diff := cmp.Diff(want, columnTypes(p)); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
	rows := scanAll(t, p)
	wantRows := [][]any{
		{"0012345", "11010519491231002X", "91350100M000100Y43", "123456789012345", int64(1)},
		{"0012346", "110105194912310021", "91350100M000100Y43", "123456789012346", int64(2)},
	}
	if diff := cmp.Diff(wantRows, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestLateNonNumberMakesText(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,amount\n")
	for i := 1; i <= 2000; i++ {
		v := fmt.Sprint(i * 3)
		if i == 1500 {
			v = "K"
		}
		fmt.Fprintf(&b, "%d,%s\n", i, v)
	}
	path := writeFile(t, "late-k.csv", []byte(b.String()))

	p := analyzeFile(t, path, Options{})
	if got := columnTypes(p)["amount"]; got != TypeString {
		t.Fatalf("amount type = %q, want string", got)
	}
	rows := scanAll(t, p)
	if len(rows) != 2000 || rows[0][1] != "3" || rows[1499][1] != "K" {
		t.Errorf("rows = %d, first %v, row 1500 %v", len(rows), rows[0][1], rows[1499][1])
	}

	// With the type declared, the row is rejected and reported instead.
	declared := &Schema{Fields: []Field{{Name: "amount", Type: TypeInteger}}}
	p = analyzeFile(t, path, Options{Schema: declared})
	if p.Rows != 1999 || len(p.Rejected) != 1 {
		t.Fatalf("rows = %d, rejected = %v; want 1999 and one", p.Rows, p.Rejected)
	}
	r := p.Rejected[0]
	if r.Code != "invalid_value" || r.Row != 1501 || r.Column != "amount" {
		t.Errorf("rejected = %+v, want invalid_value at line 1501 column amount", r)
	}
	if n := len(scanAll(t, p)); n != 1999 {
		t.Errorf("Scan returned %d rows, want 1999", n)
	}
}

func TestTextThatLooksTyped(t *testing.T) {
	data := "day,flag,slot,when\nWednesday,t,10:00-12:00,10:00\nThursday,f,13:00-14:00,14:30\n"
	p := analyzeFile(t, writeFile(t, "text.csv", []byte(data)), Options{})
	want := map[string]Type{"day": TypeString, "flag": TypeString, "slot": TypeString, "when": TypeTime}
	if diff := cmp.Diff(want, columnTypes(p)); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
}

func TestTypeInference(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		opts   Options
		typ    Type
		format string
		first  any
	}{
		{"iso date", []string{"2023-01-02", "2023-12-31"}, Options{}, TypeDate, "%Y-%m-%d", "2023-01-02"},
		{"slash date", []string{"2023/1/2", "2023/12/31"}, Options{}, TypeDate, "%Y/%m/%d", "2023-01-02"},
		{"chinese date", []string{"2023年1月2日", "2023年12月31日"}, Options{}, TypeDate, "%Y年%m月%d日", "2023-01-02"},
		{"dotted date", []string{"11.5.1998", "1.12.2001"}, Options{}, TypeDate, "%d.%m.%Y", "1998-05-11"},
		{"compact undeclared", []string{"20230102", "20231231"}, Options{}, TypeInteger, "", int64(20230102)},
		{"ambiguous day month", []string{"01/02/2023", "03/04/2023"}, Options{}, TypeString, "", "01/02/2023"},
		{"day first", []string{"01/02/2023", "20/12/2004"}, Options{}, TypeDate, "%d/%m/%Y", "2023-02-01"},
		{"datetime", []string{"2022-04-27 15:29:17", "2022-04-28T08:00:00Z"}, Options{}, TypeDatetime, "%Y-%m-%dT%H:%M:%S", "2022-04-27T15:29:17"},
		{"dates and datetimes", []string{"2022-04-27", "2022-04-28 08:00"}, Options{}, TypeDatetime, "%Y-%m-%dT%H:%M:%S", "2022-04-27T00:00:00"},
		{"thousands", []string{"1,234", "12,345,678"}, Options{}, TypeInteger, "", int64(1234)},
		{"decimal", []string{"1,234.5", "-0.25"}, Options{}, TypeNumber, "", 1234.5},
		{"exponent stays text", []string{"1E5", "2E3"}, Options{}, TypeString, "", "1E5"},
		{"boolean", []string{"true", "FALSE"}, Options{}, TypeBoolean, "", true},
		{"zero one integer", []string{"0", "1"}, Options{}, TypeInteger, "", int64(0)},
		{"invalid date", []string{"2023-02-30", "2023-01-01"}, Options{}, TypeString, "", "2023-02-30"},
		{"month name", []string{"24 October 2011", "3 Oct 2011"}, Options{}, TypeDate, "%d %B %Y", "2011-10-24"},
		{"too precise", []string{"0.1234567890123456", "1.5"}, Options{}, TypeString, "", "0.1234567890123456"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := "v\n\"" + strings.Join(tt.values, "\"\n\"") + "\"\n"
			p := analyzeFile(t, writeFile(t, "v.csv", []byte(data)), tt.opts)
			c := p.Columns[0]
			if c.Type != tt.typ || c.Format != tt.format {
				t.Errorf("type = %q %q, want %q %q", c.Type, c.Format, tt.typ, tt.format)
			}
			if got := scanAll(t, p)[0][0]; !cmp.Equal(got, tt.first) {
				t.Errorf("first value = %#v, want %#v", got, tt.first)
			}
		})
	}
}

func TestDeclaredCompactDate(t *testing.T) {
	data := "day\n20230102\n20231231\n"
	schema := &Schema{Fields: []Field{{Name: "day", Type: TypeDate, Format: "%Y%m%d"}}}
	p := analyzeFile(t, writeFile(t, "d.csv", []byte(data)), Options{Schema: schema})
	rows := scanAll(t, p)
	if diff := cmp.Diff([][]any{{"2023-01-02"}, {"2023-12-31"}}, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if p.Schema.Fields[0].Format != "%Y%m%d" || p.Columns[0].Profile.Max != "2023-12-31" {
		t.Errorf("schema field = %+v, profile = %+v", p.Schema.Fields[0], p.Columns[0].Profile)
	}
}

func TestSemicolonDecimalComma(t *testing.T) {
	data := "Name;Betrag;Menge\nA;1.234,50;3\nB;0,75;4\n"
	path := writeFile(t, "de.csv", []byte(data))

	p := analyzeFile(t, path, Options{DecimalComma: true})
	if p.Delimiter != ';' {
		t.Fatalf("delimiter = %q, want ';'", p.Delimiter)
	}
	if diff := cmp.Diff([][]any{{"A", 1234.5, int64(3)}, {"B", 0.75, int64(4)}}, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	// Without the option the amounts are kept as written.
	p = analyzeFile(t, path, Options{})
	if got := columnTypes(p)["Betrag"]; got != TypeString {
		t.Errorf("Betrag type without decimal comma = %q, want string", got)
	}
}

func TestHeaderNames(t *testing.T) {
	long := strings.Repeat("很长的列名", 14) // 70 characters
	data := "名称,名称,,\"增长率%\",\"#编号\",\"a \"\"quoted\"\" name\"," + long + "," + long + "x\n" +
		"a,b,c,1,2,3,4,5\n"
	p := analyzeFile(t, writeFile(t, "h.csv", []byte(data)), Options{})
	var names []string
	for _, c := range p.Columns {
		names = append(names, c.Name)
		if len(c.Name) > MaxNameBytes {
			t.Errorf("name %q is %d bytes", c.Name, len(c.Name))
		}
	}
	if names[0] != "名称" || names[1] != "名称_2" || names[2] != "column_3" || names[3] != "增长率%" ||
		names[4] != "#编号" || names[5] != `a "quoted" name` {
		t.Errorf("names = %q", names)
	}
	if names[6] == names[7] || !strings.HasPrefix(names[6], "很长的列名") {
		t.Errorf("long names %q and %q are not distinct shortened forms", names[6], names[7])
	}
	if p.Columns[6].Label != long {
		t.Errorf("label = %q, want the original header", p.Columns[6].Label)
	}

	// The same header always yields the same names.
	again := analyzeFile(t, writeFile(t, "h2.csv", []byte(data)), Options{})
	for i := range p.Columns {
		if again.Columns[i].Name != p.Columns[i].Name {
			t.Errorf("column %d named %q, then %q", i, p.Columns[i].Name, again.Columns[i].Name)
		}
	}
}

func TestTwoRowMergedHeaderCSV(t *testing.T) {
	data := "地区,人口,,面积\n,男,女,\n北京,100,110,16410\n天津,70,68,11966\n"
	p := analyzeFile(t, writeFile(t, "h.csv", []byte(data)), Options{})
	if p.HeaderRows != 2 {
		t.Fatalf("header rows = %d, want 2", p.HeaderRows)
	}
	if diff := cmp.Diff([]string{"地区", "人口 男", "人口 女", "面积"}, labels(p)); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if p.Rows != 2 {
		t.Errorf("rows = %d, want 2", p.Rows)
	}
}

func TestTwoRowMergedHeaderXLSX(t *testing.T) {
	book := buildXLSX(t, []testSheet{{
		name: "数据",
		rows: [][]string{
			{"2023年人口统计表"},
			{"地区", "人口", "", "面积"},
			{"", "男", "女", ""},
			{"北京", numCell("100", 0), numCell("110", 0), numCell("16410.5", 0)},
			{"天津", numCell("70", 0), numCell("68", 0), numCell("11966", 0)},
		},
		merges: []string{"A1:D1", "A2:A3", "B2:C2", "D2:D3"},
	}})
	p := analyzeFile(t, writeFile(t, "h.xlsx", book), Options{})
	if p.HeaderRow != 2 || p.HeaderRows != 2 {
		t.Fatalf("header = row %d, %d rows; want row 2, 2 rows", p.HeaderRow, p.HeaderRows)
	}
	if diff := cmp.Diff([]string{"地区", "人口 男", "人口 女", "面积"}, labels(p)); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	want := [][]any{{"北京", int64(100), int64(110), 16410.5}, {"天津", int64(70), int64(68), 11966.0}}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestXLSXEmptyFirstSheet(t *testing.T) {
	book := buildXLSX(t, []testSheet{
		{name: "封面"},
		{name: "隐藏", hidden: true, rows: [][]string{{"x"}, {"1"}}},
		{name: "数据", rows: [][]string{{"代码", "名称"}, {"010", "北京"}}},
	})
	path := writeFile(t, "book.xlsx", book)
	p := analyzeFile(t, path, Options{})
	if p.Sheet != "数据" {
		t.Fatalf("sheet = %q, want 数据", p.Sheet)
	}
	wantSheets := []SheetInfo{{Name: "封面", Empty: true}, {Name: "隐藏", Hidden: true}, {Name: "数据"}}
	if diff := cmp.Diff(wantSheets, p.Sheets); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if !hasWarning(p, "empty_sheet") {
		t.Errorf("no empty_sheet warning in %v", p.Warnings)
	}
	if diff := cmp.Diff([][]any{{"010", "北京"}}, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	// A chosen hidden sheet is read with a warning; an unknown one is rejected.
	p = analyzeFile(t, path, Options{Sheet: "隐藏"})
	if !hasWarning(p, "hidden_sheet") {
		t.Errorf("no hidden_sheet warning in %v", p.Warnings)
	}
	_, err := Analyze(context.Background(), path, Options{Sheet: "Sheet9"}, nil)
	if pr := problemOf(t, err); pr.Code != "sheet_not_found" {
		t.Errorf("code = %q, want sheet_not_found", pr.Code)
	}
	_, err = Analyze(context.Background(), path, Options{Sheet: "封面"}, nil)
	if pr := problemOf(t, err); pr.Code != "no_data" {
		t.Errorf("code = %q, want no_data for the empty sheet", pr.Code)
	}
}

func TestXLSXDatesAndFormulas(t *testing.T) {
	book := buildXLSX(t, []testSheet{{
		name: "S",
		rows: [][]string{
			{"日期", "中文日期", "时间戳", "合计", "编号"},
			{numCell("44928", 1), numCell("44928", 2), numCell("44928.5", 3), formulaCell("SUM(1,2)", "3"), "0012"},
			{numCell("45291", 1), numCell("45291", 2), numCell("45291.25", 3), formulaCell("SUM(2,2)", "4"), "0013"},
		},
	}})
	p := analyzeFile(t, writeFile(t, "d.xlsx", book), Options{})
	want := map[string]Type{"日期": TypeDate, "中文日期": TypeDate, "时间戳": TypeDatetime, "合计": TypeInteger, "编号": TypeString}
	if diff := cmp.Diff(want, columnTypes(p)); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
	wantRows := [][]any{
		{"2023-01-02", "2023-01-02", "2023-01-02T12:00:00", int64(3), "0012"},
		{"2023-12-31", "2023-12-31", "2023-12-31T06:00:00", int64(4), "0013"},
	}
	if diff := cmp.Diff(wantRows, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestZipBomb(t *testing.T) {
	// A sheet of 64 MiB of blank rows compresses to about 64 KiB.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := map[string]string{
		"xl/workbook.xml":            `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>`,
	}
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte("<worksheet><sheetData>"))
	chunk := bytes.Repeat([]byte("<row/>"), 1<<16)
	for written := 0; written < 64<<20; written += len(chunk) {
		w.Write(chunk)
	}
	w.Write([]byte("</sheetData></worksheet>"))
	zw.Close()
	path := writeFile(t, "bomb.xlsx", buf.Bytes())

	_, err := Analyze(context.Background(), path, Options{}, nil)
	if p := problemOf(t, err); p.Code != "zip_bomb" {
		t.Errorf("code = %q, want zip_bomb: %v", p.Code, p)
	}

	// The total limit applies too, whatever the ratio.
	_, err = Analyze(context.Background(), path, Options{Limits: Limits{MaxZipRatio: 1e6, MaxZipBytes: 1 << 20}}, nil)
	if p := problemOf(t, err); p.Code != "zip_bomb" {
		t.Errorf("code with a total limit = %q, want zip_bomb", p.Code)
	}
}

func TestRaggedRows(t *testing.T) {
	data := "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,\n"
	path := writeFile(t, "r.csv", []byte(data))

	_, err := Analyze(context.Background(), path, Options{}, nil)
	p := problemOf(t, err)
	if p.Code != "ragged_row" || p.Row != 3 || p.Count != 2 || !cmp.Equal(p.Rows, []int64{4}) {
		t.Errorf("problem = %+v, want ragged_row at row 3 and also row 4", p)
	}

	plan := analyzeFile(t, path, Options{Ragged: RaggedSkip})
	if plan.Rows != 2 || len(plan.Rejected) != 2 || plan.Rejected[0].Row != 3 || plan.Rejected[1].Row != 4 {
		t.Errorf("skip: rows = %d, rejected = %+v", plan.Rows, plan.Rejected)
	}
	if diff := cmp.Diff([][]any{{int64(1), int64(2), int64(3)}, {int64(10), int64(11), int64(12)}}, scanAll(t, plan)); diff != "" {
		t.Errorf("skip rows (-want +got):\n%s", diff)
	}

	plan = analyzeFile(t, path, Options{Ragged: RaggedPad})
	want := [][]any{
		{int64(1), int64(2), int64(3), nil},
		{int64(4), int64(5), nil, nil},
		{int64(6), int64(7), int64(8), int64(9)},
		{int64(10), int64(11), int64(12), nil},
	}
	if diff := cmp.Diff(want, scanAll(t, plan)); diff != "" {
		t.Errorf("pad rows (-want +got):\n%s", diff)
	}
	if plan.Columns[3].Name != "column_4" || plan.Columns[3].Profile.Nulls != 3 {
		t.Errorf("added column = %+v", plan.Columns[3])
	}
}

func TestQuotedNewlineAndLineEndings(t *testing.T) {
	for name, nl := range map[string]string{"lf": "\n", "crlf": "\r\n", "cr": "\r"} {
		t.Run(name, func(t *testing.T) {
			data := "id,note" + nl + "1,\"first line" + nl + "second line\"" + nl + "2,plain" + nl + "3,\"x,\"\"y\"\"\"" + nl
			p := analyzeFile(t, writeFile(t, "q.csv", []byte(data)), Options{})
			rows := scanAll(t, p)
			want := [][]any{{int64(1), "first line" + nl + "second line"}, {int64(2), "plain"}, {int64(3), `x,"y"`}}
			if diff := cmp.Diff(want, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnterminatedQuote(t *testing.T) {
	_, err := Analyze(context.Background(), writeFile(t, "q.csv", []byte("a,b\n1,2\n3,\"open\n4,5\n")), Options{}, nil)
	if p := problemOf(t, err); p.Code != "unterminated_quote" || p.Row != 3 {
		t.Errorf("problem = %+v, want unterminated_quote at row 3", p)
	}
}

func TestTitleAndFooterRows(t *testing.T) {
	data := "2023年各区人口统计\n单位：万人\n\n区,人口,面积\n东城区,70.4,41.8\n西城区,110.6,50.5\n\n注：数据为年末常住人口。\n数据来源：统计局\n"
	p := analyzeFile(t, writeFile(t, "t.csv", []byte(data)), Options{Ragged: RaggedReject})
	if p.HeaderRow != 4 || p.Rows != 2 {
		t.Fatalf("header row = %d, rows = %d; want 4 and 2", p.HeaderRow, p.Rows)
	}
	if !hasWarning(p, "footer_skipped") || !hasWarning(p, "title_rows_skipped") {
		t.Errorf("warnings = %v", p.Warnings)
	}
	if diff := cmp.Diff([][]any{{"东城区", 70.4, 41.8}, {"西城区", 110.6, 50.5}}, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestNoteInsideTableIsData(t *testing.T) {
	data := "区,人口,面积\n东城区,70,41\n说明：以下为合并数据的区县名单,,\n西城区,110,50\n"
	p := analyzeFile(t, writeFile(t, "t.csv", []byte(data)), Options{})
	if p.Rows != 3 {
		t.Errorf("rows = %d, want 3: a note-like row followed by data is data", p.Rows)
	}
}

func TestFillDown(t *testing.T) {
	data := "区,街道,人口\n东城区,东华门,1\n,景山,2\n西城区,西长安街,3\n,新街口,4\n"
	p := analyzeFile(t, writeFile(t, "f.csv", []byte(data)), Options{FillDown: []string{"区"}})
	want := [][]any{{"东城区", "东华门", int64(1)}, {"东城区", "景山", int64(2)}, {"西城区", "西长安街", int64(3)}, {"西城区", "新街口", int64(4)}}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if p.Columns[0].Profile.Nulls != 0 {
		t.Errorf("nulls = %d after fill-down, want 0", p.Columns[0].Profile.Nulls)
	}
}

func TestLimits(t *testing.T) {
	data := []byte("a,b,c\n1,2,3\n4,5,6\n7,8,\"" + strings.Repeat("x", 100) + "\"\n")
	path := writeFile(t, "l.csv", data)
	tests := []struct {
		name   string
		limits Limits
		code   string
	}{
		{"file", Limits{MaxFileBytes: 10}, "file_too_large"},
		{"cell", Limits{MaxCellBytes: 50}, "cell_too_large"},
		{"columns", Limits{MaxColumns: 2}, "too_many_columns"},
		{"rows", Limits{MaxRows: 2}, "too_many_rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Analyze(context.Background(), path, Options{Limits: tt.limits}, nil)
			if p := problemOf(t, err); p.Code != tt.code {
				t.Errorf("code = %q, want %q (%v)", p.Code, tt.code, p)
			}
		})
	}
}

func TestEmptyFile(t *testing.T) {
	for name, data := range map[string]string{"empty.csv": "", "blank.csv": "\n\n,,\n"} {
		_, err := Analyze(context.Background(), writeFile(t, name, []byte(data)), Options{}, nil)
		if p := problemOf(t, err); p.Code != "empty_file" && p.Code != "no_data" {
			t.Errorf("%s: code = %q, want empty_file or no_data", name, p.Code)
		}
	}
}

func TestDataElementValidation(t *testing.T) {
	data := "姓名,身份证号\n甲,11010519491231002X\n乙,110105194912310022\n"
	schema := &Schema{Fields: []Field{{Name: "身份证号", Type: TypeString, DataElement: "citizen_id"}}}
	p := analyzeFile(t, writeFile(t, "id.csv", []byte(data)), Options{Schema: schema})
	if p.Rows != 1 || len(p.Rejected) != 1 || p.Rejected[0].Code != "invalid_data_element" || p.Rejected[0].Row != 3 {
		t.Fatalf("rows = %d, rejected = %+v", p.Rows, p.Rejected)
	}
	if strings.Contains(p.Rejected[0].Message("en"), "110105194912310022") {
		t.Errorf("message repeats the identifier: %s", p.Rejected[0].Message("en"))
	}
	if p.Columns[1].DataElement != "citizen_id" || p.Schema.Fields[1].DataElement != "citizen_id" {
		t.Errorf("binding missing: %+v / %+v", p.Columns[1], p.Schema.Fields[1])
	}

	_, err := Analyze(context.Background(), writeFile(t, "id2.csv", []byte(data)),
		Options{Schema: &Schema{Fields: []Field{{Name: "身份证号", DataElement: "passport"}}}}, nil)
	if pr := problemOf(t, err); pr.Code != "unknown_data_element" {
		t.Errorf("code = %q, want unknown_data_element", pr.Code)
	}
	_, err = Analyze(context.Background(), writeFile(t, "id3.csv", []byte(data)),
		Options{Schema: &Schema{Fields: []Field{{Name: "电话", Type: TypeString}}}}, nil)
	if pr := problemOf(t, err); pr.Code != "schema_field_not_found" {
		t.Errorf("code = %q, want schema_field_not_found", pr.Code)
	}
}

func TestProblemMessages(t *testing.T) {
	p := &Problem{Code: "ragged_row", File: "a.csv", Sheet: "表1", Row: 12, Column: "金额", Offset: 345, Count: 3, Rows: []int64{13, 14}}
	en, zh := p.Message("en"), p.Message("zh-CN")
	for _, want := range []string{"a.csv", "表1", "row 12", "金额", "byte offset 345", "13, 14", "ragged option set to pad"} {
		if !strings.Contains(en, want) {
			t.Errorf("English message %q lacks %q", en, want)
		}
	}
	for _, want := range []string{"a.csv", "表1", "第 12 行", "金额", "字节偏移 345", "13、14", "补齐"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese message %q lacks %q", zh, want)
		}
	}
	if p.Error() != en {
		t.Errorf("Error() = %q, want the English message", p.Error())
	}
	for code, e := range catalogue {
		if e.en == "" || e.zh == "" || e.enHint == "" || e.zhHint == "" {
			t.Errorf("catalogue entry %s is incomplete", code)
		}
	}
}

func TestScanDetectsChangedFile(t *testing.T) {
	path := writeFile(t, "c.csv", []byte("a\n1\n"))
	p := analyzeFile(t, path, Options{})
	if err := os.WriteFile(path, []byte("a\n1\n2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := p.Scan(context.Background(), func(int64, []any) error { return nil })
	if pr := problemOf(t, err); pr.Code != "file_changed" {
		t.Errorf("code = %q, want file_changed", pr.Code)
	}
}

func TestCancelAndProgress(t *testing.T) {
	var b strings.Builder
	b.WriteString("n\n")
	for i := 0; i < 50_000; i++ {
		fmt.Fprintf(&b, "%d\n", i)
	}
	path := writeFile(t, "n.csv", []byte(b.String()))

	var last int64
	p, err := Analyze(context.Background(), path, Options{}, func(n int64) { last = n })
	if err != nil {
		t.Fatal(err)
	}
	if last != p.RowsRead || last != 50_001 {
		t.Errorf("last progress = %d, rows read = %d, want 50001", last, p.RowsRead)
	}

	ctx, cancel := context.WithCancel(context.Background())
	stop := errors.New("stop")
	err = p.Scan(ctx, func(row int64, _ []any) error {
		if row == 20_000 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Scan after cancel = %v, want context.Canceled", err)
	}
	err = p.Scan(context.Background(), func(int64, []any) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("Scan = %v, want the callback's error", err)
	}
}

func TestJSONLines(t *testing.T) {
	data := `{"id": 1, "name": "甲", "addr": {"city": "北京", "zip": "100010"}, "tags": ["a"]}
{"id": 2, "name": "乙", "addr": {"city": "天津"}, "active": true}

{"id": 3, "name": null}
`
	p := analyzeFile(t, writeFile(t, "x.jsonl", []byte(data)), Options{})
	if diff := cmp.Diff([]string{"id", "name", "addr.city", "addr.zip", "tags", "active"}, labels(p)); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	want := [][]any{
		{int64(1), "甲", "北京", "100010", `["a"]`, nil},
		{int64(2), "乙", "天津", nil, nil, true},
		{int64(3), nil, nil, nil, nil, nil},
	}
	if diff := cmp.Diff(want, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}

	_, err := Analyze(context.Background(), writeFile(t, "bad.jsonl", []byte("{\"a\":1}\n{\"a\":\n")), Options{}, nil)
	if pr := problemOf(t, err); pr.Code != "invalid_json" || pr.Row != 2 {
		t.Errorf("problem = %+v, want invalid_json at row 2", pr)
	}
}

func TestJSONInGBK(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("[")
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&b, `{"id":%d,"name":"n%d"},`, i, i)
	}
	b.Write(gbk(t, `{"id":2000,"name":"朝阳区"}]`))
	p := analyzeFile(t, writeFile(t, "late-gbk.json", b.Bytes()), Options{})
	if p.Encoding != EncGB18030 {
		t.Fatalf("encoding = %q, want gb18030", p.Encoding)
	}
	rows := scanAll(t, p)
	if got := rows[2000][1]; got != "朝阳区" {
		t.Errorf("last name = %q, want 朝阳区", got)
	}
}

func TestUTF16WithoutBOM(t *testing.T) {
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte("code,name\n010,北京\n022,天津\n"))
	p := analyzeFile(t, writeFile(t, "le.csv", le), Options{})
	if p.Encoding != EncUTF16LE {
		t.Fatalf("encoding = %q, want utf-16le", p.Encoding)
	}
	if diff := cmp.Diff([][]any{{"010", "北京"}, {"022", "天津"}}, scanAll(t, p)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestNULByteRejected(t *testing.T) {
	_, err := Analyze(context.Background(), writeFile(t, "nul.csv", []byte("a,b\n1,2\n3,x\x00y\n")), Options{}, nil)
	p := problemOf(t, err)
	if p.Code != "invalid_encoding" || p.Row != 3 || p.Offset != 11 {
		t.Errorf("problem = %+v, want invalid_encoding at row 3, offset 11", p)
	}
}
