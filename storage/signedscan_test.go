package storage_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// photoFile stores content as a blob and describes it as a checked photo.
func photoFile(tb testing.TB, db *testDB, name, content string) sepakat.File {
	tb.Helper()
	f := MustPutBlob(tb, db, name, content)
	f.ContentType = "image/jpeg"
	return f
}

// signedDetails is a complete form of officers and classification.
func signedDetails() sepakat.SignedDetails {
	return sepakat.SignedDetails{
		Officers: sepakat.SigningOfficers{
			City:    sepakat.SigningOfficer{Name: "Rina Wulandari", Position: "Kepala Seksi Kerja Sama", Phone: "0812 1111 2222"},
			Partner: sepakat.SigningOfficer{Name: "Dr. Andi Saputra", Position: "Kepala Biro Kerja Sama", Email: "Andi@Unmul.ac.id"},
		},
		Classification: sepakat.Classification{Kind: sepakat.KindKSDPK, Affair: sepakat.AffairPendidikan},
	}
}

func TestSignedScan(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	MustRegisterSettings(t, db, f.kasubbag)
	d := f.MustFinalDocument(t, "KB Pengembangan SMK")
	entry, err := db.AssignNumber(as(f.kasubbag), d.ID, "UN17/KS/2026", march14)
	if err != nil {
		t.Fatal(err)
	}
	d.Number = entry.Number
	coop, err := db.FindCooperationByID(as(f.kasubbag), f.coop.ID)
	if err != nil {
		t.Fatal(err)
	}
	scan := pdfFile(t, db, "naskah-ttd.pdf", "%PDF-1.7 naskah bertanda tangan")
	photo := photoFile(t, db, "foto-1.jpg", "foto penandatanganan 1")

	// Before the signing stage: 409 for the PPKSD, 403 for others.
	_, err = db.SetSignedScan(as(f.p1), coop.ID, scan)
	wantCode(t, err, sepakat.ECONFLICT)
	coop = MustMoveTo(t, db, f.kasubbag, coop, sepakat.StagePenandatanganan)

	// The empty record: the city officer pre-filled from PPKSD-1, the kind
	// from the application.
	s, err := db.FindSignedScan(as(f.p2), coop.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Scan != nil || len(s.Photos) != 0 || s.Officers.City.Name == "" || s.Officers.City.Email != f.p1.Email || s.Classification.Kind != sepakat.KindKSDPK {
		t.Fatalf("empty record %+v", s)
	}
	if _, err := db.FindSignedScan(as(f.q1), coop.ID); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("stranger sees the record: %v", err)
	}

	// Only its PPKSD and Kasubbag record; the others are refused.
	for _, u := range []*sepakat.User{f.akp, f.arnp, f.q1, f.tkksd} {
		_, err := db.SetSignedScan(as(u), coop.ID, scan)
		if c := sepakat.ErrorCode(err); c != sepakat.EFORBIDDEN && c != sepakat.ENOTFOUND {
			t.Fatalf("%s: %v", u.Login, err)
		}
	}
	notPDF := scan
	notPDF.ContentType = "image/png"
	_, err = db.SetSignedScan(as(f.p1), coop.ID, notPDF)
	wantCode(t, err, sepakat.EUNSUPPORTED)
	notPhoto := photo
	notPhoto.ContentType = "application/pdf"
	_, err = db.AddSigningPhoto(as(f.p1), coop.ID, notPhoto)
	wantCode(t, err, sepakat.EUNSUPPORTED)

	// Submitting an empty record names everything missing.
	_, err = db.SubmitSignedScan(as(f.p1), coop.ID)
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "pindaian naskah", "foto penandatanganan", "PPKSD pihak mitra", "urusan pemerintahan")

	// Upload, replace, photos, delete.
	first := pdfFile(t, db, "salah.pdf", "%PDF-1.7 naskah yang salah")
	if _, err := db.SetSignedScan(as(f.p1), coop.ID, first); err != nil {
		t.Fatal(err)
	}
	if s, err = db.SetSignedScan(as(f.p2), coop.ID, scan); err != nil || s.Scan.SHA256 != scan.SHA256 || s.Scan.UploadedBy != f.p2.ID {
		t.Fatalf("replace scan: %+v %v", s, err)
	}
	if ok, _ := db.CanReadFile(as(f.p1), first.SHA256); ok {
		t.Error("the replaced scan is still readable through the cooperation")
	}
	if ok, _ := db.CanReadFile(as(f.p1), scan.SHA256); !ok {
		t.Error("the scan is not readable for the PPKSD")
	}
	p1, err := db.AddSigningPhoto(as(f.p1), coop.ID, photo)
	if err != nil || p1.N != 1 {
		t.Fatalf("photo 1: %+v %v", p1, err)
	}
	p2, err := db.AddSigningPhoto(as(f.kasubbag), coop.ID, photoFile(t, db, "foto-2.png", "foto 2"))
	if err != nil || p2.N != 2 || p2.Uploader != f.kasubbag.Name {
		t.Fatalf("photo 2: %+v %v", p2, err)
	}
	if s, err = db.DeleteSigningPhoto(as(f.p1), coop.ID, 1); err != nil || len(s.Photos) != 1 || s.Photos[0].N != 2 {
		t.Fatalf("delete photo 1: %+v %v", s, err)
	}
	_, err = db.DeleteSigningPhoto(as(f.p1), coop.ID, 1)
	wantCode(t, err, sepakat.ENOTFOUND)
	if p3, err := db.AddSigningPhoto(as(f.p1), coop.ID, photo); err != nil || p3.N != 3 {
		t.Fatalf("photo 3 (numbers are not given again): %+v %v", p3, err)
	}

	// The details: validated, saved normalised.
	bad := signedDetails()
	bad.Officers.Partner.Email = "bukan email"
	_, err = db.SaveSignedDetails(as(f.p1), coop.ID, bad)
	wantCode(t, err, sepakat.EINVALID)
	bad = signedDetails()
	bad.Classification.Affair = "astrologi"
	_, err = db.SaveSignedDetails(as(f.p1), coop.ID, bad)
	wantCode(t, err, sepakat.EINVALID)
	partial := signedDetails()
	partial.Officers.Partner = sepakat.SigningOfficer{Name: "Dr. Andi Saputra"}
	if _, err := db.SaveSignedDetails(as(f.p1), coop.ID, partial); err != nil {
		t.Fatal(err)
	}
	_, err = db.SubmitSignedScan(as(f.p1), coop.ID)
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "jabatan PPKSD pihak mitra", "telepon atau email PPKSD pihak mitra")
	if msg := sepakat.ErrorMessage(err); strings.Contains(msg, "pindaian") || strings.Contains(msg, "foto") {
		t.Errorf("submit names what is there: %s", msg)
	}
	if s, err = db.SaveSignedDetails(as(f.p1), coop.ID, signedDetails()); err != nil || s.Officers.Partner.Email != "andi@unmul.ac.id" {
		t.Fatalf("save details: %+v %v", s, err)
	}

	// Submit: registered, moved to Pemantauan, the office notified.
	s, err = db.SubmitSignedScan(as(f.p1), coop.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Submitted() || s.SubmittedBy != f.p1.ID || s.Number != d.Number {
		t.Fatalf("submitted record %+v", s)
	}
	coop, err = db.FindCooperationByID(as(f.p1), coop.ID)
	if err != nil || coop.Stage != sepakat.StagePemantauan {
		t.Fatalf("stage after submit: %v %v", coop.Stage, err)
	}
	last := coop.History[len(coop.History)-1]
	if last.From != sepakat.StagePenandatanganan || last.To != sepakat.StagePemantauan || last.ByID != f.p1.ID {
		t.Fatalf("history %+v", last)
	}
	r, err := db.FindRegisteredPDF(as(f.p1), scan.SHA256)
	if err != nil || r.Kind != sepakat.RegisteredSignedScan || r.CooperationID != coop.ID || r.DocumentID != d.ID || r.Number != d.Number || r.Title != coop.Title {
		t.Fatalf("registered %+v %v", r, err)
	}
	notes, _, err := db.FindNotifications(as(f.kasubbag), 5)
	if err != nil || len(notes) == 0 || !strings.Contains(notes[0].Message, "Pemantauan") {
		t.Fatalf("kasubbag not notified: %v %v", notes, err)
	}
	entries, err := db.FindAuditEntries(as(f.kasubbag), sepakat.AuditFilter{Object: fmt.Sprintf("cooperation/%d", coop.ID), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Action]++
	}
	for action, n := range map[string]int{
		"cooperation.signed.scan": 2, "cooperation.signed.photo.add": 3, "cooperation.signed.photo.delete": 1,
		"cooperation.signed.details": 2, "cooperation.signed.submit": 1,
	} {
		if actions[action] != n {
			t.Errorf("audit %s: %d entries, want %d (%v)", action, actions[action], n, actions)
		}
	}

	// After submission nothing changes any more; the record stays visible.
	_, err = db.AddSigningPhoto(as(f.p1), coop.ID, photo)
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.SubmitSignedScan(as(f.p1), coop.ID)
	wantCode(t, err, sepakat.ECONFLICT)
	if s, err := db.FindSignedScan(as(f.akp), coop.ID); err != nil || !s.Submitted() || s.Scan == nil || len(s.Photos) != 2 {
		t.Fatalf("record after submission: %+v %v", s, err)
	}
}

// TestSignedScan_Kasubbag: Kasubbag completes the signing for the office;
// the PPKSD and the other office staff are notified, and a cooperation
// without a numbered document registers the scan without a number.
func TestSignedScan_Kasubbag(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	coop := MustMoveTo(t, db, f.kasubbag, f.coop, sepakat.StagePenandatanganan)
	scan := pdfFile(t, db, "naskah.pdf", "%PDF-1.7 naskah kasubbag")
	if _, err := db.SetSignedScan(as(f.kasubbag), coop.ID, scan); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddSigningPhoto(as(f.kasubbag), coop.ID, photoFile(t, db, "f.jpg", "foto kasubbag")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSignedDetails(as(f.kasubbag), coop.ID, signedDetails()); err != nil {
		t.Fatal(err)
	}
	// The scan can be removed, and is then missing.
	if _, err := db.RemoveSignedScan(as(f.kasubbag), coop.ID); err != nil {
		t.Fatal(err)
	}
	_, err := db.SubmitSignedScan(as(f.kasubbag), coop.ID)
	wantMessageContains(t, err, "pindaian naskah")
	if _, err := db.SetSignedScan(as(f.kasubbag), coop.ID, scan); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SubmitSignedScan(as(f.kasubbag), coop.ID); err != nil {
		t.Fatal(err)
	}
	r, err := db.FindRegisteredPDF(as(f.p1), scan.SHA256)
	if err != nil || r.Number != "" || r.DocumentID != 0 || r.RegisteredBy != f.kasubbag.ID {
		t.Fatalf("registered %+v %v", r, err)
	}
	for _, u := range []*sepakat.User{f.p1, f.akp} {
		notes, _, err := db.FindNotifications(as(u), 5)
		if err != nil || len(notes) == 0 || !strings.Contains(notes[0].Message, "Pemantauan") && !strings.Contains(notes[0].Message, "Penandatanganan kerja sama") {
			t.Errorf("%s not notified: %v %v", u.Login, notes, err)
		}
	}
}
