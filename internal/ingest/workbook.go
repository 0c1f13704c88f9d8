package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"govshare/internal/ingest/sheet"
)

func (p *Plan) workbook() bool { return p.Format == FormatXLSX || p.Format == FormatXLS }

func (p *Plan) sheetLimits() sheet.Limits {
	return sheet.Limits{MaxZipRatio: p.limits.MaxZipRatio, MaxZipBytes: p.limits.MaxZipBytes,
		MaxCell: p.limits.MaxCellBytes, MaxColumns: p.limits.MaxColumns, MaxSharedStrings: p.limits.MaxSharedStringBytes}
}

func (p *Plan) openWorkbook() (sheet.Workbook, error) {
	var wb sheet.Workbook
	var err error
	if p.Format == FormatXLS {
		wb, err = sheet.OpenXLS(p.path, p.sheetLimits())
	} else {
		wb, err = sheet.OpenXLSX(p.path, p.sheetLimits())
	}
	if err != nil {
		return nil, p.sheetProblem(err)
	}
	return wb, nil
}

// chooseSheet lists the sheets and picks the requested one, or the first visible sheet that has
// data. Empty sheets passed over and a hidden chosen sheet are reported as warnings.
func (p *Plan) chooseSheet() error {
	wb, err := p.openWorkbook()
	if err != nil {
		return err
	}
	defer wb.Close()

	chosen := -1
	for i, info := range wb.Sheets() {
		empty, err := sheetEmpty(wb, i)
		if err != nil {
			return p.sheetProblem(err)
		}
		p.Sheets = append(p.Sheets, SheetInfo{Name: info.Name, Hidden: info.Hidden, Empty: empty})
		if p.opts.Sheet != "" && info.Name == p.opts.Sheet {
			chosen = i
		}
	}
	if p.opts.Sheet != "" {
		if chosen < 0 {
			names := make([]string, len(p.Sheets))
			for i, s := range p.Sheets {
				names[i] = s.Name
			}
			return &Problem{Code: "sheet_not_found", File: p.File, Sheet: p.opts.Sheet,
				Detail: fmt.Sprintf("the workbook has %q", names), DetailZH: fmt.Sprintf("工作簿中的工作表为 %q", names)}
		}
	} else {
		for i, s := range p.Sheets {
			if !s.Hidden && !s.Empty {
				chosen = i
				break
			}
			if s.Empty {
				p.Warnings = append(p.Warnings, Problem{Code: "empty_sheet", File: p.File, Sheet: s.Name})
			}
		}
		if chosen < 0 {
			return &Problem{Code: "no_data", File: p.File, Detail: "every visible sheet is empty", DetailZH: "所有可见工作表均为空"}
		}
	}
	p.Sheet = p.Sheets[chosen].Name
	p.sheetIndex = chosen
	if p.Sheets[chosen].Hidden {
		p.Warnings = append(p.Warnings, Problem{Code: "hidden_sheet", File: p.File, Sheet: p.Sheet})
	}
	if p.Sheets[chosen].Empty {
		return &Problem{Code: "no_data", File: p.File, Sheet: p.Sheet, Detail: "the sheet is empty", DetailZH: "该工作表为空"}
	}
	return nil
}

// sheetEmpty reads a sheet up to its first cell with a value.
func sheetEmpty(wb sheet.Workbook, i int) (bool, error) {
	rows, err := wb.Open(i)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for {
		cells, _, err := rows.Next()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		for _, c := range cells {
			if c.Value != "" {
				return false, nil
			}
		}
	}
}

// sheetProblem turns a workbook reading error into a problem.
func (p *Plan) sheetProblem(err error) error {
	var se *sheet.Error
	if !errors.As(err, &se) {
		return &Problem{Code: "invalid_workbook", File: p.File, Sheet: p.Sheet, Detail: err.Error()}
	}
	pr := &Problem{Code: se.Kind, File: p.File, Sheet: se.Sheet, Row: int64(se.Row), Detail: se.Detail,
		DetailZH: sheetDetailsZH[se.Kind]}
	if pr.Sheet == "" {
		pr.Sheet = p.Sheet
	}
	if se.Col > 0 {
		pr.Column = columnLetters(se.Col - 1)
	}
	return pr
}

// sheetDetailsZH gives the Chinese detail of the workbook problems users meet most; their English
// detail names the part and the sizes.
var sheetDetailsZH = map[string]string{
	"zip_bomb":           "工作簿的某个部分解压后超出了压缩比或总量上限",
	"too_many_columns":   "有单元格位于列数上限之外",
	"cell_too_large":     "有单元格超过长度上限",
	"workbook_too_large": "共享文本超出上限",
}

// columnLetters returns the spreadsheet letters of a 0-based column.
func columnLetters(col int) string {
	s := ""
	for col++; col > 0; col = (col - 1) / 26 {
		s = string(rune('A'+(col-1)%26)) + s
	}
	return s
}

// workbookSource yields the rows of one sheet, with empty records for rows the sheet leaves out
// so that record indices are row numbers minus one.
type workbookSource struct {
	plan   *Plan
	wb     sheet.Workbook
	rows   sheet.Rows
	merged []mergeRange
	next1  int // row number of the next record to return
	cells  []sheet.Cell
	row    int
	eof    bool
	rec    record
}

// openSheetSource opens the chosen sheet; withMerges also reads its merged ranges, which only
// header detection needs.
func (p *Plan) openSheetSource(withMerges bool) (*workbookSource, error) {
	wb, err := p.openWorkbook()
	if err != nil {
		return nil, err
	}
	var merges []sheet.Merge
	if withMerges {
		if merges, err = wb.Merges(p.sheetIndex); err != nil {
			wb.Close()
			return nil, p.sheetProblem(err)
		}
	}
	rows, err := wb.Open(p.sheetIndex)
	if err != nil {
		wb.Close()
		return nil, p.sheetProblem(err)
	}
	s := &workbookSource{plan: p, wb: wb, rows: rows, next1: 1}
	for _, m := range merges {
		s.merged = append(s.merged, mergeRange{row1: m.Row1, col1: m.Col1, row2: m.Row2, col2: m.Col2})
	}
	return s, nil
}

func (s *workbookSource) merges() []mergeRange { return s.merged }

func (s *workbookSource) close() error {
	s.rows.Close()
	return s.wb.Close()
}

func (s *workbookSource) next() (record, error) {
	if s.row < s.next1 && !s.eof {
		cells, row, err := s.rows.Next()
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			return record{}, s.plan.sheetProblem(err)
		default:
			s.cells, s.row = cells, row
		}
	}
	if s.eof && s.row < s.next1 {
		return record{}, io.EOF
	}

	n := int64(s.next1)
	s.rec.index, s.rec.row, s.rec.offset = n-1, n, 0
	s.rec.fields = s.rec.fields[:0]
	s.rec.kinds = s.rec.kinds[:0]
	if s.row == s.next1 {
		for i, c := range s.cells {
			if strings.IndexByte(c.Value, 0) >= 0 {
				return record{}, &Problem{Code: "invalid_encoding", File: s.plan.File, Sheet: s.plan.Sheet, Row: n,
					Column: columnLetters(i), Detail: "a NUL character cannot be stored as text"}
			}
			s.rec.fields = append(s.rec.fields, []byte(c.Value))
			kind := kindAny
			if c.Text {
				kind = kindText
			}
			s.rec.kinds = append(s.rec.kinds, kind)
		}
	}
	s.next1++
	return s.rec, nil
}
