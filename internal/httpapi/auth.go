package httpapi

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/identity"
)

// sessionCookie is the console's login cookie.
const sessionCookie = "govshare_session"

// authenticate resolves the request's bearer token or session cookie. Requests that change state
// with a session cookie must carry the X-Requested-With header, which a cross-site form cannot set.
func (s *Server) authenticate(r *http.Request) (*identity.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return nil, apierr.New("invalid_token")
		}
		p, err := s.identity.AuthenticateToken(r.Context(), strings.TrimSpace(token))
		if errors.Is(err, identity.ErrInvalidToken) {
			return nil, apierr.New("invalid_token")
		}
		return p, err
	}

	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, apierr.New("unauthenticated")
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("X-Requested-With") == "" {
		return nil, apierr.New("unauthenticated")
	}
	p, err := s.identity.AuthenticateSession(r.Context(), c.Value)
	if errors.Is(err, identity.ErrInvalidSession) {
		return nil, apierr.New("unauthenticated")
	}
	return p, err
}

type loginInput struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, _ *identity.Principal) (any, error) {
	var in loginInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	ac := auditOf(r)
	ac.detail = map[string]string{"username": in.Username, "remote": clientIP(r)}
	p, sid, err := s.identity.Login(r.Context(), in.Username, in.Password)
	if err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: sid, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteStrictMode, Expires: time.Now().Add(identity.SessionTTL)})
	// The audit entry names the user who logged in.
	ac.written = true
	if err := s.record(r, p, ac); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ *identity.Principal) (any, error) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.identity.Logout(r.Context(), c.Value); err != nil {
			return nil, err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	return map[string]bool{"logged_out": true}, nil
}

func (s *Server) me(_ http.ResponseWriter, _ *http.Request, p *identity.Principal) (any, error) {
	return p, nil
}

type tokenInput struct {
	Name    string `json:"name"`
	TTLDays int    `json:"ttl_days"`
}

func (s *Server) createToken(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	var in tokenInput
	if err := decodeJSON(r, &in); err != nil {
		return nil, err
	}
	if in.TTLDays == 0 {
		in.TTLDays = 90
	}
	tok, secret, err := s.identity.CreateToken(r.Context(), p.UserID, in.Name, time.Duration(in.TTLDays)*24*time.Hour)
	if err != nil {
		return nil, err
	}
	auditOf(r).detail = map[string]string{"token_created": tok.ID}
	return created{map[string]any{"token": tok, "secret": secret,
		"note": "The secret is shown only now; store it safely. 令牌仅显示这一次，请妥善保存。"}}, nil
}

func (s *Server) listTokens(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	return s.identity.ListTokens(r.Context(), p.UserID)
}

func (s *Server) revokeToken(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	id := r.PathValue("id")
	auditOf(r).detail = map[string]string{"token_revoked": id}
	if err := s.identity.RevokeToken(r.Context(), p.UserID, id); err != nil {
		return nil, err
	}
	return map[string]bool{"revoked": true}, nil
}
