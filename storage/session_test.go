package storage_test

import (
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

func TestSessions(t *testing.T) {
	db := MustOpenDB(t)
	u := MustSignUp(t, db, "dewi")
	other := MustSignUp(t, db, "eko")

	_, err := db.CreateSession(t.Context(), u.ID, time.Hour)
	wantCode(t, err, sepakat.EUNAUTHORIZED)
	_, err = db.CreateSession(as(other), u.ID, time.Hour)
	wantCode(t, err, sepakat.EFORBIDDEN)

	token, err := db.CreateSession(as(u), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(token) != 43 {
		t.Fatalf("token %q: want 32 random bytes in base64url (43 chars)", token)
	}
	got, err := db.FindSessionUser(t.Context(), token)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != u.ID || got.PasswordHash != "" {
		t.Fatalf("FindSessionUser = %+v", got)
	}
	_, err = db.FindSessionUser(t.Context(), token+"x")
	wantCode(t, err, sepakat.EUNAUTHORIZED)

	// Expiry.
	db.Clock.Add(time.Hour)
	_, err = db.FindSessionUser(t.Context(), token)
	wantCode(t, err, sepakat.EUNAUTHORIZED)

	// Delete.
	token, err = db.CreateSession(as(u), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteSession(t.Context(), token); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindSessionUser(t.Context(), token)
	wantCode(t, err, sepakat.EUNAUTHORIZED)

	// A deactivated user's session stops working.
	token, err = db.CreateSession(as(u), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	no := false
	if _, err := db.UpdateUser(system, u.ID, sepakat.UserUpdate{Active: &no}); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindSessionUser(t.Context(), token)
	wantCode(t, err, sepakat.EUNAUTHORIZED)
}
