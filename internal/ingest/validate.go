package ingest

import (
	"bytes"
	"unicode/utf8"
)

// validator checks a byte stream incrementally against one encoding.
type validator interface {
	// feed checks p and returns the index in p of the first byte of an invalid sequence, or -1.
	feed(p []byte) int
	// complete reports whether the stream may end here (no sequence is cut off).
	complete() bool
}

func newValidator(enc string) validator {
	switch enc {
	case EncUTF8:
		return &utf8Validator{}
	case EncUTF16LE:
		return &utf16Validator{little: true}
	case EncUTF16BE:
		return &utf16Validator{}
	case EncGB18030:
		return &gbValidator{gb18030: true}
	case EncGBK:
		return &gbValidator{}
	case EncBig5:
		return &big5Validator{}
	case EncCP1252:
		return cp1252Validator{}
	}
	return nil
}

type utf8Validator struct {
	carry [utf8.UTFMax]byte
	n     int
}

func (v *utf8Validator) feed(p []byte) int {
	// NUL is valid UTF-8 but no database stores it in text, so it counts as invalid.
	if nul := bytes.IndexByte(p, 0); nul >= 0 {
		if i := v.feedText(p[:nul]); i >= 0 {
			return i
		}
		return nul
	}
	return v.feedText(p)
}

func (v *utf8Validator) feedText(p []byte) int {
	start := 0
	if v.n > 0 {
		// Complete the sequence cut off at the end of the previous chunk.
		var buf [utf8.UTFMax]byte
		m := copy(buf[:], v.carry[:v.n])
		m += copy(buf[m:], p)
		if !utf8.FullRune(buf[:m]) {
			v.n = copy(v.carry[:], buf[:m])
			return -1
		}
		r, size := utf8.DecodeRune(buf[:m])
		if r == utf8.RuneError && size <= 1 {
			return 0
		}
		start = size - v.n
		v.n = 0
	}
	rest := p[start:]
	// Hold back a character cut off at the end, so that the fast check gets whole characters.
	tail := len(rest)
	for k := 1; k <= utf8.UTFMax-1 && k <= len(rest); k++ {
		if b := rest[len(rest)-k]; utf8.RuneStart(b) {
			if b >= utf8.RuneSelf && !utf8.FullRune(rest[len(rest)-k:]) {
				tail = len(rest) - k
			}
			break
		}
	}
	if utf8.Valid(rest[:tail]) {
		v.n = copy(v.carry[:], rest[tail:])
		return -1
	}
	i := 0
	for i < len(rest) {
		if rest[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(rest[i:]) {
			v.n = copy(v.carry[:], rest[i:])
			return -1
		}
		r, size := utf8.DecodeRune(rest[i:])
		if r == utf8.RuneError && size == 1 {
			return start + i
		}
		i += size
	}
	return -1
}

func (v *utf8Validator) complete() bool { return v.n == 0 }

type utf16Validator struct {
	little   bool
	odd      []byte
	highSurr bool
}

func (v *utf16Validator) feed(p []byte) int {
	i := 0
	if len(v.odd) == 1 && len(p) > 0 {
		unit := []byte{v.odd[0], p[0]}
		v.odd = v.odd[:0]
		if bad := v.unit(unit); bad {
			return 0
		}
		i = 1
	}
	for ; i+1 < len(p); i += 2 {
		if v.unit(p[i : i+2]) {
			return i
		}
	}
	if i < len(p) {
		v.odd = append(v.odd[:0], p[i])
	}
	return -1
}

// unit checks one 16-bit code unit and reports whether it is invalid.
func (v *utf16Validator) unit(b []byte) bool {
	var u uint16
	if v.little {
		u = uint16(b[0]) | uint16(b[1])<<8
	} else {
		u = uint16(b[1]) | uint16(b[0])<<8
	}
	switch {
	case u == 0:
		return true
	case u >= 0xD800 && u < 0xDC00:
		if v.highSurr {
			return true
		}
		v.highSurr = true
	case u >= 0xDC00 && u < 0xE000:
		if !v.highSurr {
			return true
		}
		v.highSurr = false
	default:
		if v.highSurr {
			return true
		}
	}
	return false
}

func (v *utf16Validator) complete() bool { return len(v.odd) == 0 && !v.highSurr }

// gbValidator checks GBK (two-byte) or GB18030 (two- and four-byte) sequences.
// It also counts two-byte sequences whose trail byte is below 0x80, which are rare in
// simplified Chinese text and common in Big5.
type gbValidator struct {
	gb18030  bool
	state    int // bytes of the current sequence seen
	pairs    int64
	lowTrail int64
}

func (v *gbValidator) feed(p []byte) int {
	for i, c := range p {
		switch v.state {
		case 0:
			if c < 0x80 && c != 0 {
				continue
			}
			if c == 0 || c == 0x80 || c == 0xFF {
				return i
			}
			v.state = 1
		case 1:
			switch {
			case c >= 0x40 && c <= 0xFE && c != 0x7F:
				v.state = 0
				v.pairs++
				if c < 0x80 {
					v.lowTrail++
				}
			case v.gb18030 && c >= 0x30 && c <= 0x39:
				v.state = 2
			default:
				return i
			}
		case 2:
			if c < 0x81 || c > 0xFE {
				return i
			}
			v.state = 3
		case 3:
			if c < 0x30 || c > 0x39 {
				return i
			}
			v.state = 0
		}
	}
	return -1
}

func (v *gbValidator) complete() bool { return v.state == 0 }

type big5Validator struct {
	lead bool
}

func (v *big5Validator) feed(p []byte) int {
	for i, c := range p {
		if !v.lead {
			if c < 0x80 && c != 0 {
				continue
			}
			if c < 0x81 || c == 0xFF {
				return i
			}
			v.lead = true
			continue
		}
		if !(c >= 0x40 && c <= 0x7E) && !(c >= 0xA1 && c <= 0xFE) {
			return i
		}
		v.lead = false
	}
	return -1
}

func (v *big5Validator) complete() bool { return !v.lead }

// cp1252Validator rejects the five bytes that Windows-1252 leaves undefined, and NUL.
type cp1252Validator struct{}

func (cp1252Validator) feed(p []byte) int {
	for i, c := range p {
		switch c {
		case 0x00, 0x81, 0x8D, 0x8F, 0x90, 0x9D:
			return i
		}
	}
	return -1
}

func (cp1252Validator) complete() bool { return true }
