package account_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var linkRE = regexp.MustCompile(`https?://[^\s"<]+/password/set\?token=[^\s"<]+`)

// linkIn returns the password link of a mail and its token.
func linkIn(t *testing.T, m testenv.Message) (link, token string) {
	t.Helper()
	link = linkRE.FindString(m.Text)
	if link == "" {
		t.Fatalf("no password link in:\n%s", m.Text)
	}
	if !strings.Contains(m.HTML, strings.ReplaceAll(link, "&", "&amp;")) {
		t.Fatalf("the HTML part lacks the link %s", link)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return link, u.Query().Get("token")
}

func TestPasswordReset(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "claire@example.org", "Claire Martin")
	old, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}

	// Unknown addresses are answered the same, and get no mail.
	if err := e.Accounts.RequestPasswordReset(ctx, visitor("192.0.2.9"), "nobody@example.org"); err != nil {
		t.Fatal(err)
	}
	if err := e.Accounts.RequestPasswordReset(ctx, visitor("192.0.2.9"), "Claire@example.org"); err != nil {
		t.Fatal(err)
	}
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To(u.Email))
	if m.Subject != "Choose a new plenary password" || m.Lang != "en" {
		t.Fatalf("mail %q in %q", m.Subject, m.Lang)
	}
	link, token := linkIn(t, m)
	if !strings.HasPrefix(link, e.Config.BaseURL+"/en/password/set?token=") {
		t.Fatalf("link %s", link)
	}
	for _, other := range e.SMTP.Messages() {
		if testenv.To("nobody@example.org")(other) {
			t.Fatal("a mail went to an address without an account")
		}
	}

	// A forged token (right id, wrong MAC) is refused; so is garbage.
	id, _, _ := strings.Cut(token, ".")
	for _, bad := range []string{id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "garbage", "", "99999.abc"} {
		_, err := e.Accounts.SetPasswordWithLink(ctx, visitor(""), bad, "a new long password")
		if msg, _ := plenary.ErrorMessage(err); msg != "password.link_invalid" {
			t.Fatalf("token %q: %v", bad, err)
		}
	}
	// A weak password is refused without using the link up.
	_, err = e.Accounts.SetPasswordWithLink(ctx, visitor(""), token, "short")
	if fieldProblem(t, err, "password") != "field.too_short" {
		t.Fatal(err)
	}
	_, err = e.Accounts.SetPasswordWithLink(ctx, visitor(""), token, "CLAIRE@example.org")
	if fieldProblem(t, err, "password") != "field.password_is_email" {
		t.Fatal(err)
	}
	if _, err := e.Accounts.SetPasswordWithLink(ctx, visitor(""), token, "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	// Used once: refused the second time.
	_, err = e.Accounts.SetPasswordWithLink(ctx, visitor(""), token, "yet another passphrase")
	if msg, _ := plenary.ErrorMessage(err); msg != "password.link_used" {
		t.Fatal(err)
	}
	// Whoever had the old session is out; the new password works, the old does not.
	_, err = e.Accounts.Authenticate(ctx, old.Token, "")
	kind(t, err, plenary.KindUnauthenticated)
	if _, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: "a brand new passphrase"}); err != nil {
		t.Fatal(err)
	}
	_, err = e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: testenv.Password})
	kind(t, err, plenary.KindUnauthenticated)
	// And the owner is told.
	e.SMTP.WaitFor(t, 10*time.Second, func(m testenv.Message) bool {
		return testenv.To(u.Email)(m) && m.Subject == "Your plenary password was changed"
	})
}

func TestPasswordLinkExpires(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "li@example.org", "Li Wei")
	if err := e.Accounts.RequestPasswordReset(ctx, visitor("192.0.2.1"), u.Email); err != nil {
		t.Fatal(err)
	}
	_, token := linkIn(t, e.SMTP.WaitFor(t, 10*time.Second, testenv.To(u.Email)))
	e.Clock.Advance(e.Accounts.Config().ResetTTL)
	_, err := e.Accounts.SetPasswordWithLink(ctx, visitor(""), token, "a brand new passphrase")
	if msg, _ := plenary.ErrorMessage(err); msg != "password.link_expired" {
		t.Fatal(err)
	}
}

func TestPasswordResetRateLimit(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "li@example.org", "Li Wei")
	for i := 0; i < account.ResetPerAccount.Max; i++ {
		if err := e.Accounts.RequestPasswordReset(ctx, visitor("192.0.2.1"), u.Email); err != nil {
			t.Fatal(err)
		}
	}
	kind(t, e.Accounts.RequestPasswordReset(ctx, visitor("192.0.2.2"), u.Email), plenary.KindTooManyRequests)
}

func TestInvitationInRecipientsLanguage(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	u, err := e.Accounts.Create(ctx, e.Actor(t, admin), account.CreateInput{
		Email: "omar@example.org", Name: "Omar Hassan", Lang: "ar",
		Grants: []plenary.Grant{{Role: plenary.RoleDelegate, State: "EGY"}}})
	if err != nil {
		t.Fatal(err)
	}
	if u.HasPassword {
		t.Fatal("an invited account has a password")
	}
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To("omar@example.org"))
	if m.Lang != "ar" || !strings.Contains(m.HTML, `dir="rtl"`) {
		t.Fatalf("invitation in %q:\n%s", m.Lang, m.HTML)
	}
	link, token := linkIn(t, m)
	if !strings.Contains(link, "/ar/password/set?") {
		t.Fatalf("link %s is not in Arabic", link)
	}
	purpose, err := e.Accounts.CheckPasswordLink(ctx, token)
	if err != nil || purpose != account.PurposeInvite {
		t.Fatalf("purpose %q, %v", purpose, err)
	}
	// An invitation works for days, not an hour.
	e.Clock.Advance(48 * time.Hour)
	if _, err := e.Accounts.SetPasswordWithLink(ctx, visitor(""), token, "my own long passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: "omar@example.org", Password: "my own long passphrase"}); err != nil {
		t.Fatal(err)
	}
}

func TestChangePassword(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "li@example.org", "Li Wei")
	s1, _ := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: testenv.Password})
	s2, _ := e.Accounts.SignIn(ctx, visitor("192.0.2.2"), account.SignInInput{Email: u.Email, Password: testenv.Password})
	a, err := e.Accounts.Authenticate(ctx, s1.Token, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	err = e.Accounts.ChangePassword(ctx, a.Actor, a.Session.ID, "wrong current", "a brand new passphrase")
	if fieldProblem(t, err, "current_password") != "account.wrong_password" {
		t.Fatal(err)
	}
	if err := e.Accounts.ChangePassword(ctx, a.Actor, a.Session.ID, testenv.Password, "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accounts.Authenticate(ctx, s1.Token, ""); err != nil {
		t.Fatalf("the session that changed the password ended: %v", err)
	}
	_, err = e.Accounts.Authenticate(ctx, s2.Token, "")
	kind(t, err, plenary.KindUnauthenticated)
}
