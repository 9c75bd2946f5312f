// Package mail writes plenary's e-mails in the recipient's language and sends them.
//
// A message is a Letter: a template name and its data. Every letter has the same shape
// (a greeting, paragraphs, at most one action link, closing paragraphs), rendered as
// plain text and HTML by the two layouts in templates/, with every sentence taken from
// the i18n catalogues. So a new e-mail is a few catalogue keys, and it exists in six
// languages as soon as its keys do.
//
// Mail is only ever sent from a job inserted in the same transaction as the change that
// causes it: never inline, never fire-and-forget.
package mail

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/i18n"
)

// Message is a rendered e-mail.
type Message struct {
	To      string
	Lang    string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Template names the catalogue keys of one kind of e-mail. Data placeholders fill every
// key; Data["URL"] is the action link.
type Template struct {
	Subject    string
	Paragraphs []string
	Action     string // label of the link to Data["URL"]; empty for no link
	After      []string
}

// Templates are every e-mail plenary sends, by name. Each domain adds its own by calling
// Register at start-up (see account.MailTemplates).
type Templates struct {
	catalog *i18n.Catalog
	byName  map[string]Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

//go:embed templates/*.tmpl
var layouts embed.FS

// NewTemplates parses the two layouts.
func NewTemplates(c *i18n.Catalog) (*Templates, error) {
	t := &Templates{catalog: c, byName: map[string]Template{}}
	var err error
	t.text, err = texttemplate.ParseFS(layouts, "templates/letter.txt.tmpl")
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	t.html, err = htmltemplate.ParseFS(layouts, "templates/letter.html.tmpl")
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return t, nil
}

// Register adds templates. It panics on a name used twice: that is a programming error.
func (t *Templates) Register(byName map[string]Template) {
	for name, tpl := range byName {
		if _, dup := t.byName[name]; dup {
			panic("mail: template registered twice: " + name)
		}
		t.byName[name] = tpl
	}
}

// Names returns the registered template names, for tests that render them all.
func (t *Templates) Names() []string {
	out := make([]string, 0, len(t.byName))
	for n := range t.byName {
		out = append(out, n)
	}
	return out
}

// Letter is an e-mail to write: to whom, in which language, which template with what.
type Letter struct {
	To       string
	Lang     string
	Template string
	Data     map[string]string
}

type view struct {
	Lang, Dir  string
	Greeting   string
	Paragraphs []string
	Action     string
	URL        string
	After      []string
	Signature  string
}

// Render writes a letter in its language.
func (t *Templates) Render(l Letter) (Message, error) {
	tpl, ok := t.byName[l.Template]
	if !ok {
		return Message{}, fmt.Errorf("mail: unknown template %q", l.Template)
	}
	lang := l.Lang
	if !plenary.ValidLanguage(lang) {
		lang = plenary.DefaultLanguage
	}
	// Marked values (plenary.KeyArg, TimeArg, StateArg) are written in the recipient's
	// language by the catalogue.
	args := make(map[string]any, len(l.Data))
	for k, v := range l.Data {
		args[k] = v
	}
	tr := func(key string) string { return t.catalog.T(lang, key, args) }
	v := view{Lang: lang, Dir: plenary.Direction(lang), Signature: tr("mail.signature")}
	if l.Data["Name"] != "" {
		v.Greeting = tr("mail.greeting")
	} else {
		v.Greeting = tr("mail.greeting_anonymous")
	}
	for _, k := range tpl.Paragraphs {
		v.Paragraphs = append(v.Paragraphs, tr(k))
	}
	for _, k := range tpl.After {
		v.After = append(v.After, tr(k))
	}
	if tpl.Action != "" {
		v.Action, v.URL = tr(tpl.Action), l.Data["URL"]
		if v.URL == "" {
			return Message{}, fmt.Errorf("mail: template %q needs a URL", l.Template)
		}
	}
	var text, html bytes.Buffer
	if err := t.text.Execute(&text, v); err != nil {
		return Message{}, fmt.Errorf("mail: render %s: %w", l.Template, err)
	}
	if err := t.html.Execute(&html, v); err != nil {
		return Message{}, fmt.Errorf("mail: render %s: %w", l.Template, err)
	}
	return Message{
		To: l.To, Lang: lang,
		// A subject is one line: a placeholder must not smuggle in a header.
		Subject: strings.Join(strings.Fields(tr(tpl.Subject)), " "),
		Text:    text.String(),
		HTML:    html.String(),
	}, nil
}

// Mailer renders letters and sends them.
type Mailer struct {
	Templates *Templates
	Sender    Sender
}

// Send renders l and sends it.
func (m *Mailer) Send(ctx context.Context, l Letter) error {
	msg, err := m.Templates.Render(l)
	if err != nil {
		return err
	}
	if err := m.Sender.Send(ctx, msg); err != nil {
		return redacted{err: err, to: msg.To}
	}
	return nil
}

// redacted is a sending error without the recipient's address, which the mail server's
// answer often quotes: job errors are logged and kept in the job table, and the address
// may be a Point of Contact's.
type redacted struct {
	err error
	to  string
}

func (e redacted) Error() string { return strings.ReplaceAll(e.err.Error(), e.to, redactAddress(e.to)) }
func (e redacted) Unwrap() error { return e.err }

// Job sends one letter. Its data is stored in the job table until sent: it must hold no
// secret (links with tokens are built by the domain's own job when it runs).
type Job struct {
	Letter Letter `json:"letter"`
}

func (Job) Kind() string { return "mail.send" }

// Work is the worker of Job.
func (m *Mailer) Work(ctx context.Context, j Job) error { return m.Send(ctx, j.Letter) }
