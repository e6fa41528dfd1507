package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// errNoESigner is the answer when the office has no certificate configured.
func errNoESigner() error {
	return sepakat.Errorf(sepakat.ECONFLICT, "Tanda tangan elektronik belum tersedia: sertifikat kantor (berkas .p12) belum dipasang pada server. Hubungi admin untuk menjalankan Sepakat dengan --sign-p12.")
}

// esignDocument prints the final of numbered document d with its lampiran
// (as the print package), signs it with the office's certificate as the
// very last step, stores the signed PDF, and records it on the document,
// in the PDF registry and in the audit log (Kasubbag only).
func (s *Server) esignDocument(ctx context.Context, d *sepakat.Document) (*sepakat.Document, error) {
	u := sepakat.UserFromContext(ctx)
	if u == nil || u.Role != sepakat.RoleKasubbag {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya Kasubbag yang dapat menandatangani dokumen secara elektronik.")
	}
	if s.ESigner == nil || s.ESigned == nil {
		return nil, errNoESigner()
	}
	if d.Final == 0 || d.Final > len(d.Versions) || d.Number == "" {
		return nil, sepakat.Errorf(sepakat.ECONFLICT, "Hanya dokumen final yang sudah bernomor yang dapat ditandatangani secara elektronik.")
	}
	atts, err := s.Attachments.FindAttachments(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	job, err := s.printJobOf(ctx, d, &d.Versions[d.Final-1])
	if err != nil {
		return nil, err
	}
	printed, err := s.printPDF(ctx, job, atts)
	if err != nil {
		return nil, err
	}
	// Signing is the last step: nothing stamps or merges after it.
	var signed bytes.Buffer
	if err := s.ESigner.SignPDF(ctx, &signed, printed); err != nil {
		return nil, fmt.Errorf("esign document %d: %w", d.ID, err)
	}
	sha, size, ct, err := s.Blobs.Put(ctx, bytes.NewReader(signed.Bytes()), int64(signed.Len())+1, nil)
	if err != nil {
		return nil, err
	}
	_ = ct // the blob store names no type without a check; it is a PDF
	f := sepakat.File{
		SHA256: sha, Size: size, Name: strings.NewReplacer("/", "-", " ", "-").Replace(d.Number) + "-ttd-elektronik.pdf",
		ContentType: pdfType, UploadedBy: u.ID, UploadedAt: time.Now().UTC(),
	}
	return s.ESigned.SetSignedFile(ctx, d.ID, f)
}

// apiESign signs the final of a numbered document electronically
// (POST /api/v1/documents/:doc/esign) → the document, with signed_file.
func (s *Server) apiESign(c *gin.Context) {
	d, _, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err = s.esignDocument(c.Request.Context(), d)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, d)
}

// handleESign signs from the document page ("Tandatangani secara
// elektronik").
func (s *Server) handleESign(c *gin.Context) {
	s.docAction(c, "ttd-elektronik", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		_, err := s.esignDocument(c.Request.Context(), d)
		return err
	})
}

// handleSignedPDF downloads the electronically signed PDF of a document
// (GET /dokumen/:doc/ttd-elektronik.pdf and /api/v1/documents/:doc/signed.pdf),
// 404 before it is signed.
func (s *Server) handleSignedPDF(c *gin.Context) {
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if d.SignedFile == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Dokumen ini belum ditandatangani secara elektronik."))
		return
	}
	f, size, err := s.openBlob(c.Request.Context(), d.SignedFile.SHA256)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	attachment(c, pdfFileName(coop, d, "ttd-elektronik"))
	c.Header("Cache-Control", "private, no-cache")
	c.DataFromReader(http.StatusOK, size, pdfType, f, nil)
}

// handleControlRegistered answers the CLI's `verify --data` while the server
// holds the database: the registry record of a SHA-256, or 404.
func (s *Server) handleControlRegistered(c *gin.Context) {
	if s.Registry == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "registry not available"))
		return
	}
	r, err := s.Registry.FindRegisteredPDF(sepakat.SystemContext(c.Request.Context()), c.Param("sha"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// verifyPage is what the public verification page shows.
type verifyPage struct {
	Code string
	Doc  *sepakat.PublicDocument
	// DateText is the document's date in Indonesian ("23 November 2026").
	DateText string
	// Checked is set after an upload: the file's name, its signatures and
	// its registry record (nil when not registered).
	Checked    bool
	FileName   string
	Report     *sepakat.PDFVerification
	Registered *sepakat.RegisteredPDF
	// SameDocument is true when the registered file belongs to this very
	// document.
	SameDocument bool
}

// handleVerifyPage shows the public verification page of a numbered
// document (GET /verifikasi/:code, no login).
func (s *Server) handleVerifyPage(c *gin.Context) {
	v, err := s.verifyPageOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "verify", pageData{Title: "Verifikasi Dokumen", Data: v})
}

func (s *Server) verifyPageOf(c *gin.Context) (*verifyPage, error) {
	if s.PublicDocs == nil {
		return nil, sepakat.Errorf(sepakat.ENOTFOUND, "Halaman verifikasi tidak tersedia.")
	}
	doc, err := s.PublicDocs.FindPublicDocument(c.Request.Context(), c.Param("code"))
	if err != nil {
		return nil, err
	}
	v := &verifyPage{Code: c.Param("code"), Doc: doc, DateText: "—"}
	if !doc.Date.IsZero() {
		t := doc.Date.In(jakarta)
		v.DateText = fmt.Sprintf("%d %s %d", t.Day(), monthNames[t.Month()-1], t.Year())
	}
	return v, nil
}

// handleVerifyUpload checks an uploaded PDF on the public verification page
// (POST /verifikasi/:code, multipart "file", ≤ 100 MB): its signatures and
// whether it is registered. The file is streamed to a temporary file,
// checked and removed; nothing is stored. Rate-limited per address.
func (s *Server) handleVerifyUpload(c *gin.Context) {
	v, err := s.verifyPageOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	show := func(err error) {
		st := http.StatusOK
		msg := ""
		if err != nil {
			st, msg = statusOf(err), sepakat.ErrorMessage(err)
			if sepakat.ErrorCode(err) == sepakat.EINTERNAL {
				s.Logger.Error("verify upload", "err", err)
			}
		}
		s.renderStatus(c, st, "verify", pageData{Title: "Verifikasi Dokumen", Message: msg, Data: v})
	}
	ip := clientIP(c.Request)
	if wait := s.verifyLimiter.blocked("verify:"+ip, ip); wait > 0 {
		show(sepakat.Errorf(sepakat.ETOOMANY, "Terlalu banyak pemeriksaan dari alamat Anda. Coba lagi dalam %d menit.", int(wait.Minutes())+1))
		return
	}
	s.verifyLimiter.fail("verify:"+ip, ip)
	name, rep, err := s.checkUploadedPDF(c)
	if err != nil {
		show(err)
		return
	}
	v.Checked, v.FileName, v.Report = true, name, rep
	if s.Registry != nil {
		r, err := s.Registry.FindRegisteredPDF(c.Request.Context(), rep.SHA256)
		if err != nil && sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
			show(err)
			return
		}
		v.Registered = r
		v.SameDocument = r != nil && r.Number == v.Doc.Number && r.Title == v.Doc.Title
	}
	show(nil)
}

// checkUploadedPDF streams the "file" part of a multipart request into a
// temporary file (at most sepakat.MaxVerifyUpload bytes), validates it as a
// PDF and reports its signatures. The temporary file is removed.
func (s *Server) checkUploadedPDF(c *gin.Context) (string, *sepakat.PDFVerification, error) {
	const max = sepakat.MaxVerifyUpload
	if mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type")); err != nil || mt != "multipart/form-data" {
		return "", nil, sepakat.Errorf(sepakat.EINVALID, "Pilih berkas PDF yang akan diperiksa lalu kirim.")
	}
	if c.Request.ContentLength > max+multipartSlack {
		return "", nil, sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar: paling besar %d MB.", max>>20)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max+multipartSlack)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return "", nil, sepakat.Errorf(sepakat.EINVALID, "Unggahan tidak dapat dibaca. Pilih berkas lalu kirim ulang.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, sepakat.Errorf(sepakat.EINVALID, "Tidak ada berkas dalam unggahan. Pilih berkas PDF lalu kirim ulang.")
		}
		if err != nil {
			return "", nil, uploadReadError(err, max)
		}
		if part.FormName() != "file" || part.FileName() == "" {
			_, _ = io.Copy(io.Discard, io.LimitReader(part, 64<<10))
			part.Close()
			continue
		}
		defer part.Close()
		tmp, err := os.CreateTemp("", "sepakat-verify-*.pdf")
		if err != nil {
			return "", nil, err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		n, err := io.Copy(tmp, io.LimitReader(part, max+1))
		if err != nil {
			return "", nil, uploadReadError(err, max)
		}
		if n > max {
			return "", nil, sepakat.Errorf(sepakat.ETOOLARGE, "Berkas terlalu besar: paling besar %d MB.", max>>20)
		}
		if n == 0 {
			return "", nil, sepakat.Errorf(sepakat.EINVALID, "Berkas kosong. Pilih berkas PDF yang benar lalu kirim ulang.")
		}
		if s.CheckPDF != nil {
			if _, err := tmp.Seek(0, io.SeekStart); err != nil {
				return "", nil, err
			}
			if _, err := s.CheckPDF(tmp, n); err != nil {
				return "", nil, err
			}
		}
		if s.VerifyPDF == nil {
			return "", nil, errors.New("verify upload: no PDF verifier configured")
		}
		rep, err := s.VerifyPDF(tmp, n)
		if err != nil {
			return "", nil, err
		}
		return cleanFileName(part.FileName()), rep, nil
	}
}
