package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// signedView is the section "Naskah yang telah ditandatangani" of the
// cooperation page: forms while the cooperation is in penandatanganan for
// its PPKSD and Kasubbag, a read-only summary for everyone else and after
// submission.
type signedView struct {
	Record  *sepakat.SignedScan
	Missing []string
	CanEdit bool
	Affairs []sepakat.GovernmentAffair
	Kinds   []sepakat.CooperationKind
}

// signedSection returns the section of coop for the caller, or nil when
// there is nothing to show: before the signing stage, and in later stages
// when nothing was recorded.
func (s *Server) signedSection(ctx context.Context, coop *sepakat.Cooperation) (*signedView, error) {
	if s.Signed == nil || coop.Stage.Index() < sepakat.StagePenandatanganan.Index() {
		return nil, nil
	}
	rec, err := s.Signed.FindSignedScan(ctx, coop.ID)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			return nil, nil
		}
		return nil, err
	}
	inStage := coop.Stage == sepakat.StagePenandatanganan
	if !inStage && rec.Scan == nil && len(rec.Photos) == 0 && !rec.Submitted() {
		return nil, nil
	}
	return &signedView{
		Record:  rec,
		Missing: rec.Missing(),
		CanEdit: inStage && !rec.Submitted() && sepakat.CanRecordSigned(sepakat.UserFromContext(ctx), coop),
		Affairs: sepakat.GovernmentAffairs,
		Kinds:   []sepakat.CooperationKind{sepakat.KindKSDD, sepakat.KindKSDPK},
	}, nil
}

// signedAction runs one change of the signing record from the cooperation
// page: on success back to the section with the flash ok; a refusal the
// user can act on is shown on the cooperation page with its message.
func (s *Server) signedAction(c *gin.Context, flash string, do func(coop *sepakat.Cooperation) error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	err = sepakat.CheckRecordSigned(sepakat.UserFromContext(c.Request.Context()), coop)
	if err == nil {
		err = do(coop)
	}
	if err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EUNSUPPORTED, sepakat.ETOOLARGE:
			if fresh, ferr := s.Cooperations.FindCooperationByID(c.Request.Context(), coop.ID); ferr == nil {
				coop = fresh
			}
			s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"?ok="+flash+"#naskah-ttd")
}

// handleSignedScanUpload uploads the scan from the cooperation page.
func (s *Server) handleSignedScanUpload(c *gin.Context) {
	s.signedAction(c, "diunggah", func(coop *sepakat.Cooperation) error {
		_, err := s.uploadSignedScan(c, coop)
		return err
	})
}

// handleSignedScanDelete removes the scan from the cooperation page.
func (s *Server) handleSignedScanDelete(c *gin.Context) {
	s.signedAction(c, "tersimpan", func(coop *sepakat.Cooperation) error {
		_, err := s.Signed.RemoveSignedScan(c.Request.Context(), coop.ID)
		return err
	})
}

// handleSignedPhotoUpload adds a photo from the cooperation page.
func (s *Server) handleSignedPhotoUpload(c *gin.Context) {
	s.signedAction(c, "diunggah", func(coop *sepakat.Cooperation) error {
		_, err := s.uploadSigningPhoto(c, coop)
		return err
	})
}

// handleSignedPhotoDelete removes a photo from the cooperation page.
func (s *Server) handleSignedPhotoDelete(c *gin.Context) {
	s.signedAction(c, "tersimpan", func(coop *sepakat.Cooperation) error {
		n, err := photoNumber(c)
		if err != nil {
			return err
		}
		_, err = s.Signed.DeleteSigningPhoto(c.Request.Context(), coop.ID, n)
		return err
	})
}

// handleSignedDetailsSave saves the officers and the classification from
// the cooperation page.
func (s *Server) handleSignedDetailsSave(c *gin.Context) {
	s.signedAction(c, "tersimpan", func(coop *sepakat.Cooperation) error {
		officer := func(side string) sepakat.SigningOfficer {
			return sepakat.SigningOfficer{
				Name: c.PostForm(side + "_name"), Position: c.PostForm(side + "_position"),
				Phone: c.PostForm(side + "_phone"), Email: c.PostForm(side + "_email"),
			}
		}
		d := sepakat.SignedDetails{
			Officers: sepakat.SigningOfficers{City: officer("city"), Partner: officer("partner")},
			Classification: sepakat.Classification{
				Kind:   sepakat.CooperationKind(strings.TrimSpace(c.PostForm("kind"))),
				Affair: sepakat.GovernmentAffair(strings.TrimSpace(c.PostForm("affair"))),
				Other:  c.PostForm("affair_other"),
			},
		}
		_, err := s.Signed.SaveSignedDetails(c.Request.Context(), coop.ID, d)
		return err
	})
}

// handleSignedSubmit completes the signing from the cooperation page
// ("Selesaikan penandatanganan").
func (s *Server) handleSignedSubmit(c *gin.Context) {
	s.signedAction(c, "dipindahkan", func(coop *sepakat.Cooperation) error {
		_, err := s.Signed.SubmitSignedScan(c.Request.Context(), coop.ID)
		return err
	})
}
