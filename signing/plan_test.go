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

func TestWritePlan(t *testing.T) {
	c := &sepakat.Cooperation{
		ID: 4, Code: "KSD-2026-0042", Title: "Pelatihan dan Sertifikasi Pemandu Wisata",
		Applicant: sepakat.Institution{Name: "Dinas Pariwisata dan Ekonomi Kreatif", City: "Kota Samarinda"},
		Partners:  []sepakat.Partner{{Name: "Politeknik Negeri Samarinda"}},
	}
	for _, k := range sepakat.PlanKinds {
		t.Run(string(k), func(t *testing.T) {
			p := sepakat.NewPlan(c.ID)
			for _, f := range k.Fields() {
				p.Doc(k).Fields[f.Key] = strings.Repeat("Uraian "+strings.ToLower(f.Label)+" yang cukup panjang untuk beberapa baris. ", 12) + "\nParagraf kedua."
			}
			var buf bytes.Buffer
			at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
			if err := (signing.PlanPrinter{}).PrintPlan(t.Context(), &buf, sepakat.NewPlanPrint(c, p, k, at)); err != nil {
				t.Fatal(err)
			}
			if _, err := signing.ValidatePDF(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
				t.Fatalf("pdfcpu refuses the print: %v", err)
			}
			pdf := filepath.Join(t.TempDir(), "plan.pdf")
			if err := os.WriteFile(pdf, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			info := strings.Join(strings.Fields(run(t, "pdfinfo", pdf)), " ")
			if !strings.Contains(info, "Page size: 609.45 x 935.43 pts") {
				t.Errorf("pdfinfo:\n%s", info)
			}
			text := strings.Join(strings.Fields(run(t, "pdftotext", pdf, "-")), " ")
			want := []string{k.PrintTitle(), "KSD-2026-0042", "Pelatihan dan Sertifikasi Pemandu Wisata",
				"Dinas Pariwisata dan Ekonomi Kreatif", "Politeknik Negeri Samarinda", "Paragraf kedua.",
				"Samarinda, ", "Kepala Dinas Pariwisata dan Ekonomi Kreatif,", "NIP.", "Halaman 1 dari"}
			for _, f := range k.Fields() {
				want = append(want, strings.ToUpper(f.Label))
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("pdftotext lacks %q:\n%.2000s", w, text)
				}
			}
		})
	}
}
