package dlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDataDirOverride(t *testing.T) {
	dir := t.TempDir()
	// Only the 199 prefix: 138 numbers stop being mobile numbers without a rebuild.
	if err := os.WriteFile(filepath.Join(dir, "mobile_prefixes.txt"), []byte("# test\n199\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "compound_surnames.txt"), []byte("欧阳\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := New(Options{DataDir: dir, Logger: discard()})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	if got := hits(e.Scan("手机13800138000")); len(got) != 0 {
		t.Errorf("138 number detected after its prefix was removed: %v", got)
	}
	if got := hits(e.Scan("手机19900138000")); len(got) != 1 || got[0].Type != TypeMobile {
		t.Errorf("199 number = %v, want one mobile", got)
	}
	// Files not in the directory keep their embedded defaults.
	if got := hits(e.Scan("身份证11010519491231002X")); len(got) != 1 {
		t.Errorf("embedded defaults lost: %v", got)
	}
	if e.RuleVersion() == newTestEngine(t).RuleVersion() {
		t.Error("rule version did not change with the data files")
	}
}

func TestDataDirInvalid(t *testing.T) {
	tests := []struct {
		file, content, want string
	}{
		{"mobile_prefixes.txt", "13\n", "mobile_prefixes.txt: entry 1"},
		{"levels.txt", "id_card\t9\n", "levels.txt: entry 1: level \"9\" must be 1 to 5"},
		{"divisions.txt", "11000\t北京市\n", "divisions.txt: entry 1"},
		{"name_cues.txt", "middle\t姓名\n", "name_cues.txt: entry 1"},
		{"surnames.txt", "\xff\n", "not valid UTF-8"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, tt.file), []byte(tt.content), 0o644)
		_, err := New(Options{DataDir: dir, Logger: discard()})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: error = %v, want one containing %q", tt.file, tt.content, err, tt.want)
		}
	}
}

func TestOptionsInvalid(t *testing.T) {
	for _, o := range []Options{
		{MinConfidence: 2},
		{MinValidRatio: -1},
		{DefaultLevel: 7},
		{SampleSize: -5},
	} {
		o.Logger = discard()
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) returned no error", o)
		}
	}
}

func TestEmbeddedDataFilesListed(t *testing.T) {
	entries, err := embeddedData.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, f := range DataFiles {
		listed[f] = true
	}
	for _, en := range entries {
		if !listed[en.Name()] {
			t.Errorf("embedded data file %s is missing from DataFiles", en.Name())
		}
	}
}
