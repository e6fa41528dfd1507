package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// Monitoring (pemantauan) and evaluation (evaluasi) share their
// attachments, reviewers' notes with the PPKSD's follow-ups, and the way
// the cooperation page changes them; the helpers here serve both.

// textRequest is the body {"text":…} of a note or a follow-up.
type textRequest struct {
	Text string `json:"text"`
}

// answer answers v with status, or fails with err.
func (s *Server) answer(c *gin.Context, status int, v any, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, status, v)
}

// receiveStageFile streams multipart "file" of a monitoring entry or an
// evaluation (up to 100 MB, checked by content) into the blob store.
func (s *Server) receiveStageFile(c *gin.Context) (sepakat.File, error) {
	return s.receiveFile(c, "file", sepakat.MaxMonitoringFileSize, monitoringFileCheck(s.CheckPDF))
}

// writeNote adds a note with add (follow == false) or writes the
// follow-up of :note with followUp.
func writeNote[T any](c *gin.Context, follow bool, add func() (T, error), followUp func(n int) (T, error)) (T, error) {
	if !follow {
		return add()
	}
	n, err := noteNumber(c)
	if err != nil {
		var zero T
		return zero, err
	}
	return followUp(n)
}

// apiText answers a POST of a note or a follow-up {"text":…}: write
// writes the text and the changed record is answered with status.
func (s *Server) apiText(c *gin.Context, status int, write func(text string) (any, error)) {
	var req textRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	v, err := write(req.Text)
	s.answer(c, status, v, err)
}

// sendStageFile sends attachment :n, found with file, to whoever sees the
// cooperation: photos and PDFs inline, the rest (and everything with
// ?unduh=1) as a download; missing is the message when there is none.
func (s *Server) sendStageFile(c *gin.Context, file func(n int) *sepakat.MonitoringFile, missing string) {
	n, err := strconv.Atoi(c.Param("n"))
	f := file(n)
	if err != nil || f == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "%s", missing))
		return
	}
	inline := f.File.ContentType == pdfType || f.Kind == sepakat.MonitoringPhoto
	s.sendStored(c, f.File, f.File.ContentType, f.File.Name, !inline || c.Query("unduh") != "")
}

// stageAction runs one change of monitoring or evaluation from the
// cooperation page: on success back to the section #anchor with the flash
// ok; a refusal the user can act on is shown on the cooperation page with
// its message.
func (s *Server) stageAction(c *gin.Context, flash, anchor string, do func(coop *sepakat.Cooperation) error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err = do(coop); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT, sepakat.EUNSUPPORTED, sepakat.ETOOLARGE:
			s.showCooperation(c, statusOf(err), coop, sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"?ok="+flash+"#"+anchor)
}
