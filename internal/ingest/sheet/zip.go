package sheet

import (
	"archive/zip"
	"fmt"
	"io"
)

// minRatioCheck is the part size from which the compression ratio is checked; small parts of
// repetitive XML compress far beyond any useful limit without harm.
const minRatioCheck = 1 << 20

// guardedPart opens a part of the archive and stops reading it once it expands beyond the
// limits, whatever sizes the archive's directory claims.
type guardedPart struct {
	rc       io.ReadCloser
	name     string
	read     int64
	maxBytes int64
	total    *int64
	lim      Limits
}

func openPart(f *zip.File, lim Limits, total *int64) (*guardedPart, error) {
	comp := int64(f.CompressedSize64)
	if comp == 0 {
		comp = 1
	}
	maxBytes := int64(float64(comp) * lim.MaxZipRatio)
	if maxBytes < minRatioCheck {
		maxBytes = minRatioCheck
	}
	declared := int64(f.UncompressedSize64)
	if declared > maxBytes || declared+*total > lim.MaxZipBytes || declared < 0 {
		return nil, bombError(f.Name, declared, comp, lim)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &Error{Kind: "invalid_workbook", Detail: fmt.Sprintf("part %s: %v", f.Name, err)}
	}
	return &guardedPart{rc: rc, name: f.Name, maxBytes: maxBytes, total: total, lim: lim}, nil
}

func bombError(name string, size, comp int64, lim Limits) error {
	return &Error{Kind: "zip_bomb", Detail: fmt.Sprintf(
		"part %s expands to more than %d bytes from %d (ratio limit %.0f, total limit %d bytes)",
		name, size, comp, lim.MaxZipRatio, lim.MaxZipBytes)}
}

func (g *guardedPart) Read(p []byte) (int, error) {
	n, err := g.rc.Read(p)
	g.read += int64(n)
	*g.total += int64(n)
	if g.read > g.maxBytes || *g.total > g.lim.MaxZipBytes {
		return n, bombError(g.name, g.read, g.maxBytes, g.lim)
	}
	if err != nil && err != io.EOF {
		return n, &Error{Kind: "invalid_workbook", Detail: fmt.Sprintf("part %s: %v", g.name, err)}
	}
	return n, err
}

func (g *guardedPart) Close() error { return g.rc.Close() }
