package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// TokenPrefix starts every API token, so that secret scanners can recognise leaked tokens.
const TokenPrefix = "gst_"

// MaxTokenTTL is the longest lifetime an API token may have.
const MaxTokenTTL = 366 * 24 * time.Hour

// Token is an API token as listed: never with its secret.
type Token struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	UserID     int64  `json:"user_id"`
	CreatedAt  int64  `json:"created_at"`
	ExpiresAt  int64  `json:"expires_at"`
	RevokedAt  *int64 `json:"revoked_at,omitempty"`
	LastUsedAt *int64 `json:"last_used_at,omitempty"`
}

// ErrInvalidToken is returned for a token that is malformed, unknown, expired or revoked, or whose
// user is disabled.
var ErrInvalidToken = errors.New("identity: invalid API token")

// CreateToken creates an API token for a user and returns it together with its secret text, which
// is shown this once: only its SHA-256 hash is stored. The token text is gst_<id>_<secret>.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string, ttl time.Duration) (*Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", apierr.New("invalid_parameter", "param", "name", "detail", "give the token a name of 1 to 100 characters")
	}
	if ttl <= 0 || ttl > MaxTokenTTL {
		return nil, "", apierr.New("invalid_parameter", "param", "ttl_days", "detail", "use 1 to 366 days")
	}

	publicID := randomString(9)
	secret := randomString(24)
	now := store.Now()
	expires := now + ttl.Milliseconds()
	_, err := s.db.Exec(ctx, `INSERT INTO api_tokens (public_id, user_id, name, secret_hash, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, publicID, userID, name, hashSecret(secret), now, expires)
	if err != nil {
		return nil, "", fmt.Errorf("identity: insert token for user %d: %w", userID, err)
	}
	tok := &Token{ID: publicID, Name: name, UserID: userID, CreatedAt: now, ExpiresAt: expires}
	return tok, TokenPrefix + publicID + "_" + secret, nil
}

// AuthenticateToken resolves a token text to its user's principal.
func (s *Service) AuthenticateToken(ctx context.Context, text string) (*Principal, error) {
	publicID, secret, ok := splitToken(text)
	if !ok {
		return nil, ErrInvalidToken
	}

	var id, expires int64
	var hash string
	var revoked sql.NullInt64
	var disabled int
	var roles sql.NullString
	p := &Principal{AuthMethod: "token"}
	// One query reads the token, its user, department and roles: this runs on every API call.
	aggregate := "group_concat(role, ',')"
	if s.db.Dialect == store.Postgres {
		aggregate = "string_agg(role, ',' ORDER BY role)"
	}
	err := s.db.QueryRow(ctx, `SELECT t.id, t.secret_hash, t.expires_at, t.revoked_at, u.id, u.username, u.display_name,
		u.department_id, d.code, u.disabled, (SELECT `+aggregate+` FROM user_roles r WHERE r.user_id = u.id)
		FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN departments d ON d.id = u.department_id
		WHERE t.public_id = ?`, publicID).Scan(&id, &hash, &expires, &revoked, &p.UserID, &p.Username, &p.DisplayName,
		&p.DepartmentID, &p.DepartmentCode, &disabled, &roles)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrInvalidToken
	}
	if err != nil {
		return nil, fmt.Errorf("identity: look up token %s: %w", publicID, err)
	}
	if subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(hash)) != 1 ||
		revoked.Valid || store.Now() >= expires || disabled != 0 {
		return nil, ErrInvalidToken
	}
	if roles.Valid && roles.String != "" {
		for _, r := range strings.Split(roles.String, ",") {
			p.Roles = append(p.Roles, Role(r))
		}
		slices.Sort(p.Roles)
	}
	p.TokenID = publicID
	s.touchToken(ctx, id)
	return p, nil
}

func (s *Service) touchToken(ctx context.Context, id int64) {
	s.mu.Lock()
	last, seen := s.lastUsed[id]
	now := time.Now()
	if seen && now.Sub(last) < time.Minute {
		s.mu.Unlock()
		return
	}
	s.lastUsed[id] = now
	s.mu.Unlock()

	if _, err := s.db.Exec(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", now.UnixMilli(), id); err != nil {
		s.logger.Warn("identity: record token use failed", slog.Int64("token_row", id), slog.Any("error", err))
	}
}

// ListTokens lists a user's tokens without their secrets.
func (s *Service) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.db.Query(ctx, `SELECT public_id, name, user_id, created_at, expires_at, revoked_at, last_used_at
		FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("identity: list tokens of user %d: %w", userID, err)
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var revoked, used sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Name, &t.UserID, &t.CreatedAt, &t.ExpiresAt, &revoked, &used); err != nil {
			return nil, fmt.Errorf("identity: scan token: %w", err)
		}
		if revoked.Valid {
			t.RevokedAt = &revoked.Int64
		}
		if used.Valid {
			t.LastUsedAt = &used.Int64
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token of the given user; the next call with it is refused.
func (s *Service) RevokeToken(ctx context.Context, userID int64, publicID string) error {
	res, err := s.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE public_id = ? AND user_id = ? AND revoked_at IS NULL`,
		store.Now(), publicID, userID)
	if err != nil {
		return fmt.Errorf("identity: revoke token %s: %w", publicID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apierr.New("not_found", "kind", "token", "value", publicID)
	}
	return nil
}

func splitToken(text string) (publicID, secret string, ok bool) {
	rest, found := strings.CutPrefix(text, TokenPrefix)
	if !found {
		return "", "", false
	}
	publicID, secret, found = strings.Cut(rest, "_")
	if !found || len(publicID) != 12 || len(secret) != 32 {
		return "", "", false
	}
	return publicID, secret, true
}

// randomString returns n random bytes in unpadded URL-safe base64 without '_' or '-', so that the
// token separators stay unambiguous.
func randomString(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("identity: crypto/rand failed: " + err.Error())
	}
	s := base64.RawURLEncoding.EncodeToString(b)
	return strings.NewReplacer("_", "a", "-", "b").Replace(s)
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
