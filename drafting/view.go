package drafting

import (
	"bytes"
	"strings"
)

// Paragraphs returns new copies of the body paragraphs with tracked changes
// resolved by c:
//
//   - runs that c does not keep are dropped; kept runs keep their revision,
//     author, date, properties and Format, and neighbours that agree in all
//     five are merged;
//   - a paragraph whose mark c does not keep (a deleted mark on Accept, an
//     inserted one on Reject) is joined with the next paragraph of the same
//     container (body, table cell, text box): its runs are put in front of
//     the next paragraph's, which keeps its own properties except
//     PageBreakBefore, taken from the first of the joined paragraphs;
//   - list labels are counted over the paragraphs of this view only, so
//     that rejecting an inserted numbered Pasal renumbers the ones after it;
//   - Kind, Bab, Pasal, Ayat and Huruf are assigned (see the package's
//     structure rules).
//
// The Document itself is not changed; each call returns fresh paragraphs.
func (d *Document) Paragraphs(c Changes) []*Paragraph {
	out := make([]*Paragraph, 0, len(d.Body))
	// The kept runs and comments of paragraphs joined to the next one.
	var runs []Run
	var comments []string
	// first is the first of the paragraphs joined into the next one.
	var first *Paragraph
	for i, p := range d.Body {
		if first == nil {
			first = p
		}
		for _, r := range p.Runs {
			if r.Rev.Kept(c) {
				runs = append(runs, r)
			}
		}
		comments = append(comments, p.Comments...)
		if d.joinsNext(i, c) {
			continue
		}
		q := *p
		q.Runs = mergeRuns(runs)
		q.Comments = uniqueStrings(comments)
		q.PageBreakBefore = first.PageBreakBefore
		if p.Table != nil {
			t := *p.Table
			q.Table = &t
		}
		q.Label, q.Kind, q.Bab, q.Pasal, q.Ayat, q.Huruf = "", KindText, "", 0, 0, ""
		q.view = c
		out = append(out, &q)
		runs, comments, first = nil, nil, nil
	}
	d.num.label(out)
	assignStructure(out)
	return out
}

// joinsNext reports whether Paragraphs(c) joins body paragraph i with the
// next one: its mark is not kept and the next stands in the same container.
func (d *Document) joinsNext(i int, c Changes) bool {
	p := d.Body[i]
	return !p.Mark.Kept(c) && i+1 < len(d.Body) && sameContainer(p, d.Body[i+1])
}

// viewIndex maps every body paragraph to the index in Paragraphs(c) of the
// paragraph that holds its text: its own, or the one it is joined into.
func (d *Document) viewIndex(c Changes) []int {
	idx := make([]int, len(d.Body))
	n := 0
	for i := range d.Body {
		idx[i] = n
		if !d.joinsNext(i, c) {
			n++
		}
	}
	return idx
}

// mergeRuns returns a new slice of the runs with neighbours that agree in
// revision, author, date, properties and Format merged into one. Runs with
// the same properties from paragraphs of different styles may differ in
// Format.
func mergeRuns(runs []Run) []Run {
	out := make([]Run, 0, len(runs))
	for i := 0; i < len(runs); {
		j := i + 1
		for j < len(runs) && sameRunFormat(runs[i], runs[j]) {
			j++
		}
		r := runs[i]
		if j > i+1 {
			var b strings.Builder
			for _, s := range runs[i:j] {
				b.WriteString(s.Text)
			}
			r.Text = b.String()
		}
		out = append(out, r)
		i = j
	}
	return out
}

func sameRunFormat(a, b Run) bool {
	return a.Rev == b.Rev && a.Author == b.Author && a.Date == b.Date && a.Format == b.Format && bytes.Equal(a.Props, b.Props)
}

// uniqueStrings returns the strings in order without repeats, or nil.
func uniqueStrings(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, 0, len(ss))
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
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
