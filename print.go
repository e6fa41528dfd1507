package sepakat

import (
	"context"
	"io"
)

// PrintOptions says how one agreement is printed. Paper, margins and font
// are the office's settings, given to the Printer when it is made.
type PrintOptions struct {
	// Draft puts a diagonal "DRAFT" watermark on every page.
	Draft bool
	// Number is the document number printed in the footer of a final, or "".
	Number string
	// VerifyURL is what the QR code in the footer of a final opens (the
	// document's verification page), or "" for no QR code.
	VerifyURL string
	// Hash is the SHA-256 (hex) of the approved .docx; the footer of a final
	// shows its first 16 characters. Empty: the hash of the printed .docx.
	Hash string
}

// PrintAttachment is a lampiran PDF appended to a print package.
type PrintAttachment struct {
	Name string // shown in error messages
	R    io.ReadSeeker
	Size int64
}

// Printer typesets agreements into print-ready PDFs (implemented with the
// drafting reader and the signing typesetter, wired in cmd/sepakat).
//
// A damaged, encrypted or non-PDF attachment is refused with an *Error
// (EINVALID or EUNSUPPORTED) naming it, and nothing is written to w.
type Printer interface {
	// PrintDocx writes the .docx as a PDF, followed by the attachments, with
	// one page numbering over all of them.
	PrintDocx(ctx context.Context, w io.Writer, docx io.ReaderAt, size int64, opts PrintOptions, attachments []PrintAttachment) error
	// PrintRedline writes the comparison of two versions as a PDF:
	// insertions and deletions coloured, change bars in the margin.
	PrintRedline(ctx context.Context, w io.Writer, old, new io.ReaderAt, oldSize, newSize int64, oldName, newName string) error
}
