package account_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var ctx = context.Background()

func visitor(ip string) plenary.Actor { a := plenary.Public("en"); a.IP = ip; return a }

func kind(t *testing.T, err error, want plenary.Kind) {
	t.Helper()
	if got := plenary.ErrorKind(err); got != want || err == nil {
		t.Fatalf("error = %v (kind %v), want kind %v", err, got, want)
	}
}

func fieldProblem(t *testing.T, err error, field string) string {
	t.Helper()
	var v *plenary.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("error = %v, want a validation error on %q", err, field)
	}
	f, ok := v.For(field)
	if !ok {
		t.Fatalf("validation error %v has no problem with %q", err, field)
	}
	return f.Message
}

func TestSignIn(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})

	res, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: " Claire@Example.org ", Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}
	if res.Next != account.StepDone || res.Token == "" || res.User.ID != u.ID {
		t.Fatalf("sign-in = %+v", res)
	}
	a, err := e.Accounts.Authenticate(ctx, res.Token, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if !a.Actor.HasForState(plenary.RoleDelegate, "FRA") || a.Next != account.StepDone {
		t.Fatalf("authenticated actor = %+v", a.Actor)
	}

	// A wrong password and an unknown address read the same.
	_, errWrong := e.Accounts.SignIn(ctx, visitor("192.0.2.2"), account.SignInInput{Email: "claire@example.org", Password: "not the password"})
	_, errUnknown := e.Accounts.SignIn(ctx, visitor("192.0.2.2"), account.SignInInput{Email: "nobody@example.org", Password: "not the password"})
	kind(t, errWrong, plenary.KindUnauthenticated)
	kind(t, errUnknown, plenary.KindUnauthenticated)
	if m1, _ := plenary.ErrorMessage(errWrong); m1 != "signin.invalid" {
		t.Fatalf("message %q", m1)
	}
	if m1, _ := plenary.ErrorMessage(errWrong); func() string { m2, _ := plenary.ErrorMessage(errUnknown); return m2 }() != m1 {
		t.Fatal("unknown address and wrong password give different messages")
	}

	_, err = e.Accounts.SignIn(ctx, visitor("192.0.2.3"), account.SignInInput{Email: "not an address", Password: ""})
	if fieldProblem(t, err, "email") != "field.email" || fieldProblem(t, err, "password") != "field.required" {
		t.Fatalf("problems: %v", err)
	}
}

func TestSignInLimitPerPair(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "wanjiru@example.org", "Wanjiru Kamau")
	for range account.SignInPerPair.Max {
		_, err := e.Accounts.SignIn(ctx, visitor("198.51.100.7"), account.SignInInput{Email: "wanjiru@example.org", Password: "guess-guess-guess"})
		kind(t, err, plenary.KindUnauthenticated)
	}
	// The guessing address is refused, even with the right password…
	_, err := e.Accounts.SignIn(ctx, visitor("198.51.100.7"), account.SignInInput{Email: "wanjiru@example.org", Password: testenv.Password})
	kind(t, err, plenary.KindTooManyRequests)
	if plenary.RetryAfter(err) <= 0 || plenary.RetryAfter(err) > account.SignInPerPair.Window {
		t.Fatalf("retry after %v", plenary.RetryAfter(err))
	}
	// …but the delegate, from her own address, is not locked out by a stranger.
	if _, err := e.Accounts.SignIn(ctx, visitor("203.0.113.9"), account.SignInInput{Email: "wanjiru@example.org", Password: testenv.Password}); err != nil {
		t.Fatal(err)
	}
	// The window ends: the guessing address may try again.
	e.Clock.Advance(account.SignInPerPair.Window)
	if _, err := e.Accounts.SignIn(ctx, visitor("198.51.100.7"), account.SignInInput{Email: "wanjiru@example.org", Password: testenv.Password}); err != nil {
		t.Fatal(err)
	}
}

func TestSignInLimitPerAccount(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "wanjiru@example.org", "Wanjiru Kamau")
	// Guesses spread over many addresses, each below the per-address limits.
	for i := range account.SignInPerAccount.Max {
		ip := fmt.Sprintf("198.51.%d.%d", i/200, i%200)
		_, err := e.Accounts.SignIn(ctx, visitor(ip), account.SignInInput{Email: "wanjiru@example.org", Password: "guess-guess-guess"})
		kind(t, err, plenary.KindUnauthenticated)
	}
	_, err := e.Accounts.SignIn(ctx, visitor("203.0.113.9"), account.SignInInput{Email: "wanjiru@example.org", Password: testenv.Password})
	kind(t, err, plenary.KindTooManyRequests)
}

// TestSignInLimitUnderConcurrency: guesses sent all at once are counted before any
// password is checked, so a burst gets no more checks than the limit allows.
func TestSignInLimitUnderConcurrency(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "chair@example.org", "Carlos Mendes")
	const n = 30
	results := make(chan error, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.Accounts.SignIn(ctx, visitor("198.51.100.8"), account.SignInInput{Email: "chair@example.org", Password: "guess-guess-guess"})
			results <- err
		}()
	}
	wg.Wait()
	close(results)
	checked, refused := 0, 0
	for err := range results {
		switch plenary.ErrorKind(err) {
		case plenary.KindUnauthenticated:
			checked++
		case plenary.KindTooManyRequests:
			refused++
		default:
			t.Fatalf("unexpected %v", err)
		}
	}
	if checked > account.SignInPerPair.Max || checked+refused != n {
		t.Fatalf("%d passwords checked in one window, %d refused; the limit is %d", checked, refused, account.SignInPerPair.Max)
	}
}

func TestSignInRateLimitPerAddress(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "omar@example.org", "Omar Hassan")
	for i := range account.SignInPerAddress.Max {
		_, err := e.Accounts.SignIn(ctx, visitor("192.0.2.77"), account.SignInInput{Email: fmt.Sprintf("guess%d@example.org", i), Password: "guess-guess-guess"})
		kind(t, err, plenary.KindUnauthenticated)
	}
	_, err := e.Accounts.SignIn(ctx, visitor("192.0.2.77"), account.SignInInput{Email: "omar@example.org", Password: testenv.Password})
	kind(t, err, plenary.KindTooManyRequests)
	// Another address is not affected.
	if _, err := e.Accounts.SignIn(ctx, visitor("192.0.2.78"), account.SignInInput{Email: "omar@example.org", Password: testenv.Password}); err != nil {
		t.Fatal(err)
	}
}

// TestSuccessfulSignInsDoNotCount: an office behind one address, where many people sign
// in all day, is not blocked by its own successes.
func TestSuccessfulSignInsDoNotCount(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "li@example.org", "Li Wei")
	for range account.SignInPerAddress.Max + 5 {
		if _, err := e.Accounts.SignIn(ctx, visitor("192.0.2.50"), account.SignInInput{Email: "li@example.org", Password: testenv.Password}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "li@example.org", "Li Wei")
	signIn := func() string {
		res, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: "li@example.org", Password: testenv.Password})
		if err != nil {
			t.Fatal(err)
		}
		return res.Token
	}
	cfg := e.Accounts.Config()

	// Idle: used just before the idle limit, the session lives on; left alone past it, it ends.
	tok := signIn()
	e.Clock.Advance(cfg.SessionIdle - time.Minute)
	if _, err := e.Accounts.Authenticate(ctx, tok, ""); err != nil {
		t.Fatalf("before idle timeout: %v", err)
	}
	e.Clock.Advance(cfg.SessionIdle)
	_, err := e.Accounts.Authenticate(ctx, tok, "")
	kind(t, err, plenary.KindUnauthenticated)

	// Absolute: however busy, the session ends SessionLifetime after sign-in.
	tok = signIn()
	for elapsed := time.Duration(0); elapsed < cfg.SessionLifetime-cfg.SessionIdle/2; elapsed += cfg.SessionIdle / 2 {
		e.Clock.Advance(cfg.SessionIdle / 2)
		if _, err := e.Accounts.Authenticate(ctx, tok, ""); err != nil {
			t.Fatalf("after %v: %v", elapsed, err)
		}
	}
	e.Clock.Advance(cfg.SessionIdle / 2)
	_, err = e.Accounts.Authenticate(ctx, tok, "")
	kind(t, err, plenary.KindUnauthenticated)

	// Signing out ends the session at once.
	tok = signIn()
	if err := e.Accounts.SignOut(ctx, tok); err != nil {
		t.Fatal(err)
	}
	_, err = e.Accounts.Authenticate(ctx, tok, "")
	kind(t, err, plenary.KindUnauthenticated)
}

func code(t *testing.T, seed string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(seed, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSecondFactor(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	signIn := func() account.SignInResult {
		res, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: "amina@example.org", Password: testenv.Password})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := signIn()
	if res.Next != account.StepSecondFactor {
		t.Fatalf("next = %v, want the second factor", res.Next)
	}
	// Half signed in: no roles yet.
	a, err := e.Accounts.Authenticate(ctx, res.Token, "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Actor.SignedIn() || a.Actor.IsSecretariat() || a.Next != account.StepSecondFactor {
		t.Fatalf("half-signed-in actor has roles: %+v", a)
	}

	_, err = e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, "000000")
	if fieldProblem(t, err, "code") != "second_factor.wrong_code" {
		t.Fatal(err)
	}
	c := code(t, testenv.TOTPSeed, e.Clock.Now())
	tok, err := e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, c)
	if err != nil {
		t.Fatal(err)
	}
	if tok == res.Token {
		t.Fatal("the session token was not renewed after the second factor")
	}
	if _, err := e.Accounts.Authenticate(ctx, res.Token, ""); plenary.ErrorKind(err) != plenary.KindUnauthenticated {
		t.Fatalf("the old token still works: %v", err)
	}
	a, err = e.Accounts.Authenticate(ctx, tok, "")
	if err != nil || !a.Actor.IsSecretariat() {
		t.Fatalf("after second factor: %+v, %v", a.Actor, err)
	}

	// The same code cannot be used again (replay), even in a new sign-in.
	res = signIn()
	_, err = e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, c)
	fieldProblem(t, err, "code")

	// A code from a step later works.
	e.Clock.Advance(30 * time.Second)
	if _, err := e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, code(t, testenv.TOTPSeed, e.Clock.Now())); err != nil {
		t.Fatal(err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	e := testenv.New(t)
	u := e.CreateUser(t, "yuki@example.org", "Yuki Tanaka", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"})
	codes, err := e.Accounts.SetUpSecondFactor(ctx, plenary.System("test"), u.ID, testenv.TOTPSeed)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != account.RecoveryCodes {
		t.Fatalf("%d codes", len(codes))
	}
	res, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: "yuki@example.org", Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}
	// Recovery codes are accepted in any case, with or without the dash.
	if _, err := e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, strings.ToUpper(strings.ReplaceAll(codes[0], "-", ""))); err != nil {
		t.Fatal(err)
	}
	res, err = e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: "yuki@example.org", Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, codes[0])
	fieldProblem(t, err, "code") // used once already
}

func TestSecondFactorLockout(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	res, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: "amina@example.org", Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < account.MaxSecondFactorFailures; i++ {
		_, err := e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, "111111")
		fieldProblem(t, err, "code")
	}
	_, err = e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, "111111")
	kind(t, err, plenary.KindUnauthenticated)
	// The session is gone: even the right code does not help now.
	_, err = e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, code(t, testenv.TOTPSeed, e.Clock.Now()))
	kind(t, err, plenary.KindUnauthenticated)
}

// TestSecondFactorLimitAcrossSessions: signing in again does not buy more guesses at
// the second factor; the count is per person.
func TestSecondFactorLimitAcrossSessions(t *testing.T) {
	e := testenv.New(t)
	e.CreateUser(t, "yuki@example.org", "Yuki Tanaka", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"})
	tries := 0
	for session := 0; session < 5; session++ {
		res, err := e.Accounts.SignIn(ctx, visitor(fmt.Sprintf("192.0.2.%d", 100+session)), account.SignInInput{Email: "yuki@example.org", Password: testenv.Password})
		if err != nil {
			t.Fatal(err)
		}
		for range account.MaxSecondFactorFailures - 1 {
			_, err := e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, "111111")
			tries++
			if plenary.ErrorKind(err) == plenary.KindTooManyRequests {
				if tries <= account.SecondFactorPerPerson.Max {
					t.Fatalf("refused after only %d tries", tries)
				}
				// The right code is refused too until the window ends.
				_, err := e.Accounts.VerifySecondFactor(ctx, visitor(""), res.Token, code(t, testenv.TOTPSeed, e.Clock.Now()))
				kind(t, err, plenary.KindTooManyRequests)
				return
			}
			fieldProblem(t, err, "code")
		}
	}
	t.Fatalf("%d wrong codes over five sessions were all checked", tries)
}

func TestEnrolmentRequiredByRole(t *testing.T) {
	e := testenv.New(t)
	// A delegate who becomes a Point of Contact must set up a second factor.
	u := e.CreateUser(t, "yuki@example.org", "Yuki Tanaka")
	if _, err := e.Accounts.Grant(ctx, plenary.System("test"), account.GrantInput{Email: u.Email,
		Grant: plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"}}); err != nil {
		t.Fatal(err)
	}
	res, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}
	if res.Next != account.StepEnrol {
		t.Fatalf("next = %v, want enrolment", res.Next)
	}
	enr, err := e.Accounts.BeginEnrolment(ctx, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.Accounts.BeginEnrolment(ctx, res.Token)
	if err != nil || again.Secret != enr.Secret {
		t.Fatalf("a reload changed the seed: %v", err)
	}
	if !strings.HasPrefix(enr.URL, "otpauth://totp/") || !strings.Contains(enr.URL, "secret="+enr.Secret) {
		t.Fatalf("otpauth URL %q", enr.URL)
	}
	_, _, err = e.Accounts.ConfirmEnrolment(ctx, visitor(""), res.Token, "123456")
	fieldProblem(t, err, "code")
	codes, tok, err := e.Accounts.ConfirmEnrolment(ctx, visitor(""), res.Token, code(t, enr.Secret, e.Clock.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != account.RecoveryCodes || tok == res.Token {
		t.Fatalf("codes %d, token renewed %v", len(codes), tok != res.Token)
	}
	a, err := e.Accounts.Authenticate(ctx, tok, "")
	if err != nil || !a.Actor.HasForState(plenary.RolePointOfContact, "JPN") {
		t.Fatalf("after enrolment: %+v %v", a.Actor, err)
	}
	m := e.SMTP.WaitFor(t, 10*time.Second, testenv.To(u.Email))
	if !strings.Contains(m.Subject, "Second factor") && !strings.Contains(m.Subject, "role") {
		t.Fatalf("first mail to the user: %q", m.Subject)
	}
}

func TestDisabledAccount(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	u := e.CreateUser(t, "li@example.org", "Li Wei")
	res, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: testenv.Password})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Accounts.SetDisabled(ctx, e.Actor(t, admin), u.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = e.Accounts.Authenticate(ctx, res.Token, "")
	kind(t, err, plenary.KindUnauthenticated)
	_, err = e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: testenv.Password})
	kind(t, err, plenary.KindForbidden)
	// The Secretariat cannot lock itself out.
	kind(t, e.Accounts.SetDisabled(ctx, e.Actor(t, admin), admin.ID, true), plenary.KindConflict)
	if err := e.Accounts.SetDisabled(ctx, e.Actor(t, admin), u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accounts.SignIn(ctx, visitor("192.0.2.1"), account.SignInInput{Email: u.Email, Password: testenv.Password}); err != nil {
		t.Fatal(err)
	}
}
