package drafting_test

import (
	"bytes"
	"fmt"
	"log"
	"time"

	"github.com/sepakat/sepakat/drafting"
)

// Renumber a draft in which a Pasal was inserted as "Pasal 8A" and another
// deleted, then write it with the new numbers as tracked changes.
func ExampleRenumber() {
	d, err := drafting.Open("../testdata/drafting/renumber.docx")
	if err != nil {
		log.Fatal(err)
	}
	r, err := drafting.Renumber(d)
	if err != nil {
		log.Fatal(err)
	}
	pasal, ayat := r.Renumbered()
	fmt.Printf("%d Pasal and %d ayat renumbered\n", pasal, ayat)
	for _, c := range r.References[:2] {
		fmt.Printf("Pasal %d: %s → %s\n", c.Pasal, c.Old, c.New)
	}
	for _, c := range r.Dangling {
		fmt.Printf("Pasal %d: %s does not exist\n", c.Pasal, c.Text)
	}
	var out bytes.Buffer
	if err := r.WriteDocx(&out, true, "Bagian Kerja Sama", time.Now()); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 3 Pasal and 5 ayat renumbered
	// Pasal 1: Pasal 4 ayat (2) → Pasal 4 ayat (3)
	// Pasal 2: Pasal 9 → Pasal 10
	// Pasal 10: Pasal 40 does not exist
}
