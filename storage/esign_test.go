package storage_test

import (
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func TestSetSignedFileAndPublicDocument(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	MustRegisterSettings(t, db, f.kasubbag)
	d := f.MustFinalDocument(t, "KB bertanda tangan elektronik")
	file := sepakat.File{SHA256: strings.Repeat("cd", 32), Size: 10, Name: "KB-ttd.pdf", ContentType: "application/pdf"}
	// Not numbered yet: refused, and nothing registered.
	_, err := db.SetSignedFile(as(f.kasubbag), d.ID, file)
	wantCode(t, err, sepakat.ECONFLICT)
	if _, err := db.FindRegisteredPDF(as(f.kasubbag), file.SHA256); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("registered before signing: %v", err)
	}
	if _, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetSignedFile(as(f.arnp), d.ID, file)
	wantCode(t, err, sepakat.EFORBIDDEN)
	got, err := db.SetSignedFile(as(f.kasubbag), d.ID, file)
	if err != nil || got.SignedFile == nil || got.SignedFile.SHA256 != file.SHA256 {
		t.Fatalf("SetSignedFile = %+v, %v", got, err)
	}
	r, err := db.FindRegisteredPDF(as(f.kasubbag), file.SHA256)
	if err != nil || r.Kind != sepakat.RegisteredESigned || r.DocumentID != d.ID || r.Number != got.Number || r.Title != got.Title {
		t.Fatalf("registry record: %+v, %v", r, err)
	}
	if ok, _ := db.CanReadFile(as(f.arnp), file.SHA256); !ok {
		t.Error("the ARNP cannot download the signed PDF")
	}
	if ok, _ := db.CanReadFile(as(f.q1), file.SHA256); ok {
		t.Error("a PPKSD of another cooperation can download the signed PDF")
	}

	// The public view by verification code: no private data.
	pub, err := db.FindPublicDocument(as(f.q1), got.VerifyCode)
	if err != nil || pub.Number != got.Number || pub.Title != got.Title || pub.SignedSHA256 != file.SHA256 ||
		pub.DocxSHA256 != got.Versions[got.Final-1].SHA256 || len(pub.Parties) == 0 {
		t.Fatalf("public document: %+v, %v", pub, err)
	}
	for _, code := range []string{"", "KODETIDAKDIKENAL", strings.ToLower(got.VerifyCode)} {
		if _, err := db.FindPublicDocument(as(f.q1), code); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
			t.Errorf("code %q: %v, want not found", code, err)
		}
	}

	// A cancelled number takes the signed PDF off the document and closes
	// the page; the registry keeps its record of what was signed.
	if _, err := db.CancelNumber(as(f.kasubbag), got.RegisterID, "salah tanggal"); err != nil {
		t.Fatal(err)
	}
	after, _, err := db.FindDocumentByID(as(f.kasubbag), d.ID)
	if err != nil || after.SignedFile != nil {
		t.Fatalf("after cancelling: %+v, %v", after.SignedFile, err)
	}
	if _, err := db.FindPublicDocument(as(f.q1), got.VerifyCode); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Errorf("the cancelled number's page: %v", err)
	}
}
