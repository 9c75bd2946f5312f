// Package consultation runs consultations on drafts: a window in which States,
// stakeholders or the public send written input, general or anchored to paragraphs, each
// acknowledged with a tracking number only once it is durably stored.
package consultation

import (
	"crypto/rand"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
)

// LateRule says what happens to input sent after the consultation closes.
type LateRule string

const (
	LateRefused  LateRule = "refuse"        // refused, with the closing time in the message
	LateAccepted LateRule = "accept_marked" // accepted and marked late for all to see
)

// Eligibility says who may submit. Each level includes the ones before it: States; then
// also accredited organizations; then anyone signed in; then anyone at all, with a name
// and an e-mail address.
type Eligibility string

const (
	EligibleStates        Eligibility = "states"
	EligibleOrganizations Eligibility = "organizations"
	EligibleUsers         Eligibility = "users"
	EligibleAnyone        Eligibility = "anyone"
)

// Eligibilities lists the levels, narrowest first.
var Eligibilities = []Eligibility{EligibleStates, EligibleOrganizations, EligibleUsers, EligibleAnyone}

// Stance is what an anchored input says about a paragraph.
type Stance string

const (
	StanceSupport Stance = "support"
	StanceOppose  Stance = "oppose"
	StanceAmend   Stance = "amend" // with proposed text
	StanceComment Stance = "comment"
)

// Stances lists the stances in the order counts show them.
var Stances = []Stance{StanceSupport, StanceOppose, StanceAmend, StanceComment}

// Status is where a submission stands.
type Status string

const (
	StatusPending   Status = "pending" // waiting for moderation
	StatusPublished Status = "published"
	StatusRejected  Status = "rejected"
	StatusWithdrawn Status = "withdrawn"
)

// Behalf says for whom a submission speaks.
type Behalf string

const (
	BehalfSelf         Behalf = "self"
	BehalfState        Behalf = "state"
	BehalfOrganization Behalf = "organization"
)

// Consultation is a consultation on one version of a draft.
type Consultation struct {
	ID          int64
	DocumentID  int64
	OpensAt     time.Time
	ClosesAt    time.Time
	LateRule    LateRule
	Eligibility Eligibility
	Moderated   bool
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Phase is where a consultation is in its window.
type Phase string

const (
	PhaseUpcoming Phase = "upcoming"
	PhaseOpen     Phase = "open"
	PhaseClosed   Phase = "closed"
)

// Phase tells where the consultation is at now: open from OpensAt included to ClosesAt
// excluded.
func (c Consultation) Phase(now time.Time) Phase {
	switch {
	case now.Before(c.OpensAt):
		return PhaseUpcoming
	case now.Before(c.ClosesAt):
		return PhaseOpen
	}
	return PhaseClosed
}

// Accepts tells whether input sent at now is taken, and whether it is late.
func (c Consultation) Accepts(now time.Time) (ok, late bool) {
	switch c.Phase(now) {
	case PhaseOpen:
		return true, false
	case PhaseClosed:
		return c.LateRule == LateAccepted, true
	}
	return false, false
}

// Anchor is what a submission says about one paragraph.
type Anchor struct {
	ParagraphKey string
	Stance       Stance
	Comment      string
	ProposedText string // for an amendment
}

// Submission is one written input.
type Submission struct {
	ID             int64
	ConsultationID int64
	Tracking       string
	Submitter      string // "u<id>" or "e<address>": who, for idempotency and withdrawal
	IdempotencyKey string
	UserID         int64
	AuthorName     string
	AuthorEmail    string // never shown to others
	OnBehalf       Behalf
	State          string
	OrganizationID int64
	Language       string
	Text           string
	Status         Status
	Late           bool
	Signers        int
	Campaign       string
	File           *files.File // the attachment's description, nil without one
	CreatedAt      time.Time
	DecidedAt      time.Time
	DecidedBy      int64
	Reason         string
	Anchors        []Anchor
}

// Input opens or changes a consultation.
type Input struct {
	OpensAt     time.Time
	ClosesAt    time.Time
	LateRule    LateRule
	Eligibility Eligibility
	Moderated   bool
}

func (in Input) check(p *plenary.Problems) {
	if in.OpensAt.IsZero() {
		p.Add("opens_at", "field.required", nil)
	}
	if in.ClosesAt.IsZero() {
		p.Add("closes_at", "field.required", nil)
	} else if !in.OpensAt.IsZero() && !in.ClosesAt.After(in.OpensAt) {
		p.Add("closes_at", "consultation.closes_before_opening", nil)
	}
	p.OneOf("late_rule", string(in.LateRule), string(LateRefused), string(LateAccepted))
	p.OneOf("eligibility", string(in.Eligibility), string(EligibleStates), string(EligibleOrganizations),
		string(EligibleUsers), string(EligibleAnyone))
}

// Limits on a submission.
const (
	MaxText      = 20_000 // characters of the general text, or of a comment or proposed text
	MaxAnchors   = 200    // paragraphs one submission speaks to
	MaxFile      = 5 << 20
	MaxKey       = 100 // characters of an idempotency key
	MaxSigners   = 10_000_000
	MaxName      = 200
	MaxCampaign  = 200
	trackingSize = 10
	// MaxTracking is the length of the longest tracking number: the prefix (a body's
	// code), a dash, and ten characters in two groups.
	MaxTracking = body.MaxCode + 1 + trackingSize + 1
	// MaxReason bounds the moderator's reason for rejecting input, told to its author.
	MaxReason = 2000
)

// SubmitInput is a submission as its author sends it.
type SubmitInput struct {
	// Name and Email identify an author without an account (consultations open to anyone).
	Name  string
	Email string
	// OnBehalf, with State or OrganizationID, says for whom it speaks.
	OnBehalf       Behalf
	State          string
	OrganizationID int64
	Language       string
	Text           string
	Anchors        []Anchor
	File           *files.Upload
	// IdempotencyKey makes a retry the same submission: the same key from the same author
	// returns the first one's tracking number.
	IdempotencyKey string
	// Signers and Campaign come with the bulk channel: how many people an organized
	// campaign submits for.
	Signers  int
	Campaign string
}

func (in *SubmitInput) normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.Email = plenary.NormalizeEmail(in.Email)
	in.Text = strings.TrimSpace(in.Text)
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	in.Campaign = strings.TrimSpace(in.Campaign)
	if in.OnBehalf == "" {
		in.OnBehalf = BehalfSelf
	}
	if in.Signers == 0 {
		in.Signers = 1
	}
	for i := range in.Anchors {
		a := &in.Anchors[i]
		a.Comment, a.ProposedText = strings.TrimSpace(a.Comment), strings.TrimSpace(a.ProposedText)
	}
}

// trackingAlphabet leaves out letters and digits read alike (0/O, 1/I/L, 5/S, 2/Z, 8/B),
// so that a number read out over the telephone or copied by hand still works.
const trackingAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// NewTracking makes a tracking number: a prefix and ten random characters in two groups,
// like "GM-7KQ9C-MXA4T". 25¹⁰ ≈ 10¹⁴ numbers: guessing one is hopeless, and a collision
// (refused by the database's unique index, and then retried) is rare.
func NewTracking(prefix string) string {
	b := make([]byte, trackingSize)
	_, _ = rand.Read(b)
	out := make([]byte, 0, trackingSize+1)
	for i, c := range b {
		if i == trackingSize/2 {
			out = append(out, '-')
		}
		out = append(out, trackingAlphabet[int(c)%len(trackingAlphabet)])
	}
	return strings.ToUpper(prefix) + "-" + string(out)
}
