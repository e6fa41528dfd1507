package sepakat

import (
	"context"
	"io"
	"time"
)

// MaxDraftSize is the limit for an uploaded Word draft or reviewer copy.
const MaxDraftSize = 50 << 20

// DocumentKind is the kind of an agreement document.
type DocumentKind string

// The agreement documents of a cooperation.
const (
	DocumentKB  DocumentKind = "KB"  // Kesepakatan Bersama
	DocumentPKS DocumentKind = "PKS" // Perjanjian Kerja Sama
	DocumentNK  DocumentKind = "NK"  // Nota Kesepakatan
)

// Label names the kind in Bahasa Indonesia.
func (k DocumentKind) Label() string {
	switch k {
	case DocumentKB:
		return "Kesepakatan Bersama"
	case DocumentPKS:
		return "Perjanjian Kerja Sama"
	case DocumentNK:
		return "Nota Kesepakatan"
	}
	return string(k)
}

// Validate reports an unknown kind as EINVALID.
func (k DocumentKind) Validate() error {
	switch k {
	case DocumentKB, DocumentPKS, DocumentNK:
		return nil
	}
	return Errorf(EINVALID, "Jenis dokumen tidak dikenal: %q. Pilih KB, PKS, atau NK.", string(k))
}

// SessionState is the state of a document's review session.
type SessionState string

// Review session states: none before the first opening, open while
// reviewers comment, closed after Kasubbag closes it.
const (
	SessionNone   SessionState = ""
	SessionOpen   SessionState = "open"
	SessionClosed SessionState = "closed"
)

// Right is what a document grant allows.
type Right string

// Rights on a document.
const (
	RightComment Right = "comment" // see the drafts and comment on them
	RightApprove Right = "approve" // approve the final draft
)

// Validate reports an unknown right as EINVALID.
func (r Right) Validate() error {
	if r == RightComment || r == RightApprove {
		return nil
	}
	return Errorf(EINVALID, "Hak tidak dikenal: %q. Pilih comment atau approve.", string(r))
}

// DocumentGrant gives one user a right on one document.
type DocumentGrant struct {
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Right     Right     `json:"right"`
	GrantedBy int64     `json:"granted_by"`
	GrantedAt time.Time `json:"granted_at"`
}

// Version is one immutable, numbered version of a document.
type Version struct {
	Number     int       `json:"number"`
	File       File      `json:"file"`
	SHA256     string    `json:"sha256"`
	Note       string    `json:"note"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

// Approval is one approval of the final draft, bound to the exact version
// (its number and SHA-256) approved.
type Approval struct {
	UserID  int64     `json:"user_id"`
	Name    string    `json:"name"`
	Version int       `json:"version"`
	SHA256  string    `json:"sha256"`
	At      time.Time `json:"at"`
	// Void is true once a newer version was uploaded after the approval.
	Void bool `json:"void"`
}

// Document is one agreement document (KB, PKS or NK) of a cooperation with
// its versions, review session, grants and approvals.
type Document struct {
	ID            int64        `json:"id"`
	CooperationID int64        `json:"cooperation_id"`
	Kind          DocumentKind `json:"kind"`
	Title         string       `json:"title"`
	// ImplementsID names the KB a PKS implements, or 0.
	ImplementsID int64           `json:"implements_id,omitempty"`
	Versions     []Version       `json:"versions"`
	Session      SessionState    `json:"session"`
	Grants       []DocumentGrant `json:"grants"`
	// ApprovalOpen is true once Kasubbag opened Persetujuan Rancangan Akhir.
	ApprovalOpen bool       `json:"approval_open"`
	Approvals    []Approval `json:"approvals"`
	// Final is the version approved by everyone required, or 0.
	Final int `json:"final"`
	// Number is the city's document number from the register, given
	// during Penomoran, with the partner's number and the date of the
	// agreement; RegisterID is its register entry. All are cleared when the
	// number is cancelled.
	Number string `json:"number,omitempty"`
	// NumberedFile is the final text with the numbers and the date written
	// in, made when the number is given (nil before; cleared on cancel).
	NumberedFile  *File     `json:"numbered_file,omitempty"`
	PartnerNumber string    `json:"partner_number,omitempty"`
	NumberDate    time.Time `json:"number_date,omitzero"`
	RegisterID    int64     `json:"register_id,omitempty"`
	// VerifyCode is the random, unguessable code of the verification page
	// of the numbered document ({public URL}/verifikasi/{code}), which the
	// QR code of the printed final opens. Each number given gets a new
	// code; it is cleared when the number is cancelled.
	VerifyCode string `json:"verify_code,omitempty"`
	// SignedFile is the final PDF signed electronically by the office
	// (nil before; cleared when the number is cancelled).
	SignedFile *File     `json:"signed_file,omitempty"`
	CreatedBy  int64     `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Latest returns the newest version, or nil.
func (d *Document) Latest() *Version {
	if len(d.Versions) == 0 {
		return nil
	}
	return &d.Versions[len(d.Versions)-1]
}

// HasRight reports whether user id holds right r on d.
func (d *Document) HasRight(id int64, r Right) bool {
	for _, g := range d.Grants {
		if g.UserID == id && g.Right == r {
			return true
		}
	}
	return false
}

// CanViewDocument reports whether u may see d of cooperation c: office staff
// (AKP, ARNP, Kasubbag) always; PPKSD of the cooperation and TKKSD members
// only with a grant on the document.
func CanViewDocument(u *User, c *Cooperation, d *Document) bool {
	if u == nil || !u.Active {
		return false
	}
	switch u.Role {
	case RoleAKP, RoleARNP, RoleKasubbag:
		return true
	case RolePPKSD:
		return CanView(u, c) && (d.HasRight(u.ID, RightComment) || d.HasRight(u.ID, RightApprove))
	case RoleTKKSD:
		return d.HasRight(u.ID, RightComment) || d.HasRight(u.ID, RightApprove)
	}
	return false
}

// CanManageDocument reports whether u may open and close review sessions,
// grant rights and upload versions: the ARNP and Kasubbag.
func CanManageDocument(u *User) bool {
	return u != nil && u.Active && (u.Role == RoleARNP || u.Role == RoleKasubbag)
}

// CanComment reports whether u may comment on d now: office staff, or a
// holder of the comment right, while the session is open.
func CanComment(u *User, c *Cooperation, d *Document) bool {
	if d.Session != SessionOpen || !CanViewDocument(u, c, d) {
		return false
	}
	return u.Role.IsOffice() || d.HasRight(u.ID, RightComment)
}

// ReviewKind tells what a review item is.
type ReviewKind string

// Review items: a comment (from the page or a Word copy), or an edit found
// in an uploaded Word copy.
const (
	ReviewComment ReviewKind = "comment"
	ReviewInsert  ReviewKind = "insert"
	ReviewDelete  ReviewKind = "delete"
	ReviewReplace ReviewKind = "replace"
	ReviewFormat  ReviewKind = "format"
)

// ResponseStatus is the ARNP's answer to a review item.
type ResponseStatus string

// The answers of the response matrix (matriks tanggapan).
const (
	ResponseAccepted ResponseStatus = "diterima"
	ResponseRejected ResponseStatus = "ditolak"
	ResponsePartial  ResponseStatus = "diakomodasi sebagian"
)

// Validate reports an unknown status as EINVALID.
func (s ResponseStatus) Validate() error {
	switch s {
	case ResponseAccepted, ResponseRejected, ResponsePartial:
		return nil
	}
	return Errorf(EINVALID, "Tanggapan tidak dikenal: %q. Pilih diterima, ditolak, atau diakomodasi sebagian.", string(s))
}

// Response is the ARNP's answer to one review item.
type Response struct {
	Status ResponseStatus `json:"status"`
	Note   string         `json:"note"`
	ByID   int64          `json:"by_id"`
	ByName string         `json:"by_name"`
	At     time.Time      `json:"at"`
}

// ReviewItem is a remark or an edit proposed on one version of a document:
// written in the page, or extracted from an uploaded Word copy.
type ReviewItem struct {
	ID         int64      `json:"id"`
	DocumentID int64      `json:"document_id"`
	Version    int        `json:"version"`
	Kind       ReviewKind `json:"kind"`
	AuthorID   int64      `json:"author_id"`
	AuthorName string     `json:"author_name"`
	// Quote is the text the item is about; Paragraph its index among the
	// version's paragraphs; Pasal and Ayat where it sits.
	Quote     string `json:"quote"`
	Paragraph int    `json:"paragraph"`
	Pasal     int    `json:"pasal"`
	Ayat      int    `json:"ayat"`
	// Text is the remark, or for an edit the proposed new text.
	Text     string `json:"text"`
	ParentID int64  `json:"parent_id,omitempty"`
	Resolved bool   `json:"resolved"`
	// UploadID names the Word copy the item came from, or 0 for the page.
	UploadID int64 `json:"upload_id,omitempty"`
	// CarriedFrom is the item of an earlier version this one continues;
	// Outdated marks an item whose quoted text is gone from the version.
	CarriedFrom int64     `json:"carried_from,omitempty"`
	Outdated    bool      `json:"outdated"`
	Response    *Response `json:"response,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// ReviewInput is a new review item.
type ReviewInput struct {
	Kind      ReviewKind `json:"kind"`
	Quote     string     `json:"quote"`
	Paragraph int        `json:"paragraph"`
	Pasal     int        `json:"pasal"`
	Ayat      int        `json:"ayat"`
	Text      string     `json:"text"`
	ParentID  int64      `json:"parent_id"`
	// AuthorName overrides the caller's name for items extracted from a
	// Word copy (the name in the copy), kept beside the uploader's ID.
	AuthorName string `json:"-"`
	Resolved   bool   `json:"-"`
}

// ReviewUpload is a reviewer's marked-up Word copy of a version.
type ReviewUpload struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Version    int       `json:"version"`
	File       File      `json:"file"`
	UploaderID int64     `json:"uploader_id"`
	Uploader   string    `json:"uploader"`
	Items      int       `json:"items"`
	CreatedAt  time.Time `json:"created_at"`
}

// Message is one post of a document's discussion thread.
type Message struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
}

// DocumentService keeps agreement documents, their versions and their
// review. Every method checks the caller's rights and records an audit
// entry; files are stored in the BlobStore first and referenced here.
type DocumentService interface {
	CreateDocument(ctx context.Context, cooperationID int64, kind DocumentKind, title string, implementsID int64) (*Document, error)
	FindDocumentByID(ctx context.Context, id int64) (*Document, *Cooperation, error)
	FindDocuments(ctx context.Context, cooperationID int64) ([]*Document, error)
	// SetSession opens or closes the review session.
	SetSession(ctx context.Context, id int64, open bool) (*Document, error)
	GrantDocument(ctx context.Context, id int64, login string, right Right) (*Document, error)
	// AddVersion records a new version (numbers without gaps, even for
	// simultaneous uploads), voids earlier approvals, and carries the
	// open review items of the previous version forward with carry.
	AddVersion(ctx context.Context, id int64, file File, note string, carry CarryForward) (*Version, error)
	AddReviewItem(ctx context.Context, id int64, version int, in ReviewInput) (*ReviewItem, error)
	FindReviewItems(ctx context.Context, id int64, version int) ([]*ReviewItem, error)
	RespondReviewItem(ctx context.Context, itemID int64, status ResponseStatus, note string) (*ReviewItem, error)
	ResolveReviewItem(ctx context.Context, itemID int64) (*ReviewItem, error)
	// AddReviewUpload records a reviewer's Word copy and the items extracted from it.
	AddReviewUpload(ctx context.Context, id int64, version int, file File, items []ReviewInput) (*ReviewUpload, []*ReviewItem, error)
	FindReviewUploads(ctx context.Context, id int64, version int) ([]*ReviewUpload, error)
	// OpenApproval opens Persetujuan Rancangan Akhir (session closed first).
	OpenApproval(ctx context.Context, id int64) (*Document, error)
	// Approve approves version (which must be the latest); when every
	// required approval is in, the document becomes final.
	Approve(ctx context.Context, id int64, version int) (*Document, error)
	AddMessage(ctx context.Context, id int64, text string) (*Message, error)
	FindMessages(ctx context.Context, id int64) ([]*Message, error)
}

// CarryForward decides, for a review item of the previous version, where
// its quoted text stands in the new one: the paragraph index, Pasal and
// ayat, or ok=false when the text is gone (the item becomes outdated).
type CarryForward func(item *ReviewItem) (paragraph, pasal, ayat int, ok bool)

// DraftParagraph is one paragraph of a draft as the pages show it.
type DraftParagraph struct {
	Index int    `json:"index"`
	Text  string `json:"text"` // label and text
	Kind  string `json:"kind"` // text, bab, pasal, ayat, huruf, angka
	Pasal int    `json:"pasal"`
	Ayat  int    `json:"ayat"`
}

// ExtractedReview is what a reviewer's Word copy holds: its comments and
// its edits (tracked, or found by comparing with the version) as review
// inputs.
type ExtractedReview struct {
	Items []ReviewInput `json:"items"`
}

// WordEngine is the Word engine as the service uses it (implemented by the
// drafting package, wired in cmd/sepakat).
type WordEngine interface {
	// CheckDocx is a ContentCheck for uploaded drafts: it refuses what is
	// not a readable .docx with a message for the user in Bahasa Indonesia.
	CheckDocx(r io.ReadSeeker, size int64) (string, error)
	// Paragraphs returns the paragraphs of a draft.
	Paragraphs(r io.ReaderAt, size int64) ([]DraftParagraph, error)
	// Extract reads a reviewer's copy of base: comments, replies and edits.
	Extract(base, copy io.ReaderAt, baseSize, copySize int64, uploader string) (*ExtractedReview, error)
	// Diff writes the comparison of two versions as json, html or docx.
	Diff(old, new io.ReaderAt, oldSize, newSize int64, oldName, newName, format string, w io.Writer) error
	// Combine writes base with the given reviewers' copies merged in, and
	// the comments written in the page anchored on their quoted text.
	Combine(base io.ReaderAt, baseSize int64, copies []CopySource, comments []*ReviewItem, w io.Writer) error
	// ResponseMatrix writes the matriks tanggapan as a .docx: for each review
	// item its Pasal, the proposal, the reviewer, the response and status.
	ResponseMatrix(title string, items []*ReviewItem, w io.Writer) error
	// Carry returns the CarryForward from version old to version new.
	Carry(old, new io.ReaderAt, oldSize, newSize int64) (CarryForward, error)
}

// CopySource is one reviewer copy for WordEngine.Combine.
type CopySource struct {
	R      io.ReaderAt
	Size   int64
	Author string
}
