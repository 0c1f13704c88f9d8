// Package storetest opens fresh databases for tests: a new SQLite directory always, and a new
// PostgreSQL database when GOVSHARE_TEST_POSTGRES names a server.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"govshare/internal/store"
)

// PostgresEnv is the environment variable with the URL of a PostgreSQL server that tests may
// create databases on, for example postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const PostgresEnv = "GOVSHARE_TEST_POSTGRES"

// Each runs fn as a subtest once per available store: "sqlite" on a new directory, and "postgres"
// on a new database that is dropped when the test ends.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, OpenSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, OpenPostgres(t))
	})
}

// OpenSQLite opens a migrated SQLite store in a temporary directory.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), "sqlite", t.TempDir())
	if err != nil {
		t.Fatalf("open sqlite store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// OpenPostgres creates a new database on the server named by GOVSHARE_TEST_POSTGRES, opens a
// migrated store on it and drops it at cleanup. It skips the test when the variable is unset.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	db, err := store.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatalf("open postgres store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresDSN creates a fresh database and returns its URL; the database is dropped at cleanup.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s is not set; set it to a PostgreSQL URL to run this test on PostgreSQL", PostgresEnv)
	}

	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("connect to %s: %v", store.RedactDSN(base), err)
	}
	defer admin.Close()

	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "govshare_test_" + hex.EncodeToString(suffix)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			t.Logf("drop database %s: %v", name, err)
			return
		}
		defer a.Close()
		if _, err := a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})

	u.Path = "/" + name
	return u.String()
}
