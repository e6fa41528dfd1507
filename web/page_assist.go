package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

func (s *Server) handleRenumber(c *gin.Context) {
	s.versionAction(c, "dirapikan", func(d *sepakat.Document, _ *sepakat.Cooperation, v *sepakat.Version) error {
		_, _, err := s.renumberVersion(c.Request.Context(), d, v)
		return err
	})
}

func (s *Server) handleLintPage(c *gin.Context) {
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	fs, err := s.lintVersion(c.Request.Context(), d, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	e, w := countErrors(fs)
	s.render(c, "lint", pageData{Title: fmt.Sprintf("Pemeriksaan %s versi %d", d.Title, v.Number), Nav: "kerjasama",
		Data: gin.H{"Doc": d, "Coop": coop, "Version": v, "Findings": fs, "Errors": e, "Warnings": w}})
}

func (s *Server) handleFirstDraft(c *gin.Context) {
	s.docAction(c, "diunggah", func(d *sepakat.Document, coop *sepakat.Cooperation) error {
		_, err := s.firstDraft(c.Request.Context(), d, coop)
		return err
	})
}

func (s *Server) handleAssignNumber(c *gin.Context) {
	s.docAction(c, "bernomor", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		date, err := time.Parse(time.DateOnly, c.PostForm("date"))
		if err != nil {
			return sepakat.Errorf(sepakat.EINVALID, "Pilih tanggal penandatanganan.")
		}
		_, warning, err := s.assignNumber(c.Request.Context(), d.ID, c.PostForm("partner_number"), date)
		if err == nil && warning != "" {
			return sepakat.Errorf(sepakat.ECONFLICT, "Nomor telah dicatat, tetapi belum dapat dituliskan ke naskah: %s", warning)
		}
		return err
	})
}

func (s *Server) handleRegisterPage(c *gin.Context) {
	s.showRegister(c, http.StatusOK, "")
}

func (s *Server) showRegister(c *gin.Context, status int, msg string) {
	ctx := c.Request.Context()
	y, err := registerYear(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.Register.FindRegister(ctx, y)
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.Register.RegisterSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := sepakat.UserFromContext(ctx)
	s.renderStatus(c, status, "register", pageData{Title: "Buku Register " + strconv.Itoa(y), Nav: "register", Message: msg,
		Data: gin.H{"Year": y, "Entries": es, "Settings": st, "IsKasubbag": u.Role == sepakat.RoleKasubbag}})
}

// registerAction runs one change on the register and shows the page again.
func (s *Server) registerAction(c *gin.Context, flash string, do func() error) {
	if err := do(); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EFORBIDDEN:
			s.showRegister(c, statusOf(err), sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/register?ok="+flash)
}

func (s *Server) handleCancelNumber(c *gin.Context) {
	s.registerAction(c, "dibatalkan", func() error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		_, err = s.Register.CancelNumber(c.Request.Context(), id, c.PostForm("reason"))
		return err
	})
}

func (s *Server) handleRegisterSettings(c *gin.Context) {
	s.registerAction(c, "tersimpan", func() error {
		return s.Register.SetRegisterSettings(c.Request.Context(), sepakat.RegisterSettings{Format: c.PostForm("format"), Unit: c.PostForm("unit")})
	})
}
