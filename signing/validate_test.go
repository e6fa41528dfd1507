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

func TestValidatePDF(t *testing.T) {
	for _, tc := range []struct {
		file string
		code string // "" for accepted
		says string
	}{
		{"surat-tugas.pdf", "", ""},
		{"surat-tugas-encrypted.pdf", sepakat.EINVALID, "dilindungi kata sandi"},
		{"surat-tugas-truncated.pdf", sepakat.EINVALID, "rusak"},
		{"surat-tugas.docx", sepakat.EUNSUPPORTED, "Word"},
		{"foto-ppksd1.jpg", sepakat.EUNSUPPORTED, "JPEG"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(testtool.Testdata(t, "registration", tc.file))
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
