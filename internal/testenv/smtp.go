package testenv

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"encoding/base64"

	"github.com/emersion/go-smtp"
)

// SMTP is a real SMTP server on a loopback port that keeps every message it receives.
type SMTP struct {
	Addr string

	mu       sync.Mutex
	messages []Message
	arrived  chan struct{}
}

// Message is a received e-mail, decoded.
type Message struct {
	From    string
	To      []string
	Subject string
	Lang    string // Content-Language
	Text    string // the text/plain part
	HTML    string // the text/html part
	Raw     []byte
}

// StartSMTP starts a server for the test; it stops when the test ends.
func StartSMTP(t testing.TB) *SMTP {
	t.Helper()
	s := &SMTP{arrived: make(chan struct{}, 1)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// URL is the server's address as plenary's --smtp-url.
func (s *SMTP) URL() string { return "smtp://" + s.Addr + "?tls=none" }

// Messages returns what arrived so far.
func (s *SMTP) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// WaitFor waits until a message matching match arrives (jobs send mail a moment after the
// change commits) and returns it; the test fails after timeout.
func (s *SMTP) WaitFor(t testing.TB, timeout time.Duration, match func(Message) bool) Message {
	t.Helper()
	deadline := time.After(timeout)
	for {
		for _, m := range s.Messages() {
			if match(m) {
				return m
			}
		}
		select {
		case <-s.arrived:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("testenv: no matching e-mail within %s; got %d: %v", timeout, len(s.Messages()), subjects(s.Messages()))
			return Message{}
		}
	}
}

// To matches messages to an address.
func To(addr string) func(Message) bool {
	return func(m Message) bool {
		for _, to := range m.To {
			if strings.EqualFold(to, addr) {
				return true
			}
		}
		return false
	}
}

func subjects(ms []Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, strings.Join(m.To, ",")+": "+m.Subject)
	}
	return out
}

type session struct {
	srv  *SMTP
	from string
	to   []string
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := decode(raw)
	if err != nil {
		return err
	}
	m.From, m.To = s.from, append([]string(nil), s.to...)
	s.srv.mu.Lock()
	s.srv.messages = append(s.srv.messages, m)
	s.srv.mu.Unlock()
	select {
	case s.srv.arrived <- struct{}{}:
	default:
	}
	return nil
}

// decode reads the headers and the text and HTML parts of a MIME message.
func decode(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Message{}, err
	}
	m := Message{Subject: subject, Lang: msg.Header.Get("Content-Language"), Raw: raw}
	err = walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body, &m)
	return m, err
}

func walk(ctype, encoding string, body io.Reader, m *Message) error {
	media, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		return err
	}
	if strings.HasPrefix(media, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, m); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	switch media {
	case "text/plain":
		m.Text = string(b)
	case "text/html":
		m.HTML = string(b)
	}
	return nil
}
