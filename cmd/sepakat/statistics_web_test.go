package main

import (
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// getText fetches url with the cookie (if any): the status and the body.
func getText(tb testing.TB, cookie *http.Cookie, u string) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// postFormText posts a form with the cookie: the status and the Location.
func postFormText(tb testing.TB, cookie *http.Cookie, u string, form url.Values) (int, string) {
	tb.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(cookie)
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// TestStatisticsThroughServer: the statistics of the demo set through the
// API, the page (its SVG charts well-formed) and the CSV (parsed back).
func TestStatisticsThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)

	// The known demo set, straight from storage.
	kctx := sepakat.NewContextWithUser(context.Background(), &sepakat.User{Role: sepakat.RoleKasubbag, Active: true, Verified: true})
	all, total, err := m.DB.FindCooperations(kctx, sepakat.CooperationFilter{Limit: 500})
	if err != nil || total == 0 {
		t.Fatalf("demo cooperations: %d, %v", total, err)
	}
	wantStage := map[string]int{}
	wantKind := map[string]int{}
	for _, c := range all {
		wantStage[string(c.Stage)]++
		wantKind[string(c.Kind)]++
	}

	var st sepakat.Statistics
	if code := apiCall(t, kasubbag, "GET", base+"/api/v1/statistics", nil, &st); code != http.StatusOK {
		t.Fatalf("statistics: %d", code)
	}
	if st.Total != total {
		t.Fatalf("total %d, want %d", st.Total, total)
	}
	for _, c := range st.ByStage {
		if c.Count != wantStage[c.Key] {
			t.Errorf("stage %s: %d, want %d", c.Key, c.Count, wantStage[c.Key])
		}
	}
	for _, c := range st.ByKind {
		if c.Count != wantKind[c.Key] {
			t.Errorf("kind %q: %d, want %d", c.Key, c.Count, wantKind[c.Key])
		}
	}
	sum := 0
	for _, c := range st.ByYear {
		sum += c.Count
	}
	if sum != total || len(st.Durations) != 9 {
		t.Errorf("years sum %d of %d; %d durations", sum, total, len(st.Durations))
	}
	for _, d := range st.Durations {
		if d.Stage == sepakat.StagePerencanaan && d.StandardDays != 20 {
			t.Errorf("perencanaan standard %d, want the SOP's 20", d.StandardDays)
		}
	}

	// The page: every chart is well-formed SVG.
	code, body := getText(t, kasubbag, base+"/statistik")
	if code != http.StatusOK {
		t.Fatalf("page: %d", code)
	}
	svgs := regexp.MustCompile(`(?s)<svg .*?</svg>`).FindAllString(body, -1)
	if len(svgs) != 6 {
		t.Fatalf("%d charts, want 6", len(svgs))
	}
	for i, svg := range svgs {
		d := xml.NewDecoder(strings.NewReader(svg))
		rects := 0
		for {
			tok, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("chart %d is not well-formed: %v\n%s", i, err, svg)
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
				rects++
			}
		}
		if rects == 0 {
			t.Errorf("chart %d has no bars", i)
		}
	}

	// The CSV, parsed back, says what the API says.
	for _, u := range []string{"/statistik.csv", "/api/v1/statistics.csv"} {
		code, body = getText(t, kasubbag, base+u)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", u, code)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if rows[0][0] != "statistik" || rows[1][0] != "total" || rows[1][3] != strconv.Itoa(total) {
			t.Fatalf("%s: head %v", u, rows[:2])
		}
		for _, r := range rows {
			if r[0] == "tahap" {
				if n, _ := strconv.Atoi(r[3]); n != wantStage[r[1]] {
					t.Errorf("%s: stage %s = %s", u, r[1], r[3])
				}
			}
		}
	}
}

// TestPublicCooperationsPage: the public page lists the signed
// cooperations without login, and nothing private.
func TestPublicCooperationsPage(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	code, body := getText(t, nil, base+"/kerjasama-publik")
	if code != http.StatusOK {
		t.Fatalf("public page: %d", code)
	}
	kctx := sepakat.NewContextWithUser(context.Background(), &sepakat.User{Role: sepakat.RoleKasubbag, Active: true, Verified: true})
	all, _, err := m.DB.FindCooperations(kctx, sepakat.CooperationFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	signed := 0
	for _, s := range all {
		c, err := m.DB.FindCooperationByID(kctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		listed := strings.Contains(body, html.EscapeString(c.Title))
		public := c.Stage == sepakat.StagePemantauan || c.Stage == sepakat.StageEvaluasi || c.Stage == sepakat.StageSelesai
		if listed != public {
			t.Errorf("%q (%s): listed %v", c.Title, c.Stage, listed)
		}
		if !public {
			continue
		}
		signed++
		for _, private := range []string{c.Preparation.Background, c.Preparation.Funding, c.Preparation.Analysis} {
			if len(private) > 12 && strings.Contains(body, html.EscapeString(private)) {
				t.Errorf("private preparation data shown: %.60q", private)
			}
		}
		for _, id := range []int64{c.PPKSD1ID, c.PPKSD2ID} {
			u, err := m.DB.FindUserByID(sepakat.SystemContext(context.Background()), id)
			if err == nil && (strings.Contains(body, u.Email) || strings.Contains(body, html.EscapeString(u.Name))) {
				t.Errorf("PPKSD %s shown", u.Login)
			}
		}
	}
	if signed == 0 {
		t.Fatal("the demo has no signed cooperation")
	}
}

// TestDeadlineSettingsThroughServer: the admin edits the time standards
// and the holidays through the API and the page; others read them only.
func TestDeadlineSettingsThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	api := base + "/api/v1"
	admin := apiLoginCookie(t, base, "admin", DemoPassword)
	ppksd := apiLoginCookie(t, base, "ppksd1", DemoPassword)
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)

	type standards struct {
		Standards      []sepakat.TimeStandard `json:"standards"`
		StageStandards map[string]int         `json:"stage_standards"`
	}
	var ts standards
	if code := apiCall(t, ppksd, "GET", api+"/sop-time-standards", nil, &ts); code != http.StatusOK || len(ts.Standards) < 25 || ts.StageStandards["inisiasi"] != 11 {
		t.Fatalf("standards as ppksd: %d %+v", code, ts.StageStandards)
	}
	ts.Standards[0].Days = 3
	if code := apiCall(t, kasubbag, "PUT", api+"/sop-time-standards", ts, nil); code != http.StatusForbidden {
		t.Fatalf("kasubbag PUT: %d", code)
	}
	bad := ts
	bad.Standards = append([]sepakat.TimeStandard(nil), ts.Standards...)
	bad.Standards[1].Days = 500
	if code := apiCall(t, admin, "PUT", api+"/sop-time-standards", bad, nil); code != http.StatusBadRequest {
		t.Fatalf("invalid PUT: %d", code)
	}
	var saved standards
	if code := apiCall(t, admin, "PUT", api+"/sop-time-standards", ts, &saved); code != http.StatusOK || saved.Standards[0].Days != 3 || saved.StageStandards["registrasi"] != 5 {
		t.Fatalf("admin PUT: %d %+v", code, saved.StageStandards)
	}

	// The page: the days of each step, in order.
	code, body := getText(t, admin, base+"/pengaturan/tenggat")
	if code != http.StatusOK || strings.Count(body, `name="days"`) != len(ts.Standards) {
		t.Fatalf("settings page: %d", code)
	}
	// The shipped years, and a warning only when this year or the next has
	// no list (from 2027 on, 2028 has none until the admin enters it).
	if !strings.Contains(body, "Daftar bawaan Sepakat (tahun 2026, 2027,") || !strings.Contains(body, "Nomor 1205 Tahun 2026") {
		t.Fatal("settings page: no shipped 2026 and 2027 lists")
	}
	if next := time.Now().Year() + 1; strings.Contains(body, `id="tahun-kosong"`) != (next > 2027) {
		t.Fatalf("settings page: warning about missing years wrong for %d", next)
	}
	days := url.Values{}
	for i, s := range ts.Standards {
		if i == 2 {
			s.Days = 2
		}
		days.Add("days", strconv.Itoa(s.Days))
	}
	if code, loc := postFormText(t, admin, base+"/pengaturan/standar-waktu", days); code != http.StatusSeeOther || !strings.Contains(loc, "tersimpan") {
		t.Fatalf("save days: %d %s", code, loc)
	}
	apiCall(t, ppksd, "GET", api+"/sop-time-standards", nil, &ts)
	if ts.Standards[2].Days != 2 || ts.Standards[0].Days != 3 {
		t.Fatalf("after the form: %+v", ts.Standards[:3])
	}

	// Holidays: 2026 and 2027 shipped; the admin adds 2028 by hand.
	type holidays struct {
		Years []sepakat.HolidayYear `json:"years"`
	}
	var h holidays
	if code := apiCall(t, kasubbag, "GET", api+"/holidays", nil, &h); code != http.StatusOK || len(h.Years) != 2 || h.Years[0].Year != 2026 || h.Years[1].Year != 2027 {
		t.Fatalf("holidays: %d %+v", code, h)
	}
	h.Years = append(h.Years, sepakat.HolidayYear{Year: 2028, Source: "SKB 3 Menteri Tahun 2028",
		Holidays: []sepakat.Holiday{{Date: "2028-01-01", Name: "Tahun Baru 2028 Masehi"}}})
	if code := apiCall(t, kasubbag, "PUT", api+"/holidays", h, nil); code != http.StatusForbidden {
		t.Fatalf("kasubbag PUT holidays: %d", code)
	}
	if code := apiCall(t, admin, "PUT", api+"/holidays", h, nil); code != http.StatusOK {
		t.Fatalf("admin PUT holidays: %d", code)
	}
	apiCall(t, ppksd, "GET", api+"/holidays", nil, &h)
	if len(h.Years) != 3 || h.Years[2].Holidays[0].Date != "2028-01-01" {
		t.Fatalf("stored holidays %+v", h.Years)
	}
	if _, body := getText(t, admin, base+"/pengaturan/tenggat"); strings.Contains(body, `id="tahun-kosong"`) != (time.Now().Year() > 2027) {
		t.Fatal("settings page: a missing-year warning although 2028 is entered")
	}
	if code, _ := postFormText(t, admin, base+"/pengaturan/hari-libur", url.Values{"holidays": {"bukan json"}}); code != http.StatusBadRequest {
		t.Fatalf("bad holidays form: %d", code)
	}
	if code, _ := postFormText(t, admin, base+"/pengaturan/hari-libur", url.Values{"holidays": {`[{"year":2026,"source":"","holidays":[]}]`}}); code != http.StatusBadRequest {
		t.Fatalf("holidays without source: %d", code)
	}
}
