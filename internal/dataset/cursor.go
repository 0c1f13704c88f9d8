package dataset

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"govshare/internal/apierr"
	"govshare/internal/store"
)

// cursor is the position after the last row of a page: the values of the sort fields and the row
// number, tied to the query shape (version and sort) that produced it.
type cursor struct {
	Shape string `json:"s"`
	Keys  []any  `json:"k"`
}

func shapeHash(shape string) string {
	sum := sha256.Sum256([]byte(shape))
	return hex.EncodeToString(sum[:8])
}

// encodeCursor returns the opaque cursor text; last holds the row number and then the sort values.
func encodeCursor(shape string, last []any) string {
	keys := make([]any, len(last))
	for i, v := range last {
		switch x := v.(type) {
		case nil:
			keys[i] = nil
		default:
			// Keep full precision of 64-bit integers by sending every value as text.
			keys[i] = fmt.Sprint(x)
		}
	}
	b, _ := json.Marshal(cursor{Shape: shapeHash(shape), Keys: keys})
	return base64.RawURLEncoding.EncodeToString(b)
}

// afterCursor returns the condition that selects rows after the cursor in the plan's order.
func (s *Service) afterCursor(p *plan, text string) (string, []any, error) {
	bad := apierr.New("invalid_cursor")
	b, err := base64.RawURLEncoding.DecodeString(text)
	if err != nil || len(b) > 64*1024 {
		return "", nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.Shape != shapeHash(p.shapeID) {
		return "", nil, bad
	}
	nkeys := 0
	for _, k := range p.order {
		if k.col != nil {
			nkeys++
		}
	}
	if len(c.Keys) != nkeys+1 {
		return "", nil, bad
	}

	// Expand the values: a null flag, then the value, for each sort field, and the row number last.
	type keyValue struct {
		key orderKey
		val any
	}
	var kvs []keyValue
	i := 1
	for _, k := range p.order {
		switch {
		case k.col != nil:
			var val any
			if c.Keys[i] != nil {
				str, ok := c.Keys[i].(string)
				if !ok {
					return "", nil, bad
				}
				if val, err = s.typedValue(k.col, str); err != nil {
					return "", nil, bad
				}
			}
			flag := int64(0)
			if val == nil {
				flag = 1
			}
			kvs[len(kvs)-1].val = flag
			kvs = append(kvs, keyValue{k, val})
			i++
		case k.expr == "_row":
			str, ok := c.Keys[0].(string)
			if !ok {
				return "", nil, bad
			}
			row, err := s.typedValue(&Column{Type: "integer"}, str)
			if err != nil {
				return "", nil, bad
			}
			kvs = append(kvs, keyValue{k, row})
		default:
			kvs = append(kvs, keyValue{key: k})
		}
	}

	eq := " IS ?"
	if s.db.Dialect == store.Postgres {
		eq = " IS NOT DISTINCT FROM ?"
	}
	var ors []string
	var args []any
	for i, kv := range kvs {
		var ands []string
		for _, prev := range kvs[:i] {
			ands = append(ands, prev.key.expr+eq)
			args = append(args, prev.val)
		}
		cmp := " > ?"
		if kv.key.desc {
			cmp = " < ?"
		}
		ands = append(ands, kv.key.expr+cmp)
		args = append(args, kv.val)
		ors = append(ors, "("+strings.Join(ands, " AND ")+")")
	}
	return "(" + strings.Join(ors, " OR ") + ")", args, nil
}
