package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/drafting"
)

// upload posts a file as multipart "file" (and a note) and decodes the answer.
func upload(t *testing.T, cookie *http.Cookie, url, name string, data []byte, note string, out any) int {
	t.Helper()
	b, contentType := multipartFile(name, data, "note", note)
	status, body := send(t, cookie, "POST", url, b, contentType)
	if out != nil && len(body) > 0 {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s: %v: %s", url, err, body)
		}
	}
	return status
}

// multipartFile makes a multipart form holding data as the file "file"
// and the text fields given as name, value pairs (empty values left out).
func multipartFile(fileName string, data []byte, fields ...string) (io.Reader, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] != "" {
			mw.WriteField(fields[i], fields[i+1])
		}
	}
	w, _ := mw.CreateFormFile("file", fileName)
	w.Write(data)
	mw.Close()
	return &b, mw.FormDataContentType()
}

// send makes a request with cookie, without following redirects, and
// returns the status and body.
func send(t *testing.T, cookie *http.Cookie, method, url string, body io.Reader, contentType string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.AddCookie(cookie)
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, data
}

// getBytes downloads url with cookie.
func getBytes(t *testing.T, cookie *http.Cookie, url string) (int, []byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func fixtureBytes(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(docxFixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// paragraphWith returns the index of the first paragraph of a .docx holding s.
func paragraphWith(t *testing.T, data []byte, s string) int {
	t.Helper()
	ps, err := drafting.Engine{}.Paragraphs(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if strings.Contains(p.Text, s) {
			return p.Index
		}
	}
	t.Fatalf("no paragraph holds %q", s)
	return -1
}

type docJSON struct {
	ID       int64  `json:"id"`
	Session  string `json:"session"`
	Final    int    `json:"final"`
	Versions []struct {
		Number int    `json:"number"`
		SHA256 string `json:"sha256"`
	} `json:"versions"`
	Approvals []struct {
		Name    string `json:"name"`
		Version int    `json:"version"`
		Void    bool   `json:"void"`
	} `json:"approvals"`
}

type itemJSON struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	AuthorName  string `json:"author_name"`
	Quote       string `json:"quote"`
	Pasal       int    `json:"pasal"`
	Text        string `json:"text"`
	ParentID    int64  `json:"parent_id"`
	CarriedFrom int64  `json:"carried_from"`
	Outdated    bool   `json:"outdated"`
	Response    *struct {
		Status string `json:"status"`
	} `json:"response"`
}

// TestDraftReviewSession walks a whole review session through the API of
// the real server: open, grant, comment, upload a marked-up copy, respond,
// revise with comments carried forward, compare, close, approve, void an
// approval by a new upload, approve again to final.
func TestDraftReviewSession(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL() + "/api/v1"
	coopID := findCooperationID(t, m, "Kalender Event")
	arnp := apiLoginCookie(t, m.Server.URL(), "arnp", DemoPassword)
	kasubbag := apiLoginCookie(t, m.Server.URL(), "kasubbag", DemoPassword)
	tkksd := apiLoginCookie(t, m.Server.URL(), "tkksd", DemoPassword)
	ppksd := apiLoginCookie(t, m.Server.URL(), "ppksd1", DemoPassword)

	var d docJSON
	if st := apiCall(t, arnp, "POST", fmt.Sprintf("%s/cooperations/%d/documents", base, coopID), map[string]string{"kind": "PKS", "title": "PKS Pengembangan Sistem Informasi"}, &d); st != http.StatusCreated || d.ID == 0 {
		t.Fatalf("create document: %d %+v", st, d)
	}
	doc := fmt.Sprintf("%s/documents/%d", base, d.ID)
	// Before the grant the TKKSD member is refused.
	if st := apiCall(t, tkksd, "GET", doc, nil, nil); st != http.StatusForbidden {
		t.Errorf("TKKSD without a grant reads the document: %d, want 403", st)
	}
	for _, step := range []struct {
		who  *http.Cookie
		url  string
		body any
	}{
		{arnp, doc + "/session", map[string]string{"action": "open"}},
		{arnp, doc + "/grants", map[string]string{"login": "tkksd", "right": "comment"}},
		{arnp, doc + "/grants", map[string]string{"login": "ppksd1", "right": "comment"}},
		{arnp, doc + "/grants", map[string]string{"login": "ppksd1", "right": "approve"}},
	} {
		if st := apiCall(t, step.who, "POST", step.url, step.body, nil); st != http.StatusOK {
			t.Fatalf("POST %s %v: %d", step.url, step.body, st)
		}
	}

	v1 := fixtureBytes(t, "review/base.docx")
	var up struct {
		Number int    `json:"number"`
		SHA256 string `json:"sha256"`
	}
	if st := upload(t, arnp, doc+"/versions", "rancangan.docx", v1, "Rancangan awal", &up); st != http.StatusCreated || up.Number != 1 {
		t.Fatalf("upload v1: %d %+v", st, up)
	}
	if sum := sha256.Sum256(v1); up.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %s, want the file's", up.SHA256)
	}
	st, got, hdr := getBytes(t, tkksd, doc+"/versions/1/file")
	if st != 200 || !bytes.Equal(got, v1) || !strings.Contains(hdr.Get("Content-Disposition"), "-PKS-v1.docx") {
		t.Errorf("download v1: %d, %d bytes, %q", st, len(got), hdr.Get("Content-Disposition"))
	}

	// Comments in the page: one on Pasal 3 (kept in v2), one on Pasal 11
	// (deleted in v2), and a reply.
	var c1, c2, reply itemJSON
	p3 := paragraphWith(t, v1, "pendampingan teknis")
	if st := apiCall(t, tkksd, "POST", doc+"/versions/1/comments", map[string]any{"quote": "pendampingan teknis", "paragraph": p3, "text": "Mohon dirinci."}, &c1); st != http.StatusCreated || c1.Pasal != 3 {
		t.Fatalf("comment: %d %+v", st, c1)
	}
	p11 := paragraphWith(t, v1, "mempublikasikan kegiatan")
	if st := apiCall(t, ppksd, "POST", doc+"/versions/1/comments", map[string]any{"quote": "mempublikasikan kegiatan", "paragraph": p11, "text": "Logo siapa yang dipakai?"}, &c2); st != http.StatusCreated {
		t.Fatalf("comment 2: %d", st)
	}
	if st := apiCall(t, arnp, "POST", doc+"/versions/1/comments", map[string]any{"parent_id": c1.ID, "text": "Akan dirinci di PKS."}, &reply); st != http.StatusCreated || reply.ParentID != c1.ID {
		t.Fatalf("reply: %d %+v", st, reply)
	}
	// A quote that is not in the paragraph is bad input.
	if st := apiCall(t, tkksd, "POST", doc+"/versions/1/comments", map[string]any{"quote": "tidak ada", "paragraph": p3, "text": "x"}, nil); st != http.StatusBadRequest {
		t.Errorf("comment with a foreign quote: %d, want 400", st)
	}

	// A reviewer's marked-up copy.
	var review struct {
		Comments []itemJSON `json:"comments"`
		Changes  []itemJSON `json:"changes"`
	}
	if st := upload(t, tkksd, doc+"/versions/1/reviews", "salinan.docx", fixtureBytes(t, "review/copy-dinas-kominfo.docx"), "", &review); st != http.StatusCreated {
		t.Fatalf("review upload: %d", st)
	}
	if len(review.Comments) != 1 || len(review.Changes) < 3 || review.Changes[0].AuthorName != "Dinas Kominfo" {
		t.Errorf("extracted: %d comments, %d changes %+v", len(review.Comments), len(review.Changes), review.Changes)
	}

	var list struct {
		Comments []itemJSON `json:"comments"`
	}
	apiCall(t, arnp, "GET", doc+"/versions/1/comments", nil, &list)
	if len(list.Comments) != 3+len(review.Comments)+len(review.Changes) {
		t.Errorf("%d review items, want %d", len(list.Comments), 3+len(review.Comments)+len(review.Changes))
	}
	var responded itemJSON
	if st := apiCall(t, arnp, "POST", fmt.Sprintf("%s/review-items/%d/response", base, c1.ID), map[string]string{"status": "diterima", "note": "Dirinci."}, &responded); st != 200 || responded.Response == nil {
		t.Errorf("respond: %d %+v", st, responded)
	}
	if st := apiCall(t, tkksd, "POST", fmt.Sprintf("%s/review-items/%d/response", base, c1.ID), map[string]string{"status": "ditolak"}, nil); st != http.StatusForbidden {
		t.Errorf("TKKSD answering a proposal: %d, want 403", st)
	}
	st, combined, _ := getBytes(t, arnp, doc+"/versions/1/combined.docx")
	if st != 200 {
		t.Fatalf("combined: %d %s", st, combined)
	}
	if cd, err := drafting.Read(bytes.NewReader(combined), int64(len(combined))); err != nil || len(cd.Comments) < 3 || len(cd.TrackedChanges()) == 0 {
		t.Errorf("combined.docx: %v; want comments and tracked changes", err)
	}
	if st, matrix, _ := getBytes(t, arnp, doc+"/versions/1/matrix.docx"); st != 200 {
		t.Errorf("matrix: %d", st)
	} else if md, err := drafting.Read(bytes.NewReader(matrix), int64(len(matrix))); err != nil || !strings.Contains(md.Text(drafting.Accept), "Mohon dirinci.") {
		t.Errorf("matrix.docx unreadable or without the proposal: %v", err)
	}

	// Revision: comments carried forward; the one on deleted Pasal 11 outdated.
	v2 := fixtureBytes(t, "pks-v2.docx")
	if st := upload(t, arnp, doc+"/versions", "revisi.docx", v2, "Revisi", &up); st != http.StatusCreated || up.Number != 2 {
		t.Fatalf("upload v2: %d %+v", st, up)
	}
	apiCall(t, arnp, "GET", doc+"/versions/2/comments", nil, &list)
	var kept, gone *itemJSON
	for i, it := range list.Comments {
		switch it.CarriedFrom {
		case c1.ID:
			kept = &list.Comments[i]
		case c2.ID:
			gone = &list.Comments[i]
		}
	}
	if kept == nil || kept.Outdated || gone == nil || !gone.Outdated {
		t.Errorf("carry-forward: kept %+v, gone %+v", kept, gone)
	}
	var diff struct {
		Summary struct {
			PasalInserted []int `json:"pasal_inserted"`
			PasalDeleted  []int `json:"pasal_deleted"`
		} `json:"summary"`
	}
	apiCall(t, arnp, "GET", doc+"/diff?from=1&to=2&format=json", nil, &diff)
	if len(diff.Summary.PasalInserted) != 1 || diff.Summary.PasalInserted[0] != 7 || len(diff.Summary.PasalDeleted) != 1 || diff.Summary.PasalDeleted[0] != 11 {
		t.Errorf("diff summary %+v", diff.Summary)
	}
	if st, html, _ := getBytes(t, tkksd, doc+"/diff?from=1&to=2&format=html"); st != 200 || !bytes.Contains(html, []byte("Ringkasan perubahan")) {
		t.Errorf("html diff: %d", st)
	}
	if st, red, _ := getBytes(t, arnp, doc+"/diff?from=1&to=2&format=docx"); st != 200 || !bytes.HasPrefix(red, []byte("PK")) {
		t.Errorf("docx diff: %d", st)
	}

	// Another TKKSD member, without any grant, is refused everywhere with 403.
	if _, err := m.DB.CreateUser(sepakat.SystemContext(context.Background()), sepakat.NewUser{Login: "tkksd2", Email: "tkksd2@pemkot.invalid", Name: "Anggota Lain", Role: sepakat.RoleTKKSD, Password: DemoPassword}); err != nil {
		t.Fatal(err)
	}
	other := apiLoginCookie(t, m.Server.URL(), "tkksd2", DemoPassword)
	for _, r := range []struct{ method, url string }{
		{"GET", doc}, {"GET", doc + "/versions"}, {"GET", doc + "/versions/1/file"}, {"GET", doc + "/diff?from=1&to=2&format=json"},
		{"GET", doc + "/versions/1/comments"}, {"POST", doc + "/versions/1/comments"}, {"GET", doc + "/versions/1/combined.docx"},
		{"GET", doc + "/versions/1/matrix.docx"}, {"GET", doc + "/messages"}, {"POST", doc + "/messages"}, {"POST", doc + "/session"},
		{"POST", doc + "/grants"}, {"POST", doc + "/approvals"}, {"POST", doc + "/approval"},
		{"POST", fmt.Sprintf("%s/review-items/%d/resolve", base, c1.ID)}, {"POST", fmt.Sprintf("%s/review-items/%d/response", base, c1.ID)},
	} {
		var body any
		if r.method == "POST" {
			switch {
			case strings.HasSuffix(r.url, "/comments"):
				body = map[string]any{"text": "x", "paragraph": 0}
			case strings.HasSuffix(r.url, "/messages"):
				body = map[string]any{"text": "x"}
			case strings.HasSuffix(r.url, "/grants"):
				body = map[string]any{"login": "tkksd2", "right": "comment"}
			case strings.HasSuffix(r.url, "/approvals"):
				body = map[string]any{"version": 2}
			case strings.HasSuffix(r.url, "/response"):
				body = map[string]any{"status": "diterima"}
			case strings.HasSuffix(r.url, "/resolve"):
				body = map[string]any{}
			default:
				body = map[string]any{"action": "open"}
			}
		}
		if st := apiCall(t, other, r.method, r.url, body, nil); st != http.StatusForbidden {
			t.Errorf("ungranted TKKSD: %s %s → %d, want 403", r.method, r.url, st)
		}
	}
	if st := upload(t, other, doc+"/versions/1/reviews", "salinan.docx", fixtureBytes(t, "review/copy-unmul.docx"), "", nil); st != http.StatusForbidden {
		t.Errorf("ungranted TKKSD uploading a copy: %d, want 403", st)
	}

	// Close, approve, void by a new upload, approve again.
	if st := apiCall(t, kasubbag, "POST", doc+"/session", map[string]string{"action": "close"}, nil); st != 200 {
		t.Fatalf("close: %d", st)
	}
	if st := apiCall(t, tkksd, "POST", doc+"/versions/2/comments", map[string]any{"quote": "", "paragraph": 0, "text": "terlambat"}, nil); st != http.StatusConflict {
		t.Errorf("comment after close: %d, want 409", st)
	}
	if st := apiCall(t, kasubbag, "POST", doc+"/approval", map[string]string{"action": "open"}, nil); st != 200 {
		t.Fatalf("open approval: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", doc+"/approvals", map[string]int{"version": 2}, &d); st != 200 || len(d.Approvals) != 1 {
		t.Fatalf("approve: %d %+v", st, d)
	}
	v3 := bytes.Clone(v2)
	if st := upload(t, arnp, doc+"/versions", "final.docx", fixtureBytes(t, "pks-lo-v2.docx"), "Perbaikan ketik", &up); st != http.StatusCreated || up.Number != 3 {
		t.Fatalf("upload v3 during approval: %d %+v", st, up)
	}
	_ = v3
	apiCall(t, arnp, "GET", doc, nil, &d)
	if len(d.Approvals) != 1 || !d.Approvals[0].Void {
		t.Errorf("the approval of v2 is not void after v3: %+v", d.Approvals)
	}
	if st := apiCall(t, ppksd, "POST", doc+"/approvals", map[string]int{"version": 2}, nil); st != http.StatusConflict {
		t.Errorf("approving an old version: %d, want 409", st)
	}
	apiCall(t, ppksd, "POST", doc+"/approvals", map[string]int{"version": 3}, nil)
	apiCall(t, kasubbag, "POST", doc+"/approvals", map[string]int{"version": 3}, &d)
	if d.Final != 3 {
		t.Errorf("document not final after every approval: %+v", d)
	}

	// Audit: every step is recorded.
	entries, err := m.DB.FindAuditEntries(sepakat.SystemContext(context.Background()), sepakat.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]bool{}
	for _, e := range entries {
		actions[e.Action] = true
	}
	if len(actions) < 8 {
		t.Errorf("only %d kinds of audit action recorded: %v", len(actions), actions)
	}
}

// TestDraftUploadsRefusedOrConcurrent: refused uploads leave the document
// exactly as it was; two simultaneous uploads become two versions.
func TestDraftUploadsRefusedOrConcurrent(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL() + "/api/v1"
	arnp := apiLoginCookie(t, m.Server.URL(), "arnp", DemoPassword)
	var d docJSON
	apiCall(t, arnp, "POST", fmt.Sprintf("%s/cooperations/%d/documents", base, findCooperationID(t, m, "Kalender Event")), map[string]string{"kind": "NK", "title": "Nota"}, &d)
	doc := fmt.Sprintf("%s/documents/%d", base, d.ID)
	apiCall(t, arnp, "POST", doc+"/session", map[string]string{"action": "open"}, nil)
	if st := upload(t, arnp, doc+"/versions", "a.docx", fixtureBytes(t, "pks-v1.docx"), "", nil); st != http.StatusCreated {
		t.Fatalf("first upload: %d", st)
	}
	_, before, _ := getBytes(t, arnp, doc)
	big := make([]byte, sepakat.MaxDraftSize+1)
	for _, tc := range []struct {
		name string
		data []byte
		want int
	}{
		{"bukan.docx", []byte("ini teks biasa"), http.StatusBadRequest},
		{"rusak.docx", fixtureBytes(t, "truncated.docx"), http.StatusBadRequest},
		{"lama.doc", fixtureBytes(t, "legacy.doc"), http.StatusBadRequest},
		{"sandi.docx", fixtureBytes(t, "encrypted.docx"), http.StatusBadRequest},
		{"besar.docx", big, http.StatusRequestEntityTooLarge},
	} {
		var e struct {
			Error string `json:"error"`
		}
		if st := upload(t, arnp, doc+"/versions", tc.name, tc.data, "", &e); st != tc.want || e.Error == "" {
			t.Errorf("%s: %d %q, want %d with a message", tc.name, st, e.Error, tc.want)
		}
		if _, after, _ := getBytes(t, arnp, doc); !bytes.Equal(after, before) {
			t.Errorf("%s changed the document:\n%s\n%s", tc.name, before, after)
		}
	}
	var wg sync.WaitGroup
	numbers := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var up struct {
				Number int `json:"number"`
			}
			upload(t, arnp, doc+"/versions", "x.docx", fixtureBytes(t, "pks-v2.docx"), "", &up)
			numbers[i] = up.Number
		}()
	}
	wg.Wait()
	if !(numbers[0] == 2 && numbers[1] == 3 || numbers[0] == 3 && numbers[1] == 2) {
		t.Errorf("simultaneous uploads got numbers %v, want 2 and 3", numbers)
	}
	// The combined download is a zip whatever the copies.
	st, b, _ := getBytes(t, arnp, doc+"/versions/3/combined.docx")
	if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); st != 200 || err != nil {
		t.Errorf("combined of a version without reviews: %d %v", st, err)
	}
}
