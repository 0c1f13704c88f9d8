// Package masking transforms sensitive values for consumers who are not granted the clear value.
//
// Every operator works on Unicode characters (runes), never on bytes, so its output is always
// valid UTF-8. Apply fails closed: an operator that does not validate masks the whole value with
// the fixed mask instead of returning it.
package masking

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Operator kinds.
const (
	KindKeep       = "keep"       // keep the first First and the last Last characters, mask the rest
	KindPreset     = "preset"     // a standard display convention such as phone 3+4
	KindFixed      = "fixed"      // a mask of fixed length that does not reveal the original length
	KindGeneralize = "generalize" // address to district, date to year or month, age to band
	KindHMAC       = "hmac"       // keyed pseudonym, stable per key
	KindRedact     = "redact"     // replace with the redaction marker
	KindNull       = "null"       // replace with SQL NULL (Apply returns "")
	KindClear      = "clear"      // no masking; only for consumers granted the clear value
)

// Hash suites for the hmac operator.
const (
	SuiteInternational = "sha256" // HMAC-SHA256, the default
	SuiteNational      = "sm3"    // HMAC-SM3 (GB/T 32905), for deployments on the Chinese national suite
)

// RedactedMarker replaces a value redacted by the redact operator.
const RedactedMarker = "[REDACTED]"

// DefaultFixedLength is the length of a fixed mask when Operator.Length is zero.
const DefaultFixedLength = 6

// maxFixedLength bounds Operator.Length and Operator.First/Last so that a profile cannot make a
// single value expand to megabytes.
const maxFixedLength = 64

// Operator is one masking rule. The zero value is not valid; Kind is required.
type Operator struct {
	Kind   string `json:"kind"`
	First  int    `json:"first,omitempty"`
	Last   int    `json:"last,omitempty"`
	Preset string `json:"preset,omitempty"` // for preset: see Presets
	Level  string `json:"level,omitempty"`  // for generalize: "district", "city", "province", "year", "month", "age_band"
	Char   string `json:"char,omitempty"`   // mask character, default "*"
	Length int    `json:"length,omitempty"` // for fixed, default DefaultFixedLength
	// Suite selects the hash of the hmac operator: SuiteInternational (the default when empty)
	// or SuiteNational.
	Suite string `json:"suite,omitempty"`
}

// ErrEmptyKey reports an hmac operator applied without a key. An unkeyed hash of an identifier is
// no protection because the whole identifier space can be enumerated.
var ErrEmptyKey = errors.New("masking: hmac operator needs a non-empty key from the configuration")

// Validate reports the first problem with the operator, naming the field and the accepted values.
func (o Operator) Validate() error {
	if o.Char != "" {
		r, size := utf8.DecodeRuneInString(o.Char)
		if r == utf8.RuneError || size != len(o.Char) || !unicode.IsGraphic(r) || unicode.IsSpace(r) {
			return fmt.Errorf("masking: char %q must be one printable character such as \"*\"", o.Char)
		}
	}

	switch o.Kind {
	case KindKeep:
		if o.First < 0 || o.Last < 0 || o.First > maxFixedLength || o.Last > maxFixedLength {
			return fmt.Errorf("masking: keep first=%d last=%d must each be between 0 and %d", o.First, o.Last, maxFixedLength)
		}
	case KindPreset:
		if _, ok := presets[o.Preset]; !ok {
			return fmt.Errorf("masking: unknown preset %q; use one of %v", o.Preset, Presets())
		}
	case KindFixed:
		if o.Length < 0 || o.Length > maxFixedLength {
			return fmt.Errorf("masking: fixed length %d must be between 1 and %d (0 means %d)", o.Length, maxFixedLength, DefaultFixedLength)
		}
	case KindGeneralize:
		if _, ok := generalizers[o.Level]; !ok {
			return fmt.Errorf("masking: unknown generalize level %q; use one of %v", o.Level, generalizeLevels())
		}
	case KindHMAC:
		if o.Suite != "" && o.Suite != SuiteInternational && o.Suite != SuiteNational {
			return fmt.Errorf("masking: unknown hmac suite %q; use %q or %q", o.Suite, SuiteInternational, SuiteNational)
		}
	case KindRedact, KindNull, KindClear:
	case "":
		return errors.New("masking: operator kind is missing; use one of keep, preset, fixed, generalize, hmac, redact, null, clear")
	default:
		return fmt.Errorf("masking: unknown operator kind %q; use one of keep, preset, fixed, generalize, hmac, redact, null, clear", o.Kind)
	}
	return nil
}

// Masks reports whether the operator hides the clear value, that is, whether it is anything but clear.
func (o Operator) Masks() bool { return o.Kind != KindClear }

// Apply masks value. key is used only by the hmac operator.
//
// Apply never returns value unchanged for an operator other than clear, except when value is
// empty or consists only of the mask character (then it already reveals nothing). An invalid
// operator, or hmac without a key, yields the fixed mask. The null operator returns "" and the
// caller writes SQL NULL in its place.
func (o Operator) Apply(value string, key []byte) string {
	out, err := o.Mask(value, key)
	if err != nil {
		return fixedMask(o.maskRune(), DefaultFixedLength)
	}
	return out
}

// Mask is Apply with the error: it returns an error for an invalid operator or for hmac without key.
func (o Operator) Mask(value string, key []byte) (string, error) {
	if err := o.Validate(); err != nil {
		return "", err
	}
	if !utf8.ValidString(value) {
		value = toValidUTF8(value)
	}

	var out string
	switch o.Kind {
	case KindClear:
		return value, nil
	case KindNull:
		return "", nil
	case KindRedact:
		out = RedactedMarker
	case KindFixed:
		n := o.Length
		if n == 0 {
			n = DefaultFixedLength
		}
		out = fixedMask(o.maskRune(), n)
	case KindKeep:
		out = keepEnds(value, o.First, o.Last, o.maskRune())
	case KindPreset:
		out = presets[o.Preset](value, o.maskRune())
	case KindGeneralize:
		out = generalizers[o.Level](value)
	case KindHMAC:
		p, err := pseudonym(o.Suite, value, key)
		if err != nil {
			return "", err
		}
		out = p
	}

	if out == value && !onlyRune(value, o.maskRune()) {
		// A generalization that cannot make the value coarser, or a keep that would reveal
		// everything, must still hide it.
		out = fixedMask(o.maskRune(), DefaultFixedLength)
	}
	return out, nil
}

func (o Operator) maskRune() rune {
	if o.Char == "" {
		return '*'
	}
	r, _ := utf8.DecodeRuneInString(o.Char)
	return r
}

func fixedMask(r rune, n int) string {
	b := make([]rune, n)
	for i := range b {
		b[i] = r
	}
	return string(b)
}

func onlyRune(s string, r rune) bool {
	if s == "" {
		return true
	}
	for _, c := range s {
		if c != r {
			return false
		}
	}
	return true
}

func toValidUTF8(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, r)
	}
	return string(b)
}
