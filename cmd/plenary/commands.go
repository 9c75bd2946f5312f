package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/app"
	"github.com/plenary-platform/plenary/internal/config"
	"github.com/plenary-platform/plenary/internal/demo"
	"github.com/plenary-platform/plenary/internal/server"
)

// errUsage ends the program with status 2 after the usage was printed.
var errUsage = errors.New("usage")

// errAuditBroken ends `plenary audit verify` with status 1.
var errAuditBroken = errors.New("the audit trail is broken")

func exitCode(err error) int {
	if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

// buildVersion is set at link time: -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion string

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// parse reads the common options plus a command's own.
func parse(name string, args []string, getenv func(string) string, stderr io.Writer, own func(*flag.FlagSet)) (config.Config, error) {
	cfg := config.Default()
	fs := flag.NewFlagSet("plenary "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Flags(fs, getenv)
	if own != nil {
		own(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, errUsage
		}
		return cfg, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "plenary %s: unexpected argument %q\n", name, fs.Arg(0))
		return cfg, errUsage
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// serve runs the web server until ctx ends (SIGINT or SIGTERM), then shuts down in order:
// HTTP first (requests in flight finish), then the jobs (running ones finish), then the
// database.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parse("serve", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if cfg.BaseURL == "http://"+cfg.Addr { // derived: use the port actually bound (":0" in tests)
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	a, err := app.Open(ctx, cfg, app.Options{Version: version()}, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Migrate(ctx); err != nil {
		return err
	}
	if cfg.Demo {
		if err := seedDemo(ctx, a, stdout); err != nil {
			return err
		}
	}
	// The jobs outlive the signal: on shutdown they are stopped after HTTP, and running
	// ones may finish (an e-mail half-sent and retried would arrive twice).
	if err := a.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	log.Info("plenary started", "version", version(), "config", cfg.Redacted())
	fmt.Fprintf(stdout, "plenary listening on %s/\n", cfg.BaseURL)

	srv := server.New(a.Handler, log)
	srv.RegisterOnShutdown(a.Pages.StopLive) // live views never end by themselves
	serveErr := server.Serve(ctx, srv, ln, 20*time.Second)
	stopCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := a.Stop(stopCtx); err != nil {
		log.Warn("jobs: stop", "err", err)
	}
	log.Info("plenary stopped")
	return serveErr
}

func seedDemo(ctx context.Context, a *app.App, stdout io.Writer) error {
	signIns, seeded, err := demo.Seed(ctx, demo.Deps{DB: a.DB, Clock: a.Clock, Services: a.Services, Catalog: a.Catalog, BaseURL: a.Config.BaseURL})
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if seeded {
		demo.Print(stdout, a.Config.BaseURL, signIns)
		if err := demo.SaveSignIns(a.Config.DataDir, a.Config.BaseURL, signIns); err != nil {
			return err
		}
		return nil
	}
	if text, err := demo.LoadSignIns(a.Config.DataDir); err == nil {
		fmt.Fprint(stdout, text)
	}
	return nil
}

// open builds an instance for a command that runs beside a server: it inserts jobs (the
// server's runner sends the e-mails) but works none.
func open(ctx context.Context, cfg config.Config, stderr io.Writer) (*app.App, error) {
	cfg.LogFormat = "text"
	a, err := app.Open(ctx, cfg, app.Options{Version: version(), InsertOnly: true}, newLogger(cfg, stderr))
	if err != nil {
		return nil, err
	}
	if err := a.Migrate(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parse("migrate", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	cur, _, err := a.DB.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database schema at version %d\n", cur)
	return nil
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// userCreate makes an account from the command line: the first Secretariat account of
// a new deployment, typically. Without --password-stdin the person is invited by e-mail
// (the server's job runner sends it).
func userCreate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var email, name, lang string
	var roles, states stringList
	var orgs stringList
	var passwordStdin bool
	cfg, err := parse("user create", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the person's e-mail `ADDRESS`")
		fs.StringVar(&name, "name", "", "the person's `NAME`")
		fs.StringVar(&lang, "lang", "en", "the `LANGUAGE` of their e-mails: ar, zh, en, fr, ru or es")
		fs.Var(&roles, "role", "a `ROLE` to give: secretariat, chair, delegate, point_of_contact, focal_point, representative, observer (repeatable)")
		fs.Var(&states, "state", "the State (ISO alpha-3) of the matching --role, for delegates and Points of Contact")
		fs.Var(&orgs, "organization", "the organization `ID` of the matching --role, for focal points, representatives and observers")
		fs.BoolVar(&passwordStdin, "password-stdin", false, "read the initial password from standard input instead of e-mailing an invitation")
	})
	if err != nil {
		return err
	}
	in := account.CreateInput{Email: email, Name: name, Lang: lang}
	for i, r := range roles {
		g := plenary.Grant{Role: plenary.Role(r)}
		if i < len(states) {
			g.State = strings.ToUpper(states[i])
		}
		if i < len(orgs) {
			fmt.Sscan(orgs[i], &g.OrganizationID)
		}
		in.Grants = append(in.Grants, g)
	}
	if passwordStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		in.Password = strings.TrimRight(line, "\r\n")
	}
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Accounts.Create(ctx, plenary.System("command line"), in)
	if err != nil {
		return describe(a, err)
	}
	fmt.Fprintf(stdout, "created account %d for %s\n", u.ID, u.Email)
	if !passwordStdin {
		fmt.Fprintf(stdout, "an invitation to set a password is queued; the running server sends it by e-mail\n")
	}
	return nil
}

func userResetSecondFactor(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var email string
	cfg, err := parse("user reset-second-factor", args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the person's e-mail `ADDRESS`")
	})
	if err != nil {
		return err
	}
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	sys := plenary.System("command line")
	page, err := a.Accounts.List(ctx, sys, plenary.NormalizeEmail(email), plenary.PageRequest{Limit: 10})
	if err != nil {
		return describe(a, err)
	}
	for _, u := range page.Items {
		if u.Email == plenary.NormalizeEmail(email) {
			if err := a.Accounts.ResetSecondFactor(ctx, sys, u.ID); err != nil {
				return describe(a, err)
			}
			fmt.Fprintf(stdout, "second factor removed for %s; they set up a new one at their next sign-in\n", u.Email)
			return nil
		}
	}
	return fmt.Errorf("no account with the address %q", email)
}

// describe writes a domain error for a terminal, in English.
func describe(a *app.App, err error) error {
	var v *plenary.ValidationError
	if errors.As(err, &v) {
		var b strings.Builder
		b.WriteString("invalid input:")
		for _, f := range v.Fields {
			fmt.Fprintf(&b, "\n  --%s: %s", strings.ReplaceAll(f.Field, "_", "-"), a.Catalog.T("en", f.Message, f.Args))
		}
		return errors.New(b.String())
	}
	key, args := plenary.ErrorMessage(err)
	if plenary.ErrorKind(err) == plenary.KindInternal {
		return err
	}
	return errors.New(a.Catalog.T("en", key, args))
}

func auditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parse("audit verify", args, getenv, stderr, nil)
	if err != nil {
		return err
	}
	a, err := open(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := a.Audit.Verify(ctx, plenary.System("command line"))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, rep.String())
	if !rep.Intact() {
		return errAuditBroken
	}
	return nil
}
