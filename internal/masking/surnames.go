package masking

import (
	_ "embed"
	"strings"
)

// compoundSurnamesText lists Chinese compound (two-character) surnames, one per line.
//
//go:embed compound_surnames.txt
var compoundSurnamesText string

var compoundSurnames = parseSurnames(compoundSurnamesText)

func parseSurnames(text string) map[string]bool {
	set := make(map[string]bool)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		set[line] = true
	}
	return set
}

func isCompoundSurname(s string) bool { return compoundSurnames[s] }

// CompoundSurnames returns the compound surnames the chinese_name preset keeps whole.
func CompoundSurnames() []string {
	out := make([]string, 0, len(compoundSurnames))
	for s := range compoundSurnames {
		out = append(out, s)
	}
	return out
}
