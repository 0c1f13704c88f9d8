package ingest

import (
	"testing"
)

// TestUTF8ValidatorAcrossChunks feeds text in every split so that characters are cut at chunk
// boundaries.
func TestUTF8ValidatorAcrossChunks(t *testing.T) {
	text := []byte("a北京\U0001F600z")
	for split := 0; split <= len(text); split++ {
		v := &utf8Validator{}
		if i := v.feed(text[:split]); i >= 0 {
			t.Fatalf("split %d: first chunk invalid at %d", split, i)
		}
		if i := v.feed(text[split:]); i >= 0 {
			t.Fatalf("split %d: second chunk invalid at %d", split, i)
		}
		if !v.complete() {
			t.Fatalf("split %d: incomplete at the end", split)
		}
	}
	bad := []byte("ab\xe5\x8c")
	v := &utf8Validator{}
	v.feed(bad)
	if v.complete() {
		t.Error("text ending inside a character is complete")
	}
	v = &utf8Validator{}
	if i := v.feed([]byte("ab\xffcd")); i != 2 {
		t.Errorf("invalid byte found at %d, want 2", i)
	}
}

func TestGBValidator(t *testing.T) {
	tests := []struct {
		data  string
		valid bool
	}{
		{"\xb1\xb1\xbe\xa9", true},  // 北京 in GBK
		{"\x81\x30\x81\x30", true},  // a four-byte GB18030 sequence
		{"\xa3\x35\x30\x30", false}, // £500 in Windows-1252
		{"caf\xe9 au lait", false},  // é in Windows-1252
		{"\xb1", false},             // cut off
	}
	for _, tt := range tests {
		v := &gbValidator{gb18030: true}
		ok := v.feed([]byte(tt.data)) < 0 && v.complete()
		if ok != tt.valid {
			t.Errorf("%q valid = %v, want %v", tt.data, ok, tt.valid)
		}
	}
}
