package storage_test

import (
	"crypto/sha256"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

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

func TestSessions_ExpiredArePurged(t *testing.T) {
	db := MustOpenDB(t)
	u := MustSignUp(t, db, "fajar")
	for range 3 {
		if _, err := db.CreateSession(as(u), u.ID, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	db.Clock.Add(time.Hour)
	live, err := db.CreateSession(as(u), u.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	bdb, err := bolt.Open(filepath.Join(db.Dir, "sepakat.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	bdb.View(func(tx *bolt.Tx) error {
		sessions := tx.Bucket([]byte("sessions"))
		if n := sessions.Stats().KeyN; n != 1 {
			t.Errorf("%d sessions stored, want only the live one", n)
		}
		sum := sha256.Sum256([]byte(live))
		if sessions.Get(sum[:]) == nil {
			t.Errorf("the live session is not stored under the SHA-256 of its token")
		}
		if sessions.Get([]byte(live)) != nil {
			t.Errorf("the token itself is stored")
		}
		return nil
	})
}
