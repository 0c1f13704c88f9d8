package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// progressEvery is how many records pass between calls of the progress function.
const progressEvery = 10_000

// Analyze reads the whole file with bounded memory, detects its format, encoding, layout and
// header, infers the type of each column from all of its values and profiles the columns.
// progress, if not nil, is called with the number of records read so far.
//
// A file that cannot be loaded faithfully yields a *Problem as the error: an undecodable byte, a
// ragged row under RaggedReject, a zip bomb, an exceeded limit, an empty file and so on. When ctx
// ends first, Analyze returns ctx.Err().
func Analyze(ctx context.Context, path string, opts Options, progress func(rowsRead int64)) (*Plan, error) {
	p, err := analyzeOnce(ctx, path, opts, progress)
	if errors.Is(err, errNotUTF8) {
		// The file was read as UTF-8 until an invalid byte: detect its encoding from the whole
		// file, which also locates the byte if no encoding fits, and start again.
		res, err := detectEncoding(path, "")
		if err != nil {
			return nil, err
		}
		opts.Encoding = res.enc
		return analyzeOnce(ctx, path, opts, progress)
	}
	return p, err
}

func analyzeOnce(ctx context.Context, path string, opts Options, progress func(rowsRead int64)) (*Plan, error) {
	p, err := prepare(path, opts)
	if err != nil {
		return nil, err
	}

	src, err := p.open()
	if err != nil {
		return nil, err
	}
	defer src.close()

	a := &analysis{plan: p, progress: progress}
	if err := a.run(ctx, src); err != nil {
		return nil, err
	}
	return p, nil
}

// prepare checks the options and the file and settles format and encoding.
func prepare(path string, opts Options) (*Plan, error) {
	name := baseName(path)
	st, err := os.Stat(path)
	if err != nil {
		return nil, &Problem{Code: "read_failed", File: name, Detail: err.Error()}
	}
	limits := opts.Limits.withDefaults()
	if st.Size() > limits.MaxFileBytes {
		return nil, &Problem{Code: "file_too_large", File: name,
			Detail:   fmt.Sprintf("%d bytes, the limit is %d", st.Size(), limits.MaxFileBytes),
			DetailZH: fmt.Sprintf("%d 字节，上限为 %d 字节", st.Size(), limits.MaxFileBytes)}
	}
	if st.Size() == 0 {
		return nil, &Problem{Code: "empty_file", File: name}
	}

	switch opts.Ragged {
	case "":
		opts.Ragged = RaggedReject
	case RaggedReject, RaggedPad, RaggedSkip:
	default:
		return nil, &Problem{Code: "invalid_option", File: name,
			Detail: fmt.Sprintf("ragged policy %q is not reject, pad or skip", opts.Ragged)}
	}
	if opts.Delimiter != 0 && !slices.Contains([]rune{',', ';', '\t', '|', ':', ' '}, opts.Delimiter) {
		return nil, &Problem{Code: "invalid_option", File: name,
			Detail: fmt.Sprintf("delimiter %q is not one of , ; tab | : or space", opts.Delimiter)}
	}
	if opts.HeaderRow < 0 || opts.HeaderRows < 0 || opts.HeaderRows > 10 {
		return nil, &Problem{Code: "invalid_option", File: name, Detail: "header row must be positive and header rows at most 10"}
	}
	if opts.Schema != nil {
		if err := opts.Schema.validate(); err != nil {
			var pr *Problem
			if errors.As(err, &pr) {
				pr.File = name
			}
			return nil, err
		}
	}

	head, err := readHead(path, 4096)
	if err != nil {
		return nil, &Problem{Code: "read_failed", File: name, Detail: err.Error()}
	}
	format := strings.ToLower(opts.Format)
	switch format {
	case "":
		format = detectFormat(path, head)
	case FormatCSV, FormatTSV, FormatXLSX, FormatXLS, FormatJSON, FormatJSONL:
	default:
		return nil, &Problem{Code: "unknown_format", File: name, Detail: opts.Format}
	}

	p := &Plan{File: name, Format: format, path: path, size: st.Size(), modTime: st.ModTime(),
		opts: opts, limits: limits}

	if format == FormatCSV || format == FormatTSV || format == FormatJSON || format == FormatJSONL {
		declared := ""
		if opts.Encoding != "" {
			enc, ok := normalizeEncoding(opts.Encoding)
			if strings.EqualFold(strings.ReplaceAll(opts.Encoding, "_", "-"), "utf-16") {
				// The byte order mark gives the byte order. Without one, Windows' little-endian is taken.
				enc, ok = EncUTF16LE, true
				if head, _ := readHead(path, 2); bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
					enc = EncUTF16BE
				}
			}
			if !ok {
				return nil, &Problem{Code: "invalid_option", File: name, Detail: fmt.Sprintf("encoding %q is not supported", opts.Encoding)}
			}
			declared = enc
		}
		res, err := quickEncoding(path, declared)
		if err != nil {
			return nil, err
		}
		p.enc = res
		p.Encoding = res.enc
	}

	switch format {
	case FormatJSON, FormatJSONL:
		// The first record of a JSON source is the list of keys.
		p.opts.HeaderRow, p.opts.HeaderRows = 1, 1
	case FormatXLSX, FormatXLS:
		if err := p.chooseSheet(); err != nil {
			return nil, err
		}
	case FormatTSV:
		p.Delimiter = '\t'
		if opts.Delimiter != 0 {
			p.Delimiter = opts.Delimiter
		}
	case FormatCSV:
		p.Delimiter = opts.Delimiter
		if p.Delimiter == 0 {
			sample, err := textSample(path, p.enc, 64<<10)
			if errors.Is(err, errNotUTF8) {
				return nil, err
			}
			if err != nil {
				return nil, &Problem{Code: "read_failed", File: name, Detail: err.Error()}
			}
			p.Delimiter = rune(sniffDelimiter(sample))
		}
	}
	return p, nil
}

// open opens the source of the plan's table, read ahead in its own goroutine.
func (p *Plan) open() (rowSource, error) {
	src, err := p.openDirect()
	if err != nil {
		return nil, err
	}
	return prefetch(src), nil
}

func (p *Plan) openDirect() (rowSource, error) {
	switch p.Format {
	case FormatCSV, FormatTSV:
		// Rows wider than the column limit cannot be stored under any ragged-row policy.
		return openText(p.path, p.enc, byte(p.Delimiter), p.limits.MaxCellBytes, p.limits.MaxColumns+1)
	case FormatXLSX, FormatXLS:
		// Merged ranges matter for header detection, which runs before Columns is set.
		return p.openSheetSource(p.Columns == nil)
	case FormatJSON, FormatJSONL:
		return p.openJSON(p.jsonKeys)
	}
	return nil, &Problem{Code: "unknown_format", File: p.File, Detail: p.Format}
}

// analysis is the state of one Analyze run.
type analysis struct {
	plan     *Plan
	progress func(int64)
	stats    []*colStats
	preview  []record
	rows     int64
	invalid  int64
}

func (a *analysis) run(ctx context.Context, src rowSource) error {
	p := a.plan

	var sample []record
	for len(sample) < sampleRows {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			// Name the column from the rows read so far, as the header is not settled yet.
			if hdr, ok := detectHeader(sample, nil, p.workbook(), p.opts.HeaderRow, p.opts.HeaderRows); ok {
				names, _ := columnNames(hdr.labels)
				for _, n := range names {
					p.Columns = append(p.Columns, Column{Name: n})
				}
			}
			return p.locate(err)
		}
		sample = append(sample, rec.clone())
	}
	p.RowsRead = int64(len(sample))

	hdr, ok := detectHeader(sample, src.merges(), p.workbook(), p.opts.HeaderRow, p.opts.HeaderRows)
	if !ok {
		if p.opts.HeaderRow > 0 {
			return &Problem{Code: "no_header", File: p.File, Sheet: p.Sheet, Row: int64(p.opts.HeaderRow),
				Detail: "the row is beyond the first rows of the table", DetailZH: "该行超出了表格的前 100 行"}
		}
		return &Problem{Code: "no_data", File: p.File, Sheet: p.Sheet}
	}
	p.HeaderRow = hdr.start + 1
	p.HeaderRows = hdr.rows
	if len(hdr.labels) > p.limits.MaxColumns {
		return &Problem{Code: "too_many_columns", File: p.File, Sheet: p.Sheet, Row: int64(p.HeaderRow),
			Detail:   fmt.Sprintf("%d columns, the limit is %d", len(hdr.labels), p.limits.MaxColumns),
			DetailZH: fmt.Sprintf("共 %d 列，上限为 %d 列", len(hdr.labels), p.limits.MaxColumns)}
	}
	if skipped := countNonBlank(sample[:hdr.start]); skipped > 0 {
		p.Warnings = append(p.Warnings, Problem{Code: "title_rows_skipped", File: p.File, Sheet: p.Sheet,
			Row: sample[0].row, Count: int64(skipped)})
	}

	if err := p.setColumns(hdr.labels); err != nil {
		return err
	}
	a.stats = make([]*colStats, len(p.Columns))
	for i := range a.stats {
		a.stats[i] = newColStats(p.columns[i].initialMask())
	}

	w := p.newWalker(true)
	w.emit = a.emit
	for _, rec := range sample[hdr.start+hdr.rows:] {
		if err := w.push(rec); err != nil {
			return err
		}
	}
	if len(sample) == sampleRows {
		for {
			if p.RowsRead%progressEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				if a.progress != nil {
					a.progress(p.RowsRead)
				}
			}
			rec, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return p.locate(err)
			}
			p.RowsRead++
			if err := w.push(rec); err != nil {
				return err
			}
		}
	}
	if err := w.finish(); err != nil {
		return err
	}
	if a.progress != nil {
		a.progress(p.RowsRead)
	}
	a.finish(w)
	return nil
}

// locate fills in the file and sheet of a problem from a source.
func (p *Plan) locate(err error) error {
	if errors.Is(err, errNotUTF8) {
		return err
	}
	var pr *Problem
	if errors.As(err, &pr) {
		if pr.File == "" {
			pr.File = p.File
		}
		if pr.Sheet == "" {
			pr.Sheet = p.Sheet
		}
		// Text sources name columns by position ("#3"); once the header is known, use its name.
		if n, err := strconv.Atoi(strings.TrimPrefix(pr.Column, "#")); err == nil && strings.HasPrefix(pr.Column, "#") &&
			n >= 1 && n <= len(p.Columns) {
			pr.Column = p.Columns[n-1].Name
		}
		return pr
	}
	return &Problem{Code: "read_failed", File: p.File, Sheet: p.Sheet, Detail: err.Error()}
}

func countNonBlank(rs []record) int {
	n := 0
	for _, r := range rs {
		if r.nonEmpty() > 0 {
			n++
		}
	}
	return n
}

// newWalker returns the walker both passes use; analysis may widen the table.
func (p *Plan) newWalker(analysis bool) *walker {
	return &walker{
		width:    len(p.Columns),
		textFile: p.Format == FormatCSV || p.Format == FormatTSV,
		ragged:   p.opts.Ragged,
		footers:  p.Format != FormatJSON && p.Format != FormatJSONL,
		grow:     analysis,
		fillDown: p.fillDown,
		file:     p.File,
		sheet:    p.Sheet,
	}
}

// emit takes one table row during analysis.
func (a *analysis) emit(rec record, cells [][]byte) error {
	p := a.plan
	for len(cells) > len(p.Columns) {
		// RaggedPad met a longer row: add a generated column that was null so far.
		if err := p.addColumn(""); err != nil {
			return err
		}
		st := newColStats(p.columns[len(p.columns)-1].initialMask())
		st.nulls = a.rows + a.invalid
		a.stats = append(a.stats, st)
	}

	if pr := p.checkRow(rec, cells); pr != nil {
		a.invalid++
		if len(p.Rejected) < maxListed {
			p.Rejected = append(p.Rejected, *pr)
		}
		return nil
	}

	a.rows++
	if a.rows > p.limits.MaxRows {
		return &Problem{Code: "too_many_rows", File: p.File, Sheet: p.Sheet, Row: rec.row,
			Detail: fmt.Sprintf("the limit is %d rows", p.limits.MaxRows), DetailZH: fmt.Sprintf("上限为 %d 行", p.limits.MaxRows)}
	}
	dc := p.opts.DecimalComma
	for i, v := range cells {
		st := a.stats[i]
		if p.isNull(v) {
			st.nulls++
			continue
		}
		kind := kindAny
		if rec.kinds != nil && i < len(rec.kinds) {
			kind = rec.kinds[i]
		}
		st.observe(v, kind, dc)
	}
	if len(a.preview) < previewRows {
		r := rec
		r.fields = cells
		r.kinds = slices.Clone(rec.kinds)
		a.preview = append(a.preview, r.clone())
	}
	return nil
}

// finish settles types and profiles and fills in the plan's report.
func (a *analysis) finish(w *walker) {
	p := a.plan
	p.Rows = a.rows
	for i := range p.Columns {
		col := &p.Columns[i]
		rule := &p.columns[i]
		st := a.stats[i]
		if rule.declared {
			d := decision{typ: rule.typ}
			if bitsSet(rule.mask) == 1 {
				d.bit = rule.mask
			} else {
				d.bit = firstBit(st.mask & rule.mask)
			}
			col.Profile = st.profile(d)
			continue
		}
		d := decide(st.mask, st.count)
		if d.typ == TypeInteger && looksLikeCode(col.Label) {
			d = decision{typ: TypeString}
			p.Warnings = append(p.Warnings, Problem{Code: "code_kept_as_text", File: p.File, Sheet: p.Sheet, Column: col.Name})
		}
		if d.ambiguous {
			p.Warnings = append(p.Warnings, Problem{Code: "ambiguous_date", File: p.File, Sheet: p.Sheet, Column: col.Name})
		}
		col.Type, col.Format = d.typ, d.format
		rule.typ, rule.mask = d.typ, d.bit
		col.Profile = st.profile(d)
	}

	if w.blank > 0 {
		p.Warnings = append(p.Warnings, Problem{Code: "blank_rows_skipped", File: p.File, Sheet: p.Sheet, Count: w.blank})
	}
	if len(w.footer) > 0 {
		p.Warnings = append(p.Warnings, Problem{Code: "footer_skipped", File: p.File, Sheet: p.Sheet,
			Row: w.footer[0], Rows: w.footer[1:], Count: int64(len(w.footer))})
	}
	p.Rejected = append(w.skipped, p.Rejected...)
	if n := w.raggedN + a.invalid; n > int64(len(p.Rejected)) {
		p.Rejected = append(p.Rejected, Problem{Code: "too_many_problems", File: p.File, Sheet: p.Sheet,
			Count: n, Detail: fmt.Sprintf("%d rows rejected, %d listed", n, len(p.Rejected)),
			DetailZH: fmt.Sprintf("共拒绝 %d 行，列出 %d 行", n, len(p.Rejected))})
	}

	conv := &converter{plan: p}
	for _, rec := range a.preview {
		p.Preview = append(p.Preview, conv.appendValues(nil, rec.fields))
	}
	p.Schema = p.buildSchema()
}

func bitsSet(m uint32) int {
	n := 0
	for ; m != 0; m &= m - 1 {
		n++
	}
	return n
}

func firstBit(m uint32) uint32 { return m & -m }
