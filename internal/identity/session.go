package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// SessionTTL is how long a console login lasts.
const SessionTTL = 12 * time.Hour

// Login checks a user name and password and opens a console session. It returns the session id
// that goes into the cookie; only its hash is stored.
func (s *Service) Login(ctx context.Context, username, password string) (*Principal, string, error) {
	u, err := s.UserByName(ctx, username)
	var hash string
	if err == nil {
		err = s.db.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", u.ID).Scan(&hash)
	}
	if err != nil {
		var ae *apierr.Error
		if errors.As(err, &ae) {
			// Spend the same time as a real check so that user names cannot be probed by timing.
			_, _ = CheckPassword(dummyHash, password)
			return nil, "", apierr.New("login_failed")
		}
		return nil, "", err
	}

	ok, err := CheckPassword(hash, password)
	if err != nil {
		return nil, "", err
	}
	if !ok || u.Disabled {
		return nil, "", apierr.New("login_failed")
	}

	sid := randomString(32)
	now := store.Now()
	_, err = s.db.Exec(ctx, "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		hashSecret(sid), u.ID, now, now+SessionTTL.Milliseconds())
	if err != nil {
		return nil, "", fmt.Errorf("identity: insert session for user %d: %w", u.ID, err)
	}
	p, err := s.principalOf(ctx, u.ID, "session")
	if err != nil {
		return nil, "", err
	}
	return p, sid, nil
}

// dummyHash is a valid argon2id hash of a random password, checked when the user does not exist.
var dummyHash = func() string {
	h, err := HashPassword(randomString(16))
	if err != nil {
		panic(err)
	}
	return h
}()

// ErrInvalidSession is returned for an unknown or expired session.
var ErrInvalidSession = errors.New("identity: invalid session")

// AuthenticateSession resolves a session id to its user's principal.
func (s *Service) AuthenticateSession(ctx context.Context, sid string) (*Principal, error) {
	var userID, expires int64
	err := s.db.QueryRow(ctx, "SELECT user_id, expires_at FROM sessions WHERE id_hash = ?", hashSecret(sid)).Scan(&userID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrInvalidSession
	}
	if err != nil {
		return nil, fmt.Errorf("identity: look up session: %w", err)
	}
	if store.Now() >= expires {
		return nil, ErrInvalidSession
	}
	p, err := s.principalOf(ctx, userID, "session")
	if errors.Is(err, errDisabled) {
		return nil, ErrInvalidSession
	}
	return p, err
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, sid string) error {
	if _, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE id_hash = ?", hashSecret(sid)); err != nil {
		return fmt.Errorf("identity: delete session: %w", err)
	}
	return nil
}
