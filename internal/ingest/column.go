package ingest

import (
	"bytes"
	"hash/maphash"
	"math"
	"math/bits"
	"strconv"
)

// Profile summarizes the values of a column.
type Profile struct {
	Count     int64  `json:"count"`     // non-null values
	Nulls     int64  `json:"nulls"`     // null (empty or declared missing) values
	Distinct  int64  `json:"distinct"`  // exact up to 1,024, then a HyperLogLog estimate (about 2% error)
	Min       string `json:"min"`       // smallest value in the column's type, as Scan returns it
	Max       string `json:"max"`       // largest value in the column's type, as Scan returns it
	MaxLength int    `json:"maxLength"` // maximum length of a value in characters
}

// cellKind is the storage type that a typed source (a workbook or JSON) gave a cell.
type cellKind uint8

const (
	kindAny  cellKind = iota // delimited text: the value alone decides
	kindText                 // stored as text: may still be a date or time, never a number
)

const hllBits = 11

var hashSeed = maphash.MakeSeed()

// colStats accumulates what analysis learns about one column.
type colStats struct {
	mask   uint32 // candidate format bits every value so far matches
	count  int64
	nulls  int64
	maxLen int

	strMin, strMax []byte
	numMin, numMax float64
	intMin, intMax int64 // exact bounds of integer values, which float64 rounds beyond 2^53
	hasInt         bool
	tmin, tmax     [14][]byte // per temporal bit, canonical ISO form
	sawTrue        bool
	sawFalse       bool
	hll            [1 << hllBits]uint8
	exact          exactSet
	scratch        []byte
}

func newColStats(mask uint32) *colStats {
	return &colStats{mask: mask, numMin: math.Inf(1), numMax: math.Inf(-1)}
}

// observe records a non-null value.
func (c *colStats) observe(v []byte, kind cellKind, decimalComma bool) {
	c.count++

	// The kind joins the hash, because the same text stored as text or as a number may type
	// differently.
	h := maphash.Bytes(hashSeed, v) ^ uint64(kind)*0x9E3779B97F4A7C15
	if c.exact.full {
		c.hllAdd(h)
	} else {
		if !c.exact.add(h) {
			// A value seen before changes neither the bounds nor the candidate types.
			return
		}
		if c.exact.n >= exactMax {
			// Too many distinct values to count exactly: estimate from here on.
			for _, s := range c.exact.slots {
				if s != 0 {
					c.hllAdd(s)
				}
			}
			c.exact.full, c.exact.slots = true, nil
		}
	}

	if len(v) > c.maxLen {
		if n := countRunes(v); n > c.maxLen {
			c.maxLen = n
		}
	}

	if c.count == 1 || bytes.Compare(v, c.strMin) < 0 {
		c.strMin = append(c.strMin[:0], v...)
	}
	if c.count == 1 || bytes.Compare(v, c.strMax) > 0 {
		c.strMax = append(c.strMax[:0], v...)
	}

	if c.mask == 0 {
		return
	}
	if kind == kindText {
		c.mask &= textBits
	}
	t := trimSpace(v)
	mask := c.mask
	if mask&(fInt|fNum) != 0 {
		matched := false
		if mask&fInt != 0 {
			if x, ok := parseInt(t, decimalComma); ok {
				c.integer(x)
				matched = true
			} else {
				c.mask &^= fInt
			}
		}
		// Every integer that parseInt accepts is also a number.
		if mask&fNum != 0 && !matched {
			if x, ok := parseNumber(t, decimalComma); ok {
				c.number(x)
			} else {
				c.mask &^= fNum
			}
		}
	}
	if mask&fIntDeclared != 0 {
		if x, ok := parseDeclaredInt(t, decimalComma); ok {
			c.integer(x)
		} else {
			c.mask &^= fIntDeclared
		}
	}
	if mask&fBool != 0 {
		if b, ok := parseBool(t); ok {
			if b {
				c.sawTrue = true
			} else {
				c.sawFalse = true
			}
		} else {
			c.mask &^= fBool
		}
	}
	if m := mask & (dateBits | datetimeBits | fTime); m != 0 {
		for i := 3; i < 14; i++ {
			bit := uint32(1) << i
			if m&bit == 0 {
				continue
			}
			var ok bool
			c.scratch, ok = appendTemporal(c.scratch[:0], t, bit)
			if !ok {
				c.mask &^= bit
				continue
			}
			if c.tmin[i] == nil || bytes.Compare(c.scratch, c.tmin[i]) < 0 {
				c.tmin[i] = append(c.tmin[i][:0], c.scratch...)
			}
			if c.tmax[i] == nil || bytes.Compare(c.scratch, c.tmax[i]) > 0 {
				c.tmax[i] = append(c.tmax[i][:0], c.scratch...)
			}
		}
	}
}

func (c *colStats) integer(x int64) {
	if !c.hasInt || x < c.intMin {
		c.intMin = x
	}
	if !c.hasInt || x > c.intMax {
		c.intMax = x
	}
	c.hasInt = true
	c.number(float64(x))
}

func (c *colStats) hllAdd(h uint64) {
	idx := h >> (64 - hllBits)
	rank := uint8(bits.LeadingZeros64(h<<hllBits|1<<(hllBits-1)) + 1)
	if rank > c.hll[idx] {
		c.hll[idx] = rank
	}
}

func (c *colStats) number(x float64) {
	if x < c.numMin {
		c.numMin = x
	}
	if x > c.numMax {
		c.numMax = x
	}
}

// countRunes counts the characters of UTF-8 text by its bytes that do not continue a character.
func countRunes(v []byte) int {
	n := 0
	for _, b := range v {
		if b&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// distinct counts distinct values exactly up to exactMax and estimates them from the
// HyperLogLog registers beyond.
func (c *colStats) distinct() int64 {
	if !c.exact.full {
		return int64(c.exact.n)
	}
	const m = 1 << hllBits
	sum, zeros := 0.0, 0
	for _, r := range c.hll {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	alpha := 0.7213 / (1 + 1.079/m)
	est := alpha * m * m / sum
	if est <= 2.5*m && zeros > 0 {
		est = m * math.Log(float64(m)/float64(zeros))
	}
	d := int64(math.Round(est))
	if d > c.count {
		d = c.count
	}
	return d
}

// decision is the type and format chosen for a column.
type decision struct {
	typ       Type
	bit       uint32 // the single format bit for temporal types, fInt, fNum or fBool
	format    string
	ambiguous bool // dates fit both day/month orders
}

// temporalOrder lists temporal format bits by preference when several survive.
var temporalOrder = []uint32{fYMDDash, fYMDSlash, fYMDCN, fDMYDot, fDMonY, fDMYSlash, fMDYSlash, fYMDCompact}

// decide picks the column type from the surviving bits.
func decide(mask uint32, count int64) decision {
	if count == 0 || mask == 0 {
		return decision{typ: TypeString}
	}
	switch {
	case mask&fInt != 0:
		return decision{typ: TypeInteger, bit: fInt}
	case mask&fNum != 0:
		return decision{typ: TypeNumber, bit: fNum}
	case mask&fBool != 0:
		return decision{typ: TypeBoolean, bit: fBool}
	}
	if mask&fDMYSlash != 0 && mask&fMDYSlash != 0 && mask&(dateBits&^(fDMYSlash|fMDYSlash)) == 0 {
		return decision{typ: TypeString, ambiguous: true}
	}
	for _, bit := range temporalOrder {
		if mask&bit != 0 {
			return decision{typ: TypeDate, bit: bit, format: formatName(bit)}
		}
	}
	switch {
	case mask&fDTDash != 0:
		return decision{typ: TypeDatetime, bit: fDTDash, format: formatName(fDTDash)}
	case mask&fDTSlash != 0:
		return decision{typ: TypeDatetime, bit: fDTSlash, format: formatName(fDTSlash)}
	case mask&fTime != 0:
		return decision{typ: TypeTime, bit: fTime, format: formatName(fTime)}
	}
	return decision{typ: TypeString}
}

func formatName(bit uint32) string {
	for name, b := range formatBits {
		if b == bit {
			return name
		}
	}
	return ""
}

// profile returns the column profile for the decided type.
func (c *colStats) profile(d decision) Profile {
	p := Profile{Count: c.count, Nulls: c.nulls, Distinct: c.distinct(), MaxLength: c.maxLen}
	if c.count == 0 {
		return p
	}
	switch d.typ {
	case TypeInteger:
		p.Min = strconv.FormatInt(c.intMin, 10)
		p.Max = strconv.FormatInt(c.intMax, 10)
	case TypeNumber:
		p.Min = strconv.FormatFloat(c.numMin, 'f', -1, 64)
		p.Max = strconv.FormatFloat(c.numMax, 'f', -1, 64)
	case TypeBoolean:
		p.Min, p.Max = "true", "false"
		if c.sawFalse {
			p.Min = "false"
		}
		if c.sawTrue {
			p.Max = "true"
		}
	case TypeDate, TypeDatetime, TypeTime:
		i := bits.TrailingZeros32(d.bit)
		p.Min, p.Max = string(c.tmin[i]), string(c.tmax[i])
	default:
		p.Min, p.Max = string(c.strMin), string(c.strMax)
	}
	return p
}

// exactMax is how many distinct values a column counts exactly.
const exactMax = 1024

// exactSet is an open-addressing set of value hashes, used until it holds exactMax of them.
type exactSet struct {
	slots []uint64
	n     int
	full  bool // the column has switched to the HyperLogLog estimate
}

// add inserts a hash and reports whether it was new.
func (s *exactSet) add(h uint64) bool {
	if h == 0 {
		h = 1 // 0 marks an empty slot
	}
	if s.slots == nil {
		s.slots = make([]uint64, 2*exactMax)
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return false
		case 0:
			s.slots[i] = h
			s.n++
			return true
		}
	}
}
