package dlp

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"govshare/internal/masking"
)

func TestGradeColumn(t *testing.T) {
	e := newTestEngine(t)
	phones := make([]string, 5000)
	for i := range phones {
		phones[i] = fmt.Sprintf("139%08d", i*7919)
	}
	mixed := append([]string(nil), phones...)
	for i := 0; i < len(mixed); i += 2 {
		mixed[i] = "无"
	}

	tests := []struct {
		name, column, element string
		values                []string
		wantType              string
		wantLevel             int
		wantSource            string
	}{
		{"phones", "col7", "", phones, "mobile", 3, "values"},
		{"half phones unhinted", "col7", "", mixed, "", 2, ""},
		{"half phones hinted", "联系电话", "", mixed, "mobile", 3, "values"},
		{"names hinted", "姓名", "", []string{"张三", "欧阳娜娜", "王小明", "李华", ""}, "name", 3, "values"},
		{"names unhinted", "c1", "", []string{"张三", "欧阳娜娜", "王小明", "李华"}, "name", 3, "values"},
		{"places are not names", "c1", "", []string{"高新区", "王府井", "李村", "金山区"}, "", 2, ""},
		{"diagnosis by name", "诊断结果", "", []string{"感冒", "高血压"}, "health", 4, "column_name"},
		{"masked ids by name", "sfzh", "", []string{"110105********002X"}, "id_card", 3, "column_name"},
		{"data element", "c9", "公民身份号码", []string{"110105********002X"}, "id_card", 3, "data_element"},
		{"ids", "证件", "", []string{"11010519491231002X", "513621198001010010", " "}, "id_card", 3, "values"},
		{"cards", "c", "", []string{"6217000000000000004", "4111111111111111"}, "bank_card", 4, "values"},
		{"credit codes", "c", "", []string{"91350100M000100Y43"}, "uscc", 1, "values"},
		{"amounts", "金额", "", []string{"13800138000.00", "12.5", "9913800138000"}, "", 2, ""},
		{"birth dates", "出生日期", "", []string{"1990-05-17", "1985/1/2"}, "birth_date", 3, "values"},
		{"addresses", "住址", "", []string{"北京市朝阳区建国路88号", "建国路99号2单元301室"}, "address", 3, "values"},
		{"empty", "备注", "", nil, "", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := e.GradeColumn(tt.column, tt.values, tt.element)
			if g.InfoType != tt.wantType {
				t.Errorf("InfoType = %q, want %q (grade %+v)", g.InfoType, tt.wantType, g)
			}
			if g.Level != tt.wantLevel {
				t.Errorf("Level = %d, want %d", g.Level, tt.wantLevel)
			}
			if g.Source != tt.wantSource {
				t.Errorf("Source = %q, want %q", g.Source, tt.wantSource)
			}
			if g.RuleVersion == "" {
				t.Error("RuleVersion is empty")
			}
		})
	}
}

func TestGradeColumnSamplesSpread(t *testing.T) {
	e, err := New(Options{SampleSize: 100, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	// Phones only in the last 40% of the column: sampling the head alone would miss them.
	values := make([]string, 10000)
	for i := range values {
		values[i] = "—"
		if i >= 6000 {
			values[i] = "13800138000"
		}
	}
	g := e.GradeColumn("联系电话", values, "")
	if g.Sampled != 100 || g.Valid != 40 {
		t.Errorf("Sampled, Valid = %d, %d, want 100, 40", g.Sampled, g.Valid)
	}
	if g.InfoType != "mobile" {
		t.Errorf("InfoType = %q, want mobile", g.InfoType)
	}
}

func TestGradeResource(t *testing.T) {
	e := newTestEngine(t)
	name := ColumnGrade{Column: "xm", InfoType: "name", Level: 3}
	note := ColumnGrade{Column: "bz", Level: 2}
	health := ColumnGrade{Column: "zd", InfoType: "health", Level: 3} // confirmed lower by a person

	tests := []struct {
		name    string
		cols    []ColumnGrade
		persons int64
		want    int
	}{
		{"none", nil, 0, 2},
		{"max of columns", []ColumnGrade{note, name}, 10, 3},
		{"identifier with attribute", []ColumnGrade{name, health}, 10, 4},
		{"many persons", []ColumnGrade{name}, 1_000_000, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			level, reasons := e.GradeResource(tt.cols, tt.persons)
			if level != tt.want {
				t.Errorf("level = %d, want %d (reasons %q)", level, tt.want, reasons)
			}
			if len(reasons) == 0 {
				t.Error("no reasons given")
			}
		})
	}
}

func TestCheckBoundary(t *testing.T) {
	clear := masking.Operator{}
	phone := masking.Operator{Kind: masking.KindPreset, Preset: "phone"}
	cols := []BoundaryColumn{
		{Column: "xm", Level: 3, Mask: clear},
		{Column: "sjh", Level: 3, Mask: phone},
		{Column: "yhk", Level: 4, Mask: masking.Operator{Kind: masking.KindClear}},
		{Column: "bz", Level: 2},
		{Column: "zd", Level: 4, Mask: masking.Operator{Kind: masking.KindPreset, Preset: "bogus"}},
	}
	tests := []struct {
		open, share string
		want        []string
	}{
		{"open", "conditional", []string{"xm:" + RuleOpenMasked, "yhk:" + RuleOpenMasked, "zd:" + RuleMaskInvalid}},
		{"closed", "unconditional", []string{"yhk:" + RuleUnconditionalL4, "zd:" + RuleMaskInvalid}},
		{"closed", "conditional", []string{"zd:" + RuleMaskInvalid}},
	}
	for _, tt := range tests {
		vs, err := CheckBoundary(tt.open, tt.share, cols)
		if err != nil {
			t.Fatalf("CheckBoundary(%s, %s): %v", tt.open, tt.share, err)
		}
		got := []string{}
		for _, v := range vs {
			got = append(got, v.Column+":"+v.Rule)
			if v.Message == "" || v.MessageZH == "" {
				t.Errorf("violation %+v lacks a message", v)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("CheckBoundary(%s, %s) (-want +got):\n%s", tt.open, tt.share, diff)
		}
	}
	if _, err := CheckBoundary("public", "none", cols); err == nil {
		t.Error("CheckBoundary accepted open type \"public\"")
	}
	if _, err := CheckBoundary("open", "always", cols); err == nil {
		t.Error("CheckBoundary accepted sharing type \"always\"")
	}
}
