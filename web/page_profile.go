package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// profileView is the settings page: biodata, institution, password.
type profileView struct {
	Institution *sepakat.Institution
}

func (s *Server) showProfile(c *gin.Context, status int, msg string) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	var v profileView
	if u.Role == sepakat.RolePPKSD && u.Verified && u.InstitutionID != 0 {
		inst, err := s.Registrations.FindInstitutionByID(ctx, u.InstitutionID)
		if err != nil {
			s.fail(c, err)
			return
		}
		v.Institution = inst
	}
	s.renderStatus(c, status, "profile", pageData{Title: "Pengaturan Profil", Nav: "profil", Message: msg, Data: v})
}

func (s *Server) handleProfilePage(c *gin.Context) { s.showProfile(c, http.StatusOK, "") }

// profileFromForm reads the biodata form.
func profileFromForm(c *gin.Context) sepakat.Profile {
	return sepakat.Profile{
		FullName: c.PostForm("full_name"), NIK: c.PostForm("nik"), Gender: c.PostForm("gender"),
		Phone: c.PostForm("phone"), City: c.PostForm("city"), Address: c.PostForm("address"),
		WorkUnit: c.PostForm("work_unit"), EmployeeNumber: c.PostForm("employee_number"), Position: c.PostForm("position"),
	}
}

func (s *Server) handleProfileSave(c *gin.Context) {
	if _, err := s.Users.UpdateProfile(c.Request.Context(), profileFromForm(c)); err != nil {
		s.settingsError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/profil?ok=tersimpan")
}

func (s *Server) handleInstitutionSave(c *gin.Context) {
	u := sepakat.UserFromContext(c.Request.Context())
	in := sepakat.Institution{
		ID: u.InstitutionID, Name: c.PostForm("name"), Kind: sepakat.InstitutionKind(c.PostForm("kind")),
		City: c.PostForm("city"), Address: c.PostForm("address"), Phone: c.PostForm("phone"),
		Email: c.PostForm("email"), Website: c.PostForm("website"),
	}
	if _, err := s.Registrations.UpdateInstitution(c.Request.Context(), in); err != nil {
		s.settingsError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/profil?ok=tersimpan")
}

func (s *Server) handlePasswordChange(c *gin.Context) {
	if c.PostForm("new_password") != c.PostForm("new_password2") {
		s.showProfile(c, http.StatusBadRequest, "Konfirmasi kata sandi baru tidak sama.")
		return
	}
	if err := s.Users.ChangePassword(c.Request.Context(), c.PostForm("old_password"), c.PostForm("new_password")); err != nil {
		s.settingsError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/profil?ok=sandi")
}

func (s *Server) settingsError(c *gin.Context, err error) {
	code := sepakat.ErrorCode(err)
	if code != sepakat.EINVALID && code != sepakat.EUNAUTHORIZED {
		s.fail(c, err)
		return
	}
	s.showProfile(c, http.StatusBadRequest, sepakat.ErrorMessage(err))
}
