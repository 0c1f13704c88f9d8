package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// analyzeFile runs Analyze and fails the test on error.
func analyzeFile(t *testing.T, path string, opts Options) *Plan {
	t.Helper()
	p, err := Analyze(context.Background(), path, opts, nil)
	if err != nil {
		t.Fatalf("Analyze(%s): %v", filepath.Base(path), err)
	}
	return p
}

// scanAll returns copies of every row Scan yields.
func scanAll(t *testing.T, p *Plan) [][]any {
	t.Helper()
	var rows [][]any
	err := p.Scan(context.Background(), func(row int64, values []any) error {
		rows = append(rows, slices.Clone(values))
		return nil
	})
	if err != nil {
		t.Fatalf("Scan(%s): %v", p.File, err)
	}
	return rows
}

// writeFile writes data to a file in a fresh temporary directory and returns its path.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// problemOf returns the *Problem in err, failing the test when there is none.
func problemOf(t *testing.T, err error) *Problem {
	t.Helper()
	var p *Problem
	if !errors.As(err, &p) {
		t.Fatalf("error %v is not a *Problem", err)
	}
	return p
}

func columnTypes(p *Plan) map[string]Type {
	m := make(map[string]Type, len(p.Columns))
	for _, c := range p.Columns {
		m[c.Name] = c.Type
	}
	return m
}

func labels(p *Plan) []string {
	out := make([]string, len(p.Columns))
	for i, c := range p.Columns {
		out[i] = c.Label
	}
	return out
}

func colIndex(t *testing.T, p *Plan, name string) int {
	t.Helper()
	for i, c := range p.Columns {
		if c.Name == name {
			return i
		}
	}
	t.Fatalf("no column %q in %q", name, labels(p))
	return -1
}

func hasWarning(p *Plan, code string) bool {
	for _, w := range p.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
