package sepakat_test

import (
	"testing"

	"github.com/sepakat/sepakat"
)

func TestBuildAnswers(t *testing.T) {
	q := sepakat.Questionnaire{Questions: []sepakat.Question{
		{ID: "a", Text: "Skala", Type: sepakat.QuestionScale, Required: true},
		{ID: "b", Text: "Ya atau tidak", Type: sepakat.QuestionYesNo},
		{ID: "c", Text: "Uraian", Type: sepakat.QuestionText},
	}}
	ans, err := sepakat.BuildAnswers(q, map[string]string{"a": " 3 ", "b": "Yes"}, true)
	if err != nil || len(ans) != 3 || ans[0].Value != "3" || ans[1].Value != "ya" || ans[1].ValueLabel() != "Ya" || ans[2].ValueLabel() != "—" || ans[0].Question != "Skala" {
		t.Fatalf("%v %+v", err, ans)
	}
	for _, bad := range []map[string]string{{"a": "0"}, {"a": "6"}, {"a": "x"}, {"a": "1", "b": "mungkin"}, {"a": "1", "z": "?"}, {}} {
		if _, err := sepakat.BuildAnswers(q, bad, true); sepakat.ErrorCode(err) != sepakat.EINVALID {
			t.Errorf("%v: %v", bad, err)
		}
	}
	if _, err := sepakat.BuildAnswers(q, map[string]string{}, false); err != nil {
		t.Errorf("a draft without answers: %v", err)
	}
}

func TestQuestionnaireValidate(t *testing.T) {
	d := sepakat.DefaultQuestionnaire()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	q := sepakat.Questionnaire{Questions: []sepakat.Question{{Text: "  satu  dua ", Type: sepakat.QuestionText}, {ID: "q1", Text: "x", Type: sepakat.QuestionYesNo}}}
	if err := q.Validate(); err != nil || q.Questions[0].ID != "q2" || q.Questions[0].Text != "satu dua" {
		t.Fatalf("%v %+v", err, q)
	}
	for _, bad := range []sepakat.Questionnaire{
		{},
		{Questions: []sepakat.Question{{ID: "a", Text: "x", Type: "pilihan"}}},
		{Questions: []sepakat.Question{{ID: "a", Text: "", Type: sepakat.QuestionText}}},
		{Questions: []sepakat.Question{{ID: "a", Text: "x", Type: sepakat.QuestionText}, {ID: "A", Text: "y", Type: sepakat.QuestionText}}},
		{Questions: []sepakat.Question{{ID: "a b", Text: "x", Type: sepakat.QuestionText}}},
	} {
		if err := bad.Validate(); sepakat.ErrorCode(err) != sepakat.EINVALID {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if sepakat.EvaluationKey(2026, sepakat.PeriodSemester2) != "2026-semester2" || sepakat.PeriodAnnual.Label() != "Tahunan" {
		t.Fatal("key or label")
	}
	if err := sepakat.EvaluationPeriod("kuartal").Validate(); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Fatal(err)
	}
}
