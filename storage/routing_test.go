package storage_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/sepakat/sepakat"
)

// fakeMethods is the signing service as the routing sheet sees it.
type fakeMethods struct {
	mu sync.Mutex
	m  map[int64]sepakat.SigningMethod
}

func (f *fakeMethods) SigningMethodOf(_ context.Context, id int64) (sepakat.SigningMethod, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.m[id], nil
}

func (f *fakeMethods) set(id int64, m sepakat.SigningMethod) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m[id] = m
}

func TestRouting(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "r")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	akp := verifierOf(t, db)
	arnp := MustCreateUser(t, db, sepakat.RoleARNP, "arnp")
	tkksd := MustCreateUser(t, db, sepakat.RoleTKKSD, "tkksd")
	other := MustCreateUser(t, db, sepakat.RoleTKKSD, "tkksd2")
	protokol := MustCreateUser(t, db, sepakat.RoleProtokol, "protokol")
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin2")
	methods := &fakeMethods{m: map[int64]sepakat.SigningMethod{}}
	r := db.Routing(methods)

	c := MustSubmittedCooperation(t, db, p1, p2, "KB Desa Wisata")
	if _, err := db.GrantAccess(as(akp), c.ID, tkksd.ID); err != nil {
		t.Fatal(err)
	}
	// Not yet in penandatanganan: 409 for whoever sees it.
	_, err := r.RoutingSheet(as(p1), c.ID)
	wantCode(t, err, sepakat.ECONFLICT)
	c = MustMoveTo(t, db, kasubbag, c, sepakat.StagePenandatanganan)
	// No method yet, then in person: 409.
	_, err = r.RoutingSheet(as(akp), c.ID)
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "belum dipilih")
	methods.set(c.ID, sepakat.MethodInPerson)
	_, err = r.MarkDesk(as(akp), c.ID, 1, sepakat.MarkReceived, "")
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "tatap muka")
	methods.set(c.ID, sepakat.MethodDesk)

	// Who sees it: 404 for strangers, 403 for the protocol office, which
	// sees the cooperation but not its sheet.
	_, err = r.RoutingSheet(as(other), c.ID)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = r.RoutingSheet(as(admin), c.ID)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = r.RoutingSheet(as(protokol), c.ID)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = r.RoutingSheet(context.Background(), c.ID)
	wantCode(t, err, sepakat.EUNAUTHORIZED)

	// Created from the defaults on the first view, by whoever looks first.
	s, err := r.RoutingSheet(as(tkksd), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Desks) != 6 || s.Desks[0].Name != "Kasubbag Kerja Sama" || s.CreatedBy != tkksd.ID || s.CreatedAt.IsZero() {
		t.Fatalf("sheet %+v", s)
	}
	again, err := r.RoutingSheet(as(p1), c.ID)
	if err != nil || !again.CreatedAt.Equal(s.CreatedAt) {
		t.Fatalf("second view made another sheet: %+v %v", again, err)
	}

	// The office changes the desks before the first mark; nobody else does.
	desks := []sepakat.Desk{
		{Name: "Kepala Bagian Kerja Sama", TimeStandard: 1, Action: sepakat.ActionParaf},
		{Name: "Wali Kota", TimeStandard: 2, Action: sepakat.ActionSign},
	}
	for _, u := range []*sepakat.User{p1, tkksd} {
		_, err = r.SetRoutingDesks(as(u), c.ID, desks)
		wantCode(t, err, sepakat.EFORBIDDEN)
	}
	_, err = r.SetRoutingDesks(as(arnp), c.ID, nil)
	wantCode(t, err, sepakat.EINVALID)
	if s, err = r.SetRoutingDesks(as(arnp), c.ID, desks); err != nil || len(s.Desks) != 2 {
		t.Fatalf("set desks: %+v %v", s, err)
	}

	// Marks: only the office, in order.
	_, err = r.MarkDesk(as(p1), c.ID, 1, sepakat.MarkReceived, "")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = r.MarkDesk(as(tkksd), c.ID, 1, sepakat.MarkReceived, "")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = r.MarkDesk(as(protokol), c.ID, 1, sepakat.MarkReceived, "")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = r.MarkDesk(as(akp), c.ID, 2, sepakat.MarkReceived, "")
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = r.MarkDesk(as(akp), c.ID, 3, sepakat.MarkReceived, "")
	wantCode(t, err, sepakat.ENOTFOUND)
	if s, err = r.MarkDesk(as(akp), c.ID, 1, sepakat.MarkReceived, "diantar staf"); err != nil {
		t.Fatal(err)
	}
	if m := s.Desks[0].Received; m == nil || m.ByID != akp.ID || m.ByName != akp.Name || m.Note != "diantar staf" || m.At.IsZero() {
		t.Fatalf("received mark %+v", m)
	}
	_, err = r.SetRoutingDesks(as(arnp), c.ID, desks)
	wantCode(t, err, sepakat.ECONFLICT)
	if _, err = r.MarkDesk(as(arnp), c.ID, 1, sepakat.MarkInitialled, ""); err != nil {
		t.Fatal(err)
	}
	if _, err = r.MarkDesk(as(kasubbag), c.ID, 2, sepakat.MarkReceived, ""); err != nil {
		t.Fatal(err)
	}
	_, unreadBefore, _ := db.FindNotifications(as(p2), 1)
	if s, err = r.MarkDesk(as(kasubbag), c.ID, 2, sepakat.MarkSigned, "ditandatangani di rumah jabatan"); err != nil || !s.Done() {
		t.Fatalf("last mark: %+v %v", s, err)
	}

	// Both PPKSD are told; the marks are in the audit log.
	for _, u := range []*sepakat.User{p1, p2} {
		notes, unread, err := db.FindNotifications(as(u), 1)
		if err != nil || len(notes) == 0 || !strings.Contains(notes[0].Message, "meja ke meja") || notes[0].CooperationID != c.ID {
			t.Fatalf("%s notifications %+v %v", u.Login, notes, err)
		}
		if u == p2 && unread != unreadBefore+1 {
			t.Errorf("ppksd2 unread %d, before %d", unread, unreadBefore)
		}
	}
	entries, err := db.FindAuditEntries(as(kasubbag), sepakat.AuditFilter{Object: fmt.Sprintf("cooperation/%d", c.ID)})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "routing.") {
			actions = append(actions, e.Action+" "+e.ActorLogin+" "+e.Detail)
		}
	}
	got := strings.Join(actions, "\n")
	for _, want := range []string{
		"routing.create tkksd lembar edaran 6 meja",
		"routing.desks arnp 2 meja: Kepala Bagian Kerja Sama → Wali Kota",
		"routing.mark akp meja 1 (Kepala Bagian Kerja Sama) diterima: diantar staf",
		"routing.mark arnp meja 1 (Kepala Bagian Kerja Sama) diparaf",
		"routing.mark kasubbag meja 2 (Wali Kota) ditandatangani: ditandatangani di rumah jabatan",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %q:\n%s", want, got)
		}
	}
	if rep, err := db.VerifyAudit(as(kasubbag)); err != nil || !rep.OK {
		t.Errorf("audit chain %+v %v", rep, err)
	}

	// Once the cooperation moves on, the sheet answers 409.
	c = MustMoveTo(t, db, kasubbag, c, sepakat.StagePemantauan)
	_, err = r.RoutingSheet(as(akp), c.ID)
	wantCode(t, err, sepakat.ECONFLICT)
}

func TestRoutingDefaults(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "d")
	kasubbag := MustCreateUser(t, db, sepakat.RoleKasubbag, "kasubbag")
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin2")
	methods := &fakeMethods{m: map[int64]sepakat.SigningMethod{}}
	r := db.Routing(methods)

	got, err := r.RoutingDefaults(as(kasubbag))
	if err != nil || len(got) != len(sepakat.DefaultDesks()) {
		t.Fatalf("defaults %v %v", got, err)
	}
	_, err = r.RoutingDefaults(as(p1))
	wantCode(t, err, sepakat.EFORBIDDEN)
	mine := []sepakat.Desk{
		{Name: "Kasubbag Kerja Sama", TimeStandard: 1, Action: sepakat.ActionParaf},
		{Name: "Bupati", TimeStandard: 4, Action: sepakat.ActionSign},
	}
	_, err = r.SetRoutingDefaults(as(kasubbag), mine)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = r.SetRoutingDefaults(as(admin), []sepakat.Desk{{Name: "X", Action: "cap"}})
	wantCode(t, err, sepakat.EINVALID)
	if got, err = r.SetRoutingDefaults(as(admin), mine); err != nil || len(got) != 2 {
		t.Fatalf("set defaults %v %v", got, err)
	}
	if got, err = r.RoutingDefaults(as(admin)); err != nil || len(got) != 2 || got[1].Name != "Bupati" {
		t.Fatalf("defaults after set %v %v", got, err)
	}

	// New sheets start from them.
	c := MustSubmittedCooperation(t, db, p1, p2, "KB Baru")
	c = MustMoveTo(t, db, kasubbag, c, sepakat.StagePenandatanganan)
	methods.set(c.ID, sepakat.MethodDesk)
	s, err := r.RoutingSheet(as(p1), c.ID)
	if err != nil || len(s.Desks) != 2 || s.Desks[1].Name != "Bupati" || s.Desks[1].TimeStandard != 4 {
		t.Fatalf("sheet %+v %v", s, err)
	}

	// Import: the system only, checked.
	bad := *s
	bad.Desks = append([]sepakat.Desk(nil), s.Desks...)
	bad.Desks[1].Received = &sepakat.Mark{At: s.CreatedAt}
	err = r.ImportRoutingSheet(system, &bad)
	wantCode(t, err, sepakat.ECONFLICT)
	err = r.ImportRoutingSheet(as(kasubbag), s)
	wantCode(t, err, sepakat.EFORBIDDEN)
	good := *s
	good.Desks = append([]sepakat.Desk(nil), s.Desks...)
	good.Desks[0].Received = &sepakat.Mark{ByID: kasubbag.ID, ByName: kasubbag.Name, At: s.CreatedAt}
	if err := r.ImportRoutingSheet(system, &good); err != nil {
		t.Fatal(err)
	}
	if s, err = r.RoutingSheet(as(kasubbag), c.ID); err != nil || s.Desks[0].Received == nil {
		t.Fatalf("imported sheet %+v %v", s, err)
	}
}
