package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// gen produces invented identifiers. Check characters are computed here independently of
// internal/idcheck so that the corpus also cross-checks the validators.
type gen struct{ r *rand.Rand }

func (g gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g gen) digits(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}

// areaCodes mixes codes listed in the engine's divisions file, codes of known provinces that are
// not listed, and abolished codes.
var areaCodes = []string{"110105", "110108", "310115", "440305", "330106", "510107", "420106", "370202", "130102", "513621", "320583", "610113", "350203", "440106"}

func (g gen) birth(minYear, maxYear int) (int, int, int) {
	y := minYear + g.r.IntN(maxYear-minYear+1)
	m := 1 + g.r.IntN(12)
	days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return y, m, 1 + g.r.IntN(days)
}

func idCheck(body string) byte {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * w[i]
	}
	return "10X98765432"[sum%11]
}

// residentID returns a valid 18-character ID with the given area code.
func (g gen) residentID(area string) string {
	y, m, d := g.birth(1930, 2015)
	body := fmt.Sprintf("%s%04d%02d%02d%s", area, y, m, d, g.digits(3))
	id := body + string(idCheck(body))
	if strings.HasSuffix(id, "X") && g.r.IntN(2) == 0 {
		id = strings.TrimSuffix(id, "X") + "x"
	}
	return id
}

// badID returns an 18-character number that fails: a wrong check character or an impossible date.
func (g gen) badID() string {
	if g.r.IntN(2) == 0 {
		id := g.residentID(g.pick(areaCodes))
		c := id[17]
		for c == id[17] || c == 'x' && id[17] == 'X' || c == 'X' && id[17] == 'x' {
			c = "0123456789X"[g.r.IntN(11)]
		}
		return id[:17] + string(c)
	}
	bad := []string{"0230", "0231", "0431", "1301", "0015", "0229"}
	y := 1950 + g.r.IntN(40)
	if y%4 == 0 {
		y++
	}
	body := fmt.Sprintf("%s%04d%s%s", g.pick(areaCodes), y, g.pick(bad), g.digits(3))
	return body + string(idCheck(body))
}

func (g gen) legacyID() string {
	y, m, d := g.birth(1930, 1999)
	return fmt.Sprintf("%s%02d%02d%02d%s", g.pick(areaCodes[:9]), y%100, m, d, g.digits(3))
}

func (g gen) permit() string {
	y, m, d := g.birth(1950, 2010)
	body := fmt.Sprintf("%s%04d%02d%02d%s", g.pick([]string{"810000", "820000", "830000"}), y, m, d, g.digits(3))
	return body + string(idCheck(body))
}

func (g gen) foreignerPR() string {
	y, m, d := g.birth(1950, 2010)
	body := fmt.Sprintf("9%s%03d%04d%02d%02d%s", g.pick([]string{"11", "31", "44"}), 100+g.r.IntN(800), y, m, d, g.digits(3))
	return body + string(idCheck(body))
}

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

func orgCheck(body string) byte {
	w := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w[i]
	}
	switch r := 11 - sum%11; r {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + r)
	}
}

func (g gen) orgBody() string {
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if g.r.IntN(4) == 0 {
			b.WriteByte("ABCDEFGHJKLMNPQRTUWXY"[g.r.IntN(21)])
		} else {
			b.WriteByte(byte('0' + g.r.IntN(10)))
		}
	}
	return b.String()
}

// orgCode returns a valid organization code written with its hyphen.
func (g gen) orgCode() string {
	body := g.orgBody()
	return body + "-" + string(orgCheck(body))
}

func (g gen) uscc() string {
	body := g.pick([]string{"91", "92", "11", "12", "51", "52", "Y1"}) + g.pick(areaCodes[:9])
	org := g.orgBody()
	body += org + string(orgCheck(org))
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, body[i]) * w[i]
	}
	return body + string(usccAlphabet[(31-sum%31)%31])
}

func (g gen) badUSCC() string {
	c := g.uscc()
	last := c[17]
	for last == c[17] {
		last = usccAlphabet[g.r.IntN(31)]
	}
	return c[:17] + string(last)
}

func luhnDigit(body string) byte {
	sum := 0
	double := true
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

func (g gen) bankCard() string {
	prefix := g.pick([]string{"621700", "622202", "622848", "623668", "411111", "524011", "625800"})
	n := 16
	if g.r.IntN(3) == 0 {
		n = 19
	}
	body := prefix + g.digits(n-1-len(prefix))
	return body + string(luhnDigit(body))
}

// groupCard writes a card number in groups of four separated by sep.
func groupCard(card, sep string) string {
	var parts []string
	for i := 0; i < len(card); i += 4 {
		parts = append(parts, card[i:min(i+4, len(card))])
	}
	return strings.Join(parts, sep)
}

var mobilePrefixes = []string{"130", "133", "135", "138", "139", "150", "152", "158", "166", "177", "180", "186", "189", "191", "199"}

func (g gen) mobile() string { return g.pick(mobilePrefixes) + g.digits(8) }

func (g gen) landline() (plain, typed string) {
	area := g.pick([]string{"010", "021", "020", "0755", "0571", "028", "0512", "025"})
	sub := string(byte('2'+g.r.IntN(7))) + g.digits(7)
	switch g.r.IntN(3) {
	case 0:
		return area + sub, area + "-" + sub
	case 1:
		return area + sub, "(" + area + ")" + sub
	default:
		return area + sub, area + " " + sub
	}
}

func (g gen) plate() string {
	prov := g.pick([]string{"京", "沪", "粤", "浙", "苏", "川", "鄂", "鲁", "闽", "渝"})
	letter := string("ABCDEFGHJKLMN"[g.r.IntN(13)])
	switch g.r.IntN(3) {
	case 0:
		return prov + letter + g.pick([]string{"D", "F"}) + string("ABCDEFGHJK"[g.r.IntN(10)]) + g.digits(4)
	case 1:
		return prov + letter + "·" + g.digits(5)
	default:
		return prov + letter + string("ABCDEFGHJKLMNPQRSTUVWXYZ"[g.r.IntN(24)]) + g.digits(4)
	}
}

// fullWidth converts ASCII letters and digits to their full-width forms.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '!' && r <= '~' {
			r = r - '!' + 0xFF01
		}
		b.WriteRune(r)
	}
	return b.String()
}

// badLuhn appends a check digit that fails Luhn.
func badLuhn(body string) string {
	d := luhnDigit(body)
	return body + string('0'+(d-'0'+1)%10)
}
