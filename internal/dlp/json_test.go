package dlp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScanJSON(t *testing.T) {
	e := newTestEngine(t)
	doc := `{"rows":[{"姓名":"欧阳娜娜","phone":13800138000,"备注":"身份证11010519491231002X"}],"a/b":"x"}`
	fs, masked, err := e.ScanJSON([]byte(doc))
	if err != nil {
		t.Fatalf("ScanJSON: %v", err)
	}
	got := []string{}
	for _, f := range fs {
		got = append(got, f.Path+" "+f.Type+" "+f.Value)
	}
	want := []string{
		"/rows/0/phone mobile 13800138000",
		"/rows/0/备注 id_card 11010519491231002X",
		"/rows/0/姓名 name 欧阳娜娜",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, leak := range []string{"欧阳娜娜", "13800138000", "11010519491231002X"} {
		if strings.Contains(string(masked), leak) {
			t.Errorf("masked document still contains %q:\n%s", leak, masked)
		}
	}
	if !strings.Contains(string(masked), "欧阳**") {
		t.Errorf("masked document lacks the masked name:\n%s", masked)
	}

	if _, _, err := e.ScanJSON([]byte(`{"a":1} {"b":2}`)); err == nil {
		t.Error("ScanJSON accepted two documents")
	}
	if _, _, err := e.ScanJSON([]byte(`{"a":`)); err == nil {
		t.Error("ScanJSON accepted truncated JSON")
	}
}
