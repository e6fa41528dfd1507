package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sepakat/sepakat/internal/testtool"
)

// TestBrowserHTMLRedline opens the HTML redline that `sepakat diff --format
// html` writes for the PKS pair in Chromium, as the ARNP would from a file:
// the summary names the inserted and deleted Pasal, the navigation jumps to
// a Pasal, insertions and deletions are coloured, and "Tampilkan hanya
// perubahan" hides the unchanged Pasal while keeping the changed ones.
func TestBrowserHTMLRedline(t *testing.T) {
	chromium := testtool.Require(t, "chromium")
	dir := t.TempDir()
	page := filepath.Join(dir, "perbandingan.html")
	if _, errOut, status := sepakatCmd(t, "diff", docxFixture(t, "pks-v1.docx"), docxFixture(t, "pks-v2.docx"), "--format", "html", "-o", page); status != 0 {
		t.Fatalf("diff --format html: exit %d: %s", status, errOut)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	allocCtx, cancelAlloc := chromiumAllocator(ctx, chromium, filepath.Join(dir, "profile"))
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx, chromedp.Navigate("file://"+page)); err != nil {
		t.Fatalf("open the redline in Chromium: %v", err)
	}
	js := func(expr string) any {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return v
	}
	visible := func(sel string) bool {
		return js(`(() => { const e = document.querySelector(`+jsString(sel)+`); return !!e && e.offsetParent !== null })()`) == true
	}

	if got := js(`document.documentElement.lang`); got != "id" {
		t.Errorf("page language %v, want id", got)
	}
	summary, _ := js(`document.querySelector('.ringkasan').innerText`).(string)
	for _, want := range []string{"Pasal disisipkan", "Pasal 7", "Pasal dihapus", "Pasal 11 (lama)", "Hanya rujukan diperbarui"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	// Coloured changes: an insertion is green-ish, a deletion red-ish.
	if bg, _ := js(`getComputedStyle(document.querySelector('ins')).backgroundColor`).(string); bg != "rgb(200, 230, 201)" {
		t.Errorf("insertion background %q", bg)
	}
	if bg, _ := js(`getComputedStyle(document.querySelector('del')).backgroundColor`).(string); bg != "rgb(255, 205, 210)" {
		t.Errorf("deletion background %q", bg)
	}
	// The navigation jumps to the inserted Pasal.
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`nav a[href="#pasal-7"]`))); err != nil {
		t.Fatalf("click Pasal 7 in the navigation: %v", err)
	}
	if h := js(`location.hash`); h != "#pasal-7" {
		t.Errorf("after the click the page is at %v, want #pasal-7", h)
	}
	if top, _ := js(`Math.round(document.getElementById('pasal-7').getBoundingClientRect().top)`).(float64); top < -5 || top > 100 {
		t.Errorf("Pasal 7 is %v px from the top after the jump", top)
	}
	// Unchanged Pasal 1 is shown, then hidden by the switch; changed Pasal 8 stays.
	if !visible("#pasal-1") || !visible("#pasal-8") {
		t.Fatal("Pasal 1 and Pasal 8 should both be visible at first")
	}
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS(`.saklar label[for="hanya-perubahan"]`))); err != nil {
		t.Fatalf("click the changes-only switch: %v", err)
	}
	if visible("#pasal-1") {
		t.Error("unchanged Pasal 1 still shown with 'Tampilkan hanya perubahan'")
	}
	if !visible("#pasal-8") || !visible("#pasal-8 ins") {
		t.Error("changed Pasal 8 hidden with 'Tampilkan hanya perubahan'")
	}
	png, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err == nil && os.Getenv("SEPAKAT_SCREENSHOTS") != "" {
		os.WriteFile(filepath.Join(os.Getenv("SEPAKAT_SCREENSHOTS"), "redline.png"), png, 0o644)
	}
}
