package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
)

// buildSepakat compiles the command once per test binary run.
var buildSepakat = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "sepakat-bin-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "sepakat")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// startProcess runs `sepakat serve` as a separate process and waits until
// its control file names a live URL.
func startProcess(t testing.TB, dir string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	bin, err := buildSepakat()
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, controlFile))
	cmd := exec.Command(bin, append([]string{"serve", "--data", dir, "--addr", "localhost:0"}, args...)...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if c, _ := runningServer(dir); c != nil {
			return cmd, c.URL
		}
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("server did not start:\n%s", logs.String())
	return nil, ""
}

// noisePNG returns a PNG of w×h random pixels (incompressible, so the upload
// takes a while and a kill is likely to land in the middle of one).
func noisePNG(r *rand.Rand, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(r.Uint32())
	}
	img.Set(0, 0, color.RGBA{1, 2, 3, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

type ackUpload struct {
	login, slot, sha string
}

type ackSubmission struct {
	id   int64
	code string
}

// TestCrashLosesNothingAcknowledged kills the server with SIGKILL while
// uploads and submissions run concurrently, restarts it, and checks that
// every acknowledged upload and submission is there, that no half-written
// blob is visible, and that the audit chain is intact.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills real processes")
	}
	dir := t.TempDir()
	cmd, base := startProcess(t, dir, "--demo")

	var (
		mu          sync.Mutex
		uploads     []ackUpload
		submissions []ackSubmission
		wg          sync.WaitGroup
	)
	stop := make(chan struct{})
	// Real PNG photos of ~1 MB each, made before the clock starts.
	photos := make([][]byte, 24)
	for i := range photos {
		photos[i] = noisePNG(rand.New(rand.NewPCG(uint64(i), 7)), 600, 450)
	}
	// Uploaders: each signs up a new PPKSD and keeps uploading large photos.
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
			login := fmt.Sprintf("pengunggah%d", w)
			if !postJSON(client, base+"/api/v1/accounts", map[string]string{"login": login, "email": login + "@contoh.id", "name": "Pengunggah " + login, "password": DemoPassword}, http.StatusCreated) {
				return
			}
			if !putJSON(client, base+"/api/v1/registration", map[string]any{"institution": map[string]string{"name": "Instansi " + login, "kind": "perusahaan"}}) {
				return
			}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				slot := "photo1"
				data := photos[(w*8+i)%len(photos)]
				sha, ok := uploadFile(client, base+"/api/v1/registration/files/"+slot, "foto.png", data)
				if !ok {
					return
				}
				sum := sha256.Sum256(data)
				if sha != hex.EncodeToString(sum[:]) {
					t.Errorf("server acknowledged sha %s for content %x", sha, sum)
				}
				mu.Lock()
				uploads = append(uploads, ackUpload{login, slot, sha})
				mu.Unlock()
			}
		}()
	}
	// Submitters: ppksd1 creates and submits applications.
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
			if !postJSON(client, base+"/api/v1/session", map[string]string{"login": "ppksd1", "password": DemoPassword}, http.StatusOK) {
				return
			}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				app := demoApplication(demoCooperations[i%len(demoCooperations)], 0)
				app.Title = fmt.Sprintf("Uji ketahanan %d-%d", w, i)
				var created struct {
					Cooperation sepakat.Cooperation `json:"cooperation"`
				}
				if !doJSON(client, "POST", base+"/api/v1/cooperations", app, http.StatusCreated, &created) {
					return
				}
				// PPKSD-2 is required: pick ppksd2 from the officers list.
				var officers struct {
					Officers []struct{ ID int64 } `json:"officers"`
				}
				if !doJSON(client, "GET", base+"/api/v1/officers", nil, http.StatusOK, &officers) || len(officers.Officers) == 0 {
					return
				}
				app.PPKSD2ID = officers.Officers[0].ID
				id := created.Cooperation.ID
				if !doJSON(client, "PUT", fmt.Sprintf("%s/api/v1/cooperations/%d", base, id), app, http.StatusOK, nil) {
					return
				}
				var submitted struct {
					Cooperation sepakat.Cooperation `json:"cooperation"`
				}
				if !doJSON(client, "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/submit", base, id), map[string]bool{"integrity_pact": true}, http.StatusOK, &submitted) {
					return
				}
				mu.Lock()
				submissions = append(submissions, ackSubmission{id, submitted.Cooperation.Code})
				mu.Unlock()
			}
		}()
	}

	time.Sleep(2500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(uploads) < 3 || len(submissions) < 3 {
		t.Fatalf("too little work before the kill to prove anything: %d uploads, %d submissions", len(uploads), len(submissions))
	}
	t.Logf("acknowledged before SIGKILL: %d uploads, %d submissions", len(uploads), len(submissions))

	// Restart on the same data directory, in process, and check.
	m := runTestMain(t, false, dir)
	ctx := context.Background()
	sys := sepakat.SystemContext(ctx)
	report, err := m.DB.VerifyAudit(sys)
	if err != nil || !report.OK {
		t.Fatalf("audit chain after crash: %+v %v", report, err)
	}
	// Every acknowledged upload: the blob is there with the right content,
	// and the registration's slot holds it or a later acknowledged upload.
	latest := map[string]string{}
	for _, u := range uploads {
		latest[u.login+"/"+u.slot] = u.sha
		f, err := m.DB.Blobs().Open(ctx, u.sha)
		if err != nil {
			t.Errorf("acknowledged blob %s lost: %v", u.sha, err)
			continue
		}
		h := sha256.New()
		io.Copy(h, f)
		f.Close()
		if got := hex.EncodeToString(h.Sum(nil)); got != u.sha {
			t.Errorf("blob %s holds content %s", u.sha, got)
		}
	}
	users, err := m.DB.FindUsers(sys, sepakat.UserFilter{Role: sepakat.RolePPKSD})
	if err != nil {
		t.Fatal(err)
	}
	for key, sha := range latest {
		login, slot, _ := strings.Cut(key, "/")
		var u *sepakat.User
		for _, x := range users {
			if x.Login == login {
				u = x
			}
		}
		if u == nil {
			t.Errorf("acknowledged account %s lost", login)
			continue
		}
		reg, err := m.DB.MyRegistration(sepakat.NewContextWithUser(ctx, u))
		if err != nil {
			t.Errorf("registration of %s lost: %v", login, err)
			continue
		}
		f := reg.Officer1.Photo
		// A later upload may have been written but not acknowledged; the
		// stored one must be the last acknowledged or newer, never older.
		if f == nil {
			t.Errorf("%s %s: acknowledged photo missing", login, slot)
		} else if f.SHA256 != sha && !ackedBefore(uploads, login, slot, sha, f.SHA256) {
			t.Errorf("%s %s holds %s, want the last acknowledged %s or a newer one", login, slot, f.SHA256, sha)
		}
	}
	officeCtx := sepakat.NewContextWithUser(ctx, &sepakat.User{ID: -1, Role: sepakat.RoleKasubbag, Active: true, Verified: true})
	codes := map[string]bool{}
	for _, s := range submissions {
		c, err := m.DB.FindCooperationByID(officeCtx, s.id)
		if err != nil {
			t.Errorf("acknowledged submission %d lost: %v", s.id, err)
			continue
		}
		if c.Stage != sepakat.StagePermohonan || c.Code != s.code {
			t.Errorf("cooperation %d: stage %s code %s, acknowledged as permohonan %s", s.id, c.Stage, c.Code, s.code)
		}
		if codes[c.Code] {
			t.Errorf("code %s given twice", c.Code)
		}
		codes[c.Code] = true
	}
	// No half-written blob is visible: every file under blobs/ (outside the
	// temporary folder, which start-up empties) is named by its content's hash.
	err = filepath.Walk(filepath.Join(dir, "blobs"), func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if filepath.Base(filepath.Dir(p)) == "tmp" {
			t.Errorf("temporary upload left after restart: %s", p)
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != info.Name() {
			t.Errorf("visible blob %s does not match its content", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ackedBefore reports whether stored is an upload to the same slot that was
// not acknowledged before last (it may be the one in flight at the kill).
func ackedBefore(uploads []ackUpload, login, slot, last, stored string) bool {
	seenLast := false
	for _, u := range uploads {
		if u.login != login || u.slot != slot {
			continue
		}
		if u.sha == last {
			seenLast = true
		}
		if u.sha == stored && !seenLast {
			return false
		}
	}
	return true
}

func postJSON(c *http.Client, url string, body any, want int) bool {
	return doJSON(c, "POST", url, body, want, nil)
}

func putJSON(c *http.Client, url string, body any) bool {
	return doJSON(c, "PUT", url, body, http.StatusOK, nil)
}

// doJSON reports whether the request was acknowledged with the wanted status.
func doJSON(c *http.Client, method, url string, body any, want int, out any) bool {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		return false
	}
	if out != nil {
		return json.NewDecoder(resp.Body).Decode(out) == nil
	}
	return true
}

// uploadFile sends a multipart upload and returns the acknowledged sha.
func uploadFile(c *http.Client, url, name string, data []byte) (string, bool) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	resp, err := c.Post(url, mw.FormDataContentType(), &b)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	var out struct {
		File sepakat.File `json:"file"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
		return "", false
	}
	return out.File.SHA256, true
}
