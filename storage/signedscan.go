package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.SignedScanService = (*DB)(nil)

// What is recorded after the signing lives in the bucket of schema
// version 6:
//
//	signed_scans  cooperation id → SignedScan
//
// The scan and the photos are referenced in filerefs under the
// cooperation's object ("cooperation/ID"), so that whoever sees the
// cooperation may download them.

func errSigningPhotoNotFound(n int) error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Foto penandatanganan %d tidak ditemukan.", n)
}

// getSignedScan reads the record of cooperation id; nil when none was
// saved yet.
func getSignedScan(tx *bolt.Tx, id int64) (*sepakat.SignedScan, error) {
	b := tx.Bucket(bucketSignedScans)
	if b == nil {
		return nil, nil // read-only open of a database older than version 6
	}
	var s sepakat.SignedScan
	found, err := getJSON(b, itob(id), &s)
	if err != nil || !found {
		return nil, err
	}
	return &s, nil
}

// emptySignedScan is the record of c before anything was saved: the city
// officer pre-filled from c's PPKSD-1.
func emptySignedScan(tx *bolt.Tx, c *sepakat.Cooperation) (*sepakat.SignedScan, error) {
	s := &sepakat.SignedScan{CooperationID: c.ID, Photos: []sepakat.SigningPhoto{}, NextPhoto: 1}
	s.Classification.Kind = c.Kind
	if c.PPKSD1ID != 0 {
		r, ok, err := getUser(tx, c.PPKSD1ID)
		if err != nil {
			return nil, err
		}
		if ok {
			s.Officers.City = sepakat.SigningOfficer{
				Name: firstNonEmpty(r.Profile.FullName, r.Name), Position: r.Profile.Position,
				Phone: r.Profile.Phone, Email: r.Email,
			}
		}
	}
	return s, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// loadSignedScan returns the saved record of c, or the empty one.
func loadSignedScan(tx *bolt.Tx, c *sepakat.Cooperation) (*sepakat.SignedScan, error) {
	s, err := getSignedScan(tx, c.ID)
	if err != nil || s != nil {
		if s != nil && s.Photos == nil {
			s.Photos = []sepakat.SigningPhoto{}
		}
		return s, err
	}
	return emptySignedScan(tx, c)
}

// FindSignedScan returns the record of cooperation id to whoever sees the
// cooperation.
func (db *DB) FindSignedScan(ctx context.Context, id int64) (*sepakat.SignedScan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var s *sepakat.SignedScan
	err = db.view(func(tx *bolt.Tx) error {
		c, err := visibleCooperation(tx, a, id)
		if err != nil {
			return err
		}
		s, err = loadSignedScan(tx, c)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// changeSignedScan loads the record of cooperation id inside one write
// transaction, after checking that a may change it now, lets change modify
// it, and stores it.
func (db *DB) changeSignedScan(a *sepakat.User, id int64, change func(tx *tx, c *sepakat.Cooperation, s *sepakat.SignedScan) error) (*sepakat.SignedScan, error) {
	var s *sepakat.SignedScan
	_, err := db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		if err := sepakat.CheckRecordSigned(a, c); err != nil {
			return err
		}
		var err error
		if s, err = loadSignedScan(tx.Tx, c); err != nil {
			return err
		}
		if s.Submitted() {
			return sepakat.Errorf(sepakat.ECONFLICT, "Penandatanganan sudah diselesaikan; data naskah yang telah ditandatangani tidak dapat diubah lagi.")
		}
		if err := change(tx, c, s); err != nil {
			return err
		}
		s.UpdatedAt = tx.now
		if err := putJSON(tx.Bucket(bucketSignedScans), itob(c.ID), s); err != nil {
			return fmt.Errorf("put signed scan: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// checkStoredFile checks a stored upload's metadata: a blob, within max,
// of one of the content types.
func checkStoredFile(f *sepakat.File, a *sepakat.User, max int64, what string, types ...string) error {
	if !ValidSHA(f.SHA256) {
		return sepakat.Errorf(sepakat.EINVALID, "Berkas %s tidak sah.", what)
	}
	if f.Size <= 0 {
		return sepakat.Errorf(sepakat.EINVALID, "Berkas %s kosong.", what)
	}
	if f.Size > max {
		return sepakat.Errorf(sepakat.ETOOLARGE, "Berkas %s terlalu besar (paling besar %d MB).", what, max>>20)
	}
	if !slices.Contains(types, f.ContentType) {
		return sepakat.Errorf(sepakat.EUNSUPPORTED, "Jenis berkas %s tidak diterima.", what)
	}
	f.Name = truncate(strings.TrimSpace(f.Name), 200)
	f.UploadedBy = a.ID
	return nil
}

// signedHoldsFile reports whether s still references blob sha.
func signedHoldsFile(s *sepakat.SignedScan, sha string) bool {
	if s.Scan != nil && s.Scan.SHA256 == sha {
		return true
	}
	return slices.ContainsFunc(s.Photos, func(p sepakat.SigningPhoto) bool { return p.File.SHA256 == sha })
}

// dropFileRef removes the cooperation's reference to sha unless s still
// holds it. (Nothing else of a cooperation references blobs under its
// object.)
func (tx *tx) dropFileRef(c *sepakat.Cooperation, s *sepakat.SignedScan, sha string) error {
	if signedHoldsFile(s, sha) {
		return nil
	}
	return tx.setFileRefs(cooperationObject(c.ID), []string{sha}, nil)
}

// SetSignedScan records the stored PDF as the scan of the signed agreement
// of cooperation id, replacing an earlier scan. The file must have been
// checked as a PDF before it was stored (the web layer does this with
// CheckPDF).
func (db *DB) SetSignedScan(ctx context.Context, id int64, file sepakat.File) (*sepakat.SignedScan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkStoredFile(&file, a, sepakat.MaxSignedScanSize, "pindaian naskah", "application/pdf"); err != nil {
		return nil, err
	}
	return db.changeSignedScan(a, id, func(tx *tx, c *sepakat.Cooperation, s *sepakat.SignedScan) error {
		if file.UploadedAt.IsZero() {
			file.UploadedAt = tx.now
		}
		old := s.Scan
		s.Scan = &file
		if err := tx.setFileRefs(cooperationObject(c.ID), nil, []string{file.SHA256}); err != nil {
			return err
		}
		detail := fmt.Sprintf("pindaian naskah bertanda tangan: %s (%s, %d bita)", file.Name, file.SHA256, file.Size)
		if old != nil {
			if err := tx.dropFileRef(c, s, old.SHA256); err != nil {
				return err
			}
			detail += fmt.Sprintf("; menggantikan %s (%s)", old.Name, old.SHA256)
		}
		return tx.appendAudit(a, "cooperation.signed.scan", cooperationObject(c.ID), detail)
	})
}

// RemoveSignedScan removes the scan of cooperation id.
func (db *DB) RemoveSignedScan(ctx context.Context, id int64) (*sepakat.SignedScan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeSignedScan(a, id, func(tx *tx, c *sepakat.Cooperation, s *sepakat.SignedScan) error {
		if s.Scan == nil {
			return sepakat.Errorf(sepakat.ENOTFOUND, "Belum ada pindaian naskah yang diunggah.")
		}
		old := s.Scan
		s.Scan = nil
		if err := tx.dropFileRef(c, s, old.SHA256); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.signed.scan.delete", cooperationObject(c.ID),
			fmt.Sprintf("pindaian naskah dihapus: %s (%s)", old.Name, old.SHA256))
	})
}

// AddSigningPhoto adds a stored photo (JPEG or PNG, checked before it was
// stored) of the signing of cooperation id.
func (db *DB) AddSigningPhoto(ctx context.Context, id int64, file sepakat.File) (*sepakat.SigningPhoto, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkStoredFile(&file, a, sepakat.MaxSigningPhotoSize, "foto", "image/jpeg", "image/png"); err != nil {
		return nil, err
	}
	var photo sepakat.SigningPhoto
	_, err = db.changeSignedScan(a, id, func(tx *tx, c *sepakat.Cooperation, s *sepakat.SignedScan) error {
		if len(s.Photos) >= sepakat.MaxSigningPhotos {
			return sepakat.Errorf(sepakat.EINVALID, "Foto penandatanganan paling banyak %d; hapus foto yang tidak diperlukan terlebih dahulu.", sepakat.MaxSigningPhotos)
		}
		if file.UploadedAt.IsZero() {
			file.UploadedAt = tx.now
		}
		if s.NextPhoto < 1 {
			s.NextPhoto = 1
		}
		photo = sepakat.SigningPhoto{N: s.NextPhoto, File: file, UploaderID: a.ID, Uploader: a.Name, CreatedAt: tx.now}
		s.NextPhoto++
		s.Photos = append(s.Photos, photo)
		if err := tx.setFileRefs(cooperationObject(c.ID), nil, []string{file.SHA256}); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.signed.photo.add", cooperationObject(c.ID),
			fmt.Sprintf("foto penandatanganan %d: %s (%s, %d bita)", photo.N, file.Name, file.SHA256, file.Size))
	})
	if err != nil {
		return nil, err
	}
	return &photo, nil
}

// DeleteSigningPhoto removes photo n of the signing of cooperation id.
func (db *DB) DeleteSigningPhoto(ctx context.Context, id int64, n int) (*sepakat.SignedScan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeSignedScan(a, id, func(tx *tx, c *sepakat.Cooperation, s *sepakat.SignedScan) error {
		p := s.Photo(n)
		if p == nil {
			return errSigningPhotoNotFound(n)
		}
		old := *p
		s.Photos = slices.DeleteFunc(s.Photos, func(x sepakat.SigningPhoto) bool { return x.N == n })
		if err := tx.dropFileRef(c, s, old.File.SHA256); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.signed.photo.delete", cooperationObject(c.ID),
			fmt.Sprintf("foto penandatanganan %d dihapus: %s (%s)", n, old.File.Name, old.File.SHA256))
	})
}

// SaveSignedDetails saves the PPKSD of both parties and the classification
// of cooperation id.
func (db *DB) SaveSignedDetails(ctx context.Context, id int64, d sepakat.SignedDetails) (*sepakat.SignedScan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return db.changeSignedScan(a, id, func(tx *tx, c *sepakat.Cooperation, s *sepakat.SignedScan) error {
		s.Officers = d.Officers
		s.Classification = d.Classification
		detail, _ := json.Marshal(d)
		return tx.appendAudit(a, "cooperation.signed.details", cooperationObject(c.ID), string(detail))
	})
}

// numberedDocuments returns the documents of cooperation id that carry a
// number from the register, in the order they were created.
func numberedDocuments(tx *bolt.Tx, id int64) ([]*sepakat.Document, error) {
	b := tx.Bucket(bucketDocumentsCoop)
	if b == nil {
		return nil, nil
	}
	var out []*sepakat.Document
	prefix := itob(id)
	cur := b.Cursor()
	for k, _ := cur.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		d, err := getDocument(tx, btoi(k[8:]))
		if err != nil {
			return nil, err
		}
		if d.Number != "" {
			out = append(out, d)
		}
	}
	return out, nil
}

// registerPDF records r in the registry of final PDFs inside tx, keeping
// an earlier record of the same SHA-256 (as RegisterPDF does).
func (tx *tx) registerPDF(r sepakat.RegisteredPDF) error {
	r.SHA256 = strings.ToLower(r.SHA256)
	if r.RegisteredAt.IsZero() {
		r.RegisteredAt = tx.now
	}
	b := tx.Bucket(bucketRegisteredPDFs)
	if b.Get([]byte(r.SHA256)) != nil {
		return nil
	}
	if err := putJSON(b, []byte(r.SHA256), r); err != nil {
		return fmt.Errorf("register pdf: %w", err)
	}
	return nil
}

// SubmitSignedScan completes the signing of cooperation id: with the scan,
// at least one photo, both officers and the classification recorded, it
// registers the scan in the registry of final PDFs (with the number of the
// numbered KB/PKS), moves the cooperation to Pemantauan through the
// Transitions table (history, notifications and audit as any move) and
// notifies the office, all in one transaction.
func (db *DB) SubmitSignedScan(ctx context.Context, id int64) (*sepakat.SignedScan, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeSignedScan(a, id, func(tx *tx, c *sepakat.Cooperation, s *sepakat.SignedScan) error {
		if missing := s.Missing(); len(missing) > 0 {
			return sepakat.Errorf(sepakat.EINVALID, "Penandatanganan belum dapat diselesaikan; belum lengkap: %s.", strings.Join(missing, ", "))
		}
		note := "Naskah yang telah ditandatangani diunggah."
		if err := sepakat.CheckTransition(a, c, sepakat.StagePemantauan, note); err != nil {
			return err
		}
		docs, err := numberedDocuments(tx.Tx, c.ID)
		if err != nil {
			return err
		}
		reg := sepakat.RegisteredPDF{
			SHA256: s.Scan.SHA256, Kind: sepakat.RegisteredSignedScan, CooperationID: c.ID,
			Title: c.Title, RegisteredBy: a.ID, RegisteredAt: tx.now,
		}
		var numbers []string
		for _, d := range docs {
			numbers = append(numbers, d.Number)
		}
		if len(docs) > 0 {
			reg.DocumentID = docs[0].ID
			reg.Number = strings.Join(numbers, "; ")
		}
		if err := tx.registerPDF(reg); err != nil {
			return err
		}
		s.Number = reg.Number
		s.SubmittedAt, s.SubmittedBy, s.SubmittedByName = tx.now, a.ID, a.Name
		if err := tx.appendAudit(a, "cooperation.signed.submit", cooperationObject(c.ID),
			fmt.Sprintf("penandatanganan diselesaikan: pindaian %s terdaftar (nomor %s), %d foto, %s, urusan %s",
				s.Scan.SHA256, firstNonEmpty(reg.Number, "—"), len(s.Photos), s.Classification.Kind, s.Classification.AffairLabel())); err != nil {
			return err
		}
		if err := tx.moveCooperation(a, c, sepakat.StagePemantauan, note); err != nil {
			return err
		}
		if a.Role == sepakat.RolePPKSD {
			return nil // moveCooperation notified the office of a PPKSD's move
		}
		office, err := officeUsers(tx.Tx)
		if err != nil {
			return err
		}
		office = slices.DeleteFunc(office, func(id int64) bool { return id == a.ID })
		msg := fmt.Sprintf("Penandatanganan kerja sama %s %q telah diselesaikan; pindaian naskah yang telah ditandatangani diunggah.", displayCode(c), truncate(c.Title, 120))
		return tx.notify(office, msg, linkCooperation(c.ID), c.ID)
	})
}
