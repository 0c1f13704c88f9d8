package bus_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"govshare/internal/bus"
	"govshare/internal/store"
	"govshare/internal/store/storetest"
)

// NATSEnv names an external NATS server with JetStream for the external-server test.
const NATSEnv = "GOVSHARE_TEST_NATS"

func testRelay(t *testing.T, cfg bus.Config) {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	b, err := bus.Open(ctx, cfg, logger)
	if err != nil {
		t.Fatalf("open bus: %v", err)
	}
	defer b.Close()
	db := storetest.OpenSQLite(t)

	subject := bus.VersionSubject(fmt.Sprintf("STATS/%d", time.Now().UnixNano()))
	err = db.InTx(ctx, func(tx *store.Tx) error {
		return bus.Enqueue(ctx, tx, subject, []byte(`{"version":1}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	// An event queued in a rolled-back transaction must never be published.
	_ = db.InTx(ctx, func(tx *store.Tx) error {
		_ = bus.Enqueue(ctx, tx, subject, []byte(`{"version":99}`))
		return context.Canceled
	})

	n, err := b.RelayOnce(ctx, db)
	if err != nil || n != 1 {
		t.Fatalf("relay: sent %d, %v; want 1", n, err)
	}
	if n, _ := b.RelayOnce(ctx, db); n != 0 {
		t.Errorf("second relay sent %d events again", n)
	}

	cons, err := b.JetStream().OrderedConsumer(ctx, bus.StreamName, jetstream.OrderedConsumerConfig{FilterSubjects: []string{subject}})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	if err != nil {
		t.Fatalf("read event: %v", err)
	}
	if string(msg.Data()) != `{"version":1}` {
		t.Errorf("event payload = %s", msg.Data())
	}
}

func TestRelayEmbedded(t *testing.T) {
	testRelay(t, bus.Config{Dir: t.TempDir()})
}

func TestRelayExternal(t *testing.T) {
	url := os.Getenv(NATSEnv)
	if url == "" {
		t.Skipf("%s is not set; set it to a NATS URL with JetStream to run this test", NATSEnv)
	}
	testRelay(t, bus.Config{URL: url})
}

func TestVersionSubjectEscapes(t *testing.T) {
	if got := bus.VersionSubject("a.b*c>d e"); got != "govshare.resource.a_b_c_d_e.version" {
		t.Errorf("VersionSubject = %q", got)
	}
}
