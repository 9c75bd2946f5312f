package followup

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/survey"
)

// StoredReport is a report as stored: what it says (its status, note and evidence)
// sealed, the rest in clear.
type StoredReport struct {
	Report // Status, Note, NoteLanguage and Evidence empty
	Sealed string
}

// Content is what a report says: sealed in StoredReport, in clear while published.
type Content struct {
	Status       string   `json:"status"`
	Note         string   `json:"note,omitempty"`
	NoteLanguage string   `json:"note_language,omitempty"`
	Evidence     Evidence `json:"evidence"`
}

// content is what r says.
func (r Report) content() Content {
	return Content{Status: r.Status, Note: r.Note, NoteLanguage: r.NoteLanguage, Evidence: r.Evidence}
}

// With returns r saying c.
func (r Report) With(c Content) Report {
	r.Status, r.Note, r.NoteLanguage, r.Evidence = c.Status, c.Note, c.NoteLanguage, c.Evidence
	return r
}

// EvidenceFile is a file a team attached to a report, stored sealed.
type EvidenceFile struct {
	ID           int64
	CommitmentID int64
	State        string
	Name         string
	Type         string
	Sealed       string
	CreatedAt    time.Time
}

// Member is a person of a State's team, to write to.
type Member struct {
	UserID      int64
	Name, Email string
	Lang        string
}

// Store is what follow-up reads.
type Store interface {
	Body(ctx context.Context, id int64) (body.Body, error)
	// Commitments are a body's commitments, by position.
	Commitments(ctx context.Context, bodyID int64) ([]Commitment, error)
	Commitment(ctx context.Context, id int64) (Commitment, error)
	// Scale is a body's scale, in order (none while the body has not set one).
	Scale(ctx context.Context, bodyID int64) ([]Status, error)
	// Reports are the reports on a commitment (0: every one) of a State ("": every one),
	// newest first for each commitment and State.
	Reports(ctx context.Context, commitmentID int64, state string) ([]StoredReport, error)
	Report(ctx context.Context, id int64) (StoredReport, error)
	// Published are the published reports on a commitment (0: every one) of a State ("":
	// every one) at one of levels, in clear, newest first for each commitment and State.
	Published(ctx context.Context, commitmentID int64, state string, levels []Level) ([]Report, error)
	EvidenceFile(ctx context.Context, id int64) (EvidenceFile, error)
	InTx(ctx context.Context, fn func(Tx) error) error
	ReportStore // the progress report and the reminders (report.go, reminders.go)
}

// Tx is what follow-up changes in one transaction.
type Tx interface {
	// LockBody serialises the changes of a body's commitments, scale and reports.
	LockBody(ctx context.Context, bodyID int64) error
	Scale(ctx context.Context, bodyID int64) ([]Status, error)
	ReplaceScale(ctx context.Context, bodyID int64, scale []Status) error
	CountCommitments(ctx context.Context, bodyID int64) (int, error)
	CreateCommitment(ctx context.Context, c Commitment) (Commitment, error)
	UpdateCommitment(ctx context.Context, c Commitment) error
	DeleteCommitment(ctx context.Context, id int64) error
	CountReports(ctx context.Context, commitmentID int64) (int, error)
	// LatestReport is a State's latest report on a commitment (not found: none yet).
	LatestReport(ctx context.Context, commitmentID int64, state string) (StoredReport, error)
	// BodyReports are every report on a body's commitments.
	BodyReports(ctx context.Context, bodyID int64) ([]StoredReport, error)
	CreateReport(ctx context.Context, r StoredReport) (StoredReport, error)
	SetReportLevel(ctx context.Context, id int64, level Level, at time.Time) error
	// Publish replaces the clear copy of a report: r's content at r.Level, or none when
	// r.Level is private.
	Publish(ctx context.Context, r Report) error
	// SaveEvidence records a file: without its content first (its ID is part of what the
	// content is sealed with), then, called again with its ID, with the sealed content.
	SaveEvidence(ctx context.Context, f EvidenceFile) (EvidenceFile, error)
	// Team is the people holding one of roles for the State.
	Team(ctx context.Context, state string, roles []plenary.Role) ([]Member, error)
	Enqueue(ctx context.Context, job plenary.Job) error
	Audit(ctx context.Context, e audit.Event) error
	ReminderTx // claims a State's reminder before a session (reminders.go)
}

// Frameworks reads the frameworks commitments come from and link to.
type Frameworks interface {
	ByCode(ctx context.Context, actor plenary.Actor, code string) (framework.Framework, error)
	Version(ctx context.Context, actor plenary.Actor, id int64) (framework.Version, []framework.Element, error)
	Current(ctx context.Context, actor plenary.Actor, frameworkID int64) (framework.Version, []framework.Element, error)
}

// Registry reads the documents commitments come from and reports cite.
type Registry interface {
	Get(ctx context.Context, actor plenary.Actor, id int64) (document.Document, error)
	Paragraphs(ctx context.Context, actor plenary.Actor, id int64) (document.Document, []draft.Paragraph, error)
	Issuer // the progress report is issued into it (report.go)
}

// States lists the States whose reports are counted.
type States interface {
	List(ctx context.Context, actor plenary.Actor) ([]state.State, error)
}

// Surveys reads what a State published to the national survey.
type Surveys interface {
	StateAnswers(ctx context.Context, actor plenary.Actor, state string) ([]survey.StateCycle, error)
}

// Sealer seals and opens what is not published (the server key).
type Sealer interface {
	Seal(purpose string, plaintext, additional []byte) string
	Open(purpose, sealed string, additional []byte) ([]byte, error)
}

// Service follows the commitments.
type Service struct {
	store      Store
	clock      plenary.Clock
	frameworks Frameworks
	registry   Registry
	states     States
	surveys    Surveys
	seal       Sealer
	baseURL    string
	mail       bool
	cache      *readCache // the public reads, kept a moment (cache.go)
}

// NewService builds the service. templates receives its e-mails (nil: it sends none),
// whose links start at baseURL.
func NewService(s Store, c plenary.Clock, frameworks Frameworks, registry Registry, states States, surveys Surveys, seal Sealer,
	templates *mail.Templates, baseURL string) *Service {
	if templates != nil && !slices.Contains(templates.Names(), "followup_reported") {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, clock: c, frameworks: frameworks, registry: registry, states: states, surveys: surveys, seal: seal,
		baseURL: strings.TrimRight(baseURL, "/"), mail: templates != nil, cache: newReadCache()}
}

// WithClock returns the service reading the time from c: the demo and the benchmarks
// record a year of reports as if they were made over that year.
func (s *Service) WithClock(c plenary.Clock) *Service {
	out := *s
	out.clock = c
	return &out
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// MayManage tells whether actor marks and edits commitments and sets the scale: the
// Secretariat.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// MayReport tells whether actor reports for state and sets its reports' levels: the
// State's submitter (a report is the State's statement; its editors and reviewers read
// its reports).
func (s *Service) MayReport(actor plenary.Actor, state string) error {
	if !mayReport(actor, state) {
		return refusal(actor, state)
	}
	return nil
}
