package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"

	"github.com/sepakat/sepakat"
)

// BlobStore keeps file contents addressed by their SHA-256 (lowercase hex)
// at <dir>/<first two hex chars>/<sha>. Blobs are immutable: a blob is
// written once, atomically, and never changed. It implements
// sepakat.BlobStore.
type BlobStore struct {
	dir    string
	tmp    string
	logger *slog.Logger
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidSHA reports whether s is a SHA-256 in lowercase hex, the only form
// of blob name.
func ValidSHA(s string) bool { return shaPattern.MatchString(s) }

// openBlobStore prepares the blob directory and removes temporary files
// left by a crash (not in read-only mode).
func openBlobStore(dir string, readOnly bool, logger *slog.Logger) (*BlobStore, error) {
	s := &BlobStore{dir: dir, tmp: filepath.Join(dir, "tmp"), logger: logger}
	if readOnly {
		return s, nil
	}
	if err := os.MkdirAll(s.tmp, 0o700); err != nil {
		return nil, fmt.Errorf("create blob directory: %w", err)
	}
	entries, err := os.ReadDir(s.tmp)
	if err != nil {
		return nil, fmt.Errorf("read blob temp directory: %w", err)
	}
	for _, e := range entries {
		p := filepath.Join(s.tmp, e.Name())
		if err := os.RemoveAll(p); err != nil {
			return nil, fmt.Errorf("remove stale upload: %w", err)
		}
		logger.Info("removed stale upload", "path", p)
	}
	return s, nil
}

// Path returns the file path of blob sha; sha must be valid (see ValidSHA).
func (s *BlobStore) Path(sha string) string {
	return filepath.Join(s.dir, sha[:2], sha)
}

// Exists reports whether blob sha is stored.
func (s *BlobStore) Exists(sha string) bool {
	if !ValidSHA(sha) {
		return false
	}
	_, err := os.Stat(s.Path(sha))
	return err == nil
}

// Put streams r into a temporary file while hashing it, rejects content
// beyond max bytes (ETOOLARGE), runs check on the received content (nil
// check gives "application/octet-stream"), and only then moves the file
// into place. Nothing is left behind on error. Identical content is stored
// once.
func (s *BlobStore) Put(ctx context.Context, r io.Reader, max int64, check sepakat.ContentCheck) (sha string, size int64, contentType string, err error) {
	f, err := os.CreateTemp(s.tmp, "put-*")
	if err != nil {
		return "", 0, "", fmt.Errorf("create temp blob: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()

	h := sha256.New()
	size, err = io.Copy(io.MultiWriter(f, h), io.LimitReader(ctxReader{ctx, r}, max+1))
	if err != nil {
		return "", 0, "", fmt.Errorf("receive blob: %w", err)
	}
	if size > max {
		return "", 0, "", sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar: paling besar %s MB.", megabytes(max))
	}
	contentType = "application/octet-stream"
	if check != nil {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return "", 0, "", fmt.Errorf("rewind blob: %w", err)
		}
		if contentType, err = check(f, size); err != nil {
			return "", 0, "", err
		}
	}
	if err := f.Sync(); err != nil {
		return "", 0, "", fmt.Errorf("sync blob: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", 0, "", fmt.Errorf("close blob: %w", err)
	}

	sha = hex.EncodeToString(h.Sum(nil))
	final := s.Path(sha)
	if _, statErr := os.Stat(final); statErr == nil {
		os.Remove(f.Name()) // already stored: content addressed
		return sha, size, contentType, nil
	}
	sub := filepath.Dir(final)
	if err := os.MkdirAll(sub, 0o700); err != nil {
		return "", 0, "", fmt.Errorf("create blob folder: %w", err)
	}
	if err := os.Rename(f.Name(), final); err != nil {
		return "", 0, "", fmt.Errorf("move blob into place: %w", err)
	}
	if err := syncDir(sub); err != nil {
		return "", 0, "", fmt.Errorf("sync blob folder: %w", err)
	}
	if err := syncDir(s.dir); err != nil {
		return "", 0, "", fmt.Errorf("sync blob directory: %w", err)
	}
	return sha, size, contentType, nil
}

// Open returns the content of blob sha as an *os.File, or ENOTFOUND for a
// malformed name or a missing blob.
func (s *BlobStore) Open(ctx context.Context, sha string) (io.ReadSeekCloser, error) {
	if !ValidSHA(sha) {
		return nil, errBlobNotFound()
	}
	f, err := os.Open(s.Path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errBlobNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("open blob: %w", err)
	}
	return f, nil
}

// Walk calls fn for every stored blob, in name order. It stops at the first
// error fn returns.
func (s *BlobStore) Walk(fn func(sha string, size int64) error) error {
	subs, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("read blob directory: %w", err)
	}
	for _, sub := range subs {
		if !sub.IsDir() || len(sub.Name()) != 2 {
			continue // tmp and anything foreign
		}
		entries, err := os.ReadDir(filepath.Join(s.dir, sub.Name()))
		if err != nil {
			return fmt.Errorf("read blob folder: %w", err)
		}
		for _, e := range entries {
			name := e.Name()
			if !e.Type().IsRegular() || !ValidSHA(name) || name[:2] != sub.Name() {
				continue
			}
			info, err := e.Info()
			if err != nil {
				return fmt.Errorf("stat blob: %w", err)
			}
			if err := fn(name, info.Size()); err != nil {
				return err
			}
		}
	}
	return nil
}

func errBlobNotFound() error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Berkas tidak ditemukan.")
}

// megabytes formats n bytes as whole megabytes, or with one decimal when
// not a whole number.
func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprint(n >> 20)
	}
	return fmt.Sprintf("%.1f", float64(n)/(1<<20))
}

// ctxReader stops reading once its context is done, so that an abandoned
// upload does not keep streaming.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}
