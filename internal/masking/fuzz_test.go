package masking

import (
	"testing"
	"unicode/utf8"
)

func FuzzApply(f *testing.F) {
	for _, in := range maskingInputs {
		f.Add(in)
	}
	ops := maskingOperators()
	f.Fuzz(func(t *testing.T, in string) {
		for _, op := range ops {
			got := op.Apply(in, []byte("k"))
			if !utf8.ValidString(got) {
				t.Fatalf("%+v on %q returned invalid UTF-8 %q", op, in, got)
			}
			if got == in && !onlyRune(in, op.maskRune()) {
				t.Fatalf("%+v returned %q unchanged", op, in)
			}
		}
	})
}
