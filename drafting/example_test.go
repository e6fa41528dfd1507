package drafting_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/sepakat/sepakat/drafting"
)

// Open a PKS with tracked changes and read its text both ways: as if every
// change were accepted, and as if every change were rejected.
func ExampleOpen() {
	d, err := drafting.Open("../testdata/drafting/tracked.docx")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range []drafting.Changes{drafting.Accept, drafting.Reject} {
		lines := strings.Split(d.Text(c), "\n")
		fmt.Printf("%s: %d lines\n", c, len(lines)-1)
		for _, l := range lines[:3] {
			fmt.Println(" ", l)
		}
	}
	// Output:
	// accept: 15 lines
	//   Pasal 7
	//   PEMBIAYAAN
	//   (1) Biaya pelaksanaan Perjanjian Kerja Sama ini dibebankan pada Anggaran Pendapatan dan Belanja Daerah Kota Samarinda sebesar Rp 750.000.000,00 (tujuh ratus lima puluh juta rupiah) untuk setiap tahun anggaran.
	// reject: 15 lines
	//   Pasal 7
	//   PEMBIAYAAN
	//   (1) Biaya pelaksanaan Perjanjian Kerja Sama ini dibebankan pada Anggaran Pendapatan dan Belanja Daerah Kota Samarinda sebesar Rp 500.000.000,00 (lima ratus juta rupiah) untuk setiap tahun anggaran.
}

// Place every paragraph in its Pasal and ayat, whether the labels are typed
// or produced by Word's list numbering.
func ExampleDocument_Paragraphs() {
	d, err := drafting.Open("../testdata/drafting/pks-numbered-v1.docx")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range d.Paragraphs(drafting.Accept) {
		if p.Pasal == 2 {
			fmt.Printf("%-5s BAB %s Pasal %d ayat %d: %.35s\n", p.Kind, p.Bab, p.Pasal, p.Ayat, p.Line())
		}
	}
	// Output:
	// pasal BAB I Pasal 2 ayat 0: Pasal 2
	// text  BAB I Pasal 2 ayat 0: MAKSUD DAN TUJUAN
	// ayat  BAB I Pasal 2 ayat 1: (1) Maksud Perjanjian Kerja Sama in
	// ayat  BAB I Pasal 2 ayat 2: (2) Tujuan Perjanjian Kerja Sama in
}
