package dataset

import (
	"testing"

	"govshare/internal/store"
)

// FuzzCursor checks that a tampered or random cursor is rejected or turned into a condition with
// one argument per placeholder, and never panics.
func FuzzCursor(f *testing.F) {
	v := &Version{Version: 3, Table: "ds_1_v3", Columns: []Column{
		{Name: "code", Type: "string", Storage: "c1"},
		{Name: "n", Type: "integer", Storage: "c2"},
		{Name: "ok", Type: "boolean", Storage: "c3"},
	}}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		s := &Service{db: &store.DB{Dialect: d}}
		p, err := s.resolve(v, Query{Sort: []SortKey{{Field: "n", Desc: true}, {Field: "code"}}}, nil, "R")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(encodeCursor(p.shapeID, []any{int64(7), int64(42), "110105"}))
		f.Add(encodeCursor(p.shapeID, []any{int64(7), nil, nil}))
	}
	f.Add("")
	f.Add("e30")
	f.Fuzz(func(t *testing.T, text string) {
		for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
			s := &Service{db: &store.DB{Dialect: d}}
			p, err := s.resolve(v, Query{Sort: []SortKey{{Field: "n", Desc: true}, {Field: "code"}}}, nil, "R")
			if err != nil {
				t.Fatal(err)
			}
			cond, args, err := s.afterCursor(p, text)
			if err != nil {
				continue
			}
			want := 0
			for _, r := range store.Rebind(store.SQLite, cond) {
				if r == '?' {
					want++
				}
			}
			if d == store.SQLite && want != len(args) {
				t.Fatalf("%d placeholders but %d arguments for cursor %q", want, len(args), text)
			}
		}
	})
}
