package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// jsonSource yields a header record of flattened keys, then one record per JSON object.
// Nested objects become dotted keys ("address.city"); arrays are kept as JSON text.
type jsonSource struct {
	plan  *Plan
	f     *os.File
	dec   *json.Decoder // array elements (FormatJSON)
	lines *bufio.Reader // one object per line (FormatJSONL)
	keys  []string
	col   map[string]int
	index int64
	line  int64
	rec   record
	flat  []jsonPair
	began bool // the header record was returned
}

// jsonPair is a flattened member; null has empty text.
type jsonPair struct {
	key  string
	text string
	kind cellKind
}

// openJSON positions a reader on the records. With keys == nil it first reads every record to
// collect the keys in order of first appearance.
func (p *Plan) openJSON(keys []string) (*jsonSource, error) {
	if keys == nil {
		var err error
		if keys, err = p.collectJSONKeys(); err != nil {
			return nil, err
		}
		p.jsonKeys = keys
	}
	s, err := p.startJSON()
	if err != nil {
		return nil, err
	}
	s.keys = keys
	s.col = make(map[string]int, len(keys))
	for i, k := range keys {
		s.col[k] = i
	}
	return s, nil
}

func (p *Plan) collectJSONKeys() ([]string, error) {
	s, err := p.startJSON()
	if err != nil {
		return nil, err
	}
	defer s.close()
	var keys []string
	seen := map[string]bool{}
	for {
		flat, err := s.object()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for _, m := range flat {
			if !seen[m.key] {
				seen[m.key] = true
				keys = append(keys, m.key)
			}
		}
		if len(keys) > p.limits.MaxColumns {
			return nil, &Problem{Code: "too_many_columns", File: p.File, Row: s.index,
				Detail: fmt.Sprintf("%d keys, the limit is %d columns", len(keys), p.limits.MaxColumns)}
		}
	}
	if len(keys) == 0 {
		return nil, &Problem{Code: "no_data", File: p.File, Detail: "the JSON holds no records", DetailZH: "JSON 中没有记录"}
	}
	return keys, nil
}

func (p *Plan) startJSON() (*jsonSource, error) {
	f, err := os.Open(p.path)
	if err != nil {
		return nil, &Problem{Code: "read_failed", File: p.File, Detail: err.Error()}
	}
	r, err := textReader(f, p.enc)
	if err != nil {
		f.Close()
		return nil, &Problem{Code: "read_failed", File: p.File, Detail: err.Error()}
	}
	s := &jsonSource{plan: p, f: f}
	if p.Format == FormatJSONL {
		s.lines = bufio.NewReaderSize(r, 64<<10)
		return s, nil
	}
	s.dec = json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	s.dec.UseNumber()
	if err := s.seekArray(p.opts.JSONPath); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// seekArray moves the decoder to the first element of the array at the dotted path.
func (s *jsonSource) seekArray(path string) error {
	var parts []string
	if path != "" {
		parts = strings.Split(path, ".")
	}
	for depth := 0; ; depth++ {
		tok, err := s.dec.Token()
		if err != nil {
			return s.syntax(err)
		}
		d, ok := tok.(json.Delim)
		if ok && d == '[' && depth == len(parts) {
			return nil
		}
		if !ok || d != '{' || depth >= len(parts) {
			return s.pathProblem(path)
		}
		found := false
		for s.dec.More() {
			kt, err := s.dec.Token()
			if err != nil {
				return s.syntax(err)
			}
			if kt.(string) == parts[depth] {
				found = true
				break
			}
			if err := skipValue(s.dec); err != nil {
				return s.syntax(err)
			}
		}
		if !found {
			return s.pathProblem(path)
		}
	}
}

func (s *jsonSource) pathProblem(path string) error {
	detail := "the top level is not an array"
	if path != "" {
		detail = fmt.Sprintf("path %q does not lead to an array", path)
	}
	if cands := s.plan.arrayPaths(); len(cands) > 0 {
		detail += fmt.Sprintf("; arrays of records are at %s", strings.Join(cands, ", "))
	}
	return &Problem{Code: "json_path_not_found", File: s.plan.File, Detail: detail}
}

// arrayPaths lists dotted paths of arrays of objects in the document, for the error message.
func (p *Plan) arrayPaths() []string {
	f, err := os.Open(p.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	r, err := textReader(f, p.enc)
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bufio.NewReader(r))
	var out []string
	var walk func(path string, depth int) error
	walk = func(path string, depth int) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return nil
		}
		switch d {
		case '{':
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				key := kt.(string)
				if path != "" {
					key = path + "." + key
				}
				if depth > 4 {
					if err := skipValue(dec); err != nil {
						return err
					}
					continue
				}
				if err := walk(key, depth+1); err != nil {
					return err
				}
			}
		case '[':
			if dec.More() && path != "" && len(out) < 10 {
				out = append(out, path)
			}
			for dec.More() {
				if err := skipValue(dec); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token()
		return err
	}
	walk("", 0)
	return out
}

// skipValue reads past one value without keeping it.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

func (s *jsonSource) syntax(err error) error {
	if errors.Is(err, errNotUTF8) {
		return err
	}
	pr := &Problem{Code: "invalid_json", File: s.plan.File, Detail: err.Error()}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		pr.Offset = se.Offset
	}
	if s.lines != nil {
		pr.Row = s.line
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		pr.Detail = "the JSON ends early"
	}
	return pr
}

// object reads the next record and flattens it into s.flat, in document order.
func (s *jsonSource) object() ([]jsonPair, error) {
	var raw json.RawMessage
	if s.lines != nil {
		for {
			line, err := s.lines.ReadBytes('\n')
			if len(line) == 0 && err == io.EOF {
				return nil, io.EOF
			}
			if errors.Is(err, errNotUTF8) {
				return nil, err
			}
			if err != nil && err != io.EOF {
				return nil, &Problem{Code: "read_failed", File: s.plan.File, Detail: err.Error()}
			}
			s.line++
			if int64(len(line)) > s.plan.limits.MaxCellBytes*int64(s.plan.limits.MaxColumns) {
				return nil, &Problem{Code: "cell_too_large", File: s.plan.File, Row: s.line, Detail: "the line is too long"}
			}
			line = bytes.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			if !json.Valid(line) {
				var v any
				return nil, s.syntax(json.Unmarshal(line, &v))
			}
			raw = line
			break
		}
	} else {
		if !s.dec.More() {
			return nil, io.EOF
		}
		if err := s.dec.Decode(&raw); err != nil {
			return nil, s.syntax(err)
		}
	}
	s.index++
	s.flat = s.flat[:0]
	if len(raw) > 0 && raw[0] == '{' {
		if err := s.flatten("", raw); err != nil {
			return nil, err
		}
	} else if err := s.put("value", raw); err != nil {
		return nil, err
	}
	return s.flat, nil
}

// flatten adds the members of a JSON object, descending into nested objects.
func (s *jsonSource) flatten(prefix string, obj json.RawMessage) error {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil {
		return s.syntax(err)
	}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return s.syntax(err)
		}
		key := kt.(string)
		if prefix != "" {
			key = prefix + "." + key
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return s.syntax(err)
		}
		if len(raw) > 2 && raw[0] == '{' {
			if err := s.flatten(key, raw); err != nil {
				return err
			}
			continue
		}
		if err := s.put(key, raw); err != nil {
			return err
		}
	}
	return nil
}

// put adds one flattened value: strings as text, numbers and booleans as written, arrays and
// empty objects as compact JSON text, and null as an empty value.
func (s *jsonSource) put(key string, raw json.RawMessage) error {
	var jv jsonPair
	jv.key = key
	switch raw[0] {
	case 'n':
		// Null still names a column.
	case '"':
		var str string
		if err := json.Unmarshal(raw, &str); err != nil {
			return s.syntax(err)
		}
		jv.text, jv.kind = str, kindText
	case '[', '{':
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			return s.syntax(err)
		}
		jv.text, jv.kind = b.String(), kindText
	default:
		jv.text = string(raw)
		if bytes.ContainsAny(raw, "eE") && raw[0] != 't' && raw[0] != 'f' {
			// A JSON number in exponent form becomes the same number in plain decimal notation,
			// which typing reads. One that would need more than 15 digits stays as written.
			if f, err := strconv.ParseFloat(jv.text, 64); err == nil && math.Abs(f) < 1e15 {
				jv.text = strconv.FormatFloat(f, 'f', -1, 64)
			}
		}
	}
	if strings.IndexByte(jv.text, 0) >= 0 {
		return &Problem{Code: "invalid_encoding", File: s.plan.File, Row: s.index, Column: key,
			Detail: "a NUL character (\\u0000) cannot be stored as text"}
	}
	if int64(len(jv.text)) > s.plan.limits.MaxCellBytes {
		return &Problem{Code: "cell_too_large", File: s.plan.File, Row: s.index, Column: key,
			Detail: fmt.Sprintf("more than %d bytes", s.plan.limits.MaxCellBytes)}
	}
	s.flat = append(s.flat, jv)
	return nil
}

func (s *jsonSource) next() (record, error) {
	s.rec.fields = s.rec.fields[:0]
	s.rec.kinds = s.rec.kinds[:0]
	if !s.began {
		s.began = true
		for _, k := range s.keys {
			s.rec.fields = append(s.rec.fields, []byte(k))
			s.rec.kinds = append(s.rec.kinds, kindText)
		}
		return s.rec, nil
	}
	flat, err := s.object()
	if err != nil {
		return record{}, err
	}
	for range s.keys {
		s.rec.fields = append(s.rec.fields, nil)
		s.rec.kinds = append(s.rec.kinds, kindAny)
	}
	for _, m := range flat {
		i, ok := s.col[m.key]
		if !ok {
			return record{}, &Problem{Code: "file_changed", File: s.plan.File, Row: s.index, Column: m.key}
		}
		s.rec.fields[i] = []byte(m.text)
		s.rec.kinds[i] = m.kind
	}
	s.rec.index = s.index
	s.rec.row = s.index
	if s.lines != nil {
		s.rec.row = s.line
	}
	return s.rec, nil
}

func (s *jsonSource) merges() []mergeRange { return nil }

func (s *jsonSource) close() error { return s.f.Close() }
