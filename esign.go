package sepakat

import (
	"context"
	"io"
	"time"
)

// MaxVerifyUpload is the limit of a PDF uploaded to the public verification
// page to be checked.
const MaxVerifyUpload = 100 << 20

// PDFSignature is what verification found about one electronic signature
// of a PDF.
type PDFSignature struct {
	// Signer is the common name of the signing certificate (or the
	// signature's /Name when the certificate cannot be read).
	Signer       string `json:"signer"`
	Organization string `json:"organization,omitempty"`
	// Time is the signing time the signature claims; zero when it has none.
	Time time.Time `json:"time,omitzero"`
	// Intact is true when the signed bytes are unchanged and the signature
	// over them is valid for the certificate.
	Intact bool `json:"intact"`
	// Trusted is true when the certificate chains to a trusted root. A
	// self-signed certificate is not trusted; that is reported, not an
	// error.
	Trusted bool `json:"trusted"`
	// Problem says why a signature is not intact, or why its certificate
	// is not trusted, in Bahasa Indonesia for the pages; Reason says the
	// same in English for the command line.
	Problem string `json:"problem,omitempty"`
	Reason  string `json:"reason,omitempty"`
	// WholeFile is true when the signature covers the file to its end; an
	// earlier signature followed by later revisions covers less.
	WholeFile bool `json:"whole_file"`
}

// PDFVerification is the result of checking the signatures of a PDF.
type PDFVerification struct {
	// SHA256 is the hash (hex) of the whole file, as the PDF registry
	// keys it.
	SHA256     string         `json:"sha256"`
	Size       int64          `json:"size"`
	Signatures []PDFSignature `json:"signatures"`
	// ChangedAfterLast is true when bytes follow the range of the last
	// signature: a revision added after signing that no signature covers.
	ChangedAfterLast bool `json:"changed_after_last_signature"`
}

// Broken reports whether any signature is not intact.
func (v *PDFVerification) Broken() bool {
	for _, s := range v.Signatures {
		if !s.Intact {
			return true
		}
	}
	return false
}

// ESigner signs final PDFs electronically with the office's certificate.
type ESigner interface {
	// SignPDF writes pdf signed (an incremental update) to w.
	SignPDF(ctx context.Context, w io.Writer, pdf []byte) error
	// SignerName is the common name of the certificate.
	SignerName() string
}

// ESignedFileService keeps the electronically signed final PDF of a
// document.
type ESignedFileService interface {
	// SetSignedFile records f, the numbered final PDF signed by the office,
	// on document documentID, registers its SHA-256 in the PDF registry
	// (RegisteredESigned, with the number and title) and records both in
	// the audit log, in one transaction (Kasubbag; ECONFLICT when the
	// document has no number).
	SetSignedFile(ctx context.Context, documentID int64, f File) (*Document, error)
}

// PublicDocument is what the public verification page shows of a numbered
// document: nothing private (no reviewers, comments or files).
type PublicDocument struct {
	Kind          DocumentKind `json:"kind"`
	Title         string       `json:"title"`
	Number        string       `json:"number"`
	PartnerNumber string       `json:"partner_number"`
	Date          time.Time    `json:"date"`
	// Parties are the institutions of the cooperation: the applicant,
	// then the partners.
	Parties []string `json:"parties"`
	// DocxSHA256 is the SHA-256 of the approved final .docx.
	DocxSHA256 string `json:"docx_sha256"`
	// SignedSHA256 is the SHA-256 of the PDF the office signed
	// electronically, or "".
	SignedSHA256 string `json:"signed_sha256,omitempty"`
}

// PublicDocuments finds numbered documents by their verification code.
type PublicDocuments interface {
	// FindPublicDocument returns the public view of the document whose
	// VerifyCode is code, or ENOTFOUND. Anyone may ask.
	FindPublicDocument(ctx context.Context, code string) (*PublicDocument, error)
}
