package signing_test

import (
	"bytes"
	"fmt"
	"log"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
)

// ExampleWriteRoutingSheet prints the lembar edaran of a cooperation signed
// desk to desk: the default desks, the first one holding the document.
func ExampleWriteRoutingSheet() {
	wib := time.FixedZone("WIB", 7*3600)
	received := time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	sheet, err := sepakat.NewRoutingSheet(7, sepakat.DefaultDesks(), 1, received)
	if err != nil {
		log.Fatal(err)
	}
	if err := sheet.Mark(1, sepakat.MarkReceived, sepakat.Mark{ByID: 3, ByName: "Dewi Lestari, S.E.", At: received}); err != nil {
		log.Fatal(err)
	}
	now := time.Date(2026, 11, 4, 10, 0, 0, 0, wib)
	status := sheet.Status(now, sepakat.DefaultCalendar())
	var pdf bytes.Buffer
	err = signing.WriteRoutingSheet(&pdf, signing.PaperF4, sepakat.RoutingPrint{
		Code: "KSD-2026-0007", Title: "Pengelolaan Sampah Kawasan Wisata", Numbers: []string{"001/KB/HK-KS/XI/2026"},
		Status: status, URL: "https://sepakat.example.go.id/kerjasama/7", PrintedAt: now,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")))
	fmt.Printf("desk 1 overdue by %d working day(s)\n", status.Desks[0].LateDays)
	// Output:
	// true
	// desk 1 overdue by 1 working day(s)
}
