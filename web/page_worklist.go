package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// worklist is what waits for the caller now, oldest first, with the
// deadlines of the stored time standards and holidays counted in the
// office's time zone; nil when no worklist service is configured.
func (s *Server) worklist(c *gin.Context) ([]sepakat.WorkItem, error) {
	if s.Worklist == nil || s.Settings == nil {
		return nil, nil
	}
	ctx := c.Request.Context()
	cal, err := s.deadlineCalendar(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := s.Settings.TimeStandards(ctx)
	if err != nil {
		return nil, err
	}
	return s.Worklist.Worklist(ctx, time.Now().In(s.zone()), cal, ts)
}

// worklistBody is the answer of GET /api/v1/worklist.
type worklistBody struct {
	Items   []sepakat.WorkItem `json:"items"`
	Overdue int                `json:"overdue"`
}

// apiWorklist answers GET /api/v1/worklist: what waits for the caller,
// oldest first, the overdue marked.
func (s *Server) apiWorklist(c *gin.Context) {
	items, err := s.worklist(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	body := worklistBody{Items: items}
	body.Items = nonNil(body.Items)
	for _, w := range items {
		if w.Overdue {
			body.Overdue++
		}
	}
	ok(c, http.StatusOK, body)
}
