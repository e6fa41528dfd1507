package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// monitoringView is the section "Pemantauan" of the cooperation page: the
// due date of the next entry (overdue marked), the term's expiry flag, the
// entries with their files, notes and follow-ups, and the forms the caller
// may use.
type monitoringView struct {
	Status    sepakat.MonitoringStatus
	Expiry    *sepakat.Expiry
	Entries   []*sepakat.MonitoringEntry
	CanAdd    bool // the PPKSD adds entries, files and follow-ups
	CanReview bool // reviewers add notes
	Open      bool // the stage takes entries
}

// monitoringSection returns the section of coop for the caller, or nil
// before the signing is completed.
func (s *Server) monitoringSection(ctx context.Context, coop *sepakat.Cooperation) (*monitoringView, error) {
	if s.Monitoring == nil || coop.Stage.Index() < sepakat.StagePemantauan.Index() || coop.Stage == sepakat.StageDitolak {
		return nil, nil
	}
	entries, st, err := s.Monitoring.FindMonitoring(ctx, coop.ID)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			return nil, nil
		}
		return nil, err
	}
	u := sepakat.UserFromContext(ctx)
	open := sepakat.MonitoringOpen(coop.Stage)
	v := &monitoringView{
		Status: st, Entries: entries, Open: open,
		CanAdd:    open && sepakat.CanAddMonitoring(u, coop),
		CanReview: open && sepakat.CanReviewMonitoring(u, coop),
	}
	if e, ok := sepakat.CooperationExpiry(coop, time.Now()); ok {
		v.Expiry = &e
	}
	return v, nil
}

// monitoringAction runs one change of the monitoring from the cooperation
// page: on success back to the section with the flash ok; a refusal the
// user can act on is shown on the cooperation page with its message.
func (s *Server) monitoringAction(c *gin.Context, flash string, do func(coop *sepakat.Cooperation) error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err = do(coop); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EUNSUPPORTED, sepakat.ETOOLARGE:
			s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"?ok="+flash+"#pemantauan")
}

// handleMonitoringAdd adds an entry from the cooperation page.
func (s *Server) handleMonitoringAdd(c *gin.Context) {
	s.monitoringAction(c, "tersimpan", func(coop *sepakat.Cooperation) error {
		_, err := s.Monitoring.AddMonitoringEntry(c.Request.Context(), coop.ID, sepakat.MonitoringInput{
			Period: c.PostForm("period"), Activity: c.PostForm("activity"),
			Achievement: c.PostForm("achievement"), Obstacle: c.PostForm("obstacle"),
		})
		return err
	})
}

// handleMonitoringFileUpload adds a file to an entry from the page.
func (s *Server) handleMonitoringFileUpload(c *gin.Context) {
	s.monitoringAction(c, "diunggah", func(*sepakat.Cooperation) error {
		_, err := s.uploadMonitoringFile(c)
		return err
	})
}

// handleMonitoringNote adds a reviewer's note from the page.
func (s *Server) handleMonitoringNote(c *gin.Context) {
	s.monitoringAction(c, "tersimpan", func(*sepakat.Cooperation) error {
		_, err := s.monitoringNote(c, c.PostForm("text"), false)
		return err
	})
}

// handleMonitoringFollowUp writes the PPKSD's follow-up from the page.
func (s *Server) handleMonitoringFollowUp(c *gin.Context) {
	s.monitoringAction(c, "tersimpan", func(*sepakat.Cooperation) error {
		_, err := s.monitoringNote(c, c.PostForm("text"), true)
		return err
	})
}
