package ingest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Formats as Options.Format and Plan.Format spell them.
const (
	FormatCSV   = "csv"
	FormatTSV   = "tsv"
	FormatXLSX  = "xlsx"
	FormatXLS   = "xls"
	FormatJSON  = "json"
	FormatJSONL = "jsonl"
)

// rowSource yields the records of one table: the lines of a text file, the rows of a sheet or the
// objects of a JSON array.
type rowSource interface {
	// next returns the next record, or io.EOF. Its fields are valid until the following call.
	next() (record, error)
	// merges returns the merged ranges of a sheet.
	merges() []mergeRange
	close() error
}

// SheetInfo describes one sheet of a workbook.
type SheetInfo struct {
	Name   string `json:"name"`
	Hidden bool   `json:"hidden,omitempty"`
	Empty  bool   `json:"empty,omitempty"` // no cell has a value
}

// detectFormat picks the format from the file name, then from the first bytes.
func detectFormat(path string, head []byte) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".txt":
		return FormatCSV
	case ".tsv", ".tab":
		return FormatTSV
	case ".xlsx", ".xlsm":
		return FormatXLSX
	case ".xls":
		return FormatXLS
	case ".json":
		return FormatJSON
	case ".jsonl", ".ndjson":
		return FormatJSONL
	}
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatXLSX
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return FormatXLS
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if len(t) > 0 && t[0] == '[' {
		return FormatJSON
	}
	if len(t) > 0 && t[0] == '{' {
		if i := bytes.IndexByte(t, '\n'); i > 0 && bytes.HasPrefix(bytes.TrimSpace(t[i:]), []byte("{")) {
			return FormatJSONL
		}
		return FormatJSON
	}
	return FormatCSV
}

func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return buf[:m], nil
}

func baseName(path string) string { return filepath.Base(path) }

// textSource reads delimited text.
type textSource struct {
	f     *os.File
	r     *csvReader
	index int64
}

func openText(path string, enc encodingResult, delim byte, maxCell int64, maxFields int) (*textSource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	r, err := textReader(f, enc)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &textSource{f: f, r: newCSVReader(r, delim, maxCell, maxFields)}, nil
}

func (s *textSource) next() (record, error) {
	fields, err := s.r.Next()
	if err != nil {
		return record{}, err
	}
	rec := record{fields: fields, index: s.index, row: s.r.Line(), offset: s.r.Offset()}
	s.index++
	return rec, nil
}

func (s *textSource) close() error { return s.f.Close() }

func (s *textSource) merges() []mergeRange { return nil }

// textSample returns up to n bytes of the file's text as UTF-8, for delimiter sniffing.
func textSample(path string, enc encodingResult, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := textReader(f, enc)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, n)
	m, err := io.ReadFull(r, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return buf[:m], nil
}
