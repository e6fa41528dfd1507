package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// deadlineSettingsView is the admin's page of time standards and holidays.
type deadlineSettingsView struct {
	Standards []sepakat.TimeStandard
	Stages    map[sepakat.Stage]int
	Holidays  string // JSON, edited as text
	Years     []sepakat.HolidayYear
	// Missing are this year and the next when they have no list yet.
	Missing []int
	// Shipped are the years whose lists come with Sepakat.
	Shipped []int
}

// handleDeadlineSettingsPage shows /pengaturan/tenggat (admin).
func (s *Server) handleDeadlineSettingsPage(c *gin.Context) {
	s.renderDeadlineSettings(c, http.StatusOK, "", "")
}

func (s *Server) renderDeadlineSettings(c *gin.Context, status int, message, holidaysText string) {
	st, err := s.settingsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	ts, err := st.TimeStandards(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	years, err := st.Holidays(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if holidaysText == "" {
		b, _ := json.MarshalIndent(years, "", "  ")
		holidaysText = string(b)
	}
	v := deadlineSettingsView{Standards: ts, Stages: sepakat.StageStandards(ts), Holidays: holidaysText, Years: years}
	shipped, err := sepakat.DefaultHolidays()
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, y := range shipped {
		v.Shipped = append(v.Shipped, y.Year)
	}
	cal, err := sepakat.NewCalendar(years)
	if err != nil {
		s.fail(c, err)
		return
	}
	now := time.Now().In(s.zone())
	for _, t := range []time.Time{now, now.AddDate(1, 0, 0)} {
		if !cal.Knows(t) {
			v.Missing = append(v.Missing, t.Year())
		}
	}
	s.renderStatus(c, status, "deadline_settings", pageData{Title: "Standar Waktu dan Hari Libur", Nav: "tenggat", Message: message, Data: v})
}

// handleTimeStandardsSave saves the days of each step (form fields "days",
// one per step in order) (admin).
func (s *Server) handleTimeStandardsSave(c *gin.Context) {
	st, err := s.settingsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	ts, err := st.TimeStandards(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	days := c.PostFormArray("days")
	if len(days) != len(ts) {
		s.renderDeadlineSettings(c, http.StatusBadRequest, "Jumlah isian standar waktu tidak cocok dengan daftar langkah; muat ulang halaman.", "")
		return
	}
	for i, d := range days {
		n, err := parseDays(d)
		if err != nil {
			s.renderDeadlineSettings(c, http.StatusBadRequest, "Standar waktu harus bilangan bulat hari kerja.", "")
			return
		}
		ts[i].Days = n
	}
	if _, err := st.SetTimeStandards(ctx, ts); err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINVALID {
			s.renderDeadlineSettings(c, http.StatusBadRequest, sepakat.ErrorMessage(err), "")
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/pengaturan/tenggat?ok=tersimpan")
}

// handleHolidaysSave saves the holiday lists from their JSON text (admin).
func (s *Server) handleHolidaysSave(c *gin.Context) {
	st, err := s.settingsService()
	if err != nil {
		s.fail(c, err)
		return
	}
	text := c.PostForm("holidays")
	var years []sepakat.HolidayYear
	if err := json.Unmarshal([]byte(text), &years); err != nil {
		s.renderDeadlineSettings(c, http.StatusBadRequest, "Daftar hari libur bukan JSON yang sah: "+err.Error(), text)
		return
	}
	if _, err := st.SetHolidays(c.Request.Context(), years); err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINVALID {
			s.renderDeadlineSettings(c, http.StatusBadRequest, sepakat.ErrorMessage(err), text)
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/pengaturan/tenggat?ok=tersimpan")
}

func parseDays(s string) (int, error) {
	var n int
	err := json.Unmarshal([]byte(s), &n)
	return n, err
}
