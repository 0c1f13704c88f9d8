package dataset_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"govshare/internal/dataset"
	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// seedResource inserts the department, user and resource rows a version refers to.
func seedResource(t *testing.T, db *store.DB) int64 {
	t.Helper()
	ctx := context.Background()
	now := store.Now()
	var dept, user, res int64
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.QueryRow(ctx, "INSERT INTO departments (code, name_zh, created_at) VALUES ('D1', '统计局', ?) RETURNING id", now).Scan(&dept))
	must(db.QueryRow(ctx, "INSERT INTO users (username, department_id, created_at) VALUES ('u1', ?, ?) RETURNING id", dept, now).Scan(&user))
	must(db.QueryRow(ctx, `INSERT INTO resources (code, department_id, name, status, sharing_type, open_type, classification,
		security_level, search_text, metadata, meta_version, created_by, created_at, updated_at)
		VALUES ('D1/000001', ?, 'r', 'published', 'conditional', 'closed', 'department', 2, '', '{}', 1, ?, ?, ?) RETURNING id`,
		dept, user, now, now).Scan(&res))
	return res
}

func writeCSV(t *testing.T, rows int, extra string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("区划代码,名称,人口,城市\n")
	for i := 0; i < rows; i++ {
		city := []string{"北京", "上海", "广州"}[i%3]
		pop := fmt.Sprint(1000 + i)
		if i%10 == 9 {
			pop = ""
		}
		fmt.Fprintf(&b, "%06d,地区%d,%s,%s\n", 110000+i, i, pop, city)
	}
	b.WriteString(extra)
	path := filepath.Join(t.TempDir(), "data.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func load(t *testing.T, s *dataset.Service, resID int64, path string) (*dataset.LoadResult, error) {
	return s.Load(context.Background(), dataset.LoadRequest{ResourceID: resID, ResourceCode: "D1/000001", UserID: 1,
		Path: path, FileName: "data.csv", IndexFields: []string{"区划代码"}}, discard)
}

func TestLoadAndPaginate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := dataset.NewService(db)
		resID := seedResource(t, db)
		res, err := load(t, s, resID, writeCSV(t, 250, ""))
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		if res.Version.Rows != 250 || res.Version.Version != 1 {
			t.Fatalf("version = %+v", res.Version)
		}
		v, err := s.Get(ctx, resID, "D1/000001", 0)
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := v.Column("区划代码"); c == nil || c.Type != "string" {
			t.Fatalf("区划代码 column = %+v, want a string column", c)
		}

		// Walk every page of a filtered, sorted query and check that each row comes once, in order.
		q := dataset.Query{Fields: []string{"区划代码", "人口"}, Sort: []dataset.SortKey{{Field: "人口", Desc: true}},
			Filters: []dataset.Condition{{Field: "城市", Op: dataset.OpIn, Values: []string{"北京", "上海"}}}, Limit: 37, Total: "exact"}
		var seen []string
		var last any = int64(1 << 62)
		nullsStarted := false
		for page := 0; page < 20; page++ {
			p, err := s.Fetch(ctx, v, "D1/000001", q, nil, -1, nil)
			if err != nil {
				t.Fatalf("fetch page %d: %v", page, err)
			}
			if page == 0 && (p.Total == nil || *p.Total != 167) {
				t.Errorf("total = %v, want 167", p.Total)
			}
			for _, row := range p.Rows {
				seen = append(seen, row[0].(string))
				if row[1] == nil {
					nullsStarted = true
					continue
				}
				if nullsStarted {
					t.Fatalf("value %v after NULLs: NULLs must sort last", row[1])
				}
				if row[1].(int64) > last.(int64) {
					t.Fatalf("order broken: %v after %v", row[1], last)
				}
				last = row[1]
			}
			if p.NextCursor == "" {
				break
			}
			q.Cursor = p.NextCursor
		}
		if len(seen) != 167 {
			t.Errorf("rows seen = %d, want 167", len(seen))
		}
		uniq := map[string]bool{}
		for _, c := range seen {
			if uniq[c] {
				t.Fatalf("row %s returned twice", c)
			}
			uniq[c] = true
		}
	})
}

func TestFailedLoadKeepsCurrentVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := dataset.NewService(db)
		resID := seedResource(t, db)
		if _, err := load(t, s, resID, writeCSV(t, 20, "")); err != nil {
			t.Fatal(err)
		}
		// A ragged row makes the second load fail under the default policy.
		if _, err := load(t, s, resID, writeCSV(t, 20, "999999,坏行,1,北京,多余,多余\n")); err == nil {
			t.Fatal("ragged file loaded without error")
		}
		v, err := s.Get(ctx, resID, "D1/000001", 0)
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != 1 || v.Rows != 20 {
			t.Errorf("current version = %d with %d rows, want version 1 with 20", v.Version, v.Rows)
		}
		versions, _ := s.List(ctx, resID)
		if len(versions) != 2 || versions[0].Status != dataset.StatusFailed || versions[0].Error == "" {
			t.Errorf("versions = %+v, want the failed load recorded with its error", versions)
		}
		p, err := s.Fetch(ctx, v, "D1/000001", dataset.Query{Filters: []dataset.Condition{{Field: "区划代码", Op: dataset.OpEq, Values: []string{"110003"}}}}, nil, -1, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([][]any{{"110003", "地区3", int64(1003), "北京"}}, p.Rows); diff != "" {
			t.Errorf("lookup after failed load (-want +got):\n%s", diff)
		}
	})
}

func TestCleanupInterruptedLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := dataset.NewService(db)
		resID := seedResource(t, db)
		if _, err := load(t, s, resID, writeCSV(t, 5, "")); err != nil {
			t.Fatal(err)
		}
		// Simulate a process killed mid-load: a version row left "loading" with a staging table.
		now := store.Now() - 3600_000
		if _, err := db.Exec(ctx, `INSERT INTO dataset_versions (resource_id, version, status, table_name, created_by, created_at, finished_at)
			VALUES (?, 2, 'loading', ?, 1, ?, ?)`, resID, fmt.Sprintf("ds_%d_v2", resID), now, now); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Data.ExecContext(ctx, fmt.Sprintf("CREATE TABLE ds_%d_v2 (_row BIGINT)", resID)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Data.ExecContext(ctx, "CREATE TABLE ds_999_v1 (_row BIGINT)"); err != nil {
			t.Fatal(err)
		}
		if err := s.Cleanup(ctx, discard); err != nil {
			t.Fatalf("cleanup: %v", err)
		}
		for _, table := range []string{fmt.Sprintf("ds_%d_v2", resID), "ds_999_v1"} {
			if _, err := db.Data.ExecContext(ctx, "SELECT 1 FROM "+table); err == nil {
				t.Errorf("table %s still exists after cleanup", table)
			}
		}
		v, err := s.Get(ctx, resID, "D1/000001", 0)
		if err != nil || v.Version != 1 {
			t.Errorf("current version after cleanup = %v, %v; want 1", v, err)
		}
		if _, err := load(t, s, resID, writeCSV(t, 5, "")); err != nil {
			t.Errorf("load after cleanup: %v", err)
		}
	})
}
