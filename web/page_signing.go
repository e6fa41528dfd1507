package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// signingView is the "Penandatanganan" section of the cooperation page.
type signingView struct {
	Signing *sepakat.Signing
	// Proposals are the proposals with their times as people read them.
	Proposals []proposalRow
	// Pending is the proposal awaiting an answer, if any.
	Pending *sepakat.Proposal
	// Current is the proposal the event shows.
	Current *sepakat.Proposal
	// Can… say which forms the reader gets.
	CanChoose, CanPropose, CanAnswer, CanSwitch bool
	// CanReschedule lets the protocol office counter an accepted time.
	CanReschedule bool
	// Warnings are the clash warnings of the current proposal (protocol
	// and office only).
	Warnings []string
	// CurrentWhen and PendingWhen are their times as people read them.
	CurrentWhen, PendingWhen string
	// Default form values for a new proposal.
	Date, Start, End string
}

// signingSection builds the section for a cooperation in the signing stage
// (or with a schedule on record); nil hides it.
func (s *Server) signingSection(ctx context.Context, coop *sepakat.Cooperation) (*signingView, error) {
	if s.Signings == nil {
		return nil, nil
	}
	sg, _, err := s.Signings.FindSigning(ctx, coop.ID)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			return nil, nil
		}
		return nil, err
	}
	if coop.Stage != sepakat.StagePenandatanganan && len(sg.History) == 0 {
		return nil, nil
	}
	u := sepakat.UserFromContext(ctx)
	v := &signingView{Signing: sg, Current: sg.Current()}
	for _, p := range sg.Proposals {
		v.Proposals = append(v.Proposals, proposalRow{Proposal: p, When: when(p.Start, p.End, s.zone())})
	}
	if v.Current != nil {
		v.CurrentWhen = when(v.Current.Start, v.Current.End, s.zone())
		if v.Current.Status == sepakat.ProposalProposed {
			v.Pending, v.PendingWhen = v.Current, v.CurrentWhen
		}
	}
	for _, a := range sepakat.AllowedSigningActions(u, coop, sg.State) {
		switch a {
		case sepakat.ActionChooseDesk, sepakat.ActionChooseInPerson:
			v.CanChoose = true
		case sepakat.ActionPropose:
			v.CanPropose = true
		case sepakat.ActionAccept:
			v.CanAnswer = v.Pending != nil
		case sepakat.ActionRevise:
			v.CanAnswer = v.Pending != nil
			v.CanReschedule = v.Pending == nil && v.Current != nil
		case sepakat.ActionSwitchToDesk:
			v.CanSwitch = true
		}
	}
	ref := time.Now().In(s.zone()).AddDate(0, 0, 7)
	if v.Current != nil {
		ref = v.Current.Start.In(s.zone())
	}
	v.Date, v.Start, v.End = ref.Format(time.DateOnly), "09:00", "10:00"
	if v.Current != nil {
		v.Start, v.End = v.Current.Start.In(s.zone()).Format("15:04"), v.Current.End.In(s.zone()).Format("15:04")
	}
	if v.Current != nil && !sg.Switched && (u.Role == sepakat.RoleProtokol || u.Role.IsOffice()) {
		if entries, err := s.Signings.FindCalendar(ctx); err == nil {
			for _, it := range s.calendarItems(ctx, entries) {
				if it.CooperationID == coop.ID {
					v.Warnings = it.Warnings
				}
			}
		}
	}
	return v, nil
}

// proposalRow is one proposal of the section.
type proposalRow struct {
	sepakat.Proposal
	When string
}

// proposalFromForm reads date, start, end (HH:MM, in the office's zone),
// venue, attendees, notes and signatory.
func (s *Server) proposalFromForm(c *gin.Context) (sepakat.ProposalInput, error) {
	in := sepakat.ProposalInput{
		Venue: c.PostForm("venue"), Attendees: c.PostForm("attendees"), Notes: c.PostForm("notes"), Signatory: c.PostForm("signatory"),
	}
	date := strings.TrimSpace(c.PostForm("date"))
	if date == "" {
		return in, sepakat.Errorf(sepakat.EINVALID, "Tanggal penandatanganan wajib diisi.")
	}
	for _, f := range []struct {
		v     string
		dst   *time.Time
		label string
	}{{c.PostForm("start"), &in.Start, "mulai"}, {c.PostForm("end"), &in.End, "selesai"}} {
		t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+strings.TrimSpace(f.v), s.zone())
		if err != nil {
			return in, sepakat.Errorf(sepakat.EINVALID, "Tanggal atau jam %s tidak sah (tanggal TTTT-BB-HH, jam JJ:MM).", f.label)
		}
		*f.dst = t
	}
	return in, nil
}

// signingPageAction runs one move from the cooperation page (or the
// calendar, with kembali=kalender) and redirects back with a flash, or
// shows the page again with the reason it was refused.
func (s *Server) signingPageAction(c *gin.Context, coopID int64, flash string, do func() (int64, error)) {
	id, err := do()
	if id != 0 {
		coopID = id
	}
	back := fmt.Sprintf("/kerjasama/%d", coopID)
	if c.PostForm("kembali") == "kalender" {
		back = "/kalender"
	}
	if err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EFORBIDDEN:
			if back == "/kalender" {
				s.showCalendar(c, statusOf(err), sepakat.ErrorMessage(err), "")
				return
			}
			if coop, ferr := s.Cooperations.FindCooperationByID(c.Request.Context(), coopID); ferr == nil {
				s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
				return
			}
		}
		s.fail(c, err)
		return
	}
	if back == "/kalender" {
		c.Redirect(http.StatusSeeOther, back+"?ok="+flash)
		return
	}
	c.Redirect(http.StatusSeeOther, back+"?ok="+flash+"#penandatanganan")
}

func (s *Server) handleSigningMethod(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.signingPageAction(c, id, "metode", func() (int64, error) {
		_, err := s.Signings.ChooseSigningMethod(c.Request.Context(), id, sepakat.SigningMethod(c.PostForm("method")))
		return 0, err
	})
}

func (s *Server) handleSigningPropose(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.signingPageAction(c, id, "jadwal-diusulkan", func() (int64, error) {
		in, err := s.proposalFromForm(c)
		if err != nil {
			return 0, err
		}
		_, err = s.Signings.ProposeSigning(c.Request.Context(), id, in)
		return 0, err
	})
}

func (s *Server) handleSigningRespond(c *gin.Context) {
	pid, err := paramID(c, "pid")
	if err != nil {
		s.fail(c, err)
		return
	}
	coopID, _ := strconv.ParseInt(c.PostForm("cooperation"), 10, 64)
	action := sepakat.SigningAction(c.PostForm("action"))
	flash := map[sepakat.SigningAction]string{
		sepakat.ActionAccept: "jadwal-diterima", sepakat.ActionRevise: "jadwal-direvisi", sepakat.ActionSwitchToDesk: "beralih-meja",
	}[action]
	s.signingPageAction(c, coopID, flash, func() (int64, error) {
		var counter sepakat.ProposalInput
		if action == sepakat.ActionRevise {
			if counter, err = s.proposalFromForm(c); err != nil {
				return 0, err
			}
		}
		_, coop, err := s.Signings.RespondSigning(c.Request.Context(), pid, action, counter, c.PostForm("reason"))
		if err != nil {
			return 0, err
		}
		return coop.ID, nil
	})
}

// calendarDay is one day of the month or week view.
type calendarDay struct {
	Date     time.Time
	InMonth  bool
	Today    bool
	Holiday  string
	Weekend  bool
	Items    []calendarItem
	DayLabel string
}

// calendarView is the protocol calendar page.
type calendarView struct {
	View     string // bulan, minggu, daftar
	Ref      time.Time
	Title    string
	Prev     string
	Next     string
	Weeks    [][]calendarDay
	Days     []calendarDay
	Pending  []calendarItem // awaiting the protocol office, first
	Waiting  []calendarItem // awaiting the PPKSD
	All      []calendarItem
	FeedURL  string
	FeedDate time.Time
	Hours    string
	CanReply bool
}

var dayNames = []string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}

func (s *Server) handleCalendarPage(c *gin.Context) {
	s.showCalendar(c, http.StatusOK, "", "")
}

// handleCalendarToken makes a new private feed URL and shows it once.
func (s *Server) handleCalendarToken(c *gin.Context) {
	token, err := s.Signings.NewCalendarToken(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showCalendar(c, http.StatusOK, "", s.publicURL()+"/kalender/"+token+".ics")
}

func (s *Server) showCalendar(c *gin.Context, status int, msg, feedURL string) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	zone := s.zone()
	entries, err := s.Signings.FindCalendar(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	items := s.calendarItems(ctx, entries)
	v := calendarView{View: c.Query("tampilan"), All: items, FeedURL: feedURL, CanReply: u.Role == sepakat.RoleProtokol || u.Role == sepakat.RoleKasubbag}
	if v.View != "minggu" && v.View != "daftar" {
		v.View = "bulan"
	}
	v.FeedDate, _ = s.Signings.CalendarTokenCreated(ctx)
	hours := s.OfficeHours
	if hours.End == 0 {
		hours, _ = sepakat.ParseOfficeHours("07:30-16:00")
	}
	v.Hours = hours.String()
	now := time.Now().In(zone)
	v.Ref = now
	if d, err := time.ParseInLocation(time.DateOnly, c.Query("tanggal"), zone); err == nil {
		v.Ref = d
	} else if q := c.Query("tanggal"); q == "" {
		// Open on the month of the first pending proposal, if any.
		for _, it := range items {
			if it.State == sepakat.SigningAwaitingProtocol {
				v.Ref = it.Proposal.Start.In(zone)
				break
			}
		}
	}
	for _, it := range items {
		switch it.State {
		case sepakat.SigningAwaitingProtocol:
			v.Pending = append(v.Pending, it)
		case sepakat.SigningAwaitingPPKSD:
			v.Waiting = append(v.Waiting, it)
		}
	}
	hol := s.workCalendar(ctx)
	day := func(d time.Time, inMonth bool) calendarDay {
		cd := calendarDay{Date: d, InMonth: inMonth, Today: d.Format(time.DateOnly) == now.Format(time.DateOnly),
			Weekend:  d.Weekday() == time.Saturday || d.Weekday() == time.Sunday,
			DayLabel: fmt.Sprintf("%s %d %s", dayNames[d.Weekday()], d.Day(), monthNames[d.Month()-1])}
		if h, ok := hol.Holiday(d); ok {
			cd.Holiday = h.Name
		}
		for _, it := range items {
			st := it.Proposal.Start.In(zone)
			if st.Year() == d.Year() && st.YearDay() == d.YearDay() {
				cd.Items = append(cd.Items, it)
			}
		}
		return cd
	}
	monday := func(d time.Time) time.Time {
		off := (int(d.Weekday()) + 6) % 7
		return time.Date(d.Year(), d.Month(), d.Day()-off, 0, 0, 0, 0, zone)
	}
	switch v.View {
	case "bulan":
		first := time.Date(v.Ref.Year(), v.Ref.Month(), 1, 0, 0, 0, 0, zone)
		v.Title = fmt.Sprintf("%s %d", monthNames[first.Month()-1], first.Year())
		v.Prev = first.AddDate(0, -1, 0).Format(time.DateOnly)
		v.Next = first.AddDate(0, 1, 0).Format(time.DateOnly)
		for w := monday(first); w.Month() == first.Month() || w.Before(first); w = w.AddDate(0, 0, 7) {
			var week []calendarDay
			for i := 0; i < 7; i++ {
				d := w.AddDate(0, 0, i)
				week = append(week, day(d, d.Month() == first.Month()))
			}
			v.Weeks = append(v.Weeks, week)
		}
	case "minggu":
		start := monday(v.Ref)
		end := start.AddDate(0, 0, 6)
		v.Title = fmt.Sprintf("%d %s – %d %s %d", start.Day(), monthNames[start.Month()-1], end.Day(), monthNames[end.Month()-1], end.Year())
		v.Prev = start.AddDate(0, 0, -7).Format(time.DateOnly)
		v.Next = start.AddDate(0, 0, 7).Format(time.DateOnly)
		for i := 0; i < 7; i++ {
			v.Days = append(v.Days, day(start.AddDate(0, 0, i), true))
		}
	case "daftar":
		v.Title = "Semua jadwal penandatanganan"
	}
	s.renderStatus(c, status, "calendar", pageData{Title: "Kalender Penandatanganan", Nav: "kalender", Message: msg, Data: v})
}
