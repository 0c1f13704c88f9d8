package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/dataset"
	"govshare/internal/export"
	"govshare/internal/identity"
	"govshare/internal/ingest"
)

// exportData streams the whole result of a query as a file. The row count is checked against the
// grant's row quota before the first byte is sent, and the audit entry is written before
// streaming starts, so an export either is refused or is recorded with its row count.
func (s *Server) exportData(w http.ResponseWriter, r *http.Request, p *identity.Principal) (any, error) {
	in, err := parseQueryString(r.URL.Query())
	if err != nil {
		return nil, err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "csv"
	}
	opts, err := exportOptions(r.URL.Query())
	if err != nil {
		return nil, err
	}
	contentType, ok := exportTypes[format]
	if !ok {
		return nil, unsupportedFormat(format, []string{"csv", "jsonl", "xlsx"})
	}

	call, err := s.prepareData(r, p, in)
	if err != nil {
		return nil, err
	}
	n, err := s.datasets.Count(r.Context(), call.version, call.res.Code, call.query, call.access.RowFilter)
	if err != nil {
		return nil, err
	}
	if err := s.grants.ConsumeRequest(r.Context(), call.access); err != nil {
		return nil, err
	}
	if call.access.RowsLeft >= 0 && n > call.access.RowsLeft {
		e := apierr.New("quota_exceeded", "detail", fmt.Sprintf("the export has %d rows but %d are left today", n, call.access.RowsLeft), "retry", "86400")
		e.RetryAfter = 86400
		return nil, e
	}
	ac := auditOf(r)
	ac.rows = n
	ac.with = s.grants.RowCounter(call.access, n)
	ac.detail = map[string]any{"grant": call.access.GrantID, "version": call.version.Version, "format": format, "filters": in.Filters}
	if err := s.record(r, p, ac); err != nil {
		return nil, err
	}

	name := fmt.Sprintf("%s-v%d.%s", call.res.Code, call.version.Version, format)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", "attachment; filename=\""+name+"\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("X-Row-Count", strconv.FormatInt(n, 10))

	ew, err := export.New(format, w, opts)
	if err != nil {
		return nil, err
	}
	_, err = s.datasets.Stream(r.Context(), call.version, call.res.Code, call.query, call.access.RowFilter, s.maskFunc(call.access),
		func(cols []dataset.Column) error { return ew.WriteHeader(exportColumns(cols)) },
		func(values []any) error { return ew.WriteRow(values) })
	if err == nil {
		err = ew.Close()
	}
	if err != nil {
		// The status line is sent already; the error is logged and the body ends short.
		s.logger.Warn("httpapi: export ended early", "request_id", requestID(r), "error", err)
	}
	return nil, nil
}

// exportTypes maps the export formats to their content types.
var exportTypes = map[string]string{
	export.FormatCSV:   "text/csv; charset=utf-8",
	export.FormatJSONL: "application/x-ndjson",
	export.FormatXLSX:  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// exportColumns gives the export writers the column types, so that text columns such as ID
// numbers and codes stay text in every format.
func exportColumns(cols []dataset.Column) []export.Column {
	out := make([]export.Column, len(cols))
	for i, c := range cols {
		out[i] = export.Column{Name: c.Name, Type: ingest.Type(c.Type)}
	}
	return out
}

func exportOptions(q url.Values) (export.Options, error) {
	var o export.Options
	for _, name := range []string{"bom", "safe"} {
		v := q.Get(name)
		if v == "" {
			continue
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return o, apierr.New("invalid_parameter", "param", name, "detail", "use true or false")
		}
		if name == "bom" {
			o.BOM = b
		} else {
			o.SpreadsheetSafe = b
		}
	}
	return o, nil
}

func unsupportedFormat(format string, allowed []string) error {
	return apierr.New("invalid_parameter", "param", "format", "detail",
		fmt.Sprintf("%q is not one of %s", format, strings.Join(allowed, ", ")))
}
