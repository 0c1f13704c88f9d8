// Package dlp discovers, grades and masks sensitive data. It finds identifiers, contact data,
// names and addresses in free text and column values. It proposes a grade (L1 to L5) for columns
// and resources, and checks the security boundary of a resource before it is published.
//
// Prefix tables and dictionaries are data files embedded in the binary. A deployment may replace
// any of them at run time by placing a file of the same name in Options.DataDir.
package dlp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"unicode/utf8"

	"govshare/internal/masking"
)

// Options configures an Engine. The zero value uses the embedded data files and default thresholds.
type Options struct {
	DataDir string // directory whose data files replace the embedded ones; see DataFiles

	MinConfidence float64 // findings below this confidence are dropped; default 0.5

	SampleSize     int     // values sampled per column, spread over the whole column; default 2000
	MinValidRatio  float64 // share of sampled non-empty values that must match a type; default 0.6
	HintValidRatio float64 // the same share when the column name or data element hints the type; default 0.3

	DefaultLevel     int   // grade of a column with no information type; default 2 (internal)
	PersonsThreshold int64 // distinct persons from which a resource is raised to level 4; default 1,000,000

	Profile *masking.Profile // operators used by MaskText; default masking.StandardProfile()
	Key     []byte           // key for hmac operators in Profile

	Logger *slog.Logger // default slog.Default()
}

// Engine runs the detectors. It is safe for concurrent use.
type Engine struct {
	opts        Options
	t           *tables
	trig        *triggers
	ruleVersion string
	log         *slog.Logger
}

// wordSet holds the words starting with one rune, by role, longest first.
type wordSet struct {
	divisions, cuesBefore, cuesAfter, verbs, addressCues []string
	plate                                                bool // the rune starts a vehicle plate
}

// triggers indexes every word that can start a detection at a Chinese character.
type triggers struct {
	words []*wordSet // indexed by rune over the Basic Multilingual Plane: one load per triggered rune

	first       [1024]uint64 // bit set over the Basic Multilingual Plane: runes that start a word
	divisions   map[rune][]string
	cuesBefore  map[rune][]string
	cuesAfter   map[rune][]string
	verbs       map[rune][]string
	stops       map[rune][]string
	addressCues map[rune][]string

	// Address suffixes by first rune, with bit sets of the first runes for a quick test.
	streetSuffixes   map[rune][]string
	divisionSuffixes map[rune][]string
	suffixFirst      [1024]uint64
	stopFirst        [1024]uint64
	surnames         [1024]uint64 // single-character surnames
	compoundFirst    [1024]uint64 // first characters of compound surnames
}

func hasBit(bits *[1024]uint64, r rune) bool {
	return r >= 0 && r < 0x10000 && bits[r>>6]&(1<<(r&63)) != 0
}

// runeBits returns a bit set over the Basic Multilingual Plane of the keys of the maps.
func runeBits(maps ...map[rune][]string) [1024]uint64 {
	var bits [1024]uint64
	for _, m := range maps {
		for r := range m {
			if r < 0x10000 {
				bits[r>>6] |= 1 << (r & 63)
			}
		}
	}
	return bits
}

// New loads the data files and returns an engine.
func New(opts Options) (*Engine, error) {
	if opts.MinConfidence == 0 {
		opts.MinConfidence = 0.5
	}
	if opts.SampleSize == 0 {
		opts.SampleSize = 2000
	}
	if opts.MinValidRatio == 0 {
		opts.MinValidRatio = 0.6
	}
	if opts.HintValidRatio == 0 {
		opts.HintValidRatio = 0.3
	}
	if opts.DefaultLevel == 0 {
		opts.DefaultLevel = 2
	}
	if opts.PersonsThreshold == 0 {
		opts.PersonsThreshold = 1_000_000
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := checkOptions(opts); err != nil {
		return nil, err
	}
	if opts.Profile == nil {
		p := masking.StandardProfile()
		opts.Profile = &p
	}
	if err := opts.Profile.Validate(); err != nil {
		return nil, fmt.Errorf("dlp: %w", err)
	}

	t, err := loadTables(opts.DataDir)
	if err != nil {
		return nil, err
	}
	e := &Engine{opts: opts, t: t, trig: buildTriggers(t), log: opts.Logger}
	e.ruleVersion = ruleVersion(t, opts)
	e.log.Info("dlp engine ready", slog.String("rule_version", e.ruleVersion), slog.String("data_dir", opts.DataDir),
		slog.Int("divisions", len(t.divisions)), slog.Int("surnames", len(t.surnames)))
	return e, nil
}

func checkOptions(o Options) error {
	switch {
	case o.MinConfidence < 0 || o.MinConfidence > 1:
		return fmt.Errorf("dlp: MinConfidence %v must be between 0 and 1", o.MinConfidence)
	case o.MinValidRatio < 0 || o.MinValidRatio > 1:
		return fmt.Errorf("dlp: MinValidRatio %v must be between 0 and 1", o.MinValidRatio)
	case o.HintValidRatio < 0 || o.HintValidRatio > 1:
		return fmt.Errorf("dlp: HintValidRatio %v must be between 0 and 1", o.HintValidRatio)
	case o.SampleSize < 0:
		return fmt.Errorf("dlp: SampleSize %d must be positive", o.SampleSize)
	case o.DefaultLevel < 1 || o.DefaultLevel > 5:
		return fmt.Errorf("dlp: DefaultLevel %d must be 1 to 5", o.DefaultLevel)
	case o.PersonsThreshold < 0:
		return fmt.Errorf("dlp: PersonsThreshold %d must be positive", o.PersonsThreshold)
	}
	return nil
}

func buildTriggers(t *tables) *triggers {
	tr := &triggers{
		divisions:   byFirstRune(keys(t.divisions)),
		cuesBefore:  byFirstRune(t.nameBefore),
		cuesAfter:   byFirstRune(t.nameAfter),
		verbs:       byFirstRune(t.nameVerbs),
		stops:       byFirstRune(t.nameStops),
		addressCues: byFirstRune(t.context[TypeAddress]),
	}
	tr.streetSuffixes = byFirstRune(t.streetSuffixes)
	tr.divisionSuffixes = byFirstRune(t.divisionSuffix)
	tr.suffixFirst = runeBits(tr.streetSuffixes, tr.divisionSuffixes)
	tr.stopFirst = runeBits(tr.stops)
	for r := range t.surnames {
		if r < 0x10000 {
			tr.surnames[r>>6] |= 1 << (r & 63)
		}
	}
	compound := make([]string, 0, len(t.compound))
	for c := range t.compound {
		compound = append(compound, c)
	}
	tr.compoundFirst = runeBits(byFirstRune(compound))
	tr.words = make([]*wordSet, 0x10000)
	set := func(r rune) *wordSet {
		if r >= 0x10000 {
			return &wordSet{} // outside the table; such words are never triggered
		}
		if tr.words[r] == nil {
			tr.words[r] = &wordSet{}
		}
		return tr.words[r]
	}
	for r, w := range tr.divisions {
		set(r).divisions = w
	}
	for r, w := range tr.cuesBefore {
		set(r).cuesBefore = w
	}
	for r, w := range tr.cuesAfter {
		set(r).cuesAfter = w
	}
	for r, w := range tr.verbs {
		set(r).verbs = w
	}
	for r, w := range tr.addressCues {
		set(r).addressCues = w
	}
	for r := range t.plateProvinces {
		set(r).plate = true
	}
	mark := func(r rune) {
		if r < 0x10000 {
			tr.first[r>>6] |= 1 << (r & 63)
		}
	}
	for _, m := range []map[rune][]string{tr.divisions, tr.cuesBefore, tr.cuesAfter, tr.addressCues, tr.verbs} {
		for r := range m {
			mark(r)
		}
	}
	for r := range t.plateProvinces {
		mark(r)
	}
	return tr
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// byFirstRune groups words by their first rune, longest first in each group.
func byFirstRune(words []string) map[rune][]string {
	m := make(map[rune][]string)
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = append(m[r], w)
	}
	for r := range m {
		sort.Slice(m[r], func(i, j int) bool {
			if len(m[r][i]) != len(m[r][j]) {
				return len(m[r][i]) > len(m[r][j])
			}
			return m[r][i] < m[r][j]
		})
	}
	return m
}

// ruleVersion identifies the rules a grade was computed with: the engine version and a hash of
// the data tables and thresholds, so an audit record shows when rules changed.
func ruleVersion(t *tables, o Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "%v|%v|%v|%v|%v|%v|", o.MinConfidence, o.SampleSize, o.MinValidRatio, o.HintValidRatio, o.DefaultLevel, o.PersonsThreshold)
	fmt.Fprintf(h, "%v|%v|%v|%v|%v|", sortedKeys(t.mobilePrefixes), sortedKeys(t.areaCodes), t.bankBINs, t.idnTLDs, t.nameBefore)
	fmt.Fprintf(h, "%v|%v|%v|%v|%v|%v|", t.nameAfter, t.nameVerbs, t.nameStops, t.birthCues, t.streetSuffixes, t.divisionSuffix)
	fmt.Fprintf(h, "%v|%v|%v|%v|%v|", keys(t.divisions), len(t.surnames), sortedKeys(t.compound), t.columnHints, t.levels)
	fmt.Fprintf(h, "%v|%v", t.context, sortedKeys(t.identifierTypes))
	return "dlp-1." + hex.EncodeToString(h.Sum(nil))[:12]
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// RuleVersion returns the identifier of the rules and data files this engine runs with.
func (e *Engine) RuleVersion() string { return e.ruleVersion }

// Level returns the grade the engine assigns to an information type ("" gives the default level).
func (e *Engine) Level(infoType string) int {
	if l, ok := e.t.levels[infoType]; ok {
		return l
	}
	return e.opts.DefaultLevel
}

// MaskText returns text with every finding replaced by the operator that Options.Profile gives its
// type. Overlapping findings are merged first, so the output is never corrupted by two
// replacements of the same characters. Offsets are rune offsets into text.
func (e *Engine) MaskText(text string, findings []Finding) string {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	rs := []rune(text)

	spans := make([]span, 0, len(findings))
	for _, f := range findings {
		start, end := max(0, f.Start), min(len(rs), f.End)
		if start < end {
			spans = append(spans, span{typ: f.Type, start: start, end: end, conf: f.Confidence})
		}
	}
	spans = merge(spans)

	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, sp := range spans {
		b.WriteString(string(rs[last:sp.start]))
		op, ok := e.opts.Profile.For("", sp.typ)
		if !ok || !op.Masks() {
			op = masking.Operator{Kind: masking.KindFixed}
		}
		b.WriteString(op.Apply(string(rs[sp.start:sp.end]), e.opts.Key))
		last = sp.end
	}
	b.WriteString(string(rs[last:]))
	return b.String()
}
