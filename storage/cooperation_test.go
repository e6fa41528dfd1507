package storage_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func TestCooperation_CreateUpdateSubmit(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "kota")
	b1, _ := MustRegister(t, db, "lain")
	akp := verifierOf(t, db)
	pending := MustSignUp(t, db, "belum")

	// Only a verified PPKSD may create.
	for _, u := range []*sepakat.User{akp, pending} {
		_, err := db.CreateCooperation(as(u), sepakat.ApplicationInput{Title: "X"})
		wantCode(t, err, sepakat.EFORBIDDEN)
	}
	// PPKSD-2 must be another verified PPKSD of the same institution.
	for _, id := range []int64{p1.ID, b1.ID, akp.ID, 9999} {
		_, err := db.CreateCooperation(as(p1), sepakat.ApplicationInput{Title: "X", PPKSD2ID: id})
		wantCode(t, err, sepakat.EINVALID)
	}

	c, err := db.CreateCooperation(as(p1), sepakat.ApplicationInput{Title: "  Pelatihan guru  "})
	if err != nil {
		t.Fatal(err)
	}
	if c.Stage != sepakat.StageRegistrasi || c.PPKSD1ID != p1.ID || c.CreatedBy != p1.ID || c.InstitutionID != p1.InstitutionID || c.Title != "Pelatihan guru" || c.Code != "" {
		t.Fatalf("created %+v", c)
	}
	if c.Applicant.Name != "Dinas kota" || c.Applicant.ID != p1.InstitutionID {
		t.Fatalf("applicant not pre-filled from the institution: %+v", c.Applicant)
	}

	// Integrity pact first, then completeness.
	_, err = db.SubmitCooperation(as(p1), c.ID, false)
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "Pakta integritas harus disetujui")
	_, err = db.SubmitCooperation(as(p1), c.ID, true)
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "urusan", "mitra kerja sama", "PPKSD-2", "latar belakang", "pembiayaan")

	// Officer 2 may edit too; others may not.
	in := completeApplication("Pelatihan guru", p2.ID)
	if c, err = db.UpdateCooperation(as(p1), c.ID, in); err != nil {
		t.Fatal(err)
	}
	in.Affair = "Pendidikan dasar"
	if c, err = db.UpdateCooperation(as(p2), c.ID, in); err != nil {
		t.Fatalf("officer 2 cannot edit: %v", err)
	}
	_, err = db.UpdateCooperation(as(b1), c.ID, in)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.UpdateCooperation(as(akp), c.ID, in)
	wantCode(t, err, sepakat.EFORBIDDEN)

	before := db.Clock.Now()
	officeUnread, _ := db.UnreadCount(as(akp))
	if c, err = db.SubmitCooperation(as(p1), c.ID, true); err != nil {
		t.Fatal(err)
	}
	if c.Stage != sepakat.StagePermohonan || c.Code != "KSD-2026-0001" || c.IntegrityPact.Before(before) || c.SubmittedAt.Before(before) {
		t.Fatalf("submitted %+v", c)
	}
	if len(c.History) != 1 || c.History[0].From != sepakat.StageRegistrasi || c.History[0].To != sepakat.StagePermohonan || c.History[0].ByID != p1.ID {
		t.Fatalf("history = %+v", c.History)
	}
	if n, _ := db.UnreadCount(as(akp)); n != officeUnread+1 {
		t.Fatalf("office unread = %d, want %d", n, officeUnread+1)
	}

	// Submitted: no more editing (a conflict, not a permission problem).
	_, err = db.UpdateCooperation(as(p1), c.ID, in)
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.SubmitCooperation(as(p1), c.ID, true)
	wantCode(t, err, sepakat.ECONFLICT)

	// Returned and resubmitted: the code stays.
	if _, err = db.TransitionCooperation(as(akp), c.ID, sepakat.StageRegistrasi, "Lengkapi lokasi."); err != nil {
		t.Fatal(err)
	}
	if _, err = db.UpdateCooperation(as(p1), c.ID, in); err != nil {
		t.Fatal(err)
	}
	if c, err = db.SubmitCooperation(as(p1), c.ID, true); err != nil {
		t.Fatal(err)
	}
	if c.Code != "KSD-2026-0001" {
		t.Fatalf("code after resubmission = %s", c.Code)
	}
}

func TestCooperation_CodesUnique(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "kode")
	pattern := regexp.MustCompile(`^KSD-\d{4}-\d{4}$`)
	seen := map[string]bool{}
	for i := range 30 {
		if i == 20 {
			db.Clock.Set(time.Date(2027, 1, 2, 8, 0, 0, 0, time.UTC))
		}
		c := MustSubmittedCooperation(t, db, p1, p2, fmt.Sprintf("Kerja sama %d", i))
		if !pattern.MatchString(c.Code) || seen[c.Code] {
			t.Fatalf("code %q: malformed or repeated", c.Code)
		}
		seen[c.Code] = true
		want := fmt.Sprintf("KSD-2026-%04d", i+1)
		if i >= 20 {
			want = fmt.Sprintf("KSD-2027-%04d", i-19)
		}
		if c.Code != want {
			t.Fatalf("submission %d got code %s, want %s", i, c.Code, want)
		}
	}
}

// mainPath is the way a Kasubbag moves a cooperation forward.
var mainPath = []sepakat.Stage{
	sepakat.StagePermohonan, sepakat.StagePerencanaan, sepakat.StageInisiasi, sepakat.StagePersiapan,
	sepakat.StagePenomoran, sepakat.StagePenandatanganan, sepakat.StagePemantauan, sepakat.StageEvaluasi,
}

// MustMoveTo moves a submitted cooperation along mainPath up to stage.
func MustMoveTo(tb testing.TB, db *testDB, kasubbag *sepakat.User, c *sepakat.Cooperation, stage sepakat.Stage) *sepakat.Cooperation {
	tb.Helper()
	for i := slices.Index(mainPath, c.Stage) + 1; c.Stage != stage; i++ {
		if i == 0 || i >= len(mainPath) {
			tb.Fatalf("stage %s is not on the main path", stage)
		}
		var err error
		if c, err = db.TransitionCooperation(as(kasubbag), c.ID, mainPath[i], ""); err != nil {
			tb.Fatal(err)
		}
	}
	return c
}

func TestCooperation_TransitionsPerRole(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "alur")
	other, _ := MustRegister(t, db, "luar")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	actors := map[string]*sepakat.User{
		"ppksd":       p1,
		"ppksd-other": other,
		"akp":         verifierOf(t, db),
		"arnp":        MustCreateUser(t, db, sepakat.RoleARNP, "arnp"),
		"kasubbag":    kasubbag,
		"tkksd":       MustCreateUser(t, db, sepakat.RoleTKKSD, "tkksd"),
		"protokol":    MustCreateUser(t, db, sepakat.RoleProtokol, "protokol"),
		"admin":       MustCreateUser(t, db, sepakat.RoleAdmin, "admin"),
	}
	// sees reports whether the actor sees a cooperation at stage from (the
	// TKKSD member is granted access in every case).
	sees := func(name string, from sepakat.Stage) bool {
		switch name {
		case "ppksd", "akp", "arnp", "kasubbag", "tkksd":
			return true
		case "protokol":
			return from == sepakat.StagePenandatanganan
		}
		return false
	}
	for _, tr := range sepakat.Transitions {
		for name, u := range actors {
			t.Run(fmt.Sprintf("%s→%s/%s", tr.From, tr.To, name), func(t *testing.T) {
				c := MustSubmittedCooperation(t, db, p1, p2, "Uji alur")
				if _, err := db.GrantAccess(as(kasubbag), c.ID, actors["tkksd"].ID); err != nil {
					t.Fatal(err)
				}
				c = MustMoveTo(t, db, kasubbag, c, tr.From)
				note := ""
				if tr.NoteRequired {
					_, err := db.TransitionCooperation(as(kasubbag), c.ID, tr.To, "")
					wantCode(t, err, sepakat.EINVALID)
					note = "Alasan yang cukup panjang."
				}
				got, err := db.TransitionCooperation(as(u), c.ID, tr.To, note)
				allowed := slices.Contains(tr.Roles, u.Role) && (u.Role != sepakat.RolePPKSD || name == "ppksd")
				switch {
				case !sees(name, tr.From):
					wantCode(t, err, sepakat.ENOTFOUND)
				case !allowed:
					wantCode(t, err, sepakat.EFORBIDDEN)
				case tr.Via != "" && u.Role == sepakat.RolePPKSD:
					// Their own action makes this move (Transition.Via).
					wantCode(t, err, sepakat.ECONFLICT)
				default:
					if err != nil {
						t.Fatal(err)
					}
					last := got.History[len(got.History)-1]
					if got.Stage != tr.To || last.From != tr.From || last.To != tr.To || last.ByID != u.ID || last.ByName != u.Name || last.Note != note {
						t.Fatalf("after the move: stage %s, last change %+v", got.Stage, last)
					}
				}
			})
		}
	}

	// A move the table does not have is a conflict, even for Kasubbag.
	c := MustSubmittedCooperation(t, db, p1, p2, "Lompat")
	_, err := db.TransitionCooperation(as(kasubbag), c.ID, sepakat.StageSelesai, "")
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.TransitionCooperation(as(kasubbag), c.ID, sepakat.Stage("entah"), "")
	wantCode(t, err, sepakat.EINVALID)
	// Registrasi → permohonan happens only by submitting.
	draft, err := db.CreateCooperation(as(p1), completeApplication("Draf", p2.ID))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.TransitionCooperation(as(p1), draft.ID, sepakat.StagePermohonan, "")
	wantCode(t, err, sepakat.ECONFLICT)
}

func TestCooperation_Visibility(t *testing.T) {
	db := MustOpenDB(t)
	a1, a2 := MustRegister(t, db, "instansi-a")
	b1, b2 := MustRegister(t, db, "instansi-b")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	akp := verifierOf(t, db)
	arnp := MustCreateUser(t, db, sepakat.RoleARNP, "arnp")
	tkksd := MustCreateUser(t, db, sepakat.RoleTKKSD, "tkksd")
	protokol := MustCreateUser(t, db, sepakat.RoleProtokol, "protokol")
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin")
	pending := MustSignUp(t, db, "pending")

	draftA, err := db.CreateCooperation(as(a1), completeApplication("Draf A", a2.ID))
	if err != nil {
		t.Fatal(err)
	}
	grantedA := MustSubmittedCooperation(t, db, a1, a2, "Diajukan A")
	if _, err := db.GrantAccess(as(akp), grantedA.ID, tkksd.ID); err != nil {
		t.Fatal(err)
	}
	signingB := MustMoveTo(t, db, kasubbag, MustSubmittedCooperation(t, db, b1, b2, "Penandatanganan B"), sepakat.StagePenandatanganan)
	all := []*sepakat.Cooperation{draftA, grantedA, signingB}

	tests := []struct {
		name string
		u    *sepakat.User
		want []*sepakat.Cooperation // newest change first
	}{
		{"ppksd-1 own only", a1, []*sepakat.Cooperation{grantedA, draftA}},
		{"ppksd-2 own only", a2, []*sepakat.Cooperation{grantedA, draftA}},
		{"ppksd other institution", b1, []*sepakat.Cooperation{signingB}},
		{"unverified ppksd none", pending, nil},
		{"akp all", akp, []*sepakat.Cooperation{signingB, grantedA, draftA}},
		{"arnp all", arnp, []*sepakat.Cooperation{signingB, grantedA, draftA}},
		{"kasubbag all", kasubbag, []*sepakat.Cooperation{signingB, grantedA, draftA}},
		{"tkksd granted only", tkksd, []*sepakat.Cooperation{grantedA}},
		{"protokol signing only", protokol, []*sepakat.Cooperation{signingB}},
		{"admin none", admin, nil},
	}
	coopID := func(c *sepakat.Cooperation) int64 { return c.ID }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range all {
				got, err := db.FindCooperationByID(as(tt.u), c.ID)
				if slices.Contains(tt.want, c) {
					if err != nil || got.ID != c.ID {
						t.Fatalf("FindCooperationByID(%d) = %v, want visible", c.ID, err)
					}
				} else {
					wantCode(t, err, sepakat.ENOTFOUND)
				}
			}
			list, total, err := db.FindCooperations(as(tt.u), sepakat.CooperationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			gotIDs := ids(list, func(s sepakat.CooperationSummary) int64 { return s.ID })
			if wantIDs := ids(tt.want, coopID); gotIDs != wantIDs || total != len(tt.want) {
				t.Fatalf("FindCooperations = [%s] (total %d), want [%s]", gotIDs, total, wantIDs)
			}
			counts, err := db.CountByStage(as(tt.u))
			if err != nil {
				t.Fatal(err)
			}
			sum := 0
			for _, n := range counts {
				sum += n
			}
			if sum != len(tt.want) {
				t.Fatalf("CountByStage = %v, want %d in all", counts, len(tt.want))
			}
		})
	}

	// A nonexistent cooperation looks the same as an invisible one.
	_, err = db.FindCooperationByID(as(akp), 9999)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, _, err = db.FindCooperations(t.Context(), sepakat.CooperationFilter{})
	wantCode(t, err, sepakat.EUNAUTHORIZED)
}

func TestFindCooperations_Filters(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "saring")
	akp := verifierOf(t, db)
	var made []*sepakat.Cooperation
	for i := range 12 {
		in := completeApplication(fmt.Sprintf("Kerja sama nomor %d", i), p2.ID)
		if i%3 == 0 {
			in.Partners = []sepakat.Partner{{Name: "Kabupaten Kutai Kartanegara"}}
			in.Affair = "Perhubungan"
		}
		c, err := db.CreateCooperation(as(p1), in)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if c, err = db.SubmitCooperation(as(p1), c.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		made = append(made, c)
	}
	// Touch an old one: it moves to the front.
	touched, err := db.UpdateCooperation(as(p1), made[1].ID, completeApplication("Kerja sama nomor 1 diperbarui", p2.ID))
	if err != nil {
		t.Fatal(err)
	}

	list, total, err := db.FindCooperations(as(akp), sepakat.CooperationFilter{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if total != 12 || len(list) != 5 || list[0].ID != touched.ID || list[1].ID != made[11].ID {
		t.Fatalf("first page = %v (total %d)", ids(list, func(s sepakat.CooperationSummary) int64 { return s.ID }), total)
	}
	page3, total, _ := db.FindCooperations(as(akp), sepakat.CooperationFilter{Offset: 10, Limit: 5})
	if total != 12 || len(page3) != 2 || page3[1].ID != made[0].ID {
		t.Fatalf("last page = %v (total %d)", ids(page3, func(s sepakat.CooperationSummary) int64 { return s.ID }), total)
	}
	for i := 1; i < len(list); i++ {
		if list[i].UpdatedAt.After(list[i-1].UpdatedAt) {
			t.Fatalf("not sorted by last change: %v then %v", list[i-1].UpdatedAt, list[i].UpdatedAt)
		}
	}

	_, total, _ = db.FindCooperations(as(akp), sepakat.CooperationFilter{Stage: sepakat.StagePermohonan})
	if total != 6 {
		t.Fatalf("permohonan total = %d, want 6", total)
	}
	_, total, _ = db.FindCooperations(as(akp), sepakat.CooperationFilter{Query: "KUTAI perhubungan"})
	if total != 4 {
		t.Fatalf("query on partner and affair: total = %d, want 4", total)
	}
	_, total, _ = db.FindCooperations(as(akp), sepakat.CooperationFilter{Query: "kutai diperbarui"})
	if total != 0 {
		t.Fatalf("all words must match: total = %d, want 0", total)
	}
	list, total, _ = db.FindCooperations(as(akp), sepakat.CooperationFilter{Query: made[4].Code})
	if total != 1 || list[0].ID != made[4].ID || list[0].Institution != "Dinas saring" {
		t.Fatalf("query by code: %+v", list)
	}
	_, total, _ = db.FindCooperations(as(akp), sepakat.CooperationFilter{Query: "dinas saring", Stage: sepakat.StageRegistrasi})
	if total != 6 {
		t.Fatalf("query on institution with stage: total = %d, want 6", total)
	}
	counts, _ := db.CountByStage(as(akp))
	if counts[sepakat.StagePermohonan] != 6 || counts[sepakat.StageRegistrasi] != 6 {
		t.Fatalf("CountByStage = %v", counts)
	}
	_, _, err = db.FindCooperations(as(akp), sepakat.CooperationFilter{Stage: "entah"})
	wantCode(t, err, sepakat.EINVALID)
}

func TestCooperation_GrantRevoke(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "hak")
	akp := verifierOf(t, db)
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	member := MustCreateUser(t, db, sepakat.RoleTKKSD, "anggota")
	inactive := MustCreateUser(t, db, sepakat.RoleTKKSD, "nonaktif")
	no := false
	if _, err := db.UpdateUser(system, inactive.ID, sepakat.UserUpdate{Active: &no}); err != nil {
		t.Fatal(err)
	}
	c := MustSubmittedCooperation(t, db, p1, p2, "Hak akses")

	_, err := db.GrantAccess(as(p1), c.ID, member.ID)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.GrantAccess(as(member), c.ID, member.ID)
	wantCode(t, err, sepakat.ENOTFOUND)
	for _, id := range []int64{p2.ID, inactive.ID, 9999} {
		_, err = db.GrantAccess(as(akp), c.ID, id)
		wantCode(t, err, sepakat.EINVALID)
	}

	if _, err := db.FindCooperationByID(as(member), c.ID); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("visible before the grant: %v", err)
	}
	got, err := db.GrantAccess(as(akp), c.ID, member.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Grants) != 1 || got.Grants[0].UserID != member.ID || got.Grants[0].GrantedBy != akp.ID {
		t.Fatalf("grants = %+v", got.Grants)
	}
	if got, err = db.GrantAccess(as(akp), c.ID, member.ID); err != nil || len(got.Grants) != 1 {
		t.Fatalf("granting twice: %d grants, %v", len(got.Grants), err)
	}
	if _, err := db.FindCooperationByID(as(member), c.ID); err != nil {
		t.Fatalf("not visible after the grant: %v", err)
	}
	if list, _, _ := db.FindCooperations(as(member), sepakat.CooperationFilter{}); len(list) != 1 {
		t.Fatalf("the member lists %d cooperations, want 1", len(list))
	}
	notes, _, _ := db.FindNotifications(as(member), 10)
	if len(notes) != 1 || notes[0].CooperationID != c.ID {
		t.Fatalf("member notifications = %+v", notes)
	}

	if _, err := db.RevokeAccess(as(akp), c.ID, member.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindCooperationByID(as(member), c.ID); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("visible after the revoke: %v", err)
	}
	if list, _, _ := db.FindCooperations(as(member), sepakat.CooperationFilter{}); len(list) != 0 {
		t.Fatalf("the member still lists %d cooperations", len(list))
	}
	_, err = db.RevokeAccess(as(akp), c.ID, member.ID)
	wantCode(t, err, sepakat.EINVALID)

	// A finished cooperation's access no longer changes.
	if _, err := db.TransitionCooperation(as(kasubbag), c.ID, sepakat.StageDitolak, "Tidak sesuai RPJMD."); err != nil {
		t.Fatal(err)
	}
	_, err = db.GrantAccess(as(akp), c.ID, member.ID)
	wantCode(t, err, sepakat.ECONFLICT)
}

func TestCooperation_TransitionNotifications(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "kabar")
	akp := verifierOf(t, db)
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	protokol := MustCreateUser(t, db, sepakat.RoleProtokol, "protokol")
	c := MustSubmittedCooperation(t, db, p1, p2, "Kabar")
	for _, u := range []*sepakat.User{p1, p2, akp, kasubbag, protokol} {
		if err := db.MarkAllNotificationsRead(as(u)); err != nil {
			t.Fatal(err)
		}
	}
	unread := func() map[string]int {
		m := map[string]int{}
		for _, u := range []*sepakat.User{p1, p2, akp, kasubbag, protokol} {
			n, err := db.UnreadCount(as(u))
			if err != nil {
				t.Fatal(err)
			}
			m[u.Login] = n
		}
		return m
	}

	// Kasubbag moves: both PPKSD hear of it; the office and Protokol do not.
	c = MustMoveTo(t, db, kasubbag, c, sepakat.StagePenomoran)
	want := map[string]int{p1.Login: 4, p2.Login: 4, akp.Login: 0, kasubbag.Login: 0, protokol.Login: 0}
	if got := unread(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("unread = %v, want %v", got, want)
	}
	// Into the signing: Protokol too.
	c = MustMoveTo(t, db, kasubbag, c, sepakat.StagePenandatanganan)
	want = map[string]int{p1.Login: 5, p2.Login: 5, akp.Login: 0, kasubbag.Login: 0, protokol.Login: 1}
	if got := unread(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("unread = %v, want %v", got, want)
	}
	// The PPKSD finishes the signing only by submitting the signed scan
	// (storage/signedscan.go, which notifies like any move): the generic
	// move is refused to them and changes nothing.
	_, err := db.TransitionCooperation(as(p1), c.ID, sepakat.StagePemantauan, "")
	wantCode(t, err, sepakat.ECONFLICT)
	wantContains(t, sepakat.ErrorMessage(err), "Selesaikan penandatanganan")
	if got := unread(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("unread after a refused move = %v, want %v", got, want)
	}
	// The office may still move it (a signing done outside Sepakat): the
	// PPKSD are told, not the mover.
	if _, err := db.TransitionCooperation(as(kasubbag), c.ID, sepakat.StagePemantauan, "Ditandatangani di luar sistem"); err != nil {
		t.Fatal(err)
	}
	want = map[string]int{p1.Login: 6, p2.Login: 6, akp.Login: 0, kasubbag.Login: 0, protokol.Login: 1}
	if got := unread(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("unread = %v, want %v", got, want)
	}
	notes, _, _ := db.FindNotifications(as(p1), 1)
	if len(notes) != 1 || notes[0].CooperationID != c.ID {
		t.Fatalf("PPKSD notification = %+v", notes)
	}
	wantContains(t, notes[0].Message, c.Code)
	wantContains(t, notes[0].Message, "Pemantauan")
}
