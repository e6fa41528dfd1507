package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// evaluationView is the section "Evaluasi" of the cooperation page: the
// evaluations with their answers, attachments, notes and follow-ups, and
// the forms the caller may use.
type evaluationView struct {
	Evaluations   []*sepakat.Evaluation
	Questionnaire *sepakat.Questionnaire
	Periods       []sepakat.EvaluationPeriod
	Year          int
	CanFill       bool // the PPKSD fills (in pemantauan: the opened periods)
	CanFillNew    bool // the PPKSD may start any period (stage evaluasi)
	CanReview     bool
	CanOpen       bool // the office opens a period while in pemantauan
	Scale         []string
}

// evaluationSection returns the section of coop, or nil outside
// pemantauan, evaluasi and later stages with evaluations.
func (s *Server) evaluationSection(ctx context.Context, coop *sepakat.Cooperation) (*evaluationView, error) {
	if s.Evaluations == nil || coop.Stage.Index() < sepakat.StagePemantauan.Index() || coop.Stage == sepakat.StageDitolak {
		return nil, nil
	}
	list, err := s.Evaluations.FindEvaluations(ctx, coop.ID)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.ENOTFOUND {
			return nil, nil
		}
		return nil, err
	}
	q, err := s.Evaluations.FindQuestionnaire(ctx)
	if err != nil {
		return nil, err
	}
	u := sepakat.UserFromContext(ctx)
	open := coop.Stage == sepakat.StagePemantauan || coop.Stage == sepakat.StageEvaluasi
	if coop.Stage == sepakat.StagePemantauan && len(list) == 0 && !(u != nil && u.Role.IsOffice()) {
		return nil, nil
	}
	return &evaluationView{
		Evaluations: list, Questionnaire: q, Periods: sepakat.EvaluationPeriods, Year: time.Now().In(jakarta).Year(),
		CanFill:    open && sepakat.CanAddMonitoring(u, coop),
		CanFillNew: coop.Stage == sepakat.StageEvaluasi && sepakat.CanAddMonitoring(u, coop),
		CanReview:  open && sepakat.CanReviewMonitoring(u, coop),
		CanOpen:    coop.Stage == sepakat.StagePemantauan && u != nil && u.Role.IsOffice(),
		Scale:      []string{"1", "2", "3", "4", "5"},
	}, nil
}

// formPeriod reads the year and period of a page form.
func formPeriod(c *gin.Context) (int, sepakat.EvaluationPeriod, error) {
	year, err := strconv.Atoi(strings.TrimSpace(c.PostForm("year")))
	if err != nil {
		return 0, "", sepakat.Errorf(sepakat.EINVALID, "Isi tahun evaluasi.")
	}
	if err := sepakat.CheckEvaluationYear(year); err != nil {
		return 0, "", sepakat.Errorf(sepakat.EINVALID, "Tahun evaluasi %d tidak sah.", year)
	}
	p := sepakat.EvaluationPeriod(c.PostForm("period"))
	if p.Validate() != nil {
		return 0, "", sepakat.Errorf(sepakat.EINVALID, "Pilih periode evaluasi.")
	}
	return year, p, nil
}

// handleEvaluationSave saves the answers of the form (fields q_<id>).
func (s *Server) handleEvaluationSave(c *gin.Context) {
	s.stageAction(c, "tersimpan", "evaluasi", func(coop *sepakat.Cooperation) error {
		year, p, err := formPeriod(c)
		if err != nil {
			return err
		}
		if err := c.Request.ParseForm(); err != nil {
			return sepakat.Errorf(sepakat.EINVALID, "Formulir tidak dapat dibaca.")
		}
		values := map[string]string{}
		for k, v := range c.Request.PostForm {
			if id, ok := strings.CutPrefix(k, "q_"); ok && len(v) > 0 {
				values[id] = v[0]
			}
		}
		_, err = s.Evaluations.SaveEvaluation(c.Request.Context(), coop.ID, year, p, values)
		return err
	})
}

// handleEvaluationOpen opens a period while the cooperation is in
// pemantauan (office).
func (s *Server) handleEvaluationOpen(c *gin.Context) {
	s.stageAction(c, "tersimpan", "evaluasi", func(coop *sepakat.Cooperation) error {
		year, p, err := formPeriod(c)
		if err != nil {
			return err
		}
		_, err = s.Evaluations.OpenEvaluation(c.Request.Context(), coop.ID, year, p)
		return err
	})
}

// handleEvaluationFileUpload attaches a file from the page.
func (s *Server) handleEvaluationFileUpload(c *gin.Context) {
	s.stageAction(c, "diunggah", "evaluasi", func(*sepakat.Cooperation) error {
		_, err := s.uploadEvaluationFile(c)
		return err
	})
}

// handleEvaluationNote adds a reviewer's note from the page.
func (s *Server) handleEvaluationNote(c *gin.Context) {
	s.stageAction(c, "tersimpan", "evaluasi", func(*sepakat.Cooperation) error {
		_, err := s.evaluationNote(c, c.PostForm("text"), false)
		return err
	})
}

// handleEvaluationFollowUp writes the PPKSD's follow-up from the page.
func (s *Server) handleEvaluationFollowUp(c *gin.Context) {
	s.stageAction(c, "tersimpan", "evaluasi", func(*sepakat.Cooperation) error {
		_, err := s.evaluationNote(c, c.PostForm("text"), true)
		return err
	})
}

// questionnaireView is the admin's page of the questionnaire.
type questionnaireView struct {
	Text          string
	Questionnaire *sepakat.Questionnaire
}

// Words of the questionnaire's text form.
var questionTypeWords = map[string]sepakat.QuestionType{
	"uraian": sepakat.QuestionText, "text": sepakat.QuestionText, "teks": sepakat.QuestionText,
	"skala": sepakat.QuestionScale, "scale": sepakat.QuestionScale,
	"ya/tidak": sepakat.QuestionYesNo, "ya-tidak": sepakat.QuestionYesNo, "yesno": sepakat.QuestionYesNo,
}

// formatQuestionnaire writes one question per line:
// "kode | uraian/skala/ya-tidak | wajib/opsional | pertanyaan".
func formatQuestionnaire(q *sepakat.Questionnaire) string {
	var b strings.Builder
	for _, x := range q.Questions {
		t := map[sepakat.QuestionType]string{sepakat.QuestionText: "uraian", sepakat.QuestionScale: "skala", sepakat.QuestionYesNo: "ya-tidak"}[x.Type]
		req := "opsional"
		if x.Required {
			req = "wajib"
		}
		b.WriteString(x.ID + " | " + t + " | " + req + " | " + x.Text + "\n")
	}
	return b.String()
}

// parseQuestionnaire reads the text form back.
func parseQuestionnaire(text string) (sepakat.Questionnaire, error) {
	var q sepakat.Questionnaire
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 4)
		if len(parts) != 4 {
			return q, sepakat.Errorf(sepakat.EINVALID, "Baris %d: tulis kode | jenis | wajib/opsional | pertanyaan.", i+1)
		}
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		t, ok := questionTypeWords[strings.ToLower(parts[1])]
		if !ok {
			return q, sepakat.Errorf(sepakat.EINVALID, "Baris %d: jenis %q tidak dikenal; pilih uraian, skala atau ya-tidak.", i+1, parts[1])
		}
		req := strings.ToLower(parts[2])
		if req != "wajib" && req != "opsional" {
			return q, sepakat.Errorf(sepakat.EINVALID, "Baris %d: tulis wajib atau opsional.", i+1)
		}
		q.Questions = append(q.Questions, sepakat.Question{ID: parts[0], Type: t, Required: req == "wajib", Text: parts[3]})
	}
	return q, nil
}

// handleQuestionnairePage shows the questionnaire to the admin.
func (s *Server) handleQuestionnairePage(c *gin.Context) {
	q, err := s.Evaluations.FindQuestionnaire(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "evaluation_questionnaire", pageData{Title: "Kuesioner Evaluasi", Nav: "kuesioner-evaluasi",
		Data: questionnaireView{Text: formatQuestionnaire(q), Questionnaire: q}})
}

// handleQuestionnaireSave saves the questionnaire (admin).
func (s *Server) handleQuestionnaireSave(c *gin.Context) {
	text := c.PostForm("questions")
	q, err := parseQuestionnaire(text)
	var saved *sepakat.Questionnaire
	if err == nil {
		saved, err = s.Evaluations.SaveQuestionnaire(c.Request.Context(), q)
	}
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINVALID {
			cur, _ := s.Evaluations.FindQuestionnaire(c.Request.Context())
			s.renderStatus(c, http.StatusBadRequest, "evaluation_questionnaire", pageData{Title: "Kuesioner Evaluasi", Nav: "kuesioner-evaluasi",
				Message: sepakat.ErrorMessage(err), Data: questionnaireView{Text: text, Questionnaire: cur}})
			return
		}
		s.fail(c, err)
		return
	}
	_ = saved
	c.Redirect(http.StatusSeeOther, "/pengaturan/kuesioner-evaluasi?ok=tersimpan")
}
