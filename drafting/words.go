package drafting

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// piece is a piece of a paragraph's text: a word (letters and digits), a
// run of white space, or one other character (punctuation). start and end
// are byte offsets in the text it was cut from.
type piece struct {
	start, end int
	word       bool
}

// tokenize cuts s into tokens. Joining the tokens gives s back.
func tokenize(s string) []piece {
	toks := make([]piece, 0, len(s)/4)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		j := i + n
		switch {
		case isWordRune(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !isWordRune(r2) {
					break
				}
				j += n2
			}
			toks = append(toks, piece{i, j, true})
		case unicode.IsSpace(r):
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsSpace(r2) {
					break
				}
				j += n2
			}
			toks = append(toks, piece{i, j, false})
		default:
			toks = append(toks, piece{i, j, false})
		}
		i = j
	}
	return toks
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// countWords counts the word tokens of s.
func countWords(s string) int {
	n := 0
	for _, t := range tokenize(s) {
		if t.word {
			n++
		}
	}
	return n
}

// interner maps strings (tokens, whole paragraphs) to runes so that
// go-diff, which diffs runes, can diff sequences of them. Runes in the
// surrogate range are skipped; rune 0 is never used.
type interner struct {
	ids  map[string]rune
	next rune
}

func newInterner() *interner { return &interner{ids: make(map[string]rune), next: 1} }

func (in *interner) id(s string) rune {
	if r, ok := in.ids[s]; ok {
		return r
	}
	r := in.next
	in.next++
	if in.next == 0xD800 {
		in.next = 0xE000
	}
	in.ids[s] = r
	return r
}

// Op is the kind of one piece of a word diff.
type Op string

// The pieces of a word diff.
const (
	OpEqual  Op = "equal"
	OpInsert Op = "insert"
	OpDelete Op = "delete"
)

// WordOp is one piece of a word diff: text kept, inserted or deleted.
type WordOp struct {
	Op   Op     `json:"op"`
	Text string `json:"text"`
	// oldStart/oldEnd and newStart/newEnd are byte ranges of the piece in
	// the old and new line (the unused side is empty).
	oldStart, oldEnd, newStart, newEnd int
}

// seqOp is one piece of a diff between two sequences: n items kept,
// deleted or inserted.
type seqOp struct {
	op Op
	n  int
}

// diffSeq diffs two rune sequences with go-diff and returns the pieces as
// counts of items.
func diffSeq(a, b []rune) []seqOp {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(a, b, false)
	ops := make([]seqOp, 0, len(diffs))
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		if n == 0 {
			continue
		}
		var op Op
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			op = OpEqual
		case diffmatchpatch.DiffInsert:
			op = OpInsert
		default:
			op = OpDelete
		}
		if k := len(ops); k > 0 && ops[k-1].op == op {
			ops[k-1].n += n
			continue
		}
		ops = append(ops, seqOp{op, n})
	}
	return ops
}

// diffWords diffs two lines word by word. Deletions come before insertions
// in each changed stretch; a lone space kept between two changes is folded
// into them so that the redline reads as whole phrases.
func diffWords(in *interner, oldLine, newLine string) []WordOp {
	ot, nt := tokenize(oldLine), tokenize(newLine)
	or := make([]rune, len(ot))
	for i, t := range ot {
		or[i] = in.id(oldLine[t.start:t.end])
	}
	nr := make([]rune, len(nt))
	for i, t := range nt {
		nr[i] = in.id(newLine[t.start:t.end])
	}
	seq := diffSeq(or, nr)
	seq = foldSmallEqualities(seq, ot)

	var ops []WordOp
	oi, ni := 0, 0
	span := func(toks []piece, i, n int) (int, int) {
		if n == 0 {
			if i < len(toks) {
				return toks[i].start, toks[i].start
			}
			if len(toks) > 0 {
				return toks[len(toks)-1].end, toks[len(toks)-1].end
			}
			return 0, 0
		}
		return toks[i].start, toks[i+n-1].end
	}
	for _, s := range seq {
		var w WordOp
		w.Op = s.op
		switch s.op {
		case OpEqual:
			w.oldStart, w.oldEnd = span(ot, oi, s.n)
			w.newStart, w.newEnd = span(nt, ni, s.n)
			w.Text = newLine[w.newStart:w.newEnd]
			oi += s.n
			ni += s.n
		case OpDelete:
			w.oldStart, w.oldEnd = span(ot, oi, s.n)
			w.newStart, w.newEnd = span(nt, ni, 0)
			w.Text = oldLine[w.oldStart:w.oldEnd]
			oi += s.n
		case OpInsert:
			w.oldStart, w.oldEnd = span(ot, oi, 0)
			w.newStart, w.newEnd = span(nt, ni, s.n)
			w.Text = newLine[w.newStart:w.newEnd]
			ni += s.n
		}
		ops = append(ops, w)
	}
	return orderDeletesFirst(ops)
}

// foldSmallEqualities turns "change, a short kept stretch without words,
// change" into a single change, so that "[-30-]{+14+} ([-tiga-]{+empat+}"
// reads "[-30 (tiga-]{+14 (empat+}".
func foldSmallEqualities(seq []seqOp, ot []piece) []seqOp {
	out := make([]seqOp, 0, len(seq))
	oi := 0
	for k, s := range seq {
		if s.op == OpEqual && s.n <= 3 && k > 0 && k+1 < len(seq) && !hasWord(ot[oi:oi+s.n]) {
			out = append(out, seqOp{OpDelete, s.n}, seqOp{OpInsert, s.n})
			oi += s.n
			continue
		}
		out = append(out, s)
		if s.op != OpInsert {
			oi += s.n
		}
	}
	return mergeSeq(out)
}

func hasWord(ts []piece) bool {
	for _, t := range ts {
		if t.word {
			return true
		}
	}
	return false
}

func isSpaceText(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return s != ""
}

// mergeSeq gathers each stretch between equal pieces into one delete
// followed by one insert.
func mergeSeq(seq []seqOp) []seqOp {
	out := make([]seqOp, 0, len(seq))
	del, ins := 0, 0
	flush := func() {
		if del > 0 {
			out = append(out, seqOp{OpDelete, del})
		}
		if ins > 0 {
			out = append(out, seqOp{OpInsert, ins})
		}
		del, ins = 0, 0
	}
	for _, s := range seq {
		switch s.op {
		case OpDelete:
			del += s.n
		case OpInsert:
			ins += s.n
		default:
			flush()
			if k := len(out); k > 0 && out[k-1].op == OpEqual {
				out[k-1].n += s.n
			} else {
				out = append(out, s)
			}
		}
	}
	flush()
	return out
}

// orderDeletesFirst keeps each delete before the insert that replaces it
// (mergeSeq already does; this guards the invariant for writers).
func orderDeletesFirst(ops []WordOp) []WordOp {
	for i := 1; i < len(ops); i++ {
		if ops[i].Op == OpDelete && ops[i-1].Op == OpInsert {
			ops[i], ops[i-1] = ops[i-1], ops[i]
		}
	}
	return ops
}

// wordsIn counts the words of the pieces with the given op.
func wordsIn(ops []WordOp, op Op) int {
	n := 0
	for _, w := range ops {
		if w.Op == op {
			n += countWords(w.Text)
		}
	}
	return n
}

// bag is the sorted multiset of a text's word hashes (lower case), for
// similarity.
type bag []uint32

func makeBag(s string) bag {
	b := make(bag, 0, len(s)/6)
	const offset, prime = 2166136261, 16777619
	h, in := uint32(offset), false
	for _, r := range s {
		if isWordRune(r) {
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
			} else {
				r = unicode.ToLower(r)
			}
			h = (h ^ uint32(r)) * prime
			in = true
			continue
		}
		if in {
			b = append(b, h)
			h, in = offset, false
		}
	}
	if in {
		b = append(b, h)
	}
	slices.Sort(b)
	return b
}

// similarity is the Dice coefficient of two bags: 1 for the same words, 0
// for none in common.
func similarity(a, b bag) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			common++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}
