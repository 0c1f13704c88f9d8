package dataset_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"govshare/internal/dataset"
	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

// reversed replaces the keyed pseudonym in tests, because any function of the value works for the index.
func reversed(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return "p" + string(r)
}

func TestClearValuesByPseudonym(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := dataset.NewService(db)
		resID := seedResource(t, db)
		res, err := load(t, s, resID, writeCSV(t, 30, ""))
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		v := res.Version

		calls := 0
		counting := func(text string) string {
			calls++
			return reversed(text)
		}
		got, err := s.ClearValues(ctx, v, "D1/000001", "城市", "t1", counting, []string{reversed("上海"), reversed("广州"), "p-none"}, discard)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"上海", "广州"}, sortedStrings(got)); diff != "" {
			t.Errorf("clear values (-want +got):\n%s", diff)
		}
		if calls != 3 {
			t.Errorf("pseudonyms computed %d times, want once per distinct value (3)", calls)
		}

		// The index is built once; later lookups compute nothing.
		got, err = s.ClearValues(ctx, v, "D1/000001", "城市", "t1", counting, []string{reversed("北京")}, discard)
		if err != nil || len(got) != 1 || got[0] != "北京" || calls != 3 {
			t.Errorf("second lookup = %v, %v after %d pseudonym calls", got, err, calls)
		}

		// A filter that matches nothing selects no row.
		page, err := s.Fetch(ctx, v, "D1/000001", dataset.Query{Filters: []dataset.Condition{{Field: "城市", Op: dataset.OpNone}}}, nil, -1, nil)
		if err != nil || len(page.Rows) != 0 {
			t.Errorf("none filter returned %d rows, %v", len(page.Rows), err)
		}

		if _, err := s.ClearValues(ctx, v, "D1/000001", "城市", "bad tag!", counting, []string{"x"}, discard); err == nil {
			t.Error("a tag that is unsafe in a table name was accepted")
		}
		if _, err := s.ClearValues(ctx, v, "D1/000001", "无此字段", "t1", counting, []string{"x"}, discard); err == nil || !strings.Contains(err.Error(), "无此字段") {
			t.Errorf("unknown field error = %v", err)
		}
	})
}

func sortedStrings(in []string) []string {
	out := slices.Clone(in)
	slices.Sort(out)
	return out
}
