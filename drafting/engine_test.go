package drafting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
)

// fixtureBytes returns a file of testdata/drafting.
func fixtureBytes(tb testing.TB, elem ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(testtool.Testdata(tb, append([]string{"drafting"}, elem...)...))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// onlyReadSeeker hides the io.ReaderAt of a bytes.Reader.
type onlyReadSeeker struct{ io.ReadSeeker }

func TestEngineCheckDocx(t *testing.T) {
	cases := []struct {
		file   string
		limits Limits
		code   string
		says   []string // in the message, case-insensitive
	}{
		{file: "pks-v1.docx"},
		{file: "pks-lo-v1.docx"},
		{file: "strict.docx"},
		{file: "review/copy-bappeda.docx"},
		{file: "legacy.doc", code: sepakat.EUNSUPPORTED, says: []string{"Word lama (.doc", "simpan sebagai .docx"}},
		{file: "legacy-as-docx.docx", code: sepakat.EUNSUPPORTED, says: []string{"Word lama (.doc", "simpan sebagai .docx"}},
		{file: "encrypted.docx", code: sepakat.EUNSUPPORTED, says: []string{"dilindungi kata sandi", "hapus kata sandi"}},
		{file: "macro.docm", code: sepakat.EUNSUPPORTED, says: []string{".docm", "simpan sebagai .docx", "tanpa makro"}},
		{file: "notzip.docx", code: sepakat.EUNSUPPORTED, says: []string{"Berkas bukan dokumen Word (.docx)"}},
		{file: "truncated.docx", code: sepakat.EINVALID, says: []string{"Berkas bukan dokumen Word (.docx)", "rusak", "simpan ulang"}},
		{file: "badxml.docx", code: sepakat.EINVALID, says: []string{"rusak"}},
		{file: "nomain.docx", code: sepakat.EINVALID, says: []string{"rusak"}},
		{file: "entity.docx", code: sepakat.EUNSUPPORTED, says: []string{"entitas"}},
		{file: "pks-v1.docx", limits: Limits{MaxTotalSize: 10 << 10}, code: sepakat.ETOOLARGE, says: []string{"terlalu besar"}},
	}
	for _, tc := range cases {
		data := fixtureBytes(t, strings.Split(tc.file, "/")...)
		e := Engine{Limits: tc.limits}
		for _, via := range []string{"ReaderAt", "ReadSeeker"} {
			var r io.ReadSeeker = bytes.NewReader(data)
			if via == "ReadSeeker" {
				r = onlyReadSeeker{r}
				r.Seek(7, io.SeekStart) // wherever the caller left it
			}
			ct, err := e.CheckDocx(r, int64(len(data)))
			if got := sepakat.ErrorCode(err); got != tc.code {
				t.Errorf("%s via %s: code %q (%v), want %q", tc.file, via, got, err, tc.code)
				continue
			}
			if tc.code == "" {
				if ct != ContentTypeDocx {
					t.Errorf("%s: content type %q", tc.file, ct)
				}
			} else if ct != "" {
				t.Errorf("%s: content type %q with an error", tc.file, ct)
			}
			msg := sepakat.ErrorMessage(err)
			for _, s := range tc.says {
				if !strings.Contains(strings.ToLower(msg), strings.ToLower(s)) {
					t.Errorf("%s: message %q does not say %q", tc.file, msg, s)
				}
			}
			if via == "ReadSeeker" {
				if pos, _ := r.Seek(0, io.SeekCurrent); pos != 0 {
					t.Errorf("%s: reader left at %d, want rewound", tc.file, pos)
				}
			}
		}
	}
}

func TestUploadErrorKeepsDomainErrors(t *testing.T) {
	orig := sepakat.Errorf(sepakat.ECONFLICT, "x")
	if got := UploadError(orig); got != orig {
		t.Errorf("UploadError(%v) = %v", orig, got)
	}
	if UploadError(nil) != nil {
		t.Error("UploadError(nil) != nil")
	}
	if got := sepakat.ErrorCode(UploadError(io.ErrUnexpectedEOF)); got != sepakat.EINVALID {
		t.Errorf("other error: code %q, want invalid", got)
	}
}

func TestEngineParagraphs(t *testing.T) {
	data := fixtureBytes(t, "pks-v1.docx")
	ps, err := Engine{}.Paragraphs(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	doc := mustRead(t, data)
	if n := len(doc.Paragraphs(Accept)); len(ps) != n {
		t.Fatalf("%d paragraphs, want %d (empty ones included)", len(ps), n)
	}
	var lines []string
	for i, p := range ps {
		if p.Index != i {
			t.Fatalf("paragraph %d has index %d", i, p.Index)
		}
		if l := strings.Join(strings.Fields(p.Text), " "); l != "" {
			lines = append(lines, l)
		}
	}
	want := strings.TrimSuffix(string(fixtureBytes(t, "pks-v1.accept.txt")), "\n")
	if got := strings.Join(lines, "\n"); got != want {
		t.Errorf("texts differ from pks-v1.accept.txt:\n%s", testtool.FirstLineDiff(want, got))
	}
	find := func(prefix string) sepakat.DraftParagraph {
		for _, p := range ps {
			if strings.HasPrefix(p.Text, prefix) {
				return p
			}
		}
		t.Fatalf("no paragraph starts with %q", prefix)
		return sepakat.DraftParagraph{}
	}
	for _, c := range []struct {
		prefix      string
		kind        string
		pasal, ayat int
	}{
		{"BAB III", "bab", 0, 0},
		{"Pasal 12", "pasal", 12, 0},
		{"(2) Pihak yang mengalami", "ayat", 12, 2},
		{"b. pembangunan, pengujian", "huruf", 3, 0},
		{"Demikian Perjanjian", "text", 15, 2},
	} {
		if p := find(c.prefix); p.Kind != c.kind || p.Pasal != c.pasal || p.Ayat != c.ayat {
			t.Errorf("%q: %+v, want kind %s Pasal %d ayat %d", c.prefix, p, c.kind, c.pasal, c.ayat)
		}
	}

	// Non-breaking spaces read as spaces.
	nb := simpleDocx(t, []string{"Pasal\u00a01", "(1)\u00a0Rp\u00a0500.000.000,00 dibayar."})
	ps, err = Engine{}.Paragraphs(bytes.NewReader(nb), int64(len(nb)))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[1].Text != "(1) Rp 500.000.000,00 dibayar." || ps[1].Pasal != 1 || ps[1].Ayat != 1 {
		t.Errorf("paragraphs with non-breaking spaces: %+v", ps)
	}
}

// extract runs Engine.Extract on two files of testdata/drafting/review.
func extractFixture(t testing.TB, base, copy, uploader string) (*sepakat.ExtractedReview, error) {
	b, c := fixtureBytes(t, "review", base), fixtureBytes(t, "review", copy)
	return Engine{}.Extract(bytes.NewReader(b), bytes.NewReader(c), int64(len(b)), int64(len(c)), uploader)
}

// expectedCopy is what review/NAME.expected.json says a copy holds.
type expectedCopy struct {
	Edits []struct {
		Author    string `json:"author"`
		Tracked   bool   `json:"tracked"`
		Kind      string `json:"kind"`
		Pasal     int    `json:"pasal"`
		Old       string `json:"old"`
		New       string `json:"new"`
		Paragraph string `json:"paragraph"`
	} `json:"edits"`
	Comments []struct {
		ID     string `json:"id"`
		Author string `json:"author"`
		Text   string `json:"text"`
		Quote  string `json:"quote"`
		Pasal  int    `json:"pasal"`
		Label  string `json:"label"`
		Parent string `json:"parent"`
	} `json:"comments"`
}

// TestEngineExtract checks every reviewer copy against its expected
// results: one item per edit and per comment, with the base paragraph,
// Pasal, author, quote and proposed text; replies pointing at their
// parents; untracked edits under the uploader's name.
func TestEngineExtract(t *testing.T) {
	const uploader = "Budi Santoso (pengunggah)"
	base := fixtureBytes(t, "review", "base.docx")
	paras, err := Engine{}.Paragraphs(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"copy-dinas-kominfo", "copy-bagian-hukum", "copy-unmul", "copy-bappeda", "copy-untracked", "copy-lo"} {
		t.Run(name, func(t *testing.T) {
			var want expectedCopy
			if err := json.Unmarshal(fixtureBytes(t, "review", name+".expected.json"), &want); err != nil {
				t.Fatal(err)
			}
			got, err := extractFixture(t, "base.docx", name+".docx", uploader)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Items) != len(want.Edits)+len(want.Comments) {
				t.Errorf("%d items, want %d edits and %d comments:\n%s", len(got.Items), len(want.Edits), len(want.Comments), itemsString(got.Items))
			}
			used := make([]bool, len(got.Items))
			take := func(what string, match func(it sepakat.ReviewInput) bool) int {
				for i, it := range got.Items {
					if !used[i] && match(it) {
						used[i] = true
						return i
					}
				}
				t.Errorf("no item for %s in:\n%s", what, itemsString(got.Items))
				return -1
			}
			for _, e := range want.Edits {
				author := e.Author
				if !e.Tracked {
					author = uploader
				}
				i := take(e.Kind+" "+e.Old+" → "+e.New, func(it sepakat.ReviewInput) bool {
					if string(it.Kind) != e.Kind || it.Pasal != e.Pasal || it.AuthorName != author || it.Text != e.New {
						return false
					}
					line := strings.Join(strings.Fields(paras[it.Paragraph].Text), " ")
					if line != e.Paragraph {
						return false
					}
					if e.Kind == "insert" {
						return it.Quote != "" && strings.Contains(line, it.Quote)
					}
					return it.Quote == e.Old
				})
				if i >= 0 && got.Items[i].ParentID != 0 {
					t.Errorf("edit %+v has a parent", got.Items[i])
				}
			}
			pos := map[string]int{}
			for _, c := range want.Comments {
				i := take("comment "+c.ID, func(it sepakat.ReviewInput) bool {
					p := paras[it.Paragraph]
					return it.Kind == sepakat.ReviewComment && it.Text == c.Text && it.AuthorName == c.Author &&
						it.Quote == c.Quote && it.Pasal == c.Pasal && strings.HasPrefix(p.Text, c.Label+" ") && !it.Resolved
				})
				pos[c.ID] = i + 1
			}
			for _, c := range want.Comments {
				it := got.Items[max(pos[c.ID]-1, 0)]
				if c.Parent == "" && it.ParentID != 0 || c.Parent != "" && it.ParentID != int64(pos[c.Parent]) {
					t.Errorf("comment %s: ParentID %d, want the position of comment %q (%d)", c.ID, it.ParentID, c.Parent, pos[c.Parent])
				}
			}
			// Every quote stands in the text of its paragraph as the pages
			// show it (a quote over several paragraphs: its first line).
			for _, it := range got.Items {
				first, _, _ := strings.Cut(it.Quote, "\n")
				if !strings.Contains(paras[it.Paragraph].Text, first) {
					t.Errorf("quote %q not in paragraph %d %q", it.Quote, it.Paragraph, paras[it.Paragraph].Text)
				}
			}
		})
	}
}

func itemsString(items []sepakat.ReviewInput) string {
	var b strings.Builder
	for i, it := range items {
		b.WriteString(strings.TrimSpace(strings.ReplaceAll(
			// one line per item
			func() string { j, _ := json.Marshal(it); return string(j) }(), "\n", " ")))
		b.WriteString(" author=" + it.AuthorName)
		if i < len(items)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestEngineExtractParagraphs checks whole paragraphs deleted and
// inserted without Track Changes, a resolved reply-less comment kept out
// of the base, and the refusals.
func TestEngineExtractParagraphs(t *testing.T) {
	base := simpleDocx(t, []string{
		"Pasal 1",
		"(1) Kegiatan dilaksanakan oleh Tim Pelaksana.",
		"(2) Tim Pelaksana ditetapkan dengan keputusan bersama.",
		"(3) Tim Pelaksana melapor setiap 3 (tiga) bulan.",
		"Pasal 2",
		"Biaya dibebankan pada anggaran masing-masing pihak.",
	})
	copy := simpleDocx(t, []string{
		"Pasal 1",
		"(1) Kegiatan dilaksanakan oleh Tim Pelaksana.",
		"(3) Tim Pelaksana melapor setiap 3 (tiga) bulan.",
		"Pasal 2",
		"Biaya dibebankan pada anggaran masing-masing pihak.",
		"Pembayaran dilakukan setelah laporan diterima.",
		"Rincian biaya dimuat dalam lampiran.",
	})
	got, err := Engine{}.Extract(bytes.NewReader(base), bytes.NewReader(copy), int64(len(base)), int64(len(copy)), "Bagian Hukum")
	if err != nil {
		t.Fatal(err)
	}
	want := []sepakat.ReviewInput{
		{Kind: sepakat.ReviewDelete, Quote: "(2) Tim Pelaksana ditetapkan dengan keputusan bersama.", Paragraph: 2, Pasal: 1, Ayat: 2, AuthorName: "Bagian Hukum"},
		{Kind: sepakat.ReviewInsert, Quote: "anggaran masing-masing pihak.", Paragraph: 5, Pasal: 2,
			Text: "Pembayaran dilakukan setelah laporan diterima.\nRincian biaya dimuat dalam lampiran.", AuthorName: "Bagian Hukum"},
	}
	if !slices.Equal(got.Items, want) {
		t.Errorf("items:\n%s\nwant:\n%s", itemsString(got.Items), itemsString(want))
	}

	// Refused copies.
	b := fixtureBytes(t, "review", "base.docx")
	for _, c := range []struct{ file, code, says string }{
		{"legacy.doc", sepakat.EUNSUPPORTED, "simpan sebagai .docx"},
		{"encrypted.docx", sepakat.EUNSUPPORTED, "kata sandi"},
		{"truncated.docx", sepakat.EINVALID, "rusak"},
	} {
		cp := fixtureBytes(t, c.file)
		_, err := Engine{}.Extract(bytes.NewReader(b), bytes.NewReader(cp), int64(len(b)), int64(len(cp)), "X")
		if sepakat.ErrorCode(err) != c.code || !strings.Contains(sepakat.ErrorMessage(err), c.says) {
			t.Errorf("copy %s: %v, want %s saying %q", c.file, err, c.code, c.says)
		}
	}
	_, err = extractFixture(t, "base.docx", "not-a-copy.docx", "Dinas Kominfo")
	if sepakat.ErrorCode(err) != sepakat.EINVALID || !strings.Contains(sepakat.ErrorMessage(err), "Berkas ini bukan salinan dari versi") {
		t.Errorf("not-a-copy: %v, want EINVALID “Berkas ini bukan salinan dari versi …”", err)
	}
	// A broken base is the server's problem, not the uploader's.
	bad := fixtureBytes(t, "truncated.docx")
	_, err = Engine{}.Extract(bytes.NewReader(bad), bytes.NewReader(b), int64(len(bad)), int64(len(b)), "X")
	if sepakat.ErrorCode(err) != sepakat.EINTERNAL {
		t.Errorf("broken base: code %q, want internal", sepakat.ErrorCode(err))
	}
}

// TestEngineExtractComments: the base's own comments are not the
// reviewer's; a reply to one of them stands alone and quotes its text; a
// resolved comment on a paragraph the reviewer inserted, and a reply to
// it, are placed where the paragraph was inserted.
func TestEngineExtractComments(t *testing.T) {
	const ins = `<w:ins w:id="91" w:author="Bagian Hukum" w:date="2026-01-08T10:00:00Z">`
	copyBody := wwp("Pasal 7") +
		wp(wr("(1) Biaya sebesar ")+`<w:commentRangeStart w:id="1"/><w:commentRangeStart w:id="2"/>`+wr("Rp 500.000.000,00")+
			`<w:commentRangeEnd w:id="1"/><w:commentRangeEnd w:id="2"/>`+`<w:r><w:commentReference w:id="1"/></w:r><w:r><w:commentReference w:id="2"/></w:r>`+
			`<w:r><w:commentReference w:id="4"/></w:r>`) +
		`<w:p><w:pPr><w:rPr><w:ins w:id="90" w:author="Bagian Hukum" w:date="2026-01-08T10:00:00Z"/></w:rPr></w:pPr>` +
		ins + `<w:commentRangeStart w:id="5"/>` + wr("(2) Rincian biaya dimuat dalam lampiran.") + `<w:commentRangeEnd w:id="5"/></w:ins>` +
		`<w:r><w:commentReference w:id="5"/></w:r><w:r><w:commentReference w:id="6"/></w:r></w:p>` +
		wp(`<w:commentRangeStart w:id="3"/>`+wr("(2) Dibayar bertahap.")+`<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r>`)
	copyComments := strings.TrimSuffix(extrasComments, `</w:comments>`) +
		commentXML("4", "Bagian Hukum", "2026-01-08T10:00:00Z", "1A2B0004", "Setuju dengan ARNP Kota.") +
		commentXML("5", "Bagian Hukum", "2026-01-08T10:00:00Z", "1A2B0005", "Lampiran disusun bersama.") +
		commentXML("6", "ARNP Kota", "2026-01-09T10:00:00Z", "1A2B0006", "Baik.") + `</w:comments>`
	copyExtended := strings.TrimSuffix(extrasExtended, `</w15:commentsEx>`) +
		`<w15:commentEx w15:paraId="1A2B0004" w15:paraIdParent="1A2B0001"/>` +
		`<w15:commentEx w15:paraId="1A2B0005" w15:done="1"/>` +
		`<w15:commentEx w15:paraId="1A2B0006" w15:paraIdParent="1A2B0005"/>` + `</w15:commentsEx>`
	base := testPackage(t, documentXML(extrasBody), docPart{"word/comments.xml", extrasComments}, docPart{"word/commentsExtended.xml", extrasExtended})
	cp := testPackage(t, documentXML(copyBody), docPart{"word/comments.xml", copyComments}, docPart{"word/commentsExtended.xml", copyExtended})
	got, err := Engine{}.Extract(bytes.NewReader(base), bytes.NewReader(cp), int64(len(base)), int64(len(cp)), "Pengunggah")
	if err != nil {
		t.Fatal(err)
	}
	want := []sepakat.ReviewInput{
		{Kind: sepakat.ReviewComment, Quote: "Rp 500.000.000,00", Paragraph: 1, Pasal: 7, Ayat: 1, Text: "Setuju dengan ARNP Kota.", AuthorName: "Bagian Hukum"},
		{Kind: sepakat.ReviewInsert, Quote: "500.000.000,00", Paragraph: 1, Pasal: 7, Ayat: 1, Text: "(2) Rincian biaya dimuat dalam lampiran.", AuthorName: "Bagian Hukum"},
		{Kind: sepakat.ReviewComment, Quote: "500.000.000,00", Paragraph: 1, Pasal: 7, Ayat: 1, Text: "Lampiran disusun bersama.", AuthorName: "Bagian Hukum", Resolved: true},
		{Kind: sepakat.ReviewComment, Quote: "500.000.000,00", Paragraph: 1, Pasal: 7, Ayat: 1, Text: "Baik.", AuthorName: "ARNP Kota", ParentID: 3},
	}
	if !slices.Equal(got.Items, want) {
		t.Errorf("items:\n%s\nwant:\n%s", itemsString(got.Items), itemsString(want))
	}
}

// TestEngineExtractCommentLoop: comments that reply to each other in a
// loop are all listed, the loop cut at one of them.
func TestEngineExtractCommentLoop(t *testing.T) {
	base := testPackage(t, documentXML(wwp("Pasal 1")+wwp("(1) Isi.")))
	comments := xmlDecl + `<w:comments ` + nsDecls + `>` +
		commentXML("1", "A", "", "1A2B0001", "Satu.") + commentXML("2", "B", "", "1A2B0002", "Dua.") + commentXML("3", "C", "", "1A2B0003", "Tiga.") + `</w:comments>`
	extended := xmlDecl + `<w15:commentsEx ` + nsDecls + `>` +
		`<w15:commentEx w15:paraId="1A2B0001" w15:paraIdParent="1A2B0003"/>` +
		`<w15:commentEx w15:paraId="1A2B0002" w15:paraIdParent="1A2B0001"/>` +
		`<w15:commentEx w15:paraId="1A2B0003" w15:paraIdParent="1A2B0002"/>` + `</w15:commentsEx>`
	body := wwp("Pasal 1") + wp(`<w:commentRangeStart w:id="1"/>`+wr("(1) Isi.")+`<w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r>`)
	cp := testPackage(t, documentXML(body), docPart{"word/comments.xml", comments}, docPart{"word/commentsExtended.xml", extended})
	got, err := Engine{}.Extract(bytes.NewReader(base), bytes.NewReader(cp), int64(len(base)), int64(len(cp)), "X")
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	roots := 0
	for i, it := range got.Items {
		texts = append(texts, it.Text)
		if it.ParentID == 0 {
			roots++
		} else if it.ParentID > int64(i) {
			t.Errorf("item %d replies to a later item %d", i+1, it.ParentID)
		}
	}
	slices.Sort(texts)
	if !slices.Equal(texts, []string{"Dua.", "Satu.", "Tiga."}) || roots != 1 {
		t.Errorf("items:\n%s\nwant all three, one of them top-level", itemsString(got.Items))
	}
}

// BenchmarkExtractBig extracts one reviewer copy of the 300-Pasal PKS:
// reading both files, aligning them and listing 10 edits and the comments.
// Target: under 500 ms/op.
func BenchmarkExtractBig(b *testing.B) {
	base := fixtureBytes(b, "big-v1.docx")
	copy := fixtureBytes(b, "review", "big-copy-01.docx")
	b.ReportAllocs()
	for b.Loop() {
		r, err := Engine{}.Extract(bytes.NewReader(base), bytes.NewReader(copy), int64(len(base)), int64(len(copy)), "Reviewer 01")
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Items) < 12 {
			b.Fatalf("%d items, want 10 edits and 2-3 comments", len(r.Items))
		}
	}
}

func TestEngineExtractBig(t *testing.T) {
	r, err := extractFixture(t, "big-copy-05.docx", "big-copy-05.docx", "X")
	if err != nil || len(r.Items) != 0 {
		// The copy against itself: nothing new (its comments are the base's).
		t.Errorf("copy against itself: %v, %d items", err, len(r.Items))
	}
	base := fixtureBytes(t, "big-v1.docx")
	cp := fixtureBytes(t, "review", "big-copy-05.docx")
	got, err := Engine{}.Extract(bytes.NewReader(base), bytes.NewReader(cp), int64(len(base)), int64(len(cp)), "X")
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Edits    []json.RawMessage `json:"edits"`
		Comments []struct {
			Parent string `json:"parent"`
		} `json:"comments"`
	}
	if err := json.Unmarshal(fixtureBytes(t, "review", "big-copy-05.expected.json"), &want); err != nil {
		t.Fatal(err)
	}
	replies := 0
	for _, c := range want.Comments {
		if c.Parent != "" {
			replies++
		}
	}
	edits, comments, threaded := 0, 0, 0
	for _, it := range got.Items {
		if it.Kind == sepakat.ReviewComment {
			comments++
			if it.ParentID > 0 && got.Items[it.ParentID-1].Kind == sepakat.ReviewComment && got.Items[it.ParentID-1].ParentID == 0 {
				threaded++
			}
		} else {
			edits++
		}
	}
	if edits != len(want.Edits) || comments != len(want.Comments) || threaded != replies {
		t.Errorf("%d edits, %d comments, %d replies; want %d, %d, %d", edits, comments, threaded, len(want.Edits), len(want.Comments), replies)
	}
}

// TestEngineCarry carries items of pks-v1 to pks-v2 (see the table in
// testdata/drafting/README.md).
func TestEngineCarry(t *testing.T) {
	o, n := fixtureBytes(t, "pks-v1.docx"), fixtureBytes(t, "pks-v2.docx")
	e := Engine{}
	carry, err := e.Carry(bytes.NewReader(o), bytes.NewReader(n), int64(len(o)), int64(len(n)))
	if err != nil {
		t.Fatal(err)
	}
	op, _ := e.Paragraphs(bytes.NewReader(o), int64(len(o)))
	np, _ := e.Paragraphs(bytes.NewReader(n), int64(len(n)))
	at := func(ps []sepakat.DraftParagraph, prefix string) int {
		for _, p := range ps {
			if strings.HasPrefix(p.Text, prefix) {
				return p.Index
			}
		}
		t.Fatalf("no paragraph starts with %q", prefix)
		return -1
	}
	for _, c := range []struct {
		name      string
		oldPara   string // prefix of the item's paragraph in v1
		quote     string
		newPara   string // prefix of the paragraph in v2, "" if outdated
		pasal     int
		ayat      int
		ambiguous bool
	}{
		{"kept ayat, same Pasal", "(2) Pihak yang mengalami", "mengalami keadaan kahar", "(2) Pihak yang mengalami", 12, 2, false},
		{"renumbered Pasal 10 → 11", "(2) Perjanjian Kerja Sama ini dapat diperpanjang", "diperpanjang atas kesepakatan PARA PIHAK", "(2) Perjanjian Kerja Sama ini dapat diperpanjang", 11, 2, false},
		{"changed ayat, quote kept", "(3) Pembayaran setiap tahap", "PIHAK KESATU  menerima\u00a0tagihan", "(3) Pembayaran setiap tahap", 8, 3, false},
		{"changed ayat, quote gone", "(3) Pembayaran setiap tahap", "30 (tiga puluh) hari", "", 0, 0, false},
		{"deleted Pasal 11", "(1) PARA PIHAK dapat mempublikasikan", "laman resmi", "", 0, 0, false},
		{"deleted Pasal 11, empty quote", "(2) Penggunaan logo", "", "", 0, 0, false},
		{"changed ayat, empty quote", "(1) Biaya pelaksanaan", "", "(1) Biaya pelaksanaan", 8, 1, false},
		{"quote found in another ayat of the Pasal", "(2) Pembayaran dilakukan secara bertahap", "menerima tagihan yang lengkap", "(3) Pembayaran setiap tahap", 8, 3, false},
		{"quote over two paragraphs", "(1) Perselisihan", "untuk mufakat.\n(2) Dalam hal musyawarah", "(1) Perselisihan", 13, 1, false},
		{"quote with the label", "(2) Tujuan Perjanjian", "(2) Tujuan Perjanjian Kerja Sama", "(2) Tujuan Perjanjian", 2, 2, false},
	} {
		oi := at(op, c.oldPara)
		item := &sepakat.ReviewItem{Paragraph: oi, Pasal: op[oi].Pasal, Ayat: op[oi].Ayat, Quote: c.quote}
		para, pasal, ayat, ok := carry(item)
		if c.newPara == "" {
			if ok {
				t.Errorf("%s: carried to %d (Pasal %d ayat %d), want outdated", c.name, para, pasal, ayat)
			}
			continue
		}
		if want := at(np, c.newPara); !ok || para != want || pasal != c.pasal || ayat != c.ayat {
			t.Errorf("%s: (%d, Pasal %d, ayat %d, %v), want (%d, Pasal %d, ayat %d, true)", c.name, para, pasal, ayat, ok, want, c.pasal, c.ayat)
		}
	}
	if _, _, _, ok := carry(&sepakat.ReviewItem{Paragraph: 10000, Quote: "x"}); ok {
		t.Error("an item beyond the last paragraph was carried")
	}
}

func TestEngineDiff(t *testing.T) {
	o, n := fixtureBytes(t, "pks-v1.docx"), fixtureBytes(t, "pks-v2.docx")
	diff := func(format string) ([]byte, error) {
		var b bytes.Buffer
		err := Engine{}.Diff(bytes.NewReader(o), bytes.NewReader(n), int64(len(o)), int64(len(n)), "Versi 1", "Versi 2", format, &b)
		return b.Bytes(), err
	}
	js, err := diff("json")
	if err != nil {
		t.Fatal(err)
	}
	var c Comparison
	if err := json.Unmarshal(js, &c); err != nil {
		t.Fatal(err)
	}
	if c.Old.Name != "Versi 1" || c.New.Name != "Versi 2" || !slices.Equal(c.Summary.PasalInserted, []int{7}) || !slices.Equal(c.Summary.PasalDeleted, []int{11}) {
		t.Errorf("json: old %+v new %+v summary %+v", c.Old, c.New, c.Summary)
	}
	html, err := diff("html")
	if err != nil || !bytes.Contains(html, []byte("<html")) || !bytes.Contains(html, []byte("Versi 2")) {
		t.Errorf("html: %v, %.200s", err, html)
	}
	docx, err := diff("docx")
	if err != nil {
		t.Fatal(err)
	}
	red := mustRead(t, docx)
	if got, want := red.Text(Accept), mustRead(t, n).Text(Accept); got != want {
		t.Errorf("docx: accept all is not v2:\n%s", testtool.FirstLineDiff(want, got))
	}
	if got, want := red.Text(Reject), mustRead(t, o).Text(Accept); got != want {
		t.Errorf("docx: reject all is not v1:\n%s", testtool.FirstLineDiff(want, got))
	}
	if _, err := diff("pdf"); sepakat.ErrorCode(err) != sepakat.EINVALID {
		t.Errorf("pdf: %v, want EINVALID", err)
	}
}

// TestEngineCombine merges two copies and the comments written in the
// pages: a comment with a reply, a comment quoting a paragraph's label,
// and items that are not page comments (left out).
func TestEngineCombine(t *testing.T) {
	base := fixtureBytes(t, "review", "base.docx")
	paras, _ := Engine{}.Paragraphs(bytes.NewReader(base), int64(len(base)))
	at := func(prefix string) int {
		for _, p := range paras {
			if strings.HasPrefix(p.Text, prefix) {
				return p.Index
			}
		}
		t.Fatalf("no paragraph %q", prefix)
		return -1
	}
	when := time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)
	items := []*sepakat.ReviewItem{
		// The reply first: the parent must still come first in the output.
		{ID: 12, ParentID: 11, Kind: sepakat.ReviewComment, AuthorName: "PPKSD Unmul", Text: "Setuju, akan disesuaikan.", Paragraph: at("(1) Biaya pelaksanaan"), CreatedAt: when.Add(time.Hour)},
		{ID: 11, Kind: sepakat.ReviewComment, AuthorName: "ARNP Kota", Text: "Mohon disesuaikan dengan pagu anggaran 2026.", Quote: "Rp 500.000.000,00", Paragraph: at("(1) Biaya pelaksanaan"), Pasal: 7, Ayat: 1, CreatedAt: when},
		{ID: 13, Kind: sepakat.ReviewComment, AuthorName: "Kasubbag", Text: "Perhatikan jangka waktu <7 hari> & hari kerja.", Quote: "(2) Pihak yang mengalami keadaan kahar", Paragraph: at("(2) Pihak yang mengalami"), Resolved: true, CreatedAt: when},
		{ID: 14, Kind: sepakat.ReviewComment, UploadID: 3, AuthorName: "Bappeda", Text: "Dari berkas unggahan.", Paragraph: 30},
		{ID: 15, Kind: sepakat.ReviewReplace, AuthorName: "ARNP Kota", Text: "usulan", Quote: "Pasal", Paragraph: 30},
	}
	var copies []sepakat.CopySource
	for _, name := range []string{"copy-dinas-kominfo.docx", "copy-bappeda.docx"} {
		data := fixtureBytes(t, "review", name)
		copies = append(copies, sepakat.CopySource{R: bytes.NewReader(data), Size: int64(len(data)), Author: "Pengunggah " + name})
	}
	var out bytes.Buffer
	if err := (Engine{}).Combine(bytes.NewReader(base), int64(len(base)), copies, items, &out); err != nil {
		t.Fatal(err)
	}
	merged := mustRead(t, out.Bytes())
	byText := map[string]Comment{}
	for _, c := range merged.Comments {
		byText[c.Text] = c
	}
	want := []struct{ text, author, anchor, parent string }{
		{"Mohon disesuaikan dengan pagu anggaran 2026.", "ARNP Kota", "Rp 500.000.000,00", ""},
		{"Setuju, akan disesuaikan.", "PPKSD Unmul", "Rp 500.000.000,00", "Mohon disesuaikan dengan pagu anggaran 2026."},
		// A typed label is part of the text; Dinas Kominfo's edit is inside the range.
		{"Perhatikan jangka waktu <7 hari> & hari kerja.", "Kasubbag", "(2) Pihak yang terdampak keadaan kahar", ""},
		{"Mohon dirinci bentuk pendampingan teknis yang diberikan kepada Perangkat Daerah.", "Dinas Kominfo", "pendampingan teknis", ""},
		{"Mohon ditambahkan indikator kinerja yang terukur untuk setiap tujuan.", "Bappeda", "kualitas, kecepatan dan keterbukaan pelayanan publik", ""},
	}
	for _, w := range want {
		c, ok := byText[w.text]
		if !ok {
			t.Errorf("no comment %q in the merged document", w.text)
			continue
		}
		if c.Author != w.author || c.Anchor != w.anchor {
			t.Errorf("comment %q: author %q anchor %q, want %q %q", w.text, c.Author, c.Anchor, w.author, w.anchor)
		}
		if w.parent != "" && (c.ParentID == "" || c.ParentID != byText[w.parent].ID) {
			t.Errorf("comment %q: parent %q, want %q", w.text, c.ParentID, byText[w.parent].ID)
		}
	}
	if c := byText["Setuju, akan disesuaikan."]; !strings.HasPrefix(c.Date, "2026-01-10T09:00:00") {
		t.Errorf("reply date %q", c.Date)
	}
	if !byText["Perhatikan jangka waktu <7 hari> & hari kerja."].Done {
		t.Error("the resolved page comment is not done")
	}
	for _, left := range []string{"Dari berkas unggahan.", "usulan"} {
		if _, ok := byText[left]; ok {
			t.Errorf("%q is not a page comment but is in the merged document", left)
		}
	}
	if got, want := len(merged.Comments), 3+1+3; got != want {
		t.Errorf("%d comments, want %d", got, want)
	}
	if acc := merged.Text(Accept); !strings.Contains(acc, "uji coba serta implementasi") {
		t.Error("the copy's edit is not in the merged document")
	}

	// LibreOffice reads every comment.
	soffice := testtool.Require(t, "soffice")
	dir := t.TempDir()
	path := filepath.Join(dir, "merged.docx")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "lo")
	if b, err := exec.Command(soffice, profile, "--headless", "--convert-to", "odt", "--outdir", dir, path).CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, b)
	}
	if got := strings.Count(string(zipEntry(t, filepath.Join(dir, "merged.odt"), "content.xml")), "<office:annotation "); got != len(merged.Comments) {
		t.Errorf("LibreOffice reads %d comments, want %d", got, len(merged.Comments))
	}

	// A copy of another document is refused.
	other := fixtureBytes(t, "review", "not-a-copy.docx")
	err := Engine{}.Combine(bytes.NewReader(base), int64(len(base)), []sepakat.CopySource{{R: bytes.NewReader(other), Size: int64(len(other)), Author: "Dinas Kominfo"}}, nil, io.Discard)
	if sepakat.ErrorCode(err) != sepakat.EINVALID || !strings.Contains(sepakat.ErrorMessage(err), "Dinas Kominfo") {
		t.Errorf("not a copy: %v", err)
	}
}

func TestAddCommentsQuoteRange(t *testing.T) {
	for _, c := range []struct {
		text, label, quote, want string
	}{
		{"Pihak yang mengalami keadaan kahar", "", "mengalami", "mengalami"},
		{"(2) Pihak yang mengalami", "", "(2) Pihak", "(2) Pihak"},
		{"Pihak yang mengalami", "(2)", "(2) Pihak yang", "Pihak yang"},
		{"sebesar Rp\u00a0500.000.000,00 untuk", "", "Rp 500.000.000,00", "Rp\u00a0500.000.000,00"},
		{"sebesar Rp 500", "", "sebesar  Rp\n500 lain", "sebesar Rp"},
		{"sebesar Rp 500", "", "tidak ada", "sebesar Rp 500"},
		{"sebesar Rp 500", "", "", "sebesar Rp 500"},
	} {
		s, e := quoteRange(c.text, c.label, c.quote)
		if got := c.text[s:e]; got != c.want {
			t.Errorf("quoteRange(%q, %q, %q) = %q, want %q", c.text, c.label, c.quote, got, c.want)
		}
	}
}

// TestEngineResponseMatrix writes a matrix, reads it back with Read (the
// cells' text in order) and has LibreOffice convert it to text.
func TestEngineResponseMatrix(t *testing.T) {
	at := time.Date(2026, 1, 12, 9, 0, 0, 0, time.UTC)
	items := []*sepakat.ReviewItem{
		{ID: 1, Kind: sepakat.ReviewReplace, Paragraph: 66, Pasal: 7, Ayat: 3, Quote: "30 (tiga puluh)", Text: "14 (empat belas)", AuthorName: "Bagian Hukum",
			Response: &sepakat.Response{Status: sepakat.ResponseAccepted, Note: "Disesuaikan dengan Perpres.", ByName: "ARNP Kota", At: at}},
		{ID: 2, Kind: sepakat.ReviewComment, Paragraph: 30, Pasal: 2, Ayat: 2, Quote: "kualitas, kecepatan", Text: "Mohon ditambahkan indikator <kinerja> & target.", AuthorName: "Bappeda"},
		{ID: 3, Kind: sepakat.ReviewComment, ParentID: 2, Paragraph: 30, Pasal: 2, Ayat: 2, Text: "Akan dimuat dalam rencana kerja.", AuthorName: "ARNP Kota"},
		{ID: 4, Kind: sepakat.ReviewInsert, Paragraph: 36, Pasal: 3, Quote: "pelatihan Aparatur", Text: "teknis", AuthorName: "Dinas Kominfo",
			Response: &sepakat.Response{Status: sepakat.ResponsePartial, Note: "Diterima sebagian:\nkata “teknis” dipindah."}},
		{ID: 5, Kind: sepakat.ReviewDelete, Paragraph: 65, Pasal: 7, Ayat: 2, Quote: "secara bertahap", AuthorName: "Bagian Hukum",
			Response: &sepakat.Response{Status: sepakat.ResponseRejected, Note: "Tetap bertahap."}},
		{ID: 6, Kind: sepakat.ReviewComment, Paragraph: 2, Text: "Judul perlu diseragamkan.", AuthorName: "PPKSD Unmul", Outdated: true},
	}
	var out bytes.Buffer
	if err := (Engine{}).ResponseMatrix("Rancangan PKS Pemkot Samarinda – Universitas Mulawarman, Versi 2", items, &out); err != nil {
		t.Fatal(err)
	}
	doc := mustRead(t, out.Bytes())
	var head, cells []string
	for _, p := range doc.Paragraphs(Accept) {
		if p.Table != nil {
			cells = append(cells, p.Text(Accept))
		} else if l := p.Text(Accept); l != "" {
			head = append(head, l)
		}
	}
	if want := []string{"MATRIKS TANGGAPAN", "Rancangan PKS Pemkot Samarinda – Universitas Mulawarman, Versi 2"}; !slices.Equal(head, want) {
		t.Errorf("heading %q, want %q", head, want)
	}
	want := []string{
		"No", "Pasal/Ayat", "Usulan", "Pengusul", "Tanggapan", "Status",
		"1", "Umum", "Judul perlu diseragamkan.", "(Bagian yang dikutip sudah berubah pada versi ini.)", "PPKSD Unmul", "", "belum ditanggapi",
		"2", "Pasal 2 ayat (2)", "“kualitas, kecepatan”", "Mohon ditambahkan indikator <kinerja> & target.", "Balasan ARNP Kota: Akan dimuat dalam rencana kerja.", "Bappeda", "", "belum ditanggapi",
		"3", "Pasal 3", "Tambahkan: “teknis”", "Pada: “pelatihan Aparatur”", "Dinas Kominfo", "Diterima sebagian:", "kata “teknis” dipindah.", "diakomodasi sebagian",
		"4", "Pasal 7 ayat (2)", "Hapus: “secara bertahap”", "Bagian Hukum", "Tetap bertahap.", "ditolak",
		"5", "Pasal 7 ayat (3)", "Semula: “30 (tiga puluh)”", "Menjadi: “14 (empat belas)”", "Bagian Hukum", "Disesuaikan dengan Perpres.", "diterima",
	}
	if !slices.Equal(cells, want) {
		t.Errorf("cells:\n%q\nwant:\n%q", cells, want)
	}
	if len(doc.Tables) != 1 || len(doc.Tables[0].Rows) != 6 {
		t.Errorf("tables: %d, want one of 6 rows", len(doc.Tables))
	}
	if !bytes.Contains(mainPart(t, out.Bytes()), []byte(`w:orient="landscape"`)) {
		t.Error("not landscape")
	}

	// An empty matrix still is a document.
	var empty bytes.Buffer
	if err := (Engine{}).ResponseMatrix("", nil, &empty); err != nil {
		t.Fatal(err)
	}
	if txt := mustRead(t, empty.Bytes()).Text(Accept); !strings.Contains(txt, "Belum ada usulan") {
		t.Errorf("empty matrix: %q", txt)
	}

	// LibreOffice opens it and reads the same cells in order.
	soffice := testtool.Require(t, "soffice")
	dir := t.TempDir()
	path := filepath.Join(dir, "matriks.docx")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "lo")
	if b, err := exec.Command(soffice, profile, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, path).CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice: %v\n%s", err, b)
	}
	txt, err := os.ReadFile(filepath.Join(dir, "matriks.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimPrefix(string(txt), "\ufeff"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	var nonEmpty []string
	for _, c := range append(slices.Clone(head), want...) {
		if c != "" {
			nonEmpty = append(nonEmpty, c)
		}
	}
	if !slices.Equal(lines, nonEmpty) {
		t.Errorf("LibreOffice's text:\n%q\nwant:\n%q", lines, nonEmpty)
	}
}

// Extract what a reviewer did in a copy of a version: each edit and each
// comment becomes a review item on the version's paragraphs.
func ExampleEngine_Extract() {
	base, _ := os.Open("../testdata/drafting/review/base.docx")
	defer base.Close()
	copy, _ := os.Open("../testdata/drafting/review/copy-dinas-kominfo.docx")
	defer copy.Close()
	bs, _ := base.Stat()
	cs, _ := copy.Stat()
	r, err := Engine{}.Extract(base, copy, bs.Size(), cs.Size(), "Budi (pengunggah)")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range r.Items {
		fmt.Printf("Pasal %d, paragraph %d, %s by %s: %q → %q\n", it.Pasal, it.Paragraph, it.Kind, it.AuthorName, it.Quote, it.Text)
	}
	// Output:
	// Pasal 3, paragraph 35, replace by Dinas Kominfo: "pengujian dan penerapan" → "uji coba serta implementasi"
	// Pasal 3, paragraph 36, insert by Dinas Kominfo: "dan pelatihan Aparatur di" → "teknis"
	// Pasal 3, paragraph 37, comment by Dinas Kominfo: "pendampingan teknis" → "Mohon dirinci bentuk pendampingan teknis yang diberikan kepada Perangkat Daerah."
	// Pasal 12, paragraph 90, replace by Dinas Kominfo: "mengalami" → "terdampak"
}
