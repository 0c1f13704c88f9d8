package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"

	"govshare/internal/dataset"
)

type exportWriter interface {
	WriteHeader(cols []dataset.Column) error
	WriteRow(values []any) error
	Close() error
}

func newExportWriter(format string, w io.Writer, o exportOpts) (exportWriter, string, error) {
	switch format {
	case "csv":
		return &csvExport{w: w, cw: csv.NewWriter(w), opts: o}, "text/csv; charset=utf-8", nil
	case "jsonl":
		return &jsonlExport{enc: json.NewEncoder(w)}, "application/x-ndjson", nil
	}
	return nil, "", unsupportedFormat(format, []string{"csv", "jsonl"})
}

type csvExport struct {
	w    io.Writer
	cw   *csv.Writer
	opts exportOpts
	rec  []string
}

func (c *csvExport) WriteHeader(cols []dataset.Column) error {
	if c.opts.BOM {
		if _, err := c.w.Write([]byte("\uFEFF")); err != nil {
			return err
		}
	}
	names := make([]string, len(cols))
	for i, col := range cols {
		names[i] = col.Name
	}
	c.rec = make([]string, len(cols))
	return c.cw.Write(names)
}

func (c *csvExport) WriteRow(values []any) error {
	for i, v := range values {
		switch x := v.(type) {
		case nil:
			c.rec[i] = ""
		case string:
			c.rec[i] = x
			if c.opts.SpreadsheetSafe && x != "" && (x[0] == '=' || x[0] == '+' || x[0] == '-' || x[0] == '@') {
				c.rec[i] = "'" + x
			}
		default:
			c.rec[i] = fmt.Sprint(x)
		}
	}
	return c.cw.Write(c.rec)
}

func (c *csvExport) Close() error {
	c.cw.Flush()
	return c.cw.Error()
}

type jsonlExport struct {
	enc  *json.Encoder
	cols []dataset.Column
}

func (j *jsonlExport) WriteHeader(cols []dataset.Column) error {
	j.cols = cols
	j.enc.SetEscapeHTML(false)
	return nil
}

func (j *jsonlExport) WriteRow(values []any) error {
	obj := make(map[string]any, len(values))
	for i, v := range values {
		obj[j.cols[i].Name] = v
	}
	return j.enc.Encode(obj)
}

func (j *jsonlExport) Close() error { return nil }
