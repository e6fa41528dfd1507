package drafting

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat/internal/testtool"
)

// TestCombineUntrackedCopies combines copies edited without Track Changes
// (attributed to the names given): edits of different reviewers in one
// paragraph merge, identical edits appear once, disagreeing ones conflict.
func TestCombineUntrackedCopies(t *testing.T) {
	base := []string{
		"PERJANJIAN KERJA SAMA",
		"Pasal 1",
		"(1) Jangka waktu pelaksanaan kegiatan adalah 30 (tiga puluh) hari sejak penandatanganan perjanjian ini oleh para pihak.",
		"(2) Biaya kegiatan dibebankan pada anggaran masing-masing pihak sesuai ketentuan yang berlaku.",
		"Pasal 2",
		"Perselisihan diselesaikan secara musyawarah untuk mufakat oleh para pihak.",
	}
	edit := func(pairs ...string) []string {
		out := append([]string(nil), base...)
		for i := 0; i < len(pairs); i += 2 {
			for k := range out {
				out[k] = strings.Replace(out[k], pairs[i], pairs[i+1], 1)
			}
		}
		return out
	}
	a := edit("Jangka waktu", "Masa", "pada anggaran", "pada APBD")                 // start of (1); (2)
	b := edit("oleh para pihak.", "oleh PARA PIHAK.", "pada anggaran", "pada APBD") // end of (1) and Pasal 2; same (2) edit as a
	c := edit("30 (tiga puluh) hari", "14 (empat belas) hari")                      // no overlap with a or b
	d := edit("30 (tiga puluh) hari", "60 (enam puluh) hari")                       // clashes with c
	doc := func(lines []string) *Document { return mustRead(t, simpleDocx(t, lines)) }
	cm, err := Combine(doc(base), []ReviewCopy{{doc(a), "Reviewer A"}, {doc(b), "Reviewer B"}, {doc(c), "Reviewer C"}, {doc(d), "Reviewer D"}})
	if err != nil {
		t.Fatal(err)
	}
	r := cm.Report
	if len(r.Conflicts) != 1 {
		t.Fatalf("conflicts = %+v, want one", r.Conflicts)
	}
	cf := r.Conflicts[0]
	if cf.Pasal != 1 || !strings.Contains(cf.BaseText, "30 (tiga puluh") || len(cf.Alternatives) != 2 ||
		cf.Alternatives[0].Author != "Reviewer C" || cf.Alternatives[1].Author != "Reviewer D" ||
		!strings.Contains(cf.Alternatives[0].Text, "14 (empat belas") || !strings.Contains(cf.Alternatives[1].Text, "60 (enam puluh") {
		t.Errorf("conflict = %+v", cf)
	}
	if r.Duplicates != 1 {
		t.Errorf("duplicates = %d, want 1 (the APBD edit of A and B)", r.Duplicates)
	}
	var out bytes.Buffer
	if err := cm.WriteDocx(&out, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	merged := mustRead(t, out.Bytes())
	if got, want := merged.Text(Reject), doc(base).Text(Accept); got != want {
		t.Errorf("reject all of the merged document is not the base:\n%s", testtool.FirstLineDiff(want, got))
	}
	acc := merged.Text(Accept)
	for _, want := range []string{
		"(1) Masa pelaksanaan kegiatan adalah",
		"penandatanganan perjanjian ini oleh PARA PIHAK.",
		"(2) Biaya kegiatan dibebankan pada APBD masing-masing",
		"musyawarah untuk mufakat oleh PARA PIHAK.",
	} {
		if !strings.Contains(acc, want) {
			t.Errorf("accept all lacks %q:\n%s", want, acc)
		}
	}
	if strings.Count(acc, "APBD") != 1 {
		t.Errorf("the identical edit appears %d times", strings.Count(acc, "APBD"))
	}
	// Authors of the tracked changes.
	authors := map[string]bool{}
	for _, p := range merged.Body {
		for _, run := range p.Runs {
			if run.Rev != RevNone {
				authors[run.Author] = true
			}
		}
	}
	for _, who := range []string{"Reviewer A", "Reviewer B", "Reviewer C", "Reviewer D"} {
		if !authors[who] {
			t.Errorf("no tracked change by %s (authors: %v)", who, authors)
		}
	}
	// The conflict carries a comment naming both reviewers.
	found := false
	for _, cmt := range merged.Comments {
		if strings.Contains(cmt.Text, "Reviewer C") && strings.Contains(cmt.Text, "Reviewer D") {
			found = true
		}
	}
	if !found {
		t.Errorf("no conflict comment naming both reviewers: %+v", merged.Comments)
	}
}

func TestCombineRefusesOtherDocument(t *testing.T) {
	base := mustRead(t, simpleDocx(t, []string{"Pasal 1", "Isi perjanjian kerja sama tentang pendidikan.", "Pasal 2", "Isi tentang pembiayaan kegiatan."}))
	other := mustRead(t, simpleDocx(t, []string{"SURAT KEPUTUSAN", "Menimbang bahwa perlu menetapkan tim.", "Memutuskan menetapkan susunan tim koordinasi."}))
	other.Name = "lain.docx"
	_, err := Combine(base, []ReviewCopy{{Doc: base}, {Doc: other}})
	if !errors.Is(err, ErrNotACopy) || !strings.Contains(err.Error(), "lain.docx") {
		t.Fatalf("err = %v, want ErrNotACopy naming lain.docx", err)
	}
}

// expectedCombination is the part of review/*combined.expected.json (written
// by the fixture generator, which knows what each reviewer changed) that
// the tests check.
type expectedCombination struct {
	Conflicts []struct {
		Pasal        int    `json:"pasal"`
		Base         string `json:"base"`
		Alternatives []struct {
			Authors []string `json:"authors"`
			Text    string   `json:"text"`
		} `json:"alternatives"`
	} `json:"conflicts"`
	Comments []struct {
		Author string `json:"author"`
		Text   string `json:"text"`
		Quote  string `json:"quote"`
		Pasal  int    `json:"pasal"`
		Parent string `json:"parent"`
	} `json:"comments"`
}

func loadExpected(t *testing.T, name string) expectedCombination {
	t.Helper()
	data, err := os.ReadFile(testtool.Testdata(t, "drafting", "review", name))
	if err != nil {
		t.Fatal(err)
	}
	var e expectedCombination
	if err := json.Unmarshal(data, &e); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return e
}

func combineFixtures(t *testing.T, base string, copies ...string) (*Combined, *Document, *Document, []byte) {
	t.Helper()
	bd := openFixture(t, filepath.Join("review", base))
	var rcs []ReviewCopy
	for _, c := range copies {
		rcs = append(rcs, ReviewCopy{Doc: openFixture(t, filepath.Join("review", c))})
	}
	cm, err := Combine(bd, rcs)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := cm.WriteDocx(&out, time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return cm, bd, mustRead(t, out.Bytes()), out.Bytes()
}

// checkCombination checks a combination against what the generator
// expects: the conflicts, the text with every other edit applied, reject
// all giving the base, comments with their threads, unique ids.
func checkCombination(t *testing.T, cm *Combined, base, merged *Document, mergedData []byte, want expectedCombination, acceptFile string) {
	t.Helper()
	// Conflicts: Pasal, base words and each reviewer's alternative.
	if len(cm.Report.Conflicts) != len(want.Conflicts) {
		t.Errorf("%d conflicts, want %d: %+v", len(cm.Report.Conflicts), len(want.Conflicts), cm.Report.Conflicts)
	}
	for _, w := range want.Conflicts {
		found := false
		for _, g := range cm.Report.Conflicts {
			if g.Pasal != w.Pasal || g.BaseText != w.Base || len(g.Alternatives) != len(w.Alternatives) {
				continue
			}
			same := true
			for i, a := range w.Alternatives {
				if g.Alternatives[i].Text != a.Text || !slices.Contains(a.Authors, g.Alternatives[i].Author) {
					same = false
				}
			}
			found = found || same
		}
		if !found {
			t.Errorf("conflict in Pasal %d on %q not reported as expected %+v; got %+v", w.Pasal, w.Base, w, cm.Report.Conflicts)
		}
	}
	// Reject all: the base.
	if got, wantText := merged.Text(Reject), base.Text(Accept); got != wantText {
		t.Errorf("reject all of the merged document is not the base:\n%s", testtool.FirstLineDiff(wantText, got))
	}
	// Accept all: every edit applied; a conflict's paragraph holds the
	// alternatives, so it is compared with the conflicts settled for the base.
	wantAccept, err := os.ReadFile(testtool.Testdata(t, "drafting", "review", acceptFile))
	if err != nil {
		t.Fatal(err)
	}
	// The expected texts print non-breaking spaces as spaces, as `sepakat
	// text` does.
	nbsp := strings.NewReplacer("\u00a0", " ")
	if got := nbsp.Replace(cm.AcceptedText()); got != string(wantAccept) {
		t.Errorf("base with every non-conflicting edit differs from %s:\n%s", acceptFile, testtool.FirstLineDiff(string(wantAccept), got))
	}
	gotLines, wantLines := strings.Split(nbsp.Replace(merged.Text(Accept)), "\n"), strings.Split(string(wantAccept), "\n")
	if len(gotLines) != len(wantLines) {
		t.Fatalf("accept all has %d lines, want %d", len(gotLines), len(wantLines))
	}
	conflicted := 0
	for i := range gotLines {
		if gotLines[i] == wantLines[i] {
			continue
		}
		inConflict := false
		for _, c := range cm.Report.Conflicts {
			if strings.Contains(wantLines[i], c.BaseText) && strings.Contains(gotLines[i], c.Alternatives[0].Text) {
				inConflict = true
			}
		}
		if !inConflict {
			t.Errorf("accept all, line %d outside any conflict:\nwant %q\n got %q", i+1, wantLines[i], gotLines[i])
		}
		conflicted++
	}
	if conflicted > len(cm.Report.Conflicts) {
		t.Errorf("%d lines differ for %d conflicts", conflicted, len(cm.Report.Conflicts))
	}
	// Comments and replies, anchored on the quoted words, threads kept.
	byID := map[string]Comment{}
	for _, c := range merged.Comments {
		byID[c.ID] = c
	}
	for _, w := range want.Comments {
		found := false
		for _, g := range merged.Comments {
			if g.Author == w.Author && g.Text == w.Text && normalizeLine(g.Anchor) == normalizeLine(w.Quote) {
				found = true
				if (w.Parent != "") != (g.ParentID != "") {
					t.Errorf("comment %q: parent %q, want a parent: %v", w.Text, g.ParentID, w.Parent != "")
				}
			}
		}
		if !found {
			t.Errorf("comment by %s %q on %q missing from the merged document", w.Author, w.Text, w.Quote)
		}
	}
	if got := len(merged.Comments) - len(cm.Report.Conflicts); got != len(want.Comments) {
		t.Errorf("%d reviewer comments in the merged document, want %d", got, len(want.Comments))
	}
	// Unique ids.
	doc := string(mainPart(t, mergedData))
	for _, pat := range []string{`<w:(?:ins|del|pPrChange) w:id="(\d+)"`, `<w:commentRangeStart w:id="(\d+)"`} {
		seen := map[string]bool{}
		for _, m := range regexp.MustCompile(pat).FindAllStringSubmatch(doc, -1) {
			if seen[m[1]] {
				t.Errorf("id %s used twice (%s)", m[1], pat)
			}
			seen[m[1]] = true
		}
	}
}

func mainPart(t *testing.T, data []byte) []byte {
	t.Helper()
	d := mustRead(t, data)
	for _, f := range d.pkg.files {
		if f.Name == d.pkg.mainPart {
			return f.Data
		}
	}
	t.Fatal("no main part")
	return nil
}

// TestCombineReviewCopies combines the reviewer copies made with pandoc and
// LibreOffice (testdata/drafting/review): two reviewers in different Pasal,
// two in one paragraph without overlap, two replacing the same words
// differently, an identical edit, a comment with a reply, a comment over
// two paragraphs, untracked edits.
func TestCombineReviewCopies(t *testing.T) {
	cm, base, merged, data := combineFixtures(t, "base.docx",
		"copy-dinas-kominfo.docx", "copy-bagian-hukum.docx", "copy-unmul.docx", "copy-bappeda.docx", "copy-untracked.docx")
	checkCombination(t, cm, base, merged, data, loadExpected(t, "combined.expected.json"), "combined.accept.txt")
	if cm.Report.Duplicates == 0 {
		t.Error("the edit made identically by Bagian Hukum and PPKSD Unmul is not reported as a duplicate")
	}
	authors := map[string]bool{}
	for _, ch := range merged.TrackedChanges() {
		authors[ch.Author] = true
	}
	for _, who := range []string{"Dinas Kominfo", "Bagian Hukum", "PPKSD Unmul", "Dinas Pariwisata"} {
		if !authors[who] {
			t.Errorf("no tracked change by %s in the merged document (authors %v)", who, authors)
		}
	}
	if authors["Bappeda"] {
		t.Error("Bappeda only commented, yet has tracked changes")
	}
	checkWithTools(t, base, data)
}

// TestCombineLibreOfficeCopy: a reviewer's copy saved again by LibreOffice
// reads as the same edits, so combining it with the original adds nothing
// twice.
func TestCombineLibreOfficeCopy(t *testing.T) {
	cm, _, merged, _ := combineFixtures(t, "base.docx", "copy-dinas-kominfo.docx", "copy-lo.docx")
	if len(cm.Report.Conflicts) != 0 {
		t.Errorf("conflicts between a copy and its LibreOffice round trip: %+v", cm.Report.Conflicts)
	}
	one, _, _, _ := combineFixtures(t, "base.docx", "copy-dinas-kominfo.docx")
	if got, want := merged.Text(Accept), mustReadCombined(t, one).Text(Accept); got != want {
		t.Errorf("combining a copy with its LibreOffice round trip differs from the copy alone:\n%s", testtool.FirstLineDiff(want, got))
	}
	if len(merged.Comments) != 1 {
		t.Errorf("%d comments, want the one comment once", len(merged.Comments))
	}
}

func mustReadCombined(t *testing.T, cm *Combined) *Document {
	t.Helper()
	var out bytes.Buffer
	if err := cm.WriteDocx(&out, time.Now()); err != nil {
		t.Fatal(err)
	}
	return mustRead(t, out.Bytes())
}

// TestCombineRefusesNotACopy: one foreign document among the copies and
// nothing is combined.
func TestCombineRefusesNotACopy(t *testing.T) {
	base := openFixture(t, filepath.Join("review", "base.docx"))
	good := openFixture(t, filepath.Join("review", "copy-dinas-kominfo.docx"))
	bad := openFixture(t, filepath.Join("review", "not-a-copy.docx"))
	cm, err := Combine(base, []ReviewCopy{{Doc: good}, {Doc: bad}})
	if cm != nil || !errors.Is(err, ErrNotACopy) || !strings.Contains(err.Error(), "not-a-copy.docx") {
		t.Fatalf("Combine = %v, %v; want ErrNotACopy naming not-a-copy.docx", cm, err)
	}
}

// TestCombineBigCopies combines the ten reviewer copies of the 300-Pasal
// PKS and checks the result against the generator's expectations.
func TestCombineBigCopies(t *testing.T) {
	var copies []string
	for i := 1; i <= 10; i++ {
		copies = append(copies, fmt.Sprintf("big-copy-%02d.docx", i))
	}
	bd := openFixture(t, "big-v1.docx")
	var rcs []ReviewCopy
	for _, c := range copies {
		rcs = append(rcs, ReviewCopy{Doc: openFixture(t, filepath.Join("review", c))})
	}
	cm, err := Combine(bd, rcs)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := cm.WriteDocx(&out, time.Now()); err != nil {
		t.Fatal(err)
	}
	checkCombination(t, cm, bd, mustRead(t, out.Bytes()), out.Bytes(), loadExpected(t, "big-combined.expected.json"), "big-combined.accept.txt")
}

// checkWithTools opens the merged document in LibreOffice and pandoc:
// LibreOffice's own "reject all" gives the base line for line, pandoc's
// reject gives the base's words.
func checkWithTools(t *testing.T, base *Document, merged []byte) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "merged.docx")
	if err := os.WriteFile(path, merged, 0o644); err != nil {
		t.Fatal(err)
	}
	basePath := testtool.Testdata(t, "drafting", "review", "base.docx")
	pandoc := testtool.Require(t, "pandoc")
	words := func(file, mode string) string {
		out, err := exec.Command(pandoc, "-t", "plain", "--wrap=none", "--track-changes="+mode, file).Output()
		if err != nil {
			t.Fatalf("pandoc %s: %v", file, err)
		}
		return strings.Join(strings.Fields(string(out)), " ")
	}
	if got, want := words(path, "reject"), words(basePath, "accept"); got != want {
		t.Errorf("pandoc: reject all of the merged document differs from the base:\n%s", wordDiffAt(want, got))
	}
	// LibreOffice reads every comment (converted to ODT: one
	// office:annotation each)…
	soffice := testtool.Require(t, "soffice")
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "lo")
	if b, err := exec.Command(soffice, profile, "--headless", "--convert-to", "odt", "--outdir", dir, path).CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice could not convert the merged document: %v\n%s", err, b)
	}
	content := zipEntry(t, filepath.Join(dir, "merged.odt"), "content.xml")
	if got, want := strings.Count(string(content), "<office:annotation "), len(mustRead(t, merged).Comments); got != want {
		t.Errorf("LibreOffice reads %d comments, want %d", got, want)
	}
	// …and its own "reject all" gives the base line for line. LibreOffice
	// 7.4 driven through UNO here fails to load any document with comments
	// (pandoc's own comments.docx too), so this check runs on a copy whose
	// comment anchors are removed.
	py := testtool.RequirePython(t, "uno", "python3-uno")
	script := testtool.Testdata(t, "drafting", "lo-text.py")
	bare := filepath.Join(dir, "bare.docx")
	if err := os.WriteFile(bare, withoutCommentAnchors(t, merged), 0o644); err != nil {
		t.Fatal(err)
	}
	rej, ref := filepath.Join(dir, "rej.txt"), filepath.Join(dir, "base.txt")
	if b, err := exec.Command(py, script, "file://"+filepath.Join(dir, "lo-uno"), "reject:"+bare+":"+rej, "none:"+basePath+":"+ref).CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice could not open the merged document: %v\n%s", err, b)
	}
	got, _ := os.ReadFile(rej)
	want, _ := os.ReadFile(ref)
	if string(got) != string(want) {
		t.Errorf("LibreOffice: reject all of the merged document differs from the base:\n%s", testtool.FirstLineDiff(string(want), string(got)))
	}
}

// zipEntry returns one entry of a zip file.
func zipEntry(t *testing.T, file, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			var b bytes.Buffer
			b.ReadFrom(rc)
			return b.Bytes()
		}
	}
	t.Fatalf("%s has no %s", file, name)
	return nil
}

// commentAnchor matches the comment range marks and references of a body.
var commentAnchor = regexp.MustCompile(`<w:commentRange(?:Start|End) w:id="\d+"/>|<w:r><w:commentReference w:id="\d+"/></w:r>`)

// withoutCommentAnchors returns a copy of a merged document whose body has
// no comment anchors.
func withoutCommentAnchors(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		body := b.Bytes()
		if f.Name == "word/document.xml" {
			body = commentAnchor.ReplaceAll(body, nil)
		}
		w, _ := zw.Create(f.Name)
		w.Write(body)
	}
	zw.Close()
	return out.Bytes()
}
