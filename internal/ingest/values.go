package ingest

import (
	"fmt"
	"strconv"
)

// Candidate formats a value can match. A column keeps the bits that every one of its values
// matches; the surviving bits decide its type and format.
const (
	fInt         uint32 = 1 << iota // 42, -7, 1,234 (at most 14 digits, no leading zero)
	fNum                            // 3.14, 1,234.5, 1.234,5 with DecimalComma
	fBool                           // true, false in lower, title or upper case
	fYMDDash                        // 2023-01-02, 2023-1-2
	fYMDSlash                       // 2023/1/2
	fYMDCN                          // 2023年1月2日
	fDMYDot                         // 11.5.1998
	fDMYSlash                       // 20/12/2004
	fMDYSlash                       // 12/20/2004
	fDMonY                          // 24 October 2011, 24 Oct 2011
	fYMDCompact                     // 20230102, only when declared
	fDTDash                         // 2023-01-02 15:04:05, 2023-01-02T15:04:05Z
	fDTSlash                        // 2023/1/2 15:04
	fTime                           // 15:04, 15:04:05
	fIntDeclared                    // 007, 123456789012345678: a declared integer may keep leading zeros and 18 digits
)

const (
	dateBits     = fYMDDash | fYMDSlash | fYMDCN | fDMYDot | fDMYSlash | fMDYSlash | fDMonY | fYMDCompact
	datetimeBits = fDTDash | fDTSlash
	inferBits    = fInt | fNum | fBool | dateBits&^fYMDCompact | datetimeBits | fTime
	// textBits are the formats a cell that its source types as text may still match.
	textBits = dateBits | datetimeBits | fTime
)

// maxIntDigits keeps 15- and 18-digit identifiers (and anything beyond a float64's exact range)
// out of integer columns.
const maxIntDigits = 14

// maxSignificantDigits is the precision a float64 keeps exactly.
const maxSignificantDigits = 15

// formatBits maps the Frictionless format strings ingestion reports or accepts to candidate bits.
var formatBits = map[string]uint32{
	"%Y-%m-%d":          fYMDDash,
	"%Y/%m/%d":          fYMDSlash,
	"%Y年%m月%d日":         fYMDCN,
	"%d.%m.%Y":          fDMYDot,
	"%d/%m/%Y":          fDMYSlash,
	"%m/%d/%Y":          fMDYSlash,
	"%d %B %Y":          fDMonY,
	"%Y%m%d":            fYMDCompact,
	"%Y-%m-%dT%H:%M:%S": fDTDash,
	"%Y/%m/%d %H:%M:%S": fDTSlash,
	"%H:%M:%S":          fTime,
}

// matchFormats returns the subset of mask that v matches.
func matchFormats(v []byte, mask uint32, decimalComma bool) uint32 {
	v = trimSpace(v)
	if len(v) == 0 {
		return 0
	}
	var out uint32
	c := v[0]
	numeric := c >= '0' && c <= '9' || c == '-'
	if numeric && mask&fIntDeclared != 0 {
		if _, ok := parseDeclaredInt(v, decimalComma); ok {
			out |= fIntDeclared
		}
	}
	if numeric && mask&(fInt|fNum) != 0 {
		if mask&fInt != 0 {
			if _, ok := parseInt(v, decimalComma); ok {
				out |= fInt
			}
		}
		if mask&fNum != 0 {
			if _, ok := parseNumber(v, decimalComma); ok {
				out |= fNum
			}
		}
	}
	if mask&fBool != 0 {
		if _, ok := parseBool(v); ok {
			out |= fBool
		}
	}
	if c >= '0' && c <= '9' {
		if m := mask & (dateBits | datetimeBits | fTime); m != 0 {
			for bit := fYMDDash; bit <= fTime; bit <<= 1 {
				if m&bit != 0 {
					if _, ok := appendTemporal(nil, v, bit); ok {
						out |= bit
					}
				}
			}
		}
	}
	return out
}

func trimSpace(v []byte) []byte {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	return v
}

// digitsWithSeparators parses an unsigned digit run that may group thousands with sep (0 for none).
// It returns the value's digits appended to dst, the number of bytes consumed and whether the
// grouping was consistent.
func digitsWithSeparators(dst, v []byte, sep byte) ([]byte, int, bool) {
	i, group, grouped := 0, 0, false
	for i < len(v) {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			dst = append(dst, c)
			group++
		case sep != 0 && c == sep && i+1 < len(v) && v[i+1] >= '0' && v[i+1] <= '9':
			if (!grouped && (group < 1 || group > 3)) || (grouped && group != 3) {
				return dst, i, false
			}
			grouped = true
			group = 0
		default:
			return dst, i, !grouped || group == 3
		}
		i++
	}
	return dst, i, !grouped || group == 3
}

func separators(decimalComma bool) (thousands, decimal byte) {
	if decimalComma {
		return '.', ','
	}
	return ',', '.'
}

// parseDeclaredInt parses an integer of a column declared as integer: leading zeros are allowed
// and up to 18 digits, which always fit an int64.
func parseDeclaredInt(v []byte, decimalComma bool) (int64, bool) {
	neg := len(v) > 0 && v[0] == '-'
	if neg {
		v = v[1:]
	}
	for len(v) > 1 && v[0] == '0' {
		v = v[1:]
	}
	if len(v) == 0 || v[0] < '0' || v[0] > '9' {
		return 0, false
	}
	thousands, _ := separators(decimalComma)
	var buf [32]byte
	digits, n, ok := digitsWithSeparators(buf[:0], v, thousands)
	if !ok || n != len(v) || len(digits) > 18 {
		return 0, false
	}
	var x int64
	for _, d := range digits {
		x = x*10 + int64(d-'0')
	}
	if neg {
		x = -x
	}
	return x, true
}

// parseInt parses an integer that keeps no leading zero and has at most maxIntDigits digits.
func parseInt(v []byte, decimalComma bool) (int64, bool) {
	neg := false
	if len(v) > 0 && v[0] == '-' {
		neg = true
		v = v[1:]
	}
	if len(v) == 0 || v[0] < '0' || v[0] > '9' {
		return 0, false
	}
	if len(v) <= maxIntDigits && (v[0] != '0' || len(v) == 1) {
		// Fast path: plain digits.
		var x int64
		i := 0
		for ; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
			x = x*10 + int64(v[i]-'0')
		}
		if i == len(v) {
			if neg {
				if x == 0 {
					return 0, false
				}
				x = -x
			}
			return x, true
		}
	}
	thousands, _ := separators(decimalComma)
	var buf [32]byte
	digits, n, ok := digitsWithSeparators(buf[:0], v, thousands)
	if !ok || n != len(v) || len(digits) > maxIntDigits || len(digits) == 0 {
		return 0, false
	}
	if digits[0] == '0' && len(digits) > 1 {
		return 0, false
	}
	var x int64
	for _, d := range digits {
		x = x*10 + int64(d-'0')
	}
	if neg {
		if x == 0 {
			return 0, false
		}
		x = -x
	}
	return x, true
}

// pow10 holds the powers of ten that a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
	1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNumber parses a decimal number without exponent, keeping no leading zero before the
// decimal mark except a single one, and at most maxSignificantDigits significant digits.
// With at most 15 significant digits the mantissa is below 2^53, so dividing it by an exact
// power of ten gives the correctly rounded value without strconv.
func parseNumber(v []byte, decimalComma bool) (float64, bool) {
	neg := false
	if len(v) > 0 && v[0] == '-' {
		neg = true
		v = v[1:]
	}
	if len(v) == 0 || v[0] < '0' || v[0] > '9' {
		return 0, false
	}
	thousands, decimal := separators(decimalComma)
	var buf [32]byte
	intDigits, n, ok := digitsWithSeparators(buf[:0], v, thousands)
	if !ok || len(intDigits) > 20 {
		return 0, false
	}
	if len(intDigits) > 1 && intDigits[0] == '0' {
		return 0, false
	}
	v = v[n:]
	if len(v) == 0 && len(intDigits) > maxIntDigits {
		// A long digit run without a fraction is an identifier, not a quantity.
		return 0, false
	}

	var mant uint64
	sig := 0
	for _, d := range intDigits {
		mant = mant*10 + uint64(d-'0')
		if mant > 0 {
			sig++
		}
	}
	scale := 0
	if len(v) > 0 {
		if v[0] != decimal || len(v) == 1 {
			return 0, false
		}
		frac := v[1:]
		for _, c := range frac {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		for len(frac) > 0 && frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		for _, c := range frac {
			mant = mant*10 + uint64(c-'0')
			if mant > 0 {
				sig++
			}
			if sig > maxSignificantDigits {
				return 0, false
			}
		}
		scale = len(frac)
	}
	if sig > maxSignificantDigits {
		return 0, false
	}
	var f float64
	if scale < len(pow10) {
		f = float64(mant) / pow10[scale]
	} else {
		x, err := strconv.ParseFloat(fmt.Sprintf("%de-%d", mant, scale), 64)
		if err != nil {
			return 0, false
		}
		f = x
	}
	if neg {
		f = -f
	}
	return f, true
}

func parseBool(v []byte) (bool, bool) {
	switch string(v) {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}
