// Package httpapi is the REST API under /api/v1, the health and metrics endpoints and the OpenAPI
// description. Handlers decode and validate input, call the domain services and write JSON; every
// authenticated call and every refused credential is recorded in the audit log.
package httpapi

import (
	"log/slog"
	"net/http"
	"strings"

	"govshare/internal/apierr"

	"govshare/internal/audit"
	"govshare/internal/bus"
	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/grading"
	"govshare/internal/grant"
	"govshare/internal/identity"
	"govshare/internal/ingest"
	"govshare/internal/store"
)

// Config holds the API's settings.
type Config struct {
	// MaxUploadBytes bounds the size of an uploaded data file.
	MaxUploadBytes int64
	// UploadDir keeps uploaded files while they are loaded.
	UploadDir string
	// IngestLimits bounds what a loaded file may contain.
	IngestLimits ingest.Limits
	// MaskingKey keys the HMAC pseudonyms of the masking profiles.
	MaskingKey []byte
	// SecureCookies marks the session cookie Secure (serve behind TLS).
	SecureCookies bool
}

// Server is the HTTP API with its dependencies.
type Server struct {
	cfg      Config
	db       *store.DB
	bus      *bus.Bus
	logger   *slog.Logger
	identity *identity.Service
	catalog  *catalog.Service
	datasets *dataset.Service
	grants   *grant.Service
	grading  *grading.Service
	audit    *audit.Log
	metrics  *metrics
	loads    *loadTracker
}

// Deps are the services the API calls.
type Deps struct {
	DB       *store.DB
	Bus      *bus.Bus
	Logger   *slog.Logger
	Identity *identity.Service
	Catalog  *catalog.Service
	Datasets *dataset.Service
	Grants   *grant.Service
	Grading  *grading.Service
	Audit    *audit.Log
}

// New returns the API server.
func New(cfg Config, d Deps) *Server {
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 2 << 30
	}
	return &Server{cfg: cfg, db: d.DB, bus: d.Bus, logger: d.Logger, identity: d.Identity, catalog: d.Catalog,
		datasets: d.Datasets, grants: d.Grants, grading: d.Grading, audit: d.Audit, metrics: newMetrics(), loads: newLoadTracker()}
}

// Handler returns the root handler with every route and the middleware around them.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	// paths matches a request's path against every route whatever the method, to tell an unknown
	// endpoint (404) from a known one called with the wrong method (405).
	paths := http.NewServeMux()
	methods := map[string][]string{}
	for _, rt := range s.routes() {
		mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
		if _, seen := methods[rt.Path]; !seen {
			paths.Handle(rt.Path, http.NotFoundHandler())
		}
		methods[rt.Path] = append(methods[rt.Path], rt.Method)
	}
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.handler())
	mux.HandleFunc("GET /api/v1/openapi.json", s.openapi)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := paths.Handler(r); pattern != "" && pattern != "/" {
			allowed := strings.Join(methods[pattern], ", ")
			w.Header().Set("Allow", allowed)
			s.writeError(w, r, apierr.New("method_not_allowed", "value", r.URL.Path, "allowed", allowed))
			return
		}
		s.writeError(w, r, errNotFoundRoute(r))
	})
	return s.recoverer(s.withRequestID(mux))
}
