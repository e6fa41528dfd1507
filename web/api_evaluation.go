package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// evaluationsAnswer is the answer of GET …/evaluations: the evaluations,
// newest period first, and the questionnaire of now.
type evaluationsAnswer struct {
	Evaluations   []*sepakat.Evaluation  `json:"evaluations"`
	Questionnaire *sepakat.Questionnaire `json:"questionnaire"`
}

// evaluationPeriod parses :year and :period (ENOTFOUND when unknown).
func evaluationPeriod(c *gin.Context) (int, sepakat.EvaluationPeriod, error) {
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil {
		return 0, "", sepakat.Errorf(sepakat.ENOTFOUND, "Tahun evaluasi tidak sah.")
	}
	p := sepakat.EvaluationPeriod(c.Param("period"))
	if err := p.Validate(); err != nil {
		return 0, "", err
	}
	return year, p, sepakat.CheckEvaluationYear(year)
}

// evaluationTarget loads the cooperation of :id and parses the period.
func (s *Server) evaluationTarget(c *gin.Context) (*sepakat.Cooperation, int, sepakat.EvaluationPeriod, error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, 0, "", err
	}
	year, p, err := evaluationPeriod(c)
	if err != nil {
		return nil, 0, "", err
	}
	return coop, year, p, nil
}

// apiEvaluations answers GET /api/v1/cooperations/:id/evaluations.
func (s *Server) apiEvaluations(c *gin.Context) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.Evaluations.FindEvaluations(c.Request.Context(), coop.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	q, err := s.Evaluations.FindQuestionnaire(c.Request.Context())
	s.answer(c, http.StatusOK, evaluationsAnswer{Evaluations: list, Questionnaire: q}, err)
}

// findEvaluation loads the evaluation of :id, :year and :period.
func (s *Server) findEvaluation(c *gin.Context) (*sepakat.Evaluation, error) {
	coop, year, p, err := s.evaluationTarget(c)
	if err != nil {
		return nil, err
	}
	return s.Evaluations.FindEvaluation(c.Request.Context(), coop.ID, year, p)
}

// apiEvaluation answers GET /api/v1/cooperations/:id/evaluations/:year/:period.
func (s *Server) apiEvaluation(c *gin.Context) {
	e, err := s.findEvaluation(c)
	s.answer(c, http.StatusOK, e, err)
}

// apiEvaluationSave answers PUT
// /api/v1/cooperations/:id/evaluations/:year/:period
// {"answers":{"question id":"value",…}}.
func (s *Server) apiEvaluationSave(c *gin.Context) {
	coop, year, p, err := s.evaluationTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req struct {
		Answers map[string]string `json:"answers"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	e, err := s.Evaluations.SaveEvaluation(c.Request.Context(), coop.ID, year, p, req.Answers)
	s.answer(c, http.StatusOK, e, err)
}

// apiEvaluationOpen answers POST …/evaluations/:year/:period/open.
func (s *Server) apiEvaluationOpen(c *gin.Context) {
	coop, year, p, err := s.evaluationTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	e, err := s.Evaluations.OpenEvaluation(c.Request.Context(), coop.ID, year, p)
	s.answer(c, http.StatusCreated, e, err)
}

// uploadEvaluationFile checks the caller's right before the upload is
// read, then streams multipart "file" (up to 100 MB, checked by content).
func (s *Server) uploadEvaluationFile(c *gin.Context) (*sepakat.Evaluation, error) {
	coop, year, p, err := s.evaluationTarget(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	_, ferr := s.Evaluations.FindEvaluation(ctx, coop.ID, year, p)
	if ferr != nil && sepakat.ErrorCode(ferr) != sepakat.ENOTFOUND {
		return nil, ferr
	}
	if err := sepakat.CheckFillEvaluation(sepakat.UserFromContext(ctx), coop, ferr == nil); err != nil {
		return nil, err
	}
	f, err := s.receiveStageFile(c)
	if err != nil {
		return nil, err
	}
	return s.Evaluations.AddEvaluationFile(ctx, coop.ID, year, p, f)
}

// apiEvaluationFileUpload answers POST …/evaluations/:year/:period/files.
func (s *Server) apiEvaluationFileUpload(c *gin.Context) {
	e, err := s.uploadEvaluationFile(c)
	s.answer(c, http.StatusCreated, e, err)
}

// evaluationNote adds a note or, with follow, the follow-up of :note.
func (s *Server) evaluationNote(c *gin.Context, text string, follow bool) (*sepakat.Evaluation, error) {
	coop, year, p, err := s.evaluationTarget(c)
	if err != nil {
		return nil, err
	}
	ctx := c.Request.Context()
	return writeNote(c, follow, func() (*sepakat.Evaluation, error) {
		return s.Evaluations.AddEvaluationNote(ctx, coop.ID, year, p, text)
	}, func(n int) (*sepakat.Evaluation, error) {
		return s.Evaluations.FollowUpEvaluationNote(ctx, coop.ID, year, p, n, text)
	})
}

// apiEvaluationNote answers POST …/evaluations/:year/:period/notes.
func (s *Server) apiEvaluationNote(c *gin.Context) {
	s.apiText(c, http.StatusCreated, func(text string) (any, error) { return s.evaluationNote(c, text, false) })
}

// apiEvaluationFollowUp answers POST
// …/evaluations/:year/:period/notes/:note/follow-up.
func (s *Server) apiEvaluationFollowUp(c *gin.Context) {
	s.apiText(c, http.StatusOK, func(text string) (any, error) { return s.evaluationNote(c, text, true) })
}

// handleEvaluationFile sends attachment :n to whoever sees the
// cooperation.
func (s *Server) handleEvaluationFile(c *gin.Context) {
	e, err := s.findEvaluation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sendStageFile(c, e.File, "Lampiran evaluasi tidak ditemukan.")
}

// apiQuestionnaire answers GET /api/v1/evaluation-questionnaire.
func (s *Server) apiQuestionnaire(c *gin.Context) {
	q, err := s.Evaluations.FindQuestionnaire(c.Request.Context())
	s.answer(c, http.StatusOK, q, err)
}

// apiQuestionnaireSave answers PUT /api/v1/evaluation-questionnaire
// {"questions":[{"id":…,"text":…,"type":"text|scale|yesno","required":…}]}
// (admin).
func (s *Server) apiQuestionnaireSave(c *gin.Context) {
	var q sepakat.Questionnaire
	if err := bindJSON(c, &q); err != nil {
		s.fail(c, err)
		return
	}
	saved, err := s.Evaluations.SaveQuestionnaire(c.Request.Context(), q)
	s.answer(c, http.StatusOK, saved, err)
}
