package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCommand()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestDLPScanText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(path, []byte("联系人欧阳娜娜，手机13800138000"), 0o644)

	out, err := runCLI(t, "dlp", "scan", path)
	if err != nil {
		t.Fatalf("dlp scan: %v", err)
	}
	for _, want := range []string{"3-7\tname\t0.90\t欧阳娜娜", "10-21\tmobile\t0.98", "联系人欧阳**，手机138****8000"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDLPScanJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "body.json")
	os.WriteFile(path, []byte(`{"xm":"张三","remark":"身份证11010519491231002X"}`), 0o644)

	out, err := runCLI(t, "dlp", "scan", "--json", path)
	if err != nil {
		t.Fatalf("dlp scan --json: %v", err)
	}
	var got struct {
		Findings []struct{ Path, Type string }
		Masked   map[string]string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got.Findings) != 2 || got.Masked["xm"] != "张**" || got.Masked["remark"] != "身份证110105********002X" {
		t.Errorf("unexpected output: %+v", got)
	}
}

func TestDLPScanMissingFile(t *testing.T) {
	_, err := runCLI(t, "dlp", "scan", filepath.Join(t.TempDir(), "missing.txt"))
	if err == nil || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("error = %v, want one naming the file", err)
	}
}

func TestDLPEval(t *testing.T) {
	out, err := runCLI(t, "dlp", "eval", "--corpus", "../../testdata/dlp")
	if err != nil {
		t.Fatalf("dlp eval: %v", err)
	}
	for _, want := range []string{"precision", "recall", "f2", "id_card", "name", "address"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	if _, err := runCLI(t, "dlp", "eval", "--corpus", t.TempDir()); err == nil {
		t.Error("dlp eval on an empty directory returned no error")
	}
}
