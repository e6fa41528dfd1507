package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// monitoringAnswer is the answer of GET …/monitoring: the schedule, the
// term and the entries, oldest first.
type monitoringAnswer struct {
	Status  sepakat.MonitoringStatus   `json:"status"`
	Expiry  *sepakat.Expiry            `json:"expiry,omitempty"`
	Entries []*sepakat.MonitoringEntry `json:"entries"`
}

// monitoringFileCheck accepts the files of monitoring and evaluation by
// their content: JPEG and PNG images (decoded headers), MP4, MOV and WebM
// video, PDF (checked with checkPDF), and Word, Excel and PowerPoint files
// (zip or OLE compound files).
func monitoringFileCheck(checkPDF sepakat.ContentCheck) sepakat.ContentCheck {
	return func(r io.ReadSeeker, size int64) (string, error) {
		head := make([]byte, 16)
		n, _ := io.ReadFull(r, head)
		head = head[:n]
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return "", err
		}
		switch {
		case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}), bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
			return checkImage(r, size)
		case bytes.HasPrefix(head, []byte("%PDF-")):
			if checkPDF == nil {
				return "", sepakat.Errorf(sepakat.EUNSUPPORTED, "PDF tidak dapat diperiksa.")
			}
			return checkPDF(r, size)
		case len(head) >= 12 && string(head[4:8]) == "ftyp":
			if string(head[8:10]) == "qt" {
				return "video/quicktime", nil
			}
			return "video/mp4", nil
		case len(head) >= 8 && (string(head[4:8]) == "moov" || string(head[4:8]) == "mdat" || string(head[4:8]) == "wide"):
			return "video/quicktime", nil
		case bytes.HasPrefix(head, []byte{0x1A, 0x45, 0xDF, 0xA3}):
			return "video/webm", nil
		case bytes.HasPrefix(head, []byte("PK\x03\x04")):
			return sepakat.OfficeZipType, nil
		case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
			return sepakat.OfficeOLEType, nil
		}
		return "", sepakat.Errorf(sepakat.EUNSUPPORTED, "Jenis berkas tidak diterima (%s). Unggah foto JPEG/PNG, video MP4/MOV/WebM, PDF, atau dokumen Word, Excel, PowerPoint.",
			describeType(http.DetectContentType(head)))
	}
}

// entryID parses :entry.
func entryID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("entry"), 10, 64)
	if err != nil || id <= 0 {
		return 0, sepakat.Errorf(sepakat.ENOTFOUND, "Data pemantauan tidak ditemukan.")
	}
	return id, nil
}

// noteNumber parses :note.
func noteNumber(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("note"))
	if err != nil || n < 1 {
		return 0, sepakat.Errorf(sepakat.ENOTFOUND, "Catatan tidak ditemukan.")
	}
	return n, nil
}

// monitoringOf loads the monitoring of coop for the answer.
func (s *Server) monitoringOf(c *gin.Context, coop *sepakat.Cooperation) (monitoringAnswer, error) {
	entries, st, err := s.Monitoring.FindMonitoring(c.Request.Context(), coop.ID)
	if err != nil {
		return monitoringAnswer{}, err
	}
	a := monitoringAnswer{Status: st, Entries: entries}
	if e, ok := sepakat.CooperationExpiry(coop, time.Now()); ok {
		a.Expiry = &e
	}
	return a, nil
}

// apiMonitoring answers GET /api/v1/cooperations/:id/monitoring.
func (s *Server) apiMonitoring(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.monitoringOf(c, coop)
	s.answer(c, http.StatusOK, a, err)
}

// apiMonitoringAdd answers POST /api/v1/cooperations/:id/monitoring
// {"period":…,"activity":…,"achievement":…,"obstacle":…}.
func (s *Server) apiMonitoringAdd(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in sepakat.MonitoringInput
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	e, err := s.Monitoring.AddMonitoringEntry(c.Request.Context(), coop.ID, in)
	s.answer(c, http.StatusCreated, e, err)
}

// monitoringTarget loads the cooperation of :id and parses :entry.
func (s *Server) monitoringTarget(c *gin.Context) (*sepakat.Cooperation, int64, error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, 0, err
	}
	id, err := entryID(c)
	if err != nil {
		return nil, 0, err
	}
	return coop, id, nil
}

// uploadMonitoringFile checks the caller's right before the upload is
// read, then streams multipart "file" (up to 100 MB, checked by content)
// into the blob store and adds it to the entry.
func (s *Server) uploadMonitoringFile(c *gin.Context) (*sepakat.MonitoringEntry, error) {
	coop, id, err := s.monitoringTarget(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	if err := sepakat.CheckAddMonitoring(sepakat.UserFromContext(ctx), coop); err != nil {
		return nil, err
	}
	if _, err := s.Monitoring.FindMonitoringEntry(ctx, coop.ID, id); err != nil {
		return nil, err
	}
	f, err := s.receiveStageFile(c)
	if err != nil {
		return nil, err
	}
	return s.Monitoring.AddMonitoringFile(ctx, coop.ID, id, f)
}

// apiMonitoringFileUpload answers POST
// /api/v1/cooperations/:id/monitoring/:entry/files (multipart "file").
func (s *Server) apiMonitoringFileUpload(c *gin.Context) {
	e, err := s.uploadMonitoringFile(c)
	s.answer(c, http.StatusCreated, e, err)
}

// monitoringNote adds a note (follow == false) or writes the follow-up of
// :note, with the text of a JSON body {"text":…} or the form field text.
func (s *Server) monitoringNote(c *gin.Context, text string, follow bool) (*sepakat.MonitoringEntry, error) {
	coop, id, err := s.monitoringTarget(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	return writeNote(c, follow, func() (*sepakat.MonitoringEntry, error) {
		return s.Monitoring.AddMonitoringNote(ctx, coop.ID, id, text)
	}, func(n int) (*sepakat.MonitoringEntry, error) {
		return s.Monitoring.FollowUpMonitoringNote(ctx, coop.ID, id, n, text)
	})
}

// apiMonitoringNote answers POST
// /api/v1/cooperations/:id/monitoring/:entry/notes {"text":…}.
func (s *Server) apiMonitoringNote(c *gin.Context) {
	s.apiText(c, http.StatusCreated, func(text string) (any, error) { return s.monitoringNote(c, text, false) })
}

// apiMonitoringFollowUp answers POST
// /api/v1/cooperations/:id/monitoring/:entry/notes/:note/follow-up
// {"text":…}.
func (s *Server) apiMonitoringFollowUp(c *gin.Context) {
	s.apiText(c, http.StatusOK, func(text string) (any, error) { return s.monitoringNote(c, text, true) })
}

// handleMonitoringFile sends file :n of entry :entry to whoever sees the
// cooperation: images and PDFs inline, the rest (and everything with
// ?unduh=1) as a download.
func (s *Server) handleMonitoringFile(c *gin.Context) {
	coop, id, err := s.monitoringTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	e, err := s.Monitoring.FindMonitoringEntry(c.Request.Context(), coop.ID, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sendStageFile(c, e.File, "Berkas pemantauan tidak ditemukan.")
}
