package api

import (
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/state"
)

// The JSON shapes of the API. They are separate from the domain types so that the API
// stays stable while the domain changes, and so that nothing is exposed by accident.

// Names are texts by language code.
type Names map[string]string

// State is a Member State or observer State.
type State struct {
	ISO3          string `json:"iso3" example:"FRA" doc:"ISO 3166-1 alpha-3 code"`
	ISO2          string `json:"iso2" example:"FR"`
	M49           string `json:"m49" example:"250" doc:"UN M49 numeric code"`
	Status        string `json:"status" enum:"member,observer"`
	RegionalGroup string `json:"regional_group" enum:"African,Asia-Pacific,Eastern European,GRULAC,WEOG,none"`
	Names         Names  `json:"names" doc:"Short names in the six languages"`
}

func stateJSON(s state.State) State {
	return State{ISO3: s.ISO3, ISO2: s.ISO2, M49: s.M49, Status: string(s.Status), RegionalGroup: string(s.Group), Names: Names(s.Names)}
}

// Role is a role held by a user.
type Role struct {
	ID             int64     `json:"id"`
	Role           string    `json:"role" enum:"secretariat,chair,delegate,point_of_contact,poc_nominator,focal_point,representative,observer,state_editor,state_reviewer,state_submitter"`
	State          string    `json:"state,omitempty" doc:"For roles held for a State (delegates, Points of Contact, nominators, a State's team): the State (ISO alpha-3)"`
	OrganizationID int64     `json:"organization_id,omitempty" doc:"For focal points, representatives and observers"`
	GrantedAt      time.Time `json:"granted_at"`
	Accepted       bool      `json:"accepted" doc:"False while a role offered by a focal point awaits the person's acceptance; it gives no rights until then"`
}

// User is an account.
type User struct {
	ID           int64      `json:"id"`
	Email        string     `json:"email"`
	Name         string     `json:"name"`
	Lang         string     `json:"lang" enum:"ar,zh,en,fr,ru,es"`
	Roles        []Role     `json:"roles"`
	SecondFactor bool       `json:"second_factor" doc:"Whether an authenticator app is set up"`
	Invited      bool       `json:"invited" doc:"True until the person sets a password"`
	Disabled     bool       `json:"disabled"`
	CreatedAt    time.Time  `json:"created_at"`
	LastSignInAt *time.Time `json:"last_sign_in_at,omitempty"`
}

func userJSON(u account.User) User {
	out := User{ID: u.ID, Email: u.Email, Name: u.Name, Lang: u.Lang, Roles: []Role{}, SecondFactor: u.TOTPEnabled,
		Invited: !u.HasPassword, Disabled: u.Disabled(), CreatedAt: u.CreatedAt, LastSignInAt: optTime(u.LastSignInAt)}
	for _, g := range u.Grants {
		out.Roles = append(out.Roles, roleJSON(g))
	}
	return out
}

func roleJSON(g account.Grant) Role {
	return Role{ID: g.ID, Role: string(g.Role), State: g.State, OrganizationID: g.OrganizationID, GrantedAt: g.GrantedAt, Accepted: !g.Pending()}
}

// Token is an API token (never its secret).
type Token struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix" doc:"The first characters of the token, to tell tokens apart"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

func tokenJSON(t account.APIToken) Token {
	out := Token{ID: t.ID, Name: t.Name, Prefix: t.Prefix, Scopes: []string{}, CreatedAt: t.CreatedAt,
		ExpiresAt: optTime(t.ExpiresAt), LastUsedAt: optTime(t.LastUsedAt), RevokedAt: optTime(t.RevokedAt)}
	for _, s := range t.Scopes {
		out.Scopes = append(out.Scopes, string(s))
	}
	return out
}

// Organization is an organization.
type Organization struct {
	ID        int64     `json:"id"`
	Type      string    `json:"type" enum:"ngo,business,academia,technical_community,intergovernmental,un_entity"`
	Names     Names     `json:"names" doc:"The name in one or more of the six languages"`
	Acronym   string    `json:"acronym,omitempty"`
	HQState   string    `json:"hq_state" doc:"Headquarters country (ISO alpha-3)"`
	Website   string    `json:"website,omitempty"`
	ECOSOC    string    `json:"ecosoc_status" enum:"none,general,special,roster"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func organizationJSON(o organization.Organization) Organization {
	return Organization{ID: o.ID, Type: string(o.Type), Names: Names(o.Names), Acronym: o.Acronym, HQState: o.HQState,
		Website: o.Website, ECOSOC: string(o.ECOSOC), CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

// OrganizationInput is what a client sends to record or change an organization.
type OrganizationInput struct {
	Type    string `json:"type" enum:"ngo,business,academia,technical_community,intergovernmental,un_entity"`
	Names   Names  `json:"names" doc:"The name in one or more of the six languages, by language code"`
	Acronym string `json:"acronym,omitempty" maxLength:"30"`
	HQState string `json:"hq_state" doc:"Headquarters country (ISO alpha-3)" maxLength:"3"`
	Website string `json:"website,omitempty" maxLength:"500"`
	ECOSOC  string `json:"ecosoc_status,omitempty" enum:"none,general,special,roster"`
}

func (in OrganizationInput) domain() organization.Input {
	return organization.Input{Type: organization.Type(in.Type), Names: plenary.Localized(in.Names), Acronym: in.Acronym,
		HQState: in.HQState, Website: in.Website, ECOSOC: organization.ECOSOC(in.ECOSOC)}
}

// Member is a person holding a role for an organization, or on a State's team.
type Member struct {
	RoleID   int64  `json:"role_id"`
	UserID   int64  `json:"user_id"`
	Name     string `json:"name"`
	Email    string `json:"email,omitempty" doc:"Shown to the Secretariat and to whoever gives the roles: the organization's focal point, the State's nominator"`
	Role     string `json:"role"`
	Accepted bool   `json:"accepted" doc:"False while the person has not accepted the role offered"`
}

// AuditEvent is one event of the audit trail.
type AuditEvent struct {
	ID          int64             `json:"id"`
	At          time.Time         `json:"at"`
	ActorUserID int64             `json:"actor_user_id,omitempty"`
	ActorName   string            `json:"actor_name"`
	Action      string            `json:"action"`
	ObjectType  string            `json:"object_type"`
	ObjectID    string            `json:"object_id"`
	Details     map[string]string `json:"details"`
	IP          string            `json:"ip,omitempty"`
	PrevHash    string            `json:"prev_hash"`
	Hash        string            `json:"hash"`
}

func auditJSON(e audit.Event) AuditEvent {
	d := e.Details
	if d == nil {
		d = map[string]string{}
	}
	return AuditEvent{ID: e.ID, At: e.At, ActorUserID: e.ActorUserID, ActorName: e.ActorName, Action: e.Action,
		ObjectType: e.ObjectType, ObjectID: e.ObjectID, Details: d, IP: e.IP, PrevHash: e.PrevHash, Hash: e.Hash}
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// PageParams are the paging parameters of every list.
type PageParams struct {
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Items per page"`
	Cursor string `query:"cursor" maxLength:"2076" doc:"The next_cursor of the previous page"`
}

func (p PageParams) request() plenary.PageRequest {
	return plenary.PageRequest{Limit: p.Limit, Cursor: p.Cursor}
}
