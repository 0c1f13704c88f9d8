// Package bus connects govshare to NATS JetStream: an embedded in-process server by default, or an
// external cluster. Events are first written to the outbox table in the same transaction as the
// change they announce, and a relay publishes them, so an event is never lost or sent for a change
// that did not commit.
package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// StreamName is the JetStream stream that keeps the platform's events.
const StreamName = "GOVSHARE_EVENTS"

// SubjectPrefix starts every event subject.
const SubjectPrefix = "govshare."

// VersionSubject returns the subject of "a new dataset version of this resource is current".
func VersionSubject(resourceCode string) string {
	return SubjectPrefix + "resource." + subjectToken(resourceCode) + ".version"
}

// subjectToken makes a resource code usable as one subject token: NATS separates tokens with '.'
// and reserves '*', '>' and white space.
func subjectToken(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '.', '*', '>', ' ', '\t', '\r', '\n':
			return '_'
		}
		return r
	}, s)
}

// Config selects the NATS server.
type Config struct {
	// URL of an external NATS server; empty starts the embedded one.
	URL string
	// Dir keeps the embedded server's JetStream files.
	Dir string
	// Listen, when set, makes the embedded server also accept clients on this host:port.
	Listen string
}

// Bus is a connection to JetStream, with the embedded server it started, if any.
type Bus struct {
	server *server.Server
	conn   *nats.Conn
	js     jetstream.JetStream
	logger *slog.Logger
}

// Open starts the embedded server or connects to the external one and makes sure the event stream
// exists.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*Bus, error) {
	b := &Bus{logger: logger}
	var err error
	if cfg.URL == "" {
		b.server, b.conn, err = startEmbedded(cfg)
	} else {
		b.conn, err = nats.Connect(cfg.URL, nats.Name("govshare"), nats.MaxReconnects(-1))
		if err != nil {
			err = fmt.Errorf("bus: connect to %s: %w", cfg.URL, err)
		}
	}
	if err != nil {
		return nil, err
	}

	b.js, err = jetstream.New(b.conn)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("bus: open JetStream: %w", err)
	}
	_, err = b.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:     StreamName,
		Subjects: []string{SubjectPrefix + ">"},
		Storage:  jetstream.FileStorage,
		MaxAge:   90 * 24 * time.Hour,
	})
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("bus: create stream %s: %w", StreamName, err)
	}
	return b, nil
}

func startEmbedded(cfg Config) (*server.Server, *nats.Conn, error) {
	opts := &server.Options{
		ServerName: "govshare-embedded",
		JetStream:  true,
		StoreDir:   filepath.Join(cfg.Dir, "jetstream"),
		DontListen: cfg.Listen == "",
		NoSigs:     true,
	}
	if cfg.Listen != "" {
		host, port, err := splitHostPort(cfg.Listen)
		if err != nil {
			return nil, nil, err
		}
		opts.Host, opts.Port = host, port
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, nil, fmt.Errorf("bus: create embedded NATS server: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, nil, errors.New("bus: embedded NATS server did not start within 10 seconds")
	}
	conn, err := nats.Connect("", nats.InProcessServer(ns), nats.Name("govshare"))
	if err != nil {
		ns.Shutdown()
		return nil, nil, fmt.Errorf("bus: connect to embedded NATS server: %w", err)
	}
	return ns, conn, nil
}

func splitHostPort(addr string) (string, int, error) {
	i := strings.LastIndex(addr, ":")
	if i < 0 {
		return "", 0, fmt.Errorf("bus: listen address %q has no port", addr)
	}
	var port int
	if _, err := fmt.Sscanf(addr[i+1:], "%d", &port); err != nil || port <= 0 || port > 65535 {
		return "", 0, fmt.Errorf("bus: listen address %q has an invalid port", addr)
	}
	return addr[:i], port, nil
}

// JetStream returns the JetStream context, for consumers of the event stream.
func (b *Bus) JetStream() jetstream.JetStream { return b.js }

// Publish sends one event and waits for JetStream's acknowledgement. The message id makes a
// repeated publish of the same outbox row a duplicate that JetStream drops.
func (b *Bus) Publish(ctx context.Context, subject string, payload []byte, msgID string) error {
	_, err := b.js.Publish(ctx, subject, payload, jetstream.WithMsgID(msgID))
	if err != nil {
		return fmt.Errorf("bus: publish %s: %w", subject, err)
	}
	return nil
}

// Ready reports whether the connection to NATS is up.
func (b *Bus) Ready() bool { return b.conn != nil && b.conn.IsConnected() }

// Close drains the connection and stops the embedded server.
func (b *Bus) Close() {
	if b.conn != nil {
		_ = b.conn.Drain()
		b.conn.Close()
	}
	if b.server != nil {
		b.server.Shutdown()
		b.server.WaitForShutdown()
	}
}
