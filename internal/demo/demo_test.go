package demo_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"govshare/internal/app"
	"govshare/internal/catalog"
	"govshare/internal/demo"
	"govshare/internal/grant"
)

func TestSeedPublishesEveryResource(t *testing.T) {
	ctx := context.Background()
	cfg := app.DefaultConfig()
	cfg.DataDir = t.TempDir()
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	var out bytes.Buffer
	if err := demo.Seed(ctx, a, cfg.DataDir, &out); err != nil {
		t.Fatalf("seed: %v", err)
	}

	cred := filepath.Join(cfg.DataDir, demo.CredentialsFile)
	st, err := os.Stat(cred)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("credentials file mode = %v, want 0600", st.Mode().Perm())
	}
	body, _ := os.ReadFile(cred)
	if n := strings.Count(string(body), "\tgst_"); n != 11 {
		t.Errorf("credentials hold %d tokens, want 11", n)
	}

	ops, err := a.Identity.UserByName(ctx, "operator")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := a.Identity.PrincipalOf(ctx, ops.ID, "test")
	list, total, err := a.Catalog.List(ctx, p, catalog.Query{Status: catalog.StatusPublished})
	if err != nil || total != 5 {
		t.Fatalf("published resources = %d, %v; want 5", total, err)
	}
	for _, r := range list {
		if r.CurrentVersion != 1 {
			t.Errorf("%s (%s) has current version %d, want 1", r.Code, r.Metadata.Name, r.CurrentVersion)
		}
	}
	pop, err := a.Catalog.Lookup(ctx, "11110000GXDM00043C-000001")
	if err != nil {
		t.Fatal(err)
	}
	v, err := a.Datasets.Get(ctx, pop.ID, pop.Code, 0)
	if err != nil || v.Rows != demo.Population {
		t.Fatalf("population register: %v rows, %v", v, err)
	}

	approver, _ := a.Identity.UserByName(ctx, "police.approver")
	pa, _ := a.Identity.PrincipalOf(ctx, approver.ID, "test")
	pending, err := a.Grants.ListRequests(ctx, pa, grant.RequestQuery{Box: "incoming", Status: grant.RequestPending})
	if err != nil || len(pending) != 1 {
		t.Errorf("pending requests for the police = %d, %v; want 1", len(pending), err)
	}

	// A second start finds the demo and loads nothing.
	out.Reset()
	if err := demo.Seed(ctx, a, cfg.DataDir, &out); err != nil || !strings.Contains(out.String(), "already loaded") {
		t.Errorf("second seed: %v, %q", err, out.String())
	}
}
