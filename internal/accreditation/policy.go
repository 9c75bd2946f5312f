// Package accreditation runs the accreditation of stakeholders to a body under a
// non-objection procedure whose rules are data: each body has a versioned Policy (who may
// apply, the decision rule, the periods, who sees objections and their reasons, how long
// accreditation lasts), and each round keeps the policy it opened under.
//
// Organizations apply through their focal point; the Secretariat opens rounds, screens
// applications and circulates them to Member States; State delegates may object (or, under
// a decision by the participants, support) until the deadline; at the deadline a job
// decides every application by the round's policy. Organizations in consultative status
// with ECOSOC may notify their interest instead of applying.
//
// Who objected, and why, reaches exactly the people the policy names. Every read of an
// application goes through View, which removes what the actor may not see; no page, API
// response, export, e-mail or log gets objections another way.
package accreditation

import (
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/organization"
)

// Rule is how applications are decided.
type Rule string

const (
	// NonObjection accredits unless at least Threshold Member States object.
	NonObjection Rule = "non_objection"
	// SecretariatDecision: the Secretariat decides each application; objections inform it.
	SecretariatDecision Rule = "secretariat"
	// ParticipantsDecision accredits when more Member States support than object (States
	// that stay silent count for neither; with no view expressed, the application fails).
	ParticipantsDecision Rule = "participants"
)

// Rules lists the decision rules.
var Rules = []Rule{NonObjection, SecretariatDecision, ParticipantsDecision}

// Audience is who, besides the Chair and the Secretariat (who always do), may see an
// objection's State or its reason.
type Audience string

const (
	// StatesOnRequest: a Member State that asked the Chair, once the Chair answered.
	StatesOnRequest Audience = "states_on_request"
	// AllStates: every Member State's delegates.
	AllStates Audience = "all_states"
	// Applicant: the applying organization's people, once the application is decided.
	Applicant Audience = "applicant"
	// Everyone: the public.
	Everyone Audience = "public"
)

// Audiences lists them in order of openness.
var Audiences = []Audience{StatesOnRequest, AllStates, Applicant, Everyone}

// ReasonMode says whether an objecting State gives its reason (the "general basis").
type ReasonMode string

const (
	ReasonNotAsked ReasonMode = "not_asked"
	ReasonOptional ReasonMode = "optional"
	ReasonRequired ReasonMode = "required"
)

// ReasonModes lists them.
var ReasonModes = []ReasonMode{ReasonNotAsked, ReasonOptional, ReasonRequired}

// Validity is how long an accreditation lasts.
type Validity string

const (
	ForMandate Validity = "mandate" // until the body's mandate ends, or the accreditation is withdrawn
	UntilDate  Validity = "until"   // until ValidUntil
)

// Policy is a body's accreditation rules at one version. Changing the rules makes a new
// version; a round keeps the version it opened under.
type Policy struct {
	ID        int64
	BodyID    int64
	Version   int
	Eligible  []organization.Type // who may apply
	FastTrack bool                // organizations in ECOSOC status notify instead of applying
	Rule      Rule
	Threshold int // objections that block, under NonObjection
	// ApplicationDays is how long a round takes applications; CirculationDays how long
	// Member States have to object once the list is circulated.
	ApplicationDays int
	CirculationDays int
	// DeadlineHour is the hour of the body's local day at which periods end (18:00: the
	// close of business at Headquarters).
	DeadlineHour       int
	ObjectorsSeenBy    []Audience
	ReasonMode         ReasonMode
	ReasonsSeenBy      []Audience
	Validity           Validity
	ValidUntil         time.Time // for UntilDate
	ReapplyAfterReject bool
	CreatedBy          int64
	CreatedAt          time.Time
}

// DefaultPolicy is the practice of the Open-ended Working Group 2021–2025 (April 2022
// modalities): organizations in ECOSOC status notify; the others are circulated to Member
// States; one objection blocks; only the Chair and the Secretariat know who objected; a
// reason is optional; accreditation lasts for the mandate; a rejected organization may
// apply again in a later round.
func DefaultPolicy() Policy {
	return Policy{
		Eligible:           []organization.Type{organization.NGO, organization.Business, organization.Academia, organization.TechnicalCommunity},
		FastTrack:          true,
		Rule:               NonObjection,
		Threshold:          1,
		ApplicationDays:    21,
		CirculationDays:    14,
		DeadlineHour:       18,
		ReasonMode:         ReasonOptional,
		Validity:           ForMandate,
		ReapplyAfterReject: true,
	}
}

// Sees reports whether audience is among those of a setting.
func sees(list []Audience, a Audience) bool { return slices.Contains(list, a) }

// PolicyInput is what the Secretariat sets.
type PolicyInput struct {
	Eligible           []organization.Type
	FastTrack          bool
	Rule               Rule
	Threshold          int
	ApplicationDays    int
	CirculationDays    int
	DeadlineHour       int
	ObjectorsSeenBy    []Audience
	ReasonMode         ReasonMode
	ReasonsSeenBy      []Audience
	Validity           Validity
	ValidUntil         time.Time
	ReapplyAfterReject bool
}

// check validates a policy; now is used to refuse a validity date in the past.
func (in PolicyInput) check(p *plenary.Problems, now time.Time) {
	if len(in.Eligible) == 0 {
		p.Add("eligible", "accreditation.eligible_required", nil)
	}
	for _, t := range in.Eligible {
		if !slices.Contains(organization.Types, t) || t.Intergovernmental() {
			p.Add("eligible", "field.choice", nil)
		}
	}
	p.OneOf("rule", string(in.Rule), strings.Fields(joinRules())...)
	if in.Rule == NonObjection && (in.Threshold < 1 || in.Threshold > 193) {
		p.Add("threshold", "accreditation.threshold_range", map[string]any{"Max": 193})
	}
	if in.ApplicationDays < 1 || in.ApplicationDays > 365 {
		p.Add("application_days", "accreditation.days_range", map[string]any{"Max": 365})
	}
	if in.CirculationDays < 1 || in.CirculationDays > 180 {
		p.Add("circulation_days", "accreditation.days_range", map[string]any{"Max": 180})
	}
	if in.DeadlineHour < 0 || in.DeadlineHour > 23 {
		p.Add("deadline_hour", "field.choice", nil)
	}
	for _, a := range append(append([]Audience(nil), in.ObjectorsSeenBy...), in.ReasonsSeenBy...) {
		if !slices.Contains(Audiences, a) {
			p.Add("objectors_seen_by", "field.choice", nil)
		}
	}
	p.OneOf("reason_mode", string(in.ReasonMode), string(ReasonNotAsked), string(ReasonOptional), string(ReasonRequired))
	p.OneOf("validity", string(in.Validity), string(ForMandate), string(UntilDate))
	if in.Validity == UntilDate && !in.ValidUntil.After(now) {
		p.Add("valid_until", "accreditation.valid_until_future", nil)
	}
}

func joinRules() string {
	var b strings.Builder
	for _, r := range Rules {
		b.WriteString(string(r) + " ")
	}
	return b.String()
}

// Deadline is the instant a period of days ends, counted in the body's time zone: at
// hour o'clock local time, days calendar days after the local date of start. Counting in
// local calendar days keeps "14 days" at the same local hour across a change of daylight
// saving time, when it is not 14 × 24 hours.
func Deadline(start time.Time, days, hour int, loc *time.Location) time.Time {
	local := start.In(loc)
	d := time.Date(local.Year(), local.Month(), local.Day()+days, hour, 0, 0, 0, loc)
	return d.UTC()
}
