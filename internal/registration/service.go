package registration

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/state"
)

// Person is someone to write to, in their language.
type Person struct {
	UserID int64
	Name   string
	Email  string
	Lang   string
}

// Store is what registration reads.
type Store interface {
	Session(ctx context.Context, id int64) (meeting.Session, error)
	States(ctx context.Context) ([]state.State, error)
	Delegation(ctx context.Context, id int64) (Delegation, error)
	SessionDelegations(ctx context.Context, sessionID int64) ([]Delegation, error)
	Registration(ctx context.Context, id int64) (Registration, error)
	// SessionRegistrations returns every registration of a session, delegation members
	// included, in the order they were made.
	SessionRegistrations(ctx context.Context, sessionID int64) ([]Registration, error)
	// Participates tells whether userID has an approved registration for the session.
	Participates(ctx context.Context, sessionID, userID int64) (bool, error)
	// File reads a stored file: a delegation's note verbale.
	File(ctx context.Context, id int64) (files.File, error)
	// Organization reads an organization, to name it on the list of participants.
	Organization(ctx context.Context, id int64) (organization.Organization, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what registration changes in one transaction. Every read a change needs is made
// in it: a read through the pool could wait for a connection that a transaction queued
// on the same session's lock holds.
type Tx interface {
	// LockSession serialises the registrations of one session: two focal points racing
	// for an organization's last place, two heads of one delegation.
	LockSession(ctx context.Context, sessionID int64) error
	Session(ctx context.Context, id int64) (meeting.Session, error)
	Body(ctx context.Context, id int64) (body.Body, error)
	State(ctx context.Context, iso3 string) (state.State, error)
	Organization(ctx context.Context, id int64) (organization.Organization, error)
	// Accredited tells whether the organization holds an accreditation to the body in
	// force at the instant.
	Accredited(ctx context.Context, bodyID, orgID int64, at time.Time) (bool, error)
	Person(ctx context.Context, userID int64) (Person, error)

	Delegation(ctx context.Context, id int64) (Delegation, error)
	SessionDelegation(ctx context.Context, sessionID int64, iso3 string) (Delegation, error)
	CreateDelegation(ctx context.Context, d Delegation) (Delegation, error)
	UpdateDelegation(ctx context.Context, d Delegation) error
	Members(ctx context.Context, delegationID int64) ([]Registration, error)
	Registration(ctx context.Context, id int64) (Registration, error)
	// CountOrganization counts an organization's current (pending or approved)
	// registrations for a session.
	CountOrganization(ctx context.Context, sessionID, orgID int64) (int, error)
	CreateRegistration(ctx context.Context, r Registration) (Registration, error)
	UpdateRegistration(ctx context.Context, r Registration) error
	SaveFile(ctx context.Context, f files.File) (files.File, error)

	Audit(ctx context.Context, e audit.Event) error
	Enqueue(ctx context.Context, job plenary.Job) error
}

// Service is the registration domain.
type Service struct {
	store   Store
	clock   plenary.Clock
	baseURL string
}

// NewService builds the service and registers its e-mails (once per set of templates).
func NewService(s Store, c plenary.Clock, templates *mail.Templates, baseURL string) *Service {
	if templates != nil && !slices.Contains(templates.Names(), "registration_received") {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, clock: c, baseURL: strings.TrimRight(baseURL, "/")}
}

// MaxLetter bounds the note verbale.
const MaxLetter = 5 << 20

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

func event(actor plenary.Actor, at time.Time, action, objectType string, id int64, details map[string]string) audit.Event {
	return audit.New(actor, at, action, objectType, id, details)
}

// Rules of time.

// endOfDay is the instant a calendar day (kept as midnight UTC of that date) ends in loc.
func endOfDay(d time.Time, loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc).UTC()
}

// Closes is when registration closes for a session: at the end of RegistrationCloses in
// the body's time zone, or when the session ends.
func Closes(sess meeting.Session, b body.Body) time.Time {
	if sess.RegistrationCloses.IsZero() {
		return Ends(sess, b)
	}
	return endOfDay(sess.RegistrationCloses, b.Location())
}

// Ends is when a session ends: the end of its last day in the body's time zone.
func Ends(sess meeting.Session, b body.Body) time.Time { return endOfDay(sess.EndsOn, b.Location()) }

// sessionIn reads a session and its body in tx.
func sessionIn(ctx context.Context, tx Tx, id int64) (meeting.Session, body.Body, error) {
	sess, err := tx.Session(ctx, id)
	if err != nil {
		return meeting.Session{}, body.Body{}, err
	}
	b, err := tx.Body(ctx, sess.BodyID)
	return sess, b, err
}

// open refuses a registrant's change once registration has closed; the Secretariat
// registers until the end.
func (s *Service) open(actor plenary.Actor, sess meeting.Session, b body.Body) error {
	if actor.IsSecretariat() {
		return nil
	}
	if c := Closes(sess, b); !s.now().Before(c) {
		return plenary.Conflict("registration.closed", map[string]any{"Deadline": plenary.TimeArg(c, b.TimeZone)})
	}
	return nil
}

// Rules of who may do what.

// MayManage tells whether actor decides registrations: the Secretariat.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// MayRegisterState tells whether actor registers the delegation of the State iso3: its
// delegates and the Secretariat.
func (s *Service) MayRegisterState(actor plenary.Actor, iso3 string) error {
	if !(actor.IsSecretariat() || actor.HasForState(plenary.RoleDelegate, iso3)) || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// MayRegisterOrganization tells whether actor registers persons for organization orgID:
// its focal point and the Secretariat.
func (s *Service) MayRegisterOrganization(actor plenary.Actor, orgID int64) error {
	if !(actor.IsSecretariat() || actor.HasForOrganization(plenary.RoleFocalPoint, orgID)) || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// MayChange tells whether actor changes what was registered about r, or asks travel
// funding for them: the Secretariat or its registrant, with write, while it is current.
func (s *Service) MayChange(actor plenary.Actor, r Registration) error {
	if !r.Status.Current() {
		return plenary.Conflict("registration.not_editable", nil)
	}
	return s.mayRegister(actor, r)
}

// MayWithdraw tells whether actor withdraws r: the Secretariat, its registrant or the
// person, with write, while it is current.
func (s *Service) MayWithdraw(actor plenary.Actor, r Registration) error {
	if !r.Status.Current() {
		return plenary.Conflict("registration.not_withdrawable", nil)
	}
	if r.UserID != 0 && r.UserID == actor.UserID && actor.CanWrite() {
		return nil
	}
	return s.mayRegister(actor, r)
}

// registers tells whether actor acts for the registrant of r (its State's delegate or
// its organization's focal point), whatever the scope of a token.
func registers(actor plenary.Actor, r Registration) bool {
	if r.State != "" {
		return actor.HasForState(plenary.RoleDelegate, r.State)
	}
	return r.OrganizationID != 0 && actor.HasForOrganization(plenary.RoleFocalPoint, r.OrganizationID)
}

// mayRegister is the right to change r: the Secretariat or its registrant, with write.
func (s *Service) mayRegister(actor plenary.Actor, r Registration) error {
	if r.State != "" {
		return s.MayRegisterState(actor, r.State)
	}
	return s.MayRegisterOrganization(actor, r.OrganizationID)
}

// sees tells whether actor may read r: the Secretariat, its registrant, the person, and
// the Chair once it is approved.
func sees(actor plenary.Actor, r Registration) bool {
	return actor.IsSecretariat() || registers(actor, r) || (r.UserID != 0 && r.UserID == actor.UserID) ||
		(r.Status == Approved && actor.Has(plenary.RoleChair))
}

// seesContacts tells whether actor reads a person's e-mail address and what was said
// about their travel funding: the Secretariat, the registrant and the person. The Chair
// reads approved registrations, but not their contacts.
func seesContacts(actor plenary.Actor, r Registration) bool {
	return actor.IsSecretariat() || registers(actor, r) || (r.UserID != 0 && r.UserID == actor.UserID)
}

// shown is r as actor may read it.
func shown(actor plenary.Actor, r Registration) Registration {
	if !seesContacts(actor, r) {
		r.Email, r.SponsorshipReason, r.SponsorshipNote = "", "", ""
	}
	return r
}

func seesDelegation(actor plenary.Actor, d Delegation) bool {
	return actor.IsSecretariat() || actor.HasForState(plenary.RoleDelegate, d.State) ||
		(d.Status == Approved && actor.Has(plenary.RoleChair))
}

// visibleMembers keeps the members of d that actor may read.
func visibleMembers(actor plenary.Actor, d Delegation) Delegation {
	var out []Registration
	for _, m := range d.Members {
		if sees(actor, m) {
			out = append(out, shown(actor, m))
		}
	}
	d.Members = out
	return d
}

// Reads.

// Delegation returns a delegation with the members actor may read.
func (s *Service) Delegation(ctx context.Context, actor plenary.Actor, id int64) (Delegation, error) {
	d, err := s.store.Delegation(ctx, id)
	if err != nil {
		return Delegation{}, err
	}
	if !seesDelegation(actor, d) {
		return Delegation{}, plenary.Hidden(actor)
	}
	return visibleMembers(actor, d), nil
}

// SessionDelegations returns the delegations to a session that actor may read, with
// their members.
func (s *Service) SessionDelegations(ctx context.Context, actor plenary.Actor, sessionID int64) ([]Delegation, error) {
	if !actor.SignedIn() && !actor.System {
		return nil, plenary.Deny(actor)
	}
	ds, err := s.store.SessionDelegations(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	var out []Delegation
	for _, d := range ds {
		if seesDelegation(actor, d) {
			out = append(out, visibleMembers(actor, d))
		}
	}
	return out, nil
}

// MayReadCredentials tells whether actor reads the credentials of d: the Secretariat
// and the State's own delegates. A note verbale is a diplomatic letter; the Chair, who
// reads approved delegations, does not need it.
func (s *Service) MayReadCredentials(actor plenary.Actor, d Delegation) error {
	if !actor.IsSecretariat() && !actor.HasForState(plenary.RoleDelegate, d.State) {
		return plenary.Hidden(actor)
	}
	return nil
}

// Credentials returns the note verbale of a delegation, to those who may read it; to
// anyone else it does not exist.
func (s *Service) Credentials(ctx context.Context, actor plenary.Actor, delegationID int64) (files.File, error) {
	d, err := s.store.Delegation(ctx, delegationID)
	if err != nil {
		return files.File{}, err
	}
	if err := s.MayReadCredentials(actor, d); err != nil {
		return files.File{}, err
	}
	if d.LetterFileID == 0 {
		return files.File{}, plenary.NotFound()
	}
	return s.store.File(ctx, d.LetterFileID)
}

// Registration returns one registration.
func (s *Service) Registration(ctx context.Context, actor plenary.Actor, id int64) (Registration, error) {
	r, err := s.store.Registration(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	if !sees(actor, r) {
		return Registration{}, plenary.Hidden(actor)
	}
	return shown(actor, r), nil
}

// SessionRegistrations returns the registrations of a session that actor may read: all
// for the Secretariat, the approved ones for the Chair, their own State's or
// organization's for delegates and focal points, their own for a person.
func (s *Service) SessionRegistrations(ctx context.Context, actor plenary.Actor, sessionID int64) ([]Registration, error) {
	if !actor.SignedIn() && !actor.System {
		return nil, plenary.Deny(actor)
	}
	rs, err := s.store.SessionRegistrations(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	var out []Registration
	for _, r := range rs {
		if sees(actor, r) {
			out = append(out, shown(actor, r))
		}
	}
	return out, nil
}

// Participates tells whether actor's account is linked to an approved registration for
// the session (meeting.Attendance).
func (s *Service) Participates(ctx context.Context, actor plenary.Actor, sessionID int64) (bool, error) {
	if !actor.SignedIn() {
		return false, nil
	}
	return s.store.Participates(ctx, sessionID, actor.UserID)
}

var _ meeting.Attendance = (*Service)(nil)

// Participants returns the public list of participants: the approved ones who
// consented, by delegation and organization, heads of delegation first. It carries
// neither e-mail addresses nor accounts.
func (s *Service) Participants(ctx context.Context, _ plenary.Actor, sessionID int64) ([]ParticipantGroup, error) {
	if _, err := s.store.Session(ctx, sessionID); err != nil {
		return nil, err
	}
	rs, err := s.store.SessionRegistrations(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	var keep []Registration
	for _, r := range rs {
		if r.Status == Approved && r.Consent {
			keep = append(keep, r)
		}
	}
	slices.SortStableFunc(keep, func(a, b Registration) int {
		if c := slices.Index(Categories, a.Category) - slices.Index(Categories, b.Category); c != 0 {
			return c
		}
		if c := strings.Compare(a.State, b.State); c != 0 {
			return c
		}
		if a.OrganizationID != b.OrganizationID {
			return int(a.OrganizationID - b.OrganizationID)
		}
		if c := a.Function.rank() - b.Function.rank(); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	var out []ParticipantGroup
	for _, r := range keep {
		n := len(out)
		if n == 0 || out[n-1].Category != r.Category || out[n-1].State != r.State || out[n-1].OrganizationID != r.OrganizationID {
			out = append(out, ParticipantGroup{Category: r.Category, State: r.State, OrganizationID: r.OrganizationID})
			n++
		}
		out[n-1].Participants = append(out[n-1].Participants, Participant{Name: r.Name, Function: r.Function})
	}
	for i, g := range out {
		if g.OrganizationID == 0 {
			continue
		}
		o, err := s.store.Organization(ctx, g.OrganizationID)
		if err != nil {
			return nil, err
		}
		out[i].Organization = o.Names
	}
	return out, nil
}

// Figures counts the approved participants of a session, consenting or not: by the
// regional group of their State, by category and by gender. It is public: counts only.
func (s *Service) Figures(ctx context.Context, _ plenary.Actor, sessionID int64) (Figures, error) {
	if _, err := s.store.Session(ctx, sessionID); err != nil {
		return Figures{}, err
	}
	rs, err := s.store.SessionRegistrations(ctx, sessionID)
	if err != nil {
		return Figures{}, err
	}
	states, err := s.store.States(ctx)
	if err != nil {
		return Figures{}, err
	}
	group := make(map[string]state.Group, len(states))
	for _, st := range states {
		group[st.ISO3] = st.Group
	}
	f := Figures{ByGroup: map[string]int{}, ByCategory: map[Category]int{}, ByGender: map[Gender]int{}}
	for _, r := range rs {
		if r.Status != Approved {
			continue
		}
		f.Total++
		f.ByCategory[r.Category]++
		f.ByGender[r.Gender]++
		if r.State != "" {
			f.ByGroup[string(group[r.State])]++
		}
	}
	return f, nil
}
