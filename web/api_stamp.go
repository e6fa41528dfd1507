package web

import (
	"bytes"
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
	src, done, err := s.openStored(ctx, d.Versions[d.Final-1].File)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer done()
	var buf bytes.Buffer
	if err := s.Stamper.StampNumbers(src.r, src.size, d.Number, d.PartnerNumber, d.NumberDate, &buf); err != nil {
		s.fail(c, err)
		return
	}
	attachment(c, versionFileName(coop, d, d.Final, "-bernomor"))
	c.Data(http.StatusOK, docxType, buf.Bytes())
}
