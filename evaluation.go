package sepakat

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Evaluasi (SOP 20/PDK/2021): per period and year the PPKSD fills the
// office's questionnaire, attaches files (Word, Excel, PowerPoint, PDF,
// image, video; up to 100 MB each), reviewers add notes and the PPKSD
// follows them up.

// EvaluationPeriod is the period an evaluation covers.
type EvaluationPeriod string

// The evaluation periods.
const (
	PeriodSemester1 EvaluationPeriod = "semester1"
	PeriodSemester2 EvaluationPeriod = "semester2"
	PeriodAnnual    EvaluationPeriod = "tahunan"
)

// EvaluationPeriods lists the periods in the order of the select list.
var EvaluationPeriods = []EvaluationPeriod{PeriodSemester1, PeriodSemester2, PeriodAnnual}

// Label is the period as users read it.
func (p EvaluationPeriod) Label() string {
	switch p {
	case PeriodSemester1:
		return "Semester I"
	case PeriodSemester2:
		return "Semester II"
	case PeriodAnnual:
		return "Tahunan"
	}
	return string(p)
}

// Validate returns ENOTFOUND for an unknown period (it is part of an
// address).
func (p EvaluationPeriod) Validate() error {
	for _, x := range EvaluationPeriods {
		if p == x {
			return nil
		}
	}
	return Errorf(ENOTFOUND, "Periode evaluasi %q tidak dikenal; pilih semester1, semester2 atau tahunan.", string(p))
}

// CheckEvaluationYear returns ENOTFOUND for a year outside 2000–2100.
func CheckEvaluationYear(year int) error {
	if year < 2000 || year > 2100 {
		return Errorf(ENOTFOUND, "Tahun evaluasi %d tidak sah.", year)
	}
	return nil
}

// EvaluationKey is the key of the evaluation of year and period, e.g.
// "2026-semester1"; it sorts by year, then period.
func EvaluationKey(year int, p EvaluationPeriod) string {
	return strconv.Itoa(year) + "-" + string(p)
}

// QuestionType is the kind of answer a question takes.
type QuestionType string

// The question types.
const (
	QuestionText  QuestionType = "text"  // free text
	QuestionScale QuestionType = "scale" // 1 (sangat kurang) to 5 (sangat baik)
	QuestionYesNo QuestionType = "yesno" // ya / tidak
)

// Label is the type as users read it.
func (t QuestionType) Label() string {
	switch t {
	case QuestionText:
		return "Uraian"
	case QuestionScale:
		return "Skala 1–5"
	case QuestionYesNo:
		return "Ya/Tidak"
	}
	return string(t)
}

// QuestionTypes lists the types.
var QuestionTypes = []QuestionType{QuestionText, QuestionScale, QuestionYesNo}

// Question is one question of the evaluation questionnaire. ID is stable
// across edits of the text.
type Question struct {
	ID       string       `json:"id"`
	Text     string       `json:"text"`
	Type     QuestionType `json:"type"`
	Required bool         `json:"required"`
}

// Questionnaire is the evaluation questionnaire the admin edits.
type Questionnaire struct {
	Questions []Question `json:"questions"`
	UpdatedAt time.Time  `json:"updated_at,omitzero"`
	UpdatedBy string     `json:"updated_by,omitempty"`
}

// Question returns the question of id, or nil.
func (q *Questionnaire) Question(id string) *Question {
	for i := range q.Questions {
		if q.Questions[i].ID == id {
			return &q.Questions[i]
		}
	}
	return nil
}

var questionID = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

// MaxQuestions bounds the questionnaire.
const MaxQuestions = 100

// Validate normalises and checks the questionnaire: at least one question,
// each with a text, a known type and a unique id (given from its position
// when empty).
func (q *Questionnaire) Validate() error {
	if len(q.Questions) == 0 {
		return Errorf(EINVALID, "Kuesioner evaluasi harus berisi paling sedikit satu pertanyaan.")
	}
	if len(q.Questions) > MaxQuestions {
		return Errorf(EINVALID, "Kuesioner evaluasi paling banyak %d pertanyaan.", MaxQuestions)
	}
	seen := map[string]bool{}
	for i := range q.Questions {
		x := &q.Questions[i]
		x.Text = strings.Join(strings.Fields(x.Text), " ")
		x.ID = strings.TrimSpace(strings.ToLower(x.ID))
		if x.ID == "" {
			for n := i + 1; ; n++ {
				if id := fmt.Sprintf("q%d", n); !seen[id] && q.Question(id) == nil {
					x.ID = id
					break
				}
			}
		}
		if !questionID.MatchString(x.ID) {
			return Errorf(EINVALID, "Kode pertanyaan %q tidak sah (huruf kecil, angka dan garis bawah, paling banyak 40).", x.ID)
		}
		if seen[x.ID] {
			return Errorf(EINVALID, "Kode pertanyaan %q dipakai lebih dari sekali.", x.ID)
		}
		seen[x.ID] = true
		if x.Text == "" {
			return Errorf(EINVALID, "Pertanyaan nomor %d belum diisi.", i+1)
		}
		if utf8.RuneCountInString(x.Text) > 500 {
			return Errorf(EINVALID, "Pertanyaan nomor %d terlalu panjang (paling banyak 500 huruf).", i+1)
		}
		switch x.Type {
		case QuestionText, QuestionScale, QuestionYesNo:
		default:
			return Errorf(EINVALID, "Jenis pertanyaan nomor %d tidak dikenal; pilih text, scale atau yesno.", i+1)
		}
	}
	return nil
}

// DefaultQuestionnaire is the questionnaire shipped with Sepakat, drawn
// from the aspects of the evaluation of a regional cooperation
// (Permendagri 22/2020; SOP 20/PDK/2021): achievement of the objectives,
// benefits, obstacles, sustainability.
func DefaultQuestionnaire() Questionnaire {
	return Questionnaire{Questions: []Question{
		{ID: "tujuan_tercapai", Text: "Sejauh mana maksud dan tujuan kerja sama telah tercapai?", Type: QuestionScale, Required: true},
		{ID: "tujuan_uraian", Text: "Uraikan capaian kerja sama dibandingkan dengan rencana (output dan outcome).", Type: QuestionText, Required: true},
		{ID: "ruang_lingkup", Text: "Apakah seluruh ruang lingkup kerja sama telah dilaksanakan?", Type: QuestionYesNo, Required: true},
		{ID: "manfaat", Text: "Seberapa besar manfaat kerja sama bagi daerah dan masyarakat?", Type: QuestionScale, Required: true},
		{ID: "manfaat_uraian", Text: "Uraikan manfaat yang dirasakan (sosial, ekonomi, lingkungan).", Type: QuestionText, Required: true},
		{ID: "peran_para_pihak", Text: "Apakah para pihak telah melaksanakan hak dan kewajibannya sesuai perjanjian?", Type: QuestionYesNo, Required: true},
		{ID: "pembiayaan", Text: "Apakah pembiayaan kerja sama sesuai dengan rencana?", Type: QuestionYesNo, Required: true},
		{ID: "kendala", Text: "Kendala atau permasalahan apa yang dihadapi, dan bagaimana penyelesaiannya?", Type: QuestionText, Required: true},
		{ID: "keberlanjutan", Text: "Apakah kerja sama ini layak dilanjutkan atau diperpanjang?", Type: QuestionYesNo, Required: true},
		{ID: "rekomendasi", Text: "Rekomendasi untuk perbaikan pelaksanaan kerja sama.", Type: QuestionText},
	}}
}

// Answer is the answer to one question. Question and Type are copied from
// the questionnaire when the answer is saved, so that an answer keeps the
// question it answered after the admin edits the questionnaire.
type Answer struct {
	QuestionID string       `json:"question_id"`
	Question   string       `json:"question"`
	Type       QuestionType `json:"type"`
	Value      string       `json:"value"`
}

// ValueLabel is the answer as users read it.
func (a Answer) ValueLabel() string {
	switch {
	case a.Value == "":
		return "—"
	case a.Type == QuestionYesNo && a.Value == "ya":
		return "Ya"
	case a.Type == QuestionYesNo && a.Value == "tidak":
		return "Tidak"
	case a.Type == QuestionScale:
		return a.Value + " dari 5"
	}
	return a.Value
}

// BuildAnswers checks values (question id → value) against q and returns
// the answers in the questionnaire's order, each carrying its question's
// text. A scale takes "1"–"5", yes/no "ya" or "tidak" (also "yes"/"no",
// "true"/"false"); a required question must be answered when complete is
// set. Values for unknown questions are refused.
func BuildAnswers(q Questionnaire, values map[string]string, complete bool) ([]Answer, error) {
	for id := range values {
		if q.Question(id) == nil {
			return nil, Errorf(EINVALID, "Pertanyaan %q tidak ada dalam kuesioner.", id)
		}
	}
	out := make([]Answer, 0, len(q.Questions))
	for i, x := range q.Questions {
		v := strings.TrimSpace(values[x.ID])
		switch x.Type {
		case QuestionScale:
			if v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > 5 {
					return nil, Errorf(EINVALID, "Jawaban pertanyaan nomor %d harus angka 1 sampai 5.", i+1)
				}
			}
		case QuestionYesNo:
			switch strings.ToLower(v) {
			case "ya", "yes", "true", "y":
				v = "ya"
			case "tidak", "no", "false", "t", "n":
				v = "tidak"
			case "":
			default:
				return nil, Errorf(EINVALID, "Jawaban pertanyaan nomor %d harus ya atau tidak.", i+1)
			}
		default:
			if utf8.RuneCountInString(v) > maxMonitoringText {
				return nil, Errorf(EINVALID, "Jawaban pertanyaan nomor %d terlalu panjang (paling banyak %d huruf).", i+1, maxMonitoringText)
			}
		}
		if v == "" && x.Required && complete {
			return nil, Errorf(EINVALID, "Pertanyaan nomor %d wajib dijawab: %s", i+1, x.Text)
		}
		out = append(out, Answer{QuestionID: x.ID, Question: x.Text, Type: x.Type, Value: v})
	}
	return out, nil
}

// Evaluation is the evaluation of a cooperation for one period of a year.
type Evaluation struct {
	CooperationID int64            `json:"cooperation_id"`
	Year          int              `json:"year"`
	Period        EvaluationPeriod `json:"period"`
	Answers       []Answer         `json:"answers"`
	Files         []MonitoringFile `json:"files"`
	NextFile      int              `json:"next_file"`
	Notes         []ReviewNote     `json:"notes"`
	NextNote      int              `json:"next_note"`
	// OpenedBy names the office member who opened the evaluation while the
	// cooperation was still in pemantauan.
	OpenedBy  string    `json:"opened_by,omitempty"`
	FilledBy  string    `json:"filled_by,omitempty"`
	FilledAt  time.Time `json:"filled_at,omitzero"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Key is the evaluation's key.
func (e *Evaluation) Key() string { return EvaluationKey(e.Year, e.Period) }

// Title is "Semester I 2026".
func (e *Evaluation) Title() string { return e.Period.Label() + " " + strconv.Itoa(e.Year) }

// File returns file n, or nil.
func (e *Evaluation) File(n int) *MonitoringFile {
	for i := range e.Files {
		if e.Files[i].N == n {
			return &e.Files[i]
		}
	}
	return nil
}

// Value returns the answer to question id ("" when none).
func (e *Evaluation) Value(id string) string {
	for _, a := range e.Answers {
		if a.QuestionID == id {
			return a.Value
		}
	}
	return ""
}

// EvaluationOpen reports whether an evaluation may be filled in stage s:
// evaluasi, and pemantauan when the office has opened it (opened).
func EvaluationOpen(s Stage, opened bool) bool {
	return s == StageEvaluasi || (s == StagePemantauan && opened)
}

// CheckFillEvaluation returns nil when u may fill, or attach to, an
// evaluation of c now: EFORBIDDEN for anyone but its PPKSD, ECONFLICT in
// another stage, or in pemantauan before the office opened the period.
func CheckFillEvaluation(u *User, c *Cooperation, opened bool) error {
	if !CanAddMonitoring(u, c) {
		return Errorf(EFORBIDDEN, "Hanya PPKSD kerja sama ini yang dapat mengisi evaluasi.")
	}
	if !EvaluationOpen(c.Stage, opened) {
		if c.Stage == StagePemantauan {
			return Errorf(ECONFLICT, "Evaluasi periode ini belum dibuka oleh Bagian Kerja Sama; pada tahap Pemantauan evaluasi diisi setelah dibuka.")
		}
		return Errorf(ECONFLICT, "Evaluasi hanya dapat diisi pada tahap Evaluasi (kerja sama ini pada tahap %s).", c.Stage.Label())
	}
	return nil
}

// CheckOpenEvaluation returns nil when u may open an evaluation of c while
// it is in pemantauan: AKP, ARNP or Kasubbag.
func CheckOpenEvaluation(u *User, c *Cooperation) error {
	if u == nil || !u.Active || !u.Role.IsOffice() {
		return Errorf(EFORBIDDEN, "Hanya AKP, ARNP atau Kasubbag yang dapat membuka evaluasi.")
	}
	if c.Stage != StagePemantauan && c.Stage != StageEvaluasi {
		return Errorf(ECONFLICT, "Evaluasi hanya dapat dibuka pada tahap Pemantauan atau Evaluasi (kerja sama ini pada tahap %s).", c.Stage.Label())
	}
	return nil
}

// EvaluationService keeps the evaluations of cooperations and the
// questionnaire. Whoever sees a cooperation sees its evaluations; its
// PPKSD fills them and follows notes up; reviewers note; the admin edits
// the questionnaire. Every change is audited and announced.
type EvaluationService interface {
	// FindEvaluations returns the evaluations of cooperation id, newest
	// period first.
	FindEvaluations(ctx context.Context, id int64) ([]*Evaluation, error)
	// FindEvaluation returns one evaluation (ENOTFOUND before it is
	// opened or filled).
	FindEvaluation(ctx context.Context, id int64, year int, p EvaluationPeriod) (*Evaluation, error)
	// OpenEvaluation lets the PPKSD fill the period while the cooperation
	// is still in pemantauan (office staff; the PPKSD is notified).
	OpenEvaluation(ctx context.Context, id int64, year int, p EvaluationPeriod) (*Evaluation, error)
	// SaveEvaluation saves the PPKSD's answers (question id → value) and
	// notifies the office.
	SaveEvaluation(ctx context.Context, id int64, year int, p EvaluationPeriod, values map[string]string) (*Evaluation, error)
	// AddEvaluationFile adds a stored, already checked file.
	AddEvaluationFile(ctx context.Context, id int64, year int, p EvaluationPeriod, file File) (*Evaluation, error)
	// AddEvaluationNote adds a reviewer's note and notifies the PPKSD.
	AddEvaluationNote(ctx context.Context, id int64, year int, p EvaluationPeriod, text string) (*Evaluation, error)
	// FollowUpEvaluationNote writes the PPKSD's follow-up of note n.
	FollowUpEvaluationNote(ctx context.Context, id int64, year int, p EvaluationPeriod, n int, text string) (*Evaluation, error)
	// FindQuestionnaire returns the questionnaire (the default one until
	// the admin saves another).
	FindQuestionnaire(ctx context.Context) (*Questionnaire, error)
	// SaveQuestionnaire replaces the questionnaire (admin).
	SaveQuestionnaire(ctx context.Context, q Questionnaire) (*Questionnaire, error)
}
