package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/sepakat/sepakat"
)

// runTestMain starts the real service on port 0 with a temporary data
// directory (or dir, when given) and stops it when the test ends.
func runTestMain(tb testing.TB, demo bool, dir string) *Main {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	m := NewMain()
	m.Config.Addr = "localhost:0"
	m.Config.DataDir = dir
	m.Config.Demo = demo
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(testLogOutput(), nil))
	if err := m.Run(context.Background()); err != nil {
		tb.Fatalf("run: %v", err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// apiLoginCookie logs in through the JSON API and returns the session cookie.
func apiLoginCookie(tb testing.TB, base, login, password string) *http.Cookie {
	tb.Helper()
	body, _ := json.Marshal(map[string]string{"login": login, "password": password})
	resp, err := http.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		tb.Fatalf("login %s: %s %s", login, resp.Status, b)
	}
	for _, c := range resp.Cookies() {
		if c.Name == "sepakat_session" {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				tb.Fatalf("session cookie must be HttpOnly and SameSite=Lax: %+v", c)
			}
			return c
		}
	}
	tb.Fatalf("login %s: no session cookie", login)
	return nil
}

// apiCall sends a request with the cookie (if any) and decodes a JSON answer
// into out (if non-nil). It returns the status.
func apiCall(tb testing.TB, cookie *http.Cookie, method, url string, body any, out any) int {
	tb.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		tb.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := noRedirectClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if out != nil {
		data, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(data, out); err != nil && resp.StatusCode < 300 {
			tb.Fatalf("%s %s: decode %q: %v", method, url, data, err)
		}
	}
	return resp.StatusCode
}

var noRedirectClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// findCooperationID returns the id of the demo cooperation whose title contains s.
func findCooperationID(tb testing.TB, m *Main, s string) int64 {
	tb.Helper()
	items, _, err := m.DB.FindCooperations(sepakat.NewContextWithUser(context.Background(), &sepakat.User{Role: sepakat.RoleKasubbag, Active: true, Verified: true}), sepakat.CooperationFilter{Limit: 500})
	if err != nil {
		tb.Fatal(err)
	}
	for _, c := range items {
		if strings.Contains(c.Title, s) {
			return c.ID
		}
	}
	tb.Fatalf("no demo cooperation %q", s)
	return 0
}

// testLogOutput shows the service's log when SEPAKAT_TEST_LOG=1.
func testLogOutput() io.Writer {
	if os.Getenv("SEPAKAT_TEST_LOG") == "1" {
		return os.Stderr
	}
	return io.Discard
}
