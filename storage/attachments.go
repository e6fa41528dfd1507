package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.AttachmentService = (*DB)(nil)

// The lampiran of documents are stored in the bucket of schema version 5:
//
//	document_attachments  document id + attachment id → Attachment
//
// Attachment IDs come from the bucket's sequence, so that the lampiran of
// one document are a contiguous range in upload order, which is their print
// order. Their files are referenced in filerefs under the document's object
// ("document/ID"), so that whoever sees the document may download them.

// maxAttachmentName limits the name of a lampiran, in characters.
const maxAttachmentName = 200

func errAttachmentNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Lampiran tidak ditemukan.")
}

// checkAttachmentsChangeable refuses changes to the lampiran of a numbered
// document: its print package must not change silently.
func checkAttachmentsChangeable(d *sepakat.Document) error {
	if d.Number != "" {
		return sepakat.Errorf(sepakat.ECONFLICT, "Dokumen ini sudah bernomor %s; lampiran paket cetaknya tidak dapat diubah lagi. Bila lampiran harus diubah, Kasubbag membatalkan nomornya terlebih dahulu.", d.Number)
	}
	return nil
}

// attachmentName is the name a lampiran is listed under: the one given, or
// the file's name without ".pdf".
func attachmentName(name string, f sepakat.File) string {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		name = strings.TrimSpace(f.Name)
		if len(name) > 4 && strings.EqualFold(name[len(name)-4:], ".pdf") {
			name = name[:len(name)-4]
		}
	}
	if name == "" {
		name = "Lampiran"
	}
	return truncate(name, maxAttachmentName)
}

// documentAttachments returns the lampiran of document id in print order:
// by position, then upload order.
func documentAttachments(tx *bolt.Tx, id int64) ([]*sepakat.Attachment, error) {
	b := tx.Bucket(bucketAttachments)
	if b == nil {
		return nil, nil // read-only open of a database older than version 5
	}
	atts, err := scanJSON[sepakat.Attachment](b, itob(id), "attachment")
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(atts, func(x, y *sepakat.Attachment) int { return cmp.Compare(x.Position, y.Position) })
	return atts, nil
}

// AddAttachment appends the stored PDF file to the lampiran of document
// documentID. Only the ARNP and Kasubbag may, while the cooperation is
// active and the document has no number. The file must have been checked
// as a PDF before it was stored (the web layer does this with CheckPDF).
func (db *DB) AddAttachment(ctx context.Context, documentID int64, name string, file sepakat.File) (*sepakat.Attachment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !ValidSHA(file.SHA256) {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Berkas lampiran tidak sah.")
	}
	if file.Size > sepakat.MaxAttachmentSize {
		return nil, sepakat.Errorf(sepakat.ETOOLARGE, "Berkas lampiran terlalu besar (paling besar %d MB).", sepakat.MaxAttachmentSize>>20)
	}
	if file.ContentType != "application/pdf" {
		return nil, sepakat.Errorf(sepakat.EUNSUPPORTED, "Lampiran harus berupa PDF.")
	}
	file.Name = truncate(strings.TrimSpace(file.Name), 200)
	file.UploadedBy = a.ID
	var att *sepakat.Attachment
	_, err = db.changeDocument(a, documentID, func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error {
		if err := checkManageDocument(a, "menambah lampiran"); err != nil {
			return err
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkAttachmentsChangeable(d); err != nil {
			return err
		}
		b := tx.Bucket(bucketAttachments)
		id, err := nextID(b)
		if err != nil {
			return err
		}
		existing, err := documentAttachments(tx.Tx, d.ID)
		if err != nil {
			return err
		}
		position := 1
		if n := len(existing); n > 0 {
			position = existing[n-1].Position + 1
		}
		if file.UploadedAt.IsZero() {
			file.UploadedAt = tx.now
		}
		att = &sepakat.Attachment{
			ID: id, DocumentID: d.ID, Name: attachmentName(name, file), Position: position, File: file,
			UploaderID: a.ID, Uploader: a.Name, CreatedAt: tx.now,
		}
		if err := putJSON(b, docKey(d.ID, id), att); err != nil {
			return fmt.Errorf("put attachment: %w", err)
		}
		if err := tx.setFileRefs(documentObject(d.ID), nil, []string{file.SHA256}); err != nil {
			return err
		}
		return tx.appendAudit(a, "document.attachment.add", documentObject(d.ID),
			fmt.Sprintf("lampiran %d %q: %s (%s, %d bita)", id, att.Name, file.Name, file.SHA256, file.Size))
	})
	if err != nil {
		return nil, err
	}
	return att, nil
}

// FindAttachments returns the lampiran of document documentID in print
// order, to whoever sees the document.
func (db *DB) FindAttachments(ctx context.Context, documentID int64) ([]*sepakat.Attachment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	out := []*sepakat.Attachment{}
	err = db.view(func(tx *bolt.Tx) error {
		if _, err := db.readableDocument(tx, a, documentID); err != nil {
			return err
		}
		atts, err := documentAttachments(tx, documentID)
		if atts != nil {
			out = atts
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindAttachment returns lampiran id of document documentID to whoever sees
// the document.
func (db *DB) FindAttachment(ctx context.Context, documentID, id int64) (*sepakat.Attachment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var att sepakat.Attachment
	err = db.view(func(tx *bolt.Tx) error {
		if _, err := db.readableDocument(tx, a, documentID); err != nil {
			return err
		}
		b := tx.Bucket(bucketAttachments)
		if b == nil {
			return errAttachmentNotFound()
		}
		found, err := getJSON(b, docKey(documentID, id), &att)
		if err != nil {
			return err
		}
		if !found {
			return errAttachmentNotFound()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &att, nil
}

// DeleteAttachment removes lampiran id from document documentID, under the
// rules of AddAttachment. The file's reference from the document is kept
// while another lampiran or a version of the document holds the same
// content.
func (db *DB) DeleteAttachment(ctx context.Context, documentID, id int64) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	_, err = db.changeDocument(a, documentID, func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error {
		if err := checkManageDocument(a, "menghapus lampiran"); err != nil {
			return err
		}
		b := tx.Bucket(bucketAttachments)
		var att sepakat.Attachment
		found, err := getJSON(b, docKey(d.ID, id), &att)
		if err != nil {
			return err
		}
		if !found {
			return errAttachmentNotFound()
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkAttachmentsChangeable(d); err != nil {
			return err
		}
		if err := b.Delete(docKey(d.ID, id)); err != nil {
			return fmt.Errorf("delete attachment: %w", err)
		}
		if !documentHoldsFile(tx.Tx, d, att.File.SHA256) {
			if err := tx.setFileRefs(documentObject(d.ID), []string{att.File.SHA256}, nil); err != nil {
				return err
			}
		}
		return tx.appendAudit(a, "document.attachment.delete", documentObject(d.ID),
			fmt.Sprintf("lampiran %d %q dihapus: %s (%s)", att.ID, att.Name, att.File.Name, att.File.SHA256))
	})
	return err
}

// MoveAttachment moves lampiran id of document documentID one place up or
// down in the print order, under the rules of AddAttachment, and returns
// the new order. Positions are renumbered 1…n. At the edge nothing changes
// and nothing is recorded.
func (db *DB) MoveAttachment(ctx context.Context, documentID, id int64, up bool) ([]*sepakat.Attachment, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	var out []*sepakat.Attachment
	_, err = db.changeDocument(a, documentID, func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error {
		if err := checkManageDocument(a, "mengubah urutan lampiran"); err != nil {
			return err
		}
		atts, err := documentAttachments(tx.Tx, d.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(atts, func(x *sepakat.Attachment) bool { return x.ID == id })
		if i < 0 {
			return errAttachmentNotFound()
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkAttachmentsChangeable(d); err != nil {
			return err
		}
		out = atts
		j := i + 1
		if up {
			j = i - 1
		}
		if j < 0 || j >= len(atts) {
			return nil
		}
		atts[i], atts[j] = atts[j], atts[i]
		b := tx.Bucket(bucketAttachments)
		for k, x := range atts {
			x.Position = k + 1
			if err := putJSON(b, docKey(d.ID, x.ID), x); err != nil {
				return fmt.Errorf("put attachment: %w", err)
			}
		}
		return tx.appendAudit(a, "document.attachment.move", documentObject(d.ID),
			fmt.Sprintf("lampiran %d %q ke urutan %d dari %d", id, atts[j].Name, j+1, len(atts)))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// documentHoldsFile reports whether d still references blob sha through a
// version, its numbered text, a reviewer's copy or a lampiran.
func documentHoldsFile(tx *bolt.Tx, d *sepakat.Document, sha string) bool {
	for _, v := range d.Versions {
		if v.File.SHA256 == sha {
			return true
		}
	}
	if d.NumberedFile != nil && d.NumberedFile.SHA256 == sha {
		return true
	}
	if d.SignedFile != nil && d.SignedFile.SHA256 == sha {
		return true
	}
	if atts, err := documentAttachments(tx, d.ID); err != nil || containsAttachment(atts, sha) {
		return true // keep the reference when in doubt
	}
	ups, err := scanJSON[sepakat.ReviewUpload](tx.Bucket(bucketReviewUploads), itob(d.ID), "review upload")
	if err != nil {
		return true
	}
	for _, u := range ups {
		if u.File.SHA256 == sha {
			return true
		}
	}
	return false
}

func containsAttachment(atts []*sepakat.Attachment, sha string) bool {
	for _, x := range atts {
		if x.File.SHA256 == sha {
			return true
		}
	}
	return false
}
