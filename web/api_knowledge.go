package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// maxTemplateUpload is the size limit of an uploaded template.
const maxTemplateUpload = 20 << 20

// draftTemplate returns the latest uploaded template for a first draft of
// kind and a note naming its version, or nil (the built-in template).
func (s *Server) draftTemplate(ctx context.Context, kind sepakat.DocumentKind) ([]byte, string, error) {
	if s.Templates == nil {
		return nil, "", nil
	}
	v, found, err := s.Templates.LatestTemplate(ctx, sepakat.TemplateKindOf(kind))
	if err != nil || !found {
		return nil, "", err
	}
	rc, _, err := s.openBlob(ctx, v.File.SHA256)
	if err != nil {
		return nil, "", err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxTemplateUpload+1))
	if err != nil {
		return nil, "", fmt.Errorf("read template: %w", err)
	}
	return data, fmt.Sprintf(" (versi unggahan %d)", v.Version), nil
}

// checkTemplate checks an uploaded template before it is stored: a Word
// document whose placeholders are all known.
func (s *Server) checkTemplate(r io.ReadSeeker, size int64) (string, error) {
	ct, err := s.checkDraft(r, size)
	if err != nil {
		return "", err
	}
	ra, ok := r.(io.ReaderAt)
	if !ok {
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return "", err
		}
		data, err := io.ReadAll(r)
		if err != nil {
			return "", err
		}
		ra = bytes.NewReader(data)
	}
	// The kind is checked by the service; the placeholders are the same
	// for both kinds.
	if err := s.Assist.ValidateTemplate(sepakat.TemplateKB, ra, size); err != nil {
		return "", err
	}
	return ct, nil
}

// uploadTemplate receives a template (multipart: file, kind, note) and
// records it as the next version of its kind.
func (s *Server) uploadTemplate(c *gin.Context) (*sepakat.TemplateVersion, error) {
	u := sepakat.UserFromContext(c.Request.Context())
	if u == nil || (u.Role != sepakat.RoleAdmin && u.Role != sepakat.RoleKasubbag) {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya admin atau Kasubbag yang dapat mengunggah templat.")
	}
	f, fields, err := s.receiveFileFields(c, "file", maxTemplateUpload, s.checkTemplate, "kind", "note")
	if err != nil {
		return nil, err
	}
	return s.Templates.AddTemplate(c.Request.Context(), fields["kind"], f, fields["note"])
}

func (s *Server) apiTemplates(c *gin.Context) {
	vs, err := s.Templates.FindTemplates(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	vs = nonNil(vs)
	ok(c, http.StatusOK, gin.H{"builtin": sepakat.TemplateKinds, "templates": vs})
}

func (s *Server) apiTemplateUpload(c *gin.Context) {
	v, err := s.uploadTemplate(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, v)
}

// handleBuiltinTemplate downloads the built-in template of :kind.
func (s *Server) handleBuiltinTemplate(c *gin.Context) {
	kind := c.Param("kind")
	if err := sepakat.ValidateTemplateKind(kind); err != nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Templat bawaan %q tidak ada.", kind))
		return
	}
	data, err := s.Assist.BuiltinTemplate(kind)
	if err != nil {
		s.fail(c, err)
		return
	}
	attachment(c, "templat-"+kind+".docx")
	c.Data(http.StatusOK, docxType, data)
}

// lintElements returns the checker's required elements: the stored list,
// or the defaults (isDefault) when none is stored.
func (s *Server) lintElements(ctx context.Context) (es []sepakat.LintElement, isDefault bool, err error) {
	if es, err = s.LintSettings.ElementsSettings(ctx); err != nil || es != nil {
		return es, false, err
	}
	return s.Assist.DefaultElements(), true, nil
}

func (s *Server) apiElements(c *gin.Context) {
	es, def, err := s.lintElements(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"elements": es, "default": def, "text": sepakat.FormatLintElements(es)})
}

// apiElementsSave stores the required elements, given as a list
// {"elements":[…]} or as text {"text":"nama: kata kunci | pks"}; an empty
// list brings back the defaults.
func (s *Server) apiElementsSave(c *gin.Context) {
	var req struct {
		Elements []sepakat.LintElement `json:"elements"`
		Text     *string               `json:"text"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	es := req.Elements
	if req.Text != nil {
		var err error
		if es, err = sepakat.ParseLintElements(*req.Text); err != nil {
			s.fail(c, err)
			return
		}
	}
	if err := s.LintSettings.SetElementsSettings(c.Request.Context(), es); err != nil {
		s.fail(c, err)
		return
	}
	s.apiElements(c)
}
