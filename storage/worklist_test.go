package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// TestWorklist_OrderOverdueAndReminders: with a fixed clock, each person's
// worklist holds what waits for them, oldest first, the overdue marked;
// the reminder goes out once per item.
func TestWorklist_OrderOverdueAndReminders(t *testing.T) {
	db := MustOpenDB(t)
	cal := sepakat.DefaultCalendar()
	ts := sepakat.DefaultTimeStandards()
	p1, p2 := MustRegister(t, db, "kerja")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	akp := verifierOf(t, db)
	protokol := MustCreateUser(t, db, sepakat.RoleProtokol, "protokol")

	// Monday 2 March 2026 09:00 UTC: A submitted. Tuesday 09:30: B
	// submitted, and a registration sent for verification.
	a := MustSubmittedCooperation(t, db, p1, p2, "KSD A")
	db.Clock.Set(time.Date(2026, 3, 3, 9, 30, 0, 0, time.UTC))
	b := MustSubmittedCooperation(t, db, p1, p2, "KSD B")
	q1 := MustSignUp(t, db, "baru-satu")
	MustSignUp(t, db, "baru-dua")
	if _, err := db.SaveRegistration(as(q1), registrationInput("Dinas Baru", "baru-dua")); err != nil {
		t.Fatal(err)
	}
	for slot, content := range map[sepakat.RegistrationSlot]string{
		sepakat.SlotLetter: "%PDF surat tugas baru", sepakat.SlotPhoto1: "foto 1 baru", sepakat.SlotPhoto2: "foto 2 baru",
	} {
		if _, err := db.AttachRegistrationFile(as(q1), slot, MustPutBlob(t, db, string(slot), content)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SubmitRegistration(as(q1)); err != nil {
		t.Fatal(err)
	}

	// Tuesday 10:00: A's application (1 working day from Monday 09:00) is
	// overdue; B's and the registration are not.
	now := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
	list, err := db.Worklist(as(kasubbag), now, cal, ts)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].CooperationID != a.ID || list[1].CooperationID != b.ID || list[2].Kind != "registration_verification" {
		t.Fatalf("kasubbag's list: %+v", list)
	}
	if !list[0].Overdue || list[1].Overdue || list[2].Overdue || list[0].Days != 1 ||
		list[0].Due.Sub(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)).Abs() > time.Second {
		t.Fatalf("overdue flags: %+v", list)
	}
	// The PPKSD and the protocol office wait for nothing yet.
	for _, u := range []*sepakat.User{p1, protokol} {
		if l, err := db.Worklist(as(u), now, cal, ts); err != nil || len(l) != 0 {
			t.Fatalf("%s: %+v %v", u.Login, l, err)
		}
	}

	// Reminders: as the system only; once per overdue item.
	if _, err := db.SendDeadlineReminders(as(kasubbag), now, cal, ts); sepakat.ErrorCode(err) != sepakat.EFORBIDDEN {
		t.Fatalf("reminders as kasubbag: %v", err)
	}
	before := unread(t, db, akp)
	n, err := db.SendDeadlineReminders(system, now, cal, ts)
	if err != nil || n != 1 {
		t.Fatalf("first run: %d %v", n, err)
	}
	if got := unread(t, db, akp); got != before+1 {
		t.Fatalf("akp unread %d → %d", before, got)
	}
	notes, _, err := db.FindNotifications(as(kasubbag), 5)
	if err != nil || len(notes) == 0 || !strings.Contains(notes[0].Message, "Lewat tenggat") || !strings.Contains(notes[0].Message, "KSD A") {
		t.Fatalf("kasubbag's notification: %+v %v", notes, err)
	}
	if n, err := db.SendDeadlineReminders(system, now.Add(time.Hour), cal, ts); err != nil || n != 0 {
		t.Fatalf("second run: %d %v", n, err)
	}

	// Wednesday 4 March: A moves to Perencanaan. Its PPKSD now sees the
	// stage with its 20 working days; the reminder list forgets the
	// application, and the overdue registration is reminded once.
	db.Clock.Set(time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC))
	MustMoveTo(t, db, kasubbag, a, sepakat.StagePerencanaan)
	now = time.Date(2026, 3, 4, 11, 0, 0, 0, time.UTC)
	l, err := db.Worklist(as(p2), now, cal, ts)
	if err != nil || len(l) != 1 || l[0].Kind != "stage_perencanaan" || l[0].Days != 20 || l[0].Overdue ||
		l[0].Due.Sub(cal.AddWorkingDays(time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC), 20)).Abs() > time.Second {
		t.Fatalf("ppksd2's list: %+v %v", l, err)
	}
	if n, err := db.SendDeadlineReminders(system, now, cal, ts); err != nil || n != 2 {
		t.Fatalf("third run (B and the registration): %d %v", n, err)
	}
	if n, err := db.SendDeadlineReminders(system, now, cal, ts); err != nil || n != 0 {
		t.Fatalf("fourth run: %d %v", n, err)
	}
}

func unread(t *testing.T, db *testDB, u *sepakat.User) int {
	t.Helper()
	n, err := db.UnreadCount(sepakat.NewContextWithUser(context.Background(), u))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
