package storage

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.RegisterService = (*DB)(nil)

// The register of document numbers is stored in the buckets of schema
// version 3:
//
//	register      entry id → RegisterEntry
//	register_seq  one nested bucket per "YEAR/KIND" (e.g. "2026/KB"), whose
//	              bbolt sequence is the last number given; inside, seq → entry id
//
// A number is allocated with NextSequence of its year/kind bucket in the
// same write transaction that stores the entry, updates the document and
// appends the audit entry: a crash before the commit leaves no trace and
// the number is free; after the commit all are durable. A cancelled
// entry keeps its seq, so that no number is given twice.
//
// The settings are kept in meta under keyRegisterSettings.

var keyRegisterSettings = []byte("register_settings")

// Limits of register input, in characters.
const (
	maxPartnerNumber = 200
	maxCancelReason  = 2000
)

func registerObject(id int64) string { return fmt.Sprintf("register/%d", id) }

func errRegisterEntryNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Nomor pada buku register tidak ditemukan.")
}

// registerSeqBucketName names the nested bucket of the numbers of one year
// and kind.
func registerSeqBucketName(year int, kind sepakat.DocumentKind) []byte {
	return fmt.Appendf(nil, "%04d/%s", year, kind)
}

func checkKasubbagRegister(a *sepakat.User, what string) error {
	if a.Role != sepakat.RoleKasubbag {
		return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya Kasubbag yang dapat %s.", what)
	}
	return nil
}

// registerBuckets returns the buckets of the register, or an internal
// error when the database was opened read-only before migration 3.
func registerBuckets(tx *bolt.Tx) (entries, seqs *bolt.Bucket, err error) {
	entries, seqs = tx.Bucket(bucketRegister), tx.Bucket(bucketRegisterSeq)
	if entries == nil || seqs == nil {
		return nil, nil, fmt.Errorf("register buckets missing: database schema older than version 3")
	}
	return entries, seqs, nil
}

func getRegisterEntry(tx *bolt.Tx, id int64) (*sepakat.RegisterEntry, error) {
	entries := tx.Bucket(bucketRegister)
	if entries == nil {
		return nil, errRegisterEntryNotFound() // read-only open of an older database
	}
	var e sepakat.RegisterEntry
	ok, err := getJSON(entries, itob(id), &e)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errRegisterEntryNotFound()
	}
	return &e, nil
}

// registerSettings reads the settings, with the default format when unset.
func registerSettings(tx *bolt.Tx) (sepakat.RegisterSettings, error) {
	var s sepakat.RegisterSettings
	if _, err := getJSON(tx.Bucket(bucketMeta), keyRegisterSettings, &s); err != nil {
		return s, fmt.Errorf("read register settings: %w", err)
	}
	if s.Format == "" {
		s.Format = sepakat.DefaultRegisterFormat
	}
	return s, nil
}

// newVerifyCode returns a fresh verification code: 16 characters of
// base32 (A–Z, 2–7) from 80 random bits, not guessable and easy to type
// from paper.
func newVerifyCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("verification code: %w", err)
	}
	return base32.StdEncoding.EncodeToString(b), nil
}

// notifyRegister tells the cooperation's PPKSD, but a, about a number.
func (tx *tx) notifyRegister(a *sepakat.User, d *sepakat.Document, message string) error {
	c, err := getCooperation(tx.Tx, d.CooperationID)
	if err != nil {
		return err
	}
	return tx.notifyDocument(a, []int64{c.PPKSD1ID, c.PPKSD2ID}, d, message)
}

// AssignNumber gives the final document documentID the next number of the
// year of date and its kind. Only Kasubbag may; the partner's number is
// required; a document already holding a number in force is ECONFLICT.
// The number, the document's copy of it, the audit entry and the
// notifications of the cooperation's PPKSD are written in one transaction.
func (db *DB) AssignNumber(ctx context.Context, documentID int64, partnerNumber string, date time.Time) (*sepakat.RegisterEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKasubbagRegister(a, "memberi nomor naskah"); err != nil {
		return nil, err
	}
	partnerNumber = strings.TrimSpace(partnerNumber)
	if partnerNumber == "" {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Nomor naskah dari mitra harus diisi.")
	}
	if utf8.RuneCountInString(partnerNumber) > maxPartnerNumber {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Nomor naskah dari mitra terlalu panjang (paling banyak %d huruf).", maxPartnerNumber)
	}
	if date.IsZero() || date.Year() < 2000 || date.Year() > 9999 {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Tanggal naskah harus diisi dengan tanggal yang benar.")
	}
	var e *sepakat.RegisterEntry
	err = db.update(func(tx *tx) error {
		d, c, err := visibleDocument(tx.Tx, a, documentID)
		if err != nil {
			return err
		}
		if err := checkCooperationActive(c); err != nil {
			return err
		}
		if d.Final == 0 {
			return sepakat.Errorf(sepakat.ECONFLICT, "Rancangan %s belum final; nomor hanya diberikan kepada rancangan akhir.", docLabel(d))
		}
		if d.RegisterID != 0 {
			prev, err := getRegisterEntry(tx.Tx, d.RegisterID)
			if err != nil {
				return err
			}
			if !prev.Cancelled() {
				return sepakat.Errorf(sepakat.ECONFLICT, "Dokumen ini sudah bernomor %s. Batalkan nomor itu dahulu bila perlu nomor baru.", prev.Number)
			}
		}
		settings, err := registerSettings(tx.Tx)
		if err != nil {
			return err
		}
		entries, seqs, err := registerBuckets(tx.Tx)
		if err != nil {
			return err
		}
		year := date.Year()
		sb, err := seqs.CreateBucketIfNotExists(registerSeqBucketName(year, d.Kind))
		if err != nil {
			return fmt.Errorf("register sequence bucket: %w", err)
		}
		seq, err := nextID(sb)
		if err != nil {
			return err
		}
		number, err := sepakat.FormatNumber(settings.Format, int(seq), d.Kind, settings.Unit, date)
		if err != nil {
			if sepakat.ErrorCode(err) == sepakat.EINVALID {
				return sepakat.Errorf(sepakat.ECONFLICT, "Pengaturan nomor naskah belum lengkap: %s", sepakat.ErrorMessage(err))
			}
			return err
		}
		id, err := nextID(entries)
		if err != nil {
			return err
		}
		e = &sepakat.RegisterEntry{
			ID: id, Year: year, Kind: d.Kind, Seq: int(seq), Number: number,
			DocumentID: d.ID, CooperationID: d.CooperationID, PartnerNumber: partnerNumber, Date: date,
			Status: sepakat.RegisterAssigned, AssignedBy: a.ID, AssignedByName: a.Name, AssignedAt: tx.now,
		}
		if err := putJSON(entries, itob(id), e); err != nil {
			return fmt.Errorf("put register entry: %w", err)
		}
		if err := sb.Put(itob(seq), itob(id)); err != nil {
			return fmt.Errorf("put register sequence: %w", err)
		}
		code, err := newVerifyCode()
		if err != nil {
			return err
		}
		d.Number, d.PartnerNumber, d.NumberDate, d.RegisterID = number, partnerNumber, date, id
		d.VerifyCode = code
		d.UpdatedAt = tx.now
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s %s; mitra %s; tanggal %s; %s", registerObject(id), number, partnerNumber, date.Format("2006-01-02"), cooperationObject(c.ID))
		if err := tx.appendAudit(a, "register.assign", documentObject(d.ID), detail); err != nil {
			return err
		}
		msg := fmt.Sprintf("Rancangan akhir %s mendapat nomor %s (nomor mitra %s, tanggal %s).", docLabel(d), number, partnerNumber, date.Format("02-01-2006"))
		return tx.notifyRegister(a, d, msg)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// CancelNumber withdraws a number in force with a reason. Only Kasubbag
// may. The entry stays in the register, cancelled; the document loses its
// number and may be given a new one, which is always a new sequence.
func (db *DB) CancelNumber(ctx context.Context, entryID int64, reason string) (*sepakat.RegisterEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKasubbagRegister(a, "membatalkan nomor naskah"); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Alasan pembatalan nomor harus diisi.")
	}
	if utf8.RuneCountInString(reason) > maxCancelReason {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Alasan pembatalan terlalu panjang (paling banyak %d huruf).", maxCancelReason)
	}
	var e *sepakat.RegisterEntry
	err = db.update(func(tx *tx) error {
		var err error
		if e, err = getRegisterEntry(tx.Tx, entryID); err != nil {
			return err
		}
		if e.Cancelled() {
			return sepakat.Errorf(sepakat.ECONFLICT, "Nomor %s sudah dibatalkan.", e.Number)
		}
		e.Status, e.CancelReason, e.CancelledAt = sepakat.RegisterCancelled, reason, tx.now
		if err := putJSON(tx.Bucket(bucketRegister), itob(e.ID), e); err != nil {
			return fmt.Errorf("put register entry: %w", err)
		}
		d, err := getDocument(tx.Tx, e.DocumentID)
		if err != nil {
			return err
		}
		if d.RegisterID == e.ID {
			d.Number, d.PartnerNumber, d.NumberDate, d.RegisterID = "", "", time.Time{}, 0
			d.NumberedFile, d.VerifyCode, d.SignedFile = nil, "", nil
			d.UpdatedAt = tx.now
			if err := putDocument(tx.Tx, d); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("%s %s dibatalkan: %s", registerObject(e.ID), e.Number, reason)
		if err := tx.appendAudit(a, "register.cancel", documentObject(d.ID), detail); err != nil {
			return err
		}
		msg := fmt.Sprintf("Nomor %s untuk %s dibatalkan. Alasan: %s", e.Number, docLabel(d), truncate(reason, 300))
		return tx.notifyRegister(a, d, msg)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// FindRegister returns the entries of year, of every kind and state, in the
// order they were made. Only office staff (AKP, ARNP, Kasubbag) may read
// the register.
func (db *DB) FindRegister(ctx context.Context, year int) ([]*sepakat.RegisterEntry, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Role.IsOffice() {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya AKP, ARNP, atau Kasubbag yang dapat melihat buku register.")
	}
	var out []*sepakat.RegisterEntry
	err = db.view(func(tx *bolt.Tx) error {
		entries, seqs := tx.Bucket(bucketRegister), tx.Bucket(bucketRegisterSeq)
		if entries == nil || seqs == nil {
			return nil // read-only open of an older database: no register yet
		}
		prefix := fmt.Sprintf("%04d/", year)
		return seqs.ForEachBucket(func(name []byte) error {
			if !strings.HasPrefix(string(name), prefix) {
				return nil
			}
			return seqs.Bucket(name).ForEach(func(_, v []byte) error {
				var e sepakat.RegisterEntry
				ok, err := getJSON(entries, v, &e)
				if err != nil {
					return err
				}
				if !ok {
					return fmt.Errorf("register sequence %s points to missing entry %d", name, btoi(v))
				}
				out = append(out, &e)
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("find register: %w", err)
	}
	slices.SortFunc(out, func(x, y *sepakat.RegisterEntry) int { return cmp.Compare(x.ID, y.ID) })
	return out, nil
}

// RegisterSettings returns the number format and unit; office staff and
// the admin may read them.
func (db *DB) RegisterSettings(ctx context.Context) (sepakat.RegisterSettings, error) {
	a, err := actor(ctx)
	if err != nil {
		return sepakat.RegisterSettings{}, err
	}
	if !a.Role.IsOffice() && a.Role != sepakat.RoleAdmin {
		return sepakat.RegisterSettings{}, sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak berwenang melihat pengaturan nomor naskah.")
	}
	var s sepakat.RegisterSettings
	err = db.view(func(tx *bolt.Tx) error {
		s, err = registerSettings(tx)
		return err
	})
	return s, err
}

// SetRegisterSettings changes the number format and unit (Kasubbag or
// admin); the format is checked by formatting a sample number. Numbers
// given before keep their text.
func (db *DB) SetRegisterSettings(ctx context.Context, s sepakat.RegisterSettings) error {
	a, err := actor(ctx)
	if err != nil {
		return err
	}
	if a.Role != sepakat.RoleKasubbag && a.Role != sepakat.RoleAdmin {
		return sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya Kasubbag atau admin yang dapat mengubah pengaturan nomor naskah.")
	}
	s.Format, s.Unit = strings.TrimSpace(s.Format), strings.TrimSpace(s.Unit)
	if s.Format == "" {
		s.Format = sepakat.DefaultRegisterFormat
	}
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(func(tx *tx) error {
		data, err := json.Marshal(s)
		if err != nil {
			return fmt.Errorf("encode register settings: %w", err)
		}
		if err := tx.Bucket(bucketMeta).Put(keyRegisterSettings, data); err != nil {
			return fmt.Errorf("put register settings: %w", err)
		}
		return tx.appendAudit(a, "register.settings", "register", fmt.Sprintf("format %s; unit %s", s.Format, s.Unit))
	})
}

// SetNumberedFile records the final text of a numbered document, with its
// numbers and date written in, and lets whoever sees the document download
// it.
func (db *DB) SetNumberedFile(ctx context.Context, documentID int64, f sepakat.File) (*sepakat.Document, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKasubbagRegister(a, "menyimpan naskah bernomor"); err != nil {
		return nil, err
	}
	if !ValidSHA(f.SHA256) {
		return nil, sepakat.Errorf(sepakat.EINVALID, "Berkas naskah bernomor tidak sah.")
	}
	return db.changeDocument(a, documentID, func(tx *tx, d *sepakat.Document, _ *sepakat.Cooperation) error {
		if d.Number == "" {
			return sepakat.Errorf(sepakat.ECONFLICT, "Dokumen ini belum diberi nomor dari buku register.")
		}
		d.NumberedFile = &f
		d.UpdatedAt = tx.now
		if err := putDocument(tx.Tx, d); err != nil {
			return err
		}
		if err := tx.setFileRefs(documentObject(d.ID), nil, []string{f.SHA256}); err != nil {
			return err
		}
		return tx.appendAudit(a, "register.numbered_file", documentObject(d.ID), fmt.Sprintf("%s: naskah bernomor %s", d.Number, f.SHA256))
	})
}
