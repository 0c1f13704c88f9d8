package dlp

import (
	"strings"
	"unicode/utf8"
)

// maxComponentRunes bounds the characters of one address component such as 建国门外大街.
const maxComponentRunes = 12

// address reports an address starting with a division name at i: one or more divisions, then
// components ending in suffixes such as 路, 号 and 室. It needs at least one component finer than
// a district, so a bare place name such as 北京市朝阳区 is not reported.
func (sc *scanner) address(i int) (int, bool) {
	p, ok := sc.division(i)
	if !ok {
		return 0, false
	}
	// Province, city, district and one more level at most, so that a long run of division
	// names costs the same at every position.
	for n := 0; n < 3; n++ {
		q, ok := sc.division(p)
		if !ok {
			break
		}
		p = q
	}

	street := false
	for n := 0; n < 8; n++ {
		q, isStreet, ok := sc.component(p)
		if !ok {
			break
		}
		p = q
		street = street || isStreet
	}
	if !street {
		return 0, false
	}
	sc.out = append(sc.out, span{typ: TypeAddress, start: i, end: p, conf: 0.9})
	return p, true
}

// addressAfterCue reports an address without a division name that directly follows a cue such as
// 住址 or 家住, for example 住址：建国路88号3栋201室.
func (sc *scanner) addressAfterCue(i int, cues []string) (int, bool) {
	for _, cue := range cues {
		if !strings.HasPrefix(sc.s[i:], cue) {
			continue
		}
		j := skipSeparator(sc.s, i+len(cue))
		if end, ok := sc.address(j); ok {
			return end, true
		}
		p, street := j, false
		for n := 0; n < 8; n++ {
			q, isStreet, ok := sc.component(p)
			if !ok {
				break
			}
			p = q
			street = street || isStreet
		}
		if !street {
			return 0, false
		}
		sc.out = append(sc.out, span{typ: TypeAddress, start: j, end: p, conf: 0.85})
		return p, true
	}
	return 0, false
}

// skipSeparator skips the colon, quote or space between a label and its value.
func skipSeparator(s string, j int) int {
	for _, sep := range []string{"\":\"", "\": \"", ": ", ":", "：", " ", "为", "是"} {
		if strings.HasPrefix(s[j:], sep) {
			return j + len(sep)
		}
	}
	return j
}

// division returns the end of the longest division name at i.
func (sc *scanner) division(i int) (int, bool) {
	r, _ := utf8.DecodeRuneInString(sc.s[i:])
	for _, name := range sc.trig.divisions[r] {
		if strings.HasPrefix(sc.s[i:], name) {
			return i + len(name), true
		}
	}
	return 0, false
}

// component reads one address component at i and reports whether it is finer than a district.
func (sc *scanner) component(i int) (end int, street bool, ok bool) {
	s := sc.s
	j := i
	var prev rune
	for n := 0; n < maxComponentRunes && j < len(s); n++ {
		r, size := utf8.DecodeRuneInString(s[j:])
		if !(isHan(r) || r < utf8.RuneSelf && (isAlnum(byte(r)) || r == '-' || r == '#')) {
			return 0, false, false
		}
		if r < 0x10000 && sc.trig.stopFirst[r>>6]&(1<<(r&63)) != 0 && sc.startsAddressStop(j) {
			return 0, false, false
		}
		if j > i && r < 0x10000 && sc.trig.suffixFirst[r>>6]&(1<<(r&63)) != 0 {
			if e, ok := matchSuffix(s, j, sc.trig.streetSuffixes[r]); ok && numberedOK(s[j:e], prev) {
				return e, true, true
			}
			if e, ok := matchSuffix(s, j, sc.trig.divisionSuffixes[r]); ok {
				return e, false, true
			}
		}
		prev = r
		j += size
	}
	return 0, false, false
}

func matchSuffix(s string, j int, suffixes []string) (int, bool) {
	for _, suf := range suffixes {
		if strings.HasPrefix(s[j:], suf) {
			return j + len(suf), true
		}
	}
	return 0, false
}

// numberedOK requires a number before 号, 栋, 单元, 室 and similar suffixes, so that 号码 or 大楼
// in running text does not end an address.
func numberedOK(suffix string, prev rune) bool {
	switch suffix {
	case "号", "号院", "号楼", "栋", "幢", "单元", "室", "层", "组", "座":
		return prev < utf8.RuneSelf && isAlnum(byte(prev)) || strings.ContainsRune("一二三四五六七八九十百零甲乙丙丁东西南北", prev)
	}
	return true
}

func (sc *scanner) startsAddressStop(j int) bool {
	r, _ := utf8.DecodeRuneInString(sc.s[j:])
	for _, w := range sc.trig.stops[r] {
		if utf8.RuneCountInString(w) >= 2 && strings.HasPrefix(sc.s[j:], w) {
			return true
		}
	}
	return false
}
