package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/testtool"
)

// TestBrowserDraftReview walks the demo KB under review in Chromium: a TKKSD
// member selects text in version 2 and comments on it, the ARNP answers the
// comment in the recap, Kasubbag closes the session and opens the final
// approval, and the PPKSD and Kasubbag approve until the draft is final.
func TestBrowserDraftReview(t *testing.T) {
	chromium := testtool.Require(t, "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	m := startTestServer(t, ctx, true)
	defer m.Close()
	coopID := findCooperationID(t, m, "Kalender Event")
	docs, err := m.DB.FindDocuments(sepakat.SystemContext(ctx), coopID)
	if err != nil || len(docs) != 1 {
		t.Fatalf("demo documents: %v %v", docs, err)
	}
	docPath := fmt.Sprintf("/dokumen/%d", docs[0].ID)

	w, closeBrowser := startWalk(t, ctx, chromium, m.Server.URL())
	defer closeBrowser()
	as := func(login string) *user {
		u := w.newUser(login)
		u.logIn(login, DemoPassword)
		return u
	}

	// The ARNP finds the draft from the cooperation page.
	arnp := as("arnp")
	arnp.open(fmt.Sprintf("/kerjasama/%d", coopID))
	arnp.mustHave("#dokumen", "Kesepakatan Bersama tentang Kalender Event")
	arnp.follow("#dokumen a[href='" + docPath + "']")
	arnp.mustHave("#status-sesi", "dibuka")
	arnp.mustHave("#versi", "Versi 2")

	// The TKKSD member selects words of Pasal 5 and comments on them.
	tk := as("tkksd")
	tk.open(docPath + "/versi/2")
	const quote = "dapat diperpanjang atas kesepakatan PARA PIHAK"
	selected := eval[bool](tk, `(() => {
		const p = [...document.querySelectorAll('#naskah .paragraf .teks')].find(e => e.textContent.includes(`+jsString(quote)+`));
		if (!p) return false;
		const text = p.firstChild, i = text.textContent.indexOf(`+jsString(quote)+`);
		const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + `+fmt.Sprint(len(quote))+`);
		const s = getSelection(); s.removeAllRanges(); s.addRange(r);
		p.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
		return true })()`)
	if !selected {
		t.Fatal("no paragraph of version 2 holds the words to select")
	}
	if got := tk.value("#komentar-kutipan"); got != quote {
		t.Fatalf("the selection did not fill the quote: %q", got)
	}
	tk.fill(map[string]string{"komentar-teks": "Perpanjangan sebaiknya dievaluasi dahulu."})
	tk.submit("#kirim-komentar", 200)
	tk.mustHave("[role=status]", "Komentar telah disimpan")
	tk.mustHave("#naskah", "Perpanjangan sebaiknya dievaluasi dahulu.")
	tk.mustHave("#rekap", "Pasal 5")

	// The ARNP answers it in the recap.
	arnp.open(docPath + "/versi/2")
	arnp.mustHave("#rekap", "Perpanjangan sebaiknya dievaluasi dahulu.")
	// The recap entry of the new comment (the only one quoting those words).
	entry := `#rekap .usulan:has(.kutipan)`
	id := eval[string](arnp, `[...document.querySelectorAll(`+jsString(entry)+`)].find(e => e.textContent.includes(`+jsString(quote)+`)).id`)
	arnp.do("answer", chromedp.SetValue(chromedp.CSS("#"+id+" input[name=note]"), "Ditambahkan kewajiban evaluasi."))
	arnp.submit("#"+id+" form button", 200)
	arnp.mustHave("[role=status]", "Tanggapan telah disimpan")
	arnp.mustHave("#"+id+" .tanggapan", "diterima")

	// Kasubbag closes the session, opens the final approval and approves.
	ks := as("kasubbag")
	ks.open(docPath)
	ks.submit("#sesi button[value=close]", 200)
	ks.mustHave("#status-sesi", "ditutup")
	ks.submit("#buka-persetujuan", 200)
	ks.mustHave("#persetujuan", "Persetujuan Rancangan Akhir")
	ks.submit("#setujui", 200)
	ks.mustHave("[role=status]", "Persetujuan Anda telah dicatat")

	// The PPKSD approves: the draft is final.
	pp := as("ppksd1")
	pp.open(docPath)
	pp.submit("#setujui", 200)
	pp.mustHave("#status-final", "Final: versi 2")
	pp.mustHave("#persetujuan", "berlaku")
}
