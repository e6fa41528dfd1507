package web

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// signedRecord is the answer of the signed-scan API: the record and what
// is still missing before the signing can be completed.
type signedRecord struct {
	*sepakat.SignedScan
	Submitted bool     `json:"submitted"`
	Missing   []string `json:"missing"`
}

func signedAnswer(s *sepakat.SignedScan) signedRecord {
	m := s.Missing()
	m = nonNil(m)
	return signedRecord{SignedScan: s, Submitted: s.Submitted(), Missing: m}
}

// signedCooperation loads the cooperation of :id, visible to the caller,
// and its signing record.
func (s *Server) signedCooperation(c *gin.Context) (*sepakat.Cooperation, *sepakat.SignedScan, error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, nil, err
	}
	rec, err := s.Signed.FindSignedScan(c.Request.Context(), coop.ID)
	if err != nil {
		return nil, nil, err
	}
	return coop, rec, nil
}

// recordableCooperation loads the cooperation of :id and checks that the
// caller may change its signing record now, before an upload is read.
func (s *Server) recordableCooperation(c *gin.Context) (*sepakat.Cooperation, error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, err
	}
	if err := sepakat.CheckRecordSigned(sepakat.UserFromContext(c.Request.Context()), coop); err != nil {
		return nil, err
	}
	return coop, nil
}

// uploadSignedScan receives the scan of the signed agreement (multipart
// "file", PDF up to 100 MB), streamed into the blob store and checked with
// CheckPDF before it becomes visible; a refused file stores nothing.
func (s *Server) uploadSignedScan(c *gin.Context, coop *sepakat.Cooperation) (*sepakat.SignedScan, error) {
	f, err := s.receiveFile(c, "file", sepakat.MaxSignedScanSize, s.CheckPDF)
	if err != nil {
		return nil, err
	}
	return s.Signed.SetSignedScan(c.Request.Context(), coop.ID, f)
}

// uploadSigningPhoto receives one photo of the signing (multipart "file",
// JPEG or PNG up to 10 MB, checked by content).
func (s *Server) uploadSigningPhoto(c *gin.Context, coop *sepakat.Cooperation) (*sepakat.SigningPhoto, error) {
	f, err := s.receiveFile(c, "file", sepakat.MaxSigningPhotoSize, checkImage)
	if err != nil {
		return nil, err
	}
	return s.Signed.AddSigningPhoto(c.Request.Context(), coop.ID, f)
}

// photoNumber parses :n, the number of a photo.
func photoNumber(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 {
		return 0, sepakat.Errorf(sepakat.ENOTFOUND, "Foto penandatanganan tidak ditemukan.")
	}
	return n, nil
}

// apiSigned answers GET /api/v1/cooperations/:id/signed.
func (s *Server) apiSigned(c *gin.Context) {
	_, rec, err := s.signedCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, signedAnswer(rec))
}

// apiSignedScanUpload answers POST /api/v1/cooperations/:id/signed/scan.
func (s *Server) apiSignedScanUpload(c *gin.Context) {
	coop, err := s.recordableCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rec, err := s.uploadSignedScan(c, coop)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, signedAnswer(rec))
}

// apiSignedScanDelete answers DELETE /api/v1/cooperations/:id/signed/scan.
func (s *Server) apiSignedScanDelete(c *gin.Context) {
	s.signedChange(c, func(ctx context.Context, coop *sepakat.Cooperation) (*sepakat.SignedScan, error) {
		return s.Signed.RemoveSignedScan(ctx, coop.ID)
	})
}

// apiSignedPhotoUpload answers POST /api/v1/cooperations/:id/signed/photos
// with the new photo.
func (s *Server) apiSignedPhotoUpload(c *gin.Context) {
	coop, err := s.recordableCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.uploadSigningPhoto(c, coop)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, p)
}

// apiSignedPhotoDelete answers DELETE
// /api/v1/cooperations/:id/signed/photos/:n.
func (s *Server) apiSignedPhotoDelete(c *gin.Context) {
	s.signedChange(c, func(ctx context.Context, coop *sepakat.Cooperation) (*sepakat.SignedScan, error) {
		n, err := photoNumber(c)
		if err != nil {
			return nil, err
		}
		return s.Signed.DeleteSigningPhoto(ctx, coop.ID, n)
	})
}

// apiSignedSave answers PUT /api/v1/cooperations/:id/signed
// {"officers":{"city":{…},"partner":{…}},"classification":{…}}.
func (s *Server) apiSignedSave(c *gin.Context) {
	s.signedChange(c, func(ctx context.Context, coop *sepakat.Cooperation) (*sepakat.SignedScan, error) {
		var req sepakat.SignedDetails
		if err := bindJSON(c, &req); err != nil {
			return nil, err
		}
		return s.Signed.SaveSignedDetails(ctx, coop.ID, req)
	})
}

// apiSignedSubmit answers POST /api/v1/cooperations/:id/signed/submit.
func (s *Server) apiSignedSubmit(c *gin.Context) {
	s.signedChange(c, func(ctx context.Context, coop *sepakat.Cooperation) (*sepakat.SignedScan, error) {
		return s.Signed.SubmitSignedScan(ctx, coop.ID)
	})
}

// signedChange runs one change of the signing record of :id for the API,
// after checking the caller's right and the stage.
func (s *Server) signedChange(c *gin.Context, change func(ctx context.Context, coop *sepakat.Cooperation) (*sepakat.SignedScan, error)) {
	coop, err := s.recordableCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rec, err := change(c.Request.Context(), coop)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, signedAnswer(rec))
}

// signedFileName names the scan's download after the cooperation code.
func signedFileName(coop *sepakat.Cooperation, what string) string {
	code := coop.Code
	if code == "" {
		code = "KSD-" + strconv.FormatInt(coop.ID, 10)
	}
	return code + "-" + what
}

// handleSignedScanFile downloads the scan of the signed agreement to
// whoever sees the cooperation (page and API).
func (s *Server) handleSignedScanFile(c *gin.Context) {
	coop, rec, err := s.signedCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if rec.Scan == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Belum ada pindaian naskah yang telah ditandatangani."))
		return
	}
	s.sendStored(c, *rec.Scan, pdfType, signedFileName(coop, "naskah-ditandatangani.pdf"), true)
}

// handleSignedPhotoFile sends photo :n of the signing to whoever sees the
// cooperation, inline (the page shows it as a thumbnail), or as a download
// with ?unduh=1.
func (s *Server) handleSignedPhotoFile(c *gin.Context) {
	coop, rec, err := s.signedCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := photoNumber(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := rec.Photo(n)
	if p == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Foto penandatanganan %d tidak ditemukan.", n))
		return
	}
	ext := ".jpg"
	if p.File.ContentType == "image/png" {
		ext = ".png"
	}
	name := signedFileName(coop, "foto-penandatanganan-"+strconv.Itoa(n)+ext)
	s.sendStored(c, p.File, p.File.ContentType, name, c.Query("unduh") != "")
}

// sendStored streams a stored file from the blob store.
func (s *Server) sendStored(c *gin.Context, f sepakat.File, contentType, name string, download bool) {
	r, size, err := s.openBlob(c.Request.Context(), f.SHA256)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer r.Close()
	disposition := "inline"
	if download {
		disposition = "attachment"
	}
	if !strings.HasPrefix(contentType, "image/") && contentType != pdfType {
		contentType = "application/octet-stream"
	}
	c.Header("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	c.Header("Cache-Control", "private, max-age=3600")
	c.DataFromReader(http.StatusOK, size, contentType, r, nil)
}
