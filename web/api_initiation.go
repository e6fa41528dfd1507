package web

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// initiationLine is one line of the checklist of the initiation: the item,
// whether the cooperation requires it, its files and the notes on it.
type initiationLine struct {
	Item     sepakat.InitiationItem     `json:"item"`
	Label    string                     `json:"label"`
	Required bool                       `json:"required"`
	Word     bool                       `json:"word"`
	Multiple bool                       `json:"multiple"`
	Files    []sepakat.InitiationUpload `json:"files"`
	Notes    []sepakat.InitiationNote   `json:"notes"`
}

// initiationRecord is the answer of the initiation API: the record, its
// checklist and what is still missing before it can be declared complete.
type initiationRecord struct {
	*sepakat.Initiation
	StatusLabel string           `json:"status_label"`
	Checklist   []initiationLine `json:"checklist"`
	Missing     []string         `json:"missing"`
	// OverallNotes are the notes not on one item.
	OverallNotes []sepakat.InitiationNote `json:"-"`
}

func initiationAnswer(in *sepakat.Initiation, coop *sepakat.Cooperation) initiationRecord {
	r := initiationRecord{Initiation: in, StatusLabel: in.Status.Label(), Missing: in.Missing(coop)}
	r.Missing = nonNil(r.Missing)
	required := sepakat.RequiredInitiationItems(coop)
	for _, item := range sepakat.InitiationItems {
		line := initiationLine{
			Item: item, Label: item.Label(), Required: containsItem(required, item), Word: item.Word(), Multiple: item.Multiple(),
			Files: in.Files(item), Notes: []sepakat.InitiationNote{},
		}
		line.Files = nonNil(line.Files)
		if item == sepakat.ItemDeed && !line.Required && len(line.Files) == 0 {
			continue // asked only of legal entities
		}
		for _, n := range in.Notes {
			if n.Item == item {
				line.Notes = append(line.Notes, n)
			}
		}
		r.Checklist = append(r.Checklist, line)
	}
	for _, n := range in.Notes {
		if n.Item == "" {
			r.OverallNotes = append(r.OverallNotes, n)
		}
	}
	return r
}

func containsItem(items []sepakat.InitiationItem, item sepakat.InitiationItem) bool {
	for _, x := range items {
		if x == item {
			return true
		}
	}
	return false
}

// initiationItem parses :item.
func initiationItem(c *gin.Context) (sepakat.InitiationItem, error) {
	item := sepakat.InitiationItem(c.Param("item"))
	return item, item.Validate()
}

// uploadNumber parses :n, the number of an upload.
func uploadNumber(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 {
		return 0, sepakat.Errorf(sepakat.ENOTFOUND, "Berkas tidak ditemukan.")
	}
	return n, nil
}

// initiationCooperation loads the cooperation of :id, visible to the
// caller, and its initiation.
func (s *Server) initiationCooperation(c *gin.Context) (*sepakat.Cooperation, *sepakat.Initiation, error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, nil, err
	}
	in, coop, err := s.Initiations.FindInitiation(c.Request.Context(), coop.ID)
	if err != nil {
		return nil, nil, err
	}
	return coop, in, nil
}

// checkedInitiation loads the cooperation of :id and checks that the
// caller may take action on its initiation now, before a body is read.
func (s *Server) checkedInitiation(c *gin.Context, action sepakat.InitiationAction) (*sepakat.Cooperation, error) {
	coop, in, err := s.initiationCooperation(c)
	if err != nil {
		return nil, err
	}
	if err := sepakat.CheckInitiation(sepakat.UserFromContext(c.Request.Context()), coop, in, action); err != nil {
		return nil, err
	}
	return coop, nil
}

// uploadInitiationFile receives one file of the checklist (multipart
// "file", up to 50 MB, streamed into the blob store): a PDF checked with
// CheckPDF, or for the draft a .docx checked by the Word engine, with the
// optional field "document_kind" (KB or PKS). A refused file stores
// nothing.
func (s *Server) uploadInitiationFile(c *gin.Context, coop *sepakat.Cooperation) (*sepakat.InitiationUpload, error) {
	item, err := initiationItem(c)
	if err != nil {
		return nil, err
	}
	check := s.CheckPDF
	if item.Word() {
		check = s.checkDraft
	}
	f, fields, err := s.receiveFileFields(c, "file", sepakat.MaxInitiationFileSize, check, "document_kind")
	if err != nil {
		return nil, err
	}
	return s.Initiations.AddInitiationFile(c.Request.Context(), coop.ID, item, f, sepakat.DocumentKind(fields["document_kind"]))
}

// apiInitiation answers GET /api/v1/cooperations/:id/initiation.
func (s *Server) apiInitiation(c *gin.Context) {
	coop, in, err := s.initiationCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, initiationAnswer(in, coop))
}

// apiInitiationUpload answers POST
// /api/v1/cooperations/:id/initiation/items/:item with the new upload.
func (s *Server) apiInitiationUpload(c *gin.Context) {
	coop, err := s.checkedInitiation(c, sepakat.InitiationUploadAction)
	if err != nil {
		s.fail(c, err)
		return
	}
	up, err := s.uploadInitiationFile(c, coop)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusCreated, up)
}

// apiInitiationDelete answers DELETE
// /api/v1/cooperations/:id/initiation/items/:item/:n.
func (s *Server) apiInitiationDelete(c *gin.Context) {
	s.initiationChange(c, sepakat.InitiationUploadAction, http.StatusOK, func(ctx context.Context, coop *sepakat.Cooperation) (any, error) {
		item, err := initiationItem(c)
		if err != nil {
			return nil, err
		}
		n, err := uploadNumber(c)
		if err != nil {
			return nil, err
		}
		in, err := s.Initiations.RemoveInitiationFile(ctx, coop.ID, item, n)
		if err != nil {
			return nil, err
		}
		return initiationAnswer(in, coop), nil
	})
}

// apiInitiationNote answers POST /api/v1/cooperations/:id/initiation/notes
// {"item":"surat_penawaran","text":"…"} (item empty: the whole offer).
func (s *Server) apiInitiationNote(c *gin.Context) {
	s.initiationChange(c, sepakat.InitiationReviewAction, http.StatusCreated, func(ctx context.Context, coop *sepakat.Cooperation) (any, error) {
		var req struct {
			Item sepakat.InitiationItem `json:"item"`
			Text string                 `json:"text"`
		}
		if err := bindJSON(c, &req); err != nil {
			return nil, err
		}
		return s.Initiations.AddInitiationNote(ctx, coop.ID, req.Item, req.Text)
	})
}

// apiInitiationMessage answers POST
// /api/v1/cooperations/:id/initiation/messages {"text":"…"}.
func (s *Server) apiInitiationMessage(c *gin.Context) {
	s.initiationChange(c, sepakat.InitiationDiscussAction, http.StatusCreated, func(ctx context.Context, coop *sepakat.Cooperation) (any, error) {
		var req struct {
			Text string `json:"text"`
		}
		if err := bindJSON(c, &req); err != nil {
			return nil, err
		}
		return s.Initiations.AddInitiationMessage(ctx, coop.ID, req.Text)
	})
}

// apiInitiationFixes answers POST /api/v1/cooperations/:id/initiation/fixes
// {"note":"…"}.
func (s *Server) apiInitiationFixes(c *gin.Context) {
	s.initiationDecision(c, s.Initiations.RequestInitiationFixes)
}

// apiInitiationComplete answers POST
// /api/v1/cooperations/:id/initiation/complete {"note":"…"} (note
// optional).
func (s *Server) apiInitiationComplete(c *gin.Context) {
	s.initiationDecision(c, s.Initiations.CompleteInitiation)
}

func (s *Server) initiationDecision(c *gin.Context, decide func(ctx context.Context, id int64, note string) (*sepakat.Initiation, error)) {
	s.initiationChange(c, sepakat.InitiationDecideAction, http.StatusOK, func(ctx context.Context, coop *sepakat.Cooperation) (any, error) {
		var req struct {
			Note string `json:"note"`
		}
		if c.Request.ContentLength != 0 {
			if err := bindJSON(c, &req); err != nil {
				return nil, err
			}
		}
		in, err := decide(ctx, coop.ID, req.Note)
		if err != nil {
			return nil, err
		}
		fresh, err := s.Cooperations.FindCooperationByID(ctx, coop.ID)
		if err != nil {
			return nil, err
		}
		return initiationAnswer(in, fresh), nil
	})
}

// initiationChange runs one change of the initiation of :id for the API,
// after checking the caller's right and the stage.
func (s *Server) initiationChange(c *gin.Context, action sepakat.InitiationAction, status int, change func(ctx context.Context, coop *sepakat.Cooperation) (any, error)) {
	coop, err := s.checkedInitiation(c, action)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := change(c.Request.Context(), coop)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, status, v)
}

// handleInitiationFile downloads upload :n of :item to whoever sees the
// cooperation (page and API).
func (s *Server) handleInitiationFile(c *gin.Context) {
	coop, in, err := s.initiationCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	item, err := initiationItem(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	n, err := uploadNumber(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	up := in.Upload(item, n)
	if up == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Berkas %s nomor %d tidak ditemukan.", item.Phrase(), n))
		return
	}
	ext := strings.ToLower(filepath.Ext(up.File.Name))
	if ext != ".pdf" && ext != ".docx" {
		ext = ".pdf"
		if item.Word() {
			ext = ".docx"
		}
	}
	ct := pdfType
	if item.Word() {
		ct = docxType
	}
	name := signedFileName(coop, string(item)+"-"+strconv.Itoa(n)+ext)
	s.sendStored(c, up.File, ct, name, true)
}
