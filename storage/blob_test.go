package storage_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sepakat/sepakat"
)

// blobFiles lists every file under the blob directory, tmp included.
func blobFiles(t *testing.T, db *testDB) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(filepath.Join(db.Dir, "blobs"), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBlobPut_ContentAddressed(t *testing.T) {
	db := MustOpenDB(t)
	content := "isi berkas surat tugas"
	sum := sha256.Sum256([]byte(content))
	want := hex.EncodeToString(sum[:])

	sha, size, ct, err := db.Blobs().Put(context.Background(), strings.NewReader(content), 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sha != want || size != int64(len(content)) || ct != "application/octet-stream" {
		t.Fatalf("Put = %s, %d, %s; want %s, %d, application/octet-stream", sha, size, ct, want, len(content))
	}
	if p := db.Blobs().Path(sha); p != filepath.Join(db.Dir, "blobs", want[:2], want) {
		t.Fatalf("Path = %s", p)
	}
	if got := readBlob(t, db, sha); got != content {
		t.Fatalf("content = %q", got)
	}

	// Identical content is stored once.
	sha2, _, _, err := db.Blobs().Put(context.Background(), strings.NewReader(content), 100, nil)
	if err != nil || sha2 != sha {
		t.Fatalf("second Put = %s, %v", sha2, err)
	}
	if files := blobFiles(t, db); len(files) != 1 {
		t.Fatalf("files after two identical Puts: %v", files)
	}

	// Exactly max bytes is accepted.
	if _, _, _, err := db.Blobs().Put(context.Background(), strings.NewReader("12345"), 5, nil); err != nil {
		t.Fatalf("Put of exactly max bytes: %v", err)
	}
}

func TestBlobPut_TooLarge(t *testing.T) {
	db := MustOpenDB(t)
	_, _, _, err := db.Blobs().Put(context.Background(), strings.NewReader(strings.Repeat("x", 3<<20)), 2<<20, nil)
	wantCode(t, err, sepakat.ETOOLARGE)
	wantMessageContains(t, err, "Berkas terlalu besar: paling besar 2 MB.")
	if files := blobFiles(t, db); len(files) != 0 {
		t.Fatalf("files left after a too large upload: %v", files)
	}
}

func TestBlobPut_CheckRejects(t *testing.T) {
	db := MustOpenDB(t)
	var seen string
	check := func(r io.ReadSeeker, size int64) (string, error) {
		b, _ := io.ReadAll(r)
		seen = string(b)
		return "", sepakat.Errorf(sepakat.EUNSUPPORTED, "Bukan PDF.")
	}
	_, _, _, err := db.Blobs().Put(context.Background(), strings.NewReader("bukan pdf"), 100, check)
	wantCode(t, err, sepakat.EUNSUPPORTED)
	if seen != "bukan pdf" {
		t.Fatalf("check read %q, want the whole content from the start", seen)
	}
	if files := blobFiles(t, db); len(files) != 0 {
		t.Fatalf("files left after a rejected upload: %v", files)
	}

	accept := func(r io.ReadSeeker, size int64) (string, error) { return "application/pdf", nil }
	_, _, ct, err := db.Blobs().Put(context.Background(), strings.NewReader("%PDF-1.7"), 100, accept)
	if err != nil || ct != "application/pdf" {
		t.Fatalf("Put with accepting check = %q, %v", ct, err)
	}
}

func TestBlobPut_ReadError(t *testing.T) {
	db := MustOpenDB(t)
	r := io.MultiReader(strings.NewReader("awal"), errReader{})
	_, _, _, err := db.Blobs().Put(context.Background(), r, 100, nil)
	if err == nil {
		t.Fatal("Put of a failing reader succeeded")
	}
	if files := blobFiles(t, db); len(files) != 0 {
		t.Fatalf("files left after a failed upload: %v", files)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestBlobOpen_InvalidSHA(t *testing.T) {
	db := MustOpenDB(t)
	for _, sha := range []string{"", "../../sepakat.db", strings.Repeat("A", 64), strings.Repeat("0", 63), strings.Repeat("0", 64)} {
		_, err := db.Blobs().Open(context.Background(), sha)
		wantCode(t, err, sepakat.ENOTFOUND)
	}
}

func TestBlobPut_Concurrent(t *testing.T) {
	db := MustOpenDB(t)
	const n = 20
	var wg sync.WaitGroup
	shas := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			// Half the uploads share their content with another one.
			content := strings.Repeat(string(rune('a'+i/2)), 100_000)
			shas[i], _, _, errs[i] = db.Blobs().Put(context.Background(), strings.NewReader(content), 1<<20, nil)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if got := readBlob(t, db, shas[i]); got != strings.Repeat(string(rune('a'+i/2)), 100_000) {
			t.Fatalf("blob %d has the wrong content", i)
		}
	}
	if files := blobFiles(t, db); len(files) != n/2 {
		t.Fatalf("%d files after %d concurrent Puts of %d contents", len(files), n, n/2)
	}
	var walked int
	db.Blobs().Walk(func(sha string, size int64) error {
		walked++
		if size != 100_000 {
			t.Errorf("Walk: %s has size %d", sha, size)
		}
		return nil
	})
	if walked != n/2 {
		t.Fatalf("Walk saw %d blobs, want %d", walked, n/2)
	}
}

func TestBlobStore_RemovesStaleTempFiles(t *testing.T) {
	db := MustOpenDB(t)
	stale := filepath.Join(db.Dir, "blobs", "tmp", "put-crashed")
	if err := os.WriteFile(stale, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	db.Close()
	MustOpenDBAt(t, db.Dir)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("stale temp file still there after Open: %v", err)
	}
}
