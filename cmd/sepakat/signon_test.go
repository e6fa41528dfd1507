package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/sepakat/sepakat"
)

// runConfiguredMain starts the real service on port 0, like runTestMain,
// with the configuration changed by set first.
func runConfiguredMain(tb testing.TB, demo bool, set func(c *Config)) *Main {
	tb.Helper()
	m := NewMain()
	m.Config.Addr = "localhost:0"
	m.Config.DataDir = tb.TempDir()
	m.Config.Demo = demo
	set(&m.Config)
	m.Stdout = io.Discard
	m.Logger = slog.New(slog.NewTextHandler(testLogOutput(), nil))
	if err := m.Run(context.Background()); err != nil {
		tb.Fatalf("run: %v", err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// startMockOIDC runs an OpenID provider inside the test.
func startMockOIDC(tb testing.TB) *mockoidc.MockOIDC {
	tb.Helper()
	op, err := mockoidc.Run()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { op.Shutdown() })
	return op
}

// nipUser is a person at the provider whose ID token carries a NIP claim.
type nipUser struct {
	*mockoidc.MockUser
	Claim, NIP string
}

func (u nipUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return jwt.MapClaims{
		"iss": base.Issuer, "sub": base.Subject, "aud": base.Audience, "exp": base.ExpiresAt, "iat": base.IssuedAt,
		"nbf": base.NotBefore, "nonce": base.Nonce, "email": u.Email, "email_verified": u.EmailVerified, u.Claim: u.NIP,
	}, nil
}

// browser is an HTTP client that follows redirects and keeps cookies.
func browser(tb testing.TB) *http.Client {
	tb.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second}
}

// ssoLogin runs the whole flow from the login page's link and returns the
// last response's status, path and body.
func ssoLogin(tb testing.TB, client *http.Client, base string) (int, string, string) {
	tb.Helper()
	resp, err := client.Get(base + "/masuk/sso")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Request.URL.Path, string(b)
}

// whoAmI returns the login of the client's session ("" if none).
func whoAmI(tb testing.TB, client *http.Client, base string) string {
	tb.Helper()
	resp, err := client.Get(base + "/api/v1/me")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return ""
	}
	var me struct {
		User struct {
			Login string `json:"login"`
		} `json:"user"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil {
		tb.Fatal(err)
	}
	return me.User.Login
}

// assertAudit checks that the audit log has an entry action about user id
// whose detail contains detail.
func assertAudit(tb testing.TB, m *Main, id int64, action, detail string) {
	tb.Helper()
	entries, err := m.DB.FindAuditEntries(sepakat.SystemContext(context.Background()), sepakat.AuditFilter{Object: fmt.Sprintf("user/%d", id)})
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == action && strings.Contains(e.Detail, detail) {
			return
		}
	}
	tb.Errorf("no audit entry %s %q for user %d in %d entries", action, detail, id, len(entries))
}

func TestSingleSignOn(t *testing.T) {
	op := startMockOIDC(t)
	cfg := op.Config()
	m := runConfiguredMain(t, false, func(c *Config) {
		c.OIDCIssuer, c.OIDCClientID, c.OIDCClientSecret = cfg.Issuer, cfg.ClientID, cfg.ClientSecret
		c.OIDCNIPClaim = "nip,employee_number"
	})
	base := m.Server.URL()
	sys := sepakat.SystemContext(context.Background())
	mustUser := func(n sepakat.NewUser) *sepakat.User {
		t.Helper()
		n.Password = "kata-sandi-uji-123"
		u, err := m.DB.CreateUser(sys, n)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	siti := mustUser(sepakat.NewUser{Login: "siti", Email: "siti@kota.go.id", Name: "Siti Rahmawati", Role: sepakat.RoleAKP})
	budi := mustUser(sepakat.NewUser{Login: "budi", Email: "budi@kota.go.id", NIP: "198501012010011001", Name: "Budi Santoso", Role: sepakat.RoleARNP})
	rudi := mustUser(sepakat.NewUser{Login: "rudi", Email: "rudi@kota.go.id", Name: "Rudi Hartono", Role: sepakat.RoleKasubbag})
	if _, err := m.DB.UpdateUser(sys, rudi.ID, sepakat.UserUpdate{Active: new(false)}); err != nil {
		t.Fatal(err)
	}

	t.Run("login page offers SSO", func(t *testing.T) {
		_, _, body := ssoGet(t, browser(t), base+"/masuk")
		if !strings.Contains(body, "Masuk dengan SSO") || !strings.Contains(body, `href="/masuk/sso"`) {
			t.Errorf("login page lacks the SSO link:\n%s", body)
		}
	})

	t.Run("link by email", func(t *testing.T) {
		op.QueueUser(&mockoidc.MockUser{Subject: "jss-siti", Email: "Siti@Kota.go.id", EmailVerified: true})
		client := browser(t)
		status, path, body := ssoLogin(t, client, base)
		if status != http.StatusOK || path != "/" {
			t.Fatalf("ended at %s with %d:\n%s", path, status, body)
		}
		if got := whoAmI(t, client, base); got != siti.Login {
			t.Errorf("session of %q, want %q", got, siti.Login)
		}
		assertAudit(t, m, siti.ID, "user.sso_link", "by email siti@kota.go.id")
		assertAudit(t, m, siti.ID, "user.sso_login", cfg.Issuer)
	})

	t.Run("second login matches the subject", func(t *testing.T) {
		// The provider now says another email: the kept link decides.
		op.QueueUser(&mockoidc.MockUser{Subject: "jss-siti", Email: "siti.baru@contoh.id", EmailVerified: true})
		client := browser(t)
		if status, path, body := ssoLogin(t, client, base); status != http.StatusOK || path != "/" {
			t.Fatalf("ended at %s with %d:\n%s", path, status, body)
		}
		if got := whoAmI(t, client, base); got != siti.Login {
			t.Errorf("session of %q, want %q", got, siti.Login)
		}
	})

	t.Run("link by NIP claim", func(t *testing.T) {
		// An unverified email is not used for linking; the NIP is.
		op.QueueUser(nipUser{MockUser: &mockoidc.MockUser{Subject: "jss-budi", Email: "siti@kota.go.id"}, Claim: "employee_number", NIP: "198501012010011001"})
		client := browser(t)
		if status, path, body := ssoLogin(t, client, base); status != http.StatusOK || path != "/" {
			t.Fatalf("ended at %s with %d:\n%s", path, status, body)
		}
		if got := whoAmI(t, client, base); got != budi.Login {
			t.Errorf("session of %q, want %q", got, budi.Login)
		}
		assertAudit(t, m, budi.ID, "user.sso_link", "by NIP 198501012010011001")
	})

	t.Run("unknown person refused", func(t *testing.T) {
		op.QueueUser(&mockoidc.MockUser{Subject: "jss-asing", Email: "asing@contoh.id", EmailVerified: true})
		client := browser(t)
		status, path, body := ssoLogin(t, client, base)
		if status != http.StatusForbidden || path != "/masuk/sso/callback" {
			t.Fatalf("ended at %s with %d", path, status)
		}
		if !strings.Contains(body, "belum terhubung dengan akun Sepakat") || !strings.Contains(body, "minta admin") {
			t.Errorf("no clear message:\n%s", body)
		}
		if got := whoAmI(t, client, base); got != "" {
			t.Errorf("session of %q", got)
		}
	})

	t.Run("inactive account refused", func(t *testing.T) {
		op.QueueUser(&mockoidc.MockUser{Subject: "jss-rudi", Email: "rudi@kota.go.id", EmailVerified: true})
		client := browser(t)
		status, _, body := ssoLogin(t, client, base)
		if status != http.StatusForbidden || !strings.Contains(body, "tidak aktif") {
			t.Fatalf("status %d:\n%s", status, body)
		}
		if got := whoAmI(t, client, base); got != "" {
			t.Errorf("session of %q", got)
		}
	})

	t.Run("wrong state refused", func(t *testing.T) {
		op.QueueUser(&mockoidc.MockUser{Subject: "jss-siti", Email: "siti@kota.go.id", EmailVerified: true})
		client := browser(t)
		// Stop at the callback to tamper with it; look at the request to
		// the provider on the way.
		var authorize *url.URL
		client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
			if strings.HasSuffix(req.URL.Path, "/authorize") {
				authorize = req.URL
			}
			if req.URL.Path == "/masuk/sso/callback" {
				return http.ErrUseLastResponse
			}
			return nil
		}
		resp, err := client.Get(base + "/masuk/sso")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		callback, err := resp.Location()
		if err != nil {
			t.Fatalf("no redirect to the callback: %d", resp.StatusCode)
		}
		q := callback.Query()
		if q.Get("code") == "" || q.Get("state") == "" {
			t.Fatalf("callback %s", callback)
		}
		if authorize == nil {
			t.Fatal("no request to the provider's authorize endpoint")
		}
		aq := authorize.Query()
		if aq.Get("code_challenge_method") != "S256" || len(aq.Get("code_challenge")) < 43 || len(aq.Get("nonce")) < 32 ||
			aq.Get("state") != q.Get("state") || aq.Get("redirect_uri") != base+"/masuk/sso/callback" || !strings.Contains(aq.Get("scope"), "openid") {
			t.Errorf("authorize request %s", authorize)
		}
		q.Set("state", q.Get("state")+"x")
		callback.RawQuery = q.Encode()
		status, _, body := ssoGet(t, client, callback.String())
		if status != http.StatusUnauthorized || !strings.Contains(body, "sesi login tidak cocok") {
			t.Errorf("tampered state: %d\n%s", status, body)
		}
		if got := whoAmI(t, client, base); got != "" {
			t.Errorf("session of %q", got)
		}
	})

	t.Run("callback from another browser refused", func(t *testing.T) {
		op.QueueUser(&mockoidc.MockUser{Subject: "jss-siti", Email: "siti@kota.go.id", EmailVerified: true})
		victim := browser(t)
		victim.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
			if req.URL.Path == "/masuk/sso/callback" {
				return http.ErrUseLastResponse
			}
			return nil
		}
		resp, err := victim.Get(base + "/masuk/sso")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		callback, err := resp.Location()
		if err != nil {
			t.Fatal(err)
		}
		other := browser(t)
		if status, _, _ := ssoGet(t, other, callback.String()); status != http.StatusUnauthorized {
			t.Errorf("callback without the state cookie: %d", status)
		}
		if got := whoAmI(t, other, base); got != "" {
			t.Errorf("session of %q", got)
		}
	})

	t.Run("password login still works", func(t *testing.T) {
		client := browser(t)
		resp, err := client.PostForm(base+"/masuk", url.Values{"login": {"siti"}, "password": {"kata-sandi-uji-123"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
			t.Fatalf("password login ended at %s with %d", resp.Request.URL.Path, resp.StatusCode)
		}
		if got := whoAmI(t, client, base); got != siti.Login {
			t.Errorf("session of %q", got)
		}
	})
}

func ssoGet(tb testing.TB, client *http.Client, u string) (int, string, string) {
	tb.Helper()
	resp, err := client.Get(u)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Request.URL.Path, string(b)
}

func TestSignOnAndMailConfig(t *testing.T) {
	env := map[string]string{
		"SEPAKAT_OIDC_ISSUER": "https://sso.kota.go.id/realms/pemkot", "SEPAKAT_OIDC_CLIENT_ID": "sepakat",
		"SEPAKAT_OIDC_NIP_CLAIM": "nip", "SEPAKAT_SMTP_ADDR": "smtp.kota.go.id:587", "SEPAKAT_SMTP_FROM": "sepakat@kota.go.id",
	}
	cfg, err := parseServeFlags([]string{"--oidc-client-secret", "rahasia", "--smtp-user", "sepakat"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.OIDCIssuer != env["SEPAKAT_OIDC_ISSUER"] || cfg.OIDCClientID != "sepakat" || cfg.OIDCClientSecret != "rahasia" || cfg.OIDCNIPClaim != "nip" ||
		cfg.SMTPAddr != "smtp.kota.go.id:587" || cfg.SMTPFrom != "sepakat@kota.go.id" || cfg.SMTPUser != "sepakat" {
		t.Errorf("config %+v", cfg)
	}
	if DefaultConfig().OIDCNIPClaim != "nip,employee_number" {
		t.Errorf("default NIP claims %q", DefaultConfig().OIDCNIPClaim)
	}
	for _, args := range [][]string{
		{"--oidc-client-id", "x"},
		{"--oidc-issuer", "sso.kota.go.id", "--oidc-client-id", "x"},
		{"--oidc-issuer", "https://sso.kota.go.id"},
		{"--oidc-issuer", "https://sso.kota.go.id", "--oidc-client-id", "x", "--oidc-client-secret", "a", "--oidc-client-secret-file", "f"},
		{"--oidc-issuer", "https://sso.kota.go.id", "--oidc-client-id", "x", "--oidc-redirect-url", "/masuk/sso/callback"},
		{"--smtp-addr", "smtp.kota.go.id"},
		{"--smtp-addr", "smtp.kota.go.id:25"},
		{"--smtp-addr", "smtp.kota.go.id:25", "--smtp-from", "bukan alamat"},
		{"--smtp-from", "a@b.id"},
		{"--smtp-addr", "smtp.kota.go.id:25", "--smtp-from", "a@b.id", "--smtp-password-file", "pw"},
	} {
		if _, err := parseServeFlags(args, func(string) string { return "" }, io.Discard); err == nil {
			t.Errorf("%q accepted", args)
		}
	}
}

// A provider that cannot be reached does not stop Sepakat from starting;
// the SSO login then says so and password login goes on.
func TestSingleSignOnProviderDown(t *testing.T) {
	m := runConfiguredMain(t, false, func(c *Config) {
		c.OIDCIssuer, c.OIDCClientID = "http://127.0.0.1:1/realms/kota", "sepakat"
	})
	status, _, body := ssoGet(t, browser(t), m.Server.URL()+"/masuk/sso")
	if status != http.StatusConflict || !strings.Contains(body, "Layanan SSO sedang tidak dapat dihubungi") {
		t.Errorf("provider down: %d\n%s", status, body)
	}
}
