package web

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "sepakat_session"

// loadUser puts the session's user, if any, into the request context.
func (s *Server) loadUser(c *gin.Context) {
	token, err := c.Cookie(SessionCookie)
	if err != nil || token == "" {
		c.Next()
		return
	}
	u, err := s.Sessions.FindSessionUser(c.Request.Context(), token)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EINTERNAL {
			s.fail(c, err)
			return
		}
		s.clearSessionCookie(c)
		c.Next()
		return
	}
	c.Request = c.Request.WithContext(sepakat.NewContextWithUser(c.Request.Context(), u))
	c.Next()
}

// requireLogin rejects requests without a session.
func (s *Server) requireLogin(c *gin.Context) {
	if sepakat.UserFromContext(c.Request.Context()) == nil {
		s.fail(c, sepakat.Errorf(sepakat.EUNAUTHORIZED, "Silakan masuk terlebih dahulu."))
		return
	}
	c.Next()
}

// requireVerified keeps PPKSD whose registration is not approved away from
// everything but their registration, profile and notifications.
func (s *Server) requireVerified(c *gin.Context) {
	u := sepakat.UserFromContext(c.Request.Context())
	if u != nil && !u.Verified {
		if !isAPIPath(c.Request.URL.Path) && c.Request.Method == http.MethodGet {
			c.Redirect(http.StatusSeeOther, "/registrasi")
			c.Abort()
			return
		}
		s.fail(c, sepakat.Errorf(sepakat.EFORBIDDEN, "Registrasi Anda belum disetujui. Lengkapi dan kirim registrasi di halaman Registrasi, lalu tunggu verifikasi."))
		return
	}
	c.Next()
}

// requireRoles allows only the given roles through.
func (s *Server) requireRoles(roles ...sepakat.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := sepakat.UserFromContext(c.Request.Context())
		for _, r := range roles {
			if u != nil && u.Role == r {
				c.Next()
				return
			}
		}
		s.fail(c, sepakat.Errorf(sepakat.EFORBIDDEN, "Halaman ini tidak tersedia untuk peran Anda."))
	}
}

var officeRoles = []sepakat.Role{sepakat.RoleAKP, sepakat.RoleARNP, sepakat.RoleKasubbag}

// login checks the credentials under the rate limit, creates the session and
// sets the cookie.
func (s *Server) login(c *gin.Context, login, password string) (*sepakat.User, error) {
	key := strings.ToLower(strings.TrimSpace(login))
	ip := clientIP(c.Request)
	if wait := s.limiter.blocked(key, ip); wait > 0 {
		return nil, sepakat.Errorf(sepakat.ETOOMANY, "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %d menit.", int(wait.Minutes())+1)
	}
	u, err := s.Users.Authenticate(c.Request.Context(), login, password)
	if err != nil {
		if sepakat.ErrorCode(err) == sepakat.EUNAUTHORIZED {
			s.limiter.fail(key, ip)
		}
		return nil, err
	}
	s.limiter.reset(key)
	if err := s.startSession(c, u); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Server) startSession(c *gin.Context, u *sepakat.User) error {
	return s.startSessionAudited(c, u, true)
}

// startSessionAudited starts a session; record writes the login to the
// audit log (single sign-on writes its own entries).
func (s *Server) startSessionAudited(c *gin.Context, u *sepakat.User, record bool) error {
	ctx := sepakat.NewContextWithUser(c.Request.Context(), u)
	token, err := s.Sessions.CreateSession(ctx, u.ID, s.SessionTTL)
	if err != nil {
		return err
	}
	if s.Logins != nil && record {
		if err := s.Logins.RecordLogin(ctx, u); err != nil {
			return err
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", MaxAge: int(s.SessionTTL.Seconds()),
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	c.Request = c.Request.WithContext(ctx)
	return nil
}

func (s *Server) logout(c *gin.Context) error {
	if token, err := c.Cookie(SessionCookie); err == nil && token != "" {
		if err := s.Sessions.DeleteSession(c.Request.Context(), token); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	return nil
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loginLimiter counts failed logins per login name and per client address
// in a sliding window.
type loginLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
	now    func() time.Time
}

func newLoginLimiter(max int, window time.Duration) *loginLimiter {
	return &loginLimiter{max: max, window: window, fails: map[string][]time.Time{}, now: time.Now}
}

// blocked returns how long the caller must wait, or 0. The per-address limit
// is four times the per-login limit so that an office behind one address is
// not locked out by one person's typos.
func (l *loginLimiter) blocked(login, ip string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	for _, k := range []struct {
		key string
		max int
	}{{"u:" + login, l.max}, {"ip:" + ip, 4 * l.max}} {
		ts := l.prune(k.key, now)
		if len(ts) >= k.max {
			if w := ts[0].Add(l.window).Sub(now); w > wait {
				wait = w
			}
		}
	}
	return wait
}

func (l *loginLimiter) fail(login, ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range []string{"u:" + login, "ip:" + ip} {
		l.fails[k] = append(l.prune(k, now), now)
	}
	if len(l.fails) > 100000 {
		for k := range l.fails {
			l.prune(k, now)
		}
	}
}

func (l *loginLimiter) reset(login string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, "u:"+login)
}

func (l *loginLimiter) prune(key string, now time.Time) []time.Time {
	ts := l.fails[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = ts
	return ts
}
