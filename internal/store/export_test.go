package store

import "context"

// MigrateForTest runs the migrations again on an open store.
func MigrateForTest(ctx context.Context, db *DB) error { return db.migrate(ctx) }
