package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/sepakat/sepakat"
)

var _ sepakat.EvaluationService = (*DB)(nil)

// Evaluations live in the buckets of schema version 7:
//
//	evaluations  cooperation id + "2026-semester1" → Evaluation
//	settings     "evaluation_questionnaire" → Questionnaire
//
// The files of an evaluation are referenced in filerefs under the
// cooperation's object, like those of monitoring.

// keyQuestionnaire is the settings key of the evaluation questionnaire.
var keyQuestionnaire = []byte("evaluation_questionnaire")

func evaluationKey(id int64, year int, p sepakat.EvaluationPeriod) []byte {
	return append(itob(id), sepakat.EvaluationKey(year, p)...)
}

func errEvaluationNotFound(year int, p sepakat.EvaluationPeriod) error {
	return sepakat.Errorf(sepakat.ENOTFOUND, "Evaluasi %s %d belum ada.", p.Label(), year)
}

func checkPeriod(year int, p sepakat.EvaluationPeriod) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return sepakat.CheckEvaluationYear(year)
}

// getEvaluation reads one evaluation; nil when absent.
func getEvaluation(tx *bolt.Tx, id int64, year int, p sepakat.EvaluationPeriod) (*sepakat.Evaluation, error) {
	b := tx.Bucket(bucketEvaluations)
	if b == nil {
		return nil, nil
	}
	var e sepakat.Evaluation
	found, err := getJSON(b, evaluationKey(id, year, p), &e)
	if err != nil || !found {
		return nil, err
	}
	return &e, nil
}

// getQuestionnaire reads the questionnaire, or the default one.
func getQuestionnaire(tx *bolt.Tx) (*sepakat.Questionnaire, error) {
	q := sepakat.DefaultQuestionnaire()
	if b := tx.Bucket(bucketSettings); b != nil {
		if _, err := getJSON(b, keyQuestionnaire, &q); err != nil {
			return nil, err
		}
	}
	return &q, nil
}

// FindEvaluations returns the evaluations of cooperation id, newest period
// first, to whoever sees the cooperation.
func (db *DB) FindEvaluations(ctx context.Context, id int64) ([]*sepakat.Evaluation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	out := []*sepakat.Evaluation{}
	err = db.view(func(tx *bolt.Tx) error {
		if _, err := visibleCooperation(tx, a, id); err != nil {
			return err
		}
		b := tx.Bucket(bucketEvaluations)
		if b == nil {
			return nil
		}
		prefix := itob(id)
		cur := b.Cursor()
		for k, v := cur.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = cur.Next() {
			var e sepakat.Evaluation
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode evaluation: %w", err)
			}
			out = append(out, &e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// FindEvaluation returns the evaluation of year and period of cooperation
// id.
func (db *DB) FindEvaluation(ctx context.Context, id int64, year int, p sepakat.EvaluationPeriod) (*sepakat.Evaluation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkPeriod(year, p); err != nil {
		return nil, err
	}
	var e *sepakat.Evaluation
	err = db.view(func(tx *bolt.Tx) error {
		if _, err := visibleCooperation(tx, a, id); err != nil {
			return err
		}
		if e, err = getEvaluation(tx, id, year, p); err != nil {
			return err
		}
		if e == nil {
			return errEvaluationNotFound(year, p)
		}
		return nil
	})
	return e, err
}

// changeEvaluation loads (or, with create, starts) the evaluation inside
// one write transaction, after check, lets change modify it and stores it.
func (db *DB) changeEvaluation(a *sepakat.User, id int64, year int, p sepakat.EvaluationPeriod, create bool,
	check func(c *sepakat.Cooperation, e *sepakat.Evaluation) error,
	change func(tx *tx, c *sepakat.Cooperation, e *sepakat.Evaluation) error) (*sepakat.Evaluation, error) {
	if err := checkPeriod(year, p); err != nil {
		return nil, err
	}
	var e *sepakat.Evaluation
	_, err := db.changeCooperation(a, id, func(tx *tx, c *sepakat.Cooperation) error {
		var err error
		if e, err = getEvaluation(tx.Tx, c.ID, year, p); err != nil {
			return err
		}
		if err := check(c, e); err != nil {
			return err
		}
		if e == nil {
			if !create {
				return errEvaluationNotFound(year, p)
			}
			e = &sepakat.Evaluation{
				CooperationID: c.ID, Year: year, Period: p, Answers: []sepakat.Answer{}, Files: []sepakat.MonitoringFile{},
				NextFile: 1, Notes: []sepakat.ReviewNote{}, NextNote: 1, CreatedAt: tx.now,
			}
		}
		if err := change(tx, c, e); err != nil {
			return err
		}
		e.UpdatedAt = tx.now
		if err := putJSON(tx.Bucket(bucketEvaluations), evaluationKey(c.ID, year, p), e); err != nil {
			return fmt.Errorf("put evaluation: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

func linkEvaluation(id int64) string { return linkCooperation(id) + "#evaluasi" }

// OpenEvaluation opens the period for the PPKSD while cooperation id is in
// pemantauan (in evaluasi every period is open) and notifies the PPKSD.
func (db *DB) OpenEvaluation(ctx context.Context, id int64, year int, p sepakat.EvaluationPeriod) (*sepakat.Evaluation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeEvaluation(a, id, year, p, true, func(c *sepakat.Cooperation, e *sepakat.Evaluation) error {
		if err := sepakat.CheckOpenEvaluation(a, c); err != nil {
			return err
		}
		if e != nil {
			return sepakat.Errorf(sepakat.ECONFLICT, "Evaluasi %s %d sudah dibuka.", p.Label(), year)
		}
		return nil
	}, func(tx *tx, c *sepakat.Cooperation, e *sepakat.Evaluation) error {
		e.OpenedBy = a.Name
		if err := tx.appendAudit(a, "cooperation.evaluation.open", cooperationObject(c.ID), "evaluasi dibuka: "+e.Title()); err != nil {
			return err
		}
		return tx.notify([]int64{c.PPKSD1ID, c.PPKSD2ID}, fmt.Sprintf("Evaluasi %s kerja sama %s %q dibuka; isikan kuesioner evaluasi.", e.Title(), displayCode(c), truncate(c.Title, 120)),
			linkEvaluation(c.ID), c.ID)
	})
}

// checkFill is the check of the PPKSD's changes.
func checkFill(a *sepakat.User) func(c *sepakat.Cooperation, e *sepakat.Evaluation) error {
	return func(c *sepakat.Cooperation, e *sepakat.Evaluation) error {
		return sepakat.CheckFillEvaluation(a, c, e != nil)
	}
}

// SaveEvaluation saves the PPKSD's answers against the questionnaire of
// now (each answer keeps its question's text) and notifies the office and
// the granted TKKSD members.
func (db *DB) SaveEvaluation(ctx context.Context, id int64, year int, p sepakat.EvaluationPeriod, values map[string]string) (*sepakat.Evaluation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	return db.changeEvaluation(a, id, year, p, true, checkFill(a), func(tx *tx, c *sepakat.Cooperation, e *sepakat.Evaluation) error {
		q, err := getQuestionnaire(tx.Tx)
		if err != nil {
			return err
		}
		answers, err := sepakat.BuildAnswers(*q, values, true)
		if err != nil {
			return err
		}
		first := e.FilledAt.IsZero()
		e.Answers, e.FilledBy, e.FilledAt = answers, a.Name, tx.now
		detail, _ := json.Marshal(values)
		if err := tx.appendAudit(a, "cooperation.evaluation.save", cooperationObject(c.ID), e.Title()+": "+truncate(string(detail), 2000)); err != nil {
			return err
		}
		to, err := monitoringRecipients(tx.Tx, a, c)
		if err != nil {
			return err
		}
		verb := "diperbarui"
		if first {
			verb = "diisi"
		}
		return tx.notify(to, fmt.Sprintf("Evaluasi %s kerja sama %s %q %s oleh PPKSD.", e.Title(), displayCode(c), truncate(c.Title, 120), verb),
			linkEvaluation(c.ID), c.ID)
	})
}

// AddEvaluationFile adds a stored, checked file to an evaluation.
func (db *DB) AddEvaluationFile(ctx context.Context, id int64, year int, p sepakat.EvaluationPeriod, file sepakat.File) (*sepakat.Evaluation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkStoredFile(&file, a, sepakat.MaxMonitoringFileSize, "evaluasi", monitoringTypes...); err != nil {
		return nil, err
	}
	return db.changeEvaluation(a, id, year, p, true, checkFill(a), func(tx *tx, c *sepakat.Cooperation, e *sepakat.Evaluation) error {
		f, err := tx.attachFile(c, &e.Files, &e.NextFile, file, "Lampiran satu evaluasi")
		if err != nil {
			return err
		}
		return tx.appendAudit(a, "cooperation.evaluation.file", cooperationObject(c.ID),
			fmt.Sprintf("evaluasi %s, lampiran %d: %s (%s, %d bita)", e.Title(), f.N, file.Name, file.SHA256, file.Size))
	})
}

// AddEvaluationNote adds a reviewer's note to an evaluation and notifies
// the PPKSD.
func (db *DB) AddEvaluationNote(ctx context.Context, id int64, year int, p sepakat.EvaluationPeriod, text string) (*sepakat.Evaluation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := sepakat.CheckNoteText(&text, "Catatan"); err != nil {
		return nil, err
	}
	return db.changeEvaluation(a, id, year, p, false, func(c *sepakat.Cooperation, _ *sepakat.Evaluation) error {
		return sepakat.CheckReviewNote(a, c)
	}, func(tx *tx, c *sepakat.Cooperation, e *sepakat.Evaluation) error {
		n, err := addNote(&e.Notes, &e.NextNote, a, text, tx.now, "Catatan satu evaluasi")
		if err != nil {
			return err
		}
		return tx.auditNotify(a, c, "cooperation.evaluation.note", fmt.Sprintf("evaluasi %s, catatan %d: %s", e.Title(), n, truncate(text, 200)),
			[]int64{c.PPKSD1ID, c.PPKSD2ID}, fmt.Sprintf("%s memberi catatan pada evaluasi %s kerja sama %s; tuliskan tindak lanjutnya.", a.Name, e.Title(), displayCode(c)),
			linkEvaluation(c.ID))
	})
}

// FollowUpEvaluationNote writes the PPKSD's follow-up of note n and
// notifies its author.
func (db *DB) FollowUpEvaluationNote(ctx context.Context, id int64, year int, p sepakat.EvaluationPeriod, n int, text string) (*sepakat.Evaluation, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if err := sepakat.CheckNoteText(&text, "Tindak lanjut"); err != nil {
		return nil, err
	}
	return db.changeEvaluation(a, id, year, p, false, func(c *sepakat.Cooperation, _ *sepakat.Evaluation) error {
		return sepakat.CheckFollowUp(a, c)
	}, func(tx *tx, c *sepakat.Cooperation, e *sepakat.Evaluation) error {
		note, err := followUp(e.Notes, n, a, text, tx.now)
		if err != nil {
			return err
		}
		return tx.auditNotify(a, c, "cooperation.evaluation.follow_up", fmt.Sprintf("evaluasi %s, tindak lanjut catatan %d: %s", e.Title(), n, truncate(text, 200)),
			[]int64{note.AuthorID}, fmt.Sprintf("%s menuliskan tindak lanjut atas catatan Anda pada evaluasi %s kerja sama %s.", a.Name, e.Title(), displayCode(c)),
			linkEvaluation(c.ID))
	})
}

// FindQuestionnaire returns the questionnaire to any logged-in user.
func (db *DB) FindQuestionnaire(ctx context.Context) (*sepakat.Questionnaire, error) {
	if _, err := actor(ctx); err != nil {
		return nil, err
	}
	var q *sepakat.Questionnaire
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		q, err = getQuestionnaire(tx)
		return err
	})
	return q, err
}

// SaveQuestionnaire replaces the questionnaire (admin only). Answers
// already given keep the text of the question they answered.
func (db *DB) SaveQuestionnaire(ctx context.Context, q sepakat.Questionnaire) (*sepakat.Questionnaire, error) {
	a, err := actor(ctx)
	if err != nil {
		return nil, err
	}
	if a.Role != sepakat.RoleAdmin {
		return nil, sepakat.Errorf(sepakat.EFORBIDDEN, "Hanya admin yang dapat mengubah kuesioner evaluasi.")
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	err = db.update(func(tx *tx) error {
		q.UpdatedAt, q.UpdatedBy = tx.now, a.Name
		if err := putJSON(tx.Bucket(bucketSettings), keyQuestionnaire, q); err != nil {
			return fmt.Errorf("put questionnaire: %w", err)
		}
		var ids []string
		for _, x := range q.Questions {
			ids = append(ids, x.ID+" ("+string(x.Type)+")")
		}
		return tx.appendAudit(a, "settings.evaluation_questionnaire", "settings/evaluation_questionnaire",
			fmt.Sprintf("%d pertanyaan: %s", len(q.Questions), strings.Join(ids, ", ")))
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}
