package main

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"

	"github.com/sepakat/sepakat/internal/mailer"
	"github.com/sepakat/sepakat/internal/sso"
	"github.com/sepakat/sepakat/web"
)

func (c *Config) validateSSO() error {
	if c.OIDCIssuer == "" {
		if c.OIDCClientID != "" || c.OIDCClientSecret != "" || c.OIDCClientSecretFile != "" || c.OIDCRedirectURL != "" {
			return errors.New("--oidc-client-id, --oidc-client-secret(-file) and --oidc-redirect-url need --oidc-issuer")
		}
		return nil
	}
	if u, err := url.Parse(c.OIDCIssuer); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--oidc-issuer %q: want http(s)://host[/path]", c.OIDCIssuer)
	}
	if c.OIDCClientID == "" {
		return errors.New("--oidc-issuer needs --oidc-client-id")
	}
	if c.OIDCClientSecret != "" && c.OIDCClientSecretFile != "" {
		return errors.New("give --oidc-client-secret or --oidc-client-secret-file, not both")
	}
	if c.OIDCRedirectURL != "" {
		if u, err := url.Parse(c.OIDCRedirectURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("--oidc-redirect-url %q: want http(s)://host/path", c.OIDCRedirectURL)
		}
	}
	return nil
}

func (c *Config) validateSMTP() error {
	if c.SMTPAddr == "" {
		if c.SMTPUser != "" || c.SMTPPasswordFile != "" || c.SMTPFrom != "" {
			return errors.New("--smtp-user, --smtp-password-file and --smtp-from need --smtp-addr")
		}
		return nil
	}
	if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
		return fmt.Errorf("--smtp-addr %q: want host:port", c.SMTPAddr)
	}
	if c.SMTPFrom == "" {
		return errors.New("--smtp-addr needs --smtp-from (the sender address)")
	}
	if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
		return fmt.Errorf("--smtp-from %q: not an e-mail address", c.SMTPFrom)
	}
	if c.SMTPPasswordFile != "" && c.SMTPUser == "" {
		return errors.New("--smtp-password-file needs --smtp-user")
	}
	return nil
}

// ssoProvider returns the configured OpenID Connect provider, or nil.
func (c *Config) ssoProvider() (*sso.Provider, error) {
	if c.OIDCIssuer == "" {
		return nil, nil
	}
	secret := c.OIDCClientSecret
	if c.OIDCClientSecretFile != "" {
		var err error
		if secret, err = readPasswordFile(c.OIDCClientSecretFile); err != nil {
			return nil, fmt.Errorf("--oidc-client-secret-file: %w", err)
		}
	}
	var claims []string
	for _, name := range strings.Split(c.OIDCNIPClaim, ",") {
		if name = strings.TrimSpace(name); name != "" {
			claims = append(claims, name)
		}
	}
	return sso.New(sso.Config{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: secret, NIPClaims: claims})
}

// mailConfig returns the mailer's configuration, or ok false when e-mail
// is not configured.
func (c *Config) mailConfig(publicURL string) (cfg mailer.Config, ok bool, err error) {
	if c.SMTPAddr == "" {
		return cfg, false, nil
	}
	pw, err := readPasswordFile(c.SMTPPasswordFile)
	if err != nil {
		return cfg, false, fmt.Errorf("--smtp-password-file: %w", err)
	}
	return mailer.Config{Addr: c.SMTPAddr, User: c.SMTPUser, Password: pw, From: c.SMTPFrom, PublicURL: publicURL}, true, nil
}

// wireSignOn gives the server the OpenID Connect provider when configured.
func (m *Main) wireSignOn(s *web.Server) error {
	p, err := m.Config.ssoProvider()
	if err != nil || p == nil {
		return err
	}
	s.SSO, s.Identities, s.SSORedirectURL = p, m.DB, m.Config.OIDCRedirectURL
	return nil
}

// startMailer starts the e-mail sender when configured and hooks it to the
// notifications; serverURL stands in for an unset public URL in links.
func (m *Main) startMailer(serverURL string) error {
	pub := m.Config.PublicURL
	if pub == "" {
		pub = serverURL
	}
	cfg, ok, err := m.Config.mailConfig(pub)
	if err != nil || !ok {
		return err
	}
	cfg.Logger = m.Logger.With("component", "mailer")
	if m.Mailer, err = mailer.New(cfg); err != nil {
		return err
	}
	m.DB.SetNotificationHook(m.Mailer)
	return nil
}
