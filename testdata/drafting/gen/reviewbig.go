package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strings"
)

// reviewbig BIG.md BIG.accept.txt OUTDIR: the benchmark set of reviewer
// copies, big-copy-01 … big-copy-10 of big-v1 (300 Pasal), by "Reviewer 01" …
// "Reviewer 10", from a PCG generator with a fixed seed (20260112, 10):
//
//   - reviewers 01/02, 03/04, 05/06, 07/08 and 09/10 replace the same words with
//     different words at 2, 3, 2, 3 and 2 places (12 conflicts);
//   - reviewers 04 and 07 make one identical replacement (applied once);
//   - every copy has 10 tracked edits in all (the rest replacements,
//     insertions and deletions of 1–2 words, chosen at random), each in an ayat
//     or huruf of its own Pasal: apart from the shared places above no two edits
//     of the set are in the same Pasal;
//   - every copy has 2 or 3 comments on 2–4 words, each in a Pasal with no
//     edit; the first comment of reviewer 05 has a reply by "ARNP Kota".
//
// Every edit is checked as in `gen review` (a word diff finds exactly it).
// The files written are those of `gen review`, and the set is "big-combined".
func cmdReviewBig(a []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	if err := args(a, 3, "reviewbig BIG.md BIG.accept.txt OUTDIR"); err != nil {
		return err
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
	r := rand.New(rand.NewPCG(20260112, 10))

	// the paragraphs an edit or a comment may go to: ayat and huruf, by Pasal
	byPasal := map[int][]*rvPara{}
	var pasals []int
	for i := range base.paras {
		p := &base.paras[i]
		if p.pasal > 0 && p.label != "" {
			if byPasal[p.pasal] == nil {
				pasals = append(pasals, p.pasal)
			}
			byPasal[p.pasal] = append(byPasal[p.pasal], p)
		}
	}
	used := map[int]bool{}
	fresh := func() *rvPara {
		for {
			n := pasals[r.IntN(len(pasals))]
			if !used[n] {
				used[n] = true
				ps := byPasal[n]
				return ps[r.IntN(len(ps))]
			}
		}
	}

	copies := make([]*rvCopy, 10)
	for i := range copies {
		copies[i] = &rvCopy{
			name:     fmt.Sprintf("big-copy-%02d", i+1),
			reviewer: fmt.Sprintf("Reviewer %02d", i+1),
			date:     fmt.Sprintf("2026-01-%02dT%02d:%02d:00Z", 13+i/4, 8+2*(i%4), 5*i),
			tracked:  true,
		}
	}
	g := &bigReviewGen{r: r, base: base}

	// conflicts between pairs, then the identical edit
	for k := range 5 {
		a, b := copies[2*k], copies[2*k+1]
		for range 2 + k%2 {
			for {
				p := fresh()
				ea := g.edit(p, "replace", a)
				if ea == nil {
					continue
				}
				eb := g.sameWords(ea, b)
				if eb == nil {
					continue
				}
				a.edits, b.edits = append(a.edits, ea), append(b.edits, eb)
				break
			}
		}
	}
	for {
		p := fresh()
		e := g.edit(p, "replace", copies[3])
		if e == nil {
			continue
		}
		f := *e
		f.author, f.date = copies[6].reviewer, copies[6].date
		copies[3].edits, copies[6].edits = append(copies[3].edits, e), append(copies[6].edits, &f)
		break
	}
	// each copy's own edits
	kinds := []string{"replace", "insert", "delete"}
	for _, c := range copies {
		for len(c.edits) < 10 {
			if e := g.edit(fresh(), kinds[r.IntN(3)], c); e != nil {
				c.edits = append(c.edits, e)
			}
		}
		sort.Slice(c.edits, func(i, j int) bool { return c.edits[i].rs < c.edits[j].rs })
	}
	// comments
	for i, c := range copies {
		var cms []*rvComment
		for range 2 + r.IntN(2) {
			p := fresh()
			toks := g.tokens(p)
			n := 2 + r.IntN(3)
			j := 1 + r.IntN(len(toks)-n)
			cms = append(cms, &rvComment{author: c.reviewer, date: c.date, text: bigRvComments[r.IntN(len(bigRvComments))],
				qs: toks[j].s, qe: toks[j+n-1].e})
		}
		sort.Slice(cms, func(i, j int) bool { return cms[i].qs < cms[j].qs })
		for _, cm := range cms {
			cm.id = len(c.comments) + 1
			c.comments = append(c.comments, cm)
			if i == 4 && cm.id == 1 {
				c.comments = append(c.comments, &rvComment{id: 2, author: authorA, date: "2026-01-15T09:00:00Z",
					text: "Akan dibahas dalam rapat TKKSD berikutnya.", parent: 1, qs: cm.qs, qe: cm.qe})
			}
		}
	}
	return writeRvSet(a[2], "big-v1.docx", base, lines, copies, "big-combined")
}

var (
	bigRvReplace  = []string{"menyiapkan", "merumuskan", "mengelola", "mengawasi", "menyempurnakan", "menata", "mendukung", "memperkuat", "rencana aksi", "dokumen teknis", "berkelanjutan", "terintegrasi", "menyeluruh", "bersama-sama", "terukur"}
	bigRvInsert   = []string{"secara terpadu", "bersama-sama", "dengan segera", "tepat waktu", "terlebih dahulu", "secara bertahap", "sebaik-baiknya", "dengan cermat", "secara rinci", "terkait"}
	bigRvComments = []string{
		"Mohon dikaji ulang rumusan ini.",
		"Perlu diselaraskan dengan peraturan daerah yang berlaku.",
		"Apakah jangka waktu ini sudah disepakati?",
		"Usul agar rumusan ini dipertegas.",
		"Mohon ditambahkan rujukan peraturan perundang-undangan.",
		"Istilah ini perlu didefinisikan dalam Pasal 1.",
		"Perlu konfirmasi dari Bagian Hukum.",
		"Rumusan ini berpotensi menimbulkan multitafsir.",
	}
	reBigWord = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	bigStop   = map[string]bool{"sebagaimana": true, "dimaksud": true, "dalam": true, "pada": true, "ayat": true, "yang": true, "serta": true, "dengan": true}
)

type bigReviewGen struct {
	r    *rand.Rand
	base *rvDoc
}

type tokRange struct{ s, e int }

// tokens returns the byte ranges (in the base Markdown) of the words of a
// one-line paragraph.
func (g *bigReviewGen) tokens(p *rvPara) []tokRange {
	var out []tokRange
	line := g.base.md[p.start:p.end]
	if strings.Contains(line, "\n") || strings.Contains(line, "  ") {
		panic("reviewbig: paragraph is not one line of single-spaced words")
	}
	at := p.start
	for _, w := range strings.Split(line, " ") {
		out = append(out, tokRange{at, at + len(w)})
		at += len(w) + 1
	}
	return out
}

func (g *bigReviewGen) eligible(t tokRange) bool {
	w := g.base.md[t.s:t.e]
	return len(w) >= 4 && reBigWord.MatchString(w) && !bigStop[w]
}

// edit makes an edit of the given kind of 1–2 words at a random place of p by
// c's reviewer, or returns nil if the place chosen does not suit (not plain
// words, or a word diff would not find exactly this edit).
func (g *bigReviewGen) edit(p *rvPara, kind string, c *rvCopy) *rvEdit {
	toks := g.tokens(p)
	n := 1 + g.r.IntN(2)
	if len(toks) < n+3 {
		return nil
	}
	i := 1 + g.r.IntN(len(toks)-n-1) // not the label, not the last word
	for k := i; k < i+n; k++ {
		if !g.eligible(toks[k]) {
			return nil
		}
	}
	var e *rvEdit
	switch kind {
	case "replace":
		e = newRvEdit(g.base.md, c.reviewer, c.date, true, toks[i].s, g.base.md[toks[i].s:toks[i+n-1].e], bigRvReplace[g.r.IntN(len(bigRvReplace))])
	case "insert":
		e = newRvEdit(g.base.md, c.reviewer, c.date, true, toks[i].e, "", " "+bigRvInsert[g.r.IntN(len(bigRvInsert))])
	case "delete":
		e = newRvEdit(g.base.md, c.reviewer, c.date, true, toks[i-1].e, g.base.md[toks[i-1].e:toks[i+n-1].e], "")
	}
	if !g.ok(e) {
		return nil
	}
	return e
}

// sameWords makes c's reviewer replace the words of e with other words.
func (g *bigReviewGen) sameWords(e *rvEdit, c *rvCopy) *rvEdit {
	for range 20 {
		nw := bigRvReplace[g.r.IntN(len(bigRvReplace))]
		if nw == e.newRaw {
			continue
		}
		f := newRvEdit(g.base.md, c.reviewer, c.date, true, e.rs, e.oldRaw, nw)
		if g.ok(f) {
			return f
		}
	}
	return nil
}

func (g *bigReviewGen) ok(e *rvEdit) bool {
	ej := g.base.editJSON(e)
	return checkWordEdit(words(ej.Paragraph), words(ej.Result), ej.WordIndex, words(ej.Old), words(ej.New)) == nil
}
