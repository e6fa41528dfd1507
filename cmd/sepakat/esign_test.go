package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
)

// pdfsigValidation runs poppler's pdfsig on file and returns its
// "Signature Validation" results in order (pdfsig exits 0 for valid and
// broken signatures alike, so its output is what counts).
func pdfsigValidation(t *testing.T, file string) []string {
	t.Helper()
	bin := testtool.Require(t, "pdfsig")
	out, err := exec.Command(bin, file).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfsig %s: %v\n%s", file, err, out)
	}
	var res []string
	for _, line := range strings.Split(string(out), "\n") {
		if _, v, ok := strings.Cut(line, "Signature Validation:"); ok {
			res = append(res, strings.TrimSpace(v))
		}
	}
	return res
}

// flipByteInside writes a copy of a signed PDF with one byte of its first
// content stream changed (inside the signed range).
func flipByteInside(t *testing.T, signed, out string) {
	t.Helper()
	data, err := os.ReadFile(signed)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte("stream\n"))
	if i < 0 {
		t.Fatal("no stream in the signed PDF")
	}
	data[i+len("stream\n")+10] ^= 0x01
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSignCommands makes a trial certificate, signs a PDF twice and checks
// both signatures with poppler's pdfsig and `sepakat verify`, then breaks
// one byte.
func TestSignCommands(t *testing.T) {
	testtool.Require(t, "pdfsig")
	dir := t.TempDir()
	p12 := filepath.Join(dir, "kantor.p12")
	_, errOut, st := sepakatCmd(t, "cert", "new", "--cn", "Bagian Kerja Sama Kota Contoh", "--org", "Pemerintah Kota Contoh", "-o", p12)
	if st != 0 {
		t.Fatalf("cert new: %d %s", st, errOut)
	}
	pwFile := filepath.Join(dir, "sandi.txt")
	os.WriteFile(pwFile, []byte("rahasia-kantor\n"), 0o600)
	p12pw := filepath.Join(dir, "kedua.p12")
	if _, errOut, st := sepakatCmd(t, "cert", "new", "--cn", "Wali Kota Contoh", "--org", "Pemerintah Kota Contoh", "-o", p12pw, "--password-file", pwFile); st != 0 {
		t.Fatalf("cert new with password: %d %s", st, errOut)
	}

	in := lampiranPath(t, "lampiran-1.pdf")
	once := filepath.Join(dir, "sekali.pdf")
	twice := filepath.Join(dir, "dua-kali.pdf")
	if _, errOut, st := sepakatCmd(t, "sign", in, "--p12", p12, "--visible", "-o", once); st != 0 {
		t.Fatalf("sign: %d %s", st, errOut)
	}
	if _, errOut, st := sepakatCmd(t, "sign", once, "--p12", p12pw, "--password-file", pwFile, "--visible", "-o", twice); st != 0 {
		t.Fatalf("second sign: %d %s", st, errOut)
	}
	if got := pdfsigValidation(t, once); len(got) != 1 || got[0] != "Signature is Valid." {
		t.Errorf("pdfsig, one signature: %q", got)
	}
	if got := pdfsigValidation(t, twice); len(got) != 2 || got[0] != "Signature is Valid." || got[1] != "Signature is Valid." {
		t.Errorf("pdfsig, two signatures: %q", got)
	}
	out, errOut, st := sepakatCmd(t, "verify", twice)
	if st != 0 || strings.Count(out, "integrity:   INTACT") != 2 || strings.Count(out, "certificate: NOT trusted") != 2 ||
		!strings.Contains(out, "Bagian Kerja Sama Kota Contoh (Pemerintah Kota Contoh)") || !strings.Contains(out, "Wali Kota Contoh") {
		t.Errorf("verify of two intact self-signed signatures: status %d\n%s%s", st, out, errOut)
	}

	out, _, st = sepakatCmd(t, "verify", twice, "--json")
	var rep verifyOutput
	if err := json.Unmarshal([]byte(out), &rep); st != 0 || err != nil || len(rep.Signatures) != 2 || !rep.Signatures[1].Intact || rep.Signatures[1].Trusted || rep.Checked {
		t.Errorf("verify --json: %d %v\n%s", st, err, out)
	}

	bad := filepath.Join(dir, "diubah.pdf")
	flipByteInside(t, twice, bad)
	if got := pdfsigValidation(t, bad); len(got) != 2 || got[0] != "Digest Mismatch." || got[1] != "Digest Mismatch." {
		t.Errorf("pdfsig on the changed file: %q", got)
	}
	if out, _, st := sepakatCmd(t, "verify", bad); st != 1 || !strings.Contains(out, "integrity:   BROKEN") {
		t.Errorf("verify of a changed file: status %d\n%s", st, out)
	}

	// An unsigned PDF has no signatures, which is not an error by itself.
	if out, _, st := sepakatCmd(t, "verify", in); st != 0 || !strings.Contains(out, "No electronic signatures") {
		t.Errorf("verify unsigned: %d %s", st, out)
	}
	// Errors: one line naming the file, exit 1, nothing written.
	wrongPw := filepath.Join(dir, "salah.txt")
	os.WriteFile(wrongPw, []byte("bukan-ini\n"), 0o600)
	for _, tc := range []struct {
		args []string
		name string
	}{
		{[]string{"sign", in, "--p12", p12pw, "--password-file", wrongPw, "-o", filepath.Join(dir, "x.pdf")}, "kedua.p12"},
		{[]string{"sign", in, "--p12", p12pw, "-o", filepath.Join(dir, "x.pdf")}, "kedua.p12"},
		{[]string{"sign", lampiranPath(t, "damaged.pdf"), "--p12", p12, "-o", filepath.Join(dir, "x.pdf")}, "damaged.pdf"},
		{[]string{"sign", filepath.Join(dir, "hilang.pdf"), "--p12", p12, "-o", filepath.Join(dir, "x.pdf")}, "hilang.pdf"},
		{[]string{"verify", filepath.Join(dir, "hilang.pdf")}, "hilang.pdf"},
		{[]string{"verify", lampiranPath(t, "not-a-pdf.pdf")}, "not-a-pdf.pdf"},
		{[]string{"sign", in, "--p12", lampiranPath(t, "lampiran-1.pdf"), "-o", filepath.Join(dir, "x.pdf")}, "lampiran-1.pdf"},
	} {
		_, errOut, st := sepakatCmd(t, tc.args...)
		if st != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, tc.name) {
			t.Errorf("%v: status %d, stderr %q: want 1 and one line naming %s", tc.args, st, errOut, tc.name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.pdf")); err == nil {
		t.Error("a refused signing wrote its output")
	}
}

// runSigningMain starts a demo server whose office signs with p12.
func runSigningMain(t *testing.T, dir, p12 string) *Main {
	t.Helper()
	m := NewMain()
	m.Config.Addr = "localhost:0"
	m.Config.DataDir = dir
	m.Config.Demo = true
	m.Config.SignP12 = p12
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(testLogOutput(), nil))
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("run: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// anonGet fetches url without a login.
func anonGet(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := noRedirectClient.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// anonPostFile posts data as multipart "file" without a login.
func anonPostFile(t *testing.T, url, name string, data []byte) (int, []byte) {
	t.Helper()
	body, ct := multipartFile(name, data)
	resp, err := noRedirectClient.Post(url, ct, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// TestESignThroughServer numbers the demo KB, signs it electronically
// through the API, and checks the signed PDF (pdfsig, sepakat verify
// --data through the running server and offline), the public verification
// page and its upload check, the audit log and the refusals.
func TestESignThroughServer(t *testing.T) {
	testtool.Require(t, "pdfsig")
	dir := t.TempDir()
	p12 := filepath.Join(t.TempDir(), "kantor.p12")
	if _, errOut, st := sepakatCmd(t, "cert", "new", "--cn", "Bagian Kerja Sama Kota Contoh", "--org", "Pemerintah Kota Contoh", "-o", p12); st != 0 {
		t.Fatalf("cert new: %s", errOut)
	}
	m := runSigningMain(t, dir, p12)
	base := m.Server.URL()
	api := base + "/api/v1"
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	arnp := apiLoginCookie(t, base, "arnp", DemoPassword)
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)

	coopID := findCooperationID(t, m, "Kalender Event")
	docs, err := m.DB.FindDocuments(sepakat.SystemContext(context.Background()), coopID)
	if err != nil || len(docs) != 1 {
		t.Fatalf("demo documents: %v %v", docs, err)
	}
	kb := docs[0]
	doc := fmt.Sprintf("%s/documents/%d", api, kb.ID)
	page := fmt.Sprintf("%s/dokumen/%d", base, kb.ID)

	// Before the number: no button, and the API refuses.
	if _, html, _ := getBytes(t, kasubbag, page); bytes.Contains(html, []byte(`id="tandatangani"`)) {
		t.Error("e-sign button shown before the document is numbered")
	}
	if st := apiCall(t, kasubbag, "POST", doc+"/esign", nil, nil); st != http.StatusConflict {
		t.Errorf("esign before numbering: %d, want 409", st)
	}

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
	if st := apiCall(t, kasubbag, "POST", doc+"/number", map[string]string{"partner_number": "045/PK/2026", "date": "2026-11-23"}, nil); st != http.StatusCreated {
		t.Fatalf("number: %d", st)
	}
	apiCall(t, kasubbag, "GET", doc, nil, &d)
	if d.Number == "" || d.VerifyCode == "" {
		t.Fatalf("not numbered: %+v", d)
	}

	// Only Kasubbag signs; the button is hers.
	if st := apiCall(t, arnp, "POST", doc+"/esign", nil, nil); st != http.StatusForbidden {
		t.Errorf("esign as ARNP: %d, want 403", st)
	}
	if _, html, _ := getBytes(t, arnp, page); bytes.Contains(html, []byte(`id="tandatangani"`)) {
		t.Error("e-sign button shown to the ARNP")
	}
	if _, html, _ := getBytes(t, kasubbag, page); !bytes.Contains(html, []byte("Tandatangani secara elektronik")) {
		t.Error("no e-sign button for Kasubbag on the numbered document")
	}
	var signed sepakat.Document
	if st := apiCall(t, kasubbag, "POST", doc+"/esign", nil, &signed); st != http.StatusOK || signed.SignedFile == nil {
		t.Fatalf("esign: %d %+v", st, signed.SignedFile)
	}
	st, pdf, hdr := getBytes(t, ppksd, doc+"/signed.pdf")
	if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !strings.Contains(hdr.Get("Content-Disposition"), "-KB-ttd-elektronik.pdf") {
		t.Fatalf("signed.pdf: %d %q", st, hdr.Get("Content-Disposition"))
	}
	signedFile := filepath.Join(t.TempDir(), "ttd.pdf")
	os.WriteFile(signedFile, pdf, 0o644)
	if got := pdfsigValidation(t, signedFile); len(got) != 1 || got[0] != "Signature is Valid." {
		t.Errorf("pdfsig on the e-signed final: %q", got)
	}
	if st, body, _ := getBytes(t, ppksd, page+"/ttd-elektronik.pdf"); st != http.StatusOK || !bytes.Equal(body, pdf) {
		t.Errorf("signed PDF through the page: %d", st)
	}
	if _, html, _ := getBytes(t, ppksd, page); !bytes.Contains(html, []byte(`id="unduh-ttd"`)) || bytes.Contains(html, []byte(`id="tandatangani"`)) {
		t.Error("document page: no download link of the signed PDF for the PPKSD, or a sign button")
	}
	var audit struct {
		Entries []sepakat.AuditEntry `json:"entries"`
	}
	apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/audit?object=document/%d", api, kb.ID), nil, &audit)
	found := false
	for _, e := range audit.Entries {
		found = found || (e.Action == "document.esign" && strings.Contains(e.Detail, signed.SignedFile.SHA256))
	}
	if !found {
		t.Error("e-signing is not in the audit log")
	}

	// sepakat verify --data through the running server.
	unsigned := lampiranPath(t, "lampiran-1.pdf")
	out, errOut, st2 := sepakatCmd(t, "verify", signedFile, "--data", dir)
	if st2 != 0 || !strings.Contains(out, "Registered: yes") || !strings.Contains(out, d.Number) {
		t.Errorf("verify --data while serving: %d\n%s%s", st2, out, errOut)
	}
	if out, _, st := sepakatCmd(t, "verify", unsigned, "--data", dir); st != 1 || !strings.Contains(out, "Registered: NO") {
		t.Errorf("verify --data of an unregistered file while serving: %d\n%s", st, out)
	}

	// The public verification page: no login, nothing private.
	vpage := base + "/verifikasi/" + d.VerifyCode
	st, html := anonGet(t, vpage)
	if st != http.StatusOK {
		t.Fatalf("verification page: %d", st)
	}
	for _, want := range []string{kb.Title, d.Number, "045/PK/2026", "23 November 2026", d.Versions[1].SHA256, "Dinas Pariwisata", signed.SignedFile.SHA256} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("verification page lacks %q", want)
		}
	}
	users, _ := m.DB.FindUsers(sepakat.SystemContext(context.Background()), sepakat.UserFilter{})
	for _, u := range users {
		if u.Role != sepakat.RolePPKSD && bytes.Contains(html, []byte(u.Name)) {
			t.Errorf("verification page names %s (%s)", u.Name, u.Role)
		}
	}
	if bytes.Contains(html, []byte("/berkas/")) || bytes.Contains(html, []byte("/api/v1/")) {
		t.Error("verification page links to files")
	}
	if st, html := anonGet(t, base+"/verifikasi/KODETIDAKDIKENAL"); st != http.StatusNotFound || !bytes.Contains(html, []byte("Kode verifikasi ini tidak dikenal")) {
		t.Errorf("unknown code: %d", st)
	}
	// Upload checks: the e-signed PDF is registered for this document; an
	// unsigned PDF is not.
	st, html = anonPostFile(t, vpage, "ttd.pdf", pdf)
	if st != http.StatusOK || !bytes.Contains(html, []byte("<b>Terdaftar.</b>")) || !bytes.Contains(html, []byte("Utuh")) ||
		!bytes.Contains(html, []byte("Bagian Kerja Sama Kota Contoh")) || !bytes.Contains(html, []byte("Tidak dipercaya")) || bytes.Contains(html, []byte("dokumen lain")) {
		t.Errorf("check of the e-signed PDF: %d\n%s", st, pageSection(html, "hasil-periksa"))
	}
	lamp, _ := os.ReadFile(unsigned)
	st, html = anonPostFile(t, vpage, "lampiran.pdf", lamp)
	if st != http.StatusOK || !bytes.Contains(html, []byte("<b>Tidak terdaftar.</b>")) || !bytes.Contains(html, []byte("tidak mempunyai tanda tangan elektronik")) {
		t.Errorf("check of an unsigned PDF: %d\n%s", st, pageSection(html, "hasil-periksa"))
	}
	notPDF, _ := os.ReadFile(lampiranPath(t, "not-a-pdf.pdf"))
	if st, _ := anonPostFile(t, vpage, "x.pdf", notPDF); st != http.StatusUnsupportedMediaType {
		t.Errorf("check of a file that is not a PDF: %d, want 415", st)
	}
	// 20 checks per address in 15 minutes: three so far, the 21st is refused.
	for i := 3; i < 20; i++ {
		if st, _ := anonPostFile(t, vpage, "x.pdf", notPDF); st != http.StatusUnsupportedMediaType {
			t.Fatalf("check %d: %d", i+1, st)
		}
	}
	if st, html := anonPostFile(t, vpage, "x.pdf", notPDF); st != http.StatusTooManyRequests || !bytes.Contains(html, []byte("Terlalu banyak pemeriksaan")) {
		t.Errorf("21st check: %d, want 429", st)
	}

	// Offline, once the server has stopped.
	m.Close()
	if out, errOut, st := sepakatCmd(t, "verify", signedFile, "--data", dir); st != 0 || !strings.Contains(out, "Registered: yes") {
		t.Errorf("verify --data offline: %d\n%s%s", st, out, errOut)
	}
	if out, _, st := sepakatCmd(t, "verify", unsigned, "--data", dir); st != 1 || !strings.Contains(out, "Registered: NO") {
		t.Errorf("verify --data offline, unregistered: %d\n%s", st, out)
	}
}

// TestESignWithoutCertificate: no button and a clear 409.
func TestESignWithoutCertificate(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	coopID := findCooperationID(t, m, "Kalender Event")
	docs, _ := m.DB.FindDocuments(sepakat.SystemContext(context.Background()), coopID)
	st, body := send(t, kasubbag, http.MethodPost, fmt.Sprintf("%s/api/v1/documents/%d/esign", base, docs[0].ID), nil, "")
	if st != http.StatusConflict || !bytes.Contains(body, []byte("sertifikat kantor")) {
		t.Errorf("esign without a certificate: %d %s", st, body)
	}
}

// pageSection returns the HTML from the element with id on, for messages.
func pageSection(html []byte, id string) string {
	i := bytes.Index(html, []byte(`id="`+id+`"`))
	if i < 0 {
		return string(html[max(0, len(html)-1500):])
	}
	return string(html[i:min(len(html), i+1500)])
}

func TestSignConfig(t *testing.T) {
	env := map[string]string{"SEPAKAT_SIGN_P12": "/etc/sepakat/kantor.p12", "SEPAKAT_SIGN_PASSWORD_FILE": "/etc/sepakat/sandi"}
	cfg, err := parseServeFlags(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || cfg.SignP12 != env["SEPAKAT_SIGN_P12"] || cfg.SignPasswordFile != env["SEPAKAT_SIGN_PASSWORD_FILE"] {
		t.Fatalf("from the environment: %+v, %v", cfg, err)
	}
	cfg, err = parseServeFlags([]string{"--sign-p12", "a.p12"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil || cfg.SignP12 != "a.p12" {
		t.Fatalf("flag over the environment: %q, %v", cfg.SignP12, err)
	}
	if _, err := parseServeFlags([]string{"--sign-password-file", "sandi"}, func(string) string { return "" }, io.Discard); err == nil {
		t.Error("a password file without a .p12 was accepted")
	}
	// A wrong password stops the server at start, naming the file.
	dir := t.TempDir()
	p12 := filepath.Join(dir, "kantor.p12")
	pw := filepath.Join(dir, "sandi")
	os.WriteFile(pw, []byte("benar\n"), 0o600)
	if _, errOut, st := sepakatCmd(t, "cert", "new", "--cn", "Kantor", "-o", p12, "--password-file", pw); st != 0 {
		t.Fatal(errOut)
	}
	os.WriteFile(pw, []byte("salah\n"), 0o600)
	m := NewMain()
	m.Config.Addr, m.Config.DataDir, m.Config.SignP12, m.Config.SignPasswordFile = "localhost:0", filepath.Join(dir, "data"), p12, pw
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	err = m.Run(context.Background())
	m.Close()
	if err == nil || !strings.Contains(err.Error(), "kantor.p12") || !strings.Contains(err.Error(), "wrong password") {
		t.Errorf("start with a wrong .p12 password: %v", err)
	}
}
