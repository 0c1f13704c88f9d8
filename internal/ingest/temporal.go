package ingest

// number reads an unsigned run of 1 to max digits and returns it with the rest of v.
func number(v []byte, min, max int) (int, []byte, bool) {
	n, i := 0, 0
	for i < len(v) && i < max && v[i] >= '0' && v[i] <= '9' {
		n = n*10 + int(v[i]-'0')
		i++
	}
	if i < min || (i < len(v) && i == max && v[i] >= '0' && v[i] <= '9') {
		return 0, v, false
	}
	return n, v[i:], true
}

func expect(v []byte, s string) ([]byte, bool) {
	if len(v) < len(s) || string(v[:len(s)]) != s {
		return v, false
	}
	return v[len(s):], true
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// monthName reads an English month name or its three-letter abbreviation.
func monthName(v []byte) (int, []byte, bool) {
	i := 0
	for i < len(v) && (v[i] >= 'a' && v[i] <= 'z' || v[i] >= 'A' && v[i] <= 'Z') {
		i++
	}
	word := v[:i]
	if len(word) < 3 {
		return 0, v, false
	}
	var lower [16]byte
	if len(word) > len(lower) {
		return 0, v, false
	}
	for j, c := range word {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[j] = c
	}
	w := string(lower[:len(word)])
	for m, name := range monthNames {
		if w == name || (len(w) == 3 && name[:3] == w) {
			return m + 1, v[i:], true
		}
	}
	return 0, v, false
}

var daysInMonth = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func validDate(y, m, d int) bool {
	if y < 1 || m < 1 || m > 12 || d < 1 {
		return false
	}
	if m == 2 && d == 29 {
		return y%4 == 0 && (y%100 != 0 || y%400 == 0)
	}
	return d <= daysInMonth[m]
}

// numberTriple reads three digit runs of the given lengths (minimum, maximum) separated by
// sep1 and sep2, as in 2023-1-2 or 2023年1月2.
func numberTriple(v []byte, w1, w2, w3 [2]int, sep1, sep2 string) (a, b, c int, rest []byte, ok bool) {
	if a, rest, ok = number(v, w1[0], w1[1]); !ok {
		return
	}
	if rest, ok = expect(rest, sep1); !ok {
		return
	}
	if b, rest, ok = number(rest, w2[0], w2[1]); !ok {
		return
	}
	if rest, ok = expect(rest, sep2); !ok {
		return
	}
	c, rest, ok = number(rest, w3[0], w3[1])
	return
}

var (
	yearDigits  = [2]int{4, 4}
	shortDigits = [2]int{1, 2}
)

// appendTemporal parses v in the single format bit and appends its ISO 8601 form
// (2006-01-02, 2006-01-02T15:04:05 with any fraction and zone, or 15:04:05) to dst.
func appendTemporal(dst, v []byte, bit uint32) ([]byte, bool) {
	var y, m, d int
	var ok bool
	rest := v
	switch bit {
	case fYMDDash, fYMDSlash, fDTDash, fDTSlash:
		sep := "-"
		if bit == fYMDSlash || bit == fDTSlash {
			sep = "/"
		}
		if y, m, d, rest, ok = numberTriple(rest, yearDigits, shortDigits, shortDigits, sep, sep); !ok || !validDate(y, m, d) {
			return dst, false
		}
		if bit == fYMDDash || bit == fYMDSlash {
			if len(rest) != 0 {
				return dst, false
			}
			return appendDate(dst, y, m, d), true
		}
		if len(rest) == 0 {
			// A date alone is midnight, so columns mixing dates and datetimes become datetimes.
			dst = appendDate(dst, y, m, d)
			return append(dst, "T00:00:00"...), true
		}
		if (rest[0] != ' ' && rest[0] != 'T') || (bit == fDTSlash && rest[0] != ' ') {
			return dst, false
		}
		dst = appendDate(dst, y, m, d)
		dst = append(dst, 'T')
		return appendClock(dst, rest[1:], bit == fDTDash)
	case fYMDCN:
		if y, m, d, rest, ok = numberTriple(rest, yearDigits, shortDigits, shortDigits, "年", "月"); !ok {
			return dst, false
		}
		if rest, ok = expect(rest, "日"); !ok || len(rest) != 0 {
			return dst, false
		}
	case fDMYDot, fDMYSlash, fMDYSlash:
		sep := "/"
		if bit == fDMYDot {
			sep = "."
		}
		var a, b int
		if a, b, y, rest, ok = numberTriple(rest, shortDigits, shortDigits, yearDigits, sep, sep); !ok || len(rest) != 0 {
			return dst, false
		}
		d, m = a, b
		if bit == fMDYSlash {
			d, m = b, a
		}
	case fDMonY:
		if d, rest, ok = number(rest, 1, 2); !ok {
			return dst, false
		}
		if rest, ok = expect(rest, " "); !ok {
			return dst, false
		}
		if m, rest, ok = monthName(rest); !ok {
			return dst, false
		}
		if rest, ok = expect(rest, " "); !ok {
			return dst, false
		}
		if y, rest, ok = number(rest, 4, 4); !ok || len(rest) != 0 {
			return dst, false
		}
	case fYMDCompact:
		if len(rest) != 8 {
			return dst, false
		}
		for _, c := range rest {
			if c < '0' || c > '9' {
				return dst, false
			}
		}
		y = int(rest[0]-'0')*1000 + int(rest[1]-'0')*100 + int(rest[2]-'0')*10 + int(rest[3]-'0')
		m = int(rest[4]-'0')*10 + int(rest[5]-'0')
		d = int(rest[6]-'0')*10 + int(rest[7]-'0')
	case fTime:
		return appendClock(dst, rest, false)
	default:
		return dst, false
	}
	if !validDate(y, m, d) {
		return dst, false
	}
	return appendDate(dst, y, m, d), true
}

func appendDate(dst []byte, y, m, d int) []byte {
	dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	dst = append(dst, byte('0'+m/10), byte('0'+m%10), '-')
	return append(dst, byte('0'+d/10), byte('0'+d%10))
}

// appendClock parses H:MM[:SS[.fff]] and, when zone is true, an optional Z or ±HH:MM.
func appendClock(dst, v []byte, zone bool) ([]byte, bool) {
	h, rest, ok := number(v, 1, 2)
	if !ok || h > 23 {
		return dst, false
	}
	if rest, ok = expect(rest, ":"); !ok {
		return dst, false
	}
	mi, rest, ok := number(rest, 2, 2)
	if !ok || mi > 59 {
		return dst, false
	}
	s := 0
	if len(rest) > 0 && rest[0] == ':' {
		if s, rest, ok = number(rest[1:], 2, 2); !ok || s > 59 {
			return dst, false
		}
	}
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10))
	if len(rest) > 1 && rest[0] == '.' {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return dst, false
		}
		dst = append(dst, rest[:i]...)
		rest = rest[i:]
	}
	if len(rest) == 0 {
		return dst, true
	}
	if !zone {
		return dst, false
	}
	if len(rest) == 1 && rest[0] == 'Z' {
		return append(dst, 'Z'), true
	}
	if len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' {
		oh, _, ok1 := number(rest[1:3], 2, 2)
		om, _, ok2 := number(rest[4:6], 2, 2)
		if ok1 && ok2 && oh <= 14 && om <= 59 {
			return append(dst, rest...), true
		}
	}
	return dst, false
}
