package drafting

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Changes chooses how tracked changes are resolved when a document is read
// as text.
type Changes int

const (
	// Accept shows the text as if every tracked change had been accepted:
	// insertions kept, deletions dropped. It is the default.
	Accept Changes = iota
	// Reject shows the text as if every tracked change had been rejected:
	// insertions dropped, deletions kept.
	Reject
)

// ParseChanges reads "accept" or "reject".
func ParseChanges(s string) (Changes, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "accept":
		return Accept, nil
	case "reject":
		return Reject, nil
	}
	return Accept, fmt.Errorf("unknown changes mode %q (want accept or reject)", s)
}

// String returns "accept" or "reject".
func (c Changes) String() string {
	if c == Reject {
		return "reject"
	}
	return "accept"
}

// Revision tells whether a piece of text (or a paragraph mark) is a tracked
// change.
type Revision int

const (
	RevNone      Revision = iota // plain text
	RevInserted                  // w:ins
	RevDeleted                   // w:del (w:delText)
	RevMovedFrom                 // w:moveFrom: gone on accept, kept on reject
	RevMovedTo                   // w:moveTo: kept on accept, gone on reject
)

// Kept reports whether text with this revision is present when changes are
// resolved with c.
func (r Revision) Kept(c Changes) bool {
	switch r {
	case RevInserted, RevMovedTo:
		return c == Accept
	case RevDeleted, RevMovedFrom:
		return c == Reject
	}
	return true
}

// Run is a stretch of text with one revision state and one formatting.
// Adjacent pieces of a word split by editing history are joined by the
// reader when their revision and formatting agree, so a Run never ends in
// the middle of a word for that reason alone.
type Run struct {
	Text   string
	Rev    Revision
	Author string // author of the tracked change, if any
	Date   string // date of the tracked change as written (RFC 3339), if any
	// Props holds the raw bytes of the run's w:rPr element exactly as in the
	// source part (with the source's namespace prefix), or nil.
	Props []byte
	// FormatChange is the tracked change of the run's formatting
	// (w:rPrChange inside its w:rPr), or nil. Props holds the new
	// formatting, with the w:rPrChange element in it.
	FormatChange *FormatChange
	// Format is the run's effective bold, italic and underline, resolved
	// as Word does: the run's own w:rPr, over its character style
	// (w:rStyle), over the paragraph style's run properties (the default
	// paragraph style when the paragraph names none), over the document
	// defaults (w:docDefaults). Styles follow w:basedOn; the nearest
	// setting wins.
	Format RunFormat
}

// RunFormat is a set of character formats a typesetter renders: a bit set
// of Bold, Italic and Underline.
type RunFormat uint8

const (
	// Bold is w:b on.
	Bold RunFormat = 1 << iota
	// Italic is w:i on.
	Italic
	// Underline is w:u with any w:val but "none".
	Underline
)

// Has reports whether f holds every format of g.
func (f RunFormat) Has(g RunFormat) bool {
	return f&g == g
}

// String names the formats joined by "+" ("bold+italic"), or "plain".
func (f RunFormat) String() string {
	var parts []string
	for _, n := range []struct {
		bit  RunFormat
		name string
	}{{Bold, "bold"}, {Italic, "italic"}, {Underline, "underline"}} {
		if f&n.bit != 0 {
			parts = append(parts, n.name)
		}
	}
	if len(parts) == 0 {
		return "plain"
	}
	return strings.Join(parts, "+")
}

// FormatChange is a tracked change of formatting (w:rPrChange, w:pPrChange):
// who made it and when. The formatting before the change is left in the raw
// Props of the run or paragraph.
type FormatChange struct {
	Author string
	Date   string // as written (RFC 3339), if any
}

// Part tells which part of the package a paragraph comes from.
type Part int

const (
	PartBody     Part = iota // the main document body (tables and text boxes included)
	PartHeader               // a header part
	PartFooter               // a footer part
	PartFootnote             // a footnote
	PartEndnote              // an endnote
	PartComment              // the text of a comment
)

// Kind is the role of a paragraph in the legal structure of a KB or PKS.
type Kind int

const (
	KindText  Kind = iota // any other paragraph (title, preamble, closing, table text…)
	KindBab               // a chapter heading: "BAB I", "BAB II KETENTUAN UMUM"
	KindPasal             // a Pasal heading: "Pasal 12", typed or produced by numbering
	KindAyat              // an ayat: "(1) …"
	KindHuruf             // a point: "a. …"
	KindAngka             // a numbered point under a huruf: "1. …"
)

// String names the kind in lower case ("pasal", "ayat"…).
func (k Kind) String() string {
	switch k {
	case KindBab:
		return "bab"
	case KindPasal:
		return "pasal"
	case KindAyat:
		return "ayat"
	case KindHuruf:
		return "huruf"
	case KindAngka:
		return "angka"
	}
	return "text"
}

// Indent is a paragraph's indentation in twentieths of a point (twips).
type Indent struct {
	Left, Right, FirstLine, Hanging int
}

// CellRef places a paragraph inside a table of the body: the table's index
// in Document.Tables, and the row and cell within it. Nested tables are
// flattened into the cell of the outermost table.
type CellRef struct {
	Table, Row, Cell int
}

// Paragraph is one paragraph of a document.
//
// The fields down to Comments are read from the XML. The fields from Label
// on are filled only in the paragraphs returned by Document.Paragraphs,
// where tracked changes have been resolved and list numbering counted.
type Paragraph struct {
	Part      Part
	Style     string // style ID (w:pStyle), "" for the default
	StyleName string // the style's display name, e.g. "Heading 1"
	Align     string // w:jc value ("both", "center", "left", "right"…), "" if unset
	Indent    Indent
	NumID     int // list numbering instance (w:numId), 0 if not a list paragraph
	Level     int // list level (w:ilvl), 0-based
	// PageBreakBefore is true when the paragraph starts on a new page:
	// w:pageBreakBefore is on in its w:pPr or its style chain, or a page
	// break (w:br w:type="page") comes before any of its text. A page break
	// after some text of a body paragraph marks the next body paragraph
	// instead. Page breaks in text boxes, field instructions and deleted
	// text are not counted; w:lastRenderedPageBreak is not a page break.
	PageBreakBefore bool
	Runs            []Run
	// Mark is the revision of the paragraph mark itself: a deleted mark
	// joins the paragraph with the next one on accept, an inserted mark on
	// reject. MarkAuthor and MarkDate describe that change.
	Mark       Revision
	MarkAuthor string
	MarkDate   string
	// Props holds the raw bytes of the w:pPr element as in the source, or nil.
	Props []byte
	// FormatChange is the tracked change of the paragraph's properties
	// (w:pPrChange inside its w:pPr), or nil. A w:rPrChange on the paragraph
	// mark alone is not recorded.
	FormatChange *FormatChange
	// Table is non-nil for a paragraph inside a table of the body.
	Table *CellRef
	// TextBox is true for a paragraph inside a text box (w:txbxContent).
	TextBox bool
	// Comments lists the IDs of the comments whose range touches this paragraph.
	Comments []string

	// Label is the list label a reader sees ("(1)", "a.", "Pasal 3"), or "".
	Label string
	Kind  Kind
	Bab   string // the BAB the paragraph belongs to ("I", "II"…), or ""
	Pasal int    // the Pasal number the paragraph belongs to, 0 before the first
	Ayat  int    // the ayat number within the Pasal, 0 if none
	Huruf string // the huruf within the ayat ("a", "b"…), or ""

	// view is how the tracked changes were resolved in the paragraphs
	// returned by Document.Paragraphs (Accept otherwise), so that Line
	// shows the runs of a Reject view too.
	view Changes
}

// Text returns the paragraph's text with tracked changes resolved by c,
// without its list label.
func (p *Paragraph) Text(c Changes) string {
	var b strings.Builder
	for _, r := range p.Runs {
		if r.Rev.Kept(c) {
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

// Line returns the paragraph as one line of text: the label, a space and the
// text, or just one of them when the other is empty. The text is accepted,
// except in the paragraphs of Document.Paragraphs(Reject), where it is the
// rejected text that the view holds.
func (p *Paragraph) Line() string {
	t := p.Text(p.view)
	switch {
	case p.Label == "":
		return t
	case t == "":
		return p.Label
	}
	return p.Label + " " + t
}

// Table describes a table of the body: the raw properties needed to write it
// again. Its text is in the paragraphs whose CellRef points to it.
type Table struct {
	// Props holds the raw bytes of w:tblPr followed by w:tblGrid.
	Props []byte
	Rows  []TableRow
	// Grid holds the widths of the table's grid columns (w:tblGrid/
	// w:gridCol) in twips, 0 for a column without a readable width.
	Grid []int
	// Borders is true when the table draws borders: any border of its
	// w:tblBorders, or else of its table style's (following w:basedOn),
	// is other than "nil" or "none". A style that cannot be resolved
	// counts as no borders; cell borders (w:tcBorders) are not looked at.
	Borders bool
}

// TableRow is one row of a Table.
type TableRow struct {
	Props []byte // raw w:trPr, or nil
	Cells []TableCell
}

// TableCell is one cell of a TableRow.
type TableCell struct {
	Props []byte // raw w:tcPr, or nil
	// Span is how many grid columns the cell covers (w:gridSpan), 1 by
	// default.
	Span int
}

// Comment is a comment from word/comments.xml.
type Comment struct {
	ID       string
	Author   string
	Initials string
	// Date is the comment's w:date as written; when it has none, the
	// w16cex:dateUtc of commentsExtensible.xml.
	Date string
	Text string // the comment's paragraphs joined by newlines
	// ParentID is the ID of the comment this one replies to (from
	// commentsExtended.xml), or "".
	ParentID string
	// Anchor is the commented text in the body (accepted view), if found.
	Anchor string
	// Done is true for a comment marked resolved (w15:done in
	// commentsExtended.xml).
	Done bool
	// DurableID is the comment's w16cid:durableId from commentsIds.xml, or "".
	DurableID string
}

// Document is a Word document as read by Open or Read.
type Document struct {
	// Name is the file name the document was opened from, if any.
	Name string
	// Body holds the paragraphs of the main body in reading order, with the
	// paragraphs of tables and text boxes in place. Tracked changes are not
	// resolved here: see Paragraphs.
	Body      []*Paragraph
	Tables    []*Table
	Headers   []*Paragraph
	Footers   []*Paragraph
	Footnotes []*Paragraph
	Endnotes  []*Paragraph
	Comments  []Comment

	// LastModifiedBy and Modified come from docProps/core.xml.
	LastModifiedBy string
	Modified       time.Time

	// pkg keeps what writing a redline needs: the package's parts and the
	// main part's raw framing. Set by the reader.
	pkg *pkgInfo
	// num resolves list labels. Set by the reader.
	num *numbering
	// commentAt is where each comment's range starts in the body, by
	// comment ID. Set by the reader.
	commentAt map[string]commentPlace
}

// commentPlace is a position in the body: the index of a paragraph in
// Document.Body and a byte offset in its accepted text.
type commentPlace struct {
	para, off int
}

// Errors returned by Open and Read. Each is wrapped with the detail of the
// file; test with errors.Is. Their messages are in English for the command
// line; the web layer shows its own Indonesian text per error.
var (
	ErrNotDocx        = errors.New("not a Word document (.docx): the file is not a zip package")
	ErrLegacyDoc      = errors.New("legacy Word 97-2003 document (.doc): save it as .docx and try again")
	ErrEncrypted      = errors.New("password-protected document: remove the password in Word and try again")
	ErrMacroEnabled   = errors.New("macro-enabled document (.docm): save it as a plain .docx without macros")
	ErrDamaged        = errors.New("damaged Word document")
	ErrTooLarge       = errors.New("document too large")
	ErrExternalEntity = errors.New("document declares XML entities, which are refused")
)

// pkgInfo is what the reader keeps of the package for writing a redline on
// top of it.
type pkgInfo struct {
	// files holds every entry of the zip package in its original order, with
	// its uncompressed content.
	files []pkgFile
	// mainPart is the name of the main document part, e.g. "word/document.xml".
	mainPart string
	// rootStart is the raw start tag of the main part's root element
	// (w:document), with all its namespace declarations, as in the source.
	rootStart []byte
	// prolog is everything before the root start tag (XML declaration…), BOM removed.
	prolog []byte
	// prefixes maps each namespace prefix declared on the root element to its
	// URI ("" for a default namespace declaration).
	prefixes map[string]string
	// wPrefix is the prefix bound to the WordprocessingML main namespace on
	// the root ("w" usually; "" when it is the default namespace).
	wPrefix string
	// wNS is that namespace's URI: transitional or Strict.
	wNS string
	// sectPr holds the raw bytes of the body's last w:sectPr, or nil.
	sectPr []byte
}

// pkgFile is one entry of a zip package.
type pkgFile struct {
	Name string
	Data []byte
}
