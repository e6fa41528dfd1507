package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
)

// The signing schedule: method, in-person proposals and the protocol
// office's answers (the state machine is sepakat.Signing.Apply), its .ics
// invitation and the protocol calendar with its private feed.

// signingRoutes adds the routes of the signing schedule: pages under ok
// (logged in, verified), the API under v, and the calendar feed, whose
// token is its credential, on r.
func (s *Server) signingRoutes(r gin.IRoutes, ok, v *gin.RouterGroup) {
	coop := s.requireRoles(sepakat.RolePPKSD, sepakat.RoleAKP, sepakat.RoleARNP, sepakat.RoleKasubbag, sepakat.RoleTKKSD, sepakat.RoleProtokol)
	calendar := s.requireRoles(sepakat.RoleProtokol, sepakat.RoleAKP, sepakat.RoleARNP, sepakat.RoleKasubbag)
	v.GET("/cooperations/:id/signing", coop, s.apiSigning)
	v.POST("/cooperations/:id/signing", coop, s.apiSigningMethod)
	v.POST("/cooperations/:id/signing/proposals", coop, s.apiSigningPropose)
	v.POST("/signing/proposals/:pid/response", coop, s.apiSigningRespond)
	v.GET("/cooperations/:id/signing/event.ics", coop, s.handleSigningICS)
	v.GET("/signing/calendar", calendar, s.apiSigningCalendar)
	ok.POST("/kerjasama/:id/penandatanganan/metode", coop, s.handleSigningMethod)
	ok.POST("/kerjasama/:id/penandatanganan/usulan", coop, s.handleSigningPropose)
	ok.POST("/penandatanganan/usulan/:pid/jawab", coop, s.handleSigningRespond)
	ok.GET("/kalender", calendar, s.handleCalendarPage)
	ok.POST("/kalender/tautan", calendar, s.handleCalendarToken)
	r.GET("/kalender/:file", s.handleCalendarFeed)
}

// zone is the office's time zone.
func (s *Server) zone() *time.Location {
	if s.Zone != nil {
		return s.Zone
	}
	return jakarta
}

// signingJSON is the API form of a schedule. "by" is the side that made a
// proposal ("ppksd" or "protokol"); by_name and by_role say who.
func signingJSON(u *sepakat.User, c *sepakat.Cooperation, sg *sepakat.Signing) gin.H {
	props := make([]gin.H, 0, len(sg.Proposals))
	for _, p := range sg.Proposals {
		props = append(props, gin.H{
			"id": p.ID, "start": p.Start, "end": p.End, "venue": p.Venue, "attendees": p.Attendees, "notes": p.Notes,
			"signatory": p.Signatory, "by": p.By.Side, "by_id": p.By.ID, "by_name": p.By.Name, "by_role": p.By.Role,
			"at": p.At, "status": p.Status, "reason": p.Reason, "answer": p.Answer,
		})
	}
	var pending any
	if cur := sg.Current(); cur != nil && cur.Status == sepakat.ProposalProposed {
		pending = cur.ID
	}
	allowed := sepakat.AllowedSigningActions(u, c, sg.State)
	allowed = nonNil(allowed)
	return gin.H{
		"cooperation_id": c.ID, "method": sg.Method, "state": sg.State, "state_label": sg.State.Label(),
		"switched": sg.Switched, "sequence": sg.Sequence, "proposals": props, "history": sg.History,
		"pending_proposal_id": pending, "allowed_actions": allowed,
	}
}

// signingParam loads the schedule of the cooperation :id as the caller
// may see it.
func (s *Server) signingParam(c *gin.Context) (*sepakat.Signing, *sepakat.Cooperation, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, nil, err
	}
	return s.Signings.FindSigning(c.Request.Context(), id)
}

func (s *Server) apiSigning(c *gin.Context) {
	sg, coop, err := s.signingParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, signingJSON(sepakat.UserFromContext(c.Request.Context()), coop, sg))
}

// answerSigning reads the schedule again as the caller sees it and sends it.
func (s *Server) answerSigning(c *gin.Context, status int, coopID int64) {
	sg, coop, err := s.Signings.FindSigning(c.Request.Context(), coopID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, status, signingJSON(sepakat.UserFromContext(c.Request.Context()), coop, sg))
}

func (s *Server) apiSigningMethod(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Method sepakat.SigningMethod `json:"method"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Signings.ChooseSigningMethod(c.Request.Context(), id, req.Method); err != nil {
		s.fail(c, err)
		return
	}
	s.answerSigning(c, http.StatusOK, id)
}

// proposalRequest is a proposal as the API sends it, times in RFC 3339.
type proposalRequest struct {
	Start     string `json:"start"`
	End       string `json:"end"`
	Venue     string `json:"venue"`
	Notes     string `json:"notes"`
	Attendees string `json:"attendees"`
	Signatory string `json:"signatory"`
}

// input parses the times.
func (r proposalRequest) input() (sepakat.ProposalInput, error) {
	in := sepakat.ProposalInput{Venue: r.Venue, Notes: r.Notes, Attendees: r.Attendees, Signatory: r.Signatory}
	for _, f := range []struct {
		v     string
		dst   *time.Time
		label string
	}{{r.Start, &in.Start, "mulai"}, {r.End, &in.End, "selesai"}} {
		if strings.TrimSpace(f.v) == "" {
			return in, sepakat.Errorf(sepakat.EINVALID, "Waktu %s wajib diisi (RFC 3339, mis. 2026-12-08T09:00:00+07:00).", f.label)
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(f.v))
		if err != nil {
			return in, sepakat.Errorf(sepakat.EINVALID, "Waktu %s %q tidak sah: tulis dalam format RFC 3339, mis. 2026-12-08T09:00:00+07:00.", f.label, f.v)
		}
		*f.dst = t
	}
	return in, nil
}

func (s *Server) apiSigningPropose(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req proposalRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in, err := req.input()
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Signings.ProposeSigning(c.Request.Context(), id, in); err != nil {
		s.fail(c, err)
		return
	}
	s.answerSigning(c, http.StatusCreated, id)
}

func (s *Server) apiSigningRespond(c *gin.Context) {
	pid, err := paramID(c, "pid")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		proposalRequest
		Action sepakat.SigningAction `json:"action"`
		Reason string                `json:"reason"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var counter sepakat.ProposalInput
	if req.Action == sepakat.ActionRevise {
		if counter, err = req.proposalRequest.input(); err != nil {
			s.fail(c, err)
			return
		}
	}
	_, coop, err := s.Signings.RespondSigning(c.Request.Context(), pid, req.Action, counter, req.Reason)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.answerSigning(c, http.StatusOK, coop.ID)
}

// icsHost is the host part of the events' UIDs: the public URL's host.
func (s *Server) icsHost() string {
	if u, err := url.Parse(s.publicURL()); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "sepakat"
}

const icsProdID = "-//Sepakat//Penandatanganan Kerja Sama//ID"

// icsEvent is the VEVENT of a cooperation's in-person signing.
func (s *Server) icsEvent(e sepakat.CalendarEntry, stamp time.Time) signing.ICSEvent {
	p := e.Proposal
	status := signing.ICSTentative
	switch {
	case e.Switched:
		status = signing.ICSCancelled
	case p.Status == sepakat.ProposalAccepted:
		status = signing.ICSConfirmed
	}
	link := fmt.Sprintf("%s/kerjasama/%d#penandatanganan", s.publicURL(), e.CooperationID)
	var d strings.Builder
	fmt.Fprintf(&d, "Penandatanganan kerja sama %s: %s.\n", e.CooperationCode, e.Title)
	if e.Partners != "" {
		fmt.Fprintf(&d, "Mitra: %s.\n", e.Partners)
	}
	fmt.Fprintf(&d, "Penanda tangan: %s.\n", p.Signatory)
	if p.Attendees != "" {
		fmt.Fprintf(&d, "Peserta: %s.\n", p.Attendees)
	}
	if p.Notes != "" {
		fmt.Fprintf(&d, "Catatan: %s\n", p.Notes)
	}
	if e.Switched {
		d.WriteString("Dibatalkan: penandatanganan dialihkan ke meja ke meja.")
		if p.Answer != "" {
			d.WriteString(" Alasan: " + p.Answer)
		}
		d.WriteString("\n")
	} else {
		fmt.Fprintf(&d, "Status: %s.\n", e.State.Label())
	}
	d.WriteString(link)
	return signing.ICSEvent{
		UID: fmt.Sprintf("signing-%d@%s", e.CooperationID, s.icsHost()), Sequence: e.Sequence, Stamp: stamp,
		Start: p.Start, End: p.End, Summary: "Penandatanganan " + e.CooperationCode + ": " + e.Title,
		Location: p.Venue, Description: d.String(), Status: status, URL: link,
	}
}

func entryOf(coop *sepakat.Cooperation, sg *sepakat.Signing) (sepakat.CalendarEntry, bool) {
	p := sg.Current()
	if p == nil {
		return sepakat.CalendarEntry{}, false
	}
	code := coop.Code
	if code == "" {
		code = "#" + strconv.FormatInt(coop.ID, 10)
	}
	return sepakat.CalendarEntry{
		CooperationID: coop.ID, CooperationCode: code, Title: coop.Title, Partners: coop.PartnerNames(),
		State: sg.State, Method: sg.Method, Switched: sg.Switched, Sequence: sg.Sequence, Proposal: *p, UpdatedAt: sg.UpdatedAt,
	}, true
}

func sendICS(c *gin.Context, name string, data []byte) {
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", data)
}

// handleSigningICS sends the invitation of a cooperation's in-person
// signing: METHOD:REQUEST, or CANCEL once switched to desk to desk.
func (s *Server) handleSigningICS(c *gin.Context) {
	sg, coop, err := s.signingParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	e, has := entryOf(coop, sg)
	if !has {
		s.fail(c, sepakat.Errorf(sepakat.ECONFLICT, "Belum ada usulan jadwal penandatanganan tatap muka untuk kerja sama ini."))
		return
	}
	method := signing.ICSRequest
	if sg.Switched {
		method = signing.ICSCancel
	}
	var b bytes.Buffer
	if err := signing.WriteICS(&b, signing.ICSCalendar{
		ProdID: icsProdID, Method: method, Location: s.zone(), Events: []signing.ICSEvent{s.icsEvent(e, e.UpdatedAt)},
	}); err != nil {
		s.fail(c, err)
		return
	}
	sendICS(c, fmt.Sprintf("penandatanganan-%s.ics", safeFileName(e.CooperationCode)), b.Bytes())
}

func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

// calendarWithWarnings is the calendar with the clash warnings of each entry.
type calendarItem struct {
	sepakat.CalendarEntry
	Warnings []string `json:"warnings"`
	// When is the time as people read it, in the office's zone.
	When string `json:"when"`
	// Hours is the start and end time of day.
	Hours string `json:"-"`
}

// when formats start–end in zone as "Selasa, 8 Desember 2026, 09.00–10.30 WIB".
func when(start, end time.Time, zone *time.Location) string {
	st, en := start.In(zone), end.In(zone)
	return fmt.Sprintf("%s, %d %s %d, %s–%s %s", dayNames[st.Weekday()], st.Day(), monthNames[st.Month()-1], st.Year(),
		st.Format("15.04"), en.Format("15.04"), st.Format("MST"))
}

// workCalendar is the calendar of working days: the holiday lists the
// admin keeps (Settings), else those configured at start, else the shipped
// ones.
func (s *Server) workCalendar(ctx context.Context) *sepakat.Calendar {
	if s.Settings != nil {
		if years, err := s.Settings.Holidays(ctx); err == nil {
			if cal, err := sepakat.NewCalendar(years); err == nil {
				return cal
			}
		}
	}
	if s.Holidays != nil {
		return s.Holidays
	}
	return sepakat.DefaultCalendar()
}

func (s *Server) calendarItems(ctx context.Context, entries []sepakat.CalendarEntry) []calendarItem {
	cal := s.workCalendar(ctx)
	hours := s.OfficeHours
	if hours.End == 0 {
		hours, _ = sepakat.ParseOfficeHours("07:30-16:00")
	}
	out := make([]calendarItem, 0, len(entries))
	for _, e := range entries {
		item := calendarItem{CalendarEntry: e, Warnings: []string{}, When: when(e.Proposal.Start, e.Proposal.End, s.zone()),
			Hours: e.Proposal.Start.In(s.zone()).Format("15.04") + "–" + e.Proposal.End.In(s.zone()).Format("15.04")}
		if !e.Switched {
			if w := sepakat.Clashes(e.CooperationID, e.Proposal, entries, cal, hours, s.zone()); w != nil {
				item.Warnings = w
			}
		}
		out = append(out, item)
	}
	return out
}

func (s *Server) apiSigningCalendar(c *gin.Context) {
	entries, err := s.Signings.FindCalendar(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"signings": s.calendarItems(c.Request.Context(), entries)})
}

// handleCalendarFeed serves GET /kalender/{token}.ics: every signing the
// token's owner sees, as one VCALENDAR. The token is the credential; an
// unknown one is 404.
func (s *Server) handleCalendarFeed(c *gin.Context) {
	token, isICS := strings.CutSuffix(c.Param("file"), ".ics")
	if !isICS {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Halaman yang Anda cari tidak ada."))
		return
	}
	u, err := s.Signings.CalendarFeedUser(c.Request.Context(), token)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := sepakat.NewContextWithUser(c.Request.Context(), u)
	entries, err := s.Signings.FindCalendar(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	cal := signing.ICSCalendar{ProdID: icsProdID, Method: signing.ICSPublish, Name: "Penandatanganan Kerja Sama", Location: s.zone()}
	for _, e := range entries {
		cal.Events = append(cal.Events, s.icsEvent(e, e.UpdatedAt))
	}
	var b bytes.Buffer
	if err := signing.WriteICS(&b, cal); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", b.Bytes())
}
