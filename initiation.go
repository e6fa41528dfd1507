package sepakat

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the initiation (Inisiasi / Penawaran, SOP 17/PDK/2021).
const (
	// MaxInitiationFileSize is the limit for one upload of the checklist.
	MaxInitiationFileSize = 50 << 20
	// MaxInitiationOthers is how many other documents one initiation keeps.
	MaxInitiationOthers = 20
	// MaxInitiationText is the limit of a note or a message, in letters.
	MaxInitiationText = 4000
)

// InitiationItem is one line of the checklist of the initiation: a kind of
// document the PPKSD uploads with the offer.
type InitiationItem string

// The items of the checklist, in the order the page lists them.
const (
	// ItemOfferLetter is the offer letter (surat penawaran), PDF.
	ItemOfferLetter InitiationItem = "surat_penawaran"
	// ItemFeasibility is the signed Studi Kelayakan, PDF.
	ItemFeasibility InitiationItem = "studi_kelayakan"
	// ItemTerms is the signed Kerangka Acuan Kerja, PDF.
	ItemTerms InitiationItem = "kak"
	// ItemDraft is the first draft of the KB or PKS, Word (.docx). On
	// completion it becomes version 1 of the document in Persiapan.
	ItemDraft InitiationItem = "rancangan"
	// ItemDeed is the deed of establishment (akta pendirian) of a partner
	// that is a legal entity, PDF.
	ItemDeed InitiationItem = "akta_pendirian"
	// ItemOther is any other supporting document, PDF; several allowed.
	ItemOther InitiationItem = "lainnya"
)

// InitiationItems lists every item in display order.
var InitiationItems = []InitiationItem{ItemOfferLetter, ItemFeasibility, ItemTerms, ItemDraft, ItemDeed, ItemOther}

// Validate returns an ENOTFOUND error for an item not on the checklist
// (it names a path of the API).
func (k InitiationItem) Validate() error {
	for _, x := range InitiationItems {
		if k == x {
			return nil
		}
	}
	return Errorf(ENOTFOUND, "Jenis dokumen inisiasi %q tidak dikenal.", string(k))
}

// Label is the item as users read it.
func (k InitiationItem) Label() string {
	switch k {
	case ItemOfferLetter:
		return "Surat penawaran"
	case ItemFeasibility:
		return "Studi Kelayakan yang telah ditandatangani"
	case ItemTerms:
		return "Kerangka Acuan Kerja yang telah ditandatangani"
	case ItemDraft:
		return "Rancangan KB/PKS (Word)"
	case ItemDeed:
		return "Akta pendirian badan hukum mitra"
	case ItemOther:
		return "Dokumen lainnya"
	}
	return string(k)
}

// Phrase is the label inside a sentence: lower case except the names
// Studi Kelayakan and Kerangka Acuan Kerja.
func (k InitiationItem) Phrase() string {
	l := k.Label()
	if k == ItemFeasibility || k == ItemTerms {
		return l
	}
	return strings.ToLower(l[:1]) + l[1:]
}

// Word reports whether the item is a Word document (.docx); every other
// item is a PDF.
func (k InitiationItem) Word() bool { return k == ItemDraft }

// Multiple reports whether the item holds several files; the others hold
// one, and a new upload replaces it.
func (k InitiationItem) Multiple() bool { return k == ItemOther }

// LegalEntity reports whether a partner of kind k is a legal entity
// (badan hukum) that must show its deed of establishment: companies,
// foundations and associations, and public legal entities. Regions,
// agencies, universities and individuals are not asked for one.
func (k InstitutionKind) LegalEntity() bool {
	switch k {
	case InstitutionPerusahaan, InstitutionOrganisasi, InstitutionBadanHukumPublik:
		return true
	}
	return false
}

// RequiredInitiationItems lists the items c's initiation must hold before it
// can be declared complete: the offer letter, the signed SK and KAK, the
// draft, and the deed when a partner is a legal entity.
func RequiredInitiationItems(c *Cooperation) []InitiationItem {
	req := []InitiationItem{ItemOfferLetter, ItemFeasibility, ItemTerms, ItemDraft}
	for _, p := range c.Partners {
		if p.Kind.LegalEntity() {
			return append(req, ItemDeed)
		}
	}
	return req
}

// InitiationStatus is where the review of an initiation stands.
type InitiationStatus string

// The states of an initiation.
const (
	// InitiationOpen: the PPKSD uploads; the office reviews.
	InitiationOpen InitiationStatus = ""
	// InitiationFixes: the Kasubbag asked for fixes; the PPKSD fixes and
	// the office reviews again.
	InitiationFixes InitiationStatus = "perbaikan"
	// InitiationComplete: the Kasubbag declared it complete; the
	// cooperation moved to Persiapan. Nothing changes any more.
	InitiationComplete InitiationStatus = "lengkap"
)

// Label is the state as users read it.
func (s InitiationStatus) Label() string {
	switch s {
	case InitiationOpen:
		return "Menunggu kelengkapan dan penelaahan"
	case InitiationFixes:
		return "Perlu perbaikan"
	case InitiationComplete:
		return "Lengkap"
	}
	return string(s)
}

// InitiationUpload is one uploaded file of the checklist. N numbers the
// uploads of an initiation from 1 and is never given again.
type InitiationUpload struct {
	N    int            `json:"n"`
	Item InitiationItem `json:"item"`
	File File           `json:"file"`
	// DocumentKind is, for the draft, the document it becomes (KB or PKS).
	DocumentKind DocumentKind `json:"document_kind,omitempty"`
	UploaderID   int64        `json:"uploader_id"`
	Uploader     string       `json:"uploader"`
	CreatedAt    time.Time    `json:"created_at"`
}

// InitiationNote is a reviewer's note on one item, or on the whole
// initiation when Item is empty.
type InitiationNote struct {
	N          int            `json:"n"`
	Item       InitiationItem `json:"item,omitempty"`
	AuthorID   int64          `json:"author_id"`
	AuthorName string         `json:"author_name"`
	AuthorRole Role           `json:"author_role"`
	Text       string         `json:"text"`
	At         time.Time      `json:"at"`
}

// InitiationMessage is one post of the discussion between the PPKSD and
// the office.
type InitiationMessage struct {
	N          int       `json:"n"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	AuthorRole Role      `json:"author_role"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
}

// Initiation is the offer of a cooperation (Inisiasi / Penawaran): the
// checklist of uploads, the reviewers' notes, the decisions and the
// discussion.
type Initiation struct {
	CooperationID int64               `json:"cooperation_id"`
	Uploads       []InitiationUpload  `json:"uploads"`
	Notes         []InitiationNote    `json:"notes"`
	Messages      []InitiationMessage `json:"messages"`
	NextN         int                 `json:"next_n"`
	Status        InitiationStatus    `json:"status"`
	// FixNote is the Kasubbag's last request for fixes.
	FixNote        string    `json:"fix_note,omitempty"`
	FixRequestedAt time.Time `json:"fix_requested_at,omitzero"`
	Fixes          int       `json:"fixes,omitempty"`
	CompletedAt    time.Time `json:"completed_at,omitzero"`
	CompletedBy    int64     `json:"completed_by,omitempty"`
	CompletedName  string    `json:"completed_by_name,omitempty"`
	// DocumentID is the KB/PKS document the draft became on completion.
	DocumentID int64     `json:"document_id,omitempty"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
}

// Next returns the next number for an upload, note or message.
func (in *Initiation) Next() int {
	if in.NextN < 1 {
		in.NextN = 1
	}
	n := in.NextN
	in.NextN++
	return n
}

// Complete reports whether the Kasubbag declared the initiation complete.
func (in *Initiation) Complete() bool { return in.Status == InitiationComplete }

// Started reports whether anything was uploaded.
func (in *Initiation) Started() bool { return len(in.Uploads) > 0 }

// Files returns the uploads of item, oldest first.
func (in *Initiation) Files(item InitiationItem) []InitiationUpload {
	var out []InitiationUpload
	for _, u := range in.Uploads {
		if u.Item == item {
			out = append(out, u)
		}
	}
	return out
}

// Upload returns upload n of item, or nil.
func (in *Initiation) Upload(item InitiationItem, n int) *InitiationUpload {
	for i := range in.Uploads {
		if in.Uploads[i].N == n && in.Uploads[i].Item == item {
			return &in.Uploads[i]
		}
	}
	return nil
}

// Missing lists, in Bahasa Indonesia, the required items of c not yet
// uploaded.
func (in *Initiation) Missing(c *Cooperation) []string {
	var m []string
	for _, item := range RequiredInitiationItems(c) {
		if len(in.Files(item)) == 0 {
			m = append(m, item.Phrase())
		}
	}
	return m
}

// CheckInitiationText normalises a note or message and checks its length.
func CheckInitiationText(text string) (string, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) < 2 {
		return "", Errorf(EINVALID, "Tuliskan isi catatan atau pesan.")
	}
	if utf8.RuneCountInString(text) > MaxInitiationText {
		return "", Errorf(EINVALID, "Teks terlalu panjang (paling banyak %d huruf).", MaxInitiationText)
	}
	return text, nil
}

// InitiationAction is something done to an initiation, for the rights.
type InitiationAction int

// The actions on an initiation.
const (
	// InitiationUploadAction: upload, replace or remove a file.
	InitiationUploadAction InitiationAction = iota
	// InitiationReviewAction: write a review note.
	InitiationReviewAction
	// InitiationDecideAction: declare complete or ask for fixes.
	InitiationDecideAction
	// InitiationDiscussAction: post to the discussion.
	InitiationDiscussAction
)

// CanInitiation reports whether u may take action on the initiation of c,
// whatever its stage: the cooperation's own verified PPKSD upload (and the
// Kasubbag for the office); AKP, ARNP and Kasubbag review; the Kasubbag
// decides; the PPKSD and the office discuss.
func CanInitiation(u *User, c *Cooperation, action InitiationAction) bool {
	if u == nil || !u.Active {
		return false
	}
	ppksd := u.Role == RolePPKSD && u.Verified && c.IsOfficer(u.ID)
	switch action {
	case InitiationUploadAction:
		return ppksd || u.Role == RoleKasubbag
	case InitiationReviewAction:
		return u.Role.IsOffice()
	case InitiationDecideAction:
		return u.Role == RoleKasubbag
	case InitiationDiscussAction:
		return ppksd || u.Role.IsOffice()
	}
	return false
}

// CheckInitiation returns nil when u may take action on the initiation in of
// c now: EFORBIDDEN for a role that may not, ECONFLICT outside the stage
// inisiasi or once the initiation is complete.
func CheckInitiation(u *User, c *Cooperation, in *Initiation, action InitiationAction) error {
	if !CanInitiation(u, c, action) {
		switch action {
		case InitiationUploadAction:
			return Errorf(EFORBIDDEN, "Hanya PPKSD kerja sama ini atau Kasubbag yang dapat mengunggah dokumen penawaran.")
		case InitiationReviewAction:
			return Errorf(EFORBIDDEN, "Hanya AKP, ARNP, atau Kasubbag yang dapat memberi catatan penelaahan.")
		case InitiationDecideAction:
			return Errorf(EFORBIDDEN, "Hanya Kasubbag yang dapat menyatakan dokumen penawaran lengkap atau meminta perbaikan.")
		}
		return Errorf(EFORBIDDEN, "Hanya PPKSD kerja sama ini dan Bagian Kerja Sama yang dapat menulis dalam diskusi penawaran.")
	}
	if c.Stage != StageInisiasi {
		return Errorf(ECONFLICT, "Dokumen penawaran hanya dapat diubah pada tahap Inisiasi (kerja sama ini pada tahap %s).", c.Stage.Label())
	}
	if in != nil && in.Complete() {
		return Errorf(ECONFLICT, "Dokumen penawaran sudah dinyatakan lengkap dan tidak dapat diubah lagi.")
	}
	return nil
}

// InitiationDraftKind returns the document the draft becomes: kind when
// given (KB or PKS), otherwise KB.
func InitiationDraftKind(kind string) (DocumentKind, error) {
	switch DocumentKind(strings.ToUpper(strings.TrimSpace(kind))) {
	case "", DocumentKB:
		return DocumentKB, nil
	case DocumentPKS:
		return DocumentPKS, nil
	}
	return "", Errorf(EINVALID, "Rancangan harus KB atau PKS.")
}

// InitiationService keeps the initiation of cooperations. Whoever sees a
// cooperation sees its initiation; the rights of CheckInitiation apply to
// every change, and every change is recorded in the audit log.
type InitiationService interface {
	// FindInitiation returns the initiation of cooperation id (an empty
	// one before anything was saved).
	FindInitiation(ctx context.Context, id int64) (*Initiation, *Cooperation, error)
	// AddInitiationFile records a stored, already checked file as item;
	// for an item that holds one file it replaces the earlier one.
	// documentKind applies to the draft only.
	AddInitiationFile(ctx context.Context, id int64, item InitiationItem, file File, documentKind DocumentKind) (*InitiationUpload, error)
	// RemoveInitiationFile removes upload n of item.
	RemoveInitiationFile(ctx context.Context, id int64, item InitiationItem, n int) (*Initiation, error)
	// AddInitiationNote records a reviewer's note on item (empty: overall).
	AddInitiationNote(ctx context.Context, id int64, item InitiationItem, text string) (*InitiationNote, error)
	// AddInitiationMessage posts to the discussion.
	AddInitiationMessage(ctx context.Context, id int64, text string) (*InitiationMessage, error)
	// RequestInitiationFixes asks the PPKSD for fixes with a note and
	// notifies them.
	RequestInitiationFixes(ctx context.Context, id int64, note string) (*Initiation, error)
	// CompleteInitiation declares a complete checklist complete: the draft
	// becomes version 1 of a KB or PKS document and the cooperation moves
	// to Persiapan, in one transaction (EINVALID naming what is missing).
	CompleteInitiation(ctx context.Context, id int64, note string) (*Initiation, error)
}
