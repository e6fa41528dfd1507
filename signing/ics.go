package signing

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// ICS methods (RFC 5546) of a calendar.
const (
	ICSRequest = "REQUEST" // an invitation, or its update
	ICSCancel  = "CANCEL"  // the event is cancelled
	ICSPublish = "PUBLISH" // a feed of events
)

// ICS statuses of an event (RFC 5545 3.8.1.11).
const (
	ICSTentative = "TENTATIVE"
	ICSConfirmed = "CONFIRMED"
	ICSCancelled = "CANCELLED"
)

// ICSEvent is one VEVENT.
type ICSEvent struct {
	// UID is stable for the life of the event, e.g. signing-12@host.
	UID string
	// Sequence rises with every revision.
	Sequence    int
	Stamp       time.Time
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	Status      string
	URL         string
}

// ICSCalendar is one VCALENDAR.
type ICSCalendar struct {
	ProdID string
	Method string
	// Name is the calendar's display name (X-WR-CALNAME), optional.
	Name string
	// Location is the zone the times are written in, with its VTIMEZONE.
	Location *time.Location
	Events   []ICSEvent
}

// WriteICS writes cal as an RFC 5545 iCalendar stream: CRLF line endings,
// lines folded at 75 octets without splitting a UTF-8 character, text
// escaped, times local to cal.Location with its VTIMEZONE.
func WriteICS(w io.Writer, cal ICSCalendar) error {
	loc := cal.Location
	if loc == nil {
		loc = time.UTC
	}
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	text := func(name, value string) { line(name, escapeText(value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	text("PRODID", cal.ProdID)
	line("CALSCALE", "GREGORIAN")
	if cal.Method != "" {
		line("METHOD", cal.Method)
	}
	if cal.Name != "" {
		text("X-WR-CALNAME", cal.Name)
	}
	tzid := loc.String()
	writeTimezone(bw, loc, cal.Events)
	for _, e := range cal.Events {
		line("BEGIN", "VEVENT")
		text("UID", e.UID)
		line("SEQUENCE", fmt.Sprint(e.Sequence))
		line("DTSTAMP", e.Stamp.UTC().Format("20060102T150405Z"))
		line("DTSTART;TZID="+tzid, e.Start.In(loc).Format("20060102T150405"))
		line("DTEND;TZID="+tzid, e.End.In(loc).Format("20060102T150405"))
		text("SUMMARY", e.Summary)
		if e.Location != "" {
			text("LOCATION", e.Location)
		}
		if e.Description != "" {
			text("DESCRIPTION", e.Description)
		}
		if e.Status != "" {
			line("STATUS", e.Status)
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// writeTimezone writes the VTIMEZONE of loc: one STANDARD component for a
// zone without daylight saving over the events' years (Indonesia: WIB, WITA,
// WIT), else one component per offset change found in those years.
func writeTimezone(w *bufio.Writer, loc *time.Location, events []ICSEvent) {
	line := func(s string) { writeFolded(w, s) }
	from, to := time.Now().Year(), time.Now().Year()
	for i, e := range events {
		y := e.Start.In(loc).Year()
		if i == 0 || y < from {
			from = y
		}
		if i == 0 || y > to {
			to = y
		}
	}
	line("BEGIN:VTIMEZONE")
	line("TZID:" + loc.String())
	type change struct {
		at         time.Time
		prev, next int
		name       string
		dst        bool
	}
	var changes []change
	for y := from; y <= to; y++ {
		t := time.Date(y, 1, 1, 0, 0, 0, 0, loc)
		end := time.Date(y+1, 1, 1, 0, 0, 0, 0, loc)
		for {
			_, zend := t.ZoneBounds()
			if zend.IsZero() || !zend.Before(end) {
				break
			}
			_, prev := t.Zone()
			name, next := zend.Zone()
			changes = append(changes, change{zend, prev, next, name, zend.IsDST()})
			t = zend
		}
	}
	if len(changes) == 0 {
		ref := time.Date(from, 1, 1, 0, 0, 0, 0, loc)
		name, off := ref.Zone()
		line("BEGIN:STANDARD")
		line("DTSTART:19700101T000000")
		line("TZOFFSETFROM:" + icsOffset(off))
		line("TZOFFSETTO:" + icsOffset(off))
		line("TZNAME:" + escapeText(name))
		line("END:STANDARD")
	}
	for _, c := range changes {
		kind := "STANDARD"
		if c.dst {
			kind = "DAYLIGHT"
		}
		line("BEGIN:" + kind)
		// DTSTART is the local time before the change (RFC 5545 3.6.5).
		line("DTSTART:" + c.at.In(time.FixedZone("", c.prev)).Format("20060102T150405"))
		line("TZOFFSETFROM:" + icsOffset(c.prev))
		line("TZOFFSETTO:" + icsOffset(c.next))
		line("TZNAME:" + escapeText(c.name))
		line("END:" + kind)
	}
	line("END:VTIMEZONE")
}

// icsOffset formats seconds east of UTC as +HHMM.
func icsOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
}

// escapeText escapes a TEXT value: backslash, semicolon, comma and newlines.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)
	return r.Replace(s)
}

// writeFolded writes one content line with CRLF, folded so that no line is
// longer than 75 octets; a fold never splits a UTF-8 character.
func writeFolded(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}
