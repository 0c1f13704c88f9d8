package dataset

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// Page-size limits of the query API.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
	maxSortKeys     = 3
	// exactTotalRows is the table size up to which a requested estimate is computed exactly.
	exactTotalRows = 100000
)

// SortKey orders a query by one field.
type SortKey struct {
	Field string
	Desc  bool
}

// Query is one page request of the data API.
type Query struct {
	Fields  []string
	Filters []Condition
	Sort    []SortKey
	Limit   int
	Cursor  string
	// Total is "" (none), "exact" or "estimate".
	Total string
}

// Page is one page of rows.
type Page struct {
	Columns        []Column `json:"columns"`
	Rows           [][]any  `json:"rows"`
	NextCursor     string   `json:"next_cursor,omitempty"`
	Total          *int64   `json:"total,omitempty"`
	TotalEstimated bool     `json:"total_estimated,omitempty"`
}

// plan is a query resolved against a version's columns.
type plan struct {
	v       *Version
	cols    []*Column
	where   []string
	args    []any
	order   []orderKey
	shapeID string
}

type orderKey struct {
	expr string
	col  *Column // nil for the null flag and the row number
	desc bool
}

// resolve checks the query against the version: known fields, valid filter values, sort limits.
// rowFilter is the grant's filter, always added to the query's own filters.
func (s *Service) resolve(v *Version, q Query, rowFilter []Condition, code string) (*plan, error) {
	p := &plan{v: v}
	if len(q.Fields) == 0 {
		for i := range v.Columns {
			p.cols = append(p.cols, &v.Columns[i])
		}
	}
	for _, f := range q.Fields {
		c, ok := v.Column(f)
		if !ok {
			return nil, apierr.New("unknown_field", "field", f, "value", code)
		}
		p.cols = append(p.cols, c)
	}

	all := append(append([]Condition{}, rowFilter...), q.Filters...)
	for i, cond := range all {
		c, ok := v.Column(cond.Field)
		if !ok {
			return nil, apierr.New("unknown_field", "field", cond.Field, "value", code)
		}
		if err := cond.Validate(fmt.Sprintf("filter[%d]", i)); err != nil {
			return nil, err
		}
		clause, args, err := s.condition(c, cond)
		if err != nil {
			return nil, err
		}
		p.where = append(p.where, clause)
		p.args = append(p.args, args...)
	}

	if len(q.Sort) > maxSortKeys {
		return nil, apierr.New("invalid_parameter", "param", "sort", "detail", fmt.Sprintf("sort by at most %d fields", maxSortKeys))
	}
	var shape strings.Builder
	for _, k := range q.Sort {
		c, ok := v.Column(k.Field)
		if !ok {
			return nil, apierr.New("unknown_field", "field", k.Field, "value", code)
		}
		// NULLs sort last in both directions and in both dialects.
		p.order = append(p.order,
			orderKey{expr: "CASE WHEN " + c.Storage + " IS NULL THEN 1 ELSE 0 END"},
			orderKey{expr: c.Storage, col: c, desc: k.Desc})
		fmt.Fprintf(&shape, "%s:%v;", c.Storage, k.Desc)
	}
	p.order = append(p.order, orderKey{expr: "_row"})
	p.shapeID = fmt.Sprintf("%d|%s", v.Version, shape.String())
	return p, nil
}

// typedValue converts a filter or cursor value to the column's Go type.
func (s *Service) typedValue(c *Column, raw string) (any, error) {
	switch c.Type {
	case "integer":
		return strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	case "number":
		return strconv.ParseFloat(strings.TrimSpace(raw), 64)
	case "boolean":
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			return nil, err
		}
		if s.db.Dialect == store.Postgres {
			return b, nil
		}
		if b {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return raw, nil
}

func (s *Service) condition(c *Column, cond Condition) (string, []any, error) {
	if cond.Op == OpNone {
		return "1 = 0", nil, nil
	}
	if cond.Op == OpPrefix {
		if c.Type != "string" && c.Type != "date" && c.Type != "datetime" && c.Type != "time" {
			return "", nil, apierr.New("invalid_parameter", "param", "filter", "detail", fmt.Sprintf("'prefix' works on text fields; %q is %s", c.Name, c.Type))
		}
		return c.Storage + ` LIKE ? ESCAPE '\'`, []any{store.EscapeLike(cond.Values[0]) + "%"}, nil
	}

	args := make([]any, len(cond.Values))
	for i, raw := range cond.Values {
		v, err := s.typedValue(c, raw)
		if err != nil {
			return "", nil, apierr.New("invalid_parameter", "param", "filter", "detail",
				fmt.Sprintf("value %q is not a valid %s for field %q", raw, c.Type, c.Name))
		}
		args[i] = v
	}
	switch cond.Op {
	case OpIn:
		return c.Storage + " IN (?" + strings.Repeat(", ?", len(args)-1) + ")", args, nil
	case OpEq:
		return c.Storage + " = ?", args, nil
	case OpNe:
		return "(" + c.Storage + " <> ? OR " + c.Storage + " IS NULL)", args, nil
	case OpGt:
		return c.Storage + " > ?", args, nil
	case OpGte:
		return c.Storage + " >= ?", args, nil
	case OpLt:
		return c.Storage + " < ?", args, nil
	default:
		return c.Storage + " <= ?", args, nil
	}
}

func (p *plan) selectList() string {
	names := []string{"_row"}
	for _, k := range p.order {
		if k.col != nil {
			names = append(names, k.col.Storage)
		}
	}
	for _, c := range p.cols {
		names = append(names, c.Storage)
	}
	return strings.Join(names, ", ")
}

func (p *plan) orderBy() string {
	parts := make([]string, len(p.order))
	for i, k := range p.order {
		parts[i] = k.expr
		if k.desc {
			parts[i] += " DESC"
		}
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

func whereClause(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// Fetch returns one page of the query. maxRows, when positive, caps the page below the page size
// (the rows left in the caller's quota). mask is applied to every returned value.
func (s *Service) Fetch(ctx context.Context, v *Version, code string, q Query, rowFilter []Condition, maxRows int64,
	mask func(col *Column, value any) any) (*Page, error) {
	p, err := s.resolve(v, q, rowFilter, code)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	if limit > MaxPageSize {
		return nil, apierr.New("invalid_parameter", "param", "limit", "detail", fmt.Sprintf("use at most %d rows a page", MaxPageSize))
	}
	if maxRows >= 0 && int64(limit) > maxRows {
		limit = int(maxRows)
	}

	where, args := p.where, p.args
	if q.Cursor != "" {
		cond, cargs, err := s.afterCursor(p, q.Cursor)
		if err != nil {
			return nil, err
		}
		where = append(append([]string{}, where...), cond)
		args = append(append([]any{}, args...), cargs...)
	}

	page := &Page{Rows: [][]any{}}
	for _, c := range p.cols {
		// Profiles hold minimums and maximums of the clear values; consumers never get them.
		col := *c
		col.Profile = nil
		page.Columns = append(page.Columns, col)
	}
	if limit > 0 {
		stmt := "SELECT " + p.selectList() + " FROM " + v.Table + whereClause(where) + p.orderBy() + fmt.Sprintf(" LIMIT %d", limit+1)
		if err := s.scanRows(ctx, p, stmt, args, limit, mask, page); err != nil {
			return nil, fmt.Errorf("dataset: query %s: %w", code, err)
		}
	}

	if q.Total != "" {
		if err := s.total(ctx, p, q.Total, page); err != nil {
			return nil, fmt.Errorf("dataset: count %s: %w", code, err)
		}
	}
	return page, nil
}

func (s *Service) scanRows(ctx context.Context, p *plan, stmt string, args []any, limit int,
	mask func(*Column, any) any, page *Page) error {
	rows, err := s.db.DataQuery(ctx, stmt, args...)
	if err != nil {
		return err
	}
	defer rows.Close()

	nkeys := 0
	for _, k := range p.order {
		if k.col != nil {
			nkeys++
		}
	}
	width := 1 + nkeys + len(p.cols)
	raw := make([]any, width)
	ptrs := make([]any, width)
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	var last []any
	for rows.Next() {
		if len(page.Rows) == limit {
			page.NextCursor = encodeCursor(p.shapeID, last)
			break
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		last = normalizeKeys(p, raw[:1+nkeys])
		out := make([]any, len(p.cols))
		for i, c := range p.cols {
			val := normalize(c, raw[1+nkeys+i])
			if mask != nil {
				val = mask(c, val)
			}
			out[i] = val
		}
		page.Rows = append(page.Rows, out)
	}
	return rows.Err()
}

// normalize turns driver values into the JSON types of the column.
func normalize(c *Column, v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int64:
		if c.Type == "boolean" {
			return x != 0
		}
	}
	return v
}

func normalizeKeys(p *plan, raw []any) []any {
	out := make([]any, len(raw))
	out[0] = raw[0]
	i := 1
	for _, k := range p.order {
		if k.col == nil {
			continue
		}
		out[i] = normalize(k.col, raw[i])
		i++
	}
	return out
}

func (s *Service) total(ctx context.Context, p *plan, mode string, page *Page) error {
	if mode != "exact" && mode != "estimate" {
		return apierr.New("invalid_parameter", "param", "total", "detail", "use exact or estimate")
	}
	var n int64
	if len(p.where) == 0 {
		n = p.v.Rows
		page.Total = &n
		return nil
	}
	stmt := "SELECT COUNT(*) FROM " + p.v.Table + whereClause(p.where)
	if mode == "estimate" && p.v.Rows > exactTotalRows {
		page.TotalEstimated = true
		if s.db.Dialect == store.Postgres {
			return s.plannerEstimate(ctx, p, page)
		}
		// SQLite has no row estimate; count up to the exact limit and report a lower bound.
		stmt = fmt.Sprintf("SELECT COUNT(*) FROM (SELECT 1 FROM %s%s LIMIT %d) t", p.v.Table, whereClause(p.where), exactTotalRows)
	}
	if err := s.db.DataQueryRow(ctx, stmt, p.args...).Scan(&n); err != nil {
		return err
	}
	page.Total = &n
	return nil
}

func (s *Service) plannerEstimate(ctx context.Context, p *plan, page *Page) error {
	var planJSON string
	stmt := "EXPLAIN (FORMAT JSON) SELECT 1 FROM " + p.v.Table + whereClause(p.where)
	if err := s.db.DataQueryRow(ctx, stmt, p.args...).Scan(&planJSON); err != nil {
		return err
	}
	i := strings.Index(planJSON, `"Plan Rows":`)
	if i < 0 {
		return fmt.Errorf("no row estimate in plan")
	}
	rest := strings.TrimSpace(planJSON[i+len(`"Plan Rows":`):])
	end := strings.IndexAny(rest, ",}")
	f, err := strconv.ParseFloat(strings.TrimSpace(rest[:end]), 64)
	if err != nil {
		return fmt.Errorf("parse row estimate: %w", err)
	}
	n := int64(f)
	page.Total = &n
	return nil
}

// Count returns the number of rows the query's filters and the row filter select.
func (s *Service) Count(ctx context.Context, v *Version, code string, q Query, rowFilter []Condition) (int64, error) {
	p, err := s.resolve(v, q, rowFilter, code)
	if err != nil {
		return 0, err
	}
	var n int64
	stmt := "SELECT COUNT(*) FROM " + v.Table + whereClause(p.where)
	if err := s.db.DataQueryRow(ctx, stmt, p.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("dataset: count %s: %w", code, err)
	}
	return n, nil
}

// Stream calls fn with every row of the query in order, masked, for exports.
func (s *Service) Stream(ctx context.Context, v *Version, code string, q Query, rowFilter []Condition,
	mask func(*Column, any) any, header func(cols []Column) error, fn func(values []any) error) (int64, error) {
	p, err := s.resolve(v, q, rowFilter, code)
	if err != nil {
		return 0, err
	}
	cols := make([]Column, len(p.cols))
	for i, c := range p.cols {
		cols[i] = *c
		cols[i].Profile = nil
	}
	if err := header(cols); err != nil {
		return 0, err
	}

	stmt := "SELECT " + p.selectList() + " FROM " + v.Table + whereClause(p.where) + p.orderBy()
	rows, err := s.db.DataQuery(ctx, stmt, p.args...)
	if err != nil {
		return 0, fmt.Errorf("dataset: export %s: %w", code, err)
	}
	defer rows.Close()
	nkeys := len(strings.Split(p.selectList(), ", ")) - len(p.cols)
	raw := make([]any, nkeys+len(p.cols))
	ptrs := make([]any, len(raw))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	out := make([]any, len(p.cols))
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("dataset: export %s: %w", code, err)
		}
		for i, c := range p.cols {
			val := normalize(c, raw[nkeys+i])
			if mask != nil {
				val = mask(c, val)
			}
			out[i] = val
		}
		if err := fn(out); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// Check validates a query against the version (fields, filter values, sort, cursor) without
// running it, so that a malformed query is refused before it counts against a quota.
func (s *Service) Check(v *Version, code string, q Query, rowFilter []Condition) error {
	p, err := s.resolve(v, q, rowFilter, code)
	if err != nil {
		return err
	}
	if q.Limit > MaxPageSize {
		return apierr.New("invalid_parameter", "param", "limit", "detail", fmt.Sprintf("use at most %d rows a page", MaxPageSize))
	}
	if q.Total != "" && q.Total != "exact" && q.Total != "estimate" {
		return apierr.New("invalid_parameter", "param", "total", "detail", "use exact or estimate")
	}
	if q.Cursor != "" {
		if _, _, err := s.afterCursor(p, q.Cursor); err != nil {
			return err
		}
	}
	return nil
}
