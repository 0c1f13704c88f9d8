package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"govshare/internal/apierr"
	"govshare/internal/catalog"
	"govshare/internal/dataset"
	"govshare/internal/identity"
	"govshare/internal/ingest"
)

// loadTracker keeps the progress of the loads running on this node.
type loadTracker struct {
	mu    sync.Mutex
	loads map[string]*loadProgress
}

type loadProgress struct {
	Resource string `json:"resource"`
	File     string `json:"file"`
	Phase    string `json:"phase"` // "analyze" (reading and checking the file) or "store" (writing rows)
	Rows     int64  `json:"rows"`  // rows of the phase done so far
	Started  int64  `json:"started_at"`
}

func newLoadTracker() *loadTracker { return &loadTracker{loads: map[string]*loadProgress{}} }

func (t *loadTracker) start(code, file string, now int64) *loadProgress {
	t.mu.Lock()
	defer t.mu.Unlock()
	lp := &loadProgress{Resource: code, File: file, Started: now}
	t.loads[code] = lp
	return lp
}

func (t *loadTracker) update(lp *loadProgress, phase string, rows int64) {
	t.mu.Lock()
	lp.Phase, lp.Rows = phase, rows
	t.mu.Unlock()
}

func (t *loadTracker) finish(code string) {
	t.mu.Lock()
	delete(t.loads, code)
	t.mu.Unlock()
}

func (t *loadTracker) get(code string) (loadProgress, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	lp, ok := t.loads[code]
	if !ok {
		return loadProgress{}, false
	}
	return *lp, true
}

// ingestOptions reads the load options from the query string.
func ingestOptions(r *http.Request, limits ingest.Limits) (ingest.Options, error) {
	q := r.URL.Query()
	opts := ingest.Options{Format: q.Get("format"), Encoding: q.Get("encoding"), Sheet: q.Get("sheet"),
		JSONPath: q.Get("json_path"), Ragged: q.Get("ragged"), Limits: limits}
	if d := q.Get("delimiter"); d != "" {
		if d == `\t` || d == "tab" {
			d = "\t"
		}
		if utf8.RuneCountInString(d) != 1 {
			return opts, apierr.New("invalid_parameter", "param", "delimiter", "detail", "give one character, or 'tab'")
		}
		opts.Delimiter, _ = utf8.DecodeRuneInString(d)
	}
	var err error
	if opts.HeaderRow, err = queryInt(r, "header_row", 0); err != nil {
		return opts, err
	}
	if opts.HeaderRows, err = queryInt(r, "header_rows", 0); err != nil {
		return opts, err
	}
	if v := q.Get("fill_down"); v != "" {
		opts.FillDown = strings.Split(v, ",")
	}
	if v := q.Get("decimal_comma"); v != "" {
		if opts.DecimalComma, err = strconv.ParseBool(v); err != nil {
			return opts, apierr.New("invalid_parameter", "param", "decimal_comma", "detail", "use true or false")
		}
	}
	if opts.Ragged != "" && opts.Ragged != ingest.RaggedReject && opts.Ragged != ingest.RaggedPad && opts.Ragged != ingest.RaggedSkip {
		return opts, apierr.New("invalid_parameter", "param", "ragged", "detail", "use reject, pad or skip")
	}
	return opts, nil
}

// receiveUpload stores the request's file (a multipart "file" part, or the raw body) in the upload
// directory, at most MaxUploadBytes. It returns the path and the file name the user gave.
func (s *Server) receiveUpload(w http.ResponseWriter, r *http.Request) (string, string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUploadBytes)
	src := io.Reader(r.Body)
	name := r.URL.Query().Get("filename")

	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "multipart/form-data" {
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return "", "", apierr.New("missing_parameter", "param", "file")
				}
				return "", "", fmt.Errorf("read multipart upload: %w", err)
			}
			if part.FormName() == "file" {
				if name == "" {
					name = part.FileName()
				}
				src = part
				break
			}
		}
	}
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "" || name == "." || name == "/" {
		return "", "", apierr.New("missing_parameter", "param", "filename")
	}
	if name == ".." || len(name) > 200 || strings.ContainsAny(name, "\x00") {
		return "", "", apierr.New("invalid_parameter", "param", "filename", "detail", "give a plain file name of at most 200 bytes")
	}

	if err := os.MkdirAll(s.cfg.UploadDir, 0o750); err != nil {
		return "", "", fmt.Errorf("create upload directory: %w", err)
	}
	// Each upload gets its own directory so that the file keeps the user's name, which every
	// load error and report then shows.
	dir, err := os.MkdirTemp(s.cfg.UploadDir, "upload-")
	if err != nil {
		return "", "", fmt.Errorf("create upload directory: %w", err)
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("create upload file: %w", err)
	}
	if _, err := io.Copy(f, src); err != nil {
		f.Close()
		os.RemoveAll(dir)
		return "", "", err
	}
	if err := f.Close(); err != nil {
		os.RemoveAll(dir)
		return "", "", fmt.Errorf("write upload file: %w", err)
	}
	return path, name, nil
}

// removeUpload deletes an uploaded file and its directory.
func removeUpload(path string) {
	os.RemoveAll(filepath.Dir(path))
}

func (s *Server) previewUpload(w http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	res, err := s.catalog.Owned(r.Context(), p, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	opts, err := ingestOptions(r, s.cfg.IngestLimits)
	if err != nil {
		return nil, err
	}
	if opts.Schema, err = s.catalog.DeclaredSchema(r.Context(), res.ID); err != nil {
		return nil, err
	}
	path, name, err := s.receiveUpload(w, r)
	if err != nil {
		return nil, err
	}
	defer removeUpload(path)
	auditOf(r).detail = map[string]string{"file": name}
	plan, err := ingest.Analyze(r.Context(), path, opts, nil)
	var problem *ingest.Problem
	if errors.As(err, &problem) {
		return nil, apierr.New("preview_failed", "detail", problem.Message(lang(r)))
	}
	if err != nil {
		return nil, err
	}
	return plan, nil
}

func (s *Server) uploadVersion(w http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	code := r.PathValue("code")
	res, err := s.catalog.Owned(r.Context(), p, code)
	if err != nil {
		return nil, err
	}
	opts, err := ingestOptions(r, s.cfg.IngestLimits)
	if err != nil {
		return nil, err
	}
	if opts.Schema, err = s.catalog.DeclaredSchema(r.Context(), res.ID); err != nil {
		return nil, err
	}
	var index []string
	if v := r.URL.Query().Get("index"); v != "" {
		index = strings.Split(v, ",")
	}
	path, name, err := s.receiveUpload(w, r)
	if err != nil {
		return nil, err
	}
	defer removeUpload(path)

	lp := s.loads.start(code, name, nowMillis())
	defer s.loads.finish(code)
	result, err := s.datasets.Load(r.Context(), dataset.LoadRequest{ResourceID: res.ID, ResourceCode: code, UserID: p.UserID,
		Path: path, FileName: name, Options: opts, IndexFields: index,
		Progress: func(phase string, rows int64) { s.loads.update(lp, phase, rows) }}, s.logger)
	ac := auditOf(r)
	ac.detail = map[string]string{"file": name}
	if err != nil {
		return nil, err
	}
	ac.rows = result.Version.Rows
	ac.detail = map[string]any{"file": name, "version": result.Version.Version}
	if err := s.catalog.SetItemsIfEmpty(context.WithoutCancel(r.Context()), p, code, catalog.ItemsOf(result.Version.Columns)); err != nil {
		return nil, err
	}
	return created{result}, nil
}

func (s *Server) loadProgress(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	code := r.PathValue("code")
	if _, err := s.catalog.Owned(r.Context(), p, code); err != nil {
		return nil, err
	}
	lp, ok := s.loads.get(code)
	if !ok {
		return map[string]any{"resource": code, "running": false}, nil
	}
	return map[string]any{"resource": code, "running": true, "progress": lp}, nil
}

func (s *Server) listVersions(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	res, err := s.catalog.Get(r.Context(), p, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	list, err := s.datasets.List(r.Context(), res.ID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		redactVersion(p, res, &list[i])
	}
	return list, nil
}

// redactVersion removes the load report and column profiles, which show sample values, minimums
// and maximums, for callers outside the provider department.
func redactVersion(p *identity.Principal, res *catalog.Resource, v *dataset.Version) {
	if p.DepartmentID == res.DepartmentID {
		return
	}
	v.Report = nil
	v.Error = ""
	cols := make([]dataset.Column, len(v.Columns))
	for i, c := range v.Columns {
		c.Profile = nil
		cols[i] = c
	}
	v.Columns = cols
}

func (s *Server) getVersion(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	res, err := s.catalog.Get(r.Context(), p, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	n, err := pathInt(r, "version")
	if err != nil {
		return nil, err
	}
	v, err := s.datasets.Get(r.Context(), res.ID, res.Code, int(n))
	if err != nil {
		return nil, err
	}
	// The version is shared with the dataset cache; redact a copy.
	out := *v
	redactVersion(p, res, &out)
	return &out, nil
}

func (s *Server) getSchema(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	res, err := s.catalog.Get(r.Context(), p, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	declared, err := s.catalog.DeclaredSchema(r.Context(), res.ID)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"resource": res.Code, "declared": declared}
	if v, err := s.datasets.Get(r.Context(), res.ID, res.Code, 0); err == nil && p.DepartmentID == res.DepartmentID {
		// The schema of the current version, as inferred or declared at its load.
		var report struct {
			Schema json.RawMessage `json:"schema"`
		}
		if json.Unmarshal(v.Report, &report) == nil && len(report.Schema) > 0 {
			out["current_version"] = v.Version
			out["current"] = report.Schema
		}
	}
	return out, nil
}

func (s *Server) putSchema(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxJSONBody {
		return nil, apierr.New("invalid_json", "detail", "the schema is larger than 1 MiB")
	}
	schema, err := s.catalog.SetSchema(r.Context(), p, r.PathValue("code"), body)
	if err != nil {
		return nil, err
	}
	auditOf(r).detail = schema
	return map[string]any{"resource": r.PathValue("code"), "declared": schema,
		"note": "Loads from now on apply this schema; upload the file again to reload it."}, nil
}

func (s *Server) deleteSchema(_ http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	if err := s.catalog.DeleteSchema(r.Context(), p, r.PathValue("code")); err != nil {
		return nil, err
	}
	return map[string]any{"resource": r.PathValue("code"), "declared": nil}, nil
}
