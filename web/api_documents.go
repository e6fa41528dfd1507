package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// docxType is the content type of Word documents.
const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// checkDraft checks an uploaded draft with the Word engine; a file of the
// wrong type is bad input (400) for the documents API.
func (s *Server) checkDraft(r io.ReadSeeker, size int64) (string, error) {
	ct, err := s.Word.CheckDocx(r, size)
	if err != nil && sepakat.ErrorCode(err) == sepakat.EUNSUPPORTED {
		return "", &sepakat.Error{Code: sepakat.EINVALID, Message: sepakat.ErrorMessage(err)}
	}
	return ct, err
}

// stored is a stored file opened for the Word engine.
type stored struct {
	r    io.ReaderAt
	size int64
	name string
}

// openStored opens a blob for random access (blob files are; anything else is
// read into memory).
func (s *Server) openStored(ctx context.Context, f sepakat.File) (stored, func(), error) {
	rc, size, err := s.openBlob(ctx, f.SHA256)
	if err != nil {
		return stored{}, nil, err
	}
	if ra, ok := rc.(io.ReaderAt); ok {
		return stored{ra, size, f.Name}, func() { rc.Close() }, nil
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return stored{}, nil, err
	}
	return stored{bytes.NewReader(data), size, f.Name}, func() {}, nil
}

// docAPI answers a JSON request on the document of :doc: the caller's
// rights on the document are checked first (so that a caller without them
// learns nothing about the body), then the body is bound to a T and do
// runs; its result is the answer, with status.
func docAPI[T any](s *Server, c *gin.Context, status int, do func(ctx context.Context, d *sepakat.Document, req T) (any, error)) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req T
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	out, err := do(c.Request.Context(), d, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, status, out)
}

// documentFromParam loads the document named by :doc, visible to the caller.
func (s *Server) documentFromParam(c *gin.Context) (*sepakat.Document, *sepakat.Cooperation, error) {
	id, err := paramID(c, "doc")
	if err != nil {
		return nil, nil, err
	}
	return s.Documents.FindDocumentByID(c.Request.Context(), id)
}

// docVersion loads the document of :doc, visible to the caller, and its
// version :n.
func (s *Server) docVersion(c *gin.Context) (*sepakat.Document, *sepakat.Cooperation, *sepakat.Version, error) {
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		return nil, nil, nil, err
	}
	v, err := versionFromParam(c, d, "n")
	if err != nil {
		return nil, nil, nil, err
	}
	return d, coop, v, nil
}

// versionFromParam returns the version named by :n of d.
func versionFromParam(c *gin.Context, d *sepakat.Document, name string) (*sepakat.Version, error) {
	n, err := strconv.Atoi(c.Param(name))
	if err != nil || n < 1 || n > len(d.Versions) {
		return nil, sepakat.Errorf(sepakat.ENOTFOUND, "Versi %s tidak ada.", c.Param(name))
	}
	return &d.Versions[n-1], nil
}

// versionFileName names a version's download after the cooperation code,
// the document kind and the version: KSD-2026-0007-PKS-v3.docx.
func versionFileName(coop *sepakat.Cooperation, d *sepakat.Document, n int, suffix string) string {
	code := coop.Code
	if code == "" {
		code = fmt.Sprintf("KSD-%d", coop.ID)
	}
	return fmt.Sprintf("%s-%s-v%d%s.docx", code, d.Kind, n, suffix)
}

func attachment(c *gin.Context, name string) {
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
}

func (s *Server) apiDocumentCreate(c *gin.Context) {
	id, err := paramID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Kind         sepakat.DocumentKind `json:"kind"`
		Title        string               `json:"title"`
		ImplementsID int64                `json:"implements_id"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Documents.CreateDocument(c.Request.Context(), id, req.Kind, req.Title, req.ImplementsID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, d)
}

func (s *Server) apiDocuments(c *gin.Context) {
	apiListOf(s, c, "id", "documents", s.Documents.FindDocuments)
}

func (s *Server) apiDocument(c *gin.Context) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, d)
}

func (s *Server) apiDocumentSession(c *gin.Context) {
	docAPI(s, c, http.StatusOK, func(ctx context.Context, d *sepakat.Document, req struct {
		Action string `json:"action"`
	}) (any, error) {
		if req.Action != "open" && req.Action != "close" {
			return nil, sepakat.Errorf(sepakat.EINVALID, `Tindakan sesi harus "open" atau "close".`)
		}
		return s.Documents.SetSession(ctx, d.ID, req.Action == "open")
	})
}

func (s *Server) apiDocumentGrant(c *gin.Context) {
	docAPI(s, c, http.StatusOK, func(ctx context.Context, d *sepakat.Document, req struct {
		Login string        `json:"login"`
		Right sepakat.Right `json:"right"`
	}) (any, error) {
		return s.Documents.GrantDocument(ctx, d.ID, req.Login, req.Right)
	})
}

// apiVersionUpload receives a new version (multipart "file", optional
// "note"). The file is checked before anything is recorded: a refused
// upload leaves the document as it was.
func (s *Server) apiVersionUpload(c *gin.Context) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.uploadVersion(c, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, gin.H{"number": v.Number, "sha256": v.SHA256, "version": v})
}

// uploadVersion receives a new version of d from the request (multipart
// "file", optional "note") and records it with the review carried forward.
func (s *Server) uploadVersion(c *gin.Context, d *sepakat.Document) (*sepakat.Version, error) {
	ctx := c.Request.Context()
	if !sepakat.CanManageDocument(sepakat.UserFromContext(ctx)) {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya ARNP atau Kasubbag yang dapat mengunggah versi rancangan.")
	}
	f, fields, err := s.receiveFileFields(c, "file", sepakat.MaxDraftSize, s.checkDraft, "note")
	if err != nil {
		return nil, err
	}
	return s.recordVersion(ctx, d, f, fields["note"])
}

// storeDraft stores a .docx the service made (renumbered, first draft) as a
// file of the caller.
func (s *Server) storeDraft(ctx context.Context, data []byte, name string) (sepakat.File, error) {
	sha, size, ct, err := s.Blobs.Put(ctx, bytes.NewReader(data), sepakat.MaxDraftSize, s.checkDraft)
	if err != nil {
		return sepakat.File{}, err
	}
	return sepakat.File{SHA256: sha, Size: size, Name: name, ContentType: ct,
		UploadedBy: sepakat.UserIDFromContext(ctx), UploadedAt: time.Now().UTC()}, nil
}

// recordVersion records stored file f as the next version of d, with the
// review of the previous version carried forward.
func (s *Server) recordVersion(ctx context.Context, d *sepakat.Document, f sepakat.File, note string) (*sepakat.Version, error) {
	var carry sepakat.CarryForward
	if prev := d.Latest(); prev != nil {
		old, closeOld, err := s.openStored(ctx, prev.File)
		if err != nil {
			return nil, err
		}
		defer closeOld()
		cur, closeCur, err := s.openStored(ctx, f)
		if err != nil {
			return nil, err
		}
		defer closeCur()
		if carry, err = s.Word.Carry(old.r, cur.r, old.size, cur.size); err != nil {
			return nil, err
		}
	}
	return s.Documents.AddVersion(ctx, d.ID, f, note, carry)
}

func (s *Server) apiVersions(c *gin.Context) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"versions": d.Versions})
}

func (s *Server) apiVersionFile(c *gin.Context) {
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, size, err := s.openBlob(c.Request.Context(), v.File.SHA256)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	attachment(c, versionFileName(coop, d, v.Number, ""))
	c.Header("Cache-Control", "private, max-age=3600")
	c.DataFromReader(http.StatusOK, size, docxType, f, nil)
}

// apiDiff compares two versions: ?from=N&to=M&format=json|html|docx.
func (s *Server) apiDiff(c *gin.Context) {
	ctx := c.Request.Context()
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	from, err1 := strconv.Atoi(c.Query("from"))
	to, err2 := strconv.Atoi(c.Query("to"))
	if err1 != nil || err2 != nil || from < 1 || to < 1 || from > len(d.Versions) || to > len(d.Versions) {
		s.fail(c, sepakat.Errorf(sepakat.EINVALID, "Sebutkan dua versi yang ada: from dan to antara 1 dan %d.", len(d.Versions)))
		return
	}
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "html" && format != "docx" && format != "pdf" {
		s.fail(c, sepakat.Errorf(sepakat.EINVALID, "Format harus json, html, docx, atau pdf."))
		return
	}
	a, closeA, err := s.openStored(ctx, d.Versions[from-1].File)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer closeA()
	b, closeB, err := s.openStored(ctx, d.Versions[to-1].File)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer closeB()
	var buf bytes.Buffer
	oldName := fmt.Sprintf("%s versi %d", d.Kind, from)
	newName := fmt.Sprintf("%s versi %d", d.Kind, to)
	if format == "pdf" {
		if s.Printer == nil {
			s.fail(c, errors.New("diff: no printer configured"))
			return
		}
		err = s.Printer.PrintRedline(ctx, &buf, a.r, b.r, a.size, b.size, oldName, newName)
	} else {
		err = s.Word.Diff(a.r, b.r, a.size, b.size, oldName, newName, format, &buf)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	switch format {
	case "json":
		c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
	case "html":
		// Self-contained page: its own styles, no scripts; the compare page
		// of the site frames it.
		c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'")
		c.Header("X-Frame-Options", "SAMEORIGIN")
		c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
	case "docx":
		attachment(c, versionFileName(coop, d, to, fmt.Sprintf("-banding-v%d", from)))
		c.Data(http.StatusOK, docxType, buf.Bytes())
	case "pdf":
		sendPDF(c, pdfFileName(coop, d, fmt.Sprintf("banding-v%d-v%d", from, to)), buf.Bytes())
	}
}

// paragraphsOf returns the paragraphs of a version. Versions never change,
// so the paragraphs of the last few are kept by their SHA-256.
func (s *Server) paragraphsOf(ctx context.Context, v *sepakat.Version) ([]sepakat.DraftParagraph, error) {
	if ps, ok := s.paragraphs.get(v.SHA256); ok {
		return ps, nil
	}
	f, done, err := s.openStored(ctx, v.File)
	if err != nil {
		return nil, err
	}
	defer done()
	ps, err := s.Word.Paragraphs(f.r, f.size)
	if err != nil {
		return nil, err
	}
	s.paragraphs.put(v.SHA256, ps)
	return ps, nil
}

// paragraphCache keeps the paragraphs of recently shown versions.
type paragraphCache struct {
	mu    sync.Mutex
	items map[string][]sepakat.DraftParagraph
	order []string
}

const paragraphCacheSize = 16

func (c *paragraphCache) get(sha string) ([]sepakat.DraftParagraph, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ps, ok := c.items[sha]
	return ps, ok
}

func (c *paragraphCache) put(sha string, ps []sepakat.DraftParagraph) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.items == nil {
		c.items = make(map[string][]sepakat.DraftParagraph)
	}
	if _, ok := c.items[sha]; ok {
		return
	}
	if len(c.order) >= paragraphCacheSize {
		delete(c.items, c.order[0])
		c.order = c.order[1:]
	}
	c.items[sha] = ps
	c.order = append(c.order, sha)
}

func (s *Server) apiReviewItems(c *gin.Context) {
	d, _, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, err := s.Documents.FindReviewItems(c.Request.Context(), d.ID, v.Number)
	if err != nil {
		s.fail(c, err)
		return
	}
	items = nonNil(items)
	ok(c, http.StatusOK, gin.H{"comments": items})
}

// apiReviewItemCreate adds a comment written in the page: {"quote",
// "paragraph","text"} (and "parent_id" for a reply). The quote must stand
// in that paragraph of the version.
func (s *Server) apiReviewItemCreate(c *gin.Context) {
	ctx := c.Request.Context()
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Quote     string `json:"quote"`
		Paragraph *int   `json:"paragraph"`
		Text      string `json:"text"`
		ParentID  int64  `json:"parent_id"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	item, err := s.createComment(ctx, d, coop, v, req.Quote, req.Paragraph, req.Text, req.ParentID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, item)
}

// createComment adds a comment written in the page on paragraph of version
// v; the quote must stand in that paragraph. A reply names its parent.
func (s *Server) createComment(ctx context.Context, d *sepakat.Document, coop *sepakat.Cooperation, v *sepakat.Version, quote string, paragraph *int, text string, parent int64) (*sepakat.ReviewItem, error) {
	if !sepakat.CanComment(sepakat.UserFromContext(ctx), coop, d) {
		if d.Session != sepakat.SessionOpen {
			return nil, sepakat.Errorf(sepakat.ECONFLICT, "Sesi pembahasan tidak dibuka; komentar tidak dapat ditambahkan.")
		}
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak diberi hak memberi komentar pada dokumen ini.")
	}
	in := sepakat.ReviewInput{Kind: sepakat.ReviewComment, Quote: strings.TrimSpace(quote), Text: strings.TrimSpace(text), ParentID: parent}
	if parent == 0 {
		if paragraph == nil {
			return nil, sepakat.Errorf(sepakat.EINVALID, "Sebutkan paragraf yang dikomentari (paragraph).")
		}
		ps, err := s.paragraphsOf(ctx, v)
		if err != nil {
			return nil, err
		}
		i := *paragraph
		if i < 0 || i >= len(ps) {
			return nil, sepakat.Errorf(sepakat.EINVALID, "Paragraf %d tidak ada dalam versi %d (ada %d paragraf).", i, v.Number, len(ps))
		}
		if in.Quote != "" && !strings.Contains(normalizeSpaces(ps[i].Text), normalizeSpaces(in.Quote)) {
			return nil, sepakat.Errorf(sepakat.EINVALID, "Teks yang dikutip tidak terdapat dalam paragraf %d. Pilih teks dari paragraf itu.", i)
		}
		in.Paragraph, in.Pasal, in.Ayat = i, ps[i].Pasal, ps[i].Ayat
	}
	return s.Documents.AddReviewItem(ctx, d.ID, v.Number, in)
}

func normalizeSpaces(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// apiReviewUpload receives a reviewer's marked-up Word copy of version n and
// records the comments and edits extracted from it.
func (s *Server) apiReviewUpload(c *gin.Context) {
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	up, items, err := s.uploadReview(c, d, coop, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	comments, changes := []*sepakat.ReviewItem{}, []*sepakat.ReviewItem{}
	for _, it := range items {
		if it.Kind == sepakat.ReviewComment {
			comments = append(comments, it)
		} else {
			changes = append(changes, it)
		}
	}
	ok(c, http.StatusCreated, gin.H{"upload": up, "comments": comments, "changes": changes})
}

// uploadReview receives a reviewer's marked-up copy of version v and
// records what the Word engine extracts from it.
func (s *Server) uploadReview(c *gin.Context, d *sepakat.Document, coop *sepakat.Cooperation, v *sepakat.Version) (*sepakat.ReviewUpload, []*sepakat.ReviewItem, error) {
	ctx := c.Request.Context()
	u := sepakat.UserFromContext(ctx)
	if !sepakat.CanComment(u, coop, d) {
		if d.Session != sepakat.SessionOpen {
			return nil, nil, sepakat.Errorf(sepakat.ECONFLICT, "Sesi pembahasan tidak dibuka; salinan tidak dapat diunggah.")
		}
		return nil, nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Anda tidak diberi hak memberi komentar pada dokumen ini.")
	}
	f, _, err := s.receiveFileFields(c, "file", sepakat.MaxDraftSize, s.checkDraft)
	if err != nil {
		return nil, nil, err
	}
	base, closeBase, err := s.openStored(ctx, v.File)
	if err != nil {
		return nil, nil, err
	}
	defer closeBase()
	cp, closeCopy, err := s.openStored(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	defer closeCopy()
	ex, err := s.Word.Extract(base.r, cp.r, base.size, cp.size, u.Name)
	if err != nil {
		return nil, nil, err
	}
	return s.Documents.AddReviewUpload(ctx, d.ID, v.Number, f, ex.Items)
}

// versionReview loads the review items and the reviewers' uploaded copies
// of version v of d.
func (s *Server) versionReview(ctx context.Context, d *sepakat.Document, v *sepakat.Version) ([]*sepakat.ReviewItem, []*sepakat.ReviewUpload, error) {
	items, err := s.Documents.FindReviewItems(ctx, d.ID, v.Number)
	if err != nil {
		return nil, nil, err
	}
	uploads, err := s.Documents.FindReviewUploads(ctx, d.ID, v.Number)
	return items, uploads, err
}

// apiCombined downloads version n with every reviewer's uploaded copy merged
// in and the page comments added.
func (s *Server) apiCombined(c *gin.Context) {
	ctx := c.Request.Context()
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, uploads, err := s.versionReview(ctx, d, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	base, closeBase, err := s.openStored(ctx, v.File)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer closeBase()
	var copies []sepakat.CopySource
	for _, up := range uploads {
		f, done, err := s.openStored(ctx, up.File)
		if err != nil {
			s.fail(c, err)
			return
		}
		defer done()
		copies = append(copies, sepakat.CopySource{R: f.r, Size: f.size, Author: up.Uploader})
	}
	var page []*sepakat.ReviewItem
	for _, it := range items {
		if it.UploadID == 0 && it.Kind == sepakat.ReviewComment {
			page = append(page, it)
		}
	}
	var buf bytes.Buffer
	if err := s.Word.Combine(base.r, base.size, copies, page, &buf); err != nil {
		s.fail(c, err)
		return
	}
	attachment(c, versionFileName(coop, d, v.Number, "-gabungan"))
	c.Data(http.StatusOK, docxType, buf.Bytes())
}

// apiResponseMatrix downloads the matriks tanggapan of version n.
func (s *Server) apiResponseMatrix(c *gin.Context) {
	ctx := c.Request.Context()
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	items, err := s.Documents.FindReviewItems(ctx, d.ID, v.Number)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	title := fmt.Sprintf("%s %s — %s, versi %d", d.Kind.Label(), coop.Code, d.Title, v.Number)
	if err := s.Word.ResponseMatrix(title, items, &buf); err != nil {
		s.fail(c, err)
		return
	}
	attachment(c, versionFileName(coop, d, v.Number, "-matriks-tanggapan"))
	c.Data(http.StatusOK, docxType, buf.Bytes())
}

func (s *Server) apiReviewRespond(c *gin.Context) {
	id, err := paramID(c, "item")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Status sepakat.ResponseStatus `json:"status"`
		Note   string                 `json:"note"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	it, err := s.Documents.RespondReviewItem(c.Request.Context(), id, req.Status, req.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, it)
}

func (s *Server) apiReviewResolve(c *gin.Context) {
	id, err := paramID(c, "item")
	if err != nil {
		s.fail(c, err)
		return
	}
	it, err := s.Documents.ResolveReviewItem(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, it)
}

// apiApproval opens Persetujuan Rancangan Akhir: {"action":"open"}.
func (s *Server) apiApproval(c *gin.Context) {
	docAPI(s, c, http.StatusOK, func(ctx context.Context, d *sepakat.Document, req struct {
		Action string `json:"action"`
	}) (any, error) {
		if req.Action != "open" {
			return nil, sepakat.Errorf(sepakat.EINVALID, `Tindakan persetujuan harus "open".`)
		}
		return s.Documents.OpenApproval(ctx, d.ID)
	})
}

// apiApprove approves a version: {"version": N}.
func (s *Server) apiApprove(c *gin.Context) {
	docAPI(s, c, http.StatusOK, func(ctx context.Context, d *sepakat.Document, req struct {
		Version int `json:"version"`
	}) (any, error) {
		return s.Documents.Approve(ctx, d.ID, req.Version)
	})
}

func (s *Server) apiMessages(c *gin.Context) {
	apiListOf(s, c, "doc", "messages", s.Documents.FindMessages)
}

func (s *Server) apiMessageCreate(c *gin.Context) {
	docAPI(s, c, http.StatusCreated, func(ctx context.Context, d *sepakat.Document, req struct {
		Text string `json:"text"`
	}) (any, error) {
		return s.Documents.AddMessage(ctx, d.ID, req.Text)
	})
}

// receiveFileFields is receiveFile that also keeps the small text fields
// named in fields (up to 64 KB each), before or after the file part.
func (s *Server) receiveFileFields(c *gin.Context, field string, max int64, check sepakat.ContentCheck, fields ...string) (sepakat.File, map[string]string, error) {
	ct := c.GetHeader("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "multipart/form-data" {
		return sepakat.File{}, nil, sepakat.Errorf(sepakat.EINVALID, "Kirim berkas sebagai multipart/form-data dengan kolom %q.", field)
	}
	if c.Request.ContentLength > max+multipartSlack {
		return sepakat.File{}, nil, sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar: paling besar %d MB.", max>>20)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max+multipartSlack)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return sepakat.File{}, nil, sepakat.Errorf(sepakat.EINVALID, "Unggahan tidak dapat dibaca. Pilih berkas lalu kirim ulang.")
	}
	values := make(map[string]string)
	var file *sepakat.File
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sepakat.File{}, nil, uploadReadError(err, max)
		}
		name := part.FormName()
		switch {
		case name == field && part.FileName() != "" && file == nil:
			sha, size, ctype, err := s.Blobs.Put(c.Request.Context(), part, max, check)
			part.Close()
			if err != nil {
				return sepakat.File{}, nil, uploadReadError(err, max)
			}
			if size == 0 {
				return sepakat.File{}, nil, sepakat.Errorf(sepakat.EINVALID, "Berkas kosong. Pilih berkas yang benar lalu kirim ulang.")
			}
			file = &sepakat.File{
				SHA256: sha, Size: size, Name: cleanFileName(part.FileName()), ContentType: ctype,
				UploadedBy: sepakat.UserIDFromContext(c.Request.Context()), UploadedAt: time.Now().UTC(),
			}
		case containsString(fields, name):
			b, _ := io.ReadAll(io.LimitReader(part, 64<<10))
			values[name] = strings.TrimSpace(string(b))
			part.Close()
		default:
			_, _ = io.Copy(io.Discard, io.LimitReader(part, 64<<10))
			part.Close()
		}
	}
	if file == nil {
		return sepakat.File{}, nil, sepakat.Errorf(sepakat.EINVALID, "Tidak ada berkas dalam unggahan (kolom %q). Pilih berkas lalu kirim ulang.", field)
	}
	return *file, values, nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
