package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"github.com/sepakat/sepakat/drafting"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/sepakat/sepakat"
	"github.com/sepakat/sepakat/internal/mailer"
	"github.com/sepakat/sepakat/signing"
	"github.com/sepakat/sepakat/storage"
	"github.com/sepakat/sepakat/web"
)

// Main is the running service: storage, HTTP server and the control file the
// CLI uses to reach it. Tests start it on port 0 with a temporary data directory.
type Main struct {
	Config Config
	Logger *slog.Logger
	// Stdout receives the start-up messages (demo logins, first admin password).
	Stdout io.Writer

	DB     *storage.DB
	Server *web.Server
	// Mailer sends e-mail copies of notifications (nil without --smtp-addr).
	Mailer *mailer.Mailer

	controlPath string
	// stopReminders stops the background job of reminders.
	stopReminders func()
	// stopDeadlineReminders stops the reminders of overdue work items.
	stopDeadlineReminders func()
}

// NewMain returns a Main with the default configuration.
func NewMain() *Main {
	return &Main{Config: DefaultConfig(), Logger: slog.New(slog.NewTextHandler(os.Stderr, nil)), Stdout: os.Stdout}
}

// Run opens the data directory, seeds it when new, and starts serving. It
// returns once the server listens.
func (m *Main) Run(ctx context.Context) (err error) {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(m.Config.DataDir, 0o750); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	if err := signing.Configure(filepath.Join(m.Config.DataDir, "pdfcpu")); err != nil {
		return err
	}
	m.DB, err = storage.Open(m.Config.DataDir, storage.Options{Logger: m.Logger})
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	if err := m.bootstrap(ctx); err != nil {
		return err
	}

	token, err := randomToken()
	if err != nil {
		return err
	}
	s, err := web.NewServer()
	if err != nil {
		return err
	}
	s.Users, s.Sessions, s.Registrations, s.Cooperations = m.DB, m.DB, m.DB, m.DB
	s.Notifications, s.Audit, s.Files, s.Logins = m.DB, m.DB, m.DB, m.DB
	s.Blobs = m.DB.Blobs()
	s.Documents = m.DB
	s.Word = drafting.Engine{}
	s.Assist = assistant{}
	s.Register = m.DB
	s.Templates, s.LintSettings = m.DB, m.DB
	s.Stamper = assistant{}
	s.Numbered = m.DB
	s.Attachments = m.DB
	s.Signings = m.DB
	if s.Zone, s.OfficeHours, err = m.Config.scheduleSettings(); err != nil {
		return err
	}
	s.Holidays = sepakat.DefaultCalendar()
	s.Routing = m.DB.Routing(m.DB)
	s.Signed = m.DB
	s.Plans = m.DB
	s.Monitoring = m.DB
	s.Evaluations = m.DB
	s.Initiations = m.DB
	s.Settings = m.DB.Settings()
	s.Statistics = m.DB
	s.Worklist = m.DB
	settings, err := m.Config.printSettings()
	if err != nil {
		return err
	}
	s.Printer = newPrinter(settings)
	s.RoutingPrinter = signing.RoutingPrinter{Paper: settings.Paper}
	s.PlanPrinter = signing.PlanPrinter{Paper: settings.Paper}
	s.PublicURL = m.Config.PublicURL
	if err := m.wireSignOn(s); err != nil {
		return err
	}
	s.CheckPDF = signing.ValidatePDF
	s.Registry, s.ESigned, s.PublicDocs = m.DB, m.DB, m.DB
	s.VerifyPDF = verifyPDF
	if m.Config.SignP12 != "" {
		cert, err := loadP12(m.Config.SignP12, m.Config.SignPasswordFile)
		if err != nil {
			return fmt.Errorf("--sign-p12: %w", err)
		}
		zone, err := time.LoadLocation(m.Config.Timezone)
		if err != nil {
			zone = time.UTC
		}
		s.ESigner = officeSigner{cert: cert, zone: zone}
	}
	s.Backup = m.DB.WriteBackup
	s.ControlToken = token
	s.SecureCookies = m.Config.SecureCookies
	s.SessionTTL = m.Config.SessionTTL
	s.Demo = m.Config.Demo
	s.Logger = m.Logger
	m.Server = s
	if err := s.Open(m.Config.Addr); err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	if err := m.startMailer(s.URL()); err != nil {
		return err
	}
	m.stopReminders = startReminders(m.DB, m.Logger, reminderInterval)
	m.stopDeadlineReminders = startReminders(deadlineReminders{db: m.DB, zone: s.Zone}, m.Logger, reminderInterval)
	m.controlPath = filepath.Join(m.Config.DataDir, controlFile)
	if err := writeControl(m.controlPath, control{URL: s.URL(), Token: token, PID: os.Getpid()}); err != nil {
		return err
	}
	// Password hashing while seeding allocates tens of MB that the idle
	// server does not need: hand them back to the OS now.
	debug.FreeOSMemory()
	m.Logger.Info("sepakat listening", "url", s.URL(), "data", m.Config.DataDir, "version", Version)
	return nil
}

// Close stops the server and closes the storage.
func (m *Main) Close() error {
	var first error
	if m.stopReminders != nil {
		m.stopReminders()
	}
	if m.stopDeadlineReminders != nil {
		m.stopDeadlineReminders()
	}
	if m.Server != nil {
		if err := m.Server.Close(); err != nil {
			first = err
		}
	}
	if m.controlPath != "" {
		_ = os.Remove(m.controlPath)
	}
	if m.Mailer != nil {
		m.DB.SetNotificationHook(nil)
		_ = m.Mailer.Close()
	}
	if m.DB != nil {
		if err := m.DB.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// bootstrap creates the first accounts of an empty data directory: the demo
// data with --demo, otherwise one admin with a random password printed once.
func (m *Main) bootstrap(ctx context.Context) error {
	sys := sepakat.SystemContext(ctx)
	users, err := m.DB.FindUsers(sys, sepakat.UserFilter{})
	if err != nil {
		return err
	}
	if m.Config.Demo {
		if len(users) == 0 {
			if err := seedDemo(sys, m.DB, m.DB.Blobs(), drafting.Engine{}); err != nil {
				return fmt.Errorf("seed demo data: %w", err)
			}
		}
		fmt.Fprint(m.Stdout, demoBanner)
		return nil
	}
	if len(users) > 0 {
		return nil
	}
	pw, err := randomToken()
	if err != nil {
		return err
	}
	pw = pw[:20]
	if _, err := m.DB.CreateUser(sys, sepakat.NewUser{
		Login: "admin", Email: "admin@sepakat.invalid", Name: "Administrator", Role: sepakat.RoleAdmin, Password: pw,
	}); err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	fmt.Fprintf(m.Stdout, "First start: created the account admin with the password %s\nIt is shown only once: log in and change it under Profil.\n", pw)
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseServeFlags(args, os.Getenv, stderr)
	if err != nil {
		return err
	}
	level, _ := cfg.level()
	m := NewMain()
	m.Config = cfg
	m.Stdout = stdout
	m.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	fmt.Fprintf(stdout, "Sepakat is running at %s (data in %s). Press Ctrl+C to stop.\n", m.Server.URL(), cfg.DataDir)
	<-ctx.Done()
	m.Logger.Info("shutting down")
	return m.Close()
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
