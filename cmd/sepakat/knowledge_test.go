package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/templates"
)

// rewriteDocx returns the .docx data with old replaced by new, once, in
// word/document.xml.
func rewriteDocx(t *testing.T, data []byte, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "word/document.xml" {
			if !bytes.Contains(body, []byte(old)) {
				t.Fatalf("document.xml lacks %q", old)
			}
			body = bytes.Replace(body, []byte(old), []byte(new), 1)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// uploadTemplate posts a template of kind with a note.
func uploadTemplate(t *testing.T, cookie *http.Cookie, url, kind, note string, data []byte, out any) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("kind", kind)
	mw.WriteField("note", note)
	w, _ := mw.CreateFormFile("file", "templat-"+kind+".docx")
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", url, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s: %v: %s", url, err, body)
		}
	}
	return resp.StatusCode, string(body)
}

// TestTemplateVersionsInService: the admin uploads template versions, which
// are listed and downloadable by every verified user; an invalid template is
// refused and nothing is stored; a first draft then uses the latest upload.
func TestTemplateVersionsInService(t *testing.T) {
	m := runTestMain(t, true, "")
	root := m.Server.URL()
	base := root + "/api/v1"
	admin := apiLoginCookie(t, root, "admin", DemoPassword)
	arnp := apiLoginCookie(t, root, "arnp", DemoPassword)
	ppksd := apiLoginCookie(t, root, "ppksd1", DemoPassword)

	kb, err := templates.Builtin("kb")
	if err != nil {
		t.Fatal(err)
	}
	var v sepakat.TemplateVersion
	if st, body := uploadTemplate(t, admin, base+"/templates", "kb", "Versi uji", kb, &v); st != http.StatusCreated || v.Version != 1 || v.Kind != "kb" {
		t.Fatalf("upload kb: %d %s", st, body)
	}
	if st, _ := uploadTemplate(t, arnp, base+"/templates", "kb", "", kb, nil); st != http.StatusForbidden {
		t.Errorf("upload by the ARNP: %d, want 403", st)
	}

	// An unknown placeholder is refused with its name; nothing is stored.
	bad := rewriteDocx(t, kb, "{{KOTA}}", "{{TIDAK_DIKENAL}}")
	st, body := uploadTemplate(t, admin, base+"/templates", "kb", "", bad, nil)
	if st != http.StatusBadRequest || !strings.Contains(body, "TIDAK_DIKENAL") || !strings.Contains(body, "Templat ditolak") {
		t.Errorf("invalid template: %d %s", st, body)
	}
	st, page, _ := getBytes(t, admin, root+"/pengetahuan")
	if st != 200 {
		t.Fatalf("knowledge page: %d", st)
	}
	// The web form shows the refusal on the page.
	var fb bytes.Buffer
	mw := multipart.NewWriter(&fb)
	mw.WriteField("kind", "kb")
	fw, _ := mw.CreateFormFile("file", "salah.docx")
	fw.Write(bad)
	mw.Close()
	req, _ := http.NewRequest("POST", root+"/pengetahuan/templat", &fb)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(admin)
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	formPage, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !bytes.Contains(formPage, []byte("TIDAK_DIKENAL")) {
		t.Errorf("invalid template by the form: %d", resp.StatusCode)
	}

	// Listed, for every verified user, and downloadable.
	var list struct {
		Templates []sepakat.TemplateVersion `json:"templates"`
	}
	if st := apiCall(t, ppksd, "GET", base+"/templates", nil, &list); st != 200 || len(list.Templates) != 1 {
		t.Fatalf("templates: %d %+v", st, list)
	}
	if !bytes.Contains(page, []byte("/berkas/"+v.File.SHA256)) || !bytes.Contains(page, []byte("Versi uji")) || !bytes.Contains(page, []byte("{{PIHAK_KESATU_NAMA}}")) {
		t.Error("knowledge page does not list the uploaded version")
	}
	if st, got, _ := getBytes(t, ppksd, root+"/berkas/"+v.File.SHA256); st != 200 || !bytes.Equal(got, kb) {
		t.Errorf("download uploaded template: %d, %d bytes", st, len(got))
	}
	if st, got, _ := getBytes(t, ppksd, root+"/pengetahuan/bawaan/pks"); st != 200 || len(got) == 0 || !bytes.HasPrefix(got, []byte("PK")) {
		t.Errorf("download built-in template: %d", st)
	}

	// A first draft of a PKS uses the latest uploaded PKS template.
	pks, _ := templates.Builtin("pks")
	marked := rewriteDocx(t, pks, "{{JUDUL_KAPITAL}}", "TEMPLATUNGGAHAN {{JUDUL_KAPITAL}}")
	if st, body := uploadTemplate(t, admin, base+"/templates", "pks", "Dengan penanda", marked, &v); st != http.StatusCreated || v.Version != 1 {
		t.Fatalf("upload pks: %d %s", st, body)
	}
	coopID := findCooperationID(t, m, "Kalender Event")
	var d docJSON
	apiCall(t, arnp, "POST", fmt.Sprintf("%s/cooperations/%d/documents", base, coopID), map[string]string{"kind": "PKS", "title": "PKS Kalender Event"}, &d)
	doc := fmt.Sprintf("%s/documents/%d", base, d.ID)
	if st := apiCall(t, arnp, "POST", doc+"/draft", map[string]string{}, nil); st != http.StatusCreated {
		t.Fatalf("first draft: %d", st)
	}
	_, first, _ := getBytes(t, arnp, doc+"/versions/1/file")
	fd, err := drafting.Read(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	if text := fd.Text(drafting.Accept); !strings.Contains(text, "TEMPLATUNGGAHAN") || strings.Contains(text, "{{") {
		t.Errorf("first draft is not made from the uploaded template")
	}
}

// TestLintElementsInService: the list of required elements edited by
// Kasubbag (API) and the admin (form) changes what the checker finds.
func TestLintElementsInService(t *testing.T) {
	m := runTestMain(t, true, "")
	root := m.Server.URL()
	base := root + "/api/v1"
	admin := apiLoginCookie(t, root, "admin", DemoPassword)
	kasubbag := apiLoginCookie(t, root, "kasubbag", DemoPassword)
	arnp := apiLoginCookie(t, root, "arnp", DemoPassword)

	coopID := findCooperationID(t, m, "Kalender Event")
	var d docJSON
	apiCall(t, arnp, "POST", fmt.Sprintf("%s/cooperations/%d/documents", base, coopID), map[string]string{"kind": "PKS", "title": "PKS Kalender Event"}, &d)
	doc := fmt.Sprintf("%s/documents/%d", base, d.ID)
	if st := apiCall(t, arnp, "POST", doc+"/draft", map[string]string{}, nil); st != http.StatusCreated {
		t.Fatalf("first draft: %d", st)
	}
	type lintResult struct {
		Findings []sepakat.LintFinding `json:"findings"`
	}
	missing := func(cookie *http.Cookie, name string) bool {
		t.Helper()
		var r lintResult
		if st := apiCall(t, cookie, "GET", doc+"/versions/1/lint", nil, &r); st != 200 {
			t.Fatalf("lint: %d", st)
		}
		for _, f := range r.Findings {
			if f.Rule == "missing-element" && strings.Contains(f.Message, `"`+name+`"`) {
				return true
			}
		}
		return false
	}
	if missing(arnp, "unsur uji") {
		t.Fatal("an element not listed yet is reported")
	}

	var got struct {
		Elements []sepakat.LintElement `json:"elements"`
		Default  bool                  `json:"default"`
	}
	if st := apiCall(t, arnp, "GET", base+"/lint-elements", nil, &got); st != 200 || !got.Default || len(got.Elements) == 0 {
		t.Fatalf("default elements: %d %+v", st, got)
	}
	text := "unsur uji: KATAKUNCIAJAIB | pks\njangka waktu: jangka waktu, masa berlaku"
	if st := apiCall(t, arnp, "PUT", base+"/lint-elements", map[string]string{"text": text}, nil); st != http.StatusForbidden {
		t.Errorf("elements set by the ARNP: %d, want 403", st)
	}
	if st := apiCall(t, kasubbag, "PUT", base+"/lint-elements", map[string]string{"text": "salah tanpa titik dua"}, nil); st != http.StatusBadRequest {
		t.Errorf("malformed elements: %d, want 400", st)
	}
	if st := apiCall(t, kasubbag, "PUT", base+"/lint-elements", map[string]string{"text": text}, &got); st != 200 || got.Default || len(got.Elements) != 2 {
		t.Fatalf("set elements: %d %+v", st, got)
	}
	if !missing(arnp, "unsur uji") {
		t.Error("the new required element is not reported")
	}

	// The admin empties the list by the form: the defaults apply again.
	req, _ := http.NewRequest("POST", root+"/pengetahuan/unsur", strings.NewReader("elements="))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(admin)
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("form: %d", resp.StatusCode)
	}
	if missing(arnp, "unsur uji") {
		t.Error("the element is still reported after the list was reset")
	}
	st, page, _ := getBytes(t, admin, root+"/pengetahuan")
	if st != 200 || !bytes.Contains(page, []byte("daftar bawaan")) || !bytes.Contains(page, []byte("jangka waktu:")) {
		t.Errorf("knowledge page after reset: %d", st)
	}
}
