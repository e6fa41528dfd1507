package drafting

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Change kinds, per paragraph (Change.Kind) and per Pasal (PasalChange.Kind).
const (
	ChangeInserted   = "inserted"   // only in the new version
	ChangeDeleted    = "deleted"    // only in the old version
	ChangeChanged    = "changed"    // the substance changed
	ChangeReferences = "references" // only cross-references to other Pasal were updated
	ChangeRenumbered = "renumbered" // a Pasal whose only change is its number
	ChangeMoved      = "moved"      // a Pasal that moved to another place
)

// Comparison is the result of comparing two versions of a document.
type Comparison struct {
	Old     VersionInfo   `json:"old"`
	New     VersionInfo   `json:"new"`
	Summary Summary       `json:"summary"`
	Pasal   []PasalChange `json:"pasal"`
	Changes []Change      `json:"changes"`

	steps []step
	// oldDoc and newDoc are the compared documents, when Compare made the
	// comparison; the .docx redline is written on top of newDoc.
	oldDoc, newDoc *Document
}

// VersionInfo describes one side of a comparison.
type VersionInfo struct {
	Name       string    `json:"name"`
	Author     string    `json:"author,omitempty"`
	Modified   time.Time `json:"modified,omitzero"`
	Paragraphs int       `json:"paragraphs"`
	Pasal      int       `json:"pasal"`
}

// PasalPair names one Pasal by its number in the old and the new version.
type PasalPair struct {
	Old int `json:"old"`
	New int `json:"new"`
}

// Summary counts what changed, Pasal by Pasal and word by word.
type Summary struct {
	// PasalInserted lists the new-version numbers of Pasal that are new.
	PasalInserted []int `json:"pasal_inserted"`
	// PasalDeleted lists the old-version numbers of Pasal that are gone.
	PasalDeleted []int `json:"pasal_deleted"`
	// PasalChanged lists the Pasal whose substance changed.
	PasalChanged []PasalPair `json:"pasal_changed"`
	// PasalRenumbered lists the Pasal whose only change is their number.
	PasalRenumbered []PasalPair `json:"pasal_renumbered"`
	// PasalReferences lists the Pasal whose only change is updated
	// cross-references ("Pasal 14" → "Pasal 15"), renumbered or not.
	PasalReferences []PasalPair `json:"pasal_references_updated"`
	// PasalMoved lists the Pasal matched by content at another place.
	PasalMoved []PasalPair `json:"pasal_moved"`
	// WordsInserted and WordsDeleted count words (letters and digits) in
	// inserted and deleted text, Pasal headings of renumbered Pasal excluded.
	WordsInserted int `json:"words_inserted"`
	WordsDeleted  int `json:"words_deleted"`
	// ParagraphsInserted, ParagraphsDeleted and ParagraphsChanged count
	// paragraphs.
	ParagraphsInserted int `json:"paragraphs_inserted"`
	ParagraphsDeleted  int `json:"paragraphs_deleted"`
	ParagraphsChanged  int `json:"paragraphs_changed"`
}

// Empty reports whether the two versions read the same.
func (s Summary) Empty() bool {
	return len(s.PasalInserted)+len(s.PasalDeleted)+len(s.PasalChanged)+len(s.PasalRenumbered)+
		len(s.PasalReferences)+len(s.PasalMoved)+s.ParagraphsInserted+s.ParagraphsDeleted+s.ParagraphsChanged == 0
}

// PasalChange is the verdict on one Pasal present in either version.
type PasalChange struct {
	Kind string `json:"kind"`
	Old  int    `json:"old,omitempty"` // 0 when inserted
	New  int    `json:"new,omitempty"` // 0 when deleted
	// Moved is true when the Pasal was matched by content at another place.
	Moved bool `json:"moved,omitempty"`
}

// Change is one changed paragraph.
type Change struct {
	Kind     string   `json:"kind"` // inserted, deleted, changed, references, renumbered
	OldText  string   `json:"old_text"`
	NewText  string   `json:"new_text"`
	OldPasal *int     `json:"old_pasal"` // nil outside any Pasal or when inserted
	NewPasal *int     `json:"new_pasal"` // nil outside any Pasal or when deleted
	Words    []WordOp `json:"words,omitempty"`
}

// step is one paragraph of the merged redline: kept, changed, inserted or
// deleted. The writers walk the steps in order.
type step struct {
	op    Op // OpEqual (kept, maybe changed), OpInsert, OpDelete
	old   *Paragraph
	new   *Paragraph
	words []WordOp // for a changed paragraph; nil when the lines are equal
	// unit is the index of the Pasal verdict this step belongs to in
	// Comparison.Pasal, or -1.
	unit int
	// heading is true for the heading paragraph of a Pasal.
	heading bool
	// moved is true for the steps of a Pasal shown at its new place.
	moved bool
	// ghost is true for the old paragraphs of a moved Pasal, at the place
	// it moved from. Only the .docx redline shows them (as deletions).
	ghost bool
}

// Compare compares two versions of a document with tracked changes
// accepted in both.
func Compare(old, new *Document) *Comparison {
	c := CompareParagraphs(old.Paragraphs(Accept), new.Paragraphs(Accept))
	c.Old.Name, c.Old.Author, c.Old.Modified = old.Name, old.LastModifiedBy, old.Modified
	c.New.Name, c.New.Author, c.New.Modified = new.Name, new.LastModifiedBy, new.Modified
	c.oldDoc, c.newDoc = old, new
	return c
}

// unitKind tells what a unit of the document is.
type unitKind int

const (
	unitFront unitKind = iota // before the first BAB or Pasal
	unitBab                   // a BAB heading and its title
	unitPasal                 // a Pasal: heading and every paragraph up to the next Pasal or BAB
)

// unit is a run of paragraphs compared as a whole: a Pasal, a BAB heading,
// or the front matter.
type unit struct {
	kind  unitKind
	pasal int
	paras []*Paragraph
	lines []string // the paragraphs' lines (label and text)
	key   string   // the content with Pasal numbers masked, for exact matching
	bag   bag
}

var (
	// babNumber matches the roman numeral of a BAB heading.
	babNumber = regexp.MustCompile(`(?i)^(BAB\s+)([IVXLC]+)`)
)

// maskNumbers hides the numbers of Pasal references, so that a Pasal whose
// references shifted still matches by content.
func maskNumbers(s string) string {
	return mapReferences(s, func(int) string { return "#" })
}

// mapReferences replaces the number of every cross-reference "Pasal N" in
// s by to(N). It does by hand what the reference expression describes, as
// it runs on every line of both versions.
func mapReferences(s string, to func(n int) string) string {
	var b strings.Builder
	last := 0
	for i := 0; ; {
		k := strings.Index(s[i:], "Pasal")
		if k < 0 {
			break
		}
		start := i + k
		j := start + len("Pasal")
		i = j
		if start > 0 {
			if r, _ := utf8.DecodeLastRuneInString(s[:start]); isWordRune(r) {
				continue
			}
		}
		sp := j
		for sp < len(s) && (s[sp] == ' ' || s[sp] == '\t') {
			sp++
		}
		if strings.HasPrefix(s[sp:], "\u00a0") {
			sp += len("\u00a0")
		}
		d := sp
		for d < len(s) && '0' <= s[d] && s[d] <= '9' {
			d++
		}
		if sp == j || d == sp {
			continue
		}
		n, _ := strconv.Atoi(s[sp:d])
		b.WriteString(s[last:sp])
		b.WriteString(to(n))
		last, i = d, d
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func splitUnits(ps []*Paragraph) []*unit {
	var units []*unit
	var cur *unit
	for _, p := range ps {
		switch {
		case p.Kind == KindPasal && p.Table == nil:
			cur = &unit{kind: unitPasal, pasal: p.Pasal}
			units = append(units, cur)
		case p.Kind == KindBab && p.Table == nil:
			cur = &unit{kind: unitBab}
			units = append(units, cur)
		case cur == nil:
			cur = &unit{kind: unitFront}
			units = append(units, cur)
		}
		cur.paras = append(cur.paras, p)
		cur.lines = append(cur.lines, normalizeLine(p.Line()))
	}
	for _, u := range units {
		body := u.lines
		if u.kind != unitFront && len(body) > 0 {
			body = body[1:] // the heading carries only the number
		}
		var b strings.Builder
		if u.kind == unitBab && len(u.lines) > 0 {
			b.WriteString(babNumber.ReplaceAllString(u.lines[0], "${1}#"))
		}
		for _, l := range body {
			b.WriteByte('\n')
			b.WriteString(maskNumbers(l))
		}
		u.key = strconv.Itoa(int(u.kind)) + b.String()
		u.bag = makeBag(b.String())
	}
	return units
}

// normalizeLine collapses white space, so that a changed tab or a double
// space does not count as a change.
func normalizeLine(s string) string {
	clean := true
	prevSpace := true // a leading space needs work too
	for i := 0; i < len(s); i++ {
		c := s[i]
		space := c == ' '
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80 || space && prevSpace {
			clean = false
			break
		}
		prevSpace = space
	}
	if clean && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// CompareParagraphs compares two lists of paragraphs as returned by
// Document.Paragraphs (with Kind, Pasal and labels filled).
func CompareParagraphs(oldPs, newPs []*Paragraph) *Comparison {
	ou, nu := splitUnits(oldPs), splitUnits(newPs)
	match := alignUnits(ou, nu)

	c := &Comparison{}
	c.Old.Paragraphs, c.New.Paragraphs = len(oldPs), len(newPs)
	c.Old.Pasal, c.New.Pasal = countPasal(ou), countPasal(nu)

	// The old → new Pasal number map, for telling reference updates apart.
	refs := make(map[int]int)
	for oi, ni := range match {
		if ni >= 0 && ou[oi].kind == unitPasal && nu[ni].kind == unitPasal {
			refs[ou[oi].pasal] = nu[ni].pasal
		}
	}
	oldOf := make([]int, len(nu))
	for i := range oldOf {
		oldOf[i] = -1
	}
	for oi, ni := range match {
		if ni >= 0 {
			oldOf[ni] = oi
		}
	}
	moved := movedUnits(match)

	in := newInterner()
	nextOld := 0
	// flushOld shows the old units before limit that have no place in the
	// new version as deleted, and leaves a ghost where a moved one was.
	flushOld := func(limit int) {
		for ; nextOld < limit; nextOld++ {
			u := ou[nextOld]
			switch {
			case match[nextOld] < 0:
				unitIdx := -1
				if u.kind == unitPasal {
					unitIdx = len(c.Pasal)
					c.Pasal = append(c.Pasal, PasalChange{Kind: ChangeDeleted, Old: u.pasal})
				}
				for k, p := range u.paras {
					c.steps = append(c.steps, step{op: OpDelete, old: p, unit: unitIdx, heading: k == 0 && u.kind == unitPasal})
				}
			case moved[nextOld]:
				for _, p := range u.paras {
					c.steps = append(c.steps, step{op: OpDelete, old: p, unit: -1, moved: true, ghost: true})
				}
			}
		}
	}
	for ni, n := range nu {
		oi := oldOf[ni]
		if oi >= 0 && !moved[oi] {
			flushOld(oi)
			nextOld = oi + 1
		}
		if oi < 0 {
			unitIdx := -1
			if n.kind == unitPasal {
				unitIdx = len(c.Pasal)
				c.Pasal = append(c.Pasal, PasalChange{Kind: ChangeInserted, New: n.pasal})
			}
			for k, p := range n.paras {
				c.steps = append(c.steps, step{op: OpInsert, new: p, unit: unitIdx, heading: k == 0 && n.kind == unitPasal})
			}
			continue
		}
		o := ou[oi]
		unitIdx := -1
		if n.kind == unitPasal {
			unitIdx = len(c.Pasal)
			c.Pasal = append(c.Pasal, PasalChange{Old: o.pasal, New: n.pasal, Moved: moved[oi]})
		}
		first := len(c.steps)
		c.steps = append(c.steps, alignParagraphs(in, o, n, unitIdx, moved[oi])...)
		if unitIdx >= 0 {
			c.Pasal[unitIdx].Kind = judgePasal(c.steps[first:], o.pasal, n.pasal, moved[oi], refs)
		}
	}
	flushOld(len(ou))
	c.summarise(refs)
	return c
}

func countPasal(us []*unit) int {
	n := 0
	for _, u := range us {
		if u.kind == unitPasal {
			n++
		}
	}
	return n
}

// movedUnits marks the matched old units that are out of order: those not
// on the longest increasing run of new positions.
func movedUnits(match []int) []bool {
	var idx []int // old indexes of matched units
	for oi, ni := range match {
		if ni >= 0 {
			idx = append(idx, oi)
		}
	}
	keep := longestIncreasing(idx, func(oi int) int { return match[oi] })
	moved := make([]bool, len(match))
	for _, oi := range idx {
		moved[oi] = true
	}
	for _, oi := range keep {
		moved[oi] = false
	}
	return moved
}

// longestIncreasing returns the longest subsequence of xs whose keys
// increase (patience sorting).
func longestIncreasing(xs []int, key func(int) int) []int {
	if len(xs) == 0 {
		return nil
	}
	var tails []int // index into xs of the smallest tail of each length
	prev := make([]int, len(xs))
	for i, x := range xs {
		k := sort.Search(len(tails), func(j int) bool { return key(xs[tails[j]]) >= key(x) })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	for i, k := len(tails)-1, tails[len(tails)-1]; i >= 0; i, k = i-1, prev[k] {
		out[i] = xs[k]
	}
	return out
}

// Thresholds of similarity (Dice coefficient of words) above which two
// units or paragraphs are taken for versions of each other.
const (
	unitSimilar      = 0.5
	unitMovedSimilar = 0.6
	paraSimilar      = 0.4
	maxDPCells       = 40000
)

// alignUnits matches the units of the old version to those of the new
// one: first units with the same content (Pasal numbers masked) found once
// in each version, then, between those anchors, units in order by
// similarity, then what is left over anywhere by similarity (moved). It
// returns for each old unit the index of its new unit, or -1.
func alignUnits(ou, nu []*unit) []int {
	match := make([]int, len(ou))
	for i := range match {
		match[i] = -1
	}
	taken := make([]bool, len(nu))

	// Anchors: equal keys that occur once on each side.
	count := make(map[string][2]int)
	for _, u := range ou {
		c := count[u.key]
		c[0]++
		count[u.key] = c
	}
	newAt := make(map[string]int)
	for i, u := range nu {
		c := count[u.key]
		c[1]++
		count[u.key] = c
		newAt[u.key] = i
	}
	for oi, u := range ou {
		if c := count[u.key]; c[0] == 1 && c[1] == 1 {
			ni := newAt[u.key]
			match[oi], taken[ni] = ni, true
		}
	}

	// Between consecutive in-order anchors, align by similarity.
	var anchors []int
	for oi, ni := range match {
		if ni >= 0 {
			anchors = append(anchors, oi)
		}
	}
	ordered := longestIncreasing(anchors, func(oi int) int { return match[oi] })
	po, pn := 0, 0
	for _, oi := range append(ordered, len(ou)) {
		ni := len(nu)
		if oi < len(ou) {
			ni = match[oi]
		}
		alignGap(ou, nu, po, oi, pn, ni, match, taken)
		po, pn = oi+1, ni+1
	}

	// Whatever is left, anywhere: the best similar pair first.
	type cand struct {
		oi, ni int
		sim    float64
	}
	var cands []cand
	for oi, u := range ou {
		if match[oi] >= 0 {
			continue
		}
		for ni, v := range nu {
			if taken[ni] || u.kind != v.kind {
				continue
			}
			if s := similarity(u.bag, v.bag); s >= unitMovedSimilar {
				cands = append(cands, cand{oi, ni, s})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case a.sim > b.sim:
			return -1
		case a.sim < b.sim:
			return 1
		}
		return 0
	})
	for _, c := range cands {
		if match[c.oi] < 0 && !taken[c.ni] {
			match[c.oi], taken[c.ni] = c.ni, true
		}
	}
	return match
}

// alignGap pairs the free units of ou[o0:o1] with those of nu[n0:n1] in
// order, maximising the total similarity of pairs above the threshold.
func alignGap(ou, nu []*unit, o0, o1, n0, n1 int, match []int, taken []bool) {
	var os, ns []int
	for i := o0; i < o1; i++ {
		if match[i] < 0 {
			os = append(os, i)
		}
	}
	for i := n0; i < n1; i++ {
		if !taken[i] {
			ns = append(ns, i)
		}
	}
	if len(os) == 0 || len(ns) == 0 {
		return
	}
	sim := func(a, b int) float64 {
		u, v := ou[os[a]], nu[ns[b]]
		if u.kind != v.kind {
			return 0
		}
		if u.key == v.key {
			return 2
		}
		if s := similarity(u.bag, v.bag); s >= unitSimilar {
			return s
		}
		return 0
	}
	for _, pr := range alignDP(len(os), len(ns), sim) {
		match[os[pr[0]]], taken[ns[pr[1]]] = ns[pr[1]], true
	}
}

// alignDP returns the in-order pairs (a, b) maximising the sum of
// score(a, b) over pairs with a positive score. For large inputs it falls
// back to a greedy walk.
func alignDP(na, nb int, score func(a, b int) float64) [][2]int {
	if na*nb > maxDPCells {
		return alignGreedy(na, nb, score)
	}
	w := nb + 1
	best := make([]float64, (na+1)*w)
	for a := na - 1; a >= 0; a-- {
		for b := nb - 1; b >= 0; b-- {
			v := best[(a+1)*w+b]
			if x := best[a*w+b+1]; x > v {
				v = x
			}
			if s := score(a, b); s > 0 {
				if x := s + best[(a+1)*w+b+1]; x > v {
					v = x
				}
			}
			best[a*w+b] = v
		}
	}
	var pairs [][2]int
	for a, b := 0, 0; a < na && b < nb; {
		if s := score(a, b); s > 0 && best[a*w+b] == s+best[(a+1)*w+b+1] {
			pairs = append(pairs, [2]int{a, b})
			a++
			b++
		} else if best[a*w+b] == best[(a+1)*w+b] {
			a++
		} else {
			b++
		}
	}
	return pairs
}

// alignGreedy pairs in order, each item with the first good partner
// within a small window ahead.
func alignGreedy(na, nb int, score func(a, b int) float64) [][2]int {
	const window = 8
	var pairs [][2]int
	for a, b := 0, 0; a < na && b < nb; {
		found := false
		for d := 0; d < window && !found; d++ {
			for _, ab := range [][2]int{{a, b + d}, {a + d, b}} {
				if ab[0] < na && ab[1] < nb && score(ab[0], ab[1]) > 0 {
					pairs = append(pairs, ab)
					a, b = ab[0]+1, ab[1]+1
					found = true
					break
				}
			}
		}
		if !found {
			a++
			b++
		}
	}
	return pairs
}

// alignParagraphs aligns the paragraphs of two matched units: equal lines
// first (go-diff over whole lines), then, inside each replaced stretch,
// similar paragraphs are paired and diffed word by word.
func alignParagraphs(in *interner, o, n *unit, unitIdx int, moved bool) []step {
	var steps []step
	oStart, nStart := 0, 0
	if o.kind == unitPasal && n.kind == unitPasal {
		// The headings pair with each other whatever their numbers.
		steps = append(steps, pairStep(in, o.paras[0], n.paras[0], o.lines[0], n.lines[0], unitIdx, moved, true))
		oStart, nStart = 1, 1
	}
	or := make([]rune, 0, len(o.lines))
	for _, l := range o.lines[oStart:] {
		or = append(or, in.id("\x00"+l))
	}
	nr := make([]rune, 0, len(n.lines))
	for _, l := range n.lines[nStart:] {
		nr = append(nr, in.id("\x00"+l))
	}
	oi, ni := oStart, nStart
	var dels, inss []int
	flush := func() {
		steps = append(steps, pairStretch(in, o, n, dels, inss, unitIdx, moved)...)
		dels, inss = dels[:0], inss[:0]
	}
	for _, s := range diffSeq(or, nr) {
		switch s.op {
		case OpEqual:
			flush()
			for k := 0; k < s.n; k++ {
				steps = append(steps, step{op: OpEqual, old: o.paras[oi], new: n.paras[ni], unit: unitIdx, moved: moved})
				oi++
				ni++
			}
		case OpDelete:
			for k := 0; k < s.n; k++ {
				dels = append(dels, oi)
				oi++
			}
		case OpInsert:
			for k := 0; k < s.n; k++ {
				inss = append(inss, ni)
				ni++
			}
		}
	}
	flush()
	return steps
}

// labelPrefix matches a typed list label at the start of a line, so that
// similarity ignores it.
var labelPrefix = regexp.MustCompile(`^(\(\d+\)|[a-z]\.|\d+\.)\s*`)

// pairStretch pairs the deleted old paragraphs dels with the inserted new
// paragraphs inss of one stretch by similarity, in order, and returns the
// steps: unpaired old paragraphs deleted, unpaired new ones inserted, pairs
// diffed word by word.
func pairStretch(in *interner, o, n *unit, dels, inss []int, unitIdx int, moved bool) []step {
	if len(dels) == 0 && len(inss) == 0 {
		return nil
	}
	obags := make([]bag, len(dels))
	for i, d := range dels {
		obags[i] = makeBag(maskNumbers(labelPrefix.ReplaceAllString(o.lines[d], "")))
	}
	nbags := make([]bag, len(inss))
	for i, d := range inss {
		nbags[i] = makeBag(maskNumbers(labelPrefix.ReplaceAllString(n.lines[d], "")))
	}
	pairs := alignDP(len(dels), len(inss), func(a, b int) float64 {
		ot, nt := o.paras[dels[a]].Table, n.paras[inss[b]].Table
		if (ot == nil) != (nt == nil) {
			return 0
		}
		s := similarity(obags[a], nbags[b])
		if s >= paraSimilar {
			return s
		}
		if ot != nil && ot.Row == nt.Row && ot.Cell == nt.Cell && s > 0 {
			// The same cell of a table: a short text rewritten in place.
			return paraSimilar
		}
		return 0
	})
	var steps []step
	a, b := 0, 0
	for _, pr := range append(pairs, [2]int{len(dels), len(inss)}) {
		for ; a < pr[0]; a++ {
			steps = append(steps, step{op: OpDelete, old: o.paras[dels[a]], unit: unitIdx, moved: moved})
		}
		for ; b < pr[1]; b++ {
			steps = append(steps, step{op: OpInsert, new: n.paras[inss[b]], unit: unitIdx, moved: moved})
		}
		if pr[0] < len(dels) {
			d, i := dels[pr[0]], inss[pr[1]]
			steps = append(steps, pairStep(in, o.paras[d], n.paras[i], o.lines[d], n.lines[i], unitIdx, moved, false))
			a, b = pr[0]+1, pr[1]+1
		}
	}
	return steps
}

func pairStep(in *interner, op, np *Paragraph, ol, nl string, unitIdx int, moved, heading bool) step {
	s := step{op: OpEqual, old: op, new: np, unit: unitIdx, moved: moved, heading: heading}
	if ol != nl {
		s.words = diffWords(in, ol, nl)
	}
	return s
}

// judgePasal gives the verdict on a matched Pasal from the steps of its
// paragraphs.
func judgePasal(steps []step, oldN, newN int, moved bool, refs map[int]int) string {
	kind := ChangeRenumbered
	if oldN == newN {
		kind = ""
	}
	for _, s := range steps {
		if s.heading || (s.op == OpEqual && s.words == nil) {
			continue
		}
		if s.op != OpEqual || !referencesOnly(s.old.Line(), s.new.Line(), refs) {
			return ChangeChanged
		}
		kind = ChangeReferences
	}
	if kind == "" && moved {
		return ChangeMoved
	}
	return kind
}

// referencesOnly reports whether the new line equals the old one once the
// old line's references to Pasal are renumbered with refs.
func referencesOnly(oldLine, newLine string, refs map[int]int) bool {
	oldLine, newLine = normalizeLine(oldLine), normalizeLine(newLine)
	if oldLine == newLine {
		return false
	}
	mapped := mapReferences(oldLine, func(n int) string {
		if to, ok := refs[n]; ok {
			n = to
		}
		return strconv.Itoa(n)
	})
	return mapped == newLine
}

// summarise fills Summary and Changes from the steps.
func (c *Comparison) summarise(refs map[int]int) {
	s := &c.Summary
	s.PasalInserted, s.PasalDeleted = []int{}, []int{}
	s.PasalChanged, s.PasalRenumbered, s.PasalReferences, s.PasalMoved = []PasalPair{}, []PasalPair{}, []PasalPair{}, []PasalPair{}
	for _, p := range c.Pasal {
		pair := PasalPair{p.Old, p.New}
		switch p.Kind {
		case ChangeInserted:
			s.PasalInserted = append(s.PasalInserted, p.New)
		case ChangeDeleted:
			s.PasalDeleted = append(s.PasalDeleted, p.Old)
		case ChangeChanged:
			s.PasalChanged = append(s.PasalChanged, pair)
		case ChangeRenumbered:
			s.PasalRenumbered = append(s.PasalRenumbered, pair)
		case ChangeReferences:
			s.PasalReferences = append(s.PasalReferences, pair)
		}
		if p.Moved {
			s.PasalMoved = append(s.PasalMoved, pair)
		}
	}
	sort.Ints(s.PasalDeleted)
	c.Changes = []Change{}
	for _, st := range c.steps {
		if st.ghost {
			continue
		}
		var ch Change
		switch {
		case st.op == OpInsert:
			ch = Change{Kind: ChangeInserted, NewText: st.new.Line()}
			s.ParagraphsInserted++
			s.WordsInserted += countWords(ch.NewText)
		case st.op == OpDelete:
			ch = Change{Kind: ChangeDeleted, OldText: st.old.Line()}
			s.ParagraphsDeleted++
			s.WordsDeleted += countWords(ch.OldText)
		case st.words != nil && st.heading:
			ch = Change{Kind: ChangeRenumbered, OldText: st.old.Line(), NewText: st.new.Line()}
		case st.words != nil:
			ch = Change{Kind: ChangeChanged, OldText: st.old.Line(), NewText: st.new.Line(), Words: st.words}
			if referencesOnly(ch.OldText, ch.NewText, refs) {
				ch.Kind = ChangeReferences
			}
			s.ParagraphsChanged++
			s.WordsInserted += wordsIn(st.words, OpInsert)
			s.WordsDeleted += wordsIn(st.words, OpDelete)
		default:
			continue
		}
		// A paragraph of a Pasal present in both versions names the Pasal on
		// both sides, also when the paragraph itself is new or gone.
		if st.unit >= 0 {
			if p := c.Pasal[st.unit]; p.Old > 0 {
				ch.OldPasal = new(p.Old)
			}
			if p := c.Pasal[st.unit]; p.New > 0 {
				ch.NewPasal = new(p.New)
			}
		} else {
			if st.old != nil && st.old.Pasal > 0 {
				ch.OldPasal = new(st.old.Pasal)
			}
			if st.new != nil && st.new.Pasal > 0 {
				ch.NewPasal = new(st.new.Pasal)
			}
		}
		c.Changes = append(c.Changes, ch)
	}
}
