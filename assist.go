package sepakat

import "io"

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
	// Lint checks a draft of the given kind.
	Lint(r io.ReaderAt, size int64, kind DocumentKind) ([]LintFinding, error)
	// FirstDraft writes a first draft of kind from its template, filled
	// with the cooperation's data.
	FirstDraft(kind DocumentKind, c *Cooperation, w io.Writer) error
}
