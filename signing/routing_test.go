package signing_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
)

// routingFixture is a sheet of the default desks, two finished and the
// third holding the document two working days past its standard.
func routingFixture(t *testing.T, desks int) sepakat.RoutingPrint {
	t.Helper()
	wib := time.FixedZone("WIB", 7*3600)
	list := sepakat.DefaultDesks()
	for len(list) < desks {
		list = append(list, sepakat.Desk{Name: "Kepala Dinas Pariwisata dan Ekonomi Kreatif", TimeStandard: 2, Action: sepakat.ActionParaf})
	}
	s, err := sepakat.NewRoutingSheet(4, list, 1, time.Date(2026, 11, 2, 8, 0, 0, 0, wib))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	for _, m := range []struct {
		n    int
		kind sepakat.MarkKind
	}{{1, sepakat.MarkReceived}, {1, sepakat.MarkInitialled}, {2, sepakat.MarkReceived}, {2, sepakat.MarkInitialled}, {3, sepakat.MarkReceived}} {
		if err := s.Mark(m.n, m.kind, sepakat.Mark{ByID: 3, ByName: "Dewi Lestari, S.E.", At: at}); err != nil {
			t.Fatal(err)
		}
		at = at.Add(time.Hour)
	}
	now := time.Date(2026, 11, 9, 10, 0, 0, 0, wib)
	return sepakat.RoutingPrint{
		Code: "KSD-2026-0042", Title: "Penguatan UMKM Kuliner Khas Daerah", Numbers: []string{"001/KB/HK-KS/XI/2026"},
		Partners: "Pemerintah Kabupaten Paser", Status: s.Status(now, sepakat.DefaultCalendar()),
		URL: "https://sepakat.example.go.id/kerjasama/4", PrintedAt: now,
	}
}

func TestWriteRoutingSheet(t *testing.T) {
	r := routingFixture(t, 6)
	if d := r.Status.Desks[2]; !d.Overdue || d.LateDays != 3 {
		t.Fatalf("fixture: desk 3 overdue %v by %d", d.Overdue, d.LateDays)
	}
	var buf bytes.Buffer
	if err := signing.WriteRoutingSheet(&buf, signing.PaperF4, r); err != nil {
		t.Fatal(err)
	}
	if _, err := signing.ValidatePDF(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
		t.Fatalf("pdfcpu refuses the routing sheet: %v", err)
	}
	dir := t.TempDir()
	pdf := filepath.Join(dir, "lembar.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	info := strings.Join(strings.Fields(run(t, "pdfinfo", pdf)), " ")
	if !strings.Contains(info, "Page size: 609.45 x 935.43 pts") || !strings.Contains(info, "Pages: 1 ") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	text := strings.Join(strings.Fields(run(t, "pdftotext", "-layout", pdf, "-")), " ")
	for _, want := range []string{
		"LEMBAR EDARAN PENANDATANGANAN", "KSD-2026-0042", "Penguatan UMKM Kuliner Khas Daerah", "001/KB/HK-KS/XI/2026",
		"No Meja/Pejabat Tindakan Diterima Selesai Paraf",
		"Kasubbag Kerja Sama", "Kepala Bagian Kerja Sama", "Asisten Pemerintahan", "Sekretaris Daerah", "Wali Kota", "Pihak Kedua (mitra)",
		"Tanda tangan", "Paraf", "terlambat 3 hari kerja", "Dewi Lestari", "2 November 2026",
		"Kemajuan: 2 dari 6 meja selesai (33%)", "Halaman 1 dari 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	for _, f := range strings.Split(run(t, "pdffonts", pdf), "\n")[2:] {
		if f = strings.TrimSpace(f); f != "" && !strings.Contains(f, " yes ") {
			t.Errorf("font not embedded: %s", f)
		}
	}
	png := filepath.Join(dir, "p")
	run(t, "pdftoppm", "-png", "-r", "200", "-singlefile", pdf, png)
	if got := strings.TrimSpace(run(t, "zbarimg", "--raw", "-q", png+".png")); got != r.URL {
		t.Errorf("QR code %q, want %q", got, r.URL)
	}
}

// TestWriteRoutingSheetLong: a sheet of many desks continues on a second
// page with the table head repeated.
func TestWriteRoutingSheetLong(t *testing.T) {
	r := routingFixture(t, sepakat.MaxDesks)
	var buf bytes.Buffer
	if err := signing.WriteRoutingSheet(&buf, signing.PaperA4, r); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "lembar.pdf")
	if err := os.WriteFile(pdf, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if info := strings.Join(strings.Fields(run(t, "pdfinfo", pdf)), " "); !strings.Contains(info, "Pages: 2 ") {
		t.Errorf("pdfinfo:\n%s", info)
	}
	p2 := strings.Join(strings.Fields(run(t, "pdftotext", "-f", "2", "-l", "2", "-layout", pdf, "-")), " ")
	for _, want := range []string{"No Meja/Pejabat Tindakan", "20.", "Halaman 2 dari 2", "Kemajuan: 2 dari 20 meja selesai (10%)"} {
		if !strings.Contains(p2, want) {
			t.Errorf("page 2 lacks %q:\n%s", want, p2)
		}
	}
}
