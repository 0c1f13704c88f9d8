package dlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func isHan(r rune) bool { return r >= 0x3400 && unicode.Is(unicode.Han, r) }

// nameAfterCue reports a name that follows a cue such as 姓名 or 联系人 starting at i.
func (sc *scanner) nameAfterCue(i int, cues []string) (int, bool) {
	for _, cue := range cues {
		if !strings.HasPrefix(sc.s[i:], cue) {
			continue
		}
		j := skipSeparator(sc.s, i+len(cue))
		if end, ok := sc.parseName(j); ok {
			sc.out = append(sc.out, span{typ: TypeName, start: j, end: end, conf: 0.9})
			return end, true
		}
		return 0, false
	}
	return 0, false
}

// parseName reads a name at i: a surname from the surname lists (compound surnames first) and
// one or two given-name characters, ending early at a stop word such as 电话 or 先生. A name with
// a middle dot (买买提·艾力) is accepted whole.
func (sc *scanner) parseName(i int) (int, bool) {
	s := sc.s
	if end, ok := dottedName(s, i); ok {
		return end, true
	}

	if sc.startsStopWord(i) {
		return 0, false // 居民居住证: the word after the cue is not a name
	}
	j := i
	if r1, n1 := utf8.DecodeRuneInString(s[i:]); n1 > 0 {
		_, n2 := utf8.DecodeRuneInString(s[i+n1:])
		switch {
		case n2 > 0 && hasBit(&sc.trig.compoundFirst, r1) && sc.t.compound[s[i:i+n1+n2]]:
			j = i + n1 + n2
		case hasBit(&sc.trig.surnames, r1):
			j = i + n1
		default:
			return 0, false
		}
	}

	given := 0
	for given < 2 && j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !isHan(r) || sc.startsStopWord(j) {
			break
		}
		j += size
		given++
	}
	return j, given > 0
}

// dottedName reads a transliterated name of two parts joined by a middle dot, each of two to six
// Chinese characters.
func dottedName(s string, i int) (int, bool) {
	hanRun := func(j int) int {
		n := 0
		for j < len(s) && n < 6 {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isHan(r) {
				break
			}
			j += size
			n++
		}
		return j
	}
	a := hanRun(i)
	if a-i < 6 {
		return 0, false
	}
	for _, dot := range []string{"·", "•", "."} {
		if strings.HasPrefix(s[a:], dot) {
			b := hanRun(a + len(dot))
			if b-(a+len(dot)) >= 6 {
				return b, true
			}
		}
	}
	return 0, false
}

func (sc *scanner) startsStopWord(j int) bool {
	r, _ := utf8.DecodeRuneInString(sc.s[j:])
	for _, w := range sc.trig.stops[r] {
		if strings.HasPrefix(sc.s[j:], w) {
			return true
		}
	}
	return false
}

func hasPrefixIn(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// nameBeforeCue reports a name that ends just before a cue such as 先生 or 女士 at i, or a
// three-character name that starts a clause and ends before a verb cue such as 于 or 已.
func (sc *scanner) nameBeforeCue(i int, ws *wordSet) {
	switch {
	case hasPrefixIn(sc.s[i:], ws.cuesAfter):
		sc.nameEndingAt(i, []int{4, 3, 2}, false, 0.85)
	case hasPrefixIn(sc.s[i:], ws.verbs):
		sc.nameEndingAt(i, []int{4, 3}, true, 0.6)
	}
}

// nameEndingAt looks for a name of one of the lengths (in characters) that ends at i. With
// clauseStart, the name must follow a non-Chinese character or the start of the text.
func (sc *scanner) nameEndingAt(i int, lengths []int, clauseStart bool, conf float64) {

	// Offsets of up to four characters before the cue: back[k] is where the name of k+1
	// characters would start.
	var back [4]int
	n := 0
	for j := i; j > 0 && n < len(back); n++ {
		r, size := utf8.DecodeLastRuneInString(sc.s[:j])
		if !isHan(r) {
			break
		}
		j -= size
		back[n] = j
	}
	for _, length := range lengths {
		if length > n {
			continue
		}
		start := back[length-1]
		if clauseStart && start > 0 {
			if r, _ := utf8.DecodeLastRuneInString(sc.s[:start]); isHan(r) {
				continue
			}
		}
		end, ok := sc.parseName(start)
		if !ok || end != i || hasPlaceSuffix(sc.s[start:end]) {
			continue
		}
		if length == 4 && !sc.t.compound[sc.s[start:start+6]] {
			continue
		}
		sc.out = append(sc.out, span{typ: TypeName, start: start, end: i, conf: conf})
		return
	}
}

// looksLikeName reports whether a whole value has the form of a Chinese name: a known surname and
// one or two given-name characters (two for a compound surname), or a dotted transliterated name.
func (e *Engine) looksLikeName(v string) bool {
	if end, ok := dottedName(v, 0); ok && end == len(v) {
		return true
	}
	n := utf8.RuneCountInString(v)
	if n < 2 || n > 4 {
		return false
	}
	for _, r := range v {
		if !isHan(r) {
			return false
		}
	}
	sc := scanner{t: e.t, trig: e.trig, s: v}
	end, ok := sc.parseName(0)
	return ok && end == len(v)
}

// namesBeforeIdentifiers reports a name written just before an identifier in brackets, as in
// 钱多多（510107197911200022）, once the identifiers have been found.
func (sc *scanner) namesBeforeIdentifiers() {
	n := len(sc.out)
	for k := 0; k < n; k++ {
		sp := sc.out[k]
		if !sc.t.identifierTypes[sp.typ] || sp.typ == TypeName {
			continue
		}
		open := sp.start
		switch {
		case strings.HasSuffix(sc.s[:open], "（"):
			open -= len("（")
		case strings.HasSuffix(sc.s[:open], "("):
			open--
		default:
			continue
		}
		sc.nameEndingAt(open, []int{4, 3, 2}, true, 0.7)
	}
}
