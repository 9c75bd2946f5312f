package account

import (
	"context"
	"slices"
	"strings"

	"github.com/plenary-platform/plenary"
)

// CreateInput is a new account made by the Secretariat (or the command line).
type CreateInput struct {
	Email string
	Name  string
	Lang  string
	// Password, if set, is the initial password (the command line's bootstrap of the
	// first Secretariat account). Otherwise the person is invited by e-mail to set one.
	Password string
	Grants   []plenary.Grant
}

// Create makes an account. Without a password it sends an invitation link.
func (s *Service) Create(ctx context.Context, actor plenary.Actor, in CreateInput) (User, error) {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return User{}, plenary.Deny(actor)
	}
	in.Email = plenary.NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	var p plenary.Problems
	if p.Required("email", in.Email) {
		p.Email("email", in.Email)
	}
	ProfileInput{Name: in.Name, Lang: in.Lang}.check(&p)
	if in.Password != "" {
		checkPassword(&p, "password", in.Password, in.Email)
	}
	for _, g := range in.Grants {
		if err := s.checkGrant(ctx, &p, g); err != nil {
			return User{}, err
		}
	}
	if !p.Has("email") {
		if _, err := s.store.UserByEmail(ctx, in.Email); err == nil {
			p.Add("email", "account.email_taken", nil)
		} else if !isKind(err, plenary.KindNotFound) {
			return User{}, err
		}
	}
	if err := p.Err(); err != nil {
		return User{}, err
	}
	var hash string
	if in.Password != "" {
		var err error
		if hash, err = s.hasher.Hash(ctx, in.Password); err != nil {
			return User{}, err
		}
	}
	now := s.now()
	var u User
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		u, err = tx.CreateUser(ctx, NewUser{Email: in.Email, Name: in.Name, SearchKey: searchKey(in.Name, in.Email), Lang: in.Lang, PasswordHash: hash, At: now})
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "user.created", u.ID, map[string]string{"email": u.Email})); err != nil {
			return err
		}
		for _, g := range in.Grants {
			if _, err := s.grant(ctx, tx, actor, u, g, false, true); err != nil {
				return err
			}
		}
		if hash == "" {
			return s.issueLink(ctx, tx, actor, u, PurposeInvite, now)
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return s.store.UserByID(ctx, u.ID)
}

// GrantInput gives a role to a person named by e-mail. If nobody has that address yet,
// an account is made and the person invited. The name and language are used only for a
// new account; a focal point must always give them, so that the form does not reveal
// whether the address already has an account.
type GrantInput struct {
	Email string
	Name  string // for a new account
	Lang  string // for a new account
	plenary.Grant
}

// mayGrant decides who may give or take a role: the Secretariat any role; a focal point
// the representative and observer roles of their own organization; a State's nominator
// (the focal point of its mission) the roles of the State's team.
func mayGrant(actor plenary.Actor, g plenary.Grant) bool {
	if !actor.CanWrite() {
		return false
	}
	if actor.IsSecretariat() {
		return true
	}
	if slices.Contains(plenary.TeamRoles, g.Role) {
		return g.State != "" && actor.HasForState(plenary.RoleNominator, g.State)
	}
	return (g.Role == plenary.RoleRepresentative || g.Role == plenary.RoleObserver) &&
		g.OrganizationID != 0 && actor.HasForOrganization(plenary.RoleFocalPoint, g.OrganizationID)
}

// Grant gives a role. The Secretariat's grants take effect at once. A focal point's are
// offers: the person accepts them (from their account page, or by setting a password
// from the invitation an account made for them brings), and until then they give no
// rights. The focal point is answered the same way whether or not the address had an
// account.
func (s *Service) Grant(ctx context.Context, actor plenary.Actor, in GrantInput) (Grant, error) {
	if !mayGrant(actor, in.Grant) {
		return Grant{}, plenary.Deny(actor)
	}
	offer := !actor.IsSecretariat()
	in.Email = plenary.NormalizeEmail(in.Email)
	in.Name = strings.TrimSpace(in.Name)
	if in.Lang == "" {
		in.Lang = actor.Lang
	}
	var p plenary.Problems
	if p.Required("email", in.Email) {
		p.Email("email", in.Email)
	}
	if err := s.checkGrant(ctx, &p, in.Grant); err != nil {
		return Grant{}, err
	}
	existing, err := s.store.UserByEmail(ctx, in.Email)
	exists := err == nil
	if err != nil && !isKind(err, plenary.KindNotFound) {
		return Grant{}, err
	}
	if !exists || offer {
		ProfileInput{Name: in.Name, Lang: in.Lang}.check(&p)
	}
	if exists {
		for _, g := range existing.Grants {
			if g.Grant == in.Grant {
				p.Add("role", "account.role_already_held", nil)
			}
		}
	}
	if err := p.Err(); err != nil {
		return Grant{}, err
	}
	now := s.now()
	var out Grant
	err = s.store.InTx(ctx, func(tx Tx) error {
		u := existing
		if !exists {
			var err error
			u, err = tx.CreateUser(ctx, NewUser{Email: in.Email, Name: in.Name, SearchKey: searchKey(in.Name, in.Email), Lang: in.Lang, At: now})
			if err != nil {
				return err
			}
			if err := tx.Audit(ctx, event(actor, now, "user.created", u.ID, map[string]string{"email": u.Email})); err != nil {
				return err
			}
			if err := s.issueLink(ctx, tx, actor, u, PurposeInvite, now); err != nil {
				return err
			}
		}
		var err error
		// A new account hears of its role through the invitation; an existing one gets
		// a notice, or for an offer an invitation to accept.
		out, err = s.grant(ctx, tx, actor, u, in.Grant, exists, !offer)
		return err
	})
	return out, err
}

// grant records a role in tx; notify sends the person a notice or, for an offer not yet
// accepted, an invitation to accept it.
func (s *Service) grant(ctx context.Context, tx Tx, actor plenary.Actor, u User, g plenary.Grant, notify, accepted bool) (Grant, error) {
	now := s.now()
	rec := Grant{Grant: g, UserID: u.ID, GrantedBy: actor.UserID, GrantedAt: now}
	if accepted {
		rec.AcceptedAt = now
	}
	out, err := tx.CreateGrant(ctx, rec)
	if err != nil {
		if isKind(err, plenary.KindConflict) {
			var p plenary.Problems
			p.Add("role", "account.role_already_held", nil)
			return Grant{}, p.Err()
		}
		return Grant{}, err
	}
	action := "user.role_granted"
	if !accepted {
		action = "user.role_offered"
	}
	if err := tx.Audit(ctx, event(actor, now, action, u.ID, grantDetails(g))); err != nil {
		return Grant{}, err
	}
	if notify {
		holder, err := holderName(ctx, tx, g, u.Lang)
		if err != nil {
			return Grant{}, err
		}
		template := "role_granted"
		if !accepted {
			template = "role_offered"
		}
		if err := tx.Enqueue(ctx, s.roleNotice(u, template, g, holder)); err != nil {
			return Grant{}, err
		}
	}
	return out, nil
}

// AcceptRole accepts a role the actor was offered.
func (s *Service) AcceptRole(ctx context.Context, actor plenary.Actor, grantID int64) error {
	if !actor.SignedIn() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.AcceptGrant(ctx, grantID, actor.UserID, now)
		if err != nil {
			return err
		}
		if !ok {
			return plenary.NotFound()
		}
		g, err := tx.GrantByID(ctx, grantID)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "user.role_accepted", actor.UserID, grantDetails(g.Grant)))
	})
}

// DeclineRole refuses a role the actor was offered; the offer disappears.
func (s *Service) DeclineRole(ctx context.Context, actor plenary.Actor, grantID int64) error {
	if !actor.SignedIn() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		g, err := tx.GrantByID(ctx, grantID)
		if err != nil || g.UserID != actor.UserID || !g.Pending() {
			if err != nil && !isKind(err, plenary.KindNotFound) {
				return err
			}
			return plenary.NotFound()
		}
		if err := tx.DeleteGrant(ctx, g.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "user.role_declined", actor.UserID, grantDetails(g.Grant)))
	})
}

// RevokeInput names a role to take away. UserID and OrganizationID, when set, are what
// the page showed: a role that no longer belongs to them (a stale page) is not touched.
type RevokeInput struct {
	GrantID        int64
	UserID         int64
	OrganizationID int64
}

// Revoke takes a role away (or withdraws an offer). The last active Secretariat role
// cannot be revoked, so that someone can always administer.
func (s *Service) Revoke(ctx context.Context, actor plenary.Actor, in RevokeInput) error {
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		g, err := tx.GrantByID(ctx, in.GrantID)
		if err != nil {
			if isKind(err, plenary.KindNotFound) {
				return plenary.Hidden(actor)
			}
			return err
		}
		if (in.UserID != 0 && g.UserID != in.UserID) || (in.OrganizationID != 0 && g.OrganizationID != in.OrganizationID) {
			return plenary.NotFound()
		}
		if !mayGrant(actor, g.Grant) {
			if actor.IsSecretariat() {
				return plenary.Deny(actor)
			}
			return plenary.Hidden(actor)
		}
		if !g.Pending() {
			if err := s.keepOneSecretariat(ctx, tx, []plenary.Grant{g.Grant}); err != nil {
				return err
			}
		}
		if err := tx.DeleteGrant(ctx, g.ID); err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, g.UserID)
		if err != nil {
			return err
		}
		if g.Pending() { // an offer withdrawn: the person never held the role
			return tx.Audit(ctx, event(actor, now, "user.role_offer_withdrawn", g.UserID, grantDetails(g.Grant)))
		}
		if err := tx.Audit(ctx, event(actor, now, "user.role_revoked", g.UserID, grantDetails(g.Grant))); err != nil {
			return err
		}
		holder, err := holderName(ctx, tx, g.Grant, u.Lang)
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, s.roleNotice(u, "role_revoked", g.Grant, holder))
	})
}

// checkGrant validates a role and what it is held for.
func (s *Service) checkGrant(ctx context.Context, p *plenary.Problems, g plenary.Grant) error {
	if !g.Role.Valid() {
		p.Add("role", "field.choice", nil)
		return nil
	}
	switch {
	case g.Role.ForState():
		if g.OrganizationID != 0 {
			p.Add("organization", "account.role_not_for_organization", nil)
		}
		if !p.Required("state", g.State) {
			return nil
		}
		ok, err := s.store.StateExists(ctx, g.State)
		if err != nil {
			return err
		}
		if !ok {
			p.Add("state", "field.unknown_state", nil)
		}
	case g.Role.ForOrganization():
		if g.State != "" {
			p.Add("state", "account.role_not_for_state", nil)
		}
		if g.OrganizationID == 0 {
			p.Add("organization", "field.required", nil)
			return nil
		}
		typ, err := s.store.OrganizationType(ctx, g.OrganizationID)
		if isKind(err, plenary.KindNotFound) {
			p.Add("organization", "field.unknown_organization", nil)
			return nil
		}
		if err != nil {
			return err
		}
		intergovernmental := typ == "intergovernmental" || typ == "un_entity"
		if g.Role == plenary.RoleObserver && !intergovernmental {
			p.Add("role", "account.observer_needs_intergovernmental", nil)
		}
		if g.Role == plenary.RoleRepresentative && intergovernmental {
			p.Add("role", "account.representative_needs_stakeholder", nil)
		}
	default:
		if g.State != "" {
			p.Add("state", "account.role_not_for_state", nil)
		}
		if g.OrganizationID != 0 {
			p.Add("organization", "account.role_not_for_organization", nil)
		}
	}
	return nil
}

func grantDetails(g plenary.Grant) map[string]string {
	d := map[string]string{"role": string(g.Role)}
	if g.State != "" {
		d["state"] = g.State
	}
	if g.OrganizationID != 0 {
		d["organization"] = itoa(g.OrganizationID)
	}
	return d
}

// holderName names the State or organization a role is held for, in lang.
func holderName(ctx context.Context, tx Tx, g plenary.Grant, lang string) (string, error) {
	names, err := tx.HolderNames(ctx, g)
	if err != nil {
		return "", err
	}
	return names.Text(lang), nil
}

// EnsureRole gives the person named by in.Email the role, as Grant does, unless they hold
// it already; it returns their account's ID either way. Services that give a role as a
// consequence of their own decision (the directory's verification of a Point of Contact)
// use it, so that doing the decision again is harmless.
func (s *Service) EnsureRole(ctx context.Context, actor plenary.Actor, in GrantInput) (int64, error) {
	if !mayGrant(actor, in.Grant) {
		return 0, plenary.Deny(actor)
	}
	if u, err := s.store.UserByEmail(ctx, plenary.NormalizeEmail(in.Email)); err == nil {
		for _, g := range u.Grants {
			if g.Grant == in.Grant && !g.Pending() {
				return u.ID, nil
			}
		}
	} else if !isKind(err, plenary.KindNotFound) {
		return 0, err
	}
	g, err := s.Grant(ctx, actor, in)
	if err != nil {
		return 0, err
	}
	return g.UserID, nil
}

// RemoveRole takes the role from the account if it holds it (see EnsureRole).
func (s *Service) RemoveRole(ctx context.Context, actor plenary.Actor, userID int64, role plenary.Grant) error {
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	for _, g := range u.Grants {
		if g.Grant == role {
			return s.Revoke(ctx, actor, RevokeInput{GrantID: g.ID, UserID: userID})
		}
	}
	return nil
}

// MayManageTeam tells whether actor gives and takes the roles of a State's team: its
// nominator and the Secretariat (the team's page offers them its form).
func (s *Service) MayManageTeam(actor plenary.Actor, state string) error {
	if !mayGrant(actor, plenary.Grant{Role: plenary.RoleTeamEditor, State: state}) {
		return plenary.Deny(actor)
	}
	return nil
}

// TeamMember is a person holding (or offered) a role of a State's team.
type TeamMember struct {
	GrantID int64
	UserID  int64
	Name    string
	Email   string
	Role    plenary.Role
	Pending bool // offered, not yet accepted
}

// Team lists a State's team: the people holding or offered its team roles. The State's
// nominator and the Secretariat, who give the roles, read it with addresses; its team
// members read who else is on it.
func (s *Service) Team(ctx context.Context, actor plenary.Actor, state string) ([]TeamMember, error) {
	manages := actor.IsSecretariat() || actor.HasForState(plenary.RoleNominator, state)
	if !manages && !actor.OnTeam(state) {
		return nil, plenary.Hidden(actor)
	}
	all, err := s.store.StateGrants(ctx, state)
	if err != nil {
		return nil, err
	}
	out := slices.DeleteFunc(all, func(m TeamMember) bool { return !slices.Contains(plenary.TeamRoles, m.Role) })
	if !manages {
		out = slices.DeleteFunc(out, func(m TeamMember) bool { return m.Pending })
		for i := range out {
			out[i].Email = ""
		}
	}
	return out, nil
}
