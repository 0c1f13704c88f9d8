// Package audit keeps the append-only audit log. Every entry's hash covers the previous entry's
// hash and all of its own fields, so altering, removing or inserting a row breaks the chain at
// that row, and Verify names it.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
)

// Entry is one audit record.
type Entry struct {
	Seq        int64  `json:"seq"`
	Time       int64  `json:"ts"` // Unix milliseconds
	Actor      string `json:"actor"`
	ActorID    int64  `json:"actor_id,omitempty"`
	Department string `json:"department"`
	Role       string `json:"role"`
	Action     string `json:"action"`
	Resource   string `json:"resource"`
	Fields     string `json:"fields"`
	RowCount   int64  `json:"row_count"`
	Purpose    string `json:"purpose"`
	Result     string `json:"result"`
	RequestID  string `json:"request_id"`
	Detail     string `json:"detail"`
	PrevHash   string `json:"prev_hash"`
	Hash       string `json:"hash"`
}

// Results recorded in Entry.Result besides error codes.
const (
	ResultOK = "ok"
)

// GenesisHash is the previous hash of the first entry.
var GenesisHash = strings.Repeat("0", 64)

// computeHash returns the hex SHA-256 of the previous hash and a length-prefixed encoding of every
// field, so that no two different entries encode to the same bytes.
func computeHash(e *Entry) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	write(e.PrevHash)
	write(strconv.FormatInt(e.Seq, 10))
	write(strconv.FormatInt(e.Time, 10))
	write(e.Actor)
	write(strconv.FormatInt(e.ActorID, 10))
	write(e.Department)
	write(e.Role)
	write(e.Action)
	write(e.Resource)
	write(e.Fields)
	write(strconv.FormatInt(e.RowCount, 10))
	write(e.Purpose)
	write(e.Result)
	write(e.RequestID)
	write(e.Detail)
	return hex.EncodeToString(h.Sum(nil))
}

// DetailJSON encodes v for Entry.Detail, returning "" when v is nil or cannot be encoded.
func DetailJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
