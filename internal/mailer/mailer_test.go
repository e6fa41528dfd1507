package mailer_test

import (
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/mailer"
	"github.com/sepakat/sepakat/internal/mailer/mailtest"
)

func mustMailer(tb testing.TB, cfg mailer.Config) *mailer.Mailer {
	tb.Helper()
	m, err := mailer.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

func TestNotificationMail(t *testing.T) {
	srv := mailtest.Start(t)
	m := mustMailer(t, mailer.Config{Addr: srv.Addr(), From: "Sepakat <sepakat@kota.go.id>", PublicURL: "https://sepakat.kota.go.id/"})
	n := &sepakat.Notification{ID: 1, UserID: 7, Message: "Kerja sama KSD-2026-0007 pindah ke tahap Perencanaan — mohon ditinjau.", Link: "/kerjasama/7"}
	m.Notified(n, &sepakat.User{ID: 7, Name: "Siti Rahmawati", Email: "siti@dinas.go.id"})
	got := srv.Wait(1, 5*time.Second)
	if len(got) != 1 {
		t.Fatalf("%d messages, want 1", len(got))
	}
	msg := got[0]
	if msg.From != "sepakat@kota.go.id" || len(msg.To) != 1 || msg.To[0] != "siti@dinas.go.id" {
		t.Errorf("envelope from %q to %q", msg.From, msg.To)
	}
	if want := "[Sepakat] " + n.Message; msg.Subject != want {
		t.Errorf("subject %q, want %q", msg.Subject, want)
	}
	for _, want := range []string{"Yth. Siti Rahmawati,", n.Message, "https://sepakat.kota.go.id/kerjasama/7"} {
		if !strings.Contains(msg.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, msg.Body)
		}
	}
	if ct := msg.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q", ct)
	}
	if to := msg.Header.Get("To"); !strings.Contains(to, "siti@dinas.go.id") {
		t.Errorf("To %q", to)
	}
}

// A server that is down neither blocks the caller nor stops later messages
// once it is back: the message is retried.
func TestRetryWhenServerDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connections are refused
	m := mustMailer(t, mailer.Config{Addr: addr, From: "sepakat@kota.go.id", Attempts: 5, Backoff: 100 * time.Millisecond, Timeout: time.Second})
	start := time.Now()
	m.Enqueue(mailer.Message{To: "a@b.go.id", Subject: "Uji", Body: "Isi"})
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("Enqueue took %v", d)
	}
	time.Sleep(150 * time.Millisecond)
	srv := startAt(t, addr)
	if got := srv.Wait(1, 5*time.Second); len(got) != 1 || got[0].Subject != "Uji" {
		t.Fatalf("after the server came back: %+v", got)
	}
}

// startAt starts the test SMTP server on addr (the port just freed).
func startAt(t *testing.T, addr string) *mailtest.Server {
	t.Helper()
	srv, err := mailtest.StartAt(t, addr)
	if err != nil {
		t.Skipf("cannot listen again on %s: %v", addr, err)
	}
	return srv
}

func TestNewRefusesBadConfig(t *testing.T) {
	for _, cfg := range []mailer.Config{{Addr: "nohost", From: "a@b.id"}, {Addr: "h:25", From: "not an address"}} {
		if _, err := mailer.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
}

// A server that offers STARTTLS gets the message over TLS, and the
// password only then.
func TestStartTLS(t *testing.T) {
	srv, roots := mailtest.StartTLS(t)
	m := mustMailer(t, mailer.Config{Addr: srv.Addr(), From: "sepakat@kota.go.id", TLSConfig: &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}})
	if err := m.Send(mailer.Message{To: "a@b.go.id", Subject: "Rahasia", Body: "Isi"}); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || !got[0].TLS {
		t.Fatalf("messages %+v, want one over TLS", got)
	}
	// A certificate the mailer does not trust stops the message.
	m2 := mustMailer(t, mailer.Config{Addr: srv.Addr(), From: "sepakat@kota.go.id"})
	if err := m2.Send(mailer.Message{To: "a@b.go.id", Subject: "Rahasia", Body: "Isi"}); err == nil || !strings.Contains(err.Error(), "starttls") {
		t.Errorf("untrusted certificate: %v", err)
	}
}
