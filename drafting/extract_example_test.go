package drafting_test

import (
	"fmt"
	"log"

	"github.com/sepakat/sepakat/drafting"
)

// List the tracked changes of a draft the other party returned, with the
// Pasal and ayat each one touches.
func ExampleDocument_TrackedChanges() {
	d, err := drafting.Open("../testdata/drafting/tracked.docx")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range d.TrackedChanges()[:5] {
		fmt.Printf("Pasal %d ayat (%d) %-6s %s: %q\n", c.Pasal, c.Ayat, c.Kind, c.Author, c.Text)
	}
	// Output:
	// Pasal 7 ayat (1) delete ARNP Kota: "Rp 500.000.000,00 (lima ratus juta rupiah)"
	// Pasal 7 ayat (1) insert ARNP Kota: "Rp 750.000.000,00 (tujuh ratus lima puluh juta rupiah)"
	// Pasal 7 ayat (2) delete ARNP Kota: "secara bertahap "
	// Pasal 7 ayat (3) delete PPKSD Unmul: "30 (tiga puluh) hari"
	// Pasal 7 ayat (3) insert PPKSD Unmul: "14 (empat belas) hari kerja"
}

// Print the comments of a draft as threads: each comment with the text it
// is about and its replies.
func ExampleDocument_CommentThreads() {
	d, err := drafting.Open("../testdata/drafting/comments.docx")
	if err != nil {
		log.Fatal(err)
	}
	var show func(ts []drafting.CommentThread, indent string)
	show = func(ts []drafting.CommentThread, indent string) {
		for _, c := range ts {
			fmt.Printf("%s#%s %s, Pasal %d ayat (%d): %s\n", indent, c.ID, c.Author, c.Pasal, c.Ayat, c.Text)
			show(c.Replies, indent+"  ")
		}
	}
	show(d.CommentThreads(), "")
	// Output:
	// #1 ARNP Kota, Pasal 7 ayat (1): Mohon disesuaikan dengan pagu anggaran tahun 2026.
	//   #3 PPKSD Unmul, Pasal 7 ayat (1): Setuju, akan disesuaikan menjadi Rp 750.000.000,00.
	// #2 PPKSD Unmul, Pasal 7 ayat (2): Tahapan pembayaran perlu dirinci dalam lampiran.
	// #4 ARNP Kota, Pasal 8 ayat (1): Apakah tidak terlalu sering? Usul 6 (enam) bulan.
}
