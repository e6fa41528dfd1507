package sepakat

import (
	"context"
	"time"
)

// MaxAttachmentSize is the limit for one lampiran PDF.
const MaxAttachmentSize = 50 << 20

// Attachment is one lampiran of an agreement document: a PDF printed after
// the final text in the print package, in the order of the list.
type Attachment struct {
	ID         int64 `json:"id"`
	DocumentID int64 `json:"document_id"`
	// Name is what the list and the error messages call it, e.g.
	// "Lampiran I Jadwal Kegiatan"; by default the file's name.
	Name string `json:"name"`
	// Position orders the lampiran of a document (from 1); equal positions
	// keep the upload order.
	Position   int       `json:"position"`
	File       File      `json:"file"`
	UploaderID int64     `json:"uploader_id"`
	Uploader   string    `json:"uploader"`
	CreatedAt  time.Time `json:"created_at"`
}

// AttachmentService keeps the lampiran of agreement documents. Whoever sees
// a document sees its lampiran; the ARNP and Kasubbag add and delete them,
// until the document is given a number (ECONFLICT after, so that the
// print package of a numbered document does not change silently; again
// once the number is cancelled). Every change is recorded in the audit log.
type AttachmentService interface {
	// AddAttachment appends a stored, already checked PDF to the document's
	// lampiran; name "" takes the file's name.
	AddAttachment(ctx context.Context, documentID int64, name string, file File) (*Attachment, error)
	// FindAttachments returns the lampiran of a document in print order.
	FindAttachments(ctx context.Context, documentID int64) ([]*Attachment, error)
	// FindAttachment returns one lampiran of a document, or ENOTFOUND.
	FindAttachment(ctx context.Context, documentID, id int64) (*Attachment, error)
	// DeleteAttachment removes one lampiran from the document.
	DeleteAttachment(ctx context.Context, documentID, id int64) error
	// MoveAttachment moves one lampiran a place up (earlier) or down in the
	// print order and returns the new order; at the edge it stays.
	MoveAttachment(ctx context.Context, documentID, id int64, up bool) ([]*Attachment, error)
}
