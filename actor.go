package plenary

import "slices"

// Role is what a person does in the process. A person may hold several, each granted by
// the Secretariat (or, for representatives, by their organization's focal point).
type Role string

const (
	// RoleSecretariat: staff of the UN office that services the body.
	RoleSecretariat Role = "secretariat"
	// RoleChair: the Chair of a body or a co-facilitator of a thematic group.
	RoleChair Role = "chair"
	// RoleDelegate: a member of a State's delegation (held for one State).
	RoleDelegate Role = "delegate"
	// RolePointOfContact: a diplomatic or technical Point of Contact of a State (for one State).
	RolePointOfContact Role = "point_of_contact"
	// RoleNominator: the person a State authorises to nominate its Points of Contact and keep
	// its entries in the directory current (for one State; the Secretariat gives it to a
	// focal point of the State's mission).
	RoleNominator Role = "poc_nominator"
	// RoleFocalPoint: the person who acts for an organization (for one organization).
	RoleFocalPoint Role = "focal_point"
	// RoleRepresentative: a representative of an organization (for one organization).
	RoleRepresentative Role = "representative"
	// RoleObserver: a representative of an intergovernmental organization or UN entity
	// taking part as an observer (for one organization).
	RoleObserver Role = "observer"

	// A State's team: the people who draft, review and submit what the State reports (its
	// answers to the national survey, its follow-up of commitments, its capacity-building
	// needs), for one State. The State's nominator or the Secretariat gives these roles.

	// RoleTeamEditor drafts the State's reports.
	RoleTeamEditor Role = "state_editor"
	// RoleTeamReviewer reads the State's drafts and comments on them.
	RoleTeamReviewer Role = "state_reviewer"
	// RoleTeamSubmitter submits the State's reports and decides their publication.
	RoleTeamSubmitter Role = "state_submitter"
)

// Roles lists every role, in the order pages show them.
var Roles = []Role{RoleSecretariat, RoleChair, RoleDelegate, RolePointOfContact, RoleNominator, RoleFocalPoint, RoleRepresentative, RoleObserver,
	RoleTeamEditor, RoleTeamReviewer, RoleTeamSubmitter}

// TeamRoles are the roles of a State's team.
var TeamRoles = []Role{RoleTeamEditor, RoleTeamReviewer, RoleTeamSubmitter}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// ForState reports whether the role is held on behalf of a State.
func (r Role) ForState() bool {
	return r == RoleDelegate || r == RolePointOfContact || r == RoleNominator || slices.Contains(TeamRoles, r)
}

// ForOrganization reports whether the role is held on behalf of an organization.
func (r Role) ForOrganization() bool {
	return r == RoleFocalPoint || r == RoleRepresentative || r == RoleObserver
}

// RequiresSecondFactor reports whether holding the role requires a second factor at
// sign-in: the Secretariat administers everything, and Points of Contact see the
// directory that States must be able to trust.
func (r Role) RequiresSecondFactor() bool {
	return r == RoleSecretariat || r == RolePointOfContact
}

// Grant is one role held by one person, on behalf of a State or an organization where
// the role says so.
type Grant struct {
	Role           Role
	State          string // ISO 3166-1 alpha-3 code, for delegates and Points of Contact
	OrganizationID int64  // for focal points, representatives and observers
}

// Scope limits what an API token may do on behalf of its owner. A token never gives more
// than its owner's roles.
type Scope string

const (
	ScopeRead  Scope = "read"  // read what the owner may read
	ScopeWrite Scope = "write" // also change what the owner may change
)

// Scopes lists every scope.
var Scopes = []Scope{ScopeRead, ScopeWrite}

// Actor is who is acting: a signed-in person with their roles, a person using an API
// token, the system itself (command line, scheduled jobs), or the public. Every service
// method takes the actor as an explicit argument and decides there what it may do.
type Actor struct {
	UserID int64
	Name   string
	Lang   string
	Grants []Grant
	// Scopes is set when the actor acts through an API token; nil means a browser session
	// or the system, which are not limited by scopes.
	Scopes []Scope
	// System is true for the command line and scheduled jobs acting on their own.
	System bool
	// IP is the address the actor acts from, recorded in the audit trail.
	IP string
}

// Public is the anonymous actor.
func Public(lang string) Actor { return Actor{Lang: lang} }

// System returns the actor for work the system does on its own account (command line,
// schedules).
func System(name string) Actor { return Actor{Name: name, System: true, Lang: DefaultLanguage} }

// SignedIn reports whether the actor is a known person.
func (a Actor) SignedIn() bool { return a.UserID != 0 }

// Has reports whether the actor holds role for anything.
func (a Actor) Has(role Role) bool {
	for _, g := range a.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// HasForState reports whether the actor holds role on behalf of the State iso3.
func (a Actor) HasForState(role Role, iso3 string) bool {
	for _, g := range a.Grants {
		if g.Role == role && g.State == iso3 {
			return true
		}
	}
	return false
}

// HasForOrganization reports whether the actor holds role on behalf of organization id.
func (a Actor) HasForOrganization(role Role, id int64) bool {
	for _, g := range a.Grants {
		if g.Role == role && g.OrganizationID == id {
			return true
		}
	}
	return false
}

// IsSecretariat reports whether the actor may administer: the Secretariat, or the system.
func (a Actor) IsSecretariat() bool { return a.System || a.Has(RoleSecretariat) }

// States returns the States for which the actor holds role.
func (a Actor) States(role Role) []string {
	var out []string
	for _, g := range a.Grants {
		if g.Role == role && g.State != "" && !slices.Contains(out, g.State) {
			out = append(out, g.State)
		}
	}
	return out
}

// OnTeam reports whether the actor is on the team of the State iso3, in any of roles
// (any team role when none is given).
func (a Actor) OnTeam(iso3 string, roles ...Role) bool {
	if len(roles) == 0 {
		roles = TeamRoles
	}
	for _, g := range a.Grants {
		if g.State == iso3 && slices.Contains(roles, g.Role) {
			return true
		}
	}
	return false
}

// ForAnyState reports whether the actor holds a role on behalf of some State: what
// "States only" means.
func (a Actor) ForAnyState() bool {
	for _, g := range a.Grants {
		if g.Role.ForState() && g.State != "" {
			return true
		}
	}
	return false
}

// Organizations returns the organizations for which the actor holds any of roles.
func (a Actor) Organizations(roles ...Role) []int64 {
	var out []int64
	for _, g := range a.Grants {
		if g.OrganizationID != 0 && slices.Contains(roles, g.Role) && !slices.Contains(out, g.OrganizationID) {
			out = append(out, g.OrganizationID)
		}
	}
	return out
}

// CanWrite reports whether the actor may change things: always, unless it acts through
// an API token without the write scope.
func (a Actor) CanWrite() bool {
	return a.Scopes == nil || slices.Contains(a.Scopes, ScopeWrite)
}
