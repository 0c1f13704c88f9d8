package ingest

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// spot is an expected value: the row's position among stored rows (0-based), a column name and
// the value Scan returns.
type spot struct {
	row  int
	col  string
	want any
}

func TestRealFiles(t *testing.T) {
	tests := []struct {
		file       string
		opts       Options
		format     string
		encoding   string
		headerRow  int
		headerRows int
		labels     []string // nil: not checked beyond the types
		rows       int64
		types      map[string]Type // only the columns listed
		spots      []spot
		warnings   []string
	}{
		{
			file: "areas.csv", format: "csv", encoding: "utf-8", headerRow: 1, headerRows: 1,
			labels: []string{"code", "name", "cityCode", "provinceCode"}, rows: 2978,
			types:    map[string]Type{"code": TypeString, "name": TypeString, "cityCode": TypeString, "provinceCode": TypeString},
			spots:    []spot{{0, "code", "110101"}, {0, "name", "东城区"}, {0, "provinceCode", "11"}, {2977, "code", "659012"}},
			warnings: []string{"code_kept_as_text"},
		},
		{
			file: "streets.csv", format: "csv", encoding: "utf-8", headerRow: 1, headerRows: 1,
			labels: []string{"code", "name", "areaCode", "provinceCode", "cityCode"}, rows: 41352,
			types: map[string]Type{"code": TypeString, "areaCode": TypeString},
			spots: []spot{{0, "code", "110101001"}, {0, "name", "东华门街道"}, {41351, "areaCode", "659012"}},
		},
		{
			file: "province-data.csv", opts: Options{Ragged: RaggedPad}, format: "csv", encoding: "utf-8",
			headerRow: 1, headerRows: 1,
			labels: []string{"code", "name", "province", "city", "area", "town"}, rows: 44960,
			types: map[string]Type{"code": TypeString, "province": TypeInteger, "city": TypeString, "area": TypeString, "town": TypeString},
			spots: []spot{{0, "code", "110000"}, {0, "province", int64(11)}, {0, "town", nil}, {44959, "name", "圣方济各堂区"}, {44959, "city", "00"}, {44959, "area", "08"}},
		},
		{
			file: "district-code.csv", format: "csv", encoding: "utf-8", headerRow: 1, headerRows: 1,
			labels: []string{"name", "code"}, rows: 350,
			types: map[string]Type{"code": TypeString},
			spots: []spot{{0, "code", "010"}, {0, "name", "北京市"}, {2, "code", "0311"}},
		},
		{
			file: "200712.tsv", format: "tsv", encoding: "utf-8", headerRow: 1, headerRows: 1,
			labels: []string{"Source", "Revision", "Code", "Name"}, rows: 3524,
			types: map[string]Type{"Source": TypeString, "Revision": TypeInteger, "Code": TypeString, "Name": TypeString},
			spots: []spot{{0, "Code", "110000"}, {0, "Revision", int64(200712)}, {2, "Name", "东城区"}},
		},
		{
			file: "areacodes-result.csv", format: "csv", encoding: "utf-8", headerRow: 1, headerRows: 1,
			labels: []string{"代码", "一级行政区", "二级行政区", "名称", "级别", "状态", "启用时间", "变更/弃用时间", "新代码"},
			rows:   6823,
			types:  map[string]Type{"代码": TypeString, "启用时间": TypeInteger, "变更/弃用时间": TypeInteger, "新代码": TypeString},
			spots:  []spot{{0, "代码", "110000"}, {0, "状态", "在用"}, {0, "启用时间", int64(1981)}, {0, "变更/弃用时间", nil}},
		},
		{
			file: "分省年度数据.csv", format: "csv", encoding: "gb18030", headerRow: 4, headerRows: 1,
			labels:   []string{"地区", "2024年", "2023年", "2022年", "2021年", "2020年", "2019年", "2018年", "2017年", "2016年", "2015年"},
			rows:     31,
			types:    map[string]Type{"地区": TypeString, "2024年": TypeInteger, "2015年": TypeInteger},
			spots:    []spot{{0, "地区", "北京市"}, {0, "2024年", int64(2183)}, {0, "2015年", int64(2188)}, {30, "地区", "新疆维吾尔自治区"}, {30, "2024年", int64(2623)}},
			warnings: []string{"title_rows_skipped", "footer_skipped"},
		},
		{
			file: "总人口.csv", format: "csv", encoding: "utf-8", headerRow: 1, headerRows: 1,
			labels: []string{"", "乡村人口", "城镇人口", "女性人口", "年末总人口", "男性人口"}, rows: 37,
			types:    map[string]Type{"column_1": TypeString, "乡村人口": TypeInteger, "年末总人口": TypeInteger},
			spots:    []spot{{0, "column_1", "1978年"}, {0, "乡村人口", int64(79014)}, {0, "年末总人口", int64(96259)}},
			warnings: []string{"header_renamed"},
		},
		{
			file: "GB-4754-2017.csv", format: "csv", encoding: "utf-8", headerRow: 1, headerRows: 1,
			labels: []string{"id", "parent_id", "code", "name", "enabled", "dest"}, rows: 1970,
			types: map[string]Type{"id": TypeInteger, "parent_id": TypeInteger, "code": TypeString, "name": TypeString, "enabled": TypeInteger, "dest": TypeString},
			spots: []spot{{0, "code", "A"}, {0, "parent_id", nil}, {1, "code", "1"}, {1, "parent_id", int64(1)}, {0, "dest", "本门类包括01～05大类"}},
		},
		{
			file: "october_2011.csv", format: "csv", encoding: "windows-1252", headerRow: 3, headerRows: 1,
			labels: []string{"Directorate", "Service Area", "Expenditure Category", "Payment Date", "Supplier Name",
				"Internal Ref", "Capital/ Revenue", "Cost Centre", "Cost Centre Description", "Grand Total"},
			rows:  209,
			types: map[string]Type{"Payment Date": TypeDate, "Grand Total": TypeNumber, "Internal Ref": TypeInteger, "Supplier Name": TypeString},
			spots: []spot{{0, "Payment Date", "2011-10-24"}, {0, "Grand Total", 828.0}, {0, "Supplier Name", "ALBANY OFFICE FURNITURE SOLUTIONS"},
				{0, "Cost Centre Description", "WELFARE RIGHTS WORKERS       M"}},
			warnings: []string{"title_rows_skipped", "blank_rows_skipped"},
		},
		{
			file: "bus-stops.csv", format: "csv", encoding: "utf-8", headerRow: 1, headerRows: 1, rows: 1775,
			types: map[string]Type{"OBJECTID": TypeInteger, "ATCOCODE": TypeString, "LON": TypeNumber, "LAT": TypeNumber,
				"LASTCHANGE": TypeDate, "NATGAZID": TypeString, "GRIDTYPE": TypeString},
			spots: []spot{{0, "ATCOCODE", "410000022747"}, {0, "LON", -1.55657}, {0, "LASTCHANGE", "2005-03-09"}, {0, "GRIDTYPE", nil}},
		},
		{
			file: "四川省.xls", format: "xls", headerRow: 3, headerRows: 1, rows: 124,
			types: map[string]Type{"产品编号": TypeString, "批准文号": TypeString, "批准文号截止日": TypeDate, "转换比": TypeInteger, "谈判挂网价格": TypeNumber},
			spots: []spot{{0, "产品编号", "GD0220YM_1_1"}, {0, "批准文号", "国药准字S20100002"}, {0, "批准文号截止日", "2020-03-08"},
				{0, "GMP证书编号", "CN20140033"}, {0, "谈判挂网价格", 220.0}, {123, "产品编号", "ZJ0296YM_1_1"}},
			warnings: []string{"title_rows_skipped"},
		},
		{
			file: "天津市2018.xlsx", format: "xlsx", headerRow: 2, headerRows: 2, rows: 64,
			types: map[string]Type{"对应中标/中选产品信息 批准文号": TypeString, "拟中标/拟中选价格 （单位：元）": TypeString},
			spots: []spot{{0, "对应中标/中选产品信息 批准文号", "国药准字S20070018"}, {0, "拟中标/拟中选价格 （单位：元）", "77"},
				{0, "对应中标/中选产品信息 投标企业名称", "北京智飞绿竹生物制药有限公司"}},
			warnings: []string{"title_rows_skipped", "header_renamed"},
		},
		{
			file: "12330102MB1G56027R001.json", opts: Options{JSONPath: "result.appSchoolDistrictInfoEntityList"},
			format: "json", encoding: "utf-8", headerRow: 1, headerRows: 1, rows: 15,
			types: map[string]Type{"id": TypeInteger, "createTime": TypeDatetime, "active": TypeBoolean, "streetCode": TypeString,
				"communityCode": TypeString, "year": TypeString},
			spots: []spot{{0, "streetCode", "330102009"}, {0, "communityCode", "330102009008000"}, {0, "createTime", "2022-04-27T15:29:17"},
				{0, "xqbsm", "12330102MB1G56027R001"}, {0, "updateTime", nil}, {0, "active", true}},
		},
		{
			file: "pca-code.json", format: "json", encoding: "utf-8", headerRow: 1, headerRows: 1, rows: 31,
			labels: []string{"code", "name", "children"},
			types:  map[string]Type{"code": TypeString, "name": TypeString, "children": TypeString},
			spots:  []spot{{0, "code", "11"}, {0, "name", "北京市"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := analyzeFile(t, filepath.Join("testdata", tt.file), tt.opts)
			got := struct {
				Format, Encoding      string
				HeaderRow, HeaderRows int
				Rows                  int64
			}{p.Format, p.Encoding, p.HeaderRow, p.HeaderRows, p.Rows}
			want := got
			want.Format, want.Encoding, want.HeaderRow, want.HeaderRows, want.Rows = tt.format, tt.encoding, tt.headerRow, tt.headerRows, tt.rows
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if tt.labels != nil {
				if diff := cmp.Diff(tt.labels, labels(p)); diff != "" {
					t.Errorf("labels (-want +got):\n%s", diff)
				}
			}
			types := columnTypes(p)
			for name, want := range tt.types {
				if types[name] != want {
					t.Errorf("column %q type = %q, want %q", name, types[name], want)
				}
			}
			for _, code := range tt.warnings {
				if !hasWarning(p, code) {
					t.Errorf("no %s warning in %v", code, p.Warnings)
				}
			}

			rows := scanAll(t, p)
			if int64(len(rows)) != tt.rows {
				t.Fatalf("Scan returned %d rows, Analyze counted %d", len(rows), tt.rows)
			}
			for _, s := range tt.spots {
				i := colIndex(t, p, s.col)
				if diff := cmp.Diff(s.want, rows[s.row][i]); diff != "" {
					t.Errorf("row %d column %q (-want +got):\n%s", s.row, s.col, diff)
				}
			}
			for i, r := range p.Preview {
				if diff := cmp.Diff(rows[i], r); diff != "" {
					t.Errorf("preview row %d differs from scanned row (-scan +preview):\n%s", i, diff)
				}
			}
		})
	}
}

func TestRealFileRaggedRejected(t *testing.T) {
	_, err := Analyze(t.Context(), filepath.Join("testdata", "province-data.csv"), Options{}, nil)
	p := problemOf(t, err)
	if p.Code != "ragged_row" || p.Row != 2 || p.Count != 44960 {
		t.Errorf("problem = %+v, want ragged_row at row 2 with 44960 rows", p)
	}
}

func TestRealJSONNeedsPath(t *testing.T) {
	_, err := Analyze(t.Context(), filepath.Join("testdata", "12330102MB1G56027R001.json"), Options{}, nil)
	p := problemOf(t, err)
	if p.Code != "json_path_not_found" {
		t.Fatalf("code = %q, want json_path_not_found", p.Code)
	}
	if want := "result.appSchoolDistrictInfoEntityList"; !contains(p.Detail, want) {
		t.Errorf("detail %q does not suggest %q", p.Detail, want)
	}
}
