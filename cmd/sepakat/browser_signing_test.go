package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sepakat/sepakat/internal/testtool"
)

// TestBrowserSigningSchedule walks the PPKSD and the protocol office through
// an in-person signing in Chromium: the PPKSD chooses the method and
// proposes a time on the cooperation page, the protocol office counters
// with a reason from its calendar, and the PPKSD accepts the new time.
func TestBrowserSigningSchedule(t *testing.T) {
	chromium := testtool.Require(t, "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	m := startTestServer(t, ctx, true)
	defer m.Close()
	coopID := findCooperationID(t, m, demoMethodPendingTitle)
	coopPath := fmt.Sprintf("/kerjasama/%d", coopID)

	w, closeBrowser := startWalk(t, ctx, chromium, m.Server.URL())
	defer closeBrowser()
	as := func(login string) *user {
		u := w.newUser(login)
		u.logIn(login, DemoPassword)
		return u
	}
	set := func(u *user, sel, v string) {
		t.Helper()
		u.do("set "+sel, chromedp.SetValue(chromedp.CSS(sel), v))
	}

	// The PPKSD chooses an in-person signing and proposes a time.
	ppksd := as("ppksd1")
	ppksd.open(coopPath)
	ppksd.mustHave("#metode-ttd", "belum dipilih")
	ppksd.choose("#pilih-metode select[name=method]", "Tatap muka (dijadwalkan dengan Bagian Protokol)")
	ppksd.submit("#pilih-metode button", 200)
	ppksd.mustHave("[role=status]", "Metode penandatanganan telah dipilih")
	ppksd.mustHave("#metode-ttd", "Tatap muka")
	ppksd.mustHave("#status-ttd", "menunggu usulan jadwal")
	set(ppksd, "#usulkan-jadwal input[name=date]", "2026-12-08")
	set(ppksd, "#usulkan-jadwal input[name=start]", "09:00")
	set(ppksd, "#usulkan-jadwal input[name=end]", "10:30")
	set(ppksd, "#usulkan-jadwal input[name=venue]", "Ruang Rapat Wali Kota")
	set(ppksd, "#usulkan-jadwal textarea[name=attendees]", "Wali Kota; Bupati Kutai Barat")
	ppksd.submit("#usulkan-jadwal button", 200)
	ppksd.mustHave("[role=status]", "Usulan jadwal penandatanganan telah dikirim")
	ppksd.mustHave("#status-ttd", "menunggu jawaban Bagian Protokol")
	ppksd.mustHave("#usulan-ttd", "Ruang Rapat Wali Kota")
	ppksd.mustHave("#jadwal-ttd", "Selasa, 8 Desember 2026, 09.00–10.30 WIB")

	// The protocol office finds it first on its calendar and counters.
	proto := as("protokol")
	proto.open("/kalender")
	entry := fmt.Sprintf("#menunggu-protokol .usulan:has(a[href='%s#penandatanganan'])", coopPath)
	proto.mustHave(entry, demoMethodPendingTitle)
	proto.mustHave(entry, "Ruang Rapat Wali Kota")
	proto.mustHave("#kalender", "Desember 2026")
	proto.click(entry + " details:has(form.revisi) summary")
	set(proto, entry+" form.revisi input[name=date]", "2026-12-09")
	set(proto, entry+" form.revisi input[name=start]", "13:30")
	set(proto, entry+" form.revisi input[name=end]", "15:00")
	set(proto, entry+" form.revisi input[name=venue]", "Pendopo Rumah Jabatan")
	set(proto, entry+" form.revisi input[name=reason]", "Pagi itu Wali Kota memimpin rapat paripurna.")
	proto.submit(entry+" form.revisi button", 200)
	proto.mustBeAt("/kalender")
	proto.mustHave("[role=status]", "Usulan perubahan jadwal telah dikirim")
	proto.mustNotHave(entry)

	// The PPKSD sees the counter-proposal with its reason and accepts it.
	ppksd.open(coopPath)
	ppksd.mustHave("#status-ttd", "menunggu jawaban PPKSD")
	ppksd.mustHave("#jawab-usulan", "rapat paripurna")
	ppksd.mustHave("#jawab-usulan", "Rabu, 9 Desember 2026, 13.30–15.00 WIB")
	ppksd.submit("#terima-jadwal", 200)
	ppksd.mustHave("[role=status]", "Jadwal penandatanganan telah diterima")
	ppksd.mustHave("#status-ttd", "terjadwal")
	ppksd.mustHave("#jadwal-ttd", "Pendopo Rumah Jabatan")
	ppksd.mustHave("#riwayat-ttd", "menerima jadwal")
	ppksd.mustHave("#unduh-ics", "Unduh undangan kalender")
	ppksd.mustNotHave("#jawab-usulan")

	// On the calendar it is now scheduled.
	proto.open("/kalender?tampilan=daftar")
	proto.mustHave("#kalender", "Tatap muka: terjadwal")
	proto.open("/kalender?tampilan=minggu&tanggal=2026-12-09")
	proto.mustHave("#kalender", "13.30–15.00")
}
