package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/drafting"
	"github.com/sepakat/sepakat/storage"
)

// seedCooperations fills dir with n submitted cooperations of the demo's
// officers (fsync off while seeding only).
func seedCooperations(b *testing.B, dir string, n int) {
	b.Helper()
	db, err := storage.Open(dir, storage.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	sys := sepakat.SystemContext(context.Background())
	if err := seedDemo(sys, db, db.Blobs(), drafting.Engine{}); err != nil {
		b.Fatal(err)
	}
	ppksd, err := db.FindUsers(sys, sepakat.UserFilter{Role: sepakat.RolePPKSD, VerifiedOnly: true})
	if err != nil || len(ppksd) < 2 {
		b.Fatalf("demo officers: %v", err)
	}
	ctx := sepakat.NewContextWithUser(sys, ppksd[0])
	for i := range n {
		app := demoApplication(demoCooperations[i%len(demoCooperations)], ppksd[1].ID)
		app.Title = fmt.Sprintf("%s %d", app.Title, i)
		c, err := db.CreateCooperation(ctx, app)
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := db.SubmitCooperation(ctx, c.ID, true); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCooperationListPage renders the cooperation list ("KERJASAMA")
// over 10,000 cooperations for the Kasubbag, who sees all of them: session
// lookup, filtering, sorting, paging and HTML, through the real handler.
func BenchmarkCooperationListPage(b *testing.B) {
	dir := b.TempDir()
	seedCooperations(b, dir, 10_000)
	m := runTestMain(b, false, dir)
	cookie := apiLoginCookie(b, m.Server.URL(), "kasubbag", DemoPassword)
	for _, q := range []string{"", "?tahap=permohonan", "?q=festival+budaya", "?halaman=100"} {
		b.Run("query="+q, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, "/kerjasama"+q, nil)
			req.AddCookie(cookie)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				m.Server.Handler().ServeHTTP(w, req)
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "kerja sama ditemukan") {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// seedStagedCooperations fills dir with n cooperations of the demo's
// officers, submitted and moved by the Kasubbag along the main path
// through up to seven stages, a few working days apart, so that the
// statistics count about 3.5 finished stays per cooperation.
func seedStagedCooperations(b *testing.B, dir string, n int) {
	b.Helper()
	var now time.Time
	db, err := storage.Open(dir, storage.Options{NoSync: true, Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	now = time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC)
	sys := sepakat.SystemContext(context.Background())
	if err := seedDemo(sys, db, db.Blobs(), drafting.Engine{}); err != nil {
		b.Fatal(err)
	}
	ppksd, err := db.FindUsers(sys, sepakat.UserFilter{Role: sepakat.RolePPKSD, VerifiedOnly: true})
	if err != nil || len(ppksd) < 2 {
		b.Fatalf("demo officers: %v", err)
	}
	kasubbag, err := db.FindUsers(sys, sepakat.UserFilter{Role: sepakat.RoleKasubbag})
	if err != nil || len(kasubbag) == 0 {
		b.Fatalf("demo kasubbag: %v", err)
	}
	ctx := sepakat.NewContextWithUser(sys, ppksd[0])
	office := sepakat.NewContextWithUser(sys, kasubbag[0])
	path := []sepakat.Stage{sepakat.StagePerencanaan, sepakat.StageInisiasi, sepakat.StagePersiapan,
		sepakat.StagePenomoran, sepakat.StagePenandatanganan, sepakat.StagePemantauan, sepakat.StageEvaluasi}
	for i := range n {
		now = time.Date(2025, 1, 6, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 50 * time.Minute)
		app := demoApplication(demoCooperations[i%len(demoCooperations)], ppksd[1].ID)
		app.Title = fmt.Sprintf("%s %d", app.Title, i)
		c, err := db.CreateCooperation(ctx, app)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.SubmitCooperation(ctx, c.ID, true); err != nil {
			b.Fatal(err)
		}
		for j, stage := range path[:i%(len(path)+1)] {
			now = now.Add(time.Duration(2+(i+j)%12) * 24 * time.Hour)
			if _, err := db.TransitionCooperation(office, c.ID, stage, ""); err != nil {
				b.Fatalf("move %d to %s: %v", c.ID, stage, err)
			}
		}
	}
}

// BenchmarkStatisticsPage renders the statistics page (/statistik) over
// 10,000 cooperations for the Kasubbag: counts per stage, kind, partner
// type, affair and year, the average working days per stage against the
// SOP standards, and six SVG charts, through the real handler.
func BenchmarkStatisticsPage(b *testing.B) {
	dir := b.TempDir()
	seedStagedCooperations(b, dir, 10_000)
	m := runTestMain(b, false, dir)
	cookie := apiLoginCookie(b, m.Server.URL(), "kasubbag", DemoPassword)
	for _, p := range []string{"/statistik", "/statistik.csv"} {
		b.Run("path="+p, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, p, nil)
			req.AddCookie(cookie)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				m.Server.Handler().ServeHTTP(w, req)
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "10") {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}

// BenchmarkIdleMemory starts `sepakat serve --demo` as its own process, lets
// it settle, and reports its resident memory (VmRSS) in MB.
func BenchmarkIdleMemory(b *testing.B) {
	var rss float64
	for b.Loop() {
		cmd, _ := startProcess(b, b.TempDir(), "--demo")
		time.Sleep(3 * time.Second)
		rss = readRSSMB(b, cmd.Process.Pid)
		cmd.Process.Kill()
		cmd.Wait()
	}
	b.ReportMetric(rss, "MB-rss")
}

func readRSSMB(tb testing.TB, pid int) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				tb.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	tb.Fatal("no VmRSS")
	return 0
}
