package dlp

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"govshare/internal/masking"
)

//go:embed data/*.txt
var embeddedData embed.FS

// DataFiles lists the data files the engine reads. A directory given in Options.DataDir may hold
// any of them; each file found there replaces the embedded default of the same name.
var DataFiles = []string{
	"address_suffixes.txt", "bank_bins.txt", "birth_cues.txt", "column_hints.txt",
	"compound_surnames.txt", "context_words.txt", "divisions.txt", "identifiers.txt",
	"idn_tlds.txt", "landline_area_codes.txt", "levels.txt", "mobile_prefixes.txt",
	"name_cues.txt", "name_stopwords.txt", "plate_provinces.txt", "surnames.txt",
}

// tables holds the parsed data files.
type tables struct {
	mobilePrefixes  map[string]bool // "138"
	areaCodes       map[string]bool // "010", "0755"
	bankBINs        []string        // sorted longest first
	plateProvinces  map[rune]bool
	idnTLDs         []string // longest first
	surnames        map[rune]bool
	compound        map[string]bool
	nameBefore      []string // longest first
	nameAfter       []string
	nameVerbs       []string
	nameStops       []string
	birthCues       []string
	context         map[string][]string // type -> words
	divisions       map[string]string   // name -> code ("" when unknown)
	divisionCodes   map[string]bool     // six-digit codes
	streetSuffixes  []string            // longest first
	divisionSuffix  []string            // longest first
	columnHints     []hint              // longest word first
	levels          map[string]int
	identifierTypes map[string]bool
}

type hint struct {
	word, infoType string
	ascii          bool
}

// loadTables reads every data file from dir when it is there, else from the embedded defaults.
func loadTables(dir string) (*tables, error) {
	read := func(name string) ([][]string, error) {
		var data []byte
		var err error
		if dir != "" {
			data, err = os.ReadFile(filepath.Join(dir, name))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("dlp: reading data file %s: %w", filepath.Join(dir, name), err)
			}
		}
		if dir == "" || err != nil {
			if name == "compound_surnames.txt" {
				return splitLines(strings.Join(masking.CompoundSurnames(), "\n"), name)
			}
			data, err = embeddedData.ReadFile("data/" + name)
			if err != nil {
				return nil, fmt.Errorf("dlp: embedded data file %s: %w", name, err)
			}
		}
		return splitLines(string(data), name)
	}

	t := &tables{}
	steps := []struct {
		file  string
		parse func(*tables, [][]string) error
	}{
		{"mobile_prefixes.txt", parsePrefixes(func(t *tables) *map[string]bool { return &t.mobilePrefixes }, 3)},
		{"landline_area_codes.txt", parseAreaCodes},
		{"bank_bins.txt", func(t *tables, rows [][]string) error { t.bankBINs = firstColumn(rows); return nil }},
		{"plate_provinces.txt", func(t *tables, rows [][]string) error { t.plateProvinces = runeSet(rows); return nil }},
		{"idn_tlds.txt", func(t *tables, rows [][]string) error { t.idnTLDs = firstColumn(rows); return nil }},
		{"surnames.txt", func(t *tables, rows [][]string) error { t.surnames = runeSet(rows); return nil }},
		{"compound_surnames.txt", func(t *tables, rows [][]string) error { t.compound = stringSet(rows); return nil }},
		{"name_cues.txt", parseNameCues},
		{"name_stopwords.txt", func(t *tables, rows [][]string) error { t.nameStops = firstColumn(rows); return nil }},
		{"birth_cues.txt", func(t *tables, rows [][]string) error { t.birthCues = firstColumn(rows); return nil }},
		{"context_words.txt", parseContext},
		{"divisions.txt", parseDivisions},
		{"address_suffixes.txt", parseAddressSuffixes},
		{"column_hints.txt", parseColumnHints},
		{"levels.txt", parseLevels},
		{"identifiers.txt", func(t *tables, rows [][]string) error { t.identifierTypes = stringSet(rows); return nil }},
	}
	for _, s := range steps {
		rows, err := read(s.file)
		if err != nil {
			return nil, err
		}
		if err := s.parse(t, rows); err != nil {
			return nil, fmt.Errorf("dlp: data file %s: %w", s.file, err)
		}
	}
	return t, nil
}

// splitLines returns the tab-separated fields of every line that is not blank or a # comment.
func splitLines(text, name string) ([][]string, error) {
	if !utf8.ValidString(text) {
		return nil, fmt.Errorf("dlp: data file %s is not valid UTF-8; save it as UTF-8", name)
	}

	var rows [][]string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		rows = append(rows, fields)
	}
	return rows, sc.Err()
}

func firstColumn(rows [][]string) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r[0])
	}
	sortLongestFirst(out)
	return out
}

func sortLongestFirst(s []string) {
	sort.SliceStable(s, func(i, j int) bool { return len(s[i]) > len(s[j]) })
}

func stringSet(rows [][]string) map[string]bool {
	set := make(map[string]bool, len(rows))
	for _, r := range rows {
		set[r[0]] = true
	}
	return set
}

func runeSet(rows [][]string) map[rune]bool {
	set := make(map[rune]bool, len(rows))
	for _, r := range rows {
		c, _ := utf8.DecodeRuneInString(r[0])
		set[c] = true
	}
	return set
}

// expandRange returns the codes of a line such as "130-139" or "0755", all of width digits.
func expandRange(field string, width int) ([]string, error) {
	lo, hi, isRange := strings.Cut(field, "-")
	if !isRange {
		hi = lo
	}
	if len(lo) != width || len(hi) != width {
		return nil, fmt.Errorf("code %q must have %d digits", field, width)
	}
	a, err1 := strconv.Atoi(lo)
	b, err2 := strconv.Atoi(hi)
	if err1 != nil || err2 != nil || a > b {
		return nil, fmt.Errorf("code range %q is not two ascending numbers", field)
	}

	var out []string
	for v := a; v <= b; v++ {
		out = append(out, fmt.Sprintf("%0*d", width, v))
	}
	return out, nil
}

func parsePrefixes(field func(*tables) *map[string]bool, width int) func(*tables, [][]string) error {
	return func(t *tables, rows [][]string) error {
		set := make(map[string]bool)
		for i, r := range rows {
			codes, err := expandRange(r[0], width)
			if err != nil {
				return fmt.Errorf("entry %d: %w", i+1, err)
			}
			for _, c := range codes {
				set[c] = true
			}
		}
		*field(t) = set
		return nil
	}
}

func parseAreaCodes(t *tables, rows [][]string) error {
	t.areaCodes = make(map[string]bool)
	for i, r := range rows {
		width := len(r[0])
		if lo, _, ok := strings.Cut(r[0], "-"); ok {
			width = len(lo)
		}
		if width != 3 && width != 4 {
			return fmt.Errorf("entry %d: area code %q must have 3 or 4 digits", i+1, r[0])
		}
		codes, err := expandRange(r[0], width)
		if err != nil {
			return fmt.Errorf("entry %d: %w", i+1, err)
		}
		for _, c := range codes {
			t.areaCodes[c] = true
		}
	}
	return nil
}

func parseNameCues(t *tables, rows [][]string) error {
	for i, r := range rows {
		if len(r) != 2 {
			return fmt.Errorf("entry %d: expected \"before\", \"after\" or \"verb\", a tab and a word", i+1)
		}
		switch r[0] {
		case "before":
			t.nameBefore = append(t.nameBefore, r[1])
		case "after":
			t.nameAfter = append(t.nameAfter, r[1])
		case "verb":
			t.nameVerbs = append(t.nameVerbs, r[1])
		default:
			return fmt.Errorf("entry %d: position %q must be before, after or verb", i+1, r[0])
		}
	}
	sortLongestFirst(t.nameBefore)
	sortLongestFirst(t.nameAfter)
	return nil
}

func parseContext(t *tables, rows [][]string) error {
	t.context = make(map[string][]string)
	for i, r := range rows {
		if len(r) != 2 {
			return fmt.Errorf("entry %d: expected an information type, a tab and a word", i+1)
		}
		t.context[r[0]] = append(t.context[r[0]], r[1])
	}
	return nil
}

func parseDivisions(t *tables, rows [][]string) error {
	t.divisions = make(map[string]string)
	t.divisionCodes = make(map[string]bool)
	for i, r := range rows {
		if len(r) != 2 || r[1] == "" {
			return fmt.Errorf("entry %d: expected a six-digit code (may be empty), a tab and a name", i+1)
		}
		if r[0] != "" {
			if _, err := expandRange(r[0], 6); err != nil || strings.Contains(r[0], "-") {
				return fmt.Errorf("entry %d: division code %q must be six digits", i+1, r[0])
			}
			t.divisionCodes[r[0]] = true
		}
		t.divisions[r[1]] = r[0]
	}
	return nil
}

func parseAddressSuffixes(t *tables, rows [][]string) error {
	for i, r := range rows {
		if len(r) != 2 {
			return fmt.Errorf("entry %d: expected \"street\" or \"division\", a tab and a suffix", i+1)
		}
		switch r[0] {
		case "street":
			t.streetSuffixes = append(t.streetSuffixes, r[1])
		case "division":
			t.divisionSuffix = append(t.divisionSuffix, r[1])
		default:
			return fmt.Errorf("entry %d: kind %q must be street or division", i+1, r[0])
		}
	}
	sortLongestFirst(t.streetSuffixes)
	sortLongestFirst(t.divisionSuffix)
	return nil
}

func parseColumnHints(t *tables, rows [][]string) error {
	for i, r := range rows {
		if len(r) != 2 {
			return fmt.Errorf("entry %d: expected a word, a tab and an information type", i+1)
		}
		word := strings.ToLower(r[0])
		t.columnHints = append(t.columnHints, hint{word: word, infoType: r[1], ascii: isASCII(word)})
	}
	sort.SliceStable(t.columnHints, func(i, j int) bool { return len(t.columnHints[i].word) > len(t.columnHints[j].word) })
	return nil
}

func parseLevels(t *tables, rows [][]string) error {
	t.levels = make(map[string]int)
	for i, r := range rows {
		if len(r) != 2 {
			return fmt.Errorf("entry %d: expected an information type, a tab and a level", i+1)
		}
		l, err := strconv.Atoi(r[1])
		if err != nil || l < 1 || l > 5 {
			return fmt.Errorf("entry %d: level %q must be 1 to 5", i+1, r[1])
		}
		t.levels[r[0]] = l
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
