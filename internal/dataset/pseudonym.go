package dataset

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// pseudonymTagPattern bounds the tag that names a pseudonym index, so that it is safe in a table name.
var pseudonymTagPattern = regexp.MustCompile(`^[a-z0-9]{1,24}$`)

// pseudonymBatch is the number of rows per insert while a pseudonym index is built.
const pseudonymBatch = 200

// pseudonymBuilds serializes the building of pseudonym indexes on this node.
var pseudonymBuilds sync.Mutex

// ClearValues returns the distinct clear values of a field whose pseudonyms are among the given
// ones, so that an equality filter on a pseudonym can run as a filter on the stored values. The
// tag identifies the key and the operator. The first call for a version, field and tag computes
// the pseudonym of every distinct value into an indexed side table, so later lookups are indexed
// queries rather than scans.
func (s *Service) ClearValues(ctx context.Context, v *Version, code, field, tag string,
	pseudonymOf func(string) string, pseudonyms []string, logger *slog.Logger) ([]string, error) {
	c, ok := v.Column(field)
	if !ok {
		return nil, apierr.New("unknown_field", "field", field, "value", code)
	}
	if !pseudonymTagPattern.MatchString(tag) {
		return nil, fmt.Errorf("dataset: invalid pseudonym tag %q", tag)
	}
	table := fmt.Sprintf("pn_%d_v%d_%s_%s", v.ResourceID, v.Version, c.Storage, tag)
	if err := s.ensurePseudonyms(ctx, v, c, table, pseudonymOf, logger); err != nil {
		return nil, err
	}

	q := "SELECT value FROM " + table + " WHERE pseudonym IN (?" + strings.Repeat(", ?", len(pseudonyms)-1) + ")"
	args := make([]any, len(pseudonyms))
	for i, p := range pseudonyms {
		args[i] = p
	}
	rows, err := s.db.DataQuery(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("dataset: look up pseudonyms of %s.%s: %w", code, field, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var value string
		if err := rows.Scan(&value); err != nil {
			return nil, fmt.Errorf("dataset: scan pseudonym match: %w", err)
		}
		out = append(out, value)
	}
	return out, rows.Err()
}

func (s *Service) tableExists(ctx context.Context, table string) (bool, error) {
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if s.db.Dialect == store.Postgres {
		q = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
	}
	var n int
	if err := s.db.Data.QueryRowContext(ctx, s.db.Rebind(q), table).Scan(&n); err != nil {
		return false, fmt.Errorf("dataset: check table %s: %w", table, err)
	}
	return n > 0, nil
}

// ensurePseudonyms builds the pseudonym index of a column unless it exists. The table appears
// only when its transaction commits, complete with its index.
func (s *Service) ensurePseudonyms(ctx context.Context, v *Version, c *Column, table string,
	pseudonymOf func(string) string, logger *slog.Logger) error {
	if ok, err := s.tableExists(ctx, table); err != nil || ok {
		return err
	}
	pseudonymBuilds.Lock()
	defer pseudonymBuilds.Unlock()
	if ok, err := s.tableExists(ctx, table); err != nil || ok {
		return err
	}

	// Read every distinct value first, because on SQLite the write transaction below may hold the
	// dataset database's only connection.
	// NOTE: this keeps every distinct value and its pseudonym in memory, about 100 bytes each
	// (an estimate), so a column of ten million distinct values needs about 1 GB while it builds.
	rows, err := s.db.DataQuery(ctx, "SELECT DISTINCT "+c.Storage+" FROM "+v.Table+" WHERE "+c.Storage+" IS NOT NULL")
	if err != nil {
		return fmt.Errorf("dataset: read values of %s for pseudonyms: %w", c.Name, err)
	}
	var pairs []any
	for rows.Next() {
		var raw any
		if err := rows.Scan(&raw); err != nil {
			rows.Close()
			return fmt.Errorf("dataset: scan value of %s: %w", c.Name, err)
		}
		text := valueText(normalize(c, raw))
		pairs = append(pairs, pseudonymOf(text), text)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dataset: read values of %s for pseudonyms: %w", c.Name, err)
	}

	tx, err := s.db.Data.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dataset: begin pseudonym index %s: %w", table, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "CREATE TABLE "+table+" (pseudonym TEXT NOT NULL, value TEXT NOT NULL)"); err != nil {
		// Another node may have built it meanwhile.
		if ok, xerr := s.tableExists(ctx, table); xerr == nil && ok {
			return nil
		}
		return fmt.Errorf("dataset: create pseudonym index %s: %w", table, err)
	}
	for len(pairs) > 0 {
		n := min(len(pairs)/2, pseudonymBatch)
		q := "INSERT INTO " + table + " (pseudonym, value) VALUES (?, ?)" + strings.Repeat(", (?, ?)", n-1)
		if _, err := tx.ExecContext(ctx, s.db.Rebind(q), pairs[:2*n]...); err != nil {
			return fmt.Errorf("dataset: fill pseudonym index %s: %w", table, err)
		}
		pairs = pairs[2*n:]
	}
	if _, err := tx.ExecContext(ctx, "CREATE INDEX "+table+"_p ON "+table+" (pseudonym)"); err != nil {
		return fmt.Errorf("dataset: index pseudonyms %s: %w", table, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("dataset: commit pseudonym index %s: %w", table, err)
	}
	logger.Info("dataset: pseudonym index built", slog.String("table", table), slog.String("field", c.Name))
	return nil
}

// valueText is the text a masking operator receives for a stored value.
func valueText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}
