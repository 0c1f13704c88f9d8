package dataset

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// tableNamePattern matches the generated names of dataset tables; no other name is ever put into
// SQL text, so identifiers never come from user input.
var tableNamePattern = regexp.MustCompile(`^ds_[0-9]+_v[0-9]+$`)

func sqlType(d store.Dialect, typ string) string {
	switch typ {
	case "integer":
		return "BIGINT"
	case "number":
		if d == store.Postgres {
			return "DOUBLE PRECISION"
		}
		return "REAL"
	case "boolean":
		if d == store.Postgres {
			return "BOOLEAN"
		}
		return "INTEGER"
	}
	// Dates and times are ISO-8601 text, whose order is chronological.
	return "TEXT"
}

type tableWriter struct {
	db    *store.DB
	table string
	cols  []Column
}

func newTableWriter(db *store.DB, table string, cols []Column) *tableWriter {
	return &tableWriter{db: db, table: table, cols: cols}
}

func (w *tableWriter) createSQL() string {
	var b strings.Builder
	b.WriteString("CREATE TABLE " + w.table + " (_row ")
	if w.db.Dialect == store.Postgres {
		b.WriteString("BIGINT PRIMARY KEY")
	} else {
		b.WriteString("INTEGER PRIMARY KEY")
	}
	for _, c := range w.cols {
		b.WriteString(", " + c.Storage + " " + sqlType(w.db.Dialect, c.Type))
	}
	b.WriteString(")")
	return b.String()
}

// write creates the table and fills it with the rows that produce emits, all in one transaction of
// the data database, then creates the indexes and the unique index of the primary key. The caller
// drops the table if it fails.
func (w *tableWriter) write(ctx context.Context, produce func(emit func([]any) error) error, indexes, key []string) error {
	if !tableNamePattern.MatchString(w.table) {
		return fmt.Errorf("dataset: invalid table name %q", w.table)
	}
	var err error
	if w.db.Dialect == store.Postgres {
		err = w.writePostgres(ctx, produce)
	} else {
		err = w.writeSQLite(ctx, produce)
	}
	if err != nil {
		return err
	}
	for _, col := range indexes {
		stmt := fmt.Sprintf("CREATE INDEX %s_%s ON %s (%s)", w.table, col, w.table, col)
		if _, err := w.db.Data.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("dataset: index %s of %s: %w", col, w.table, err)
		}
	}
	if len(key) > 0 {
		stmt := fmt.Sprintf("CREATE UNIQUE INDEX %s_pk ON %s (%s)", w.table, w.table, strings.Join(key, ", "))
		if _, err := w.db.Data.ExecContext(ctx, stmt); err != nil {
			if isUniqueViolation(err) {
				return apierr.New("ingest_failed", "detail", "the declared primary key "+w.fieldNames(key)+
					" has duplicate values; remove the duplicates or change the primary key of the schema")
			}
			return fmt.Errorf("dataset: primary key of %s: %w", w.table, err)
		}
	}
	return nil
}

func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "23505") ||
		strings.Contains(msg, "could not create unique index")
}

// fieldNames returns the field names of storage columns, for messages.
func (w *tableWriter) fieldNames(storage []string) string {
	var names []string
	for _, s := range storage {
		for _, c := range w.cols {
			if c.Storage == s {
				names = append(names, c.Name)
			}
		}
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// sqliteBatchRows bounds the rows of one multi-row INSERT so that it stays under SQLite's limit of
// 32,766 parameters.
func sqliteBatchRows(ncols int) int {
	n := 30000 / (ncols + 1)
	if n > 256 {
		n = 256
	}
	if n < 1 {
		n = 1
	}
	return n
}

func (w *tableWriter) insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + w.table + " (_row")
	for _, c := range w.cols {
		b.WriteString(", " + c.Storage)
	}
	b.WriteString(") VALUES ")
	one := "(?" + strings.Repeat(", ?", len(w.cols)) + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

func (w *tableWriter) writeSQLite(ctx context.Context, produce func(emit func([]any) error) error) error {
	tx, err := w.db.Data.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dataset: begin load of %s: %w", w.table, err)
	}
	defer tx.Rollback()

	if _, err := tx.ExecContext(ctx, w.createSQL()); err != nil {
		return fmt.Errorf("dataset: create table %s: %w", w.table, err)
	}

	batch := sqliteBatchRows(len(w.cols))
	full, err := tx.PrepareContext(ctx, w.insertSQL(batch))
	if err != nil {
		return fmt.Errorf("dataset: prepare insert into %s: %w", w.table, err)
	}
	defer full.Close()

	width := len(w.cols) + 1
	args := make([]any, 0, batch*width)
	var rowNum int64
	flush := func(stmt *sql.Stmt) error {
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("dataset: insert rows up to %d into %s: %w", rowNum, w.table, err)
		}
		args = args[:0]
		return nil
	}

	err = produce(func(values []any) error {
		rowNum++
		args = append(args, rowNum)
		args = append(args, values...)
		if len(args) == batch*width {
			return flush(full)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if rest := len(args) / width; rest > 0 {
		stmt, err := tx.PrepareContext(ctx, w.insertSQL(rest))
		if err != nil {
			return fmt.Errorf("dataset: prepare insert into %s: %w", w.table, err)
		}
		defer stmt.Close()
		if err := flush(stmt); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("dataset: commit load of %s: %w", w.table, err)
	}
	return nil
}

// writePostgres streams the rows with COPY, the fastest way into PostgreSQL, inside one
// transaction on a dedicated connection.
func (w *tableWriter) writePostgres(ctx context.Context, produce func(emit func([]any) error) error) error {
	conn, err := w.db.Data.Conn(ctx)
	if err != nil {
		return fmt.Errorf("dataset: get connection for %s: %w", w.table, err)
	}
	defer conn.Close()

	return conn.Raw(func(driverConn any) error {
		pc := driverConn.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return fmt.Errorf("dataset: begin load of %s: %w", w.table, err)
		}
		defer tx.Rollback(context.WithoutCancel(ctx))

		if _, err := tx.Exec(ctx, w.createSQL()); err != nil {
			return fmt.Errorf("dataset: create table %s: %w", w.table, err)
		}
		names := []string{"_row"}
		for _, c := range w.cols {
			names = append(names, c.Storage)
		}

		src := newRowChannel(ctx, produce)
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{w.table}, names, src); err != nil {
			src.stop()
			if perr := src.producerErr(); perr != nil {
				return perr
			}
			return fmt.Errorf("dataset: copy rows into %s: %w", w.table, err)
		}
		if err := src.producerErr(); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("dataset: commit load of %s: %w", w.table, err)
		}
		return nil
	})
}

// rowChannel turns the push-style row producer into the pull-style source that COPY reads.
type rowChannel struct {
	rows   chan []any
	cancel context.CancelFunc
	done   chan struct{}
	err    error
	cur    []any
	ended  bool
}

func newRowChannel(ctx context.Context, produce func(emit func([]any) error) error) *rowChannel {
	ctx, cancel := context.WithCancel(ctx)
	rc := &rowChannel{rows: make(chan []any, 1024), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(rc.done)
		defer close(rc.rows)
		var n int64
		rc.err = produce(func(values []any) error {
			n++
			row := make([]any, 0, len(values)+1)
			row = append(row, n)
			row = append(row, values...)
			select {
			case rc.rows <- row:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	return rc
}

func (rc *rowChannel) Next() bool {
	row, ok := <-rc.rows
	rc.cur = row
	rc.ended = !ok
	return ok
}

func (rc *rowChannel) Values() ([]any, error) { return rc.cur, nil }

// Err reports the producer's error once the rows have ended; COPY also calls it between batches,
// when it must not wait.
func (rc *rowChannel) Err() error {
	if !rc.ended {
		return nil
	}
	<-rc.done
	return rc.err
}

func (rc *rowChannel) stop() {
	rc.cancel()
	for range rc.rows {
	}
}

func (rc *rowChannel) producerErr() error {
	<-rc.done
	if rc.err == context.Canceled {
		return nil
	}
	return rc.err
}

func dropTable(ctx context.Context, db *store.DB, table string) error {
	if !tableNamePattern.MatchString(table) {
		return fmt.Errorf("dataset: invalid table name %q", table)
	}
	_, err := db.Data.ExecContext(ctx, "DROP TABLE IF EXISTS "+table)
	return err
}
