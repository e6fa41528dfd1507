package storage_test

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/storage"
)

func TestBackupRestore_RoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	p1, p2 := MustRegister(t, db, "cadang")
	var coops []*sepakat.Cooperation
	for i := range 5 {
		coops = append(coops, MustSubmittedCooperation(t, db, p1, p2, fmt.Sprintf("Cadangan %d", i)))
	}
	blob := MustPutBlob(t, db, "lampiran.pdf", "%PDF lampiran yang dicadangkan")

	// Keep writing — users, cooperations, blobs — while the backup runs.
	var stop atomic.Bool
	var wg sync.WaitGroup
	var writeErr error
	started := make(chan struct{})
	wg.Go(func() {
		for i := 0; !stop.Load(); i++ {
			if i == 1 {
				close(started)
			}
			if _, err := db.CreateCooperation(as(p1), completeApplication(fmt.Sprintf("Selama cadangan %d", i), p2.ID)); err != nil {
				writeErr = err
				return
			}
			if _, _, _, err := db.Blobs().Put(t.Context(), strings.NewReader(fmt.Sprintf("berkas selama cadangan %d", i)), 1<<20, nil); err != nil {
				writeErr = err
				return
			}
		}
	})
	<-started
	var buf bytes.Buffer
	err := db.WriteBackup(&buf)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if writeErr != nil {
		t.Fatal(writeErr)
	}
	if matches, _ := filepath.Glob(filepath.Join(db.Dir, "backup-*.tmp")); len(matches) != 0 {
		t.Fatalf("snapshot files left in the data directory: %v", matches)
	}

	// The stream starts with the database, then blobs.
	tr := tar.NewReader(bytes.NewReader(buf.Bytes()))
	first, err := tr.Next()
	if err != nil || first.Name != "sepakat.db" {
		t.Fatalf("first entry = %v, %v", first, err)
	}

	dir := filepath.Join(t.TempDir(), "pulih")
	if err := storage.RestoreBackup(bytes.NewReader(buf.Bytes()), dir, false); err != nil {
		t.Fatal(err)
	}
	restored := MustOpenDBAt(t, dir)
	for _, u := range []*sepakat.User{p1, p2} {
		got, err := restored.Authenticate(t.Context(), u.Login, testPassword)
		if err != nil || got.ID != u.ID || !got.Verified {
			t.Fatalf("restored user %s: %+v, %v", u.Login, got, err)
		}
	}
	for _, c := range coops {
		got, err := restored.FindCooperationByID(as(p1), c.ID)
		if err != nil || got.Code != c.Code || got.Title != c.Title {
			t.Fatalf("restored cooperation %d: %+v, %v", c.ID, got, err)
		}
	}
	if got := readBlob(t, restored, blob.SHA256); got != "%PDF lampiran yang dicadangkan" {
		t.Fatalf("restored blob = %q", got)
	}
	// Every file the restored registration references is there.
	reg, err := restored.MyRegistration(as(p1))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []*sepakat.File{reg.Letter, reg.Officer1.Photo, reg.Officer2.Photo} {
		if !restored.Blobs().Exists(f.SHA256) {
			t.Fatalf("restored registration references missing blob %s", f.SHA256)
		}
	}
	report, err := restored.VerifyAudit(system)
	if err != nil || !report.OK {
		t.Fatalf("restored audit chain: %+v, %v", report, err)
	}

	// A restore over existing data needs force, and keeps the old database.
	err = storage.RestoreBackup(bytes.NewReader(buf.Bytes()), dir, false)
	wantCode(t, err, sepakat.ECONFLICT)
	restored.Close()
	if err := storage.RestoreBackup(bytes.NewReader(buf.Bytes()), dir, true); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "sepakat.db.before-restore-*"))
	if len(kept) != 1 {
		t.Fatalf("old database kept as %v, want one file", kept)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".sepakat-restore-*"))
	if len(leftovers) != 0 {
		t.Fatalf("restore left temporary directories: %v", leftovers)
	}
}

func TestRestore_RefusesWhileInUse(t *testing.T) {
	db := MustOpenDB(t)
	var buf bytes.Buffer
	if err := db.WriteBackup(&buf); err != nil {
		t.Fatal(err)
	}
	err := storage.RestoreBackup(bytes.NewReader(buf.Bytes()), db.Dir, true)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("restore over an open database: %v", err)
	}
}

func TestWriteOfflineBackup(t *testing.T) {
	db := MustOpenDB(t)
	u := MustSignUp(t, db, "luring")
	MustPutBlob(t, db, "a", "isi luring")
	var buf bytes.Buffer
	err := storage.WriteOfflineBackup(db.Dir, &buf)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("offline backup while the database is open: %v", err)
	}
	db.Close()
	if err := storage.WriteOfflineBackup(db.Dir, &buf); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "pulih")
	if err := storage.RestoreBackup(&buf, dir, false); err != nil {
		t.Fatal(err)
	}
	restored := MustOpenDBAt(t, dir)
	if _, err := restored.Authenticate(t.Context(), u.Login, testPassword); err != nil {
		t.Fatal(err)
	}
}

// tarOf builds a tar stream of the given entries.
type tarEntry struct {
	name     string
	body     string
	typeflag byte
	linkname string
}

func tarOf(t *testing.T, entries ...tarEntry) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Mode: 0o600, Size: int64(len(e.body)), Typeflag: e.typeflag, Linkname: e.linkname}
		if hdr.Typeflag == 0 {
			hdr.Typeflag = tar.TypeReg
		}
		if hdr.Typeflag != tar.TypeReg {
			hdr.Size = 0
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if hdr.Size > 0 {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf
}

func TestRestore_RejectsBadArchives(t *testing.T) {
	// A genuine database to put into the archives.
	src := MustOpenDB(t)
	MustSignUp(t, src, "asli")
	src.Close()
	dbBytes, err := os.ReadFile(filepath.Join(src.Dir, "sepakat.db"))
	if err != nil {
		t.Fatal(err)
	}
	good := "isi berkas"
	sum := sha256.Sum256([]byte(good))
	sha := hex.EncodeToString(sum[:])

	tests := []struct {
		name    string
		entries []tarEntry
	}{
		{"parent path", []tarEntry{{name: "sepakat.db", body: string(dbBytes)}, {name: "../x", body: "jahat"}}},
		{"dotdot inside", []tarEntry{{name: "blobs/../../x", body: "jahat"}, {name: "sepakat.db", body: string(dbBytes)}}},
		{"absolute path", []tarEntry{{name: "/etc/x", body: "jahat"}}},
		{"symlink", []tarEntry{{name: "sepakat.db", typeflag: tar.TypeSymlink, linkname: "/etc/passwd"}}},
		{"unexpected name", []tarEntry{{name: "sepakat.db", body: string(dbBytes)}, {name: "config.toml", body: "x"}}},
		{"blob in the wrong folder", []tarEntry{{name: "sepakat.db", body: string(dbBytes)}, {name: "blobs/zz/" + sha, body: good}}},
		{"blob not matching its name", []tarEntry{{name: "sepakat.db", body: string(dbBytes)}, {name: "blobs/" + sha[:2] + "/" + sha, body: "lain"}}},
		{"duplicate entry", []tarEntry{{name: "sepakat.db", body: string(dbBytes)}, {name: "sepakat.db", body: string(dbBytes)}}},
		{"no database", []tarEntry{{name: "blobs/" + sha[:2] + "/" + sha, body: good}}},
		{"not a database", []tarEntry{{name: "sepakat.db", body: strings.Repeat("x", 8192)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "data")
			if err := storage.RestoreBackup(tarOf(t, tt.entries...), dir, false); err == nil {
				t.Fatal("restore succeeded")
			}
			if _, err := os.Stat(filepath.Join(dir, "sepakat.db")); !os.IsNotExist(err) {
				t.Fatalf("a database was put in place: %v", err)
			}
			if _, err := os.Stat(filepath.Join(parent, "x")); !os.IsNotExist(err) {
				t.Fatalf("a file was written outside the directory")
			}
			if left, _ := filepath.Glob(filepath.Join(parent, ".sepakat-restore-*")); len(left) != 0 {
				t.Fatalf("temporary directories left: %v", left)
			}
		})
	}

	// A truncated stream is refused.
	var full bytes.Buffer
	full.Write(tarOf(t, tarEntry{name: "sepakat.db", body: string(dbBytes)}).Bytes())
	truncated := bytes.NewReader(full.Bytes()[:len(dbBytes)/2])
	if err := storage.RestoreBackup(truncated, filepath.Join(t.TempDir(), "data"), false); err == nil {
		t.Fatal("restore of a truncated stream succeeded")
	}
	// The same archive, whole, is accepted.
	if err := storage.RestoreBackup(&full, filepath.Join(t.TempDir(), "data"), false); err != nil {
		t.Fatalf("restore of a good archive: %v", err)
	}
}

func TestRestore_RejectsBrokenAuditChain(t *testing.T) {
	dir := MustBusyDB(t)
	tamper(t, dir, func(b *bolt.Bucket) error { return b.Delete(seqKey(5)) })
	var buf bytes.Buffer
	if err := storage.WriteOfflineBackup(dir, &buf); err != nil {
		t.Fatal(err)
	}
	err := storage.RestoreBackup(&buf, filepath.Join(t.TempDir(), "data"), false)
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "audit")
}
