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
