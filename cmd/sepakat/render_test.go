package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/sepakat/sepakat/internal/testtool"
	"github.com/sepakat/sepakat/signing"
)

// demoKB is the demo Kesepakatan Bersama (version 2), with its signature
// table.
func demoKB(t testing.TB) string {
	t.Helper()
	return filepath.Join(testtool.Repo(t), "cmd", "sepakat", "demodocs", "kb-v2.docx")
}

// lampiranPath returns the path of a lampiran fixture of testdata/print.
func lampiranPath(t testing.TB, name string) string {
	t.Helper()
	return testtool.Testdata(t, "print", name)
}

// px converts millimetres on the page to pixels at dpi.
func px(mm float64, dpi int) int {
	return int(mm / 25.4 * float64(dpi))
}

// render runs `sepakat render` and returns the PDF it wrote.
func render(t *testing.T, in string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.pdf")
	_, errOut, status := sepakatCmd(t, append([]string{"render", in, "-o", out}, args...)...)
	if status != 0 {
		t.Fatalf("sepakat render %s %v: status %d: %s", in, args, status, errOut)
	}
	mustValidPDF(t, out)
	return out
}

// mustValidPDF checks a PDF with pdfcpu, as uploads are checked.
func mustValidPDF(t *testing.T, name string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := signing.ValidatePDF(f, 0); err != nil {
		t.Fatalf("%s: pdfcpu refuses it: %v", name, err)
	}
}

// tool runs an outside program and returns its standard output.
func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(testtool.Require(t, name), args...).Output()
	if err != nil {
		var stderr []byte
		if e, ok := err.(*exec.ExitError); ok {
			stderr = e.Stderr
		}
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr)
	}
	return string(out)
}

// pdfPages returns pdfinfo's page count and the size line of page 1.
func pdfPages(t *testing.T, pdf string) (int, string) {
	t.Helper()
	info := tool(t, "pdfinfo", pdf)
	n := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
	size := regexp.MustCompile(`(?m)^Page size:\s+(.*)$`).FindStringSubmatch(info)
	if n == nil || size == nil {
		t.Fatalf("pdfinfo %s: no page count or size:\n%s", pdf, info)
	}
	pages, _ := strconv.Atoi(n[1])
	return pages, strings.TrimSpace(size[1])
}

// pageText is pdftotext's text of one page.
func pageText(t *testing.T, pdf string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	return tool(t, "pdftotext", "-f", p, "-l", p, pdf, "-")
}

// words splits text into runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// inOrder returns the share of want's words found in got in the same
// order: the longest common subsequence of the two, over len(want). Words
// added between them (footers, paraf captions) do not count against it;
// words out of order do. The subsequence is searched in a band around the
// diagonal, which gives a lower bound: never more than the true share.
func inOrder(want, got []string) float64 {
	n, m := len(want), len(got)
	if n == 0 {
		return 1
	}
	const band = 400
	prev, cur := make([]int, m+1), make([]int, m+1)
	for i := 1; i <= n; i++ {
		center := i * m / n
		lo, hi := max(1, center-band), min(m, center+band)
		for j := lo; j <= hi; j++ {
			v := max(prev[j], cur[j-1])
			if want[i-1] == got[j-1] {
				v = max(v, prev[j-1]+1)
			}
			cur[j] = v
		}
		for j := hi + 1; j <= m; j++ {
			cur[j] = max(cur[j], cur[j-1])
		}
		prev, cur = cur, prev
	}
	best := 0
	for _, v := range prev {
		best = max(best, v)
	}
	return float64(best) / float64(n)
}

// TestRenderDemoKBFinal prints the demo KB as a final and checks the PDF
// from outside: F4 page size, fonts embedded, the words of `sepakat text`
// in reading order, paraf boxes on every page but the signature page, the
// number and short hash in the footer, and the QR code.
func TestRenderDemoKBFinal(t *testing.T) {
	in := demoKB(t)
	url := "https://kerjasama.example.go.id/verifikasi/ABCD2345EFGH6789"
	out := render(t, in, "--number", "001/KB/HK-KS/XI/2026", "--verify-url", url, "--meterai", "kedua")

	pages, size := pdfPages(t, out)
	if size != "609.45 x 935.43 pts" {
		t.Errorf("page size %q, want F4 609.45 x 935.43 pts", size)
	}
	if pages < 2 {
		t.Fatalf("%d pages, want at least 2 (text and signature page)", pages)
	}
	checkFontsEmbedded(t, out)

	text, _, _ := sepakatCmd(t, "text", in)
	all := tool(t, "pdftotext", out, "-")
	if r := inOrder(words(text), words(all)); r < 0.99 {
		t.Errorf("only %.1f%% of the document's words are in the PDF in reading order, want 99%%", 100*r)
	}

	raw, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	short := hex.EncodeToString(sum[:])[:16]
	for p := 1; p <= pages; p++ {
		pt := pageText(t, out, p)
		hasParaf := strings.Contains(pt, "Paraf PIHAK KESATU") && strings.Contains(pt, "Paraf PIHAK KEDUA")
		if p < pages && !hasParaf {
			t.Errorf("page %d has no paraf boxes for both parties:\n%s", p, pt)
		}
		if p == pages && strings.Contains(pt, "Paraf") {
			t.Errorf("the signature page (%d) has paraf boxes", p)
		}
		for _, want := range []string{"Halaman " + strconv.Itoa(p) + " dari " + strconv.Itoa(pages), "Nomor: 001/KB/HK-KS/XI/2026", "SHA-256: " + short} {
			if !strings.Contains(pt, want) {
				t.Errorf("page %d lacks %q", p, want)
			}
		}
	}
	last := pageText(t, out, pages)
	for _, want := range []string{"PIHAK KESATU,", "PIHAK KEDUA,", "WALI KOTA YOGYAKARTA,", "Dr. dr. HASTO WARDOYO, Sp.OG(K)", "METERAI"} {
		if !strings.Contains(last, want) {
			t.Errorf("signature page lacks %q:\n%s", want, last)
		}
	}

	// The paraf boxes are drawn, not only captioned: the box outline at
	// the right of the foot is dark on page 1 and blank on the last page.
	first, sig := pageImage(t, out, 1, 72), pageImage(t, out, pages, 72)
	// The boxes' bottom edge: 38 mm margin, boxes from 8 mm below it, 4 mm
	// caption and 14 mm box; the row of pixels just above that line.
	edge := 330 - 38 + 8 + 4 + 14.0
	box := image.Rect(px(215-20-52, 72)+3, px(edge, 72)-1, px(215-20, 72)-3, px(edge, 72)+1)
	if dark(first, box) < box.Dx()/2 {
		t.Errorf("page 1: no paraf box outline found at %v", box)
	}
	if n := dark(sig, box); n != 0 {
		t.Errorf("signature page: %d dark pixels where the paraf boxes would be", n)
	}

	png := filepath.Join(t.TempDir(), "p1")
	tool(t, "pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", out, png)
	if got := strings.TrimSpace(tool(t, "zbarimg", "--raw", "-q", png+".png")); got != url {
		t.Errorf("QR code decodes to %q, want %q", got, url)
	}
}

// checkFontsEmbedded fails unless pdffonts lists only embedded fonts.
func checkFontsEmbedded(t *testing.T, pdf string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(tool(t, "pdffonts", pdf)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", strings.Join(lines, "\n"))
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni object ID: emb is 5th from the end.
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

// pageImage renders one page with pdftoppm.
func pageImage(t *testing.T, pdf string, page, dpi int) image.Image {
	t.Helper()
	base := filepath.Join(t.TempDir(), "page")
	p := strconv.Itoa(page)
	tool(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, "-png", "-singlefile", pdf, base)
	f, err := os.Open(base + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// dark counts the dark pixels of img inside r.
func dark(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if (cr+cg+cb)/3 < 0x6000 {
				n++
			}
		}
	}
	return n
}

// count returns how many pixels of img are near the colour c.
func count(img image.Image, c [3]int) int {
	n := 0
	b := img.Bounds()
	near := func(v uint32, want int) bool { d := int(v>>8) - want; return d > -8 && d < 8 }
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, c[0]) && near(g, c[1]) && near(bl, c[2]) {
				n++
			}
		}
	}
	return n
}

// TestRenderWordsInReadingOrder checks the 99% word criterion on Word
// files of every kind: typed numbering, Word list labels, LibreOffice's
// output, tables, and the 300-Pasal PKS of about 100 pages.
func TestRenderWordsInReadingOrder(t *testing.T) {
	for _, name := range []string{"pks-v1.docx", "pks-numbered-v1.docx", "pks-lo-v1.docx", "tables.docx", "big-v1.docx"} {
		t.Run(name, func(t *testing.T) {
			in := docxFixture(t, name)
			out := render(t, in)
			text, _, _ := sepakatCmd(t, "text", in)
			// Table cells are read cell by cell by `sepakat text`; pdftotext
			// reads a table's lines across its cells only with -layout
			// (a cell of two lines then ends after its row's first line).
			args, want := []string{out, "-"}, 0.99
			if name == "tables.docx" {
				args, want = []string{"-layout", out, "-"}, 0.95
			}
			got := tool(t, "pdftotext", args...)
			r := inOrder(words(text), words(got))
			t.Logf("%s: %.2f%% of the words in reading order", name, 100*r)
			if r < want {
				t.Errorf("only %.2f%% of the words in reading order, want %.0f%%", 100*r, 100*want)
			}
			_, size := pdfPages(t, out)
			if size != "609.45 x 935.43 pts" {
				t.Errorf("page size %q", size)
			}
		})
	}
}

// TestRenderPaperDraftAndLampiran covers --paper a4, --draft and --append.
func TestRenderPaperDraftAndLampiran(t *testing.T) {
	in := demoKB(t)
	a4 := render(t, in, "--paper", "a4")
	if _, size := pdfPages(t, a4); !strings.HasPrefix(size, "595.") || !strings.Contains(size, "x 841.8") {
		t.Errorf("--paper a4: page size %q", size)
	}

	final := render(t, in)
	draft := render(t, in, "--draft")
	checkFontsEmbedded(t, draft)
	// The watermark is a large area of its own light grey: a draft page
	// has far more such pixels than the same page printed as a final.
	grey := [3]int{215, 215, 215}
	pages, _ := pdfPages(t, draft)
	for p := 1; p <= pages; p++ {
		d, f := count(pageImage(t, draft, p, 30), grey), count(pageImage(t, final, p, 30), grey)
		if d < f+1500 {
			t.Errorf("page %d: %d watermark-grey pixels in the draft, %d in the final; want the DRAFT watermark", p, d, f)
		}
	}

	pkg := render(t, in, "--append", lampiranPath(t, "lampiran-1.pdf")+","+lampiranPath(t, "lampiran-2.pdf"))
	docPages, _ := pdfPages(t, final)
	total, _ := pdfPages(t, pkg)
	if total != docPages+3 {
		t.Fatalf("package has %d pages, want %d + 2 + 1", total, docPages)
	}
	for p := 1; p <= total; p++ {
		if want := "Halaman " + strconv.Itoa(p) + " dari " + strconv.Itoa(total); !strings.Contains(pageText(t, pkg, p), want) {
			t.Errorf("package page %d lacks %q", p, want)
		}
	}
	if !strings.Contains(pageText(t, pkg, docPages+1), "LAMPIRAN I") || !strings.Contains(pageText(t, pkg, total), "DAFTAR KONTAK") {
		t.Errorf("the lampiran are not after the document in order")
	}
}

// TestRenderRefusesDamagedLampiran checks that a bad attachment stops the
// print with one line naming it, and leaves no output (nor touches an
// existing one).
func TestRenderRefusesDamagedLampiran(t *testing.T) {
	in := demoKB(t)
	for _, tc := range []struct{ file, want string }{
		{"damaged.pdf", "damaged"},
		{"encrypted.pdf", "encrypted"},
		{"not-a-pdf.pdf", "not a PDF"},
	} {
		dir := t.TempDir()
		out := filepath.Join(dir, "out.pdf")
		_, errOut, status := sepakatCmd(t, "render", in, "-o", out, "--append", lampiranPath(t, "lampiran-1.pdf")+","+lampiranPath(t, tc.file))
		if status != 1 {
			t.Errorf("%s: status %d, want 1", tc.file, status)
		}
		if lines := strings.Count(strings.TrimSpace(errOut), "\n"); lines != 0 || !strings.Contains(errOut, tc.file) || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "nothing was printed") {
			t.Errorf("%s: stderr %q, want one line naming the file and saying %q", tc.file, errOut, tc.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%s: output left behind: %v", tc.file, entries)
		}

		old := []byte("an earlier print")
		if err := os.WriteFile(out, old, 0o644); err != nil {
			t.Fatal(err)
		}
		sepakatCmd(t, "render", in, "-o", out, "--append", lampiranPath(t, tc.file))
		if got, _ := os.ReadFile(out); !bytes.Equal(got, old) {
			t.Errorf("%s: an existing output file was changed", tc.file)
		}
	}
	for _, args := range [][]string{
		{"render", docxFixture(t, "notzip.docx"), "-o", filepath.Join(t.TempDir(), "x.pdf")},
		{"render", in, "-o", filepath.Join(t.TempDir(), "x.pdf"), "--paper", "letter"},
		{"render", in, "-o", filepath.Join(t.TempDir(), "x.pdf"), "--append", filepath.Join(t.TempDir(), "missing.pdf")},
	} {
		_, errOut, status := sepakatCmd(t, args...)
		if status != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || strings.Contains(errOut, "panic") {
			t.Errorf("%v: status %d, stderr %q; want 1 and one line", args[1:], status, errOut)
		}
	}
}

// TestDiffPDF checks the redline PDF: both versions' changed words are
// there, deletions red, insertions blue, change bars in the margin, and no
// paraf boxes.
func TestDiffPDF(t *testing.T) {
	old, new := docxFixture(t, "pks-v1.docx"), docxFixture(t, "pks-v2.docx")
	out := filepath.Join(t.TempDir(), "redline.pdf")
	if _, errOut, status := sepakatCmd(t, "diff", old, new, "--format", "pdf", "-o", out); status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	mustValidPDF(t, out)
	checkFontsEmbedded(t, out)
	text := tool(t, "pdftotext", out, "-")
	if strings.Contains(text, "Paraf") {
		t.Error("the redline has paraf boxes")
	}
	if !strings.Contains(text, "PERBANDINGAN NASKAH") || !strings.Contains(text, "pks-v1.docx") || !strings.Contains(text, "pks-v2.docx") {
		t.Error("the redline does not name what it compares")
	}
	// Every word of the new version and every deleted word is printed.
	newText, _, _ := sepakatCmd(t, "text", new)
	if r := inOrder(words(newText), words(text)); r < 0.99 {
		t.Errorf("%.1f%% of the new version's words in order", 100*r)
	}
	js, _, _ := sepakatCmd(t, "diff", old, new, "--format", "text")
	deleted := regexp.MustCompile(`\[-(.*?)-\]`).FindAllStringSubmatch(js, -1)
	if len(deleted) == 0 {
		t.Fatal("the fixture pair has no deleted words")
	}
	for _, d := range deleted {
		for _, w := range words(d[1]) {
			if !strings.Contains(text, w) {
				t.Errorf("deleted word %q missing from the redline", w)
			}
		}
	}
	pages, _ := pdfPages(t, out)
	var red, blue, bar int
	for p := 1; p <= pages; p++ {
		img := pageImage(t, out, p, 50)
		red += count(img, [3]int{190, 0, 0})
		blue += count(img, [3]int{0, 70, 180})
		bar += count(img, [3]int{200, 120, 0})
	}
	if red < 50 || blue < 50 || bar < 20 {
		t.Errorf("colours: %d red (deleted), %d blue (inserted), %d change-bar pixels; want all present", red, blue, bar)
	}
}
