package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
)

// TestBrowserRegistrationToPlanning walks one cooperation from the sign-up of
// its two PPKSD to the Perencanaan stage, through the real pages in headless
// Chromium: registration with refused and accepted uploads, a return and a
// re-submission, approval, the application with the integrity pact, and the
// Kasubbag's decision, each user in a browser context of their own (separate
// cookies). Screenshots of every page go to $SEPAKAT_SCREENSHOTS when set.
func TestBrowserRegistrationToPlanning(t *testing.T) {
	chromium := testtool.Require(t, "chromium")
	fixtures := testtool.Testdata(t, "registration")
	fixture := func(name string) string { return filepath.Join(fixtures, name) }

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The server: not in demo mode, with two office accounts made directly
	// in storage, as an admin would.
	m := startTestServer(t, ctx, false)
	defer m.Close()
	sys := sepakat.SystemContext(ctx)
	const officePassword = "kantor-ksd-2026"
	for _, n := range []sepakat.NewUser{
		{Login: "dewi.akp", Email: "dewi.akp@pemkot.invalid", Name: "Dewi Lestari", Role: sepakat.RoleAKP, Password: officePassword},
		{Login: "agus.kasubbag", Email: "agus.kasubbag@pemkot.invalid", Name: "Agus Salim", Role: sepakat.RoleKasubbag, Password: officePassword},
	} {
		if _, err := m.DB.CreateUser(sys, n); err != nil {
			t.Fatalf("create %s: %v", n.Login, err)
		}
	}

	// One browser; each user gets a browser context of their own.
	w, closeBrowser := startWalk(t, ctx, chromium, m.Server.URL())
	defer closeBrowser()

	const (
		instName   = "Dinas Pariwisata Kabupaten Lembah Hijau"
		aName      = "Rina Wulandari"
		aLogin     = "rina.wulandari"
		bName      = "Budi Santoso"
		bLogin     = "budi.santoso"
		aPassword  = "sandi-rina-2026"
		bPassword  = "sandi-budi-2026"
		returnNote = "Foto PPKSD-2 kurang jelas"
		coopTitle  = "Promosi Wisata Terpadu Lembah Hijau dan Kota Yogyakarta"
	)

	// 2. Both officers sign up, each in their own browser.
	a, b := w.newUser("ppksd1"), w.newUser("ppksd2")
	signUp := func(u *user, name, login, email, nip, password string) {
		u.open("/daftar")
		u.mustHave("h1", "Daftar Akun PPKSD")
		u.fill(map[string]string{"name": name, "login": login, "email": email, "nip": nip, "password": password, "password2": password})
		u.submit("form[action='/daftar'] button[type=submit]", 200)
		u.mustBeAt("/registrasi")
		u.mustHave("h1", "Registrasi PPKSD")
		u.mustHave("#status-registrasi", "Draf")
		u.mustHave("header .akun", name)
	}
	signUp(a, aName, aLogin, "rina.wulandari@lembahhijau.invalid", "198703142010012008", aPassword)
	signUp(b, bName, bLogin, "budi.santoso@lembahhijau.invalid", "199011052015031002", bPassword)

	// 3. Officer A fills the registration for both.
	a.fill(map[string]string{
		"inst_name": instName, "inst_kind": "pemerintah_daerah", "inst_city": "Kabupaten Lembah Hijau",
		"inst_address": "Jalan Merapi Nomor 17, Lembah Hijau 55511", "inst_phone": "(0274) 868001",
		"o1_name": aName, "o1_position": "Kepala Subbagian Umum dan Kepegawaian", "o1_phone": "0812-2700-1401",
		"o2_login": bLogin, "o2_name": bName, "o2_position": "Pranata Komputer Ahli Muda", "o2_phone": "0813-2800-2502",
	})
	a.submit("#simpan-registrasi", 200)
	a.mustBeAt("/registrasi")
	a.mustHave("#status-registrasi", "Draf")
	a.mustHave("#berkas-letter", "belum diunggah")
	if !eval[bool](a, `document.querySelector('#kirim-registrasi').disabled`) {
		t.Fatal("registrasi: #kirim-registrasi is enabled before any file was uploaded")
	}

	// The encrypted letter is refused, and nothing changes.
	a.upload("letter", fixture("surat-tugas-encrypted.pdf"), 400)
	a.mustHave("[role=alert]", "dilindungi kata sandi")
	a.mustHave("#status-registrasi", "Draf")
	a.mustHave("#berkas-letter", "belum diunggah")
	// The real letter is kept.
	a.upload("letter", fixture("surat-tugas.pdf"), 200)
	a.mustHave("#berkas-letter", "surat-tugas.pdf")
	// A text file named .jpg is not a photo.
	a.upload("photo1", fixture("fake-photo.jpg"), 415)
	a.mustHave("[role=alert]", "bukan gambar")
	a.mustHave("#berkas-photo1", "belum diunggah")
	a.upload("photo1", fixture("foto-ppksd1.jpg"), 200)
	a.mustHave("#berkas-photo1", "foto-ppksd1.jpg")
	a.upload("photo2", fixture("foto-ppksd2.png"), 200)
	a.mustHave("#berkas-photo2", "foto-ppksd2.png")
	a.mustHave("#berkas-letter", "surat-tugas.pdf")
	a.submit("#kirim-registrasi", 200)
	a.mustHave("#status-registrasi", "Menunggu verifikasi")
	// Not verified yet: the dashboard sends A back to the registration.
	a.open("/")
	a.mustBeAt("/registrasi")

	// 4. The AKP returns the registration, first without a reason.
	akp := w.newUser("akp")
	openRegistration := func(u *user) {
		u.open("/verifikasi-data")
		u.mustHave("#daftar-registrasi", instName)
		u.mustHave("#daftar-registrasi", aName)
		u.mustHave("#daftar-registrasi", bName)
		u.follow("#daftar-registrasi a[href^='/verifikasi-data/']")
		u.mustHave("h1", "Verifikasi Registrasi: "+instName)
		u.mustHave("#status-verifikasi", "Menunggu verifikasi")
		u.mustHave("main", "surat-tugas.pdf")
	}
	akp.logIn("dewi.akp", officePassword)
	akp.mustBeAt("/")
	akp.mustHave("h1", "Beranda")
	akp.mustHave("#jumlah-verifikasi", "1")
	openRegistration(akp)
	verification := akp.path()
	akp.submit("#kembalikan", 400)
	akp.mustHave("[role=alert]", "alasan pengembalian")
	akp.mustHave("#status-verifikasi", "Menunggu verifikasi")
	akp.fill(map[string]string{"reason": returnNote})
	akp.submit("#kembalikan", 200)
	akp.mustBeAt("/verifikasi-data")
	akp.mustNotHave("#daftar-registrasi") // nothing left waiting
	akp.open(verification)
	akp.mustHave("#status-verifikasi", "Dikembalikan")
	akp.mustHave("main", returnNote)

	// 5. Officer A sees why, fixes photo 2 and sends again; the AKP approves.
	a.open("/registrasi")
	a.mustHave("#status-registrasi", "Dikembalikan")
	a.mustHave("#alasan-pengembalian", returnNote)
	a.upload("photo2", fixture("foto-ppksd2.png"), 200)
	a.mustHave("#berkas-photo2", "foto-ppksd2.png")
	a.submit("#kirim-registrasi", 200)
	a.mustHave("#status-registrasi", "Menunggu verifikasi")
	openRegistration(akp)
	akp.submit("#setujui", 200)
	akp.mustBeAt("/verifikasi-data")
	akp.open(verification)
	akp.mustHave("#status-verifikasi", "Disetujui")

	// 6. Officer A applies for a cooperation.
	a.open("/")
	a.mustBeAt("/")
	a.mustHave("h1", "Beranda")
	a.open("/kerjasama/baru")
	a.mustHave("h1", "Permohonan Kerja Sama Baru")
	if got := a.value("#app_name"); got != instName {
		t.Fatalf("/kerjasama/baru: #app_name = %q, want the registered institution %q", got, instName)
	}
	preparation := map[string]string{
		"background": "Kunjungan wisatawan ke kedua daerah saling melengkapi, tetapi promosinya berjalan sendiri-sendiri.",
		"purpose":    "Menyatukan promosi dan paket wisata agar lama tinggal wisatawan bertambah.",
		"location":   "Kabupaten Lembah Hijau dan Kota Yogyakarta.",
		"scope":      "Promosi bersama, paket wisata terpadu, pertukaran data kunjungan.",
		"roles":      "Pihak Kesatu menyediakan ruang promosi; Pihak Kedua menyusun paket wisata.",
		"term":       "Tiga tahun sejak ditandatangani.",
		"benefits":   "Kunjungan dan pendapatan asli daerah sektor pariwisata meningkat.",
		"analysis":   "Sosial: lapangan kerja pemandu; ekonomi: UMKM; lingkungan: kuota kunjungan kawasan rawan.",
		"funding":    "APBD masing-masing pihak sesuai kewenangan.",
	}
	a.fill(map[string]string{"title": coopTitle, "affair": "Pariwisata", "partner_name_0": "Pemerintah Kota Yogyakarta", "partner_kind_0": "pemerintah_daerah"})
	a.fill(preparation)
	a.choose("#ppksd2_id", bName)
	if eval[bool](a, `document.querySelector('#integrity_pact').checked`) {
		t.Fatal("/kerjasama/baru: the integrity pact is ticked before the user ticked it")
	}
	a.submit("#ajukan", 400)
	a.mustHave("[role=alert]", "Pakta integritas")
	for id, want := range preparation { // what was typed is still there
		if got := a.value("#" + id); got != want {
			t.Fatalf("after the refused submission: #%s = %q, want %q", id, got, want)
		}
	}
	a.click("#integrity_pact")
	a.submit("#ajukan", 200)
	coopPath := a.path()
	if !regexp.MustCompile(`^/kerjasama/\d+$`).MatchString(coopPath) {
		t.Fatalf("after Ajukan: at %s, want /kerjasama/<id>", coopPath)
	}
	code := a.text("#kode-kerjasama")
	if !regexp.MustCompile(`^KSD-\d{4}-\d{4}$`).MatchString(code) {
		t.Fatalf("%s: #kode-kerjasama = %q, want KSD-dddd-dddd", coopPath, code)
	}
	a.mustHave("#tahap-kerjasama", "Permohonan")
	a.mustHave("h1", coopTitle)
	a.mustHave("main", bName) // PPKSD-2
	a.mustHave("main", "Pemerintah Kota Yogyakarta")
	a.mustHave("main", preparation["analysis"])
	a.mustHave("[role=status]", "Permohonan telah diajukan")

	// 7. The Kasubbag is notified, accepts the application into planning.
	kasubbag := w.newUser("kasubbag")
	kasubbag.logIn("agus.kasubbag", officePassword)
	kasubbag.mustBeAt("/")
	badge, err := strconv.Atoi(kasubbag.text("#jumlah-notifikasi"))
	if err != nil || badge < 1 {
		t.Fatalf("kasubbag: #jumlah-notifikasi = %q, want a positive count", kasubbag.text("#jumlah-notifikasi"))
	}
	kasubbag.open("/notifikasi")
	if unread := eval[int](kasubbag, `document.querySelectorAll('#daftar-notifikasi tr.belum').length`); unread != badge {
		t.Fatalf("kasubbag: badge says %d unread notifications, /notifikasi lists %d", badge, unread)
	}
	link := fmt.Sprintf("#daftar-notifikasi tr.belum a[href='%s']", coopPath)
	kasubbag.mustHave(link, code)
	kasubbag.follow(link)
	kasubbag.mustBeAt(coopPath)
	kasubbag.mustHave("#tahap-kerjasama", "Permohonan")
	kasubbag.submitOK("#aksi-tahap button[data-to='perencanaan']")
	kasubbag.mustBeAt(coopPath)
	kasubbag.mustHave("#tahap-kerjasama", "Perencanaan")

	// Officer B, the PPKSD-2, still signed in since signing up, logs out
	// and in again, and follows it.
	b.open("/registrasi")
	b.mustHave("header .akun", bName)
	b.submit("header .akun form[action='/keluar'] button", 200)
	b.mustBeAt("/masuk")
	b.mustNotHave("header .akun")
	b.open("/kerjasama")
	b.mustBeAt("/masuk") // the session is gone
	b.logIn(bLogin, bPassword)
	b.mustBeAt("/")
	b.open("/kerjasama")
	row := fmt.Sprintf("#daftar-kerjasama tr:has(a[href='%s'])", coopPath)
	b.mustHave(row, code)
	b.mustHave(row, "Perencanaan")
	b.follow(row + " a")
	b.mustHave("#tahap-kerjasama", "Perencanaan")
	b.mustHave("#riwayat", "Agus Salim")
	b.mustHave("#riwayat", "Perencanaan")
	b.mustHave("#riwayat", aName) // who submitted
}

// walk is what the users of one browser test share.
type walk struct {
	t       *testing.T
	browser context.Context // the browser the users open their contexts in
	base    string
	shots   string
	n       int // screenshots taken

	// digits is how many digits a screenshot's number has (at least two);
	// pageTimeout, when set, bounds a page load or screenshot instead of
	// stepTimeout.
	digits      int
	pageTimeout time.Duration
}

// startTestServer runs the server on a free port of localhost with a
// temporary data directory, seeded with the demo data when demo is set,
// logging nowhere; the caller closes it.
func startTestServer(t *testing.T, ctx context.Context, demo bool) *Main {
	t.Helper()
	m := NewMain()
	m.Config.Addr, m.Config.DataDir, m.Config.Demo = "localhost:0", t.TempDir(), demo
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := m.Run(ctx); err != nil {
		t.Fatalf("start server: %v", err)
	}
	return m
}

// screenshotDir is $SEPAKAT_SCREENSHOTS, made when missing, or else a
// temporary directory.
func screenshotDir(t *testing.T) string {
	t.Helper()
	shots := os.Getenv("SEPAKAT_SCREENSHOTS")
	if shots == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return shots
}

// startWalk starts headless Chromium for the site at base and returns the
// walk its users share, saving screenshots in screenshotDir; closeBrowser
// ends Chromium.
func startWalk(t *testing.T, ctx context.Context, chromium, base string) (w *walk, closeBrowser func()) {
	t.Helper()
	shots := screenshotDir(t)
	allocCtx, cancelAlloc := chromiumAllocator(ctx, chromium, t.TempDir())
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	closeBrowser = func() {
		cancelBrowser()
		cancelAlloc()
	}
	if err := chromedp.Do(browserCtx); err != nil { // starts Chromium
		closeBrowser()
		t.Fatalf("start chromium %s: %v", chromium, err)
	}
	return &walk{t: t, browser: browserCtx, base: base, shots: shots}, closeBrowser
}

// newUser opens a browser context of its own (separate cookies) for name.
func (w *walk) newUser(name string) *user {
	w.t.Helper()
	uctx, cancel := chromedp.NewContext(w.browser, chromedp.WithNewBrowserContext())
	w.t.Cleanup(cancel)
	// Open the tab with the context itself: a first run under a
	// derived context (with a step timeout) would tie the tab to it.
	if err := chromedp.Do(uctx); err != nil {
		w.t.Fatalf("open a browser context for %s: %v", name, err)
	}
	return &user{walk: w, name: name, ctx: uctx}
}

// logIn signs the user in on the login page as login with password.
func (u *user) logIn(login, password string) {
	u.t.Helper()
	u.open("/masuk")
	u.mustHave("h1", "Masuk ke Sepakat")
	u.fill(map[string]string{"login": login, "password": password})
	u.submitOK("form[action='/masuk'] button[type=submit]")
}

// pageStep bounds a page load or a screenshot.
func (w *walk) pageStep() time.Duration {
	if w.pageTimeout != 0 {
		return w.pageTimeout
	}
	return stepTimeout
}

// user is one person at one browser context.
type user struct {
	*walk
	name string
	ctx  context.Context
}

// stepTimeout bounds every browser step, so that a missing element fails the
// test quickly instead of waiting for the test's deadline.
const stepTimeout = 15 * time.Second

func (u *user) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		u.t.Fatalf("%s at %s: %s: %v", u.name, u.path(), what, err)
	}
}

// load runs actions that cause one navigation and checks the final status.
func (u *user) load(what string, wantStatus int64, actions ...chromedp.Action[chromedp.Void]) {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, u.pageStep())
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		u.t.Fatalf("%s at %s: %s: %v", u.name, u.path(), what, err)
	}
	u.screenshot()
	if resp == nil {
		u.t.Fatalf("%s: %s: no response", u.name, what)
	}
	if resp.Status != wantStatus {
		u.t.Fatalf("%s: %s: HTTP %d at %s, want %d; page says: %s", u.name, what, resp.Status, u.path(), wantStatus, u.text("main"))
	}
}

// open navigates to a path of the site; the page must answer 200.
func (u *user) open(path string) {
	u.t.Helper()
	u.load("open "+path, 200, chromedp.Navigate(u.base+path))
}

// submit clicks the button sel (CSS) and waits for the page it leads to.
func (u *user) submit(sel string, wantStatus int64) {
	u.t.Helper()
	u.load("click "+sel+" on "+u.path(), wantStatus, chromedp.Click(chromedp.CSS(sel)))
}

// submitOK clicks the button sel (CSS); the page it leads to must answer
// 200 and show no alert.
func (u *user) submitOK(sel string) {
	u.t.Helper()
	u.submit(sel, 200)
	u.mustNotHave("[role=alert]")
}

// moveStage moves the open cooperation to the stage to with its button in
// the stage actions; the page must then show the stage's label.
func (u *user) moveStage(to, label string) {
	u.t.Helper()
	u.submitOK("#aksi-tahap button[data-to='" + to + "']")
	u.mustHave("#tahap-kerjasama", label)
}

// decide sends the office's decision on the open planning document, with
// note when it is not empty.
func (u *user) decide(decision, note string) {
	u.t.Helper()
	u.setValue("#keputusan select[name=decision]", decision)
	if note != "" {
		u.setValue("#keputusan textarea[name=note]", note)
	}
	u.submitOK("#keputusan button")
}

// follow clicks the link sel (CSS) and waits for its page.
func (u *user) follow(sel string) {
	u.t.Helper()
	u.submit(sel, 200)
}

// upload chooses file in the upload form of a registration slot and sends it.
func (u *user) upload(slot, file string, wantStatus int64) {
	u.t.Helper()
	u.do("choose "+filepath.Base(file), chromedp.SetUploadFiles(chromedp.ID("file-"+slot), []string{file}))
	u.submit("#unggah-"+slot, wantStatus)
	if wantStatus == 200 {
		u.mustNotHave("[role=alert]")
		u.mustHave("[role=status]", "Berkas telah diunggah")
	} else {
		u.mustNotHave("[role=status]")
	}
}

// fill sets form fields by id.
func (u *user) fill(fields map[string]string) {
	u.t.Helper()
	for id, v := range fields {
		u.do("fill #"+id, chromedp.SetValue(chromedp.ID(id), v))
	}
}

// choose selects the option of the select sel whose text is label.
func (u *user) choose(sel, label string) {
	u.t.Helper()
	js := fmt.Sprintf(`(() => { const s = document.querySelector(%s);
		const o = s && [...s.options].find(o => o.text.trim() === %s);
		if (!o) return false; s.value = o.value; return true })()`, jsString(sel), jsString(label))
	if !eval[bool](u, js) {
		u.t.Fatalf("%s at %s: %s has no option %q; options: %s", u.name, u.path(), sel, label,
			eval[string](u, fmt.Sprintf(`[...document.querySelector(%s)?.options ?? []].map(o => o.text).join(" | ")`, jsString(sel))))
	}
}

func (u *user) click(sel string) {
	u.t.Helper()
	u.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// eval evaluates a JavaScript expression in u's page and returns its value
// as a T (use *string for a value that may be null).
func eval[T any](u *user, expr string) T {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		u.t.Fatalf("%s: evaluate %s: %v", u.name, expr, err)
	}
	return v
}

// text is the visible text of the first element matching sel (CSS); the
// element must exist.
func (u *user) text(sel string) string {
	u.t.Helper()
	s := eval[*string](u, fmt.Sprintf(`document.querySelector(%s)?.innerText ?? null`, jsString(sel)))
	if s == nil {
		u.t.Fatalf("%s at %s: no element %s on the page; page says: %s", u.name, u.path(), sel, u.pageText())
	}
	return strings.Join(strings.Fields(*s), " ")
}

// value is the current value of the form field sel (CSS).
func (u *user) value(sel string) string {
	u.t.Helper()
	s := eval[*string](u, fmt.Sprintf(`document.querySelector(%s)?.value ?? null`, jsString(sel)))
	if s == nil {
		u.t.Fatalf("%s at %s: no field %s", u.name, u.path(), sel)
	}
	return *s
}

func (u *user) pageText() string {
	s := eval[string](u, `document.body ? document.body.innerText : ""`)
	return strings.Join(strings.Fields(s), " ")
}

// mustHave fails unless the element sel (CSS) shows want.
func (u *user) mustHave(sel, want string) {
	u.t.Helper()
	if got := u.text(sel); !strings.Contains(got, want) {
		u.t.Fatalf("%s at %s: %s shows %q, want it to contain %q", u.name, u.path(), sel, got, want)
	}
}

// mustNotHave fails if an element matches sel (CSS).
func (u *user) mustNotHave(sel string) {
	u.t.Helper()
	s := eval[*string](u, fmt.Sprintf(`document.querySelector(%s)?.innerText ?? null`, jsString(sel)))
	if s != nil {
		u.t.Fatalf("%s at %s: unexpected %s: %q", u.name, u.path(), sel, strings.Join(strings.Fields(*s), " "))
	}
}

// path is the current path of the page, without the query.
func (u *user) path() string {
	loc := eval[string](u, `location.href`)
	p, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return p.Path
}

func (u *user) mustBeAt(path string) {
	u.t.Helper()
	if got := u.path(); got != path {
		u.t.Fatalf("%s: at %s, want %s; page says: %s", u.name, got, path, u.pageText())
	}
}

// screenshot saves the whole page as NN-user-path.png, with as many digits
// in NN as the walk asks for.
func (u *user) screenshot() {
	u.t.Helper()
	u.n++
	ctx, cancel := context.WithTimeout(u.ctx, u.pageStep())
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		u.t.Fatalf("%s: screenshot: %v", u.name, err)
	}
	slug := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(u.path(), "-"), "-")
	if slug == "" {
		slug = "beranda"
	}
	name := filepath.Join(u.shots, fmt.Sprintf("%0*d-%s-%s.png", max(u.digits, 2), u.n, u.name, slug))
	if err := os.WriteFile(name, png, 0o644); err != nil {
		u.t.Fatal(err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// chromiumAllocator starts headless Chromium the way this machine needs it
// (no sandbox, no background networking: the network here is closed) with
// a fresh profile in userDataDir.
func chromiumAllocator(ctx context.Context, chromium, userDataDir string) (context.Context, context.CancelFunc) {
	return chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(userDataDir),
		chromedp.WindowSize(1280, 900),
	)
}

// setValue sets the form field sel (CSS) to v.
func (u *user) setValue(sel, v string) {
	u.t.Helper()
	u.do("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.SetValue(chromedp.CSS(sel), v))
}

// setFile chooses file in the file input sel (CSS).
func (u *user) setFile(sel, file string) {
	u.t.Helper()
	u.do("choose "+filepath.Base(file)+" in "+sel, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{file}))
}

// fillAll types a distinct text into every field matching sel (CSS).
func (u *user) fillAll(sel, prefix string) {
	u.t.Helper()
	n := eval[int](u, fmt.Sprintf(`(() => { const fs = document.querySelectorAll(%s);
		fs.forEach((f, i) => { f.value = %s + 'bagian ' + (i + 1) + ' diuraikan secara lengkap.' }); return fs.length })()`, jsString(sel), jsString(prefix)))
	if n == 0 {
		u.t.Fatalf("%s at %s: no field %s; page says: %s", u.name, u.path(), sel, u.pageText())
	}
}

// attr is the attribute name of the first element matching sel (CSS).
func (u *user) attr(sel, name string) string {
	u.t.Helper()
	s := eval[*string](u, fmt.Sprintf(`document.querySelector(%s)?.getAttribute(%s) ?? null`, jsString(sel), jsString(name)))
	if s == nil {
		u.t.Fatalf("%s at %s: no %s with %s; page says: %s", u.name, u.path(), sel, name, u.pageText())
	}
	return *s
}

// rowLink is a CSS selector for the link link (CSS) in the first of the
// rows rows (CSS) that shows text.
func (u *user) rowLink(rows, text, link string) string {
	u.t.Helper()
	href := eval[*string](u, fmt.Sprintf(`(() => { const r = [...document.querySelectorAll(%s)].find(r => r.innerText.includes(%s));
		return r?.querySelector(%s)?.getAttribute('href') ?? null })()`, jsString(rows), jsString(text), jsString(link)))
	if href == nil {
		u.t.Fatalf("%s at %s: no row of %s shows %q with a link %s; page says: %s", u.name, u.path(), rows, text, link, u.pageText())
	}
	return fmt.Sprintf("a[href=%s]", jsString(*href))
}
