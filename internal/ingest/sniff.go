package ingest

import "bytes"

// delimiterCandidates lists the delimiters that sniffing considers, in order of preference on ties.
var delimiterCandidates = []byte{',', '\t', ';', '|'}

// sniffDelimiter picks the delimiter that splits the sample's lines most consistently: for each
// candidate it counts occurrences outside double quotes on every line, takes the most frequent
// non-zero count, and scores the number of lines that have exactly that count. Title and note
// lines above a table therefore do not disturb the choice. It returns ',' when no candidate occurs.
func sniffDelimiter(sample []byte) byte {
	// Drop a last line that may be cut off.
	if i := bytes.LastIndexAny(sample, "\r\n"); i > 0 && len(sample) >= 4096 {
		sample = sample[:i]
	}
	lines := splitRecords(sample, 200)

	best, bestScore, bestWidth := byte(','), 0, 0
	for _, d := range delimiterCandidates {
		freq := map[int]int{}
		for _, l := range lines {
			if n := countOutsideQuotes(l, d); n > 0 {
				freq[n]++
			}
		}
		mode, score := 0, 0
		for n, f := range freq {
			if f > score || (f == score && n > mode) {
				mode, score = n, f
			}
		}
		if score > bestScore || (score == bestScore && score > 0 && mode > bestWidth) {
			best, bestScore, bestWidth = d, score, mode
		}
	}
	return best
}

// splitRecords splits text into at most max lines, keeping line breaks inside double quotes.
func splitRecords(text []byte, max int) [][]byte {
	var out [][]byte
	start, quoted := 0, false
	for i := 0; i < len(text) && len(out) < max; i++ {
		switch text[i] {
		case '"':
			quoted = !quoted
		case '\n', '\r':
			if quoted {
				continue
			}
			if i > start {
				out = append(out, text[start:i])
			}
			start = i + 1
		}
	}
	if start < len(text) && len(out) < max && !quoted {
		out = append(out, text[start:])
	}
	return out
}

func countOutsideQuotes(line []byte, d byte) int {
	n, quoted := 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case c == d && !quoted:
			n++
		}
	}
	return n
}
