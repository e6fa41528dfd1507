package drafting

import (
	"archive/zip"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/sepakat/sepakat"
)

// ContentTypeDocx is the content type of a Word document (.docx).
const ContentTypeDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// Engine is the Word engine of the web service: sepakat.WordEngine on top
// of this package. The zero value reads with DefaultLimits.
//
// Files a user uploads (a draft given to CheckDocx, a reviewer's copy given
// to Extract) are refused with a *sepakat.Error whose message, in Bahasa
// Indonesia, says what is wrong with the file and what to do. Stored
// versions that cannot be read any more are internal errors.
type Engine struct {
	// Limits bounds the cost of reading one document; zero fields mean
	// those of DefaultLimits.
	Limits Limits
}

var _ sepakat.WordEngine = Engine{}

// CheckDocx reads the whole upload as a Word document and returns
// ContentTypeDocx, or the reason to refuse it (see UploadError). When r is
// not an io.ReaderAt it is read into memory (at most size bytes) and
// rewound.
func (e Engine) CheckDocx(r io.ReadSeeker, size int64) (string, error) {
	if size < 0 {
		return "", UploadError(fmt.Errorf("%w: negative size", ErrNotDocx))
	}
	var ra io.ReaderAt
	if x, ok := r.(io.ReaderAt); ok {
		ra = x
	} else {
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return "", fmt.Errorf("check docx: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(r, size))
		if err != nil {
			return "", fmt.Errorf("check docx: %w", err)
		}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return "", fmt.Errorf("check docx: %w", err)
		}
		ra, size = bytes.NewReader(data), int64(len(data))
	}
	if _, err := e.Limits.Read(io.NewSectionReader(ra, 0, size), size); err != nil {
		return "", UploadError(err)
	}
	return ContentTypeDocx, nil
}

// UploadError turns an error of Read about an uploaded file into a
// *sepakat.Error with a message for the user in Bahasa Indonesia: what is
// wrong with the file and what to do. ErrTooLarge gives ETOOLARGE; a legacy
// .doc, a password-protected or macro-enabled document, a file that is no
// Word document at all and one with XML entity declarations give
// EUNSUPPORTED; a damaged document, and any other error, EINVALID. An error
// that already is a *sepakat.Error is returned as it is, nil as nil.
func UploadError(err error) error {
	if err == nil {
		return nil
	}
	var se *sepakat.Error
	if errors.As(err, &se) {
		return err
	}
	switch {
	case errors.Is(err, ErrLegacyDoc):
		return sepakat.Errorf(sepakat.EUNSUPPORTED, "Berkas ini dokumen Word lama (.doc, Word 97–2003), yang tidak dapat dibaca. Buka berkas di Word atau LibreOffice, simpan sebagai .docx (Dokumen Word), lalu unggah kembali.")
	case errors.Is(err, ErrEncrypted):
		return sepakat.Errorf(sepakat.EUNSUPPORTED, "Dokumen Word ini dilindungi kata sandi sehingga isinya tidak dapat dibaca. Hapus kata sandi di Word (File → Info → Lindungi Dokumen → Enkripsi dengan Kata Sandi, kosongkan isiannya), simpan, lalu unggah kembali.")
	case errors.Is(err, ErrMacroEnabled):
		return sepakat.Errorf(sepakat.EUNSUPPORTED, "Berkas ini dokumen Word bermakro (.docm), yang tidak diterima demi keamanan. Simpan sebagai .docx (Dokumen Word) tanpa makro, lalu unggah kembali.")
	case errors.Is(err, ErrTooLarge):
		return sepakat.Errorf(sepakat.ETOOLARGE, "Dokumen Word ini terlalu besar untuk diproses: isinya melebihi batas yang diizinkan. Perkecil gambar atau pisahkan lampiran ke berkas lain, lalu unggah kembali.")
	case errors.Is(err, ErrExternalEntity):
		return sepakat.Errorf(sepakat.EUNSUPPORTED, "Dokumen Word ini memuat deklarasi XML (entitas) yang tidak diizinkan demi keamanan. Buka berkas di Word, simpan ulang sebagai .docx, lalu unggah kembali.")
	case errors.Is(err, ErrNotDocx):
		return sepakat.Errorf(sepakat.EUNSUPPORTED, "Berkas bukan dokumen Word (.docx). Unggah rancangan dalam format .docx: di Word atau LibreOffice pilih Simpan Sebagai → Dokumen Word (.docx).")
	case errors.Is(err, ErrDamaged):
		return sepakat.Errorf(sepakat.EINVALID, "Berkas bukan dokumen Word (.docx) yang utuh: berkas rusak atau terpotong. Buka berkas di Word, simpan ulang sebagai .docx, lalu unggah kembali.")
	}
	return sepakat.Errorf(sepakat.EINVALID, "Dokumen Word ini rusak dan tidak dapat dibaca. Buka berkas di Word, simpan ulang sebagai .docx, lalu unggah kembali.")
}

// readStored reads a stored document (a version or a copy accepted
// earlier); failing that is an internal error.
func (e Engine) readStored(what string, r io.ReaderAt, size int64) (*Document, error) {
	d, err := e.Limits.Read(r, size)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	return d, nil
}

// pageText is text as the pages show it: non-breaking spaces as spaces.
func pageText(s string) string {
	return strings.ReplaceAll(s, "\u00a0", " ")
}

// Paragraphs returns the paragraphs of the draft with tracked changes
// accepted (Document.Paragraphs(Accept)), empty ones included, so that
// Index is the position in that view: the Paragraph of review items.
func (e Engine) Paragraphs(r io.ReaderAt, size int64) ([]sepakat.DraftParagraph, error) {
	d, err := e.readStored("draft", r, size)
	if err != nil {
		return nil, err
	}
	ps := d.Paragraphs(Accept)
	out := make([]sepakat.DraftParagraph, len(ps))
	for i, p := range ps {
		out[i] = sepakat.DraftParagraph{Index: i, Text: pageText(p.Line()), Kind: p.Kind.String(), Pasal: p.Pasal, Ayat: p.Ayat}
	}
	return out, nil
}

// Extract reads a reviewer's copy of base and returns what it holds as
// review items on base, in document order:
//
//   - every comment and reply (Kind comment): Quote the commented text
//     (paragraphs joined by "\n", the later ones with their labels),
//     Paragraph the base paragraph where it starts, Text the remark,
//     AuthorName the comment's author, Resolved when marked done, and for
//     a reply ParentID the 1-based position of its parent in Items.
//     Comments the base itself holds are left out. A comment on text the
//     reviewer inserted is placed where that text was inserted;
//   - every edit of the copy's text relative to base, tracked or not, one
//     item per changed stretch of words: Kind replace, delete or insert,
//     Quote the base words affected (for an insertion, the words around
//     it), Text the proposed words, AuthorName the tracked change's
//     author, or uploader for edits made without Track Changes (uploader
//     empty: the copy's last author). Whole paragraphs deleted or inserted
//     are one item per run of them, the paragraphs' lines joined by "\n";
//     inserted ones are placed at the base paragraph they follow.
//
// Pasal and Ayat are those of the base paragraph. Whitespace-only edits
// and formatting changes are not listed. A copy that cannot be read is
// refused as by CheckDocx, one that is not a copy of base with EINVALID.
func (e Engine) Extract(base, copy io.ReaderAt, baseSize, copySize int64, uploader string) (*sepakat.ExtractedReview, error) {
	bd, err := e.readStored("base version", base, baseSize)
	if err != nil {
		return nil, err
	}
	cd, err := e.Limits.Read(copy, copySize)
	if err != nil {
		return nil, UploadError(err)
	}
	return extract(bd, cd, uploader)
}

// errNotACopy is the user's message for ErrNotACopy.
var errNotACopy = sepakat.Errorf(sepakat.EINVALID, "Berkas ini bukan salinan dari versi yang sedang ditinjau: isinya berbeda dari rancangan. Unduh versi tersebut, beri usulan dan komentar pada berkas itu, lalu unggah kembali.")

// extractItem is an item being extracted, with its place for sorting and
// its thread.
type extractItem struct {
	in      sepakat.ReviewInput
	para    int
	pos     int
	seq     int // order of creation, for ties
	comment *mergedComment
	replies []*extractItem
}

func extract(base, cp *Document, uploader string) (*sepakat.ExtractedReview, error) {
	basePs := base.Paragraphs(Accept)
	a := analyseCopy(basePs, ReviewCopy{Doc: cp, Author: uploader}, 0)
	if a.err != nil {
		if errors.Is(a.err, ErrNotACopy) {
			return nil, errNotACopy
		}
		return nil, fmt.Errorf("extract review: %w", a.err)
	}
	at := func(bi int) (pasal, ayat int) {
		if bi >= 0 && bi < len(basePs) {
			return basePs[bi].Pasal, basePs[bi].Ayat
		}
		return 0, 0
	}
	var items []*extractItem
	seq := 0
	next := func() int { seq++; return seq }
	add := func(kind sepakat.ReviewKind, bi, pos int, quote, text, author string) {
		pasal, ayat := at(bi)
		items = append(items, &extractItem{para: bi, pos: pos, seq: next(), in: sepakat.ReviewInput{
			Kind: kind, Quote: pageText(quote), Paragraph: bi, Pasal: pasal, Ayat: ayat, Text: pageText(text), AuthorName: author,
		}})
	}

	// Edits inside base paragraphs.
	for _, bi := range sortedKeys(a.edits) {
		t := basePs[bi].Text(Accept)
		for _, ed := range a.edits[bi] {
			end, text := closeBrackets(t, ed.start, ed.end, ed.text)
			quote, text := strings.TrimSpace(t[ed.start:end]), strings.TrimSpace(text)
			switch {
			case quote == "" && text == "":
				continue // white space only
			case quote == "":
				add(sepakat.ReviewInsert, bi, ed.start, wordsAround(t, ed.start, 2, 2), text, ed.author)
			case text == "":
				add(sepakat.ReviewDelete, bi, ed.start, quote, "", ed.author)
			default:
				add(sepakat.ReviewReplace, bi, ed.start, quote, text, ed.author)
			}
		}
	}

	// Whole paragraphs deleted: a run of consecutive ones by one author is
	// one item.
	dels := sortedKeys(a.deleted)
	for k := 0; k < len(dels); {
		first, author := dels[k], a.deleted[dels[k]].author
		var lines []string
		for ; k < len(dels) && dels[k] == first+len(lines) && a.deleted[dels[k]].author == author; k++ {
			if l := strings.TrimSpace(basePs[dels[k]].Line()); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			add(sepakat.ReviewDelete, first, -1, strings.Join(lines, "\n"), "", author)
		}
	}

	// Whole paragraphs inserted, placed at the base paragraph they follow
	// (or, at the very start, the one they precede).
	for _, gap := range sortedKeys(a.inserted) {
		ins := a.inserted[gap]
		bi, pos, quote := insertionPlace(basePs, gap)
		for k := 0; k < len(ins); {
			author := ins[k].author
			var lines []string
			for ; k < len(ins) && ins[k].author == author; k++ {
				if l := strings.TrimSpace(ins[k].p.Line()); l != "" {
					lines = append(lines, l)
				}
			}
			if len(lines) > 0 {
				add(sepakat.ReviewInsert, bi, pos, quote, strings.Join(lines, "\n"), author)
			}
		}
	}

	// Comments, as threads; those the base holds already (same author,
	// date and text, wherever they stand now) are not the reviewer's.
	type key struct{ author, date, text string }
	inBase := make(map[key]bool, len(base.Comments))
	for _, c := range base.Comments {
		inBase[key{c.Author, c.Date, c.Text}] = true
	}
	byComment := make(map[*mergedComment]*extractItem)
	for _, mc := range a.comments {
		if inBase[key{mc.Author, mc.Date, mc.Text}] {
			continue
		}
		bi, pos, quote, found := commentPlaceInBase(basePs, mc)
		if !found {
			bi, pos, quote = unanchoredPlace(basePs, a.inserted, mc, bi)
		}
		author := mc.Author
		if author == "" {
			author = copyAuthor(ReviewCopy{Doc: cp, Author: uploader}, 0)
		}
		pasal, ayat := at(bi)
		it := &extractItem{para: max(bi, 0), pos: pos, seq: next(), comment: mc, in: sepakat.ReviewInput{
			Kind: sepakat.ReviewComment, Quote: pageText(quote), Paragraph: max(bi, 0), Pasal: pasal, Ayat: ayat,
			Text: pageText(mc.Text), AuthorName: author, Resolved: mc.Done,
		}}
		byComment[mc] = it
	}
	// Replies go under the nearest ancestor that is listed; a reply whose
	// parents lead back to itself (only a hostile file has one) is
	// top-level.
	parentOf := make(map[*extractItem]*extractItem)
	under := func(x, anc *extractItem) bool {
		for n := 0; x != nil && n <= len(byComment); x, n = parentOf[x], n+1 {
			if x == anc {
				return true
			}
		}
		return false
	}
	for _, mc := range a.comments {
		it := byComment[mc]
		if it == nil {
			continue
		}
		p := mc.parent
		for seen := 0; p != nil && byComment[p] == nil && seen < len(a.comments); seen++ {
			p = p.parent
		}
		if pi := byComment[p]; p != nil && pi != nil && !under(pi, it) {
			pi.replies = append(pi.replies, it)
			parentOf[it] = pi
			continue
		}
		items = append(items, it)
	}

	slices.SortStableFunc(items, func(x, y *extractItem) int {
		return cmp.Or(cmp.Compare(x.para, y.para), cmp.Compare(x.pos, y.pos), cmp.Compare(x.seq, y.seq))
	})
	out := &sepakat.ExtractedReview{Items: []sepakat.ReviewInput{}}
	var walk func(it *extractItem, parent int, depth int)
	walk = func(it *extractItem, parent int, depth int) {
		in := it.in
		in.ParentID = int64(parent)
		out.Items = append(out.Items, in)
		self := len(out.Items)
		for _, r := range it.replies {
			if depth < maxReplyDepth {
				walk(r, self, depth+1)
			}
		}
	}
	for _, it := range items {
		walk(it, 0, 0)
	}
	return out, nil
}

// closeBrackets extends an edit of the bytes [start, end) of t by the
// closing brackets that follow it in t, as long as the replaced text opens
// more than it closes: the diff leaves a ")" both versions share outside
// the edit, so "30 (tiga puluh" → "14 (empat belas" is read as
// "30 (tiga puluh)" → "14 (empat belas)". The shared brackets are added to
// the new text too.
func closeBrackets(t string, start, end int, text string) (int, string) {
	if start == end {
		return end, text
	}
	for _, br := range [][2]string{{"(", ")"}, {"[", "]"}, {"“", "”"}} {
		for strings.Count(t[start:end], br[0]) > strings.Count(t[start:end], br[1]) && strings.HasPrefix(t[end:], br[1]) {
			end += len(br[1])
			text += br[1]
		}
	}
	return end, text
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// insertionPlace returns where paragraphs inserted before base paragraph
// gap are placed: the last non-empty base paragraph before them and its
// last words, or, when there is none, the first non-empty one after them
// and its first words.
func insertionPlace(basePs []*Paragraph, gap int) (bi, pos int, quote string) {
	for i := min(gap, len(basePs)) - 1; i >= 0; i-- {
		if t := basePs[i].Text(Accept); strings.TrimSpace(t) != "" {
			return i, math.MaxInt, wordsAround(t, len(t), 4, 0)
		}
	}
	for i := max(gap, 0); i < len(basePs); i++ {
		if t := basePs[i].Text(Accept); strings.TrimSpace(t) != "" {
			return i, -1, wordsAround(t, 0, 0, 4)
		}
	}
	return 0, -1, ""
}

// wordsAround returns the text of up to before words before byte offset
// pos of t and up to after words after it, spaces at the ends trimmed.
func wordsAround(t string, pos, before, after int) string {
	toks := tokenize(t)
	start, end := pos, pos
	n := 0
	for i := len(toks) - 1; i >= 0 && n < before; i-- {
		if toks[i].end > pos {
			continue
		}
		start = toks[i].start
		if toks[i].word {
			n++
		}
	}
	n = 0
	for i := 0; i < len(toks) && n < after; i++ {
		if toks[i].start < pos {
			continue
		}
		end = toks[i].end
		if toks[i].word {
			n++
		}
	}
	return strings.TrimSpace(t[start:end])
}

// commentPlaceInBase returns the base paragraph where a copy's comment
// starts (-1 if it is not anchored in the base), the byte offset there,
// and its quote: the commented text, over several paragraphs their lines
// joined by "\n" (the first from where the comment starts, the last up to
// where it ends). found is false when the comment is not anchored in the
// base, or its text is not found there (it is on text the reviewer
// inserted).
func commentPlaceInBase(basePs []*Paragraph, mc *mergedComment) (bi, pos int, quote string, found bool) {
	bi = mc.anchorP
	if bi < 0 || bi >= len(basePs) {
		return -1, 0, "", false
	}
	// A reply without a range of its own quotes its parent's text.
	anchor := mc.Anchor
	for p, n := mc.parent, 0; strings.TrimSpace(anchor) == "" && p != nil && n < maxReplyDepth; p, n = p.parent, n+1 {
		anchor = p.Anchor
	}
	head := strings.Fields(squash(anchor))
	found = strings.Contains(squash(basePs[bi].Line()), strings.Join(head[:min(len(head), 4)], " "))
	endP := min(max(mc.endP, bi), len(basePs)-1)
	first, last := basePs[bi].Text(Accept), basePs[endP].Text(Accept)
	if endP == bi {
		s, e := locateQuote(first, first, anchor, true)
		if strings.TrimSpace(anchor) == "" {
			return bi, s, "", found
		}
		return bi, s, strings.TrimSpace(first[s:e]), found
	}
	s, e := locateQuote(first, last, anchor, false)
	lines := []string{strings.TrimSpace(first[s:])}
	for i := bi + 1; i < endP; i++ {
		lines = append(lines, strings.TrimSpace(basePs[i].Line()))
	}
	line := basePs[endP].Line()
	if strings.HasSuffix(line, last) {
		lines = append(lines, strings.TrimSpace(line[:len(line)-len(last)+e]))
	} else {
		lines = append(lines, strings.TrimSpace(last[:e]))
	}
	lines = slices.DeleteFunc(lines, func(l string) bool { return l == "" })
	return bi, s, strings.Join(lines, "\n"), found
}

// unanchoredPlace places a comment of the copy whose text is not in the
// base: on text the reviewer inserted, at the place of that insertion;
// otherwise in the first base paragraph holding its quote, or without a
// quote in base paragraph at (the first if at is out of range).
func unanchoredPlace(basePs []*Paragraph, inserted map[int][]insertedPara, mc *mergedComment, at int) (bi, pos int, quote string) {
	// The comment's own range, or that of the comment it replies to.
	var ids []string
	for p, n := mc, 0; p != nil && n < maxReplyDepth; p, n = p.parent, n+1 {
		ids = append(ids, p.ID)
	}
	for _, gap := range sortedKeys(inserted) {
		for _, ip := range inserted[gap] {
			if slices.ContainsFunc(ip.p.Comments, func(id string) bool { return slices.Contains(ids, id) }) {
				return insertionPlace(basePs, gap)
			}
		}
	}
	if q := squash(mc.Anchor); q != "" {
		for i, p := range basePs {
			if line := p.Line(); strings.Contains(squash(line), q) {
				s, e := quoteRange(line, "", q)
				return i, s, line[s:e]
			}
		}
	}
	if at < 0 || at >= len(basePs) {
		at = 0
	}
	return at, 0, ""
}

// Diff compares two versions (tracked changes accepted in both) and
// writes the comparison as format "json" (Comparison.WriteJSON), "html"
// (WriteHTML) or "docx" (WriteDocx: a redline with tracked changes under
// the new version's last author). Another format is EINVALID.
func (e Engine) Diff(old, new io.ReaderAt, oldSize, newSize int64, oldName, newName, format string, w io.Writer) error {
	switch format {
	case "json", "html", "docx":
	default:
		return sepakat.Errorf(sepakat.EINVALID, "Format perbandingan tidak dikenal: %q. Pilih json, html, atau docx.", format)
	}
	od, err := e.readStored("old version", old, oldSize)
	if err != nil {
		return err
	}
	nd, err := e.readStored("new version", new, newSize)
	if err != nil {
		return err
	}
	od.Name, nd.Name = oldName, newName
	c := Compare(od, nd)
	switch format {
	case "json":
		err = c.WriteJSON(w)
	case "html":
		err = c.WriteHTML(w)
	default:
		err = c.WriteDocx(w, DocxOptions{})
	}
	if err != nil {
		return fmt.Errorf("write %s comparison: %w", format, err)
	}
	return nil
}

// Combine merges the reviewers' copies into base (see the package's
// Combine: edits as tracked changes under each reviewer, conflicts side by
// side, the copies' comments) and adds the comments written in the pages:
// the items of comments with UploadID 0 and Kind comment, anchored on their
// Paragraph and Quote, replies threaded by ParentID. The merged .docx is
// written to w. A copy that is not a copy of base is EINVALID.
func (e Engine) Combine(base io.ReaderAt, baseSize int64, copies []sepakat.CopySource, comments []*sepakat.ReviewItem, w io.Writer) error {
	bd, err := e.readStored("base version", base, baseSize)
	if err != nil {
		return err
	}
	rcs := make([]ReviewCopy, len(copies))
	for i, c := range copies {
		d, err := e.readStored(fmt.Sprintf("copy %d (%s)", i+1, c.Author), c.R, c.Size)
		if err != nil {
			return err
		}
		rcs[i] = ReviewCopy{Doc: d, Author: c.Author}
	}
	cm, err := Combine(bd, rcs)
	if err != nil {
		if errors.Is(err, ErrNotACopy) {
			who := ""
			for i, rc := range rcs {
				if strings.HasPrefix(err.Error(), copyName(rc, i)+":") {
					who = " dari " + rc.Author
				}
			}
			return sepakat.Errorf(sepakat.EINVALID, "Berkas%s bukan salinan dari versi yang digabungkan: isinya berbeda dari rancangan. Keluarkan berkas itu dari penggabungan.", who)
		}
		return fmt.Errorf("combine: %w", err)
	}
	cm.AddComments(pageComments(comments))
	if err := cm.WriteDocx(w, time.Now()); err != nil {
		return fmt.Errorf("combine: %w", err)
	}
	return nil
}

// pageComments turns the comments written in the pages into
// ExtraComments, every parent before its replies; a reply whose parent is
// not among them becomes a top-level comment.
func pageComments(items []*sepakat.ReviewItem) []ExtraComment {
	var page []*sepakat.ReviewItem
	ids := make(map[int64]bool)
	for _, it := range items {
		if it != nil && it.UploadID == 0 && it.Kind == sepakat.ReviewComment {
			page = append(page, it)
			ids[it.ID] = true
		}
	}
	out := make([]ExtraComment, 0, len(page))
	index := make(map[int64]int, len(page))
	done := make([]bool, len(page))
	for left := len(page); left > 0; {
		progress := false
		for i, it := range page {
			if done[i] {
				continue
			}
			parent := -1
			if it.ParentID != 0 && ids[it.ParentID] && it.ParentID != it.ID {
				k, ok := index[it.ParentID]
				if !ok {
					continue // the parent first
				}
				parent = k
			}
			x := ExtraComment{Author: it.AuthorName, Text: it.Text, Paragraph: it.Paragraph, Quote: it.Quote, Parent: parent, Done: it.Resolved}
			if !it.CreatedAt.IsZero() {
				x.Date = it.CreatedAt.UTC().Format(time.RFC3339)
			}
			index[it.ID] = len(out)
			out = append(out, x)
			done[i], progress = true, true
			left--
		}
		if !progress {
			// A loop of parents: break it at its first member.
			for i := range page {
				if !done[i] {
					ids[page[i].ParentID] = false
					break
				}
			}
		}
	}
	return out
}

// Carry returns the CarryForward from version old to version new: the
// paragraphs of both (tracked changes accepted) are aligned as Compare
// aligns them, and an item of old is carried to the new paragraph its
// paragraph became when that paragraph still holds the item's quote (its
// first line, compared with white space collapsed), or else to the first
// paragraph of the same Pasal in new (renumbered or not) that holds it,
// the nearest when several do. An item without a quote is carried by its
// paragraph alone. Anything else is gone: ok is false and the item
// becomes outdated.
func (e Engine) Carry(old, new io.ReaderAt, oldSize, newSize int64) (sepakat.CarryForward, error) {
	od, err := e.readStored("old version", old, oldSize)
	if err != nil {
		return nil, err
	}
	nd, err := e.readStored("new version", new, newSize)
	if err != nil {
		return nil, err
	}
	return carry(od.Paragraphs(Accept), nd.Paragraphs(Accept)), nil
}

func carry(oldPs, newPs []*Paragraph) sepakat.CarryForward {
	c := CompareParagraphs(oldPs, newPs)
	oldIndex := make(map[*Paragraph]int, len(oldPs))
	for i, p := range oldPs {
		oldIndex[p] = i
	}
	newIndex := make(map[*Paragraph]int, len(newPs))
	for i, p := range newPs {
		newIndex[p] = i
	}
	to := make([]int, len(oldPs))
	for i := range to {
		to[i] = -1
	}
	for _, st := range c.steps {
		if st.op == OpEqual && st.old != nil && st.new != nil && !st.ghost {
			to[oldIndex[st.old]] = newIndex[st.new]
		}
	}
	pasalTo := map[int]int{0: 0}
	for _, p := range c.Pasal {
		if p.Old > 0 && p.New > 0 {
			pasalTo[p.Old] = p.New
		}
	}
	lines := make([]string, len(newPs))
	for i, p := range newPs {
		lines[i] = squash(p.Line())
	}
	return func(item *sepakat.ReviewItem) (paragraph, pasal, ayat int, ok bool) {
		if item == nil {
			return 0, 0, 0, false
		}
		quote, _, _ := strings.Cut(strings.TrimSpace(item.Quote), "\n")
		quote = squash(quote)
		found := func(ni int) (int, int, int, bool) {
			return ni, newPs[ni].Pasal, newPs[ni].Ayat, true
		}
		oldPasal, ni := item.Pasal, -1
		if i := item.Paragraph; i >= 0 && i < len(oldPs) {
			oldPasal, ni = oldPs[i].Pasal, to[i]
		}
		if ni >= 0 && (quote == "" || strings.Contains(lines[ni], quote)) {
			return found(ni)
		}
		if quote == "" {
			return 0, 0, 0, false
		}
		newPasal, kept := pasalTo[oldPasal]
		if !kept {
			return 0, 0, 0, false
		}
		// Near where the paragraph was: its new place, or that of the
		// nearest aligned paragraph before it.
		near := ni
		for i := min(item.Paragraph, len(oldPs)-1); near < 0 && i >= 0; i-- {
			near = to[i]
		}
		best := -1
		for k, p := range newPs {
			if p.Pasal != newPasal || !strings.Contains(lines[k], quote) {
				continue
			}
			if best < 0 || abs(k-near) < abs(best-near) {
				best = k
			}
		}
		if best < 0 {
			return 0, 0, 0, false
		}
		return found(best)
	}
}

// squash collapses white space (non-breaking spaces included) to single
// spaces and trims the ends.
func squash(s string) string {
	return strings.Join(strings.Fields(pageText(s)), " ")
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// The response matrix is set on A4 landscape with 2 cm margins: 14,570
// twips of text width, shared by its six columns.
var matrixColumns = []struct {
	title string
	width int // twips
}{
	{"No", 700},
	{"Pasal/Ayat", 1600},
	{"Usulan", 5000},
	{"Pengusul", 2000},
	{"Tanggapan", 3570},
	{"Status", 1700},
}

// ResponseMatrix writes the matriks tanggapan as a .docx (A4 landscape):
// the heading "MATRIKS TANGGAPAN", the title line, and a table with, for
// each review item in the order of its paragraph, its number, Pasal and
// ayat ("Umum" outside any Pasal), the proposal (for an edit the quoted
// words and the proposed ones, for a comment the quote and the remark,
// replies below), the proposer, the response note and the status
// (diterima, ditolak, diakomodasi sebagian, or belum ditanggapi). Replies
// whose parent is listed are shown under it, not as rows of their own.
func (e Engine) ResponseMatrix(title string, items []*sepakat.ReviewItem, w io.Writer) error {
	var rows []*sepakat.ReviewItem
	listed := make(map[int64]bool)
	for _, it := range items {
		if it != nil {
			listed[it.ID] = true
		}
	}
	replies := make(map[int64][]*sepakat.ReviewItem)
	for _, it := range items {
		switch {
		case it == nil:
		case it.ParentID != 0 && it.ParentID != it.ID && listed[it.ParentID]:
			replies[it.ParentID] = append(replies[it.ParentID], it)
		default:
			rows = append(rows, it)
		}
	}
	slices.SortStableFunc(rows, func(a, b *sepakat.ReviewItem) int { return cmp.Compare(a.Paragraph, b.Paragraph) })

	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="` + uriWordTransitional + `"><w:body>`)
	matrixPara(&b, "MATRIKS TANGGAPAN", `<w:jc w:val="center"/>`, `<w:b/><w:sz w:val="28"/>`)
	if strings.TrimSpace(title) != "" {
		matrixPara(&b, title, `<w:jc w:val="center"/>`, `<w:b/>`)
	}
	matrixPara(&b, "", "", "")

	total := 0
	for _, c := range matrixColumns {
		total += c.width
	}
	fmt.Fprintf(&b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders>`, total)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(&b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, c := range matrixColumns {
		fmt.Fprintf(&b, `<w:gridCol w:w="%d"/>`, c.width)
	}
	b.WriteString(`</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>`)
	for _, c := range matrixColumns {
		matrixCell(&b, c.width, `<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>`, `<w:jc w:val="center"/>`, `<w:b/>`, c.title)
	}
	b.WriteString(`</w:tr>`)
	for n, it := range rows {
		cells := [][]string{
			{fmt.Sprint(n + 1)},
			{placeLabel(it.Pasal, it.Ayat)},
			proposalLines(it, replies[it.ID]),
			{it.AuthorName},
			{""},
			{"belum ditanggapi"},
		}
		if r := it.Response; r != nil {
			cells[4] = strings.Split(r.Note, "\n")
			if r.Status != "" {
				cells[5] = []string{string(r.Status)}
			}
		}
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for k, c := range matrixColumns {
			align := ""
			if k == 0 {
				align = `<w:jc w:val="center"/>`
			}
			matrixCell(&b, c.width, "", align, "", cells[k]...)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	if len(rows) == 0 {
		matrixPara(&b, "Belum ada usulan atau komentar.", "", "")
	} else {
		matrixPara(&b, "", "", "")
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>` +
		`<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)

	var core bytes.Buffer
	core.WriteString(xmlHeader)
	core.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>`)
	escapeText(&core, strings.TrimSpace("Matriks Tanggapan "+title))
	core.WriteString(`</dc:title><dc:creator>Sepakat</dc:creator><cp:lastModifiedBy>Sepakat</cp:lastModifiedBy></cp:coreProperties>`)

	parts := []pkgFile{
		{"[Content_Types].xml", []byte(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
			`</Types>`)},
		{"_rels/.rels", []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`</Relationships>`)},
		{"word/document.xml", b.Bytes()},
		{"word/_rels/document.xml.rels", []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`</Relationships>`)},
		{"word/styles.xml", []byte(xmlHeader + `<w:styles xmlns:w="` + uriWordTransitional + `">` +
			`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial" w:eastAsia="Arial"/>` +
			`<w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="id-ID"/></w:rPr></w:rPrDefault>` +
			`<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
			`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
			`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
			`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
			`</w:styles>`)},
		{"docProps/core.xml", core.Bytes()},
	}
	zw := zip.NewWriter(w)
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Deflate})
		if err == nil {
			_, err = fw.Write(p.Data)
		}
		if err != nil {
			return fmt.Errorf("write response matrix: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write response matrix: %w", err)
	}
	return nil
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// matrixPara writes one paragraph with the given raw paragraph and run
// properties (without their w:pPr and w:rPr elements).
func matrixPara(b *bytes.Buffer, text, pPr, rPr string) {
	b.WriteString(`<w:p>`)
	if pPr != "" {
		b.WriteString(`<w:pPr>` + pPr + `</w:pPr>`)
	}
	if text != "" {
		b.WriteString(`<w:r>`)
		if rPr != "" {
			b.WriteString(`<w:rPr>` + rPr + `</w:rPr>`)
		}
		b.WriteString(`<w:t xml:space="preserve">`)
		escapeText(b, strings.ReplaceAll(text, "\t", " "))
		b.WriteString(`</w:t></w:r>`)
	}
	b.WriteString(`</w:p>`)
}

// matrixCell writes a table cell holding one paragraph per line (at least
// one paragraph, as Word requires).
func matrixCell(b *bytes.Buffer, width int, tcPr, pPr, rPr string, lines ...string) {
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>%s</w:tcPr>`, width, tcPr)
	if len(lines) == 0 {
		lines = []string{""}
	}
	for _, l := range lines {
		matrixPara(b, l, pPr, rPr)
	}
	b.WriteString(`</w:tc>`)
}

// placeLabel names a place in the document: "Pasal 3 ayat (2)", "Pasal 3",
// or "Umum" outside any Pasal.
func placeLabel(pasal, ayat int) string {
	switch {
	case pasal <= 0:
		return "Umum"
	case ayat <= 0:
		return fmt.Sprintf("Pasal %d", pasal)
	}
	return fmt.Sprintf("Pasal %d ayat (%d)", pasal, ayat)
}

// proposalLines is the Usulan cell of an item: what it quotes and what it
// proposes, one paragraph per line, then its replies.
func proposalLines(it *sepakat.ReviewItem, replies []*sepakat.ReviewItem) []string {
	quoted := func(s string) string { return "“" + strings.TrimSpace(s) + "”" }
	var out []string
	lines := func(prefix, s string) {
		for i, l := range strings.Split(strings.TrimSpace(s), "\n") {
			if i == 0 {
				l = prefix + l
			}
			out = append(out, l)
		}
	}
	q := strings.TrimSpace(it.Quote)
	switch it.Kind {
	case sepakat.ReviewReplace:
		lines("Semula: ", quoted(q))
		lines("Menjadi: ", quoted(it.Text))
	case sepakat.ReviewInsert:
		lines("Tambahkan: ", quoted(it.Text))
		if q != "" {
			lines("Pada: ", quoted(q))
		}
	case sepakat.ReviewDelete:
		lines("Hapus: ", quoted(q))
	case sepakat.ReviewFormat:
		lines("Ubah format: ", quoted(q))
		if t := strings.TrimSpace(it.Text); t != "" {
			lines("", t)
		}
	default:
		if q != "" {
			lines("", quoted(q))
		}
		lines("", it.Text)
	}
	if it.Outdated {
		out = append(out, "(Bagian yang dikutip sudah berubah pada versi ini.)")
	}
	for _, r := range replies {
		lines("Balasan "+r.AuthorName+": ", r.Text)
	}
	return out
}
