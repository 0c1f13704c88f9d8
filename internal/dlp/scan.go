package dlp

import (
	"encoding/binary"
	"math/bits"
	"sort"
	"strings"
	"unicode/utf8"
)

// Finding is one sensitive value found in a text.
type Finding struct {
	Type       string  `json:"type"`
	Start      int     `json:"start"` // rune offset in the original text
	End        int     `json:"end"`   // rune offset just after the value
	Value      string  `json:"value"` // the original text of the span
	Confidence float64 `json:"confidence"`
}

// span is a candidate finding in normalized byte offsets.
type span struct {
	typ        string
	start, end int
	conf       float64
}

type scanner struct {
	t    *tables
	trig *triggers
	s    string
	hint string // information type hinted by a column name; counts as context for it
	out  []span

	chain [maxChainTokens]token // storage reused by readChain

	noIPv6Before int // end of the last colon run found too long for an IPv6 address
}

// contextWindow is how many bytes before a value are searched for context words (about 15
// Chinese characters).
const contextWindow = 48

func (sc *scanner) hasContext(typ string, start int) bool {
	if sc.hint == typ {
		return true
	}
	w := sc.s[max(0, start-contextWindow):start]
	for _, word := range sc.t.context[typ] {
		if strings.Contains(w, word) {
			return true
		}
	}
	return false
}

// nearContext is hasContext within the last few characters only, for formats such as an 8-digit
// permit number that any number could match.
func (sc *scanner) nearContext(typ string, start int) bool {
	if sc.hint == typ {
		return true
	}
	w := sc.s[max(0, start-nearWindow):start]
	for _, word := range sc.t.context[typ] {
		if strings.Contains(w, word) {
			return true
		}
	}
	return false
}

// nearWindow is about eight Chinese characters.
const nearWindow = 24

func (sc *scanner) withContext(typ string, start int, without, with float64) float64 {
	if sc.hasContext(typ, start) {
		return with
	}
	return without
}

// run scans the whole normalized text once, dispatching on the character at each position.
func (sc *scanner) run() {
	s := sc.s
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case isAlnum(c):
				if i > 0 && s[i-1] == '.' && c <= '9' {
					// The rest of a dotted number: nothing starts here.
					i++
					for i < len(s) && isAlnum(s[i]) {
						i++
					}
					continue
				}
				if isDigit(c) {
					if end, ok := sc.birthDate(i); ok {
						i = end
						continue
					}
					if end, ok := sc.ipv4(i); ok {
						i = end
						continue
					}
				}
				chain, next := readChain(s, i, sc.chain[:0])
				sc.scanChain(chain)
				if last := chain[len(chain)-1]; len(chain) > 1 && last.blocked {
					// The last group continues as a dotted or email run ("IP 10.0.0.1"):
					// scan it again on its own.
					next = last.start
				}
				i = next
			case c == '@':
				sc.email(i)
				i++
			case c == ':':
				if end, ok := sc.ipv6(i); ok && end > i {
					i = end
					continue
				}
				i++
			default:
				i++
			}
			continue
		}

		var r rune
		size := 3
		if c >= 0xE0 && c < 0xF0 && i+2 < len(s) {
			// Three-byte sequence, the common case of Chinese text; s is valid UTF-8.
			r = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r < 0x10000 && sc.trig.first[r>>6]&(1<<(r&63)) != 0 {
			if end := sc.han(i, r); end > i {
				i = end
				continue
			}
		}
		i += size
	}
}

// han runs the detectors triggered by the Chinese character r at i and returns where scanning
// continues, or i when nothing was found.
func (sc *scanner) han(i int, r rune) int {
	if r >= 0x10000 {
		return i
	}
	ws := sc.trig.words[r]
	if ws == nil {
		return i
	}
	if ws.plate {
		if end, ok := sc.plate(i); ok {
			return end
		}
	}
	if len(ws.divisions) > 0 {
		if end, ok := sc.address(i); ok {
			return end
		}
	}
	if len(ws.addressCues) > 0 {
		if end, ok := sc.addressAfterCue(i, ws.addressCues); ok {
			return end
		}
	}
	if len(ws.cuesBefore) > 0 {
		if end, ok := sc.nameAfterCue(i, ws.cuesBefore); ok {
			return end
		}
	}
	if len(ws.cuesAfter) > 0 || len(ws.verbs) > 0 {
		sc.nameBeforeCue(i, ws)
	}
	return i
}

// merge sorts spans and merges overlapping ones into one span whose type is that of the most
// confident part.
func merge(spans []span) []span {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(a, b int) bool {
		if spans[a].start != spans[b].start {
			return spans[a].start < spans[b].start
		}
		return spans[a].end > spans[b].end
	})

	out := spans[:1]
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp.start >= last.end {
			out = append(out, sp)
			continue
		}
		last.end = max(last.end, sp.end)
		if sp.conf > last.conf {
			last.typ, last.conf = sp.typ, sp.conf
		}
	}
	return out
}

// Scan finds the sensitive values in text and returns them sorted by position, without overlaps,
// with confidence at least Options.MinConfidence.
func (e *Engine) Scan(text string) []Finding {
	return e.scan(text, "")
}

func (e *Engine) scan(text, hint string) []Finding {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	n := Normalize(text)
	sc := scanner{t: e.t, trig: e.trig, s: n.Text, hint: hint}
	sc.run()
	sc.namesBeforeIdentifiers()

	kept := sc.out[:0]
	for _, sp := range sc.out {
		if sp.conf >= e.opts.MinConfidence {
			kept = append(kept, sp)
		}
	}
	spans := merge(kept)
	if len(spans) == 0 {
		return nil
	}

	findings := make([]Finding, 0, len(spans))
	lastByte, lastRune := 0, 0
	runeAt := func(b int) int {
		if b < lastByte {
			lastByte, lastRune = 0, 0
		}
		lastRune += countRunes(text[lastByte:b])
		lastByte = b
		return lastRune
	}
	for _, sp := range spans {
		ob, oe := n.OrigStart(sp.start), n.OrigEnd(sp.end)
		f := Finding{Type: sp.typ, Value: text[ob:oe], Confidence: round2(sp.conf)}
		f.Start = runeAt(ob)
		f.End = runeAt(oe)
		findings = append(findings, f)
	}
	return findings
}

// countRunes counts the runes of valid UTF-8 text eight bytes at a time: every byte that is not
// a continuation byte (10xxxxxx) starts a rune.
func countRunes(s string) int {
	n := len(s)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		n -= bits.OnesCount64(x &^ (x << 1) & 0x8080808080808080)
	}
	for ; i < len(s); i++ {
		if s[i]&0xC0 == 0x80 {
			n--
		}
	}
	return n
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }
