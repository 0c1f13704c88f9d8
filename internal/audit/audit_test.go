package audit_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"govshare/internal/audit"
	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

func appendN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	l := audit.NewLog(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer l.Close()

	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs <- l.Append(context.Background(), audit.Entry{
				Actor: fmt.Sprintf("user%d", i%3), Department: "D1", Role: "consumer_developer",
				Action: "data.query", Resource: "R1", Fields: "name,phone", RowCount: int64(i),
				Purpose: "核验", Result: audit.ResultOK, RequestID: fmt.Sprintf("req-%d", i),
			})
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("append: %v", err)
		}
	}
}

func TestVerifyIntactChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		appendN(t, db, 50)
		res, err := audit.Verify(context.Background(), db)
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
		if res.Break != nil {
			t.Fatalf("intact chain reported broken at %d: %s", res.Break.Seq, res.Break.Reason)
		}
		if res.Entries != 50 || res.LastSeq != 50 {
			t.Errorf("entries = %d, last seq = %d, want 50 and 50", res.Entries, res.LastSeq)
		}
	})
}

func TestVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name    string
		tamper  string
		wantSeq int64
		reason  string
	}{
		{"altered", "UPDATE audit_log SET row_count = 999 WHERE seq = 7", 7, "altered"},
		{"deleted", "DELETE FROM audit_log WHERE seq = 12", 12, "missing"},
		{"deleted last link", "DELETE FROM audit_log WHERE seq = 4", 4, "missing"},
		{"inserted", `INSERT INTO audit_log (seq, ts, actor, actor_id, department, role, action, resource,
			fields, row_count, purpose, result, request_id, detail, prev_hash, hash)
			SELECT 21, ts, actor, actor_id, department, role, action, resource, fields, row_count,
			purpose, result, request_id, detail, prev_hash, hash FROM audit_log WHERE seq = 20`, 21, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				appendN(t, db, 20)
				if _, err := db.Exec(context.Background(), tt.tamper); err != nil {
					t.Fatalf("tamper: %v", err)
				}
				res, err := audit.Verify(context.Background(), db)
				if err != nil {
					t.Fatalf("verify: %v", err)
				}
				if res.Break == nil {
					t.Fatal("tampered chain verified as intact")
				}
				if res.Break.Seq != tt.wantSeq {
					t.Errorf("break at %d (%s), want %d", res.Break.Seq, res.Break.Reason, tt.wantSeq)
				}
				if !strings.Contains(res.Break.Reason, tt.reason) {
					t.Errorf("reason %q does not mention %q", res.Break.Reason, tt.reason)
				}
			})
		})
	}
}

func TestListFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		appendN(t, db, 30)
		got, err := audit.List(context.Background(), db, audit.Filter{Actor: "user1", Limit: 100})
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		if len(got) != 10 {
			t.Errorf("entries of user1 = %d, want 10", len(got))
		}
		for _, e := range got {
			if e.Actor != "user1" {
				t.Errorf("entry %d has actor %q", e.Seq, e.Actor)
			}
		}
	})
}
