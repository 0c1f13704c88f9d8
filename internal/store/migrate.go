package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// migrate applies, in name order, every migration of the dialect that is not yet recorded in
// schema_migrations. Each migration runs in its own transaction, so a failed one leaves the
// schema as it was before it.
func (db *DB) migrate(ctx context.Context) error {
	if db.Dialect == Postgres {
		// Several nodes may start at once; the advisory lock lets one of them migrate.
		if _, err := db.Meta.ExecContext(ctx, "SELECT pg_advisory_lock(724001)"); err != nil {
			return fmt.Errorf("store: lock migrations: %w", err)
		}
		defer db.Meta.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(724001)")
	}

	if _, err := db.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}

	dir := "migrations/" + db.Dialect.String()
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return fmt.Errorf("store: read migrations: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)

	for _, name := range names {
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE name = ?", name).Scan(&n); err != nil {
			return fmt.Errorf("store: check migration %s: %w", name, err)
		}
		if n > 0 {
			continue
		}

		body, err := migrationFS.ReadFile(dir + "/" + name)
		if err != nil {
			return fmt.Errorf("store: read migration %s: %w", name, err)
		}
		err = db.InTx(ctx, func(tx *Tx) error {
			for _, stmt := range splitStatements(string(body)) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("store: migration %s: %w", name, err)
				}
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", name, Now())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// splitStatements splits a migration file on semicolons at line ends. Migrations contain no
// semicolons inside literals or function bodies.
func splitStatements(body string) []string {
	var out []string
	for _, part := range strings.Split(body, ";\n") {
		if s := strings.TrimSpace(part); s != "" && !isComment(s) {
			out = append(out, s)
		}
	}
	return out
}

func isComment(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "--") {
			return false
		}
	}
	return true
}
