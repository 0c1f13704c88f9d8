package httpapi

import (
	"net/url"
	"testing"
)

// FuzzParseQueryString checks that any query string is either parsed into well-formed conditions
// or rejected with a catalogue error, and never panics.
func FuzzParseQueryString(f *testing.F) {
	for _, seed := range []string{
		"fields=a,b&sort=-a&limit=10",
		"filter.%E5%8C%BA%E5%88%92=in:110105,110101",
		`filter.x=in:["a,b","c"]`,
		"filter.x=eq",
		"limit=-1&version=0",
		"cursor=abc&total=exact",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		values, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		in, err := parseQueryString(values)
		if err != nil {
			return
		}
		for _, c := range in.Filters {
			if c.Field == "" && values.Get("filter.") == "" {
				t.Fatalf("condition without a field from %q", raw)
			}
			if len(c.Values) == 0 && c.Op != "in" {
				t.Fatalf("condition %+v without a value from %q", c, raw)
			}
		}
		if in.Limit < 0 || in.Version < 0 {
			t.Fatalf("negative limit or version from %q", raw)
		}
	})
}
