package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/drafting"
)

// TestDraftingHelpInService: a first draft from the template, "Rapikan
// penomoran" making the next version, the checker, and numbering a final
// document from the register (with the CSV and a cancelled number), all
// through the real server.
func TestDraftingHelpInService(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL() + "/api/v1"
	coopID := findCooperationID(t, m, "Kalender Event")
	arnp := apiLoginCookie(t, m.Server.URL(), "arnp", DemoPassword)
	kasubbag := apiLoginCookie(t, m.Server.URL(), "kasubbag", DemoPassword)
	ppksd := apiLoginCookie(t, m.Server.URL(), "ppksd1", DemoPassword)

	// First draft of a new PKS from its template.
	var d docJSON
	apiCall(t, arnp, "POST", fmt.Sprintf("%s/cooperations/%d/documents", base, coopID), map[string]string{"kind": "PKS", "title": "PKS Kalender Event"}, &d)
	doc := fmt.Sprintf("%s/documents/%d", base, d.ID)
	var up struct {
		Number int    `json:"number"`
		SHA256 string `json:"sha256"`
	}
	if st := apiCall(t, arnp, "POST", doc+"/draft", map[string]string{}, &up); st != http.StatusCreated || up.Number != 1 {
		t.Fatalf("first draft: %d %+v", st, up)
	}
	st, first, _ := getBytes(t, arnp, doc+"/versions/1/file")
	fd, err := drafting.Read(bytes.NewReader(first), int64(len(first)))
	if st != 200 || err != nil {
		t.Fatalf("first draft file: %d %v", st, err)
	}
	text := fd.Text(drafting.Accept)
	for _, want := range []string{"PERJANJIAN KERJA SAMA", "Kalender Event Pariwisata Terpadu", "Pemerintah Kota Balikpapan", "tahun"} {
		if !strings.Contains(text, want) {
			t.Errorf("first draft lacks %q", want)
		}
	}
	if strings.Contains(text, "{{") {
		t.Error("first draft still holds a placeholder")
	}
	if st := apiCall(t, arnp, "POST", doc+"/draft", map[string]string{}, nil); st != http.StatusConflict {
		t.Errorf("second first draft: %d, want 409", st)
	}

	// Rapikan penomoran: the renumbering fixture as version 2, renumbered as version 3.
	apiCall(t, arnp, "POST", doc+"/session", map[string]string{"action": "open"}, nil)
	if st := upload(t, arnp, doc+"/versions", "revisi.docx", fixtureBytes(t, "renumber.docx"), "", &up); st != http.StatusCreated || up.Number != 2 {
		t.Fatalf("upload: %d", st)
	}
	var rn struct {
		Number  int                     `json:"number"`
		Summary sepakat.RenumberSummary `json:"summary"`
	}
	if st := apiCall(t, arnp, "POST", doc+"/versions/2/renumber", map[string]string{}, &rn); st != http.StatusCreated || rn.Number != 3 || rn.Summary.Pasal == 0 || rn.Summary.References == 0 {
		t.Fatalf("renumber: %d %+v", st, rn)
	}
	_, third, _ := getBytes(t, arnp, doc+"/versions/3/file")
	td, err := drafting.Read(bytes.NewReader(third), int64(len(third)))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(docxFixture(t, "renumber.expected.txt"))
	if got := strings.ReplaceAll(td.Text(drafting.Accept), "\u00a0", " "); got != string(want) {
		t.Errorf("accepted renumbered version differs from the expected text")
	}
	if len(td.TrackedChanges()) == 0 {
		t.Error("the renumbered version carries no tracked changes")
	}
	if st := apiCall(t, ppksd, "POST", doc+"/versions/2/renumber", map[string]string{}, nil); st != http.StatusForbidden {
		t.Errorf("renumber by a PPKSD: %d, want 403", st)
	}

	// The checker on a draft full of problems.
	if st := upload(t, arnp, doc+"/versions", "periksa.docx", fixtureBytes(t, "lint.docx"), "", &up); st != http.StatusCreated {
		t.Fatalf("upload lint fixture: %d", st)
	}
	var lint struct {
		Findings []sepakat.LintFinding `json:"findings"`
		Errors   int                   `json:"errors"`
	}
	apiCall(t, arnp, "GET", fmt.Sprintf("%s/versions/%d/lint", doc, up.Number), nil, &lint)
	if lint.Errors == 0 || len(lint.Findings) < 5 {
		t.Errorf("checker found %d findings (%d errors)", len(lint.Findings), lint.Errors)
	}
	st, page, _ := getBytes(t, arnp, fmt.Sprintf("%s/dokumen/%d/versi/%d/periksa", m.Server.URL(), d.ID, up.Number))
	if st != 200 || !bytes.Contains(page, []byte("Kesalahan:")) {
		t.Errorf("checker page: %d", st)
	}

	// Numbering: the demo KB made final, then numbered from the register.
	kb := m.DB
	docs, _ := kb.FindDocuments(sepakat.SystemContext(context.Background()), coopID)
	var kbID int64
	for _, x := range docs {
		if x.Kind == sepakat.DocumentKB {
			kbID = x.ID
		}
	}
	kbDoc := fmt.Sprintf("%s/documents/%d", base, kbID)
	apiCall(t, kasubbag, "POST", kbDoc+"/approval", map[string]string{"action": "open"}, nil)
	apiCall(t, ppksd, "POST", kbDoc+"/approvals", map[string]int{"version": 2}, nil)
	apiCall(t, kasubbag, "POST", kbDoc+"/approvals", map[string]int{"version": 2}, &d)
	if d.Final != 2 {
		t.Fatalf("demo KB not final: %+v", d)
	}
	if st := apiCall(t, kasubbag, "POST", kbDoc+"/number", map[string]string{"partner_number": "045/PK/2026", "date": "2026-11-23"}, nil); st != http.StatusConflict {
		t.Errorf("numbering before the register's unit is set: %d, want 409", st)
	}
	if st := apiCall(t, kasubbag, "PUT", base+"/register-settings", map[string]string{"format": "{seq}/{kind}/{unit}/{month-roman}/{year}", "unit": "HK-KS"}, nil); st != 200 {
		t.Fatalf("settings: %d", st)
	}
	var e sepakat.RegisterEntry
	var given struct {
		Entry   sepakat.RegisterEntry `json:"entry"`
		Warning string                `json:"warning"`
	}
	if st := apiCall(t, arnp, "POST", kbDoc+"/number", map[string]string{"partner_number": "045/PK/2026", "date": "2026-11-23"}, nil); st != http.StatusForbidden {
		t.Errorf("numbering by the ARNP: %d, want 403", st)
	}
	if st := apiCall(t, kasubbag, "POST", kbDoc+"/number", map[string]string{"partner_number": "045/PK/2026", "date": "2026-11-23"}, &given); st != http.StatusCreated || given.Entry.Number != "001/KB/HK-KS/XI/2026" || given.Warning != "" {
		t.Fatalf("number: %d %+v", st, given)
	}
	e = given.Entry
	// The numbered final text is stored with the document.
	apiCall(t, arnp, "GET", kbDoc, nil, &d)
	var withFile struct {
		NumberedFile *sepakat.File `json:"numbered_file"`
	}
	apiCall(t, arnp, "GET", kbDoc, nil, &withFile)
	if withFile.NumberedFile == nil {
		t.Fatal("no numbered final text stored with the document")
	}
	// The final text with both numbers and the date written in.
	st, numbered, hdr := getBytes(t, ppksd, kbDoc+"/numbered.docx")
	if st != 200 || !strings.Contains(hdr.Get("Content-Disposition"), "-bernomor.docx") {
		t.Fatalf("numbered docx: %d %q", st, hdr.Get("Content-Disposition"))
	}
	nd, err := drafting.Read(bytes.NewReader(numbered), int64(len(numbered)))
	if err != nil {
		t.Fatal(err)
	}
	if nt := nd.Text(drafting.Accept); !strings.Contains(nt, "001/KB/HK-KS/XI/2026") || !strings.Contains(nt, "045/PK/2026") || !strings.Contains(nt, "tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam") {
		t.Errorf("numbers or date not written into the final text:\n%.600s", nt)
	}
	st, csv, _ := getBytes(t, arnp, base+"/register.csv?year=2026")
	if st != 200 || !bytes.Contains(csv, []byte("001/KB/HK-KS/XI/2026")) || !bytes.Contains(csv, []byte("045/PK/2026")) {
		t.Errorf("register CSV: %d %s", st, csv)
	}
	if st := apiCall(t, kasubbag, "POST", fmt.Sprintf("%s/register/%d/cancel", base, e.ID), map[string]string{"reason": "Salah tanggal"}, nil); st != 200 {
		t.Fatalf("cancel: %d", st)
	}
	if st := apiCall(t, kasubbag, "POST", kbDoc+"/number", map[string]string{"partner_number": "045/PK/2026", "date": "2026-11-24"}, &given); st != http.StatusCreated || given.Entry.Number != "002/KB/HK-KS/XI/2026" {
		t.Errorf("number after a cancellation: %d %+v (a cancelled number is never reused)", st, given)
	}
}

// TestPKSOutlastingItsKB: the checker of a PKS that implements a KB flags a
// term that ends after the KB's (the demo KB: signed 2 February 2026 for
// 3 years; a first draft of a PKS runs 5 years from today).
func TestPKSOutlastingItsKB(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL() + "/api/v1"
	coopID := findCooperationID(t, m, "Kalender Event")
	arnp := apiLoginCookie(t, m.Server.URL(), "arnp", DemoPassword)
	docs, err := m.DB.FindDocuments(sepakat.SystemContext(context.Background()), coopID)
	if err != nil || len(docs) == 0 {
		t.Fatal(err)
	}
	var d docJSON
	apiCall(t, arnp, "POST", fmt.Sprintf("%s/cooperations/%d/documents", base, coopID), map[string]any{"kind": "PKS", "title": "PKS Kalender Event", "implements_id": docs[0].ID}, &d)
	doc := fmt.Sprintf("%s/documents/%d", base, d.ID)
	if st := apiCall(t, arnp, "POST", doc+"/draft", map[string]string{}, nil); st != http.StatusCreated {
		t.Fatalf("first draft: %d", st)
	}
	var lint struct {
		Findings []sepakat.LintFinding `json:"findings"`
	}
	apiCall(t, arnp, "GET", doc+"/versions/1/lint", nil, &lint)
	found := false
	for _, f := range lint.Findings {
		if f.Rule == drafting.RuleTermExceedsKB {
			found = true
		}
	}
	if !found {
		t.Errorf("no finding that the PKS outlasts its KB: %+v", lint.Findings)
	}
}
