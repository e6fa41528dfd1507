package sso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/sepakat/sepakat"
)

// Config is the client's registration at the provider.
type Config struct {
	// Issuer is the provider's issuer URL; its discovery document is at
	// Issuer + "/.well-known/openid-configuration".
	Issuer       string
	ClientID     string
	ClientSecret string
	// NIPClaims are the ID token claims read for the NIP, first non-empty
	// wins (e.g. "nip", "employee_number").
	NIPClaims []string
	// HTTPClient talks to the provider; nil means a client with a 15 s
	// timeout.
	HTTPClient *http.Client
}

// Provider is one OpenID Connect provider. Discovery happens on first use
// and is retried on later uses while it fails, so that a provider that is
// down when Sepakat starts does not stop it.
type Provider struct {
	cfg Config

	mu       sync.Mutex
	provider *oidc.Provider
}

// New returns a provider for cfg; it does not contact the provider yet.
func New(cfg Config) (*Provider, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" {
		return nil, errors.New("sso: issuer and client id are required")
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	return &Provider{cfg: cfg}, nil
}

var errUnavailable = sepakat.Errorf(sepakat.ECONFLICT, "Layanan SSO sedang tidak dapat dihubungi. Coba lagi nanti, atau masuk dengan kata sandi.")

func (p *Provider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, p.cfg.HTTPClient), p.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("sso discovery of %s: %w: %w", p.cfg.Issuer, errUnavailable, err)
	}
	p.provider = op
	return op, nil
}

func (p *Provider) oauth2(op *oidc.Provider, redirectURL string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, RedirectURL: redirectURL,
		Endpoint: op.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// AuthCodeURL returns the provider's login address for the redirect URL,
// state, nonce and the PKCE verifier (sent as its S256 challenge).
func (p *Provider) AuthCodeURL(ctx context.Context, redirectURL, state, nonce, verifier string) (string, error) {
	op, err := p.discover(ctx)
	if err != nil {
		return "", err
	}
	return p.oauth2(op, redirectURL).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// Exchange trades the code for tokens, verifies the ID token and its nonce
// and returns the identity it vouches for.
func (p *Provider) Exchange(ctx context.Context, redirectURL, code, verifier, nonce string) (*sepakat.ExternalIdentity, error) {
	op, err := p.discover(ctx)
	if err != nil {
		return nil, err
	}
	ctx = oidc.ClientContext(ctx, p.cfg.HTTPClient)
	tok, err := p.oauth2(op, redirectURL).Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("sso exchange: %w", sepakat.Errorf(sepakat.EUNAUTHORIZED, "Login SSO gagal: kode dari penyedia SSO ditolak. Silakan coba lagi."))
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, sepakat.Errorf(sepakat.EUNAUTHORIZED, "Login SSO gagal: penyedia SSO tidak mengirim ID token.")
	}
	idt, err := op.Verifier(&oidc.Config{ClientID: p.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return nil, sepakat.Errorf(sepakat.EUNAUTHORIZED, "Login SSO gagal: ID token tidak sah.")
	}
	if idt.Nonce != nonce {
		return nil, sepakat.Errorf(sepakat.EUNAUTHORIZED, "Login SSO gagal: nonce tidak cocok. Silakan coba lagi.")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, fmt.Errorf("sso claims: %w", err)
	}
	id := &sepakat.ExternalIdentity{Issuer: idt.Issuer, Subject: idt.Subject}
	id.Email, _ = claims["email"].(string)
	id.EmailVerified = claimTrue(claims["email_verified"])
	id.Name, _ = claims["name"].(string)
	for _, c := range p.cfg.NIPClaims {
		if v := claimString(claims[c]); v != "" {
			id.NIP = v
			break
		}
	}
	return id, nil
}

// claimTrue reads a boolean claim; some providers send "true" as a string.
func claimTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// claimString reads a string or number claim (a NIP may come as a number).
func claimString(v any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strings.TrimSuffix(fmt.Sprintf("%.0f", v), ".")
	}
	return ""
}
