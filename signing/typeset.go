package signing

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/*.ttf
var fontFS embed.FS

// fontFaces are the four faces of one embedded typeface, read once.
type fontFaces struct {
	once  sync.Once
	faces [4][]byte // regular, bold, italic, bold italic
	err   error
}

var faces = map[Font]*fontFaces{FontSerif: {}, FontSans: {}}

var faceNames = map[Font]string{FontSerif: "LiberationSerif", FontSans: "LiberationSans"}

func (f Font) load() ([4][]byte, error) {
	ff := faces[f]
	if ff == nil {
		return [4][]byte{}, fmt.Errorf("font %q: want serif or sans", f)
	}
	ff.once.Do(func() {
		for i, suffix := range []string{"Regular", "Bold", "Italic", "BoldItalic"} {
			ff.faces[i], ff.err = fontFS.ReadFile("fonts/" + faceNames[f] + "-" + suffix + ".ttf")
			if ff.err != nil {
				return
			}
		}
	})
	return ff.faces, ff.err
}

// styleBits are the font faces: bold and italic.
type styleBits uint8

const (
	bold styleBits = 1 << iota
	italic
)

var styleStrings = [4]string{"", "B", "I", "BI"}

// Family names registered with fpdf.
const (
	bodyFamily = "body"
	sansFamily = "sans"
)

// Options say how one document is printed.
type Options struct {
	// Draft puts the diagonal DRAFT watermark on every page.
	Draft bool
	// Number is the document number for the footer of a final.
	Number string
	// Hash is the SHA-256 (hex) of the approved .docx; the footer shows
	// its first 16 characters.
	Hash string
	// VerifyURL is encoded in a QR code in the footer, when set.
	VerifyURL string
	// Redline prints a comparison: no paraf boxes and no signature page.
	Redline bool
}

// final reports whether the footer carries the final's details.
func (o Options) final() bool {
	return o.Number != "" || o.Hash != "" || o.VerifyURL != ""
}

// Colours of the redline.
var (
	colourText     = [3]int{0, 0, 0}
	colourInserted = [3]int{0, 70, 180}
	colourDeleted  = [3]int{190, 0, 0}
	colourBar      = [3]int{200, 120, 0}
	colourRule     = [3]int{90, 90, 90}
)

// mmPerPt converts points to millimetres.
const mmPerPt = 25.4 / 72

// typesetter lays out one document on fpdf pages.
type typesetter struct {
	pdf  *fpdf.Fpdf
	s    Settings
	opt  Options
	doc  *Document
	size float64 // body font size, pt
	lh   float64 // line height, mm
	left float64 // left edge of the text, mm
	top  float64 // top of the text area
	// bottom is the lowest a line may reach.
	bottom float64
	width  float64 // text width
	y      float64 // where the next line goes
	// prevRole is the role of the paragraph placed last.
	prevRole Role
	// signaturePage is the page holding the signature blocks, or 0.
	signaturePage int
	// cur is the current font face and size, to skip redundant SetFont.
	curStyle styleBits
	curSize  float64
	curFam   string
	// curColour is the text colour last set.
	curColour [3]int
	colourSet bool
	// spaceWidths caches the width of a space per face at the body size
	// (0: not measured yet).
	spaceWidths [4]float64
	// faces are the embedded fonts' files; a face is added to the PDF when
	// first used, so that unused faces cost nothing.
	bodyFaces, sansFaces [4][]byte
	loaded               map[string]bool
}

// word is a piece of text between spaces, with its formatting.
type word struct {
	text   string
	st     styleBits
	under  bool
	change Change
	w      float64
	space  bool // a space precedes it on the line
}

// line is one laid-out line of a paragraph.
type line struct {
	words []word
	x     float64 // where the first word starts
	width float64 // the room the line may fill from x
	// natural is the width of the words with single spaces.
	natural float64
	last    bool // the paragraph's last line (not justified)
	label   string
	labelX  float64
	labelSt styleBits
}

// Print typesets doc and writes it as a PDF to w, followed by the
// attachments, with one page numbering ("Halaman x dari y") over all pages.
// A damaged, encrypted or non-PDF attachment is refused with an
// *AttachmentError before anything is written.
func Print(w io.Writer, doc *Document, s Settings, opt Options, attachments []Attachment) (Result, error) {
	if err := s.Validate(); err != nil {
		return Result{}, err
	}
	extra, err := checkAttachments(attachments)
	if err != nil {
		return Result{}, err
	}
	var buf bytes.Buffer
	pages, err := typeset(&buf, doc, s, opt, extra)
	if err != nil {
		return Result{}, err
	}
	res := Result{DocumentPages: pages, Pages: pages + sum(extra)}
	if len(attachments) == 0 && !opt.Draft {
		_, err := w.Write(buf.Bytes())
		return res, err
	}
	return res, finish(w, buf.Bytes(), s, opt, pages, attachments, extra)
}

// Result describes a printed PDF.
type Result struct {
	// Pages is the number of pages written; DocumentPages of them are the
	// typeset document, the rest the attachments.
	Pages, DocumentPages int
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// typeset writes the document's own pages, numbered as the first of
// pages+sum(extra), and returns how many it made.
func typeset(w io.Writer, doc *Document, s Settings, opt Options, extra []int) (int, error) {
	t, err := newTypesetter(doc, s, opt)
	if err != nil {
		return 0, err
	}
	if err := t.run(); err != nil {
		return 0, err
	}
	pages := t.pdf.PageNo()
	if err := t.footers(pages + sum(extra)); err != nil {
		return 0, err
	}
	if err := t.pdf.Output(w); err != nil {
		return 0, fmt.Errorf("write pdf: %w", err)
	}
	return pages, nil
}

func newTypesetter(doc *Document, s Settings, opt Options) (*typesetter, error) {
	pdf := fpdf.NewCustom(&fpdf.InitType{
		UnitStr: "mm",
		Size:    fpdf.SizeType{Wd: s.Paper.Width, Ht: s.Paper.Height},
	})
	pdf.SetCompression(false)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(s.Margins.Left, s.Margins.Top, s.Margins.Right)
	pdf.SetCellMargin(0)
	pdf.SetCreator("Sepakat", true)
	pdf.SetProducer("Sepakat", true)
	if doc.Title != "" {
		pdf.SetTitle(doc.Title, true)
	}
	t := &typesetter{
		pdf:    pdf,
		s:      s,
		opt:    opt,
		doc:    doc,
		size:   s.FontSize,
		lh:     s.FontSize * s.LineSpacing * mmPerPt,
		left:   s.Margins.Left,
		top:    s.Margins.Top,
		bottom: s.Paper.Height - s.Margins.Bottom,
		width:  s.Paper.Width - s.Margins.Left - s.Margins.Right,
	}
	if err := t.loadFaces(); err != nil {
		return nil, err
	}
	return t, nil
}

// loadFaces reads the font files of the settings' typeface and the sans.
func (t *typesetter) loadFaces() error {
	var err error
	if t.bodyFaces, err = t.s.Font.load(); err != nil {
		return err
	}
	if t.sansFaces, err = FontSans.load(); err != nil {
		return err
	}
	t.loaded = map[string]bool{}
	return nil
}

// spaceW returns the width of a space in face st at the body size.
func (t *typesetter) spaceW(st styleBits) float64 {
	if t.spaceWidths[st] == 0 {
		fam, cst, size := t.curFam, t.curStyle, t.curSize
		t.font(st, t.size)
		t.spaceWidths[st] = t.pdf.GetStringWidth(" ")
		if fam != "" {
			t.setFont(fam, cst, size)
		}
	}
	return t.spaceWidths[st]
}

// font sets the body face st at size pt.
func (t *typesetter) font(st styleBits, size float64) {
	t.setFont(bodyFamily, st, size)
}

func (t *typesetter) setFont(family string, st styleBits, size float64) {
	if family == sansFamily && t.s.Font == FontSans {
		family = bodyFamily
	}
	if t.curFam == family && t.curStyle == st && t.curSize == size {
		return
	}
	if key := family + styleStrings[st]; !t.loaded[key] {
		files := t.bodyFaces
		if family == sansFamily {
			files = t.sansFaces
		}
		t.pdf.AddUTF8FontFromBytes(family, styleStrings[st], files[st])
		t.loaded[key] = true
	}
	t.pdf.SetFont(family, styleStrings[st], size)
	t.curFam, t.curStyle, t.curSize = family, st, size
}

// colour sets the text colour (skipping what is already set).
func (t *typesetter) colour(c [3]int) {
	if t.curColour == c && t.colourSet {
		return
	}
	t.pdf.SetTextColor(c[0], c[1], c[2])
	t.curColour, t.colourSet = c, true
}

// run lays out every block, then the signature page.
func (t *typesetter) run() error {
	t.newPage()
	blocks := t.doc.Blocks
	closing := min(max(t.doc.Closing, 0), len(blocks))
	if t.opt.Redline || len(t.doc.Parties) == 0 {
		closing = 0
	}
	main := blocks[:len(blocks)-closing]
	for i, b := range main {
		if err := t.block(b, main[i+1:]); err != nil {
			return err
		}
	}
	if t.opt.Redline || len(t.doc.Parties) == 0 {
		return t.pdf.Error()
	}
	// The closing paragraphs and the signature blocks share a page.
	tail := blocks[len(blocks)-closing:]
	need := t.signatureHeight()
	for _, b := range tail {
		need += t.blockHeight(b)
	}
	if t.y+need > t.bottom && t.y > t.top {
		t.newPage()
	}
	for i, b := range tail {
		if err := t.block(b, tail[i+1:]); err != nil {
			return err
		}
	}
	if t.y+t.signatureHeight() > t.bottom && t.y > t.top {
		t.newPage()
	}
	t.signatures()
	t.signaturePage = t.pdf.PageNo()
	return t.pdf.Error()
}

func (t *typesetter) newPage() {
	t.pdf.AddPage()
	t.y = t.top
}

// block places a paragraph or a table; next are the blocks after it (for
// keeping headings with what follows).
func (t *typesetter) block(b Block, next []Block) error {
	switch {
	case b.Para != nil:
		t.paragraph(b.Para, next)
	case b.Table != nil:
		t.table(b.Table)
	}
	return t.pdf.Error()
}

// roleSpacing returns the space before and after a paragraph of role r.
func (t *typesetter) roleSpacing(r Role) (before, after float64) {
	switch r {
	case RoleHeading:
		return 0.6 * t.lh, 0
	case RoleHeadingTitle:
		return 0, 0.35 * t.lh
	case RoleTitle, RoleNumber:
		return 0, 0.1 * t.lh
	case RoleCell:
		return 0, 0
	}
	return 0, 0.35 * t.lh
}

func isTitleRole(r Role) bool { return r == RoleTitle || r == RoleNumber }

// keepsWithNext reports whether a paragraph must not end a page.
func keepsWithNext(r Role) bool {
	return r == RoleHeading || r == RoleHeadingTitle
}

// paragraph places p at t.y, breaking pages between its lines.
func (t *typesetter) paragraph(p *Paragraph, next []Block) {
	before, after := t.roleSpacing(p.Role)
	if isTitleRole(t.prevRole) && !isTitleRole(p.Role) {
		before += t.lh // the title block stands apart from the text
	}
	t.prevRole = p.Role
	if p.PageBreakBefore && t.y > t.top {
		t.newPage()
	}
	if t.y > t.top {
		t.y += before
	}
	lines := t.layout(p, t.left, t.width)
	// A paragraph starts on the next page unless two of its lines fit; a
	// heading also takes along the rest of the heading chain and two lines
	// of the paragraph after it, or the first row of a table.
	need := float64(min(len(lines), 2)) * t.lh
	if keepsWithNext(p.Role) {
		need = float64(len(lines))*t.lh + after
		for _, b := range next {
			if b.Table != nil {
				if rows := t.tableRows(b.Table); len(rows) > 0 {
					need += min(rows[0].height, t.bottom-t.top-need)
				}
				break
			}
			if b.Para == nil {
				continue
			}
			nb, na := t.roleSpacing(b.Para.Role)
			if keepsWithNext(b.Para.Role) {
				need += nb + float64(len(t.layout(b.Para, t.left, t.width)))*t.lh + na
				continue
			}
			need += nb + float64(min(2, len(t.layout(b.Para, t.left, t.width))))*t.lh
			break
		}
	}
	if t.y+need > t.bottom && t.y > t.top {
		t.newPage()
	}
	barTop := t.y
	for _, ln := range lines {
		if t.y+t.lh > t.bottom {
			if p.Changed {
				t.changeBar(barTop, t.y)
			}
			t.newPage()
			barTop = t.y
		}
		t.drawLine(ln, t.y, p.Role)
		t.y += t.lh
	}
	if p.Changed {
		t.changeBar(barTop, t.y)
	}
	t.y += after
}

// changeBar draws the redline's bar in the left margin.
func (t *typesetter) changeBar(y0, y1 float64) {
	if y1 <= y0 {
		return
	}
	pdf := t.pdf
	pdf.SetDrawColor(colourBar[0], colourBar[1], colourBar[2])
	pdf.SetLineWidth(0.8)
	x := t.left - 6
	pdf.Line(x, y0+0.3, x, y1-0.3)
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.2)
}

// defaults returns the indent, label width, alignment and face a role
// gives.
func (t *typesetter) defaults(p *Paragraph) (hanging float64, align Align, st styleBits) {
	align = AlignJustify
	switch p.Role {
	case RoleTitle:
		return 0, AlignCenter, bold
	case RoleNumber:
		return 0, AlignCenter, 0
	case RoleHeading, RoleHeadingTitle:
		return 0, AlignCenter, bold
	// Label widths keep the gap to the text under about an em, so that
	// text extraction (pdftotext) reads label and text as one line.
	case RoleAyat:
		hanging = 9
	case RoleHuruf, RoleAngka:
		hanging = 6
	case RoleCell:
		align = AlignLeft
	}
	if p.Label != "" && hanging == 0 {
		hanging = 7
	}
	return hanging, align, 0
}

// layout breaks p into lines for a column starting at x0, w wide.
func (t *typesetter) layout(p *Paragraph, x0, w float64) []line {
	hanging, align, forced := t.defaults(p)
	if p.Hanging > 0 {
		hanging = p.Hanging
	}
	if p.Align != AlignDefault {
		align = p.Align
	}
	indent := min(max(p.Indent, 0), w/2)
	labelX := x0 + indent
	textX := labelX
	first := textX
	var labelSt styleBits
	if p.Label != "" {
		labelSt = forced
		if len(p.Spans) > 0 && p.Spans[0].Bold {
			labelSt |= bold
		}
		textX = labelX + hanging
		t.font(labelSt, t.size)
		lw := t.pdf.GetStringWidth(p.Label)
		first = max(textX, labelX+lw+t.spaceW(labelSt))
	}
	words := t.words(p, forced)
	var lines []line
	cur := line{x: first, width: x0 + w - first, label: p.Label, labelX: labelX, labelSt: labelSt}
	for _, wd := range words {
		gap := 0.0
		if wd.space && len(cur.words) > 0 {
			gap = t.spaceW(wd.st)
		}
		if len(cur.words) > 0 && cur.natural+gap+wd.w > cur.width+0.01 {
			lines = append(lines, cur)
			cur = line{x: textX, width: x0 + w - textX}
			gap = 0
		}
		// A word longer than the line is cut where it overflows.
		for len(cur.words) == 0 && wd.w > cur.width && utf8.RuneCountInString(wd.text) > 1 {
			head, rest := t.cut(wd, cur.width)
			cur.words = append(cur.words, head)
			cur.natural = head.w
			lines = append(lines, cur)
			cur = line{x: textX, width: x0 + w - textX}
			wd = rest
		}
		wd.space = wd.space && len(cur.words) > 0
		cur.words = append(cur.words, wd)
		cur.natural += gap + wd.w
	}
	lines = append(lines, cur)
	lines[len(lines)-1].last = true
	for i := range lines {
		ln := &lines[i]
		switch align {
		case AlignCenter:
			ln.x += (ln.width - ln.natural) / 2
		case AlignRight:
			ln.x += ln.width - ln.natural
		case AlignJustify:
			continue
		}
		ln.last = true // not stretched
	}
	return lines
}

// cut splits a word so that its head fits in room (at least one
// character). Widths add up rune by rune (fpdf does not kern), so a long
// word costs linear time.
func (t *typesetter) cut(wd word, room float64) (head, rest word) {
	t.font(wd.st, t.size)
	cutAt, w := 0, 0.0
	for i, r := range wd.text {
		rw := t.pdf.GetStringWidth(string(r))
		if i > 0 && w+rw > room {
			break
		}
		w += rw
		cutAt = i + utf8.RuneLen(r)
	}
	head, rest = wd, wd
	head.text, rest.text = wd.text[:cutAt], wd.text[cutAt:]
	head.w = w
	rest.w = max(wd.w-w, 0)
	rest.space = false
	return head, rest
}

// words splits the spans of p into measured words.
func (t *typesetter) words(p *Paragraph, forced styleBits) []word {
	var out []word
	space := false
	for _, sp := range p.Spans {
		st := forced
		if sp.Bold {
			st |= bold
		}
		if sp.Italic {
			st |= italic
		}
		t.font(st, t.size)
		text := sp.Text
		for len(text) > 0 {
			i := strings.IndexFunc(text, isSpace)
			if i == 0 {
				space = true
				_, n := utf8.DecodeRuneInString(text)
				text = text[n:]
				continue
			}
			piece := text
			if i > 0 {
				piece = text[:i]
			}
			text = text[len(piece):]
			wd := word{text: piece, st: st, under: sp.Underline, change: sp.Change, space: space}
			// Join with the previous word when no space separates them
			// and the formatting agrees.
			if n := len(out); n > 0 && !space && out[n-1].st == st && out[n-1].under == wd.under && out[n-1].change == wd.change {
				out[n-1].text += piece
				out[n-1].w += t.pdf.GetStringWidth(piece)
			} else {
				wd.w = t.pdf.GetStringWidth(piece)
				out = append(out, wd)
			}
			space = false
		}
	}
	return out
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// drawLine writes one line with its baseline in the line box at y.
func (t *typesetter) drawLine(ln line, y float64, role Role) {
	pdf := t.pdf
	base := y + t.lh*0.78
	if ln.label != "" {
		t.font(ln.labelSt, t.size)
		t.colour(colourText)
		pdf.Text(ln.labelX, base, ln.label)
	}
	if len(ln.words) == 0 {
		return
	}
	extra := 0.0
	if !ln.last {
		gaps := 0
		for _, wd := range ln.words[1:] {
			if wd.space {
				gaps++
			}
		}
		// A line of a few long words is left ragged rather than torn
		// apart (text extraction would read its words as columns).
		if gaps > 0 {
			extra = (ln.width - ln.natural) / float64(gaps)
			if extra > 2.5*t.spaceW(0) {
				extra = 0
			}
		}
	}
	x := ln.x
	// Words of one formatting are written with one call: a justified
	// stretch as a TJ array that widens its spaces (fpdf's "J" cells), the
	// rest as plain text.
	for i := 0; i < len(ln.words); {
		wd := ln.words[i]
		if wd.space && i > 0 {
			x += t.spaceW(wd.st) + extra
		}
		text, w, gaps := wd.text, wd.w, 0
		j := i + 1
		for j < len(ln.words) && ln.words[j].st == wd.st && ln.words[j].under == wd.under && ln.words[j].change == wd.change && ln.words[j].space {
			text += " " + ln.words[j].text
			w += t.spaceW(wd.st) + extra + ln.words[j].w
			gaps++
			j++
		}
		t.font(wd.st, t.size)
		t.colour(colourFor(wd.change))
		if gaps > 0 && extra > 0 {
			pdf.SetXY(x, base-0.3*t.size*mmPerPt)
			pdf.CellFormat(w, 0, text, "", 0, "J", false, 0, "")
		} else {
			pdf.Text(x, base, text)
		}
		if wd.under || wd.change == Inserted {
			t.rule(x, base+0.6, w, colourFor(wd.change))
		}
		if wd.change == Deleted {
			t.rule(x, base-t.size*mmPerPt*0.28, w, colourDeleted)
		}
		x += w
		i = j
	}
	t.colour(colourText)
}

func colourFor(c Change) [3]int {
	switch c {
	case Inserted:
		return colourInserted
	case Deleted:
		return colourDeleted
	}
	return colourText
}

// rule draws a thin horizontal line (underline or strike-through).
func (t *typesetter) rule(x, y, w float64, c [3]int) {
	t.pdf.SetDrawColor(c[0], c[1], c[2])
	t.pdf.SetLineWidth(0.25)
	t.pdf.Line(x, y, x+w, y)
	t.pdf.SetDrawColor(0, 0, 0)
}

// blockHeight measures a block as it would be placed at the top of a page.
func (t *typesetter) blockHeight(b Block) float64 {
	if b.Para != nil {
		before, after := t.roleSpacing(b.Para.Role)
		return before + after + float64(len(t.layout(b.Para, t.left, t.width)))*t.lh
	}
	if b.Table != nil {
		h := 0.0
		for _, r := range t.tableRows(b.Table) {
			h += r.height
		}
		return h + 0.35*t.lh
	}
	return 0
}

// errNoPages is returned for an empty document.
var errNoPages = errors.New("nothing to print")
