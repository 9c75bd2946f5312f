package accreditation

import (
	"context"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/organization"
)

// Person is someone to tell about an accreditation event, in their language.
type Person struct {
	UserID int64
	Name   string
	Email  string
	Lang   string
	State  string // for delegates and Chairs holding a State role
}

// Store is what accreditation reads.
type Store interface {
	Body(ctx context.Context, id int64) (body.Body, error)
	Organization(ctx context.Context, id int64) (organization.Organization, error)
	MemberStates(ctx context.Context) (map[string]bool, error)

	CurrentPolicy(ctx context.Context, bodyID int64) (Policy, error)
	Policies(ctx context.Context, bodyID int64) ([]Policy, error)
	Rounds(ctx context.Context, bodyID int64) ([]Round, error)
	Round(ctx context.Context, id int64) (Round, error)
	RoundByNumber(ctx context.Context, bodyID int64, number int) (Round, error)
	Application(ctx context.Context, id int64) (Application, error)
	RoundApplications(ctx context.Context, roundID int64) ([]Application, error)
	OrganizationApplications(ctx context.Context, bodyID, orgID int64) ([]Application, error)
	Positions(ctx context.Context, applicationID int64) ([]Position, error)
	RoundPositions(ctx context.Context, roundID int64) ([]Position, error)
	Disclosures(ctx context.Context, applicationID int64) ([]Disclosure, error)
	BodyDisclosures(ctx context.Context, bodyID int64) ([]Disclosure, error)
	Accreditations(ctx context.Context, bodyID int64) ([]Accreditation, error)
	Accreditation(ctx context.Context, id int64) (Accreditation, error)
	File(ctx context.Context, id int64) (files.File, error)
	// DueRounds returns the rounds whose application window or circulation period has
	// ended at now but are not yet past that step.
	DueRounds(ctx context.Context, now time.Time) ([]Round, error)
	// People returns who holds role (for organization orgID, when not zero), with their
	// accepted roles only and enabled accounts.
	People(ctx context.Context, role plenary.Role, orgID int64) ([]Person, error)
	Person(ctx context.Context, userID int64) (Person, error)

	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what accreditation changes in one transaction.
type Tx interface {
	// LockRound serialises the changes of one round: an objection at the deadline and
	// the decision of that deadline never interleave.
	LockRound(ctx context.Context, roundID int64) error
	// Body, People and Person are read in the transaction: the mails it enqueues need
	// them, and a read outside it could wait for a connection the transaction holds.
	Body(ctx context.Context, id int64) (body.Body, error)
	People(ctx context.Context, role plenary.Role, orgID int64) ([]Person, error)
	Person(ctx context.Context, userID int64) (Person, error)
	Round(ctx context.Context, id int64) (Round, error)
	Application(ctx context.Context, id int64) (Application, error)
	RoundApplications(ctx context.Context, roundID int64) ([]Application, error)
	Positions(ctx context.Context, applicationID int64) ([]Position, error)
	Position(ctx context.Context, id int64) (Position, error)
	Disclosure(ctx context.Context, id int64) (Disclosure, error)
	OpenRounds(ctx context.Context, bodyID int64) (int, error)
	ActiveAccreditation(ctx context.Context, bodyID, orgID int64) (Accreditation, error)
	Accreditation(ctx context.Context, id int64) (Accreditation, error)

	CreatePolicy(ctx context.Context, p Policy) (Policy, error)
	CreateRound(ctx context.Context, r Round) (Round, error)
	UpdateRound(ctx context.Context, r Round) error
	CreateApplication(ctx context.Context, a Application) (Application, error)
	UpdateApplication(ctx context.Context, a Application) error
	CreatePosition(ctx context.Context, p Position) (Position, error)
	WithdrawPosition(ctx context.Context, id int64, at time.Time) error
	CreateDisclosure(ctx context.Context, d Disclosure) (Disclosure, error)
	AnswerDisclosure(ctx context.Context, id, by int64, note string, at time.Time) error
	CreateAccreditation(ctx context.Context, a Accreditation) (Accreditation, error)
	WithdrawAccreditation(ctx context.Context, id, by int64, reason string, at time.Time) error
	SaveFile(ctx context.Context, f files.File) (files.File, error)

	Audit(ctx context.Context, e audit.Event) error
	Enqueue(ctx context.Context, job plenary.Job) error
}

// Service is the accreditation domain.
type Service struct {
	store   Store
	clock   plenary.Clock
	baseURL string
}

// NewService builds the service and registers its e-mails.
func NewService(s Store, c plenary.Clock, templates *mail.Templates, baseURL string) *Service {
	if templates != nil {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, clock: c, baseURL: strings.TrimRight(baseURL, "/")}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// MaxLetter bounds the letter on letterhead.
const MaxLetter = 5 << 20

func event(actor plenary.Actor, at time.Time, action, objectType string, id int64, details map[string]string) audit.Event {
	return audit.New(actor, at, action, objectType, id, details)
}

func isKind(err error, k plenary.Kind) bool { return plenary.ErrorKind(err) == k }

// memberCheck returns a function telling Member States (not observer States) apart.
func (s *Service) memberCheck(ctx context.Context) (func(string) bool, error) {
	m, err := s.store.MemberStates(ctx)
	if err != nil {
		return nil, err
	}
	return func(iso3 string) bool { return m[iso3] }, nil
}
