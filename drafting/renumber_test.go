package drafting

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sepakat/sepakat/internal/testtool"
)

// renumberFixture reads testdata/drafting/renumber.docx and its expected
// renumbered text.
func renumberFixture(tb testing.TB) (*Document, string) {
	tb.Helper()
	d := openFixture(tb, "renumber.docx")
	want, err := os.ReadFile(testtool.Testdata(tb, "drafting", "renumber.expected.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	return d, string(want)
}

func mustRenumber(tb testing.TB, d *Document) *Renumbering {
	tb.Helper()
	r, err := Renumber(d)
	if err != nil {
		tb.Fatalf("Renumber: %v", err)
	}
	return r
}

func TestRenumberFixture(t *testing.T) {
	d, want := renumberFixture(t)
	r := mustRenumber(t, d)
	if got := r.Text(); got != want {
		t.Errorf("renumbered text differs from renumber.expected.txt:\n%s", testtool.FirstLineDiff(want, got))
	}
	wantPasal := []NumberChange{{"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"5", 5}, {"6", 6}, {"7", 7}, {"8", 8},
		{"8A", 9}, {"9", 10}, {"10", 11}, {"12", 12}}
	if !reflect.DeepEqual(r.PasalMap, wantPasal) {
		t.Errorf("PasalMap = %v, want %v", r.PasalMap, wantPasal)
	}
	wantAyat := []AyatChange{
		{2, "1", 1}, {2, "2", 2},
		{4, "1", 1}, {4, "1a", 2}, {4, "2", 3}, {4, "3", 4},
		{7, "1", 1}, {7, "2", 2}, {7, "2", 3}, {7, "3", 4},
		{9, "1", 1}, {9, "2", 2},
		{10, "1", 1}, {10, "2", 2},
	}
	if !reflect.DeepEqual(r.AyatMap, wantAyat) {
		t.Errorf("AyatMap = %v, want %v", r.AyatMap, wantAyat)
	}
	type ref struct {
		pasal    int
		old, new string
	}
	wantRefs := []ref{
		{1, "Pasal 4 ayat (2)", "Pasal 4 ayat (3)"},
		{2, "Pasal 9", "Pasal 10"},
		{3, "Pasal 10", "Pasal 11"},
		{4, "ayat (1a)", "ayat (2)"},
		{4, "ayat (2)", "ayat (3)"},
		{5, "Pasal 4 ayat (1a) dan ayat (2)", "Pasal 4 ayat (2) dan ayat (3)"},
		{6, "Pasal 8A", "Pasal 9"},
		{7, "ayat (1) sampai dengan ayat (3)", "ayat (1) sampai dengan ayat (4)"},
		{7, "Pasal 9 ayat (2)", "Pasal 10 ayat (2)"},
		{11, "Pasal 8A", "Pasal 9"},
		{12, "Pasal 10", "Pasal 11"},
	}
	var gotRefs []ref
	for _, c := range r.References {
		gotRefs = append(gotRefs, ref{c.Pasal, c.Old, c.New})
		if !strings.Contains(strings.TrimSuffix(strings.TrimPrefix(c.Context, "…"), "…"), c.Old) {
			t.Errorf("context %q does not hold the reference %q", c.Context, c.Old)
		}
	}
	if !reflect.DeepEqual(gotRefs, wantRefs) {
		t.Errorf("References =\n%v\nwant\n%v", gotRefs, wantRefs)
	}
	if len(r.Dangling) != 1 || r.Dangling[0].Text != "Pasal 40" || r.Dangling[0].Pasal != 10 ||
		!strings.Contains(r.Dangling[0].Context, "diselesaikan sesuai Pasal 40") {
		t.Errorf("Dangling = %+v, want the one reference to Pasal 40, in Pasal 10", r.Dangling)
	}
	if p, a := r.Renumbered(); p != 3 || a != 5 {
		t.Errorf("Renumbered() = %d Pasal, %d ayat; want 3, 5", p, a)
	}
	// The document itself is not changed.
	if orig := d.Text(Accept); !strings.Contains(orig, "Pasal 8A\n") || !strings.Contains(orig, "(1a) Lahan") {
		t.Error("Renumber changed the document")
	}
}

// renumberedDocx writes r with WriteDocx and returns the bytes.
func renumberedDocx(tb testing.TB, r *Renumbering, track bool) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := r.WriteDocx(&buf, track, "Bagian Kerja Sama", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); err != nil {
		tb.Fatalf("WriteDocx: %v", err)
	}
	return buf.Bytes()
}

func TestRenumberWriteDocx(t *testing.T) {
	d, want := renumberFixture(t)
	orig := d.Text(Accept)
	r := mustRenumber(t, d)
	tracked := renumberedDocx(t, r, true)
	plain := renumberedDocx(t, r, false)

	got := mustRead(t, tracked)
	if txt := got.Text(Accept); txt != want {
		t.Errorf("accept all of the tracked output differs from the expected text:\n%s", testtool.FirstLineDiff(want, txt))
	}
	if txt := got.Text(Reject); txt != orig {
		t.Errorf("reject all of the tracked output differs from the original:\n%s", testtool.FirstLineDiff(orig, txt))
	}
	var ins, del int
	for _, p := range got.Body {
		for _, run := range p.Runs {
			switch run.Rev {
			case RevInserted:
				ins++
				if run.Author != "Bagian Kerja Sama" || !strings.HasPrefix(run.Date, "2026-11-23T09:00:00") {
					t.Errorf("insertion %q by %q at %q", run.Text, run.Author, run.Date)
				}
			case RevDeleted:
				del++
			}
		}
	}
	if ins == 0 || del == 0 {
		t.Errorf("tracked output has %d insertions and %d deletions", ins, del)
	}
	// Formatting and paragraph styles are those of the original.
	origPs, gotPs := d.Paragraphs(Accept), got.Paragraphs(Accept)
	if len(origPs) != len(gotPs) {
		t.Fatalf("%d paragraphs written, want %d", len(gotPs), len(origPs))
	}
	for i := range origPs {
		if origPs[i].Style != gotPs[i].Style || origPs[i].Align != gotPs[i].Align {
			t.Errorf("paragraph %d: style %q align %q, want %q %q", i, gotPs[i].Style, gotPs[i].Align, origPs[i].Style, origPs[i].Align)
		}
	}

	np := mustRead(t, plain)
	if txt := np.Text(Accept); txt != want {
		t.Errorf("the untracked output differs from the expected text:\n%s", testtool.FirstLineDiff(want, txt))
	}
	if xml := string(mainPart(t, plain)); strings.Contains(xml, "<w:ins ") || strings.Contains(xml, "<w:del ") {
		t.Error("the untracked output has tracked changes")
	}
	// Renumbering the output again changes nothing.
	if again := mustRenumber(t, np); len(again.References) != 0 || again.Text() != want {
		t.Errorf("renumbering the output again changed %d references", len(again.References))
	}

	pandoc := testtool.Require(t, "pandoc")
	dir := t.TempDir()
	words := func(name string, data []byte, mode string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pandoc, "-t", "plain", "--wrap=none", "--track-changes="+mode, path).Output()
		if err != nil {
			t.Fatalf("pandoc %s %s: %v", mode, name, err)
		}
		return strings.Join(pandocWords(string(out)), " ")
	}
	wantWords, origWords := strings.Join(pandocWords(want), " "), strings.Join(pandocWords(orig), " ")
	if got := words("tracked.docx", tracked, "accept"); got != wantWords {
		t.Errorf("pandoc: accept all differs from the expected text:\n%s", wordDiffAt(wantWords, got))
	}
	if got := words("tracked.docx", tracked, "reject"); got != origWords {
		t.Errorf("pandoc: reject all differs from the original:\n%s", wordDiffAt(origWords, got))
	}
	if got := words("plain.docx", plain, "accept"); got != wantWords {
		t.Errorf("pandoc: the untracked output differs from the expected text:\n%s", wordDiffAt(wantWords, got))
	}
}

// TestRenumberLibreOffice checks that LibreOffice opens the untracked
// output and reads the expected words from it (its text export would show
// the insertions and deletions of the tracked output alike).
func TestRenumberLibreOffice(t *testing.T) {
	soffice := testtool.Require(t, "soffice")
	d, want := renumberFixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "renumbered.docx")
	if err := os.WriteFile(path, renumberedDocx(t, mustRenumber(t, d), false), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	out, err := os.ReadFile(filepath.Join(dir, "renumbered.txt"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no text: %v", err)
	}
	if got, want := strings.Join(pandocWords(strings.TrimPrefix(string(out), "\ufeff")), " "), strings.Join(pandocWords(want), " "); got != want {
		t.Errorf("LibreOffice reads other words:\n%s", wordDiffAt(want, got))
	}
}

// TestRenumberWordNumbered: a document whose Pasal and ayat come from Word
// numbering is already right and is left as it is.
func TestRenumberWordNumbered(t *testing.T) {
	d := openFixture(t, "pks-numbered-v1.docx")
	r := mustRenumber(t, d)
	if got, want := r.Text(), d.Text(Accept); got != want {
		t.Errorf("renumbering changed the text:\n%s", testtool.FirstLineDiff(want, got))
	}
	if p, a := r.Renumbered(); p != 0 || a != 0 || len(r.References) != 0 || len(r.Dangling) != 0 {
		t.Errorf("renumbered %d Pasal, %d ayat, %d references, %d dangling; want none", p, a, len(r.References), len(r.Dangling))
	}
	if len(r.PasalMap) < 10 || r.PasalMap[len(r.PasalMap)-1].Old != "14" && r.PasalMap[len(r.PasalMap)-1].New != len(r.PasalMap) {
		t.Errorf("PasalMap = %v", r.PasalMap)
	}
	got := mustRead(t, renumberedDocx(t, r, true))
	if txt, want := got.Text(Accept), d.Text(Accept); txt != want {
		t.Errorf("the written document differs:\n%s", testtool.FirstLineDiff(want, txt))
	}
}

// TestRenumberTables: an excerpt whose Pasal start at 5 is renumbered from
// 1, and its table is written back as a table.
func TestRenumberTables(t *testing.T) {
	d := openFixture(t, "tables.docx")
	r := mustRenumber(t, d)
	if p, _ := r.Renumbered(); p != 2 || len(r.Dangling) != 1 {
		t.Errorf("%d Pasal renumbered, dangling %+v; want 2 and the reference to Pasal 3", p, r.Dangling)
	}
	got := mustRead(t, renumberedDocx(t, r, true))
	if len(got.Tables) != len(d.Tables) {
		t.Errorf("%d tables written, want %d", len(got.Tables), len(d.Tables))
	}
	if txt, want := got.Text(Accept), r.Text(); txt != want {
		t.Errorf("accepted text differs:\n%s", testtool.FirstLineDiff(want, txt))
	}
	if txt, want := got.Text(Reject), d.Text(Accept); txt != want {
		t.Errorf("rejected text differs:\n%s", testtool.FirstLineDiff(want, txt))
	}
	inCell := 0
	for _, p := range got.Body {
		if p.Table != nil {
			inCell++
		}
	}
	if inCell == 0 {
		t.Error("no paragraph written in a table cell")
	}
}

// TestRenumberConsistentDrafts: drafts whose typed numbers and references
// are already right (the 300-Pasal benchmark pair among them) come back
// unchanged, with no reference taken for dangling.
func TestRenumberConsistentDrafts(t *testing.T) {
	for _, name := range []string{"pks-v1.docx", "pks-v2.docx", "pks-lo-v2.docx", "big-v1.docx", "big-v2.docx"} {
		d := openFixture(t, name)
		r := mustRenumber(t, d)
		if p, a := r.Renumbered(); p != 0 || a != 0 || len(r.References) != 0 || len(r.Dangling) != 0 {
			t.Errorf("%s: %d Pasal, %d ayat renumbered, %d references, %d dangling (%+v); want none",
				name, p, a, len(r.References), len(r.Dangling), r.Dangling)
		}
		if got, want := r.Text(), d.Text(Accept); got != want {
			t.Errorf("%s: text changed:\n%s", name, testtool.FirstLineDiff(want, got))
		}
	}
}

// renumberLines builds a document of typed paragraphs, one per line.
func renumberLines(lines ...string) *Document {
	d := &Document{}
	for _, l := range lines {
		d.Body = append(d.Body, &Paragraph{Runs: []Run{{Text: l}}})
	}
	return d
}

func TestRenumberReferences(t *testing.T) {
	head := []string{"Pasal 1", "(1) Satu.", "(2) Dua.", "Pasal 1A", "(1) Satu.", "(1a) Sisipan.", "(2) Dua.", "Pasal 3", "Pasal 3", "(5) Lima."}
	// Pasal: 1→1, 1A→2, 3→3 (the first of two), 3→4. Pasal 1A's ayat: 1→1, 1a→2, 2→3.
	cases := []struct {
		name, in, want string
		dangling       int
	}{
		{"plain", "Lihat Pasal 1A.", "Lihat Pasal 2.", 0},
		{"with ayat", "Lihat Pasal 1A ayat (2).", "Lihat Pasal 2 ayat (3).", 0},
		{"ayat list", "Lihat Pasal 1A ayat (1a), (2), dan (1).", "Lihat Pasal 2 ayat (2), (3), dan (1).", 0},
		{"ayat after Pasal list", "Pasal 1A ayat (1a) huruf b dan ayat (2).", "Pasal 2 ayat (2) huruf b dan ayat (3).", 0},
		{"ayat then Pasal", "sebagaimana dimaksud pada ayat (2) Pasal 1A", "sebagaimana dimaksud pada ayat (3) Pasal 2", 0},
		{"own Pasal", "sebagaimana dimaksud pada ayat (5)", "sebagaimana dimaksud pada ayat (1)", 0},
		{"range", "Pasal 1 sampai dengan Pasal 1A", "Pasal 1 sampai dengan Pasal 2", 0},
		{"s.d.", "Pasal 1A ayat (1a) s.d. ayat (2)", "Pasal 2 ayat (2) s.d. ayat (3)", 0},
		{"duplicate", "Lihat Pasal 3.", "Lihat Pasal 3.", 0},
		{"missing Pasal", "Pasal 2 dan Pasal 40", "Pasal 2 dan Pasal 40", 2},
		{"missing ayat", "Pasal 1A ayat (9)", "Pasal 2 ayat (9)", 1},
		{"other instrument", "Pasal 1A Undang-Undang Nomor 23 Tahun 2014", "Pasal 1A Undang-Undang Nomor 23 Tahun 2014", 0},
		{"other instrument with ayat", "Pasal 1A ayat (2) huruf a Peraturan Pemerintah", "Pasal 1A ayat (2) huruf a Peraturan Pemerintah", 0},
		{"huruf left alone", "huruf b Pasal 1A", "huruf b Pasal 2", 0},
		{"lower case and nbsp", "lihat pasal\u00a01A", "lihat pasal\u00a02", 0},
		{"not a reference", "Pasal-pasal 1A dan Pasal ini, kepasal 1A", "Pasal-pasal 1A dan Pasal ini, kepasal 1A", 0},
		{"word boundary", "Pasal 1AB dan Pasal 12", "Pasal 1AB dan Pasal 12", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustRenumber(t, renumberLines(append(head, c.in)...))
			lines := strings.Split(strings.TrimSuffix(r.Text(), "\n"), "\n")
			if got := lines[len(lines)-1]; got != c.want {
				t.Errorf("%q → %q, want %q", c.in, got, c.want)
			}
			if len(r.Dangling) != c.dangling {
				t.Errorf("%d dangling (%+v), want %d", len(r.Dangling), r.Dangling, c.dangling)
			}
			if got := strings.Join(lines[:len(head)], "|"); got != "Pasal 1|(1) Satu.|(2) Dua.|Pasal 2|(1) Satu.|(2) Sisipan.|(3) Dua.|Pasal 3|Pasal 4|(1) Lima." {
				t.Errorf("headings and ayat: %s", got)
			}
		})
	}
}

// TestRenumberKeepsRunFormatting: a number split over runs of different
// formatting goes into the run it starts in, and the other runs keep their
// text and properties.
func TestRenumberKeepsRunFormatting(t *testing.T) {
	bold := []byte("<w:rPr><w:b/></w:rPr>")
	d := &Document{Body: []*Paragraph{
		{Runs: []Run{{Text: "Pasal 1"}}},
		{Runs: []Run{{Text: "Pasal "}, {Text: "1", Props: bold}, {Text: "A"}}},
		{Runs: []Run{{Text: "Lihat "}, {Text: "Pasal 1", Props: bold}, {Text: "A ayat (1)."}}},
	}}
	r := mustRenumber(t, d)
	if got, want := r.Text(), "Pasal 1\nPasal 2\nLihat Pasal 2 ayat (1).\n"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	h := r.new[1].Runs
	if h[0].Text != "Pasal " || h[1].Text != "2" || !bytes.Equal(h[1].Props, bold) || h[2].Text != "" {
		t.Errorf("heading runs %+v", h)
	}
	ref := r.new[2].Runs
	if ref[1].Text != "Pasal 2" || !bytes.Equal(ref[1].Props, bold) || ref[2].Text != " ayat (1)." {
		t.Errorf("reference runs %+v", ref)
	}
}

func TestRenumberWithoutPackage(t *testing.T) {
	r := mustRenumber(t, renumberLines("Pasal 2"))
	if err := r.WriteDocx(io.Discard, true, "", time.Time{}); err != ErrNoRenumberPackage {
		t.Errorf("WriteDocx without a package: %v", err)
	}
	if _, err := Renumber(nil); err == nil {
		t.Error("Renumber(nil) gave no error")
	}
}

// BenchmarkRenumberBig renumbers the 300-Pasal benchmark document
// (big-v2.docx). Target: under 100 ms/op.
func BenchmarkRenumberBig(b *testing.B) {
	d := openFixture(b, "big-v2.docx")
	b.ReportAllocs()
	for b.Loop() {
		r, err := Renumber(d)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.PasalMap) < 300 {
			b.Fatalf("%d Pasal found", len(r.PasalMap))
		}
	}
}

// BenchmarkRenumberWriteDocxBig writes the renumbered 300-Pasal document
// with tracked changes.
func BenchmarkRenumberWriteDocxBig(b *testing.B) {
	r := mustRenumber(b, openFixture(b, "big-v2.docx"))
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteDocx(io.Discard, true, "Sepakat", time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzRenumberLines renumbers documents of arbitrary typed lines: no panic,
// one line out for each line in.
func FuzzRenumberLines(f *testing.F) {
	f.Add("Pasal 1\n(1) Satu.\nPasal 1A\n(1a) Lihat Pasal 1 ayat (1) dan ayat (2), (3) s.d. (4).\nayat (1) Pasal 1A")
	f.Add("Pasal 8A\n(1) pasal\u00a09 ayat (1a) huruf b Undang-Undang\nPasal 99999Z")
	f.Add("Pasal 2\n(12345a) ayat (\nayat ((1)) Pasal , dan Pasal 2 ayat (1), dan")
	f.Fuzz(func(t *testing.T, s string) {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if strings.TrimSpace(l) != "" && utf8.ValidString(l) {
				lines = append(lines, l)
			}
		}
		r := mustRenumber(t, renumberLines(lines...))
		if got := strings.Count(r.Text(), "\n"); got != len(lines) {
			t.Errorf("%d lines in, %d out", len(lines), got)
		}
	})
}
