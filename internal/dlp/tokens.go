package dlp

// token is a maximal run of ASCII letters and digits in normalized text, [start, end) in bytes.
type token struct {
	start, end int
	blocked    bool // part of a longer run through '@', '_' or a dot between alphanumerics
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// maxChainTokens bounds how many separated groups one value may be typed in ("6217 0000 0000
// 0000 004" has five).
const maxChainTokens = 6

// maxCandidateLen is the longest value the number detectors accept (19-digit bank cards).
const maxCandidateLen = 19

// readChain reads into chain (reusing its storage) the token starting at i and the tokens joined to it by one separator that
// people type inside numbers: a space, a dash, or the ')' closing an area code. It returns the
// tokens and the offset where scanning continues.
func readChain(s string, i int, chain []token) ([]token, int) {
	chain = chain[:0]
	for {
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		chain = append(chain, token{start: i, end: j, blocked: blockedRun(s, i, j)})
		if len(chain) == maxChainTokens || j >= len(s) {
			return chain, j
		}

		next := j
		switch {
		case s[j] == ' ' || s[j] == '-':
			next = j + 1
		case s[j] == ')' && i > 0 && s[i-1] == '(':
			next = j + 1
			if next < len(s) && (s[next] == ' ' || s[next] == '-') {
				next++
			}
		}
		if next == j || next >= len(s) || !isAlnum(s[next]) {
			return chain, j
		}
		i = next
	}
}

// blockedRun reports whether the run [i, j) continues through characters that make it part of
// something longer: an email address, an identifier with underscores, a decimal number or a
// dotted version or address.
func blockedRun(s string, i, j int) bool {
	if i > 0 {
		switch p := s[i-1]; {
		case p == '@' || p == '_':
			return true
		case p == '.' && i > 1 && isAlnum(s[i-2]):
			return true
		}
	}
	if j < len(s) {
		switch n := s[j]; {
		case n == '@' || n == '_':
			return true
		case n == '.' && j+1 < len(s) && isAlnum(s[j+1]):
			return true
		}
	}
	return false
}

// isGUID reports whether the chain is a GUID written 8-4-4-4-12 in hexadecimal.
func isGUID(s string, chain []token) bool {
	if len(chain) != 5 {
		return false
	}
	want := [5]int{8, 4, 4, 4, 12}
	for k, t := range chain {
		if t.end-t.start != want[k] || (k > 0 && s[t.start-1] != '-') {
			return false
		}
		for x := t.start; x < t.end; x++ {
			c := s[x] | 0x20
			if !(isDigit(s[x]) || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}
