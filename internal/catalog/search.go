package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"govshare/internal/identity"
	"govshare/internal/store"
)

// Query selects catalog entries. Text is split on white space, and every term must occur in the
// name, summary, keywords, theme, department name or item names. A Chinese word is found inside a
// longer phrase ("人口" finds "北京市朝阳区人口统计").
type Query struct {
	Text        string
	Department  string
	SharingType string
	OpenType    string
	Status      string
	Level       int
	Limit       int
	Offset      int
}

// List returns the resources matching q that the caller may see, newest first, and the total.
func (s *Service) List(ctx context.Context, p *identity.Principal, q Query) ([]Resource, int, error) {
	var where []string
	var args []any
	add := func(cond string, vals ...any) {
		where = append(where, cond)
		args = append(args, vals...)
	}

	if !p.Has(identity.RolePlatformOperator) {
		add("(r.status = 'published' OR r.department_id = ?)", p.DepartmentID)
	}
	for _, term := range strings.Fields(strings.ToLower(q.Text)) {
		add(`r.search_text LIKE ? ESCAPE '\'`, "%"+store.EscapeLike(term)+"%")
	}
	if q.Department != "" {
		add("d.code = ?", strings.ToUpper(q.Department))
	}
	if q.SharingType != "" {
		add("r.sharing_type = ?", q.SharingType)
	}
	if q.OpenType != "" {
		add("r.open_type = ?", q.OpenType)
	}
	if q.Status != "" {
		add("r.status = ?", q.Status)
	}
	if q.Level > 0 {
		add("r.security_level = ?", q.Level)
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	if q.Offset < 0 {
		q.Offset = 0
	}

	from := " FROM resources r JOIN departments d ON d.id = r.department_id"
	if len(where) > 0 {
		from += " WHERE " + strings.Join(where, " AND ")
	}

	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("catalog: count resources: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+resourceColumns+from+
		fmt.Sprintf(" ORDER BY r.updated_at DESC, r.id DESC LIMIT %d OFFSET %d", q.Limit, q.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("catalog: list resources: %w", err)
	}
	defer rows.Close()
	out := []Resource{}
	for rows.Next() {
		r, err := scanResource(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *r)
	}
	return out, total, rows.Err()
}

func decodeMetadata(s string, m *Metadata) error {
	if err := json.Unmarshal([]byte(s), m); err != nil {
		return fmt.Errorf("catalog: decode metadata: %w", err)
	}
	return nil
}
