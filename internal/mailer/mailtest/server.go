package mailtest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Message is one received message.
type Message struct {
	From string
	To   []string
	// Header and Body are the parsed message; Body is decoded from
	// quoted-printable when so encoded. Subject is decoded.
	Header  mail.Header
	Subject string
	Body    string
	Raw     string
	// TLS reports whether the message came over STARTTLS.
	TLS bool
}

// Server is a running SMTP server.
type Server struct {
	ln       net.Listener
	mu       sync.Mutex
	messages []Message
	notify   chan struct{}
	wg       sync.WaitGroup
	// tls, when set, makes the server offer STARTTLS.
	tls *tls.Config
}

// Start starts a server on 127.0.0.1 and stops it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := StartAt(tb, "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// StartTLS starts a server that offers STARTTLS with a self-signed
// certificate for 127.0.0.1; roots trusts it.
func StartTLS(tb testing.TB) (s *Server, roots *x509.CertPool) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	s = Start(tb)
	s.mu.Lock()
	s.tls = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	s.mu.Unlock()
	return s, roots
}

// StartAt starts a server on addr and stops it when the test ends.
func StartAt(tb testing.TB, addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{ln: ln, notify: make(chan struct{}, 100)}
	s.wg.Add(1)
	go s.serve()
	tb.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s, nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Messages returns the messages received so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait waits until n messages were received or the timeout passes, and
// returns the messages.
func (s *Server) Wait(n int, timeout time.Duration) []Message {
	deadline := time.After(timeout)
	for {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		select {
		case <-s.notify:
		case <-deadline:
			return s.Messages()
		}
	}
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.session(conn)
		}()
	}
}

func (s *Server) session(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(conn)
	_ = tp.PrintfLine("220 mailtest ESMTP")
	s.mu.Lock()
	tc := s.tls
	s.mu.Unlock()
	var from string
	var to []string
	secure := false
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			if tc != nil && !secure {
				_ = tp.PrintfLine("250-mailtest\r\n250-8BITMIME\r\n250-STARTTLS\r\n250 SMTPUTF8")
			} else {
				_ = tp.PrintfLine("250-mailtest\r\n250-8BITMIME\r\n250 SMTPUTF8")
			}
		case "STARTTLS":
			if tc == nil || secure {
				_ = tp.PrintfLine("502 not implemented")
				continue
			}
			_ = tp.PrintfLine("220 ready to start TLS")
			t := tls.Server(conn, tc)
			if err := t.Handshake(); err != nil {
				return
			}
			conn, tp, secure = t, textproto.NewConn(t), true
			from, to = "", nil
		case "HELO":
			_ = tp.PrintfLine("250 mailtest")
		case "MAIL":
			from, to = addrArg(arg), nil
			_ = tp.PrintfLine("250 OK")
		case "RCPT":
			to = append(to, addrArg(arg))
			_ = tp.PrintfLine("250 OK")
		case "DATA":
			_ = tp.PrintfLine("354 go ahead")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			s.keep(from, to, string(data), secure)
			_ = tp.PrintfLine("250 OK queued")
		case "RSET", "NOOP":
			_ = tp.PrintfLine("250 OK")
		case "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default:
			_ = tp.PrintfLine("502 not implemented")
		}
	}
}

func addrArg(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	a = strings.TrimSpace(a)
	if i := strings.IndexByte(a, ' '); i >= 0 {
		a = a[:i]
	}
	return strings.Trim(a, "<>")
}

func (s *Server) keep(from string, to []string, raw string, secure bool) {
	m := Message{From: from, To: to, Raw: raw, TLS: secure}
	if msg, err := mail.ReadMessage(strings.NewReader(raw)); err == nil {
		m.Header = msg.Header
		m.Subject, _ = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		var body io.Reader = msg.Body
		if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(bufio.NewReader(body))
		m.Body = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	s.mu.Lock()
	s.messages = append(s.messages, m)
	s.mu.Unlock()
	select {
	case s.notify <- struct{}{}:
	default:
	}
}
