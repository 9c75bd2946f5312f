package accreditation

import (
	"slices"

	"github.com/plenary-platform/plenary"
)

// reader is what an actor is to one application, for deciding what they see.
type reader struct {
	staff     bool     // the Secretariat or a Chair: sees everything
	states    []string // the Member States the actor is a delegate of
	applicant bool     // holds a role for the applying organization
}

func readerOf(actor plenary.Actor, app Application, members func(string) bool) reader {
	r := reader{staff: actor.IsSecretariat() || actor.Has(plenary.RoleChair)}
	for _, s := range actor.States(plenary.RoleDelegate) {
		if members(s) {
			r.states = append(r.states, s)
		}
	}
	for _, id := range actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative) {
		if id == app.OrganizationID {
			r.applicant = true
		}
	}
	return r
}

// answeredFor reports whether one of the reader's States asked the Chair about this
// application and was answered.
func (r reader) answeredFor(ds []Disclosure) bool {
	for _, d := range ds {
		if d.Answered() && slices.Contains(r.states, d.State) {
			return true
		}
	}
	return false
}

// seesAll reports whether the reader may know every objecting State (objectors) or every
// reason (reasons is the reasons' audience list), under the policy.
func (r reader) seesAll(audiences []Audience, app Application, ds []Disclosure) bool {
	switch {
	case r.staff:
		return true
	case sees(audiences, Everyone):
		return true
	case sees(audiences, AllStates) && len(r.states) > 0:
		return true
	case sees(audiences, Applicant) && r.applicant && app.Status.Decided():
		return true
	case sees(audiences, StatesOnRequest) && r.answeredFor(ds):
		return true
	}
	return false
}

// View is an application as one actor may see it: the positions they may know of (their
// own State's always; others' as the policy says), reasons blanked where they may not
// read them, and what they may do next.
type View struct {
	Application
	Round       Round
	Positions   []Position   // visible ones only
	Counted     bool         // whether Objections and Supports may be shown
	Objections  int          // active objections, when Counted
	Supports    int          // active supports, when Counted
	Disclosures []Disclosure // the actor's own State's requests; all of them for staff
	Letter      bool         // a letter is attached

	MayEdit, MaySubmit, MayWithdraw, MayScreen, MayDecide bool
	MayTakePosition, MayRequestDisclosure                 bool
	PositionStates                                        []string // the States the actor may object for
}

// filter builds the view of app for r.
func filter(r reader, app Application, round Round, positions []Position, ds []Disclosure) View {
	v := View{Application: app, Round: round, Letter: app.LetterFileID != 0}
	if !r.staff && !r.applicant {
		// The contact person is for the Secretariat; Member States consider the
		// organization, not a person's address.
		v.ContactName, v.ContactEmail, v.ContactPhone = "", "", ""
	}
	p := round.Policy
	allObjectors := r.seesAll(p.ObjectorsSeenBy, app, ds)
	allReasons := r.seesAll(p.ReasonsSeenBy, app, ds)
	for _, pos := range positions {
		own := slices.Contains(r.states, pos.State)
		if !allObjectors && !own {
			continue
		}
		if !allReasons && !own {
			pos.Reason = ""
		}
		v.Positions = append(v.Positions, pos)
	}
	if allObjectors {
		v.Counted = true
		v.Objections, v.Supports = tally(positions)
	}
	for _, d := range ds {
		if r.staff || slices.Contains(r.states, d.State) {
			v.Disclosures = append(v.Disclosures, d)
		}
	}
	return v
}
