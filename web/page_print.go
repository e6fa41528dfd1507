package web

import (
	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// handleAttachmentUpload adds a lampiran from the document page.
func (s *Server) handleAttachmentUpload(c *gin.Context) {
	s.docAction(c, "lampiran", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		_, err := s.uploadAttachment(c, d)
		return err
	})
}

// handleAttachmentDelete removes a lampiran from the document page.
func (s *Server) handleAttachmentDelete(c *gin.Context) {
	s.docAction(c, "lampiran-dihapus", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		id, err := paramID(c, "att")
		if err != nil {
			return err
		}
		return s.Attachments.DeleteAttachment(c.Request.Context(), d.ID, id)
	})
}

// handleAttachmentMove moves a lampiran a place up (arah=naik) or down
// (arah=turun) from the document page.
func (s *Server) handleAttachmentMove(c *gin.Context) {
	s.docAction(c, "lampiran-urutan", func(d *sepakat.Document, _ *sepakat.Cooperation) error {
		id, err := paramID(c, "att")
		if err != nil {
			return err
		}
		dir := c.PostForm("arah")
		if dir != "naik" && dir != "turun" {
			return sepakat.Errorf(sepakat.EINVALID, "Pilih naik atau turun untuk memindahkan lampiran.")
		}
		_, err = s.Attachments.MoveAttachment(c.Request.Context(), d.ID, id, dir == "naik")
		return err
	})
}
