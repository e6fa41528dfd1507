package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
)

// signingJSON is the API's answer about a schedule.
type signingAnswer struct {
	Method    string `json:"method"`
	State     string `json:"state"`
	Sequence  int    `json:"sequence"`
	Proposals []struct {
		ID     int64     `json:"id"`
		Start  time.Time `json:"start"`
		End    time.Time `json:"end"`
		Venue  string    `json:"venue"`
		By     string    `json:"by"`
		ByName string    `json:"by_name"`
		Status string    `json:"status"`
		Reason string    `json:"reason"`
	} `json:"proposals"`
	History []struct {
		Action string `json:"action"`
		By     struct {
			Name string `json:"name"`
		} `json:"by"`
		At time.Time `json:"at"`
	} `json:"history"`
	PendingProposalID int64  `json:"pending_proposal_id"`
	Error             string `json:"error"`
}

// icsRead is what Python's icalendar read from an .ics.
type icsRead struct {
	Method    string   `json:"method"`
	Timezones []string `json:"timezones"`
	Events    []struct {
		UID, Summary, Location, Description, Status, TZID string
		Sequence                                          int
		Start, End                                        string
	} `json:"events"`
}

// readICS parses data with Python's icalendar, an independent parser.
func readICS(t *testing.T, py string, data []byte) icsRead {
	t.Helper()
	name := filepath.Join(t.TempDir(), "event.ics")
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
	var r icsRead
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSigningSchedule walks the API: method, propose → revise → accept,
// switch to desk, forbidden moves and wrong users, the .ics invitations
// read by Python's icalendar, the calendar page and the private feed.
func TestSigningSchedule(t *testing.T) {
	py := testtool.RequirePython(t, "icalendar", "python3-icalendar")
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	proto := apiLoginCookie(t, base, "protokol", DemoPassword)
	tkksd := apiLoginCookie(t, base, "tkksd", DemoPassword)
	unverified := apiLoginCookie(t, base, "ppksd3", DemoPassword)
	coopID := findCooperationID(t, m, "Festival Budaya")
	// The TKKSD member sees the cooperation but may not move its schedule.
	ctx := sepakat.SystemContext(t.Context())
	users, _ := m.DB.FindUsers(ctx, sepakat.UserFilter{})
	byLogin := map[string]*sepakat.User{}
	for _, u := range users {
		byLogin[u.Login] = u
	}
	if _, err := m.DB.GrantAccess(sepakat.NewContextWithUser(ctx, byLogin["arnp"]), coopID, byLogin["tkksd"].ID); err != nil {
		t.Fatal(err)
	}
	api := fmt.Sprintf("%s/api/v1/cooperations/%d/signing", base, coopID)

	var s signingAnswer
	if st := apiCall(t, proto, "GET", api, nil, &s); st != 200 || s.State != "method_pending" || s.Method != "" || len(s.Proposals) != 0 {
		t.Fatalf("fresh: %d %+v", st, s)
	}
	for _, c := range []struct {
		who    string
		cookie *http.Cookie
	}{{"tkksd", tkksd}, {"protokol", proto}, {"ppksd3", unverified}} {
		if st := apiCall(t, c.cookie, "POST", api, map[string]string{"method": "in_person"}, nil); st != 403 {
			t.Errorf("%s chooses the method: %d, want 403", c.who, st)
		}
	}
	if st := apiCall(t, ppksd, "POST", api, map[string]string{"method": "pos"}, &s); st != 400 {
		t.Errorf("unknown method: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", api, map[string]string{"method": "in_person"}, &s); st != 200 || s.State != "awaiting_proposal" || s.Method != "in_person" {
		t.Fatalf("choose: %d %+v", st, s)
	}
	if st := apiCall(t, ppksd, "POST", api, map[string]string{"method": "desk"}, nil); st != 200 {
		// Back to desk before any proposal is allowed; choose in person again is not.
		t.Fatalf("desk before a proposal: %d", st)
	}
	if st := apiCall(t, ppksd, "POST", api, map[string]string{"method": "in_person"}, &s); st != 409 {
		t.Fatalf("in person after desk: %d, want 409", st)
	}

	// A fresh cooperation for the flow: the demo one waiting for its method.
	coopID = findCooperationID(t, m, demoMethodPendingTitle)
	api = fmt.Sprintf("%s/api/v1/cooperations/%d/signing", base, coopID)
	if _, err := m.DB.GrantAccess(sepakat.NewContextWithUser(ctx, byLogin["arnp"]), coopID, byLogin["tkksd"].ID); err != nil {
		t.Fatal(err)
	}
	if st := apiCall(t, ppksd, "POST", api, map[string]string{"method": "in_person"}, &s); st != 200 {
		t.Fatalf("choose: %d %+v", st, s)
	}
	wib := time.FixedZone("WIB", 7*3600)
	start := time.Date(2026, 12, 8, 9, 0, 0, 0, wib) // a Tuesday
	longNotes := strings.Repeat("Penandatanganan disaksikan Ketua DPRD — café, 漢字, 🎉; ", 6)
	for _, bad := range []struct {
		body map[string]string
		want string
	}{
		{map[string]string{"start": "besok pagi", "end": start.Format(time.RFC3339), "venue": "Balai Kota"}, "RFC 3339"},
		{map[string]string{"start": start.Format(time.RFC3339), "end": start.Add(-time.Hour).Format(time.RFC3339), "venue": "Balai Kota"}, "sesudah waktu mulai"},
		{map[string]string{"start": start.Format(time.RFC3339), "end": start.Add(time.Hour).Format(time.RFC3339), "venue": " "}, "Tempat"},
	} {
		if st := apiCall(t, ppksd, "POST", api+"/proposals", bad.body, &s); st != 400 || !strings.Contains(s.Error, bad.want) {
			t.Errorf("%v: %d %q, want 400 %q", bad.body, st, s.Error, bad.want)
		}
	}
	propose := map[string]string{"start": start.Format(time.RFC3339), "end": start.Add(90 * time.Minute).Format(time.RFC3339),
		"venue": "Ruang Rapat Wali Kota", "notes": longNotes, "attendees": "Wali Kota; Bupati Kutai Barat"}
	if st := apiCall(t, proto, "POST", api+"/proposals", propose, nil); st != 403 {
		t.Errorf("protocol proposes: %d, want 403", st)
	}
	s = signingAnswer{}
	if st := apiCall(t, ppksd, "POST", api+"/proposals", propose, &s); st != 201 || s.State != "awaiting_protocol" || len(s.Proposals) != 1 ||
		s.Proposals[0].By != "ppksd" || s.Proposals[0].Status != "proposed" || !s.Proposals[0].Start.Equal(start) {
		t.Fatalf("propose: %d %+v", st, s)
	}
	first := s.Proposals[0].ID
	respond := func(cookie *http.Cookie, pid int64, body map[string]string, out any) int {
		return apiCall(t, cookie, "POST", fmt.Sprintf("%s/api/v1/signing/proposals/%d/response", base, pid), body, out)
	}
	if st := respond(ppksd, first, map[string]string{"action": "accept"}, nil); st != 409 {
		t.Errorf("PPKSD accepts own proposal: %d, want 409", st)
	}
	if st := respond(tkksd, first, map[string]string{"action": "accept"}, nil); st != 403 {
		t.Errorf("TKKSD answers: %d, want 403", st)
	}
	if st := respond(unverified, first, map[string]string{"action": "accept"}, nil); st != 403 {
		t.Errorf("another PPKSD answers: %d, want 403", st)
	}
	akp := apiLoginCookie(t, base, "akp", DemoPassword)
	if st := respond(akp, first, map[string]string{"action": "accept"}, nil); st != 403 {
		t.Errorf("AKP answers for the protocol office: %d, want 403", st)
	}
	if st := respond(proto, first, map[string]string{"action": "revise", "reason": "Wali Kota ada rapat."}, nil); st != 400 {
		t.Errorf("revise without times: %d, want 400", st)
	}

	getICS := func() ([]byte, http.Header) {
		t.Helper()
		st, data, h := getBytes(t, ppksd, api+"/event.ics")
		if st != 200 {
			t.Fatalf("event.ics: %d %s", st, data)
		}
		return data, h
	}
	ics1, h := getICS()
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("Content-Type %q", ct)
	}
	r1 := readICS(t, py, ics1)
	if r1.Method != "REQUEST" || len(r1.Events) != 1 || r1.Events[0].Sequence != 0 || r1.Events[0].Status != "TENTATIVE" ||
		r1.Events[0].TZID != "Asia/Jakarta" || r1.Events[0].Start != "2026-12-08T09:00:00+07:00" ||
		len(r1.Timezones) != 1 || r1.Timezones[0] != "Asia/Jakarta +0700 WIB" || !strings.Contains(r1.Events[0].Description, strings.TrimSpace(longNotes)) {
		t.Fatalf("first invitation: %+v", r1)
	}
	folded := 0
	for _, l := range strings.Split(string(ics1), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets", len(l))
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 5 {
		t.Errorf("the long description should be folded (%d continuation lines)", folded)
	}

	// The protocol office counters with a reason; the PPKSD is notified.
	counterStart := start.Add(28*time.Hour + 30*time.Minute) // Wednesday 13.30
	s = signingAnswer{}
	if st := respond(proto, first, map[string]string{"action": "revise", "start": counterStart.Format(time.RFC3339),
		"end": counterStart.Add(time.Hour).Format(time.RFC3339), "venue": "Pendopo Rumah Jabatan", "reason": "Wali Kota memimpin rapat paripurna."}, &s); st != 200 ||
		s.State != "awaiting_ppksd" || len(s.Proposals) != 2 || s.Proposals[0].Status != "countered" || s.Proposals[1].By != "protokol" || s.Proposals[1].Status != "proposed" {
		t.Fatalf("revise: %d %+v", st, s)
	}
	second := s.Proposals[1].ID
	var notes struct {
		Notifications []sepakat.Notification `json:"notifications"`
	}
	apiCall(t, ppksd, "GET", base+"/api/v1/notifications", nil, &notes)
	if len(notes.Notifications) == 0 || !strings.Contains(notes.Notifications[0].Message, "rapat paripurna") {
		t.Errorf("PPKSD not notified of the counter-proposal: %+v", notes.Notifications)
	}
	r2 := readICS(t, py, mustFirst(getICS()))
	if r2.Events[0].UID != r1.Events[0].UID || r2.Events[0].Sequence <= r1.Events[0].Sequence || r2.Events[0].Location != "Pendopo Rumah Jabatan" ||
		r2.Events[0].Start != "2026-12-09T13:30:00+07:00" {
		t.Fatalf("revised invitation: %+v (first %+v)", r2.Events[0], r1.Events[0])
	}
	if st := respond(proto, second, map[string]string{"action": "accept"}, nil); st != 409 {
		t.Errorf("protocol accepts its own counter-proposal: %d, want 409", st)
	}
	if st := respond(ppksd, first, map[string]string{"action": "accept"}, nil); st != 409 {
		t.Errorf("accepting the countered proposal: %d, want 409", st)
	}
	s = signingAnswer{}
	if st := respond(ppksd, second, map[string]string{"action": "accept"}, &s); st != 200 || s.State != "scheduled" || s.Proposals[1].Status != "accepted" {
		t.Fatalf("accept: %d %+v", st, s)
	}
	r3 := readICS(t, py, mustFirst(getICS()))
	if r3.Events[0].UID != r1.Events[0].UID || r3.Events[0].Sequence <= r2.Events[0].Sequence || r3.Events[0].Status != "CONFIRMED" {
		t.Fatalf("accepted invitation: %+v", r3.Events[0])
	}
	if len(s.History) != 4 || s.History[3].Action != "accept" || s.History[3].By.Name == "" {
		t.Errorf("history: %+v", s.History)
	}
	// Audit: every move.
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	var audit struct {
		Entries []sepakat.AuditEntry `json:"entries"`
	}
	apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/api/v1/audit?object=cooperation/%d", base, coopID), nil, &audit)
	moves := 0
	for _, e := range audit.Entries {
		if strings.HasPrefix(e.Action, "signing.") {
			moves++
		}
	}
	if moves != 4 {
		t.Errorf("audit has %d signing entries, want 4: %+v", moves, audit.Entries)
	}

	// The calendar page and the private feed.
	st, page := send(t, proto, "GET", base+"/kalender?tampilan=daftar", nil, "")
	if st != 200 || !strings.Contains(string(page), "Pendopo Rumah Jabatan") || !strings.Contains(string(page), demoRevisedTitle) {
		t.Fatalf("calendar page: %d", st)
	}
	for _, view := range []string{"bulan", "minggu"} {
		if st, page := send(t, proto, "GET", base+"/kalender?tampilan="+view+"&tanggal=2026-12-09", nil, ""); st != 200 || !strings.Contains(string(page), "/kerjasama/"+fmt.Sprint(coopID)+"#penandatanganan") {
			t.Errorf("%s view: %d", view, st)
		}
	}
	feedRE := regexp.MustCompile(`/kalender/([A-Za-z0-9_-]{40,})\.ics`)
	st, page = postForm(t, proto, base+"/kalender/tautan", url.Values{})
	found := feedRE.FindStringSubmatch(string(page))
	if st != 200 || found == nil {
		t.Fatalf("feed URL not shown: %d", st)
	}
	feed := base + found[0]
	resp, err := http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	var fb bytes.Buffer
	fb.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("feed: %s", resp.Status)
	}
	rf := readICS(t, py, fb.Bytes())
	uids := map[string]bool{}
	for _, e := range rf.Events {
		uids[e.UID] = true
	}
	if rf.Method != "PUBLISH" || len(rf.Events) < 2 || !uids[r1.Events[0].UID] {
		t.Fatalf("feed: %+v", rf)
	}
	if resp, _ := http.Get(base + "/kalender/bukan-token-yang-benar.ics"); resp.StatusCode != 404 {
		t.Errorf("unknown token: %s", resp.Status)
	}
	postForm(t, proto, base+"/kalender/tautan", url.Values{})
	if resp, _ := http.Get(feed); resp.StatusCode != 404 {
		t.Errorf("old token after regenerating: %s", resp.Status)
	}

	// The protocol office switches to desk to desk: final, CANCEL.
	s = signingAnswer{}
	if st := respond(proto, second, map[string]string{"action": "switch_to_desk", "reason": "Wali Kota dinas ke luar kota."}, &s); st != 200 || s.State != "desk" || s.Method != "desk" {
		t.Fatalf("switch: %d %+v", st, s)
	}
	r4 := readICS(t, py, mustFirst(getICS()))
	if r4.Method != "CANCEL" || r4.Events[0].Status != "CANCELLED" || r4.Events[0].UID != r1.Events[0].UID || r4.Events[0].Sequence <= r3.Events[0].Sequence {
		t.Fatalf("cancelled invitation: %+v", r4)
	}
	if st := apiCall(t, ppksd, "POST", api+"/proposals", propose, nil); st != 409 {
		t.Errorf("PPKSD proposes after the switch: %d, want 409", st)
	}
	if st := respond(ppksd, second, map[string]string{"action": "revise", "start": propose["start"], "end": propose["end"], "venue": "x", "reason": "Mohon dipertimbangkan."}, nil); st != 409 {
		t.Errorf("PPKSD answers after the switch: %d, want 409", st)
	}

	// Not in the signing stage: 409.
	persiapan := findCooperationID(t, m, "Kalender Event")
	if st := apiCall(t, ppksd, "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/signing", base, persiapan), map[string]string{"method": "desk"}, nil); st != 409 {
		t.Errorf("method in persiapan: %d, want 409", st)
	}
	// The demo's revised proposal waits for the PPKSD.
	s = signingAnswer{}
	apiCall(t, ppksd, "GET", fmt.Sprintf("%s/api/v1/cooperations/%d/signing", base, findCooperationID(t, m, demoRevisedTitle)), nil, &s)
	if s.State != "awaiting_ppksd" || len(s.Proposals) != 2 || s.Proposals[0].Status != "countered" || s.Proposals[1].By != "protokol" || s.Proposals[1].Reason == "" {
		t.Fatalf("demo revised proposal: %+v", s)
	}
	// The PPKSD counters again, on a Saturday evening: the protocol
	// calendar warns of the weekend and the office hours.
	revised := findCooperationID(t, m, demoRevisedTitle)
	sat := time.Date(2026, 12, 12, 17, 0, 0, 0, wib)
	if st := respond(ppksd, s.Proposals[1].ID, map[string]string{"action": "revise", "start": sat.Format(time.RFC3339),
		"end": sat.Add(time.Hour).Format(time.RFC3339), "venue": "Taman Tepian Mahakam", "reason": "Mitra hanya dapat hadir akhir pekan."}, &s); st != 200 ||
		s.State != "awaiting_protocol" || len(s.Proposals) != 3 || s.Proposals[2].By != "ppksd" || s.Proposals[1].Status != "countered" {
		t.Fatalf("PPKSD counters: %d %+v", st, s)
	}
	var cal struct {
		Signings []struct {
			CooperationID int64    `json:"cooperation_id"`
			Warnings      []string `json:"warnings"`
		} `json:"signings"`
	}
	if st := apiCall(t, proto, "GET", base+"/api/v1/signing/calendar", nil, &cal); st != 200 {
		t.Fatalf("calendar: %d", st)
	}
	var warned string
	for _, e := range cal.Signings {
		if e.CooperationID == revised {
			warned = strings.Join(e.Warnings, " ")
		}
	}
	if !strings.Contains(warned, "akhir pekan") || !strings.Contains(warned, "jam kerja") {
		t.Errorf("warnings of a Saturday evening: %q", warned)
	}
	if st, page := send(t, proto, "GET", base+"/kalender", nil, ""); st != 200 || !strings.Contains(string(page), "akhir pekan") {
		t.Errorf("calendar page without the warning: %d", st)
	}
}

func mustFirst(data []byte, _ http.Header) []byte { return data }
