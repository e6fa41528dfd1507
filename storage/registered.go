package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.PDFRegistry = (*DB)(nil)

// RegisterPDF implements sepakat.PDFRegistry. It is called by the services
// that produce or receive final PDFs, which check the caller's rights.
func (db *DB) RegisterPDF(ctx context.Context, r sepakat.RegisteredPDF) error {
	r.SHA256 = strings.ToLower(r.SHA256)
	if len(r.SHA256) != 64 {
		return fmt.Errorf("register pdf: bad sha256 %q", r.SHA256)
	}
	if r.RegisteredAt.IsZero() {
		r.RegisteredAt = db.now()
	}
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRegisteredPDFs)
		if b.Get([]byte(r.SHA256)) != nil {
			return nil
		}
		return b.Put([]byte(r.SHA256), data)
	})
}

// FindRegisteredPDF implements sepakat.PDFRegistry. Anyone may ask: the
// record holds only what the public verification page shows.
func (db *DB) FindRegisteredPDF(ctx context.Context, sha string) (*sepakat.RegisteredPDF, error) {
	var r *sepakat.RegisteredPDF
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketRegisteredPDFs).Get([]byte(strings.ToLower(sha)))
		if v == nil {
			return sepakat.Errorf(sepakat.ENOTFOUND, "Berkas ini tidak terdaftar sebagai dokumen final.")
		}
		r = new(sepakat.RegisteredPDF)
		return json.Unmarshal(v, r)
	})
	return r, err
}
