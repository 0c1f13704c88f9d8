package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"govshare/internal/audit"
	"govshare/internal/bus"
	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/dlp"
	"govshare/internal/grading"
	"govshare/internal/grant"
	"govshare/internal/httpapi"
	"govshare/internal/identity"
	"govshare/internal/store"
)

// App is one running govshare node.
type App struct {
	Config   Config
	Logger   *slog.Logger
	DB       *store.DB
	Bus      *bus.Bus
	Identity *identity.Service
	Catalog  *catalog.Service
	Datasets *dataset.Service
	Grants   *grant.Service
	Grading  *grading.Service
	Audit    *audit.Log
	API      *httpapi.Server

	stopRelay context.CancelFunc
	relayDone sync.WaitGroup
}

// Open connects the store and the bus, cleans up interrupted loads and builds the services.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	db, err := store.Open(ctx, cfg.Store, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	logger.Info("app: store opened", slog.String("dialect", db.Dialect.String()))

	b, err := bus.Open(ctx, bus.Config{URL: cfg.NATS, Dir: cfg.DataDir, Listen: cfg.NATSListen}, logger)
	if err != nil {
		db.Close()
		return nil, err
	}
	key, err := cfg.maskingKey(logger)
	if err != nil {
		b.Close()
		db.Close()
		return nil, err
	}

	engine, err := dlp.New(dlp.Options{DataDir: cfg.DLPDataDir, Key: key, Logger: logger})
	if err != nil {
		b.Close()
		db.Close()
		return nil, err
	}

	a := &App{Config: cfg, Logger: logger, DB: db, Bus: b,
		Identity: identity.NewService(db, logger), Catalog: catalog.NewService(db), Datasets: dataset.NewService(db),
		Grants: grant.NewService(db, grant.DefaultConfig()), Audit: audit.NewLog(db, logger)}
	a.Grading = grading.NewService(db, engine, a.Catalog, logger)
	a.Catalog.SetBoundaryCheck(a.Grading.CheckBoundary)
	a.Datasets.SetBeforeCommit(a.Grading.CheckLoaded)
	if err := a.Datasets.Cleanup(ctx, logger); err != nil {
		a.Close()
		return nil, err
	}

	a.API = httpapi.New(httpapi.Config{MaxUploadBytes: cfg.MaxUploadBytes, UploadDir: filepath.Join(cfg.DataDir, "uploads"),
		MaskingKey: key, SecureCookies: cfg.SecureCookies}, httpapi.Deps{DB: db, Bus: b, Logger: logger,
		Identity: a.Identity, Catalog: a.Catalog, Datasets: a.Datasets, Grants: a.Grants, Grading: a.Grading, Audit: a.Audit})

	relayCtx, stop := context.WithCancel(context.Background())
	a.stopRelay = stop
	a.relayDone.Add(1)
	go func() {
		defer a.relayDone.Done()
		b.Relay(relayCtx, db, 500*time.Millisecond)
	}()
	return a, nil
}

// Close stops the relay, flushes the audit log and closes the bus and the store.
func (a *App) Close() {
	if a.stopRelay != nil {
		a.stopRelay()
		a.relayDone.Wait()
	}
	if a.Audit != nil {
		a.Audit.Close()
	}
	a.Bus.Close()
	a.DB.Close()
}

// Serve runs the HTTP server on the configured address until ctx ends, then stops accepting
// connections and waits up to 30 seconds for requests in flight to finish.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Listen, err)
	}
	srv := &http.Server{
		Handler:           a.API.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	a.Logger.Info("app: serving", slog.String("addr", ln.Addr().String()))
	if ready != nil {
		ready(ln.Addr().String())
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	a.Logger.Info("app: shutting down; finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.Logger.Info("app: stopped")
	return nil
}
