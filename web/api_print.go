package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// pdfType is the content type of the printed PDFs and the lampiran.
const pdfType = "application/pdf"

// publicURL is the address people reach the service at: the configured
// one, else the server's own.
func (s *Server) publicURL() string {
	if s.PublicURL != "" {
		return strings.TrimRight(s.PublicURL, "/")
	}
	return s.URL()
}

// verifyURL is the address of the verification page of a numbered
// document, which the QR code on its printed final opens; "" before the
// document has a number.
func (s *Server) verifyURL(d *sepakat.Document) string {
	if d.Number == "" || d.VerifyCode == "" {
		return ""
	}
	return s.publicURL() + "/verifikasi/" + d.VerifyCode
}

// printJob is what one print needs: the .docx to typeset and the options.
type printJob struct {
	docx sepakat.File
	// data holds a .docx made for this print (a numbered text stamped
	// now), instead of the stored docx.
	data []byte
	opts sepakat.PrintOptions
}

// printJobOf decides how version v of d is printed: a draft (watermarked)
// unless it is the final version; the final of a numbered document is its
// numbered text, with the number, the verification URL for the QR code and
// the hash of the approved .docx in the footer.
func (s *Server) printJobOf(ctx context.Context, d *sepakat.Document, v *sepakat.Version) (printJob, error) {
	if d.Final == 0 || v.Number != d.Final {
		return printJob{docx: v.File, opts: sepakat.PrintOptions{Draft: true}}, nil
	}
	job := printJob{docx: v.File, opts: sepakat.PrintOptions{Hash: v.SHA256}}
	if d.Number == "" {
		return job, nil
	}
	job.opts.Number = d.Number
	job.opts.VerifyURL = s.verifyURL(d)
	if d.NumberedFile != nil {
		job.docx = *d.NumberedFile
		return job, nil
	}
	// Numbered before the text could take the numbers: stamped now.
	data, err := s.stampFinal(ctx, d)
	if err != nil {
		return printJob{}, err
	}
	job.data = data
	return job, nil
}

// printPDF typesets job, followed by the lampiran atts, into memory: nothing
// is sent before the whole PDF is made, so that a refusal is shown as a
// proper error. The PDFs are small (a KB/PKS and its lampiran).
func (s *Server) printPDF(ctx context.Context, job printJob, atts []*sepakat.Attachment) ([]byte, error) {
	if s.Printer == nil {
		return nil, errors.New("print: no printer configured")
	}
	var docx io.ReaderAt
	var size int64
	if job.data != nil {
		docx, size = bytes.NewReader(job.data), int64(len(job.data))
	} else {
		src, done, err := s.openStored(ctx, job.docx)
		if err != nil {
			return nil, err
		}
		defer done()
		docx, size = src.r, src.size
	}
	var appended []sepakat.PrintAttachment
	for _, a := range atts {
		f, n, err := s.openBlob(ctx, a.File.SHA256)
		if err != nil {
			return nil, fmt.Errorf("open lampiran %d: %w", a.ID, err)
		}
		defer f.Close()
		appended = append(appended, sepakat.PrintAttachment{Name: a.Name, R: f, Size: n})
	}
	var buf bytes.Buffer
	if err := s.Printer.PrintDocx(ctx, &buf, docx, size, job.opts, appended); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// pdfFileName names a printed PDF after the cooperation code and the
// document kind: KSD-2026-0007-KB-v2.pdf, …-KB-final.pdf, …-KB-paket.pdf.
func pdfFileName(coop *sepakat.Cooperation, d *sepakat.Document, what string) string {
	code := coop.Code
	if code == "" {
		code = fmt.Sprintf("KSD-%d", coop.ID)
	}
	return fmt.Sprintf("%s-%s-%s.pdf", code, d.Kind, what)
}

// sendPDF sends a whole PDF as a download.
func sendPDF(c *gin.Context, name string, data []byte) {
	attachment(c, name)
	// The same URL prints a draft today and a final tomorrow.
	c.Header("Cache-Control", "private, no-cache")
	c.Data(http.StatusOK, pdfType, data)
}

// handleVersionPDF prints version :n of document :doc for whoever sees the
// document (GET /dokumen/:doc/versi/:n/pdf and
// /api/v1/documents/:doc/versions/:n/pdf).
func (s *Server) handleVersionPDF(c *gin.Context) {
	ctx := c.Request.Context()
	d, coop, v, err := s.docVersion(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	job, err := s.printJobOf(ctx, d, v)
	if err != nil {
		s.fail(c, err)
		return
	}
	data, err := s.printPDF(ctx, job, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	what := fmt.Sprintf("v%d", v.Number)
	if !job.opts.Draft {
		what = "final"
	}
	sendPDF(c, pdfFileName(coop, d, what), data)
}

// handlePackagePDF prints the print package of document :doc: its final
// (as handleVersionPDF prints it) followed by its lampiran in order, with one
// page numbering (GET /dokumen/:doc/paket.pdf and
// /api/v1/documents/:doc/package.pdf). Before the document is final it is
// ECONFLICT.
func (s *Server) handlePackagePDF(c *gin.Context) {
	ctx := c.Request.Context()
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if d.Final == 0 || d.Final > len(d.Versions) {
		s.fail(c, sepakat.Errorf(sepakat.ECONFLICT, "Paket cetak baru tersedia setelah rancangan akhir disetujui (dokumen ini belum final)."))
		return
	}
	atts, err := s.Attachments.FindAttachments(ctx, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	job, err := s.printJobOf(ctx, d, &d.Versions[d.Final-1])
	if err != nil {
		s.fail(c, err)
		return
	}
	data, err := s.printPDF(ctx, job, atts)
	if err != nil {
		s.fail(c, err)
		return
	}
	sendPDF(c, pdfFileName(coop, d, "paket"), data)
}

// attachmentFromParam loads lampiran :att of the document :doc, both
// visible to the caller.
func (s *Server) attachmentFromParam(c *gin.Context) (*sepakat.Document, *sepakat.Attachment, error) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := paramID(c, "att")
	if err != nil {
		return nil, nil, err
	}
	a, err := s.Attachments.FindAttachment(c.Request.Context(), d.ID, id)
	if err != nil {
		return nil, nil, err
	}
	return d, a, nil
}

// uploadAttachment receives a lampiran PDF for d (multipart "file", optional
// "name"), checked with CheckPDF while it streams in; a refused file
// stores nothing.
func (s *Server) uploadAttachment(c *gin.Context, d *sepakat.Document) (*sepakat.Attachment, error) {
	ctx := c.Request.Context()
	if !sepakat.CanManageDocument(sepakat.UserFromContext(ctx)) {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya ARNP atau Kasubbag yang dapat menambah lampiran.")
	}
	if d.Number != "" {
		// Refused before the upload is read; storage checks it again.
		return nil, sepakat.Errorf(sepakat.ECONFLICT, "Dokumen ini sudah bernomor %s; lampiran paket cetaknya tidak dapat diubah lagi. Bila lampiran harus diubah, Kasubbag membatalkan nomornya terlebih dahulu.", d.Number)
	}
	f, fields, err := s.receiveFileFields(c, "file", sepakat.MaxAttachmentSize, s.CheckPDF, "name")
	if err != nil {
		return nil, err
	}
	return s.Attachments.AddAttachment(ctx, d.ID, fields["name"], f)
}

// apiAttachments lists the lampiran of a document in print order.
func (s *Server) apiAttachments(c *gin.Context) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	atts, err := s.Attachments.FindAttachments(c.Request.Context(), d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"attachments": atts})
}

// apiAttachmentUpload adds a lampiran: multipart "file" (PDF, ≤ 50 MB) and
// an optional "name".
func (s *Server) apiAttachmentUpload(c *gin.Context) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.uploadAttachment(c, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, a)
}

// handleAttachmentFile downloads a lampiran (page and API).
func (s *Server) handleAttachmentFile(c *gin.Context) {
	_, a, err := s.attachmentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, size, err := s.openBlob(c.Request.Context(), a.File.SHA256)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	name := a.File.Name
	if !strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name += ".pdf"
	}
	attachment(c, name)
	c.Header("Cache-Control", "private, max-age=3600")
	c.DataFromReader(http.StatusOK, size, pdfType, f, nil)
}

// apiAttachmentDelete removes a lampiran.
func (s *Server) apiAttachmentDelete(c *gin.Context) {
	d, a, err := s.attachmentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Attachments.DeleteAttachment(c.Request.Context(), d.ID, a.ID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiAttachmentMove moves a lampiran a place in the print order:
// {"direction":"up"|"down"} → the new order.
func (s *Server) apiAttachmentMove(c *gin.Context) {
	d, a, err := s.attachmentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Direction string `json:"direction"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if req.Direction != "up" && req.Direction != "down" {
		s.fail(c, sepakat.Errorf(sepakat.EINVALID, `Arah pemindahan lampiran harus "up" atau "down".`))
		return
	}
	atts, err := s.Attachments.MoveAttachment(c.Request.Context(), d.ID, a.ID, req.Direction == "up")
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"attachments": atts})
}
