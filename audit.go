package sepakat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// AuditEntry is one record of the append-only audit log. Each entry carries
// the hash of the one before it, so that changing, removing or reordering an
// entry breaks the chain.
type AuditEntry struct {
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"`
	ActorID    int64     `json:"actor_id"`
	ActorLogin string    `json:"actor_login"`
	Action     string    `json:"action"`
	Object     string    `json:"object"` // e.g. "cooperation/12", "registration/3", "user/5"
	Detail     string    `json:"detail,omitempty"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// ComputeHash returns the SHA-256 (hex) over the entry's fields and PrevHash,
// in an unambiguous length-prefixed encoding.
func (e *AuditEntry) ComputeHash() string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
		b.WriteByte(';')
	}
	field(strconv.FormatUint(e.Seq, 10))
	field(e.Time.UTC().Format(time.RFC3339Nano))
	field(strconv.FormatInt(e.ActorID, 10))
	field(e.ActorLogin)
	field(e.Action)
	field(e.Object)
	field(e.Detail)
	field(e.PrevHash)
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// AuditReport is the result of checking the audit chain.
type AuditReport struct {
	Entries  int    `json:"entries"`
	OK       bool   `json:"ok"`
	FirstBad uint64 `json:"first_bad,omitempty"`
	Problem  string `json:"problem,omitempty"`
	HeadHash string `json:"head_hash"`
}

// VerifyChain checks a sequence of entries in order: sequence numbers from 1
// without gaps, each PrevHash the previous Hash (empty for the first), each
// Hash recomputed. It stops at the first problem.
func VerifyChain(next func() (*AuditEntry, bool)) AuditReport {
	var r AuditReport
	prev := ""
	var want uint64 = 1
	for {
		e, ok := next()
		if !ok {
			break
		}
		r.Entries++
		switch {
		case e.Seq != want:
			r.FirstBad, r.Problem = e.Seq, "entry "+strconv.FormatUint(want, 10)+" is missing (found "+strconv.FormatUint(e.Seq, 10)+")"
		case e.PrevHash != prev:
			r.FirstBad, r.Problem = e.Seq, "entry "+strconv.FormatUint(e.Seq, 10)+" does not link to the entry before it"
		case e.ComputeHash() != e.Hash:
			r.FirstBad, r.Problem = e.Seq, "entry "+strconv.FormatUint(e.Seq, 10)+" was altered (hash mismatch)"
		}
		if r.Problem != "" {
			return r
		}
		prev = e.Hash
		want++
	}
	r.OK = true
	r.HeadHash = prev
	return r
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Object string // exact object, e.g. "cooperation/12"; empty for all
	Limit  int
}

// AuditService reads the audit log; entries are written by the other
// services in the same transaction as the change they record.
type AuditService interface {
	// FindAuditEntries returns the newest entries first; admin and Kasubbag
	// see all, others only entries about objects they may see.
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
	// VerifyAudit checks the whole chain.
	VerifyAudit(ctx context.Context) (AuditReport, error)
}
