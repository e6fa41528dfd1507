package storage_test

import (
	"testing"

	"github.com/sepakat/sepakat"
)

func TestNotifications(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "kotak")
	akp := verifierOf(t, db)
	member := MustCreateUser(t, db, sepakat.RoleTKKSD, "anggota")

	// Three grants and revokes give the member three notifications; p1 has
	// one from the registration approval.
	c := MustSubmittedCooperation(t, db, p1, p2, "Kotak masuk")
	for _, step := range []func() (*sepakat.Cooperation, error){
		func() (*sepakat.Cooperation, error) { return db.GrantAccess(as(akp), c.ID, member.ID) },
		func() (*sepakat.Cooperation, error) { return db.RevokeAccess(as(akp), c.ID, member.ID) },
		func() (*sepakat.Cooperation, error) { return db.GrantAccess(as(akp), c.ID, member.ID) },
	} {
		if _, err := step(); err != nil {
			t.Fatal(err)
		}
	}

	notes, unread, err := db.FindNotifications(as(member), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 3 || unread != 3 {
		t.Fatalf("member has %d notifications, %d unread; want 3, 3", len(notes), unread)
	}
	for i, n := range notes {
		if n.UserID != member.ID || !n.Unread() {
			t.Fatalf("notification %+v", n)
		}
		if i > 0 && n.ID > notes[i-1].ID {
			t.Fatalf("not newest first: %d after %d", n.ID, notes[i-1].ID)
		}
	}
	wantContains(t, notes[1].Message, "dicabut")

	limited, _, _ := db.FindNotifications(as(member), 2)
	if len(limited) != 2 || limited[0].ID != notes[0].ID {
		t.Fatalf("limit 2 gave %d notifications", len(limited))
	}

	// Another user's notification cannot be marked, nor seen.
	wantCode(t, db.MarkNotificationRead(as(p1), notes[0].ID), sepakat.ENOTFOUND)
	wantCode(t, db.MarkNotificationRead(as(member), 99999), sepakat.ENOTFOUND)
	p1Notes, _, _ := db.FindNotifications(as(p1), 50)
	for _, n := range p1Notes {
		if n.UserID != p1.ID {
			t.Fatalf("p1 sees notification of user %d", n.UserID)
		}
	}

	if err := db.MarkNotificationRead(as(member), notes[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkNotificationRead(as(member), notes[1].ID); err != nil { // twice: no change
		t.Fatal(err)
	}
	if n, _ := db.UnreadCount(as(member)); n != 2 {
		t.Fatalf("unread after one read = %d, want 2", n)
	}
	notes, unread, _ = db.FindNotifications(as(member), 0)
	if unread != 2 || notes[1].Unread() || notes[1].ReadAt.IsZero() || !notes[0].Unread() {
		t.Fatalf("after marking one read: unread %d, %+v", unread, notes)
	}

	if err := db.MarkAllNotificationsRead(as(member)); err != nil {
		t.Fatal(err)
	}
	notes, unread, _ = db.FindNotifications(as(member), 0)
	if unread != 0 {
		t.Fatalf("unread after mark all = %d", unread)
	}
	for _, n := range notes {
		if n.Unread() {
			t.Fatalf("notification %d still unread", n.ID)
		}
	}
	// Other users' counters are untouched.
	if n, _ := db.UnreadCount(as(p1)); n == 0 {
		t.Fatalf("p1's unread notifications were marked read too")
	}

	_, _, err = db.FindNotifications(t.Context(), 10)
	wantCode(t, err, sepakat.EUNAUTHORIZED)
}
