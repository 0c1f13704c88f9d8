package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzSniffDelimiter(f *testing.F) {
	f.Add([]byte("a,b,c\n1,2,3\n"))
	f.Add([]byte("标题\n\na;b;c\n1,5;2,5;3\n"))
	f.Add([]byte("a\tb\n\"x\ty\"\t2\n"))
	f.Add([]byte("a|b\r1|2\r"))
	f.Add([]byte("\"unterminated,a\nb,c"))
	f.Fuzz(func(t *testing.T, sample []byte) {
		d := sniffDelimiter(sample)
		if bytes.IndexByte(delimiterCandidates, d) < 0 {
			t.Fatalf("sniffDelimiter returned %q", d)
		}
	})
}

func FuzzCSVReader(f *testing.F) {
	f.Add([]byte("a,b\n1,\"x\"\"y\"\n"), byte(','))
	f.Add([]byte("a;b\r\n\"multi\nline\";2\r\n"), byte(';'))
	f.Add([]byte("\"a\"b,c\rd,e\r"), byte(','))
	f.Add([]byte("\"open"), byte(','))
	f.Fuzz(func(t *testing.T, data []byte, delim byte) {
		if delim == '"' || delim == '\n' || delim == '\r' {
			return
		}
		// A tiny reader exercises records that cross buffer refills.
		r := newCSVReaderSize(&oneByteReader{data: data}, delim, 1<<20, 1<<16, 4)
		total := 0
		var got [][]string
		for {
			fields, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			for _, fl := range fields {
				total += len(fl)
			}
			if total > len(data) {
				t.Fatalf("fields hold %d bytes from %d bytes of input", total, len(data))
			}
			if len(fields) == 1 && len(fields[0]) == 0 {
				continue // encoding/csv skips empty lines
			}

			rec := make([]string, len(fields))
			for i, fl := range fields {
				rec[i] = string(fl)
			}
			got = append(got, rec)
		}

		// Where encoding/csv accepts the input, both readers must agree. It rejects bare quotes
		// and reads CR differently, so those inputs are left out.
		if bytes.IndexByte(data, '\r') >= 0 || delim >= utf8.RuneSelf || !utf8.Valid(data) || delim == ' ' || delim == 0 {
			return
		}
		std := csv.NewReader(bytes.NewReader(data))
		std.Comma = rune(delim)
		std.FieldsPerRecord = -1
		want, err := std.ReadAll()
		if err != nil {
			return
		}
		var kept [][]string
		for _, rec := range want {
			if len(rec) != 1 || rec[0] != "" {
				kept = append(kept, rec) // a quoted empty field alone reads like an empty line
			}
		}
		want = kept
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("records %q, encoding/csv reads %q", got, want)
		}
	})
}

type oneByteReader struct{ data []byte }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(o.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:1], o.data)
	o.data = o.data[n:]
	return n, nil
}

func FuzzDetectHeader(f *testing.F) {
	f.Add("title\n\na,b,c\n1,2,3\nnote: x\n")
	f.Add("地区,人口,,面积\n,男,女,\n北京,1,2,3\n")
	f.Add(",,\n,,\n")
	f.Add("x\n")
	f.Fuzz(func(t *testing.T, text string) {
		r := newCSVReaderSize(strings.NewReader(text), ',', 1<<20, 1<<10, 64)
		var sample []record
		for len(sample) < sampleRows {
			fields, err := r.Next()
			if err != nil {
				break
			}
			sample = append(sample, record{fields: fields}.clone())
		}
		h, ok := detectHeader(sample, nil, false, 0, 0)
		if !ok {
			return
		}
		if h.start < 0 || h.rows < 1 || h.start+h.rows > len(sample) {
			t.Fatalf("header start %d rows %d for %d records", h.start, h.rows, len(sample))
		}
		names, _ := columnNames(h.labels)
		seen := map[string]bool{}
		for _, n := range names {
			if n == "" || len(n) > MaxNameBytes || seen[strings.ToLower(n)] {
				t.Fatalf("bad or duplicate name %q in %q", n, names)
			}
			seen[strings.ToLower(n)] = true
		}
	})
}

func FuzzTypeInference(f *testing.F) {
	for _, s := range []string{"42", "-7", "1,234", "0012", "3.14", "1.234,5", "true", "2023-01-02", "2023/1/2",
		"2023年1月2日", "11.5.1998", "20/12/2004", "24 October 2011", "2022-04-27 15:29:17", "10:00", "10:00-12:00",
		"11010519491231002X", "1E5", "Wednesday", "t"} {
		f.Add(s, false)
	}
	f.Add("1.234,5", true)
	f.Fuzz(func(t *testing.T, v string, decimalComma bool) {
		b := []byte(v)
		mask := matchFormats(b, inferBits|fYMDCompact, decimalComma)
		t1 := trimSpace(b)
		if mask&fInt != 0 {
			x, ok := parseInt(t1, decimalComma)
			if !ok {
				t.Fatalf("%q matched integer but does not parse", v)
			}
			thousands, _ := separators(decimalComma)
			if strconv.FormatInt(x, 10) != strings.ReplaceAll(string(t1), string(thousands), "") {
				t.Fatalf("%q parsed as %d, which changes its digits", v, x)
			}
			if mask&fNum == 0 {
				t.Fatalf("%q is an integer but not a number", v)
			}
		}
		if mask&fNum != 0 {
			x, _ := parseNumber(t1, decimalComma)
			thousands, decimal := separators(decimalComma)
			plain := strings.ReplaceAll(string(t1), string(thousands), "")
			plain = strings.Replace(plain, string(decimal), ".", 1)
			want, err := strconv.ParseFloat(plain, 64)
			if err != nil || want != x {
				t.Fatalf("%q parsed as %v, strconv gives %v (%v)", v, x, want, err)
			}
		}
		for bit := fYMDDash; bit <= fTime; bit <<= 1 {
			if mask&bit == 0 {
				continue
			}
			out, ok := appendTemporal(nil, t1, bit)
			if !ok {
				t.Fatalf("%q matched format %s but does not convert", v, formatName(bit))
			}
			layout := "2006-01-02"
			switch {
			case bit&datetimeBits != 0:
				layout = "2006-01-02T15:04:05.999999999Z07:00"
				if !bytes.ContainsAny(out[19:], "Z+-") {
					layout = "2006-01-02T15:04:05.999999999"
				}
			case bit == fTime:
				layout = "15:04:05"
			}
			if _, err := time.Parse(layout, string(out)); err != nil {
				t.Fatalf("%q converts to %q, which is not ISO 8601: %v", v, out, err)
			}
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n3,4\n"), uint8(0))
	f.Add([]byte("title\n\nx;y\n1,5;2\n\n注：说明\n"), uint8(0))
	f.Add([]byte(`[{"a":1,"b":{"c":"x"}},{"a":null}]`), uint8(1))
	f.Add([]byte("{\"a\":1}\n{\"b\":[1,2]}\n"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, kind uint8) {
		name := []string{"f.csv", "f.json", "f.jsonl"}[int(kind)%3]
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		opts := Options{Ragged: RaggedPad, Limits: Limits{MaxCellBytes: 1 << 16, MaxColumns: 200}}
		p, err := Analyze(context.Background(), path, opts, nil)
		if err != nil {
			if _, ok := err.(*Problem); !ok {
				t.Fatalf("Analyze returned %T %v, want a *Problem", err, err)
			}
			return
		}
		n := int64(0)
		err = p.Scan(context.Background(), func(_ int64, values []any) error {
			n++
			if len(values) != len(p.Columns) {
				t.Fatalf("row has %d values for %d columns", len(values), len(p.Columns))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Scan after a successful Analyze: %v", err)
		}
		if n != p.Rows {
			t.Fatalf("Scan returned %d rows, Analyze counted %d", n, p.Rows)
		}
	})
}
