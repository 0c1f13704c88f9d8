package idcheck

import (
	"errors"
	"fmt"
	"time"
)

// IDKind is the kind of document an 18-character GB 11643 number belongs to.
type IDKind int

// Document kinds sharing the GB 11643 layout and check character.
const (
	KindResident        IDKind = iota // resident identity card of the mainland
	KindResidencePermit               // residence permit for Hong Kong, Macau or Taiwan residents (area 810000, 820000, 830000)
	KindForeignerPR                   // 2023 permanent residence identity card for foreigners (first digit 9)
)

// String returns the information type name used by the dlp engine.
func (k IDKind) String() string {
	switch k {
	case KindResidencePermit:
		return "residence_permit"
	case KindForeignerPR:
		return "foreigner_pr"
	default:
		return "id_card"
	}
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckTable = "10X98765432"

// Errors returned by the resident ID checks.
var (
	ErrIDLength = errors.New("resident ID must be 18 characters, or 15 digits for the legacy form")
	ErrIDDate   = errors.New("resident ID birth date is not a real calendar date")
)

// CheckResidentID18 validates an 18-character number in the GB 11643 layout: 17 digits, a birth
// date in characters 7 to 14 that is a real date not in the future, and the ISO 7064 MOD 11-2
// check character. A lowercase x is accepted as X. It returns the kind of document; unknown area
// codes are not rejected because old IDs keep abolished codes.
func CheckResidentID18(id string) (IDKind, error) {
	if len(id) != 18 {
		return 0, ErrIDLength
	}

	for i := 0; i < 17; i++ {
		if c := id[i]; c < '0' || c > '9' {
			return 0, fmt.Errorf("resident ID character %d %q is not a digit", i+1, c)
		}
	}
	if err := checkBirthDate(id[6:14]); err != nil {
		return 0, err
	}

	last := id[17]
	if last == 'x' {
		last = 'X'
	}
	if want := ResidentIDCheckChar(id[:17]); last != want {
		return 0, fmt.Errorf("resident ID check character is %q, expected %q", id[17], want)
	}

	switch {
	case id[0] == '9':
		return KindForeignerPR, nil
	case id[:6] == "810000" || id[:6] == "820000" || id[:6] == "830000":
		return KindResidencePermit, nil
	default:
		return KindResident, nil
	}
}

// ResidentIDCheckChar returns the ISO 7064 MOD 11-2 check character of the first 17 digits of a
// resident ID number (GB 11643). body must hold 17 ASCII digits.
func ResidentIDCheckChar(body string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return idCheckTable[sum%11]
}

// CheckResidentID15 validates the legacy 15-digit resident ID: 15 digits with a birth date
// YYMMDD (in the 1900s) in digits 7 to 12. The legacy form has no check character.
func CheckResidentID15(id string) error {
	if len(id) != 15 {
		return ErrIDLength
	}
	for i := 0; i < 15; i++ {
		if id[i] < '0' || id[i] > '9' {
			return fmt.Errorf("resident ID character %d %q is not a digit", i+1, id[i])
		}
	}
	return checkBirthDate("19" + id[6:12])
}

// UpgradeResidentID15 converts a legacy 15-digit ID to the 18-character form: it inserts 19
// before the birth year and appends the check character.
func UpgradeResidentID15(id string) (string, error) {
	if err := CheckResidentID15(id); err != nil {
		return "", err
	}

	body := id[:6] + "19" + id[6:]
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(body[i]-'0') * idWeights[i]
	}
	return body + string(idCheckTable[sum%11]), nil
}

// checkBirthDate validates an 8-digit YYYYMMDD date: a real calendar date from 1850 on and not
// after today.
func checkBirthDate(d string) error {
	y := atoi(d[0:4])
	m := atoi(d[4:6])
	day := atoi(d[6:8])
	if y < 1850 || m < 1 || m > 12 || day < 1 || day > daysIn(y, m) {
		return fmt.Errorf("%w: %s", ErrIDDate, d)
	}
	if time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC).After(time.Now()) {
		return fmt.Errorf("%w: %s is in the future", ErrIDDate, d)
	}
	return nil
}

// ValidDate reports whether year, month and day form a real Gregorian calendar date.
func ValidDate(year, month, day int) bool {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	default:
		return 31
	}
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// provinces lists the two-digit province codes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macau,
// 83 the residence-permit code for Taiwan residents).
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// KnownProvince reports whether a two-digit code is a GB/T 2260 province code.
func KnownProvince(code string) bool { return provinces[code] }

// ResidentID18Kind reports whether CheckResidentID18 accepts id and its kind, without building an
// error for a rejected value.
func ResidentID18Kind(id string) (IDKind, bool) {
	if len(id) != 18 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := id[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * idWeights[i]
	}
	last := id[17]
	if last == 'x' {
		last = 'X'
	}
	if last != idCheckTable[sum%11] {
		return 0, false
	}
	kind, err := CheckResidentID18(id)
	return kind, err == nil
}
