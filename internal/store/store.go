// Package store opens the platform's database (embedded SQLite by default, PostgreSQL at scale),
// runs its migrations and offers the small query helpers that hide the two SQL dialects.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Dialect names the SQL dialect of a database.
type Dialect int

// The supported dialects.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is the metadata database and the database that contains dataset tables. On PostgreSQL both
// are the same pool. On SQLite the dataset tables live in a second file, so that a long load never
// takes the write lock that catalog, grant and audit writes need.
type DB struct {
	Meta    *sql.DB
	Data    *sql.DB
	Dialect Dialect

	// writer runs every metadata write. On SQLite it is a pool of one connection, so that writers
	// queue in Go instead of polling SQLite's lock with busy_timeout sleeps, which cut throughput
	// by an order of magnitude under concurrent requests. On PostgreSQL it is Meta.
	writer *sql.DB

	reads, writes, dataReads *stmtCache
}

func (db *DB) initCaches() *DB {
	db.reads = newStmtCache(db.Meta)
	db.writes = newStmtCache(db.writer)
	db.dataReads = newStmtCache(db.Data)
	return db
}

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("store: not found")

// Open connects to the database named by dsn. An empty dsn or "sqlite" opens the embedded SQLite
// files govshare.db and data.db in dataDir; a postgres:// or postgresql:// URL opens PostgreSQL.
// Migrations run before Open returns.
func Open(ctx context.Context, dsn, dataDir string) (*DB, error) {
	var db *DB
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = openPostgres(dsn)
	case dsn == "" || dsn == "sqlite":
		db, err = openSQLite(dataDir)
	default:
		return nil, fmt.Errorf("store: unsupported store %q: use \"sqlite\" or a postgres:// URL", redactDSN(dsn))
	}
	if err != nil {
		return nil, err
	}

	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openSQLite(dataDir string) (*DB, error) {
	if dataDir == "" {
		return nil, errors.New("store: a data directory is required for the embedded SQLite store")
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("store: create data directory %s: %w", dataDir, err)
	}

	metaPath := filepath.Join(dataDir, "govshare.db")
	meta, err := openSQLiteFile(metaPath, 8)
	if err != nil {
		return nil, err
	}
	writer, err := openSQLiteFile(metaPath, 1)
	if err != nil {
		meta.Close()
		return nil, err
	}
	data, err := openSQLiteFile(filepath.Join(dataDir, "data.db"), 8)
	if err != nil {
		meta.Close()
		writer.Close()
		return nil, err
	}
	return (&DB{Meta: meta, Data: data, Dialect: SQLite, writer: writer}).initCaches(), nil
}

func openSQLiteFile(path string, conns int) (*sql.DB, error) {
	// Create the file readable by its owner only; SQLite gives its -wal and -shm files the same
	// permissions.
	if f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600); err == nil {
		f.Close()
	} else {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Immediate transactions take the write lock at BEGIN, so two writers wait on busy_timeout
	// instead of failing with SQLITE_BUSY when a read lock is upgraded.
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=busy_timeout(15000)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}

func openPostgres(dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres %s: %w", redactDSN(dsn), err)
	}
	db.SetMaxOpenConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres %s: %w", redactDSN(dsn), err)
	}
	return (&DB{Meta: db, Data: db, Dialect: Postgres, writer: db}).initCaches(), nil
}

var _ = stdlib.GetDefaultDriver // keeps the pgx driver registered as "pgx"

// Close closes both connection pools.
func (db *DB) Close() error {
	for _, c := range []*stmtCache{db.reads, db.writes, db.dataReads} {
		c.close()
	}
	err := db.Meta.Close()
	if db.writer != db.Meta {
		if werr := db.writer.Close(); err == nil {
			err = werr
		}
	}
	if db.Data != db.Meta {
		if derr := db.Data.Close(); err == nil {
			err = derr
		}
	}
	return err
}

// Rebind rewrites the ? placeholders of q into $1, $2, ... for PostgreSQL. Queries never contain a
// literal question mark, because every value is passed as a parameter.
func (db *DB) Rebind(q string) string {
	return Rebind(db.Dialect, q)
}

// Rebind rewrites ? placeholders for the given dialect.
func Rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Exec runs a statement that writes to the metadata database.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.writes.exec(ctx, db.Rebind(q), args...)
}

// WriteQueryRow runs a writing statement that returns one row (INSERT ... RETURNING) outside a
// transaction.
func (db *DB) WriteQueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.writes.queryRow(ctx, db.Rebind(q), args...)
}

// Query runs a read-only query on the metadata database.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.reads.query(ctx, db.Rebind(q), args...)
}

// QueryRow runs a read-only single-row query on the metadata database.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.reads.queryRow(ctx, db.Rebind(q), args...)
}

// DataQuery runs a read-only query on the dataset database; q uses ? placeholders.
func (db *DB) DataQuery(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.dataReads.query(ctx, db.Rebind(q), args...)
}

// DataQueryRow runs a read-only single-row query on the dataset database.
func (db *DB) DataQueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.dataReads.queryRow(ctx, db.Rebind(q), args...)
}

// Tx is a metadata transaction that rebinds placeholders like DB does.
type Tx struct {
	*sql.Tx
	Dialect Dialect
	cache   *stmtCache
	// missing lists statements to prepare into the cache after the transaction ends: on SQLite
	// the transaction holds the only writer connection, so preparing now would wait forever.
	missing []string
}

// stmt returns the cached prepared statement for q bound to the transaction, or nil.
func (tx *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if tx.cache == nil {
		return nil
	}
	if st := tx.cache.lookup(q); st != nil {
		return tx.Tx.StmtContext(ctx, st)
	}
	tx.missing = append(tx.missing, q)
	return nil
}

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	q = Rebind(tx.Dialect, q)
	if st := tx.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.Tx.ExecContext(ctx, q, args...)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = Rebind(tx.Dialect, q)
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return tx.Tx.QueryContext(ctx, q, args...)
}

// QueryRow runs a single-row query in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = Rebind(tx.Dialect, q)
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.Tx.QueryRowContext(ctx, q, args...)
}

// InTx runs fn in a metadata transaction, committing when fn returns nil and rolling back otherwise.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin transaction: %w", err)
	}
	tx := &Tx{Tx: sqlTx, Dialect: db.Dialect, cache: db.writes}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	for _, q := range tx.missing {
		db.writes.get(ctx, q)
	}
	return nil
}

// Now returns the current time in Unix milliseconds, the unit of every timestamp column.
func Now() int64 { return time.Now().UnixMilli() }

// redactDSN removes the password from a connection URL so that it can be logged.
func redactDSN(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if colon := strings.Index(userinfo, ":"); colon >= 0 {
		return dsn[:scheme+3] + userinfo[:colon] + ":xxxxx" + dsn[at:]
	}
	return dsn
}

// RedactDSN returns dsn with any password replaced, for logs and messages.
func RedactDSN(dsn string) string { return redactDSN(dsn) }

// EscapeLike escapes the LIKE wildcards of a search term, for patterns used with ESCAPE '\'.
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
