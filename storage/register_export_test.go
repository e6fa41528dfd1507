package storage

import (
	"fmt"
	"testing"

	"github.com/sepakat/sepakat"
)

// MustFinalDocuments writes n final documents of kind into cooperation
// coopID directly, in one transaction, for the register tests that need
// many of them: each has one version, approved and final. It returns their
// IDs.
func MustFinalDocuments(tb testing.TB, db *DB, coopID int64, kind sepakat.DocumentKind, n int) []int64 {
	tb.Helper()
	ids := make([]int64, 0, n)
	err := db.update(func(tx *tx) error {
		for i := range n {
			id, err := nextID(tx.Bucket(bucketDocuments))
			if err != nil {
				return err
			}
			sha := fmt.Sprintf("%064x", id)
			d := &sepakat.Document{
				ID: id, CooperationID: coopID, Kind: kind, Title: fmt.Sprintf("%s uji %d", kind, i+1),
				Versions: []sepakat.Version{{Number: 1, SHA256: sha, CreatedAt: tx.now}}, Session: sepakat.SessionClosed,
				Grants: []sepakat.DocumentGrant{}, ApprovalOpen: true,
				Approvals: []sepakat.Approval{{Version: 1, SHA256: sha, At: tx.now}}, Final: 1,
				CreatedAt: tx.now, UpdatedAt: tx.now,
			}
			if err := putDocument(tx.Tx, d); err != nil {
				return err
			}
			if err := tx.Bucket(bucketDocumentsCoop).Put(docKey(coopID, id), []byte{}); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}
