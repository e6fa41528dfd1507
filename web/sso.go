package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// Single sign-on with an OpenID Connect provider: /masuk/sso sends the
// browser to the provider with a fresh state, nonce and PKCE verifier, kept
// here on the server for ssoFlowTTL; the browser holds only the state, in a
// short-lived cookie, so a callback from another browser or with another
// state is refused. The callback verifies the ID token (s.SSO), links the
// identity to an account (s.Identities) and starts a normal session.

// ssoCookie carries the state of a sign-on under way.
const ssoCookie = "sepakat_sso"

// ssoFlowTTL is how long a sign-on may take at the provider.
const ssoFlowTTL = 10 * time.Minute

// ssoFlow is what the callback needs to finish one sign-on.
type ssoFlow struct {
	nonce, verifier, next string
	expires               time.Time
}

// ssoStates holds the sign-ons under way by state. The zero value is ready.
type ssoStates struct {
	mu    sync.Mutex
	flows map[string]ssoFlow
}

func (st *ssoStates) put(state string, f ssoFlow) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.flows == nil {
		st.flows = map[string]ssoFlow{}
	}
	now := time.Now()
	if len(st.flows) > 1000 {
		for k, v := range st.flows {
			if now.After(v.expires) {
				delete(st.flows, k)
			}
		}
	}
	if len(st.flows) > 10000 {
		clear(st.flows)
	}
	st.flows[state] = f
}

// take removes and returns the flow of state, if it is still live.
func (st *ssoStates) take(state string) (ssoFlow, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := st.flows[state]
	delete(st.flows, state)
	if !ok || time.Now().After(f.expires) {
		return ssoFlow{}, false
	}
	return f, true
}

// ssoRedirectURL is the callback address registered at the provider:
// SSORedirectURL, else the public URL + /masuk/sso/callback.
func (s *Server) ssoRedirectURL() string {
	if s.SSORedirectURL != "" {
		return s.SSORedirectURL
	}
	return s.publicURL() + "/masuk/sso/callback"
}

// loginForm adds to the login page's form what the page needs besides it.
func (s *Server) loginForm(form map[string]string) map[string]string {
	if s.SSO != nil {
		form["sso"] = "1"
	}
	return form
}

func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func (s *Server) handleSSOStart(c *gin.Context) {
	if s.SSO == nil || s.Identities == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Login SSO tidak diaktifkan."))
		return
	}
	var vals [3]string
	for i := range vals {
		v, err := randomString()
		if err != nil {
			s.fail(c, err)
			return
		}
		vals[i] = v
	}
	state, nonce, verifier := vals[0], vals[1], vals[2]
	to, err := s.SSO.AuthCodeURL(c.Request.Context(), s.ssoRedirectURL(), state, nonce, verifier)
	if err != nil {
		s.ssoRefused(c, c.Query("lanjut"), err)
		return
	}
	s.ssoStates.put(state, ssoFlow{nonce: nonce, verifier: verifier, next: c.Query("lanjut"), expires: time.Now().Add(ssoFlowTTL)})
	http.SetCookie(c.Writer, &http.Cookie{
		Name: ssoCookie, Value: state, Path: "/masuk/sso", MaxAge: int(ssoFlowTTL.Seconds()),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	c.Redirect(http.StatusFound, to)
}

func (s *Server) handleSSOCallback(c *gin.Context) {
	if s.SSO == nil || s.Identities == nil {
		s.fail(c, sepakat.Errorf(sepakat.ENOTFOUND, "Login SSO tidak diaktifkan."))
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: ssoCookie, Value: "", Path: "/masuk/sso", MaxAge: -1,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	state := c.Query("state")
	cookie, _ := c.Cookie(ssoCookie)
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(cookie)) != 1 {
		s.ssoRefused(c, "", sepakat.Errorf(sepakat.EUNAUTHORIZED, "Login SSO gagal: sesi login tidak cocok atau sudah kedaluwarsa. Silakan coba lagi."))
		return
	}
	flow, ok := s.ssoStates.take(state)
	if !ok {
		s.ssoRefused(c, "", sepakat.Errorf(sepakat.EUNAUTHORIZED, "Login SSO gagal: sesi login tidak cocok atau sudah kedaluwarsa. Silakan coba lagi."))
		return
	}
	if e := c.Query("error"); e != "" {
		s.Logger.Info("sso refused by provider", "error", e, "description", c.Query("error_description"))
		s.ssoRefused(c, flow.next, sepakat.Errorf(sepakat.EUNAUTHORIZED, "Login SSO dibatalkan atau ditolak oleh penyedia SSO."))
		return
	}
	id, err := s.SSO.Exchange(c.Request.Context(), s.ssoRedirectURL(), c.Query("code"), flow.verifier, flow.nonce)
	if err != nil {
		s.ssoRefused(c, flow.next, err)
		return
	}
	u, err := s.Identities.SignOn(c.Request.Context(), *id)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EFORBIDDEN {
			s.Logger.Info("sso sign-on refused", "issuer", id.Issuer, "subject", id.Subject, "email", id.Email, "nip", id.NIP)
		}
		s.ssoRefused(c, flow.next, err)
		return
	}
	if err := s.startSessionAudited(c, u, false); err != nil {
		s.fail(c, err)
		return
	}
	next := flow.next
	if !u.Verified {
		next = "/registrasi"
	}
	c.Redirect(http.StatusSeeOther, safeNext(next))
}

// ssoRefused shows the login page with the reason a sign-on failed.
func (s *Server) ssoRefused(c *gin.Context, next string, err error) {
	if sepakat.ErrorCode(err) == sepakat.EINTERNAL {
		s.fail(c, err)
		return
	}
	s.renderStatus(c, statusOf(err), "login", pageData{
		Title: "Masuk", Message: sepakat.ErrorMessage(err),
		Form: s.loginForm(map[string]string{"lanjut": next}),
	})
}
