package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
)

// planDocJSON is the part of the API's answer the tests read.
type planDocJSON struct {
	State     string `json:"state"`
	Round     int    `json:"round"`
	Open      bool   `json:"open"`
	Missing   []string
	Opinions  []sepakat.PlanOpinion  `json:"opinions"`
	Decisions []sepakat.PlanDecision `json:"decisions"`
	Fields    map[string]string      `json:"fields"`
}

// TestPlanThroughServer drives Perencanaan through the API of a real
// server with the demo data: the demo's submitted Studi Kelayakan is sent
// back for revision, fixed and submitted again, accepted; the KAK then
// opens, goes through its own loop, and the cooperation moves to Inisiasi.
// Rights (403/404), wrong states (409), the audit log, notifications, the
// pages and the printed PDF are checked on the way.
func TestPlanThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	id := findCooperationID(t, m, "Pelatihan dan Sertifikasi Pemandu Wisata")
	cookies := map[string]*http.Cookie{}
	for _, login := range []string{"ppksd1", "ppksd2", "akp", "arnp", "kasubbag", "tkksd", "protokol", "admin"} {
		cookies[login] = apiLoginCookie(t, base, login, DemoPassword)
	}
	api := func(k string) string { return fmt.Sprintf("%s/api/v1/cooperations/%d/plan/%s", base, id, k) }
	call := func(login, method, url, body string, want int) planDocJSON {
		t.Helper()
		var r *strings.Reader
		if body != "" {
			r = strings.NewReader(body)
		} else {
			r = strings.NewReader("")
		}
		code, data := send(t, cookies[login], method, url, r, "application/json")
		if code != want {
			t.Fatalf("%s %s %s: %d, want %d: %.400s", login, method, url, code, want, data)
		}
		var d planDocJSON
		if code == http.StatusOK {
			if err := json.Unmarshal(data, &d); err != nil {
				t.Fatalf("%s: %v", data, err)
			}
		}
		return d
	}

	// The demo: a submitted SK with one opinion of the AKP.
	d := call("ppksd1", "GET", api("sk"), "", 200)
	if d.State != "reviewed" || d.Round != 1 || len(d.Opinions) != 1 || d.Opinions[0].Role != sepakat.RoleAKP {
		t.Fatalf("demo SK %+v", d)
	}
	if d := call("akp", "GET", api("kak"), "", 200); d.Open || d.State != "draft" {
		t.Fatalf("KAK before the SK is accepted: %+v", d)
	}

	// Rights: a TKKSD not granted and the protocol office do not see it
	// (404); the PPKSD cannot give an opinion, the AKP cannot decide (403);
	// the PPKSD cannot change a submitted SK (409).
	call("tkksd", "GET", api("sk"), "", 404)
	call("protokol", "GET", api("sk"), "", 404)
	call("admin", "GET", api("sk"), "", 403)
	call("tkksd", "POST", api("sk/opinions"), `{"opinion":"approve"}`, 404)
	call("ppksd1", "POST", api("sk/opinions"), `{"opinion":"approve"}`, 403)
	call("akp", "POST", api("sk/decision"), `{"decision":"accepted"}`, 403)
	call("akp", "PUT", api("sk"), `{"fields":{"background":"x"}}`, 403)
	call("ppksd1", "PUT", api("sk"), `{"fields":{"background":"x"}}`, 409)
	call("ppksd1", "POST", api("sk/submit"), `{}`, 409)
	call("ppksd1", "PUT", api("kak"), `{"fields":{"background":"x"}}`, 409)
	call("kasubbag", "POST", api("sk/decision"), `{"decision":"revise"}`, 400)
	call("kasubbag", "GET", fmt.Sprintf("%s/api/v1/cooperations/%d/plan/rab", base, id), "", 404)

	// The TKKSD member, once granted, gives an opinion; Kasubbag asks for a
	// revision; the PPKSD fixes and submits again.
	code, body := send(t, cookies["arnp"], "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/grants", base, id), strings.NewReader(`{"login":"tkksd"}`), "application/json")
	if code/100 != 2 {
		t.Fatalf("grant: %d %s", code, body)
	}
	call("tkksd", "POST", api("sk/opinions"), `{"opinion":"revise","note":"Rinci jumlah peserta per angkatan."}`, 200)
	d = call("kasubbag", "POST", api("sk/decision"), `{"decision":"revise","note":"Lengkapi jumlah peserta per angkatan."}`, 200)
	if d.State != "revise" {
		t.Fatalf("after revise: %+v", d)
	}
	call("akp", "POST", api("sk/opinions"), `{"opinion":"approve"}`, 409)
	d = call("ppksd2", "PUT", api("sk"), `{"fields":{"scope":"Pelatihan 4 angkatan @30 peserta per tahun, uji kompetensi, pendampingan."}}`, 200)
	if d.State != "revise" || !strings.Contains(d.Fields["scope"], "4 angkatan") || d.Fields["background"] == "" {
		t.Fatalf("after save: %+v", d)
	}
	d = call("ppksd1", "POST", api("sk/submit"), `{}`, 200)
	if d.State != "submitted" || d.Round != 2 {
		t.Fatalf("after resubmission: %+v", d)
	}
	call("arnp", "POST", api("sk/opinions"), `{"opinion":"approve","note":"Sudah sesuai."}`, 200)
	call("akp", "POST", api("sk/opinions"), `{"opinion":"none"}`, 200)
	d = call("kasubbag", "POST", api("sk/decision"), `{"decision":"accepted","note":"Layak."}`, 200)
	if d.State != "accepted" || len(d.Opinions) != 4 || len(d.Decisions) != 2 || d.Decisions[0].Decision != sepakat.DecisionRevise {
		t.Fatalf("accepted SK keeps its history: %+v", d)
	}
	call("ppksd1", "PUT", api("sk"), `{"fields":{"background":"x"}}`, 409)

	// The KAK: incomplete cannot be submitted (400); then its own loop.
	d = call("kasubbag", "GET", api("kak"), "", 200)
	if !d.Open {
		t.Fatalf("KAK not open: %+v", d)
	}
	call("ppksd1", "PUT", api("kak"), `{"fields":{"background":"Dasar hukum: Permendagri 22/2020."}}`, 200)
	call("ppksd1", "POST", api("kak/submit"), `{}`, 400)
	kak := map[string]string{}
	for _, f := range sepakat.PlanKAK.Fields() {
		kak[f.Key] = f.Label + " pelatihan pemandu wisata."
	}
	fields, _ := json.Marshal(map[string]any{"fields": kak})
	call("ppksd1", "PUT", api("kak"), string(fields), 200)
	call("ppksd1", "POST", api("kak/submit"), `{}`, 200)
	// Not yet to Inisiasi: the KAK awaits its decision (409).
	code, body = send(t, cookies["kasubbag"], "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/transitions", base, id), strings.NewReader(`{"to":"inisiasi"}`), "application/json")
	if code != 409 || !strings.Contains(apiError(t, body), "KAK") {
		t.Fatalf("to inisiasi before the KAK is accepted: %d %s", code, body)
	}
	call("tkksd", "POST", api("kak/opinions"), `{"opinion":"approve"}`, 200)
	call("kasubbag", "POST", api("kak/decision"), `{"decision":"accepted"}`, 200)

	// The whole record, the pages and the audit log.
	code, body = send(t, cookies["akp"], "GET", fmt.Sprintf("%s/api/v1/cooperations/%d/plan", base, id), nil, "")
	if code != 200 || !strings.Contains(string(body), `"complete":true`) {
		t.Fatalf("plan: %d %.300s", code, body)
	}
	for _, page := range []string{"", "/studi-kelayakan", "/kak"} {
		code, body := send(t, cookies["ppksd1"], "GET", fmt.Sprintf("%s/kerjasama/%d%s", base, id, page), nil, "")
		if code != 200 {
			t.Fatalf("page %q: %d", page, code)
		}
		for _, want := range map[string][]string{
			"":                 {"Perencanaan", "/studi-kelayakan", "/kak"},
			"/studi-kelayakan": {"Studi Kelayakan", "Diterima", "Pengajuan ke-2", "Rinci jumlah peserta per angkatan.", "Lengkapi jumlah peserta per angkatan."},
			"/kak":             {"Kerangka Acuan Kerja", "Diterima", "Jadwal pelaksanaan"},
		}[page] {
			if !strings.Contains(string(body), want) {
				t.Errorf("page %q lacks %q", page, want)
			}
		}
	}
	code, body = send(t, cookies["kasubbag"], "GET", fmt.Sprintf("%s/api/v1/audit?object=cooperation/%d", base, id), nil, "")
	for _, want := range []string{"cooperation.plan.sk.save", "cooperation.plan.sk.submit", "cooperation.plan.sk.opinion", "cooperation.plan.sk.decision", "cooperation.plan.kak.decision"} {
		if code != 200 || !strings.Contains(string(body), want) {
			t.Errorf("audit lacks %s (%d)", want, code)
		}
	}
	notes, _, err := m.DB.FindNotifications(sepakat.NewContextWithUser(t.Context(), mustUser(t, m, "ppksd2")), 20)
	if err != nil {
		t.Fatal(err)
	}
	var told bool
	for _, n := range notes {
		told = told || strings.Contains(n.Message, "Perbaiki dan ajukan kembali")
	}
	if !told {
		t.Errorf("PPKSD-2 not told of the revision: %+v", notes)
	}

	// The printed KAK: F4, the title, the code, the signature block.
	code, pdf, hdr := getBytes(t, cookies["ppksd1"], api("kak.pdf"))
	if code != 200 || hdr.Get("Content-Type") != "application/pdf" {
		t.Fatalf("kak.pdf: %d %s", code, hdr.Get("Content-Type"))
	}
	file := filepath.Join(t.TempDir(), "kak.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(testtool.Require(t, "pdftotext"), file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"KERANGKA ACUAN KERJA", "Pelatihan dan Sertifikasi Pemandu Wisata", "KSD-", "Kepala Dinas Pariwisata dan Ekonomi Kreatif", "JADWAL PELAKSANAAN"} {
		if !strings.Contains(text, want) {
			t.Errorf("kak.pdf lacks %q: %.500s", want, text)
		}
	}
	if code, _, _ := getBytes(t, cookies["protokol"], fmt.Sprintf("%s/kerjasama/%d/studi-kelayakan.pdf", base, id)); code != 404 {
		t.Errorf("protocol office prints the SK: %d", code)
	}

	// Kasubbag moves the cooperation on to Inisiasi; afterwards nothing
	// changes (409).
	code, body = send(t, cookies["kasubbag"], "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/transitions", base, id), strings.NewReader(`{"to":"inisiasi"}`), "application/json")
	if code != 200 {
		t.Fatalf("to inisiasi: %d %s", code, body)
	}
	call("ppksd1", "PUT", api("kak"), `{"fields":{"background":"x"}}`, 409)
}

// TestPlanRejectionThroughServer: Kasubbag's rejection of the SK ends the
// cooperation (Ditolak) and is told to the PPKSD.
func TestPlanRejectionThroughServer(t *testing.T) {
	m := runTestMain(t, true, "")
	base := m.Server.URL()
	id := findCooperationID(t, m, "Pelatihan dan Sertifikasi Pemandu Wisata")
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	arnp := apiLoginCookie(t, base, "arnp", DemoPassword)
	page := fmt.Sprintf("%s/kerjasama/%d/studi-kelayakan", base, id)

	// The pages' forms: an opinion, then a decision without its note.
	code, body := send(t, arnp, "POST", page+"/pendapat", strings.NewReader("opinion=approve&note=Setuju."), "application/x-www-form-urlencoded")
	if code != http.StatusSeeOther {
		t.Fatalf("opinion form: %d %.300s", code, body)
	}
	code, body = send(t, kasubbag, "POST", page+"/keputusan", strings.NewReader("decision=rejected"), "application/x-www-form-urlencoded")
	if code != http.StatusBadRequest || !strings.Contains(string(body), "Tuliskan catatan") || !strings.Contains(string(body), "Setuju.") {
		t.Fatalf("decision form without a note: %d %.300s", code, body)
	}

	url := fmt.Sprintf("%s/api/v1/cooperations/%d/plan/sk/decision", base, id)
	code, body = send(t, kasubbag, "POST", url, strings.NewReader(`{"decision":"rejected","note":"Tidak sesuai prioritas RPJMD."}`), "application/json")
	if code != 200 || !strings.Contains(string(body), `"state":"rejected"`) {
		t.Fatalf("reject: %d %s", code, body)
	}
	c, err := m.DB.FindCooperationByID(sepakat.NewContextWithUser(t.Context(), mustUser(t, m, "kasubbag")), id)
	if err != nil {
		t.Fatal(err)
	}
	if c.Stage != sepakat.StageDitolak {
		t.Fatalf("stage %s", c.Stage)
	}
	notes, _, _ := m.DB.FindNotifications(sepakat.NewContextWithUser(t.Context(), mustUser(t, m, "ppksd1")), 5)
	if len(notes) == 0 || !strings.Contains(notes[0].Message, "Tidak sesuai prioritas RPJMD") {
		t.Errorf("PPKSD not told: %+v", notes)
	}
	code, _ = send(t, kasubbag, "POST", url, strings.NewReader(`{"decision":"accepted"}`), "application/json")
	if code != 409 {
		t.Errorf("decision after rejection: %d", code)
	}
}

// mustUser finds the demo account login.
func mustUser(t *testing.T, m *Main, login string) *sepakat.User {
	t.Helper()
	users, err := m.DB.FindUsers(sepakat.SystemContext(t.Context()), sepakat.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Login == login {
			return u
		}
	}
	t.Fatalf("no user %s", login)
	return nil
}
