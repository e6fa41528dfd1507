package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/signing"
)

// The principals of the authorisation matrix: every role, plus a PPKSD whose
// registration is not approved yet, plus no login at all.
const (
	pAnon      = "anonim"
	pPPKSD     = "ppksd"
	pUnverifed = "ppksd-belum-terverifikasi"
	pAKP       = "akp"
	pARNP      = "arnp"
	pKasubbag  = "kasubbag"
	pTKKSD     = "tkksd"
	pProtokol  = "protokol"
	pAdmin     = "admin"
)

var principals = []string{pAnon, pPPKSD, pUnverifed, pAKP, pARNP, pKasubbag, pTKKSD, pProtokol, pAdmin}

// loginOf is the demo account acting as each principal.
var loginOf = map[string]string{
	pPPKSD: "ppksd1", pUnverifed: "ppksd3", pAKP: "akp", pARNP: "arnp", pKasubbag: "kasubbag",
	pTKKSD: "tkksd", pProtokol: "protokol", pAdmin: "admin",
}

var (
	everyone   = principals
	loggedIn   = principals[1:]
	verified   = []string{pPPKSD, pAKP, pARNP, pKasubbag, pTKKSD, pProtokol, pAdmin}
	ppksdAny   = []string{pPPKSD, pUnverifed}
	office     = []string{pAKP, pARNP, pKasubbag}
	coopRoles  = []string{pPPKSD, pAKP, pARNP, pKasubbag, pTKKSD, pProtokol}
	fileRoles  = []string{pPPKSD, pAKP, pARNP, pKasubbag}
	nobody     = []string{}
	onlyPPKSD  = []string{pPPKSD}
	onlyAdmin  = []string{pAdmin}
	signMovers = []string{pPPKSD, pKasubbag}
	// Draft review: who sees the persiapan cooperation, who sees the demo
	// KB (office staff and the granted TKKSD member and PPKSD-1), who
	// comments, who manages it.
	coopViewers = []string{pPPKSD, pAKP, pARNP, pKasubbag, pTKKSD}
	docViewers  = []string{pPPKSD, pAKP, pARNP, pKasubbag, pTKKSD}
	managers    = []string{pARNP, pKasubbag}
	itemOwners  = []string{pARNP, pKasubbag, pTKKSD}
	approvers   = []string{pPPKSD, pKasubbag}
	onlyKasub   = []string{pKasubbag}
)

// fixture holds the IDs the requests use, read from each fresh demo server.
type fixture struct {
	signing    int64  // a cooperation in penandatanganan, TKKSD granted
	draft      int64  // a draft application of ppksd1
	pendingReg int64  // ppksd3's submitted registration
	letter     string // sha of ppksd1's assignment letter
	notice     int64  // a notification of ppksd1
	tkksdUser  int64
	persiapan  int64 // the cooperation in persiapan with the demo KB
	document   int64 // the demo KB under review (session open, versions 1 and 2)
	item       int64 // a review item of the TKKSD member on version 2
	// Two lampiran of the demo KB, one deleted through the API, the other
	// through the page.
	attachment, attachment2 int64
	// The signing schedule: a demo cooperation waiting for its method, and
	// the demo's counter-proposal of the protocol office (on another one)
	// waiting for the PPKSD.
	schedule, revised, proposal int64
	// plan is the demo cooperation in perencanaan (a submitted Studi
	// Kelayakan with an opinion), TKKSD granted.
	plan int64
	// monitored is the demo cooperation in pemantauan, entry its demo
	// monitoring entry (a photo, a note with its follow-up).
	monitored, entry int64
	// evaluated is the demo cooperation in evaluasi with its evaluation of
	// semester I of this year.
	evaluated int64
	// routing is the demo cooperation signed desk to desk, TKKSD granted.
	routing int64
	// initiation is the demo cooperation in inisiasi (partly filled).
	initiation int64
}

// matrixCase is one route of the server, the request that exercises it, and
// the principals that must get through.
type matrixCase struct {
	method, route string
	req           func(f fixture, p string) (path string, body io.Reader, contentType string)
	allowed       []string
}

func path(p string, args ...func(f fixture) any) func(fixture, string) (string, io.Reader, string) {
	return func(f fixture, _ string) (string, io.Reader, string) {
		vals := make([]any, len(args))
		for i, a := range args {
			vals[i] = a(f)
		}
		return fmt.Sprintf(p, vals...), nil, ""
	}
}

func withJSON(p string, body string, args ...func(f fixture) any) func(fixture, string) (string, io.Reader, string) {
	return func(f fixture, pr string) (string, io.Reader, string) {
		u, _, _ := path(p, args...)(f, pr)
		return u, strings.NewReader(body), "application/json"
	}
}

func withForm(p string, form url.Values, args ...func(f fixture) any) func(fixture, string) (string, io.Reader, string) {
	return func(f fixture, pr string) (string, io.Reader, string) {
		u, _, _ := path(p, args...)(f, pr)
		return u, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	}
}

func withPhoto(p string) func(fixture, string) (string, io.Reader, string) {
	return func(f fixture, _ string) (string, io.Reader, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile("file", "foto.png")
		w.Write(demoPhoto(0))
		mw.Close()
		return p, &b, mw.FormDataContentType()
	}
}

var (
	signingCoop  = func(f fixture) any { return f.signing }
	draft        = func(f fixture) any { return f.draft }
	pendingReg   = func(f fixture) any { return f.pendingReg }
	letter       = func(f fixture) any { return f.letter }
	notice       = func(f fixture) any { return f.notice }
	tkksdUser    = func(f fixture) any { return f.tkksdUser }
	persiapan    = func(f fixture) any { return f.persiapan }
	document     = func(f fixture) any { return f.document }
	reviewItem   = func(f fixture) any { return f.item }
	lampiran     = func(f fixture) any { return f.attachment }
	lampiran2    = func(f fixture) any { return f.attachment2 }
	scheduleCoop = func(f fixture) any { return f.schedule }
	revisedCoop  = func(f fixture) any { return f.revised }
	proposal     = func(f fixture) any { return f.proposal }
	// Who sees a schedule (TKKSD not granted), who chooses the method, who
	// answers a counter-proposal (the PPKSD; for the protocol office and
	// Kasubbag it is 409), whose is the calendar.
	scheduleViewers = []string{pPPKSD, pAKP, pARNP, pKasubbag, pProtokol}
	methodChoosers  = []string{pPPKSD, pAKP, pARNP, pKasubbag}
	answerers       = []string{pPPKSD, pKasubbag, pProtokol}
	calendarRoles   = []string{pAKP, pARNP, pKasubbag, pProtokol}
	routingCoop     = func(f fixture) any { return f.routing }
	planCoop        = func(f fixture) any { return f.plan }
	// Perencanaan: who sees the documents, who gives opinions.
	planViewers     = []string{pPPKSD, pAKP, pARNP, pKasubbag, pTKKSD}
	planReviewers   = []string{pAKP, pARNP, pTKKSD}
	monitoredCoop   = func(f fixture) any { return f.monitored }
	monitoringEntry = func(f fixture) any { return f.entry }
	evaluatedCoop   = func(f fixture) any { return f.evaluated }
	evalYear        = func(fixture) any { return demoEvaluationYear() }
	// Who sees a routing sheet: the PPKSD, the office, a granted TKKSD.
	routingViewers = []string{pPPKSD, pAKP, pARNP, pKasubbag, pTKKSD}
)

// withPhotoAt posts a demo photo as multipart "file" to path p.
func withPhotoAt(p string, args ...func(f fixture) any) func(fixture, string) (string, io.Reader, string) {
	return func(f fixture, pr string) (string, io.Reader, string) {
		u, _, _ := path(p, args...)(f, pr)
		_, body, ct := withPhoto(u)(f, pr)
		return u, body, ct
	}
}

// lampiranPDF is a good lampiran fixture (testdata/print).
const lampiranPDF = "../../testdata/print/lampiran-2.pdf"

// withPDF posts the lampiran fixture as multipart "file" to path p.
func withPDF(p string, args ...func(f fixture) any) func(fixture, string) (string, io.Reader, string) {
	return func(f fixture, pr string) (string, io.Reader, string) {
		u, _, _ := path(p, args...)(f, pr)
		data, _ := os.ReadFile(lampiranPDF)
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile("file", "lampiran-2.pdf")
		w.Write(data)
		mw.Close()
		return u, &b, mw.FormDataContentType()
	}
}

// withDocx posts a demo Word document as multipart "file" to path p.
func withDocx(p, name string, args ...func(f fixture) any) func(fixture, string) (string, io.Reader, string) {
	return func(f fixture, pr string) (string, io.Reader, string) {
		u, _, _ := path(p, args...)(f, pr)
		data, _ := demoDocs.ReadFile("demodocs/" + name)
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile("file", name)
		w.Write(data)
		mw.Close()
		return u, &b, mw.FormDataContentType()
	}
}

// matrix lists every route. Requests are valid for the route, so that a
// principal who is let through gets a 2xx, a redirect, or a 400/409 for the
// state of the object, never a 401/403/404. Logout routes come last.
var matrix = []matrixCase{
	{"GET", "/healthz", path("/healthz"), everyone},
	{"GET", "/static/*filepath", path("/static/sepakat.css"), everyone},
	{"GET", "/internal/backup", path("/internal/backup"), nobody},
	{"GET", "/internal/audit/verify", path("/internal/audit/verify"), nobody},
	{"GET", "/masuk", path("/masuk"), everyone},
	{"POST", "/masuk", withForm("/masuk", url.Values{"login": {"ppksd1"}, "password": {DemoPassword}}), everyone},
	{"GET", "/daftar", path("/daftar"), everyone},
	{"POST", "/daftar", withForm("/daftar", url.Values{"login": {"baru"}, "password": {"sepakat-demo"}, "password2": {"lain"}}), everyone},
	// Single sign-on is public but not configured on the matrix's server
	// (404 for all); TestSingleSignOn runs it against a provider.
	{"GET", "/masuk/sso", path("/masuk/sso"), nobody},
	{"GET", "/masuk/sso/callback", path("/masuk/sso/callback?state=x&code=y"), nobody},

	{"GET", "/registrasi", path("/registrasi"), ppksdAny},
	{"POST", "/registrasi", withForm("/registrasi", url.Values{"inst_name": {"X"}}), ppksdAny},
	{"POST", "/registrasi/berkas", withPhoto("/registrasi/berkas?jenis=photo1"), ppksdAny},
	{"POST", "/registrasi/kirim", withForm("/registrasi/kirim", url.Values{}), ppksdAny},
	{"GET", "/profil", path("/profil"), loggedIn},
	{"POST", "/profil", withForm("/profil", url.Values{"position": {"Analis"}}), loggedIn},
	{"POST", "/profil/sandi", withForm("/profil/sandi", url.Values{"old_password": {"sepakat-demo"}, "new_password": {"a1234567890"}, "new_password2": {"berbeda"}}), loggedIn},
	{"GET", "/notifikasi", path("/notifikasi"), loggedIn},
	{"POST", "/notifikasi/baca-semua", withForm("/notifikasi/baca-semua", url.Values{}), loggedIn},
	{"POST", "/notifikasi/:id/baca", withForm("/notifikasi/%d/baca", url.Values{}, notice), onlyPPKSD},
	{"GET", "/berkas/:sha", path("/berkas/%s", letter), fileRoles},

	{"GET", "/", path("/"), verified},
	{"POST", "/profil/instansi", withForm("/profil/instansi", url.Values{"name": {"Dinas Pariwisata"}, "kind": {"perangkat_daerah"}}), onlyPPKSD},
	{"GET", "/kerjasama", path("/kerjasama?q=festival"), coopRoles},
	{"GET", "/kerjasama/baru", path("/kerjasama/baru"), onlyPPKSD},
	{"POST", "/kerjasama/baru", withForm("/kerjasama/baru", url.Values{"title": {"Uji matriks"}, "kind": {"ksdd"}}), onlyPPKSD},
	{"GET", "/kerjasama/:id", path("/kerjasama/%d", signingCoop), coopRoles},
	{"GET", "/kerjasama/:id/ubah", path("/kerjasama/%d/ubah", draft), onlyPPKSD},
	{"POST", "/kerjasama/:id/ubah", withForm("/kerjasama/%d/ubah", url.Values{"title": {"Judul diubah"}, "kind": {"ksdd"}}, draft), onlyPPKSD},
	{"POST", "/kerjasama/:id/ajukan", withForm("/kerjasama/%d/ajukan", url.Values{}, draft), onlyPPKSD},
	{"POST", "/kerjasama/:id/akses", withForm("/kerjasama/%d/akses", url.Values{"action": {"grant"}, "user_id": {"0"}}, signingCoop), office},
	{"GET", "/verifikasi-data", path("/verifikasi-data"), office},
	{"GET", "/verifikasi-data/:id", path("/verifikasi-data/%d", pendingReg), office},
	{"POST", "/verifikasi-data/:id", withForm("/verifikasi-data/%d", url.Values{"action": {"return"}, "reason": {"Foto kurang jelas"}}, pendingReg), office},
	{"GET", "/admin/pengguna", path("/admin/pengguna"), onlyAdmin},
	{"POST", "/admin/pengguna", withForm("/admin/pengguna", url.Values{"login": {"x"}}), onlyAdmin},
	{"POST", "/admin/pengguna/:id", withForm("/admin/pengguna/%d", url.Values{"role": {"tkksd"}, "active": {"ya"}}, tkksdUser), onlyAdmin},
	{"GET", "/audit", path("/audit"), []string{pAdmin, pKasubbag}},

	{"POST", "/api/v1/session", withJSON("/api/v1/session", `{"login":"ppksd1","password":"`+DemoPassword+`"}`), everyone},
	{"POST", "/api/v1/accounts", withJSON("/api/v1/accounts", `{"login":"baru","email":"baru@contoh.id","name":"Baru","password":"pendek"}`), everyone},
	{"GET", "/api/v1/stages", path("/api/v1/stages"), everyone},
	{"GET", "/api/v1/me", path("/api/v1/me"), loggedIn},
	{"GET", "/api/v1/registration", path("/api/v1/registration"), ppksdAny},
	{"PUT", "/api/v1/registration", withJSON("/api/v1/registration", `{}`), ppksdAny},
	{"POST", "/api/v1/registration/files/:slot", withPhoto("/api/v1/registration/files/photo1"), ppksdAny},
	{"POST", "/api/v1/registration/submit", withJSON("/api/v1/registration/submit", `{}`), ppksdAny},
	{"GET", "/api/v1/profile", path("/api/v1/profile"), loggedIn},
	{"PUT", "/api/v1/profile", withJSON("/api/v1/profile", `{"position":"Analis"}`), loggedIn},
	{"POST", "/api/v1/password", withJSON("/api/v1/password", `{"old_password":"sepakat-demo","new_password":"x"}`), loggedIn},
	{"GET", "/api/v1/notifications", path("/api/v1/notifications"), loggedIn},
	{"POST", "/api/v1/notifications/read-all", withJSON("/api/v1/notifications/read-all", `{}`), loggedIn},
	{"POST", "/api/v1/notifications/:id/read", withJSON("/api/v1/notifications/%d/read", `{}`, notice), onlyPPKSD},
	{"GET", "/api/v1/files/:sha", path("/api/v1/files/%s", letter), fileRoles},
	{"GET", "/api/v1/institution", path("/api/v1/institution"), onlyPPKSD},
	{"PUT", "/api/v1/institution", withJSON("/api/v1/institution", `{"name":"Dinas Pariwisata dan Ekonomi Kreatif","kind":"perangkat_daerah"}`), onlyPPKSD},
	{"GET", "/api/v1/officers", path("/api/v1/officers"), onlyPPKSD},
	{"GET", "/api/v1/cooperations", path("/api/v1/cooperations"), coopRoles},
	{"POST", "/api/v1/cooperations", withJSON("/api/v1/cooperations", `{"title":"Uji API"}`), onlyPPKSD},
	{"GET", "/api/v1/cooperations/:id", path("/api/v1/cooperations/%d", signingCoop), coopRoles},
	{"PUT", "/api/v1/cooperations/:id", withJSON("/api/v1/cooperations/%d", `{"title":"Judul API"}`, draft), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/submit", withJSON("/api/v1/cooperations/%d/submit", `{"integrity_pact":false}`, draft), onlyPPKSD},
	{"GET", "/api/v1/cooperations/:id/transitions", path("/api/v1/cooperations/%d/transitions", signingCoop), coopRoles},
	{"POST", "/api/v1/cooperations/:id/grants", withJSON("/api/v1/cooperations/%d/grants", `{"login":"tkksd"}`, signingCoop), office},
	{"GET", "/api/v1/registrations", path("/api/v1/registrations?status=submitted"), office},
	{"GET", "/api/v1/registrations/:id", path("/api/v1/registrations/%d", pendingReg), office},
	{"POST", "/api/v1/registrations/:id/decision", withJSON("/api/v1/registrations/%d/decision", `{"action":"return","reason":"Data belum lengkap"}`, pendingReg), office},
	{"GET", "/api/v1/users", path("/api/v1/users"), append([]string{pAdmin}, office...)},
	{"POST", "/api/v1/users", withJSON("/api/v1/users", `{"login":"x"}`), onlyAdmin},
	{"PATCH", "/api/v1/users/:id", withJSON("/api/v1/users/%d", `{"active":true}`, tkksdUser), onlyAdmin},
	{"GET", "/api/v1/audit", path("/api/v1/audit?object=cooperation/%d", signingCoop), []string{pAdmin, pKasubbag, pAKP, pARNP}},

	// After the signing, on the signing cooperation (a scan and photo 1
	// recorded by ppksd1 in readFixture, the rest left empty so that
	// submitting is 400 and the cooperation stays in penandatanganan).
	{"GET", "/api/v1/cooperations/:id/signed", path("/api/v1/cooperations/%d/signed", signingCoop), coopRoles},
	{"GET", "/api/v1/cooperations/:id/signed/scan.pdf", path("/api/v1/cooperations/%d/signed/scan.pdf", signingCoop), coopRoles},
	{"GET", "/kerjasama/:id/naskah-ttd/naskah.pdf", path("/kerjasama/%d/naskah-ttd/naskah.pdf", signingCoop), coopRoles},
	{"GET", "/api/v1/cooperations/:id/signed/photos/:n", path("/api/v1/cooperations/%d/signed/photos/1", signingCoop), coopRoles},
	{"GET", "/kerjasama/:id/naskah-ttd/foto/:n", path("/kerjasama/%d/naskah-ttd/foto/1", signingCoop), coopRoles},
	{"PUT", "/api/v1/cooperations/:id/signed", withJSON("/api/v1/cooperations/%d/signed", `{"officers":{"partner":{"name":"Mitra"}},"classification":{"kind":"ksdd","affair":"pariwisata"}}`, signingCoop), signMovers},
	{"POST", "/kerjasama/:id/naskah-ttd/data", withForm("/kerjasama/%d/naskah-ttd/data", url.Values{"partner_name": {"Mitra"}, "kind": {"ksdd"}}, signingCoop), signMovers},
	{"POST", "/api/v1/cooperations/:id/signed/scan", withPDF("/api/v1/cooperations/%d/signed/scan", signingCoop), signMovers},
	{"DELETE", "/api/v1/cooperations/:id/signed/scan", path("/api/v1/cooperations/%d/signed/scan", signingCoop), signMovers},
	{"POST", "/kerjasama/:id/naskah-ttd/pindaian", withPDF("/kerjasama/%d/naskah-ttd/pindaian", signingCoop), signMovers},
	{"POST", "/kerjasama/:id/naskah-ttd/pindaian/hapus", withForm("/kerjasama/%d/naskah-ttd/pindaian/hapus", url.Values{}, signingCoop), signMovers},
	{"POST", "/api/v1/cooperations/:id/signed/photos", withPhotoAt("/api/v1/cooperations/%d/signed/photos", signingCoop), signMovers},
	{"POST", "/kerjasama/:id/naskah-ttd/foto", withPhotoAt("/kerjasama/%d/naskah-ttd/foto", signingCoop), signMovers},
	{"DELETE", "/api/v1/cooperations/:id/signed/photos/:n", path("/api/v1/cooperations/%d/signed/photos/1", signingCoop), signMovers},
	{"POST", "/kerjasama/:id/naskah-ttd/foto/:n/hapus", withForm("/kerjasama/%d/naskah-ttd/foto/2/hapus", url.Values{}, signingCoop), signMovers},
	{"POST", "/api/v1/cooperations/:id/signed/submit", withJSON("/api/v1/cooperations/%d/signed/submit", `{}`, signingCoop), signMovers},
	{"POST", "/kerjasama/:id/naskah-ttd/selesai", withForm("/kerjasama/%d/naskah-ttd/selesai", url.Values{}, signingCoop), signMovers},

	// Perencanaan of the demo cooperation in perencanaan: its Studi
	// Kelayakan is submitted (saving and submitting are 409 for its PPKSD),
	// opinions go through, Kasubbag's revise goes through (the page's
	// decision then is 409); the KAK is not open yet (409 for the actors).
	{"GET", "/api/v1/cooperations/:id/plan", path("/api/v1/cooperations/%d/plan", planCoop), planViewers},
	{"GET", "/kerjasama/:id/studi-kelayakan", path("/kerjasama/%d/studi-kelayakan", planCoop), planViewers},
	{"GET", "/kerjasama/:id/studi-kelayakan.pdf", path("/kerjasama/%d/studi-kelayakan.pdf", planCoop), planViewers},
	{"GET", "/api/v1/cooperations/:id/plan/sk", path("/api/v1/cooperations/%d/plan/sk", planCoop), planViewers},
	{"GET", "/api/v1/cooperations/:id/plan/sk.pdf", path("/api/v1/cooperations/%d/plan/sk.pdf", planCoop), planViewers},
	{"PUT", "/api/v1/cooperations/:id/plan/sk", withJSON("/api/v1/cooperations/%d/plan/sk", `{"fields":{"background":"Latar belakang uji."}}`, planCoop), onlyPPKSD},
	{"POST", "/kerjasama/:id/studi-kelayakan", withForm("/kerjasama/%d/studi-kelayakan", url.Values{"background": {"Latar belakang uji."}, "aksi": {"simpan"}}, planCoop), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/plan/sk/submit", withJSON("/api/v1/cooperations/%d/plan/sk/submit", `{}`, planCoop), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/plan/sk/opinions", withJSON("/api/v1/cooperations/%d/plan/sk/opinions", `{"opinion":"approve","note":"Setuju."}`, planCoop), planReviewers},
	{"POST", "/kerjasama/:id/studi-kelayakan/pendapat", withForm("/kerjasama/%d/studi-kelayakan/pendapat", url.Values{"opinion": {"none"}}, planCoop), planReviewers},
	{"POST", "/api/v1/cooperations/:id/plan/sk/decision", withJSON("/api/v1/cooperations/%d/plan/sk/decision", `{"decision":"revise","note":"Lengkapi analisis risiko."}`, planCoop), onlyKasub},
	{"POST", "/kerjasama/:id/studi-kelayakan/keputusan", withForm("/kerjasama/%d/studi-kelayakan/keputusan", url.Values{"decision": {"revise"}, "note": {"Lengkapi jadwal."}}, planCoop), onlyKasub},
	{"GET", "/kerjasama/:id/kak", path("/kerjasama/%d/kak", planCoop), planViewers},
	{"GET", "/kerjasama/:id/kak.pdf", path("/kerjasama/%d/kak.pdf", planCoop), planViewers},
	{"GET", "/api/v1/cooperations/:id/plan/kak", path("/api/v1/cooperations/%d/plan/kak", planCoop), planViewers},
	{"GET", "/api/v1/cooperations/:id/plan/kak.pdf", path("/api/v1/cooperations/%d/plan/kak.pdf", planCoop), planViewers},
	{"PUT", "/api/v1/cooperations/:id/plan/kak", withJSON("/api/v1/cooperations/%d/plan/kak", `{"fields":{"background":"Latar belakang uji."}}`, planCoop), onlyPPKSD},
	{"POST", "/kerjasama/:id/kak", withForm("/kerjasama/%d/kak", url.Values{"background": {"Latar belakang uji."}, "aksi": {"simpan"}}, planCoop), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/plan/kak/submit", withJSON("/api/v1/cooperations/%d/plan/kak/submit", `{}`, planCoop), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/plan/kak/opinions", withJSON("/api/v1/cooperations/%d/plan/kak/opinions", `{"opinion":"approve","note":"Setuju."}`, planCoop), planReviewers},
	{"POST", "/kerjasama/:id/kak/pendapat", withForm("/kerjasama/%d/kak/pendapat", url.Values{"opinion": {"none"}}, planCoop), planReviewers},
	{"POST", "/api/v1/cooperations/:id/plan/kak/decision", withJSON("/api/v1/cooperations/%d/plan/kak/decision", `{"decision":"revise","note":"Lengkapi analisis risiko."}`, planCoop), onlyKasub},
	{"POST", "/kerjasama/:id/kak/keputusan", withForm("/kerjasama/%d/kak/keputusan", url.Values{"decision": {"revise"}, "note": {"Lengkapi jadwal."}}, planCoop), onlyKasub},

	// The signing schedule and the protocol calendar. The method is chosen
	// (in person) before the proposal; the page's desk choice then is 409
	// for the PPKSD, whose proposal is pending, and allowed for the office.
	{"GET", "/api/v1/cooperations/:id/signing", path("/api/v1/cooperations/%d/signing", scheduleCoop), scheduleViewers},
	{"POST", "/api/v1/cooperations/:id/signing", withJSON("/api/v1/cooperations/%d/signing", `{"method":"in_person"}`, scheduleCoop), methodChoosers},
	{"POST", "/api/v1/cooperations/:id/signing/proposals", withJSON("/api/v1/cooperations/%d/signing/proposals", `{"start":"2026-12-08T09:00:00+07:00","end":"2026-12-08T10:00:00+07:00","venue":"Balai Kota","notes":"uji"}`, scheduleCoop), onlyPPKSD},
	{"POST", "/kerjasama/:id/penandatanganan/metode", withForm("/kerjasama/%d/penandatanganan/metode", url.Values{"method": {"desk"}}, scheduleCoop), methodChoosers},
	{"POST", "/kerjasama/:id/penandatanganan/usulan", withForm("/kerjasama/%d/penandatanganan/usulan", url.Values{"date": {"2026-12-08"}, "start": {"09:00"}, "end": {"10:00"}, "venue": {"Balai Kota"}}, scheduleCoop), onlyPPKSD},
	{"GET", "/api/v1/cooperations/:id/signing/event.ics", path("/api/v1/cooperations/%d/signing/event.ics", revisedCoop), scheduleViewers},
	{"POST", "/api/v1/signing/proposals/:pid/response", withJSON("/api/v1/signing/proposals/%d/response", `{"action":"accept"}`, proposal), answerers},
	{"POST", "/penandatanganan/usulan/:pid/jawab", func(f fixture, _ string) (string, io.Reader, string) {
		return fmt.Sprintf("/penandatanganan/usulan/%d/jawab", f.proposal), strings.NewReader(url.Values{"action": {"accept"}, "cooperation": {fmt.Sprint(f.revised)}}.Encode()), "application/x-www-form-urlencoded"
	}, answerers},
	{"GET", "/api/v1/signing/calendar", path("/api/v1/signing/calendar"), calendarRoles},
	{"GET", "/kalender", path("/kalender"), calendarRoles},
	{"POST", "/kalender/tautan", withForm("/kalender/tautan", url.Values{}), calendarRoles},
	{"GET", "/kalender/:file", path("/kalender/tidak-ada-token-ini.ics"), nobody},

	// State-changing moves on the signing cooperation, then logouts.
	{"POST", "/kerjasama/:id/tahap", withForm("/kerjasama/%d/tahap", url.Values{"to": {"pemantauan"}}, signingCoop), signMovers},
	{"POST", "/api/v1/cooperations/:id/transitions", withJSON("/api/v1/cooperations/%d/transitions", `{"to":"pemantauan"}`, signingCoop), signMovers},
	{"DELETE", "/api/v1/cooperations/:id/grants/:user", path("/api/v1/cooperations/%d/grants/%d", signingCoop, tkksdUser), office},
	{"GET", "/api/v1/cooperations/:id/documents", path("/api/v1/cooperations/%d/documents", persiapan), coopViewers},
	{"POST", "/api/v1/cooperations/:id/documents", withJSON("/api/v1/cooperations/%d/documents", `{"kind":"PKS","title":"PKS uji"}`, persiapan), managers},
	{"GET", "/api/v1/documents/:doc", path("/api/v1/documents/%d", document), docViewers},
	{"POST", "/api/v1/documents/:doc/session", withJSON("/api/v1/documents/%d/session", `{"action":"open"}`, document), managers},
	{"POST", "/api/v1/documents/:doc/grants", withJSON("/api/v1/documents/%d/grants", `{"login":"tkksd","right":"comment"}`, document), managers},
	{"GET", "/api/v1/documents/:doc/versions", path("/api/v1/documents/%d/versions", document), docViewers},
	{"POST", "/api/v1/documents/:doc/versions", withDocx("/api/v1/documents/%d/versions", "kb-v2.docx", document), managers},
	{"GET", "/api/v1/documents/:doc/versions/:n/file", path("/api/v1/documents/%d/versions/2/file", document), docViewers},
	{"GET", "/api/v1/documents/:doc/diff", path("/api/v1/documents/%d/diff?from=1&to=2&format=json", document), docViewers},
	{"GET", "/api/v1/documents/:doc/versions/:n/comments", path("/api/v1/documents/%d/versions/2/comments", document), docViewers},
	{"POST", "/api/v1/documents/:doc/versions/:n/comments", withJSON("/api/v1/documents/%d/versions/2/comments", `{"quote":"","paragraph":0,"text":"Catatan uji"}`, document), docViewers},
	{"POST", "/api/v1/documents/:doc/versions/:n/reviews", withDocx("/api/v1/documents/%d/versions/2/reviews", "kb-v2-tkksd.docx", document), docViewers},
	{"GET", "/api/v1/documents/:doc/versions/:n/combined.docx", path("/api/v1/documents/%d/versions/2/combined.docx", document), docViewers},
	{"GET", "/api/v1/documents/:doc/versions/:n/matrix.docx", path("/api/v1/documents/%d/versions/2/matrix.docx", document), docViewers},
	{"POST", "/api/v1/review-items/:item/response", withJSON("/api/v1/review-items/%d/response", `{"status":"diterima","note":"ok"}`, reviewItem), managers},
	{"POST", "/api/v1/review-items/:item/resolve", withJSON("/api/v1/review-items/%d/resolve", `{}`, reviewItem), itemOwners},
	{"POST", "/api/v1/documents/:doc/approval", withJSON("/api/v1/documents/%d/approval", `{"action":"open"}`, document), onlyKasub},
	{"POST", "/api/v1/documents/:doc/approvals", withJSON("/api/v1/documents/%d/approvals", `{"version":2}`, document), approvers},
	{"GET", "/api/v1/documents/:doc/messages", path("/api/v1/documents/%d/messages", document), docViewers},
	{"POST", "/api/v1/documents/:doc/messages", withJSON("/api/v1/documents/%d/messages", `{"text":"Halo"}`, document), docViewers},
	{"POST", "/kerjasama/:id/dokumen", withForm("/kerjasama/%d/dokumen", url.Values{"kind": {"PKS"}, "title": {"PKS uji"}}, persiapan), managers},
	{"GET", "/dokumen/:doc", path("/dokumen/%d", document), docViewers},
	{"POST", "/dokumen/:doc/sesi", withForm("/dokumen/%d/sesi", url.Values{"action": {"open"}}, document), managers},
	{"POST", "/dokumen/:doc/hak", withForm("/dokumen/%d/hak", url.Values{"login": {"tkksd"}, "right": {"comment"}}, document), managers},
	{"POST", "/dokumen/:doc/versi", withDocx("/dokumen/%d/versi", "kb-v2.docx", document), managers},
	{"GET", "/dokumen/:doc/versi/:n", path("/dokumen/%d/versi/2", document), docViewers},
	{"POST", "/dokumen/:doc/versi/:n/komentar", withForm("/dokumen/%d/versi/2/komentar", url.Values{"paragraph": {"0"}, "text": {"Catatan"}}, document), docViewers},
	{"POST", "/dokumen/:doc/versi/:n/salinan", withDocx("/dokumen/%d/versi/2/salinan", "kb-v2-tkksd.docx", document), docViewers},
	{"POST", "/dokumen/:doc/versi/:n/tanggapan", func(f fixture, _ string) (string, io.Reader, string) {
		return fmt.Sprintf("/dokumen/%d/versi/2/tanggapan", f.document), strings.NewReader(url.Values{"item": {fmt.Sprint(f.item)}, "status": {"diterima"}}.Encode()), "application/x-www-form-urlencoded"
	}, managers},
	{"GET", "/dokumen/:doc/banding", path("/dokumen/%d/banding?dari=1&ke=2", document), docViewers},
	{"POST", "/dokumen/:doc/persetujuan", withForm("/dokumen/%d/persetujuan", url.Values{}, document), onlyKasub},
	{"POST", "/dokumen/:doc/setujui", withForm("/dokumen/%d/setujui", url.Values{"version": {"2"}}, document), approvers},
	{"POST", "/dokumen/:doc/diskusi", withForm("/dokumen/%d/diskusi", url.Values{"text": {"Halo"}}, document), docViewers},
	{"POST", "/api/v1/documents/:doc/versions/:n/renumber", withJSON("/api/v1/documents/%d/versions/2/renumber", `{}`, document), managers},
	{"GET", "/api/v1/documents/:doc/versions/:n/lint", path("/api/v1/documents/%d/versions/2/lint", document), docViewers},
	{"POST", "/api/v1/documents/:doc/draft", withJSON("/api/v1/documents/%d/draft", `{}`, document), managers},
	{"POST", "/api/v1/documents/:doc/number", withJSON("/api/v1/documents/%d/number", `{"partner_number":"123/UN/2026","date":"2026-11-23"}`, document), onlyKasub},
	{"GET", "/api/v1/documents/:doc/numbered.docx", path("/api/v1/documents/%d/numbered.docx", document), docViewers},
	{"GET", "/api/v1/register", path("/api/v1/register?year=2026"), office},
	{"GET", "/api/v1/register.csv", path("/api/v1/register.csv?year=2026"), office},
	// The demo has no register entry: cancelling entry 1 is "not found" for
	// everyone (storage/register_test.go covers cancelling).
	{"POST", "/api/v1/register/:id/cancel", withJSON("/api/v1/register/1/cancel", `{"reason":"salah ketik"}`), nobody},
	{"GET", "/api/v1/register-settings", path("/api/v1/register-settings"), []string{pAKP, pARNP, pKasubbag, pAdmin}},
	{"PUT", "/api/v1/register-settings", withJSON("/api/v1/register-settings", `{"format":"{seq}/{kind}/{unit}/{month-roman}/{year}","unit":"HK-KS"}`), []string{pKasubbag, pAdmin}},
	{"POST", "/dokumen/:doc/versi/:n/rapikan", withForm("/dokumen/%d/versi/2/rapikan", url.Values{}, document), managers},
	{"GET", "/dokumen/:doc/versi/:n/periksa", path("/dokumen/%d/versi/2/periksa", document), docViewers},
	{"POST", "/dokumen/:doc/draf-pertama", withForm("/dokumen/%d/draf-pertama", url.Values{}, document), managers},
	{"POST", "/dokumen/:doc/nomor", withForm("/dokumen/%d/nomor", url.Values{"partner_number": {"123/UN/2026"}, "date": {"2026-11-23"}}, document), onlyKasub},
	{"GET", "/register", path("/register"), office},
	{"POST", "/register/:id/batal", withForm("/register/1/batal", url.Values{"reason": {"salah"}}), nobody},
	{"POST", "/register/pengaturan", withForm("/register/pengaturan", url.Values{"format": {"{seq}/{kind}/{unit}/{month-roman}/{year}"}, "unit": {"HK-KS"}}), onlyKasub},
	{"GET", "/pengetahuan", path("/pengetahuan"), verified},
	{"GET", "/pengetahuan/bawaan/:kind", path("/pengetahuan/bawaan/kb"), verified},
	{"POST", "/pengetahuan/templat", withDocx("/pengetahuan/templat", "kb-v2.docx"), []string{pKasubbag, pAdmin}},
	{"GET", "/api/v1/templates", path("/api/v1/templates"), verified},
	{"POST", "/api/v1/templates", withDocx("/api/v1/templates", "kb-v2.docx"), []string{pKasubbag, pAdmin}},
	{"POST", "/pengetahuan/unsur", withForm("/pengetahuan/unsur", url.Values{"elements": {"jangka waktu: jangka waktu, masa berlaku"}}), []string{pKasubbag, pAdmin}},
	{"GET", "/api/v1/lint-elements", path("/api/v1/lint-elements"), []string{pAKP, pARNP, pKasubbag, pAdmin}},
	{"PUT", "/api/v1/lint-elements", withJSON("/api/v1/lint-elements", `{"text":"jangka waktu: jangka waktu"}`), []string{pKasubbag, pAdmin}},
	// Printing and lampiran (the demo KB is not final: its package is 409
	// for those who see it).
	{"GET", "/dokumen/:doc/versi/:n/pdf", path("/dokumen/%d/versi/2/pdf", document), docViewers},
	{"GET", "/api/v1/documents/:doc/versions/:n/pdf", path("/api/v1/documents/%d/versions/1/pdf", document), docViewers},
	{"GET", "/dokumen/:doc/paket.pdf", path("/dokumen/%d/paket.pdf", document), docViewers},
	{"GET", "/api/v1/documents/:doc/package.pdf", path("/api/v1/documents/%d/package.pdf", document), docViewers},
	{"GET", "/api/v1/documents/:doc/attachments", path("/api/v1/documents/%d/attachments", document), docViewers},
	{"POST", "/api/v1/documents/:doc/attachments", withPDF("/api/v1/documents/%d/attachments", document), managers},
	{"POST", "/dokumen/:doc/lampiran", withPDF("/dokumen/%d/lampiran", document), managers},
	{"GET", "/api/v1/documents/:doc/attachments/:att", path("/api/v1/documents/%d/attachments/%d", document, lampiran), docViewers},
	{"GET", "/dokumen/:doc/lampiran/:att", path("/dokumen/%d/lampiran/%d", document, lampiran), docViewers},
	{"POST", "/api/v1/documents/:doc/attachments/:att/move", withJSON("/api/v1/documents/%d/attachments/%d/move", `{"direction":"down"}`, document, lampiran), managers},
	{"POST", "/dokumen/:doc/lampiran/:att/geser", withForm("/dokumen/%d/lampiran/%d/geser", url.Values{"arah": {"naik"}}, document, lampiran), managers},
	{"DELETE", "/api/v1/documents/:doc/attachments/:att", path("/api/v1/documents/%d/attachments/%d", document, lampiran), managers},
	{"POST", "/dokumen/:doc/lampiran/:att/hapus", withForm("/dokumen/%d/lampiran/%d/hapus", url.Values{}, document, lampiran2), managers},
	// Electronic signatures: the demo KB is not numbered and the test server
	// has no certificate, so signing is 409 for Kasubbag (403 or 404 for the
	// others) and there is no signed PDF to download (404 for all).
	{"POST", "/api/v1/documents/:doc/esign", withJSON("/api/v1/documents/%d/esign", `{}`, document), onlyKasub},
	{"POST", "/dokumen/:doc/ttd-elektronik", withForm("/dokumen/%d/ttd-elektronik", url.Values{}, document), onlyKasub},
	{"GET", "/api/v1/documents/:doc/signed.pdf", path("/api/v1/documents/%d/signed.pdf", document), nobody},
	{"GET", "/dokumen/:doc/ttd-elektronik.pdf", path("/dokumen/%d/ttd-elektronik.pdf", document), nobody},
	// The public verification page needs no login; the demo has no numbered
	// document, so its code is unknown (404) to all (esign_test.go checks a
	// real code). The registry lookup is for the control token only.
	{"GET", "/verifikasi/:code", path("/verifikasi/TIDAKADAKODENYA1"), nobody},
	{"POST", "/verifikasi/:code", withPDF("/verifikasi/TIDAKADAKODENYA1"), nobody},
	{"GET", "/internal/registered/:sha", path("/internal/registered/%s", letter), nobody},
	// Desk-to-desk signing: the demo's routing sheet (desks 1 and 2
	// initialled, desk 3 holding it; TKKSD granted in readFixture). Reads
	// first; the office then initials desk 3 through the API, so that the
	// page's form finds it done (409, let through); the sheet has started,
	// so changing its desks is 409 for the office.
	{"GET", "/api/v1/cooperations/:id/routing", path("/api/v1/cooperations/%d/routing", routingCoop), routingViewers},
	{"GET", "/api/v1/cooperations/:id/routing.pdf", path("/api/v1/cooperations/%d/routing.pdf", routingCoop), routingViewers},
	{"GET", "/kerjasama/:id/lembar-edaran.pdf", path("/kerjasama/%d/lembar-edaran.pdf", routingCoop), routingViewers},
	{"GET", "/api/v1/routing-defaults", path("/api/v1/routing-defaults"), []string{pAKP, pARNP, pKasubbag, pAdmin}},
	{"PUT", "/api/v1/routing-defaults", withJSON("/api/v1/routing-defaults", `{"desks":[{"name":"Sekretaris Daerah","time_standard":2,"action":"paraf"},{"name":"Wali Kota","time_standard":3,"action":"tanda_tangan"}]}`), onlyAdmin},
	{"GET", "/pengaturan/lembar-edaran", path("/pengaturan/lembar-edaran"), onlyAdmin},
	// Deadlines and numbers: the SOP time standards and holidays (admin
	// edits), the statistics (office and admin), the public list.
	{"GET", "/api/v1/sop-time-standards", path("/api/v1/sop-time-standards"), verified},
	{"PUT", "/api/v1/sop-time-standards", withJSON("/api/v1/sop-time-standards", `{"standards":[{"sop":"15/PDK/2021","steps":"7–10","activity":"Verifikasi registrasi","actor":"AKP","days":1,"stage":"registrasi","item":"registration_verification"}]}`), onlyAdmin},
	{"GET", "/api/v1/holidays", path("/api/v1/holidays"), verified},
	{"GET", "/api/v1/worklist", path("/api/v1/worklist"), verified},
	{"PUT", "/api/v1/holidays", withJSON("/api/v1/holidays", `{"years":[{"year":2026,"source":"SKB 2026","holidays":[{"date":"2026-01-01","name":"Tahun Baru"}]}]}`), onlyAdmin},
	{"GET", "/pengaturan/tenggat", path("/pengaturan/tenggat"), onlyAdmin},
	{"POST", "/pengaturan/standar-waktu", withForm("/pengaturan/standar-waktu", url.Values{"days": {"1"}}), onlyAdmin},
	{"POST", "/pengaturan/hari-libur", withForm("/pengaturan/hari-libur", url.Values{"holidays": {`[{"year":2026,"source":"SKB 2026","holidays":[]}]`}}), onlyAdmin},
	{"GET", "/statistik", path("/statistik"), []string{pAKP, pARNP, pKasubbag, pAdmin}},
	{"GET", "/statistik.csv", path("/statistik.csv"), []string{pAKP, pARNP, pKasubbag, pAdmin}},
	{"GET", "/api/v1/statistics", path("/api/v1/statistics"), []string{pAKP, pARNP, pKasubbag, pAdmin}},
	{"GET", "/api/v1/statistics.csv", path("/api/v1/statistics.csv"), []string{pAKP, pARNP, pKasubbag, pAdmin}},
	{"GET", "/kerjasama-publik", path("/kerjasama-publik"), everyone},
	{"POST", "/pengaturan/lembar-edaran", withForm("/pengaturan/lembar-edaran", url.Values{"desks": {"Sekretaris Daerah | paraf | 2\nWali Kota | tanda tangan | 3"}}), onlyAdmin},
	{"PUT", "/api/v1/cooperations/:id/routing/desks", withJSON("/api/v1/cooperations/%d/routing/desks", `{"desks":[{"name":"Wali Kota","time_standard":3,"action":"tanda_tangan"}]}`, routingCoop), office},
	{"POST", "/kerjasama/:id/lembar-edaran/meja", withForm("/kerjasama/%d/lembar-edaran/meja", url.Values{"desks": {"Wali Kota | tanda tangan | 3"}}, routingCoop), office},
	{"POST", "/api/v1/cooperations/:id/routing/desks/:n/marks", withJSON("/api/v1/cooperations/%d/routing/desks/3/marks", `{"mark":"initialled","note":"uji"}`, routingCoop), office},
	{"POST", "/kerjasama/:id/lembar-edaran/meja/:n", withForm("/kerjasama/%d/lembar-edaran/meja/3", url.Values{"mark": {"initialled"}}, routingCoop), office},
	// Inisiasi (Penawaran) of the demo cooperation in inisiasi: upload 1 is
	// the offer letter, 2 the draft KB. Downloads come before the removals.
	{"GET", "/api/v1/cooperations/:id/initiation", path("/api/v1/cooperations/%d/initiation", initiationCoop), fileRoles},
	{"GET", "/api/v1/cooperations/:id/initiation/items/:item/:n", path("/api/v1/cooperations/%d/initiation/items/surat_penawaran/1", initiationCoop), fileRoles},
	{"GET", "/kerjasama/:id/inisiasi/berkas/:item/:n", path("/kerjasama/%d/inisiasi/berkas/rancangan/2", initiationCoop), fileRoles},
	{"POST", "/api/v1/cooperations/:id/initiation/items/:item", withPDF("/api/v1/cooperations/%d/initiation/items/lainnya", initiationCoop), signMovers},
	{"POST", "/kerjasama/:id/inisiasi/berkas/:item", withPDF("/kerjasama/%d/inisiasi/berkas/lainnya", initiationCoop), signMovers},
	{"POST", "/api/v1/cooperations/:id/initiation/notes", withJSON("/api/v1/cooperations/%d/initiation/notes", `{"item":"surat_penawaran","text":"Nomor surat belum ada."}`, initiationCoop), office},
	{"POST", "/kerjasama/:id/inisiasi/catatan", withForm("/kerjasama/%d/inisiasi/catatan", url.Values{"text": {"Mohon lengkapi."}}, initiationCoop), office},
	{"POST", "/api/v1/cooperations/:id/initiation/messages", withJSON("/api/v1/cooperations/%d/initiation/messages", `{"text":"Baik, segera kami lengkapi."}`, initiationCoop), fileRoles},
	{"POST", "/kerjasama/:id/inisiasi/pesan", withForm("/kerjasama/%d/inisiasi/pesan", url.Values{"text": {"Terima kasih."}}, initiationCoop), fileRoles},
	{"POST", "/api/v1/cooperations/:id/initiation/fixes", withJSON("/api/v1/cooperations/%d/initiation/fixes", `{"note":"Lengkapi SK dan KAK."}`, initiationCoop), onlyKasub},
	{"POST", "/kerjasama/:id/inisiasi/perbaikan", withForm("/kerjasama/%d/inisiasi/perbaikan", url.Values{"note": {"Lengkapi akta."}}, initiationCoop), onlyKasub},
	{"DELETE", "/api/v1/cooperations/:id/initiation/items/:item/:n", path("/api/v1/cooperations/%d/initiation/items/surat_penawaran/1", initiationCoop), signMovers},
	{"POST", "/kerjasama/:id/inisiasi/berkas/:item/:n/hapus", withForm("/kerjasama/%d/inisiasi/berkas/rancangan/2/hapus", url.Values{}, initiationCoop), signMovers},
	// Incomplete: 400 for the Kasubbag, refused to everyone else.
	{"POST", "/api/v1/cooperations/:id/initiation/complete", withJSON("/api/v1/cooperations/%d/initiation/complete", `{}`, initiationCoop), onlyKasub},
	{"POST", "/kerjasama/:id/inisiasi/lengkap", withForm("/kerjasama/%d/inisiasi/lengkap", url.Values{}, initiationCoop), onlyKasub},
	// Pemantauan of the demo cooperation in pemantauan: whoever sees it
	// reads; its PPKSD adds entries, files and follow-ups; the office
	// notes (TKKSD not granted).
	{"GET", "/api/v1/cooperations/:id/monitoring", path("/api/v1/cooperations/%d/monitoring", monitoredCoop), fileRoles},
	{"GET", "/api/v1/cooperations/:id/monitoring/:entry/files/:n", path("/api/v1/cooperations/%d/monitoring/%d/files/1", monitoredCoop, monitoringEntry), fileRoles},
	{"GET", "/kerjasama/:id/pemantauan/:entry/berkas/:n", path("/kerjasama/%d/pemantauan/%d/berkas/1", monitoredCoop, monitoringEntry), fileRoles},
	{"POST", "/api/v1/cooperations/:id/monitoring", withJSON("/api/v1/cooperations/%d/monitoring", `{"activity":"Rapat evaluasi"}`, monitoredCoop), onlyPPKSD},
	{"POST", "/kerjasama/:id/pemantauan", withForm("/kerjasama/%d/pemantauan", url.Values{"activity": {"Rapat"}}, monitoredCoop), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/monitoring/:entry/files", withPhotoAt("/api/v1/cooperations/%d/monitoring/%d/files", monitoredCoop, monitoringEntry), onlyPPKSD},
	{"POST", "/kerjasama/:id/pemantauan/:entry/berkas", withPhotoAt("/kerjasama/%d/pemantauan/%d/berkas", monitoredCoop, monitoringEntry), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/monitoring/:entry/notes", withJSON("/api/v1/cooperations/%d/monitoring/%d/notes", `{"text":"Lengkapi foto."}`, monitoredCoop, monitoringEntry), office},
	{"POST", "/kerjasama/:id/pemantauan/:entry/catatan", withForm("/kerjasama/%d/pemantauan/%d/catatan", url.Values{"text": {"Lengkapi."}}, monitoredCoop, monitoringEntry), office},
	{"POST", "/api/v1/cooperations/:id/monitoring/:entry/notes/:note/follow-up", withJSON("/api/v1/cooperations/%d/monitoring/%d/notes/1/follow-up", `{"text":"Sudah."}`, monitoredCoop, monitoringEntry), onlyPPKSD},
	{"POST", "/kerjasama/:id/pemantauan/:entry/catatan/:note/tindak-lanjut", withForm("/kerjasama/%d/pemantauan/%d/catatan/1/tindak-lanjut", url.Values{"text": {"Sudah."}}, monitoredCoop, monitoringEntry), onlyPPKSD},
	// Evaluasi of the demo cooperation in evaluasi (semester I filled;
	// opening it again is 409 for the office). The questionnaire: read by
	// everyone verified, edited by the admin.
	{"GET", "/api/v1/cooperations/:id/evaluations", path("/api/v1/cooperations/%d/evaluations", evaluatedCoop), fileRoles},
	{"GET", "/api/v1/cooperations/:id/evaluations/:year/:period", path("/api/v1/cooperations/%d/evaluations/%d/semester1", evaluatedCoop, evalYear), fileRoles},
	{"GET", "/api/v1/cooperations/:id/evaluations/:year/:period/files/:n", path("/api/v1/cooperations/%d/evaluations/%d/semester1/files/1", evaluatedCoop, evalYear), fileRoles},
	{"GET", "/kerjasama/:id/evaluasi/:year/:period/berkas/:n", path("/kerjasama/%d/evaluasi/%d/semester1/berkas/1", evaluatedCoop, evalYear), fileRoles},
	{"PUT", "/api/v1/cooperations/:id/evaluations/:year/:period", withJSON("/api/v1/cooperations/%d/evaluations/%d/semester1", `{"answers":{"manfaat":"4"}}`, evaluatedCoop, evalYear), onlyPPKSD},
	{"POST", "/kerjasama/:id/evaluasi", withForm("/kerjasama/%d/evaluasi", url.Values{"year": {"2026"}, "period": {"semester1"}, "q_manfaat": {"4"}}, evaluatedCoop), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/evaluations/:year/:period/open", withJSON("/api/v1/cooperations/%d/evaluations/%d/semester1/open", `{}`, evaluatedCoop, evalYear), office},
	{"POST", "/kerjasama/:id/evaluasi-buka", withForm("/kerjasama/%d/evaluasi-buka", url.Values{"year": {fmt.Sprint(demoEvaluationYear())}, "period": {"semester1"}}, evaluatedCoop), office},
	{"POST", "/api/v1/cooperations/:id/evaluations/:year/:period/files", withPhotoAt("/api/v1/cooperations/%d/evaluations/%d/semester1/files", evaluatedCoop, evalYear), onlyPPKSD},
	{"POST", "/kerjasama/:id/evaluasi/:year/:period/berkas", withPhotoAt("/kerjasama/%d/evaluasi/%d/semester1/berkas", evaluatedCoop, evalYear), onlyPPKSD},
	{"POST", "/api/v1/cooperations/:id/evaluations/:year/:period/notes", withJSON("/api/v1/cooperations/%d/evaluations/%d/semester1/notes", `{"text":"Lengkapi."}`, evaluatedCoop, evalYear), office},
	{"POST", "/kerjasama/:id/evaluasi/:year/:period/catatan", withForm("/kerjasama/%d/evaluasi/%d/semester1/catatan", url.Values{"text": {"Lengkapi."}}, evaluatedCoop, evalYear), office},
	{"POST", "/api/v1/cooperations/:id/evaluations/:year/:period/notes/:note/follow-up", withJSON("/api/v1/cooperations/%d/evaluations/%d/semester1/notes/1/follow-up", `{"text":"Sudah."}`, evaluatedCoop, evalYear), onlyPPKSD},
	{"POST", "/kerjasama/:id/evaluasi/:year/:period/catatan/:note/tindak-lanjut", withForm("/kerjasama/%d/evaluasi/%d/semester1/catatan/1/tindak-lanjut", url.Values{"text": {"Sudah."}}, evaluatedCoop, evalYear), onlyPPKSD},
	{"GET", "/api/v1/evaluation-questionnaire", path("/api/v1/evaluation-questionnaire"), verified},
	{"PUT", "/api/v1/evaluation-questionnaire", withJSON("/api/v1/evaluation-questionnaire", `{"questions":[{"id":"manfaat","text":"Manfaat","type":"scale","required":true}]}`), onlyAdmin},
	{"GET", "/pengaturan/kuesioner-evaluasi", path("/pengaturan/kuesioner-evaluasi"), onlyAdmin},
	{"POST", "/pengaturan/kuesioner-evaluasi", withForm("/pengaturan/kuesioner-evaluasi", url.Values{"questions": {"manfaat | skala | wajib | Manfaat"}}), onlyAdmin},
	{"DELETE", "/api/v1/session", path("/api/v1/session"), loggedIn},
	{"POST", "/keluar", withForm("/keluar", url.Values{}), everyone},
}

// TestAuthorizationMatrix sends every route's request as every principal,
// each principal against a fresh demo server, and compares who got through
// with the matrix. It also fails when a route is missing from the matrix.
func TestAuthorizationMatrix(t *testing.T) {
	m := runTestMain(t, true, "")
	var missing []string
	listed := map[string]bool{}
	for _, c := range matrix {
		listed[c.method+" "+c.route] = true
	}
	for _, r := range m.Server.Engine().Routes() {
		if r.Method == "HEAD" {
			continue
		}
		if !listed[r.Method+" "+r.Path] {
			missing = append(missing, r.Method+" "+r.Path)
		}
		delete(listed, r.Method+" "+r.Path)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes not in the authorisation matrix (add them): %v", missing)
	}
	if len(listed) > 0 {
		t.Errorf("matrix lists routes the server does not have: %v", listed)
	}
	m.Close()

	for _, p := range principals {
		t.Run(p, func(t *testing.T) {
			m := runTestMain(t, true, "")
			f := readFixture(t, m)
			base := m.Server.URL()
			var cookie *http.Cookie
			if p != pAnon {
				cookie = apiLoginCookie(t, base, loginOf[p], DemoPassword)
			}
			for _, c := range matrix {
				u, body, ct := c.req(f, p)
				req, err := http.NewRequest(c.method, base+u, body)
				if err != nil {
					t.Fatal(err)
				}
				if ct != "" {
					req.Header.Set("Content-Type", ct)
				}
				if cookie != nil {
					req.AddCookie(cookie)
				}
				resp, err := noRedirectClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				data, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 500 {
					t.Errorf("%s %s: %s (server error) %.200s", c.method, u, resp.Status, data)
					continue
				}
				got := letThrough(resp)
				want := slices.Contains(c.allowed, p)
				if got != want {
					t.Errorf("%s %s as %s: let through = %v, want %v (%s, Location %q) %.200s",
						c.method, u, p, got, want, resp.Status, resp.Header.Get("Location"), data)
				}
			}
		})
	}
}

// letThrough classifies an answer: 401, 403 and 404 (an object the caller may
// not see is "not found"), a redirect to the login page, and a GET page
// redirected to the registration are refusals; everything else (2xx, other
// redirects, 400 and 409 about the input or the object's state) means the
// request reached the action.
func letThrough(resp *http.Response) bool {
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
		return false
	case http.StatusSeeOther, http.StatusFound:
		loc := resp.Header.Get("Location")
		if strings.HasPrefix(loc, "/masuk") && resp.Request.URL.Path != "/keluar" {
			return false
		}
		if loc == "/registrasi" && resp.Request.Method == http.MethodGet {
			return false
		}
	}
	return true
}

// readFixture finds the demo objects the matrix requests use, and grants the
// TKKSD member access to the signing cooperation.
func readFixture(t *testing.T, m *Main) fixture {
	t.Helper()
	ctx := context.Background()
	sys := sepakat.SystemContext(ctx)
	var f fixture
	f.signing = findCooperationID(t, m, "Festival Budaya")
	f.draft = findCooperationID(t, m, "Promosi Wisata")
	users, err := m.DB.FindUsers(sys, sepakat.UserFilter{})
	if err != nil {
		t.Fatal(err)
	}
	byLogin := map[string]*sepakat.User{}
	for _, u := range users {
		byLogin[u.Login] = u
	}
	f.tkksdUser = byLogin["tkksd"].ID
	as := func(login string) context.Context { return sepakat.NewContextWithUser(ctx, byLogin[login]) }
	if _, err := m.DB.GrantAccess(as("arnp"), f.signing, f.tkksdUser); err != nil {
		t.Fatal(err)
	}
	mustRecordSigned(t, m, as("ppksd1"), f.signing)
	reg, err := m.DB.MyRegistration(as("ppksd3"))
	if err != nil {
		t.Fatal(err)
	}
	f.pendingReg = reg.ID
	reg, err = m.DB.MyRegistration(as("ppksd1"))
	if err != nil {
		t.Fatal(err)
	}
	f.letter = reg.Letter.SHA256
	notes, _, err := m.DB.FindNotifications(as("ppksd1"), 1)
	if err != nil || len(notes) == 0 {
		t.Fatalf("ppksd1 has no notification: %v", err)
	}
	f.notice = notes[0].ID
	f.persiapan = findCooperationID(t, m, "Kalender Event")
	docs, err := m.DB.FindDocuments(sys, f.persiapan)
	if err != nil || len(docs) == 0 {
		t.Fatalf("no demo document: %v", err)
	}
	f.document = docs[0].ID
	items, err := m.DB.FindReviewItems(sys, f.document, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.AuthorID == f.tkksdUser && it.UploadID == 0 {
			f.item = it.ID
		}
	}
	if f.item == 0 {
		t.Fatal("no demo comment of the TKKSD member on version 2")
	}
	for i, id := range []*int64{&f.attachment, &f.attachment2} {
		pdf, err := os.Open(lampiranPDF)
		if err != nil {
			t.Fatal(err)
		}
		sha, size, ct, err := m.DB.Blobs().Put(ctx, pdf, sepakat.MaxAttachmentSize, signing.ValidatePDF)
		pdf.Close()
		if err != nil {
			t.Fatal(err)
		}
		file := sepakat.File{SHA256: sha, Size: size, Name: "lampiran-2.pdf", ContentType: ct}
		a, err := m.DB.AddAttachment(as("arnp"), f.document, fmt.Sprintf("Lampiran uji %d", i+1), file)
		if err != nil {
			t.Fatal(err)
		}
		*id = a.ID
	}
	f.initiation = findCooperationID(t, m, demoInitiationTitle)
	f.monitored = findCooperationID(t, m, demoMonitored[0])
	entries, _, err := m.DB.FindMonitoring(as("kasubbag"), f.monitored)
	if err != nil || len(entries) == 0 {
		t.Fatalf("no demo monitoring entry: %v", err)
	}
	f.entry = entries[0].ID
	f.evaluated = findCooperationID(t, m, demoMonitored[1])
	f.routing = findCooperationID(t, m, demoRoutingTitle)
	if _, err := m.DB.GrantAccess(as("arnp"), f.routing, f.tkksdUser); err != nil {
		t.Fatal(err)
	}
	f.plan = findCooperationID(t, m, "Pelatihan dan Sertifikasi Pemandu Wisata")
	if _, err := m.DB.GrantAccess(as("arnp"), f.plan, f.tkksdUser); err != nil {
		t.Fatal(err)
	}
	f.schedule = findCooperationID(t, m, demoMethodPendingTitle)
	f.revised = findCooperationID(t, m, demoRevisedTitle)
	sg, _, err := m.DB.FindSigning(as("kasubbag"), f.revised)
	if err != nil || len(sg.Proposals) != 2 {
		t.Fatalf("demo counter-proposal: %+v %v", sg, err)
	}
	f.proposal = sg.Proposals[1].ID
	return f
}
