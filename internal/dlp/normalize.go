package dlp

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Normalized is text prepared for matching, with a map back to the original.
//
// Normalization turns full-width ASCII forms (U+FF01 to U+FF5E, except the sentence punctuation
// ，；！？：) into ASCII, every no-break,
// ideographic and typographic space into a space, every dash and minus sign into '-', and removes
// zero-width characters, soft hyphens, the byte order mark and bidirectional marks.
type Normalized struct {
	Text   string
	orig   string
	points []offsetPoint // sorted by norm; empty when Text == orig
}

// offsetPoint records that normalized byte offset norm corresponds to original byte offset orig.
// Between two points bytes were copied one to one.
type offsetPoint struct{ norm, orig int }

// specialLead marks the lead bytes of every character that normalization changes.
var specialLead = [256]bool{0xC2: true, 0xE2: true, 0xE3: true, 0xEF: true}

// Normalize prepares s for matching. It does not allocate when s needs no change.
func Normalize(s string) Normalized {
	first := -1
	for i := 0; i < len(s); i++ {
		if specialLead[s[i]] {
			if _, ok := replacement(s[i:]); ok {
				first = i
				break
			}
		}
	}
	if first < 0 {
		return Normalized{Text: s, orig: s}
	}

	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	points := []offsetPoint{{0, 0}}
	for i := first; i < len(s); {
		rep, ok := replacement(s[i:])
		if !ok {
			// Copy up to the next character that may change.
			j := i + 1
			for j < len(s) && !specialLead[s[j]] {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}

		_, size := utf8.DecodeRuneInString(s[i:])
		if rep == "" {
			// A deleted character: both sides of it map to the same normalized offset.
			points = append(points, offsetPoint{b.Len(), i})
		}
		b.WriteString(rep)
		i += size
		points = append(points, offsetPoint{b.Len(), i})
	}
	return Normalized{Text: b.String(), orig: s, points: points}
}

// replacement returns what the character at the start of s becomes, and false when it stays.
func replacement(s string) (string, bool) {
	r, size := utf8.DecodeRuneInString(s)
	if size < 2 {
		return "", false
	}
	switch {
	case r == '，' || r == '；' || r == '！' || r == '？' || r == '：':
		// Sentence punctuation never occurs inside a value; leaving it saves rebuilding
		// nearly every Chinese text.
		return "", false
	case r >= 0xFF01 && r <= 0xFF5E:
		return string(rune(r - 0xFF01 + '!')), true
	case r == 0x00A0, r == 0x3000, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F:
		return " ", true
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0x2043, r == 0xFE58, r == 0xFE63:
		return "-", true
	case r == 0x00AD, r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r == 0x2060, r == 0xFEFF:
		return "", true
	}
	return "", false
}

// OrigStart maps the normalized byte offset where a span starts to the original byte offset.
func (n Normalized) OrigStart(norm int) int {
	if len(n.points) == 0 {
		return norm
	}
	i := sort.Search(len(n.points), func(i int) bool { return n.points[i].norm > norm }) - 1
	p := n.points[i]
	return p.orig + norm - p.norm
}

// OrigEnd maps the normalized byte offset where a span ends to the original byte offset. A
// deleted character right after the span stays outside it.
func (n Normalized) OrigEnd(norm int) int {
	if len(n.points) == 0 {
		return norm
	}
	i := sort.Search(len(n.points), func(i int) bool { return n.points[i].norm >= norm })
	if i < len(n.points) && n.points[i].norm == norm {
		return n.points[i].orig
	}
	p := n.points[i-1]
	return p.orig + norm - p.norm
}
