package sepakat

import (
	"context"
	"io"
	"time"
)

// Upload limits from the SOP.
const (
	// MaxPDFSize is the limit for PDFs and media (100 MB, SOP Penandatanganan).
	MaxPDFSize = 100 << 20
	// MaxPhotoSize is the limit for photos of officers.
	MaxPhotoSize = 10 << 20
)

// File is a stored file: its content lives in the blob store under its
// SHA-256; the metadata travels with the object it belongs to.
type File struct {
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	UploadedBy  int64     `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// ContentCheck inspects a fully received upload before it is stored and
// returns the content type it found, or an error (EINVALID/EUNSUPPORTED with a
// message for the user) that rejects the upload.
type ContentCheck func(r io.ReadSeeker, size int64) (contentType string, err error)

// BlobStore keeps file contents addressed by their SHA-256.
type BlobStore interface {
	// Put streams r into the store, at most max bytes (ETOOLARGE beyond),
	// runs check on the received content, and only then makes the blob
	// visible, atomically. It returns the SHA-256, size and content type.
	Put(ctx context.Context, r io.Reader, max int64, check ContentCheck) (sha string, size int64, contentType string, err error)
	// Open returns the blob's content, or ENOTFOUND.
	Open(ctx context.Context, sha string) (io.ReadSeekCloser, error)
}

// FileAccess decides who may download a stored file: the storage knows which
// objects reference a blob.
type FileAccess interface {
	// CanReadFile reports whether the caller may download the blob sha.
	CanReadFile(ctx context.Context, sha string) (bool, error)
}
