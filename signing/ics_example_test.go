package signing_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/sepakat/sepakat/signing"
)

// ExampleWriteICS writes the invitation of an accepted in-person signing.
func ExampleWriteICS() {
	wib := time.FixedZone("WIB", 7*3600)
	start := time.Date(2026, 12, 8, 9, 0, 0, 0, wib)
	var b strings.Builder
	err := signing.WriteICS(&b, signing.ICSCalendar{
		ProdID: "-//Sepakat//Penandatanganan//ID", Method: signing.ICSRequest, Location: wib,
		Events: []signing.ICSEvent{{
			UID: "signing-12@sepakat.example", Sequence: 2, Stamp: start.Add(-48 * time.Hour),
			Start: start, End: start.Add(90 * time.Minute), Summary: "Penandatanganan KSD-2026-0012",
			Location: "Ruang Rapat Wali Kota, Balai Kota", Status: signing.ICSConfirmed,
		}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Print(strings.ReplaceAll(b.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//Sepakat//Penandatanganan//ID
	// CALSCALE:GREGORIAN
	// METHOD:REQUEST
	// BEGIN:VTIMEZONE
	// TZID:WIB
	// BEGIN:STANDARD
	// DTSTART:19700101T000000
	// TZOFFSETFROM:+0700
	// TZOFFSETTO:+0700
	// TZNAME:WIB
	// END:STANDARD
	// END:VTIMEZONE
	// BEGIN:VEVENT
	// UID:signing-12@sepakat.example
	// SEQUENCE:2
	// DTSTAMP:20261206T020000Z
	// DTSTART;TZID=WIB:20261208T090000
	// DTEND;TZID=WIB:20261208T103000
	// SUMMARY:Penandatanganan KSD-2026-0012
	// LOCATION:Ruang Rapat Wali Kota\, Balai Kota
	// STATUS:CONFIRMED
	// END:VEVENT
	// END:VCALENDAR
}
