package signing_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/sepakat/sepakat/internal/testtool"
)

// TestPrintFixturesPages checks from outside, with poppler, what the
// fixtures promise: lampiran-1 has 2 A4 pages and its schedule, lampiran-2
// one page with the contact list.
func TestPrintFixturesPages(t *testing.T) {
	pdfinfo := testtool.Require(t, "pdfinfo")
	pdftotext := testtool.Require(t, "pdftotext")
	for _, tc := range []struct {
		file  string
		pages string
		words []string
	}{
		{"lampiran-1.pdf", "2", []string{"LAMPIRAN I", "JADWAL KEGIATAN", "Rapat evaluasi akhir tahun"}},
		{"lampiran-2.pdf", "1", []string{"LAMPIRAN II", "DAFTAR KONTAK", "Dr. Ahmad Fauzi"}},
	} {
		path := testtool.Testdata(t, "print", tc.file)
		info, err := exec.Command(pdfinfo, path).Output()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v", tc.file, err)
		}
		if !strings.Contains(string(info), "Pages:           "+tc.pages+"\n") || !strings.Contains(string(info), "(A4)") {
			t.Errorf("%s: want %s A4 pages, pdfinfo says:\n%s", tc.file, tc.pages, info)
		}
		text, err := exec.Command(pdftotext, path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", tc.file, err)
		}
		for _, w := range tc.words {
			if !strings.Contains(string(text), w) {
				t.Errorf("%s: text lacks %q", tc.file, w)
			}
		}
	}
}
