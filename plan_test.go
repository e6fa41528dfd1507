package sepakat_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// TestCheckPlan walks every action on both documents for every principal
// and every state: who may do what, and when.
func TestCheckPlan(t *testing.T) {
	users := map[string]*sepakat.User{
		"ppksd":        {ID: 1, Role: sepakat.RolePPKSD, Active: true, Verified: true},
		"ppksd-lain":   {ID: 2, Role: sepakat.RolePPKSD, Active: true, Verified: true},
		"akp":          {ID: 3, Role: sepakat.RoleAKP, Active: true},
		"arnp":         {ID: 4, Role: sepakat.RoleARNP, Active: true},
		"kasubbag":     {ID: 5, Role: sepakat.RoleKasubbag, Active: true},
		"tkksd":        {ID: 6, Role: sepakat.RoleTKKSD, Active: true},
		"tkksd-lain":   {ID: 7, Role: sepakat.RoleTKKSD, Active: true},
		"protokol":     {ID: 8, Role: sepakat.RoleProtokol, Active: true},
		"admin":        {ID: 9, Role: sepakat.RoleAdmin, Active: true},
		"akp-nonaktif": {ID: 10, Role: sepakat.RoleAKP},
	}
	// who may take each action, whatever the state
	actors := map[sepakat.PlanAction][]string{
		sepakat.PlanActionSave:    {"ppksd"},
		sepakat.PlanActionSubmit:  {"ppksd"},
		sepakat.PlanActionOpinion: {"akp", "arnp", "tkksd"},
		sepakat.PlanActionDecide:  {"kasubbag"},
	}
	// the states in which each action is possible
	open := map[sepakat.PlanAction][]sepakat.PlanState{
		sepakat.PlanActionSave:    {sepakat.PlanDraft, sepakat.PlanRevise},
		sepakat.PlanActionSubmit:  {sepakat.PlanDraft, sepakat.PlanRevise},
		sepakat.PlanActionOpinion: {sepakat.PlanSubmitted, sepakat.PlanReviewed},
		sepakat.PlanActionDecide:  {sepakat.PlanSubmitted, sepakat.PlanReviewed},
	}
	states := []sepakat.PlanState{sepakat.PlanDraft, sepakat.PlanSubmitted, sepakat.PlanReviewed, sepakat.PlanAccepted, sepakat.PlanRevise, sepakat.PlanRejected}
	c := &sepakat.Cooperation{ID: 1, Stage: sepakat.StagePerencanaan, PPKSD1ID: 1, Grants: []sepakat.Grant{{UserID: 6}}}
	for action, who := range actors {
		for _, kind := range sepakat.PlanKinds {
			for _, st := range states {
				for name, u := range users {
					p := sepakat.NewPlan(1)
					if kind == sepakat.PlanKAK {
						p.SK.State = sepakat.PlanAccepted
					}
					p.Doc(kind).State = st
					want := ""
					switch {
					case !contains(who, name):
						want = sepakat.EFORBIDDEN
					case !containsState(open[action], st):
						want = sepakat.ECONFLICT
					}
					err := sepakat.CheckPlan(u, c, p, kind, action)
					if got := sepakat.ErrorCode(err); got != want {
						t.Errorf("%s %s %s in %s: %q (%v), want %q", name, action, kind, st, got, err, want)
					}
				}
			}
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsState(ss []sepakat.PlanState, s sepakat.PlanState) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestCheckPlan_stageAndOrder(t *testing.T) {
	ppksd := &sepakat.User{ID: 1, Role: sepakat.RolePPKSD, Active: true, Verified: true}
	kasubbag := &sepakat.User{ID: 5, Role: sepakat.RoleKasubbag, Active: true}
	c := &sepakat.Cooperation{ID: 1, Stage: sepakat.StagePerencanaan, PPKSD1ID: 1}
	p := sepakat.NewPlan(1)
	// The KAK stays closed until the SK is accepted.
	for _, st := range []sepakat.PlanState{sepakat.PlanDraft, sepakat.PlanSubmitted, sepakat.PlanReviewed, sepakat.PlanRevise, sepakat.PlanRejected} {
		p.SK.State = st
		if err := sepakat.CheckPlan(ppksd, c, p, sepakat.PlanKAK, sepakat.PlanActionSave); sepakat.ErrorCode(err) != sepakat.ECONFLICT {
			t.Errorf("KAK with SK %s: %v, want conflict", st, err)
		}
	}
	p.SK.State = sepakat.PlanAccepted
	if err := sepakat.CheckPlan(ppksd, c, p, sepakat.PlanKAK, sepakat.PlanActionSave); err != nil {
		t.Errorf("KAK after accepted SK: %v", err)
	}
	// Outside Perencanaan nothing changes, even for the right people.
	p = sepakat.NewPlan(1)
	for _, st := range sepakat.Stages {
		if st == sepakat.StagePerencanaan {
			continue
		}
		c := *c
		c.Stage = st
		if err := sepakat.CheckPlan(ppksd, &c, p, sepakat.PlanSK, sepakat.PlanActionSubmit); sepakat.ErrorCode(err) != sepakat.ECONFLICT {
			t.Errorf("submit in %s: %v, want conflict", st, err)
		}
	}
	p.SK.State = sepakat.PlanSubmitted
	c2 := *c
	c2.Stage = sepakat.StageDitolak
	if err := sepakat.CheckPlan(kasubbag, &c2, p, sepakat.PlanSK, sepakat.PlanActionDecide); sepakat.ErrorCode(err) != sepakat.ECONFLICT {
		t.Errorf("decide on a rejected cooperation: %v", err)
	}
	if err := sepakat.CheckPlan(ppksd, c, p, "rab", sepakat.PlanActionSave); sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
		t.Errorf("unknown document: %v", err)
	}
}

func TestPlanInputs_Validate(t *testing.T) {
	tests := []struct {
		name string
		err  func() error
		code string
	}{
		{"fields ok", func() error { return sepakat.PlanFieldsInput{"background": " a\r\nb "}.Validate(sepakat.PlanSK) }, ""},
		{"KAK field on SK", func() error { return sepakat.PlanFieldsInput{"schedule": "x"}.Validate(sepakat.PlanSK) }, sepakat.EINVALID},
		{"field too long", func() error {
			return sepakat.PlanFieldsInput{"risks": strings.Repeat("a", sepakat.MaxPlanFieldLength+1)}.Validate(sepakat.PlanSK)
		}, sepakat.EINVALID},
		{"approve without note", func() error { return (&sepakat.OpinionInput{Opinion: sepakat.OpinionApprove}).Validate() }, ""},
		{"no opinion", func() error { return (&sepakat.OpinionInput{Opinion: sepakat.OpinionNone}).Validate() }, ""},
		{"revise without note", func() error { return (&sepakat.OpinionInput{Opinion: sepakat.OpinionRevise, Note: " ok "}).Validate() }, sepakat.EINVALID},
		{"reject with note", func() error {
			return (&sepakat.OpinionInput{Opinion: sepakat.OpinionReject, Note: "Tidak layak."}).Validate()
		}, ""},
		{"unknown opinion", func() error { return (&sepakat.OpinionInput{Opinion: "maybe"}).Validate() }, sepakat.EINVALID},
		{"accept without note", func() error { return (&sepakat.DecisionInput{Decision: sepakat.DecisionAccepted}).Validate() }, ""},
		{"revise decision without note", func() error { return (&sepakat.DecisionInput{Decision: sepakat.DecisionRevise}).Validate() }, sepakat.EINVALID},
		{"reject decision with note", func() error {
			return (&sepakat.DecisionInput{Decision: sepakat.DecisionRejected, Note: "Tidak layak."}).Validate()
		}, ""},
		{"unknown decision", func() error { return (&sepakat.DecisionInput{Decision: "approved"}).Validate() }, sepakat.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sepakat.ErrorCode(tt.err()); got != tt.code {
				t.Errorf("code %q, want %q", got, tt.code)
			}
		})
	}
}

func TestPlanDoc(t *testing.T) {
	p := sepakat.NewPlan(1)
	if m := p.SK.Missing(); len(m) != len(sepakat.PlanSK.Fields()) {
		t.Errorf("missing %v", m)
	}
	p.SK.Round = 2
	p.SK.Opinions = []sepakat.PlanOpinion{
		{Round: 1, ReviewerID: 3, Opinion: sepakat.OpinionRevise},
		{Round: 2, ReviewerID: 3, Opinion: sepakat.OpinionRevise},
		{Round: 2, ReviewerID: 4, Opinion: sepakat.OpinionApprove},
		{Round: 2, ReviewerID: 3, Opinion: sepakat.OpinionApprove},
	}
	got := fmt.Sprint(p.SK.CurrentOpinions())
	cur := p.SK.CurrentOpinions()
	if len(cur) != 2 || cur[0].ReviewerID != 3 || cur[0].Opinion != sepakat.OpinionApprove || cur[1].ReviewerID != 4 {
		t.Errorf("current opinions %s", got)
	}
	for in, want := range map[string]string{
		"Dinas Pariwisata dan Ekonomi Kreatif": "Kepala Dinas Pariwisata dan Ekonomi Kreatif",
		"Universitas Nusantara Timur":          "Rektor Universitas Nusantara Timur",
		"PT Maju":                              "Pimpinan PT Maju",
	} {
		if got := sepakat.HeadTitle(in); got != want {
			t.Errorf("HeadTitle(%q) = %q", in, got)
		}
	}
}
