package signing_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
	"github.com/sepakat/sepakat/signing"
)

// TestValidatePDF runs the validator on the registration fixtures and on
// the lampiran fixtures of testdata/print (made by its generate.sh): the
// good ones pass, the bad ones are refused with the message that names
// their problem.
func TestValidatePDF(t *testing.T) {
	for _, tc := range []struct {
		dir, file string
		code      string // "" for accepted
		says      string
	}{
		{"registration", "surat-tugas.pdf", "", ""},
		{"registration", "surat-tugas-encrypted.pdf", sepakat.EINVALID, "dilindungi kata sandi"},
		{"registration", "surat-tugas-truncated.pdf", sepakat.EINVALID, "rusak"},
		{"registration", "surat-tugas.docx", sepakat.EUNSUPPORTED, "Word"},
		{"registration", "foto-ppksd1.jpg", sepakat.EUNSUPPORTED, "JPEG"},
		{"print", "lampiran-1.pdf", "", ""},
		{"print", "lampiran-2.pdf", "", ""},
		{"print", "damaged.pdf", sepakat.EINVALID, "rusak"},
		{"print", "encrypted.pdf", sepakat.EINVALID, "dilindungi kata sandi"},
		{"print", "not-a-pdf.pdf", sepakat.EUNSUPPORTED, "bukan PDF (tampaknya dokumen Word"},
	} {
		t.Run(tc.dir+"/"+tc.file, func(t *testing.T) {
			data, err := os.ReadFile(testtool.Testdata(t, tc.dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			ct, err := signing.ValidatePDF(bytes.NewReader(data), int64(len(data)))
			if tc.code == "" {
				if err != nil || ct != "application/pdf" {
					t.Fatalf("want accepted, got %q %v", ct, err)
				}
				return
			}
			if sepakat.ErrorCode(err) != tc.code || !strings.Contains(sepakat.ErrorMessage(err), tc.says) {
				t.Fatalf("want %s saying %q, got %v", tc.code, tc.says, err)
			}
		})
	}
}

func TestWriteAssignmentLetterIsValidPDF(t *testing.T) {
	var b bytes.Buffer
	if err := signing.WriteAssignmentLetter(&b, signing.AssignmentLetter{Institution: "Dinas Uji", City: "Kota Uji", Officers: [2]string{"A", "B"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := signing.ValidatePDF(bytes.NewReader(b.Bytes()), int64(b.Len())); err != nil {
		t.Fatalf("generated letter refused: %v", err)
	}
}
