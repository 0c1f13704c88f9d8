package audit

import (
	"context"
	"fmt"
	"strings"

	"govshare/internal/store"
)

// Filter selects audit entries; zero fields match everything.
type Filter struct {
	Actor      string
	Department string
	Action     string
	Resource   string
	Result     string
	RequestID  string
	From, To   int64 // Unix milliseconds, inclusive
	AfterSeq   int64 // for paging: entries with a larger sequence number
	Limit      int
}

// List returns entries matching f in sequence order.
func List(ctx context.Context, db *store.DB, f Filter) ([]Entry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Department != "" {
		add("department = ?", f.Department)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Resource != "" {
		add("resource = ?", f.Resource)
	}
	if f.Result != "" {
		add("result = ?", f.Result)
	}
	if f.RequestID != "" {
		add("request_id = ?", f.RequestID)
	}
	if f.From > 0 {
		add("ts >= ?", f.From)
	}
	if f.To > 0 {
		add("ts <= ?", f.To)
	}
	if f.AfterSeq > 0 {
		add("seq > ?", f.AfterSeq)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}

	q := `SELECT seq, ts, actor, actor_id, department, role, action, resource, fields, row_count,
		purpose, result, request_id, detail, prev_hash, hash FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY seq LIMIT %d", f.Limit)

	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := scanEntry(rows, &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
