package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// initiationView is the section "Inisiasi (Penawaran)" of the cooperation
// page: the checklist with upload forms for the PPKSD, note forms for the
// office, the Kasubbag's decisions, and the discussion.
type initiationView struct {
	initiationRecord
	CanUpload, CanReview, CanDecide, CanDiscuss bool
}

// initiationSection returns the section of coop for the caller, or nil
// when there is nothing to show: before the stage inisiasi, and in later
// stages when nothing was recorded.
func (s *Server) initiationSection(ctx context.Context, coop *sepakat.Cooperation) (*initiationView, error) {
	if s.Initiations == nil || coop.Stage.Index() < sepakat.StageInisiasi.Index() {
		return nil, nil
	}
	in, _, err := s.Initiations.FindInitiation(ctx, coop.ID)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			return nil, nil
		}
		return nil, err
	}
	if coop.Stage != sepakat.StageInisiasi && !in.Started() && len(in.Messages) == 0 {
		return nil, nil
	}
	u := sepakat.UserFromContext(ctx)
	can := func(a sepakat.InitiationAction) bool { return sepakat.CheckInitiation(u, coop, in, a) == nil }
	return &initiationView{
		initiationRecord: initiationAnswer(in, coop),
		CanUpload:        can(sepakat.InitiationUploadAction),
		CanReview:        can(sepakat.InitiationReviewAction),
		CanDecide:        can(sepakat.InitiationDecideAction),
		CanDiscuss:       can(sepakat.InitiationDiscussAction),
	}, nil
}

// initiationAction runs one change of the initiation from the cooperation
// page: on success back to the section with the flash ok; a refusal the
// user can act on is shown on the cooperation page with its message.
func (s *Server) initiationAction(c *gin.Context, action sepakat.InitiationAction, flash string, do func(coop *sepakat.Cooperation) error) {
	coop, err := s.checkedInitiation(c, action)
	if err == nil {
		err = do(coop)
	}
	if err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EUNSUPPORTED, sepakat.ETOOLARGE:
			if coop == nil {
				if coop, _ = s.findCooperation(c); coop == nil {
					s.fail(c, err)
					return
				}
			}
			if fresh, ferr := s.Cooperations.FindCooperationByID(c.Request.Context(), coop.ID); ferr == nil {
				coop = fresh
			}
			s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"?ok="+flash+"#inisiasi")
}

// handleInitiationUpload uploads one file of the checklist from the page.
func (s *Server) handleInitiationUpload(c *gin.Context) {
	s.initiationAction(c, sepakat.InitiationUploadAction, "diunggah", func(coop *sepakat.Cooperation) error {
		_, err := s.uploadInitiationFile(c, coop)
		return err
	})
}

// handleInitiationDelete removes one file of the checklist from the page.
func (s *Server) handleInitiationDelete(c *gin.Context) {
	s.initiationAction(c, sepakat.InitiationUploadAction, "tersimpan", func(coop *sepakat.Cooperation) error {
		item, err := initiationItem(c)
		if err != nil {
			return err
		}
		n, err := uploadNumber(c)
		if err != nil {
			return err
		}
		_, err = s.Initiations.RemoveInitiationFile(c.Request.Context(), coop.ID, item, n)
		return err
	})
}

// handleInitiationNote records a reviewer's note from the page.
func (s *Server) handleInitiationNote(c *gin.Context) {
	s.initiationAction(c, sepakat.InitiationReviewAction, "tersimpan", func(coop *sepakat.Cooperation) error {
		_, err := s.Initiations.AddInitiationNote(c.Request.Context(), coop.ID, sepakat.InitiationItem(c.PostForm("item")), c.PostForm("text"))
		return err
	})
}

// handleInitiationMessage posts to the discussion from the page.
func (s *Server) handleInitiationMessage(c *gin.Context) {
	s.initiationAction(c, sepakat.InitiationDiscussAction, "terkirim-pesan", func(coop *sepakat.Cooperation) error {
		_, err := s.Initiations.AddInitiationMessage(c.Request.Context(), coop.ID, c.PostForm("text"))
		return err
	})
}

// handleInitiationFixes asks for fixes from the page.
func (s *Server) handleInitiationFixes(c *gin.Context) {
	s.initiationAction(c, sepakat.InitiationDecideAction, "tersimpan", func(coop *sepakat.Cooperation) error {
		_, err := s.Initiations.RequestInitiationFixes(c.Request.Context(), coop.ID, c.PostForm("note"))
		return err
	})
}

// handleInitiationComplete declares the offer complete from the page.
func (s *Server) handleInitiationComplete(c *gin.Context) {
	s.initiationAction(c, sepakat.InitiationDecideAction, "dipindahkan", func(coop *sepakat.Cooperation) error {
		_, err := s.Initiations.CompleteInitiation(c.Request.Context(), coop.ID, c.PostForm("note"))
		return err
	})
}
