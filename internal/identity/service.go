package identity

import (
	"log/slog"
	"sync"
	"time"

	"govshare/internal/store"
)

// Service is the identity store: departments, users, sessions and tokens.
type Service struct {
	db     *store.DB
	logger *slog.Logger

	// lastUsed throttles api_tokens.last_used_at writes to one per token per minute.
	mu       sync.Mutex
	lastUsed map[int64]time.Time
}

// NewService returns an identity service on db.
func NewService(db *store.DB, logger *slog.Logger) *Service {
	return &Service{db: db, logger: logger, lastUsed: map[int64]time.Time{}}
}

// Principal is the authenticated caller of a request.
type Principal struct {
	UserID         int64  `json:"user_id"`
	Username       string `json:"username"`
	DisplayName    string `json:"display_name"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentCode string `json:"department_code"`
	Roles          []Role `json:"roles"`
	// AuthMethod is "session", "token" or "cli".
	AuthMethod string `json:"auth_method"`
	// TokenID is the public id of the API token used, when AuthMethod is "token".
	TokenID string `json:"token_id,omitempty"`
}

// Has reports whether the principal holds role r.
func (p *Principal) Has(r Role) bool {
	for _, have := range p.Roles {
		if have == r {
			return true
		}
	}
	return false
}

// RoleList returns the roles joined by commas, for audit entries.
func (p *Principal) RoleList() string {
	s := ""
	for i, r := range p.Roles {
		if i > 0 {
			s += ","
		}
		s += string(r)
	}
	return s
}
