package mail_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/mail"
)

// TestDirSender: without an SMTP server, letters become .eml files (the demo's mail).
func TestDirSender(t *testing.T) {
	c, err := i18n.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := mail.NewTemplates(c)
	if err != nil {
		t.Fatal(err)
	}
	tpl.Register(map[string]mail.Template{"hello": {Subject: "mail.password_changed.subject", Paragraphs: []string{"mail.password_changed.body"}}})
	dir := filepath.Join(t.TempDir(), "mail")
	d, err := mail.NewDir(dir, "plenary <no-reply@example.org>")
	if err != nil {
		t.Fatal(err)
	}
	m := &mail.Mailer{Templates: tpl, Sender: d}
	err = m.Send(context.Background(), mail.Letter{To: "li@example.org", Lang: "zh", Template: "hello",
		Data: map[string]string{"Name": "Li\r\nBcc: evil@example.org", "Email": "li@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	b, _ := os.ReadFile(files[0])
	s := string(b)
	if !strings.Contains(s, "Content-Language: zh") || !strings.Contains(s, "To: <li@example.org>") {
		t.Fatalf("headers:\n%s", s[:min(len(s), 600)])
	}
	head, _, _ := strings.Cut(s, "\r\n\r\n")
	if strings.Contains(head, "Bcc:") {
		t.Fatal("a placeholder injected a header")
	}
	_, err = m.Templates.Render(mail.Letter{To: "x@example.org", Lang: "en", Template: "nope"})
	if err == nil {
		t.Error("an unknown template rendered")
	}
}
