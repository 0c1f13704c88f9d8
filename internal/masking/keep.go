package masking

import (
	"sort"
	"strings"
	"unicode"
)

// presets maps a preset name to its masking function.
var presets = map[string]func(value string, mask rune) string{
	"phone":        maskPhone,
	"id_card":      func(v string, m rune) string { return keepSignificant(v, 6, 4, m) },
	"bank_card":    func(v string, m rune) string { return keepSignificant(v, 6, 4, m) },
	"passport":     func(v string, m rune) string { return keepSignificant(v, 1, 2, m) },
	"plate":        func(v string, m rune) string { return keepSignificant(v, 2, 1, m) },
	"email":        maskEmail,
	"chinese_name": maskChineseName,
	"address":      func(v string, _ rune) string { return generalizeAddress(v, levelDistrict) },
}

// Presets lists the preset names accepted by the preset operator, sorted.
func Presets() []string {
	names := make([]string, 0, len(presets))
	for n := range presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// keepEnds keeps the first and last characters and replaces each character between them with
// mask, so the output has the length of the input. When first+last would keep the whole value,
// both are reduced until at least one character is masked.
func keepEnds(value string, first, last int, mask rune) string {
	rs := []rune(value)
	first, last = shrinkKeep(len(rs), first, last)
	for i := first; i < len(rs)-last; i++ {
		rs[i] = mask
	}
	return string(rs)
}

func shrinkKeep(n, first, last int) (int, int) {
	for first+last >= n && first+last > 0 {
		if last >= first {
			last--
		} else {
			first--
		}
	}
	return first, last
}

// keepSignificant is keepEnds counted over letters and digits only: separators such as spaces and
// dashes stay where they are, so "4111 1111 1111 1111" becomes "4111 11** **** 1111".
func keepSignificant(value string, first, last int, mask rune) string {
	rs := []rune(value)
	n := 0
	for _, r := range rs {
		if isSignificant(r) {
			n++
		}
	}
	first, last = shrinkKeep(n, first, last)

	seen := 0
	for i, r := range rs {
		if !isSignificant(r) {
			continue
		}
		if seen >= first && seen < n-last {
			rs[i] = mask
		}
		seen++
	}
	return string(rs)
}

func isSignificant(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// maskPhone keeps the first 3 and last 4 digits of the national number. A +86 or 0086 country
// code in front, in ASCII or full-width digits, stays visible too.
func maskPhone(value string, mask rune) string {
	var digits []int
	for _, r := range value {
		if d, ok := digitValue(r); ok {
			digits = append(digits, d)
		}
	}
	first := 3
	switch {
	case len(digits) == 13 && digits[0] == 8 && digits[1] == 6:
		first += 2
	case len(digits) == 15 && digits[0] == 0 && digits[1] == 0 && digits[2] == 8 && digits[3] == 6:
		first += 4
	}
	return keepSignificant(value, first, 4, mask)
}

// digitValue returns the value of an ASCII or full-width decimal digit.
func digitValue(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

// maskEmail keeps the first character of the local part and the whole domain. The rest of the
// local part becomes three mask characters whatever its length.
func maskEmail(value string, mask rune) string {
	at := strings.LastIndexAny(value, "@＠")
	if at <= 0 {
		return keepEnds(value, 1, 0, mask)
	}

	local := []rune(value[:at])
	m := string([]rune{mask, mask, mask})
	return string(local[0]) + m + value[at:]
}

// maskChineseName keeps the surname, two characters for a compound surname such as 欧阳, and
// replaces the given name with two mask characters whatever its length.
func maskChineseName(value string, mask rune) string {
	rs := []rune(strings.TrimSpace(value))
	if len(rs) == 0 {
		return ""
	}

	keep := 1
	if len(rs) > 2 && isCompoundSurname(string(rs[:2])) {
		keep = 2
	}
	return string(rs[:keep]) + string([]rune{mask, mask})
}
