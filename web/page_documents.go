package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// documentView is what the document page shows.
type documentView struct {
	Doc        *sepakat.Document
	Coop       *sepakat.Cooperation
	CanManage  bool
	CanReview  bool
	CanApprove bool
	IsKasubbag bool
	Messages   []*sepakat.Message
	Versions   []sepakat.Version // newest first
	// Attachments are the lampiran in print order; CanChangeAttachments
	// whether the reader may add and delete them now.
	Attachments          []*sepakat.Attachment
	CanChangeAttachments bool
	// ESignReady is true when the office's certificate is configured: the
	// Kasubbag may sign the numbered final electronically.
	ESignReady bool
	// ESignerName is the common name of the office's certificate.
	ESignerName string
}

func (s *Server) handleDocumentPage(c *gin.Context) {
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showDocument(c, http.StatusOK, d, coop, "")
}

func (s *Server) showDocument(c *gin.Context, status int, d *sepakat.Document, coop *sepakat.Cooperation, msg string) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	ms, err := s.Documents.FindMessages(ctx, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := documentView{
		Doc: d, Coop: coop, Messages: ms,
		CanManage:  sepakat.CanManageDocument(u),
		CanReview:  sepakat.CanComment(u, coop, d),
		CanApprove: d.ApprovalOpen && d.Final == 0 && (u.Role == sepakat.RoleKasubbag || d.HasRight(u.ID, sepakat.RightApprove)),
		IsKasubbag: u.Role == sepakat.RoleKasubbag,
		ESignReady: s.ESigner != nil,
	}
	if s.ESigner != nil {
		v.ESignerName = s.ESigner.SignerName()
	}
	for i := len(d.Versions) - 1; i >= 0; i-- {
		v.Versions = append(v.Versions, d.Versions[i])
	}
	if v.Attachments, err = s.Attachments.FindAttachments(ctx, d.ID); err != nil {
		s.fail(c, err)
		return
	}
	v.CanChangeAttachments = v.CanManage && d.Number == "" && !coop.Stage.Final()
	s.renderStatus(c, status, "document", pageData{Title: d.Kind.Label() + " — " + d.Title, Nav: "kerjasama", Message: msg, Data: v})
}

// docAction runs one change on the document of the page and redirects back,
// or shows the page again with the reason it was refused.
func (s *Server) docAction(c *gin.Context, flash string, do func(d *sepakat.Document, coop *sepakat.Cooperation) error) {
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := do(d, coop); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.ETOOLARGE, sepakat.EUNSUPPORTED, sepakat.EFORBIDDEN:
			if fresh, fc, ferr := s.Documents.FindDocumentByID(c.Request.Context(), d.ID); ferr == nil {
				d, coop = fresh, fc
			}
			s.showDocument(c, statusOf(err), d, coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/dokumen/%d?ok=%s", d.ID, flash))
}

func (s *Server) handleDocumentCreate(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	impl, _ := strconv.ParseInt(c.PostForm("implements_id"), 10, 64)
	d, err := s.Documents.CreateDocument(c.Request.Context(), id, sepakat.DocumentKind(c.PostForm("kind")), c.PostForm("title"), impl)
	if err != nil {
		if code := sepakat.ErrorCode(err); code == sepakat.EINVALID || code == sepakat.ECONFLICT {
			coop, ferr := s.Cooperations.FindCooperationByID(c.Request.Context(), id)
			if ferr == nil {
				s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
				return
			}
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/dokumen/%d?ok=dibuat", d.ID))
}

func (s *Server) handleDocumentSession(c *gin.Context) {
	s.docAction(c, "tersimpan", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		_, err := s.Documents.SetSession(c.Request.Context(), d.ID, c.PostForm("action") == "open")
		return err
	})
}

func (s *Server) handleDocumentGrant(c *gin.Context) {
	s.docAction(c, "akses", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		_, err := s.Documents.GrantDocument(c.Request.Context(), d.ID, c.PostForm("login"), sepakat.Right(c.PostForm("right")))
		return err
	})
}

func (s *Server) handleVersionUpload(c *gin.Context) {
	s.docAction(c, "diunggah", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		_, err := s.uploadVersion(c, d)
		return err
	})
}

func (s *Server) handleApprovalOpen(c *gin.Context) {
	s.docAction(c, "tersimpan", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		_, err := s.Documents.OpenApproval(c.Request.Context(), d.ID)
		return err
	})
}

func (s *Server) handleApprove(c *gin.Context) {
	s.docAction(c, "disetujui", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		n, _ := strconv.Atoi(c.PostForm("version"))
		_, err := s.Documents.Approve(c.Request.Context(), d.ID, n)
		return err
	})
}

func (s *Server) handleMessage(c *gin.Context) {
	s.docAction(c, "terkirim-pesan", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		_, err := s.Documents.AddMessage(c.Request.Context(), d.ID, c.PostForm("text"))
		return err
	})
}

// versionView is what the version page shows: the paragraphs with their
// review items, and the consolidated review grouped by Pasal.
type versionView struct {
	Doc        *sepakat.Document
	Coop       *sepakat.Cooperation
	Version    *sepakat.Version
	Paragraphs []paragraphView
	Groups     []pasalGroup
	Uploads    []*sepakat.ReviewUpload
	CanReview  bool
	CanManage  bool
	Count      int
	Statuses   []sepakat.ResponseStatus
}

type paragraphView struct {
	sepakat.DraftParagraph
	Items []*itemView
}

type itemView struct {
	*sepakat.ReviewItem
	Replies []*sepakat.ReviewItem
}

type pasalGroup struct {
	Pasal int
	Items []*itemView
}

func (s *Server) handleVersionPage(c *gin.Context) {
	s.showVersion(c, http.StatusOK, "")
}

func (s *Server) showVersion(c *gin.Context, status int, msg string) {
	ctx := c.Request.Context()
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ps, err := s.paragraphsOf(ctx, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, uploads, err := s.versionReview(ctx, d, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := sepakat.UserFromContext(ctx)
	view := versionView{
		Doc: d, Coop: coop, Version: v, Uploads: uploads, Count: len(items),
		CanReview: sepakat.CanComment(u, coop, d), CanManage: sepakat.CanManageDocument(u),
		Statuses: []sepakat.ResponseStatus{sepakat.ResponseAccepted, sepakat.ResponseRejected, sepakat.ResponsePartial},
	}
	byID := map[int64]*itemView{}
	var top []*itemView
	for _, it := range items {
		if it.ParentID == 0 {
			iv := &itemView{ReviewItem: it}
			byID[it.ID] = iv
			top = append(top, iv)
		}
	}
	for _, it := range items {
		if p := byID[it.ParentID]; it.ParentID != 0 && p != nil {
			p.Replies = append(p.Replies, it)
		}
	}
	view.Paragraphs = make([]paragraphView, len(ps))
	for i, p := range ps {
		view.Paragraphs[i].DraftParagraph = p
	}
	groups := map[int]*pasalGroup{}
	for _, iv := range top {
		if iv.Paragraph >= 0 && iv.Paragraph < len(view.Paragraphs) {
			view.Paragraphs[iv.Paragraph].Items = append(view.Paragraphs[iv.Paragraph].Items, iv)
		}
		g := groups[iv.Pasal]
		if g == nil {
			g = &pasalGroup{Pasal: iv.Pasal}
			groups[iv.Pasal] = g
		}
		g.Items = append(g.Items, iv)
	}
	for _, g := range groups {
		view.Groups = append(view.Groups, *g)
	}
	sort.Slice(view.Groups, func(i, j int) bool { return view.Groups[i].Pasal < view.Groups[j].Pasal })
	title := fmt.Sprintf("%s — versi %d", d.Title, v.Number)
	s.renderStatus(c, status, "version", pageData{Title: title, Nav: "kerjasama", Message: msg, Data: view})
}

// versionAction runs one change on a version's review and redirects back to
// the version page, or shows it again with the reason it was refused.
func (s *Server) versionAction(c *gin.Context, flash string, do func(d *sepakat.Document, coop *sepakat.Cooperation, v *sepakat.Version) error) {
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := do(d, coop, v); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.ETOOLARGE, sepakat.EUNSUPPORTED, sepakat.EFORBIDDEN:
			s.showVersion(c, statusOf(err), sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/dokumen/%d/versi/%d?ok=%s", d.ID, v.Number, flash))
}

func (s *Server) handleCommentCreate(c *gin.Context) {
	s.versionAction(c, "komentar", func(d *sepakat.Document, coop *sepakat.Cooperation, v *sepakat.Version) error {
		var para *int
		if p, err := strconv.Atoi(c.PostForm("paragraph")); err == nil {
			para = &p
		}
		parent, _ := strconv.ParseInt(c.PostForm("parent_id"), 10, 64)
		_, err := s.createComment(c.Request.Context(), d, coop, v, c.PostForm("quote"), para, c.PostForm("text"), parent)
		return err
	})
}

func (s *Server) handleReviewUploadPage(c *gin.Context) {
	s.versionAction(c, "salinan", func(d *sepakat.Document, coop *sepakat.Cooperation, v *sepakat.Version) error {
		_, _, err := s.uploadReview(c, d, coop, v)
		return err
	})
}

func (s *Server) handleReviewRespond(c *gin.Context) {
	s.versionAction(c, "tanggapan", func(_ *sepakat.Document, _ *sepakat.Cooperation, _ *sepakat.Version) error {
		id, err := strconv.ParseInt(c.PostForm("item"), 10, 64)
		if err != nil {
			return sepakat.Errorf(sepakat.EINVALID, "Usulan yang ditanggapi tidak disebutkan.")
		}
		if c.PostForm("action") == "resolve" {
			_, err = s.Documents.ResolveReviewItem(c.Request.Context(), id)
			return err
		}
		_, err = s.Documents.RespondReviewItem(c.Request.Context(), id, sepakat.ResponseStatus(c.PostForm("status")), c.PostForm("note"))
		return err
	})
}

// handleComparePage shows the HTML redline of two versions inside the site.
func (s *Server) handleComparePage(c *gin.Context) {
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	from, _ := strconv.Atoi(c.DefaultQuery("dari", "1"))
	to, _ := strconv.Atoi(c.DefaultQuery("ke", strconv.Itoa(len(d.Versions))))
	if from < 1 || to < 1 || from > len(d.Versions) || to > len(d.Versions) {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Versi yang dibandingkan tidak ada."))
		return
	}
	s.render(c, "compare", pageData{Title: "Perbandingan versi " + strconv.Itoa(from) + " dan " + strconv.Itoa(to), Nav: "kerjasama",
		Data: gin.H{"Doc": d, "Coop": coop, "From": from, "To": to}})
}
