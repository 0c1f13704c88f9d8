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
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
		os.Exit(1)
	}
	values := g.values()
	snippets := make([]Snippet, 0, *nSnippets)
	for len(snippets) < *nSnippets {
		snippets = append(snippets, g.snippet())
	}

	if err := writeLines(filepath.Join(*out, "values.jsonl"), values); err != nil {
		fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
		os.Exit(1)
	}
	if err := writeLines(filepath.Join(*out, "snippets.jsonl"), snippets); err != nil {
		fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d values and %d snippets to %s\n", len(values), len(snippets), *out)

	// The hand-written snippets form a separate corpus so that their figures are read apart from
	// the generated ones.
	hand := make([]Snippet, 0, len(handwritten))
	for _, m := range handwritten {
		hand = append(hand, parseMarked(m))
	}
	handDir := filepath.Join(*out, "handwritten")
	if err := os.MkdirAll(handDir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
		os.Exit(1)
	}
	if err := writeLines(handDir+"/values.jsonl", []Value{}); err != nil {
		fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
		os.Exit(1)
	}
	if err := writeLines(handDir+"/snippets.jsonl", hand); err != nil {
		fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d hand-written snippets to %s\n", len(hand), handDir)

	for dir, marked := range map[string][]string{"heldout": heldOut, "heldout2": heldOut2} {
		held := make([]Snippet, 0, len(marked))
		for _, m := range marked {
			held = append(held, parseMarked(m))
		}
		heldDir := filepath.Join(*out, dir)
		if err := os.MkdirAll(heldDir, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
			os.Exit(1)
		}
		if err := writeLines(heldDir+"/values.jsonl", []Value{}); err != nil {
			fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
			os.Exit(1)
		}
		if err := writeLines(heldDir+"/snippets.jsonl", held); err != nil {
			fmt.Fprintln(os.Stderr, "dlpcorpus:", err)
			os.Exit(1)
		}
		fmt.Printf("wrote %d held-out snippets to %s\n", len(held), heldDir)
	}
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
