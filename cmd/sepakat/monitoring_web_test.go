package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// monitoringAnswer is the answer of GET …/monitoring.
type monitoringAnswerT struct {
	Status  sepakat.MonitoringStatus   `json:"status"`
	Expiry  *sepakat.Expiry            `json:"expiry"`
	Entries []*sepakat.MonitoringEntry `json:"entries"`
}

// TestMonitoringThroughServer adds a monitoring entry to the demo
// cooperation in Pemantauan with a photo, a PDF, a video and a Word file,
// refuses a bad file, a note and its follow-up, the rights (403/404) and
// the stage (409), the page, and the reminder when due, sent once.
func TestMonitoringThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	ppksd2 := apiLoginCookie(t, base, "ppksd2", DemoPassword)
	akp := apiLoginCookie(t, base, "akp", DemoPassword)
	tkksd := apiLoginCookie(t, base, "tkksd", DemoPassword)
	protokol := apiLoginCookie(t, base, "protokol", DemoPassword)
	id := findCooperationID(t, m, "Digitalisasi Tiket")
	api := fmt.Sprintf("%s/api/v1/cooperations/%d/monitoring", base, id)
	page := fmt.Sprintf("%s/kerjasama/%d", base, id)

	// The demo's entry, its note and follow-up; the next entry is due six
	// months after it; the term of five years is not flagged.
	var mon monitoringAnswerT
	if st := apiCall(t, akp, "GET", api, nil, &mon); st != http.StatusOK || len(mon.Entries) != 1 || len(mon.Entries[0].Notes) != 1 || mon.Entries[0].Notes[0].FollowUp == nil {
		t.Fatalf("demo monitoring: %d %+v", st, mon)
	}
	demoEntry := mon.Entries[0]
	if !mon.Status.Due.Equal(sepakat.AddMonths(demoEntry.CreatedAt, 6)) || mon.Status.Overdue || mon.Expiry == nil || mon.Expiry.Flag != sepakat.ExpiryNone || mon.Expiry.Months != 60 {
		t.Fatalf("schedule %+v expiry %+v", mon.Status, mon.Expiry)
	}

	// Rights: the office may not add (403); who does not see the
	// cooperation gets 404; the wrong stage is 409.
	in := sepakat.MonitoringInput{Period: "Semester II", Activity: "Peluncuran tiket elektronik di tiga destinasi", Achievement: "12.000 tiket terjual", Obstacle: "Sinyal lemah"}
	if st := apiCall(t, akp, "POST", api, in, nil); st != http.StatusForbidden {
		t.Fatalf("AKP adds an entry: %d", st)
	}
	for _, c := range []*http.Cookie{tkksd, protokol} {
		if st := apiCall(t, c, "GET", api, nil, nil); st != http.StatusNotFound {
			t.Fatalf("outsider reads the monitoring: %d", st)
		}
	}
	signingID := findCooperationID(t, m, "Festival Budaya")
	if st := apiCall(t, ppksd, "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/monitoring", base, signingID), in, nil); st != http.StatusConflict {
		t.Fatalf("entry in penandatanganan: %d", st)
	}
	var e sepakat.MonitoringEntry
	if st := apiCall(t, ppksd, "POST", api, in, &e); st != http.StatusCreated || e.ID == 0 || e.Activity != in.Activity {
		t.Fatalf("add entry: %d %+v", st, e)
	}
	files := fmt.Sprintf("%s/%d/files", api, e.ID)

	// A photo, a PDF, a video and a Word file; checked by content.
	docx, _ := demoDocs.ReadFile("demodocs/kb-v1.docx")
	pdf, err := os.ReadFile(lampiranPDF)
	if err != nil {
		t.Fatal(err)
	}
	mp4 := append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), bytes.Repeat([]byte{0}, 2048)...)
	for _, f := range []struct {
		name string
		data []byte
		kind sepakat.MonitoringFileKind
	}{
		{"kegiatan.png", demoPhoto(1), sepakat.MonitoringPhoto},
		{"laporan.pdf", pdf, sepakat.MonitoringDocument},
		{"video.mp4", mp4, sepakat.MonitoringVideo},
		{"notulen.docx", docx, sepakat.MonitoringDocument},
	} {
		b, ct := multipartFile(f.name, f.data)
		st, body := send(t, ppksd, "POST", files, b, ct)
		if st != http.StatusCreated {
			t.Fatalf("upload %s: %d %s", f.name, st, body)
		}
	}
	// Refused: text named .pdf, a damaged PDF, a fake photo; nothing stored.
	blobs := blobCount(t, m.Config.DataDir)
	for _, f := range []struct {
		name   string
		data   []byte
		status int
		msg    string
	}{
		{"catatan.pdf", []byte("ini hanya teks biasa, bukan dokumen"), http.StatusUnsupportedMediaType, "Jenis berkas tidak diterima"},
		{"rusak.pdf", printFixture(t, "damaged.pdf"), http.StatusBadRequest, "rusak"},
		{"foto.jpg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("bukan jpeg")...), http.StatusBadRequest, "Gambar rusak"},
	} {
		b, ct := multipartFile(f.name, f.data)
		st, body := send(t, ppksd, "POST", files, b, ct)
		if msg := apiError(t, body); st != f.status || !strings.Contains(msg, f.msg) {
			t.Errorf("%s: %d %q, want %d %q", f.name, st, msg, f.status, f.msg)
		}
	}
	if n := blobCount(t, m.Config.DataDir); n != blobs {
		t.Fatalf("a refused file was stored: %d blobs, was %d", n, blobs)
	}
	// The office may not upload (403, before the body is read).
	b, ct := multipartFile("kegiatan.png", demoPhoto(0))
	if st, _ := send(t, akp, "POST", files, b, ct); st != http.StatusForbidden {
		t.Fatalf("AKP uploads: %d", st)
	}
	st, photo, hdr := getBytes(t, ppksd2, files+"/1")
	if st != http.StatusOK || !bytes.Equal(photo, demoPhoto(1)) || hdr.Get("Content-Type") != "image/png" {
		t.Fatalf("photo download: %d %s", st, hdr)
	}
	if st, data, _ := getBytes(t, akp, files+"/4"); st != http.StatusOK || !bytes.Equal(data, docx) {
		t.Fatalf("docx download: %d", st)
	}

	// A note of the AKP, the PPKSD's follow-up; the roles reversed are 403.
	notes := fmt.Sprintf("%s/%d/notes", api, e.ID)
	if st := apiCall(t, ppksd, "POST", notes, map[string]string{"text": "catatan"}, nil); st != http.StatusForbidden {
		t.Fatalf("PPKSD notes: %d", st)
	}
	if st := apiCall(t, akp, "POST", notes, map[string]string{"text": "Lampirkan data penjualan per destinasi."}, &e); st != http.StatusCreated || len(e.Notes) != 1 {
		t.Fatalf("note: %d %+v", st, e.Notes)
	}
	if st := apiCall(t, akp, "POST", notes+"/1/follow-up", map[string]string{"text": "x"}, nil); st != http.StatusForbidden {
		t.Fatalf("AKP follows up: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", notes+"/9/follow-up", map[string]string{"text": "x"}, nil); st != http.StatusNotFound {
		t.Fatalf("follow-up of a missing note: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", notes+"/1/follow-up", map[string]string{"text": "Data penjualan dilampirkan pada laporan berikutnya."}, &e); st != http.StatusOK || e.Notes[0].FollowUp == nil {
		t.Fatalf("follow-up: %d %+v", st, e.Notes)
	}

	// The page shows the section, the files, the note and the follow-up,
	// and takes a note through its form.
	if st, html := send(t, akp, "GET", page, nil, ""); st != http.StatusOK || !bytes.Contains(html, []byte(`id="pemantauan"`)) ||
		!bytes.Contains(html, []byte("Peluncuran tiket elektronik")) || !bytes.Contains(html, []byte("notulen.docx")) ||
		!bytes.Contains(html, []byte("Data penjualan dilampirkan")) || !bytes.Contains(html, []byte("paling lambat")) {
		t.Fatalf("page: %d %.500s", st, html)
	}
	form := strings.NewReader("text=" + strings.ReplaceAll("Catatan dari halaman", " ", "+"))
	if st, _ := send(t, akp, "POST", fmt.Sprintf("%s/pemantauan/%d/catatan", page, e.ID), form, "application/x-www-form-urlencoded"); st != http.StatusSeeOther {
		t.Fatalf("note through the page: %d", st)
	}

	// A 60 MB video streams in without being held in memory; a file over
	// 100 MB is refused (413) and nothing of it is kept.
	dir := t.TempDir()
	writeVideo := func(name string, size int64) string {
		path := filepath.Join(dir, name)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(mp4); err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return path
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if st, body := streamUpload(t, ppksd, files, writeVideo("kegiatan.mp4", 60<<20)); st != http.StatusCreated {
		t.Fatalf("60 MB video: %d %.300s", st, body)
	}
	runtime.ReadMemStats(&after)
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 16<<20 {
		t.Errorf("%d MB allocated for a 60 MB video: the upload is buffered", allocated>>20)
	}
	blobs = blobCount(t, m.Config.DataDir)
	if st, body := streamUpload(t, ppksd, files, writeVideo("besar.mp4", 101<<20)); st != http.StatusRequestEntityTooLarge {
		t.Fatalf("101 MB video: %d %.300s", st, body)
	}
	if n := blobCount(t, m.Config.DataDir); n != blobs {
		t.Fatalf("a refused video was stored: %d blobs, was %d", n, blobs)
	}

	// The reminder: nothing before the due date, one notice to each PPKSD
	// when due, not repeated by the next runs.
	ctx := context.Background()
	due := sepakat.AddMonths(e.CreatedAt, 6)
	if n, err := m.DB.SendReminders(ctx, due.Add(-time.Hour)); err != nil || n != 0 {
		t.Fatalf("reminders before due: %d %v", n, err)
	}
	for range 3 {
		if _, err := m.DB.SendReminders(ctx, due.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	var list struct {
		Notifications []sepakat.Notification `json:"notifications"`
	}
	for _, c := range []*http.Cookie{ppksd, ppksd2} {
		if st := apiCall(t, c, "GET", base+"/api/v1/notifications?limit=100", nil, &list); st != http.StatusOK {
			t.Fatalf("notifications: %d", st)
		}
		n := 0
		for _, x := range list.Notifications {
			if strings.Contains(x.Message, "jatuh tempo") && strings.Contains(x.Message, "Digitalisasi Tiket") {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d reminders, want 1: %+v", n, list.Notifications)
		}
	}
}
