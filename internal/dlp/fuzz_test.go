package dlp

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", "a", "身份证号11010519491231002X。", "手机＋８６１３８００１３８０００", "号码138\u200b0013\u00ad8000",
	"卡号 4111 1111 1111 1111", "邮箱：张三@例子.中国，", "2001:db8::1", "::", "1.2.3.4.5", "京A·12345",
	"姓名：欧阳娜娜", "住址北京市朝阳区建国路88号", "出生日期：1990年5月17日", "\xff\xfe", "(010)62345678",
	"E12345678", "\u00a0\u3000\u2014\ufeff", "a@b", "@@..", "-- --", "李华先生", "买买提·艾力",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if utf8.ValidString(s) && !utf8.ValidString(n.Text) {
			t.Fatalf("Normalize(%q) = %q is not valid UTF-8", s, n.Text)
		}
		prev := 0
		for i := 0; i <= len(n.Text); i++ {
			a, b := n.OrigStart(i), n.OrigEnd(i)
			if a < 0 || a > len(s) || b < 0 || b > len(s) || b > a {
				t.Fatalf("Normalize(%q): offset %d maps to start %d end %d", s, i, a, b)
			}
			if b < prev {
				t.Fatalf("Normalize(%q): end offsets decrease at %d", s, i)
			}
			prev = b
		}
		if utf8.ValidString(s) && countRunes(s) != utf8.RuneCountInString(s) {
			t.Fatalf("countRunes(%q) = %d, want %d", s, countRunes(s), utf8.RuneCountInString(s))
		}
		if got := n.OrigStart(len(n.Text)); got != len(s) {
			t.Fatalf("Normalize(%q): end of text maps to %d, want %d", s, got, len(s))
		}
	})
}

func FuzzReadChain(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if !isAlnum(s[i]) || i > 0 && isAlnum(s[i-1]) {
				continue
			}
			chain, next := readChain(s, i, nil)
			if len(chain) == 0 || len(chain) > maxChainTokens || next <= i || next > len(s) {
				t.Fatalf("readChain(%q, %d) = %d tokens, next %d", s, i, len(chain), next)
			}
			last := i
			for _, tok := range chain {
				if tok.start < last || tok.end <= tok.start || tok.end > len(s) {
					t.Fatalf("readChain(%q, %d): token %+v out of order", s, i, tok)
				}
				for x := tok.start; x < tok.end; x++ {
					if !isAlnum(s[x]) {
						t.Fatalf("readChain(%q, %d): token %+v holds %q", s, i, tok, s[x])
					}
				}
				last = tok.end
			}
			_ = isGUID(s, chain)
		}
	})
}

func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	e := newTestEngine(f)
	f.Fuzz(func(t *testing.T, s string) {
		fs := e.Scan(s)
		text := s
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		rs := []rune(text)
		end := 0
		for _, x := range fs {
			if x.Start < end || x.End <= x.Start || x.End > len(rs) {
				t.Fatalf("Scan(%q): finding %+v overlaps or is out of range", s, x)
			}
			if string(rs[x.Start:x.End]) != x.Value {
				t.Fatalf("Scan(%q): finding %+v does not match the text %q", s, x, string(rs[x.Start:x.End]))
			}
			if x.Confidence < e.opts.MinConfidence || x.Confidence > 1 {
				t.Fatalf("Scan(%q): confidence %v out of range", s, x.Confidence)
			}
			end = x.End
		}
		m := e.MaskText(s, fs)
		if !utf8.ValidString(m) {
			t.Fatalf("MaskText(%q) = %q is not valid UTF-8", s, m)
		}
		if len(fs) > 0 && m == text {
			t.Fatalf("MaskText(%q) returned the text unchanged despite %d findings", s, len(fs))
		}
		_, _ = e.ClassifyValue(s, "")
		_, _ = e.ClassifyValue(s, TypeName)
		_, _ = e.ClassifyValue(s, TypeAddress)
		_, _, _ = e.ScanJSON([]byte(s))
	})
}
