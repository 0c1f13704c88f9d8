package dlp

import (
	"strings"

	"govshare/internal/idcheck"
)

// Information types that the detectors report.
const (
	TypeIDCard          = "id_card"
	TypeResidencePermit = "residence_permit"
	TypeForeignerPR     = "foreigner_pr"
	TypeUSCC            = "uscc"
	TypeOrgCode         = "org_code"
	TypeBankCard        = "bank_card"
	TypeMobile          = "mobile"
	TypeLandline        = "landline"
	TypeEmail           = "email"
	TypeIPv4            = "ipv4"
	TypeIPv6            = "ipv6"
	TypePassport        = "passport"
	TypeHKMacauPermit   = "hk_macau_permit"
	TypeTaiwanPermit    = "taiwan_permit"
	TypePlate           = "plate"
	TypeName            = "name"
	TypeAddress         = "address"
	TypeBirthDate       = "birth_date"
)

// scanChain runs the number detectors over every run of consecutive tokens of a chain and keeps
// the best candidates that do not overlap.
func (sc *scanner) scanChain(chain []token) {
	if isGUID(sc.s, chain) {
		return
	}

	hasDigit := false
	for _, t := range chain {
		for x := t.start; x < t.end && !hasDigit; x++ {
			hasDigit = isDigit(sc.s[x])
		}
	}
	if !hasDigit {
		return // every number detector needs digits; plain words end here
	}

	var candBuf [8]span
	cands := candBuf[:0]
	var buf [maxCandidateLen]byte
	for i := range chain {
		if chain[i].blocked {
			continue
		}
		n := 0
		for j := i; j < len(chain) && !chain[j].blocked; j++ {
			t := chain[j]
			if n+t.end-t.start > maxCandidateLen {
				break
			}
			n += copy(buf[n:], sc.s[t.start:t.end])
			v := sc.s[t.start:t.end] // a single token needs no copy
			if j > i {
				v = string(buf[:n])
			}
			sp, ok := sc.classifyNumber(v, chain[i].start, t.end, j > i)
			if ok {
				if j > i {
					sp.conf *= multiTokenFactor
				}
				cands = append(cands, sp)
			}
		}
	}
	if len(cands) == 0 {
		return
	}

	// Highest confidence first; on a tie the longer span wins. An insertion sort keeps the few
	// candidates on the stack.
	for a := 1; a < len(cands); a++ {
		for b := a; b > 0 && better(cands[b], cands[b-1]); b-- {
			cands[b], cands[b-1] = cands[b-1], cands[b]
		}
	}
	var kept []span
	for _, c := range cands {
		overlaps := false
		for _, k := range kept {
			if c.start < k.end && k.start < c.end {
				overlaps = true
				break
			}
		}
		if !overlaps {
			kept = append(kept, c)
		}
	}
	sc.out = append(sc.out, kept...)
}

func better(x, y span) bool {
	if x.conf != y.conf {
		return x.conf > y.conf
	}
	return x.end-x.start > y.end-y.start
}

// multiTokenFactor lowers the confidence of a value assembled from separated groups, so that a
// value typed in one piece wins over one assembled across separators.
const multiTokenFactor = 0.97

// classifyNumber decides what the alphanumeric value v, spanning [start, end) of the normalized
// text, is: every detector that accepts the value proposes a type and the most confident wins.
// multi reports that v was assembled from separated groups.
func (sc *scanner) classifyNumber(v string, start, end int, multi bool) (span, bool) {
	digits := allDigits(v)
	best := span{start: start, end: end}
	propose := func(typ string, conf float64, from int) {
		if conf > best.conf {
			best.typ, best.conf, best.start = typ, conf, from
		}
	}

	switch len(v) {
	case 18:
		c, typ := sc.residentID18(v, start)
		propose(typ, c, start)
		propose(TypeUSCC, sc.usccConf(v, start), start)
	case 15:
		propose(TypeIDCard, sc.residentID15(v, start), start)
		if digits && v[:4] == "0086" && sc.t.mobilePrefixes[v[4:7]] && v[4] == '1' {
			propose(TypeMobile, sc.withContext(TypeMobile, start, 0.9, 0.98), start)
		}
	case 13:
		if digits && start > 0 && sc.s[start-1] == '+' && v[:2] == "86" && v[2] == '1' && sc.t.mobilePrefixes[v[2:5]] {
			propose(TypeMobile, sc.withContext(TypeMobile, start, 0.9, 0.98), start-1)
		}
	case 11:
		if digits && v[0] == '1' && sc.t.mobilePrefixes[v[:3]] {
			propose(TypeMobile, sc.withContext(TypeMobile, start, 0.9, 0.98), start)
		}
	case 9:
		propose(TypeOrgCode, sc.orgCode(v, start, multi), start)
	}

	if digits && len(v) >= 10 && len(v) <= 12 && v[0] == '0' {
		from := start
		if start > 0 && sc.s[start-1] == '(' {
			from--
		}
		propose(TypeLandline, sc.landline(v, start, multi), from)
	}
	if digits && len(v) >= 13 && len(v) <= 19 {
		propose(TypeBankCard, sc.bankCard(v, start), start)
	}
	if !multi {
		typ, c := sc.travelDocument(v, start)
		propose(typ, c, start)
	}
	return best, best.conf > 0
}

// usccConf returns the confidence of an 18-character unified social credit code, or 0. An
// all-digit code shaped like a resident ID (a province code and a 19xx or 20xx year) is most
// likely a mistyped ID unless a context word names a credit code.
func (sc *scanner) usccConf(v string, start int) float64 {
	if hasLower(v) || !idcheck.ValidUSCC(v) {
		return 0
	}
	if allDigits(v) && looksLikeIDLayout(v) {
		return sc.withContext(TypeUSCC, start, 0.3, 0.9)
	}
	return 0.99
}

// looksLikeIDLayout reports whether an 18-digit value starts with a province code and a birth
// year, as a resident ID does.
func looksLikeIDLayout(v string) bool {
	y := v[6:8]
	return idcheck.KnownProvince(v[:2]) && (y == "19" || y == "20")
}

func hasLower(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 'a' && v[i] <= 'z' {
			return true
		}
	}
	return false
}

func allDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return false
		}
	}
	return true
}

// residentID18 returns the confidence and type of an 18-character GB 11643 number, or 0.
func (sc *scanner) residentID18(v string, start int) (float64, string) {
	kind, ok := idcheck.ResidentID18Kind(v)
	if !ok {
		return 0, ""
	}

	conf := 0.7
	switch {
	case kind != idcheck.KindResident:
		conf = 0.97
	case sc.t.divisionCodes[v[:6]]:
		conf = 0.99
	case idcheck.KnownProvince(v[:2]):
		conf = 0.95
	}
	return sc.withContext(TypeIDCard, start, conf, 0.99), kind.String()
}

// residentID15 returns the confidence of a legacy 15-digit ID, or 0. Without a check character
// the form is weak, so a random 15-digit number needs a known area code or context.
func (sc *scanner) residentID15(v string, start int) float64 {
	if idcheck.CheckResidentID15(v) != nil || !idcheck.KnownProvince(v[:2]) {
		return 0
	}
	conf := 0.45
	if sc.t.divisionCodes[v[:6]] {
		conf = 0.6
	}
	return sc.withContext(TypeIDCard, start, conf, 0.9)
}

// orgCode returns the confidence of a 9-character organization code, or 0. Written with its
// hyphen ("M000100Y-4") the form is distinctive; without it, it needs context.
func (sc *scanner) orgCode(v string, start int, multi bool) float64 {
	if hasLower(v) || !idcheck.ValidOrgCode(v) {
		return 0
	}
	if multi && sc.s[start+8] == '-' {
		return sc.withContext(TypeOrgCode, start, 0.85, 0.97)
	}
	return pick(sc.nearContext(TypeOrgCode, start), 0.9, 0.4)
}

// landline returns the confidence of a fixed-line number: a known area code followed by a
// 7- or 8-digit subscriber number that does not start with 0 or 1.
func (sc *scanner) landline(v string, start int, multi bool) float64 {
	for _, n := range []int{3, 4} {
		if !sc.t.areaCodes[v[:n]] {
			continue
		}
		sub := v[n:]
		if len(sub) < 7 || len(sub) > 8 || sub[0] == '0' || sub[0] == '1' {
			continue
		}
		conf := 0.45
		if multi && start+n < len(sc.s) && !isDigit(sc.s[start+n]) {
			conf = 0.85 // the area code is set apart, as in 010-12345678
		}
		return sc.withContext(TypeLandline, start, conf, 0.95)
	}
	return 0
}

// bankCard returns the confidence of a 13- to 19-digit card number. Luhn and a known issuer
// prefix raise it. Some real Chinese debit cards fail Luhn, so a failure with a known prefix and
// context is still reported.
func (sc *scanner) bankCard(v string, start int) float64 {
	luhn := idcheck.ValidLuhn(v)
	knownBIN := false
	for _, p := range sc.t.bankBINs {
		if strings.HasPrefix(v, p) {
			knownBIN = true
			break
		}
	}
	ctx := sc.hasContext(TypeBankCard, start)
	if len(v) == 18 && looksLikeIDLayout(v) && !ctx {
		return 0 // a resident ID that failed its own check, not a card
	}

	switch {
	case luhn && knownBIN && len(v) >= 15:
		return pick(ctx, 0.98, 0.85)
	case luhn:
		return pick(sc.nearContext(TypeBankCard, start), 0.8, 0.4)
	case knownBIN && ctx && len(v) >= 16:
		return 0.6
	}
	return 0
}

// travelDocument recognizes passports and travel permits by format; digits-only formats need
// context because they look like any other number.
func (sc *scanner) travelDocument(v string, start int) (string, float64) {
	if hasLower(v) {
		return "", 0
	}
	rest := func(from int) bool { return allDigits(v[from:]) }
	letter := func(c byte) bool { return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' }

	switch {
	case len(v) == 9 && (v[0] == 'E' || v[0] == 'G') && rest(1),
		len(v) == 9 && v[0] == 'E' && letter(v[1]) && rest(2),
		len(v) == 8 && (v[0] == 'D' || v[0] == 'S' || v[0] == 'P') && rest(1):
		return TypePassport, sc.withContext(TypePassport, start, 0.45, 0.95)
	case len(v) == 9 && (v[0] == 'C' || v[0] == 'W') && rest(1),
		len(v) == 9 && v[0] == 'C' && letter(v[1]) && rest(2),
		(len(v) == 9 || len(v) == 11) && (v[0] == 'H' || v[0] == 'M') && rest(1):
		return TypeHKMacauPermit, sc.withContext(TypeHKMacauPermit, start, 0.45, 0.95)
	case len(v) == 9 && v[0] == 'L' && rest(1):
		return TypeTaiwanPermit, sc.withContext(TypeTaiwanPermit, start, 0.45, 0.95)
	case len(v) == 8 && rest(0) && sc.nearContext(TypeTaiwanPermit, start):
		return TypeTaiwanPermit, 0.85
	}
	return "", 0
}

func pick(cond bool, yes, no float64) float64 {
	if cond {
		return yes
	}
	return no
}
