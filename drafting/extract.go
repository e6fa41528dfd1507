package drafting

import (
	"cmp"
	"slices"
	"strings"
)

// Kinds of TrackedChange. The ones that start with "paragraph-" concern a
// paragraph as a whole (its mark or its properties) and carry no text.
const (
	TrackedInsert   = "insert"    // text inserted (w:ins)
	TrackedDelete   = "delete"    // text deleted (w:del)
	TrackedMoveFrom = "move-from" // text moved away from here (w:moveFrom): gone on accept
	TrackedMoveTo   = "move-to"   // text moved to here (w:moveTo): gone on reject
	TrackedFormat   = "format"    // formatting of text changed (w:rPrChange)
	// A paragraph mark inserted: a new paragraph, or a paragraph split in
	// two. On reject the paragraph is joined with the next.
	TrackedParagraphInsert = "paragraph-insert"
	// A paragraph mark deleted: a whole paragraph removed, or two joined.
	// On accept the paragraph is joined with the next.
	TrackedParagraphDelete   = "paragraph-delete"
	TrackedParagraphMoveFrom = "paragraph-move-from" // the mark of a paragraph moved away
	TrackedParagraphMoveTo   = "paragraph-move-to"   // the mark of a paragraph moved here
	TrackedParagraphFormat   = "paragraph-format"    // paragraph properties changed (w:pPrChange)
)

// TrackedChange is one tracked change of the body, as Word lists it in its
// reviewing pane.
type TrackedChange struct {
	// Kind is one of the Tracked* constants.
	Kind   string `json:"kind"`
	Author string `json:"author"`
	Date   string `json:"date"` // as written (RFC 3339), or ""
	// Text is the inserted, deleted, moved or reformatted text as written,
	// spaces at its edges included; "" for the paragraph kinds.
	Text string `json:"text"`
	// Paragraph is the index in Document.Body of the paragraph the change
	// is in.
	Paragraph int `json:"paragraph"`
	// Pasal, Ayat and Huruf place the change in the version where its text
	// is present: the Reject view (Paragraphs(Reject)) for deletions and
	// the sources of moves, the Accept view for everything else (also for
	// formatting changes, unless the text was deleted). Pasal is 0 before
	// the first Pasal.
	Pasal int    `json:"pasal"`
	Ayat  int    `json:"ayat"`
	Huruf string `json:"huruf"`
}

// TrackedChanges lists the tracked changes of the body in document order.
// For each paragraph, the changes of its mark and of its properties come
// first (in the XML they stand in w:pPr, before the text), then those of
// its text: one entry per stretch of adjacent text with the same kind,
// author and date, however many runs or w:ins elements it is written in. A
// run both inserted (or deleted) and reformatted gives an entry of each
// kind. Text inserted and then deleted, which no view shows, is not listed.
// Changes in headers, footers, notes and comments, and tracked changes of
// table rows and cells, are not listed. The list is empty (nil) when the
// body has no tracked change.
func (d *Document) TrackedChanges() []TrackedChange {
	var s structureLookup
	s.doc = d
	var out []TrackedChange
	for i, p := range d.Body {
		markView := Accept
		if !p.Mark.Kept(Accept) {
			markView = Reject
		}
		if p.Mark != RevNone {
			out = append(out, s.place(TrackedChange{Kind: markKind(p.Mark), Author: p.MarkAuthor, Date: p.MarkDate, Paragraph: i}, markView))
		}
		if fc := p.FormatChange; fc != nil {
			out = append(out, s.place(TrackedChange{Kind: TrackedParagraphFormat, Author: fc.Author, Date: fc.Date, Paragraph: i}, markView))
		}
		out = append(out, runChanges(p.Runs, i, &s)...)
	}
	return out
}

// markKind names the change of a paragraph mark.
func markKind(r Revision) string {
	switch r {
	case RevInserted:
		return TrackedParagraphInsert
	case RevDeleted:
		return TrackedParagraphDelete
	case RevMovedFrom:
		return TrackedParagraphMoveFrom
	}
	return TrackedParagraphMoveTo
}

// textKind names the change of text with a revision.
func textKind(r Revision) string {
	switch r {
	case RevInserted:
		return TrackedInsert
	case RevDeleted:
		return TrackedDelete
	case RevMovedFrom:
		return TrackedMoveFrom
	}
	return TrackedMoveTo
}

// viewOf is the view in which text with revision r is present.
func viewOf(r Revision) Changes {
	if r.Kept(Accept) {
		return Accept
	}
	return Reject
}

// runChanges lists the changes of the runs of body paragraph i: stretches
// of revisions and stretches of formatting changes, ordered by the run they
// start at (a revision before a formatting change starting at the same run).
func runChanges(runs []Run, i int, s *structureLookup) []TrackedChange {
	type stretch struct {
		start int
		c     TrackedChange
		view  Changes
		text  strings.Builder
	}
	var revs, forms []*stretch
	var rev, form *stretch
	for j, r := range runs {
		if r.Rev == RevNone {
			rev = nil
		} else {
			k := textKind(r.Rev)
			if rev == nil || rev.c.Kind != k || rev.c.Author != r.Author || rev.c.Date != r.Date {
				rev = &stretch{start: j, c: TrackedChange{Kind: k, Author: r.Author, Date: r.Date, Paragraph: i}, view: viewOf(r.Rev)}
				revs = append(revs, rev)
			}
			rev.text.WriteString(r.Text)
		}
		if fc := r.FormatChange; fc == nil {
			form = nil
		} else {
			if form == nil || form.c.Author != fc.Author || form.c.Date != fc.Date {
				form = &stretch{start: j, c: TrackedChange{Kind: TrackedFormat, Author: fc.Author, Date: fc.Date, Paragraph: i}, view: viewOf(r.Rev)}
				forms = append(forms, form)
			}
			form.text.WriteString(r.Text)
		}
	}
	if len(revs)+len(forms) == 0 {
		return nil
	}
	all := append(revs, forms...)
	slices.SortStableFunc(all, func(a, b *stretch) int { return cmp.Compare(a.start, b.start) })
	out := make([]TrackedChange, 0, len(all))
	for _, st := range all {
		st.c.Text = st.text.String()
		out = append(out, s.place(st.c, st.view))
	}
	return out
}

// structureLookup finds the Pasal, ayat and huruf of body paragraphs in the
// Accept and Reject views, making each view once and only when asked.
type structureLookup struct {
	doc   *Document
	views [2][]*Paragraph
	index [2][]int
}

// at returns the paragraph of view c that holds body paragraph i, or nil.
func (s *structureLookup) at(i int, c Changes) *Paragraph {
	if i < 0 || i >= len(s.doc.Body) {
		return nil
	}
	if s.index[c] == nil {
		s.views[c] = s.doc.Paragraphs(c)
		s.index[c] = s.doc.viewIndex(c)
	}
	if k := s.index[c][i]; k < len(s.views[c]) {
		return s.views[c][k]
	}
	return nil
}

// place fills the Pasal, Ayat and Huruf of a change from view c.
func (s *structureLookup) place(tc TrackedChange, c Changes) TrackedChange {
	if p := s.at(tc.Paragraph, c); p != nil {
		tc.Pasal, tc.Ayat, tc.Huruf = p.Pasal, p.Ayat, p.Huruf
	}
	return tc
}

// CommentThread is a comment with the replies to it, placed in the
// document.
type CommentThread struct {
	ID        string `json:"id"`
	DurableID string `json:"durable_id,omitempty"`
	Author    string `json:"author"`
	Initials  string `json:"initials"`
	Date      string `json:"date"` // as written (RFC 3339), or ""
	Text      string `json:"text"` // paragraphs joined by newlines
	// Quote is the commented text (Comment.Anchor), or "".
	Quote string `json:"quote"`
	// Resolved is true for a comment marked done (Comment.Done).
	Resolved bool `json:"resolved"`
	// Paragraph is the index in Document.Body of the paragraph where the
	// comment's range starts, or -1 when the comment is not anchored in the
	// body. A reply without a range of its own has its parent's place.
	Paragraph int `json:"paragraph"`
	// Pasal, Ayat and Huruf are those of that paragraph in the Accept view
	// (Paragraphs(Accept)), as comment anchors are; 0 and "" outside.
	Pasal int    `json:"pasal"`
	Ayat  int    `json:"ayat"`
	Huruf string `json:"huruf"`
	// Replies are the replies to this comment in the order of
	// comments.xml, each with its own replies; never nil.
	Replies []CommentThread `json:"replies"`
}

// maxReplyDepth bounds how deep CommentThreads nests replies: a reply
// deeper down (only a hostile file has one) is listed among the replies of
// its ancestor at depth maxReplyDepth-1.
const maxReplyDepth = 32

// CommentThreads returns the comments as threads: the top-level comments
// in the order of their place in the body (where their range starts; those
// without a place last, in the order of comments.xml), each with its
// replies nested (Comment.ParentID). A comment whose parent is missing, or
// whose chain of parents loops, is treated as top-level.
func (d *Document) CommentThreads() []CommentThread {
	n := len(d.Comments)
	if n == 0 {
		return nil
	}
	byID := make(map[string]int, n)
	for i, c := range d.Comments {
		if _, dup := byID[c.ID]; !dup {
			byID[c.ID] = i
		}
	}
	parent := make([]int, n)
	for i, c := range d.Comments {
		parent[i] = -1
		if p, ok := byID[c.ParentID]; ok && c.ParentID != "" && p != i {
			parent[i] = p
		}
	}
	breakCycles(parent)
	capDepth(parent, maxReplyDepth)

	children := make([][]int, n)
	var roots []int
	for i := range d.Comments {
		if parent[i] < 0 {
			roots = append(roots, i)
		} else {
			children[parent[i]] = append(children[parent[i]], i)
		}
	}

	acc := d.Paragraphs(Accept)
	idx := d.viewIndex(Accept)
	var build func(i int, inherit *CommentThread) CommentThread
	build = func(i int, inherit *CommentThread) CommentThread {
		c := d.Comments[i]
		t := CommentThread{
			ID: c.ID, DurableID: c.DurableID, Author: c.Author, Initials: c.Initials, Date: c.Date,
			Text: c.Text, Quote: c.Anchor, Resolved: c.Done, Paragraph: -1, Replies: []CommentThread{},
		}
		if at, ok := d.commentAt[c.ID]; ok && at.para < len(idx) {
			t.Paragraph = at.para
			if k := idx[at.para]; k < len(acc) {
				t.Pasal, t.Ayat, t.Huruf = acc[k].Pasal, acc[k].Ayat, acc[k].Huruf
			}
		} else if inherit != nil {
			t.Paragraph, t.Pasal, t.Ayat, t.Huruf = inherit.Paragraph, inherit.Pasal, inherit.Ayat, inherit.Huruf
		}
		for _, k := range children[i] {
			t.Replies = append(t.Replies, build(k, &t))
		}
		return t
	}

	// Top-level comments by place; unplaced ones last; ties in file order.
	place := func(i int) (commentPlace, bool) {
		at, ok := d.commentAt[d.Comments[i].ID]
		return at, ok
	}
	slices.SortStableFunc(roots, func(a, b int) int {
		pa, oka := place(a)
		pb, okb := place(b)
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case !oka:
			return 0
		}
		return cmp.Or(cmp.Compare(pa.para, pb.para), cmp.Compare(pa.off, pb.off))
	})
	out := make([]CommentThread, 0, len(roots))
	for _, i := range roots {
		out = append(out, build(i, nil))
	}
	return out
}

// capDepth re-attaches every comment deeper than limit (a top-level comment
// has depth 0) to its ancestor at depth limit-1. parent must have no loops.
func capDepth(parent []int, limit int) {
	depth := make([]int, len(parent))
	for i := range depth {
		depth[i] = -1
	}
	var chain []int
	for i := range parent {
		// Walk up to the first comment of known depth, then down again.
		chain = chain[:0]
		for j := i; j >= 0 && depth[j] < 0; j = parent[j] {
			chain = append(chain, j)
		}
		for k := len(chain) - 1; k >= 0; k-- {
			j := chain[k]
			if parent[j] < 0 {
				depth[j] = 0
				continue
			}
			if depth[parent[j]] >= limit {
				parent[j] = parent[parent[j]]
			}
			depth[j] = depth[parent[j]] + 1
		}
	}
}

// breakCycles cuts every loop of parents: the comment at which a walk up
// the parents first comes back to itself becomes top-level, so that
// following parents always ends.
func breakCycles(parent []int) {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(parent))
	var path []int
	for i := range parent {
		path = path[:0]
		j := i
		for j >= 0 && state[j] == unseen {
			state[j] = onPath
			path = append(path, j)
			j = parent[j]
		}
		if j >= 0 && state[j] == onPath {
			// j's parents lead back to j: cut the loop there.
			parent[j] = -1
		}
		for _, k := range path {
			state[k] = done
		}
	}
}
