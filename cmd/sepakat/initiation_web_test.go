package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// initiationCoop is the demo cooperation in inisiasi for the authorisation
// matrix.
var initiationCoop = func(f fixture) any { return f.initiation }

// initiationAnswer is the part of GET …/initiation the tests read.
type initiationAnswer struct {
	Status    sepakat.InitiationStatus    `json:"status"`
	Uploads   []sepakat.InitiationUpload  `json:"uploads"`
	Notes     []sepakat.InitiationNote    `json:"notes"`
	Messages  []sepakat.InitiationMessage `json:"messages"`
	Missing   []string                    `json:"missing"`
	FixNote   string                      `json:"fix_note"`
	Document  int64                       `json:"document_id"`
	Checklist []struct {
		Item     sepakat.InitiationItem `json:"item"`
		Required bool                   `json:"required"`
	} `json:"checklist"`
}

// TestInitiationThroughServer takes the demo cooperation in inisiasi
// through its offer: refused files, rights, a request for fixes, notes and
// messages, and the completion that makes the draft version 1 of a PKS and
// moves the cooperation to Persiapan.
func TestInitiationThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	akp := apiLoginCookie(t, base, "akp", DemoPassword)
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	tkksd := apiLoginCookie(t, base, "tkksd", DemoPassword)
	protokol := apiLoginCookie(t, base, "protokol", DemoPassword)
	id := findCooperationID(t, m, demoInitiationTitle)
	api := fmt.Sprintf("%s/api/v1/cooperations/%d/initiation", base, id)
	page := fmt.Sprintf("%s/kerjasama/%d", base, id)

	// The demo's partly filled checklist: the company partner must show its
	// deed.
	var in initiationAnswer
	if st := apiCall(t, ppksd, "GET", api, nil, &in); st != http.StatusOK || len(in.Uploads) != 2 || len(in.Missing) != 3 {
		t.Fatalf("demo initiation: %d %+v", st, in)
	}
	if !slices.ContainsFunc(in.Checklist, func(l struct {
		Item     sepakat.InitiationItem `json:"item"`
		Required bool                   `json:"required"`
	}) bool {
		return l.Item == sepakat.ItemDeed && l.Required
	}) {
		t.Errorf("the deed is not required of a company: %+v", in.Checklist)
	}
	if st, html := send(t, ppksd, "GET", page, nil, ""); st != http.StatusOK || !bytes.Contains(html, []byte("Inisiasi (Penawaran)")) || !bytes.Contains(html, []byte("surat-penawaran.pdf")) {
		t.Errorf("cooperation page: %d, section missing", st)
	}

	// Who may not see it (404) or not upload (403); an unknown item (404).
	for name, cookie := range map[string]*http.Cookie{"tkksd": tkksd, "protokol": protokol} {
		if st := apiCall(t, cookie, "GET", api, nil, nil); st != http.StatusNotFound {
			t.Errorf("%s reads the initiation: %d", name, st)
		}
	}
	upload := func(cookie *http.Cookie, item, name string, data []byte, fields ...string) (int, []byte) {
		b, ct := multipartFile(name, data, fields...)
		return send(t, cookie, "POST", api+"/items/"+item, b, ct)
	}
	if st, body := upload(akp, "studi_kelayakan", "sk.pdf", printFixture(t, "lampiran-1.pdf")); st != http.StatusForbidden {
		t.Errorf("AKP uploads: %d %s", st, body)
	}
	if st, _ := upload(ppksd, "surat_tugas", "x.pdf", printFixture(t, "lampiran-1.pdf")); st != http.StatusNotFound {
		t.Errorf("unknown item: %d", st)
	}

	// Damaged, encrypted and wrong-type files are refused, and nothing is
	// stored.
	blobs := blobCount(t, m.Config.DataDir)
	for _, tc := range []struct {
		item, file string
		data       []byte
		status     int
		msg        string
	}{
		{"studi_kelayakan", "damaged.pdf", printFixture(t, "damaged.pdf"), http.StatusBadRequest, "rusak"},
		{"kak", "encrypted.pdf", printFixture(t, "encrypted.pdf"), http.StatusBadRequest, "dienkripsi"},
		{"akta_pendirian", "not-a-pdf.pdf", printFixture(t, "not-a-pdf.pdf"), http.StatusUnsupportedMediaType, "bukan PDF"},
		{"rancangan", "rancangan.docx", printFixture(t, "lampiran-1.pdf"), http.StatusBadRequest, ""},
		{"rancangan", "rancangan.docx", []byte("bukan dokumen Word"), http.StatusBadRequest, ""},
	} {
		st, body := upload(ppksd, tc.item, tc.file, tc.data)
		if msg := apiError(t, body); st != tc.status || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s as %s: %d %q, want %d %q", tc.file, tc.item, st, msg, tc.status, tc.msg)
		}
	}
	if n := blobCount(t, m.Config.DataDir); n != blobs {
		t.Errorf("refused uploads stored %d blobs", n-blobs)
	}

	// The signed SK and KAK; completing now names the missing deed.
	for _, item := range []string{"studi_kelayakan", "kak"} {
		if st, body := upload(ppksd, item, item+".pdf", printFixture(t, "lampiran-2.pdf")); st != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", item, st, body)
		}
	}
	st, body := send(t, kasubbag, "POST", api+"/complete", strings.NewReader(`{}`), "application/json")
	if msg := apiError(t, body); st != http.StatusBadRequest || !strings.Contains(msg, "akta pendirian") {
		t.Fatalf("complete without the deed: %d %q", st, msg)
	}

	// The review: a note of the AKP on an item, the Kasubbag's request for
	// fixes (the PPKSD is notified), the discussion.
	if st := apiCall(t, akp, "POST", api+"/notes", map[string]string{"item": "kak", "text": "Tanda tangan Kepala Dinas belum tampak."}, nil); st != http.StatusCreated {
		t.Fatalf("note: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", api+"/notes", map[string]string{"text": "Catatan PPKSD"}, nil); st != http.StatusForbidden {
		t.Errorf("PPKSD writes a review note: %d", st)
	}
	if st := apiCall(t, akp, "POST", api+"/fixes", map[string]string{"note": "Unggah akta."}, nil); st != http.StatusForbidden {
		t.Errorf("AKP asks for fixes: %d", st)
	}
	if st := apiCall(t, kasubbag, "POST", api+"/fixes", map[string]string{"note": ""}, nil); st != http.StatusBadRequest {
		t.Errorf("fixes without a note: %d", st)
	}
	if st := apiCall(t, kasubbag, "POST", api+"/fixes", map[string]string{"note": "Unggah akta pendirian PT dan KAK yang bertanda tangan."}, &in); st != http.StatusOK || in.Status != sepakat.InitiationFixes {
		t.Fatalf("fixes: %d %+v", st, in)
	}
	ctx := context.Background()
	users, err := m.DB.FindUsers(sepakat.SystemContext(ctx), sepakat.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	p1 := users[slices.IndexFunc(users, func(u *sepakat.User) bool { return u.Login == "ppksd1" })]
	notes, _, err := m.DB.FindNotifications(sepakat.NewContextWithUser(ctx, p1), 20)
	if err != nil || !slices.ContainsFunc(notes, func(n *sepakat.Notification) bool { return strings.Contains(n.Message, "perlu diperbaiki") }) {
		t.Errorf("the PPKSD was not notified of the fixes: %v", err)
	}
	if st := apiCall(t, ppksd, "POST", api+"/messages", map[string]string{"text": "Akta dan KAK baru kami unggah hari ini."}, nil); st != http.StatusCreated {
		t.Errorf("PPKSD message: %d", st)
	}
	if st := apiCall(t, akp, "POST", api+"/messages", map[string]string{"text": "Baik, kami tunggu."}, nil); st != http.StatusCreated {
		t.Errorf("AKP message: %d", st)
	}

	// The fixes: the KAK replaced, the deed, another document added and
	// removed, the draft replaced by one that becomes a PKS.
	if st, body := upload(ppksd, "kak", "kak-ttd.pdf", printFixture(t, "lampiran-1.pdf")); st != http.StatusCreated {
		t.Fatalf("replace KAK: %d %s", st, body)
	}
	if st, body := upload(ppksd, "akta_pendirian", "akta.pdf", printFixture(t, "lampiran-1.pdf")); st != http.StatusCreated {
		t.Fatalf("deed: %d %s", st, body)
	}
	var other sepakat.InitiationUpload
	b, ct := multipartFile("lain.pdf", printFixture(t, "lampiran-2.pdf"))
	if st := apiCallRaw(t, ppksd, "POST", api+"/items/lainnya", b, ct, &other); st != http.StatusCreated || other.N == 0 {
		t.Fatalf("other document: %d", st)
	}
	if st := apiCall(t, akp, "DELETE", fmt.Sprintf("%s/items/lainnya/%d", api, other.N), nil, nil); st != http.StatusForbidden {
		t.Errorf("AKP removes a file: %d", st)
	}
	if st := apiCall(t, ppksd, "DELETE", fmt.Sprintf("%s/items/lainnya/%d", api, other.N), nil, nil); st != http.StatusOK {
		t.Errorf("remove other document: %d", st)
	}
	draft, err := demoDocs.ReadFile("demodocs/kb-v2.docx")
	if err != nil {
		t.Fatal(err)
	}
	var up sepakat.InitiationUpload
	b, ct = multipartFile("rancangan-pks.docx", draft, "document_kind", "PKS")
	if st := apiCallRaw(t, ppksd, "POST", api+"/items/rancangan", b, ct, &up); st != http.StatusCreated || up.DocumentKind != sepakat.DocumentPKS {
		t.Fatalf("draft: %d %+v", st, up)
	}
	apiCall(t, ppksd, "GET", api, nil, &in)
	if len(in.Missing) != 0 || len(in.Uploads) != 5 || len(in.Messages) != 3 {
		t.Fatalf("after the fixes: %+v", in)
	}
	if st, data := send(t, akp, "GET", fmt.Sprintf("%s/items/rancangan/%d", api, up.N), nil, ""); st != http.StatusOK || !bytes.Equal(data, draft) {
		t.Errorf("download the draft: %d, %d bytes", st, len(data))
	}

	// The page: a damaged file is refused on the cooperation page, a
	// message is posted, and the Kasubbag sees the decisions.
	b, ct = multipartFile("damaged.pdf", printFixture(t, "damaged.pdf"))
	if st, html := send(t, ppksd, "POST", page+"/inisiasi/berkas/lainnya", b, ct); st != http.StatusBadRequest || !bytes.Contains(html, []byte("PDF rusak")) {
		t.Errorf("damaged file through the page: %d %.300s", st, html)
	}
	form := strings.NewReader("text=Mohon+ditelaah+kembali.")
	if st, _ := send(t, ppksd, "POST", page+"/inisiasi/pesan", form, "application/x-www-form-urlencoded"); st != http.StatusSeeOther {
		t.Errorf("message through the page: %d", st)
	}
	if st, html := send(t, kasubbag, "GET", page, nil, ""); st != http.StatusOK || !bytes.Contains(html, []byte("Nyatakan lengkap, lanjut ke Persiapan")) || !bytes.Contains(html, []byte("Mohon ditelaah kembali.")) {
		t.Errorf("the Kasubbag's page: %d", st)
	}

	// The generic move is refused now that the offer is in Sepakat; the
	// AKP may not declare it complete; the Kasubbag does.
	if st := apiCall(t, kasubbag, "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/transitions", base, id), map[string]string{"to": "persiapan"}, nil); st != http.StatusConflict {
		t.Errorf("generic move: %d, want 409", st)
	}
	if st := apiCall(t, akp, "POST", api+"/complete", map[string]string{}, nil); st != http.StatusForbidden {
		t.Errorf("AKP completes: %d", st)
	}
	if st := apiCall(t, kasubbag, "POST", api+"/complete", map[string]string{"note": "Lengkap."}, &in); st != http.StatusOK || in.Status != sepakat.InitiationComplete || in.Document == 0 {
		t.Fatalf("complete: %d %+v", st, in)
	}
	var coop struct{ Cooperation sepakat.Cooperation }
	apiCall(t, ppksd, "GET", fmt.Sprintf("%s/api/v1/cooperations/%d", base, id), nil, &coop)
	if coop.Cooperation.Stage != sepakat.StagePersiapan {
		t.Errorf("stage after completion: %s", coop.Cooperation.Stage)
	}
	var doc sepakat.Document
	if st := apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/api/v1/documents/%d", base, in.Document), nil, &doc); st != http.StatusOK || doc.Kind != sepakat.DocumentPKS || len(doc.Versions) != 1 || doc.Versions[0].SHA256 != up.File.SHA256 {
		t.Errorf("document of the draft: %d %+v", st, doc)
	}
	if st, data := send(t, kasubbag, "GET", fmt.Sprintf("%s/api/v1/documents/%d/versions/1/file", base, in.Document), nil, ""); st == http.StatusOK && !bytes.Equal(data, draft) {
		t.Errorf("version 1 is not the draft")
	}

	// Nothing changes any more: 409.
	if st, _ := upload(ppksd, "lainnya", "lain.pdf", printFixture(t, "lampiran-2.pdf")); st != http.StatusConflict {
		t.Errorf("upload after completion: %d", st)
	}
	if st := apiCall(t, kasubbag, "POST", api+"/complete", map[string]string{}, nil); st != http.StatusConflict {
		t.Errorf("second completion: %d", st)
	}
	if st := apiCall(t, ppksd, "GET", api, nil, &in); st != http.StatusOK || !in.Complete() {
		t.Errorf("read after completion: %d", st)
	}

	// Every step is in the audit log.
	entries, err := m.DB.FindAuditEntries(sepakat.NewContextWithUser(ctx, &sepakat.User{Role: sepakat.RoleKasubbag, Active: true, Verified: true}),
		sepakat.AuditFilter{Object: fmt.Sprintf("cooperation/%d", id), Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Action] = true
	}
	for _, a := range []string{"cooperation.initiation.upload", "cooperation.initiation.delete", "cooperation.initiation.note", "cooperation.initiation.message", "cooperation.initiation.fixes", "cooperation.initiation.complete", "cooperation.transition"} {
		if !seen[a] {
			t.Errorf("audit log lacks %s", a)
		}
	}
}

// Complete on the answer type, as the record reads it.
func (a initiationAnswer) Complete() bool { return a.Status == sepakat.InitiationComplete }

// apiCallRaw posts body with its content type and decodes the JSON answer
// into out.
func apiCallRaw(t *testing.T, cookie *http.Cookie, method, url string, body io.Reader, contentType string, out any) int {
	t.Helper()
	st, data := send(t, cookie, method, url, body, contentType)
	if st < 300 && out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v %s", method, url, err, data)
		}
	}
	return st
}
