package drafting

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Renumbering is the result of Renumber: how the Pasal and ayat of a
// document were renumbered and which cross-references were updated. Write
// the renumbered document with WriteDocx; its text is Text.
type Renumbering struct {
	// PasalMap lists every Pasal heading in document order: its number as
	// written ("8A") and the number it has now. Headings produced by Word
	// numbering keep the number Word shows.
	PasalMap []NumberChange `json:"pasal_map"`
	// AyatMap lists every ayat of every Pasal in order, with the Pasal's
	// new number.
	AyatMap []AyatChange `json:"ayat_map"`
	// References lists the cross-references whose text changed.
	References []ReferenceChange `json:"references"`
	// Dangling lists the cross-references whose target does not exist in
	// the document; they are left as written.
	Dangling []DanglingReference `json:"dangling"`

	doc      *Document
	old, new []*Paragraph // Paragraphs(Accept) of doc, and their renumbered copies
}

// NumberChange is one Pasal of a Renumbering: its number as written and
// its new number.
type NumberChange struct {
	Old string `json:"old"`
	New int    `json:"new"`
}

// AyatChange is one ayat of a Renumbering: the (new) number of its Pasal,
// its number as written ("1a") and its new number.
type AyatChange struct {
	Pasal int    `json:"pasal"`
	Old   string `json:"old"`
	New   int    `json:"new"`
}

// ReferenceChange is one updated cross-reference: the Pasal (new number)
// of the paragraph it stands in, 0 before the first Pasal; the reference
// before and after ("Pasal 9 ayat (2)" → "Pasal 10 ayat (2)"); and the text
// around it.
type ReferenceChange struct {
	Pasal   int    `json:"pasal"`
	Old     string `json:"old"`
	New     string `json:"new"`
	Context string `json:"context"`
}

// DanglingReference is a cross-reference to a Pasal or ayat that the
// document does not have, left unchanged: the Pasal (new number) of the
// paragraph it stands in, the reference and the text around it.
type DanglingReference struct {
	Pasal   int    `json:"pasal"`
	Text    string `json:"text"`
	Context string `json:"context"`
}

// Renumber numbers the Pasal and ayat of a document again, in document
// order, over its text with tracked changes accepted:
//
//   - typed Pasal headings become 1…N, whether the draft has insertions
//     ("Pasal 8A"), gaps or duplicates. Headings produced by Word numbering
//     are already right: they are left alone and the count goes on from the
//     number Word shows;
//   - typed ayat ("(1)", "(1a)") become (1)…(n) within each Pasal; Word
//     numbered ayat are left alone;
//   - cross-references are updated in every paragraph: "Pasal 9",
//     "Pasal 9 ayat (2)", "ayat (2)" (of the Pasal named just before it, or
//     else of the Pasal the paragraph is in), "ayat (2) Pasal 9", and lists
//     and ranges of them ("Pasal 3, Pasal 4, dan Pasal 5", "ayat (1) sampai
//     dengan ayat (3)", "ayat (1) dan (2)"). A reference names the first
//     Pasal or ayat so written; one that names none is left as written and
//     listed in Dangling. References to other instruments ("Pasal 363
//     Undang-Undang Nomor 23 Tahun 2014") and "huruf" are left alone.
//
// The Document is not changed.
func Renumber(d *Document) (*Renumbering, error) {
	if d == nil {
		return nil, errors.New("renumber: no document")
	}
	ps := d.Paragraphs(Accept)
	r := &Renumbering{doc: d, old: ps}
	edits := make([][]numberEdit, len(ps))
	owner := make([]*renumPasal, len(ps))
	byOld := make(map[string]*renumPasal)
	var cur *renumPasal
	next, ayatNext := 1, 1
	for i, p := range ps {
		text := p.Text(Accept)
		if p.Kind == KindPasal {
			cur = &renumPasal{ayat: make(map[string]int)}
			if p.Label != "" {
				// Word numbering: the label is right as it is.
				_, id, _ := pasalID(strings.TrimSpace(p.Line()))
				cur.old = id
				cur.new = atoi(strings.TrimRight(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
				if cur.new == 0 {
					cur.new = next
				}
			} else {
				lead := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
				off, id, _ := pasalID(text[lead:])
				cur.old, cur.new = id, next
				if s := strconv.Itoa(next); id != s {
					edits[i] = append(edits[i], numberEdit{lead + off, lead + off + len(id), s})
				}
			}
			next = cur.new + 1
			ayatNext = 1
			if byOld[cur.old] == nil {
				byOld[cur.old] = cur
			}
			r.PasalMap = append(r.PasalMap, NumberChange{Old: cur.old, New: cur.new})
			owner[i] = cur
			continue
		}
		owner[i] = cur
		if cur == nil || p.Table != nil || p.TextBox || p.Part != PartBody {
			continue
		}
		if p.Label != "" {
			if p.Kind == KindAyat {
				if n, ok := ayatStart(strings.TrimSpace(p.Label) + " "); ok {
					id := strconv.Itoa(n)
					if _, dup := cur.ayat[id]; !dup {
						cur.ayat[id] = n
					}
					ayatNext = n + 1
					r.AyatMap = append(r.AyatMap, AyatChange{Pasal: cur.new, Old: id, New: n})
				}
			}
			continue
		}
		lead := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
		id, ok := ayatLabel(text[lead:])
		if !ok {
			continue
		}
		if _, dup := cur.ayat[id]; !dup {
			cur.ayat[id] = ayatNext
		}
		if s := strconv.Itoa(ayatNext); id != s {
			edits[i] = append(edits[i], numberEdit{lead + 1, lead + 1 + len(id), s})
		}
		r.AyatMap = append(r.AyatMap, AyatChange{Pasal: cur.new, Old: id, New: ayatNext})
		ayatNext++
	}

	sc := &refScanner{byOld: byOld, r: r}
	r.new = make([]*Paragraph, len(ps))
	for i, p := range ps {
		if p.Kind != KindPasal {
			text := p.Text(Accept)
			edits[i] = append(edits[i], sc.scan(text, owner[i])...)
		}
		q := *p
		if len(edits[i]) > 0 {
			sortEdits(edits[i])
			q.Runs = editRuns(p.Runs, edits[i])
		}
		r.new[i] = &q
	}
	return r, nil
}

// renumPasal is one Pasal heading during renumbering.
type renumPasal struct {
	old  string
	new  int
	ayat map[string]int // ayat number as written → new number; the first of duplicates
}

// numberEdit replaces text[start:end] of a paragraph by repl.
type numberEdit struct {
	start, end int
	repl       string
}

// Renumbered counts the Pasal and the ayat whose number changed.
func (r *Renumbering) Renumbered() (pasal, ayat int) {
	for _, c := range r.PasalMap {
		if c.Old != strconv.Itoa(c.New) {
			pasal++
		}
	}
	for _, c := range r.AyatMap {
		if c.Old != strconv.Itoa(c.New) {
			ayat++
		}
	}
	return pasal, ayat
}

// Text returns the renumbered body as plain text, as Document.Text does:
// one line per paragraph that is not blank.
func (r *Renumbering) Text() string {
	var b strings.Builder
	for _, p := range r.new {
		l := p.Line()
		if strings.TrimSpace(l) == "" {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// ErrNoRenumberPackage is returned by Renumbering.WriteDocx when the
// document was not read from a .docx package.
var ErrNoRenumberPackage = errors.New("renumbered .docx needs a document read from a .docx file")

// WriteDocx writes the renumbered document as a Word document on the
// original package (styles, numbering, headers, page set-up). With track,
// every changed number is a tracked change by author at date: accepting all
// changes gives the renumbered text, rejecting all the original one.
// Without track the new numbers are plain text. The run formatting of each
// number is kept. An empty author or a zero date default as in
// Comparison.WriteDocx.
//
// The body is written as a redline is (see Comparison.WriteDocx): tracked
// changes the document already had are accepted, and body content that is
// not text (pictures, fields' codes, bookmarks, comment anchors) is not
// carried over.
func (r *Renumbering) WriteDocx(w io.Writer, track bool, author string, date time.Time) error {
	if r.doc == nil || r.doc.pkg == nil {
		return ErrNoRenumberPackage
	}
	steps := make([]step, len(r.new))
	for i, q := range r.new {
		old := r.old[i]
		if !track {
			old = q
		}
		steps[i] = step{op: OpEqual, old: old, new: q, unit: -1}
	}
	c := &Comparison{steps: steps, oldDoc: r.doc, newDoc: r.doc}
	if err := c.WriteDocx(w, DocxOptions{Author: author, Date: date}); err != nil {
		return fmt.Errorf("renumber: %w", err)
	}
	return nil
}

// editRuns applies sorted, non-overlapping edits of the runs' joined text
// to the runs: the replacement goes into the run where the edited range
// starts, so that it keeps that run's formatting.
func editRuns(runs []Run, edits []numberEdit) []Run {
	out := make([]Run, len(runs))
	pos := 0
	for k, run := range runs {
		out[k] = run
		t := run.Text
		rs, re := pos, pos+len(t)
		pos = re
		var b strings.Builder
		at := rs
		changed := false
		for _, e := range edits {
			if e.start >= re || e.end <= rs {
				continue
			}
			changed = true
			if e.start >= rs {
				b.WriteString(t[at-rs : e.start-rs])
				b.WriteString(e.repl)
			}
			at = min(e.end, re)
		}
		if changed {
			b.WriteString(t[at-rs:])
			out[k].Text = b.String()
		}
	}
	return out
}

// pasalID reads "Pasal 8A" at the start of s: the offset of the number and
// the number as written.
func pasalID(s string) (off int, id string, ok bool) {
	if len(s) < 6 || !strings.EqualFold(s[:5], "Pasal") {
		return 0, "", false
	}
	j := skipSpaces(s, 5)
	if j == 5 {
		return 0, "", false
	}
	n, ok := numberID(s, j, 'A', 'Z')
	if !ok {
		return 0, "", false
	}
	return j, s[j:n], true
}

// numberID reads 1 to 5 digits at s[i:], optionally followed by one letter
// between lo and hi, not followed by another letter or digit, and returns
// where it ends.
func numberID(s string, i int, lo, hi byte) (int, bool) {
	d := i
	for d < len(s) && d-i < 6 && '0' <= s[d] && s[d] <= '9' {
		d++
	}
	if d == i || d-i > 5 {
		return 0, false
	}
	if d < len(s) && lo <= s[d] && s[d] <= hi {
		d++
	}
	if !endsPasalNumber(s[d:]) {
		return 0, false
	}
	return d, true
}

// ayatLabel reads a typed ayat label "(3)" or "(1a)" followed by a space
// at the start of s, and returns "3" or "1a".
func ayatLabel(s string) (string, bool) {
	if len(s) < 4 || s[0] != '(' {
		return "", false
	}
	e, ok := ayatNumberEnd(s, 1)
	if !ok || e >= len(s) || s[e] != ')' || !endsItemLabel(s[e+1:]) || e+1 == len(s) {
		return "", false
	}
	return s[1:e], true
}

// ayatNumberEnd reads an ayat number ("2", "1a") at s[i:] and returns where
// it ends.
func ayatNumberEnd(s string, i int) (int, bool) {
	d := i
	for d < len(s) && d-i < 5 && '0' <= s[d] && s[d] <= '9' {
		d++
	}
	if d == i {
		return 0, false
	}
	if d < len(s) && 'a' <= s[d] && s[d] <= 'z' {
		d++
	}
	return d, true
}

// skipSpaces skips spaces, tabs and non-breaking spaces from s[i:].
func skipSpaces(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case strings.HasPrefix(s[i:], "\u00a0"):
			i += len("\u00a0")
		default:
			return i
		}
	}
	return i
}

// hasWordAt reports whether s has the keyword (case-insensitive) at i, as
// a whole word followed by a space.
func hasWordAt(s string, i int, word string) bool {
	if len(s)-i <= len(word) || !strings.EqualFold(s[i:i+len(word)], word) {
		return false
	}
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(r) || r == '-' {
			return false
		}
	}
	return skipSpaces(s, i+len(word)) > i+len(word)
}

// otherInstruments start the name of another instrument after a reference:
// "Pasal 363 Undang-Undang Nomor 23 Tahun 2014".
var otherInstruments = []string{"Undang-Undang", "Undang Undang", "UU ", "UUD", "Peraturan", "Keputusan", "Instruksi",
	"Kitab", "KUH", "Perpres", "Permen", "Perda", "Perkada", "Perbup", "Perwal", "Pergub", "PP ", "Qanun", "Surat Edaran",
	"Kesepakatan Bersama", "Nota Kesepahaman"}

// refScanner finds and maps the cross-references of the paragraphs.
type refScanner struct {
	byOld map[string]*renumPasal
	r     *Renumbering
}

// ayatRef is one ayat number inside a reference: text[start:end] is "1a".
type ayatRef struct{ start, end int }

// scan returns the edits of the references in text, a paragraph of Pasal
// own (nil before the first Pasal), and records them in the Renumbering.
func (sc *refScanner) scan(text string, own *renumPasal) []numberEdit {
	var out []numberEdit
	var ctx *renumPasal // the Pasal named by the last reference
	ctxEnd := -1
	for i := 0; i < len(text); {
		c := text[i] | 0x20
		switch {
		case c == 'p' && hasWordAt(text, i, "Pasal"):
			start := i
			off, id, ok := pasalID(text[i:])
			if !ok {
				i += 5
				continue
			}
			end := i + off + len(id)
			idStart := i + off
			var ayat []ayatRef
			if j := skipSpaces(text, end); hasWordAt(text, j, "ayat") {
				if as, e := ayatList(text, j); len(as) > 0 {
					ayat, end = as, e
				}
			}
			i = end
			if sc.external(text, end) {
				ctx = nil
				continue
			}
			target := sc.byOld[id]
			if target == nil {
				sc.dangling(own, text, start, end)
				ctx = nil
				continue
			}
			ed := []numberEdit{}
			if s := strconv.Itoa(target.new); s != id {
				ed = append(ed, numberEdit{idStart, idStart + len(id), s})
			}
			ed, okAyat := sc.mapAyat(ed, text, ayat, target)
			if !okAyat {
				sc.dangling(own, text, start, end)
			}
			out = sc.record(out, ed, own, text, start, end)
			ctx, ctxEnd = target, end
		case c == 'a' && hasWordAt(text, i, "ayat"):
			start := i
			ayat, end := ayatList(text, i)
			if len(ayat) == 0 {
				i += 4
				continue
			}
			i = end
			target := own
			if ctx != nil && connectorsOnly(text[ctxEnd:start]) {
				target = ctx
			}
			// "ayat (2) Pasal 9": the Pasal named right after.
			var pasalEdit []numberEdit
			if j := skipSpaces(text, end); j > end && hasWordAt(text, j, "Pasal") {
				if off, id, ok := pasalID(text[j:]); ok {
					pe := j + off + len(id)
					if sc.external(text, pe) {
						continue
					}
					end, i = pe, pe
					target = sc.byOld[id]
					if target == nil {
						sc.dangling(own, text, start, end)
						ctx = nil
						continue
					}
					if s := strconv.Itoa(target.new); s != id {
						pasalEdit = append(pasalEdit, numberEdit{j + off, pe, s})
					}
				}
			}
			if target == nil {
				continue // before the first Pasal
			}
			ed, ok := sc.mapAyat(nil, text, ayat, target)
			ed = append(ed, pasalEdit...)
			if !ok {
				sc.dangling(own, text, start, end)
			}
			out = sc.record(out, ed, own, text, start, end)
			ctx, ctxEnd = target, end
		default:
			i++
		}
	}
	return out
}

// mapAyat appends the edits of the ayat numbers in a reference to target;
// ok is false when one of them is not an ayat of target.
func (sc *refScanner) mapAyat(ed []numberEdit, text string, ayat []ayatRef, target *renumPasal) ([]numberEdit, bool) {
	ok := true
	for _, a := range ayat {
		old := text[a.start:a.end]
		n, found := target.ayat[old]
		if !found {
			ok = false
			continue
		}
		if s := strconv.Itoa(n); s != old {
			ed = append(ed, numberEdit{a.start, a.end, s})
		}
	}
	return ed, ok
}

// record notes a reference text[start:end] with its edits in References
// when it changes, and returns out with the edits appended.
func (sc *refScanner) record(out, ed []numberEdit, own *renumPasal, text string, start, end int) []numberEdit {
	if len(ed) == 0 {
		return out
	}
	sortEdits(ed)
	var b strings.Builder
	at := start
	for _, e := range ed {
		b.WriteString(text[at:e.start])
		b.WriteString(e.repl)
		at = e.end
	}
	b.WriteString(text[at:end])
	sc.r.References = append(sc.r.References, ReferenceChange{
		Pasal: pasalNumber(own), Old: text[start:end], New: b.String(), Context: excerpt(text, start, end),
	})
	return append(out, ed...)
}

func (sc *refScanner) dangling(own *renumPasal, text string, start, end int) {
	sc.r.Dangling = append(sc.r.Dangling, DanglingReference{
		Pasal: pasalNumber(own), Text: text[start:end], Context: excerpt(text, start, end),
	})
}

// external reports whether the reference ending at text[end] names a Pasal
// of another instrument: after its huruf and angka, the instrument's name.
func (sc *refScanner) external(text string, end int) bool {
	j := skipSpaces(text, end)
	for {
		switch {
		case hasWordAt(text, j, "huruf"):
			k := skipSpaces(text, j+len("huruf"))
			for k < len(text) && 'a' <= text[k] && text[k] <= 'z' {
				k++
			}
			j = skipSpaces(text, k)
			continue
		case hasWordAt(text, j, "angka"):
			k := skipSpaces(text, j+len("angka"))
			for k < len(text) && '0' <= text[k] && text[k] <= '9' {
				k++
			}
			j = skipSpaces(text, k)
			continue
		}
		break
	}
	rest := text[j:]
	for _, w := range otherInstruments {
		if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) {
			return true
		}
	}
	return false
}

// ayatList reads "ayat (1)", "ayat (1a) dan ayat (2)", "ayat (1), (2), dan
// (3)" or "ayat (1) sampai dengan ayat (3)" at text[i:]: the ayat numbers
// and where the list ends. It returns none when there is no "(n)" after
// "ayat".
func ayatList(text string, i int) ([]ayatRef, int) {
	var refs []ayatRef
	j := skipSpaces(text, i+len("ayat"))
	end := i
	for {
		if j >= len(text) || text[j] != '(' {
			break
		}
		e, ok := ayatNumberEnd(text, j+1)
		if !ok || e >= len(text) || text[e] != ')' {
			break
		}
		refs = append(refs, ayatRef{j + 1, e})
		end = e + 1
		// A connector, then "(n)" or "ayat (n)".
		k, ok := connector(text, end)
		if !ok {
			break
		}
		if hasWordAt(text, k, "ayat") {
			k = skipSpaces(text, k+len("ayat"))
		}
		j = k
	}
	return refs, end
}

// connectorWords join the items of a list or range of references.
var connectorWords = []string{",", "dan", "atau", "serta", "sampai", "dengan", "hingga", "s.d.", "s/d"}

// connector skips a list connector (", ", " dan ", ", dan ", " sampai
// dengan ", " s.d. ") at text[i:] and returns where what follows starts.
func connector(text string, i int) (int, bool) {
	j := skipSpaces(text, i)
	found := false
	for {
		matched := false
		for _, w := range connectorWords {
			if w == "," {
				if j < len(text) && text[j] == ',' {
					j = skipSpaces(text, j+1)
					matched = true
				}
				continue
			}
			if hasWordAt(text, j, w) {
				j = skipSpaces(text, j+len(w))
				matched = true
			}
		}
		if !matched {
			break
		}
		found = true
	}
	return j, found
}

// connectorsOnly reports whether the text between two references holds
// only list connectors and "huruf x" / "angka n" parts, so that an ayat
// after it belongs to the Pasal named before it.
func connectorsOnly(gap string) bool {
	for _, f := range strings.Fields(strings.ReplaceAll(gap, ",", " ")) {
		switch strings.ToLower(f) {
		case "dan", "atau", "serta", "sampai", "dengan", "hingga", "s.d.", "s/d", "huruf", "angka":
			continue
		}
		if len(f) <= 2 && strings.Trim(f, "abcdefghijklmnopqrstuvwxyz0123456789") == "" {
			continue
		}
		return false
	}
	return true
}

func pasalNumber(p *renumPasal) int {
	if p == nil {
		return 0
	}
	return p.new
}

// sortEdits sorts a few edits by start.
func sortEdits(ed []numberEdit) {
	for i := 1; i < len(ed); i++ {
		for j := i; j > 0 && ed[j].start < ed[j-1].start; j-- {
			ed[j], ed[j-1] = ed[j-1], ed[j]
		}
	}
}

// excerpt returns the text around text[start:end], at most about 60 bytes
// either side, cut at spaces, with "…" where it was cut.
func excerpt(text string, start, end int) string {
	const side = 60
	a, z := 0, len(text)
	if start > side {
		a = start - side
		if k := strings.IndexByte(text[a:start], ' '); k >= 0 {
			a += k + 1
		}
		for a < start && !utf8.RuneStart(text[a]) {
			a++
		}
	}
	if len(text)-end > side {
		z = end + side
		if k := strings.LastIndexByte(text[end:z], ' '); k >= 0 {
			z = end + k
		}
		for z > end && z < len(text) && !utf8.RuneStart(text[z]) {
			z--
		}
	}
	s := strings.TrimSpace(text[a:z])
	if a > 0 {
		s = "…" + s
	}
	if z < len(text) {
		s += "…"
	}
	return s
}
