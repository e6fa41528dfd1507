package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// apiNumberedDocx downloads the final version of a numbered document with
// the register's number, the partner's number and the date written in.
func (s *Server) apiNumberedDocx(c *gin.Context) {
	ctx := c.Request.Context()
	d, coop, err := s.documentFromParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if d.Number == "" || d.Final == 0 {
		s.fail(c, sepakat.Errorf(sepakat.ECONFLICT, "Dokumen ini belum diberi nomor dari buku register."))
		return
	}
	name := versionFileName(coop, d, d.Final, "-bernomor")
	if d.NumberedFile != nil {
		f, size, err := s.openBlob(ctx, d.NumberedFile.SHA256)
		if err != nil {
			s.fail(c, err)
			return
		}
		defer f.Close()
		attachment(c, name)
		c.DataFromReader(http.StatusOK, size, docxType, f, nil)
		return
	}
	// Numbered before the text could take the numbers: made now.
	data, err := s.stampFinal(ctx, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	attachment(c, name)
	c.Data(http.StatusOK, docxType, data)
}
