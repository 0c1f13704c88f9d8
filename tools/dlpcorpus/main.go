// Command dlpcorpus writes the labelled evaluation corpus of the dlp engine: column values and
// free-text snippets with invented values only. The output is deterministic for a seed.
//
//	go run ./tools/dlpcorpus -out testdata/dlp
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
)

// Value is one labelled column value; Type "" marks a hard negative.
type Value struct {
	Column string `json:"column"`
	Value  string `json:"value"`
	Type   string `json:"type"`
}

// Span is one labelled finding in a snippet, in rune offsets.
type Span struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Snippet is one labelled free text.
type Snippet struct {
	Text  string `json:"text"`
	Spans []Span `json:"spans"`
}

func main() {
	out := flag.String("out", "testdata/dlp", "directory to write values.jsonl and snippets.jsonl to")
	seed := flag.Uint64("seed", 20240601, "random seed; the same seed gives the same corpus")
	nSnippets := flag.Int("snippets", 600, "number of free-text snippets")
	flag.Parse()

	g := gen{r: rand.New(rand.NewPCG(*seed, *seed^0x9e3779b97f4a7c15))}
	values := g.values()
	snippets := make([]Snippet, 0, *nSnippets)
	for len(snippets) < *nSnippets {
		snippets = append(snippets, g.snippet())
	}
	if err := writeCorpus(*out, values, snippets); err != nil {
		fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
		os.Exit(1)
	}

	// The hand-written sets form separate corpora so that their figures are read apart from the
	// generated ones.
	for dir, marked := range map[string][]string{"handwritten": handwritten, "heldout": heldOut, "heldout2": heldOut2} {
		hand := make([]Snippet, 0, len(marked))
		for _, m := range marked {
			hand = append(hand, parseMarked(m))
		}
		if err := writeCorpus(filepath.Join(*out, dir), []Value{}, hand); err != nil {
			fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
			os.Exit(1)
		}
	}
}

// writeCorpus writes values.jsonl and snippets.jsonl to dir, creating it when needed.
func writeCorpus(dir string, values []Value, snippets []Snippet) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := writeLines(filepath.Join(dir, "values.jsonl"), values); err != nil {
		return err
	}
	if err := writeLines(filepath.Join(dir, "snippets.jsonl"), snippets); err != nil {
		return err
	}
	fmt.Printf("wrote %d values and %d snippets to %s\n", len(values), len(snippets), dir)
	return nil
}

func writeLines[T any](path string, items []T) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			f.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return f.Close()
}
