package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"testing"

	"github.com/sepakat/sepakat/drafting"
)

// reviewBench is a demo server holding a PKS of 300 Pasal (big-v1.docx) as
// version 1 of a document under review, with 200 comments on it.
type reviewBench struct {
	m     *Main
	arnp  *http.Cookie
	tkksd *http.Cookie
	doc   string
	big   []byte
}

func newReviewBench(b *testing.B) *reviewBench {
	b.Helper()
	m := runTestMain(b, true, "")
	r := &reviewBench{m: m}
	base := m.Server.URL() + "/api/v1"
	r.arnp = apiLoginCookie(b, m.Server.URL(), "arnp", DemoPassword)
	r.tkksd = apiLoginCookie(b, m.Server.URL(), "tkksd", DemoPassword)
	var d struct {
		ID int64 `json:"id"`
	}
	apiCall(b, r.arnp, "POST", fmt.Sprintf("%s/cooperations/%d/documents", base, findCooperationID(b, m, "Kalender Event")), map[string]string{"kind": "PKS", "title": "PKS 300 Pasal"}, &d)
	r.doc = fmt.Sprintf("%s/documents/%d", base, d.ID)
	apiCall(b, r.arnp, "POST", r.doc+"/session", map[string]string{"action": "open"}, nil)
	apiCall(b, r.arnp, "POST", r.doc+"/grants", map[string]string{"login": "tkksd", "right": "comment"}, nil)
	var err error
	if r.big, err = os.ReadFile(docxFixture(b, "big-v1.docx")); err != nil {
		b.Fatal(err)
	}
	if st := benchUpload(b, r.arnp, r.doc+"/versions", r.big); st != http.StatusCreated {
		b.Fatalf("upload: %d", st)
	}
	ps, err := drafting.Engine{}.Paragraphs(bytes.NewReader(r.big), int64(len(r.big)))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		p := ps[(i*37)%len(ps)]
		if st := apiCall(b, r.tkksd, "POST", r.doc+"/versions/1/comments", map[string]any{"quote": "", "paragraph": p.Index, "text": fmt.Sprintf("Catatan %d untuk paragraf ini.", i)}, nil); st != http.StatusCreated {
			b.Fatalf("comment %d: %d", i, st)
		}
	}
	return r
}

func benchUpload(b *testing.B, cookie *http.Cookie, url string, data []byte) int {
	b.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "salinan.docx")
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", url, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// BenchmarkVersionPage renders the version page of a 300-Pasal draft with
// 200 comments for the ARNP, through the real server. Target: under 100 ms.
func BenchmarkVersionPage(b *testing.B) {
	r := newReviewBench(b)
	page := r.m.Server.URL() + "/dokumen/" + r.doc[len(r.m.Server.URL()+"/api/v1/documents/"):] + "/versi/1"
	b.ResetTimer()
	for b.Loop() {
		req, _ := http.NewRequest("GET", page, nil)
		req.AddCookie(r.arnp)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || n < 100_000 {
			b.Fatalf("version page: %d, %d bytes", resp.StatusCode, n)
		}
	}
}

// BenchmarkReviewUpload uploads a reviewer's marked-up copy of the
// 300-Pasal draft and extracts its comments and edits. Target: under 500 ms.
func BenchmarkReviewUpload(b *testing.B) {
	r := newReviewBench(b)
	copyData, err := os.ReadFile(docxFixture(b, "review/big-copy-01.docx"))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if st := benchUpload(b, r.tkksd, r.doc+"/versions/1/reviews", copyData); st != http.StatusCreated {
			b.Fatalf("review upload: %d", st)
		}
	}
}
