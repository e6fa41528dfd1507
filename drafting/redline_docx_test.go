package drafting

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat/internal/testtool"
)

// simpleDocx builds a minimal but complete .docx whose body holds one
// paragraph per line. A line starting with "**" is written in bold, split
// over two runs in the middle of a word, as editing history leaves them.
func simpleDocx(tb testing.TB, lines []string) []byte {
	tb.Helper()
	var body strings.Builder
	for _, l := range lines {
		body.WriteString("<w:p>")
		if strings.HasPrefix(l, "Pasal ") {
			body.WriteString(`<w:pPr><w:jc w:val="center"/></w:pPr>`)
		}
		text := l
		props := ""
		if strings.HasPrefix(l, "**") {
			text, props = l[2:], "<w:rPr><w:b/></w:rPr>"
		}
		if text != "" {
			cut := len(text) / 2
			for _, part := range []string{text[:cut], text[cut:]} {
				var esc bytes.Buffer
				escapeText(&esc, part)
				fmt.Fprintf(&body, `<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>`, props, esc.String())
			}
		}
		body.WriteString("</w:p>")
	}
	files := []pkgFile{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`)},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`)},
		{"docProps/core.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><cp:lastModifiedBy>ARNP Kota</cp:lastModifiedBy><dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-20T09:30:00Z</dcterms:modified></cp:coreProperties>`)},
		{"word/document.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `<w:sectPr><w:pgSz w:w="12240" w:h="18709"/></w:sectPr></w:body></w:document>`)},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func mustRead(tb testing.TB, data []byte) *Document {
	tb.Helper()
	d, err := Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("read: %v", err)
	}
	return d
}

// redlineRoundTrip writes the redline of old → new and reads it back:
// accepting all must give new's text and rejecting all old's.
func redlineRoundTrip(tb testing.TB, old, new *Document) []byte {
	tb.Helper()
	var out bytes.Buffer
	if err := Compare(old, new).WriteDocx(&out, DocxOptions{Author: "Penguji", Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}); err != nil {
		tb.Fatalf("write redline: %v", err)
	}
	red := mustRead(tb, out.Bytes())
	if got, want := red.Text(Accept), new.Text(Accept); got != want {
		tb.Errorf("accept all of the redline differs from the new text:\n%s", testtool.FirstLineDiff(want, got))
	}
	if got, want := red.Text(Reject), old.Text(Accept); got != want {
		tb.Errorf("reject all of the redline differs from the old text:\n%s", testtool.FirstLineDiff(want, got))
	}
	return out.Bytes()
}

// TestRedlineDocxRandomEdits applies random edits (words changed, inserted
// and deleted; paragraphs and whole Pasal inserted, deleted and moved) to a
// generated agreement and checks the redline .docx both ways.
func TestRedlineDocxRandomEdits(t *testing.T) {
	vocab := strings.Fields("para pihak sepakat untuk melaksanakan kerja sama di bidang pendidikan penelitian dan pengabdian kepada masyarakat dengan jangka waktu 3 (tiga) tahun sejak ditandatangani biaya dibebankan pada anggaran masing-masing sesuai ketentuan peraturan perundang-undangan yang berlaku")
	rng := rand.New(rand.NewPCG(7, 23))
	sentence := func() string {
		n := 6 + rng.IntN(14)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(ws, " ") + "."
	}
	for round := 0; round < 40; round++ {
		var pasal [][]string
		for i := 0; i < 4+rng.IntN(6); i++ {
			var body []string
			for j := 0; j < 1+rng.IntN(4); j++ {
				s := sentence()
				if rng.IntN(5) == 0 {
					s = "**" + s
				}
				body = append(body, fmt.Sprintf("(%d) %s", j+1, s))
			}
			pasal = append(pasal, body)
		}
		edited := make([][]string, 0, len(pasal))
		for _, body := range pasal {
			switch rng.IntN(10) {
			case 0: // Pasal deleted
				continue
			case 1: // Pasal inserted before this one
				edited = append(edited, []string{"(1) " + sentence()})
			}
			nb := make([]string, 0, len(body))
			for _, p := range body {
				switch rng.IntN(6) {
				case 0:
					continue
				case 1:
					nb = append(nb, "(9) "+sentence())
				case 2:
					ws := strings.Fields(p)
					ws[rng.IntN(len(ws))] = vocab[rng.IntN(len(vocab))]
					if rng.IntN(2) == 0 {
						k := 1 + rng.IntN(len(ws)-1)
						ws = append(ws[:k], append([]string{vocab[rng.IntN(len(vocab))]}, ws[k:]...)...)
					}
					p = strings.Join(ws, " ")
				}
				nb = append(nb, p)
			}
			edited = append(edited, nb)
		}
		if len(edited) > 2 && rng.IntN(3) == 0 { // a Pasal moved to the end
			k := rng.IntN(len(edited) - 1)
			edited = append(append(edited[:k:k], edited[k+1:]...), edited[k])
		}
		lines := func(ps [][]string) []string {
			out := []string{"PERJANJIAN KERJA SAMA", "antara", "PEMERINTAH KOTA SAMARINDA"}
			for i, body := range ps {
				out = append(out, fmt.Sprintf("Pasal %d", i+1))
				out = append(out, body...)
				if i == 1 {
					out = append(out, "") // an empty paragraph
				}
			}
			return out
		}
		old := mustRead(t, simpleDocx(t, lines(pasal)))
		new := mustRead(t, simpleDocx(t, lines(edited)))
		redlineRoundTrip(t, old, new)
		if t.Failed() {
			t.Fatalf("round %d failed", round)
		}
	}
}

// fixturePairs are the revision pairs generated with pandoc and LibreOffice
// (testdata/drafting/README.md).
var fixturePairs = [][2]string{
	{"pks-v1.docx", "pks-v2.docx"},
	{"pks-numbered-v1.docx", "pks-numbered-v2.docx"},
	{"pks-lo-v1.docx", "pks-lo-v2.docx"},
	{"big-v1.docx", "big-v2.docx"},
}

func openFixture(tb testing.TB, name string) *Document {
	tb.Helper()
	d, err := Open(testtool.Testdata(tb, "drafting", name))
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return d
}

// TestRedlineDocxFixtures writes the redline of every fixture pair and
// checks it three ways:
//   - our reader: accept all gives the new version's lines, reject all the
//     old version's, list labels included;
//   - LibreOffice (testdata/drafting/lo-text.py): its own "accept all" and
//     "reject all" commands give, line for line and label for label, the
//     text LibreOffice reads from the new and the old version;
//   - pandoc --track-changes=accept|reject: the same words as pandoc reads
//     from the new and the old version. List labels are left out of this
//     comparison: pandoc 2.17 keeps an empty list item for a numbered
//     paragraph whose text and paragraph mark are both removed, and numbers
//     its lists itself; the labels are checked exactly by the other two.
func TestRedlineDocxFixtures(t *testing.T) {
	dir := t.TempDir()
	var loJobs []string
	var loChecks [][2]string // {got, want} text files LibreOffice writes
	for _, pair := range fixturePairs {
		t.Run(pair[0], func(t *testing.T) {
			old, new := openFixture(t, pair[0]), openFixture(t, pair[1])
			red := redlineRoundTrip(t, old, new)
			base := strings.TrimSuffix(pair[0], ".docx")
			path := filepath.Join(dir, base+"-redline.docx")
			if err := os.WriteFile(path, red, 0o644); err != nil {
				t.Fatal(err)
			}
			oldPath, newPath := testtool.Testdata(t, "drafting", pair[0]), testtool.Testdata(t, "drafting", pair[1])
			out := func(name string) string { return filepath.Join(dir, base+"-"+name+".txt") }
			loJobs = append(loJobs,
				"accept:"+path+":"+out("accept"), "reject:"+path+":"+out("reject"),
				"none:"+newPath+":"+out("new"), "none:"+oldPath+":"+out("old"))
			loChecks = append(loChecks, [2]string{out("accept"), out("new")}, [2]string{out("reject"), out("old")})

			pandoc := testtool.Require(t, "pandoc")
			words := func(file, mode string) string {
				out, err := exec.Command(pandoc, "-t", "plain", "--wrap=none", "--track-changes="+mode, file).Output()
				if err != nil {
					t.Fatalf("pandoc %s %s: %v", mode, file, err)
				}
				var ws []string
				for _, w := range strings.Fields(string(out)) {
					if !listLabel.MatchString(w) {
						ws = append(ws, w)
					}
				}
				return strings.Join(ws, " ")
			}
			if got, want := words(path, "accept"), words(newPath, "accept"); got != want {
				t.Errorf("pandoc: accept all of the redline differs from the new version:\n%s", wordDiffAt(want, got))
			}
			if got, want := words(path, "reject"), words(oldPath, "accept"); got != want {
				t.Errorf("pandoc: reject all of the redline differs from the old version:\n%s", wordDiffAt(want, got))
			}
		})
	}
	testtool.Require(t, "soffice")
	py := testtool.RequirePython(t, "uno", "python3-uno")
	script := testtool.Testdata(t, "drafting", "lo-text.py")
	args := append([]string{script, "file://" + filepath.Join(dir, "lo-profile")}, loJobs...)
	if b, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice could not open or resolve the redlines: %v\n%s", err, b)
	}
	for _, c := range loChecks {
		got, err1 := os.ReadFile(c[0])
		want, err2 := os.ReadFile(c[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("LibreOffice wrote no text: %v %v", err1, err2)
		}
		if string(got) != string(want) {
			t.Errorf("LibreOffice: %s differs from %s:\n%s", filepath.Base(c[0]), filepath.Base(c[1]), testtool.FirstLineDiff(string(want), string(got)))
		}
	}
}

// listLabel matches a list label standing alone as a word in pandoc's
// plain text: "1.", "(2)", "a.", "iv.", "a)".
var listLabel = regexp.MustCompile(`^(\(?[0-9]+[.)]|\([0-9]+\)|\(?([a-z]|[ivxlc]{2,5})[.)]|\(([a-z]|[ivxlc]{2,5})\))$`)

// wordDiffAt shows where two texts of words first differ.
func wordDiffAt(want, got string) string {
	w, g := strings.Fields(want), strings.Fields(got)
	for i := 0; i < max(len(w), len(g)); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			lo := max(0, i-8)
			return fmt.Sprintf("at word %d:\nwant …%s…\n got …%s…", i, strings.Join(w[lo:min(len(w), i+8)], " "), strings.Join(g[lo:min(len(g), i+8)], " "))
		}
	}
	return "(same words)"
}

// editPart returns a copy of a .docx whose part name has each old string
// replaced by the new one (byte splicing, as the fixtures are made).
func editPart(tb testing.TB, path, name string, edits ...string) []byte {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		var data bytes.Buffer
		data.ReadFrom(rc)
		rc.Close()
		b := data.Bytes()
		if f.Name == name {
			for i := 0; i+1 < len(edits); i += 2 {
				if !bytes.Contains(b, []byte(edits[i])) {
					tb.Fatalf("%s has no %q", name, edits[i])
				}
				b = bytes.Replace(b, []byte(edits[i]), []byte(edits[i+1]), 1)
			}
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// TestRedlineDocxTables: words changed inside table cells and around the
// tables come out as tracked changes inside the same table structure.
func TestRedlineDocxTables(t *testing.T) {
	path := testtool.Testdata(t, "drafting", "tables.docx")
	oldData, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	newData := editPart(t, path, "word/document.xml",
		"Pembangunan dan pengujian aplikasi", "Pembangunan, uji coba dan pengujian aplikasi",
		"6 (enam) bulan", "8 (delapan) bulan",
		"Honorarium tenaga ahli", "Honorarium narasumber",
		"dapat diubah atas</w:t>", "hanya dapat diubah secara tertulis atas</w:t>")
	old, new := mustRead(t, oldData), mustRead(t, newData)
	red := redlineRoundTrip(t, old, new)
	got := mustRead(t, red)
	if len(got.Tables) != len(new.Tables) {
		t.Fatalf("redline has %d tables, want %d", len(got.Tables), len(new.Tables))
	}
	inCell := 0
	for _, p := range got.Body {
		if p.Table != nil && strings.Contains(p.Text(Accept), "delapan") && strings.Contains(p.Text(Reject), "enam") {
			inCell++
		}
	}
	if inCell != 1 {
		t.Errorf("the changed cell is not a tracked change inside the table (%d found)", inCell)
	}
	pandoc := testtool.Require(t, "pandoc")
	dir := t.TempDir()
	for name, data := range map[string][]byte{"red.docx": red, "new.docx": newData} {
		os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	plain := func(file, mode string) string {
		out, err := exec.Command(pandoc, "-t", "plain", "--wrap=none", "--track-changes="+mode, file).Output()
		if err != nil {
			t.Fatalf("pandoc: %v", err)
		}
		return string(out)
	}
	// Tables included, pandoc draws the same grid for both.
	if got, want := plain(filepath.Join(dir, "red.docx"), "accept"), plain(filepath.Join(dir, "new.docx"), "accept"); got != want {
		t.Errorf("pandoc: accepted redline differs from the new version:\n%s", testtool.FirstLineDiff(want, got))
	}
	if got, want := plain(filepath.Join(dir, "red.docx"), "reject"), plain(path, "accept"); got != want {
		t.Errorf("pandoc: rejected redline differs from the old version:\n%s", testtool.FirstLineDiff(want, got))
	}
}
