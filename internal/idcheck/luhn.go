package idcheck

import "fmt"

// CheckLuhn validates the Luhn (ISO/IEC 7812) check digit of a card number of 12 to 19 digits.
// Some real Chinese debit cards fail Luhn, so a caller may treat a failure as lower confidence.
func CheckLuhn(number string) error {
	if len(number) < 12 || len(number) > 19 {
		return fmt.Errorf("card number has %d digits, expected 12 to 19", len(number))
	}

	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		c := number[i]
		if c < '0' || c > '9' {
			return fmt.Errorf("card number character %d %q is not a digit", i+1, c)
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	if sum%10 != 0 {
		return fmt.Errorf("card number %s fails the Luhn check", number)
	}
	return nil
}

// ValidLuhn reports whether CheckLuhn accepts number, without building an error; scanners call it
// on every long digit run.
func ValidLuhn(number string) bool {
	if len(number) < 12 || len(number) > 19 {
		return false
	}
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		c := number[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
