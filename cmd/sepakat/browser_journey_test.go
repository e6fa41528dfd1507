package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/sepakat/sepakat/internal/testtool"
)

// TestBrowserJourney takes one new cooperation through the whole journey in
// headless Chromium, every step through the pages as the person whose step
// it is: two PPKSD sign up and register, the AKP verifies them; the
// application with the integrity pact, accepted into Perencanaan; the
// Studi Kelayakan with an opinion, a revise decision, a second submission
// and its acceptance, then the KAK; the initiation uploads and their
// completion (the draft becomes version 1); a comment on the version page,
// the ARNP's response, the final approval by the PPKSD and Kasubbag; the
// number from the register; an in-person signing countered by the protocol
// office on its calendar and accepted by the PPKSD; the signed scan with a
// photo, the officers and the classification; a monitoring entry with a
// note and its follow-up; an evaluation.
//
// A full-page screenshot of every page visited goes to $SEPAKAT_SCREENSHOTS
// (numbered in order: 001-daftar-….png) when set, else to a temporary
// directory; CI keeps them as an artifact.
func TestBrowserJourney(t *testing.T) {
	chromium := testtool.Require(t, "chromium")
	registration := testtool.Testdata(t, "registration")
	printing := testtool.Testdata(t, "print")
	letterPDF := filepath.Join(registration, "surat-tugas.pdf")
	photoJPEG := filepath.Join(registration, "foto-ppksd1.jpg")
	photoPNG := filepath.Join(registration, "foto-ppksd2.png")
	pdf1 := filepath.Join(printing, "lampiran-1.pdf")
	pdf2 := filepath.Join(printing, "lampiran-2.pdf")
	draftDocx, err := filepath.Abs(filepath.Join("demodocs", "kb-v1.docx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{letterPDF, photoJPEG, photoPNG, pdf1, pdf2, draftDocx} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	m := startTestServer(t, ctx, true)
	defer m.Close()

	w, closeBrowser := startWalk(t, ctx, chromium, m.Server.URL())
	defer closeBrowser()
	// Every page is saved as NNN-user-path.png (three digits: a journey
	// visits more than 99 pages).
	w.digits, w.pageTimeout = 3, journeyStep
	logIn := func(login, password string) *user {
		u := w.newUser(login)
		u.logIn(login, password)
		return u
	}
	started := time.Now()
	defer func() {
		t.Logf("journey: %d pages in %s; screenshots in %s", w.n, time.Since(started).Round(time.Second), w.shots)
	}()

	const (
		instName  = "Dinas Pariwisata Kabupaten Sungai Jernih"
		aName     = "Sri Rahayu Ningsih"
		aLogin    = "sri.rahayu"
		bName     = "Yusuf Hidayat"
		bLogin    = "yusuf.hidayat"
		aPassword = "sandi-sri-2026"
		bPassword = "sandi-yusuf-2026"
		coopTitle = "Pengembangan Desa Wisata Terpadu Sungai Jernih"
		partner   = "Pemerintah Kabupaten Sungai Jernih"
	)

	// 1. Registration and verification. Both PPKSD sign up, each in a
	// browser of their own; the first fills the registration for both.
	a, b := w.newUser("ppksd-a"), w.newUser("ppksd-b")
	signUp := func(u *user, name, login, email, nip, password string) {
		u.open("/daftar")
		u.mustHave("h1", "Daftar Akun PPKSD")
		u.fill(map[string]string{"name": name, "login": login, "email": email, "nip": nip, "password": password, "password2": password})
		u.submit("form[action='/daftar'] button[type=submit]", 200)
		u.mustBeAt("/registrasi")
		u.mustHave("#status-registrasi", "Draf")
	}
	signUp(a, aName, aLogin, "sri.rahayu@sungaijernih.invalid", "198605122009022003", aPassword)
	signUp(b, bName, bLogin, "yusuf.hidayat@sungaijernih.invalid", "199203082016091001", bPassword)
	a.fill(map[string]string{
		"inst_name": instName, "inst_kind": "pemerintah_daerah", "inst_city": "Kabupaten Sungai Jernih",
		"inst_address": "Jalan Pahlawan Nomor 8, Sungai Jernih", "inst_phone": "(0541) 730112",
		"o1_name": aName, "o1_position": "Analis Kebijakan Ahli Muda", "o1_phone": "0812-5400-1122",
		"o2_login": bLogin, "o2_name": bName, "o2_position": "Pranata Komputer Ahli Pertama", "o2_phone": "0813-5400-3344",
	})
	a.submitOK("#simpan-registrasi")
	for _, f := range [][2]string{{"letter", letterPDF}, {"photo1", photoJPEG}, {"photo2", photoPNG}} {
		slot, file := f[0], f[1]
		a.setFile("#file-"+slot, file)
		a.submitOK("#unggah-" + slot)
		a.mustHave("#berkas-"+slot, filepath.Base(file))
	}
	a.submit("#kirim-registrasi", 200)
	a.mustHave("#status-registrasi", "Menunggu verifikasi")

	akp := logIn("akp", DemoPassword)
	akp.open("/verifikasi-data")
	link := akp.rowLink("#daftar-registrasi tr", instName, "a[href^='/verifikasi-data/']")
	akp.follow(link)
	akp.mustHave("h1", "Verifikasi Registrasi: "+instName)
	akp.mustHave("main", "surat-tugas.pdf")
	akp.submit("#setujui", 200)
	akp.mustBeAt("/verifikasi-data")
	a.open("/registrasi")
	a.mustHave("#status-registrasi", "Disetujui")

	// 2. The application: the three-part form and the integrity pact; the
	// Kasubbag accepts it into Perencanaan.
	a.open("/kerjasama/baru")
	a.mustHave("h1", "Permohonan Kerja Sama Baru")
	a.fill(map[string]string{"title": coopTitle, "affair": "Pariwisata", "partner_name_0": partner, "partner_kind_0": "pemerintah_daerah",
		"partner_address_0": "Jalan Sudirman Nomor 1, Sungai Jernih"})
	a.fill(map[string]string{
		"background": "Desa-desa wisata di tepian sungai belum terhubung dengan promosi kota.",
		"purpose":    "Mengembangkan desa wisata terpadu dan paket kunjungan bersama.",
		"location":   "Kota dan Kabupaten Sungai Jernih.",
		"scope":      "Promosi bersama, pelatihan pengelola desa wisata, pertukaran data kunjungan.",
		"roles":      "Pihak Kesatu menyediakan promosi; Pihak Kedua membina desa wisata.",
		"term":       "3 (tiga) tahun sejak ditandatangani.",
		"benefits":   "Kunjungan wisatawan dan pendapatan warga desa meningkat.",
		"analysis":   "Sosial: pemberdayaan warga; ekonomi: UMKM desa; lingkungan: daya dukung sungai dijaga.",
		"funding":    "APBD masing-masing pihak.",
	})
	a.choose("#ppksd2_id", bName)
	a.click("#integrity_pact")
	a.submit("#ajukan", 200)
	coopPath := a.path()
	if !regexp.MustCompile(`^/kerjasama/\d+$`).MatchString(coopPath) {
		t.Fatalf("after Ajukan: at %s, want /kerjasama/<id>", coopPath)
	}
	a.mustHave("#tahap-kerjasama", "Permohonan")
	a.mustHave("[role=status]", "Permohonan telah diajukan")
	code := a.text("#kode-kerjasama")

	ks := logIn("kasubbag", DemoPassword)
	ks.open(coopPath)
	ks.mustHave("#kode-kerjasama", code)
	ks.moveStage("perencanaan", "Perencanaan")

	// 3. The Studi Kelayakan with a revise loop, then the KAK.
	sk, kak := coopPath+"/studi-kelayakan", coopPath+"/kak"
	a.open(coopPath)
	a.follow("#tautan-perencanaan a[href='" + sk + "']")
	a.mustBeAt(sk)
	a.fillAll("#formulir form textarea", "Studi Kelayakan Sungai Jernih: ")
	a.submitOK("#formulir button[value=ajukan]")
	a.mustHave("#status-dokumen", "Diajukan")
	a.mustNotHave("#formulir")

	akp.open(sk)
	akp.setValue("#pendapat select[name=opinion]", "revise")
	akp.setValue("#pendapat textarea[name=note]", "Analisis biaya belum merinci pembiayaan pelatihan.")
	akp.submitOK("#pendapat button")
	akp.mustHave("#riwayat", "Analisis biaya belum merinci")

	ks.open(sk)
	ks.mustHave("#riwayat", "Analisis biaya belum merinci")
	ks.decide("revise", "Rinci biaya pelatihan sesuai pendapat AKP.")

	a.open(sk)
	a.mustHave("#status-dokumen", "Perlu diperbaiki")
	a.mustHave("main", "Rinci biaya pelatihan")
	a.setValue("#formulir textarea[name=costs]", "Pelatihan: Rp150.000.000 dari APBD Kota; promosi: Rp200.000.000 dibagi dua pihak.")
	a.submitOK("#formulir button[value=ajukan]")
	a.mustHave("#riwayat", "Pengajuan ke-2")

	ks.open(sk)
	ks.decide("accepted", "Studi Kelayakan diterima.")
	ks.mustHave("#status-dokumen", "Diterima")

	a.open(kak)
	a.fillAll("#formulir form textarea", "KAK Sungai Jernih: ")
	a.submitOK("#formulir button[value=ajukan]")
	ks.open(kak)
	ks.decide("accepted", "")
	ks.mustHave("#status-dokumen", "Diterima")
	ks.open(coopPath)
	ks.moveStage("inisiasi", "Inisiasi")

	// 4. The initiation uploads; the Kasubbag declares them complete and
	// the draft becomes version 1 of the KB.
	a.open(coopPath)
	for _, f := range [][2]string{{"surat_penawaran", letterPDF}, {"studi_kelayakan", pdf1}, {"kak", pdf2}, {"rancangan", draftDocx}} {
		item, file := f[0], f[1]
		form := fmt.Sprintf("#inisiasi form[action='%s/inisiasi/berkas/%s']", coopPath, item)
		if item == "rancangan" {
			a.setValue(form+" select[name=document_kind]", "KB")
		}
		a.setFile(form+" input[type=file]", file)
		a.submitOK(form + " button")
		a.mustHave("#inisiasi-"+item, filepath.Base(file))
	}
	a.mustNotHave("#kurang-inisiasi")
	ks.open(coopPath)
	ks.submitOK("#lengkap-inisiasi button")
	ks.mustHave("#tahap-kerjasama", "Persiapan")
	docPath := ks.attr("#inisiasi a[href^='/dokumen/']", "href")

	ks.follow("#inisiasi a[href='" + docPath + "']")
	ks.mustHave("#versi", "Versi 1")

	// 5. Drafting: the Kasubbag opens the review session and gives the
	// PPKSD the rights to comment and approve; the PPKSD comments on words
	// of version 1, the ARNP responds; the Kasubbag opens Persetujuan
	// Rancangan Akhir, both approve and the draft is final, which moves
	// the cooperation to Penomoran.
	ks.submitOK("#sesi button[value=open]")
	ks.mustHave("#status-sesi", "dibuka")
	for _, right := range []string{"comment", "approve"} {
		ks.setValue("#beri-hak input[name=login]", aLogin)
		ks.setValue("#beri-hak select[name=right]", right)
		ks.submitOK("#beri-hak button")
	}
	ks.mustHave("#sesi", aName)

	const comment = "Mohon ditambahkan kewajiban pelaporan bersama setiap semester."
	a.open(docPath + "/versi/1")
	a.mustHave("h1", "Versi 1")
	// Words of Pasal 3 ayat (2), selected as a reader would.
	const quote = "ditandatangani paling lambat 3 (tiga) bulan"
	selected := eval[bool](a, `(() => {
		const p = [...document.querySelectorAll('#naskah .paragraf .teks')].find(e => e.textContent.includes(`+jsString(quote)+`));
		if (!p) return false;
		const text = p.firstChild, i = text.textContent.indexOf(`+jsString(quote)+`);
		const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + `+fmt.Sprint(len(quote))+`);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
		p.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
		return true })()`)
	if !selected {
		t.Fatalf("version 1: no paragraph holds the words %q", quote)
	}
	if got := a.value("#komentar-kutipan"); got != quote {
		t.Fatalf("the selection %q did not fill the quote: %q", quote, got)
	}
	a.fill(map[string]string{"komentar-teks": comment})
	a.submit("#kirim-komentar", 200)
	a.mustHave("[role=status]", "Komentar telah disimpan")
	a.mustHave("#naskah", comment)
	a.mustHave("#rekap", comment)
	a.mustHave("#rekap", "Pasal 3")

	arnp := logIn("arnp", DemoPassword)
	arnp.open(docPath + "/versi/1")
	entry := "#" + eval[string](arnp, `[...document.querySelectorAll('#rekap .usulan')].find(e => e.textContent.includes(`+jsString(comment)+`))?.id ?? ''`)
	if entry == "#" {
		t.Fatalf("the recap does not list the comment: %s", arnp.text("#rekap"))
	}
	arnp.setValue(entry+" select[name=status]", "diterima")
	arnp.setValue(entry+" input[name=note]", "Ditambahkan sebagai Pasal tentang pelaporan.")
	arnp.submit(entry+" form button", 200)
	arnp.mustHave("[role=status]", "Tanggapan telah disimpan")
	arnp.mustHave(entry+" .tanggapan", "diterima")

	ks.open(docPath)
	ks.submit("#sesi button[value=close]", 200)
	ks.mustHave("#status-sesi", "ditutup")
	ks.submit("#buka-persetujuan", 200)
	ks.mustHave("#persetujuan", "Persetujuan Rancangan Akhir")
	ks.submit("#setujui", 200)
	ks.mustHave("[role=status]", "Persetujuan Anda telah dicatat")
	a.open(docPath)
	a.submit("#setujui", 200)
	a.mustHave("#status-final", "Final: versi 1")
	a.open(coopPath)
	a.mustHave("#tahap-kerjasama", "Penomoran")

	// 6. Numbering: the Kasubbag checks the register's format and gives
	// the number; then moves the cooperation to Penandatanganan.
	ks.open("/register")
	ks.mustHave("h1", "Buku Register")
	ks.setValue("#pengaturan-register input[name=format]", "{seq}/{kind}/{unit}/{month-roman}/{year}")
	ks.setValue("#pengaturan-register input[name=unit]", "HK-KS")
	ks.submitOK("#pengaturan-register button")
	ks.open(docPath)
	ks.setValue("#penomoran input[name=partner_number]", "180/45/KSD/2026")
	ks.setValue("#penomoran input[name=date]", time.Now().Format(time.DateOnly))
	ks.submitOK("#beri-nomor")
	number := ks.text("#nomor-naskah")
	if !regexp.MustCompile(`^\d{3}/KB/HK-KS/[IVX]+/\d{4}$`).MatchString(number) {
		t.Fatalf("the number %q is not in the register's format", number)
	}
	ks.open("/register")
	ks.mustHave("#daftar-register", number)
	ks.open(coopPath)
	ks.moveStage("penandatanganan", "Penandatanganan")

	// 7. An in-person signing: the PPKSD proposes, the protocol office
	// counters with a reason on its calendar, the PPKSD accepts.
	a.open(coopPath)
	a.setValue("#pilih-metode select[name=method]", "in_person")
	a.submit("#pilih-metode button", 200)
	a.mustHave("[role=status]", "Metode penandatanganan telah dipilih")
	a.mustHave("#status-ttd", "menunggu usulan jadwal")
	a.setValue("#usulkan-jadwal input[name=date]", "2026-12-10")
	a.setValue("#usulkan-jadwal input[name=start]", "09:00")
	a.setValue("#usulkan-jadwal input[name=end]", "10:30")
	a.setValue("#usulkan-jadwal input[name=venue]", "Ruang Rapat Wali Kota")
	a.setValue("#usulkan-jadwal textarea[name=attendees]", "Wali Kota; Bupati Sungai Jernih; kedua PPKSD")
	a.submit("#usulkan-jadwal button", 200)
	a.mustHave("[role=status]", "Usulan jadwal penandatanganan telah dikirim")
	a.mustHave("#status-ttd", "menunggu jawaban Bagian Protokol")

	proto := logIn("protokol", DemoPassword)
	proto.open("/kalender")
	pending := fmt.Sprintf("#menunggu-protokol .usulan:has(a[href='%s#penandatanganan'])", coopPath)
	proto.mustHave(pending, coopTitle)
	proto.click(pending + " details:has(form.revisi) summary")
	proto.setValue(pending+" form.revisi input[name=date]", "2026-12-11")
	proto.setValue(pending+" form.revisi input[name=start]", "13:30")
	proto.setValue(pending+" form.revisi input[name=end]", "15:00")
	proto.setValue(pending+" form.revisi input[name=venue]", "Pendopo Rumah Jabatan")
	proto.setValue(pending+" form.revisi input[name=reason]", "Kamis pagi Wali Kota menghadiri rapat paripurna DPRD.")
	proto.submit(pending+" form.revisi button", 200)
	proto.mustBeAt("/kalender")
	proto.mustHave("[role=status]", "Usulan perubahan jadwal telah dikirim")
	proto.mustNotHave(pending)

	a.open(coopPath)
	a.mustHave("#status-ttd", "menunggu jawaban PPKSD")
	a.mustHave("#jawab-usulan", "rapat paripurna")
	a.submit("#terima-jadwal", 200)
	a.mustHave("[role=status]", "Jadwal penandatanganan telah diterima")
	a.mustHave("#status-ttd", "terjadwal")
	a.mustHave("#jadwal-ttd", "Pendopo Rumah Jabatan")
	proto.open("/kalender?tampilan=bulan&tanggal=2026-12-11")
	proto.mustHave("#kalender", code)

	// 8. The signed scan, a photo of the signing, the officers of both
	// parties and the classification; completing moves to Pemantauan.
	a.open(coopPath)
	a.setFile("#unggah-pindaian input[type=file]", pdf1)
	a.submitOK("#unggah-pindaian button")
	a.mustHave("#ttd-pindaian", "lampiran-1.pdf")
	a.setFile("#unggah-foto input[type=file]", photoJPEG)
	a.submitOK("#unggah-foto button")
	a.mustHave("#ttd-foto", "Foto 1")
	a.setValue("#data-ttd input[name=city_name]", aName)
	a.setValue("#data-ttd input[name=city_position]", "Analis Kebijakan Ahli Muda")
	a.setValue("#data-ttd input[name=city_phone]", "0812-5400-1122")
	a.setValue("#data-ttd input[name=partner_name]", "Hendra Wijaya")
	a.setValue("#data-ttd input[name=partner_position]", "Kepala Bagian Kerja Sama Kabupaten Sungai Jernih")
	a.setValue("#data-ttd input[name=partner_email]", "hendra.wijaya@sungaijernih.invalid")
	a.setValue("#data-ttd select[name=kind]", "ksdd")
	a.setValue("#data-ttd select[name=affair]", "pariwisata")
	a.submitOK("#data-ttd button")
	a.submitOK("#selesaikan-ttd button")
	a.mustHave("#tahap-kerjasama", "Pemantauan")
	a.mustHave("#ttd-selesai", number)
	a.mustHave("#riwayat", "Pemantauan")

	// 9. A monitoring entry; the AKP's note; the PPKSD's follow-up.
	a.setValue("#tambah-pemantauan input[name=period]", "Semester I 2027")
	a.setValue("#tambah-pemantauan textarea[name=activity]", "Pelatihan 40 pengelola desa wisata dan peluncuran paket wisata sungai.")
	a.setValue("#tambah-pemantauan textarea[name=achievement]", "Tiga paket wisata terjual; 1.200 kunjungan.")
	a.setValue("#tambah-pemantauan textarea[name=obstacle]", "Dermaga desa rusak saat banjir.")
	a.submitOK("#tambah-pemantauan button")
	a.mustHave("#pemantauan", "Pelatihan 40 pengelola desa wisata")
	akp.open(coopPath)
	akp.setValue("#pemantauan .entri-pemantauan form[action$='/catatan'] textarea", "Lampirkan daftar hadir pelatihan dan rencana perbaikan dermaga.")
	akp.submitOK("#pemantauan .entri-pemantauan form[action$='/catatan'] button")
	akp.mustHave("#pemantauan .catatan", "rencana perbaikan dermaga")
	a.open(coopPath)
	a.setValue("#pemantauan form[action$='/tindak-lanjut'] textarea", "Daftar hadir diunggah; dermaga diperbaiki dengan dana desa pada Juli.")
	a.submitOK("#pemantauan form[action$='/tindak-lanjut'] button")
	a.mustHave("#pemantauan .tindak-lanjut", "dermaga diperbaiki")

	// 10. The office moves the cooperation to Evaluasi; the PPKSD fills
	// the questionnaire.
	ks.open(coopPath)
	ks.moveStage("evaluasi", "Evaluasi")
	a.open(coopPath)
	form := "#tambah-evaluasi"
	a.setValue(form+" select[name=period]", a.attr(form+" select[name=period] option", "value"))
	a.fillAll(form+" textarea", "Evaluasi desa wisata: ")
	if n := eval[int](a, `(() => { const ss = document.querySelectorAll('#tambah-evaluasi select[name^=q_]');
		ss.forEach(s => { s.value = s.options[s.options.length - 1].value }); return ss.length })()`); n == 0 {
		t.Fatal("the questionnaire has no scale or yes/no question")
	}
	a.submitOK(form + " button[type=submit]")
	a.mustHave("#evaluasi", "diisi "+aName)
	a.mustHave("#evaluasi", "Evaluasi desa wisata")

	// The second PPKSD, signed in since signing up, follows it too.
	b.open(coopPath)
	b.mustHave("#tahap-kerjasama", "Evaluasi")
	b.mustHave("#evaluasi", "diisi "+aName)
}

// journeyStep bounds one page load or screenshot of the journey: its later
// pages are long (the cooperation page in Pemantauan is some 9,000 pixels
// high for the office), and CI machines are busy.
const journeyStep = 40 * time.Second
