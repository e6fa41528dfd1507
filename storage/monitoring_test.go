package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// unreadOf returns the newest notification messages of u joined.
func notesOf(tb testing.TB, db *testDB, u *sepakat.User) string {
	tb.Helper()
	ns, _, err := db.FindNotifications(as(u), 50)
	if err != nil {
		tb.Fatal(err)
	}
	var msgs []string
	for _, n := range ns {
		msgs = append(msgs, n.Message)
	}
	return strings.Join(msgs, "\n")
}

func TestMonitoring(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	in := sepakat.MonitoringInput{Period: "Semester I 2026", Activity: "Pelatihan guru SMK", Achievement: "40 guru", Obstacle: "Jadwal"}

	// Before pemantauan: 409 for the PPKSD.
	_, err := db.AddMonitoringEntry(as(f.p1), f.coop.ID, in)
	wantCode(t, err, sepakat.ECONFLICT)
	coop := MustMoveTo(t, db, f.kasubbag, f.coop, sepakat.StagePemantauan)
	if _, err := db.GrantAccess(as(f.arnp), coop.ID, f.tkksd.ID); err != nil {
		t.Fatal(err)
	}

	// Only its PPKSD adds; an empty activity is refused.
	for _, u := range []*sepakat.User{f.akp, f.kasubbag, f.tkksd} {
		_, err := db.AddMonitoringEntry(as(u), coop.ID, in)
		wantCode(t, err, sepakat.EFORBIDDEN)
	}
	_, err = db.AddMonitoringEntry(as(f.q1), coop.ID, in)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.AddMonitoringEntry(as(f.p1), coop.ID, sepakat.MonitoringInput{Activity: "  "})
	wantCode(t, err, sepakat.EINVALID)
	e, err := db.AddMonitoringEntry(as(f.p1), coop.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notesOf(t, db, f.akp), "Data pemantauan baru") || !strings.Contains(notesOf(t, db, f.tkksd), "Data pemantauan baru") {
		t.Fatal("office and granted TKKSD not notified of the entry")
	}

	// Files: a photo and a PDF; a wrong type refused.
	photo := photoFile(t, db, "kegiatan.jpg", "foto kegiatan")
	if e, err = db.AddMonitoringFile(as(f.p2), coop.ID, e.ID, photo); err != nil {
		t.Fatal(err)
	}
	if e, err = db.AddMonitoringFile(as(f.p1), coop.ID, e.ID, pdfFile(t, db, "laporan.pdf", "%PDF-1.7 laporan")); err != nil {
		t.Fatal(err)
	}
	if len(e.Files) != 2 || e.Files[0].Kind != sepakat.MonitoringPhoto || e.Files[1].Kind != sepakat.MonitoringDocument || e.Files[1].N != 2 {
		t.Fatalf("files %+v", e.Files)
	}
	bad := photo
	bad.ContentType = "text/plain"
	_, err = db.AddMonitoringFile(as(f.p1), coop.ID, e.ID, bad)
	wantCode(t, err, sepakat.EUNSUPPORTED)
	_, err = db.AddMonitoringFile(as(f.akp), coop.ID, e.ID, photo)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.AddMonitoringFile(as(f.p1), coop.ID, 999, photo)
	wantCode(t, err, sepakat.ENOTFOUND)
	if ok, err := db.CanReadFile(as(f.tkksd), photo.SHA256); err != nil || !ok {
		t.Fatalf("granted TKKSD may not read the photo: %v %v", ok, err)
	}

	// Notes by reviewers; the PPKSD may not note, reviewers may not follow up.
	_, err = db.AddMonitoringNote(as(f.p1), coop.ID, e.ID, "catatan")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.AddMonitoringNote(as(f.tkksdOther), coop.ID, e.ID, "catatan")
	wantCode(t, err, sepakat.ENOTFOUND)
	if e, err = db.AddMonitoringNote(as(f.tkksd), coop.ID, e.ID, "Lampirkan daftar hadir."); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notesOf(t, db, f.p2), "memberi catatan") {
		t.Fatal("PPKSD-2 not notified of the note")
	}
	_, err = db.FollowUpMonitoringNote(as(f.akp), coop.ID, e.ID, 1, "ok")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.FollowUpMonitoringNote(as(f.p1), coop.ID, e.ID, 7, "ok")
	wantCode(t, err, sepakat.ENOTFOUND)
	if e, err = db.FollowUpMonitoringNote(as(f.p1), coop.ID, e.ID, 1, "Daftar hadir diunggah."); err != nil {
		t.Fatal(err)
	}
	if fu := e.Note(1).FollowUp; fu == nil || fu.ByID != f.p1.ID || fu.Text != "Daftar hadir diunggah." {
		t.Fatalf("follow-up %+v", fu)
	}
	if !strings.Contains(notesOf(t, db, f.tkksd), "tindak lanjut") {
		t.Fatal("note author not notified of the follow-up")
	}

	entries, st, err := db.FindMonitoring(as(f.tkksd), coop.ID)
	if err != nil || len(entries) != 1 || len(entries[0].Notes) != 1 {
		t.Fatalf("FindMonitoring: %v %+v", err, entries)
	}
	if !st.Due.Equal(sepakat.AddMonths(e.CreatedAt, 6)) || st.Overdue {
		t.Fatalf("status %+v", st)
	}
	if _, _, err := db.FindMonitoring(as(f.q1), coop.ID); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("stranger sees the monitoring: %v", err)
	}
	audit, err := db.FindAuditEntries(as(f.kasubbag), sepakat.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range audit {
		actions = append(actions, a.Action)
	}
	for _, want := range []string{"cooperation.monitoring.add", "cooperation.monitoring.file", "cooperation.monitoring.note", "cooperation.monitoring.follow_up"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("no audit %s", want)
		}
	}
}

func TestSendReminders(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	coop := MustMoveTo(t, db, f.kasubbag, f.coop, sepakat.StagePemantauan)
	signed := sepakat.SignedAt(coop)
	ctx := context.Background()
	count := func(u *sepakat.User, what string) int {
		return strings.Count(notesOf(t, db, u), what)
	}

	// Before the due date nothing; on it one reminder to both PPKSD, once.
	if n, err := db.SendReminders(ctx, sepakat.AddMonths(signed, 6).Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("before due: %d %v", n, err)
	}
	for range 2 {
		if _, err := db.SendReminders(ctx, sepakat.AddMonths(signed, 6).Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if count(f.p1, "jatuh tempo") != 1 || count(f.p2, "jatuh tempo") != 1 || count(f.akp, "jatuh tempo") != 0 {
		t.Fatalf("reminders: %q", notesOf(t, db, f.p1))
	}
	// An entry moves the due date; the next one is reminded again once.
	db.Clock.Set(sepakat.AddMonths(signed, 7))
	e, err := db.AddMonitoringEntry(as(f.p1), coop.ID, sepakat.MonitoringInput{Activity: "Kegiatan"})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.SendReminders(ctx, sepakat.AddMonths(e.CreatedAt, 6).Add(-time.Minute)); n != 0 {
		t.Fatalf("reminded before the new due date: %d", n)
	}
	db.SendReminders(ctx, sepakat.AddMonths(e.CreatedAt, 6))
	db.SendReminders(ctx, sepakat.AddMonths(e.CreatedAt, 6).Add(time.Hour))
	if count(f.p1, "jatuh tempo") != 2 {
		t.Fatalf("second reminder: %q", notesOf(t, db, f.p1))
	}

	// The list row carries the end of the term.
	rows, _, err := db.FindCooperations(as(f.akp), sepakat.CooperationFilter{Query: coop.Code})
	if err != nil || len(rows) != 1 || !rows[0].TermEnd.Equal(sepakat.AddMonths(signed, 60)) {
		t.Fatalf("list row: %v %+v", err, rows)
	}

	// Expiry: the term is "5 tahun"; flagged six months before the end,
	// once, then once more when it has ended, to the office and the PPKSD.
	end := sepakat.AddMonths(signed, 60)
	db.SendReminders(ctx, sepakat.AddMonths(end, -7))
	if count(f.akp, "berakhir") != 0 {
		t.Fatal("flagged too early")
	}
	db.SendReminders(ctx, sepakat.AddMonths(end, -5))
	db.SendReminders(ctx, sepakat.AddMonths(end, -4))
	if count(f.akp, "putuskan perpanjangan") != 1 || count(f.p1, "putuskan perpanjangan") != 1 {
		t.Fatalf("expiry notice: %q", notesOf(t, db, f.akp))
	}
	db.SendReminders(ctx, end.Add(time.Hour))
	db.SendReminders(ctx, end.Add(48*time.Hour))
	if count(f.kasubbag, "telah berakhir") != 1 || count(f.p2, "telah berakhir") != 1 {
		t.Fatalf("ended notice: %q", notesOf(t, db, f.kasubbag))
	}
}
