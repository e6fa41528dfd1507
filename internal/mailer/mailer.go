package mailer

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sepakat/sepakat"
)

// Config configures a Mailer.
type Config struct {
	// Addr is the SMTP server, host:port.
	Addr string
	// User and Password authenticate (PLAIN) when User is set; net/smtp
	// sends them only over TLS or to localhost.
	User, Password string
	// From is the sender address, e.g. "Sepakat <sepakat@kota.go.id>".
	From string
	// PublicURL is prefixed to notification links ("" leaves them out).
	PublicURL string
	// QueueSize bounds the messages waiting (0: 1000); when full, new
	// messages are dropped and logged.
	QueueSize int
	// Attempts is how often a message is tried (0: 4); Backoff is the wait
	// after the first failure, doubled after each further one (0: 5 s).
	Attempts int
	Backoff  time.Duration
	// Timeout bounds one SMTP conversation (0: 30 s).
	Timeout time.Duration
	// TLSConfig is used for STARTTLS (nil: verify the server's host name).
	TLSConfig *tls.Config
	Logger    *slog.Logger
}

// Message is one e-mail.
type Message struct {
	To      string
	ToName  string
	Subject string
	Body    string
}

// Mailer sends messages from its queue in the background.
type Mailer struct {
	cfg   Config
	queue chan Message
	done  chan struct{}
	stop  chan struct{}
	once  sync.Once
}

// New starts a mailer's worker. Close stops it.
func New(cfg Config) (*Mailer, error) {
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		return nil, fmt.Errorf("smtp address %q: want host:port", cfg.Addr)
	}
	if _, err := mail.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("smtp sender %q: %w", cfg.From, err)
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 1000
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = 4
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 5 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	m := &Mailer{cfg: cfg, queue: make(chan Message, cfg.QueueSize), done: make(chan struct{}), stop: make(chan struct{})}
	go m.run()
	return m, nil
}

// Notified queues the e-mail copy of n for its recipient; it never blocks.
func (m *Mailer) Notified(n *sepakat.Notification, to *sepakat.User) {
	if to == nil || to.Email == "" {
		return
	}
	m.Enqueue(NotificationMessage(n, to, m.cfg.PublicURL))
}

// Enqueue queues msg; it never blocks (a full queue drops msg and logs it).
func (m *Mailer) Enqueue(msg Message) {
	select {
	case <-m.stop:
		return
	default:
	}
	select {
	case m.queue <- msg:
	default:
		m.cfg.Logger.Warn("mail queue full, message dropped", "to", msg.To, "subject", msg.Subject)
	}
}

// Close stops taking messages, tries to send those queued (each once more,
// for at most the timeout) and stops the worker.
func (m *Mailer) Close() error {
	m.once.Do(func() { close(m.stop) })
	<-m.done
	return nil
}

func (m *Mailer) run() {
	defer close(m.done)
	for {
		select {
		case msg := <-m.queue:
			m.deliver(msg)
		case <-m.stop:
			deadline := time.Now().Add(m.cfg.Timeout)
			for {
				select {
				case msg := <-m.queue:
					if time.Now().Before(deadline) {
						if err := m.Send(msg); err != nil {
							m.cfg.Logger.Error("mail not sent at shutdown", "to", msg.To, "err", err)
						}
					}
				default:
					return
				}
			}
		}
	}
}

// deliver sends msg, retrying with backoff; the last failure is logged.
func (m *Mailer) deliver(msg Message) {
	wait := m.cfg.Backoff
	for attempt := 1; ; attempt++ {
		err := m.Send(msg)
		if err == nil {
			m.cfg.Logger.Debug("mail sent", "to", msg.To, "subject", msg.Subject)
			return
		}
		if attempt >= m.cfg.Attempts {
			m.cfg.Logger.Error("mail not sent, giving up", "to", msg.To, "subject", msg.Subject, "attempts", attempt, "err", err)
			return
		}
		m.cfg.Logger.Warn("mail not sent, will retry", "to", msg.To, "attempt", attempt, "err", err)
		select {
		case <-time.After(wait):
		case <-m.stop:
			return
		}
		wait *= 2
	}
}

// Send delivers msg now, in one SMTP conversation: STARTTLS when the
// server offers it, AUTH when a user is configured.
func (m *Mailer) Send(msg Message) error {
	host, _, _ := net.SplitHostPort(m.cfg.Addr)
	conn, err := net.DialTimeout("tcp", m.cfg.Addr, m.cfg.Timeout)
	if err != nil {
		return fmt.Errorf("smtp dial: %w", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(m.cfg.Timeout)); err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("smtp greeting: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		tc := m.cfg.TLSConfig
		if tc == nil {
			tc = &tls.Config{ServerName: host}
		}
		if err := c.StartTLS(tc); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if m.cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", m.cfg.User, m.cfg.Password, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	from, _ := mail.ParseAddress(m.cfg.From)
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp mail from: %w", err)
	}
	if err := c.Rcpt(msg.To); err != nil {
		return fmt.Errorf("smtp rcpt to: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if _, err := w.Write(m.compose(msg, from)); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp data: %w", err)
	}
	if err := c.Quit(); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("smtp quit: %w", err)
	}
	return nil
}

// compose writes msg as a plain-text UTF-8 message (quoted-printable).
func (m *Mailer) compose(msg Message, from *mail.Address) []byte {
	var b bytes.Buffer
	to := mail.Address{Name: msg.ToName, Address: msg.To}
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	domain := "sepakat.invalid"
	if _, d, ok := strings.Cut(from.Address, "@"); ok {
		domain = d
	}
	fmt.Fprintf(&b, "From: %s\r\n", from.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", msg.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", hex.EncodeToString(id), domain)
	b.WriteString("Auto-Submitted: auto-generated\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(msg.Body))
	_ = qp.Close()
	return b.Bytes()
}

// NotificationMessage is the Indonesian e-mail copy of n for to: the
// notification as subject and body, and the link to its page.
func NotificationMessage(n *sepakat.Notification, to *sepakat.User, publicURL string) Message {
	subject := "[Sepakat] " + firstLine(n.Message, 100)
	var body strings.Builder
	fmt.Fprintf(&body, "Yth. %s,\n\n%s\n", to.Name, n.Message)
	if n.Link != "" && publicURL != "" {
		fmt.Fprintf(&body, "\nBuka di Sepakat:\n%s%s\n", strings.TrimRight(publicURL, "/"), n.Link)
	}
	body.WriteString("\n-- \nPesan ini dikirim otomatis oleh Sepakat, layanan Kerja Sama Daerah. Mohon tidak membalas email ini.\n")
	return Message{To: to.Email, ToName: to.Name, Subject: subject, Body: body.String()}
}

// firstLine returns the first line of s, cut to at most n runes with "…".
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
