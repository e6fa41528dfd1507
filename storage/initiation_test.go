package storage_test

import (
	"testing"

	"github.com/sepakat/sepakat"
)

func TestInitiation(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	coop := MustMoveTo(t, db, f.kasubbag, MustSubmittedCooperation(t, db, f.p1, f.p2, "Penawaran Pengelolaan Sampah"), sepakat.StagePerencanaan)
	letter := pdfFile(t, db, "surat-penawaran.pdf", "%PDF-1.7 surat penawaran")

	// Before the stage: 409; then only its PPKSD and Kasubbag upload.
	_, err := db.AddInitiationFile(as(f.p1), coop.ID, sepakat.ItemOfferLetter, letter, "")
	wantCode(t, err, sepakat.ECONFLICT)
	coop = MustMoveTo(t, db, f.kasubbag, coop, sepakat.StageInisiasi)
	for _, u := range []*sepakat.User{f.akp, f.arnp, f.q1, f.tkksd} {
		_, err := db.AddInitiationFile(as(u), coop.ID, sepakat.ItemOfferLetter, letter, "")
		if c := sepakat.ErrorCode(err); c != sepakat.EFORBIDDEN && c != sepakat.ENOTFOUND {
			t.Fatalf("%s: %v", u.Login, err)
		}
	}
	if _, _, err := db.FindInitiation(as(f.q1), coop.ID); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("stranger sees the initiation: %v", err)
	}
	docx := letter
	docx.ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	_, err = db.AddInitiationFile(as(f.p1), coop.ID, sepakat.ItemOfferLetter, docx, "")
	wantCode(t, err, sepakat.EUNSUPPORTED)
	_, err = db.AddInitiationFile(as(f.p1), coop.ID, sepakat.ItemDraft, letter, "")
	wantCode(t, err, sepakat.EUNSUPPORTED)
	_, err = db.AddInitiationFile(as(f.p1), coop.ID, "surat_tugas", letter, "")
	wantCode(t, err, sepakat.ENOTFOUND)

	// A replaced offer letter: one file, the old blob no longer readable.
	if _, err := db.AddInitiationFile(as(f.p1), coop.ID, sepakat.ItemOfferLetter, letter, ""); err != nil {
		t.Fatal(err)
	}
	letter2 := pdfFile(t, db, "surat-penawaran-2.pdf", "%PDF-1.7 surat penawaran perbaikan")
	if _, err := db.AddInitiationFile(as(f.p2), coop.ID, sepakat.ItemOfferLetter, letter2, ""); err != nil {
		t.Fatal(err)
	}
	in, _, err := db.FindInitiation(as(f.akp), coop.ID)
	if err != nil {
		t.Fatal(err)
	}
	if files := in.Files(sepakat.ItemOfferLetter); len(files) != 1 || files[0].File.SHA256 != letter2.SHA256 || files[0].N != 2 {
		t.Fatalf("offer letter after replacement: %+v", files)
	}
	if ok, _ := db.CanReadFile(as(f.p1), letter.SHA256); ok {
		t.Error("the replaced letter is still referenced")
	}
	if ok, _ := db.CanReadFile(as(f.p1), letter2.SHA256); !ok {
		t.Error("the PPKSD cannot read the letter")
	}

	// Started: the generic move is refused; an incomplete completion names
	// what is missing.
	_, err = db.TransitionCooperation(as(f.kasubbag), coop.ID, sepakat.StagePersiapan, "")
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.CompleteInitiation(as(f.kasubbag), coop.ID, "")
	wantCode(t, err, sepakat.EINVALID)

	// Notes: office only; fixes: Kasubbag only, with a note.
	_, err = db.AddInitiationNote(as(f.p1), coop.ID, "", "catatan")
	wantCode(t, err, sepakat.EFORBIDDEN)
	if _, err := db.AddInitiationNote(as(f.arnp), coop.ID, sepakat.ItemOfferLetter, "Nomor surat belum ada."); err != nil {
		t.Fatal(err)
	}
	_, err = db.RequestInitiationFixes(as(f.akp), coop.ID, "Perbaiki.")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.RequestInitiationFixes(as(f.kasubbag), coop.ID, " ")
	wantCode(t, err, sepakat.EINVALID)
	if in, err = db.RequestInitiationFixes(as(f.kasubbag), coop.ID, "Lengkapi SK dan KAK."); err != nil || in.Status != sepakat.InitiationFixes {
		t.Fatalf("fixes: %+v %v", in, err)
	}
	if _, err := db.AddInitiationMessage(as(f.p1), coop.ID, "Segera kami lengkapi."); err != nil {
		t.Fatal(err)
	}
	_, err = db.AddInitiationMessage(as(f.tkksd), coop.ID, "Pesan")
	if c := sepakat.ErrorCode(err); c != sepakat.EFORBIDDEN && c != sepakat.ENOTFOUND {
		t.Fatalf("TKKSD posts: %v", err)
	}

	// Everything required, the draft as a PKS; completion creates the
	// document with version 1 and moves the cooperation.
	draft := MustPutBlob(t, db, "rancangan.docx", "PK rancangan pks")
	draft.ContentType = docx.ContentType
	if _, err := db.AddInitiationFile(as(f.p1), coop.ID, sepakat.ItemDraft, draft, "PKS"); err != nil {
		t.Fatal(err)
	}
	for i, item := range sepakat.RequiredInitiationItems(coop) {
		if item == sepakat.ItemOfferLetter || item == sepakat.ItemDraft {
			continue
		}
		if _, err := db.AddInitiationFile(as(f.p1), coop.ID, item, pdfFile(t, db, string(item)+".pdf", "%PDF-1.7 "+string(rune('a'+i))), ""); err != nil {
			t.Fatal(err)
		}
	}
	_, err = db.CompleteInitiation(as(f.akp), coop.ID, "")
	wantCode(t, err, sepakat.EFORBIDDEN)
	in, err = db.CompleteInitiation(as(f.kasubbag), coop.ID, "Lengkap.")
	if err != nil {
		t.Fatal(err)
	}
	if !in.Complete() || in.DocumentID == 0 || in.CompletedBy != f.kasubbag.ID {
		t.Fatalf("completed %+v", in)
	}
	c, err := db.FindCooperationByID(as(f.p1), coop.ID)
	if err != nil || c.Stage != sepakat.StagePersiapan {
		t.Fatalf("stage %v %v", c, err)
	}
	d, _, err := db.FindDocumentByID(as(f.kasubbag), in.DocumentID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != sepakat.DocumentPKS || len(d.Versions) != 1 || d.Versions[0].SHA256 != draft.SHA256 || d.Versions[0].AuthorID != f.p1.ID {
		t.Fatalf("document %+v", d)
	}
	// The new version takes the usual path afterwards: the ARNP adds version 2.
	v2 := MustPutBlob(t, db, "rancangan-2.docx", "PK rancangan pks 2")
	if _, err := db.AddVersion(as(f.arnp), d.ID, v2, "", nil); err != nil {
		t.Fatalf("version 2 after the draft: %v", err)
	}
	_, err = db.AddInitiationNote(as(f.akp), coop.ID, "", "Terlambat.")
	wantCode(t, err, sepakat.ECONFLICT)
}
