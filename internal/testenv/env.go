package testenv

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/app"
	"github.com/plenary-platform/plenary/internal/config"
	"github.com/plenary-platform/plenary/internal/secret"
)

// Password is the password of every account a test makes.
const Password = "correct horse battery staple"

// Env is a whole plenary for one test: its own database, a fixed clock, and an SMTP
// server catching its mail, with the job runner working.
type Env struct {
	*app.App
	SMTP  *SMTP
	Clock *Clock
	// Server serves the whole handler on a loopback port, for tests that need a URL.
	Server *httptest.Server
	// Logs holds what the instance logged, at the level an option set with LogLevel
	// (nothing at the default, "warn", which is not kept): tests that check what logs
	// must never say read it.
	Logs *Logs
}

// Logs is a log kept in memory, safe for concurrent writers.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// LogLevel keeps the instance's log at level ("debug" or "info") in Env.Logs.
func LogLevel(level string) Option { return func(c *config.Config) { c.LogLevel = level } }

// Option changes the environment before it starts.
type Option func(*config.Config)

// New builds and starts an environment; it stops when the test ends.
func New(t testing.TB, opts ...Option) *Env {
	t.Helper()
	e := &Env{SMTP: StartSMTP(t), Clock: NewClock()}
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL = Database(t)
	cfg.SMTPURL = e.SMTP.URL()
	cfg.SecretKey = secret.Generate().String()
	cfg.LogLevel = "warn"
	for _, o := range opts {
		o(&cfg)
	}
	// The server is made first so that links in e-mails point at it.
	e.Server = httptest.NewUnstartedServer(http.NotFoundHandler())
	cfg.BaseURL = "http://" + e.Server.Listener.Addr().String()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	var logOut io.Writer = io.Discard
	if os.Getenv("PLENARY_TEST_LOG") != "" {
		logOut = os.Stderr
	}
	level := slog.LevelWarn
	e.Logs = &Logs{}
	switch cfg.LogLevel {
	case "debug":
		level, logOut = slog.LevelDebug, io.MultiWriter(logOut, e.Logs)
	case "info":
		level, logOut = slog.LevelInfo, io.MultiWriter(logOut, e.Logs)
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))
	a, err := app.Open(context.Background(), cfg, app.Options{
		Version: "test", Clock: e.Clock, Argon2: &CheapArgon2, NotDurable: true, PollInterval: 50 * time.Millisecond,
	}, log)
	if err != nil {
		t.Fatal(err)
	}
	e.App = a
	if err := a.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.Server.Config.Handler = a.Handler
	e.Server.Start()
	t.Cleanup(func() {
		a.Pages.StopLive() // as the server does on shutdown: live views end
		e.Server.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = a.Stop(ctx)
		_ = a.Close()
	})
	return e
}

// CreateUser makes an account with Password and the given roles. Roles that require a
// second factor get an authenticator seed, returned in the user's TOTPSeed.
func (e *Env) CreateUser(t testing.TB, email, name string, grants ...plenary.Grant) account.User {
	t.Helper()
	u, err := e.Accounts.Create(context.Background(), plenary.System("test"), account.CreateInput{
		Email: email, Name: name, Lang: "en", Password: Password, Grants: grants})
	if err != nil {
		t.Fatalf("testenv: create %s: %v", email, err)
	}
	if u.RequiresSecondFactor() {
		if _, err := e.Accounts.SetUpSecondFactor(context.Background(), plenary.System("test"), u.ID, TOTPSeed); err != nil {
			t.Fatal(err)
		}
		u.TOTPEnabled = true
	}
	return u
}

// TOTPSeed is the authenticator seed of every test account that needs one.
const TOTPSeed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

// Actor returns the actor of a user, as a signed-in browser session gives it.
func (e *Env) Actor(t testing.TB, u account.User) plenary.Actor {
	t.Helper()
	u, err := e.Accounts.Get(context.Background(), plenary.System("test"), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u.Actor("192.0.2.1")
}

// Allowed asserts that err is what a permission decision should give: nil when want is
// true; otherwise a refusal (sign in, forbidden, or not found), never another failure.
func Allowed(t testing.TB, what string, err error, want bool) {
	t.Helper()
	if want {
		if err != nil {
			t.Errorf("%s: refused: %v", what, err)
		}
		return
	}
	switch plenary.ErrorKind(err) {
	case plenary.KindUnauthenticated, plenary.KindForbidden, plenary.KindNotFound:
	default:
		t.Errorf("%s: want a refusal, got %v", what, err)
	}
}

// StopJobs stops the environment's background jobs, for a test that seeds the demo:
// `plenary serve --demo` seeds before it starts them, and the demo, which runs its rounds
// on clocks of its own, must not meet a deadline job halfway.
func (e *Env) StopJobs(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.App.Stop(ctx); err != nil {
		t.Fatal(err)
	}
}
