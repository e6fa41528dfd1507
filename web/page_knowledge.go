package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// templateLabels name the kinds of template on the page.
var templateLabels = map[string]string{
	sepakat.TemplateKB:  "Kesepakatan Bersama (KB) dan Nota Kesepakatan",
	sepakat.TemplatePKS: "Perjanjian Kerja Sama (PKS)",
}

func (s *Server) handleKnowledgePage(c *gin.Context) {
	s.showKnowledge(c, http.StatusOK, "")
}

// showKnowledge renders the Pengetahuan Kerja Sama page: the built-in
// templates, every uploaded version, and the upload form for the admin and
// Kasubbag.
func (s *Server) showKnowledge(c *gin.Context, status int, msg string) {
	ctx := c.Request.Context()
	vs, err := s.Templates.FindTemplates(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := sepakat.UserFromContext(ctx)
	canEdit := u.Role == sepakat.RoleAdmin || u.Role == sepakat.RoleKasubbag
	elements := ""
	isDefault := false
	showElements := u.Role.IsOffice() || u.Role == sepakat.RoleAdmin
	if showElements {
		es, def, err := s.lintElements(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		elements, isDefault = sepakat.FormatLintElements(es), def
		if text := c.PostForm("elements"); status != http.StatusOK && text != "" {
			elements = text // keep what was typed when it is refused
		}
	}
	type builtin struct{ Kind, Label string }
	var bs []builtin
	for _, k := range sepakat.TemplateKinds {
		bs = append(bs, builtin{k, templateLabels[k]})
	}
	s.renderStatus(c, status, "knowledge", pageData{Title: "Pengetahuan Kerja Sama", Nav: "pengetahuan", Message: msg,
		Data: gin.H{"Builtin": bs, "Placeholders": s.Assist.TemplatePlaceholders(), "Versions": vs, "Labels": templateLabels, "CanEdit": canEdit,
			"ShowElements": showElements, "Elements": elements, "ElementsDefault": isDefault}})
}

// knowledgeAction runs one change and shows the page again, with the
// message of a refused change.
func (s *Server) knowledgeAction(c *gin.Context, flash string, do func() error) {
	if err := do(); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EFORBIDDEN, sepakat.ETOOLARGE:
			s.showKnowledge(c, statusOf(err), sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/pengetahuan?ok="+flash)
}

func (s *Server) handleTemplateUpload(c *gin.Context) {
	s.knowledgeAction(c, "diunggah", func() error {
		_, err := s.uploadTemplate(c)
		return err
	})
}

func (s *Server) handleElementsSave(c *gin.Context) {
	s.knowledgeAction(c, "tersimpan", func() error {
		es, err := sepakat.ParseLintElements(c.PostForm("elements"))
		if err != nil {
			return err
		}
		return s.LintSettings.SetElementsSettings(c.Request.Context(), es)
	})
}
