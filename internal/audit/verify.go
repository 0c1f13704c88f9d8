package audit

import (
	"context"
	"fmt"

	"govshare/internal/store"
)

// Break describes the first place where the chain does not hold.
type Break struct {
	Seq    int64  `json:"seq"`    // sequence number of the first entry that does not verify
	Reason string `json:"reason"` // what is wrong there
}

// VerifyResult is the outcome of checking the whole chain.
type VerifyResult struct {
	Entries int64  `json:"entries"`
	LastSeq int64  `json:"last_seq"`
	Head    string `json:"head"`  // hash of the last entry
	Break   *Break `json:"break"` // nil when the chain is intact
}

// Verify reads the whole log in sequence order and checks that the numbers are contiguous from 1,
// that each entry's previous hash is the hash of the entry before it, and that each hash matches
// the entry's fields. It reports the first entry that was altered, removed or inserted.
func Verify(ctx context.Context, db *store.DB) (*VerifyResult, error) {
	rows, err := db.Query(ctx, `SELECT seq, ts, actor, actor_id, department, role, action, resource,
		fields, row_count, purpose, result, request_id, detail, prev_hash, hash
		FROM audit_log ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("audit: read log: %w", err)
	}
	defer rows.Close()

	res := &VerifyResult{Head: GenesisHash}
	prev := GenesisHash
	var want int64 = 1
	for rows.Next() {
		var e Entry
		if err := scanEntry(rows, &e); err != nil {
			return nil, err
		}
		res.Entries++

		switch {
		case e.Seq > want:
			res.Break = &Break{Seq: want, Reason: fmt.Sprintf("entries %d to %d are missing (removed)", want, e.Seq-1)}
		case e.Seq < want:
			res.Break = &Break{Seq: e.Seq, Reason: "sequence number repeats (inserted entry)"}
		case e.PrevHash != prev:
			res.Break = &Break{Seq: e.Seq, Reason: "previous-hash link does not match the entry before it (entry inserted, removed or altered)"}
		case computeHash(&e) != e.Hash:
			res.Break = &Break{Seq: e.Seq, Reason: "entry content does not match its hash (altered)"}
		}
		if res.Break != nil {
			return res, nil
		}

		prev = e.Hash
		res.LastSeq, res.Head = e.Seq, e.Hash
		want++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: read log: %w", err)
	}
	return res, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanEntry(s scanner, e *Entry) error {
	var actorID *int64
	err := s.Scan(&e.Seq, &e.Time, &e.Actor, &actorID, &e.Department, &e.Role, &e.Action,
		&e.Resource, &e.Fields, &e.RowCount, &e.Purpose, &e.Result, &e.RequestID, &e.Detail,
		&e.PrevHash, &e.Hash)
	if err != nil {
		return fmt.Errorf("audit: scan entry: %w", err)
	}
	if actorID != nil {
		e.ActorID = *actorID
	}
	return nil
}
