package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// registrationView is what the registration page shows.
type registrationView struct {
	Reg      *sepakat.Registration
	Exists   bool
	IsFiler  bool // the caller is officer 1 and may edit
	Editable bool
	Missing  []string
}

func (s *Server) registrationView(c *gin.Context) (registrationView, error) {
	u := sepakat.UserFromContext(c.Request.Context())
	reg, err := s.Registrations.MyRegistration(c.Request.Context())
	switch sepakat.ErrorCode(err) {
	case "":
		v := registrationView{Reg: reg, Exists: true, IsFiler: reg.Officer1.UserID == u.ID}
		v.Editable = v.IsFiler && reg.Editable()
		v.Missing = reg.Missing()
		return v, nil
	case sepakat.ENOTFOUND:
		reg = &sepakat.Registration{Status: sepakat.RegistrationDraft}
		reg.Institution.Kind = sepakat.InstitutionPerangkatDaerah
		reg.Officer1 = sepakat.Officer{
			UserID: u.ID, Login: u.Login, Email: u.Email, NIP: u.NIP,
			Name: firstNonEmpty(u.Profile.FullName, u.Name), NIK: u.Profile.NIK,
			Position: u.Profile.Position, Phone: u.Profile.Phone,
		}
		return registrationView{Reg: reg, IsFiler: true, Editable: u.Role == sepakat.RolePPKSD && !u.Verified, Missing: reg.Missing()}, nil
	}
	return registrationView{}, err
}

func (s *Server) handleRegistrationPage(c *gin.Context) {
	v, err := s.registrationView(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "registration", pageData{Title: "Registrasi PPKSD", Nav: "registrasi", Data: v})
}

// registrationInputFromForm reads the registration form fields.
func registrationInputFromForm(c *gin.Context) sepakat.RegistrationInput {
	return sepakat.RegistrationInput{
		Institution: sepakat.Institution{
			Name: c.PostForm("inst_name"), Kind: sepakat.InstitutionKind(c.PostForm("inst_kind")),
			City: c.PostForm("inst_city"), Address: c.PostForm("inst_address"), Phone: c.PostForm("inst_phone"),
			Email: c.PostForm("inst_email"), Website: c.PostForm("inst_website"),
		},
		Officer1: sepakat.Officer{
			Name: c.PostForm("o1_name"), NIK: c.PostForm("o1_nik"), NIP: c.PostForm("o1_nip"),
			Position: c.PostForm("o1_position"), Phone: c.PostForm("o1_phone"),
		},
		Officer2Login: c.PostForm("o2_login"),
		Officer2: sepakat.Officer{
			Name: c.PostForm("o2_name"), NIK: c.PostForm("o2_nik"), NIP: c.PostForm("o2_nip"),
			Position: c.PostForm("o2_position"), Phone: c.PostForm("o2_phone"),
		},
	}
}

func (s *Server) handleRegistrationSave(c *gin.Context) {
	in := registrationInputFromForm(c)
	if _, err := s.Registrations.SaveRegistration(c.Request.Context(), in); err != nil {
		s.registrationError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/registrasi?ok=tersimpan")
}

func (s *Server) handleRegistrationUpload(c *gin.Context) {
	slot := sepakat.RegistrationSlot(c.Query("jenis"))
	if err := slot.Validate(); err != nil {
		s.registrationError(c, err)
		return
	}
	if _, err := s.Registrations.MyRegistration(c.Request.Context()); err != nil {
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			err = sepakat.Errorf(sepakat.ECONFLICT, "Simpan data registrasi terlebih dahulu, lalu unggah berkas.")
		}
		s.registrationError(c, err)
		return
	}
	f, err := s.receiveRegistrationFile(c, slot, "file")
	if err != nil {
		s.registrationError(c, err)
		return
	}
	if _, err := s.Registrations.AttachRegistrationFile(c.Request.Context(), slot, f); err != nil {
		s.registrationError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/registrasi?ok=diunggah")
}

// receiveRegistrationFile receives a letter (PDF) or a photo (JPEG/PNG).
func (s *Server) receiveRegistrationFile(c *gin.Context, slot sepakat.RegistrationSlot, field string) (sepakat.File, error) {
	if slot == sepakat.SlotLetter {
		return s.receiveFile(c, field, sepakat.MaxPDFSize, s.CheckPDF)
	}
	return s.receiveFile(c, field, sepakat.MaxPhotoSize, checkImage)
}

func (s *Server) handleRegistrationSubmit(c *gin.Context) {
	if _, err := s.Registrations.SubmitRegistration(c.Request.Context()); err != nil {
		s.registrationError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/registrasi?ok=terkirim")
}

// registrationError shows the registration page again with the problem on
// top, so that the user sees what to fix next to the form.
func (s *Server) registrationError(c *gin.Context, err error) {
	if sepakat.ErrorCode(err) == sepakat.EINTERNAL {
		s.fail(c, err)
		return
	}
	v, verr := s.registrationView(c)
	if verr != nil {
		s.fail(c, verr)
		return
	}
	s.renderStatus(c, statusOf(err), "registration", pageData{Title: "Registrasi PPKSD", Nav: "registrasi", Message: sepakat.ErrorMessage(err), Data: v})
}

// Verification pages for the office (SOP Registrasi steps 7–9).

func (s *Server) handleVerificationsPage(c *gin.Context) {
	status := sepakat.RegistrationStatus(c.DefaultQuery("status", string(sepakat.RegistrationSubmitted)))
	if c.Query("status") == "semua" {
		status = ""
	}
	regs, err := s.Registrations.FindRegistrations(c.Request.Context(), sepakat.RegistrationFilter{Status: status})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "verifications", pageData{Title: "Verifikasi Data", Nav: "verifikasi", Data: map[string]any{"Registrations": regs, "Status": string(status)}})
}

func (s *Server) handleVerificationPage(c *gin.Context) {
	reg, err := s.findRegistration(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "verification", pageData{Title: "Verifikasi Registrasi", Nav: "verifikasi", Data: reg})
}

func (s *Server) handleVerificationDecide(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	approve := c.PostForm("action") == "approve"
	if !approve && c.PostForm("action") != "return" {
		s.fail(c, sepakat.Errorf(sepakat.EINVALID, "Pilih setujui atau kembalikan."))
		return
	}
	if _, err := s.Registrations.DecideRegistration(c.Request.Context(), id, approve, c.PostForm("reason")); err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINVALID {
			reg, ferr := s.Registrations.FindRegistrationByID(c.Request.Context(), id)
			if ferr == nil {
				s.renderStatus(c, http.StatusBadRequest, "verification", pageData{Title: "Verifikasi Registrasi", Nav: "verifikasi", Message: sepakat.ErrorMessage(err), Data: reg})
				return
			}
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/verifikasi-data?ok=diputuskan")
}

func (s *Server) findRegistration(c *gin.Context) (*sepakat.Registration, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return s.Registrations.FindRegistrationByID(c.Request.Context(), id)
}

// paramID parses a positive integer path parameter; anything else is not found.
func paramID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, sepakat.Errorf(sepakat.ENOTFOUND, "Data yang Anda cari tidak ada.")
	}
	return id, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
