// Package organization holds the non-State entities that take part in the process:
// non-governmental organizations, businesses, academia, the technical community,
// intergovernmental organizations and UN entities. Each has a focal point who acts for
// it and members (representatives, or observers for intergovernmental bodies), held as
// roles in the account domain.
//
// Accreditation (a later capability) builds on these records. Until then an
// organization is visible only to the Secretariat and its own members.
package organization

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
)

// Type is the category of an organization, as the UN's participation modalities use it.
type Type string

const (
	NGO                Type = "ngo"
	Business           Type = "business"
	Academia           Type = "academia"
	TechnicalCommunity Type = "technical_community"
	Intergovernmental  Type = "intergovernmental"
	UNEntity           Type = "un_entity"
)

// Types lists every type, in the order forms show them.
var Types = []Type{NGO, Business, Academia, TechnicalCommunity, Intergovernmental, UNEntity}

// Intergovernmental reports whether organizations of this type take part as observers
// rather than as stakeholders.
func (t Type) Intergovernmental() bool { return t == Intergovernmental || t == UNEntity }

// ECOSOC is an organization's consultative status with the Economic and Social Council.
// Organizations in status notify their interest instead of applying for accreditation.
type ECOSOC string

const (
	NoStatus      ECOSOC = "none"
	GeneralStatus ECOSOC = "general"
	SpecialStatus ECOSOC = "special"
	Roster        ECOSOC = "roster"
)

// ECOSOCStatuses lists every status.
var ECOSOCStatuses = []ECOSOC{NoStatus, GeneralStatus, SpecialStatus, Roster}

// Organization is one organization.
type Organization struct {
	ID        int64
	Type      Type
	Names     plenary.Localized // in one or more of the six languages
	Acronym   string
	HQState   string // ISO 3166-1 alpha-3 of the headquarters country
	Website   string
	ECOSOC    ECOSOC
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Name returns the name in lang, or the best other.
func (o Organization) Name(lang string) string { return o.Names.Text(lang) }

// Member is a person holding a role for an organization.
type Member struct {
	GrantID int64
	UserID  int64
	Name    string
	Email   string // empty when the reader may not see addresses
	Role    plenary.Role
	Pending bool // offered, not yet accepted
}

// Limits of an organization's record, in characters.
const (
	MaxAcronym = 30
	MaxWebsite = 500
)

// Input is what a form or an API call gives for an organization.
type Input struct {
	Type    Type
	Names   plenary.Localized
	Acronym string
	HQState string
	Website string
	ECOSOC  ECOSOC
}

func (in *Input) normalize() {
	names := plenary.Localized{}
	for l, n := range in.Names {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			names[l] = n
		}
	}
	in.Names = names
	in.Acronym = strings.TrimSpace(in.Acronym)
	in.HQState = strings.ToUpper(strings.TrimSpace(in.HQState))
	in.Website = strings.TrimSpace(in.Website)
	if in.ECOSOC == "" {
		in.ECOSOC = NoStatus
	}
}

func (in Input) check(ctx context.Context, p *plenary.Problems, states StateChecker) error {
	if len(in.Names) == 0 {
		p.Add("names", "organization.name_required", nil)
	}
	for l, n := range in.Names {
		if !plenary.ValidLanguage(l) {
			p.Add("names", "field.choice", nil)
			continue
		}
		if p.Line("name_"+l, n) {
			p.MaxLength("name_"+l, n, 300)
		}
	}
	if p.Line("acronym", in.Acronym) {
		p.MaxLength("acronym", in.Acronym, MaxAcronym)
	}
	if !slices.Contains(Types, in.Type) {
		p.Add("type", "field.choice", nil)
	}
	if !slices.Contains(ECOSOCStatuses, in.ECOSOC) {
		p.Add("ecosoc", "field.choice", nil)
	}
	if in.Website != "" && p.MaxLength("website", in.Website, MaxWebsite) {
		p.URL("website", in.Website)
	}
	if p.Required("hq_state", in.HQState) {
		ok, err := states.StateExists(ctx, in.HQState)
		if err != nil {
			return err
		}
		if !ok {
			p.Add("hq_state", "field.unknown_state", nil)
		}
	}
	return nil
}

// StateChecker tells whether a State code is known.
type StateChecker interface {
	StateExists(ctx context.Context, iso3 string) (bool, error)
}

// Store is what organization needs from the database.
type Store interface {
	StateChecker
	Organization(ctx context.Context, id int64) (Organization, error)
	ListOrganizations(ctx context.Context, afterID int64, limit int) ([]Organization, error)
	Members(ctx context.Context, id int64) ([]Member, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what organization changes in one transaction.
type Tx interface {
	Organization(ctx context.Context, id int64) (Organization, error)
	CreateOrganization(ctx context.Context, o Organization) (Organization, error)
	UpdateOrganization(ctx context.Context, o Organization) error
	Audit(ctx context.Context, e audit.Event) error
}

// Service is the organization domain.
type Service struct {
	store Store
	clock plenary.Clock
}

func NewService(s Store, c plenary.Clock) *Service { return &Service{store: s, clock: c} }

// mayRead: the Secretariat, and anyone holding a role for the organization.
func mayRead(actor plenary.Actor, id int64) bool {
	return actor.IsSecretariat() || slices.Contains(actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative, plenary.RoleObserver), id)
}

// mayEdit: the Secretariat, and the organization's focal point.
func mayEdit(actor plenary.Actor, id int64) bool {
	return actor.CanWrite() && (actor.IsSecretariat() || actor.HasForOrganization(plenary.RoleFocalPoint, id))
}

// Get returns one organization the actor may see; others look as if they did not exist.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (Organization, error) {
	if !mayRead(actor, id) {
		return Organization{}, plenary.Hidden(actor)
	}
	return s.store.Organization(ctx, id)
}

// MayEdit tells a page whether to offer editing.
func (s *Service) MayEdit(actor plenary.Actor, id int64) bool { return mayEdit(actor, id) }

// List returns the organizations the actor may see: all of them, one page at a time, for
// the Secretariat; the actor's own for anyone else.
func (s *Service) List(ctx context.Context, actor plenary.Actor, page plenary.PageRequest) (plenary.Page[Organization], error) {
	if !actor.SignedIn() && !actor.System {
		return plenary.Page[Organization]{}, plenary.Unauthenticated("error.unauthenticated")
	}
	pos, err := plenary.DecodeCursor(page.Cursor)
	if err != nil {
		return plenary.Page[Organization]{}, err
	}
	if !actor.IsSecretariat() {
		var out plenary.Page[Organization]
		ids := actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative, plenary.RoleObserver)
		slices.Sort(ids)
		for _, id := range ids {
			o, err := s.store.Organization(ctx, id)
			if err != nil {
				return out, err
			}
			out.Items = append(out.Items, o)
		}
		return out, nil
	}
	n := page.Size()
	orgs, err := s.store.ListOrganizations(ctx, pos.ID, n+1)
	if err != nil {
		return plenary.Page[Organization]{}, err
	}
	var out plenary.Page[Organization]
	if len(orgs) > n {
		orgs = orgs[:n]
		out.Next = plenary.EncodeCursor(plenary.Position{ID: orgs[n-1].ID})
	}
	out.Items = orgs
	return out, nil
}

// MayCreate tells a page whether to offer recording an organization.
func (s *Service) MayCreate(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// Create records an organization. The Secretariat creates organizations; its focal point
// is then given that role in the account domain.
func (s *Service) Create(ctx context.Context, actor plenary.Actor, in Input) (Organization, error) {
	if err := s.MayCreate(actor); err != nil {
		return Organization{}, err
	}
	in.normalize()
	var p plenary.Problems
	if err := in.check(ctx, &p, s.store); err != nil {
		return Organization{}, err
	}
	if err := p.Err(); err != nil {
		return Organization{}, err
	}
	now := s.clock.Now().UTC()
	o := Organization{Type: in.Type, Names: in.Names, Acronym: in.Acronym, HQState: in.HQState,
		Website: in.Website, ECOSOC: in.ECOSOC, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if o, err = tx.CreateOrganization(ctx, o); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "organization.created", "organization", o.ID, details(o)))
	})
	return o, err
}

// Update changes an organization. The Secretariat and the focal point may; but what
// decides how the organization takes part — its type, its ECOSOC status (which lets it
// skip accreditation) and its headquarters — only the Secretariat may change. For a focal
// point, leaving those empty keeps them as they are.
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, in Input) (Organization, error) {
	if !mayEdit(actor, id) {
		if mayRead(actor, id) {
			return Organization{}, plenary.Deny(actor)
		}
		return Organization{}, plenary.Hidden(actor)
	}
	current, err := s.store.Organization(ctx, id)
	if err != nil {
		return Organization{}, err
	}
	var p plenary.Problems
	if !actor.IsSecretariat() {
		keep := func(field string, given *string, have string) {
			switch {
			case *given == "":
				*given = have
			case !strings.EqualFold(strings.TrimSpace(*given), have):
				p.Add(field, "organization.secretariat_only", nil)
			}
		}
		t, e := string(in.Type), string(in.ECOSOC)
		keep("type", &t, string(current.Type))
		keep("ecosoc", &e, string(current.ECOSOC))
		keep("hq_state", &in.HQState, current.HQState)
		in.Type, in.ECOSOC = Type(t), ECOSOC(e)
	}
	in.normalize()
	if err := in.check(ctx, &p, s.store); err != nil {
		return Organization{}, err
	}
	if err := p.Err(); err != nil {
		return Organization{}, err
	}
	now := s.clock.Now().UTC()
	var o Organization
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if o, err = tx.Organization(ctx, id); err != nil {
			return err
		}
		o.Type, o.Names, o.Acronym, o.HQState, o.Website, o.ECOSOC, o.UpdatedAt =
			in.Type, in.Names, in.Acronym, in.HQState, in.Website, in.ECOSOC, now
		if err := tx.UpdateOrganization(ctx, o); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "organization.updated", "organization", o.ID, details(o)))
	})
	return o, err
}

// Members lists the people holding roles for an organization. Their e-mail addresses
// are shown to the Secretariat and the focal point only.
func (s *Service) Members(ctx context.Context, actor plenary.Actor, id int64) ([]Member, error) {
	if !mayRead(actor, id) {
		return nil, plenary.Hidden(actor)
	}
	ms, err := s.store.Members(ctx, id)
	if err != nil {
		return nil, err
	}
	if !actor.IsSecretariat() && !actor.HasForOrganization(plenary.RoleFocalPoint, id) {
		for i := range ms {
			ms[i].Email = ""
		}
	}
	return ms, nil
}

func details(o Organization) map[string]string {
	d := map[string]string{"type": string(o.Type), "hq_state": o.HQState, "ecosoc": string(o.ECOSOC)}
	for l, n := range o.Names {
		d["name_"+l] = n
	}
	if o.Acronym != "" {
		d["acronym"] = o.Acronym
	}
	if o.Website != "" {
		d["website"] = o.Website
	}
	return d
}
