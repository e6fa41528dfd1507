package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// planView is the page of one planning document (Studi Kelayakan or KAK):
// the form for the PPKSD while they may edit it, the text for everyone
// else, the opinion form for the reviewers, the decision form for
// Kasubbag, and the history of every round.
type planView struct {
	Coop       *sepakat.Cooperation
	Kind       sepakat.PlanKind
	Doc        *sepakat.PlanDoc
	Sections   []planSection
	Open       bool
	CanEdit    bool
	CanOpinion bool
	CanDecide  bool
	Opinions   []sepakat.Opinion
	Decisions  []sepakat.Decision
	Rounds     []planRound
	Missing    []string
}

type planSection struct {
	sepakat.PlanField
	Value string
}

// planRound is one submission with its opinions and decision.
type planRound struct {
	N          int
	Submission *sepakat.PlanSubmission
	Opinions   []sepakat.PlanOpinion
	Decision   *sepakat.PlanDecision
}

func newPlanView(u *sepakat.User, coop *sepakat.Cooperation, p *sepakat.Plan, k sepakat.PlanKind) *planView {
	d := p.Doc(k)
	v := &planView{
		Coop: coop, Kind: k, Doc: d, Open: k == sepakat.PlanSK || p.SK.State == sepakat.PlanAccepted,
		CanEdit:    sepakat.CanPlan(u, coop, p, k, sepakat.PlanActionSave),
		CanOpinion: sepakat.CanPlan(u, coop, p, k, sepakat.PlanActionOpinion),
		CanDecide:  sepakat.CanPlan(u, coop, p, k, sepakat.PlanActionDecide),
		Opinions:   sepakat.Opinions, Decisions: sepakat.Decisions, Missing: d.Missing(),
	}
	for _, f := range k.Fields() {
		v.Sections = append(v.Sections, planSection{PlanField: f, Value: d.Fields[f.Key]})
	}
	for n := d.Round; n >= 1; n-- {
		r := planRound{N: n}
		for i := range d.Submissions {
			if d.Submissions[i].Round == n {
				r.Submission = &d.Submissions[i]
			}
		}
		for _, o := range d.Opinions {
			if o.Round == n {
				r.Opinions = append(r.Opinions, o)
			}
		}
		for i := range d.Decisions {
			if d.Decisions[i].Round == n {
				r.Decision = &d.Decisions[i]
			}
		}
		v.Rounds = append(v.Rounds, r)
	}
	return v
}

// showPlan renders the page of document k with status and message.
func (s *Server) showPlan(c *gin.Context, k sepakat.PlanKind, status int, msg string) {
	coop, p, err := s.planOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := newPlanView(sepakat.UserFromContext(c.Request.Context()), coop, p, k)
	s.renderStatus(c, status, "plan", pageData{Title: k.Label() + " — " + coop.Title, Nav: "kerjasama", Message: msg, Data: v})
}

// handlePlanPage shows document k of :id.
func (s *Server) handlePlanPage(k sepakat.PlanKind) gin.HandlerFunc {
	return func(c *gin.Context) { s.showPlan(c, k, http.StatusOK, "") }
}

// planAction runs one change from the page: on success back to the page
// with the flash; a refusal the user can act on is shown on the page.
func (s *Server) planAction(c *gin.Context, k sepakat.PlanKind, do func(id int64) error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := do(coop.ID); err != nil {
		switch sepakat.ErrorCode(err) {
		case sepakat.EINVALID, sepakat.ECONFLICT:
			s.showPlan(c, k, statusOf(err), sepakat.ErrorMessage(err))
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/kerjasama/"+strconv.FormatInt(coop.ID, 10)+"/"+k.Slug()+"?ok=tersimpan")
}

// handlePlanSave saves the form (button "simpan") or saves and submits it
// (button "ajukan").
func (s *Server) handlePlanSave(k sepakat.PlanKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		s.planAction(c, k, func(id int64) error {
			ctx := c.Request.Context()
			in := sepakat.PlanFieldsInput{}
			for _, f := range k.Fields() {
				if v, ok := c.GetPostForm(f.Key); ok {
					in[f.Key] = v
				}
			}
			if _, err := s.Plans.SavePlan(ctx, id, k, in); err != nil {
				return err
			}
			if c.PostForm("aksi") == "ajukan" {
				_, err := s.Plans.SubmitPlan(ctx, id, k)
				return err
			}
			return nil
		})
	}
}

// handlePlanOpinion records a reviewer's opinion from the page.
func (s *Server) handlePlanOpinion(k sepakat.PlanKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		s.planAction(c, k, func(id int64) error {
			_, err := s.Plans.AddPlanOpinion(c.Request.Context(), id, k,
				sepakat.OpinionInput{Opinion: sepakat.Opinion(c.PostForm("opinion")), Note: c.PostForm("note")})
			return err
		})
	}
}

// handlePlanDecision records Kasubbag's decision from the page.
func (s *Server) handlePlanDecision(k sepakat.PlanKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		s.planAction(c, k, func(id int64) error {
			_, err := s.Plans.DecidePlan(c.Request.Context(), id, k,
				sepakat.DecisionInput{Decision: sepakat.Decision(c.PostForm("decision")), Note: c.PostForm("note")})
			return err
		})
	}
}
