package accreditation

import (
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/organization"
)

// RoundStatus is where a round stands.
type RoundStatus string

const (
	RoundOpen        RoundStatus = "open"        // taking applications
	RoundScreening   RoundStatus = "screening"   // the application window has closed
	RoundCirculating RoundStatus = "circulating" // the list is with the Member States
	RoundDecided     RoundStatus = "decided"     // every application has an outcome
)

// Round is one accreditation round of a body.
type Round struct {
	ID                int64
	BodyID            int64
	Number            int
	Policy            Policy // the version the round opened under
	Status            RoundStatus
	OpenedAt          time.Time
	ApplicationsClose time.Time
	CirculatedAt      time.Time // zero until circulated
	ObjectionsClose   time.Time // zero until circulated
	DecidedAt         time.Time
	CreatedBy         int64
}

// Kind tells an application from an ECOSOC notification.
type Kind string

const (
	KindApplication  Kind = "application"
	KindNotification Kind = "notification" // an organization in ECOSOC status notifies its interest
)

// Status is where an application stands.
type Status string

const (
	Draft         Status = "draft"          // the focal point is preparing it
	Submitted     Status = "submitted"      // waiting for screening
	Incomplete    Status = "incomplete"     // the Secretariat asked for more
	Complete      Status = "complete"       // screened, to be circulated
	NotCirculated Status = "not_circulated" // still incomplete when the list went out
	Circulated    Status = "circulated"     // with the Member States
	Accredited    Status = "accredited"
	Rejected      Status = "rejected" // blocked by objections, or not accepted
	Withdrawn     Status = "withdrawn"
)

// Editable reports whether the focal point may still change the application: until the
// list is circulated.
func (s Status) Editable() bool {
	return s == Draft || s == Submitted || s == Incomplete || s == Complete
}

// Decided reports whether the application has its outcome.
func (s Status) Decided() bool { return s == Accredited || s == Rejected }

// Closed reports whether nothing more happens to the application.
func (s Status) Closed() bool { return s.Decided() || s == Withdrawn || s == NotCirculated }

// Dossier is what an organization tells the body about itself.
type Dossier struct {
	Purpose        string // the organization's purpose
	Programmes     string // programmes and activities relevant to the body
	UNInteractions string // past interactions with the United Nations
	ContactName    string
	ContactEmail   string
	ContactPhone   string
	LetterFileID   int64 // the letter on letterhead, a PDF
}

// Application is an organization's application (or ECOSOC notification) in a round.
type Application struct {
	ID             int64
	RoundID        int64
	BodyID         int64
	OrganizationID int64
	Tracking       string // e.g. GM-R2-0042, quoted in every message
	Kind           Kind
	Status         Status
	Dossier
	// What the organization was when it applied.
	OrgType       organization.Type
	OrgNames      plenary.Localized
	HQState       string
	Website       string
	ECOSOC        organization.ECOSOC
	ScreeningNote string // what the Secretariat asked for, when incomplete
	SubmittedAt   time.Time
	DecidedAt     time.Time
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Stance is a Member State's position on an application.
type Stance string

const (
	Object  Stance = "object"
	Support Stance = "support" // only under a decision by the participants
)

// Position is a Member State's objection (or support). Withdrawn positions are kept for
// the record but count for nothing.
type Position struct {
	ID            int64
	ApplicationID int64
	State         string // ISO alpha-3 of the Member State
	Stance        Stance
	Reason        string // the "general basis", if given
	CreatedBy     int64
	CreatedAt     time.Time
	WithdrawnAt   time.Time
}

// Active reports whether the position still counts.
func (p Position) Active() bool { return p.WithdrawnAt.IsZero() }

// Disclosure is a Member State's request to the Chair to learn who objected to an
// application, and the Chair's answer.
type Disclosure struct {
	ID            int64
	ApplicationID int64
	State         string // the requesting State
	RequestedBy   int64
	RequestedAt   time.Time
	AnsweredBy    int64
	AnsweredAt    time.Time
	Note          string // the Chair's message
}

// Answered reports whether the Chair has answered.
func (d Disclosure) Answered() bool { return !d.AnsweredAt.IsZero() }

// Basis is why an organization is accredited.
type Basis string

const (
	BasisECOSOC       Basis = "ecosoc"        // notified, in consultative status with ECOSOC
	BasisNonObjection Basis = "non_objection" // no (or too few) objections
	BasisSecretariat  Basis = "secretariat"   // decided by the Secretariat
	BasisParticipants Basis = "participants"  // decided by the participants
)

// Accreditation is an organization's standing with a body.
type Accreditation struct {
	ID               int64
	BodyID           int64
	OrganizationID   int64
	ApplicationID    int64
	Basis            Basis
	AccreditedAt     time.Time
	ValidUntil       time.Time // zero: for the mandate
	WithdrawnAt      time.Time
	WithdrawnBy      int64
	WithdrawalReason string
}

// Active reports whether the accreditation holds at now.
func (a Accreditation) Active(now time.Time) bool {
	return a.WithdrawnAt.IsZero() && (a.ValidUntil.IsZero() || now.Before(a.ValidUntil))
}

// Outcome is the decision on one application.
type Outcome struct {
	Status     Status // Accredited or Rejected; Circulated when the rule leaves it to the Secretariat
	Objections int
	Supports   int
	Basis      Basis
}

// Decide applies a round's policy to the active positions on an application at the
// deadline. Under a Secretariat decision nothing is decided automatically.
func Decide(p Policy, positions []Position) Outcome {
	var o Outcome
	o.Objections, o.Supports = tally(positions)
	switch p.Rule {
	case NonObjection:
		o.Basis = BasisNonObjection
		o.Status = Accredited
		if o.Objections >= p.Threshold {
			o.Status = Rejected
		}
	case ParticipantsDecision:
		o.Basis = BasisParticipants
		o.Status = Rejected
		if o.Supports > o.Objections {
			o.Status = Accredited
		}
	default:
		o.Basis = BasisSecretariat
		o.Status = Circulated
	}
	return o
}

// tally counts the active objections and supports.
func tally(positions []Position) (objections, supports int) {
	for _, pos := range positions {
		if !pos.Active() {
			continue
		}
		switch pos.Stance {
		case Object:
			objections++
		case Support:
			supports++
		}
	}
	return objections, supports
}
