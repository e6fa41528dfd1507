package storage

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.DocumentService = (*DB)(nil)

// Draft review is stored in the buckets of schema version 2:
//
//	documents              document id → Document (versions, session, grants, approvals)
//	documents_cooperation  cooperation id + document id → empty
//	review_items           document id + version + item id → ReviewItem
//	review_item_keys       item id → document id + version
//	review_uploads         document id + version + upload id → ReviewUpload
//	document_messages      document id + message id → Message
//
// Every key part is 8 bytes big-endian, so that the items of one version,
// the uploads of one document and its messages are contiguous, ordered
// ranges. Files (versions and reviewers' copies) are referenced in filerefs
// under the object "document/ID".

// Limits of draft review input, in characters.
const (
	maxDocumentTitle  = 500
	maxVersionNote    = 2000
	maxReviewText     = 20000
	maxResponseNote   = 5000
	maxMessageText    = 5000
	maxUploadItems    = 5000
	maxCarryRetries   = 10
	maxAuthorNameSize = 200
)

func documentObject(id int64) string { return fmt.Sprintf("document/%d", id) }

// linkDocument is the page of a document in the web interface.
func linkDocument(id int64) string { return fmt.Sprintf("/dokumen/%d", id) }

func errDocumentNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Dokumen rancangan tidak ditemukan.")
}

// errNoDocumentRight answers a logged-in user who asks for a document that
// exists but was not opened to them: 403 everywhere, as the review contract
// asks, rather than "not found".
func errNoDocumentRight() error {
	return sepakat.Errorf(sepakat.EFORBIDDEN, "Anda belum diberi hak atas dokumen rancangan ini. Mintalah kepada ARNP atau Kasubbag.")
}

func errVersionNotFound(n int) error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Versi %d dokumen ini tidak ditemukan.", n)
}

func errReviewItemNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Usulan tidak ditemukan.")
}

// isSystem reports whether a is sepakat.SystemUser, who passes every
// permission check of draft review (not the checks of the document's state).
func isSystem(a *sepakat.User) bool {
	return a.ID == sepakat.SystemUser.ID && a.Login == sepakat.SystemUser.Login
}

func canViewDocument(a *sepakat.User, c *sepakat.Cooperation, d *sepakat.Document) bool {
	return isSystem(a) || sepakat.CanViewDocument(a, c, d)
}

func canManageDocument(a *sepakat.User) bool {
	return isSystem(a) || sepakat.CanManageDocument(a)
}

func checkManageDocument(a *sepakat.User, what string) error {
	if canManageDocument(a) {
		return nil
	}
	return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya ARNP atau Kasubbag yang dapat %s.", what)
}

// checkComment tells apart a caller who may comment but not now, because
// the session is not open (ECONFLICT), from one who may not comment at all
// (EFORBIDDEN).
func checkComment(a *sepakat.User, c *sepakat.Cooperation, d *sepakat.Document) error {
	open := *d
	open.Session = sepakat.SessionOpen
	if !isSystem(a) && !sepakat.CanComment(a, c, &open) {
		return sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak memiliki hak memberi usulan pada rancangan ini.")
	}
	switch d.Session {
	case sepakat.SessionOpen:
		return nil
	case sepakat.SessionNone:
		return sepakat.Errorf(sepakat.ECONFLICT, "Sesi pembahasan rancangan ini belum dibuka.")
	}
	return sepakat.Errorf(sepakat.ECONFLICT, "Sesi pembahasan ditutup; usulan tidak dapat ditambahkan lagi.")
}

// checkCooperationActive refuses changes to the documents of a finished or
// rejected cooperation.
func checkCooperationActive(c *sepakat.Cooperation) error {
	if c.Stage.Final() {
		return sepakat.Errorf(sepakat.ECONFLICT, "Kerja sama pada tahap %s tidak dapat diubah lagi.", c.Stage.Label())
	}
	return nil
}

func checkNotFinal(d *sepakat.Document) error {
	if d.Final > 0 {
		return sepakat.Errorf(sepakat.ECONFLICT, "Rancangan ini sudah final (versi %d) dan tidak dapat diubah lagi.", d.Final)
	}
	return nil
}

func checkVersion(d *sepakat.Document, n int) error {
	if n < 1 || n > len(d.Versions) {
		return errVersionNotFound(n)
	}
	return nil
}

// docKey is document id + a second 8-byte part (a version, a message id).
func docKey(docID int64, n int64) []byte {
	return append(itob(docID), itob(n)...)
}

// itemKey is the key of a review item or an upload of one version.
func itemKey(docID int64, version int, id int64) []byte {
	return append(docKey(docID, int64(version)), itob(id)...)
}

// getDocument reads document id, or ENOTFOUND.
func getDocument(tx *bolt.Tx, id int64) (*sepakat.Document, error) {
	b := tx.Bucket(bucketDocuments)
	if b == nil {
		return nil, errDocumentNotFound() // read-only open of an older database
	}
	var d sepakat.Document
	ok, err := getJSON(b, itob(id), &d)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errDocumentNotFound()
	}
	return &d, nil
}

// putDocument saves d.
func putDocument(tx *bolt.Tx, d *sepakat.Document) error {
	if err := putJSON(tx.Bucket(bucketDocuments), itob(d.ID), d); err != nil {
		return fmt.Errorf("put document: %w", err)
	}
	return nil
}

// visibleDocument loads document id and its whole cooperation, or
// ENOTFOUND when a may not see the document.
func visibleDocument(tx *bolt.Tx, a *sepakat.User, id int64) (*sepakat.Document, *sepakat.Cooperation, error) {
	d, err := getDocument(tx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := getCooperation(tx, d.CooperationID)
	if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
		return nil, nil, errDocumentNotFound()
	} else if err != nil {
		return nil, nil, err
	}
	if !canViewDocument(a, c, d) {
		return nil, nil, errNoDocumentRight()
	}
	return d, c, nil
}

// readableDocument is visibleDocument for the read methods: the
// cooperation's access fields come from the in-memory index instead of
// decoding the whole cooperation.
func (db *DB) readableDocument(tx *bolt.Tx, a *sepakat.User, id int64) (*sepakat.Document, error) {
	d, err := getDocument(tx, id)
	if err != nil {
		return nil, err
	}
	c, ok := db.index.access(d.CooperationID)
	if !ok {
		return nil, errDocumentNotFound()
	}
	if !canViewDocument(a, c, d) {
		return nil, errNoDocumentRight()
	}
	return d, nil
}

// changeDocument loads document id, as a may see it, with its cooperation
// inside one write transaction, lets change modify and store it, and
// returns it once the transaction has committed.
func (db *DB) changeDocument(a *sepakat.User, id int64, change func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error) (*sepakat.Document, error) {
	var d *sepakat.Document
	err := db.update(func(tx *tx) error {
		var c *sepakat.Cooperation
		var err error
		if d, c, err = visibleDocument(tx.Tx, a, id); err != nil {
			return err
		}
		return change(tx, d, c)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// docLabel names d in notifications: its kind and title.
func docLabel(d *sepakat.Document) string {
	return fmt.Sprintf("%s %q", d.Kind, truncate(d.Title, 120))
}

// notifyDocument notifies the recipients but a about d.
func (tx *tx) notifyDocument(a *sepakat.User, recipients []int64, d *sepakat.Document, message string) error {
	recipients = slices.DeleteFunc(slices.Clone(recipients), func(id int64) bool { return id == a.ID })
	return tx.notify(recipients, message, linkDocument(d.ID), d.CooperationID)
}

// grantHolders returns the users holding a right on d (right "" for any).
func grantHolders(d *sepakat.Document, right sepakat.Right) []int64 {
	var ids []int64
	for _, g := range d.Grants {
		if right == "" || g.Right == right {
			ids = append(ids, g.UserID)
		}
	}
	return ids
}

// managers returns the active ARNP and Kasubbag.
func managers(tx *bolt.Tx) ([]int64, error) {
	return usersWhere(tx, func(u *sepakat.User) bool {
		return u.Role == sepakat.RoleARNP || u.Role == sepakat.RoleKasubbag
	})
}

// kasubbags returns the active Kasubbag.
func kasubbags(tx *bolt.Tx) ([]int64, error) {
	return usersWhere(tx, func(u *sepakat.User) bool { return u.Role == sepakat.RoleKasubbag })
}

// CreateDocument adds a KB, PKS or NK to a cooperation in stage persiapan.
// Only the ARNP and Kasubbag create documents; a PKS may name the KB of the
// same cooperation it implements (implementsID, or 0).
func (db *DB) CreateDocument(ctx context.Context, cooperationID int64, kind sepakat.DocumentKind, title string, implementsID int64) (*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := kind.Validate(); err != nil {
		return nil, err
	}
	title = strings.TrimSpace(title)
	if title == "" {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Judul dokumen wajib diisi.")
	}
	if utf8.RuneCountInString(title) > maxDocumentTitle {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Judul dokumen terlalu panjang (paling banyak %d huruf).", maxDocumentTitle)
	}
	if implementsID < 0 || (implementsID != 0 && kind != sepakat.DocumentPKS) {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Hanya PKS yang dapat merujuk KB yang dilaksanakannya.")
	}
	var d *sepakat.Document
	err = db.update(func(tx *tx) error {
		c, err := getCooperation(tx.Tx, cooperationID)
		if err != nil {
			return err
		}
		if !isSystem(a) && !sepakat.CanView(a, c) {
			return errCooperationNotFound()
		}
		if err := checkManageDocument(a, "membuat dokumen rancangan"); err != nil {
			return err
		}
		if c.Stage != sepakat.StagePersiapan {
			return sepakat.Errorf(sepakat.ECONFLICT, "Dokumen rancangan hanya dapat dibuat pada tahap Persiapan; kerja sama ini pada tahap %s.", c.Stage.Label())
		}
		if implementsID != 0 {
			kb, err := getDocument(tx.Tx, implementsID)
			if err != nil && sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
				return err
			}
			if kb == nil || kb.CooperationID != c.ID || kb.Kind != sepakat.DocumentKB {
				return sepakat.Errorf(sepakat.EINVALID, "KB yang dilaksanakan PKS ini harus KB dari kerja sama yang sama.")
			}
		}
		id, err := nextID(tx.Bucket(bucketDocuments))
		if err != nil {
			return err
		}
		d = &sepakat.Document{
			ID: id, CooperationID: c.ID, Kind: kind, Title: title, ImplementsID: implementsID,
			Versions: []sepakat.Version{}, Grants: []sepakat.DocumentGrant{}, Approvals: []sepakat.Approval{},
			CreatedBy: a.ID, CreatedAt: tx.now, UpdatedAt: tx.now,
		}
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		if err := tx.Bucket(bucketDocumentsCoop).Put(docKey(c.ID, id), []byte{}); err != nil {
			return fmt.Errorf("put document of cooperation: %w", err)
		}
		return tx.appendAudit(a, "document.create", documentObject(id), fmt.Sprintf("%s %s: %s", cooperationObject(c.ID), kind, title))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FindDocumentByID returns a document the caller may see, with its
// cooperation; ENOTFOUND otherwise.
func (db *DB) FindDocumentByID(ctx context.Context, id int64) (*sepakat.Document, *sepakat.Cooperation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	var d *sepakat.Document
	var c *sepakat.Cooperation
	err = db.view(func(tx *bolt.Tx) error {
		d, c, err = visibleDocument(tx, a, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return d, c, nil
}

// FindDocuments lists the documents of a cooperation the caller may see, in
// the order they were created. The cooperation is ENOTFOUND when the caller
// may see neither it nor any of its documents.
func (db *DB) FindDocuments(ctx context.Context, cooperationID int64) ([]*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	c, ok := db.index.access(cooperationID)
	if !ok {
		return nil, errCooperationNotFound()
	}
	out := []*sepakat.Document{}
	err = db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDocumentsCoop)
		if b == nil {
			return nil
		}
		prefix := itob(cooperationID)
		cur := b.Cursor()
		for k, _ := cur.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
			d, err := getDocument(tx, btoi(k[8:]))
			if err != nil {
				return err
			}
			if canViewDocument(a, c, d) {
				out = append(out, d)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find documents: %w", err)
	}
	if len(out) == 0 && !isSystem(a) && !sepakat.CanView(a, c) {
		return nil, errCooperationNotFound()
	}
	return out, nil
}

// SetSession opens or closes the review session; ARNP and Kasubbag only.
// Opening needs no version yet; opening an open session or closing a
// closed one changes nothing. A closed session reopens only until
// Persetujuan Rancangan Akhir is opened.
func (db *DB) SetSession(ctx context.Context, id int64, open bool) (*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeDocument(a, id, func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error {
		if err := checkManageDocument(a, "membuka atau menutup sesi pembahasan"); err != nil {
			return err
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkNotFinal(d); err != nil {
			return err
		}
		var state sepakat.SessionState
		var action, msg string
		switch {
		case open && d.ApprovalOpen:
			return sepakat.Errorf(sepakat.ECONFLICT, "Persetujuan rancangan akhir sudah dibuka; sesi pembahasan tidak dapat dibuka lagi.")
		case open && d.Session == sepakat.SessionOpen, !open && d.Session == sepakat.SessionClosed:
			return nil
		case !open && d.Session == sepakat.SessionNone:
			return sepakat.Errorf(sepakat.ECONFLICT, "Sesi pembahasan rancangan ini belum pernah dibuka.")
		case open:
			state, action = sepakat.SessionOpen, "document.session.open"
			msg = fmt.Sprintf("Sesi pembahasan rancangan %s dibuka oleh %s. Silakan berikan usulan Anda.", docLabel(d), a.Name)
		default:
			state, action = sepakat.SessionClosed, "document.session.close"
			msg = fmt.Sprintf("Sesi pembahasan rancangan %s ditutup oleh %s.", docLabel(d), a.Name)
		}
		d.Session = state
		d.UpdatedAt = tx.now
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		if err := tx.notifyDocument(a, grantHolders(d, ""), d, msg); err != nil {
			return err
		}
		return tx.appendAudit(a, action, documentObject(d.ID), "")
	})
}

// GrantDocument gives the user named login (login, email or NIP) a right
// on the document; ARNP and Kasubbag only. The comment right goes to TKKSD
// members and the cooperation's PPKSD, the approve right to its PPKSD and
// Kasubbag. Granting twice changes nothing.
func (db *DB) GrantDocument(ctx context.Context, id int64, login string, right sepakat.Right) (*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := right.Validate(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(login) == "" {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Isi nama pengguna yang diberi hak.")
	}
	return db.changeDocument(a, id, func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error {
		if err := checkManageDocument(a, "memberi hak pada rancangan"); err != nil {
			return err
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkNotFinal(d); err != nil {
			return err
		}
		u, ok, err := getUser(tx.Tx, findUserIDBy(tx.Tx, login))
		if err != nil {
			return err
		}
		if !ok || !u.Active {
			return sepakat.Errorf(sepakat.EINVALID, "Pengguna %q tidak ditemukan atau tidak aktif.", truncate(strings.TrimSpace(login), 100))
		}
		officer := u.Role == sepakat.RolePPKSD && c.IsOfficer(u.ID)
		var what string
		switch right {
		case sepakat.RightComment:
			if u.Role != sepakat.RoleTKKSD && !officer {
				return sepakat.Errorf(sepakat.EINVALID, "Hak memberi usulan hanya dapat diberikan kepada anggota TKKSD atau PPKSD kerja sama ini.")
			}
			what = "memberi usulan pada"
		case sepakat.RightApprove:
			if u.Role != sepakat.RoleKasubbag && !officer {
				return sepakat.Errorf(sepakat.EINVALID, "Hak menyetujui hanya dapat diberikan kepada PPKSD kerja sama ini atau Kasubbag.")
			}
			what = "menyetujui"
		}
		if d.HasRight(u.ID, right) {
			return nil
		}
		d.Grants = append(d.Grants, sepakat.DocumentGrant{UserID: u.ID, Name: u.Name, Right: right, GrantedBy: a.ID, GrantedAt: tx.now})
		d.UpdatedAt = tx.now
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		msg := fmt.Sprintf("Anda diberi hak %s rancangan %s (kerja sama %s).", what, docLabel(d), displayCode(c))
		if err := tx.notifyDocument(a, []int64{u.ID}, d, msg); err != nil {
			return err
		}
		return tx.appendAudit(a, "document.grant", documentObject(d.ID), fmt.Sprintf("%s: %s", u.Login, right))
	})
}

// checkAddVersion checks that a may upload a version of d now: ARNP and
// Kasubbag, while the document is not final and its session not closed, or
// during Persetujuan Rancangan Akhir (a correction that voids the
// approvals given so far).
func checkAddVersion(a *sepakat.User, c *sepakat.Cooperation, d *sepakat.Document) error {
	if err := checkManageDocument(a, "mengunggah versi rancangan"); err != nil {
		return err
	}
	if err := checkCooperationActive(c); err != nil {
		return err
	}
	if err := checkNotFinal(d); err != nil {
		return err
	}
	if d.Session == sepakat.SessionClosed && !d.ApprovalOpen {
		return sepakat.Errorf(sepakat.ECONFLICT, "Sesi pembahasan sudah ditutup; versi baru tidak dapat diunggah.")
	}
	return nil
}

// checkFile checks an uploaded file before it is recorded and fills the
// uploader.
func (db *DB) checkFile(a *sepakat.User, f *sepakat.File) error {
	if !db.blobs.Exists(f.SHA256) {
		return sepakat.Errorf(sepakat.EINVALID, "Berkas belum diunggah.")
	}
	if f.Size > sepakat.MaxDraftSize {
		return sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar (paling besar %d MB).", sepakat.MaxDraftSize>>20)
	}
	f.Name = truncate(strings.TrimSpace(f.Name), 200)
	f.UploadedBy = a.ID
	return nil
}

// scanJSON decodes, in key order, the JSON values of bucket b whose keys
// start with prefix; what names them in errors.
func scanJSON[T any](b *bolt.Bucket, prefix []byte, what string) ([]*T, error) {
	var out []*T
	c := b.Cursor()
	for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
		x := new(T)
		if err := json.Unmarshal(v, x); err != nil {
			return nil, fmt.Errorf("decode %s %x: %w", what, k, err)
		}
		out = append(out, x)
	}
	return out, nil
}

// versionItems returns the review items of one version in key (ID) order.
func versionItems(tx *bolt.Tx, docID int64, version int) ([]*sepakat.ReviewItem, error) {
	return scanJSON[sepakat.ReviewItem](tx.Bucket(bucketReviewItems), docKey(docID, int64(version)), "review item")
}

// carried returns the items of a version that carry forward to the next:
// the unresolved ones whose thread is unresolved up to its top.
func carried(items []*sepakat.ReviewItem) []*sepakat.ReviewItem {
	byID := make(map[int64]*sepakat.ReviewItem, len(items))
	for _, it := range items {
		byID[it.ID] = it
	}
	open := func(it *sepakat.ReviewItem) bool {
		for steps := 0; it != nil && steps <= len(items); steps++ {
			if it.Resolved {
				return false
			}
			if it.ParentID == 0 {
				return true
			}
			it = byID[it.ParentID]
		}
		return false // a parent that is missing, or a loop
	}
	var out []*sepakat.ReviewItem
	for _, it := range items {
		if open(it) {
			out = append(out, it)
		}
	}
	return out
}

// placement is where an item carried forward stands in the new version.
type placement struct {
	paragraph, pasal, ayat int
	ok                     bool
}

// place runs carry on a copy of each top-level item (replies follow their
// thread's top), outside any transaction; a nil carry keeps every place.
// A panic in carry is returned as an error.
func place(carry sepakat.CarryForward, items []*sepakat.ReviewItem) (places map[int64]placement, err error) {
	places = make(map[int64]placement, len(items))
	var current int64
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("carry forward review item %d: panic: %v", current, r)
		}
	}()
	for _, it := range items {
		if it.ParentID != 0 {
			continue
		}
		p := placement{it.Paragraph, it.Pasal, it.Ayat, true}
		if carry != nil {
			current = it.ID
			cp := *it
			para, pasal, ayat, ok := carry(&cp)
			if ok && para >= 0 && pasal >= 0 && ayat >= 0 {
				p = placement{para, pasal, ayat, true}
			} else {
				p.ok = false // outdated: the old place is kept for display
			}
		}
		places[it.ID] = p
	}
	return places, nil
}

// errVersionRace makes AddVersion place the items again: another version
// or item arrived between placing and writing.
var errVersionRace = errors.New("version race")

// AddVersion records a new version of the document; ARNP and Kasubbag
// only, while the document is not final and its session not closed (or
// during Persetujuan Rancangan Akhir). Its number is the previous one plus
// one, decided inside the write transaction, so that simultaneous uploads
// get consecutive numbers. Every approval given so far becomes void.
//
// The unresolved review items of the previous version (threads whose top is
// unresolved) are carried forward as new items of the new version with
// CarriedFrom set: carry, called outside the transaction on each top-level
// item, gives the new place, and ok=false marks the item and its replies
// outdated (their old place is kept). Replies take their top's place. A nil
// carry keeps every place. When another version or item arrives between
// placing and writing, the items are placed again (carry may be called more
// than once for an item).
func (db *DB) AddVersion(ctx context.Context, id int64, file sepakat.File, note string, carry sepakat.CarryForward) (*sepakat.Version, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := db.checkFile(a, &file); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxVersionNote {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Catatan versi terlalu panjang (paling banyak %d huruf).", maxVersionNote)
	}
	for attempt := 0; ; attempt++ {
		// Read the open items of the latest version and place them.
		var prev int
		var open []*sepakat.ReviewItem
		err := db.view(func(tx *bolt.Tx) error {
			d, c, err := visibleDocument(tx, a, id)
			if err != nil {
				return err
			}
			if err := checkAddVersion(a, c, d); err != nil {
				return err
			}
			prev = len(d.Versions)
			if prev == 0 {
				return nil
			}
			items, err := versionItems(tx, id, prev)
			open = carried(items)
			return err
		})
		if err != nil {
			return nil, err
		}
		places, err := place(carry, open)
		if err != nil {
			return nil, err
		}
		v, err := db.addVersion(a, id, prev, places, file, note)
		if errors.Is(err, errVersionRace) {
			if attempt < maxCarryRetries {
				continue
			}
			return nil, sepakat.Errorf(sepakat.ECONFLICT, "Rancangan ini sedang diubah bersamaan oleh pengguna lain. Silakan unggah ulang.")
		}
		return v, err
	}
}

// addVersion writes version prev+1 with the items of version prev placed
// by places; errVersionRace when the latest version is no longer prev or
// an open item has no place.
func (db *DB) addVersion(a *sepakat.User, id int64, prev int, places map[int64]placement, file sepakat.File, note string) (*sepakat.Version, error) {
	var v sepakat.Version
	err := db.update(func(tx *tx) error {
		d, c, err := visibleDocument(tx.Tx, a, id)
		if err != nil {
			return err
		}
		if err := checkAddVersion(a, c, d); err != nil {
			return err
		}
		if len(d.Versions) != prev {
			return errVersionRace
		}
		var open []*sepakat.ReviewItem
		if prev > 0 {
			items, err := versionItems(tx.Tx, id, prev)
			if err != nil {
				return err
			}
			open = carried(items)
		}
		// Every open item needs its thread's top placed; new IDs in the old
		// order, so that replies still follow their parents.
		b := tx.Bucket(bucketReviewItems)
		parentOf := make(map[int64]int64, len(open))
		for _, it := range open {
			parentOf[it.ID] = it.ParentID
		}
		newID := make(map[int64]int64, len(open))
		top := make(map[int64]int64, len(open)) // item → its thread's top
		for _, it := range open {
			t := it.ID
			for parentOf[t] != 0 { // carried checked the chain ends
				t = parentOf[t]
			}
			if _, ok := places[t]; !ok {
				return errVersionRace
			}
			top[it.ID] = t
			if newID[it.ID], err = nextID(b); err != nil {
				return err
			}
		}

		n := prev + 1
		if file.UploadedAt.IsZero() {
			file.UploadedAt = tx.now
		}
		v = sepakat.Version{
			Number: n, File: file, SHA256: file.SHA256, Note: note,
			AuthorID: a.ID, AuthorName: a.Name, CreatedAt: tx.now,
		}
		d.Versions = append(d.Versions, v)
		var voided []int64
		for i := range d.Approvals {
			if !d.Approvals[i].Void {
				d.Approvals[i].Void = true
				voided = append(voided, d.Approvals[i].UserID)
			}
		}
		d.UpdatedAt = tx.now
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}

		outdated := 0
		for _, it := range open {
			p := places[top[it.ID]]
			item := *it
			item.ID = newID[it.ID]
			item.Version = n
			item.ParentID = newID[it.ParentID]
			item.CarriedFrom = it.ID
			item.Paragraph, item.Pasal, item.Ayat = p.paragraph, p.pasal, p.ayat
			item.Outdated = !p.ok
			if item.Outdated {
				item.Paragraph, item.Pasal, item.Ayat = it.Paragraph, it.Pasal, it.Ayat
				outdated++
			}
			if err := tx.putReviewItem(&item); err != nil {
				return err
			}
		}

		if err := tx.setFileRefs(documentObject(d.ID), nil, []string{file.SHA256}); err != nil {
			return err
		}
		msg := fmt.Sprintf("Versi %d rancangan %s diunggah oleh %s.", n, docLabel(d), a.Name)
		if len(voided) > 0 {
			msg += " Persetujuan atas versi sebelumnya tidak berlaku lagi; mohon setujui versi terbaru."
		}
		if err := tx.notifyDocument(a, append(grantHolders(d, ""), voided...), d, msg); err != nil {
			return err
		}
		detail := fmt.Sprintf("versi %d: %s (%s); %d usulan dibawa, %d usang", n, file.Name, file.SHA256, len(open), outdated)
		if len(voided) > 0 {
			detail += fmt.Sprintf("; %d persetujuan dibatalkan", len(voided))
		}
		return tx.appendAudit(a, "document.version", documentObject(d.ID), detail)
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// putReviewItem saves item under its version, indexes its ID, and drops
// the version's cached items after commit.
func (tx *tx) putReviewItem(item *sepakat.ReviewItem) error {
	if err := putJSON(tx.Bucket(bucketReviewItems), itemKey(item.DocumentID, item.Version, item.ID), item); err != nil {
		return fmt.Errorf("put review item: %w", err)
	}
	if err := tx.Bucket(bucketReviewItemKeys).Put(itob(item.ID), docKey(item.DocumentID, int64(item.Version))); err != nil {
		return fmt.Errorf("put review item key: %w", err)
	}
	k := reviewKey{item.DocumentID, item.Version}
	tx.afterCommit = append(tx.afterCommit, func() { tx.db.reviews.invalidate(k) })
	return nil
}

// getReviewItem reads review item id, or ENOTFOUND.
func getReviewItem(tx *bolt.Tx, id int64) (*sepakat.ReviewItem, error) {
	kb := tx.Bucket(bucketReviewItemKeys)
	if kb == nil {
		return nil, errReviewItemNotFound()
	}
	prefix := kb.Get(itob(id))
	if len(prefix) != 16 {
		return nil, errReviewItemNotFound()
	}
	var it sepakat.ReviewItem
	ok, err := getJSON(tx.Bucket(bucketReviewItems), append(slices.Clone(prefix), itob(id)...), &it)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errReviewItemNotFound()
	}
	return &it, nil
}

var reviewKinds = []sepakat.ReviewKind{
	sepakat.ReviewComment, sepakat.ReviewInsert, sepakat.ReviewDelete, sepakat.ReviewReplace, sepakat.ReviewFormat,
}

// normalizeReviewInput checks and normalises one review input. From a Word
// copy (upload) an item needs a text or a quote; written in the page, a
// comment needs its text.
func normalizeReviewInput(in *sepakat.ReviewInput, upload bool) error {
	if in.Kind == "" {
		in.Kind = sepakat.ReviewComment
	}
	if !slices.Contains(reviewKinds, in.Kind) {
		return sepakat.Errorf(sepakat.EINVALID, "Jenis usulan tidak dikenal: %q.", truncate(string(in.Kind), 40))
	}
	in.Text = strings.TrimSpace(in.Text)
	in.AuthorName = truncate(strings.TrimSpace(in.AuthorName), maxAuthorNameSize)
	if in.Paragraph < 0 || in.Pasal < 0 || in.Ayat < 0 || in.ParentID < 0 {
		return sepakat.Errorf(sepakat.EINVALID, "Letak usulan tidak sah.")
	}
	if utf8.RuneCountInString(in.Text) > maxReviewText || utf8.RuneCountInString(in.Quote) > maxReviewText {
		return sepakat.Errorf(sepakat.EINVALID, "Usulan terlalu panjang (paling banyak %d huruf).", maxReviewText)
	}
	if !utf8.ValidString(in.Text) || !utf8.ValidString(in.Quote) {
		return sepakat.Errorf(sepakat.EINVALID, "Usulan berisi karakter yang tidak sah.")
	}
	switch {
	case in.Text != "":
	case upload && strings.TrimSpace(in.Quote) != "":
	case !upload && in.Kind != sepakat.ReviewComment && strings.TrimSpace(in.Quote) != "":
	default:
		return sepakat.Errorf(sepakat.EINVALID, "Isi usulan wajib diisi.")
	}
	return nil
}

// AddReviewItem adds a remark or a reply, written in the page, on a
// version of the document. The caller must be allowed to comment and the
// session open. A reply (ParentID) answers an item of the same version and
// takes its quote and place.
func (db *DB) AddReviewItem(ctx context.Context, id int64, version int, in sepakat.ReviewInput) (*sepakat.ReviewItem, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := normalizeReviewInput(&in, false); err != nil {
		return nil, err
	}
	var item *sepakat.ReviewItem
	err = db.update(func(tx *tx) error {
		d, c, err := visibleDocument(tx.Tx, a, id)
		if err != nil {
			return err
		}
		if err := checkComment(a, c, d); err != nil {
			return err
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkVersion(d, version); err != nil {
			return err
		}
		var parent *sepakat.ReviewItem
		if in.ParentID != 0 {
			parent, err = getReviewItem(tx.Tx, in.ParentID)
			if err != nil && sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
				return err
			}
			if parent == nil || parent.DocumentID != d.ID || parent.Version != version {
				return sepakat.Errorf(sepakat.EINVALID, "Usulan yang dibalas tidak ditemukan pada versi %d.", version)
			}
		}
		itemID, err := nextID(tx.Bucket(bucketReviewItems))
		if err != nil {
			return err
		}
		item = &sepakat.ReviewItem{
			ID: itemID, DocumentID: d.ID, Version: version, Kind: in.Kind, AuthorID: a.ID, AuthorName: a.Name,
			Quote: in.Quote, Paragraph: in.Paragraph, Pasal: in.Pasal, Ayat: in.Ayat, Text: in.Text, CreatedAt: tx.now,
		}
		recipients, err := managers(tx.Tx)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("%s memberi usulan pada versi %d rancangan %s.", a.Name, version, docLabel(d))
		if parent != nil {
			item.ParentID = parent.ID
			item.Quote, item.Paragraph, item.Pasal, item.Ayat = parent.Quote, parent.Paragraph, parent.Pasal, parent.Ayat
			recipients = append(recipients, parent.AuthorID)
			msg = fmt.Sprintf("%s membalas usulan %s pada versi %d rancangan %s.", a.Name, parent.AuthorName, version, docLabel(d))
		}
		if err := tx.putReviewItem(item); err != nil {
			return err
		}
		if err := tx.notifyDocument(a, recipients, d, msg); err != nil {
			return err
		}
		return tx.appendAudit(a, "review.add", documentObject(d.ID), fmt.Sprintf("versi %d, usulan %d", version, item.ID))
	})
	if err != nil {
		return nil, err
	}
	return item, nil
}

// FindReviewItems returns the review items of a version of a document the
// caller may see, ordered by paragraph, then time, then ID. The decoded
// items of recently read versions are kept in memory.
func (db *DB) FindReviewItems(ctx context.Context, id int64, version int) ([]*sepakat.ReviewItem, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	k := reviewKey{id, version}
	gen := db.reviews.generation()
	var items []*sepakat.ReviewItem
	cached := false
	err = db.view(func(tx *bolt.Tx) error {
		d, err := db.readableDocument(tx, a, id)
		if err != nil {
			return err
		}
		if err := checkVersion(d, version); err != nil {
			return err
		}
		if items, cached = db.reviews.get(k); cached {
			return nil
		}
		items, err = versionItems(tx, id, version)
		return err
	})
	if err != nil {
		return nil, err
	}
	if cached {
		return items, nil
	}
	slices.SortStableFunc(items, func(x, y *sepakat.ReviewItem) int {
		return cmp.Or(cmp.Compare(x.Paragraph, y.Paragraph), x.CreatedAt.Compare(y.CreatedAt), cmp.Compare(x.ID, y.ID))
	})
	if items == nil {
		items = []*sepakat.ReviewItem{}
	}
	db.reviews.put(k, gen, items)
	return items, nil
}

// changeReviewItem loads review item itemID and its document, as a may see
// them, inside one write transaction, lets change modify the item, stores
// it and returns it once the transaction has committed.
func (db *DB) changeReviewItem(a *sepakat.User, itemID int64, change func(tx *tx, it *sepakat.ReviewItem, d *sepakat.Document, c *sepakat.Cooperation) (bool, error)) (*sepakat.ReviewItem, error) {
	var it *sepakat.ReviewItem
	err := db.update(func(tx *tx) error {
		var err error
		if it, err = getReviewItem(tx.Tx, itemID); err != nil {
			return err
		}
		d, c, err := visibleDocument(tx.Tx, a, it.DocumentID)
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			return errReviewItemNotFound()
		} else if err != nil {
			return err
		}
		changed, err := change(tx, it, d, c)
		if err != nil || !changed {
			return err
		}
		return tx.putReviewItem(it)
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// RespondReviewItem records the ARNP's answer to a review item (diterima,
// ditolak, diakomodasi sebagian) with a note; ARNP and Kasubbag only. A
// new answer replaces the previous one.
func (db *DB) RespondReviewItem(ctx context.Context, itemID int64, status sepakat.ResponseStatus, note string) (*sepakat.ReviewItem, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := status.Validate(); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxResponseNote {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Catatan tanggapan terlalu panjang (paling banyak %d huruf).", maxResponseNote)
	}
	return db.changeReviewItem(a, itemID, func(tx *tx, it *sepakat.ReviewItem, d *sepakat.Document, c *sepakat.Cooperation) (bool, error) {
		if err := checkManageDocument(a, "menanggapi usulan"); err != nil {
			return false, err
		}
		if err := checkCooperationActive(c); err != nil {
			return false, err
		}
		it.Response = &sepakat.Response{Status: status, Note: note, ByID: a.ID, ByName: a.Name, At: tx.now}
		msg := fmt.Sprintf("Usulan Anda pada versi %d rancangan %s ditanggapi oleh %s: %s.", it.Version, docLabel(d), a.Name, status)
		if err := tx.notifyDocument(a, []int64{it.AuthorID}, d, msg); err != nil {
			return false, err
		}
		return true, tx.appendAudit(a, "review.respond", documentObject(d.ID), fmt.Sprintf("usulan %d: %s", it.ID, status))
	})
}

// ResolveReviewItem marks a review item resolved; its author, the ARNP and
// Kasubbag may. Resolving twice changes nothing.
func (db *DB) ResolveReviewItem(ctx context.Context, itemID int64) (*sepakat.ReviewItem, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeReviewItem(a, itemID, func(tx *tx, it *sepakat.ReviewItem, d *sepakat.Document, c *sepakat.Cooperation) (bool, error) {
		if it.AuthorID != a.ID && !canManageDocument(a) {
			return false, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya pengusul, ARNP, atau Kasubbag yang dapat menandai usulan selesai.")
		}
		if err := checkCooperationActive(c); err != nil {
			return false, err
		}
		if it.Resolved {
			return false, nil
		}
		it.Resolved = true
		return true, tx.appendAudit(a, "review.resolve", documentObject(d.ID), fmt.Sprintf("usulan %d", it.ID))
	})
}

// uploadParents checks the ParentID of the items of an upload, which
// counts within items from 1 (ParentID k names items[k-1]; 0 for none),
// and returns each item's parent index, or -1.
func uploadParents(items []sepakat.ReviewInput) ([]int, error) {
	parents := make([]int, len(items))
	for i, in := range items {
		parents[i] = int(in.ParentID) - 1
		if in.ParentID < 0 || in.ParentID > int64(len(items)) || parents[i] == i {
			return nil, sepakat.Errorf(sepakat.EINVALID, "Usulan ke-%d membalas usulan yang tidak ada.", i+1)
		}
	}
	// No loops: every chain of parents ends within len(items) steps.
	for i := range items {
		j := i
		for steps := 0; j >= 0; steps++ {
			if steps > len(items) {
				return nil, sepakat.Errorf(sepakat.EINVALID, "Balasan usulan ke-%d membentuk lingkaran.", i+1)
			}
			j = parents[j]
		}
	}
	return parents, nil
}

// AddReviewUpload records a reviewer's marked-up Word copy of a version and
// the review items extracted from it, in one transaction. The caller must
// be allowed to comment and the session open.
//
// Each item's AuthorID is the caller and its UploadID the upload; its
// AuthorName is in.AuthorName when set (the name in the copy), else the
// caller's name; Resolved is in.Resolved. The items' ParentID counts
// within items from 1: ParentID k makes the item a reply to items[k-1]
// (which may stand before or after it; loops are refused), and 0 a top
// item. A reply takes its parent's quote and place. The items are returned
// in the order given, with their stored IDs and ParentIDs.
func (db *DB) AddReviewUpload(ctx context.Context, id int64, version int, file sepakat.File, items []sepakat.ReviewInput) (*sepakat.ReviewUpload, []*sepakat.ReviewItem, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := db.checkFile(a, &file); err != nil {
		return nil, nil, err
	}
	if len(items) > maxUploadItems {
		return nil, nil, sepakat.Errorf(sepakat.EINVALID, "Salinan ini berisi terlalu banyak usulan (paling banyak %d).", maxUploadItems)
	}
	inputs := slices.Clone(items)
	for i := range inputs {
		if err := normalizeReviewInput(&inputs[i], true); err != nil {
			return nil, nil, sepakat.Errorf(sepakat.EINVALID, "Usulan ke-%d: %s", i+1, sepakat.ErrorMessage(err))
		}
	}
	parents, err := uploadParents(inputs)
	if err != nil {
		return nil, nil, err
	}
	var up *sepakat.ReviewUpload
	out := make([]*sepakat.ReviewItem, len(inputs))
	err = db.update(func(tx *tx) error {
		d, c, err := visibleDocument(tx.Tx, a, id)
		if err != nil {
			return err
		}
		if err := checkComment(a, c, d); err != nil {
			return err
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkVersion(d, version); err != nil {
			return err
		}
		upID, err := nextID(tx.Bucket(bucketReviewUploads))
		if err != nil {
			return err
		}
		if file.UploadedAt.IsZero() {
			file.UploadedAt = tx.now
		}
		up = &sepakat.ReviewUpload{
			ID: upID, DocumentID: d.ID, Version: version, File: file,
			UploaderID: a.ID, Uploader: a.Name, Items: len(inputs), CreatedAt: tx.now,
		}
		if err := putJSON(tx.Bucket(bucketReviewUploads), itemKey(d.ID, version, upID), up); err != nil {
			return fmt.Errorf("put review upload: %w", err)
		}

		// Parents are created before their replies (IDs increase down a
		// thread), and replies take their parent's quote and place.
		b := tx.Bucket(bucketReviewItems)
		var create func(i int) error
		create = func(i int) error {
			if out[i] != nil {
				return nil
			}
			in := inputs[i]
			var parent *sepakat.ReviewItem
			if p := parents[i]; p >= 0 {
				if err := create(p); err != nil {
					return err
				}
				parent = out[p]
			}
			itemID, err := nextID(b)
			if err != nil {
				return err
			}
			name := in.AuthorName
			if name == "" {
				name = a.Name
			}
			it := &sepakat.ReviewItem{
				ID: itemID, DocumentID: d.ID, Version: version, Kind: in.Kind, AuthorID: a.ID, AuthorName: name,
				Quote: in.Quote, Paragraph: in.Paragraph, Pasal: in.Pasal, Ayat: in.Ayat, Text: in.Text,
				Resolved: in.Resolved, UploadID: upID, CreatedAt: tx.now,
			}
			if parent != nil {
				it.ParentID = parent.ID
				it.Quote, it.Paragraph, it.Pasal, it.Ayat = parent.Quote, parent.Paragraph, parent.Pasal, parent.Ayat
			}
			out[i] = it
			return tx.putReviewItem(it)
		}
		for i := range inputs {
			if err := create(i); err != nil {
				return err
			}
		}

		if err := tx.setFileRefs(documentObject(d.ID), nil, []string{file.SHA256}); err != nil {
			return err
		}
		recipients, err := managers(tx.Tx)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("%s mengunggah salinan bertanda versi %d rancangan %s dengan %d usulan.", a.Name, version, docLabel(d), len(out))
		if err := tx.notifyDocument(a, recipients, d, msg); err != nil {
			return err
		}
		return tx.appendAudit(a, "review.upload", documentObject(d.ID),
			fmt.Sprintf("versi %d, unggahan %d: %s (%s), %d usulan", version, upID, file.Name, file.SHA256, len(out)))
	})
	if err != nil {
		return nil, nil, err
	}
	return up, out, nil
}

// FindReviewUploads lists the reviewers' copies of a version of a document
// the caller may see, oldest first; version 0 lists those of every
// version.
func (db *DB) FindReviewUploads(ctx context.Context, id int64, version int) ([]*sepakat.ReviewUpload, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	out := []*sepakat.ReviewUpload{}
	err = db.view(func(tx *bolt.Tx) error {
		d, err := db.readableDocument(tx, a, id)
		if err != nil {
			return err
		}
		prefix := itob(id)
		if version != 0 {
			if err := checkVersion(d, version); err != nil {
				return err
			}
			prefix = docKey(id, int64(version))
		}
		out, err = scanJSON[sepakat.ReviewUpload](tx.Bucket(bucketReviewUploads), prefix, "review upload")
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// OpenApproval opens Persetujuan Rancangan Akhir on the latest version;
// Kasubbag only. The review session is closed first. Opening twice changes
// nothing.
func (db *DB) OpenApproval(ctx context.Context, id int64) (*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeDocument(a, id, func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error {
		if !isSystem(a) && a.Role != sepakat.RoleKasubbag {
			return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya Kasubbag yang dapat membuka persetujuan rancangan akhir.")
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if err := checkNotFinal(d); err != nil {
			return err
		}
		if d.ApprovalOpen {
			return nil
		}
		latest := d.Latest()
		if latest == nil {
			return sepakat.Errorf(sepakat.ECONFLICT, "Belum ada versi rancangan yang dapat disetujui.")
		}
		wasOpen := d.Session == sepakat.SessionOpen
		d.Session = sepakat.SessionClosed
		d.ApprovalOpen = true
		d.UpdatedAt = tx.now
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		recipients, err := kasubbags(tx.Tx)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("Persetujuan rancangan akhir %s dibuka pada versi %d. Mohon periksa dan setujui.", docLabel(d), latest.Number)
		if wasOpen {
			msg = fmt.Sprintf("Sesi pembahasan rancangan %s ditutup dan persetujuan rancangan akhir dibuka pada versi %d. Mohon periksa dan setujui.", docLabel(d), latest.Number)
		}
		if err := tx.notifyDocument(a, append(recipients, grantHolders(d, "")...), d, msg); err != nil {
			return err
		}
		detail := fmt.Sprintf("versi %d", latest.Number)
		if wasOpen {
			detail += "; sesi pembahasan ditutup"
		}
		return tx.appendAudit(a, "document.approval.open", documentObject(d.ID), detail)
	})
}

// approvalComplete reports whether the latest version of d holds a valid
// approval of every active holder of the approve right and of at least one
// Kasubbag.
func approvalComplete(tx *bolt.Tx, d *sepakat.Document) (bool, error) {
	latest := d.Latest()
	if latest == nil {
		return false, nil
	}
	approved := map[int64]bool{}
	for _, ap := range d.Approvals {
		if !ap.Void && ap.Version == latest.Number && ap.SHA256 == latest.SHA256 {
			approved[ap.UserID] = true
		}
	}
	kasubbag := false
	for uid := range approved {
		u, ok, err := getUser(tx, uid)
		if err != nil {
			return false, err
		}
		if ok && u.Role == sepakat.RoleKasubbag {
			kasubbag = true
		}
	}
	if !kasubbag {
		return false, nil
	}
	for _, uid := range grantHolders(d, sepakat.RightApprove) {
		if approved[uid] {
			continue
		}
		u, ok, err := getUser(tx, uid)
		if err != nil {
			return false, err
		}
		if ok && u.Active {
			return false, nil // an active approver has not approved yet
		}
	}
	return true, nil
}

// Approve approves version, which must be the latest, during Persetujuan
// Rancangan Akhir: holders of the approve right and Kasubbag may. The
// approval is bound to the version's number and SHA-256. Once every active
// holder of the approve right and at least one Kasubbag approved the
// latest version, it becomes the final version; once every document of a
// cooperation in persiapan is final, the cooperation moves to penomoran.
func (db *DB) Approve(ctx context.Context, id int64, version int) (*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeDocument(a, id, func(tx *tx, d *sepakat.Document, c *sepakat.Cooperation) error {
		if !isSystem(a) && a.Role != sepakat.RoleKasubbag && !d.HasRight(a.ID, sepakat.RightApprove) {
			return sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak memiliki hak menyetujui rancangan ini.")
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if d.Final > 0 {
			return sepakat.Errorf(sepakat.ECONFLICT, "Rancangan akhir sudah disetujui semua pihak (versi %d).", d.Final)
		}
		if !d.ApprovalOpen {
			return sepakat.Errorf(sepakat.ECONFLICT, "Persetujuan rancangan akhir belum dibuka.")
		}
		if err := checkVersion(d, version); err != nil {
			return err
		}
		latest := d.Latest()
		if version != latest.Number {
			return sepakat.Errorf(sepakat.ECONFLICT, "Versi yang disetujui bukan versi terakhir (versi terakhir: %d).", latest.Number)
		}
		for _, ap := range d.Approvals {
			if ap.UserID == a.ID && !ap.Void && ap.Version == version {
				return nil
			}
		}
		d.Approvals = append(d.Approvals, sepakat.Approval{UserID: a.ID, Name: a.Name, Version: version, SHA256: latest.SHA256, At: tx.now})
		d.UpdatedAt = tx.now
		if err := tx.appendAudit(a, "document.approve", documentObject(d.ID), fmt.Sprintf("versi %d (%s)", version, latest.SHA256)); err != nil {
			return err
		}
		complete, err := approvalComplete(tx.Tx, d)
		if err != nil {
			return err
		}
		if !complete {
			if err := putDocument(tx.Tx, d); err != nil {
				return err
			}
			recipients, err := managers(tx.Tx)
			if err != nil {
				return err
			}
			msg := fmt.Sprintf("%s menyetujui versi %d rancangan %s.", a.Name, version, docLabel(d))
			return tx.notifyDocument(a, recipients, d, msg)
		}
		d.Final = version
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		if err := tx.appendAudit(a, "document.final", documentObject(d.ID), fmt.Sprintf("versi %d (%s)", version, latest.SHA256)); err != nil {
			return err
		}
		office, err := officeUsers(tx.Tx)
		if err != nil {
			return err
		}
		recipients := append(append(office, grantHolders(d, "")...), c.PPKSD1ID, c.PPKSD2ID)
		msg := fmt.Sprintf("Rancangan %s telah disetujui semua pihak: versi %d menjadi rancangan akhir.", docLabel(d), version)
		if err := tx.notifyDocument(a, recipients, d, msg); err != nil {
			return err
		}
		return tx.advanceWhenAllFinal(c, d)
	})
}

// advanceWhenAllFinal moves c from persiapan to penomoran, as the system,
// once every one of its documents is final (d, just made final, included).
func (tx *tx) advanceWhenAllFinal(c *sepakat.Cooperation, d *sepakat.Document) error {
	if c.Stage != sepakat.StagePersiapan {
		return nil
	}
	prefix := itob(c.ID)
	cur := tx.Bucket(bucketDocumentsCoop).Cursor()
	for k, _ := cur.Seek(prefix); bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
		other, err := getDocument(tx.Tx, btoi(k[8:]))
		if err != nil {
			return err
		}
		if other.ID != d.ID && other.Final == 0 {
			return nil
		}
	}
	system := sepakat.SystemUser
	return tx.moveCooperation(&system, c, sepakat.StagePenomoran, "Semua rancangan naskah telah disetujui sebagai rancangan akhir.")
}

// AddMessage posts to the document's discussion; anyone who may see the
// document may. The ARNP, Kasubbag and the holders of a right are notified.
func (db *DB) AddMessage(ctx context.Context, id int64, text string) (*sepakat.Message, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Pesan wajib diisi.")
	}
	if utf8.RuneCountInString(text) > maxMessageText {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Pesan terlalu panjang (paling banyak %d huruf).", maxMessageText)
	}
	if !utf8.ValidString(text) {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Pesan berisi karakter yang tidak sah.")
	}
	var m *sepakat.Message
	err = db.update(func(tx *tx) error {
		d, _, err := visibleDocument(tx.Tx, a, id)
		if err != nil {
			return err
		}
		b := tx.Bucket(bucketMessages)
		msgID, err := nextID(b)
		if err != nil {
			return err
		}
		m = &sepakat.Message{ID: msgID, DocumentID: d.ID, AuthorID: a.ID, AuthorName: a.Name, Text: text, At: tx.now}
		if err := putJSON(b, docKey(d.ID, msgID), m); err != nil {
			return fmt.Errorf("put message: %w", err)
		}
		recipients, err := managers(tx.Tx)
		if err != nil {
			return err
		}
		msg := fmt.Sprintf("%s menulis di diskusi rancangan %s: %s", a.Name, docLabel(d), truncate(text, 200))
		if err := tx.notifyDocument(a, append(recipients, grantHolders(d, "")...), d, msg); err != nil {
			return err
		}
		return tx.appendAudit(a, "document.message", documentObject(d.ID), fmt.Sprintf("pesan %d", msgID))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// FindMessages returns the discussion of a document the caller may see,
// oldest first.
func (db *DB) FindMessages(ctx context.Context, id int64) ([]*sepakat.Message, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	out := []*sepakat.Message{}
	err = db.view(func(tx *bolt.Tx) error {
		if _, err := db.readableDocument(tx, a, id); err != nil {
			return err
		}
		out, err = scanJSON[sepakat.Message](tx.Bucket(bucketMessages), itob(id), "message")
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
