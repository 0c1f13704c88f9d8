package dataset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"govshare/internal/apierr"
	"govshare/internal/bus"
	"govshare/internal/ingest"
	"govshare/internal/store"
)

// LoadRequest describes one load of a file into a new version of a resource.
type LoadRequest struct {
	ResourceID   int64
	ResourceCode string
	UserID       int64
	Path         string // the uploaded file on local disk
	FileName     string // the name the user gave the file
	Options      ingest.Options
	// IndexFields are field names to index for fast lookups, besides the schema's primary key.
	IndexFields []string
	// Progress, when set, is called with the phase ("analyze": reading and checking the file,
	// "store": writing the rows) and the rows of that phase done so far.
	Progress func(phase string, rows int64)
}

// LoadResult is a finished load.
type LoadResult struct {
	Version *Version     `json:"version"`
	Plan    *ingest.Plan `json:"report"`
}

// Load reads the file, writes every row into a new table and then, in one metadata transaction,
// marks the version ready and makes it the resource's current version, and queues the
// "version published" event. Until that transaction commits, readers keep the previous version; a
// failed load drops its table and records the failure on its version row.
func (s *Service) Load(ctx context.Context, req LoadRequest, logger *slog.Logger) (*LoadResult, error) {
	v, err := s.begin(ctx, req)
	if err != nil {
		return nil, err
	}
	logger = logger.With(slog.String("resource", req.ResourceCode), slog.Int("version", v.Version))
	logger.Info("dataset: load started", slog.String("file", req.FileName))
	start := time.Now()

	plan, cols, err := s.fill(ctx, req, v)
	if err != nil {
		s.fail(context.WithoutCancel(ctx), v, err, logger)
		return nil, err
	}

	if s.beforeCommit != nil {
		loaded := *v
		loaded.Rows, loaded.Columns = plan.Rows, cols
		if err := s.beforeCommit(ctx, req.ResourceCode, &loaded); err != nil {
			s.fail(context.WithoutCancel(ctx), v, err, logger)
			return nil, err
		}
	}

	if err := s.commit(ctx, req, v, plan, cols); err != nil {
		s.fail(context.WithoutCancel(ctx), v, err, logger)
		return nil, err
	}
	logger.Info("dataset: load finished", slog.Int64("rows", plan.Rows), slog.Duration("took", time.Since(start)))

	done, err := s.Get(ctx, req.ResourceID, req.ResourceCode, v.Version)
	if err != nil {
		return nil, err
	}
	return &LoadResult{Version: done, Plan: plan}, nil
}

// SetBeforeCommit installs a function run on every loaded version after its table is written
// and before it becomes current, for example to grade its columns. An error from it fails the
// load, so it returns one only to reject the version and handles its own failures.
func (s *Service) SetBeforeCommit(fn func(ctx context.Context, code string, v *Version) error) {
	s.beforeCommit = fn
}

// begin reserves the next version number. The unique (resource, version) key makes a concurrent
// load of the same resource fail here instead of racing.
func (s *Service) begin(ctx context.Context, req LoadRequest) (*Version, error) {
	var running int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM dataset_versions WHERE resource_id = ? AND status = 'loading'",
		req.ResourceID).Scan(&running); err != nil {
		return nil, fmt.Errorf("dataset: check running loads of %s: %w", req.ResourceCode, err)
	}
	if running > 0 {
		return nil, apierr.New("load_in_progress", "value", req.ResourceCode)
	}

	v := &Version{ResourceID: req.ResourceID, Status: StatusLoading, FileName: req.FileName, CreatedAt: store.Now()}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM dataset_versions WHERE resource_id = ?",
			req.ResourceID).Scan(&v.Version); err != nil {
			return fmt.Errorf("dataset: next version of %s: %w", req.ResourceCode, err)
		}
		v.Table = fmt.Sprintf("ds_%d_v%d", req.ResourceID, v.Version)
		return tx.QueryRow(ctx, `INSERT INTO dataset_versions (resource_id, version, status, table_name, file_name, created_by, created_at, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, req.ResourceID, v.Version, StatusLoading, v.Table,
			req.FileName, req.UserID, v.CreatedAt, v.CreatedAt).Scan(&v.ID)
	})
	if err != nil {
		var ae *apierr.Error
		if errors.As(err, &ae) {
			return nil, err
		}
		return nil, apierr.New("load_in_progress", "value", req.ResourceCode)
	}
	return v, nil
}

// fill analyses the file and writes its rows into the version's table in the data database.
func (s *Service) fill(ctx context.Context, req LoadRequest, v *Version) (*ingest.Plan, []Column, error) {
	heartbeat := s.heartbeat(v)
	progress := func(phase string, rows int64) {
		heartbeat()
		if req.Progress != nil {
			req.Progress(phase, rows)
		}
	}

	plan, err := ingest.Analyze(ctx, req.Path, req.Options, func(rows int64) { progress(PhaseAnalyze, rows) })
	if err != nil {
		return nil, nil, err
	}
	cols := columnsOf(plan)
	indexes, err := indexColumns(cols, req.IndexFields)
	if err != nil {
		return nil, nil, err
	}
	key, err := indexColumns(cols, plan.Schema.PrimaryKey)
	if err != nil {
		return nil, nil, err
	}

	w := newTableWriter(s.db, v.Table, cols)
	var written int64
	err = w.write(ctx, func(emit func([]any) error) error {
		return plan.Scan(ctx, func(_ int64, values []any) error {
			written++
			if written%50000 == 0 {
				progress(PhaseStore, written)
			}
			return emit(values)
		})
	}, indexes, key)
	if err != nil {
		return nil, nil, err
	}
	progress(PhaseStore, written)
	return plan, cols, nil
}

// Load phases reported to LoadRequest.Progress.
const (
	PhaseAnalyze = "analyze"
	PhaseStore   = "store"
)

func columnsOf(plan *ingest.Plan) []Column {
	cols := make([]Column, len(plan.Columns))
	for i, c := range plan.Columns {
		profile := map[string]any{"nulls": c.Profile.Nulls, "distinct": c.Profile.Distinct}
		if c.Profile.Min != "" || c.Profile.Max != "" {
			profile["min"], profile["max"] = c.Profile.Min, c.Profile.Max
		}
		cols[i] = Column{Name: c.Name, Label: c.Label, Type: string(c.Type), Format: c.Format,
			DataElement: c.DataElement, Storage: "c" + strconv.Itoa(i+1), Profile: profile}
	}
	return cols
}

// indexColumns returns the storage names of fields.
func indexColumns(cols []Column, fields []string) ([]string, error) {
	want := fields
	var out []string
	seen := map[string]bool{}
	for _, f := range want {
		found := false
		for _, c := range cols {
			if c.Name == f {
				found = true
				if !seen[c.Storage] {
					seen[c.Storage] = true
					out = append(out, c.Storage)
				}
			}
		}
		if !found {
			return nil, apierr.New("invalid_parameter", "param", "index", "detail", fmt.Sprintf("field %q is not a column of the file", f))
		}
	}
	return out, nil
}

// heartbeat returns a function that records, at most every 10 seconds, that the load is alive, so
// that cleanup on another node does not take it for an interrupted load.
func (s *Service) heartbeat(v *Version) func() {
	last := time.Now()
	return func() {
		if time.Since(last) < 10*time.Second {
			return
		}
		last = time.Now()
		_, _ = s.db.Exec(context.Background(), "UPDATE dataset_versions SET finished_at = ? WHERE id = ?", store.Now(), v.ID)
	}
}

func (s *Service) commit(ctx context.Context, req LoadRequest, v *Version, plan *ingest.Plan, cols []Column) error {
	colJSON, err := encodeColumns(cols)
	if err != nil {
		return fmt.Errorf("dataset: encode columns: %w", err)
	}
	report, err := json.Marshal(plan)
	if err != nil {
		return fmt.Errorf("dataset: encode load report: %w", err)
	}
	event, err := json.Marshal(map[string]any{
		"resource": req.ResourceCode, "version": v.Version, "rows": plan.Rows, "published_at": store.Now(),
	})
	if err != nil {
		return fmt.Errorf("dataset: encode event: %w", err)
	}

	return s.db.InTx(ctx, func(tx *store.Tx) error {
		now := store.Now()
		_, err := tx.Exec(ctx, `UPDATE dataset_versions SET status = ?, row_count = ?, columns = ?, report = ?, finished_at = ? WHERE id = ?`,
			StatusReady, plan.Rows, colJSON, string(report), now, v.ID)
		if err != nil {
			return fmt.Errorf("dataset: mark version %d ready: %w", v.Version, err)
		}
		if _, err := tx.Exec(ctx, "UPDATE resources SET current_version = ?, updated_at = ? WHERE id = ?", v.Version, now, req.ResourceID); err != nil {
			return fmt.Errorf("dataset: make version %d current: %w", v.Version, err)
		}
		return bus.Enqueue(ctx, tx, bus.VersionSubject(req.ResourceCode), event)
	})
}

// fail drops the version's table and records why the load failed.
func (s *Service) fail(ctx context.Context, v *Version, cause error, logger *slog.Logger) {
	logger.Warn("dataset: load failed", slog.Any("error", cause))
	if err := dropTable(ctx, s.db, v.Table); err != nil {
		logger.Error("dataset: drop table of failed load", slog.String("table", v.Table), slog.Any("error", err))
	}
	msg := cause.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	if _, err := s.db.Exec(ctx, "UPDATE dataset_versions SET status = ?, error = ?, finished_at = ? WHERE id = ?",
		StatusFailed, msg, store.Now(), v.ID); err != nil {
		logger.Error("dataset: record failed load", slog.Any("error", err))
	}
}
