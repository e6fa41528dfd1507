package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// Audit list limits.
const (
	defaultAuditLimit = 100
	maxAuditLimit     = 1000
)

// appendAudit appends one entry to the hash-chained audit log, inside the
// transaction of the change it records. The sequence number is the last
// entry's plus one (not the bucket sequence), so that a deleted entry
// leaves a gap that verification finds.
func (tx *tx) appendAudit(a *sepakat.User, action, object, detail string) error {
	b := tx.Bucket(bucketAudit)
	e := sepakat.AuditEntry{Seq: 1, Time: tx.now, Action: action, Object: object, Detail: detail}
	if a != nil {
		e.ActorID, e.ActorLogin = a.ID, a.Login
	}
	if k, v := b.Cursor().Last(); k != nil {
		var last sepakat.AuditEntry
		if err := json.Unmarshal(v, &last); err != nil {
			return fmt.Errorf("decode last audit entry: %w", err)
		}
		e.Seq = last.Seq + 1
		e.PrevHash = last.Hash
	}
	e.Hash = e.ComputeHash()
	if err := putJSON(b, itob(int64(e.Seq)), e); err != nil {
		return fmt.Errorf("append audit: %w", err)
	}
	return nil
}

// FindAuditEntries returns the newest entries first. Admins and Kasubbag see
// all; AKP and ARNP only the entries of one cooperation or document (an
// Object filter "cooperation/ID" or "document/ID") they may see; others are
// refused.
func (db *DB) FindAuditEntries(ctx context.Context, f sepakat.AuditFilter) ([]*sepakat.AuditEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RoleAdmin && a.Role != sepakat.RoleKasubbag {
		if !a.Role.IsOffice() || !db.canSeeCooperationObject(a, f.Object) {
			return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak berwenang melihat log audit ini.")
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultAuditLimit
	}
	limit = min(limit, maxAuditLimit)
	var out []*sepakat.AuditEntry
	err = db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var e sepakat.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode audit entry: %w", err)
			}
			if f.Object == "" || e.Object == f.Object {
				out = append(out, &e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find audit entries: %w", err)
	}
	return out, nil
}

// canSeeCooperationObject reports whether object names a cooperation
// ("cooperation/ID") or one of its documents ("document/ID") that a may see.
func (db *DB) canSeeCooperationObject(a *sepakat.User, object string) bool {
	kind, rest, _ := strings.Cut(object, "/")
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return false
	}
	switch kind {
	case "cooperation":
		return db.index.canView(a, id)
	case "document":
		err := db.view(func(tx *bolt.Tx) error {
			_, err := db.readableDocument(tx, a, id)
			return err
		})
		return err == nil
	}
	return false
}

// VerifyAudit checks the whole chain: sequence without gaps, links and hashes.
func (db *DB) VerifyAudit(ctx context.Context) (sepakat.AuditReport, error) {
	if _, err := actor(ctx); err != nil {
		return sepakat.AuditReport{}, err
	}
	return db.verifyAudit()
}

func (db *DB) verifyAudit() (sepakat.AuditReport, error) {
	var report sepakat.AuditReport
	err := db.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		k, v := c.First()
		report = sepakat.VerifyChain(func() (*sepakat.AuditEntry, bool) {
			if k == nil {
				return nil, false
			}
			var e sepakat.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil || btoi(k) != int64(e.Seq) {
				// Undecodable, or stored under another key: report the
				// entry as altered.
				e = sepakat.AuditEntry{Seq: uint64(btoi(k))}
			}
			k, v = c.Next()
			return &e, true
		})
		return nil
	})
	if err != nil {
		return sepakat.AuditReport{}, fmt.Errorf("verify audit: %w", err)
	}
	return report, nil
}
