#!/usr/bin/env python3
# Reads an .ics file with Python's icalendar (Debian: python3-icalendar), a
# parser independent of Sepakat's writer, and prints what it read as JSON:
# the METHOD and PRODID, each time zone as "TZID OFFSET NAME", and each
# event's UID, summary, location, description, status, TZID of its start,
# SEQUENCE, start and end (ISO 8601). Used by the tests of signing/ics.go
# and of the service's invitations and feed.
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {"method": str(cal.get("METHOD", "")), "prodid": str(cal.get("PRODID", "")), "timezones": [], "events": []}
for c in cal.walk():
    if c.name == "STANDARD":
        off = c["TZOFFSETTO"].to_ical()
        off = off.decode() if isinstance(off, bytes) else off
        out["timezones"].append("%s %s %s" % (cal.walk("VTIMEZONE")[0]["TZID"], off, c["TZNAME"]))
    if c.name == "VEVENT":
        s = c["DTSTART"]
        out["events"].append({"UID": str(c["UID"]), "Summary": str(c["SUMMARY"]), "Location": str(c.get("LOCATION", "")),
            "Description": str(c.get("DESCRIPTION", "")), "Status": str(c.get("STATUS", "")),
            "TZID": str(s.params.get("TZID", "")), "Sequence": int(c.get("SEQUENCE", 0)),
            "Start": s.dt.isoformat(), "End": c["DTEND"].dt.isoformat()})
json.dump(out, sys.stdout)
