package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"govshare/internal/store"
)

// Log appends entries to the audit_log table. Appends from concurrent requests are grouped into
// one transaction (group commit). Each caller still waits until its entry is durable, but the
// database gets one write per batch instead of one per request.
type Log struct {
	db     *store.DB
	logger *slog.Logger

	queue chan *pending
	done  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
}

type pending struct {
	entry  Entry
	with   func(ctx context.Context, tx *store.Tx) error
	result chan error
}

const maxBatch = 256

// NewLog starts the log's writer goroutine; Close stops it after writing every queued entry.
func NewLog(db *store.DB, logger *slog.Logger) *Log {
	l := &Log{
		db:     db,
		logger: logger,
		queue:  make(chan *pending, 4096),
		done:   make(chan struct{}),
	}
	l.wg.Add(1)
	go l.run()
	return l
}

// Append writes e to the log and returns once it is committed. Seq, PrevHash and Hash are assigned
// by the log; a zero Time is set to now.
func (l *Log) Append(ctx context.Context, e Entry) error {
	return l.AppendWith(ctx, e, nil)
}

// AppendWith writes e and runs with, when not nil, in the same transaction, so that a change such
// as counting rows against a quota is committed exactly when its audit entry is. If with fails,
// neither it nor any entry of the same batch is written, and every caller of the batch gets the
// error.
func (l *Log) AppendWith(ctx context.Context, e Entry, with func(ctx context.Context, tx *store.Tx) error) error {
	if e.Time == 0 {
		e.Time = store.Now()
	}
	p := &pending{entry: e, with: with, result: make(chan error, 1)}

	select {
	case l.queue <- p:
	case <-l.done:
		return errors.New("audit: log is closed")
	case <-ctx.Done():
		return fmt.Errorf("audit: append %s: %w", e.Action, ctx.Err())
	}

	// The entry is queued now, so it is written even if the caller gives up waiting.
	select {
	case err := <-p.result:
		return err
	case <-ctx.Done():
		return fmt.Errorf("audit: append %s: %w", e.Action, ctx.Err())
	}
}

// Close writes the queued entries and stops the writer.
func (l *Log) Close() {
	l.once.Do(func() { close(l.done) })
	l.wg.Wait()
}

func (l *Log) run() {
	defer l.wg.Done()
	for {
		var first *pending
		select {
		case first = <-l.queue:
		case <-l.done:
			l.drain()
			return
		}
		l.writeBatch(l.collect(first))
	}
}

// collect takes first and whatever else is already queued, up to maxBatch entries.
func (l *Log) collect(first *pending) []*pending {
	batch := []*pending{first}
	for len(batch) < maxBatch {
		select {
		case p := <-l.queue:
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

func (l *Log) drain() {
	for {
		select {
		case p := <-l.queue:
			l.writeBatch(l.collect(p))
		default:
			return
		}
	}
}

func (l *Log) writeBatch(batch []*pending) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	err := l.db.InTx(ctx, func(tx *store.Tx) error {
		if l.db.Dialect == store.Postgres {
			// Serializes appends across nodes that share one PostgreSQL database.
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(724002)"); err != nil {
				return fmt.Errorf("lock audit chain: %w", err)
			}
		}
		seq, prev, err := lastEntry(ctx, tx)
		if err != nil {
			return err
		}
		for _, p := range batch {
			seq++
			e := &p.entry
			e.Seq, e.PrevHash = seq, prev
			e.Hash = computeHash(e)
			prev = e.Hash
			if err := insert(ctx, tx, e); err != nil {
				return err
			}
			if p.with != nil {
				if err := p.with(ctx, tx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		l.logger.Error("audit: write batch failed", slog.Int("entries", len(batch)), slog.Any("error", err))
	}
	for _, p := range batch {
		p.result <- err
	}
}

func lastEntry(ctx context.Context, tx *store.Tx) (int64, string, error) {
	var seq int64
	var hash string
	err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, GenesisHash, nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("read last audit entry: %w", err)
	}
	return seq, hash, nil
}

func insert(ctx context.Context, tx *store.Tx, e *Entry) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (seq, ts, actor, actor_id, department, role, action,
		resource, fields, row_count, purpose, result, request_id, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.Time, e.Actor, e.ActorID, e.Department, e.Role, e.Action, e.Resource, e.Fields,
		e.RowCount, e.Purpose, e.Result, e.RequestID, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("insert audit entry %d: %w", e.Seq, err)
	}
	return nil
}
