package cli

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"govshare/internal/audit"
	"govshare/internal/store"
)

func TestAuditVerifyCommand(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite", dir)
	if err != nil {
		t.Fatal(err)
	}
	log := audit.NewLog(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for i := 0; i < 10; i++ {
		if err := log.Append(ctx, audit.Entry{Actor: "dev", Action: "data.query", Result: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	log.Close()

	out, err := runCLI(t, "audit", "verify", "--data", dir)
	if err != nil || !strings.Contains(out, "audit log intact: 10 entries") {
		t.Fatalf("verify untouched log: %v\n%s", err, out)
	}

	if _, err := db.Exec(ctx, "UPDATE audit_log SET actor = 'someone' WHERE seq = 6"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, err = runCLI(t, "audit", "verify", "--data", dir)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 3 {
		t.Fatalf("verify altered log: err %v, want exit code 3", err)
	}
	if !strings.Contains(out, "BROKEN at entry 6") {
		t.Errorf("output does not name entry 6:\n%s", out)
	}
}

func TestAuditVerifyNeedsStore(t *testing.T) {
	_, err := runCLI(t, "audit", "verify", "--data", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "no govshare store") {
		t.Errorf("verify on an empty directory: %v", err)
	}
}
