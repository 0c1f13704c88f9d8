package dlp

import (
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"

	"govshare/internal/idcheck"
)

// email reports the address around the '@' at i. The local part may hold Chinese characters and
// the domain may be internationalized. A cue word such as 邮箱 directly before a Chinese local
// part is not part of it.
func (sc *scanner) email(at int) {
	s := sc.s
	start := at
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:start])
		if !isLocalRune(r) {
			break
		}
		start -= size
	}
	local := s[start:at]
	for _, cue := range []string{"邮箱地址", "电子邮箱", "邮箱", "邮件", "电邮", "发送至", "发至", "联系"} {
		if k := strings.LastIndex(local, cue); k >= 0 {
			start += k + len(cue)
			local = s[start:at]
		}
	}
	for strings.HasPrefix(local, ".") {
		start++
		local = local[1:]
	}
	if local == "" || len(local) > 64 || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return
	}

	end, ok := sc.domain(at + 1)
	if !ok {
		return
	}
	sc.out = append(sc.out, span{typ: TypeEmail, start: start, end: end, conf: 0.95})
}

func isLocalRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isAlnum(byte(r)) || strings.ContainsRune("!#$%&'*+/=?^_`{|}~.-", r)
	}
	return unicode.Is(unicode.Han, r) || unicode.IsLetter(r)
}

// domain returns the end of a domain name starting at i. A domain has two or more labels
// separated by dots, each of ASCII letters, digits and hyphens or of Chinese characters. The last
// label is an ASCII top-level domain of two or more letters or a Chinese one from idn_tlds.txt.
func (sc *scanner) domain(i int) (int, bool) {
	s := sc.s
	var labels [][2]int
	for len(labels) < 10 {
		j := i
		ascii := j < len(s) && s[j] < utf8.RuneSelf
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if ascii && !(r < utf8.RuneSelf && (isAlnum(byte(r)) || r == '-')) || !ascii && !unicode.Is(unicode.Han, r) {
				break
			}
			j += size
		}
		label := s[i:j]
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			break
		}
		labels = append(labels, [2]int{i, j})
		if j+1 >= len(s) || s[j] != '.' {
			break
		}
		i = j + 1
	}

	for len(labels) >= 2 {
		last := labels[len(labels)-1]
		tld := s[last[0]:last[1]]
		if tld[0] < utf8.RuneSelf {
			if len(tld) >= 2 && allLetters(tld) {
				return last[1], true
			}
		} else {
			for _, t := range sc.t.idnTLDs {
				if strings.HasPrefix(tld, t) {
					return last[0] + len(t), true
				}
			}
		}
		labels = labels[:len(labels)-1]
	}
	return 0, false
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// ipv4 reports a dotted-quad address starting at i that is not part of a longer dotted run.
func (sc *scanner) ipv4(i int) (int, bool) {
	s := sc.s
	if i > 0 && (s[i-1] == '.' || isAlnum(s[i-1])) {
		return 0, false
	}
	j := i
	for part := 0; part < 4; part++ {
		if part > 0 {
			if j >= len(s) || s[j] != '.' {
				return 0, false
			}
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) && k-j < 4 {
			k++
		}
		n := k - j
		if n == 0 || n > 3 || (n > 1 && s[j] == '0') || atoiBytes(s[j:k]) > 255 {
			return 0, false
		}
		j = k
	}
	if j < len(s) && (isAlnum(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1])) {
		return 0, false
	}
	w := strings.ToLower(s[max(0, i-12):i])
	if strings.HasSuffix(w, "v") || strings.Contains(w, "version") || strings.Contains(w, "版本") {
		return j, true // a version number, not an address; skip it whole
	}
	sc.out = append(sc.out, span{typ: TypeIPv4, start: i, end: j, conf: 0.9})
	return j, true
}

func atoiBytes(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// maxIPv6Len is the length of the longest IPv6 text form, an IPv4-mapped address with every group
// written in full.
const maxIPv6Len = 45

func isIPv6Byte(c byte) bool {
	return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' || c == ':' || c == '.'
}

// ipv6 reports an IPv6 address around the colon at i: the maximal run of hex digits, colons and
// dots, bounded by other characters, that net/netip parses as IPv6.
func (sc *scanner) ipv6(i int) (int, bool) {
	s := sc.s
	if i < sc.noIPv6Before {
		return 0, false
	}
	start, end := i, i
	for start > 0 && isIPv6Byte(s[start-1]) && i-start <= maxIPv6Len {
		start--
	}
	for end < len(s) && isIPv6Byte(s[end]) {
		end++
	}

	if end-start > maxIPv6Len {
		// Too long for an address. The other colons of this run are skipped, so that a long run
		// is examined once, not once per colon. Its digits are still scanned as numbers.
		sc.noIPv6Before = end
		return 0, false
	}
	// A colon written after a label ("addr:2001:db8::1") is not part of the address, but a
	// leading "::" is.
	if s[start] == ':' && (start+1 >= len(s) || s[start+1] != ':') {
		start++
	}
	if start > 0 && isAlnum(s[start-1]) || end < len(s) && isAlnum(s[end]) {
		return 0, false
	}
	for end > start && s[end-1] == '.' {
		end--
	}
	if end-start > 1 && s[end-1] == ':' && s[end-2] != ':' {
		end--
	}

	cand := s[start:end]
	if strings.Count(cand, ":") < 2 || len(strings.Trim(cand, ":")) < 3 {
		return 0, false
	}
	addr, err := netip.ParseAddr(cand)
	if err != nil || !addr.Is6() {
		return 0, false
	}
	sc.out = append(sc.out, span{typ: TypeIPv6, start: start, end: end, conf: 0.9})
	return end, true
}

// plate reports a vehicle plate starting with the province character at i: ordinary plates
// (letter + 5 characters), new-energy plates (letter + 6) and special plates ending in 学, 警,
// 挂, 港, 澳, 使 or 领. A middle dot, space or dash may follow the letter.
func (sc *scanner) plate(i int) (int, bool) {
	s := sc.s
	_, size := utf8.DecodeRuneInString(s[i:])
	j := i + size
	if j >= len(s) || s[j] < 'A' || s[j] > 'Z' || s[j] == 'I' || s[j] == 'O' {
		return 0, false
	}
	j++
	for _, sep := range []string{"·", "•", " ", "-", "."} {
		if strings.HasPrefix(s[j:], sep) {
			j += len(sep)
			break
		}
	}
	k := j
	for k < len(s) && isAlnum(s[k]) {
		k++
	}
	body := s[j:k]
	for x := 0; x < len(body); x++ {
		if body[x] >= 'a' && body[x] <= 'z' || body[x] == 'I' || body[x] == 'O' {
			return 0, false
		}
	}
	if blockedRun(s, j, k) {
		return 0, false
	}

	conf := 0.0
	digits := 0
	for x := 0; x < len(body); x++ {
		if isDigit(body[x]) {
			digits++
		}
	}
	switch {
	case len(body) == 5 && digits >= 3:
		conf = 0.85
	case len(body) == 6 && (body[0] == 'D' || body[0] == 'F') && allDigits(body[2:]):
		conf = 0.9
	case len(body) == 6 && allDigits(body[:5]) && (body[5] == 'D' || body[5] == 'F'):
		conf = 0.9
	case len(body) == 4 && digits >= 3:
		r, rs := utf8.DecodeRuneInString(s[k:])
		if strings.ContainsRune("学警挂港澳使领", r) {
			k += rs
			conf = 0.85
		}
	}
	if conf == 0 {
		return 0, false
	}
	sc.out = append(sc.out, span{typ: TypePlate, start: i, end: k, conf: sc.withContext(TypePlate, i, conf, 0.97)})
	return k, true
}

// birthDate reports a date starting at the digit at i when a birth cue (出生, 生日, DOB...)
// comes shortly before it or the column is hinted as a birth date. Accepted forms: 1990-05-17,
// 1990/5/17, 1990.5.17, 1990年5月17日 and 19900517.
func (sc *scanner) birthDate(i int) (int, bool) {
	s := sc.s
	if i > 0 && isAlnum(s[i-1]) {
		return 0, false
	}
	end, ok := parseDate(s, i)
	if !ok {
		return 0, false
	}
	if sc.hint != TypeBirthDate {
		w := s[max(0, i-24):i]
		found := false
		for _, cue := range sc.t.birthCues {
			if strings.Contains(w, cue) {
				found = true
				break
			}
		}
		if !found {
			return 0, false
		}
	}
	sc.out = append(sc.out, span{typ: TypeBirthDate, start: i, end: end, conf: 0.9})
	return end, true
}

// parseDate parses a full date at i and returns its end.
func parseDate(s string, i int) (int, bool) {
	num := func(j, maxLen int) (int, int) {
		k := j
		for k < len(s) && isDigit(s[k]) && k-j < maxLen {
			k++
		}
		return atoiBytes(s[j:k]), k - j
	}

	y, n := num(i, 8)
	j := i + n
	if n == 8 {
		if j < len(s) && isAlnum(s[j]) {
			return 0, false
		}
		y, m, d := y/10000, y/100%100, y%100
		return j, plausibleBirth(y, m, d)
	}
	if n != 4 {
		return 0, false
	}

	seps := [][2]string{{"-", "-"}, {"/", "/"}, {".", "."}, {"年", "月"}}
	for _, sep := range seps {
		if !strings.HasPrefix(s[j:], sep[0]) {
			continue
		}
		k := j + len(sep[0])
		m, mn := num(k, 2)
		if mn == 0 || !strings.HasPrefix(s[k+mn:], sep[1]) {
			return 0, false
		}
		k += mn + len(sep[1])
		d, dn := num(k, 2)
		if dn == 0 {
			return 0, false
		}
		k += dn
		if sep[0] == "年" && strings.HasPrefix(s[k:], "日") {
			k += len("日")
		} else if k < len(s) && isDigit(s[k]) {
			return 0, false
		}
		return k, plausibleBirth(y, m, d)
	}
	return 0, false
}

func plausibleBirth(y, m, d int) bool {
	return y >= 1900 && y <= 2100 && idcheck.ValidDate(y, m, d)
}
