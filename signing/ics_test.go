package signing

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sepakat/sepakat/internal/testtool"
)

func jakartaZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Skipf("no tzdata: %v", err)
	}
	return loc
}

func sampleCalendar(loc *time.Location) ICSCalendar {
	start := time.Date(2026, 12, 8, 9, 0, 0, 0, loc)
	return ICSCalendar{
		ProdID: "-//Sepakat//Penandatanganan//ID", Method: ICSRequest, Location: loc,
		Events: []ICSEvent{{
			UID: "signing-12@sepakat.example", Sequence: 2, Stamp: start.Add(-72 * time.Hour),
			Start: start, End: start.Add(90 * time.Minute),
			Summary:  "Penandatanganan KSD-2026-0012: Festival Budaya Pesisir; Kota, Kabupaten",
			Location: "Ruang Rapat Wali Kota, Lt. 2",
			Description: "Penandatanganan Kesepakatan Bersama antara Pemerintah Kota Samarinda dan Pemerintah Kabupaten Berau tentang " +
				"Festival Budaya Pesisir Bersama — peserta: Wali Kota, Bupati, Sekda, Kepala Dinas Pariwisata; " +
				"catatan: mohon hadir 30 menit sebelumnya.\nBaris kedua dengan é, ü, 漢字 dan emoji 🎉.",
			Status: ICSConfirmed, URL: "https://sepakat.example/kerjasama/12#penandatanganan",
		}},
	}
}

func TestWriteICS_Lines(t *testing.T) {
	loc := jakartaZone(t)
	var b bytes.Buffer
	if err := WriteICS(&b, sampleCalendar(loc)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatal("lines must end in CRLF and nothing else")
	}
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a character: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"TZID:Asia/Jakarta", "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:WIB",
		"DTSTART;TZID=Asia/Jakarta:20261208T090000", "DTEND;TZID=Asia/Jakarta:20261208T103000",
		"SEQUENCE:2", "STATUS:CONFIRMED", "METHOD:REQUEST", `Festival Budaya Pesisir\; Kota\, Kabupaten`,
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if strings.Count(out, "BEGIN:STANDARD") != 1 || strings.Contains(out, "DAYLIGHT") {
		t.Errorf("Jakarta has one STANDARD component:\n%s", out)
	}
}

func TestWriteICS_DaylightZone(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skip(err)
	}
	var b bytes.Buffer
	if err := WriteICS(&b, sampleCalendar(loc)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"BEGIN:DAYLIGHT", "DTSTART:20260329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:20261025T030000"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// TestWriteICS_Python reads the calendar back with Python's icalendar, an
// independent parser.
func TestWriteICS_Python(t *testing.T) {
	py := testtool.RequirePython(t, "icalendar", "python3-icalendar")
	loc := jakartaZone(t)
	cal := sampleCalendar(loc)
	var b bytes.Buffer
	if err := WriteICS(&b, cal); err != nil {
		t.Fatal(err)
	}
	got := parseICSWithPython(t, py, b.Bytes())
	if len(got.Events) != 1 {
		t.Fatalf("events: %+v", got)
	}
	e := got.Events[0]
	if e.UID != cal.Events[0].UID || e.Sequence != 2 || e.Status != "CONFIRMED" || e.TZID != "Asia/Jakarta" ||
		e.Description != cal.Events[0].Description || e.Summary != cal.Events[0].Summary || e.Location != cal.Events[0].Location {
		t.Errorf("event read back: %+v", e)
	}
	if e.Start != "2026-12-08T09:00:00+07:00" || e.End != "2026-12-08T10:30:00+07:00" {
		t.Errorf("times read back: %s – %s", e.Start, e.End)
	}
	if got.Method != "REQUEST" || len(got.Timezones) != 1 || got.Timezones[0] != "Asia/Jakarta +0700 WIB" {
		t.Errorf("calendar read back: %+v", got)
	}
}

// pyCalendar is what parseICSWithPython reads from an .ics.
type pyCalendar struct {
	Method    string    `json:"method"`
	ProdID    string    `json:"prodid"`
	Timezones []string  `json:"timezones"` // "TZID OFFSET NAME" per STANDARD component
	Events    []pyEvent `json:"events"`
}

// pyEvent is one VEVENT as Python's icalendar reads it.
type pyEvent struct {
	UID, Summary, Location, Description, Status, TZID string
	Sequence                                          int
	Start, End                                        string // ISO 8601 with offset
}

// parseICSWithPython parses data with Python's icalendar (py from
// testtool.RequirePython) and returns what it read.
func parseICSWithPython(t testing.TB, py string, data []byte) pyCalendar {
	t.Helper()
	dir := t.TempDir()
	name := filepath.Join(dir, "event.ics")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, testtool.Testdata(t, "ics", "read-ics.py"), name)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python icalendar: %v: %s\n%s", err, stderr.String(), data)
	}
	var cal pyCalendar
	if err := json.Unmarshal(out, &cal); err != nil {
		t.Fatalf("python output %q: %v", out, err)
	}
	return cal
}
