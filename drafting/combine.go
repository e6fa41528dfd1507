package drafting

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// ReviewCopy is one reviewer's copy of a base version: the document and
// the name its untracked edits are attributed to.
type ReviewCopy struct {
	Doc *Document
	// Author is the reviewer's name for edits made without Track Changes;
	// empty means the copy's last author (docProps/core.xml), or its file
	// name.
	Author string
}

// ErrNotACopy is returned by Combine for a document that is not a copy of
// the base version.
var ErrNotACopy = errors.New("not a copy of the base version")

// minCopyMatch is the share of the base's paragraphs a copy must keep
// (equal or edited, not replaced) to count as a copy of it.
const minCopyMatch = 0.5

// Combined is the result of combining reviewer copies with their base.
type Combined struct {
	Report CombineReport
	base   *Document
	paras  []*combinedPara
	// gaps[i] holds the paragraphs reviewers inserted before base
	// paragraph i (gaps[len(paras)]: after the last one).
	gaps     [][]insertedPara
	comments []*mergedComment
}

// CombineReport summarises a combination; it is what `sepakat combine
// --report` writes.
type CombineReport struct {
	// Conflicts lists the places where reviewers' edits overlap and
	// disagree. They are shown side by side in the merged document and
	// marked with a comment.
	Conflicts []Conflict `json:"conflicts"`
	// ChangesMerged counts the edits carried into the merged document as
	// tracked changes (identical edits of several reviewers once, conflicts
	// not included).
	ChangesMerged int `json:"changes_merged"`
	// CommentsMerged counts the reviewers' comments and replies carried over.
	CommentsMerged int `json:"comments_merged"`
	// Duplicates counts edits made identically by more than one reviewer.
	Duplicates int `json:"duplicates"`
	// Copies describes each copy.
	Copies []CopyReport `json:"copies"`
}

// Conflict is one place where reviewers disagree.
type Conflict struct {
	Pasal        int           `json:"pasal"`
	Ayat         int           `json:"ayat,omitempty"`
	BaseText     string        `json:"base_text"`
	Alternatives []Alternative `json:"alternatives"`
}

// Alternative is one reviewer's version of a conflicting passage; an empty
// Text means the reviewer deleted it.
type Alternative struct {
	Author string `json:"author"`
	Text   string `json:"text"`
}

// CopyReport describes one reviewer copy.
type CopyReport struct {
	Name      string   `json:"name"`
	Authors   []string `json:"authors"`
	Tracked   int      `json:"tracked_edits"`
	Untracked int      `json:"untracked_edits"`
	Comments  int      `json:"comments"`
}

// edit is one reviewer's change to a base paragraph: the bytes
// [start, end) of its text replaced by text.
type edit struct {
	start, end int
	text       string
	author     string
	date       string
	copy       int
	tracked    bool
}

// combinedPara is a base paragraph with everything reviewers did to it.
type combinedPara struct {
	base    *Paragraph
	text    string // base.Text(Accept)
	edits   []edit // non-conflicting, sorted, applied as tracked changes
	clashes []clash
	// deletedBy names the reviewer who deleted the whole paragraph, when no
	// one else edited it.
	deletedBy *edit
	// anchors are the comments anchored in this paragraph.
	anchors []anchor
}

// clash is a conflicting stretch [start, end) of a base paragraph.
type clash struct {
	start, end int
	alts       []edit // each reviewer's version of the stretch, in text
	comment    *mergedComment
}

// insertedPara is a paragraph a reviewer inserted.
type insertedPara struct {
	p      *Paragraph
	pkg    *pkgInfo // the copy's package, for its namespace prefixes
	author string
	date   string
	copy   int
}

// mergedComment is a comment of the merged document.
type mergedComment struct {
	Comment
	parent *mergedComment
	id     int
	paraID string
	from   int // copy index, -1 for the base, -2 for a conflict note, -3 for AddComments
	// anchorP and endP are the base paragraphs where the comment's range
	// starts and ends (-1: not anchored); startPos and endPos the byte
	// offsets in their texts.
	anchorP, endP    int
	startPos, endPos int
}

// anchor is the start or end of a comment range in a base paragraph.
type anchor struct {
	pos     int // byte offset in the paragraph text
	end     bool
	comment *mergedComment
}

// copyAnalysis is what Combine learns from one copy.
type copyAnalysis struct {
	edits    map[int][]edit         // base paragraph → edits
	deleted  map[int]edit           // base paragraph → its deletion
	inserted map[int][]insertedPara // base gap → inserted paragraphs
	comments []*mergedComment
	report   CopyReport
	err      error
}

// Combine merges reviewer copies of base into one document: every edit as
// a tracked change under its reviewer's name, every comment and reply
// anchored to the same base text, identical edits once, and overlapping
// edits that disagree shown side by side with a comment naming the
// reviewers. A copy that is not a copy of base is refused with ErrNotACopy
// and nothing is combined.
func Combine(base *Document, copies []ReviewCopy) (*Combined, error) {
	basePs := base.Paragraphs(Accept)
	analyses := make([]*copyAnalysis, len(copies))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i := range copies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			analyses[i] = analyseCopy(basePs, copies[i], i)
			<-sem
		}()
	}
	wg.Wait()
	for i, a := range analyses {
		if a.err != nil {
			return nil, fmt.Errorf("%s: %w", copyName(copies[i], i), a.err)
		}
	}

	c := &Combined{base: base, gaps: make([][]insertedPara, len(basePs)+1)}
	for i, p := range basePs {
		c.paras = append(c.paras, &combinedPara{base: p, text: p.Text(Accept)})
		_ = i
	}
	for ci, a := range analyses {
		c.Report.Copies = append(c.Report.Copies, a.report)
		for gap, ins := range a.inserted {
			for _, ip := range ins {
				if !slices.ContainsFunc(c.gaps[gap], func(x insertedPara) bool { return x.p.Text(Accept) == ip.p.Text(Accept) }) {
					c.gaps[gap] = append(c.gaps[gap], ip)
					c.Report.ChangesMerged++
				} else {
					c.Report.Duplicates++
				}
			}
		}
		_ = ci
	}
	for pi, cp := range c.paras {
		var all []edit
		var dels []edit
		for _, a := range analyses {
			all = append(all, a.edits[pi]...)
			if d, ok := a.deleted[pi]; ok {
				dels = append(dels, d)
			}
		}
		c.mergeParagraph(cp, all, dels)
	}
	c.collectComments(base, basePs, analyses)
	return c, nil
}

func copyName(rc ReviewCopy, i int) string {
	if rc.Doc != nil && rc.Doc.Name != "" {
		return rc.Doc.Name
	}
	return fmt.Sprintf("copy %d", i+1)
}

// copyAuthor is the name untracked edits of a copy are attributed to.
func copyAuthor(rc ReviewCopy, i int) string {
	switch {
	case rc.Author != "":
		return rc.Author
	case rc.Doc.LastModifiedBy != "":
		return rc.Doc.LastModifiedBy
	}
	return copyName(rc, i)
}

// analyseCopy aligns one copy (changes accepted) with the base and turns
// the differences into edits attributed to their authors.
func analyseCopy(basePs []*Paragraph, rc ReviewCopy, ci int) *copyAnalysis {
	a := &copyAnalysis{edits: map[int][]edit{}, deleted: map[int]edit{}, inserted: map[int][]insertedPara{}}
	a.report.Name = copyName(rc, ci)
	a.report.Authors = []string{}
	who := copyAuthor(rc, ci)
	acc := rc.Doc.Paragraphs(Accept)
	rej := rc.Doc.Paragraphs(Reject)

	cmp := CompareParagraphs(basePs, acc)
	// Is it a copy at all? Count base paragraphs kept or edited in place.
	index := make(map[*Paragraph]int, len(basePs))
	for i, p := range basePs {
		index[p] = i
	}
	kept := 0
	for _, st := range cmp.steps {
		if st.op == OpEqual && !st.ghost && st.old != nil && st.new != nil {
			kept++
		}
	}
	if len(basePs) > 0 && float64(kept) < minCopyMatch*float64(len(basePs)) {
		a.err = fmt.Errorf("%w: only %d of its base's %d paragraphs are found in it", ErrNotACopy, kept, len(basePs))
		return a
	}

	// The rejected view aligned with the base gives the authors of
	// deletions: where a copy's rejected paragraph reads as the base one,
	// its deleted runs sit at the base offsets.
	rejOf := make(map[int]*Paragraph)
	if sameTexts(basePs, rej) {
		// Everything was tracked: the rejected copy is the base.
		for i, p := range rej {
			rejOf[i] = p
		}
	} else {
		for _, st := range CompareParagraphs(basePs, rej).steps {
			if st.op == OpEqual && st.old != nil && st.new != nil && !st.ghost {
				rejOf[index[st.old]] = st.new
			}
		}
	}
	authors := map[string]bool{}
	note := func(e edit) {
		if e.tracked {
			a.report.Tracked++
		} else {
			a.report.Untracked++
		}
		authors[e.author] = true
	}

	in := newInterner()
	nextBase := 0 // the base paragraph the next insertion goes before
	for _, st := range cmp.steps {
		switch {
		case st.ghost || (st.op == OpDelete):
			bi := index[st.old]
			author, date, tracked := deletionAuthor(rejOf[bi], 0, len(st.old.Text(Accept)), who)
			if p := rejOf[bi]; p != nil && p.Mark != RevNone && p.MarkAuthor != "" {
				author, date, tracked = p.MarkAuthor, p.MarkDate, true
			}
			e := edit{start: 0, end: len(st.old.Text(Accept)), author: author, date: date, copy: ci, tracked: tracked}
			a.deleted[bi] = e
			note(e)
			nextBase = bi + 1
		case st.op == OpInsert || (st.moved && st.new != nil):
			author, date, tracked := insertionAuthor(st.new, 0, len(st.new.Text(Accept)), who)
			if st.new.Mark != RevNone && st.new.MarkAuthor != "" && !tracked {
				author, date, tracked = st.new.MarkAuthor, st.new.MarkDate, true
			}
			a.inserted[nextBase] = append(a.inserted[nextBase], insertedPara{p: st.new, pkg: rc.Doc.pkg, author: author, date: date, copy: ci})
			note(edit{author: author, tracked: tracked})
		case st.op == OpEqual && st.old != nil && st.new != nil:
			bi := index[st.old]
			nextBase = bi + 1
			ot, nt := st.old.Text(Accept), st.new.Text(Accept)
			if ot == nt {
				continue
			}
			for _, e := range textEdits(in, ot, nt) {
				e.copy = ci
				author, date, tracked := insertionAuthor(st.new, e.newStart, e.newEnd, "")
				if !tracked {
					author, date, tracked = deletionAuthor(rejOf[bi], e.start, e.end, who)
				}
				e.author, e.date, e.tracked = author, date, tracked
				a.edits[bi] = append(a.edits[bi], e.edit)
				note(e.edit)
			}
		}
	}
	for n := range authors {
		a.report.Authors = append(a.report.Authors, n)
	}
	slices.Sort(a.report.Authors)
	a.comments = copyComments(rc.Doc, acc, rej, cmp, rejOf, index, ci)
	a.report.Comments = len(a.comments)
	return a
}

// textEdit is an edit with its place in the copy's text.
type textEdit struct {
	edit
	newStart, newEnd int
}

// textEdits turns a word diff of a base paragraph's text and a copy's into
// edits: each stretch of deleted and inserted words one edit.
func textEdits(in *interner, base, copy string) []textEdit {
	var out []textEdit
	var cur *textEdit
	for _, w := range diffWords(in, base, copy) {
		if w.Op == OpEqual {
			cur = nil
			continue
		}
		if cur == nil {
			out = append(out, textEdit{edit: edit{start: w.oldStart, end: w.oldStart}, newStart: w.newStart, newEnd: w.newStart})
			cur = &out[len(out)-1]
		}
		switch w.Op {
		case OpDelete:
			cur.end = w.oldEnd
		case OpInsert:
			cur.text += w.Text
			cur.newEnd = w.newEnd
		}
	}
	return out
}

// insertionAuthor finds who inserted the bytes [from, to) of a copy's
// paragraph text: the author of an inserted run there, or who (untracked).
func insertionAuthor(p *Paragraph, from, to int, who string) (author, date string, tracked bool) {
	if from == to {
		return who, "", false
	}
	found := false
	eachRunPart(p.Runs, from, to, func(r *Run, _ string) {
		if !found && (r.Rev == RevInserted || r.Rev == RevMovedTo) && r.Author != "" {
			author, date, tracked, found = r.Author, r.Date, true, true
		}
	})
	if !found {
		return who, "", false
	}
	return
}

// deletionAuthor finds who deleted the bytes [from, to) of a base
// paragraph's text, from the copy's rejected paragraph that reads as it.
func deletionAuthor(rej *Paragraph, from, to int, who string) (author, date string, tracked bool) {
	if rej == nil || from == to {
		return who, "", false
	}
	found := false
	eachRunPart(rej.Runs, from, to, func(r *Run, _ string) {
		if !found && (r.Rev == RevDeleted || r.Rev == RevMovedFrom) && r.Author != "" {
			author, date, tracked, found = r.Author, r.Date, true, true
		}
	})
	if !found {
		return who, "", false
	}
	return
}

// mergeParagraph sorts the edits of all reviewers to one base paragraph
// into those applied (identical ones once) and the clashes.
func (c *Combined) mergeParagraph(cp *combinedPara, all, dels []edit) {
	// Identical edits once.
	var uniq []edit
	for _, e := range all {
		if slices.ContainsFunc(uniq, func(u edit) bool { return u.start == e.start && u.end == e.end && u.text == e.text }) {
			c.Report.Duplicates++
			continue
		}
		uniq = append(uniq, e)
	}
	slices.SortStableFunc(uniq, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return a.end - b.end
	})
	// A whole-paragraph deletion clashes with any other reviewer's edit.
	if len(dels) > 0 {
		others := slices.ContainsFunc(uniq, func(e edit) bool { return e.copy != dels[0].copy })
		if !others {
			d := dels[0]
			cp.deletedBy = &d
			c.Report.ChangesMerged++
			c.Report.Duplicates += len(dels) - 1
			return
		}
		uniq = append(uniq, dels...)
	}
	// Group overlapping edits.
	var groups [][]edit
	for _, e := range uniq {
		if k := len(groups); k > 0 && overlapsAny(groups[k-1], e) {
			groups[k-1] = append(groups[k-1], e)
			continue
		}
		groups = append(groups, []edit{e})
	}
	for _, g := range groups {
		if len(g) == 1 || singleReviewer(g) {
			cp.edits = append(cp.edits, g...)
			c.Report.ChangesMerged += len(g)
			continue
		}
		s, e := g[0].start, g[0].end
		for _, x := range g {
			s, e = min(s, x.start), max(e, x.end)
		}
		cl := clash{start: s, end: e}
		var alts []Alternative
		for _, copyIdx := range reviewersOf(g) {
			text, author, date := versionOf(cp.text, s, e, g, copyIdx)
			if slices.ContainsFunc(cl.alts, func(x edit) bool { return x.text == text }) {
				continue
			}
			cl.alts = append(cl.alts, edit{start: s, end: e, text: text, author: author, date: date, copy: copyIdx, tracked: true})
			alts = append(alts, Alternative{Author: author, Text: text})
		}
		if len(cl.alts) == 1 { // everyone wrote the same in the end
			cp.edits = append(cp.edits, edit{start: s, end: e, text: cl.alts[0].text, author: cl.alts[0].author, date: cl.alts[0].date, copy: cl.alts[0].copy, tracked: true})
			c.Report.ChangesMerged++
			continue
		}
		conflict := Conflict{Pasal: cp.base.Pasal, Ayat: cp.base.Ayat, BaseText: cp.text[s:e], Alternatives: alts}
		if s == 0 && e == len(cp.text) {
			conflict.BaseText = cp.text
		}
		c.Report.Conflicts = append(c.Report.Conflicts, conflict)
		cl.comment = &mergedComment{from: -2, Comment: Comment{Author: "Sepakat", Initials: "SPK", Text: conflictNote(conflict)}}
		cp.clashes = append(cp.clashes, cl)
	}
}

// conflictNote is the comment that marks a conflict, in Bahasa Indonesia.
func conflictNote(c Conflict) string {
	var b strings.Builder
	b.WriteString("Konflik usulan: para peninjau mengubah bagian yang sama secara berbeda. Pilih salah satu usulan (terima satu, tolak yang lain).")
	for _, a := range c.Alternatives {
		b.WriteString("\n")
		if a.Text == "" {
			fmt.Fprintf(&b, "%s: menghapus «%s»", a.Author, c.BaseText)
		} else {
			fmt.Fprintf(&b, "%s: «%s»", a.Author, a.Text)
		}
	}
	return b.String()
}

// overlapsAny reports whether e overlaps an edit of group g: their ranges
// share bytes, one inserts strictly inside the other's range, or both
// insert different text at the same place.
func overlapsAny(g []edit, e edit) bool {
	for _, x := range g {
		if x.copy == e.copy {
			continue
		}
		switch {
		case x.start < e.end && e.start < x.end:
			return true
		case x.start == x.end && e.start < x.start && x.start < e.end:
			return true
		case e.start == e.end && x.start < e.start && e.start < x.end:
			return true
		case x.start == x.end && e.start == e.end && x.start == e.start:
			return true
		}
	}
	return false
}

func singleReviewer(g []edit) bool {
	for _, e := range g[1:] {
		if e.copy != g[0].copy {
			return false
		}
	}
	return true
}

// reviewersOf lists the copies that made the edits of g, in copy order.
func reviewersOf(g []edit) []int {
	var out []int
	for _, e := range g {
		if !slices.Contains(out, e.copy) {
			out = append(out, e.copy)
		}
	}
	slices.Sort(out)
	return out
}

// versionOf returns one reviewer's text for the stretch [s, e) of a base
// paragraph: the base text with that reviewer's edits of group g applied.
func versionOf(text string, s, e int, g []edit, copyIdx int) (out, author, date string) {
	var b strings.Builder
	pos := s
	for _, x := range g {
		if x.copy != copyIdx {
			continue
		}
		if author == "" {
			author, date = x.author, x.date
		}
		if x.start > pos {
			b.WriteString(text[pos:x.start])
		}
		b.WriteString(x.text)
		pos = max(pos, x.end)
	}
	if pos < e {
		b.WriteString(text[pos:e])
	}
	return b.String(), author, date
}

// AcceptedText returns the merged document's text with every
// non-conflicting edit applied and each conflict left as the base text,
// one paragraph per line like Document.Text: what a drafter gets once the
// conflicts are settled in favour of the base.
func (c *Combined) AcceptedText() string {
	var b strings.Builder
	line := func(label, text string) {
		switch {
		case label == "" && text == "":
			return
		case label == "":
			b.WriteString(text)
		case text == "":
			b.WriteString(label)
		default:
			b.WriteString(label + " " + text)
		}
		b.WriteByte('\n')
	}
	for i, cp := range c.paras {
		for _, ip := range c.gaps[i] {
			line(ip.p.Label, ip.p.Text(Accept))
		}
		if cp.deletedBy != nil {
			continue
		}
		var t strings.Builder
		pos := 0
		for _, e := range cp.edits {
			t.WriteString(cp.text[pos:e.start])
			t.WriteString(e.text)
			pos = e.end
		}
		t.WriteString(cp.text[pos:])
		line(cp.base.Label, t.String())
	}
	for _, ip := range c.gaps[len(c.paras)] {
		line(ip.p.Label, ip.p.Text(Accept))
	}
	return b.String()
}

// copyComments places a copy's comments on the base: each comment's
// paragraphs in the copy are mapped to the base paragraphs they align with,
// and its quoted text is looked up there.
func copyComments(doc *Document, acc, rej []*Paragraph, cmp *Comparison, rejOf map[int]*Paragraph, index map[*Paragraph]int, ci int) []*mergedComment {
	if len(doc.Comments) == 0 {
		return nil
	}
	accBase := make(map[*Paragraph]int)
	for _, st := range cmp.steps {
		if st.op == OpEqual && st.old != nil && st.new != nil && !st.ghost {
			accBase[st.new] = index[st.old]
		}
	}
	rejBase := make(map[*Paragraph]int)
	for bi, p := range rejOf {
		rejBase[p] = bi
	}
	where := func(id string) []int {
		var out []int
		for _, view := range []struct {
			ps   []*Paragraph
			base map[*Paragraph]int
		}{{acc, accBase}, {rej, rejBase}} {
			for _, p := range view.ps {
				if bi, ok := view.base[p]; ok && slices.Contains(p.Comments, id) {
					out = append(out, bi)
				}
			}
			if len(out) > 0 {
				return out
			}
		}
		return out
	}
	byID := make(map[string]*mergedComment)
	var out []*mergedComment
	for _, cm := range doc.Comments {
		mc := &mergedComment{Comment: cm, from: ci, anchorP: -1}
		if ps := where(cm.ID); len(ps) > 0 {
			mc.anchorP = ps[0]
			mc.endP = ps[len(ps)-1]
		}
		byID[cm.ID] = mc
		out = append(out, mc)
	}
	for _, mc := range out {
		if p := byID[mc.ParentID]; p != nil && p != mc {
			mc.parent = p
			if mc.anchorP < 0 {
				mc.anchorP, mc.endP = p.anchorP, p.endP
			}
		}
	}
	return out
}

// collectComments gathers the base's own comments and every copy's,
// identical ones once, and anchors them in the base paragraphs.
func (c *Combined) collectComments(base *Document, basePs []*Paragraph, analyses []*copyAnalysis) {
	index := make(map[*Paragraph]int, len(basePs))
	for i, p := range basePs {
		index[p] = i
	}
	self := &Comparison{}
	for _, p := range basePs {
		self.steps = append(self.steps, step{op: OpEqual, old: p, new: p})
	}
	all := copyComments(base, basePs, nil, self, nil, index, -1)
	for _, a := range analyses {
		all = append(all, a.comments...)
	}
	type key struct{ author, text, anchor string }
	seen := make(map[key]*mergedComment)
	alias := make(map[*mergedComment]*mergedComment)
	for _, mc := range all {
		k := key{mc.Author, mc.Text, mc.Anchor}
		if first, ok := seen[k]; ok && (mc.parent == nil) == (first.parent == nil) {
			alias[mc] = first
			continue
		}
		seen[k] = mc
		c.comments = append(c.comments, mc)
		if mc.from >= 0 {
			c.Report.CommentsMerged++
		}
	}
	for _, mc := range c.comments {
		if p, ok := alias[mc.parent]; ok {
			mc.parent = p
		}
	}
	for _, mc := range c.comments {
		if mc.anchorP < 0 || mc.anchorP >= len(c.paras) {
			continue
		}
		sp, ep := c.paras[mc.anchorP], c.paras[max(mc.endP, mc.anchorP)]
		mc.startPos, mc.endPos = locateQuote(sp.text, ep.text, mc.Anchor, mc.anchorP == mc.endP || mc.endP < mc.anchorP)
		if mc.endP < mc.anchorP {
			mc.endP = mc.anchorP
		}
		sp.anchors = append(sp.anchors, anchor{pos: mc.startPos, comment: mc})
		ep.anchors = append(ep.anchors, anchor{pos: mc.endPos, end: true, comment: mc})
	}
	for _, cp := range c.paras {
		for _, cl := range cp.clashes {
			c.comments = append(c.comments, cl.comment)
		}
	}
	for i, mc := range c.comments {
		mc.id = i + 1
		mc.paraID = fmt.Sprintf("%08X", 0x1A000000+i)
	}
}

// locateQuote finds the commented text in the base: within one paragraph
// its exact place, across paragraphs its first words in the first and its
// last words in the last; failing that, the whole paragraph(s).
func locateQuote(first, last, quote string, single bool) (start, end int) {
	quote = strings.TrimSpace(quote)
	if single {
		if quote != "" {
			if i := strings.Index(first, quote); i >= 0 {
				return i, i + len(quote)
			}
		}
		return 0, len(first)
	}
	start, end = 0, len(last)
	ws := strings.Fields(quote)
	if len(ws) == 0 {
		return
	}
	head := strings.Join(ws[:min(4, len(ws))], " ")
	tail := strings.Join(ws[max(0, len(ws)-4):], " ")
	if i := strings.Index(first, head); i >= 0 {
		start = i
	}
	if i := strings.LastIndex(last, tail); i >= 0 {
		end = i + len(tail)
	}
	return
}

// sameTexts reports whether two views hold the same paragraphs' texts.
func sameTexts(a, b []*Paragraph) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Text(a[i].view) != b[i].Text(b[i].view) {
			return false
		}
	}
	return true
}

// ExtraComment is a comment added to a combined document from outside the
// reviewer copies, such as one written in Sepakat's pages (see
// Combined.AddComments).
type ExtraComment struct {
	Author string
	// Date is the comment's date as RFC 3339, or "" for the time the
	// document is written.
	Date string
	Text string
	// Paragraph is the index in base.Paragraphs(Accept) of the paragraph
	// the comment is about, and Quote the commented text in it (its first
	// line if it has several): a piece of the paragraph's text or Line,
	// matched with any white space (non-breaking spaces included) between
	// its words. The comment covers the whole paragraph when Quote is
	// empty or not found.
	Paragraph int
	Quote     string
	// Parent is the index, in the slice given to AddComments, of the
	// comment this one replies to; -1 (or any index not before the reply's
	// own) makes it a top-level comment. A reply covers its parent's text.
	Parent int
	// Done marks the comment resolved.
	Done bool
}

// AddComments adds comments to the combined document beside the copies'
// own: each anchored in the base paragraph it names (a paragraph out of
// range is taken as the nearest one), replies threaded to their parents.
// They are not counted in Report.CommentsMerged.
func (c *Combined) AddComments(items []ExtraComment) {
	added := make([]*mergedComment, len(items))
	for i, x := range items {
		mc := &mergedComment{Comment: Comment{Author: x.Author, Date: x.Date, Text: x.Text, Done: x.Done}, from: -3, anchorP: -1}
		mc.id = len(c.comments) + 1
		mc.paraID = fmt.Sprintf("%08X", 0x1A000000+len(c.comments))
		c.comments = append(c.comments, mc)
		added[i] = mc
		if x.Parent >= 0 && x.Parent < i {
			p := added[x.Parent]
			mc.parent = p
			mc.Anchor = p.Anchor
			mc.anchorP, mc.endP, mc.startPos, mc.endPos = p.anchorP, p.endP, p.startPos, p.endPos
		} else if len(c.paras) > 0 {
			pi := min(max(x.Paragraph, 0), len(c.paras)-1)
			cp := c.paras[pi]
			mc.anchorP, mc.endP = pi, pi
			mc.startPos, mc.endPos = quoteRange(cp.text, cp.base.Label, x.Quote)
			mc.Anchor = cp.text[mc.startPos:mc.endPos]
		}
		if mc.anchorP < 0 {
			continue
		}
		cp := c.paras[mc.anchorP]
		cp.anchors = append(cp.anchors, anchor{pos: mc.startPos, comment: mc}, anchor{pos: mc.endPos, end: true, comment: mc})
	}
}

// quoteRange finds the first line of quote in a paragraph's text, also
// when it starts with the paragraph's label or differs in white space,
// and returns its byte range; the whole text when it is not found.
func quoteRange(text, label, quote string) (start, end int) {
	quote, _, _ = strings.Cut(quote, "\n")
	quote = strings.TrimSpace(quote)
	tries := []string{quote}
	if label != "" && strings.HasPrefix(quote, label) {
		tries = append(tries, strings.TrimSpace(quote[len(label):]))
	}
	for _, q := range tries {
		if q == "" {
			break
		}
		if i := strings.Index(text, q); i >= 0 {
			return i, i + len(q)
		}
		words := strings.Fields(strings.ReplaceAll(q, "\u00a0", " "))
		for k, w := range words {
			words[k] = regexp.QuoteMeta(w)
		}
		if loc := regexp.MustCompile(strings.Join(words, `[\s\x{00a0}]+`)).FindStringIndex(text); loc != nil {
			return loc[0], loc[1]
		}
	}
	return 0, len(text)
}
