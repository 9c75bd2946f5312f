// Package app builds a plenary instance from its configuration: it opens the database,
// makes every service with its dependencies, and assembles the web pages, the API and the
// job runner. It is the one place where concrete types meet; cmd/plenary calls it, and so
// do the tests, so that tests run the real wiring.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/riverqueue/river"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/api"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/config"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/jobs"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/ratelimit"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/secret"
	"github.com/plenary-platform/plenary/internal/server"
	"github.com/plenary-platform/plenary/internal/services"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/store"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/web"
)

// Options are what differs between a real instance, a command and a test.
type Options struct {
	Version string
	Clock   plenary.Clock // the real clock when nil
	// Argon2 overrides the password hashing cost (tests use a cheaper one).
	Argon2 *account.Argon2Params
	// NotDurable skips fsync on SQLite commits (tests only).
	NotDurable bool
	// InsertOnly builds a job runner that inserts jobs but does not work them: for
	// commands that run beside a server.
	InsertOnly bool
	// PollInterval is how often SQLite is polled for jobs (River's default when zero).
	PollInterval time.Duration
}

// App is a built instance.
type App struct {
	Config  config.Config
	Log     *slog.Logger
	Clock   plenary.Clock
	DB      *store.DB
	Key     *secret.Key
	Catalog *i18n.Catalog
	Mailer  *mail.Mailer
	Metrics *prometheus.Registry

	// The domain services, built once here and shared by the pages and the API.
	services.Services
	stopWatch context.CancelFunc // ends the floor's watch of other instances' changes

	Jobs    *jobs.Runner
	Pages   *web.Handler
	API     *api.API
	Handler http.Handler
}

// Open builds an instance. It does not migrate the database or start the job runner.
func Open(ctx context.Context, cfg config.Config, opts Options, log *slog.Logger) (_ *App, err error) {
	a := &App{Config: cfg, Log: log, Clock: opts.Clock}
	if a.Clock == nil {
		a.Clock = plenary.SystemClock{}
	}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	a.DB, err = store.Open(ctx, cfg.Database(), store.Options{NotDurable: opts.NotDurable})
	if err != nil {
		return nil, err
	}
	if cfg.SecretKey != "" {
		a.Key, err = secret.Parse(cfg.SecretKey)
	} else {
		a.Key, err = secret.LoadOrCreate(filepath.Join(cfg.DataDir, "secret.key"))
	}
	if err != nil {
		return nil, fmt.Errorf("app: secret key: %w", err)
	}
	stateName, err := state.Namer()
	if err != nil {
		return nil, err
	}
	if a.Catalog, err = i18n.Load(stateName); err != nil {
		return nil, err
	}
	templates, err := mail.NewTemplates(a.Catalog)
	if err != nil {
		return nil, err
	}
	var sender mail.Sender
	if cfg.SMTPURL != "" {
		sender, err = mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
	} else {
		sender, err = mail.NewDir(filepath.Join(cfg.DataDir, "mail"), cfg.MailFrom)
	}
	if err != nil {
		return nil, err
	}
	a.Mailer = &mail.Mailer{Templates: templates, Sender: sender}
	a.Services = a.newServices(opts, templates)

	if a.Jobs, err = a.newRunner(opts); err != nil {
		return nil, err
	}
	a.DB.SetJobs(a.Jobs)

	clientIP := server.ClientIP(cfg.TrustProxy)
	a.Pages, err = web.New(a.Services, a.Catalog, web.Options{Secure: cfg.Secure(), ClientIP: clientIP, BaseURL: cfg.BaseURL}, log)
	if err != nil {
		return nil, err
	}
	a.API = api.New(a.Services, a.Catalog, api.Options{Version: opts.Version, BaseURL: cfg.BaseURL, ClientIP: clientIP}, log)

	a.Metrics = prometheus.NewRegistry()
	a.Metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.Handler = server.Handler(server.Config{
		Pages: a.Pages, API: a.API, Static: a.Pages.Assets(), Ready: a.ready, Log: log,
		Metrics: a.Metrics, Secure: cfg.Secure(),
		Refuse: func(w http.ResponseWriter, r *http.Request, status int) {
			if strings.HasPrefix(r.URL.Path, api.Prefix+"/") {
				a.API.Refuse(w, r, status)
				return
			}
			a.Pages.Refuse(w, r, status)
		},
	})
	return a, nil
}

// newServices builds every domain service once, each with what it depends on, in an
// order where a service comes after those it uses.
func (a *App) newServices(opts Options, templates *mail.Templates) services.Services {
	cfg, db, clock := a.Config, a.DB, a.Clock
	argon := account.DefaultArgon2
	if opts.Argon2 != nil {
		argon = *opts.Argon2
	}
	limits := ratelimit.New(db.RateLimits(), clock)
	acfg := account.DefaultConfig
	acfg.SessionIdle, acfg.SessionLifetime, acfg.BaseURL = cfg.SessionIdle, cfg.SessionMax, cfg.BaseURL
	var s services.Services
	s.Accounts = account.NewService(db.Accounts(), clock, account.NewHasher(argon, runtime.NumCPU()), a.Key, limits, a.Mailer, acfg, a.Log)
	s.States = state.NewService(db.States())
	s.Organizations = organization.NewService(db.Organizations(), clock)
	s.Audit = audit.NewService(db.Audit())
	s.Bodies = body.NewService(db.Bodies(), clock)
	s.Accreditation = accreditation.NewService(db.Accreditation(), clock, templates, cfg.BaseURL)
	s.Registration = registration.NewService(db.Registration(), clock, templates, cfg.BaseURL)
	s.Meetings = meeting.NewService(db.Meetings(), clock, s.Registration)
	s.Floor = floor.NewService(db.Floor(), clock, floor.NewHub(), templates, cfg.BaseURL)
	s.Documents = document.NewService(db.Documents(), clock)
	// Counts are reused for a second on a real clock; tests, on a clock of their own that
	// moves only when they move it, read them every time.
	countsTTL := time.Second
	if opts.Clock != nil {
		countsTTL = 0
	}
	s.Consultations = consultation.NewService(db.Consultations(), s.Documents, clock, limits, a.Mailer, templates, cfg.BaseURL, countsTTL)
	s.Directory = directory.NewService(db.Directory(), clock, a.Key, pointsOfContact{s.Accounts}, templates, cfg.BaseURL)
	s.Communications = communication.NewService(db.Communications(), s.Directory, clock, a.Key, templates, a.Mailer, cfg.BaseURL)
	s.Pings = ping.NewService(db.Pings(), clock, s.Directory, a.Key, a.Mailer, templates, cfg.BaseURL)
	s.Frameworks = framework.NewService(db.Frameworks(), clock)
	s.Survey = survey.NewService(db.Survey(), clock, s.Frameworks, s.Documents, s.Directory, a.Key, templates, cfg.BaseURL)
	s.FollowUp = followup.NewService(db.FollowUp(), clock, s.Frameworks, s.Documents, s.States, s.Survey, a.Key, templates, cfg.BaseURL)
	return s
}

// newRunner registers the worker of every job kind and the periodic jobs.
func (a *App) newRunner(opts Options) (*jobs.Runner, error) {
	cfg := jobs.Config{Logger: a.Log.With("component", "jobs"), MaxWorkers: a.Config.Workers, PollInterval: opts.PollInterval}
	if !opts.InsertOnly {
		w := river.NewWorkers()
		jobs.Handle(w, a.Mailer.Work)
		jobs.Handle(w, a.Accounts.SendPasswordLink)
		jobs.Handle(w, a.Accounts.HandleResetRequest)
		jobs.Handle(w, a.Accounts.Cleanup)
		jobs.Handle(w, a.Accreditation.DecideDue)
		jobs.Handle(w, a.Consultations.SendReceipts)
		jobs.Handle(w, a.Communications.Notify)
		jobs.Handle(w, a.Communications.EscalateDue)
		jobs.Handle(w, a.Pings.Tick)
		jobs.Handle(w, a.Pings.Send)
		jobs.Handle(w, a.Survey.RemindDue)
		jobs.Handle(w, a.FollowUp.RemindStale)
		cfg.Workers = w
		cfg.Periodic = []jobs.Periodic{
			{ID: "account-cleanup", Every: time.Hour, Job: account.CleanupJob{}},
			// Deadlines fall on the minute; a round is decided within a minute of its end.
			{ID: "accreditation-deadlines", Every: time.Minute, Job: accreditation.DecideJob{}},
			// Receipts of submissions are queued in batches, off the path of a burst.
			{ID: "consultation-receipts", Every: 5 * time.Second, Job: consultation.ReceiptsJob{}},
			// Communications unacknowledged past their time are escalated within a minute.
			{ID: "communication-escalation", Every: time.Minute, Job: communication.EscalateJob{}},
			// Ping rounds start, remind, escalate and close on the minute.
			{ID: "ping-rounds", Every: time.Minute, Job: ping.TickJob{}},
			// Teams that have not answered hear of a questionnaire's deadline a week ahead.
			{ID: "survey-deadlines", Every: time.Hour, Job: survey.DeadlineJob{}},
			// Before a session, States whose follow-up reports are old hear of it, once.
			{ID: "followup-reminders", Every: time.Hour, Job: followup.RemindJob{}},
		}
	}
	return jobs.New(a.DB.SQLDB(), a.DB.Pool(), cfg)
}

// Migrate brings the database to the current schema (plenary's, then River's) and loads
// the reference data (the States).
func (a *App) Migrate(ctx context.Context) error {
	if err := a.DB.Migrate(ctx); err != nil {
		return err
	}
	if err := jobs.Migrate(ctx, a.DB.SQLDB(), a.DB.Pool()); err != nil {
		return err
	}
	return a.States.Sync(ctx, plenary.System("migrate"))
}

// ready is /readyz: the database answers and its schema is current.
func (a *App) ready(ctx context.Context) error {
	if err := a.DB.Ping(ctx); err != nil {
		return err
	}
	cur, latest, err := a.DB.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	if cur != latest {
		return fmt.Errorf("schema at version %d, want %d", cur, latest)
	}
	return nil
}

// Start begins working jobs.
func (a *App) Start(ctx context.Context) error {
	wctx, cancel := context.WithCancel(ctx)
	a.stopWatch = cancel
	go a.Floor.Watch(wctx, watchEvery)
	return a.Jobs.Start(ctx)
}

// watchEvery is how soon a change made on another instance reaches this one's live views.
const watchEvery = 2 * time.Second

// Stop stops working jobs, letting running ones finish until ctx ends.
func (a *App) Stop(ctx context.Context) error {
	if a.stopWatch != nil {
		a.stopWatch()
	}
	err := a.Jobs.Stop(ctx)
	if err != nil && strings.Contains(err.Error(), "not started") {
		return nil
	}
	return err
}

// Close releases the database.
func (a *App) Close() error {
	if a.DB == nil {
		return nil
	}
	return a.DB.Close()
}

// pointsOfContact lets the directory give and take the Point of Contact role.
type pointsOfContact struct{ accounts *account.Service }

func (p pointsOfContact) Enrol(ctx context.Context, actor plenary.Actor, email, name, lang, state string) (int64, error) {
	return p.accounts.EnsureRole(ctx, actor, account.GrantInput{Email: email, Name: name, Lang: lang,
		Grant: plenary.Grant{Role: plenary.RolePointOfContact, State: state}})
}

func (p pointsOfContact) Retire(ctx context.Context, actor plenary.Actor, userID int64, state string) error {
	return p.accounts.RemoveRole(ctx, actor, userID, plenary.Grant{Role: plenary.RolePointOfContact, State: state})
}
