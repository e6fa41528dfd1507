package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// routingJSON is the answer of GET /api/v1/cooperations/{id}/routing.
type routingJSON struct {
	CooperationID int64 `json:"cooperation_id"`
	Desks         []struct {
		Number       int    `json:"number"`
		Name         string `json:"name"`
		TimeStandard int    `json:"time_standard"`
		Action       string `json:"action"`
		State        string `json:"state"`
		Overdue      bool   `json:"overdue"`
		LateDays     int    `json:"late_days"`
		Due          string `json:"due"`
		Received     *struct {
			ByName string `json:"by_name"`
			At     string `json:"at"`
			Note   string `json:"note"`
		} `json:"received"`
		Initialled *struct {
			ByName string `json:"by_name"`
			Note   string `json:"note"`
		} `json:"initialled"`
		Signed *struct {
			ByName string `json:"by_name"`
		} `json:"signed"`
	} `json:"desks"`
	Finished int    `json:"finished"`
	Total    int    `json:"total"`
	Percent  int    `json:"percent"`
	Done     bool   `json:"done"`
	Overdue  int    `json:"overdue"`
	Current  int    `json:"current"`
	Code     string `json:"code"`
}

// TestRoutingThroughServer walks the demo's desk-to-desk cooperation through
// the API and the pages: who sees the sheet and who marks it, marks in
// order, the overdue third desk, the page section, the PDF with its QR
// code, the notification when the last desk signs, the default desks, and
// 409 where there is no routing sheet.
func TestRoutingThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	api := base + "/api/v1"
	login := func(name string) *http.Cookie { return apiLoginCookie(t, base, name, DemoPassword) }
	ppksd1, ppksd2, ppksd3 := login("ppksd1"), login("ppksd2"), login("ppksd3")
	akp, arnp, kasubbag := login("akp"), login("arnp"), login("kasubbag")
	tkksd, protokol, admin := login("tkksd"), login("protokol"), login("admin")

	id := findCooperationID(t, m, demoRoutingTitle)
	routing := fmt.Sprintf("%s/cooperations/%d/routing", api, id)
	page := fmt.Sprintf("%s/kerjasama/%d", base, id)

	// The demo sheet: two desks initialled, the third overdue.
	var r routingJSON
	if st := apiCall(t, ppksd1, "GET", routing, nil, &r); st != http.StatusOK {
		t.Fatalf("routing as ppksd1: %d", st)
	}
	if r.Total != 6 || r.Finished != 2 || r.Percent != 33 || r.Current != 3 || r.Done || r.CooperationID != id {
		t.Fatalf("demo sheet: %+v", r)
	}
	if d := r.Desks[0]; d.Name != "Kasubbag Kerja Sama" || d.Action != "paraf" || d.State != "selesai" || d.Initialled == nil || d.Initialled.ByName != "Hendra Gunawan, S.H., M.H." || d.Received == nil || d.Received.ByName != "Dewi Lestari, S.E." {
		t.Errorf("desk 1: %+v", d)
	}
	if d := r.Desks[2]; d.Name != "Asisten Pemerintahan" || d.State != "diterima" || !d.Overdue || d.LateDays < 1 || d.Due == "" || r.Overdue != 1 {
		t.Errorf("desk 3 should be overdue: %+v", d)
	}
	if d := r.Desks[4]; d.Name != "Wali Kota" || d.Action != "tanda_tangan" || d.State != "menunggu" || d.Received != nil {
		t.Errorf("desk 5: %+v", d)
	}

	// Who sees it: both PPKSD and the office; a TKKSD member once granted;
	// not the protocol office (403), an unverified PPKSD, another
	// institution's PPKSD or the admin.
	for name, c := range map[string]*http.Cookie{"ppksd2": ppksd2, "akp": akp, "arnp": arnp, "kasubbag": kasubbag} {
		if st := apiCall(t, c, "GET", routing, nil, nil); st != http.StatusOK {
			t.Errorf("GET routing as %s: %d", name, st)
		}
	}
	for name, want := range map[string]struct {
		c  *http.Cookie
		st int
	}{"protokol": {protokol, 403}, "tkksd": {tkksd, 404}, "admin": {admin, 403}, "ppksd3": {ppksd3, 403}} {
		if st := apiCall(t, want.c, "GET", routing, nil, nil); st != want.st {
			t.Errorf("GET routing as %s: %d, want %d", name, st, want.st)
		}
	}
	if st := apiCall(t, nil, "GET", routing, nil, nil); st != http.StatusUnauthorized {
		t.Errorf("GET routing without login: %d", st)
	}
	if st := apiCall(t, arnp, "POST", fmt.Sprintf("%s/cooperations/%d/grants", api, id), map[string]string{"login": "tkksd"}, nil); st >= 300 {
		t.Fatalf("grant tkksd: %d", st)
	}
	if st := apiCall(t, tkksd, "GET", routing, nil, nil); st != http.StatusOK {
		t.Errorf("GET routing as granted tkksd: %d", st)
	}

	// The page section: desks, the overdue desk in red, a progress bar;
	// mark buttons for the office only; nothing for the protocol office.
	_, html, _ := getBytes(t, ppksd1, page)
	for _, want := range []string{`id="lembar-edaran"`, "Lembar Edaran (meja ke meja)", "Asisten Pemerintahan", "<progress", "2 dari 6 meja selesai (33%)", fmt.Sprintf(`href="/kerjasama/%d/lembar-edaran.pdf"`, id)} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("ppksd1's cooperation page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`class="terlambat">terlambat \d+ hari kerja</span><br><span class="kecil">batas \d+ [A-Z][a-z]+ 20\d\d</span>`).Match(html) {
		t.Error("the overdue desk is not shown late in red")
	}
	if bytes.Contains(html, []byte("Tandai diterima")) || bytes.Contains(html, []byte("Tandai diparaf")) {
		t.Error("the PPKSD sees mark buttons")
	}
	if _, html, _ = getBytes(t, kasubbag, page); !bytes.Contains(html, []byte(`action="/kerjasama/`+fmt.Sprint(id)+`/lembar-edaran/meja/3"`)) || !bytes.Contains(html, []byte("Tandai diparaf")) {
		t.Error("Kasubbag has no button to mark desk 3 initialled")
	}
	if bytes.Contains(html, []byte(`id="atur-meja"`)) {
		t.Error("the desks of a started sheet can still be changed on the page")
	}
	if _, html, _ = getBytes(t, protokol, page); bytes.Contains(html, []byte("Lembar Edaran")) {
		t.Error("the protocol office sees the routing sheet")
	}

	// Marks: only the office, in order.
	mark := func(c *http.Cookie, n int, kind, note string) (int, routingJSON) {
		t.Helper()
		var out routingJSON
		st := apiCall(t, c, "POST", fmt.Sprintf("%s/desks/%d/marks", routing, n), map[string]string{"mark": kind, "note": note}, &out)
		return st, out
	}
	for name, c := range map[string]*http.Cookie{"ppksd1": ppksd1, "tkksd": tkksd, "protokol": protokol} {
		if st, _ := mark(c, 3, "initialled", ""); st != http.StatusForbidden {
			t.Errorf("%s marks: %d", name, st)
		}
	}
	for _, bad := range []struct {
		n         int
		kind      string
		wantState int
	}{{4, "received", 409}, {3, "signed", 409}, {3, "received", 409}, {3, "stamped", 400}, {9, "received", 404}, {0, "received", 404}} {
		if st, _ := mark(akp, bad.n, bad.kind, ""); st != bad.wantState {
			t.Errorf("mark desk %d %s: %d, want %d", bad.n, bad.kind, st, bad.wantState)
		}
	}
	st, r := mark(akp, 3, "initialled", "Diparaf Asisten Pemerintahan")
	if st != http.StatusOK || r.Desks[2].State != "selesai" || r.Desks[2].Initialled == nil || r.Desks[2].Initialled.ByName != "Dewi Lestari, S.E." || r.Desks[2].Initialled.Note != "Diparaf Asisten Pemerintahan" || r.Overdue != 0 || r.Current != 4 {
		t.Fatalf("mark desk 3 initialled: %d %+v", st, r)
	}
	// The page's form marks too, and returns to the section.
	st, _ = postForm(t, arnp, page+"/lembar-edaran/meja/4", url.Values{"mark": {"received"}, "note": {"Diantar ke Sekretariat Daerah"}})
	if st != http.StatusSeeOther {
		t.Fatalf("page mark: %d", st)
	}
	if st, body := postForm(t, arnp, page+"/lembar-edaran/meja/4", url.Values{"mark": {"received"}}); st != http.StatusConflict || !bytes.Contains(body, []byte("sudah menerima")) {
		t.Errorf("page mark twice: %d", st)
	}
	// The desks of a started sheet are fixed.
	if st := apiCall(t, kasubbag, "PUT", routing+"/desks", map[string]any{"desks": sepakat.DefaultDesks()[:2]}, nil); st != http.StatusConflict {
		t.Errorf("change the desks of a started sheet: %d", st)
	}

	// The PDF: F4, the title, the cooperation, the desks, and a QR code that
	// opens its page.
	pt := newPDFTools(t)
	st, pdf, hdr := getBytes(t, ppksd1, routing+".pdf")
	if st != http.StatusOK || hdr.Get("Content-Type") != "application/pdf" || !strings.Contains(hdr.Get("Content-Disposition"), "-lembar-edaran.pdf") {
		t.Fatalf("routing.pdf: %d %q %q", st, hdr.Get("Content-Type"), hdr.Get("Content-Disposition"))
	}
	if info := pt.info(pdf); !strings.Contains(info, "609.45 x 935.43 pts") {
		t.Errorf("routing sheet is not on F4:\n%s", info)
	}
	var coop struct {
		Code string `json:"code"`
	}
	apiCall(t, ppksd1, "GET", fmt.Sprintf("%s/cooperations/%d", api, id), nil, &coop)
	text := pt.text(pdf, 1, 0)
	for _, want := range []string{"LEMBAR EDARAN PENANDATANGANAN", coop.Code, demoRoutingTitle, "Kasubbag Kerja Sama", "Asisten Pemerintahan", "Sekretaris Daerah", "Wali Kota", "Pihak Kedua (mitra)", "Tanda tangan", "Dewi Lestari", "Kemajuan: 3 dari 6 meja selesai (50%)"} {
		if !strings.Contains(text, want) {
			t.Errorf("routing sheet PDF lacks %q:\n%s", want, text)
		}
	}
	if codes := pt.qrCodes(pdf); !strings.Contains(codes, "QR-Code:"+page+"\n") {
		t.Errorf("QR code of the routing sheet: %q, want %q", codes, page)
	}
	if st, p, _ := getBytes(t, kasubbag, page+"/lembar-edaran.pdf"); st != http.StatusOK || !bytes.HasPrefix(p, []byte("%PDF-")) {
		t.Errorf("page link to the PDF: %d", st)
	}
	if st, _, _ := getBytes(t, protokol, routing+".pdf"); st != http.StatusForbidden {
		t.Errorf("routing.pdf as protokol: %d", st)
	}

	// To the last desk: the PPKSD are notified.
	for _, mv := range []struct {
		n    int
		kind string
	}{{4, "initialled"}, {5, "received"}, {5, "signed"}, {6, "received"}} {
		if st, _ := mark(kasubbag, mv.n, mv.kind, ""); st != http.StatusOK {
			t.Fatalf("mark desk %d %s: %d", mv.n, mv.kind, st)
		}
	}
	if st, r = mark(kasubbag, 6, "signed", "Ditandatangani Bupati Paser"); st != http.StatusOK || !r.Done || r.Percent != 100 || r.Current != 0 {
		t.Fatalf("last desk: %d %+v", st, r)
	}
	var notes struct {
		Notifications []sepakat.Notification `json:"notifications"`
	}
	apiCall(t, ppksd2, "GET", api+"/notifications", nil, &notes)
	if len(notes.Notifications) == 0 || !strings.Contains(notes.Notifications[0].Message, "meja ke meja") || notes.Notifications[0].CooperationID != id {
		t.Errorf("ppksd2 was not told the routing finished: %+v", notes.Notifications)
	}
	var audit struct {
		Entries []sepakat.AuditEntry `json:"entries"`
	}
	apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/audit?object=cooperation/%d", api, id), nil, &audit)
	marks := 0
	for _, e := range audit.Entries {
		if e.Action == "routing.mark" {
			marks++
		}
	}
	if marks != 7 {
		t.Errorf("audit has %d routing marks, want 7", marks)
	}

	// No sheet outside penandatanganan, nor for a method other than desk.
	if st := apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/cooperations/%d/routing", api, findCooperationID(t, m, "Kalender Event")), nil, nil); st != http.StatusConflict {
		t.Errorf("routing of a cooperation in persiapan: %d", st)
	}
	sys := sepakat.SystemContext(context.Background())
	office := sepakat.NewContextWithUser(context.Background(), &sepakat.User{Role: sepakat.RoleKasubbag, Active: true, Verified: true})
	items, _, err := m.DB.FindCooperations(office, sepakat.CooperationFilter{Stage: sepakat.StagePenandatanganan, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range items {
		if method, err := m.DB.SigningMethodOf(sys, c.ID); err != nil || method == sepakat.MethodDesk {
			continue
		}
		checked++
		if st := apiCall(t, kasubbag, "GET", fmt.Sprintf("%s/cooperations/%d/routing", api, c.ID), nil, nil); st != http.StatusConflict {
			t.Errorf("routing of %q (not desk to desk): %d", c.Title, st)
		}
		if st, _ := postForm(t, kasubbag, fmt.Sprintf("%s/kerjasama/%d/lembar-edaran/meja/1", base, c.ID), url.Values{"mark": {"received"}}); st != http.StatusConflict {
			t.Errorf("page mark on %q (not desk to desk): %d", c.Title, st)
		}
	}
	if checked == 0 {
		t.Error("the demo has no cooperation in penandatanganan signed otherwise than desk to desk")
	}

	// The default desks: the admin edits them; the office reads them.
	var defaults struct {
		Desks []sepakat.Desk `json:"desks"`
	}
	if st := apiCall(t, akp, "GET", api+"/routing-defaults", nil, &defaults); st != http.StatusOK || len(defaults.Desks) != 6 {
		t.Errorf("defaults as akp: %d %+v", st, defaults)
	}
	mine := map[string]any{"desks": []map[string]any{{"name": "Kepala Bagian Kerja Sama", "time_standard": 1, "action": "paraf"}, {"name": "Wali Kota", "time_standard": 2, "action": "tanda_tangan"}}}
	if st := apiCall(t, kasubbag, "PUT", api+"/routing-defaults", mine, nil); st != http.StatusForbidden {
		t.Errorf("defaults saved by kasubbag: %d", st)
	}
	if st := apiCall(t, admin, "PUT", api+"/routing-defaults", map[string]any{"desks": []map[string]any{{"name": "X", "action": "cap"}}}, nil); st != http.StatusBadRequest {
		t.Errorf("bad defaults: %d", st)
	}
	if st := apiCall(t, admin, "PUT", api+"/routing-defaults", mine, &defaults); st != http.StatusOK || len(defaults.Desks) != 2 || defaults.Desks[1].Action != sepakat.ActionSign {
		t.Errorf("defaults saved by admin: %d %+v", st, defaults)
	}
	if _, html, _ := getBytes(t, admin, base+"/pengaturan/lembar-edaran"); !bytes.Contains(html, []byte("Wali Kota | tanda_tangan | 2")) {
		t.Errorf("the settings page does not show the defaults:\n%.500s", html)
	}
	st, _ = postForm(t, admin, base+"/pengaturan/lembar-edaran", url.Values{"desks": {"Sekretaris Daerah | paraf | 2\nWali Kota | tanda tangan | 3\nPihak Kedua (mitra) | ttd | 5"}})
	if st != http.StatusSeeOther {
		t.Errorf("settings page save: %d", st)
	}
	apiCall(t, admin, "GET", api+"/routing-defaults", nil, &defaults)
	if len(defaults.Desks) != 3 || defaults.Desks[2].Name != "Pihak Kedua (mitra)" || defaults.Desks[2].Action != sepakat.ActionSign || defaults.Desks[0].TimeStandard != 2 {
		t.Errorf("defaults after the settings page: %+v", defaults.Desks)
	}
	if st, _ := postForm(t, admin, base+"/pengaturan/lembar-edaran", url.Values{"desks": {"Sekretaris Daerah, paraf"}}); st != http.StatusBadRequest {
		t.Errorf("settings page with a bad line: %d", st)
	}
}
