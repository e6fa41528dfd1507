package drafting

import (
	"bytes"
	"slices"
	"strings"
)

// Paragraphs returns new copies of the body paragraphs with tracked changes
// resolved by c:
//
//   - runs that c does not keep are dropped; kept runs keep their revision,
//     author, date and properties, and neighbours that agree in all four are
//     merged;
//   - a paragraph whose mark c does not keep (a deleted mark on Accept, an
//     inserted one on Reject) is joined with the next paragraph of the same
//     container (body, table cell, text box): its runs are put in front of
//     the next paragraph's, which keeps its own properties;
//   - list labels are counted over the paragraphs of this view only, so
//     that rejecting an inserted numbered Pasal renumbers the ones after it;
//   - Kind, Bab, Pasal, Ayat and Huruf are assigned (see the package's
//     structure rules).
//
// The Document itself is not changed; each call returns fresh paragraphs.
func (d *Document) Paragraphs(c Changes) []*Paragraph {
	out := make([]*Paragraph, 0, len(d.Body))
	var carry []Run
	var carryComments []string
	for i, p := range d.Body {
		q := *p
		q.Runs = make([]Run, 0, len(carry)+len(p.Runs))
		for _, r := range carry {
			q.Runs = appendRun(q.Runs, r)
		}
		for _, r := range p.Runs {
			if r.Rev.Kept(c) {
				q.Runs = appendRun(q.Runs, r)
			}
		}
		q.Comments = slices.Clone(carryComments)
		for _, id := range p.Comments {
			if !slices.Contains(q.Comments, id) {
				q.Comments = append(q.Comments, id)
			}
		}
		if p.Table != nil {
			t := *p.Table
			q.Table = &t
		}
		q.Label, q.Kind, q.Bab, q.Pasal, q.Ayat, q.Huruf = "", KindText, "", 0, 0, ""
		q.view = c
		if !p.Mark.Kept(c) && i+1 < len(d.Body) && sameContainer(p, d.Body[i+1]) {
			carry, carryComments = q.Runs, q.Comments
			continue
		}
		carry, carryComments = nil, nil
		out = append(out, &q)
	}
	d.num.label(out)
	assignStructure(out)
	return out
}

// appendRun appends r, merging it into the last run when they agree in
// revision, author, date and properties.
func appendRun(runs []Run, r Run) []Run {
	if n := len(runs); n > 0 {
		last := &runs[n-1]
		if last.Rev == r.Rev && last.Author == r.Author && last.Date == r.Date && bytes.Equal(last.Props, r.Props) {
			last.Text += r.Text
			return runs
		}
	}
	return append(runs, r)
}

// sameContainer reports whether two paragraphs stand in the same body, cell
// or text box, so that a removed paragraph mark may join them.
func sameContainer(a, b *Paragraph) bool {
	if a.Part != b.Part || a.TextBox != b.TextBox {
		return false
	}
	if (a.Table == nil) != (b.Table == nil) {
		return false
	}
	return a.Table == nil || *a.Table == *b.Table
}

// Text returns the body as plain text with tracked changes resolved by c:
// every paragraph of Paragraphs(c) that is not blank, as its Line, one per
// line, each line ending in "\n". Tab characters and line breaks inside a
// paragraph are single spaces. Headers, footers, footnotes, endnotes and
// comments are not included.
func (d *Document) Text(c Changes) string {
	var b strings.Builder
	for _, p := range d.Paragraphs(c) {
		l := p.Line()
		if strings.TrimSpace(l) == "" {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
