package sepakat

import (
	"context"
	"time"
)

// RegisteredPDFKind says how a PDF became a registered final document.
type RegisteredPDFKind string

// The kinds of registered PDFs.
const (
	// RegisteredSignedScan is the scan of the signed agreement uploaded by
	// the PPKSD after the signing.
	RegisteredSignedScan RegisteredPDFKind = "signed_scan"
	// RegisteredESigned is a final PDF the office signed electronically.
	RegisteredESigned RegisteredPDFKind = "e_signed"
)

// RegisteredPDF records that a PDF with this SHA-256 is a final document of
// the office: what `sepakat verify --data` and the verification page look
// up.
type RegisteredPDF struct {
	SHA256        string            `json:"sha256"`
	Kind          RegisteredPDFKind `json:"kind"`
	CooperationID int64             `json:"cooperation_id"`
	DocumentID    int64             `json:"document_id,omitempty"`
	// Number is the document number of the agreement, if it has one.
	Number       string    `json:"number,omitempty"`
	Title        string    `json:"title"`
	RegisteredBy int64     `json:"registered_by"`
	RegisteredAt time.Time `json:"registered_at"`
}

// PDFRegistry keeps the final PDFs of the office by their SHA-256.
type PDFRegistry interface {
	// RegisterPDF records r; registering the same SHA-256 again keeps the
	// first record.
	RegisterPDF(ctx context.Context, r RegisteredPDF) error
	// FindRegisteredPDF returns the record of a SHA-256 (hex), or an
	// ENOTFOUND error.
	FindRegisteredPDF(ctx context.Context, sha256 string) (*RegisteredPDF, error)
}
