package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// applicationView is the three-part application form (Permohonan).
type applicationView struct {
	Coop     *sepakat.Cooperation
	New      bool
	Officers []*sepakat.User
	Me       *sepakat.User
	Partners []sepakat.Partner // the partner rows shown, at least three
	Fields   []sepakat.PreparationField
	Missing  []string
}

const partnerRows = 3

func (s *Server) applicationView(c *gin.Context, coop *sepakat.Cooperation, isNew bool) (applicationView, error) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	officers, err := s.Users.FindUsers(ctx, sepakat.UserFilter{Role: sepakat.RolePPKSD, InstitutionID: u.InstitutionID, VerifiedOnly: true})
	if err != nil {
		return applicationView{}, err
	}
	others := officers[:0:0]
	for _, o := range officers {
		if o.ID != u.ID {
			others = append(others, o)
		}
	}
	v := applicationView{Coop: coop, New: isNew, Officers: others, Me: u, Partners: append([]sepakat.Partner(nil), coop.Partners...)}
	for len(v.Partners) < partnerRows {
		v.Partners = append(v.Partners, sepakat.Partner{})
	}
	v.Fields = coop.Preparation.Fields()
	if !isNew {
		v.Missing = coop.Missing()
	}
	return v, nil
}

func (s *Server) handleApplicationNewPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	coop := &sepakat.Cooperation{Kind: sepakat.KindKSDD, PPKSD1ID: u.ID}
	if inst, err := s.Registrations.FindInstitutionByID(ctx, u.InstitutionID); err == nil {
		coop.Applicant = *inst
	}
	s.showApplication(c, http.StatusOK, coop, true, "")
}

func (s *Server) showApplication(c *gin.Context, status int, coop *sepakat.Cooperation, isNew bool, msg string) {
	v, err := s.applicationView(c, coop, isNew)
	if err != nil {
		s.fail(c, err)
		return
	}
	title := "Permohonan Kerja Sama Baru"
	if !isNew {
		title = "Ubah Permohonan"
	}
	s.renderStatus(c, status, "application", pageData{Title: title, Nav: "kerjasama", Message: msg, Data: v})
}

// applicationFromForm reads the three parts of the form.
func applicationFromForm(c *gin.Context) sepakat.ApplicationInput {
	in := sepakat.ApplicationInput{
		Title: c.PostForm("title"), Affair: c.PostForm("affair"), Kind: sepakat.CooperationKind(c.PostForm("kind")),
		Applicant: sepakat.Institution{
			Name: c.PostForm("app_name"), Kind: sepakat.InstitutionKind(c.PostForm("app_kind")), City: c.PostForm("app_city"),
			Address: c.PostForm("app_address"), Phone: c.PostForm("app_phone"), Email: c.PostForm("app_email"), Website: c.PostForm("app_website"),
		},
	}
	in.PPKSD2ID, _ = strconv.ParseInt(c.PostForm("ppksd2_id"), 10, 64)
	names, kinds, addrs := c.PostFormArray("partner_name"), c.PostFormArray("partner_kind"), c.PostFormArray("partner_address")
	for i := range names {
		if i >= 20 {
			break
		}
		p := sepakat.Partner{Name: names[i]}
		if i < len(kinds) {
			p.Kind = sepakat.InstitutionKind(kinds[i])
		}
		if i < len(addrs) {
			p.Address = addrs[i]
		}
		in.Partners = append(in.Partners, p)
	}
	for _, f := range in.Preparation.Fields() {
		*f.Value = c.PostForm(f.Key)
	}
	return in
}

// formCooperation shows what the user typed again when saving failed.
func formCooperation(base *sepakat.Cooperation, in sepakat.ApplicationInput) *sepakat.Cooperation {
	cp := *base
	cp.Title, cp.Affair, cp.Kind, cp.Applicant = in.Title, in.Affair, in.Kind, in.Applicant
	cp.PPKSD2ID, cp.Partners, cp.Preparation = in.PPKSD2ID, in.Partners, in.Preparation
	return &cp
}

func (s *Server) handleApplicationCreate(c *gin.Context) {
	in := applicationFromForm(c)
	coop, err := s.Cooperations.CreateCooperation(c.Request.Context(), in)
	if err != nil {
		s.applicationError(c, err, formCooperation(&sepakat.Cooperation{}, in), true)
		return
	}
	s.afterApplicationSave(c, coop)
}

func (s *Server) handleApplicationEditPage(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !sepakat.CanEditApplication(sepakat.UserFromContext(c.Request.Context()), coop) {
		s.fail(c, sepakat.Errorf(sepakat.ECONFLICT, "Permohonan ini sudah diajukan dan tidak dapat diubah lagi."))
		return
	}
	s.showApplication(c, http.StatusOK, coop, false, "")
}

func (s *Server) handleApplicationUpdate(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	in := applicationFromForm(c)
	updated, err := s.Cooperations.UpdateCooperation(c.Request.Context(), coop.ID, in)
	if err != nil {
		s.applicationError(c, err, formCooperation(coop, in), false)
		return
	}
	s.afterApplicationSave(c, updated)
}

// afterApplicationSave submits when the user pressed "Ajukan", else goes
// back to the form.
func (s *Server) afterApplicationSave(c *gin.Context, coop *sepakat.Cooperation) {
	id := strconv.FormatInt(coop.ID, 10)
	if c.PostForm("action") != "submit" {
		c.Redirect(http.StatusSeeOther, "/kerjasama/"+id+"/ubah?ok=tersimpan")
		return
	}
	submitted, err := s.Cooperations.SubmitCooperation(c.Request.Context(), coop.ID, c.PostForm("integrity_pact") == "ya")
	if err != nil {
		s.applicationError(c, err, coop, false)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(submitted.ID, 10)+"?ok=diajukan")
}

func (s *Server) handleApplicationSubmit(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.Cooperations.SubmitCooperation(c.Request.Context(), coop.ID, c.PostForm("integrity_pact") == "ya"); err != nil {
		s.applicationError(c, err, coop, false)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"?ok=diajukan")
}

func (s *Server) applicationError(c *gin.Context, err error, coop *sepakat.Cooperation, isNew bool) {
	if code := sepakat.ErrorCode(err); code != sepakat.EINVALID {
		s.fail(c, err)
		return
	}
	s.showApplication(c, http.StatusBadRequest, coop, isNew, sepakat.ErrorMessage(err))
}
