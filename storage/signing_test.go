package storage_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// signingFixture is a cooperation in penandatanganan with its people.
type signingFixture struct {
	db                         *testDB
	p1, p2, kasubbag, protokol *sepakat.User
	otherPPKSD, tkksd, akp     *sepakat.User
	coop                       *sepakat.Cooperation
}

func newSigningFixture(t *testing.T) *signingFixture {
	t.Helper()
	db := MustOpenDB(t)
	f := &signingFixture{db: db}
	f.p1, f.p2 = MustRegister(t, db, "a")
	f.otherPPKSD, _ = MustRegister(t, db, "b")
	f.kasubbag = MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	f.protokol = MustCreateUser(t, db, sepakat.RoleProtokol, "protokol")
	f.tkksd = MustCreateUser(t, db, sepakat.RoleTKKSD, "tkksd")
	f.akp = verifierOf(t, db)
	f.coop = MustMoveTo(t, db, f.kasubbag, MustSubmittedCooperation(t, db, f.p1, f.p2, "Kerja sama uji jadwal"), sepakat.StagePenandatanganan)
	return f
}

func proposal(start time.Time, venue string) sepakat.ProposalInput {
	return sepakat.ProposalInput{Start: start, End: start.Add(90 * time.Minute), Venue: venue, Notes: "Mohon dihadiri kedua pihak."}
}

func TestSigning_ProposeReviseAccept(t *testing.T) {
	f := newSigningFixture(t)
	db := f.db
	wib := time.FixedZone("WIB", 7*3600)
	start := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)

	s, c, err := db.FindSigning(as(f.protokol), f.coop.ID)
	if err != nil || s.State != sepakat.SigningMethodPending || c.ID != f.coop.ID {
		t.Fatalf("fresh signing: %+v %v", s, err)
	}
	if m, err := db.SigningMethodOf(system, f.coop.ID); err != nil || m != sepakat.MethodUnset {
		t.Fatalf("method %q %v", m, err)
	}
	// Another PPKSD does not see the cooperation; TKKSD and protocol may not choose.
	_, err = db.ChooseSigningMethod(as(f.otherPPKSD), f.coop.ID, sepakat.MethodInPerson)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.ChooseSigningMethod(as(f.protokol), f.coop.ID, sepakat.MethodInPerson)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.ChooseSigningMethod(as(f.p1), f.coop.ID, "fax")
	wantCode(t, err, sepakat.EINVALID)

	if s, err = db.ChooseSigningMethod(as(f.p1), f.coop.ID, sepakat.MethodInPerson); err != nil || s.State != sepakat.SigningAwaitingProposal {
		t.Fatalf("choose: %+v %v", s, err)
	}
	if m, _ := db.SigningMethodOf(system, f.coop.ID); m != sepakat.MethodInPerson {
		t.Fatalf("method %q", m)
	}
	// A bad proposal takes no id and changes nothing.
	bad := proposal(start, "Balai Kota")
	bad.End = start.Add(-time.Hour)
	_, err = db.ProposeSigning(as(f.p1), f.coop.ID, bad)
	wantMessageContains(t, err, "sesudah waktu mulai")
	_, err = db.ProposeSigning(as(f.protokol), f.coop.ID, proposal(start, "Balai Kota"))
	wantCode(t, err, sepakat.EFORBIDDEN)

	s, err = db.ProposeSigning(as(f.p1), f.coop.ID, proposal(start, "Ruang Rapat Wali Kota"))
	if err != nil || s.State != sepakat.SigningAwaitingProtocol || len(s.Proposals) != 1 || s.Proposals[0].Signatory != sepakat.DefaultSignatory {
		t.Fatalf("propose: %+v %v", s, err)
	}
	pid := s.Proposals[0].ID
	// The PPKSD cannot answer their own proposal.
	_, _, err = db.RespondSigning(as(f.p1), pid, sepakat.ActionAccept, sepakat.ProposalInput{}, "")
	wantCode(t, err, sepakat.ECONFLICT)
	_, _, err = db.RespondSigning(as(f.protokol), pid+100, sepakat.ActionAccept, sepakat.ProposalInput{}, "")
	wantCode(t, err, sepakat.ENOTFOUND)

	db.Clock.Add(time.Hour)
	s, _, err = db.RespondSigning(as(f.protokol), pid, sepakat.ActionRevise, proposal(start.Add(26*time.Hour), "Pendopo Balai Kota"), "Wali Kota ada rapat paripurna.")
	if err != nil || s.State != sepakat.SigningAwaitingPPKSD || len(s.Proposals) != 2 || s.Proposals[0].Status != sepakat.ProposalCountered || s.Sequence != 1 {
		t.Fatalf("revise: %+v %v", s, err)
	}
	counter := s.Proposals[1].ID
	// The PPKSD was notified, with the reason.
	notes, _, err := db.FindNotifications(as(f.p1), 5)
	if err != nil || len(notes) == 0 || !strings.Contains(notes[0].Message, "rapat paripurna") || !strings.Contains(notes[0].Link, "#penandatanganan") {
		t.Fatalf("PPKSD notification: %+v %v", notes, err)
	}
	// Answering the countered proposal is a conflict.
	_, _, err = db.RespondSigning(as(f.p1), pid, sepakat.ActionAccept, sepakat.ProposalInput{}, "")
	wantCode(t, err, sepakat.ECONFLICT)
	s, _, err = db.RespondSigning(as(f.p2), counter, sepakat.ActionAccept, sepakat.ProposalInput{}, "")
	if err != nil || s.State != sepakat.SigningScheduled || s.Current().ID != counter || s.Sequence != 2 {
		t.Fatalf("accept: %+v %v", s, err)
	}
	notes, _, _ = db.FindNotifications(as(f.protokol), 5)
	if len(notes) == 0 || !strings.Contains(notes[0].Message, "menerima jadwal") {
		t.Fatalf("protocol notification: %+v", notes)
	}
	// The calendar shows it to the protocol office and the office.
	for _, u := range []*sepakat.User{f.protokol, f.kasubbag} {
		entries, err := db.FindCalendar(as(u))
		if err != nil || len(entries) != 1 || entries[0].Proposal.ID != counter || entries[0].State != sepakat.SigningScheduled {
			t.Fatalf("calendar of %s: %+v %v", u.Login, entries, err)
		}
	}
	// Every move is in the audit log.
	entries, err := db.FindAuditEntries(as(f.kasubbag), sepakat.AuditFilter{Object: "cooperation/" + itoa(f.coop.ID)})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "signing.") {
			actions = append(actions, e.Action)
		}
	}
	if got := strings.Join(actions, ","); got != "signing.accept,signing.revise,signing.propose,signing.choose_in_person" {
		t.Fatalf("audit: %s", got)
	}
	// Switch to desk: final.
	s, _, err = db.RespondSigning(as(f.protokol), counter, sepakat.ActionSwitchToDesk, sepakat.ProposalInput{}, "Wali Kota dinas ke luar kota.")
	if err != nil || s.State != sepakat.SigningDesk || !s.Switched || s.Method != sepakat.MethodDesk {
		t.Fatalf("switch: %+v %v", s, err)
	}
	_, err = db.ProposeSigning(as(f.p1), f.coop.ID, proposal(start, "Balai Kota"))
	wantCode(t, err, sepakat.ECONFLICT)
	if m, _ := db.SigningMethodOf(system, f.coop.ID); m != sepakat.MethodDesk {
		t.Fatalf("method after switch %q", m)
	}
	// The record survives a reopen.
	db.Close()
	db2 := MustOpenDBAt(t, db.Dir)
	s2, _, err := db2.FindSigning(as(f.p1), f.coop.ID)
	if err != nil || len(s2.History) != len(s.History) || s2.State != sepakat.SigningDesk {
		t.Fatalf("after reopen: %+v %v", s2, err)
	}
}

func TestSigning_NotInStage(t *testing.T) {
	f := newSigningFixture(t)
	c := MustMoveTo(t, f.db, f.kasubbag, f.coop, sepakat.StagePemantauan)
	_, err := f.db.ChooseSigningMethod(as(f.p1), c.ID, sepakat.MethodDesk)
	wantCode(t, err, sepakat.ECONFLICT)
}

func TestSigning_CalendarTokens(t *testing.T) {
	f := newSigningFixture(t)
	db := f.db
	if _, err := db.NewCalendarToken(as(f.p1)); sepakat.ErrorCode(err) != sepakat.EFORBIDDEN {
		t.Fatalf("PPKSD token: %v", err)
	}
	if at, err := db.CalendarTokenCreated(as(f.protokol)); err != nil || !at.IsZero() {
		t.Fatalf("no token yet: %v %v", at, err)
	}
	tok1, err := db.NewCalendarToken(as(f.protokol))
	if err != nil || len(tok1) < 40 {
		t.Fatalf("token %q %v", tok1, err)
	}
	u, err := db.CalendarFeedUser(system, tok1)
	if err != nil || u.ID != f.protokol.ID {
		t.Fatalf("feed user %+v %v", u, err)
	}
	tok2, err := db.NewCalendarToken(as(f.protokol))
	if err != nil || tok2 == tok1 {
		t.Fatalf("regenerate: %v", err)
	}
	if _, err := db.CalendarFeedUser(system, tok1); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("old token still works: %v", err)
	}
	if _, err := db.CalendarFeedUser(system, "tidak-ada"); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("unknown token: %v", err)
	}
	if at, _ := db.CalendarTokenCreated(as(f.protokol)); at.IsZero() {
		t.Fatal("creation time not kept")
	}
	// Only the hash is stored: the token's bytes are nowhere in the file.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data := readFile(t, db.Dir+"/sepakat.db")
	if strings.Contains(data, tok2) {
		t.Fatal("the token itself is stored")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
