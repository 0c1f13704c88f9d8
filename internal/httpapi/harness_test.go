package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"govshare/internal/app"
	"govshare/internal/identity"
	"govshare/internal/store/storetest"
)

// platform is a running API on a fresh store with departments and users.
type platform struct {
	t      *testing.T
	app    *app.App
	srv    *httptest.Server
	tokens map[string]string
}

// eachPlatform runs fn on a platform over SQLite and, when configured, over PostgreSQL.
func eachPlatform(t *testing.T, fn func(t *testing.T, p *platform)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newPlatform(t, "sqlite")) })
	t.Run("postgres", func(t *testing.T) { fn(t, newPlatform(t, storetest.PostgresDSN(t))) })
}

func newPlatform(t *testing.T, storeURL string) *platform {
	t.Helper()
	cfg := app.DefaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Store = storeURL
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(context.Background(), cfg, logger)
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	srv := httptest.NewServer(a.API.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	p := &platform{t: t, app: a, srv: srv, tokens: map[string]string{}}
	p.seed()
	return p
}

// seed creates a provider (statistics), two consumers (health, civil) and the operator's bureau.
func (p *platform) seed() {
	ctx := context.Background()
	ids := p.app.Identity
	for _, d := range []identity.NewDepartment{
		{Code: "BDB", NameZH: "大数据局"}, {Code: "STATS", NameZH: "统计局"},
		{Code: "HEALTH", NameZH: "卫健委"}, {Code: "CIVIL", NameZH: "民政局"},
	} {
		if _, err := ids.CreateDepartment(ctx, d); err != nil {
			p.t.Fatal(err)
		}
	}
	for _, u := range []struct{ name, dept, role string }{
		{"operator", "BDB", "platform_operator"}, {"auditor", "BDB", "audit_admin"}, {"security", "BDB", "security_admin"},
		{"steward", "STATS", "data_steward"}, {"approver", "STATS", "approver"},
		{"dev", "HEALTH", "consumer_developer"}, {"other", "CIVIL", "consumer_developer"},
	} {
		created, err := ids.CreateUser(ctx, identity.NewUser{Username: u.name, DepartmentCode: u.dept,
			Password: "test-password-123", Roles: []string{u.role}})
		if err != nil {
			p.t.Fatal(err)
		}
		_, tok, err := ids.CreateToken(ctx, created.ID, "test", time.Hour)
		if err != nil {
			p.t.Fatal(err)
		}
		p.tokens[u.name] = tok
	}
}

// response is a decoded API response.
type response struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func (r response) errCode() string {
	e, _ := r.json["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// call sends a request as user (no token when user is ""), with a JSON body when body is not nil.
func (p *platform) call(user, method, path string, body any, header ...string) response {
	p.t.Helper()
	var rd io.Reader
	if b, ok := body.([]byte); ok {
		rd = bytes.NewReader(b)
	} else if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			p.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.srv.URL+path, rd)
	if err != nil {
		p.t.Fatal(err)
	}
	if user != "" {
		tok, ok := p.tokens[user]
		if !ok {
			tok = user // a literal token text
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out := response{status: resp.StatusCode, header: resp.Header}
	out.body, _ = io.ReadAll(resp.Body)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(out.body, &out.json)
	}
	return out
}

// must calls and fails the test unless the status is want.
func (p *platform) must(want int, user, method, path string, body any) response {
	p.t.Helper()
	r := p.call(user, method, path, body)
	if r.status != want {
		p.t.Fatalf("%s %s as %s: status %d, want %d: %s", method, path, user, r.status, want, r.body)
	}
	return r
}

// expectError checks a refusal's status and error code.
func (p *platform) expectError(r response, status int, code string) {
	p.t.Helper()
	if r.status != status || r.errCode() != code {
		p.t.Errorf("got status %d code %q, want %d %q: %s", r.status, r.errCode(), status, code, r.body)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func str(v any) string { return fmt.Sprint(v) }
