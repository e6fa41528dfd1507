package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Reviewer copies for the "combine" feature (testdata/drafting/review/).
//
// A reviewer copy is the base document (pks-v1, or big-v1 for the benchmark)
// with a reviewer's tracked edits and comments. The copies are described as
// edits of the base Markdown: `gen review` reads edit specs
// (src/review/*.edits, format below), `gen reviewbig` makes ten specs for
// big-v1 from a fixed seed. For every copy NAME both write, into OUTDIR:
//
//	NAME.md             the copy as pandoc Markdown: the base Markdown with the
//	                    edits as .insertion/.deletion spans and the comments as
//	                    .comment-start/.comment-end spans (or, for a copy made
//	                    without Track Changes, with the edits applied as plain text)
//	NAME.accept.md      the base Markdown with the copy's edits applied as plain text
//	NAME.expected.json  what a combiner must find in the copy (README.md)
//	NAME.fix            the arguments of `gen reviewfix` for the copy (tab-separated:
//	                    reviewer, date, CHILD=PARENT replies)
//
// and for the set of copies together SET.md (the base Markdown with every
// non-conflicting edit applied once) and SET.expected.json (the edits
// applied, the conflicts, all comments).
//
// The text outside the edits is the base Markdown itself, so pandoc writes the
// same paragraphs as for the base document.
//
// Spec format (one item a line; "#" starts a comment line):
//
//	reviewer: NAME            author of the edits and comments, docProps lastModifiedBy
//	date: 2026-01-07T09:00:00Z
//	track-changes: yes|no     "no": the edits are plain text (no w:ins/w:del)
//	edit: EXCERPT
//
// EXCERPT is a piece of the base Markdown with CriticMarkup-like marks; with
// the marks replaced by their old text it must occur exactly once in the base:
//
//	{--old--}               deletion
//	{++new++}               insertion
//	{~~old~>new~~}          replacement (a deletion followed by an insertion)
//	{==quoted==}{>>text<<}  a comment on the quoted text; further {>>…<<} right
//	                        after it are replies to it
//	{>>[AUTHOR|DATE] text<<} a comment by another author than the reviewer
//	¶                       a paragraph break (the quoted text of a comment may
//	                        span paragraphs)
//
// Spaces at the edges of an insertion or deletion are kept (written as "␣" for
// pandoc, which strips them; `gen reviewfix` turns them back into spaces).
// Comment ids count from 1 in each copy, in order of appearance.

type rvPara struct {
	start, end int // byte range of the paragraph's Markdown in the base
	text       string
	pasal      int
	label      string
}

type rvDoc struct {
	md    string
	paras []rvPara
}

var (
	reMDEscape = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")
	reRvPasal  = regexp.MustCompile(`^Pasal ([0-9]+)$`)
	reRvLabel  = regexp.MustCompile(`^(\([0-9]+\)|[a-z]\.|[IVX]+\.) `)
)

// mdText is the text a reader sees of a piece of the base Markdown: escapes
// removed, spaces and line breaks collapsed, paragraphs joined by "\n".
func mdText(md string) string {
	var lines []string
	for _, p := range strings.Split(md, "\n\n") {
		if s := strings.Join(strings.Fields(reMDEscape.ReplaceAllString(p, "$1")), " "); s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

func parseRvDoc(md string) *rvDoc {
	d := &rvDoc{md: md}
	pasal := 0
	start, end := -1, -1
	flush := func() {
		if start < 0 {
			return
		}
		t := mdText(md[start:end])
		if m := reRvPasal.FindStringSubmatch(t); m != nil {
			pasal, _ = strconv.Atoi(m[1])
		}
		label := ""
		if m := reRvLabel.FindStringSubmatch(t); m != nil {
			label = m[1]
		}
		d.paras = append(d.paras, rvPara{start, end, t, pasal, label})
		start = -1
	}
	for pos := 0; pos < len(md); {
		lineEnd := strings.IndexByte(md[pos:], '\n')
		if lineEnd < 0 {
			lineEnd = len(md)
		} else {
			lineEnd += pos
		}
		line := md[pos:lineEnd]
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, ":::") {
			flush()
		} else {
			if start < 0 {
				start = pos
			}
			end = lineEnd
		}
		pos = lineEnd + 1
	}
	flush()
	return d
}

// paraAt returns the paragraph that holds the byte offset pos.
func (d *rvDoc) paraAt(pos int) *rvPara {
	for i := range d.paras {
		if d.paras[i].start <= pos && pos <= d.paras[i].end {
			return &d.paras[i]
		}
	}
	panic(fmt.Sprintf("offset %d is not in a paragraph", pos))
}

type rvEdit struct {
	author, date   string
	tracked        bool
	rs, re         int    // raw range in the base Markdown (edge spaces included)
	oldRaw, newRaw string // Markdown
	ts, te         int    // the range without edge spaces (ts == te: an insertion point)
}

func (e *rvEdit) kind() string {
	switch {
	case strings.TrimSpace(e.oldRaw) == "":
		return "insert"
	case strings.TrimSpace(e.newRaw) == "":
		return "delete"
	}
	return "replace"
}

func (e *rvEdit) newTrim() string { return strings.TrimSpace(e.newRaw) }

type rvComment struct {
	id                 int
	author, date, text string
	parent             int // id of the comment this one replies to, 0 if none
	qs, qe             int // the quoted range in the base Markdown
}

type rvCopy struct {
	name, reviewer, date string
	tracked              bool
	edits                []*rvEdit
	comments             []*rvComment
}

func newRvEdit(base string, author, date string, tracked bool, rs int, oldRaw, newRaw string) *rvEdit {
	if base[rs:rs+len(oldRaw)] != oldRaw {
		panic("edit: old text not at its offset")
	}
	e := &rvEdit{author: author, date: date, tracked: tracked, rs: rs, re: rs + len(oldRaw), oldRaw: oldRaw, newRaw: newRaw}
	if strings.TrimSpace(oldRaw) == "" {
		if oldRaw != "" {
			panic("edit: old text of only spaces")
		}
		e.ts, e.te = rs, rs
	} else {
		e.ts = rs + len(oldRaw) - len(strings.TrimLeft(oldRaw, " "))
		e.te = rs + len(strings.TrimRight(oldRaw, " "))
	}
	return e
}

// ---------------------------------------------------------------------------
// Spec files

func readRvSpec(path string, base *rvDoc) (*rvCopy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c := &rvCopy{name: strings.TrimSuffix(filepath.Base(path), ".edits")}
	var excerpts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		k, v, ok := strings.Cut(l, ": ")
		if !ok {
			return nil, fmt.Errorf("%s: bad line %q", path, l)
		}
		switch k {
		case "reviewer":
			c.reviewer = v
		case "date":
			c.date = v
		case "track-changes":
			c.tracked = v == "yes"
		case "edit":
			excerpts = append(excerpts, v)
		default:
			return nil, fmt.Errorf("%s: unknown key %q", path, k)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if c.reviewer == "" || c.date == "" {
		return nil, fmt.Errorf("%s: reviewer and date are required", path)
	}
	nextID := 1
	for _, x := range excerpts {
		if err := c.addExcerpt(base.md, x, &nextID); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
	}
	return c, nil
}

// addExcerpt parses one "edit:" excerpt and adds its edits and comments.
func (c *rvCopy) addExcerpt(base, x string, nextID *int) error {
	x = strings.ReplaceAll(x, "¶", "\n\n")
	type item struct {
		off                 int // offset in old
		oldRaw, newRaw      string
		quote               bool
		texts, authors, dts []string
	}
	var old strings.Builder
	var items []*item
	until := func(s, end string) (string, string, error) {
		k := strings.Index(s, end)
		if k < 0 {
			return "", "", fmt.Errorf("excerpt %q: %q not closed", trunc(x), end)
		}
		return s[:k], s[k+len(end):], nil
	}
	for s := x; s != ""; {
		var in string
		var err error
		switch {
		case strings.HasPrefix(s, "{--"):
			if in, s, err = until(s[3:], "--}"); err != nil {
				return err
			}
			items = append(items, &item{off: old.Len(), oldRaw: in})
			old.WriteString(in)
		case strings.HasPrefix(s, "{++"):
			if in, s, err = until(s[3:], "++}"); err != nil {
				return err
			}
			items = append(items, &item{off: old.Len(), newRaw: in})
		case strings.HasPrefix(s, "{~~"):
			if in, s, err = until(s[3:], "~~}"); err != nil {
				return err
			}
			o, n, ok := strings.Cut(in, "~>")
			if !ok {
				return fmt.Errorf("replacement %q without ~>", in)
			}
			items = append(items, &item{off: old.Len(), oldRaw: o, newRaw: n})
			old.WriteString(o)
		case strings.HasPrefix(s, "{=="):
			if in, s, err = until(s[3:], "==}"); err != nil {
				return err
			}
			it := &item{off: old.Len(), oldRaw: in, quote: true}
			for strings.HasPrefix(s, "{>>") {
				var t string
				if t, s, err = until(s[3:], "<<}"); err != nil {
					return err
				}
				au, dt := c.reviewer, c.date
				if strings.HasPrefix(t, "[") {
					hd, rest, _ := strings.Cut(t[1:], "] ")
					au, dt, _ = strings.Cut(hd, "|")
					t = rest
				}
				if strings.ContainsAny(t, "[]") {
					return fmt.Errorf("comment text %q holds brackets", t)
				}
				it.texts, it.authors, it.dts = append(it.texts, t), append(it.authors, au), append(it.dts, dt)
			}
			if len(it.texts) == 0 {
				return fmt.Errorf("quoted text %q without a comment", in)
			}
			items = append(items, it)
			old.WriteString(in)
		default:
			old.WriteByte(s[0])
			s = s[1:]
		}
	}
	o := old.String()
	if n := strings.Count(base, o); n != 1 {
		return fmt.Errorf("the old text of excerpt %q occurs %d times in the base", trunc(o), n)
	}
	at := strings.Index(base, o)
	for _, it := range items {
		if it.quote {
			root := *nextID
			for i, t := range it.texts {
				cm := &rvComment{id: *nextID, author: it.authors[i], date: it.dts[i], text: t, qs: at + it.off, qe: at + it.off + len(it.oldRaw)}
				if i > 0 {
					cm.parent = root
				}
				c.comments = append(c.comments, cm)
				*nextID++
			}
			continue
		}
		if strings.Contains(it.oldRaw+it.newRaw, "\n") {
			return fmt.Errorf("an edit may not span paragraphs")
		}
		c.edits = append(c.edits, newRvEdit(base, c.reviewer, c.date, c.tracked, at+it.off, it.oldRaw, it.newRaw))
	}
	return nil
}

// ---------------------------------------------------------------------------
// Rendering

// edgeSpaces writes the spaces at the edges of a span's text as "␣".
func edgeSpaces(s string) string {
	t := strings.TrimLeft(s, " ")
	lead := len(s) - len(t)
	u := strings.TrimRight(t, " ")
	return strings.Repeat("␣", lead) + u + strings.Repeat("␣", len(t)-len(u))
}

func mdSpan(class, text, author, date string) string {
	if strings.ContainsAny(text, "[]") {
		panic("span text holds brackets: " + text)
	}
	return "[" + edgeSpaces(text) + "]{." + class + ` author="` + author + `" date="` + date + `"}`
}

// render returns the copy's Markdown: with spans (marks) or with the edits
// applied as plain text and no comments.
func (c *rvCopy) render(base string, marks bool) string {
	type ev struct {
		pos, order, end int
		text            string
	}
	var evs []ev
	for _, e := range c.edits {
		t := e.newRaw
		if marks && e.tracked {
			t = ""
			if e.oldRaw != "" {
				t += mdSpan("deletion", e.oldRaw, e.author, e.date)
			}
			if e.newRaw != "" {
				t += mdSpan("insertion", e.newRaw, e.author, e.date)
			}
		}
		evs = append(evs, ev{e.rs, 1, e.re, t})
	}
	if marks {
		// a thread's starts and ends stay together, the root first
		for _, cm := range c.comments {
			start := "[" + cm.text + `]{.comment-start id="` + strconv.Itoa(cm.id) + `" author="` + cm.author + `" date="` + cm.date + `"}`
			end := `[]{.comment-end id="` + strconv.Itoa(cm.id) + `"}`
			evs = append(evs, ev{cm.qs, 2, cm.qs, start}, ev{cm.qe, 0, cm.qe, end})
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].pos != evs[j].pos {
			return evs[i].pos < evs[j].pos
		}
		return evs[i].order < evs[j].order
	})
	var b strings.Builder
	at := 0
	for _, e := range evs {
		if e.pos < at {
			panic("overlapping edits in " + c.name)
		}
		b.WriteString(base[at:e.pos])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(base[at:])
	return b.String()
}

// ---------------------------------------------------------------------------
// Checks

// rvOverlap reports whether two ranges of the base overlap; an empty range
// is an insertion point, which overlaps a range it is strictly inside and an
// insertion at the same point.
func rvOverlap(as, ae, bs, be int) bool {
	switch {
	case as == ae && bs == be:
		return as == bs
	case as == ae:
		return bs < as && as < be
	case bs == be:
		return as < bs && bs < ae
	}
	return as < be && bs < ae
}

// rvGap is the number of bytes between two ranges that do not overlap.
func rvGap(as, ae, bs, be int) int { return max(bs-ae, as-be) }

// checkWordEdit makes sure that a word diff of the paragraph before and after
// the edit finds exactly the edit, whichever way it aligns: the changed words
// are at word index at, old words replaced by new words.
func checkWordEdit(before, after []string, at int, old, new []string) error {
	for _, prefixFirst := range []bool{true, false} {
		n := min(len(before), len(after))
		p, s := 0, 0
		pre := func(lim int) {
			for p < lim && before[p] == after[p] {
				p++
			}
		}
		suf := func(lim int) {
			for s < lim && before[len(before)-1-s] == after[len(after)-1-s] {
				s++
			}
		}
		if prefixFirst {
			pre(n)
			suf(n - p)
		} else {
			suf(n)
			pre(n - s)
		}
		if p != at || !slices.Equal(before[p:len(before)-s], old) || !slices.Equal(after[p:len(after)-s], new) {
			return fmt.Errorf("a word diff does not find the edit %q → %q at word %d exactly (it finds %q → %q at %d)",
				strings.Join(old, " "), strings.Join(new, " "), at, strings.Join(before[p:len(before)-s], " "), strings.Join(after[p:len(after)-s], " "), p)
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Expected results

type rvEditJSON struct {
	Author    string `json:"author"`
	Date      string `json:"date"`
	Tracked   bool   `json:"tracked"`
	Kind      string `json:"kind"`
	Pasal     int    `json:"pasal"`
	Label     string `json:"label"`
	WordIndex int    `json:"wordIndex"`
	Old       string `json:"old"`
	New       string `json:"new"`
	Paragraph string `json:"paragraph"`
	Result    string `json:"result"`
}

type rvCommentJSON struct {
	File   string `json:"file,omitempty"`
	ID     string `json:"id"`
	Author string `json:"author"`
	Date   string `json:"date"`
	Text   string `json:"text"`
	Quote  string `json:"quote"`
	Pasal  int    `json:"pasal"`
	Label  string `json:"label"`
	Parent string `json:"parent"`
}

type rvCopyJSON struct {
	File           string          `json:"file"`
	Base           string          `json:"base"`
	Refuse         bool            `json:"refuse"`
	Reviewer       string          `json:"reviewer"`
	LastModifiedBy string          `json:"lastModifiedBy"`
	TrackChanges   bool            `json:"trackChanges"`
	Note           string          `json:"note,omitempty"`
	Edits          []rvEditJSON    `json:"edits"`
	Comments       []rvCommentJSON `json:"comments"`
	Accept         string          `json:"accept,omitempty"`
}

type rvAppliedJSON struct {
	Authors   []string `json:"authors"`
	Kind      string   `json:"kind"`
	Pasal     int      `json:"pasal"`
	Label     string   `json:"label"`
	WordIndex int      `json:"wordIndex"`
	Old       string   `json:"old"`
	New       string   `json:"new"`
	Paragraph string   `json:"paragraph"`
}

type rvAltJSON struct {
	Authors []string `json:"authors"`
	Text    string   `json:"text"`
	Result  string   `json:"result"`
}

type rvConflictJSON struct {
	Pasal        int         `json:"pasal"`
	Label        string      `json:"label"`
	WordIndex    int         `json:"wordIndex"`
	Base         string      `json:"base"`
	Paragraph    string      `json:"paragraph"`
	Alternatives []rvAltJSON `json:"alternatives"`
}

type rvSetJSON struct {
	Base      string           `json:"base"`
	Copies    []string         `json:"copies"`
	Applied   []rvAppliedJSON  `json:"applied"`
	Conflicts []rvConflictJSON `json:"conflicts"`
	Comments  []rvCommentJSON  `json:"comments"`
	Accept    string           `json:"accept"`
}

func writeJSON(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func words(s string) []string { return strings.Fields(s) }

func (d *rvDoc) editJSON(e *rvEdit) rvEditJSON {
	p := d.paraAt(e.ts)
	if e.rs < p.start || e.re > p.end {
		panic("edit outside its paragraph")
	}
	date := e.date
	if !e.tracked {
		date = ""
	}
	return rvEditJSON{
		Author: e.author, Date: date, Tracked: e.tracked, Kind: e.kind(),
		Pasal: p.pasal, Label: p.label,
		WordIndex: len(words(mdText(d.md[p.start:e.ts]))),
		Old:       mdText(e.oldRaw), New: mdText(e.newRaw),
		Paragraph: p.text,
		Result:    mdText(d.md[p.start:e.rs] + e.newRaw + d.md[e.re:p.end]),
	}
}

func (d *rvDoc) commentJSON(file string, cm *rvComment) rvCommentJSON {
	p := d.paraAt(cm.qs)
	parent := ""
	if cm.parent > 0 {
		parent = strconv.Itoa(cm.parent)
	}
	return rvCommentJSON{File: file, ID: strconv.Itoa(cm.id), Author: cm.author, Date: cm.date, Text: cm.text,
		Quote: mdText(d.md[cm.qs:cm.qe]), Pasal: p.pasal, Label: p.label, Parent: parent}
}

// writeRvSet checks the copies and writes their files and those of the set.
// baseLines are the lines of the base document's expected text.
func writeRvSet(dir, baseFile string, base *rvDoc, baseLines map[string]bool, copies []*rvCopy, setName string) error {
	set := rvSetJSON{Base: baseFile, Accept: setName + ".accept.txt", Applied: []rvAppliedJSON{}, Conflicts: []rvConflictJSON{}, Comments: []rvCommentJSON{}}
	type owned struct {
		e    *rvEdit
		copy *rvCopy
	}
	var all []owned
	for _, c := range copies {
		file := c.name + ".docx"
		set.Copies = append(set.Copies, file)
		cj := rvCopyJSON{File: file, Base: baseFile, Reviewer: c.reviewer, LastModifiedBy: c.reviewer, TrackChanges: c.tracked,
			Edits: []rvEditJSON{}, Comments: []rvCommentJSON{}, Accept: c.name + ".accept.txt"}
		paras := map[*rvPara]bool{}
		for i, e := range c.edits {
			for _, f := range c.edits[:i] {
				if rvOverlap(e.ts, e.te, f.ts, f.te) || rvGap(e.ts, e.te, f.ts, f.te) <= 1 {
					return fmt.Errorf("%s: edits touch or overlap", c.name)
				}
			}
			for _, cm := range c.comments {
				if e.re >= cm.qs && e.rs <= cm.qe {
					return fmt.Errorf("%s: an edit touches a commented range", c.name)
				}
			}
			ej := base.editJSON(e)
			p := base.paraAt(e.ts)
			if paras[p] {
				return fmt.Errorf("%s: two edits in one paragraph (%q)", c.name, p.text)
			}
			paras[p] = true
			if !baseLines[ej.Paragraph] {
				return fmt.Errorf("%s: paragraph %q is not a line of the base text", c.name, ej.Paragraph)
			}
			if err := checkWordEdit(words(ej.Paragraph), words(ej.Result), ej.WordIndex, words(ej.Old), words(ej.New)); err != nil {
				return fmt.Errorf("%s: %v", c.name, err)
			}
			cj.Edits = append(cj.Edits, ej)
			all = append(all, owned{e, c})
		}
		for _, cm := range c.comments {
			cj.Comments = append(cj.Comments, base.commentJSON("", cm))
			set.Comments = append(set.Comments, base.commentJSON(file, cm))
		}
		var replies []string
		for _, cm := range c.comments {
			if cm.parent > 0 {
				replies = append(replies, fmt.Sprintf("%d=%d", cm.id, cm.parent))
			}
		}
		if err := writeJSON(filepath.Join(dir, c.name+".expected.json"), cj); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, c.name+".md"), []byte(c.render(base.md, true)), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, c.name+".accept.md"), []byte(c.render(base.md, false)), 0o644); err != nil {
			return err
		}
		fix := strings.Join(append([]string{c.reviewer, c.date}, replies...), "\t") + "\n"
		if err := os.WriteFile(filepath.Join(dir, c.name+".fix"), []byte(fix), 0o644); err != nil {
			return err
		}
	}

	// Group the edits of all copies that overlap; an edit made identically by
	// several reviewers is applied once, different edits of the same words are
	// a conflict and leave the base text.
	n := len(all)
	group := make([]int, n)
	for i := range group {
		group[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		for group[i] != i {
			i = group[i]
		}
		return i
	}
	same := func(a, b *rvEdit) bool { return a.ts == b.ts && a.te == b.te && a.newTrim() == b.newTrim() }
	for i := range all {
		for j := range i {
			a, b := all[i].e, all[j].e
			if rvOverlap(a.ts, a.te, b.ts, b.te) || same(a, b) {
				group[root(i)] = root(j)
			} else if rvGap(a.ts, a.te, b.ts, b.te) <= 1 {
				return fmt.Errorf("edits of %s and %s touch: the fixture would be ambiguous", all[i].copy.name, all[j].copy.name)
			}
		}
	}
	groups := map[int][]owned{}
	var roots []int
	for i := range all {
		r := root(i)
		if groups[r] == nil {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], all[i])
	}
	sort.Slice(roots, func(i, j int) bool { return all[roots[i]].e.ts < all[roots[j]].e.ts })
	combined := &rvCopy{name: setName}
	for _, r := range roots {
		g := groups[r]
		identical := true
		for _, o := range g[1:] {
			identical = identical && same(o.e, g[0].e)
		}
		if identical {
			var authors []string
			for _, o := range g {
				authors = append(authors, o.e.author)
			}
			ej := base.editJSON(g[0].e)
			set.Applied = append(set.Applied, rvAppliedJSON{authors, ej.Kind, ej.Pasal, ej.Label, ej.WordIndex, ej.Old, ej.New, ej.Paragraph})
			combined.edits = append(combined.edits, g[0].e)
			continue
		}
		rs, re, ts := g[0].e.rs, g[0].e.re, g[0].e.ts
		for _, o := range g {
			rs, re, ts = min(rs, o.e.rs), max(re, o.e.re), min(ts, o.e.ts)
		}
		p := base.paraAt(ts)
		cf := rvConflictJSON{Pasal: p.pasal, Label: p.label, WordIndex: len(words(mdText(base.md[p.start:ts]))),
			Base: mdText(base.md[rs:re]), Paragraph: p.text}
		for _, o := range g {
			alt := base.md[rs:o.e.rs] + o.e.newRaw + base.md[o.e.re:re]
			text := mdText(alt)
			k := slices.IndexFunc(cf.Alternatives, func(a rvAltJSON) bool { return a.Text == text })
			if k < 0 {
				cf.Alternatives = append(cf.Alternatives, rvAltJSON{Text: text, Result: mdText(base.md[p.start:rs] + alt + base.md[re:p.end])})
				k = len(cf.Alternatives) - 1
			}
			cf.Alternatives[k].Authors = append(cf.Alternatives[k].Authors, o.e.author)
		}
		set.Conflicts = append(set.Conflicts, cf)
	}
	if err := os.WriteFile(filepath.Join(dir, setName+".md"), []byte(combined.render(base.md, false)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d copies, %d edits, %d applied, %d conflicts, %d comments\n",
		setName, len(copies), len(all), len(set.Applied), len(set.Conflicts), len(set.Comments))
	return writeJSON(filepath.Join(dir, setName+".expected.json"), set)
}

func readLines(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		m[l] = true
	}
	return m, nil
}

// review BASE.md BASE.accept.txt OUTDIR SET SPEC...
func cmdReview(a []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if len(a) < 5 {
		return fmt.Errorf("usage: review BASE.md BASE.accept.txt OUTDIR SET SPEC.edits...")
	}
	md, err := os.ReadFile(a[0])
	if err != nil {
		return err
	}
	base := parseRvDoc(string(md))
	lines, err := readLines(a[1])
	if err != nil {
		return err
	}
	var copies []*rvCopy
	for _, s := range a[4:] {
		c, err := readRvSpec(s, base)
		if err != nil {
			return err
		}
		copies = append(copies, c)
	}
	return writeRvSet(a[2], "base.docx", base, lines, copies, a[3])
}

// ---------------------------------------------------------------------------
// Post-processing and checks of the generated packages

// reviewfix IN.docx OUT.docx REVIEWER DATE [CHILD=PARENT...]: what pandoc
// 2.17 gets wrong or cannot write in a reviewer copy. Spaces written "␣" at
// span edges become spaces (document and comments); every revision gets a
// unique w:id from 101; if the copy has comments, their last paragraphs get
// w14:paraIds and word/commentsExtended.xml is added with the replies
// (w15:paraIdParent); docProps/core.xml gets cp:lastModifiedBy REVIEWER and
// dcterms:modified DATE, as Word writes them when the reviewer saves.
func cmdReviewFix(a []string) error {
	if len(a) < 4 {
		return fmt.Errorf("usage: reviewfix IN.docx OUT.docx REVIEWER DATE [CHILD=PARENT...]")
	}
	parent := map[string]string{}
	for _, r := range a[4:] {
		c, pa, ok := strings.Cut(r, "=")
		if !ok {
			return fmt.Errorf("bad reply %q", r)
		}
		parent[c] = pa
	}
	return transform(a[0], a[1], func(p *pkg) error {
		doc := renumberRevisions(fixSpaces(p.get(mainPart)))
		p.set(mainPart, doc)
		if strings.Contains(doc, "<w:commentReference ") {
			if err := addCommentsExtended(p, parent); err != nil {
				return err
			}
		} else if len(parent) > 0 {
			return fmt.Errorf("replies given for a copy without comments")
		}
		setCoreProps(p, a[2], a[3])
		return nil
	})
}

func setCoreProps(p *pkg, lastModifiedBy, modified string) {
	core := p.get("docProps/core.xml")
	core = regexp.MustCompile(`<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>|<cp:lastModifiedBy\s*/>`).ReplaceAllString(core, "")
	core = replaceOnce(core, `<dcterms:modified xsi:type="dcterms:W3CDTF">`, `<cp:lastModifiedBy>`+lastModifiedBy+`</cp:lastModifiedBy><dcterms:modified xsi:type="dcterms:W3CDTF">`)
	core = regexp.MustCompile(`(<dcterms:modified xsi:type="dcterms:W3CDTF">)[^<]*(</dcterms:modified>)`).ReplaceAllString(core, "${1}"+modified+"${2}")
	p.set("docProps/core.xml", core)
}

// revisions lists the w:ins and w:del of word/document.xml as
// "ins|del AUTHOR DATE: text" (text of the revision's runs).
func revisions(doc string) []string {
	re := regexp.MustCompile(`(?s)<w:(ins|del) w:id="[^"]*" w:author="([^"]*)" w:date="([^"]*)">(.*?)</w:(?:ins|del)>`)
	reDT := regexp.MustCompile(`<w:delText(?:\s[^>]*)?>([^<]*)</w:delText>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(doc, -1) {
		t := paraText(m[4])
		for _, d := range reDT.FindAllStringSubmatch(m[4], -1) {
			t += d[1]
		}
		out = append(out, m[1]+" "+m[2]+" "+m[3]+": "+t)
	}
	return out
}

// reviewlo FROM.expected.json LO.docx OUT.docx OUT.expected.json: a copy
// round-tripped through LibreOffice. The package is rewritten with fixed zip
// timestamps and TotalTime 0 (as normzip). It checks that LibreOffice kept
// every tracked change (kind, author, date, text), every comment (author,
// date, text) and cp:lastModifiedBy of FROM, and writes FROM's expected
// results with the comment ids LibreOffice gave.
func cmdReviewLO(a []string) error {
	if err := args(a, 4, "reviewlo FROM.expected.json LO.docx OUT.docx OUT.expected.json"); err != nil {
		return err
	}
	b, err := os.ReadFile(a[0])
	if err != nil {
		return err
	}
	var ex rvCopyJSON
	if err := json.Unmarshal(b, &ex); err != nil {
		return err
	}
	err = transform(a[1], a[2], func(p *pkg) error {
		if e := p.find("docProps/app.xml"); e != nil {
			e.data = regexp.MustCompile(`<TotalTime>\d+</TotalTime>`).ReplaceAll(e.data, []byte(`<TotalTime>0</TotalTime>`))
		}
		if !strings.Contains(p.get("docProps/core.xml"), `<cp:lastModifiedBy>`+ex.LastModifiedBy+`</cp:lastModifiedBy>`) {
			return fmt.Errorf("LibreOffice did not keep lastModifiedBy %q", ex.LastModifiedBy)
		}
		// tracked changes
		var want []string
		for _, e := range ex.Edits {
			if e.Old != "" {
				want = append(want, "del "+e.Author+" "+e.Date+": "+e.Old)
			}
			if e.New != "" {
				want = append(want, "ins "+e.Author+" "+e.Date+": "+e.New)
			}
		}
		got := revisions(p.get(mainPart))
		for i := range got {
			k, t, _ := strings.Cut(got[i], ": ")
			got[i] = k + ": " + strings.TrimSpace(t)
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("LibreOffice's tracked changes differ:\n got  %q\n want %q", got, want)
		}
		// comments: matched by author, date and text, in order
		reC := regexp.MustCompile(`(?s)<w:comment w:id="([^"]+)" w:author="([^"]*)" w:date="([^"]*)"[^>]*>(.*?)</w:comment>`)
		ms := reC.FindAllStringSubmatch(p.get("word/comments.xml"), -1)
		if len(ms) != len(ex.Comments) {
			return fmt.Errorf("LibreOffice kept %d comments of %d", len(ms), len(ex.Comments))
		}
		for i, m := range ms {
			c := &ex.Comments[i]
			if m[2] != c.Author || m[3] != c.Date || paraText(m[4]) != c.Text {
				return fmt.Errorf("LibreOffice's comment %s is %q by %q (%s), want %q by %q (%s)", m[1], paraText(m[4]), m[2], m[3], c.Text, c.Author, c.Date)
			}
			if c.Parent != "" {
				return fmt.Errorf("reviewlo does not handle replies")
			}
			c.ID = m[1]
		}
		return nil
	})
	if err != nil {
		return err
	}
	from := ex.File
	ex.File = filepath.Base(a[2])
	ex.Accept = strings.TrimSuffix(ex.File, ".docx") + ".accept.txt"
	ex.Note = "LibreOffice 7.4 round trip (docx → docx) of " + from + ": the same tracked changes and comments; comment ids renumbered by LibreOffice"
	return writeJSON(a[3], ex)
}

// reviewchk EXPECTED.json COPY.docx BASE.txt ACCEPT.txt: the expected results
// agree with the package and with the texts pandoc reads:
//
//   - the w:ins and w:del of the copy are exactly the tracked edits (kind,
//     author, date, text; none for a copy without Track Changes), with
//     unique ids;
//   - its comments are the expected ones (id, author, date, text), the text
//     between each comment's w:commentRangeStart and w:commentRangeEnd is the
//     quote (paragraphs joined by "\n"), and each reply's w15:commentEx
//     names its parent's w14:paraId in w15:paraIdParent;
//   - docProps/core.xml has cp:lastModifiedBy;
//   - every edit's paragraph is a line of the base text and its result a line
//     of the copy's accepted text (a copy has at most one edit per paragraph).
func cmdReviewCheck(a []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if err := args(a, 4, "reviewchk EXPECTED.json COPY.docx BASE.txt ACCEPT.txt"); err != nil {
		return err
	}
	b, err := os.ReadFile(a[0])
	if err != nil {
		return err
	}
	var ex rvCopyJSON
	if err := json.Unmarshal(b, &ex); err != nil {
		return err
	}
	p, err := readPkg(a[1])
	if err != nil {
		return err
	}
	fail := func(f string, v ...any) error { return fmt.Errorf("%s: %s", a[1], fmt.Sprintf(f, v...)) }
	doc := p.get(mainPart)

	// tracked changes
	var want []string
	for _, e := range ex.Edits {
		if !e.Tracked {
			continue
		}
		if e.Old != "" {
			want = append(want, "del "+e.Author+" "+e.Date+": "+e.Old)
		}
		if e.New != "" {
			want = append(want, "ins "+e.Author+" "+e.Date+": "+e.New)
		}
	}
	got := revisions(doc)
	for i := range got {
		k, t, _ := strings.Cut(got[i], ": ")
		got[i] = k + ": " + strings.TrimSpace(t)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		return fail("tracked changes differ:\n got  %q\n want %q", got, want)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`<w:(?:ins|del|moveFrom|moveTo) w:id="([^"]*)"`).FindAllStringSubmatch(doc, -1) {
		if ids[m[1]] {
			return fail("revision id %s repeated", m[1])
		}
		ids[m[1]] = true
	}

	// comments
	reC := regexp.MustCompile(`(?s)<w:comment w:id="([^"]+)" w:author="([^"]*)" w:date="([^"]*)"[^>]*>(.*?)</w:comment>`)
	cx := ""
	if e := p.find("word/comments.xml"); e != nil {
		cx = string(e.data)
	}
	ms := reC.FindAllStringSubmatch(cx, -1)
	if len(ms) != len(ex.Comments) {
		return fail("%d comments, want %d", len(ms), len(ex.Comments))
	}
	paraIDs := map[string]string{}
	byID := map[string][]string{}
	for _, m := range ms {
		byID[m[1]] = m
		if k := regexp.MustCompile(`<w:p w14:paraId="([^"]+)"`).FindAllStringSubmatch(m[4], -1); k != nil {
			paraIDs[m[1]] = k[len(k)-1][1]
		}
	}
	ext := ""
	if e := p.find("word/commentsExtended.xml"); e != nil {
		ext = string(e.data)
	}
	for _, c := range ex.Comments {
		m := byID[c.ID]
		if m == nil || m[2] != c.Author || m[3] != c.Date || paraText(m[4]) != c.Text {
			return fail("comment %s differs from %q by %q (%s)", c.ID, c.Text, c.Author, c.Date)
		}
		s := strings.Index(doc, `<w:commentRangeStart w:id="`+c.ID+`"`)
		e := strings.Index(doc, `<w:commentRangeEnd w:id="`+c.ID+`"`)
		if s < 0 || e < s {
			return fail("comment %s has no range", c.ID)
		}
		var quote []string
		for _, piece := range strings.Split(doc[s:e], "</w:p>") {
			if t := strings.Join(strings.Fields(paraText(piece)), " "); t != "" {
				quote = append(quote, t)
			}
		}
		if q := strings.Join(quote, "\n"); q != c.Quote {
			return fail("comment %s quotes %q, want %q", c.ID, q, c.Quote)
		}
		if c.Parent != "" {
			x := `<w15:commentEx w15:paraId="` + paraIDs[c.ID] + `" w15:paraIdParent="` + paraIDs[c.Parent] + `"`
			if paraIDs[c.ID] == "" || paraIDs[c.Parent] == "" || !strings.Contains(ext, x) {
				return fail("reply %s is not linked to %s in commentsExtended.xml", c.ID, c.Parent)
			}
		}
	}

	// document properties
	if !strings.Contains(p.get("docProps/core.xml"), "<cp:lastModifiedBy>"+ex.LastModifiedBy+"</cp:lastModifiedBy>") {
		return fail("lastModifiedBy is not %q", ex.LastModifiedBy)
	}

	// texts
	baseLines, err := readLines(a[2])
	if err != nil {
		return err
	}
	acc, err := readLines(a[3])
	if err != nil {
		return err
	}
	for _, e := range ex.Edits {
		if !baseLines[e.Paragraph] {
			return fail("%q is not in the base text", e.Paragraph)
		}
		if !acc[e.Result] {
			return fail("%q is not in the accepted text", e.Result)
		}
	}
	return nil
}
