package masking

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestApplyOperators(t *testing.T) {
	key := []byte("test-key")
	tests := []struct {
		name string
		op   Operator
		in   string
		want string
	}{
		{"keep first last", Operator{Kind: KindKeep, First: 1, Last: 1}, "张三丰", "张*丰"},
		{"keep longer than value", Operator{Kind: KindKeep, First: 5, Last: 5}, "ab", "a*"},
		{"keep single rune", Operator{Kind: KindKeep, First: 1}, "张", "*"},
		{"keep custom char", Operator{Kind: KindKeep, First: 1, Char: "×"}, "王小明", "王××"},
		{"phone", Operator{Kind: KindPreset, Preset: "phone"}, "13800138000", "138****8000"},
		{"phone separated", Operator{Kind: KindPreset, Preset: "phone"}, "138-0013-8000", "138-****-8000"},
		{"phone country code", Operator{Kind: KindPreset, Preset: "phone"}, "+8613800138000", "+86138****8000"},
		{"phone full width", Operator{Kind: KindPreset, Preset: "phone"}, "＋８６ 138-0013-8000", "＋８６ 138-****-8000"},
		{"phone 0086", Operator{Kind: KindPreset, Preset: "phone"}, "008613800138000", "0086138****8000"},
		{"id card", Operator{Kind: KindPreset, Preset: "id_card"}, "11010519491231002X", "110105********002X"},
		{"bank card spaced", Operator{Kind: KindPreset, Preset: "bank_card"}, "4111 1111 1111 1111", "4111 11** **** 1111"},
		{"email", Operator{Kind: KindPreset, Preset: "email"}, "zhangsan@example.com", "z***@example.com"},
		{"email chinese local", Operator{Kind: KindPreset, Preset: "email"}, "张三@例子.中国", "张***@例子.中国"},
		{"email one char", Operator{Kind: KindPreset, Preset: "email"}, "a@b.cn", "a***@b.cn"},
		{"name compound", Operator{Kind: KindPreset, Preset: "chinese_name"}, "欧阳娜娜", "欧阳**"},
		{"name compound short", Operator{Kind: KindPreset, Preset: "chinese_name"}, "司马光", "司马**"},
		{"name single", Operator{Kind: KindPreset, Preset: "chinese_name"}, "张三", "张**"},
		{"name not compound", Operator{Kind: KindPreset, Preset: "chinese_name"}, "王欧阳", "王**"},
		{"plate", Operator{Kind: KindPreset, Preset: "plate"}, "京A12345", "京A****5"},
		{"fixed hides length", Operator{Kind: KindFixed}, "a", "******"},
		{"fixed length", Operator{Kind: KindFixed, Length: 3, Char: "#"}, "一二三四五六七", "###"},
		{"redact", Operator{Kind: KindRedact}, "secret", RedactedMarker},
		{"null", Operator{Kind: KindNull}, "secret", ""},
		{"clear", Operator{Kind: KindClear}, "secret", "secret"},
		{"district", Operator{Kind: KindGeneralize, Level: "district"}, "广东省深圳市南山区科技园路1号", "广东省深圳市南山区"},
		{"district municipality", Operator{Kind: KindGeneralize, Level: "district"}, "北京市朝阳区建国路88号", "北京市朝阳区"},
		{"district already", Operator{Kind: KindGeneralize, Level: "district"}, "北京市朝阳区", "北京市"},
		{"city", Operator{Kind: KindGeneralize, Level: "city"}, "浙江省杭州市西湖区文三路5号", "浙江省杭州市"},
		{"city ending in zhou", Operator{Kind: KindGeneralize, Level: "district"}, "广东省广州市天河区体育西路1号", "广东省广州市天河区"},
		{"province", Operator{Kind: KindGeneralize, Level: "province"}, "浙江省杭州市西湖区", "浙江省"},
		{"address unknown", Operator{Kind: KindGeneralize, Level: "district"}, "somewhere", "******"},
		{"year", Operator{Kind: KindGeneralize, Level: "year"}, "1990-05-17", "1990"},
		{"year chinese", Operator{Kind: KindGeneralize, Level: "year"}, "1990年5月17日", "1990"},
		{"month", Operator{Kind: KindGeneralize, Level: "month"}, "1990/5/17", "1990-05"},
		{"month of month", Operator{Kind: KindGeneralize, Level: "month"}, "1990-05", "******"},
		{"date invalid", Operator{Kind: KindGeneralize, Level: "year"}, "1990-02-31", "******"},
		{"age", Operator{Kind: KindGeneralize, Level: "age_band"}, "37", "30-39"},
		{"age old", Operator{Kind: KindGeneralize, Level: "age_band"}, "95岁", "90+"},
		{"age invalid", Operator{Kind: KindGeneralize, Level: "age_band"}, "-3", "******"},
		{"invalid operator fails closed", Operator{Kind: "bogus"}, "secret", "******"},
		{"hmac without key fails closed", Operator{Kind: KindHMAC}, "secret", "******"},
		{"invalid utf8 input", Operator{Kind: KindKeep, First: 1}, "a\xffb", "a**"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := key
			if tt.op.Kind == KindHMAC {
				k = nil
			}
			got := tt.op.Apply(tt.in, k)
			if got != tt.want {
				t.Errorf("Apply(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHMACPseudonym(t *testing.T) {
	op := Operator{Kind: KindHMAC}
	a := op.Apply("11010519491231002X", []byte("k1"))
	if a != op.Apply("11010519491231002X", []byte("k1")) {
		t.Error("pseudonym is not stable for the same key")
	}
	if a == op.Apply("11010519491231002X", []byte("k2")) {
		t.Error("pseudonym does not depend on the key")
	}
	if len(a) != 2*pseudonymBytes {
		t.Errorf("pseudonym length = %d, want %d", len(a), 2*pseudonymBytes)
	}

	sm := Operator{Kind: KindHMAC, Suite: SuiteNational}.Apply("11010519491231002X", []byte("k1"))
	if sm == a {
		t.Error("SM3 suite gives the same pseudonym as SHA-256")
	}

	if _, err := op.Mask("x", nil); err != ErrEmptyKey {
		t.Errorf("Mask without key error = %v, want ErrEmptyKey", err)
	}
}

func TestValidate(t *testing.T) {
	bad := []Operator{
		{},
		{Kind: "shuffle"},
		{Kind: KindKeep, First: -1},
		{Kind: KindKeep, Last: 1000},
		{Kind: KindPreset, Preset: "nope"},
		{Kind: KindGeneralize, Level: "week"},
		{Kind: KindFixed, Length: -2},
		{Kind: KindFixed, Length: 65},
		{Kind: KindFixed, Char: "**"},
		{Kind: KindFixed, Char: " "},
		{Kind: KindFixed, Char: "\xff"},
		{Kind: KindHMAC, Suite: "md5"},
	}
	for _, op := range bad {
		if err := op.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", op)
		}
	}
	for _, p := range Presets() {
		if err := (Operator{Kind: KindPreset, Preset: p}).Validate(); err != nil {
			t.Errorf("preset %q: %v", p, err)
		}
	}
}

// maskingOperators returns every operator that must hide the value, one per preset and level.
func maskingOperators() []Operator {
	ops := []Operator{
		{Kind: KindKeep, First: 3, Last: 4},
		{Kind: KindKeep},
		{Kind: KindFixed},
		{Kind: KindFixed, Length: 1},
		{Kind: KindHMAC},
		{Kind: KindHMAC, Suite: SuiteNational},
		{Kind: KindRedact},
	}
	for _, p := range Presets() {
		ops = append(ops, Operator{Kind: KindPreset, Preset: p})
	}
	for _, l := range generalizeLevels() {
		ops = append(ops, Operator{Kind: KindGeneralize, Level: l})
	}
	return ops
}

var maskingInputs = []string{
	"欧阳娜娜", "张", "张三", "13800138000", "11010519491231002x", "4111 1111 1111 1111",
	"user@example.com", "张三@例子.中国", "北京市", "北京市朝阳区", "北京市朝阳区建国路88号",
	"1990", "1990-05", "1990-05-17", "37", "90+", "30-39", "京A12345", "a", "ab", "🙂", "a\u0301",
	"中文混合English123", "******", "RED[REDACTED]", RedactedMarker, "\xe4\xb8", "x\x00y",
}

func TestMaskingNeverUnchanged(t *testing.T) {
	for _, op := range maskingOperators() {
		for _, in := range maskingInputs {
			got := op.Apply(in, []byte("k"))
			if got == in && !onlyRune(in, op.maskRune()) {
				t.Errorf("%+v returned %q unchanged", op, in)
			}
			if !utf8.ValidString(got) {
				t.Errorf("%+v on %q returned invalid UTF-8 %q", op, in, got)
			}
		}
	}
}

func TestProfileFor(t *testing.T) {
	fixed := Operator{Kind: KindFixed}
	p := Profile{
		Name:    "p",
		Columns: map[string]Operator{"SFZH": {Kind: KindHMAC}},
		Types:   map[string]Operator{"mobile": {Kind: KindPreset, Preset: "phone"}},
		Default: &fixed,
	}
	tests := []struct {
		column, typ, want string
	}{
		{"sfzh", "id_card", KindHMAC},
		{"phone", "mobile", KindPreset},
		{"remark", "", KindFixed},
	}
	for _, tt := range tests {
		op, ok := p.For(tt.column, tt.typ)
		if !ok || op.Kind != tt.want {
			t.Errorf("For(%q, %q) = %v %v, want %s", tt.column, tt.typ, op.Kind, ok, tt.want)
		}
	}

	p.Default = nil
	if _, ok := p.For("remark", ""); ok {
		t.Error("For without default matched an unknown column")
	}
	if err := StandardProfile().Validate(); err != nil {
		t.Errorf("standard profile: %v", err)
	}
	p.Types["bad"] = Operator{Kind: "x"}
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), `"bad"`) {
		t.Errorf("Validate = %v, want an error naming type \"bad\"", err)
	}
}
