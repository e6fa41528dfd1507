package storage

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

// backupTempPattern names the snapshot file a backup writes in the data
// directory before streaming it; Open removes leftovers.
const backupTempPattern = "backup-*.tmp"

// Sanity limits of a restore: no entry or total beyond these is accepted.
const (
	maxRestoreEntry = 64 << 30 // 64 GiB for the database, far more than a blob
	maxRestoreBlob  = 4 << 30  // blobs are uploads of at most a few hundred MB
	maxRestoreTotal = 1 << 40  // 1 TiB
)

var blobEntryPattern = regexp.MustCompile(`^blobs/([0-9a-f]{2})/([0-9a-f]{64})$`)

// WriteBackup writes the whole data directory to w as a tar stream: first
// sepakat.db, a consistent snapshot taken in one read transaction while
// writes go on, then every blob as blobs/ab/<sha>. Blobs are immutable and
// stored before the metadata that references them commits, so every blob
// the snapshot references is in the stream.
func (db *DB) WriteBackup(w io.Writer) error {
	snap, err := os.CreateTemp(db.dir, backupTempPattern)
	if err != nil {
		return fmt.Errorf("create backup snapshot: %w", err)
	}
	defer os.Remove(snap.Name())
	defer snap.Close()

	var size int64
	err = db.view(func(tx *bolt.Tx) error {
		var err error
		size, err = tx.WriteTo(snap)
		return err
	})
	if err != nil {
		return fmt.Errorf("snapshot database: %w", err)
	}
	if _, err := snap.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind snapshot: %w", err)
	}

	tw := tar.NewWriter(w)
	modTime := db.now()
	if err := writeTarFile(tw, DBFile, snap, size, modTime); err != nil {
		return err
	}
	err = db.blobs.Walk(func(sha string, size int64) error {
		f, err := os.Open(db.blobs.Path(sha))
		if err != nil {
			return fmt.Errorf("open blob: %w", err)
		}
		defer f.Close()
		return writeTarFile(tw, "blobs/"+sha[:2]+"/"+sha, f, size, modTime)
	})
	if err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("finish backup: %w", err)
	}
	return nil
}

// writeTarFile writes one regular file of exactly size bytes from r.
func writeTarFile(tw *tar.Writer, name string, r io.Reader, size int64, modTime time.Time) error {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o600, Size: size, ModTime: modTime}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("backup %s: %w", name, err)
	}
	if _, err := io.CopyN(tw, r, size); err != nil {
		return fmt.Errorf("backup %s: %w", name, err)
	}
	return nil
}

// WriteOfflineBackup writes the backup of the data directory dir while no
// server runs: it opens the database read-only (failing if a server holds
// it) and calls WriteBackup.
func WriteOfflineBackup(dir string, w io.Writer) error {
	db, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.WriteBackup(w)
}

// RestoreBackup restores a backup written by WriteBackup into the data
// directory dir. It refuses a dir that already holds sepakat.db unless force
// is set, in which case the old database is kept as
// sepakat.db.before-restore-<timestamp>. The stream is first extracted into
// a temporary directory next to dir and checked — only expected names,
// regular files, every blob matching its SHA-256, a database that opens and
// an audit chain that verifies — and only then moved into place.
func RestoreBackup(r io.Reader, dir string, force bool) error {
	dir = filepath.Clean(dir)
	dbPath := filepath.Join(dir, DBFile)
	_, err := os.Stat(dbPath)
	exists := err == nil
	if exists && !force {
		return sepakat.Errorf(sepakat.ECONFLICT, "Direktori data %s sudah berisi %s. Gunakan opsi paksa (force) untuk menimpanya; basis data lama akan disimpan.", dir, DBFile)
	}
	if exists {
		// Refuse to swap the database under a running server.
		old, err := bolt.Open(dbPath, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if errors.Is(err, bolt.ErrTimeout) {
			return fmt.Errorf("the data directory %s is in use by a running server; stop it before restoring", dir)
		} else if err != nil {
			return fmt.Errorf("open existing database: %w", err)
		}
		old.Close()
	}

	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o700); err != nil {
		return fmt.Errorf("create parent directory: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".sepakat-restore-*")
	if err != nil {
		return fmt.Errorf("create restore directory: %w", err)
	}
	defer os.RemoveAll(tmp)

	if err := extractBackup(r, tmp); err != nil {
		return err
	}
	if err := checkRestoredDB(tmp); err != nil {
		return err
	}
	return moveRestored(tmp, dir, exists)
}

// extractBackup writes the entries of the tar stream r under tmp after
// checking each one.
func extractBackup(r io.Reader, tmp string) error {
	tr := tar.NewReader(r)
	seen := map[string]bool{}
	var total int64
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return sepakat.Errorf(sepakat.EINVALID, "Berkas cadangan rusak atau bukan arsip tar: %v", err)
		}
		name := hdr.Name
		sha, err := checkBackupEntry(hdr)
		if err != nil {
			return err
		}
		if seen[name] {
			return sepakat.Errorf(sepakat.EINVALID, "Berkas cadangan tidak sah: entri %q muncul dua kali.", name)
		}
		seen[name] = true
		if total += hdr.Size; total > maxRestoreTotal {
			return sepakat.Errorf(sepakat.EINVALID, "Berkas cadangan tidak sah: ukuran total terlalu besar.")
		}
		if err := extractEntry(tr, filepath.Join(tmp, filepath.FromSlash(name)), hdr.Size, sha); err != nil {
			return err
		}
	}
	if !seen[DBFile] {
		return sepakat.Errorf(sepakat.EINVALID, "Berkas cadangan tidak sah: %s tidak ada.", DBFile)
	}
	return nil
}

// checkBackupEntry accepts only regular files named sepakat.db or
// blobs/ab/<sha> of a sane size; it returns the blob's sha ("" for the
// database).
func checkBackupEntry(hdr *tar.Header) (string, error) {
	name := hdr.Name
	bad := func(why string) error {
		return sepakat.Errorf(sepakat.EINVALID, "Berkas cadangan tidak sah: entri %q %s.", name, why)
	}
	if strings.Contains(name, "..") || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || filepath.IsAbs(name) {
		return "", bad("menunjuk ke luar direktori data")
	}
	if hdr.Typeflag != tar.TypeReg {
		return "", bad("bukan berkas biasa")
	}
	if hdr.Size < 0 || hdr.Size > maxRestoreEntry {
		return "", bad("berukuran tidak wajar")
	}
	if name == DBFile {
		return "", nil
	}
	m := blobEntryPattern.FindStringSubmatch(name)
	if m == nil || m[1] != m[2][:2] {
		return "", bad("tidak dikenal")
	}
	if hdr.Size > maxRestoreBlob {
		return "", bad("berukuran tidak wajar")
	}
	return m[2], nil
}

// extractEntry copies exactly size bytes of r into a new file at path and,
// for a blob, checks that its content hashes to sha.
func extractEntry(r io.Reader, path string, size int64, sha string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create restore folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create restored file: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err != nil || n != size {
		return sepakat.Errorf(sepakat.EINVALID, "Berkas cadangan terpotong atau rusak (%s).", filepath.Base(path))
	}
	if sha != "" && hex.EncodeToString(h.Sum(nil)) != sha {
		return sepakat.Errorf(sepakat.EINVALID, "Berkas cadangan rusak: isi berkas %s tidak cocok dengan SHA-256-nya.", sha)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync restored file: %w", err)
	}
	return f.Close()
}

// checkRestoredDB opens the extracted database and verifies its audit chain.
func checkRestoredDB(tmp string) error {
	db, err := Open(tmp, Options{})
	if err != nil {
		return fmt.Errorf("open restored database: %w", err)
	}
	report, err := db.verifyAudit()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if !report.OK {
		return sepakat.Errorf(sepakat.EINVALID, "Log audit di berkas cadangan tidak utuh: %s.", report.Problem)
	}
	return nil
}

// moveRestored moves the checked blobs, then the database, from tmp into
// dir. The blobs go first so that the database never references a blob
// that is not there yet.
func moveRestored(tmp, dir string, replace bool) error {
	blobDir := filepath.Join(dir, "blobs")
	if err := os.MkdirAll(blobDir, 0o700); err != nil {
		return fmt.Errorf("create blob directory: %w", err)
	}
	src := &BlobStore{dir: filepath.Join(tmp, "blobs")}
	dst := &BlobStore{dir: blobDir}
	err := src.Walk(func(sha string, size int64) error {
		to := dst.Path(sha)
		if _, err := os.Stat(to); err == nil {
			return nil // the same content is already there
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("stat blob: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
			return fmt.Errorf("create blob folder: %w", err)
		}
		if err := os.Rename(src.Path(sha), to); err != nil {
			return fmt.Errorf("move blob: %w", err)
		}
		return syncDir(filepath.Dir(to))
	})
	if err != nil {
		return err
	}
	if err := syncDir(blobDir); err != nil {
		return fmt.Errorf("sync blob directory: %w", err)
	}

	dbPath := filepath.Join(dir, DBFile)
	if replace {
		kept := dbPath + ".before-restore-" + time.Now().Format("20060102-150405")
		if err := os.Rename(dbPath, kept); err != nil {
			return fmt.Errorf("keep old database: %w", err)
		}
	}
	if err := os.Rename(filepath.Join(tmp, DBFile), dbPath); err != nil {
		return fmt.Errorf("move database into place: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("sync data directory: %w", err)
	}
	return nil
}
