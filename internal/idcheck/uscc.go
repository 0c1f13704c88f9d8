// Package idcheck validates the check characters of Chinese identifiers:
// unified social credit codes (GB 32100), organization codes (GB 11714),
// resident ID numbers and residence permits (GB 11643) and bank card numbers (Luhn).
package idcheck

import (
	"errors"
	"fmt"
	"strings"
)

// usccAlphabet lists the 31 characters of GB 32100 in value order (I, O, S, V and Z are not used).
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ErrUSCCLength reports a unified social credit code that is not 18 characters long.
var ErrUSCCLength = errors.New("unified social credit code must be 18 characters")

// CheckUSCC validates an 18-character unified social credit code: its alphabet, its own check
// character and the check character of the organization code in characters 9 to 17.
// Lowercase letters are accepted as their uppercase forms.
func CheckUSCC(code string) error {
	code = strings.ToUpper(code)
	if len(code) != 18 {
		return ErrUSCCLength
	}

	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, code[i])
		if v < 0 {
			return fmt.Errorf("character %d %q is not in the GB 32100 alphabet", i+1, code[i])
		}
		sum += v * usccWeights[i]
	}
	want := usccAlphabet[(31-sum%31)%31]
	if code[17] != want {
		return fmt.Errorf("check character is %q, expected %q", code[17], want)
	}

	if err := CheckOrgCode(code[8:17]); err != nil {
		return fmt.Errorf("organization code part: %w", err)
	}
	return nil
}

var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// CheckOrgCode validates a 9-character organization code (GB 11714), given with or without the
// hyphen before its check character ("M000100Y-4" or "M000100Y4").
func CheckOrgCode(code string) error {
	code = strings.ToUpper(code)
	if len(code) == 10 && code[8] == '-' {
		code = code[:8] + code[9:]
	}
	if len(code) != 9 {
		return errors.New("organization code must be 9 characters")
	}

	sum := 0
	for i := 0; i < 8; i++ {
		c := code[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return fmt.Errorf("character %d %q is not a digit or letter", i+1, c)
		}
		sum += v * orgWeights[i]
	}

	var want byte
	switch r := 11 - sum%11; r {
	case 10:
		want = 'X'
	case 11:
		want = '0'
	default:
		want = byte('0' + r)
	}
	if code[8] != want {
		return fmt.Errorf("organization code check character is %q, expected %q", code[8], want)
	}
	return nil
}

// ValidUSCC reports whether CheckUSCC accepts code, without allocating; scanners call it on every
// 18-character run.
func ValidUSCC(code string) bool {
	if len(code) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := usccValue(code[i])
		if v < 0 {
			return false
		}
		sum += v * usccWeights[i]
	}
	if usccValue(code[17]) != (31-sum%31)%31 {
		return false
	}
	return ValidOrgCode(code[8:17])
}

func usccValue(c byte) int {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	return strings.IndexByte(usccAlphabet, c)
}

// ValidOrgCode reports whether CheckOrgCode accepts code, without allocating.
func ValidOrgCode(code string) bool {
	if len(code) == 10 && code[8] == '-' {
		return validOrgCode9(code[:8], code[9])
	}
	if len(code) != 9 {
		return false
	}
	return validOrgCode9(code[:8], code[8])
}

func validOrgCode9(body string, check byte) bool {
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		switch {
		case c >= '0' && c <= '9':
			sum += int(c-'0') * orgWeights[i]
		case c >= 'A' && c <= 'Z':
			sum += (int(c-'A') + 10) * orgWeights[i]
		case c >= 'a' && c <= 'z':
			sum += (int(c-'a') + 10) * orgWeights[i]
		default:
			return false
		}
	}
	if check >= 'a' && check <= 'z' {
		check -= 'a' - 'A'
	}
	switch r := 11 - sum%11; r {
	case 10:
		return check == 'X'
	case 11:
		return check == '0'
	default:
		return check == byte('0'+r)
	}
}
