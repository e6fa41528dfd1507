package storage

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.LintSettingsService = (*DB)(nil)

// The required elements of the drafting checker are kept in meta under
// keyLintElements, as a JSON list; absent or empty means the checker's
// defaults.

var keyLintElements = []byte("lint_elements")

// ElementsSettings returns the stored required elements, nil when none are
// stored. Office staff and the admin may read them.
func (db *DB) ElementsSettings(ctx context.Context) ([]sepakat.LintElement, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Role.IsOffice() && a.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak berwenang melihat daftar unsur wajib.")
	}
	var es []sepakat.LintElement
	err = db.view(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bucketMeta), keyLintElements, &es)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read lint elements: %w", err)
	}
	if len(es) == 0 {
		return nil, nil
	}
	return es, nil
}

// SetElementsSettings stores the required elements (admin or Kasubbag),
// with an audit entry in the same transaction; an empty list removes them,
// bringing back the defaults.
func (db *DB) SetElementsSettings(ctx context.Context, es []sepakat.LintElement) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if a.Role != sepakat.RoleKasubbag && a.Role != sepakat.RoleAdmin {
		return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya Kasubbag atau admin yang dapat mengubah daftar unsur wajib.")
	}
	if err := sepakat.ValidateLintElements(es); err != nil {
		return err
	}
	return db.update(func(tx *tx) error {
		meta := tx.Bucket(bucketMeta)
		if len(es) == 0 {
			if err := meta.Delete(keyLintElements); err != nil {
				return fmt.Errorf("delete lint elements: %w", err)
			}
			return tx.appendAudit(a, "lint.elements", "lint", "kembali ke daftar bawaan")
		}
		data, err := json.Marshal(es)
		if err != nil {
			return fmt.Errorf("encode lint elements: %w", err)
		}
		if err := meta.Put(keyLintElements, data); err != nil {
			return fmt.Errorf("put lint elements: %w", err)
		}
		return tx.appendAudit(a, "lint.elements", "lint", fmt.Sprintf("%d unsur wajib", len(es)))
	})
}
