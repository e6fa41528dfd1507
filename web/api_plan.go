package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// planRoutes registers the pages and the API of Perencanaan, one set per
// document (Studi Kelayakan, KAK). The service checks the cooperation, the
// role, the stage and the document's state.
func (s *Server) planRoutes(pages, api *gin.RouterGroup, coop gin.HandlerFunc) {
	api.GET("/cooperations/:id/plan", coop, s.apiPlan)
	for _, k := range sepakat.PlanKinds {
		page := "/kerjasama/:id/" + k.Slug()
		pages.GET(page, coop, s.handlePlanPage(k))
		pages.POST(page, coop, s.handlePlanSave(k))
		pages.POST(page+"/pendapat", coop, s.handlePlanOpinion(k))
		pages.POST(page+"/keputusan", coop, s.handlePlanDecision(k))
		pages.GET(page+".pdf", coop, s.handlePlanPDF(k))

		base := "/cooperations/:id/plan/" + string(k)
		api.GET(base, coop, s.apiPlanDoc(k))
		api.PUT(base, coop, s.apiPlanChange(k, func(c *gin.Context, ctx context.Context, id int64) (*sepakat.Plan, error) {
			var req struct {
				Fields sepakat.PlanFieldsInput `json:"fields"`
			}
			if err := bindJSON(c, &req); err != nil {
				return nil, err
			}
			return s.Plans.SavePlan(ctx, id, k, req.Fields)
		}))
		api.POST(base+"/submit", coop, s.apiPlanChange(k, func(c *gin.Context, ctx context.Context, id int64) (*sepakat.Plan, error) {
			return s.Plans.SubmitPlan(ctx, id, k)
		}))
		api.POST(base+"/opinions", coop, s.apiPlanChange(k, func(c *gin.Context, ctx context.Context, id int64) (*sepakat.Plan, error) {
			var req sepakat.OpinionInput
			if err := bindJSON(c, &req); err != nil {
				return nil, err
			}
			return s.Plans.AddPlanOpinion(ctx, id, k, req)
		}))
		api.POST(base+"/decision", coop, s.apiPlanChange(k, func(c *gin.Context, ctx context.Context, id int64) (*sepakat.Plan, error) {
			var req sepakat.DecisionInput
			if err := bindJSON(c, &req); err != nil {
				return nil, err
			}
			return s.Plans.DecidePlan(ctx, id, k, req)
		}))
		api.GET(base+".pdf", coop, s.handlePlanPDF(k))
	}
}

// planDocAnswer is the API's answer about one planning document: the
// document, its sections and what is still empty.
type planDocAnswer struct {
	CooperationID int64 `json:"cooperation_id"`
	*sepakat.PlanDoc
	Label    string                `json:"label"`
	Open     bool                  `json:"open"`
	Sections []sepakat.PlanField   `json:"sections"`
	Missing  []string              `json:"missing"`
	Current  []sepakat.PlanOpinion `json:"current_opinions"`
}

func planAnswer(p *sepakat.Plan, k sepakat.PlanKind) planDocAnswer {
	d := p.Doc(k)
	m := d.Missing()
	m = nonNil(m)
	cur := d.CurrentOpinions()
	cur = nonNil(cur)
	return planDocAnswer{
		CooperationID: p.CooperationID, PlanDoc: d, Label: k.Label(),
		Open: k == sepakat.PlanSK || p.SK.State == sepakat.PlanAccepted, Sections: k.Fields(), Missing: m, Current: cur,
	}
}

// planOf loads the cooperation of :id, visible to the caller, and its
// Perencanaan record.
func (s *Server) planOf(c *gin.Context) (*sepakat.Cooperation, *sepakat.Plan, error) {
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.Plans.FindPlan(c.Request.Context(), coop.ID)
	if err != nil {
		return nil, nil, err
	}
	return coop, p, nil
}

// apiPlan answers GET /api/v1/cooperations/:id/plan with both documents.
func (s *Server) apiPlan(c *gin.Context) {
	_, p, err := s.planOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, gin.H{"cooperation_id": p.CooperationID, "sk": planAnswer(p, sepakat.PlanSK), "kak": planAnswer(p, sepakat.PlanKAK), "complete": p.Complete()})
}

// apiPlanDoc answers GET /api/v1/cooperations/:id/plan/{sk,kak}.
func (s *Server) apiPlanDoc(k sepakat.PlanKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		_, p, err := s.planOf(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		ok(c, http.StatusOK, planAnswer(p, k))
	}
}

// apiPlanChange runs one change of document k of :id for the API.
func (s *Server) apiPlanChange(k sepakat.PlanKind, change func(c *gin.Context, ctx context.Context, id int64) (*sepakat.Plan, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		coop, err := s.findCooperation(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		p, err := change(c, c.Request.Context(), coop.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		ok(c, http.StatusOK, planAnswer(p, k))
	}
}

// handlePlanPDF prints document k of :id for whoever sees the cooperation
// (page and API).
func (s *Server) handlePlanPDF(k sepakat.PlanKind) gin.HandlerFunc {
	return func(c *gin.Context) {
		coop, p, err := s.planOf(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		if s.PlanPrinter == nil {
			s.fail(c, errors.New("plan: no printer configured"))
			return
		}
		var buf bytes.Buffer
		if err := s.PlanPrinter.PrintPlan(c.Request.Context(), &buf, sepakat.NewPlanPrint(coop, p, k, time.Now().In(s.zone()))); err != nil {
			s.fail(c, err)
			return
		}
		sendPDF(c, signedFileName(coop, k.Slug()+".pdf"), buf.Bytes())
	}
}
