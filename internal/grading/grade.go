// Package grading runs the sensitive-data engine over every new dataset version and stores the
// grades it proposes for each column and for the resource. It records the security
// administrator's decisions on them. It also checks a resource's security boundary before the
// resource is published or its open or sharing type changes.
package grading

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/dlp"
	"govshare/internal/store"
)

// Grading statuses of a dataset version.
const (
	StatusPending = "pending" // not graded yet
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Statuses of a column grade.
const (
	GradeProposed  = "proposed"  // computed by the engine, waiting for a person
	GradeConfirmed = "confirmed" // decided by a security administrator
)

// Service stores and decides grades.
type Service struct {
	db      *store.DB
	engine  *dlp.Engine
	catalog *catalog.Service
	log     *slog.Logger
}

// NewService returns the grading service.
func NewService(db *store.DB, engine *dlp.Engine, cat *catalog.Service, logger *slog.Logger) *Service {
	return &Service{db: db, engine: engine, catalog: cat, log: logger}
}

// Engine returns the sensitive-data engine the service grades with.
func (s *Service) Engine() *dlp.Engine { return s.engine }

// GradeVersion samples every column of a loaded dataset version, grades each column and the
// resource, and stores the proposals, replacing any earlier grading of the same version. A
// failure is recorded on the version's grading, so the resource shows it as failed.
func (s *Service) GradeVersion(ctx context.Context, code string, v *dataset.Version) error {
	start := time.Now()
	logger := s.log.With(slog.String("resource", code), slog.Int("version", v.Version))

	err := s.grade(ctx, v)
	if err != nil {
		logger.Error("grading: version not graded", slog.Any("error", err))
		msg := err.Error()
		if len(msg) > 2000 {
			msg = msg[:2000]
		}
		if rerr := s.db.InTx(ctx, func(tx *store.Tx) error {
			return putVersionGrading(ctx, tx, v, StatusFailed, 0, nil, "", 0, msg)
		}); rerr != nil {
			logger.Error("grading: failure not recorded", slog.Any("error", rerr))
		}
		return fmt.Errorf("grading: grade %s version %d: %w", code, v.Version, err)
	}
	logger.Info("grading: version graded", slog.Int("columns", len(v.Columns)), slog.Duration("took", time.Since(start)))
	return nil
}

// CheckLoaded grades a loaded version before it becomes current, so its grades are in force from
// its first query. A grading failure is logged and recorded and never rejects the version. A
// version that would make a published resource break the boundary of its open or sharing type is
// rejected with an error that names the offending columns.
func (s *Service) CheckLoaded(ctx context.Context, code string, v *dataset.Version) error {
	if err := s.GradeVersion(ctx, code, v); err != nil {
		return nil
	}
	r, err := s.catalog.Lookup(ctx, code)
	if err != nil {
		return err
	}
	if r.Status != catalog.StatusPublished {
		return nil
	}
	err = s.checkVersion(ctx, r, v.Version, r.Metadata.OpenType, r.Metadata.SharingType, nil)
	if err == nil {
		return nil
	}
	if derr := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM column_grades WHERE resource_id = ? AND version = ?", v.ResourceID, v.Version); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "DELETE FROM version_gradings WHERE resource_id = ? AND version = ?", v.ResourceID, v.Version)
		return err
	}); derr != nil {
		s.log.Error("grading: remove grades of a rejected version", slog.String("resource", code), slog.Int("version", v.Version), slog.Any("error", derr))
	}
	return err
}

func (s *Service) grade(ctx context.Context, v *dataset.Version) error {
	values, err := s.sample(ctx, v)
	if err != nil {
		return err
	}

	grades := make([]dlp.ColumnGrade, len(v.Columns))
	var persons int64
	for i, c := range v.Columns {
		grades[i] = s.engine.GradeColumn(c.Name, values[i], c.DataElement)
		if s.engine.IsIdentifier(grades[i].InfoType) {
			persons = max(persons, distinct(c.Profile))
		}
	}
	level, reasons := s.engine.GradeResource(grades, persons)

	earlier, err := s.earlierDecisions(ctx, v)
	if err != nil {
		return err
	}

	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM column_grades WHERE resource_id = ? AND version = ?", v.ResourceID, v.Version); err != nil {
			return fmt.Errorf("clear earlier grades: %w", err)
		}
		for _, g := range grades {
			_, err := tx.Exec(ctx, `INSERT INTO column_grades (resource_id, version, field, info_type, confidence, proposed_level,
				sampled, valid, source, rule_version, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				v.ResourceID, v.Version, g.Column, g.InfoType, g.Confidence, g.Level, g.Sampled, g.Valid, g.Source, g.RuleVersion, GradeProposed)
			if err != nil {
				return fmt.Errorf("store grade of column %q: %w", g.Column, err)
			}
			// A person's decision on the previous version carries over while the engine proposes
			// the same type and level for the column. Any other proposal needs a new decision.
			d, ok := earlier[g.Column]
			if !ok || d.infoType != g.InfoType || d.proposedLevel != g.Level {
				continue
			}
			_, err = tx.Exec(ctx, `UPDATE column_grades SET status = ?, confirmed_level = ?, confirmed_type = ?, reason = ?,
				decided_by = ?, decided_at = ? WHERE resource_id = ? AND version = ? AND field = ?`,
				GradeConfirmed, d.level, d.confirmedType, d.reason, d.decidedBy, d.decidedAt, v.ResourceID, v.Version, g.Column)
			if err != nil {
				return fmt.Errorf("carry decision on column %q: %w", g.Column, err)
			}
		}
		return putVersionGrading(ctx, tx, v, StatusDone, level, reasons, s.engine.RuleVersion(), persons, "")
	})
}

// decision is a security administrator's decision on a column of an earlier version.
type decision struct {
	infoType      string
	proposedLevel int
	level         int
	confirmedType string
	reason        string
	decidedBy     int64
	decidedAt     int64
}

// earlierDecisions returns, by field, the decisions on the latest earlier graded version.
func (s *Service) earlierDecisions(ctx context.Context, v *dataset.Version) (map[string]decision, error) {
	rows, err := s.db.Query(ctx, `SELECT field, info_type, proposed_level, confirmed_level, confirmed_type, reason, decided_by, decided_at
		FROM column_grades WHERE resource_id = ? AND status = ? AND version = (
			SELECT MAX(version) FROM version_gradings WHERE resource_id = ? AND version < ? AND status = ?)`,
		v.ResourceID, GradeConfirmed, v.ResourceID, v.Version, StatusDone)
	if err != nil {
		return nil, fmt.Errorf("read earlier decisions: %w", err)
	}
	defer rows.Close()
	out := map[string]decision{}
	for rows.Next() {
		var field string
		var d decision
		if err := rows.Scan(&field, &d.infoType, &d.proposedLevel, &d.level, &d.confirmedType, &d.reason, &d.decidedBy, &d.decidedAt); err != nil {
			return nil, fmt.Errorf("scan earlier decision: %w", err)
		}
		out[field] = d
	}
	return out, rows.Err()
}

func putVersionGrading(ctx context.Context, tx *store.Tx, v *dataset.Version, status string, level int, reasons []string,
	rules string, persons int64, msg string) error {
	body, err := json.Marshal(reasons)
	if err != nil {
		return fmt.Errorf("encode grading reasons: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM version_gradings WHERE resource_id = ? AND version = ?", v.ResourceID, v.Version); err != nil {
		return fmt.Errorf("clear earlier grading: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO version_gradings (resource_id, version, status, level, reasons, rule_version, persons, error, graded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.ResourceID, v.Version, status, level, string(body), rules, persons, msg, store.Now())
	if err != nil {
		return fmt.Errorf("store grading of version %d: %w", v.Version, err)
	}
	return nil
}

// sampleChunk is the number of row numbers looked up per sampling query. A fixed size keeps one
// statement text per table.
const sampleChunk = 500

// sample reads up to the engine's sample size of rows spread evenly over the version's table and
// returns the values column by column, as text ("" for NULL). It looks the rows up by their row
// number, the table's primary key, so a large table is not scanned.
func (s *Service) sample(ctx context.Context, v *dataset.Version) ([][]string, error) {
	out := make([][]string, len(v.Columns))
	if len(v.Columns) == 0 || v.Rows == 0 {
		return out, nil
	}
	n := min(v.Rows, int64(s.engine.SampleSize()))
	ids := make([]any, 0, n+sampleChunk)
	for k := int64(0); k < n; k++ {
		ids = append(ids, k*v.Rows/n+1)
	}
	for len(ids)%sampleChunk != 0 {
		ids = append(ids, ids[len(ids)-1]) // a repeated number selects no extra row
	}

	names := make([]string, len(v.Columns))
	for i, c := range v.Columns {
		names[i] = c.Storage
	}
	// The table and storage names come from the version record, never from the caller.
	q := "SELECT " + strings.Join(names, ", ") + " FROM " + v.Table + " WHERE _row IN (?" +
		strings.Repeat(", ?", sampleChunk-1) + ") ORDER BY _row"
	for from := 0; from < len(ids); from += sampleChunk {
		if err := s.sampleRows(ctx, q, ids[from:from+sampleChunk], out); err != nil {
			return nil, fmt.Errorf("sample table %s: %w", v.Table, err)
		}
	}
	return out, nil
}

func (s *Service) sampleRows(ctx context.Context, q string, ids []any, out [][]string) error {
	rows, err := s.db.DataQuery(ctx, q, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()

	cells := make([]any, len(out))
	ptrs := make([]any, len(out))
	for i := range cells {
		ptrs[i] = &cells[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, c := range cells {
			out[i] = append(out[i], text(c))
		}
	}
	return rows.Err()
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

// distinct reads the distinct-value count from a column profile.
func distinct(profile map[string]any) int64 {
	switch n := profile["distinct"].(type) {
	case int64:
		return n
	case int:
		return int64(n)
	case float64:
		return int64(n)
	}
	return 0
}
