package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
)

// pdfTools runs poppler on PDFs the service produced.
type pdfTools struct {
	t                  *testing.T
	pdfinfo, pdftotext string
	dir                string
	n                  int
}

func newPDFTools(t *testing.T) *pdfTools {
	return &pdfTools{t: t, pdfinfo: testtool.Require(t, "pdfinfo"), pdftotext: testtool.Require(t, "pdftotext"), dir: t.TempDir()}
}

// file writes data to a temporary file for the tools.
func (p *pdfTools) file(data []byte) string {
	p.t.Helper()
	p.n++
	path := filepath.Join(p.dir, fmt.Sprintf("%d.pdf", p.n))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		p.t.Fatal(err)
	}
	return path
}

// info returns pdfinfo's output.
func (p *pdfTools) info(data []byte) string {
	p.t.Helper()
	out, err := exec.Command(p.pdfinfo, p.file(data)).CombinedOutput()
	if err != nil {
		p.t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	return string(out)
}

// pages returns the page count pdfinfo reads.
func (p *pdfTools) pages(data []byte) int {
	p.t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(p.info(data))
	if m == nil {
		p.t.Fatal("pdfinfo shows no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// text returns the text of pages first…last (0: to the end).
func (p *pdfTools) text(data []byte, first, last int) string {
	p.t.Helper()
	args := []string{"-f", strconv.Itoa(first)}
	if last > 0 {
		args = append(args, "-l", strconv.Itoa(last))
	}
	out, err := exec.Command(p.pdftotext, append(args, p.file(data), "-")...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// watermarked reports whether every page of the PDF carries the diagonal
// DRAFT watermark: pdftotext -raw reads rotated text one letter a line.
func (p *pdfTools) watermarked(data []byte) (pages, marked int) {
	p.t.Helper()
	pages = p.pages(data)
	for i := 1; i <= pages; i++ {
		out, err := exec.Command(p.pdftotext, "-raw", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), p.file(data), "-").CombinedOutput()
		if err != nil {
			p.t.Fatalf("pdftotext: %v\n%s", err, out)
		}
		var run strings.Builder
		found := false
		for _, line := range strings.Split(string(out), "\n") {
			line = strings.TrimSpace(line)
			if len([]rune(line)) == 1 {
				run.WriteString(line)
				continue
			}
			found = found || strings.Contains(run.String(), "DRAFT")
			run.Reset()
		}
		if found || strings.Contains(run.String(), "DRAFT") {
			marked++
		}
	}
	return pages, marked
}

// qrCodes renders the first and last page and returns what zbarimg
// decodes from them, one "QR-Code:…" line per code.
func (p *pdfTools) qrCodes(data []byte) string {
	p.t.Helper()
	pdftoppm, zbarimg := testtool.Require(p.t, "pdftoppm"), testtool.Require(p.t, "zbarimg")
	in := p.file(data)
	n := p.pages(data)
	var all strings.Builder
	for _, page := range []int{1, n} {
		png := filepath.Join(p.dir, fmt.Sprintf("qr-%d-%d", p.n, page))
		if out, err := exec.Command(pdftoppm, "-png", "-r", "200", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), "-singlefile", in, png).CombinedOutput(); err != nil {
			p.t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		out, _ := exec.Command(zbarimg, "--quiet", png+".png").Output() // status 4: no code found
		all.Write(out)
	}
	return all.String()
}

// postPDF posts a lampiran (multipart "file", optional "name") and returns
// the status and body.
func postPDF(t *testing.T, cookie *http.Cookie, url, fileName string, data []byte, name string) (int, []byte) {
	t.Helper()
	body, contentType := multipartFile(fileName, data, "name", name)
	return send(t, cookie, "POST", url, body, contentType)
}

// postForm posts a page form and returns the status and body.
func postForm(t *testing.T, cookie *http.Cookie, url string, form url.Values) (int, []byte) {
	t.Helper()
	return send(t, cookie, "POST", url, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

func printFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(testtool.Testdata(t, "print", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestPrintThroughServer drives printing and lampiran through the real
// server with the demo data: the draft PDF of a version for a viewer (F4,
// the document's words, the DRAFT watermark) and nobody else; lampiran
// uploads, good and refused; the demo KB approved and numbered; then the
// final PDF (number, hash of the approved .docx, no watermark) and the print
// package (final, then the lampiran, in order).
func TestPrintThroughServer(t *testing.T) {
	pt := newPDFTools(t)
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	api := base + "/api/v1"
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	arnp := apiLoginCookie(t, base, "arnp", DemoPassword)
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	protokol := apiLoginCookie(t, base, "protokol", DemoPassword)

	coopID := findCooperationID(t, m, "Kalender Event")
	docs, err := m.DB.FindDocuments(sepakat.SystemContext(context.Background()), coopID)
	if err != nil || len(docs) != 1 || docs[0].Kind != sepakat.DocumentKB {
		t.Fatalf("demo documents: %v %v", docs, err)
	}
	kb := docs[0]
	doc := fmt.Sprintf("%s/documents/%d", api, kb.ID)
	page := fmt.Sprintf("%s/dokumen/%d", base, kb.ID)

	// A draft version as a PDF for a viewer (the PPKSD granted on the KB),
	// through the API and the page.
	st, draft, hdr := getBytes(t, ppksd, doc+"/versions/2/pdf")
	if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(hdr.Get("Content-Disposition"), "-KB-v2.pdf") {
		t.Fatalf("draft pdf: %d %q %q %.300s", st, hdr.Get("Content-Type"), hdr.Get("Content-Disposition"), draft)
	}
	if info := pt.info(draft); !strings.Contains(info, "609.45 x 935.43 pts") {
		t.Errorf("draft is not on F4:\n%s", info)
	}
	draftText := pt.text(draft, 1, 0)
	if pages, marked := pt.watermarked(draft); pages < 2 || marked != pages {
		t.Errorf("draft: %d of %d pages carry the DRAFT watermark", marked, pages)
	}
	for _, w := range []string{"KESEPAKATAN BERSAMA", "KALENDER EVENT PARIWISATA TERPADU", "PIHAK KESATU", "Pasal 1"} {
		if !strings.Contains(draftText, w) {
			t.Errorf("draft pdf text lacks %q:\n%.800s", w, draftText)
		}
	}
	if st, p, hdr := getBytes(t, ppksd, page+"/versi/1/pdf"); st != http.StatusOK || !bytes.HasPrefix(p, []byte("%PDF-")) || !strings.Contains(hdr.Get("Content-Disposition"), "-KB-v1.pdf") {
		t.Errorf("version 1 pdf through the page: %d %q", st, hdr.Get("Content-Disposition"))
	}
	// The version and document pages link to it.
	if _, html, _ := getBytes(t, ppksd, page); !bytes.Contains(html, []byte(fmt.Sprintf(`href="/dokumen/%d/versi/2/pdf"`, kb.ID))) {
		t.Error("document page has no PDF link for version 2")
	}
	if _, html, _ := getBytes(t, ppksd, page+"/versi/2"); !bytes.Contains(html, []byte(fmt.Sprintf(`href="/dokumen/%d/versi/2/pdf"`, kb.ID))) {
		t.Error("version page has no PDF link")
	}
	// No rights on the document: refused, and no PDF.
	for _, u := range []string{doc + "/versions/2/pdf", page + "/versi/2/pdf", doc + "/package.pdf", doc + "/attachments"} {
		st, body, _ := getBytes(t, protokol, u)
		if (st != http.StatusForbidden && st != http.StatusNotFound) || bytes.HasPrefix(body, []byte("%PDF")) {
			t.Errorf("%s as protokol: %d, want 403 or 404", u, st)
		}
	}
	// A version that does not exist.
	if st, _, _ := getBytes(t, ppksd, doc+"/versions/9/pdf"); st != http.StatusNotFound {
		t.Errorf("pdf of version 9: %d, want 404", st)
	}

	// The redline of versions 1 and 2 as a PDF (no paraf boxes, both
	// versions named), linked from the compare page.
	st, red, hdr := getBytes(t, ppksd, doc+"/diff?from=1&to=2&format=pdf")
	if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !strings.Contains(hdr.Get("Content-Disposition"), "-KB-banding-v1-v2.pdf") {
		t.Fatalf("redline pdf: %d %q %q %.300s", st, hdr.Get("Content-Type"), hdr.Get("Content-Disposition"), red)
	}
	redText := pt.text(red, 1, 0)
	for _, w := range []string{"PERBANDINGAN NASKAH", "KB versi 1", "KB versi 2", "kata ditambahkan", "KALENDER EVENT PARIWISATA TERPADU"} {
		if !strings.Contains(redText, w) {
			t.Errorf("redline pdf lacks %q:\n%.600s", w, redText)
		}
	}
	if strings.Contains(redText, "Paraf") {
		t.Error("the redline pdf has paraf boxes")
	}
	if _, html, _ := getBytes(t, ppksd, page+"/banding?dari=1&ke=2"); !bytes.Contains(html, []byte("format=pdf")) {
		t.Error("compare page has no PDF link")
	}
	if st, body, _ := getBytes(t, protokol, doc+"/diff?from=1&to=2&format=pdf"); (st != http.StatusForbidden && st != http.StatusNotFound) || bytes.HasPrefix(body, []byte("%PDF")) {
		t.Errorf("redline pdf as protokol: %d", st)
	}

	// No print package before the document is final.
	if st, body, _ := getBytes(t, ppksd, doc+"/package.pdf"); st != http.StatusConflict || !bytes.Contains(body, []byte("belum final")) {
		t.Errorf("package before final: %d %s", st, body)
	}

	// Lampiran: the ARNP uploads two good PDFs; the PPKSD may not.
	type att struct {
		ID   int64        `json:"id"`
		Name string       `json:"name"`
		File sepakat.File `json:"file"`
	}
	lamp1, lamp2 := printFixture(t, "lampiran-1.pdf"), printFixture(t, "lampiran-2.pdf")
	if st, body := postPDF(t, ppksd, doc+"/attachments", "lampiran-1.pdf", lamp1, ""); st != http.StatusForbidden {
		t.Errorf("lampiran by the PPKSD: %d %s", st, body)
	}
	if st, body := postPDF(t, arnp, doc+"/attachments", "lampiran-1.pdf", lamp1, "Lampiran I Jadwal Kegiatan"); st != http.StatusCreated || !bytes.Contains(body, []byte(`"name":"Lampiran I Jadwal Kegiatan"`)) {
		t.Fatalf("lampiran 1: %d %s", st, body)
	}
	if st, body := postPDF(t, arnp, page+"/lampiran", "Lampiran II.pdf", lamp2, ""); st != http.StatusSeeOther {
		t.Fatalf("lampiran 2 through the page: %d %.300s", st, body)
	}
	var list struct {
		Attachments []att `json:"attachments"`
	}
	listNames := func() string {
		t.Helper()
		list.Attachments = nil
		if st := apiCall(t, ppksd, "GET", doc+"/attachments", nil, &list); st != http.StatusOK {
			t.Fatalf("list lampiran: %d", st)
		}
		var names []string
		for _, a := range list.Attachments {
			names = append(names, a.Name)
		}
		return strings.Join(names, "|")
	}
	const want = "Lampiran I Jadwal Kegiatan|Lampiran II"
	if got := listNames(); got != want {
		t.Fatalf("lampiran %q, want %q", got, want)
	}
	// Bad files are refused with the validator's message; nothing is added.
	for _, tc := range []struct {
		file   string
		status int
		says   string
	}{
		{"damaged.pdf", http.StatusBadRequest, "rusak"},
		{"encrypted.pdf", http.StatusBadRequest, "kata sandi"},
		{"not-a-pdf.pdf", http.StatusUnsupportedMediaType, "bukan PDF"},
	} {
		st, body := postPDF(t, arnp, doc+"/attachments", tc.file, printFixture(t, tc.file), "")
		if st != tc.status || !bytes.Contains(body, []byte(tc.says)) {
			t.Errorf("%s: %d %s, want %d saying %q", tc.file, st, body, tc.status, tc.says)
		}
		st, body = postPDF(t, arnp, page+"/lampiran", tc.file, printFixture(t, tc.file), "")
		if st != tc.status || !bytes.Contains(body, []byte(tc.says)) || !bytes.Contains(body, []byte(`id="lampiran"`)) {
			t.Errorf("%s through the page: %d, want the document page with %q", tc.file, st, tc.says)
		}
		if got := listNames(); got != want {
			t.Errorf("after refusing %s the lampiran are %q", tc.file, got)
		}
	}
	// Download gives the very file; delete takes one out, audited.
	first, second := list.Attachments[0], list.Attachments[1]
	if st, got, hdr := getBytes(t, ppksd, fmt.Sprintf("%s/attachments/%d", doc, second.ID)); st != http.StatusOK || !bytes.Equal(got, lamp2) || hdr.Get("Content-Type") != "application/pdf" {
		t.Errorf("lampiran download: %d, %d bytes (want %d)", st, len(got), len(lamp2))
	}
	if st, got, _ := getBytes(t, ppksd, fmt.Sprintf("%s/lampiran/%d", page, first.ID)); st != http.StatusOK || !bytes.Equal(got, lamp1) {
		t.Errorf("lampiran download through the page: %d", st)
	}
	var extra att
	if st, body := postPDF(t, arnp, doc+"/attachments", "salah.pdf", lamp2, "Salah unggah"); st != http.StatusCreated {
		t.Fatalf("extra lampiran: %d %s", st, body)
	} else if err := json.Unmarshal(body, &extra); err != nil {
		t.Fatal(err)
	}
	if st := apiCall(t, ppksd, "DELETE", fmt.Sprintf("%s/attachments/%d", doc, extra.ID), nil, nil); st != http.StatusForbidden {
		t.Errorf("delete by the PPKSD: %d", st)
	}
	if st := apiCall(t, arnp, "DELETE", fmt.Sprintf("%s/attachments/%d", doc, extra.ID), nil, nil); st != http.StatusNoContent {
		t.Errorf("delete: %d", st)
	}
	if got := listNames(); got != want {
		t.Errorf("after delete %q", got)
	}
	// Reordering: lampiran II up through the API, back down through the page.
	if st := apiCall(t, arnp, "POST", fmt.Sprintf("%s/attachments/%d/move", doc, second.ID), map[string]string{"direction": "up"}, nil); st != http.StatusOK {
		t.Errorf("move up: %d", st)
	}
	if got := listNames(); got != "Lampiran II|Lampiran I Jadwal Kegiatan" {
		t.Errorf("after moving lampiran II up: %q", got)
	}
	if st, body := postForm(t, arnp, fmt.Sprintf("%s/lampiran/%d/geser", page, second.ID), url.Values{"arah": {"turun"}}); st != http.StatusSeeOther {
		t.Errorf("move down through the page: %d %.300s", st, body)
	}
	if got := listNames(); got != want {
		t.Errorf("after moving lampiran II back down: %q", got)
	}
	var audit struct {
		Entries []sepakat.AuditEntry `json:"entries"`
	}
	apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/audit?object=document/%d", api, kb.ID), nil, &audit)
	actions := map[string]int{}
	for _, e := range audit.Entries {
		actions[e.Action]++
	}
	if actions["document.attachment.add"] != 3 || actions["document.attachment.delete"] != 1 || actions["document.attachment.move"] != 2 {
		t.Errorf("audit of lampiran: %v", actions)
	}
	if _, html, _ := getBytes(t, ppksd, page); !bytes.Contains(html, []byte("Lampiran I Jadwal Kegiatan")) || bytes.Contains(html, []byte(`id="unggah-lampiran"`)) {
		t.Error("document page: lampiran not listed, or an upload form shown to the PPKSD")
	}
	if _, html, _ := getBytes(t, arnp, page); !bytes.Contains(html, []byte(`id="unggah-lampiran"`)) {
		t.Error("document page: no lampiran upload form for the ARNP")
	}

	// The demo KB approved and numbered.
	var d sepakat.Document
	apiCall(t, kasubbag, "POST", doc+"/approval", map[string]string{"action": "open"}, nil)
	apiCall(t, ppksd, "POST", doc+"/approvals", map[string]int{"version": 2}, nil)
	apiCall(t, kasubbag, "POST", doc+"/approvals", map[string]int{"version": 2}, &d)
	if d.Final != 2 {
		t.Fatalf("demo KB not final: %+v", d)
	}
	if st := apiCall(t, kasubbag, "PUT", api+"/register-settings", map[string]string{"format": "{seq}/{kind}/{unit}/{month-roman}/{year}", "unit": "HK-KS"}, nil); st != http.StatusOK {
		t.Fatalf("register settings: %d", st)
	}
	var given struct {
		Entry sepakat.RegisterEntry `json:"entry"`
	}
	if st := apiCall(t, kasubbag, "POST", doc+"/number", map[string]string{"partner_number": "045/PK/2026", "date": "2026-11-23"}, &given); st != http.StatusCreated {
		t.Fatalf("number: %d", st)
	}
	number := given.Entry.Number
	apiCall(t, ppksd, "GET", doc, nil, &d)
	if d.Number != number || !regexp.MustCompile(`^[A-Z2-7]{16}$`).MatchString(d.VerifyCode) || d.NumberedFile == nil {
		t.Fatalf("numbered document: number %q, code %q, numbered file %v", d.Number, d.VerifyCode, d.NumberedFile)
	}

	// Numbered: the lampiran are fixed.
	if st, body := postPDF(t, arnp, doc+"/attachments", "lampiran-2.pdf", lamp2, ""); st != http.StatusConflict || !bytes.Contains(body, []byte("sudah bernomor")) {
		t.Errorf("lampiran after numbering: %d %s", st, body)
	}
	if st := apiCall(t, arnp, "DELETE", fmt.Sprintf("%s/attachments/%d", doc, first.ID), nil, nil); st != http.StatusConflict {
		t.Errorf("delete after numbering: %d", st)
	}

	// The final PDF: the number and the approved .docx's hash in the
	// footer, no watermark.
	st, final, hdr := getBytes(t, ppksd, doc+"/versions/2/pdf")
	if st != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "-KB-final.pdf") {
		t.Fatalf("final pdf: %d %q %.300s", st, hdr.Get("Content-Disposition"), final)
	}
	finalText := pt.text(final, 1, 0)
	if !strings.Contains(finalText, number) {
		t.Errorf("final pdf lacks the number %s:\n%.1500s", number, finalText)
	}
	// The partner's number is only in the numbered text, not in the footer.
	if !strings.Contains(finalText, "045/PK/2026") {
		t.Errorf("final pdf is not printed from the numbered text:\n%.800s", finalText)
	}
	if !strings.Contains(finalText, d.Versions[1].SHA256[:16]) {
		t.Errorf("final pdf lacks the approved version's hash %s", d.Versions[1].SHA256[:16])
	}
	if _, marked := pt.watermarked(final); marked != 0 {
		t.Errorf("final pdf: %d pages carry the DRAFT watermark", marked)
	}
	if info := pt.info(final); !strings.Contains(info, "609.45 x 935.43 pts") {
		t.Errorf("final is not on F4:\n%s", info)
	}
	// The QR code of the final opens the verification page of its code, on
	// the server's own address (no public URL configured).
	verify := base + "/verifikasi/" + d.VerifyCode
	if qr := pt.qrCodes(final); !strings.Contains(qr, "QR-Code:"+verify+"\n") {
		t.Errorf("final pdf's QR codes %q, want %q", qr, verify)
	}
	// An earlier version stays a draft.
	if st, v1, hdr := getBytes(t, ppksd, doc+"/versions/1/pdf"); st != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "-KB-v1.pdf") {
		t.Errorf("version 1 after final: %d %q", st, hdr.Get("Content-Disposition"))
	} else if pages, marked := pt.watermarked(v1); marked != pages {
		t.Errorf("version 1 after final: %d of %d pages watermarked", marked, pages)
	}

	// The print package: the final, then lampiran I (2 pages) and II (1).
	st, pkg, hdr := getBytes(t, ppksd, doc+"/package.pdf")
	if st != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "-KB-paket.pdf") {
		t.Fatalf("package: %d %q %.300s", st, hdr.Get("Content-Disposition"), pkg)
	}
	fp, pp := pt.pages(final), pt.pages(pkg)
	if pp != fp+2+1 {
		t.Fatalf("package has %d pages, want %d (final) + 2 + 1", pp, fp)
	}
	if txt := pt.text(pkg, fp+1, fp+1); !strings.Contains(txt, "LAMPIRAN I") || !strings.Contains(txt, "JADWAL KEGIATAN") {
		t.Errorf("page %d of the package is not lampiran I: %.300s", fp+1, txt)
	}
	if txt := pt.text(pkg, pp, pp); !strings.Contains(txt, "DAFTAR KONTAK") {
		t.Errorf("last page of the package is not lampiran II: %.300s", txt)
	}
	// One page numbering over the final and the lampiran.
	for _, n := range []int{1, fp, fp + 1, pp} {
		if txt, want := pt.text(pkg, n, n), fmt.Sprintf("Halaman %d dari %d", n, pp); !strings.Contains(txt, want) {
			t.Errorf("page %d of the package lacks %q: %.300s", n, want, txt)
		}
	}
	if txt := pt.text(pkg, 1, fp); !strings.Contains(txt, number) {
		t.Error("the package's final lacks the number")
	}
	if st, p, _ := getBytes(t, ppksd, page+"/paket.pdf"); st != http.StatusOK || !bytes.Equal(p[:5], []byte("%PDF-")) {
		t.Errorf("package through the page: %d", st)
	}
	if _, html, _ := getBytes(t, ppksd, page); !bytes.Contains(html, []byte(`id="unduh-paket"`)) || !bytes.Contains(html, []byte("Unduh paket cetak (PDF)")) {
		t.Error("document page has no package link")
	}
	if st, _, _ := getBytes(t, protokol, doc+"/package.pdf"); st != http.StatusForbidden && st != http.StatusNotFound {
		t.Errorf("package as protokol: %d", st)
	}
}
