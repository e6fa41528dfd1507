package storage_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

func TestOpen_SchemaVersion(t *testing.T) {
	dir := t.TempDir()
	db, err := storage.Open(dir, storage.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// The version is recorded at open.
	bdb, err := bolt.Open(filepath.Join(dir, storage.DBFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		if got := string(meta.Get([]byte("schema_version"))); got != strconv.Itoa(storage.SchemaVersion()) {
			t.Errorf("schema_version = %q, want %d", got, storage.SchemaVersion())
		}
		return meta.Put([]byte("schema_version"), []byte(strconv.Itoa(storage.SchemaVersion()+1)))
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}

	// A database from a newer binary is refused.
	_, err = storage.Open(dir, storage.Options{NoSync: true})
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer database: err = %v, want a refusal naming a newer version", err)
	}
}

func TestOpen_InUse(t *testing.T) {
	db := MustOpenDB(t)
	_, err := storage.Open(db.Dir, storage.Options{Timeout: 100 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second Open: err = %v, want it to say the directory is in use", err)
	}
	_, err = storage.Open(db.Dir, storage.Options{Timeout: 100 * time.Millisecond, ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("read-only Open: err = %v, want it to say the directory is in use", err)
	}
}

func TestOpen_ReopenKeepsDataAndIndex(t *testing.T) {
	dir := t.TempDir()
	db := MustOpenDBAt(t, dir)
	p1, p2 := MustRegister(t, db, "buka")
	c := MustSubmittedCooperation(t, db, p1, p2, "Kerja sama pendidikan vokasi")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = MustOpenDBAt(t, dir)
	list, total, err := db.FindCooperations(as(p1), sepakat.CooperationFilter{Query: "vokasi"})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || list[0].ID != c.ID || list[0].Code != c.Code {
		t.Fatalf("after reopen: list = %+v (total %d), want cooperation %d", list, total, c.ID)
	}
	if _, err := db.Authenticate(t.Context(), p1.Login, testPassword); err != nil {
		t.Fatalf("authenticate after reopen: %v", err)
	}
}
