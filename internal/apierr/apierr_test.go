package apierr

import (
	"regexp"
	"strings"
	"testing"
)

func TestCatalogueComplete(t *testing.T) {
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, d := range Definitions() {
		if d.Status < 400 || d.Status > 599 {
			t.Errorf("%s: status %d is not an error status", d.Code, d.Status)
		}
		if d.EN == "" || d.ZH == "" {
			t.Errorf("%s: message missing in one language", d.Code)
		}
		en := placeholder.FindAllString(d.EN, -1)
		zh := placeholder.FindAllString(d.ZH, -1)
		if strings.Join(sorted(en), ",") != strings.Join(sorted(zh), ",") {
			t.Errorf("%s: placeholders differ: en %v, zh %v", d.Code, en, zh)
		}
	}
}

func sorted(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestMessageFillsParams(t *testing.T) {
	e := New("field_not_granted", "field", "身份证号", "value", "R1")
	if got := e.Message("zh"); !strings.Contains(got, "身份证号") || !strings.Contains(got, "R1") {
		t.Errorf("zh message = %q", got)
	}
	if got := e.Message("en"); !strings.HasPrefix(got, "Field 身份证号 is not in your grant") {
		t.Errorf("en message = %q", got)
	}
	if e.Status() != 403 {
		t.Errorf("status = %d, want 403", e.Status())
	}
}

func TestLang(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", "en"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh"},
		{"en-US,en;q=0.9,zh-CN;q=0.5", "en"},
		{"fr-FR, zh-Hans;q=0.7", "zh"},
		{"de", "en"},
	}
	for _, tt := range tests {
		if got := Lang(tt.header); got != tt.want {
			t.Errorf("Lang(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}
