package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
)

// writeBigPDF writes a valid one-page PDF of about padding bytes: the page
// text in one content stream, the padding as lines of comments in a second
// content stream of the page (pdfcpu reads and accepts it). It is written
// as it goes, never held in memory.
func writeBigPDF(w io.Writer, padding int64) error {
	bw := bufio.NewWriter(w)
	var off int64
	var offsets []int64
	put := func(s string) {
		n, _ := bw.WriteString(s)
		off += int64(n)
	}
	obj := func(s string) {
		offsets = append(offsets, off)
		put(s)
	}
	put("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	obj("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n")
	obj("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 609.45 935.43] /Contents [4 0 R 5 0 R] " +
		"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\nendobj\n")
	text := "BT /F1 18 Tf 72 860 Td (Naskah yang telah ditandatangani) Tj ET\n"
	obj(fmt.Sprintf("4 0 obj\n<< /Length %d >>\nstream\n%sendstream\nendobj\n", len(text), text))
	line := "% " + strings.Repeat("pindaian ", 14) + "\n"
	n := padding / int64(len(line))
	obj(fmt.Sprintf("5 0 obj\n<< /Length %d >>\nstream\n", n*int64(len(line))))
	for range n {
		put(line)
	}
	put("endstream\nendobj\n")
	xref := off
	put(fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1))
	for _, o := range offsets {
		put(fmt.Sprintf("%010d 00000 n \n", o))
	}
	put(fmt.Sprintf("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref))
	return bw.Flush()
}

// streamUpload posts the file at path as multipart "file", streamed from
// disk through a pipe (the client holds no copy either).
func streamUpload(t *testing.T, cookie *http.Cookie, url, path string) (int, []byte) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		defer f.Close()
		w, err := mw.CreateFormFile("file", filepath.Base(path))
		if err == nil {
			_, err = io.Copy(w, f)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return send(t, cookie, "POST", url, pr, mw.FormDataContentType())
}

// blobCount counts the stored blobs of a data directory.
func blobCount(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	root := filepath.Join(dir, "blobs")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "tmp" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// signingCooperation makes a cooperation of ppksd1 (with ppksd2) in stage
// penandatanganan, moved there by Kasubbag through the stage table.
func signingCooperation(t *testing.T, m *Main, title string) int64 {
	t.Helper()
	ctx := context.Background()
	users, err := m.DB.FindUsers(sepakat.SystemContext(ctx), sepakat.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*sepakat.User{}
	for _, u := range users {
		by[u.Login] = u
	}
	as := func(login string) context.Context { return sepakat.NewContextWithUser(ctx, by[login]) }
	c, err := m.DB.CreateCooperation(as("ppksd1"), sepakat.ApplicationInput{
		Title: title, Affair: "Pariwisata", Kind: sepakat.KindKSDD, PPKSD2ID: by["ppksd2"].ID,
		Partners: []sepakat.Partner{{Name: "Pemerintah Kabupaten Kutai Kartanegara", Kind: sepakat.InstitutionPemerintahDaerah}},
		Preparation: sepakat.Preparation{
			Background: "Latar", Purpose: "Maksud", Location: "Samarinda", Scope: "Lingkup", Roles: "Peran",
			Term: "5 tahun", Benefits: "Manfaat", Analysis: "Analisa", Funding: "APBD",
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.DB.SubmitCooperation(as("ppksd1"), c.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, st := range []sepakat.Stage{sepakat.StagePerencanaan, sepakat.StageInisiasi, sepakat.StagePersiapan, sepakat.StagePenomoran, sepakat.StagePenandatanganan} {
		if _, err := m.DB.TransitionCooperation(as("kasubbag"), c.ID, st, ""); err != nil {
			t.Fatal(err)
		}
	}
	return c.ID
}

// apiError decodes {"error","code"}.
func apiError(t *testing.T, body []byte) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("not a JSON error: %.300s", body)
	}
	return e.Error
}

// heapSampler records the largest heap in use while it runs.
type heapSampler struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak atomic.Uint64
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > h.peak.Load() {
				h.peak.Store(ms.HeapInuse)
			}
			select {
			case <-h.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	h.wg.Wait()
	return h.peak.Load()
}

// TestSignedScanThroughServer drives the record after the signing through
// the real server with the demo data: refused files store nothing, a 60 MB
// scan streams in without being held in memory, photos are checked by
// content, the officers and the classification are validated, submitting
// names what is missing, then moves the cooperation to Pemantauan and
// registers the scan; the page shows the forms, then the summary.
func TestSignedScanThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	akp := apiLoginCookie(t, base, "akp", DemoPassword)
	protokol := apiLoginCookie(t, base, "protokol", DemoPassword)
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	id := signingCooperation(t, m, "Promosi Bersama Destinasi Mahakam")
	api := fmt.Sprintf("%s/api/v1/cooperations/%d/signed", base, id)
	page := fmt.Sprintf("%s/kerjasama/%d", base, id)
	dataDir := m.Config.DataDir

	// The empty record: the city side pre-filled from the cooperation's
	// PPKSD-1.
	var rec struct {
		Scan     *sepakat.File          `json:"scan"`
		Photos   []sepakat.SigningPhoto `json:"photos"`
		Officers sepakat.SigningOfficers
		Missing  []string `json:"missing"`
		Submit   bool     `json:"submitted"`
	}
	if st := apiCall(t, ppksd, "GET", api, nil, &rec); st != http.StatusOK || rec.Scan != nil || rec.Officers.City.Name == "" || len(rec.Missing) == 0 {
		t.Fatalf("empty record: %d %+v", st, rec)
	}

	// Submitting now names everything missing.
	st, body := send(t, ppksd, "POST", api+"/submit", nil, "")
	if msg := apiError(t, body); st != http.StatusBadRequest || !strings.Contains(msg, "pindaian naskah") || !strings.Contains(msg, "foto penandatanganan") || !strings.Contains(msg, "PPKSD pihak mitra") || !strings.Contains(msg, "urusan pemerintahan") {
		t.Fatalf("submit of an empty record: %d %s", st, msg)
	}

	// Damaged, encrypted and non-PDF scans are refused with the
	// validator's message, and nothing is stored.
	blobs := blobCount(t, dataDir)
	for _, tc := range []struct {
		file   string
		status int
		msg    string
	}{
		{"damaged.pdf", http.StatusBadRequest, "rusak"},
		{"encrypted.pdf", http.StatusBadRequest, "dienkripsi"},
		{"not-a-pdf.pdf", http.StatusUnsupportedMediaType, "bukan PDF"},
	} {
		b, ct := multipartFile(tc.file, printFixture(t, tc.file))
		st, body := send(t, ppksd, "POST", api+"/scan", b, ct)
		if msg := apiError(t, body); st != tc.status || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: %d %q, want %d %q", tc.file, st, msg, tc.status, tc.msg)
		}
	}
	// The same refusal on the page, shown on the cooperation page.
	b, ct := multipartFile("damaged.pdf", printFixture(t, "damaged.pdf"))
	if st, html := send(t, ppksd, "POST", page+"/naskah-ttd/pindaian", b, ct); st != http.StatusBadRequest || !bytes.Contains(html, []byte("PDF rusak")) {
		t.Errorf("damaged scan through the page: %d %.300s", st, html)
	}
	// A photo that is not an image, and a PDF as a photo.
	for name, data := range map[string][]byte{"foto.jpg": []byte("ini bukan gambar, hanya teks biasa"), "foto.png": printFixture(t, "lampiran-1.pdf")} {
		b, ct := multipartFile(name, data)
		st, body := send(t, ppksd, "POST", api+"/photos", b, ct)
		if msg := apiError(t, body); st != http.StatusUnsupportedMediaType || !strings.Contains(msg, "bukan gambar") {
			t.Errorf("photo %s: %d %q", name, st, msg)
		}
	}
	if n := blobCount(t, dataDir); n != blobs {
		t.Errorf("refused uploads stored %d blobs", n-blobs)
	}
	apiCall(t, ppksd, "GET", api, nil, &rec)
	if rec.Scan != nil || len(rec.Photos) != 0 {
		t.Fatalf("refused uploads were recorded: %+v", rec)
	}

	// Others may not upload: the office's AKP and Protokol (who sees
	// cooperations in penandatanganan).
	for name, cookie := range map[string]*http.Cookie{"akp": akp, "protokol": protokol} {
		b, ct := multipartFile("lampiran-1.pdf", printFixture(t, "lampiran-1.pdf"))
		if st, body := send(t, cookie, "POST", api+"/scan", b, ct); st != http.StatusForbidden {
			t.Errorf("%s uploads a scan: %d %.200s", name, st, body)
		}
	}

	// A 60 MB scan streams in: the process does not keep it, and its heap
	// never holds more than the one read of the validator (pdfcpu reads
	// the stream's content once).
	big := filepath.Join(t.TempDir(), "naskah-ditandatangani.pdf")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	if err := writeBigPDF(io.MultiWriter(f, h), 60<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	bigSHA := hex.EncodeToString(h.Sum(nil))
	fi, _ := os.Stat(big)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sampler := sampleHeap()
	st, body = streamUpload(t, ppksd, api+"/scan", big)
	peak := sampler.Stop()
	runtime.ReadMemStats(&after)
	if st != http.StatusCreated {
		t.Fatalf("60 MB scan: %d %.300s", st, body)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	grew := int64(peak) - int64(before.HeapInuse)
	t.Logf("60 MB scan (%d bytes): allocated %d MB, heap peak +%d MB", fi.Size(), allocated>>20, grew>>20)
	if grew > fi.Size()+24<<20 {
		t.Errorf("the heap grew by %d MB during a %d MB upload: the upload is buffered", grew>>20, fi.Size()>>20)
	}
	if allocated > uint64(fi.Size())*3/2 {
		t.Errorf("%d MB allocated for a %d MB upload: the upload is copied in memory", allocated>>20, fi.Size()>>20)
	}
	runtime.GC()
	var settled runtime.MemStats
	runtime.ReadMemStats(&settled)
	if kept := int64(settled.HeapInuse) - int64(before.HeapInuse); kept > 16<<20 {
		t.Errorf("the process keeps %d MB after the upload", kept>>20)
	}
	if err := json.Unmarshal(body, &rec); err != nil || rec.Scan == nil || rec.Scan.SHA256 != bigSHA || rec.Scan.Size != fi.Size() {
		t.Fatalf("recorded scan %+v (%v), want %s", rec.Scan, err, bigSHA)
	}
	// It downloads whole, as a PDF, for the office too.
	req, _ := http.NewRequest("GET", api+"/scan.pdf", nil)
	req.AddCookie(akp)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	dh := sha256.New()
	n, _ := io.Copy(dh, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || n != fi.Size() || hex.EncodeToString(dh.Sum(nil)) != bigSHA {
		t.Errorf("scan download: %s %q %d bytes", resp.Status, resp.Header.Get("Content-Type"), n)
	}

	// Replacing it with a small scan through the page.
	small := printFixture(t, "lampiran-1.pdf")
	b, ct = multipartFile("naskah-final.pdf", small)
	if st, body := send(t, ppksd, "POST", page+"/naskah-ttd/pindaian", b, ct); st != http.StatusSeeOther {
		t.Fatalf("replace scan through the page: %d %.300s", st, body)
	}
	sum := sha256.Sum256(small)
	smallSHA := hex.EncodeToString(sum[:])

	// Photos: two through the API, one through the page, one removed.
	var photo sepakat.SigningPhoto
	for i := range 2 {
		b, ct := multipartFile(fmt.Sprintf("foto-%d.png", i+1), demoPhoto(i))
		st, body := send(t, ppksd, "POST", api+"/photos", b, ct)
		if st != http.StatusCreated || json.Unmarshal(body, &photo) != nil || photo.N != i+1 {
			t.Fatalf("photo %d: %d %.300s", i+1, st, body)
		}
	}
	b, ct = multipartFile("foto-3.png", demoPhoto(2))
	if st, body := send(t, ppksd, "POST", page+"/naskah-ttd/foto", b, ct); st != http.StatusSeeOther {
		t.Fatalf("photo through the page: %d %.300s", st, body)
	}
	if st, body := send(t, ppksd, "DELETE", api+"/photos/1", nil, ""); st != http.StatusOK {
		t.Fatalf("delete photo 1: %d %s", st, body)
	}
	if st, _ := send(t, ppksd, "DELETE", api+"/photos/1", nil, ""); st != http.StatusNotFound {
		t.Errorf("delete photo 1 again: %d", st)
	}
	if st, img, hdr := getBytes(t, akp, page+"/naskah-ttd/foto/2"); st != http.StatusOK || hdr.Get("Content-Type") != "image/png" || !bytes.Equal(img, demoPhoto(1)) {
		t.Errorf("photo 2 for the office: %d %q", st, hdr.Get("Content-Type"))
	}
	if st, _, _ := getBytes(t, ppksd, api+"/photos/1"); st != http.StatusNotFound {
		t.Errorf("removed photo still served: %d", st)
	}

	// The officers and the classification.
	bad := `{"officers":{"city":{"name":"A"},"partner":{"name":"B","email":"bukan email"}},"classification":{"kind":"ksdd","affair":"pariwisata"}}`
	if st, body := send(t, ppksd, "PUT", api, strings.NewReader(bad), "application/json"); st != http.StatusBadRequest || !strings.Contains(apiError(t, body), "email PPKSD pihak mitra") {
		t.Errorf("bad email: %d %s", st, body)
	}
	bad = `{"officers":{},"classification":{"kind":"ksdd","affair":"astrologi"}}`
	if st, _ := send(t, ppksd, "PUT", api, strings.NewReader(bad), "application/json"); st != http.StatusBadRequest {
		t.Errorf("unknown affair: %d", st)
	}
	// Through the page: the city side kept as pre-filled, the partner's
	// position left out.
	form := url.Values{
		"city_name": {rec.Officers.City.Name}, "city_position": {"Kepala Seksi Promosi"}, "city_phone": {"0541 123456"},
		"partner_name": {"Hendra Kusuma"}, "partner_email": {"hendra@kukarkab.go.id"},
		"kind": {"ksdd"}, "affair": {"pariwisata"},
	}
	if st, body := postForm(t, ppksd, page+"/naskah-ttd/data", form); st != http.StatusSeeOther {
		t.Fatalf("details through the page: %d %.300s", st, body)
	}
	st, body = send(t, ppksd, "POST", api+"/submit", nil, "")
	if msg := apiError(t, body); st != http.StatusBadRequest || msg != "Penandatanganan belum dapat diselesaikan; belum lengkap: jabatan PPKSD pihak mitra." {
		t.Fatalf("submit without the partner's position: %d %q", st, msg)
	}
	good := `{"officers":{"city":{"name":"` + rec.Officers.City.Name + `","position":"Kepala Seksi Promosi","phone":"0541 123456"},` +
		`"partner":{"name":"Hendra Kusuma","position":"Kepala Bagian Kerja Sama","email":"hendra@kukarkab.go.id"}},"classification":{"kind":"ksdd","affair":"pariwisata"}}`
	if st, body := send(t, ppksd, "PUT", api, strings.NewReader(good), "application/json"); st != http.StatusOK {
		t.Fatalf("save details: %d %s", st, body)
	}

	// The page in penandatanganan: forms, thumbnails, the submit button.
	_, html, _ := getBytes(t, ppksd, page)
	for _, want := range []string{"Naskah yang telah ditandatangani", `id="unggah-pindaian"`, `id="unggah-foto"`, `id="data-ttd"`,
		fmt.Sprintf(`<img src="/kerjasama/%d/naskah-ttd/foto/2"`, id), fmt.Sprintf(`<img src="/kerjasama/%d/naskah-ttd/foto/3"`, id),
		"Selesaikan penandatanganan", `value="pariwisata" selected`, "Hendra Kusuma"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("cooperation page lacks %q", want)
		}
	}
	if _, html, _ := getBytes(t, akp, page); bytes.Contains(html, []byte(`id="unggah-pindaian"`)) || !bytes.Contains(html, []byte("Naskah yang telah ditandatangani")) {
		t.Error("the AKP gets the upload form, or no section")
	}

	// Submit: Pemantauan, the scan registered, the office notified.
	if st, body := postForm(t, ppksd, page+"/naskah-ttd/selesai", url.Values{}); st != http.StatusSeeOther {
		t.Fatalf("submit through the page: %d %.300s", st, body)
	}
	var coop sepakat.Cooperation
	if st := apiCall(t, ppksd, "GET", fmt.Sprintf("%s/api/v1/cooperations/%d", base, id), nil, &struct {
		*sepakat.Cooperation `json:"cooperation"`
	}{&coop}); st != http.StatusOK || coop.Stage != sepakat.StagePemantauan {
		t.Fatalf("stage after submit: %d %q", st, coop.Stage)
	}
	r, err := m.DB.FindRegisteredPDF(context.Background(), smallSHA)
	if err != nil || r.Kind != sepakat.RegisteredSignedScan || r.CooperationID != id || r.Title != "Promosi Bersama Destinasi Mahakam" {
		t.Fatalf("registered scan: %+v %v", r, err)
	}
	if _, err := m.DB.FindRegisteredPDF(context.Background(), bigSHA); err == nil {
		t.Error("the replaced scan is registered")
	}
	var notes struct {
		Notifications []sepakat.Notification `json:"notifications"`
	}
	apiCall(t, kasubbag, "GET", base+"/api/v1/notifications", nil, &notes)
	if len(notes.Notifications) == 0 || !strings.Contains(notes.Notifications[0].Message, "Promosi Bersama Destinasi Mahakam") {
		t.Errorf("kasubbag not notified: %+v", notes.Notifications)
	}
	var audit struct {
		Entries []sepakat.AuditEntry `json:"entries"`
	}
	apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/api/v1/audit?object=cooperation/%d&limit=100", base, id), nil, &audit)
	seen := map[string]int{}
	for _, e := range audit.Entries {
		seen[e.Action]++
		if strings.HasPrefix(e.Action, "cooperation.signed") && (e.ActorLogin != "ppksd1" || e.Time.IsZero()) {
			t.Errorf("audit entry without its actor or time: %+v", e)
		}
	}
	for action, n := range map[string]int{"cooperation.signed.scan": 2, "cooperation.signed.photo.add": 3, "cooperation.signed.photo.delete": 1, "cooperation.signed.details": 2, "cooperation.signed.submit": 1, "cooperation.transition": 6} {
		if seen[action] != n {
			t.Errorf("audit %s: %d entries, want %d (%v)", action, seen[action], n, seen)
		}
	}

	// Afterwards: read-only, still visible; changes are 409.
	b, ct = multipartFile("foto-4.png", demoPhoto(3))
	if st, _ := send(t, ppksd, "POST", api+"/photos", b, ct); st != http.StatusConflict {
		t.Errorf("photo after submission: %d", st)
	}
	if st, _ := send(t, ppksd, "POST", api+"/submit", nil, ""); st != http.StatusConflict {
		t.Errorf("second submission: %d", st)
	}
	_, html, _ = getBytes(t, ppksd, page)
	for _, want := range []string{`id="ttd-selesai"`, fmt.Sprintf(`href="/kerjasama/%d/naskah-ttd/naskah.pdf"`, id), "Kepala Bagian Kerja Sama", "KSDD"} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if bytes.Contains(html, []byte("Selesaikan penandatanganan")) || bytes.Contains(html, []byte(`id="unggah-foto"`)) {
		t.Error("the summary still offers the forms")
	}
	if st, pdf, _ := getBytes(t, ppksd, page+"/naskah-ttd/naskah.pdf"); st != http.StatusOK || !bytes.Equal(pdf, small) {
		t.Errorf("scan download after submission: %d", st)
	}
}

// mustRecordSigned records a scan (a lampiran fixture) and photo 1 for
// cooperation id, as the PPKSD of ctx; the officers and the classification
// are left empty.
func mustRecordSigned(t *testing.T, m *Main, ctx context.Context, id int64) {
	t.Helper()
	pdf, err := os.Open(lampiranPDF)
	if err != nil {
		t.Fatal(err)
	}
	defer pdf.Close()
	sha, size, ct, err := m.DB.Blobs().Put(ctx, pdf, sepakat.MaxSignedScanSize, signing.ValidatePDF)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.DB.SetSignedScan(ctx, id, sepakat.File{SHA256: sha, Size: size, Name: "naskah.pdf", ContentType: ct}); err != nil {
		t.Fatal(err)
	}
	sha, size, _, err = m.DB.Blobs().Put(ctx, bytes.NewReader(demoPhoto(0)), sepakat.MaxSigningPhotoSize, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.DB.AddSigningPhoto(ctx, id, sepakat.File{SHA256: sha, Size: size, Name: "foto.png", ContentType: "image/png"}); err != nil {
		t.Fatal(err)
	}
}
