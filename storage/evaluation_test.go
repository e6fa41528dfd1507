package storage_test

import (
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// fullAnswers answers every question of the default questionnaire.
func fullAnswers() map[string]string {
	v := map[string]string{}
	for _, q := range sepakat.DefaultQuestionnaire().Questions {
		switch q.Type {
		case sepakat.QuestionScale:
			v[q.ID] = "4"
		case sepakat.QuestionYesNo:
			v[q.ID] = "ya"
		default:
			v[q.ID] = "Uraian " + q.ID
		}
	}
	return v
}

func TestEvaluation(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	admin := MustCreateUser(t, db, sepakat.RoleAdmin, "admin2")
	s1 := sepakat.PeriodSemester1

	// Before pemantauan: 409; in pemantauan, before the office opens the
	// period: 409; unknown periods are 404.
	_, err := db.SaveEvaluation(as(f.p1), f.coop.ID, 2026, s1, fullAnswers())
	wantCode(t, err, sepakat.ECONFLICT)
	coop := MustMoveTo(t, db, f.kasubbag, f.coop, sepakat.StagePemantauan)
	_, err = db.SaveEvaluation(as(f.p1), coop.ID, 2026, s1, fullAnswers())
	wantCode(t, err, sepakat.ECONFLICT)
	_, err = db.SaveEvaluation(as(f.p1), coop.ID, 2026, "kuartal", fullAnswers())
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.OpenEvaluation(as(f.p1), coop.ID, 2026, s1)
	wantCode(t, err, sepakat.EFORBIDDEN)
	if _, err := db.OpenEvaluation(as(f.akp), coop.ID, 2026, s1); err != nil {
		t.Fatal(err)
	}
	_, err = db.OpenEvaluation(as(f.akp), coop.ID, 2026, s1)
	wantCode(t, err, sepakat.ECONFLICT)
	if !strings.Contains(notesOf(t, db, f.p2), "dibuka") {
		t.Fatal("PPKSD not notified of the opening")
	}

	// Answers checked against the questionnaire.
	bad := fullAnswers()
	bad["tujuan_tercapai"] = "7"
	_, err = db.SaveEvaluation(as(f.p1), coop.ID, 2026, s1, bad)
	wantCode(t, err, sepakat.EINVALID)
	missing := fullAnswers()
	delete(missing, "kendala")
	_, err = db.SaveEvaluation(as(f.p1), coop.ID, 2026, s1, missing)
	wantMessageContains(t, err, "wajib dijawab")
	_, err = db.SaveEvaluation(as(f.akp), coop.ID, 2026, s1, fullAnswers())
	wantCode(t, err, sepakat.EFORBIDDEN)
	e, err := db.SaveEvaluation(as(f.p1), coop.ID, 2026, s1, fullAnswers())
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Answers) != len(sepakat.DefaultQuestionnaire().Questions) || e.Value("keberlanjutan") != "ya" || e.Answers[0].Question == "" {
		t.Fatalf("answers %+v", e.Answers)
	}
	if e, err = db.AddEvaluationFile(as(f.p1), coop.ID, 2026, s1, pdfFile(t, db, "laporan.pdf", "%PDF-1.7 laporan evaluasi")); err != nil || len(e.Files) != 1 {
		t.Fatalf("file: %v", err)
	}

	// Notes and follow-up.
	_, err = db.AddEvaluationNote(as(f.p1), coop.ID, 2026, s1, "x")
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.AddEvaluationNote(as(f.akp), coop.ID, 2026, sepakat.PeriodAnnual, "x")
	wantCode(t, err, sepakat.ENOTFOUND)
	if _, err = db.AddEvaluationNote(as(f.kasubbag), coop.ID, 2026, s1, "Lengkapi data realisasi anggaran."); err != nil {
		t.Fatal(err)
	}
	if e, err = db.FollowUpEvaluationNote(as(f.p2), coop.ID, 2026, s1, 1, "Data realisasi dilampirkan."); err != nil || e.Notes[0].FollowUp == nil {
		t.Fatalf("follow-up: %v", err)
	}

	// The admin edits the questionnaire; the saved answers keep the old
	// question text; only the admin may edit.
	q := sepakat.Questionnaire{Questions: []sepakat.Question{
		{ID: "tujuan_tercapai", Text: "Tingkat ketercapaian tujuan (teks baru)", Type: sepakat.QuestionScale, Required: true},
		{Text: "Pertanyaan tambahan", Type: sepakat.QuestionText},
	}}
	_, err = db.SaveQuestionnaire(as(f.kasubbag), q)
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.SaveQuestionnaire(as(admin), sepakat.Questionnaire{Questions: []sepakat.Question{{Text: "x", Type: "pilihan"}}})
	wantCode(t, err, sepakat.EINVALID)
	saved, err := db.SaveQuestionnaire(as(admin), q)
	if err != nil || saved.Questions[1].ID != "q2" {
		t.Fatalf("save questionnaire: %v %+v", err, saved)
	}
	got, err := db.FindEvaluation(as(f.akp), coop.ID, 2026, s1)
	if err != nil || got.Answers[0].Question != sepakat.DefaultQuestionnaire().Questions[0].Text {
		t.Fatalf("old answer lost its question: %v %+v", err, got)
	}
	// In evaluasi every period is open; the new questionnaire applies.
	coop = MustMoveTo(t, db, f.kasubbag, coop, sepakat.StageEvaluasi)
	e, err = db.SaveEvaluation(as(f.p1), coop.ID, 2026, sepakat.PeriodAnnual, map[string]string{"tujuan_tercapai": "5", "q2": "Tambahan"})
	if err != nil || len(e.Answers) != 2 || e.Answers[0].Question != "Tingkat ketercapaian tujuan (teks baru)" {
		t.Fatalf("annual: %v %+v", err, e)
	}
	list, err := db.FindEvaluations(as(f.p2), coop.ID)
	if err != nil || len(list) != 2 || list[0].Period != sepakat.PeriodAnnual {
		t.Fatalf("list: %v %+v", err, list)
	}
	if _, err := db.FindEvaluations(as(f.q1), coop.ID); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatalf("stranger: %v", err)
	}
}
