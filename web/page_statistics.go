package web

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// settingsService returns the deadline settings, or an internal error when
// none is configured.
func (s *Server) settingsService() (sepakat.SettingsService, error) {
	if s.Settings == nil {
		return nil, errors.New("settings: no settings service configured")
	}
	return s.Settings, nil
}

// deadlineCalendar is the working-day calendar of the stored holiday
// lists (the admin's, or the shipped ones).
func (s *Server) deadlineCalendar(ctx context.Context) (*sepakat.Calendar, error) {
	st, err := s.settingsService()
	if err != nil {
		return nil, err
	}
	years, err := st.Holidays(ctx)
	if err != nil {
		return nil, err
	}
	return sepakat.NewCalendar(years)
}

// statistics counts the cooperations with the stored calendar and time
// standards.
func (s *Server) statistics(c *gin.Context) (*sepakat.Statistics, error) {
	if s.Statistics == nil {
		return nil, errors.New("statistics: no statistics service configured")
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
	return s.Statistics.Statistics(ctx, cal, sepakat.StageStandards(ts))
}

// statisticsView is the statistics page: the numbers and their charts.
type statisticsView struct {
	Stats  *sepakat.Statistics
	Charts []chartView
}

type chartView struct {
	ID, Title string
	SVG       template.HTML
}

// handleStatisticsPage shows /statistik (office roles and the admin).
func (s *Server) handleStatisticsPage(c *gin.Context) {
	st, err := s.statistics(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v := statisticsView{Stats: st}
	for _, ch := range []struct {
		id, title string
		counts    []sepakat.Count
	}{
		{"tahap", "Kerja sama per tahap", st.ByStage},
		{"jenis", "Kerja sama per jenis", st.ByKind},
		{"mitra", "Kerja sama per jenis mitra", st.ByPartnerKind},
		{"urusan", "Kerja sama per urusan pemerintahan", st.ByAffair},
		{"tahun", "Kerja sama per tahun", st.ByYear},
	} {
		bars := make([]bar, len(ch.counts))
		for i, n := range ch.counts {
			bars[i] = bar{Label: n.Label, Value: float64(n.Count), Text: strconv.Itoa(n.Count)}
		}
		v.Charts = append(v.Charts, chartView{ID: ch.id, Title: ch.title, SVG: barChartSVG(ch.title, bars)})
	}
	bars := make([]bar, len(st.Durations))
	for i, d := range st.Durations {
		bars[i] = bar{Label: d.Label, Value: d.AverageDays, Mark: float64(d.StandardDays), Over: d.Over,
			Text: fmt.Sprintf("%.1f / %d hari kerja", d.AverageDays, d.StandardDays)}
	}
	v.Charts = append(v.Charts, chartView{ID: "durasi", Title: "Rata-rata hari kerja per tahap dibanding standar SOP", SVG: barChartSVG("Rata-rata hari kerja per tahap", bars)})
	s.render(c, "statistics", pageData{Title: "Statistik", Nav: "statistik", Data: v})
}

// apiStatistics answers GET /api/v1/statistics.
func (s *Server) apiStatistics(c *gin.Context) {
	st, err := s.statistics(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ok(c, http.StatusOK, st)
}

// handleStatisticsCSV answers GET /statistik.csv and
// /api/v1/statistics.csv: one row per counted value,
// "statistik;kunci;label;jumlah;rata_rata_hari;standar_hari".
func (s *Server) handleStatisticsCSV(c *gin.Context) {
	st, err := s.statistics(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"statistik", "kunci", "label", "jumlah", "rata_rata_hari_kerja", "standar_hari_kerja"})
	w.Write([]string{"total", "", "Jumlah kerja sama", strconv.Itoa(st.Total), "", ""})
	for _, g := range []struct {
		name   string
		counts []sepakat.Count
	}{{"tahap", st.ByStage}, {"jenis", st.ByKind}, {"jenis_mitra", st.ByPartnerKind}, {"urusan", st.ByAffair}, {"tahun", st.ByYear}} {
		for _, n := range g.counts {
			w.Write([]string{g.name, n.Key, n.Label, strconv.Itoa(n.Count), "", ""})
		}
	}
	for _, d := range st.Durations {
		w.Write([]string{"durasi_tahap", string(d.Stage), d.Label, strconv.Itoa(d.Stays), strconv.FormatFloat(d.AverageDays, 'f', 2, 64), strconv.Itoa(d.StandardDays)})
	}
	w.Flush()
	c.Header("Content-Disposition", `attachment; filename="statistik-kerja-sama.csv"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", []byte(b.String()))
}

// handlePublicCooperations shows /kerjasama-publik: the signed
// cooperations, for anyone, without login.
func (s *Server) handlePublicCooperations(c *gin.Context) {
	if s.Statistics == nil {
		s.fail(c, errors.New("statistics: no statistics service configured"))
		return
	}
	list, err := s.Statistics.PublicCooperations(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, "public_cooperations", pageData{Title: "Kerja Sama Daerah yang Telah Ditandatangani", Nav: "publik", Data: list})
}

// bar is one bar of a chart; Mark draws a standard line across it.
type bar struct {
	Label string
	Value float64
	Text  string
	Mark  float64
	Over  bool
}

// barChartSVG draws a horizontal bar chart as inline SVG, server-side.
func barChartSVG(title string, bars []bar) template.HTML {
	const (
		labelW, chartW, rowH, top = 230.0, 330.0, 24.0, 8.0
		width                     = labelW + chartW + 150
	)
	maxV := 0.0
	for _, b := range bars {
		maxV = max(maxV, b.Value, b.Mark)
	}
	if maxV == 0 {
		maxV = 1
	}
	height := top*2 + rowH*float64(len(bars))
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="grafik" role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f"><title>%s</title>`,
		width, height, width, height, esc(title))
	for i, b := range bars {
		y := top + rowH*float64(i)
		w := chartW * b.Value / maxV
		fill := "#2f6f9f"
		if b.Over {
			fill = "#b23b3b"
		}
		label := b.Label
		if r := []rune(label); len(r) > 34 {
			label = string(r[:33]) + "…"
		}
		fmt.Fprintf(&sb, `<text x="%.0f" y="%.1f" text-anchor="end" font-size="12"><title>%s</title>%s</text>`, labelW-6, y+16, esc(b.Label), esc(label))
		fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="%s"/>`, labelW, y+4, w, rowH-8, fill)
		if b.Mark > 0 {
			x := labelW + chartW*b.Mark/maxV
			fmt.Fprintf(&sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222" stroke-width="2"/>`, x, y+1, x, y+rowH-1)
		}
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" font-size="12">%s</text>`, labelW+w+6, y+16, esc(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
