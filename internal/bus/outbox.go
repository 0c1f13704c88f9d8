package bus

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"govshare/internal/store"
)

// Enqueue writes an event to the outbox in the caller's transaction; the relay publishes it after
// the transaction commits.
func Enqueue(ctx context.Context, tx *store.Tx, subject string, payload []byte) error {
	_, err := tx.Exec(ctx, "INSERT INTO outbox (subject, payload, created_at) VALUES (?, ?, ?)", subject, string(payload), store.Now())
	if err != nil {
		return fmt.Errorf("bus: queue event %s: %w", subject, err)
	}
	return nil
}

// Relay publishes outbox events in order until ctx ends. An event that fails to publish stays in
// the outbox and is retried with back-off.
func (b *Bus) Relay(ctx context.Context, db *store.DB, interval time.Duration) {
	b.logger.Info("bus: outbox relay started")
	defer b.logger.Info("bus: outbox relay stopped")
	backoff := interval
	for {
		n, err := b.RelayOnce(ctx, db)
		switch {
		case err != nil:
			b.logger.Warn("bus: relay events failed; retrying", slog.Duration("in", backoff), slog.Any("error", err))
			backoff = min(backoff*2, time.Minute)
		case n > 0:
			backoff = interval
			continue
		default:
			backoff = interval
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
	}
}

// RelayOnce publishes up to 100 pending events and returns how many it sent.
func (b *Bus) RelayOnce(ctx context.Context, db *store.DB) (int, error) {
	rows, err := db.Query(ctx, "SELECT id, subject, payload, created_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100")
	if err != nil {
		return 0, fmt.Errorf("bus: read outbox: %w", err)
	}
	type event struct {
		id      int64
		subject string
		payload string
		created int64
	}
	var events []event
	for rows.Next() {
		var e event
		if err := rows.Scan(&e.id, &e.subject, &e.payload, &e.created); err != nil {
			rows.Close()
			return 0, fmt.Errorf("bus: scan outbox row: %w", err)
		}
		events = append(events, e)
	}
	rows.Close()

	for i, e := range events {
		// The creation time keeps ids unique when a database is recreated within the stream's
		// duplicate window.
		msgID := "outbox-" + strconv.FormatInt(e.id, 10) + "-" + strconv.FormatInt(e.created, 10)
		if err := b.Publish(ctx, e.subject, []byte(e.payload), msgID); err != nil {
			return i, err
		}
		if _, err := db.Exec(ctx, "UPDATE outbox SET sent_at = ? WHERE id = ?", store.Now(), e.id); err != nil {
			return i, fmt.Errorf("bus: mark event %d sent: %w", e.id, err)
		}
	}
	return len(events), nil
}
