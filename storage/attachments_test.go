package storage_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

// pdfFile stores content as a blob and describes it as a checked PDF (the
// web layer checks it with CheckPDF before it is stored).
func pdfFile(tb testing.TB, db *testDB, name, content string) sepakat.File {
	tb.Helper()
	f := MustPutBlob(tb, db, name, content)
	f.ContentType = "application/pdf"
	return f
}

// mustFinal takes document d through approval by Kasubbag to its final
// version 1.
func (f *docFixture) mustFinal(tb testing.TB, d *sepakat.Document) *sepakat.Document {
	tb.Helper()
	f.MustVersion(tb, f.arnp, d, nil)
	if _, err := f.db.OpenApproval(as(f.kasubbag), d.ID); err != nil {
		tb.Fatal(err)
	}
	d, err := f.db.Approve(as(f.kasubbag), d.ID, 1)
	if err != nil || d.Final != 1 {
		tb.Fatalf("document not final: %+v, %v", d, err)
	}
	return d
}

func TestAttachments(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	MustRegisterSettings(t, db, f.kasubbag)
	d := f.MustDocument(t, sepakat.DocumentKB, "KB Pengembangan SMK", 0)
	f.MustGrant(t, d, f.p1, sepakat.RightComment)
	other := f.MustDocument(t, sepakat.DocumentPKS, "PKS lain", 0)
	d = f.mustFinal(t, d)

	jadwal := pdfFile(t, db, "lampiran-1.pdf", "%PDF-1.7 jadwal")
	kontak := pdfFile(t, db, "Daftar Kontak.PDF", "%PDF-1.7 kontak")

	// Only the ARNP and Kasubbag add; a viewer without the right gets 403,
	// a stranger sees no document.
	for _, u := range []*sepakat.User{f.akp, f.p1} {
		_, err := db.AddAttachment(as(u), d.ID, "", jadwal)
		wantCode(t, err, sepakat.EFORBIDDEN)
	}
	_, err := db.AddAttachment(as(f.q1), d.ID, "", jadwal)
	wantCode(t, err, sepakat.EFORBIDDEN)
	notPDF := jadwal
	notPDF.ContentType = "application/zip"
	_, err = db.AddAttachment(as(f.arnp), d.ID, "", notPDF)
	wantCode(t, err, sepakat.EUNSUPPORTED)

	a1, err := db.AddAttachment(as(f.arnp), d.ID, "  Lampiran I   Jadwal Kegiatan ", jadwal)
	if err != nil {
		t.Fatal(err)
	}
	a2, err := db.AddAttachment(as(f.kasubbag), d.ID, "", kontak)
	if err != nil {
		t.Fatal(err)
	}
	if a1.Name != "Lampiran I Jadwal Kegiatan" || a1.UploaderID != f.arnp.ID || a1.Uploader != f.arnp.Name || a1.File.SHA256 != jadwal.SHA256 || a1.CreatedAt.IsZero() {
		t.Fatalf("attachment 1 %+v", a1)
	}
	if a2.Name != "Daftar Kontak" || a2.ID <= a1.ID {
		t.Fatalf("attachment 2 %+v", a2)
	}

	// Viewers list them in upload order and download them; others do not.
	list, err := db.FindAttachments(as(f.p1), d.ID)
	if err != nil || len(list) != 2 || list[0].ID != a1.ID || list[1].ID != a2.ID {
		t.Fatalf("list %v, %v", list, err)
	}
	_, err = db.FindAttachments(as(f.q1), d.ID)
	wantCode(t, err, sepakat.EFORBIDDEN)
	if got, err := db.FindAttachment(as(f.p1), d.ID, a2.ID); err != nil || got.Name != "Daftar Kontak" {
		t.Fatalf("find %+v, %v", got, err)
	}
	_, err = db.FindAttachment(as(f.p1), d.ID, 999)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.FindAttachment(as(f.arnp), other.ID, a1.ID)
	wantCode(t, err, sepakat.ENOTFOUND)
	if ok, err := db.CanReadFile(as(f.p1), kontak.SHA256); err != nil || !ok {
		t.Fatalf("viewer cannot read the lampiran file: %v %v", ok, err)
	}
	if ok, _ := db.CanReadFile(as(f.q1), kontak.SHA256); ok {
		t.Fatal("a stranger can read the lampiran file")
	}

	// Delete: managers only; the file is no longer readable through the
	// document.
	wantCode(t, db.DeleteAttachment(as(f.p1), d.ID, a2.ID), sepakat.EFORBIDDEN)
	if err := db.DeleteAttachment(as(f.arnp), d.ID, a2.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeleteAttachment(as(f.arnp), d.ID, a2.ID), sepakat.ENOTFOUND)
	if ok, _ := db.CanReadFile(as(f.p1), kontak.SHA256); ok {
		t.Fatal("a deleted lampiran's file is still readable through the document")
	}
	if list, _ := db.FindAttachments(as(f.arnp), d.ID); len(list) != 1 || list[0].ID != a1.ID {
		t.Fatalf("after delete %v", list)
	}

	// Both changes are in the audit log.
	audit, err := db.FindAuditEntries(as(f.kasubbag), sepakat.AuditFilter{Object: fmt.Sprintf("document/%d", d.ID), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var added, deleted int
	for _, e := range audit {
		switch e.Action {
		case "document.attachment.add":
			added++
		case "document.attachment.delete":
			deleted++
			if e.ActorID != f.arnp.ID {
				t.Errorf("delete recorded as %d", e.ActorID)
			}
		}
	}
	if added != 2 || deleted != 1 {
		t.Fatalf("audit: %d additions, %d deletions", added, deleted)
	}

	// Numbered: the lampiran are fixed, until the number is cancelled.
	e, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", march14)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.AddAttachment(as(f.arnp), d.ID, "", kontak)
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "sudah bernomor "+e.Number, "batalkan")
	wantCode(t, db.DeleteAttachment(as(f.arnp), d.ID, a1.ID), sepakat.ECONFLICT)
	if _, err := db.CancelNumber(as(f.kasubbag), e.ID, "Lampiran kurang"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddAttachment(as(f.arnp), d.ID, "", kontak); err != nil {
		t.Fatalf("after cancelling the number: %v", err)
	}
}

func TestRegister_VerifyCode(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	MustRegisterSettings(t, db, f.kasubbag)
	d := f.MustDocument(t, sepakat.DocumentKB, "KB Pengembangan SMK", 0)
	d2 := f.MustDocument(t, sepakat.DocumentPKS, "PKS kedua", d.ID)
	d = f.mustFinal(t, d)
	d2 = f.mustFinal(t, d2)
	if d.VerifyCode != "" {
		t.Fatalf("code before numbering: %q", d.VerifyCode)
	}
	code := regexp.MustCompile(`^[A-Z2-7]{16}$`)

	e1, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", march14)
	if err != nil {
		t.Fatal(err)
	}
	first := f.MustFindDocument(t, d).VerifyCode
	if !code.MatchString(first) {
		t.Fatalf("verification code %q", first)
	}
	if _, err := db.CancelNumber(as(f.kasubbag), e1.ID, "Salah tanggal"); err != nil {
		t.Fatal(err)
	}
	if got := f.MustFindDocument(t, d).VerifyCode; got != "" {
		t.Fatalf("code kept after cancelling: %q", got)
	}
	if _, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", march14); err != nil {
		t.Fatal(err)
	}
	second := f.MustFindDocument(t, d).VerifyCode
	if !code.MatchString(second) || second == first {
		t.Fatalf("new number's code %q (first %q)", second, first)
	}
	// Another document numbered gets its own code.
	if _, err := db.AssignNumber(as(f.kasubbag), d2.ID, "UN17/KS/2027", march14); err != nil {
		t.Fatal(err)
	}
	if c2 := f.MustFindDocument(t, d2).VerifyCode; !code.MatchString(c2) || c2 == second {
		t.Fatalf("second document's code %q", c2)
	}
}

func TestOpen_MigratesVersion4ToAttachments(t *testing.T) {
	f := MustDocFixture(t)
	d := f.MustDocument(t, sepakat.DocumentKB, "KB lama", 0)
	dir := f.db.Dir
	if err := f.db.Close(); err != nil {
		t.Fatal(err)
	}

	// Make it a database of schema version 4.
	MustDowngrade(t, dir, 4, "document_attachments")

	// Read-only, the old database has no lampiran and does not break.
	ro, err := storage.Open(dir, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := ro.FindAttachments(as(f.arnp), d.ID); err != nil || len(list) != 0 {
		t.Fatalf("read-only lampiran: %v %v", list, err)
	}
	_, err = ro.FindAttachment(as(f.arnp), d.ID, 1)
	wantCode(t, err, sepakat.ENOTFOUND)
	ro.Close()

	db := MustOpenDBAt(t, dir)
	if a, err := db.AddAttachment(as(f.arnp), d.ID, "", pdfFile(t, db, "l.pdf", "%PDF-1.4 x")); err != nil || a.ID != 1 {
		t.Fatalf("lampiran after migration: %+v, %v", a, err)
	}
}

func TestAttachments_Move(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	MustRegisterSettings(t, db, f.kasubbag)
	d := f.MustDocument(t, sepakat.DocumentKB, "KB Pengembangan SMK", 0)
	f.MustGrant(t, d, f.p1, sepakat.RightComment)
	var ids []int64
	for i, name := range []string{"I", "II", "III"} {
		a, err := db.AddAttachment(as(f.arnp), d.ID, "Lampiran "+name, pdfFile(t, db, name+".pdf", fmt.Sprintf("%%PDF-1.7 %d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if a.Position != i+1 {
			t.Fatalf("lampiran %s at position %d", name, a.Position)
		}
		ids = append(ids, a.ID)
	}
	order := func() string {
		t.Helper()
		list, err := db.FindAttachments(as(f.p1), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range list {
			names = append(names, a.Name)
		}
		return fmt.Sprint(names)
	}
	moves := func() int {
		t.Helper()
		audit, err := db.FindAuditEntries(as(f.kasubbag), sepakat.AuditFilter{Object: fmt.Sprintf("document/%d", d.ID), Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range audit {
			if e.Action == "document.attachment.move" {
				n++
			}
		}
		return n
	}

	_, err := db.MoveAttachment(as(f.p1), d.ID, ids[2], true)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.MoveAttachment(as(f.arnp), d.ID, 999, true)
	wantCode(t, err, sepakat.ENOTFOUND)

	list, err := db.MoveAttachment(as(f.arnp), d.ID, ids[2], true)
	if err != nil || len(list) != 3 || list[1].ID != ids[2] {
		t.Fatalf("move up: %v, %v", list, err)
	}
	if got := order(); got != "[Lampiran I Lampiran III Lampiran II]" {
		t.Fatalf("after moving III up: %s", got)
	}
	if _, err := db.MoveAttachment(as(f.kasubbag), d.ID, ids[0], false); err != nil {
		t.Fatal(err)
	}
	if got := order(); got != "[Lampiran III Lampiran I Lampiran II]" {
		t.Fatalf("after moving I down: %s", got)
	}
	// At the edge nothing changes and nothing is recorded.
	before := moves()
	if _, err := db.MoveAttachment(as(f.arnp), d.ID, ids[2], true); err != nil {
		t.Fatal(err)
	}
	if got := order(); got != "[Lampiran III Lampiran I Lampiran II]" || moves() != before || before != 2 {
		t.Fatalf("move at the edge: %s, %d moves recorded (before %d)", got, moves(), before)
	}
	// A new lampiran goes last.
	if _, err := db.AddAttachment(as(f.arnp), d.ID, "Lampiran IV", pdfFile(t, db, "IV.pdf", "%PDF-1.7 4")); err != nil {
		t.Fatal(err)
	}
	if got := order(); got != "[Lampiran III Lampiran I Lampiran II Lampiran IV]" {
		t.Fatalf("after adding IV: %s", got)
	}

	// Numbered: the order is fixed too.
	f.mustFinal(t, d)
	if _, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", march14); err != nil {
		t.Fatal(err)
	}
	_, err = db.MoveAttachment(as(f.arnp), d.ID, ids[0], true)
	wantCode(t, err, sepakat.ECONFLICT)
}
