package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.InitiationService = (*DB)(nil)

// The initiation (Inisiasi / Penawaran) lives in the bucket of schema
// version 7:
//
//	initiations  cooperation id → Initiation
//
// Its files are referenced in filerefs under the cooperation's object
// ("cooperation/ID"), so that whoever sees the cooperation may download
// them; on completion the draft is referenced by its new document too.

// getInitiation reads the initiation of cooperation id; an empty one when
// none was saved yet.
func getInitiation(tx *bolt.Tx, id int64) (*sepakat.Initiation, error) {
	in := &sepakat.Initiation{CooperationID: id}
	if b := tx.Bucket(bucketInitiations); b != nil { // nil: read-only open of an older database
		if _, err := getJSON(b, itob(id), in); err != nil {
			return nil, err
		}
	}
	if in.Uploads == nil {
		in.Uploads = []sepakat.InitiationUpload{}
	}
	if in.Notes == nil {
		in.Notes = []sepakat.InitiationNote{}
	}
	if in.Messages == nil {
		in.Messages = []sepakat.InitiationMessage{}
	}
	return in, nil
}

// FindInitiation returns the initiation of cooperation id, with the
// cooperation, to whoever sees the cooperation.
func (db *DB) FindInitiation(ctx context.Context, id int64) (*sepakat.Initiation, *sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	var in *sepakat.Initiation
	var c *sepakat.Cooperation
	err = db.view(func(tx *bolt.Tx) error {
		if c, err = visibleCooperation(tx, a, id); err != nil {
			return err
		}
		in, err = getInitiation(tx, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return in, c, nil
}

// changeInitiation loads the initiation of cooperation id inside one write
// transaction, after checking that a may take action on it now, lets
// change modify it, and stores it.
func (db *DB) changeInitiation(a *sepakat.User, id int64, action sepakat.InitiationAction, change func(tx *tx, c *sepakat.Cooperation, in *sepakat.Initiation) error) (*sepakat.Initiation, error) {
	var in *sepakat.Initiation
	_, err := db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		var err error
		if in, err = getInitiation(tx.Tx, c.ID); err != nil {
			return err
		}
		if err := sepakat.CheckInitiation(a, c, in, action); err != nil {
			return err
		}
		if err := change(tx, c, in); err != nil {
			return err
		}
		in.UpdatedAt = tx.now
		if err := putJSON(tx.Bucket(bucketInitiations), itob(c.ID), in); err != nil {
			return fmt.Errorf("put initiation: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

// dropInitiationRef removes the cooperation's reference to sha unless its
// initiation or its signing record still holds it.
func (tx *tx) dropInitiationRef(c *sepakat.Cooperation, in *sepakat.Initiation, sha string) error {
	if slices.ContainsFunc(in.Uploads, func(u sepakat.InitiationUpload) bool { return u.File.SHA256 == sha }) {
		return nil
	}
	s, err := getSignedScan(tx.Tx, c.ID)
	if err != nil {
		return err
	}
	if s != nil && signedHoldsFile(s, sha) {
		return nil
	}
	return tx.setFileRefs(cooperationObject(c.ID), []string{sha}, nil)
}

// notifyInitiation tells the other side of the initiation: the office
// when a PPKSD acted, the PPKSD when the office did.
func (tx *tx) notifyInitiation(a *sepakat.User, c *sepakat.Cooperation, message string) error {
	recipients := []int64{c.PPKSD1ID, c.PPKSD2ID}
	if a.Role == sepakat.RolePPKSD {
		office, err := officeUsers(tx.Tx)
		if err != nil {
			return err
		}
		recipients = office
	}
	recipients = slices.DeleteFunc(recipients, func(id int64) bool { return id == 0 || id == a.ID })
	return tx.notify(recipients, message, linkCooperation(c.ID)+"#inisiasi", c.ID)
}

// AddInitiationFile records the stored file (checked before it was stored:
// a PDF, or for the draft a .docx) as item of the initiation of
// cooperation id. An item that holds one file has it replaced.
func (db *DB) AddInitiationFile(ctx context.Context, id int64, item sepakat.InitiationItem, file sepakat.File, documentKind sepakat.DocumentKind) (*sepakat.InitiationUpload, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := item.Validate(); err != nil {
		return nil, err
	}
	ct := "application/pdf"
	if item.Word() {
		ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		if documentKind, err = sepakat.InitiationDraftKind(string(documentKind)); err != nil {
			return nil, err
		}
	} else {
		documentKind = ""
	}
	if err := checkStoredFile(&file, a, sepakat.MaxInitiationFileSize, item.Phrase(), ct); err != nil {
		return nil, err
	}
	if !db.blobs.Exists(file.SHA256) {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Berkas belum diunggah.")
	}
	var up sepakat.InitiationUpload
	_, err = db.changeInitiation(a, id, sepakat.InitiationUploadAction, func(tx *tx, c *sepakat.Cooperation, in *sepakat.Initiation) error {
		if item.Multiple() && len(in.Files(item)) >= sepakat.MaxInitiationOthers {
			return sepakat.Errorf(sepakat.EINVALID, "Dokumen lainnya paling banyak %d; hapus yang tidak diperlukan terlebih dahulu.", sepakat.MaxInitiationOthers)
		}
		if file.UploadedAt.IsZero() {
			file.UploadedAt = tx.now
		}
		up = sepakat.InitiationUpload{N: in.Next(), Item: item, File: file, DocumentKind: documentKind, UploaderID: a.ID, Uploader: a.Name, CreatedAt: tx.now}
		var replaced []sepakat.InitiationUpload
		if !item.Multiple() {
			replaced = in.Files(item)
			in.Uploads = slices.DeleteFunc(in.Uploads, func(u sepakat.InitiationUpload) bool { return u.Item == item })
		}
		in.Uploads = append(in.Uploads, up)
		if err := tx.setFileRefs(cooperationObject(c.ID), nil, []string{file.SHA256}); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s %d: %s (%s, %d bita)", item, up.N, file.Name, file.SHA256, file.Size)
		if documentKind != "" {
			detail += ", menjadi " + string(documentKind)
		}
		for _, old := range replaced {
			if err := tx.dropInitiationRef(c, in, old.File.SHA256); err != nil {
				return err
			}
			detail += fmt.Sprintf("; menggantikan %s (%s)", old.File.Name, old.File.SHA256)
		}
		if err := tx.appendAudit(a, "cooperation.initiation.upload", cooperationObject(c.ID), detail); err != nil {
			return err
		}
		if a.Role != sepakat.RolePPKSD {
			return nil
		}
		return tx.notifyInitiation(a, c, fmt.Sprintf("%s kerja sama %s %q diunggah oleh %s.", item.Label(), displayCode(c), truncate(c.Title, 120), a.Name))
	})
	if err != nil {
		return nil, err
	}
	return &up, nil
}

// RemoveInitiationFile removes upload n of item of the initiation of
// cooperation id.
func (db *DB) RemoveInitiationFile(ctx context.Context, id int64, item sepakat.InitiationItem, n int) (*sepakat.Initiation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := item.Validate(); err != nil {
		return nil, err
	}
	return db.changeInitiation(a, id, sepakat.InitiationUploadAction, func(tx *tx, c *sepakat.Cooperation, in *sepakat.Initiation) error {
		up := in.Upload(item, n)
		if up == nil {
			return sepakat.Errorf(sepakat.ENOTFOUND, "Berkas %s nomor %d tidak ditemukan.", item.Phrase(), n)
		}
		old := *up
		in.Uploads = slices.DeleteFunc(in.Uploads, func(u sepakat.InitiationUpload) bool { return u.N == n })
		if err := tx.dropInitiationRef(c, in, old.File.SHA256); err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.initiation.delete", cooperationObject(c.ID),
			fmt.Sprintf("%s %d dihapus: %s (%s)", item, n, old.File.Name, old.File.SHA256))
	})
}

// AddInitiationNote records a reviewer's note on item (empty: the whole
// initiation) and notifies the PPKSD.
func (db *DB) AddInitiationNote(ctx context.Context, id int64, item sepakat.InitiationItem, text string) (*sepakat.InitiationNote, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if item != "" {
		if err := item.Validate(); err != nil {
			return nil, sepakat.Errorf(sepakat.EINVALID, "%s", sepakat.ErrorMessage(err))
		}
	}
	if text, err = sepakat.CheckInitiationText(text); err != nil {
		return nil, err
	}
	var note sepakat.InitiationNote
	_, err = db.changeInitiation(a, id, sepakat.InitiationReviewAction, func(tx *tx, c *sepakat.Cooperation, in *sepakat.Initiation) error {
		note = sepakat.InitiationNote{N: in.Next(), Item: item, AuthorID: a.ID, AuthorName: a.Name, AuthorRole: a.Role, Text: text, At: tx.now}
		in.Notes = append(in.Notes, note)
		what := "dokumen penawaran"
		if item != "" {
			what = item.Phrase()
		}
		if err := tx.appendAudit(a, "cooperation.initiation.note", cooperationObject(c.ID), fmt.Sprintf("catatan %d atas %s: %s", note.N, what, text)); err != nil {
			return err
		}
		return tx.notifyInitiation(a, c, fmt.Sprintf("Catatan penelaahan atas %s kerja sama %s dari %s: %s", what, displayCode(c), a.Name, truncate(text, 300)))
	})
	if err != nil {
		return nil, err
	}
	return &note, nil
}

// AddInitiationMessage posts to the discussion of the initiation of
// cooperation id and notifies the other side.
func (db *DB) AddInitiationMessage(ctx context.Context, id int64, text string) (*sepakat.InitiationMessage, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if text, err = sepakat.CheckInitiationText(text); err != nil {
		return nil, err
	}
	var msg sepakat.InitiationMessage
	_, err = db.changeInitiation(a, id, sepakat.InitiationDiscussAction, func(tx *tx, c *sepakat.Cooperation, in *sepakat.Initiation) error {
		msg = sepakat.InitiationMessage{N: in.Next(), AuthorID: a.ID, AuthorName: a.Name, AuthorRole: a.Role, Text: text, At: tx.now}
		in.Messages = append(in.Messages, msg)
		if err := tx.appendAudit(a, "cooperation.initiation.message", cooperationObject(c.ID), fmt.Sprintf("pesan %d: %s", msg.N, text)); err != nil {
			return err
		}
		return tx.notifyInitiation(a, c, fmt.Sprintf("Pesan baru dalam diskusi penawaran kerja sama %s dari %s: %s", displayCode(c), a.Name, truncate(text, 300)))
	})
	if err != nil {
		return nil, err
	}
	return &msg, nil
}

// RequestInitiationFixes records the Kasubbag's request for fixes with its
// note and notifies the PPKSD.
func (db *DB) RequestInitiationFixes(ctx context.Context, id int64, note string) (*sepakat.Initiation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if note, err = sepakat.CheckInitiationText(note); err != nil {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Tuliskan apa yang perlu diperbaiki.")
	}
	return db.changeInitiation(a, id, sepakat.InitiationDecideAction, func(tx *tx, c *sepakat.Cooperation, in *sepakat.Initiation) error {
		in.Status, in.FixNote, in.FixRequestedAt = sepakat.InitiationFixes, note, tx.now
		in.Fixes++
		in.Notes = append(in.Notes, sepakat.InitiationNote{N: in.Next(), AuthorID: a.ID, AuthorName: a.Name, AuthorRole: a.Role, Text: "Perbaikan diminta: " + note, At: tx.now})
		if err := tx.appendAudit(a, "cooperation.initiation.fixes", cooperationObject(c.ID), note); err != nil {
			return err
		}
		return tx.notifyInitiation(a, c, fmt.Sprintf("Dokumen penawaran kerja sama %s %q perlu diperbaiki: %s", displayCode(c), truncate(c.Title, 120), truncate(note, 300)))
	})
}

// CompleteInitiation declares the initiation of cooperation id complete:
// with every required item uploaded it creates the KB or PKS document with
// the draft as its version 1, moves the cooperation to Persiapan through
// the Transitions table (history, notifications and audit as any move) and
// notifies its PPKSD, all in one transaction.
func (db *DB) CompleteInitiation(ctx context.Context, id int64, note string) (*sepakat.Initiation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	note = truncate(strings.TrimSpace(note), sepakat.MaxInitiationText)
	return db.changeInitiation(a, id, sepakat.InitiationDecideAction, func(tx *tx, c *sepakat.Cooperation, in *sepakat.Initiation) error {
		if missing := in.Missing(c); len(missing) > 0 {
			return sepakat.Errorf(sepakat.EINVALID, "Dokumen penawaran belum lengkap: %s.", strings.Join(missing, ", "))
		}
		move := firstNonEmpty(note, "Dokumen penawaran dinyatakan lengkap.")
		if err := sepakat.CheckTransition(a, c, sepakat.StagePersiapan, move); err != nil {
			return err
		}
		draft := in.Files(sepakat.ItemDraft)[0]
		in.Status, in.CompletedAt, in.CompletedBy, in.CompletedName = sepakat.InitiationComplete, tx.now, a.ID, a.Name
		if err := tx.appendAudit(a, "cooperation.initiation.complete", cooperationObject(c.ID),
			fmt.Sprintf("dokumen penawaran lengkap: %d berkas; rancangan %s (%s) menjadi versi 1 %s", len(in.Uploads), draft.File.Name, draft.File.SHA256, draft.DocumentKind)); err != nil {
			return err
		}
		if err := tx.moveCooperation(a, c, sepakat.StagePersiapan, move); err != nil {
			return err
		}
		d, err := tx.createDraftDocument(a, c, draft)
		if err != nil {
			return err
		}
		in.DocumentID = d.ID
		return nil
	})
}

// createDraftDocument creates, inside tx, the KB or PKS document of c with
// the initiation's draft as its version 1 (what CreateDocument and
// AddVersion do, in the completion's transaction).
func (tx *tx) createDraftDocument(a *sepakat.User, c *sepakat.Cooperation, draft sepakat.InitiationUpload) (*sepakat.Document, error) {
	kind := draft.DocumentKind
	if kind == "" {
		kind = sepakat.DocumentKB
	}
	id, err := nextID(tx.Bucket(bucketDocuments))
	if err != nil {
		return nil, err
	}
	// The pages name the kind beside the title: the title is the
	// cooperation's own.
	title := truncate(c.Title, maxDocumentTitle)
	d := &sepakat.Document{
		ID: id, CooperationID: c.ID, Kind: kind, Title: title,
		Grants: []sepakat.DocumentGrant{}, Approvals: []sepakat.Approval{},
		Versions: []sepakat.Version{{
			Number: 1, File: draft.File, SHA256: draft.File.SHA256, Note: "Rancangan awal dari dokumen penawaran (Inisiasi).",
			AuthorID: draft.UploaderID, AuthorName: draft.Uploader, CreatedAt: tx.now,
		}},
		CreatedBy: a.ID, CreatedAt: tx.now, UpdatedAt: tx.now,
	}
	if err := putDocument(tx.Tx, d); err != nil {
		return nil, err
	}
	if err := tx.Bucket(bucketDocumentsCoop).Put(docKey(c.ID, id), []byte{}); err != nil {
		return nil, fmt.Errorf("put document of cooperation: %w", err)
	}
	if err := tx.setFileRefs(documentObject(id), nil, []string{draft.File.SHA256}); err != nil {
		return nil, err
	}
	if err := tx.appendAudit(a, "document.create", documentObject(id), fmt.Sprintf("%s %s: %s (dari dokumen penawaran)", cooperationObject(c.ID), kind, title)); err != nil {
		return nil, err
	}
	return d, tx.appendAudit(a, "document.version", documentObject(id),
		fmt.Sprintf("versi 1: %s (%s); rancangan dari dokumen penawaran", draft.File.Name, draft.File.SHA256))
}

// checkInitiationMove refuses the generic move from inisiasi to persiapan
// of a cooperation whose offer was started in Sepakat (a file uploaded):
// it moves on only when the Kasubbag declares the checklist complete
// (CompleteInitiation), so that the draft becomes version 1 of its
// document. A cooperation whose offer was made before Sepakat may still be
// moved by the office.
func checkInitiationMove(tx *bolt.Tx, c *sepakat.Cooperation, to sepakat.Stage) error {
	if c.Stage != sepakat.StageInisiasi || to != sepakat.StagePersiapan {
		return nil
	}
	in, err := getInitiation(tx, c.ID)
	if err != nil {
		return err
	}
	if !in.Started() {
		return nil
	}
	if missing := in.Missing(c); len(missing) > 0 {
		return sepakat.Errorf(sepakat.ECONFLICT, "Dokumen penawaran belum lengkap (%s); lanjut ke Persiapan dilakukan melalui \"Nyatakan lengkap\" di bagian Inisiasi (Penawaran).", strings.Join(missing, ", "))
	}
	return sepakat.Errorf(sepakat.ECONFLICT, "Lanjut ke Persiapan dilakukan melalui \"Nyatakan lengkap\" di bagian Inisiasi (Penawaran), agar rancangan menjadi versi 1 dokumennya.")
}
