// Package registration holds the registration of participants for a session, as UN
// meetings take it (Indico.UN, e-deleGATE): a State's delegation with its credentials
// (a note verbale) and members, the representatives of accredited organizations, and
// observers. The Secretariat approves or rejects each registration; the public list
// names only approved participants who consented, and the figures count everyone
// approved, without names.
package registration

import (
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// Category is how a participant takes part.
type Category string

const (
	MemberState    Category = "member_state"   // a member of a Member State's delegation
	ObserverState  Category = "observer_state" // a member of an observer State's delegation
	Representative Category = "representative" // a representative of an accredited organization
	Observer       Category = "observer"       // an observer (intergovernmental organization, UN entity)
)

// Categories lists the categories in the order the list of participants shows them.
var Categories = []Category{MemberState, ObserverState, Observer, Representative}

// ForState reports whether the category is a State's delegation.
func (c Category) ForState() bool { return c == MemberState || c == ObserverState }

// Status is where a registration (or a delegation) stands.
type Status string

const (
	Pending   Status = "pending"
	Approved  Status = "approved"
	Rejected  Status = "rejected"
	Withdrawn Status = "withdrawn"
)

// Current reports whether the registration still counts (pending or approved).
func (s Status) Current() bool { return s == Pending || s == Approved }

// Function is a delegation member's function.
type Function string

const (
	HeadOfDelegation Function = "head_of_delegation"
	DeputyHead       Function = "deputy_head"
	Delegate         Function = "delegate"
	Adviser          Function = "adviser"
)

// Functions lists the functions in order of precedence.
var Functions = []Function{HeadOfDelegation, DeputyHead, Delegate, Adviser}

func (f Function) rank() int {
	for i, x := range Functions {
		if x == f {
			return i
		}
	}
	return len(Functions)
}

// Gender is how a participant is counted in the figures.
type Gender string

const (
	Female      Gender = "female"
	Male        Gender = "male"
	Other       Gender = "other"
	Undisclosed Gender = "undisclosed"
)

// Genders lists the genders forms offer.
var Genders = []Gender{Female, Male, Other, Undisclosed}

// Sponsorship is where a request for travel funding stands.
type Sponsorship string

const (
	NoSponsorship Sponsorship = "none"
	Requested     Sponsorship = "requested"
	Granted       Sponsorship = "granted"
	Declined      Sponsorship = "declined"
)

// Delegation is a State's delegation to a session.
type Delegation struct {
	ID           int64
	SessionID    int64
	State        string // ISO 3166-1 alpha-3
	Status       Status
	Reason       string // of a rejection
	LetterFileID int64  // the credentials: a note verbale (PDF); zero until attached
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	DecidedBy    int64
	DecidedAt    time.Time
	Members      []Registration // filled by reads that say so
}

// Registration is one person registered for a session.
type Registration struct {
	ID             int64
	SessionID      int64
	Category       Category
	DelegationID   int64  // members of a delegation
	State          string // members of a delegation
	OrganizationID int64  // representatives and observers
	Name           string
	Function       Function // members of a delegation
	Gender         Gender
	Email          string
	UserID         int64 // the person's account, when linked
	Consent        bool  // to appear on the public list of participants
	Status         Status
	Reason         string // of a rejection
	Sponsorship    Sponsorship
	// SponsorshipReason is the person's justification; SponsorshipNote the Secretariat's.
	SponsorshipReason string
	SponsorshipNote   string
	CreatedBy         int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
	DecidedBy         int64
	DecidedAt         time.Time
}

// Limits of what people write, in characters.
const (
	MaxName          = 200 // a registered person's
	MaxJustification = 1000
	// MaxNote bounds the Secretariat's note on a request for travel funding.
	MaxNote = 2000
	// MaxReason bounds the reason for rejecting a registration.
	MaxReason = 2000
)

// PersonInput is what a registrant gives about a person. Function is for members of a
// delegation only.
type PersonInput struct {
	Name     string
	Function Function
	Gender   Gender
	Email    string
	UserID   int64
	Consent  bool
}

func (in *PersonInput) normalize() {
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	in.Email = plenary.NormalizeEmail(in.Email)
}

func (in PersonInput) check(p *plenary.Problems, member bool) {
	if p.Required("name", in.Name) && p.Line("name", in.Name) {
		p.MaxLength("name", in.Name, MaxName)
	}
	if member {
		p.OneOf("function", string(in.Function), names(Functions)...)
	} else if in.Function != "" {
		p.Add("function", "field.choice", nil)
	}
	p.OneOf("gender", string(in.Gender), names(Genders)...)
	if in.Email != "" && p.Email("email", in.Email) {
		p.MaxLength("email", in.Email, plenary.MaxEmail)
	}
	if in.UserID < 0 {
		p.Add("user", "field.choice", nil)
	}
}

func names[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Participant is a line of the public list of participants: no e-mail, no account.
type Participant struct {
	Name     string
	Function Function
}

// ParticipantGroup is a delegation or an organization on the public list.
type ParticipantGroup struct {
	Category       Category
	State          string            // delegations
	OrganizationID int64             // organizations
	Organization   plenary.Localized // its name, which is public as the list is
	Participants   []Participant
}

// Figures count the approved participants of a session, consenting or not, without
// names. ByGroup counts the members of State delegations by the State's regional group.
type Figures struct {
	Total      int
	ByGroup    map[string]int // state.Group
	ByCategory map[Category]int
	ByGender   map[Gender]int
}
