package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/sepakat/sepakat"
)

// Server is Sepakat's HTTP server. Fill the service fields before Open.
type Server struct {
	Users         sepakat.UserService
	Sessions      sepakat.SessionService
	Registrations sepakat.RegistrationService
	Cooperations  sepakat.CooperationService
	Notifications sepakat.NotificationService
	Audit         sepakat.AuditService
	Files         sepakat.FileAccess
	Blobs         sepakat.BlobStore
	Documents     sepakat.DocumentService
	// Word is the Word engine (the drafting package provides it).
	Word sepakat.WordEngine
	// Assist renumbers, checks and makes first drafts.
	Assist   sepakat.DraftAssistant
	Register sepakat.RegisterService
	// Templates keeps the uploaded versions of the document templates.
	Templates sepakat.TemplateService
	// LintSettings keeps the checker's required elements.
	LintSettings sepakat.LintSettingsService
	// Stamper writes the register's numbers into final documents.
	Stamper  sepakat.NumberStamper
	Numbered sepakat.NumberedFileService
	// Attachments keeps the lampiran of documents.
	Attachments sepakat.AttachmentService
	// Routing keeps the routing sheets (lembar edaran) of desk-to-desk
	// signing; RoutingPrinter prints them.
	Routing        sepakat.RoutingService
	RoutingPrinter sepakat.RoutingPrinter
	// Signings keeps the signing schedules (method, in-person proposals,
	// the protocol calendar and its feed tokens).
	Signings sepakat.SigningService
	// Zone is the office's time zone (nil: Asia/Jakarta); OfficeHours and
	// Holidays feed the calendar's clash warnings.
	Zone        *time.Location
	OfficeHours sepakat.OfficeHours
	Holidays    *sepakat.Calendar
	// Signed keeps what is recorded after the signing (scan, photos,
	// officers, classification).
	Signed sepakat.SignedScanService
	// Plans keeps the Studi Kelayakan and KAK of Perencanaan; PlanPrinter
	// prints them.
	Plans       sepakat.PlanService
	PlanPrinter sepakat.PlanPrinter
	// Monitoring keeps the monitoring entries of stage pemantauan.
	Monitoring sepakat.MonitoringService
	// Evaluations keeps the evaluations of stage evaluasi and the
	// questionnaire.
	Evaluations sepakat.EvaluationService
	// Initiations keeps the offers of stage inisiasi (checklist, notes,
	// decisions, discussion).
	Initiations sepakat.InitiationService
	// Settings keeps the SOP time standards and the holiday lists;
	// Statistics counts the cooperations (/statistik, /kerjasama-publik).
	Settings   sepakat.SettingsService
	Statistics sepakat.StatisticsService
	// Worklist tells each person what waits for them (the dashboard).
	Worklist sepakat.WorklistService
	// Printer typesets versions and print packages into PDFs.
	Printer sepakat.Printer
	// PublicURL is the address people reach the service at, for the QR
	// code of printed finals; empty: the server's own URL.
	PublicURL string
	// Logins records successful logins in the audit log.
	Logins LoginRecorder
	// SSO is the OpenID Connect provider ("Masuk dengan SSO"); nil hides
	// it. Identities links its identities to accounts.
	SSO        sepakat.SignOnProvider
	Identities sepakat.IdentityService
	// SSORedirectURL is the callback registered at the provider; empty:
	// the public URL + /masuk/sso/callback.
	SSORedirectURL string

	// Registry keeps the final PDFs by SHA-256 (verification page, the
	// CLI's verify --data through /internal/registered).
	Registry sepakat.PDFRegistry
	// ESigner signs final PDFs with the office's certificate; nil when no
	// certificate is configured.
	ESigner sepakat.ESigner
	// ESigned keeps the electronically signed final PDFs of documents.
	ESigned sepakat.ESignedFileService
	// PublicDocs answers the public verification page.
	PublicDocs sepakat.PublicDocuments
	// VerifyPDF reports the signatures of a PDF (the signing package).
	VerifyPDF func(r io.ReaderAt, size int64) (*sepakat.PDFVerification, error)

	// CheckPDF validates uploaded PDFs (the signing package provides it).
	CheckPDF sepakat.ContentCheck

	// Backup writes a consistent hot backup; used by the control endpoint.
	Backup func(w io.Writer) error
	// ControlToken authorises the local control endpoints (/internal/…);
	// empty disables them.
	ControlToken string

	// SecureCookies marks the session cookie Secure (behind HTTPS).
	SecureCookies bool
	// SessionTTL is how long a login lasts.
	SessionTTL time.Duration
	// Demo shows the demo logins on the login page.
	Demo bool

	Logger *slog.Logger

	engine  *gin.Engine
	handler http.Handler
	views   *views
	limiter *loginLimiter
	// verifyLimiter limits PDF checks on the public verification page.
	verifyLimiter *loginLimiter
	// paragraphs caches the paragraphs of recently shown draft versions.
	paragraphs paragraphCache
	ln         net.Listener
	srv        *http.Server

	// ssoStates holds the single sign-on logins under way.
	ssoStates ssoStates
}

// LoginRecorder records a successful login.
type LoginRecorder interface {
	RecordLogin(ctx context.Context, u *sepakat.User) error
}

// NewServer returns a server with its routes and templates ready. It fails
// when a template is missing or does not parse.
func NewServer() (*Server, error) {
	v, err := parseViews()
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{
		SessionTTL: 12 * time.Hour,
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		views:      v,
		limiter:    newLoginLimiter(5, 15*time.Minute),
		// 20 checks per address in 15 minutes.
		verifyLimiter: newLoginLimiter(20, 15*time.Minute),
	}
	s.engine = gin.New()
	s.engine.MaxMultipartMemory = 1 << 20
	s.engine.Use(s.recoverPanic)
	s.routes()
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeForbiddenCrossOrigin(w, r)
	}))
	s.handler = securityHeaders(cop.Handler(s.engine))
	return s, nil
}

// Handler returns the server's complete HTTP handler (for tests and benchmarks).
func (s *Server) Handler() http.Handler { return s.handler }

// Engine returns the gin engine, whose Routes() the authorisation test walks.
func (s *Server) Engine() *gin.Engine { return s.engine }

// Open starts listening on addr (":0" picks a free port) and serves in the
// background.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("serve", "err", err)
		}
	}()
	return nil
}

// Addr returns the listening address.
func (s *Server) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// URL returns the base URL of the running server.
func (s *Server) URL() string {
	a, ok := s.Addr().(*net.TCPAddr)
	if !ok {
		return ""
	}
	host := a.IP.String()
	if a.IP.IsUnspecified() || a.IP.IsLoopback() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, itoa(a.Port))
}

// Close stops the server, letting running requests finish for a moment.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

func writeForbiddenCrossOrigin(w http.ResponseWriter, r *http.Request) {
	msg := "Permintaan lintas situs ditolak. Buka Sepakat langsung dari alamatnya lalu ulangi."
	if isAPIPath(r.URL.Path) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"error":"`+msg+`","code":"forbidden"}`)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_, _ = io.WriteString(w, msg)
}

func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.Logger.Error("panic", "path", c.Request.URL.Path, "panic", r)
			s.fail(c, errors.New("panic"))
			c.Abort()
		}
	}()
	c.Next()
}
