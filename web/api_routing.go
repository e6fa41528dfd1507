package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// routingStatus is the sheet as it stands now, in the office's time zone
// (--timezone): the working days of the deadlines are counted there.
func (s *Server) routingStatus(ctx context.Context, sh *sepakat.RoutingSheet) sepakat.RoutingStatus {
	return sh.Status(time.Now().In(s.zone()), s.workCalendar(ctx))
}

// routingService returns the routing service, or an internal error when
// none is configured.
func (s *Server) routingService() (sepakat.RoutingService, error) {
	if s.Routing == nil {
		return nil, errors.New("routing: no routing service configured")
	}
	return s.Routing, nil
}

// routingSheetOf loads cooperation :id and its routing sheet.
func (s *Server) routingSheetOf(c *gin.Context) (*sepakat.Cooperation, *sepakat.RoutingSheet, error) {
	r, err := s.routingService()
	if err != nil {
		return nil, nil, err
	}
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, nil, err
	}
	sh, err := r.RoutingSheet(c.Request.Context(), coop.ID)
	if err != nil {
		return nil, nil, err
	}
	return coop, sh, nil
}

// apiRouting answers GET /api/v1/cooperations/:id/routing: the sheet with
// every desk's state, deadline and lateness, and the progress.
func (s *Server) apiRouting(c *gin.Context) {
	_, sh, err := s.routingSheetOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, s.routingStatus(c.Request.Context(), sh))
}

// paramDesk reads the desk number :n (from 1).
func paramDesk(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 || n > sepakat.MaxDesks {
		return 0, sepakat.Errorf(sepakat.ENOTFOUND, "Meja tidak ditemukan.")
	}
	return n, nil
}

// markDesk marks desk :n of cooperation :id.
func (s *Server) markDesk(c *gin.Context, kind sepakat.MarkKind, note string) (*sepakat.RoutingSheet, error) {
	r, err := s.routingService()
	if err != nil {
		return nil, err
	}
	coop, err := s.findCooperation(c)
	if err != nil {
		return nil, err
	}
	n, err := paramDesk(c)
	if err != nil {
		return nil, err
	}
	return r.MarkDesk(c.Request.Context(), coop.ID, n, kind, note)
}

// apiRoutingMark answers POST /api/v1/cooperations/:id/routing/desks/:n/marks
// {"mark":"received"|"initialled"|"signed","note"} with the sheet.
func (s *Server) apiRoutingMark(c *gin.Context) {
	var req struct {
		Mark sepakat.MarkKind `json:"mark"`
		Note string           `json:"note"`
	}
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sh, err := s.markDesk(c, req.Mark, req.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, s.routingStatus(c.Request.Context(), sh))
}

// desksRequest is the body that sets a list of desks.
type desksRequest struct {
	Desks []sepakat.Desk `json:"desks"`
}

// apiRoutingDesks answers PUT /api/v1/cooperations/:id/routing/desks
// {"desks":[{"name","time_standard","action"}…]}: the office changes the
// desks of a sheet before its first mark.
func (s *Server) apiRoutingDesks(c *gin.Context) {
	r, err := s.routingService()
	if err != nil {
		s.fail(c, err)
		return
	}
	coop, err := s.findCooperation(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var req desksRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sh, err := r.SetRoutingDesks(c.Request.Context(), coop.ID, req.Desks)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, s.routingStatus(c.Request.Context(), sh))
}

// routingDefaults returns the office's default desks.
func (s *Server) routingDefaults(c *gin.Context) ([]sepakat.Desk, error) {
	r, err := s.routingService()
	if err != nil {
		return nil, err
	}
	return r.RoutingDefaults(c.Request.Context())
}

// apiRoutingDefaults answers GET /api/v1/routing-defaults.
func (s *Server) apiRoutingDefaults(c *gin.Context) {
	desks, err := s.routingDefaults(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, desksRequest{Desks: desks})
}

// apiRoutingDefaultsSave answers PUT /api/v1/routing-defaults {"desks":[…]}
// (admin).
func (s *Server) apiRoutingDefaultsSave(c *gin.Context) {
	r, err := s.routingService()
	if err != nil {
		s.fail(c, err)
		return
	}
	var req desksRequest
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	desks, err := r.SetRoutingDefaults(c.Request.Context(), req.Desks)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, desksRequest{Desks: desks})
}

// routingPrint gathers what the printed sheet of coop shows.
func (s *Server) routingPrint(ctx context.Context, coop *sepakat.Cooperation, sh *sepakat.RoutingSheet) (sepakat.RoutingPrint, error) {
	code := coop.Code
	if code == "" {
		code = fmt.Sprintf("KSD-%d", coop.ID)
	}
	p := sepakat.RoutingPrint{
		Code: code, Title: coop.Title, Partners: coop.PartnerNames(),
		Status: s.routingStatus(ctx, sh), PrintedAt: time.Now().In(s.zone()),
		URL: s.publicURL() + "/kerjasama/" + strconv.FormatInt(coop.ID, 10),
	}
	if s.Documents != nil {
		docs, err := s.Documents.FindDocuments(ctx, coop.ID)
		if err != nil && sepakat.ErrorCode(err) != sepakat.ENOTFOUND {
			return p, err
		}
		for _, d := range docs {
			if d.Number != "" {
				p.Numbers = append(p.Numbers, d.Number)
			}
		}
	}
	return p, nil
}

// handleRoutingPDF prints the routing sheet of cooperation :id with its QR
// code (GET /kerjasama/:id/lembar-edaran.pdf and
// /api/v1/cooperations/:id/routing.pdf).
func (s *Server) handleRoutingPDF(c *gin.Context) {
	ctx := c.Request.Context()
	coop, sh, err := s.routingSheetOf(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if s.RoutingPrinter == nil {
		s.fail(c, errors.New("routing: no printer configured"))
		return
	}
	p, err := s.routingPrint(ctx, coop, sh)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := s.RoutingPrinter.PrintRoutingSheet(ctx, &buf, p); err != nil {
		s.fail(c, err)
		return
	}
	sendPDF(c, p.Code+"-lembar-edaran.pdf", buf.Bytes())
}
