package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the configuration of `sepakat serve`.
type Config struct {
	// Addr is the listening address.
	Addr string
	// DataDir holds the bbolt file and the blob folder.
	DataDir string
	// Demo seeds demo accounts and cooperations into an empty data directory.
	Demo bool
	// SecureCookies marks the session cookie Secure (set it behind HTTPS).
	SecureCookies bool
	// SessionTTL is how long a login lasts.
	SessionTTL time.Duration
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// PublicURL is the address people reach the service at, used in the QR
	// code of printed finals ("" means the listening address).
	PublicURL string
	// Paper is the paper of printed agreements: f4 or a4.
	Paper string
	// Meterai says which parties' signature blocks get a meterai box:
	// none, kesatu, kedua or both.
	Meterai string
	// SignP12 is the PKCS#12 file with the office's certificate for
	// electronic signatures ("" disables them); SignPasswordFile holds its
	// password on the first line.
	SignP12          string
	SignPasswordFile string
	// Timezone is the office's IANA time zone, for signing schedules and
	// their .ics invitations.
	Timezone string
	// OfficeHours are the office's working hours, "HH:MM-HH:MM", for the
	// protocol calendar's warnings.
	OfficeHours string

	// OIDCIssuer enables single sign-on with that OpenID Connect provider
	// ("" disables it); OIDCClientID and OIDCClientSecret (or the first
	// line of OIDCClientSecretFile) are Sepakat's registration there.
	OIDCIssuer           string
	OIDCClientID         string
	OIDCClientSecret     string
	OIDCClientSecretFile string
	// OIDCRedirectURL is the callback registered at the provider; empty
	// means the public URL + /masuk/sso/callback.
	OIDCRedirectURL string
	// OIDCNIPClaim names the ID token claims holding the NIP, comma
	// separated; the first non-empty one is used.
	OIDCNIPClaim string

	// SMTPAddr (host:port) enables e-mail copies of notifications ("" disables
	// them); SMTPUser and the first line of SMTPPasswordFile authenticate,
	// SMTPFrom is the sender address.
	SMTPAddr         string
	SMTPUser         string
	SMTPPasswordFile string
	SMTPFrom         string
}

// DefaultConfig returns the embedded defaults.
func DefaultConfig() Config {
	return Config{
		Addr:         "localhost:8080",
		DataDir:      "./data",
		SessionTTL:   12 * time.Hour,
		Timezone:     "Asia/Jakarta",
		OfficeHours:  "07:30-16:00",
		OIDCNIPClaim: "nip,employee_number",
		LogLevel:     "info",
		Paper:        "f4",
		Meterai:      "none",
	}
}

// applyEnv reads SEPAKAT_* variables over the defaults.
func (c *Config) applyEnv(getenv func(string) string) error {
	if v := getenv("SEPAKAT_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("SEPAKAT_DATA"); v != "" {
		c.DataDir = v
	}
	for name, dst := range map[string]*bool{"SEPAKAT_DEMO": &c.Demo, "SEPAKAT_SECURE_COOKIES": &c.SecureCookies} {
		if v := getenv(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s=%q: want true or false", name, v)
			}
			*dst = b
		}
	}
	if v := getenv("SEPAKAT_SESSION_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("SEPAKAT_SESSION_TTL=%q: %w", v, err)
		}
		c.SessionTTL = d
	}
	if v := getenv("SEPAKAT_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	for name, dst := range map[string]*string{"SEPAKAT_PUBLIC_URL": &c.PublicURL, "SEPAKAT_PAPER": &c.Paper, "SEPAKAT_METERAI": &c.Meterai,
		"SEPAKAT_SIGN_P12": &c.SignP12, "SEPAKAT_SIGN_PASSWORD_FILE": &c.SignPasswordFile} {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	for name, dst := range map[string]*string{"SEPAKAT_TIMEZONE": &c.Timezone, "SEPAKAT_OFFICE_HOURS": &c.OfficeHours,
		"SEPAKAT_OIDC_ISSUER": &c.OIDCIssuer, "SEPAKAT_OIDC_CLIENT_ID": &c.OIDCClientID, "SEPAKAT_OIDC_CLIENT_SECRET": &c.OIDCClientSecret,
		"SEPAKAT_OIDC_CLIENT_SECRET_FILE": &c.OIDCClientSecretFile, "SEPAKAT_OIDC_REDIRECT_URL": &c.OIDCRedirectURL, "SEPAKAT_OIDC_NIP_CLAIM": &c.OIDCNIPClaim,
		"SEPAKAT_SMTP_ADDR": &c.SMTPAddr, "SEPAKAT_SMTP_USER": &c.SMTPUser, "SEPAKAT_SMTP_PASSWORD_FILE": &c.SMTPPasswordFile, "SEPAKAT_SMTP_FROM": &c.SMTPFrom} {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	return nil
}

// Validate checks the configuration.
func (c *Config) Validate() error {
	if c.Addr == "" {
		return errors.New("--addr must not be empty")
	}
	if c.DataDir == "" {
		return errors.New("--data must not be empty")
	}
	if c.SessionTTL < time.Minute {
		return errors.New("session TTL must be at least one minute")
	}
	if _, err := c.level(); err != nil {
		return err
	}
	if _, err := c.printSettings(); err != nil {
		return err
	}
	if c.SignPasswordFile != "" && c.SignP12 == "" {
		return errors.New("--sign-password-file needs --sign-p12")
	}
	if _, _, err := c.scheduleSettings(); err != nil {
		return err
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("public URL %q: want http(s)://host[/path]", c.PublicURL)
		}
	}
	if err := c.validateSSO(); err != nil {
		return err
	}
	return c.validateSMTP()
}

func (c *Config) level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(c.LogLevel))); err != nil {
		return 0, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// parseServeFlags builds the configuration: defaults, then environment, then flags.
func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	cfg := DefaultConfig()
	if err := cfg.applyEnv(getenv); err != nil {
		return cfg, err
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listening address (env SEPAKAT_ADDR)")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (env SEPAKAT_DATA)")
	fs.BoolVar(&cfg.Demo, "demo", cfg.Demo, "seed demo accounts and cooperations into an empty data directory (env SEPAKAT_DEMO)")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", cfg.SecureCookies, "mark the session cookie Secure; use behind HTTPS (env SEPAKAT_SECURE_COOKIES)")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", cfg.SessionTTL, "how long a login lasts (env SEPAKAT_SESSION_TTL)")
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error (env SEPAKAT_LOG_LEVEL)")
	fs.StringVar(&cfg.PublicURL, "public-url", cfg.PublicURL, "address people reach the service at, for the QR code of printed finals (env SEPAKAT_PUBLIC_URL)")
	fs.StringVar(&cfg.Paper, "paper", cfg.Paper, "paper of printed agreements: f4 or a4 (env SEPAKAT_PAPER)")
	fs.StringVar(&cfg.Meterai, "meterai", cfg.Meterai, "signature blocks with a meterai box: none, kesatu, kedua or both (env SEPAKAT_METERAI)")
	fs.StringVar(&cfg.SignP12, "sign-p12", cfg.SignP12, "PKCS#12 file with the office's certificate for electronic signatures (env SEPAKAT_SIGN_P12)")
	fs.StringVar(&cfg.SignPasswordFile, "sign-password-file", cfg.SignPasswordFile, "file whose first line is the password of --sign-p12 (env SEPAKAT_SIGN_PASSWORD_FILE)")
	fs.StringVar(&cfg.Timezone, "timezone", cfg.Timezone, "the office's time zone, for signing schedules and .ics invitations (env SEPAKAT_TIMEZONE)")
	fs.StringVar(&cfg.OfficeHours, "office-hours", cfg.OfficeHours, "office hours HH:MM-HH:MM, for the protocol calendar's warnings (env SEPAKAT_OFFICE_HOURS)")
	fs.StringVar(&cfg.OIDCIssuer, "oidc-issuer", cfg.OIDCIssuer, "OpenID Connect issuer URL for single sign-on; empty disables it (env SEPAKAT_OIDC_ISSUER)")
	fs.StringVar(&cfg.OIDCClientID, "oidc-client-id", cfg.OIDCClientID, "client id registered at the OpenID provider (env SEPAKAT_OIDC_CLIENT_ID)")
	fs.StringVar(&cfg.OIDCClientSecret, "oidc-client-secret", cfg.OIDCClientSecret, "client secret; prefer --oidc-client-secret-file (env SEPAKAT_OIDC_CLIENT_SECRET)")
	fs.StringVar(&cfg.OIDCClientSecretFile, "oidc-client-secret-file", cfg.OIDCClientSecretFile, "file whose first line is the client secret (env SEPAKAT_OIDC_CLIENT_SECRET_FILE)")
	fs.StringVar(&cfg.OIDCRedirectURL, "oidc-redirect-url", cfg.OIDCRedirectURL, "callback registered at the provider; default the public URL + /masuk/sso/callback (env SEPAKAT_OIDC_REDIRECT_URL)")
	fs.StringVar(&cfg.OIDCNIPClaim, "oidc-nip-claim", cfg.OIDCNIPClaim, "ID token claims holding the NIP, comma separated (env SEPAKAT_OIDC_NIP_CLAIM)")
	fs.StringVar(&cfg.SMTPAddr, "smtp-addr", cfg.SMTPAddr, "SMTP server host:port for e-mail copies of notifications; empty disables them (env SEPAKAT_SMTP_ADDR)")
	fs.StringVar(&cfg.SMTPUser, "smtp-user", cfg.SMTPUser, "SMTP user name (env SEPAKAT_SMTP_USER)")
	fs.StringVar(&cfg.SMTPPasswordFile, "smtp-password-file", cfg.SMTPPasswordFile, "file whose first line is the SMTP password (env SEPAKAT_SMTP_PASSWORD_FILE)")
	fs.StringVar(&cfg.SMTPFrom, "smtp-from", cfg.SMTPFrom, "sender address of the e-mails (env SEPAKAT_SMTP_FROM)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return cfg, cfg.Validate()
}

// dataFlag parses the --data flag (and others given) of the maintenance commands.
func dataFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := DefaultConfig().DataDir
	if v := os.Getenv("SEPAKAT_DATA"); v != "" {
		def = v
	}
	dir := fs.String("data", def, "data directory (env SEPAKAT_DATA)")
	return fs, dir
}
