package dataset

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"govshare/internal/store"
)

// staleLoad is how long a load may go without a heartbeat before another PostgreSQL node takes it
// for interrupted. On SQLite only one process uses the files, so every load left over is stale.
const staleLoad = 10 * time.Minute

// Cleanup marks loads that were interrupted (killed process, lost connection, full disk) as
// failed and drops their tables, and drops any dataset table that no version refers to. It runs
// at start, so the previous version stays current and no staging data is left behind.
func (s *Service) Cleanup(ctx context.Context, logger *slog.Logger) error {
	q := "SELECT id, table_name FROM dataset_versions WHERE status = 'loading'"
	var args []any
	if s.db.Dialect == store.Postgres {
		q += " AND finished_at < ?"
		args = append(args, store.Now()-staleLoad.Milliseconds())
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("dataset: find interrupted loads: %w", err)
	}
	type stale struct {
		id    int64
		table string
	}
	var found []stale
	for rows.Next() {
		var st stale
		if err := rows.Scan(&st.id, &st.table); err != nil {
			rows.Close()
			return fmt.Errorf("dataset: scan interrupted load: %w", err)
		}
		found = append(found, st)
	}
	rows.Close()

	for _, st := range found {
		if err := dropTable(ctx, s.db, st.table); err != nil {
			return fmt.Errorf("dataset: drop table %s of interrupted load: %w", st.table, err)
		}
		if _, err := s.db.Exec(ctx, "UPDATE dataset_versions SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
			"load interrupted before it finished; the previous version stayed current", store.Now(), st.id); err != nil {
			return fmt.Errorf("dataset: mark interrupted load %d: %w", st.id, err)
		}
		logger.Warn("dataset: cleaned up interrupted load", slog.String("table", st.table))
	}

	return s.dropOrphans(ctx, logger)
}

// dropOrphans drops dataset tables whose version row is missing or failed, as left by a crash
// between the data commit and the metadata commit.
func (s *Service) dropOrphans(ctx context.Context, logger *slog.Logger) error {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds\\_%' ESCAPE '\\'"
	if s.db.Dialect == store.Postgres {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'ds\\_%' ESCAPE '\\'"
	}
	rows, err := s.db.Data.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("dataset: list dataset tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("dataset: scan table name: %w", err)
		}
		tables = append(tables, t)
	}
	rows.Close()

	for _, t := range tables {
		var n int
		if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM dataset_versions WHERE table_name = ? AND status IN ('ready', 'loading')", t).Scan(&n); err != nil {
			return fmt.Errorf("dataset: check table %s: %w", t, err)
		}
		if n > 0 {
			continue
		}
		if err := dropTable(ctx, s.db, t); err != nil {
			return fmt.Errorf("dataset: drop orphan table %s: %w", t, err)
		}
		logger.Warn("dataset: dropped orphan table", slog.String("table", t))
	}
	return nil
}
