package dlp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"
)

// JSONFinding is a finding inside one string (or number) of a JSON document. Start and End are
// rune offsets within that value.
type JSONFinding struct {
	Path string `json:"path"` // JSON Pointer (RFC 6901) of the value, such as /rows/0/phone
	Finding
}

// ScanJSON finds sensitive values in every string and number of a JSON document. The key of a
// value hints its type as a column name does, so {"姓名": "张三"} reports a name. It returns the
// findings and the document with each finding masked by Options.Profile; object keys come out
// sorted.
func (e *Engine) ScanJSON(doc []byte) ([]JSONFinding, []byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, nil, fmt.Errorf("dlp: parsing JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, errors.New("dlp: parsing JSON: unexpected data after the top-level value")
	}

	var findings []JSONFinding
	masked := e.walkJSON(v, "", "", &findings)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(masked); err != nil {
		return nil, nil, fmt.Errorf("dlp: writing masked JSON: %w", err)
	}
	return findings, out.Bytes(), nil
}

func (e *Engine) walkJSON(v any, path, key string, out *[]JSONFinding) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		m := make(map[string]any, len(x))
		for _, k := range keys {
			m[k] = e.walkJSON(x[k], path+"/"+escapePointer(k), k, out)
		}
		return m
	case []any:
		for i := range x {
			x[i] = e.walkJSON(x[i], path+"/"+strconv.Itoa(i), key, out)
		}
		return x
	case string:
		return e.scanJSONValue(x, path, key, out, x)
	case json.Number:
		return e.scanJSONValue(string(x), path, key, out, x)
	}
	return v
}

func (e *Engine) scanJSONValue(s, path, key string, out *[]JSONFinding, orig any) any {
	hint := e.ColumnHint(key)
	fs := e.scan(s, hint)
	if len(fs) == 0 && hint != "" {
		if typ, conf := e.ClassifyValue(s, hint); typ != "" {
			fs = []Finding{{Type: typ, Start: 0, End: utf8.RuneCountInString(s), Value: s, Confidence: conf}}
		}
	}
	if len(fs) == 0 {
		return orig
	}
	for _, f := range fs {
		*out = append(*out, JSONFinding{Path: path, Finding: f})
	}
	return e.MaskText(s, fs)
}

func escapePointer(k string) string {
	var b bytes.Buffer
	for _, r := range k {
		switch r {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
