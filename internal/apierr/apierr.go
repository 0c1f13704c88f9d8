// Package apierr is the catalogue of API errors: each has a stable machine code, an HTTP status
// and a message in Simplified Chinese and English. Handlers return these errors; no internal
// error text ever reaches a client.
package apierr

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

//go:embed catalogue.json
var catalogueJSON []byte

// Definition is one catalogue entry.
type Definition struct {
	Code   string `json:"code"`
	Status int    `json:"status"`
	EN     string `json:"en"`
	ZH     string `json:"zh"`
}

var catalogue = mustLoad()

func mustLoad() map[string]Definition {
	var defs []Definition
	if err := json.Unmarshal(catalogueJSON, &defs); err != nil {
		panic(fmt.Sprintf("apierr: catalogue.json is invalid: %v", err))
	}
	m := make(map[string]Definition, len(defs))
	for _, d := range defs {
		if _, dup := m[d.Code]; dup {
			panic("apierr: duplicate code " + d.Code)
		}
		m[d.Code] = d
	}
	return m
}

// Definitions returns the whole catalogue sorted by code, for documentation.
func Definitions() []Definition {
	out := make([]Definition, 0, len(catalogue))
	for _, d := range catalogue {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Error is an API error: a catalogue code with the values its message refers to.
type Error struct {
	Code   string
	Params map[string]string
	// RetryAfter, in seconds, is sent as the Retry-After header when positive.
	RetryAfter int
}

// New returns the error with the given code; params are name, value pairs filling the message's
// {name} placeholders. It panics on a code missing from the catalogue, which the tests catch.
func New(code string, params ...string) *Error {
	if _, ok := catalogue[code]; !ok {
		panic("apierr: unknown code " + code)
	}
	e := &Error{Code: code, Params: make(map[string]string, len(params)/2)}
	for i := 0; i+1 < len(params); i += 2 {
		e.Params[params[i]] = params[i+1]
	}
	return e
}

func (e *Error) Error() string { return e.Message("en") }

// Status returns the HTTP status of the error.
func (e *Error) Status() int { return catalogue[e.Code].Status }

// Message returns the error's message in lang ("zh" or "en").
func (e *Error) Message(lang string) string {
	d := catalogue[e.Code]
	tmpl := d.EN
	if lang == "zh" {
		tmpl = d.ZH
	}
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	pairs := make([]string, 0, len(e.Params)*2)
	for k, v := range e.Params {
		pairs = append(pairs, "{"+k+"}", term(lang, k, v))
	}
	msg := strings.NewReplacer(pairs...).Replace(tmpl)
	if lang != "zh" {
		msg = capitalize(msg)
	}
	return msg
}

// Lang picks "zh" or "en" from an Accept-Language header, honouring quality values. English is the
// default when the header names neither.
func Lang(acceptLanguage string) string {
	best, bestQ := "en", -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := parseLangPart(part)
		var lang string
		switch {
		case strings.HasPrefix(tag, "zh"):
			lang = "zh"
		case strings.HasPrefix(tag, "en"):
			lang = "en"
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

func parseLangPart(part string) (string, float64) {
	fields := strings.Split(strings.TrimSpace(part), ";")
	tag := strings.ToLower(strings.TrimSpace(fields[0]))
	q := 1.0
	for _, f := range fields[1:] {
		f = strings.TrimSpace(f)
		if strings.HasPrefix(f, "q=") {
			var v float64
			if _, err := fmt.Sscanf(f[2:], "%g", &v); err == nil {
				q = v
			}
		}
	}
	return tag, q
}
