package sepakat

import (
	"io"
	"time"
)

// RenumberSummary counts what renumbering a draft changed.
type RenumberSummary struct {
	Pasal      int `json:"pasal"`      // Pasal headings given a new number
	Ayat       int `json:"ayat"`       // ayat given a new number
	References int `json:"references"` // cross-references updated
	Dangling   int `json:"dangling"`   // references to nothing, left as they were
}

// LintFinding is one problem the drafting checker found in a draft.
type LintFinding struct {
	Rule      string `json:"rule"`
	Severity  string `json:"severity"` // error or warning
	Message   string `json:"message"`  // in Bahasa Indonesia
	Pasal     int    `json:"pasal"`
	Ayat      int    `json:"ayat"`
	Quote     string `json:"quote"`
	Paragraph int    `json:"paragraph"`
}

// DraftAssistant is the drafting help the service offers on a document:
// renumbering, checking and first drafts from the templates.
type DraftAssistant interface {
	// Renumber writes the draft with Pasal, ayat and cross-references
	// numbered again, as tracked changes by author.
	Renumber(r io.ReaderAt, size int64, author string, w io.Writer) (RenumberSummary, error)
	// Lint checks a draft of the given kind for the required elements
	// (nil means DefaultElements).
	// kbEnd, when not zero, is when the KB a PKS implements ends: a PKS
	// lasting longer is flagged.
	Lint(r io.ReaderAt, size int64, kind DocumentKind, elements []LintElement, kbEnd time.Time) ([]LintFinding, error)
	// AgreementEnd reads when an agreement ends (date of signing plus its
	// term); ok is false when the text does not say.
	AgreementEnd(r io.ReaderAt, size int64) (end time.Time, ok bool, err error)
	// DefaultElements are the checker's required elements when none are
	// stored.
	DefaultElements() []LintElement
	// FirstDraft writes a first draft of kind from template (a .docx; nil
	// means the built-in template of the kind), filled with the
	// cooperation's data.
	FirstDraft(kind DocumentKind, c *Cooperation, template []byte, w io.Writer) error
	// ValidateTemplate checks an uploaded template of a kind (TemplateKB or
	// TemplatePKS): a .docx whose placeholders are all known. The error is
	// EINVALID with a message for the user.
	ValidateTemplate(kind string, r io.ReaderAt, size int64) error
	// BuiltinTemplate returns the built-in template of a kind.
	BuiltinTemplate(kind string) ([]byte, error)
	// TemplatePlaceholders lists, sorted and without braces, the
	// placeholders a template may use.
	TemplatePlaceholders() []string
}
