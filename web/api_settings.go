package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// timeStandardsBody is the body of GET/PUT /api/v1/sop-time-standards.
type timeStandardsBody struct {
	Standards []sepakat.TimeStandard `json:"standards"`
	// StageStandards are the sums per stage (answers only).
	StageStandards map[sepakat.Stage]int `json:"stage_standards,omitempty"`
}

// holidaysBody is the body of GET/PUT /api/v1/holidays.
type holidaysBody struct {
	Years []sepakat.HolidayYear `json:"years"`
}

// apiTimeStandards answers GET /api/v1/sop-time-standards.
func (s *Server) apiTimeStandards(c *gin.Context) {
	st, err := s.settingsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	ts, err := st.TimeStandards(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, timeStandardsBody{Standards: ts, StageStandards: sepakat.StageStandards(ts)})
}

// apiTimeStandardsSave answers PUT /api/v1/sop-time-standards (admin).
func (s *Server) apiTimeStandardsSave(c *gin.Context) {
	st, err := s.settingsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	var req timeStandardsBody
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	ts, err := st.SetTimeStandards(c.Request.Context(), req.Standards)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, timeStandardsBody{Standards: ts, StageStandards: sepakat.StageStandards(ts)})
}

// apiHolidays answers GET /api/v1/holidays.
func (s *Server) apiHolidays(c *gin.Context) {
	st, err := s.settingsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	years, err := st.Holidays(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, holidaysBody{Years: years})
}

// apiHolidaysSave answers PUT /api/v1/holidays (admin).
func (s *Server) apiHolidaysSave(c *gin.Context) {
	st, err := s.settingsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	var req holidaysBody
	if err := bindJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	years, err := st.SetHolidays(c.Request.Context(), req.Years)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, holidaysBody{Years: years})
}
