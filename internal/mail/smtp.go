package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTP sends through an SMTP server.
type SMTP struct {
	from string
	host string
	opts []gomail.Option
}

// NewSMTP configures a sender from a URL: smtp://[user:password@]host[:port] with an
// optional ?tls=none|starttls|opportunistic|implicit (default: starttls when the
// server offers it, i.e. opportunistic). from is the envelope and header sender.
func NewSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
		return nil, fmt.Errorf("mail: the SMTP URL must look like smtp://user:password@host:587")
	}
	port := 25
	if p := u.Port(); p != "" {
		port, err = strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("mail: bad SMTP port %q", p)
		}
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(30 * time.Second)}
	mode := u.Query().Get("tls")
	if u.Scheme == "smtps" {
		mode = "implicit"
	}
	switch mode {
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case "implicit":
		opts = append(opts, gomail.WithSSL())
	case "", "opportunistic":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		return nil, fmt.Errorf("mail: unknown tls mode %q (none, starttls, opportunistic, implicit)", mode)
	}
	if u.Query().Get("insecure") == "1" { // test servers with self-signed certificates
		opts = append(opts, gomail.WithTLSConfig(&tls.Config{InsecureSkipVerify: true, ServerName: u.Hostname()})) //nolint:gosec
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(u.User.Username()), gomail.WithPassword(pw))
	}
	s := &SMTP{from: from, host: u.Hostname(), opts: opts}
	return s, nil
}

// Send delivers one message; a temporary failure is returned so that the job retries.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := build(s.from, m)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("mail: send to %s: %w", redactAddress(m.To), err)
	}
	return nil
}

func build(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("mail: sender address: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient address: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetGenHeader(gomail.HeaderContentLang, m.Lang)
	msg.SetMessageID()
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	return msg, nil
}

// redactAddress keeps the domain of an address and hides the person, for logs.
func redactAddress(a string) string {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		return "…" + a[i:]
	}
	return "…"
}
