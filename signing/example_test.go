package signing_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/sepakat/sepakat/signing"
)

// ExamplePrint typesets a small kesepakatan bersama (KB) on F4 paper: the
// title, one Pasal with an ayat, and the signature page of the two parties.
func ExamplePrint() {
	doc := &signing.Document{
		Title: "Kesepakatan Bersama",
		Blocks: []signing.Block{
			{Para: &signing.Paragraph{Role: signing.RoleTitle, Spans: []signing.Span{{Text: "KESEPAKATAN BERSAMA ANTARA PEMERINTAH KOTA YOGYAKARTA DAN PEMERINTAH KABUPATEN SLEMAN"}}}},
			{Para: &signing.Paragraph{Role: signing.RoleNumber, Spans: []signing.Span{{Text: "NOMOR: 000.5.1/12/KB/2026"}}}},
			{Para: &signing.Paragraph{Role: signing.RoleHeading, Spans: []signing.Span{{Text: "Pasal 1"}}}},
			{Para: &signing.Paragraph{Role: signing.RoleHeadingTitle, Spans: []signing.Span{{Text: "MAKSUD DAN TUJUAN"}}}},
			{Para: &signing.Paragraph{Role: signing.RoleAyat, Label: "(1)", Spans: []signing.Span{{Text: "Kesepakatan Bersama ini dimaksudkan sebagai landasan kerja sama PARA PIHAK dalam pengelolaan sampah."}}}},
			{Para: &signing.Paragraph{Role: signing.RoleBody, Spans: []signing.Span{{Text: "Demikian Kesepakatan Bersama ini dibuat dalam rangkap dua."}}}},
		},
		Closing: 1,
		Parties: []signing.Party{
			{Heading: "PIHAK KESATU,", Position: "WALI KOTA YOGYAKARTA,", Name: "Hasto Wardoyo"},
			{Heading: "PIHAK KEDUA,", Position: "BUPATI SLEMAN,", Name: "Harda Kiswaya"},
		},
	}
	var pdf bytes.Buffer
	res, err := signing.Print(&pdf, doc, signing.DefaultSettings(), signing.Options{Draft: true}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", res)
	fmt.Println(bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")))
	// Output:
	// {Pages:1 DocumentPages:1}
	// true
}
