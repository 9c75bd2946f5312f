// Package config reads plenary's configuration from command-line flags and PLENARY_*
// environment variables (a flag wins over its variable), with defaults that give a
// working instance on an embedded SQLite database and no configuration at all.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is everything an instance needs to know.
type Config struct {
	Addr        string // where to listen, HOST:PORT
	DataDir     string // SQLite database, secret key, mail folder
	DatabaseURL string // postgres://… for PostgreSQL; empty for SQLite under DataDir
	Demo        bool   // seed demo data on first start
	BaseURL     string // how users reach this instance, for links in e-mails
	SMTPURL     string // smtp://user:password@host:port; empty writes mail to DataDir/mail
	MailFrom    string
	SecretKey   string // base64; empty reads or creates DataDir/secret.key
	LogFormat   string // json or text
	LogLevel    string // debug, info, warn, error
	TrustProxy  bool   // take the client address from X-Forwarded-For
	SessionIdle time.Duration
	SessionMax  time.Duration
	Workers     int // jobs worked at once by this instance
}

// Default returns the configuration with nothing set.
func Default() Config {
	return Config{
		Addr:        "127.0.0.1:8080",
		DataDir:     "data",
		MailFrom:    "plenary <no-reply@plenary.localhost>",
		LogFormat:   "json",
		LogLevel:    "info",
		SessionIdle: 2 * time.Hour,
		SessionMax:  12 * time.Hour,
		Workers:     10,
	}
}

// SQLitePath is the database file when DatabaseURL is empty.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "plenary.db") }

// Database returns the database URL to open.
func (c Config) Database() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return "sqlite:" + c.SQLitePath()
}

// Postgres reports whether the database is PostgreSQL.
func (c Config) Postgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Flags registers every option on fs, each defaulting to its environment variable.
func (c *Config) Flags(fs *flag.FlagSet, getenv func(string) string) {
	str := func(p *string, name, env, usage string) {
		if v := getenv(env); v != "" {
			*p = v
		}
		fs.StringVar(p, name, *p, usage+" (env "+env+")")
	}
	boolean := func(p *bool, name, env, usage string) {
		if v := getenv(env); v != "" {
			b, err := strconv.ParseBool(v)
			if err == nil {
				*p = b
			}
		}
		fs.BoolVar(p, name, *p, usage+" (env "+env+")")
	}
	duration := func(p *time.Duration, name, env, usage string) {
		if v := getenv(env); v != "" {
			if d, err := time.ParseDuration(v); err == nil {
				*p = d
			}
		}
		fs.DurationVar(p, name, *p, usage+" (env "+env+")")
	}
	str(&c.Addr, "addr", "PLENARY_ADDR", "listen on `HOST:PORT`")
	str(&c.DataDir, "data", "PLENARY_DATA", "data `DIR` (SQLite database, secret key, mail folder)")
	str(&c.DatabaseURL, "database-url", "PLENARY_DATABASE_URL", "PostgreSQL `URL` (postgres://…); empty uses SQLite in the data directory")
	boolean(&c.Demo, "demo", "PLENARY_DEMO", "seed demo data on first start and print the demo sign-ins")
	str(&c.BaseURL, "base-url", "PLENARY_BASE_URL", "public `URL` of this instance, for links in e-mails (default http://ADDR)")
	str(&c.SMTPURL, "smtp-url", "PLENARY_SMTP_URL", "SMTP server `URL` smtp://user:password@host:587; empty writes mail to DIR/mail")
	str(&c.MailFrom, "mail-from", "PLENARY_MAIL_FROM", "sender `ADDRESS` of e-mails")
	str(&c.SecretKey, "secret-key", "PLENARY_SECRET_KEY", "secret `KEY` (32 bytes, base64), the same on every instance; empty reads or creates DIR/secret.key")
	str(&c.LogFormat, "log-format", "PLENARY_LOG_FORMAT", "log `FORMAT`: json or text")
	str(&c.LogLevel, "log-level", "PLENARY_LOG_LEVEL", "log `LEVEL`: debug, info, warn or error")
	boolean(&c.TrustProxy, "trust-proxy", "PLENARY_TRUST_PROXY", "take client addresses from X-Forwarded-For (only behind a proxy that sets it)")
	duration(&c.SessionIdle, "session-idle", "PLENARY_SESSION_IDLE", "end sessions unused for this `DURATION`")
	duration(&c.SessionMax, "session-max", "PLENARY_SESSION_MAX", "end sessions this `DURATION` after sign-in")
	if v := getenv("PLENARY_WORKERS"); v != "" {
		if n, err := strconv.Atoi(v); err == nil {
			c.Workers = n
		}
	}
	fs.IntVar(&c.Workers, "workers", c.Workers, "`N` background jobs at once (env PLENARY_WORKERS)")
}

// Parse reads flags and environment into a validated configuration. Extra arguments are
// an error: every option has a name.
func Parse(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.Flags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return c, c.Validate()
}

// Validate checks the configuration and fills in what derives from other settings.
func (c *Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr %q: want HOST:PORT", c.Addr))
	}
	if c.DatabaseURL != "" && !c.Postgres() {
		errs = append(errs, errors.New("--database-url must start with postgres:// (leave it empty for SQLite)"))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("--base-url %q: want http(s)://host[:port]", c.BaseURL))
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	switch c.LogFormat {
	case "json", "text":
	default:
		errs = append(errs, fmt.Errorf("--log-format %q: json or text", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q: debug, info, warn or error", c.LogLevel))
	}
	if c.SessionIdle <= 0 || c.SessionMax <= 0 || c.SessionIdle > c.SessionMax {
		errs = append(errs, errors.New("--session-idle and --session-max must be positive, idle at most max"))
	}
	if c.Workers < 1 {
		errs = append(errs, errors.New("--workers must be at least 1"))
	}
	return errors.Join(errs...)
}

// Secure reports whether users reach the instance over HTTPS (cookies are then Secure).
func (c Config) Secure() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Redacted describes the configuration for the start-up log, without secrets.
func (c Config) Redacted() map[string]any {
	db := "sqlite:" + c.SQLitePath()
	if c.DatabaseURL != "" {
		db = redactURL(c.DatabaseURL)
	}
	smtp := "(none: mail is written to " + filepath.Join(c.DataDir, "mail") + ")"
	if c.SMTPURL != "" {
		smtp = redactURL(c.SMTPURL)
	}
	return map[string]any{
		"addr": c.Addr, "data": c.DataDir, "database": db, "base_url": c.BaseURL, "smtp": smtp,
		"demo": c.Demo, "trust_proxy": c.TrustProxy, "session_idle": c.SessionIdle.String(),
		"session_max": c.SessionMax.String(), "workers": c.Workers, "secret_key_set": c.SecretKey != "",
	}
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable URL)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.String()
}
