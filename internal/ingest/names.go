package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameBytes is the longest column name in bytes; PostgreSQL truncates identifiers beyond it.
const MaxNameBytes = 63

// cleanLabel turns raw header text into a label: line breaks and runs of white space become one
// space, control characters go, and surrounding space is trimmed.
func cleanLabel(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), r == utf8.RuneError, r == '\uFEFF':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// columnNames derives unique field names from labels. A blank label becomes column_N, where N is
// the 1-based position. A name longer than MaxNameBytes is cut at a character boundary and ends
// in eight hex digits of the SHA-256 of the whole label, so it stays deterministic and distinct.
// A name equal to an earlier one, ignoring case, gets the suffix _2, _3 and so on. The second
// result lists the positions of renamed columns.
func columnNames(labels []string) ([]string, []int) {
	names := make([]string, len(labels))
	var renamed []int
	used := make(map[string]bool, len(labels))
	for i, label := range labels {
		name := label
		if name == "" {
			name = fmt.Sprintf("column_%d", i+1)
		}
		if len(name) > MaxNameBytes {
			sum := sha256.Sum256([]byte(name))
			name = cutBytes(name, MaxNameBytes-9) + "_" + hex.EncodeToString(sum[:4])
		}
		base := name
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := fmt.Sprintf("_%d", n)
			name = cutBytes(base, MaxNameBytes-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		names[i] = name
		if name != label {
			renamed = append(renamed, i)
		}
	}
	return names, renamed
}

// cutBytes shortens s to at most n bytes without splitting a character.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// codeHints are header words that mark a column of codes or identifiers, whose values keep their
// text form even when every one of them is a plain integer.
var codeHints = []string{"code", "代码", "编码", "编号", "号码", "电话", "phone", "zip", "postcode",
	"postal", "邮编", "身份证", "证号", "账号", "卡号", "atco"}

// looksLikeCode reports whether a header names a column of codes or identifiers.
func looksLikeCode(label string) bool {
	l := strings.ToLower(label)
	for _, h := range codeHints {
		if strings.Contains(l, h) {
			return true
		}
	}
	return false
}
