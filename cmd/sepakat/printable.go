package main

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/signing"
)

// printable turns a Word document into the typesetter's model: the title
// block, the NOMOR lines, Pasal headings and titles, ayat, huruf and angka
// with their labels, tables, and the signature table as the signature page.
func printable(doc *drafting.Document) *signing.Document {
	paras := doc.Paragraphs(drafting.Accept)
	out := &signing.Document{}
	var titles []string
	var roles roler
	for i := 0; i < len(paras); {
		p := paras[i]
		if p.Part != drafting.PartBody {
			i++
			continue
		}
		if p.Table != nil {
			j := i
			for j < len(paras) && paras[j].Table != nil && paras[j].Table.Table == p.Table.Table {
				j++
			}
			var tbl *drafting.Table
			if t := p.Table.Table; t >= 0 && t < len(doc.Tables) {
				tbl = doc.Tables[t]
			}
			out.Blocks = append(out.Blocks, signing.Block{Table: printTable(tbl, paras[i:j])})
			roles.table()
			i = j
			continue
		}
		sp := roles.paragraph(p)
		if line := strings.TrimSpace(p.Line()); sp.Role == signing.RoleTitle && line != "" {
			titles = append(titles, line)
		}
		out.Blocks = append(out.Blocks, signing.Block{Para: sp})
		i++
	}
	out.Title = strings.Join(titles, " ")
	signaturePage(out)
	return out
}

// roler gives paragraphs in reading order their roles where the kind the
// reader found is not enough: the title block and its NOMOR lines before
// the text, and the title under a Pasal or BAB heading.
type roler struct {
	pastTitle    bool // the title block is over
	afterHeading bool // the last non-empty paragraph was a heading
}

// paragraph maps p (see printParagraph) with its role in the sequence.
func (r *roler) paragraph(p *drafting.Paragraph) *signing.Paragraph {
	sp := printParagraph(p)
	line := strings.TrimSpace(p.Line())
	switch {
	case !r.pastTitle && isNumberLine(line):
		sp.Role = signing.RoleNumber
	case !r.pastTitle && p.Kind == drafting.KindText && isTitleLine(line):
		sp.Role = signing.RoleTitle
	case p.Kind == drafting.KindPasal || p.Kind == drafting.KindBab:
		sp.Role = signing.RoleHeading
		r.pastTitle = true
	case r.afterHeading && p.Kind == drafting.KindText && isTitleLine(line) && line != "":
		sp.Role = signing.RoleHeadingTitle
	default:
		r.pastTitle = true
	}
	switch {
	case sp.Role == signing.RoleHeading:
		r.afterHeading = true
	case line != "":
		r.afterHeading = false
	}
	return sp
}

// table notes a table in the sequence: the title block is over.
func (r *roler) table() {
	r.pastTitle, r.afterHeading = true, false
}

// printParagraph maps one paragraph: its role from its kind, its label (a
// Word list label, or one typed at the start of the text), its runs.
func printParagraph(p *drafting.Paragraph) *signing.Paragraph {
	sp := &signing.Paragraph{Label: p.Label, PageBreakBefore: p.PageBreakBefore, Align: printAlign(p.Align)}
	for _, r := range p.Runs {
		if !r.Rev.Kept(drafting.Accept) || r.Text == "" {
			continue
		}
		sp.Spans = append(sp.Spans, signing.Span{
			Text:      r.Text,
			Bold:      r.Format.Has(drafting.Bold),
			Italic:    r.Format.Has(drafting.Italic),
			Underline: r.Format.Has(drafting.Underline),
		})
	}
	switch p.Kind {
	case drafting.KindAyat:
		sp.Role = signing.RoleAyat
	case drafting.KindHuruf:
		sp.Role = signing.RoleHuruf
		if p.Ayat > 0 {
			sp.Indent = 9
		}
	case drafting.KindAngka:
		sp.Role = signing.RoleAngka
		sp.Indent = 6
		if p.Ayat > 0 {
			sp.Indent += 9
		}
	}
	if sp.Label == "" && sp.Role != signing.RoleBody {
		sp.Label, sp.Spans = cutTypedLabel(sp.Spans)
	}
	// Justified text stays justified; a paragraph Word left-aligns keeps
	// its alignment only outside the agreement's running text, where the
	// role decides.
	if sp.Align == signing.AlignLeft && p.Kind != drafting.KindText {
		sp.Align = signing.AlignDefault
	}
	return sp
}

// typedLabel matches a label typed at the start of an ayat, huruf or angka.
var typedLabel = regexp.MustCompile(`^\s*(\(\d+[a-z]?\)|[a-z]\.|\d+\.)\s+`)

// cutTypedLabel moves a typed label out of the first span.
func cutTypedLabel(spans []signing.Span) (string, []signing.Span) {
	if len(spans) == 0 {
		return "", spans
	}
	m := typedLabel.FindStringSubmatchIndex(spans[0].Text)
	if m == nil {
		return "", spans
	}
	label := spans[0].Text[m[2]:m[3]]
	rest := make([]signing.Span, len(spans))
	copy(rest, spans)
	rest[0].Text = spans[0].Text[m[1]:]
	return label, rest
}

func printAlign(jc string) signing.Align {
	switch jc {
	case "center":
		return signing.AlignCenter
	case "right", "end":
		return signing.AlignRight
	case "both", "distribute", "lowKashida", "mediumKashida", "highKashida", "thaiDistribute":
		return signing.AlignJustify
	case "left", "start":
		return signing.AlignLeft
	}
	return signing.AlignDefault
}

// isNumberLine reports a "NOMOR: …" line of the title block.
func isNumberLine(line string) bool {
	u := strings.ToUpper(line)
	return strings.HasPrefix(u, "NOMOR") && len(line) < 120
}

// isTitleLine reports a short line without lower-case letters, as the
// title block and Pasal titles are written.
func isTitleLine(line string) bool {
	if len(line) > 200 {
		return false
	}
	for _, r := range line {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// printTable maps a table of the body; ps are its paragraphs.
func printTable(tbl *drafting.Table, ps []*drafting.Paragraph) *signing.Table {
	out := &signing.Table{}
	rows := 0
	for _, p := range ps {
		rows = max(rows, p.Table.Row+1)
	}
	if tbl != nil {
		rows = max(rows, len(tbl.Rows))
		out.Borders = tbl.Borders
		for _, w := range tbl.Grid {
			out.Widths = append(out.Widths, float64(w))
		}
	}
	out.Rows = make([][][]signing.Paragraph, rows)
	out.Spans = make([][]int, rows)
	for r := range out.Rows {
		cells := 0
		if tbl != nil && r < len(tbl.Rows) {
			cells = len(tbl.Rows[r].Cells)
			for _, c := range tbl.Rows[r].Cells {
				out.Spans[r] = append(out.Spans[r], c.Span)
			}
		}
		for _, p := range ps {
			if p.Table.Row == r {
				cells = max(cells, p.Table.Cell+1)
			}
		}
		out.Rows[r] = make([][]signing.Paragraph, cells)
	}
	for i, p := range ps {
		sp := printParagraph(p)
		if sp.Role == signing.RoleBody {
			sp.Role = signing.RoleCell
		}
		if i == 0 {
			out.PageBreakBefore = p.PageBreakBefore
		}
		sp.PageBreakBefore = false
		r, c := p.Table.Row, p.Table.Cell
		out.Rows[r][c] = append(out.Rows[r][c], *sp)
	}
	return out
}

// signaturePage finds the signature table at the end of the document (a
// table naming PIHAK KESATU and PIHAK KEDUA, followed by nothing but empty
// paragraphs), takes the parties' blocks from it for the signature page,
// and keeps the paragraph before it on that page. A document without one
// gets empty signature blocks for the two parties it names.
func signaturePage(doc *signing.Document) {
	last := len(doc.Blocks) - 1
	for last >= 0 && doc.Blocks[last].Para != nil && blockText(doc.Blocks[last]) == "" {
		last--
	}
	if last >= 0 && doc.Blocks[last].Table != nil {
		if parties := signatureParties(doc.Blocks[last].Table); len(parties) >= 2 {
			doc.Parties = parties
			doc.Blocks = doc.Blocks[:last]
			if last > 0 && doc.Blocks[last-1].Para != nil {
				doc.Closing = 1
			}
			return
		}
	}
	kesatu, kedua := false, false
	for _, b := range doc.Blocks {
		t := blockText(b)
		kesatu = kesatu || strings.Contains(t, "PIHAK KESATU")
		kedua = kedua || strings.Contains(t, "PIHAK KEDUA")
	}
	if kesatu && kedua {
		doc.Parties = []signing.Party{{Heading: "PIHAK KESATU,"}, {Heading: "PIHAK KEDUA,"}}
		doc.Closing = 1
	}
}

func blockText(b signing.Block) string {
	if b.Para == nil {
		return ""
	}
	var s strings.Builder
	for _, sp := range b.Para.Spans {
		s.WriteString(sp.Text)
	}
	return strings.TrimSpace(b.Para.Label + " " + s.String())
}

// signatureParties reads the signature blocks out of a signature table,
// column by column: the "PIHAK …" heading, the position lines under it,
// then after the blank space the name and a "NIP" line. PIHAK KESATU (or
// PERTAMA) comes first.
func signatureParties(t *signing.Table) []signing.Party {
	cols := 0
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	var parties []signing.Party
	for c := range cols {
		var lines []string
		for _, r := range t.Rows {
			if c >= len(r) {
				continue
			}
			if len(r[c]) == 0 {
				lines = append(lines, "")
			}
			for i := range r[c] {
				lines = append(lines, blockText(signing.Block{Para: &r[c][i]}))
			}
		}
		if p, ok := parseParty(lines); ok {
			parties = append(parties, p)
		}
	}
	first := -1
	for i, p := range parties {
		if u := strings.ToUpper(p.Heading); strings.Contains(u, "KESATU") || strings.Contains(u, "PERTAMA") {
			first = i
		}
	}
	if first > 0 {
		parties[0], parties[first] = parties[first], parties[0]
	}
	return parties
}

// parseParty reads one column of a signature table.
func parseParty(lines []string) (signing.Party, bool) {
	var p signing.Party
	i := 0
	for i < len(lines) && !strings.Contains(strings.ToUpper(lines[i]), "PIHAK") {
		i++
	}
	if i == len(lines) {
		return p, false
	}
	p.Heading = lines[i]
	i++
	var pos []string
	for i < len(lines) && lines[i] != "" {
		pos = append(pos, lines[i])
		i++
	}
	p.Position = strings.Join(pos, "\n")
	for ; i < len(lines); i++ {
		l := lines[i]
		switch {
		case l == "":
		case strings.HasPrefix(strings.ToUpper(l), "NIP"):
			p.NIP = strings.TrimSpace(strings.TrimLeft(l[3:], ".: "))
		case p.Name == "":
			p.Name = l
		}
	}
	return p, true
}

// printableRedline turns a comparison into the typesetter's model: a
// header naming both versions and the summary, then every paragraph of the
// new version with deleted words struck through in red, inserted words
// underlined in blue, and a change bar beside every changed paragraph.
func printableRedline(c *drafting.Comparison) *signing.Document {
	out := &signing.Document{Title: "Perbandingan " + c.Old.Name + " dan " + c.New.Name}
	add := func(p *signing.Paragraph) { out.Blocks = append(out.Blocks, signing.Block{Para: p}) }
	text := func(s string, b bool) []signing.Span { return []signing.Span{{Text: s, Bold: b}} }
	add(&signing.Paragraph{Role: signing.RoleTitle, Spans: text("PERBANDINGAN NASKAH", true)})
	add(&signing.Paragraph{Role: signing.RoleNumber, Spans: text("Versi lama: "+orDash(c.Old.Name)+" — Versi baru: "+orDash(c.New.Name), false)})
	add(&signing.Paragraph{Role: signing.RoleBody, Align: signing.AlignCenter, Spans: []signing.Span{
		{Text: fmt.Sprintf("%d kata ditambahkan", c.Summary.WordsInserted), Change: signing.Inserted},
		{Text: " · "},
		{Text: fmt.Sprintf("%d kata dihapus", c.Summary.WordsDeleted), Change: signing.Deleted},
		{Text: fmt.Sprintf(" · %d paragraf diubah, %d ditambahkan, %d dihapus", c.Summary.ParagraphsChanged, c.Summary.ParagraphsInserted, c.Summary.ParagraphsDeleted)},
	}})
	var roles roler
	for _, st := range c.Steps() {
		p := st.New
		if p == nil {
			p = st.Old
		}
		if p.Part != drafting.PartBody {
			continue
		}
		sp := roles.paragraph(p)
		sp.PageBreakBefore = false
		switch {
		case st.Op == drafting.OpInsert:
			sp.Label, sp.Spans = "", []signing.Span{{Text: st.New.Line(), Change: signing.Inserted}}
			sp.Changed = true
		case st.Op == drafting.OpDelete:
			sp.Label, sp.Spans = "", []signing.Span{{Text: st.Old.Line(), Change: signing.Deleted}}
			sp.Changed = true
		case st.Words != nil:
			sp.Label, sp.Spans = "", nil
			for _, w := range st.Words {
				s := signing.Span{Text: w.Text}
				switch w.Op {
				case drafting.OpInsert:
					s.Change = signing.Inserted
				case drafting.OpDelete:
					s.Change = signing.Deleted
				}
				sp.Spans = append(sp.Spans, s)
			}
			sp.Changed = true
		}
		add(sp)
	}
	return out
}
