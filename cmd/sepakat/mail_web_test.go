package main

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat/internal/mailer/mailtest"
)

// A notification made by a request through the real server reaches its
// recipient as exactly one e-mail with the subject and the page's link.
func TestNotificationEmail(t *testing.T) {
	smtp := mailtest.Start(t)
	m := runConfiguredMain(t, true, func(c *Config) {
		c.SMTPAddr, c.SMTPFrom = smtp.Addr(), "Sepakat Kota <sepakat@kota.go.id>"
		c.PublicURL = "https://sepakat.kota.go.id"
	})
	if n := len(smtp.Messages()); n != 0 {
		t.Fatalf("%d messages from the demo data, want none", n)
	}
	base := m.Server.URL()
	id := findCooperationID(t, m, "Sungai Mahakam")
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	if st := apiCall(t, kasubbag, "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/grants", base, id), map[string]string{"login": "tkksd"}, nil); st != http.StatusOK && st != http.StatusCreated {
		t.Fatalf("grant: %d", st)
	}
	got := smtp.Wait(1, 10*time.Second)
	time.Sleep(200 * time.Millisecond) // a second message would show by now
	got = smtp.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages, want 1: %+v", len(got), got)
	}
	msg := got[0]
	if len(msg.To) != 1 || msg.To[0] != "tkksd@demo.sepakat.id" || msg.From != "sepakat@kota.go.id" {
		t.Errorf("envelope from %q to %q", msg.From, msg.To)
	}
	if !strings.HasPrefix(msg.Subject, "[Sepakat] Anda diberi hak akses untuk kerja sama") {
		t.Errorf("subject %q", msg.Subject)
	}
	link := fmt.Sprintf("https://sepakat.kota.go.id/kerjasama/%d", id)
	if !strings.Contains(msg.Body, link) || !strings.Contains(msg.Body, "Yth. Sri Handayani, S.T.,") {
		t.Errorf("body lacks %s or the greeting:\n%s", link, msg.Body)
	}
}

// An SMTP server that is down does not slow down or break the request that
// makes the notification.
func TestNotificationEmailServerDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	m := runConfiguredMain(t, true, func(c *Config) { c.SMTPAddr, c.SMTPFrom = addr, "sepakat@kota.go.id" })
	base := m.Server.URL()
	id := findCooperationID(t, m, "Sungai Mahakam")
	kasubbag := apiLoginCookie(t, base, "kasubbag", DemoPassword)
	start := time.Now()
	if st := apiCall(t, kasubbag, "POST", fmt.Sprintf("%s/api/v1/cooperations/%d/grants", base, id), map[string]string{"login": "tkksd"}, nil); st != http.StatusOK && st != http.StatusCreated {
		t.Fatalf("grant with the mail server down: %d", st)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the request took %v", d)
	}
	var out struct {
		Notifications []struct {
			Message string `json:"message"`
		} `json:"notifications"`
	}
	tkksd := apiLoginCookie(t, base, "tkksd", DemoPassword)
	if st := apiCall(t, tkksd, "GET", base+"/api/v1/notifications", nil, &out); st != http.StatusOK || len(out.Notifications) == 0 ||
		!strings.Contains(out.Notifications[0].Message, "Anda diberi hak akses") {
		t.Errorf("notification not kept: %d %+v", st, out)
	}
}
