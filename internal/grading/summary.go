package grading

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"govshare/internal/dlp"
)

// ColumnGrade is the stored grade of one column of a dataset version: the engine's proposal and,
// once a security administrator decided, the decision.
type ColumnGrade struct {
	Field          string  `json:"field"`
	InfoType       string  `json:"info_type"` // proposed information type, "" for none
	Confidence     float64 `json:"confidence"`
	ProposedLevel  int     `json:"proposed_level"`
	Sampled        int     `json:"sampled"`
	Valid          int     `json:"valid"`
	Source         string  `json:"source,omitempty"`
	RuleVersion    string  `json:"rule_version"`
	Status         string  `json:"status"`
	ConfirmedLevel *int    `json:"confirmed_level,omitempty"`
	ConfirmedType  *string `json:"confirmed_type,omitempty"`
	Reason         string  `json:"reason,omitempty"`
	DecidedBy      string  `json:"decided_by,omitempty"`
	DecidedAt      *int64  `json:"decided_at,omitempty"`
}

// Level returns the grade in force: the confirmed level once a person decided, the proposal until
// then.
func (c ColumnGrade) Level() int {
	if c.Status == GradeConfirmed && c.ConfirmedLevel != nil {
		return *c.ConfirmedLevel
	}
	return c.ProposedLevel
}

// Type returns the information type in force, confirmed or proposed.
func (c ColumnGrade) Type() string {
	if c.Status == GradeConfirmed && c.ConfirmedType != nil {
		return *c.ConfirmedType
	}
	return c.InfoType
}

// Summary is the grading of a resource's dataset version.
type Summary struct {
	Version       int           `json:"version"`
	Status        string        `json:"status"`                   // pending, done or failed
	Error         string        `json:"-"`                        // internal detail; logged, never sent to clients
	Level         int           `json:"level,omitempty"`          // in force: confirmed column grades, proposals until confirmed
	ProposedLevel int           `json:"proposed_level,omitempty"` // as the engine proposed it
	Reasons       []string      `json:"reasons,omitempty"`        // the rules and columns that set Level
	RuleVersion   string        `json:"rule_version,omitempty"`
	Persons       int64         `json:"distinct_persons"`
	Confirmed     bool          `json:"confirmed"` // every column decided by a person
	GradedAt      int64         `json:"graded_at,omitempty"`
	Columns       []ColumnGrade `json:"columns"`
}

// Summary returns the grading of one dataset version of a resource. A version never graded has
// status pending.
func (s *Service) Summary(ctx context.Context, resourceID int64, version int) (*Summary, error) {
	sum := &Summary{Version: version, Status: StatusPending, Columns: []ColumnGrade{}}
	var reasons string
	err := s.db.QueryRow(ctx, `SELECT status, level, reasons, rule_version, persons, error, graded_at FROM version_gradings
		WHERE resource_id = ? AND version = ?`, resourceID, version).
		Scan(&sum.Status, &sum.ProposedLevel, &reasons, &sum.RuleVersion, &sum.Persons, &sum.Error, &sum.GradedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return sum, nil
	}
	if err != nil {
		return nil, fmt.Errorf("grading: read grading of resource %d version %d: %w", resourceID, version, err)
	}
	if err := json.Unmarshal([]byte(reasons), &sum.Reasons); err != nil {
		return nil, fmt.Errorf("grading: decode grading reasons of resource %d: %w", resourceID, err)
	}
	if sum.Status != StatusDone {
		return sum, nil
	}

	if sum.Columns, err = s.columns(ctx, resourceID, version); err != nil {
		return nil, err
	}
	sum.Confirmed = true
	cols := make([]dlp.ColumnGrade, len(sum.Columns))
	for i, c := range sum.Columns {
		cols[i] = dlp.ColumnGrade{Column: c.Field, InfoType: c.Type(), Level: c.Level()}
		if c.Status != GradeConfirmed {
			sum.Confirmed = false
		}
	}
	// The grade in force follows the same rules as the proposal, over the column grades in force.
	sum.Level, sum.Reasons = s.engine.GradeResource(cols, sum.Persons)
	return sum, nil
}

func (s *Service) columns(ctx context.Context, resourceID int64, version int) ([]ColumnGrade, error) {
	rows, err := s.db.Query(ctx, `SELECT g.field, g.info_type, g.confidence, g.proposed_level, g.sampled, g.valid, g.source,
		g.rule_version, g.status, g.confirmed_level, g.confirmed_type, g.reason, COALESCE(u.username, ''), g.decided_at
		FROM column_grades g LEFT JOIN users u ON u.id = g.decided_by
		WHERE g.resource_id = ? AND g.version = ? ORDER BY g.id`, resourceID, version)
	if err != nil {
		return nil, fmt.Errorf("grading: read column grades of resource %d: %w", resourceID, err)
	}
	defer rows.Close()
	out := []ColumnGrade{}
	for rows.Next() {
		var c ColumnGrade
		var level sql.NullInt64
		var typ sql.NullString
		var at sql.NullInt64
		if err := rows.Scan(&c.Field, &c.InfoType, &c.Confidence, &c.ProposedLevel, &c.Sampled, &c.Valid, &c.Source,
			&c.RuleVersion, &c.Status, &level, &typ, &c.Reason, &c.DecidedBy, &at); err != nil {
			return nil, fmt.Errorf("grading: scan column grade: %w", err)
		}
		if level.Valid {
			l := int(level.Int64)
			c.ConfirmedLevel = &l
		}
		if typ.Valid {
			c.ConfirmedType = &typ.String
		}
		if at.Valid {
			c.DecidedAt = &at.Int64
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// InfoTypes maps each field of a dataset version to its information type in force, for masking
// profiles that choose operators by type. Fields without a type are left out.
func (s *Service) InfoTypes(ctx context.Context, resourceID int64, version int) (map[string]string, error) {
	cols, err := s.columns(ctx, resourceID, version)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(cols))
	for _, c := range cols {
		if t := c.Type(); t != "" {
			out[c.Field] = t
		}
	}
	return out, nil
}
