package storage_test

import (
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

func TestRegistration_FullFlow(t *testing.T) {
	db := MustOpenDB(t)
	p1 := MustSignUp(t, db, "rina")
	p2 := MustSignUp(t, db, "sari")
	akp := MustCreateUser(t, db, sepakat.RoleAKP, "akp")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	stranger := MustSignUp(t, db, "orang-lain")
	ctx := as(p1)

	if _, err := db.MyRegistration(ctx); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("MyRegistration before saving: %v", err)
	}

	// Save with officer 2 by email; officer data defaults from the accounts.
	r, err := db.SaveRegistration(ctx, registrationInput("Dinas Pendidikan", "SARI@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != sepakat.RegistrationDraft || r.Officer1.UserID != p1.ID || r.Officer1.Login != "rina" ||
		r.Officer1.Email != p1.Email || r.Officer1.Name != p1.Name || r.Officer2.UserID != p2.ID || r.Officer2.Name != p2.Name {
		t.Fatalf("saved registration = %+v", r)
	}

	// Officer 2 sees it, read-only.
	mine, err := db.MyRegistration(as(p2))
	if err != nil || mine.ID != r.ID {
		t.Fatalf("officer 2 MyRegistration = %v, %v", mine, err)
	}
	_, err = db.SaveRegistration(as(p2), registrationInput("Dinas Lain", ""))
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.AttachRegistrationFile(as(p2), sepakat.SlotLetter, MustPutBlob(t, db, "a.pdf", "x"))
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.SubmitRegistration(as(p2))
	wantCode(t, err, sepakat.EFORBIDDEN)

	// Others do not see it.
	_, err = db.FindRegistrationByID(as(stranger), r.ID)
	wantCode(t, err, sepakat.ENOTFOUND)
	if list, _ := db.FindRegistrations(as(stranger), sepakat.RegistrationFilter{}); len(list) != 0 {
		t.Fatalf("a stranger lists %d registrations", len(list))
	}

	// Incomplete: the missing files are listed.
	_, err = db.SubmitRegistration(ctx)
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "foto PPKSD-1", "foto PPKSD-2", "surat tugas (PDF)")

	letter := MustPutBlob(t, db, "surat.pdf", "%PDF surat tugas")
	photo1 := MustPutBlob(t, db, "foto1.jpg", "foto satu")
	photo2 := MustPutBlob(t, db, "foto2.jpg", "foto dua")
	for slot, f := range map[sepakat.RegistrationSlot]sepakat.File{sepakat.SlotLetter: letter, sepakat.SlotPhoto1: photo1, sepakat.SlotPhoto2: photo2} {
		if r, err = db.AttachRegistrationFile(ctx, slot, f); err != nil {
			t.Fatal(err)
		}
	}
	if r.Letter == nil || r.Letter.SHA256 != letter.SHA256 || r.Letter.UploadedBy != p1.ID || r.Officer2.Photo.SHA256 != photo2.SHA256 {
		t.Fatalf("files not attached: %+v", r)
	}
	_, err = db.AttachRegistrationFile(ctx, sepakat.SlotLetter, sepakat.File{SHA256: "0000000000000000000000000000000000000000000000000000000000000000"})
	wantCode(t, err, sepakat.EINVALID)

	// File access: the officers and office staff, nobody else.
	for _, tt := range []struct {
		u    *sepakat.User
		want bool
	}{{p1, true}, {p2, true}, {akp, true}, {stranger, false}} {
		ok, err := db.CanReadFile(as(tt.u), letter.SHA256)
		if err != nil || ok != tt.want {
			t.Fatalf("CanReadFile as %s = %v, %v; want %v", tt.u.Login, ok, err, tt.want)
		}
	}

	// Submit: office staff are notified.
	if r, err = db.SubmitRegistration(ctx); err != nil {
		t.Fatal(err)
	}
	if r.Status != sepakat.RegistrationSubmitted || r.SubmittedAt.IsZero() {
		t.Fatalf("after submit: %+v", r)
	}
	for _, u := range []*sepakat.User{akp, kasubbag} {
		if n, _ := db.UnreadCount(as(u)); n != 1 {
			t.Fatalf("%s has %d unread notifications, want 1", u.Login, n)
		}
	}
	_, err = db.SaveRegistration(ctx, registrationInput("Dinas Pendidikan", "sari"))
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.SubmitRegistration(ctx)
	wantCode(t, err, sepakat.ECONFLICT)

	// Deciding: office staff only; a return needs a reason.
	_, err = db.DecideRegistration(ctx, r.ID, true, "")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.DecideRegistration(as(stranger), r.ID, true, "")
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.DecideRegistration(as(akp), r.ID, false, "ok")
	wantCode(t, err, sepakat.EINVALID)
	if r, err = db.DecideRegistration(as(akp), r.ID, false, "Surat tugas belum ditandatangani."); err != nil {
		t.Fatal(err)
	}
	if r.Status != sepakat.RegistrationReturned || r.Reason != "Surat tugas belum ditandatangani." {
		t.Fatalf("after return: %+v", r)
	}
	notes, unread, err := db.FindNotifications(as(p1), 10)
	if err != nil || unread != 1 || len(notes) != 1 {
		t.Fatalf("officer 1 notifications = %d (unread %d), %v", len(notes), unread, err)
	}
	wantContains(t, notes[0].Message, "Surat tugas belum ditandatangani.")
	if n, _ := db.UnreadCount(as(p2)); n != 1 {
		t.Fatalf("officer 2 has %d unread notifications, want 1", n)
	}
	_, err = db.DecideRegistration(as(akp), r.ID, true, "")
	wantCode(t, err, sepakat.ECONFLICT)

	// Fix and resubmit, then approve.
	fixed := MustPutBlob(t, db, "surat.pdf", "%PDF surat tugas bertanda tangan")
	if _, err = db.AttachRegistrationFile(ctx, sepakat.SlotLetter, fixed); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.CanReadFile(as(p1), letter.SHA256); ok {
		t.Fatalf("the replaced letter is still readable through the registration")
	}
	if _, err = db.SubmitRegistration(ctx); err != nil {
		t.Fatal(err)
	}
	if r, err = db.DecideRegistration(as(kasubbag), r.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if r.Status != sepakat.RegistrationApproved || r.Institution.ID == 0 {
		t.Fatalf("after approval: %+v", r)
	}
	if got := len(r.History); got != 5 {
		t.Fatalf("history has %d events, want 5 (created, submitted, returned, submitted, approved)", got)
	}
	for _, u := range []*sepakat.User{p1, p2} {
		fresh := MustReload(t, db, u)
		if !fresh.Verified || fresh.InstitutionID != r.Institution.ID {
			t.Fatalf("%s after approval: verified=%v institution=%d", u.Login, fresh.Verified, fresh.InstitutionID)
		}
	}
	fresh1 := MustReload(t, db, p1)
	if fresh1.Profile.FullName != p1.Name || fresh1.Profile.Position != "Kepala Seksi" || fresh1.Profile.NIK != "6472010101900001" || fresh1.Profile.Phone != "0812 1111 2222" {
		t.Fatalf("profile not filled from the registration: %+v", fresh1.Profile)
	}

	// The institution: its officers and the office see it; they may update it.
	inst, err := db.FindInstitutionByID(as(fresh1), r.Institution.ID)
	if err != nil || inst.Name != "Dinas Pendidikan" {
		t.Fatalf("FindInstitutionByID = %+v, %v", inst, err)
	}
	_, err = db.FindInstitutionByID(as(stranger), r.Institution.ID)
	wantCode(t, err, sepakat.ENOTFOUND)
	inst.Phone = "0541 123456"
	inst.ID = 999 // ignored
	if inst, err = db.UpdateInstitution(as(fresh1), *inst); err != nil || inst.ID != r.Institution.ID {
		t.Fatalf("UpdateInstitution = %+v, %v", inst, err)
	}
	if got, _ := db.FindInstitutionByID(as(akp), r.Institution.ID); got.Phone != "0541 123456" {
		t.Fatalf("institution phone = %q", got.Phone)
	}
	_, err = db.UpdateInstitution(as(stranger), *inst)
	wantCode(t, err, sepakat.EFORBIDDEN)

	// Office staff list all registrations, by status.
	list, err := db.FindRegistrations(as(akp), sepakat.RegistrationFilter{Status: sepakat.RegistrationApproved})
	if err != nil || len(list) != 1 {
		t.Fatalf("FindRegistrations(approved) = %d, %v", len(list), err)
	}
	list, _ = db.FindRegistrations(as(akp), sepakat.RegistrationFilter{Status: sepakat.RegistrationSubmitted})
	if len(list) != 0 {
		t.Fatalf("FindRegistrations(submitted) = %d, want 0", len(list))
	}
}

func TestRegistration_Officer2Rules(t *testing.T) {
	db := MustOpenDB(t)
	p1 := MustSignUp(t, db, "tono")
	p2 := MustSignUp(t, db, "umar")
	other := MustSignUp(t, db, "vina")
	staff := MustCreateUser(t, db, sepakat.RoleAKP, "akp")
	v1, _ := MustRegister(t, db, "sudah")

	tests := []struct {
		name  string
		login string
		want  string
	}{
		{"unknown", "tidak-ada", "tidak ditemukan"},
		{"self", "tono", "bukan Anda sendiri"},
		{"not a PPKSD", staff.Login, "bukan akun PPKSD"},
		{"already verified", v1.Login, "sudah terverifikasi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.SaveRegistration(as(p1), registrationInput("Dinas", tt.login))
			wantCode(t, err, sepakat.EINVALID)
			wantMessageContains(t, err, tt.want)
		})
	}

	// A user can be on one registration only.
	if _, err := db.SaveRegistration(as(p1), registrationInput("Dinas A", p2.Login)); err != nil {
		t.Fatal(err)
	}
	_, err := db.SaveRegistration(as(other), registrationInput("Dinas B", p2.Login))
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "registrasi lain")

	// Changing officer 2 frees the previous one.
	if _, err := db.SaveRegistration(as(p1), registrationInput("Dinas A", other.Login)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MyRegistration(as(p2)); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("the former officer 2 still has the registration: %v", err)
	}
	if _, err := db.SaveRegistration(as(p2), registrationInput("Dinas C", "")); err != nil {
		t.Fatalf("the former officer 2 cannot register: %v", err)
	}

	// A verified PPKSD needs no registration; staff cannot register.
	_, err = db.SaveRegistration(as(v1), registrationInput("Dinas D", ""))
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.SaveRegistration(as(staff), registrationInput("Dinas E", ""))
	wantCode(t, err, sepakat.EFORBIDDEN)
}

func wantContains(tb testing.TB, s, part string) {
	tb.Helper()
	if !strings.Contains(s, part) {
		tb.Fatalf("%q does not contain %q", s, part)
	}
}
