package signing

import (
	"fmt"
	"math"
	"strings"
)

// Paper is a sheet size in millimetres.
type Paper struct {
	Name          string
	Width, Height float64
}

// The papers Sepakat prints on. F4 (Folio) is what Indonesian government
// offices sign on: 215 × 330 mm, 609.45 × 935.43 pt.
var (
	PaperF4 = Paper{Name: "f4", Width: 215, Height: 330}
	PaperA4 = Paper{Name: "a4", Width: 210, Height: 297}
)

// ParsePaper returns the paper named f4 or a4 (case-insensitive).
func ParsePaper(name string) (Paper, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "f4", "folio":
		return PaperF4, nil
	case "a4":
		return PaperA4, nil
	}
	return Paper{}, fmt.Errorf("paper %q: want f4 or a4", name)
}

// Meterai says which parties sign over a meterai (duty stamp).
type Meterai int

// The meterai choices.
const (
	MeteraiNone   Meterai = iota // no meterai box
	MeteraiKesatu                // PIHAK KESATU signs over a meterai
	MeteraiKedua                 // PIHAK KEDUA signs over a meterai
	MeteraiBoth                  // both parties do
)

// ParseMeterai reads none, kesatu, kedua or both.
func ParseMeterai(s string) (Meterai, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "none":
		return MeteraiNone, nil
	case "kesatu", "first":
		return MeteraiKesatu, nil
	case "kedua", "second":
		return MeteraiKedua, nil
	case "both":
		return MeteraiBoth, nil
	}
	return 0, fmt.Errorf("meterai %q: want none, kesatu, kedua or both", s)
}

// has reports whether party i (0 = PIHAK KESATU) signs over a meterai.
func (m Meterai) has(i int) bool {
	switch m {
	case MeteraiBoth:
		return true
	case MeteraiKesatu:
		return i == 0
	case MeteraiKedua:
		return i == 1
	}
	return false
}

// Font is one of the typefaces embedded in Sepakat.
type Font string

// The embedded typefaces (Liberation, SIL Open Font License): a serif with
// the metrics of Times New Roman and a sans with those of Arial.
const (
	FontSerif Font = "serif"
	FontSans  Font = "sans"
)

// Margins are the distances from the edges of the sheet to the text, in
// millimetres. The footer (paraf boxes, page number, QR code) sits inside
// the bottom margin.
type Margins struct {
	Top, Right, Bottom, Left float64
}

// Settings are an office's printing settings.
type Settings struct {
	Paper   Paper
	Margins Margins
	Font    Font
	// FontSize is the body text size in points.
	FontSize float64
	// LineSpacing is the distance between lines as a multiple of FontSize.
	LineSpacing float64
	Meterai     Meterai
}

// DefaultSettings are those of an Indonesian government document: F4,
// margins 2.5 cm top, 2 cm right, 3 cm left, 12 pt serif with 1.15 line
// spacing, and a bottom margin that holds the paraf boxes.
func DefaultSettings() Settings {
	return Settings{
		Paper:       PaperF4,
		Margins:     Margins{Top: 25, Right: 20, Bottom: 38, Left: 30},
		Font:        FontSerif,
		FontSize:    12,
		LineSpacing: 1.15,
	}
}

// Validate checks the settings.
func (s Settings) Validate() error {
	m := s.Margins
	for _, v := range []float64{s.Paper.Width, s.Paper.Height, s.FontSize, s.LineSpacing, m.Top, m.Right, m.Bottom, m.Left} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("settings hold a value that is not a number: %+v", s)
		}
	}
	if s.Paper.Width < 100 || s.Paper.Height < 100 {
		return fmt.Errorf("paper %gx%g mm is too small", s.Paper.Width, s.Paper.Height)
	}
	if s.Font != FontSerif && s.Font != FontSans {
		return fmt.Errorf("font %q: want serif or sans", s.Font)
	}
	if s.FontSize < 6 || s.FontSize > 24 {
		return fmt.Errorf("font size %g pt: want 6 to 24", s.FontSize)
	}
	if s.LineSpacing < 1 || s.LineSpacing > 3 {
		return fmt.Errorf("line spacing %g: want 1 to 3", s.LineSpacing)
	}
	if m.Top < 5 || m.Left < 5 || m.Right < 5 || m.Bottom < 30 {
		return fmt.Errorf("margins %g/%g/%g/%g mm: want at least 5 mm, and 30 mm at the bottom for the paraf boxes", m.Top, m.Right, m.Bottom, m.Left)
	}
	if s.Paper.Width-m.Left-m.Right < 80 || s.Paper.Height-m.Top-m.Bottom < 100 {
		return fmt.Errorf("margins leave too little room for the text")
	}
	return nil
}

// Role is what a paragraph is in an agreement; the typesetter lays out each
// role the way such documents are printed.
type Role int

// The roles of paragraphs.
const (
	RoleBody         Role = iota // running text, justified
	RoleTitle                    // the title block, centred bold
	RoleNumber                   // a "NOMOR:" line under the title, centred
	RoleHeading                  // "Pasal 3", "BAB II", centred bold
	RoleHeadingTitle             // the title under a Pasal heading, centred bold
	RoleAyat                     // "(1) …", hanging indent
	RoleHuruf                    // "a. …", hanging indent, deeper
	RoleAngka                    // "1. …" under a huruf, deeper still
	RoleCell                     // text in a table cell
)

// Align is a paragraph's alignment.
type Align int

// The alignments; AlignDefault takes the role's.
const (
	AlignDefault Align = iota
	AlignLeft
	AlignCenter
	AlignRight
	AlignJustify
)

// Change marks a span of a redline.
type Change int

// The kinds of change.
const (
	Unchanged Change = iota
	Inserted
	Deleted
)

// Span is a stretch of text with one formatting.
type Span struct {
	Text                    string
	Bold, Italic, Underline bool
	Change                  Change
}

// Paragraph is one paragraph to typeset.
type Paragraph struct {
	Role  Role
	Label string // the list label ("(1)", "a."), set apart with a hanging indent
	Spans []Span
	Align Align
	// Indent is the paragraph's left indent in millimetres, beyond what
	// its role gives; Hanging is the width kept for the label (0: the
	// role's).
	Indent, Hanging float64
	// PageBreakBefore starts the paragraph on a new page.
	PageBreakBefore bool
	// Changed draws a change bar in the margin beside the paragraph.
	Changed bool
}

// Table is a table of the document.
type Table struct {
	// Widths are the relative widths of the columns.
	Widths []float64
	// Rows hold the cells; each cell holds its paragraphs.
	Rows [][][]Paragraph
	// Spans, when given, holds for each row how many columns each cell
	// spans (a merged cell spans several); a row whose spans do not add
	// up to the columns gets equal cells.
	Spans [][]int
	// Borders draws the cell borders.
	Borders bool
	// PageBreakBefore starts the table on a new page.
	PageBreakBefore bool
}

// Block is a paragraph or a table.
type Block struct {
	Para  *Paragraph
	Table *Table
}

// Party is a signature block of the signature page.
type Party struct {
	Heading  string // "PIHAK KESATU,"
	Position string // "WALI KOTA YOGYAKARTA," (may hold several lines)
	Name     string
	NIP      string
}

// Document is an agreement ready to typeset.
type Document struct {
	Title  string
	Blocks []Block
	// Closing is how many of the last Blocks belong on the signature page
	// with the signature blocks ("Demikian …").
	Closing int
	// Parties are the signature blocks, PIHAK KESATU first. Without them
	// there is no signature page and every page gets paraf boxes.
	Parties []Party
}
