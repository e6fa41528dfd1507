package storage

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.ESignedFileService = (*DB)(nil)

// SetSignedFile implements sepakat.ESignedFileService.
func (db *DB) SetSignedFile(ctx context.Context, documentID int64, f sepakat.File) (*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKasubbagRegister(a, "menandatangani dokumen secara elektronik"); err != nil {
		return nil, err
	}
	if !ValidSHA(f.SHA256) {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Berkas PDF bertanda tangan elektronik tidak sah.")
	}
	return db.changeDocument(a, documentID, func(tx *tx, d *sepakat.Document, _ *sepakat.Cooperation) error {
		if d.Number == "" {
			return sepakat.Errorf(sepakat.ECONFLICT, "Dokumen ini belum diberi nomor dari buku register; hanya dokumen final yang bernomor yang dapat ditandatangani secara elektronik.")
		}
		var before []string
		if d.SignedFile != nil {
			before = []string{d.SignedFile.SHA256}
		}
		d.SignedFile = &f
		d.UpdatedAt = tx.now
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		if err := tx.setFileRefs(documentObject(d.ID), before, []string{f.SHA256}); err != nil {
			return err
		}
		reg := sepakat.RegisteredPDF{
			SHA256: f.SHA256, Kind: sepakat.RegisteredESigned, CooperationID: d.CooperationID,
			DocumentID: d.ID, Number: d.Number, Title: d.Title, RegisteredBy: a.ID, RegisteredAt: tx.now,
		}
		b := tx.Bucket(bucketRegisteredPDFs)
		if b.Get([]byte(f.SHA256)) == nil {
			data, err := json.Marshal(reg)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(f.SHA256), data); err != nil {
				return fmt.Errorf("register pdf: %w", err)
			}
		}
		return tx.appendAudit(a, "document.esign", documentObject(d.ID),
			fmt.Sprintf("%s %s ditandatangani secara elektronik: PDF %s terdaftar", docLabel(d), d.Number, f.SHA256))
	})
}

var _ sepakat.PublicDocuments = (*DB)(nil)

// FindPublicDocument implements sepakat.PublicDocuments. It scans the
// documents (an office has some thousands); codes are compared in constant
// time.
func (db *DB) FindPublicDocument(ctx context.Context, code string) (*sepakat.PublicDocument, error) {
	notFound := sepakat.Errorf(sepakat.ENOTFOUND, "Kode verifikasi ini tidak dikenal. Periksa kembali alamat pada kode QR dokumen.")
	if len(code) < 8 || len(code) > 64 {
		return nil, notFound
	}
	var out *sepakat.PublicDocument
	err := db.bolt.View(func(btx *bolt.Tx) error {
		b := btx.Bucket(bucketDocuments)
		if b == nil {
			return notFound
		}
		var found *sepakat.Document
		err := b.ForEach(func(_, v []byte) error {
			var d sepakat.Document
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			if d.VerifyCode != "" && d.Number != "" && subtle.ConstantTimeCompare([]byte(d.VerifyCode), []byte(code)) == 1 {
				found = &d
			}
			return nil
		})
		if err != nil {
			return err
		}
		if found == nil {
			return notFound
		}
		c, err := getCooperation(btx, found.CooperationID)
		if err != nil {
			return err
		}
		out = &sepakat.PublicDocument{
			Kind: found.Kind, Title: found.Title, Number: found.Number, PartnerNumber: found.PartnerNumber,
			Date: found.NumberDate, Parties: []string{},
		}
		if c.Applicant.Name != "" {
			out.Parties = append(out.Parties, c.Applicant.Name)
		}
		for _, p := range c.Partners {
			out.Parties = append(out.Parties, p.Name)
		}
		if found.Final > 0 && found.Final <= len(found.Versions) {
			out.DocxSHA256 = found.Versions[found.Final-1].SHA256
		}
		if found.SignedFile != nil {
			out.SignedSHA256 = found.SignedFile.SHA256
		}
		return nil
	})
	return out, err
}
