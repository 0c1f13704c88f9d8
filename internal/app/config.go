// Package app assembles the platform from its configuration: store, bus, domain services and the
// HTTP API, and runs them until shutdown.
package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Config is the whole configuration of a govshare node.
type Config struct {
	DataDir        string
	Listen         string
	Store          string // "sqlite" or a postgres:// URL
	NATS           string // "" for the embedded server, or a nats:// URL
	NATSListen     string // host:port on which the embedded server also accepts clients
	MaskingKey     string // hex; "" generates one into the data directory
	DLPDataDir     string // dlp data files that replace the built-in ones; "" uses the built-in ones
	MaxUploadBytes int64
	SecureCookies  bool
	LogLevel       string
	LogFormat      string
}

// DefaultConfig returns the embedded single-node defaults.
func DefaultConfig() Config {
	return Config{DataDir: "./data", Listen: "127.0.0.1:8080", Store: "sqlite", MaxUploadBytes: 2 << 30,
		LogLevel: "info", LogFormat: "text"}
}

// NewLogger returns the slog logger that the configuration selects.
func (c Config) NewLogger() (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("invalid log level %q: use debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.LogFormat {
	case "json":
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	case "text", "":
		return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("invalid log format %q: use text or json", c.LogFormat)
}

// maskingKey returns the HMAC key for pseudonyms: the configured one, or a key generated once and
// kept in the data directory (readable by the owner only). Nodes that share a PostgreSQL database
// must all be given the same key.
func (c Config) maskingKey(logger *slog.Logger) ([]byte, error) {
	if c.MaskingKey != "" {
		key, err := hex.DecodeString(strings.TrimSpace(c.MaskingKey))
		if err != nil || len(key) < 16 {
			return nil, errors.New("invalid masking key: give at least 32 hexadecimal characters (16 bytes)")
		}
		return key, nil
	}
	if strings.HasPrefix(c.Store, "postgres") {
		logger.Warn("app: no masking key configured; using a key kept in the data directory, so pseudonyms differ between nodes unless every node gets the same --masking-key")
	}
	path := filepath.Join(c.DataDir, "masking.key")
	if b, err := os.ReadFile(path); err == nil {
		return hex.DecodeString(strings.TrimSpace(string(b)))
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate masking key: %w", err)
	}
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write masking key %s: %w", path, err)
	}
	return key, nil
}
