package signing_test

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/sepakat/sepakat/signing"
)

// ExampleSign signs a PDF twice, as the office and then the partner would,
// and verifies both signatures.
func ExampleSign() {
	pdf, err := os.ReadFile("../testdata/print/lampiran-1.pdf")
	if err != nil {
		panic(err)
	}
	for _, cn := range []string{"Bagian Kerja Sama Kota Contoh", "Rektor Universitas Contoh"} {
		cert, err := signing.NewSelfSigned(cn, "Contoh", 2*365*24*time.Hour)
		if err != nil {
			panic(err)
		}
		var out bytes.Buffer
		if err := signing.Sign(&out, bytes.NewReader(pdf), int64(len(pdf)), cert, signing.SignOptions{Visible: true}); err != nil {
			panic(err)
		}
		pdf = out.Bytes()
	}
	rep, err := signing.VerifyPDF(bytes.NewReader(pdf), int64(len(pdf)), signing.VerifyOptions{})
	if err != nil {
		panic(err)
	}
	for _, s := range rep.Signatures {
		fmt.Printf("%s: intact %v, trusted %v, whole file %v\n", s.Signer, s.Intact, s.Trusted, s.WholeFile)
	}
	// Output:
	// Bagian Kerja Sama Kota Contoh: intact true, trusted false, whole file false
	// Rektor Universitas Contoh: intact true, trusted false, whole file true
}
