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

// routingView is the "Lembar Edaran (meja ke meja)" section of the
// cooperation page.
type routingView struct {
	Status sepakat.RoutingStatus
	// Desks are the desks of Status with their deadlines as text.
	Desks []routingDesk
	// CanMark lets the office mark the desks and, before the first mark,
	// change them (DesksText is the form's text).
	CanMark   bool
	Started   bool
	DesksText string
}

// routingSection returns the routing section of coop for the reader, or nil
// when there is none to show: not in penandatanganan, not signed desk to
// desk, or not for the reader's role.
func (s *Server) routingSection(ctx context.Context, coop *sepakat.Cooperation) (*routingView, error) {
	u := sepakat.UserFromContext(ctx)
	if s.Routing == nil || coop.Stage != sepakat.StagePenandatanganan || !sepakat.CanSeeRouting(u, coop) {
		return nil, nil
	}
	sh, err := s.Routing.RoutingSheet(ctx, coop.ID)
	if err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.ECONFLICT, sepakat.EFORBIDDEN, sepakat.ENOTFOUND:
			return nil, nil
		}
		return nil, err
	}
	v := &routingView{
		Status:    s.routingStatus(ctx, sh),
		CanMark:   sepakat.CanMarkRouting(u, coop),
		Started:   sh.Started(),
		DesksText: formatDesks(sh.Desks),
	}
	for _, d := range v.Status.Desks {
		v.Desks = append(v.Desks, routingDesk{DeskStatus: d, DueText: tanggalSaja(d.Due)})
	}
	return v, nil
}

// routingDesk is one desk's row on the page.
type routingDesk struct {
	sepakat.DeskStatus
	// DueText is the desk's deadline as a date ("19 November 2026").
	DueText string
}

// tanggalSaja formats the date of t in WIB, without the time.
func tanggalSaja(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.In(jakarta)
	return fmt.Sprintf("%d %s %d", t.Day(), monthNames[t.Month()-1], t.Year())
}

// formatDesks writes desks one a line as "Nama | paraf | 2".
func formatDesks(desks []sepakat.Desk) string {
	var b strings.Builder
	for _, d := range desks {
		fmt.Fprintf(&b, "%s | %s | %d\n", d.Name, d.Action, d.TimeStandard)
	}
	return b.String()
}

// parseDesks reads desks one a line as "Nama | paraf | 2" (the action
// "paraf" or "tanda tangan", the time standard in working days); blank
// lines are skipped.
func parseDesks(text string) ([]sepakat.Desk, error) {
	var desks []sepakat.Desk
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 {
			return nil, sepakat.Errorf(sepakat.EINVALID, "Baris %d: tulis \"Nama pejabat | paraf atau tanda tangan | hari kerja\".", i+1)
		}
		action := strings.ToLower(strings.Join(strings.Fields(parts[1]), "_"))
		if action == "ttd" || action == "tanda_tangan" || action == "tandatangan" {
			action = string(sepakat.ActionSign)
		}
		days, err := strconv.Atoi(strings.TrimSpace(parts[2]))
		if err != nil {
			return nil, sepakat.Errorf(sepakat.EINVALID, "Baris %d: standar waktu harus berupa jumlah hari kerja.", i+1)
		}
		desks = append(desks, sepakat.Desk{Name: parts[0], Action: sepakat.DeskAction(action), TimeStandard: days})
	}
	return desks, nil
}

// routingAction runs a change from the cooperation page and returns to its
// routing section; a refusal is shown on the page.
func (s *Server) routingAction(c *gin.Context, flash string, do func(coop *sepakat.Cooperation) error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if s.Routing == nil {
		s.fail(c, fmt.Errorf("routing: no routing service configured"))
		return
	}
	if err := do(coop); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EFORBIDDEN:
			s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/kerjasama/%d?ok=%s#lembar-edaran", coop.ID, flash))
}

// handleRoutingMark marks desk :n from the cooperation page (form: mark,
// note).
func (s *Server) handleRoutingMark(c *gin.Context) {
	s.routingAction(c, "meja", func(coop *sepakat.Cooperation) error {
		n, err := paramDesk(c)
		if err != nil {
			return err
		}
		_, err = s.Routing.MarkDesk(c.Request.Context(), coop.ID, n, sepakat.MarkKind(c.PostForm("mark")), c.PostForm("note"))
		return err
	})
}

// handleRoutingDesks changes the desks of a sheet before its first mark
// (form: desks, one a line).
func (s *Server) handleRoutingDesks(c *gin.Context) {
	s.routingAction(c, "meja-diatur", func(coop *sepakat.Cooperation) error {
		desks, err := parseDesks(c.PostForm("desks"))
		if err != nil {
			return err
		}
		_, err = s.Routing.SetRoutingDesks(c.Request.Context(), coop.ID, desks)
		return err
	})
}

// routingDefaultsView is the admin's settings page of the default desks.
type routingDefaultsView struct {
	Text string
}

// handleRoutingDefaultsPage shows the default desks (admin).
func (s *Server) handleRoutingDefaultsPage(c *gin.Context) {
	desks, err := s.routingDefaults(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "routing_defaults", pageData{Title: "Meja Lembar Edaran", Nav: "lembar-edaran", Data: routingDefaultsView{Text: formatDesks(desks)}})
}

// handleRoutingDefaultsSave saves the default desks (admin).
func (s *Server) handleRoutingDefaultsSave(c *gin.Context) {
	r, err := s.routingService()
	if err != nil {
		s.fail(c, err)
		return
	}
	text := c.PostForm("desks")
	desks, err := parseDesks(text)
	if err == nil {
		_, err = r.SetRoutingDefaults(c.Request.Context(), desks)
	}
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINVALID {
			s.renderStatus(c, http.StatusBadRequest, "routing_defaults", pageData{Title: "Meja Lembar Edaran", Nav: "lembar-edaran", Message: sepakat.ErrorMessage(err), Data: routingDefaultsView{Text: text}})
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/pengaturan/lembar-edaran?ok=tersimpan")
}
