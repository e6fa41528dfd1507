package storage_test

import (
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// skFields fills every section of document k.
func planFields(k sepakat.PlanKind) sepakat.PlanFieldsInput {
	in := sepakat.PlanFieldsInput{}
	for _, f := range k.Fields() {
		in[f.Key] = f.Label + " kerja sama pengembangan SMK."
	}
	return in
}

func TestPlan_ReviewLoop(t *testing.T) {
	f := MustDocFixture(t)
	db := f.db
	coop := MustMoveTo(t, db, f.kasubbag, MustSubmittedCooperation(t, db, f.p1, f.p2, "Perencanaan SMK"), sepakat.StagePerencanaan)
	if _, err := db.GrantAccess(as(f.arnp), coop.ID, f.tkksd.ID); err != nil {
		t.Fatal(err)
	}

	// The empty record, seen by whoever sees the cooperation.
	p, err := db.FindPlan(as(f.p2), coop.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.SK.State != sepakat.PlanDraft || p.KAK.State != sepakat.PlanDraft || len(p.SK.Fields) != 0 {
		t.Fatalf("empty plan %+v", p)
	}
	_, err = db.FindPlan(as(f.q1), coop.ID)
	wantCode(t, err, sepakat.ENOTFOUND)
	_, err = db.FindPlan(as(f.tkksdOther), coop.ID)
	wantCode(t, err, sepakat.ENOTFOUND)

	// Saving: the PPKSD only; an incomplete SK cannot be submitted.
	_, err = db.SavePlan(as(f.akp), coop.ID, sepakat.PlanSK, sepakat.PlanFieldsInput{"background": "x"})
	wantCode(t, err, sepakat.EFORBIDDEN)
	if _, err := db.SavePlan(as(f.p1), coop.ID, sepakat.PlanSK, sepakat.PlanFieldsInput{"background": "  Latar.  "}); err != nil {
		t.Fatal(err)
	}
	_, err = db.SubmitPlan(as(f.p1), coop.ID, sepakat.PlanSK)
	wantCode(t, err, sepakat.EINVALID)
	wantMessageContains(t, err, "maksud dan tujuan", "kesimpulan")
	_, err = db.SavePlan(as(f.p1), coop.ID, sepakat.PlanKAK, planFields(sepakat.PlanKAK))
	wantCode(t, err, sepakat.ECONFLICT)
	if _, err := db.SavePlan(as(f.p2), coop.ID, sepakat.PlanSK, planFields(sepakat.PlanSK)); err != nil {
		t.Fatal(err)
	}
	if p, err = db.SubmitPlan(as(f.p1), coop.ID, sepakat.PlanSK); err != nil {
		t.Fatal(err)
	}
	if p.SK.State != sepakat.PlanSubmitted || p.SK.Round != 1 {
		t.Fatalf("submitted %+v", p.SK)
	}
	_, err = db.SavePlan(as(f.p1), coop.ID, sepakat.PlanSK, planFields(sepakat.PlanSK))
	wantCode(t, err, sepakat.ECONFLICT)

	// The reviewers were notified of the submission.
	for _, u := range []*sepakat.User{f.akp, f.arnp, f.tkksd, f.kasubbag} {
		notes, _, err := db.FindNotifications(as(u), 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) == 0 || !strings.Contains(notes[0].Message, "Studi Kelayakan") {
			t.Errorf("%s not notified: %+v", u.Login, notes)
		}
	}

	// Opinions, then a revise round; the history stays.
	_, err = db.AddPlanOpinion(as(f.p1), coop.ID, sepakat.PlanSK, sepakat.OpinionInput{Opinion: sepakat.OpinionApprove})
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.AddPlanOpinion(as(f.tkksdOther), coop.ID, sepakat.PlanSK, sepakat.OpinionInput{Opinion: sepakat.OpinionApprove})
	wantCode(t, err, sepakat.ENOTFOUND)
	if p, err = db.AddPlanOpinion(as(f.tkksd), coop.ID, sepakat.PlanSK, sepakat.OpinionInput{Opinion: sepakat.OpinionRevise, Note: "Lengkapi analisis risiko."}); err != nil {
		t.Fatal(err)
	}
	if p.SK.State != sepakat.PlanReviewed {
		t.Fatalf("state %s", p.SK.State)
	}
	_, err = db.DecidePlan(as(f.akp), coop.ID, sepakat.PlanSK, sepakat.DecisionInput{Decision: sepakat.DecisionAccepted})
	wantCode(t, err, sepakat.EFORBIDDEN)
	_, err = db.DecidePlan(as(f.kasubbag), coop.ID, sepakat.PlanSK, sepakat.DecisionInput{Decision: sepakat.DecisionRevise})
	wantCode(t, err, sepakat.EINVALID)
	if p, err = db.DecidePlan(as(f.kasubbag), coop.ID, sepakat.PlanSK, sepakat.DecisionInput{Decision: sepakat.DecisionRevise, Note: "Perbaiki analisis risiko."}); err != nil {
		t.Fatal(err)
	}
	if p.SK.State != sepakat.PlanRevise {
		t.Fatalf("state %s", p.SK.State)
	}
	notes, _, _ := db.FindNotifications(as(f.p2), 1)
	if len(notes) == 0 || !strings.Contains(notes[0].Message, "Perbaiki analisis risiko") {
		t.Errorf("PPKSD-2 not told of the decision: %+v", notes)
	}
	_, err = db.AddPlanOpinion(as(f.akp), coop.ID, sepakat.PlanSK, sepakat.OpinionInput{Opinion: sepakat.OpinionApprove})
	wantCode(t, err, sepakat.ECONFLICT)
	if _, err := db.SavePlan(as(f.p1), coop.ID, sepakat.PlanSK, sepakat.PlanFieldsInput{"risks": "Risiko dan mitigasinya."}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SubmitPlan(as(f.p1), coop.ID, sepakat.PlanSK); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddPlanOpinion(as(f.akp), coop.ID, sepakat.PlanSK, sepakat.OpinionInput{Opinion: sepakat.OpinionApprove}); err != nil {
		t.Fatal(err)
	}
	if p, err = db.DecidePlan(as(f.kasubbag), coop.ID, sepakat.PlanSK, sepakat.DecisionInput{Decision: sepakat.DecisionAccepted}); err != nil {
		t.Fatal(err)
	}
	if p.SK.State != sepakat.PlanAccepted || p.SK.Round != 2 || len(p.SK.Opinions) != 2 || len(p.SK.Decisions) != 2 || len(p.SK.Submissions) != 2 {
		t.Fatalf("accepted SK %+v", p.SK)
	}
	if cur := p.SK.CurrentOpinions(); len(cur) != 1 || cur[0].ReviewerID != f.akp.ID {
		t.Errorf("current opinions %+v", cur)
	}

	// The KAK opens; a rejection ends the cooperation.
	if _, err := db.SavePlan(as(f.p1), coop.ID, sepakat.PlanKAK, planFields(sepakat.PlanKAK)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SubmitPlan(as(f.p1), coop.ID, sepakat.PlanKAK); err != nil {
		t.Fatal(err)
	}
	_, err = db.TransitionCooperation(as(f.kasubbag), coop.ID, sepakat.StageInisiasi, "")
	wantCode(t, err, sepakat.ECONFLICT)
	wantMessageContains(t, err, "KAK")
	if p, err = db.DecidePlan(as(f.kasubbag), coop.ID, sepakat.PlanKAK, sepakat.DecisionInput{Decision: sepakat.DecisionRejected, Note: "Tidak sesuai prioritas daerah."}); err != nil {
		t.Fatal(err)
	}
	c, err := db.FindCooperationByID(as(f.kasubbag), coop.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.KAK.State != sepakat.PlanRejected || c.Stage != sepakat.StageDitolak || !strings.Contains(c.History[len(c.History)-1].Note, "Tidak sesuai prioritas") {
		t.Fatalf("after rejection: %s, %s %+v", p.KAK.State, c.Stage, c.History)
	}
	_, err = db.SavePlan(as(f.p1), coop.ID, sepakat.PlanKAK, planFields(sepakat.PlanKAK))
	wantCode(t, err, sepakat.ECONFLICT)

	// Every step is in the audit log.
	entries, err := db.FindAuditEntries(as(f.kasubbag), sepakat.AuditFilter{Object: "cooperation/" + itoa(coop.ID)})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	all := strings.Join(actions, " ")
	for _, want := range []string{"cooperation.plan.sk.save", "cooperation.plan.sk.submit", "cooperation.plan.sk.opinion", "cooperation.plan.sk.decision",
		"cooperation.plan.kak.save", "cooperation.plan.kak.submit", "cooperation.plan.kak.decision", "cooperation.transition"} {
		if !strings.Contains(all, want) {
			t.Errorf("audit lacks %s: %s", want, all)
		}
	}
}
