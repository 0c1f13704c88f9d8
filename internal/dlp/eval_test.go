package dlp

import (
	"os"
	"strings"
	"testing"
)

// checksumTypes are validated by a check character, so the target F2 is 0.99; names and
// addresses have a target of 0.95.
var evalTargets = map[string]float64{
	"id_card": 0.99, "residence_permit": 0.99, "foreigner_pr": 0.99, "uscc": 0.99,
	"org_code": 0.99, "bank_card": 0.99, "name": 0.95, "address": 0.95,
}

func TestEvaluateCorpus(t *testing.T) {
	e := newTestEngine(t)
	c, err := LoadCorpus("../../testdata/dlp")
	if err != nil {
		t.Fatalf("LoadCorpus: %v", err)
	}
	if len(c.Values) < 2000 || len(c.Snippets) < 200 {
		t.Fatalf("corpus has %d values and %d snippets, want at least 2000 and 200", len(c.Values), len(c.Snippets))
	}

	r := e.Evaluate(c)
	var b strings.Builder
	r.Write(&b)
	t.Log("\n" + b.String())
	if testing.Verbose() {
		for _, m := range r.Errors {
			t.Log(m)
		}
	}

	seen := map[string]bool{}
	for _, s := range r.Scores {
		seen[s.Type] = true
		if want, ok := evalTargets[s.Type]; ok && s.F2 < want {
			t.Errorf("%s: F2 %.4f below target %.2f", s.Type, s.F2, want)
		}
	}
	for typ := range evalTargets {
		if !seen[typ] {
			t.Errorf("corpus has no examples of %s", typ)
		}
	}
}

func TestLoadCorpusErrors(t *testing.T) {
	if _, err := LoadCorpus(t.TempDir()); err == nil {
		t.Error("LoadCorpus of an empty directory returned no error")
	}
	dir := t.TempDir()
	os.WriteFile(dir+"/values.jsonl", []byte("{\"value\":1}\n"), 0o644)
	os.WriteFile(dir+"/snippets.jsonl", nil, 0o644)
	_, err := LoadCorpus(dir)
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("LoadCorpus error = %v, want one naming line 1", err)
	}
}

// TestEvaluateHandwritten logs the figures of the hand-written corpora. They are small (30, 15
// and 15 snippets), so they are read as a check on forms the generator does not produce, not held to the
// targets.
func TestEvaluateHandwritten(t *testing.T) {
	e := newTestEngine(t)
	for _, dir := range []string{"../../testdata/dlp/handwritten", "../../testdata/dlp/heldout", "../../testdata/dlp/heldout2"} {
		c, err := LoadCorpus(dir)
		if err != nil {
			t.Fatalf("LoadCorpus(%s): %v", dir, err)
		}
		if len(c.Snippets) == 0 {
			t.Fatalf("%s has no snippets", dir)
		}
		var b strings.Builder
		e.Evaluate(c).Write(&b)
		t.Logf("%s\n%s", dir, b.String())
	}
}
