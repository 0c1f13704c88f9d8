package store_test

import (
	"context"
	"testing"

	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

func TestOpenMigratesOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&n); err != nil {
			t.Fatalf("count migrations: %v", err)
		}
		if n == 0 {
			t.Fatal("no migration recorded after Open")
		}

		// A second migration run must find everything applied and change nothing.
		if err := store.MigrateForTest(ctx, db); err != nil {
			t.Fatalf("second migration run: %v", err)
		}
		var again int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&again); err != nil {
			t.Fatalf("count migrations: %v", err)
		}
		if again != n {
			t.Errorf("migrations recorded = %d after second run, want %d", again, n)
		}
	})
}

func TestRebind(t *testing.T) {
	got := store.Rebind(store.Postgres, "SELECT a FROM t WHERE b = ? AND c IN (?, ?)")
	want := "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"
	if got != want {
		t.Errorf("Rebind = %q, want %q", got, want)
	}
	if got := store.Rebind(store.SQLite, "b = ?"); got != "b = ?" {
		t.Errorf("Rebind for sqlite changed the query: %q", got)
	}
}

func TestRedactDSN(t *testing.T) {
	got := store.RedactDSN("postgres://gs:secret@db:5432/gs")
	if got != "postgres://gs:xxxxx@db:5432/gs" {
		t.Errorf("RedactDSN = %q", got)
	}
}
