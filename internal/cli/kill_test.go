package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/identity"
	"govshare/internal/store"
)

// TestImportChild runs `govshare import` when started by TestKilledImportKeepsVersion; it does
// nothing in a normal test run.
func TestImportChild(t *testing.T) {
	if os.Getenv("GOVSHARE_IMPORT_CHILD") == "" {
		t.Skip("runs only as the child process of TestKilledImportKeepsVersion")
	}
	_, err := runCLI(t, "import", "--quiet", "--data", os.Getenv("GOVSHARE_IMPORT_DATA"), "--resource", "KILL-000001",
		"--as", "steward", os.Getenv("GOVSHARE_IMPORT_FILE"))
	t.Fatalf("import finished before it was killed: %v", err)
}

func TestKilledImportKeepsVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, "sqlite", dir)
	if err != nil {
		t.Fatal(err)
	}
	ids := identity.NewService(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := ids.CreateDepartment(ctx, identity.NewDepartment{Code: "KILL", NameZH: "测试局"}); err != nil {
		t.Fatal(err)
	}
	u, err := ids.CreateUser(ctx, identity.NewUser{Username: "steward", DepartmentCode: "KILL", Password: "a-long-password-1", Roles: []string{"data_steward"}})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ids.PrincipalOf(ctx, u.ID, "test")
	res, err := catalog.NewService(db).Create(ctx, p, catalog.Metadata{Name: "人口", Summary: "s", Classification: "theme",
		SharingType: catalog.SharingUnconditional, OpenType: catalog.OpenClosed, SecurityLevel: 2})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	small := filepath.Join(dir, "small.csv")
	if err := os.WriteFile(small, []byte("代码,人数\n001,10\n002,20\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, "import", "--quiet", "--data", dir, "--resource", res.Code, "--as", "steward", small); err != nil {
		t.Fatalf("first import: %v\n%s", err, out)
	}

	// A file large enough that the child is still loading when it is killed.
	big := filepath.Join(dir, "big.csv")
	var b strings.Builder
	b.WriteString("代码,人数\n")
	for i := 0; i < 400000; i++ {
		fmt.Fprintf(&b, "%06d,%d\n", i, i%977)
	}
	if err := os.WriteFile(big, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	child := exec.Command(os.Args[0], "-test.run=^TestImportChild$")
	child.Env = append(os.Environ(), "GOVSHARE_IMPORT_CHILD=1", "GOVSHARE_IMPORT_DATA="+dir, "GOVSHARE_IMPORT_FILE="+big)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}

	db, err = store.Open(ctx, "sqlite", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var loading int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM dataset_versions WHERE status = 'loading'").Scan(&loading); err != nil {
			t.Fatal(err)
		}
		if loading > 0 {
			break
		}
		if time.Now().After(deadline) {
			child.Process.Kill()
			t.Fatal("the child never started its load")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()

	// What serve does at start: interrupted loads are failed and their tables dropped.
	sets := dataset.NewService(db)
	if err := sets.Cleanup(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatalf("cleanup: %v", err)
	}
	v, err := sets.Get(ctx, res.ID, res.Code, 0)
	if err != nil {
		t.Fatal(err)
	}
	if v.Version != 1 || v.Rows != 2 {
		t.Errorf("current version after the kill = %d with %d rows, want 1 with 2", v.Version, v.Rows)
	}
	var tables int
	if err := db.Data.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds_%'").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 1 {
		t.Errorf("dataset tables after cleanup = %d, want only version 1's", tables)
	}
	versions, _ := sets.List(ctx, res.ID)
	if len(versions) != 2 || versions[0].Status != dataset.StatusFailed {
		t.Errorf("versions = %+v, want the killed load recorded as failed", versions)
	}
}
