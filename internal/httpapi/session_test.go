package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

func TestConsoleSession(t *testing.T) {
	eachPlatform(t, func(t *testing.T, p *platform) {
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar}
		send := func(method, path, body string, headers ...string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest(method, p.srv.URL+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			for i := 0; i+1 < len(headers); i += 2 {
				req.Header.Set(headers[i], headers[i+1])
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			var out map[string]any
			_ = json.NewDecoder(bytes.NewReader(b)).Decode(&out)
			return resp.StatusCode, out
		}

		if code, out := send("POST", "/api/v1/auth/login", `{"username":"dev","password":"wrong-password-1"}`); code != 401 {
			t.Fatalf("wrong password: %d %v", code, out)
		}
		if code, out := send("POST", "/api/v1/auth/login", `{"username":"dev","password":"test-password-123"}`); code != 200 || out["username"] != "dev" {
			t.Fatalf("login: %d %v", code, out)
		}
		if code, out := send("GET", "/api/v1/me", ""); code != 200 || out["auth_method"] != "session" {
			t.Fatalf("me with the session cookie: %d %v", code, out)
		}
		// A state-changing request with only the cookie must carry X-Requested-With, which a
		// cross-site form cannot send.
		if code, _ := send("POST", "/api/v1/me/tokens", `{"name":"x"}`); code != 401 {
			t.Errorf("cookie-only POST without X-Requested-With: %d, want 401", code)
		}
		if code, out := send("POST", "/api/v1/me/tokens", `{"name":"ci","ttl_days":7}`, "X-Requested-With", "fetch"); code != 201 || out["secret"] == nil {
			t.Errorf("create token with the session: %d %v", code, out)
		}
		if code, _ := send("POST", "/api/v1/auth/logout", "", "X-Requested-With", "fetch"); code != 200 {
			t.Errorf("logout: %d", code)
		}
		if code, _ := send("GET", "/api/v1/me", ""); code != 401 {
			t.Errorf("me after logout: %d, want 401", code)
		}

		r := p.must(200, "auditor", "GET", "/api/v1/audit?action=auth.login", nil)
		entries := r.json["entries"].([]any)
		if len(entries) != 2 {
			t.Fatalf("login entries = %d, want 2", len(entries))
		}
		if e := entries[0].(map[string]any); e["result"] != "login_failed" || e["actor"] != "anonymous" {
			t.Errorf("failed login entry = %v", e)
		}
		if e := entries[1].(map[string]any); e["result"] != "ok" || e["actor"] != "dev" {
			t.Errorf("login entry = %v", e)
		}
	})
}
