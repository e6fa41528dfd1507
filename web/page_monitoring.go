package web

import (
	"context"
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

// handleMonitoringAdd adds an entry from the cooperation page.
func (s *Server) handleMonitoringAdd(c *gin.Context) {
	s.stageAction(c, "tersimpan", "pemantauan", func(coop *sepakat.Cooperation) error {
		_, err := s.Monitoring.AddMonitoringEntry(c.Request.Context(), coop.ID, sepakat.MonitoringInput{
			Period: c.PostForm("period"), Activity: c.PostForm("activity"),
			Achievement: c.PostForm("achievement"), Obstacle: c.PostForm("obstacle"),
		})
		return err
	})
}

// handleMonitoringFileUpload adds a file to an entry from the page.
func (s *Server) handleMonitoringFileUpload(c *gin.Context) {
	s.stageAction(c, "diunggah", "pemantauan", func(*sepakat.Cooperation) error {
		_, err := s.uploadMonitoringFile(c)
		return err
	})
}

// handleMonitoringNote adds a reviewer's note from the page.
func (s *Server) handleMonitoringNote(c *gin.Context) {
	s.stageAction(c, "tersimpan", "pemantauan", func(*sepakat.Cooperation) error {
		_, err := s.monitoringNote(c, c.PostForm("text"), false)
		return err
	})
}

// handleMonitoringFollowUp writes the PPKSD's follow-up from the page.
func (s *Server) handleMonitoringFollowUp(c *gin.Context) {
	s.stageAction(c, "tersimpan", "pemantauan", func(*sepakat.Cooperation) error {
		_, err := s.monitoringNote(c, c.PostForm("text"), true)
		return err
	})
}
