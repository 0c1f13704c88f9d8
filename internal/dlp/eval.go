package dlp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LabelledValue is a column value of the evaluation corpus; Type "" marks a hard negative.
type LabelledValue struct {
	Column string `json:"column"`
	Value  string `json:"value"`
	Type   string `json:"type"`
}

// LabelledSpan is an expected finding in a snippet, in rune offsets.
type LabelledSpan struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// LabelledSnippet is a free text of the evaluation corpus with every expected finding.
type LabelledSnippet struct {
	Text  string         `json:"text"`
	Spans []LabelledSpan `json:"spans"`
}

// Corpus is a labelled evaluation corpus as written by tools/dlpcorpus.
type Corpus struct {
	Values   []LabelledValue
	Snippets []LabelledSnippet
}

// LoadCorpus reads values.jsonl and snippets.jsonl from dir.
func LoadCorpus(dir string) (*Corpus, error) {
	c := &Corpus{}
	if err := readJSONLines(filepath.Join(dir, "values.jsonl"), &c.Values); err != nil {
		return nil, err
	}
	if err := readJSONLines(filepath.Join(dir, "snippets.jsonl"), &c.Snippets); err != nil {
		return nil, err
	}
	return c, nil
}

func readJSONLines[T any](path string, out *[]T) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("dlp: opening corpus file: %w", err)
	}
	defer f.Close()

	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return fmt.Errorf("dlp: corpus file %s line %d is not a valid record: %w", path, line, err)
		}
		*out = append(*out, v)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("dlp: reading corpus file %s: %w", path, err)
	}
	return nil
}

// TypeScore counts the outcomes for one information type.
type TypeScore struct {
	Type           string
	TP, FP, FN     int
	Precision      float64
	Recall         float64
	F2             float64 // F-beta with beta 2: recall weighs four times as much as precision
	ValuesExamples int     // labelled values of the type
	SpanExamples   int     // labelled snippet spans of the type
}

// EvalReport is the result of Evaluate, one score per type sorted by name.
type EvalReport struct {
	Scores   []TypeScore
	Values   int
	Snippets int
	Errors   []string // up to 20 examples of mistakes, for reading
}

// Evaluate runs the engine over the corpus. A column value counts as correct when ClassifyValue,
// hinted by its column name, returns its label. A snippet span counts as correct only when Scan
// returns a finding of the same type with exactly the same rune offsets. Any other finding is a
// false positive.
func (e *Engine) Evaluate(c *Corpus) EvalReport {
	scores := make(map[string]*TypeScore)
	get := func(t string) *TypeScore {
		if scores[t] == nil {
			scores[t] = &TypeScore{Type: t}
		}
		return scores[t]
	}
	var errs []string
	note := func(format string, args ...any) {
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf(format, args...))
		}
	}

	for _, v := range c.Values {
		if v.Type != "" {
			get(v.Type).ValuesExamples++
		}
		got, _ := e.ClassifyValue(v.Value, e.ColumnHint(v.Column))
		switch {
		case got == v.Type && got != "":
			get(got).TP++
		case got != v.Type:
			if got != "" {
				get(got).FP++
			}
			if v.Type != "" {
				get(v.Type).FN++
			}
			note("value %q in column %q: got %q, want %q", v.Value, v.Column, got, v.Type)
		}
	}

	for _, s := range c.Snippets {
		want := make(map[LabelledSpan]bool, len(s.Spans))
		for _, sp := range s.Spans {
			want[sp] = true
			get(sp.Type).SpanExamples++
		}
		for _, f := range e.Scan(s.Text) {
			key := LabelledSpan{Type: f.Type, Start: f.Start, End: f.End}
			if want[key] {
				get(f.Type).TP++
				delete(want, key)
				continue
			}
			get(f.Type).FP++
			note("snippet %q: unexpected %s %q [%d:%d]", s.Text, f.Type, f.Value, f.Start, f.End)
		}
		for sp := range want {
			get(sp.Type).FN++
			note("snippet %q: missed %s %q [%d:%d]", s.Text, sp.Type, string([]rune(s.Text)[sp.Start:sp.End]), sp.Start, sp.End)
		}
	}

	r := EvalReport{Values: len(c.Values), Snippets: len(c.Snippets), Errors: errs}
	for _, s := range scores {
		s.Precision = ratio(s.TP, s.TP+s.FP)
		s.Recall = ratio(s.TP, s.TP+s.FN)
		if s.Precision+s.Recall > 0 {
			s.F2 = 5 * s.Precision * s.Recall / (4*s.Precision + s.Recall)
		}
		r.Scores = append(r.Scores, *s)
	}
	sort.Slice(r.Scores, func(i, j int) bool { return r.Scores[i].Type < r.Scores[j].Type })
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Write prints the report as a table.
func (r EvalReport) Write(w io.Writer) {
	fmt.Fprintf(w, "corpus: %d values, %d snippets\n", r.Values, r.Snippets)
	fmt.Fprintf(w, "%-18s %6s %6s %6s %9s %9s %7s %7s %7s\n", "type", "tp", "fp", "fn", "precision", "recall", "f2", "values", "spans")
	for _, s := range r.Scores {
		fmt.Fprintf(w, "%-18s %6d %6d %6d %9.4f %9.4f %7.4f %7d %7d\n", s.Type, s.TP, s.FP, s.FN, s.Precision, s.Recall, s.F2, s.ValuesExamples, s.SpanExamples)
	}
}
