package floor

import (
	"context"
	"slices"

	"github.com/plenary-platform/plenary"
)

// Capacity is a name in which someone may be inscribed: a State or an organization.
type Capacity struct {
	State          string // ISO3, for a State
	OrganizationID int64  // for an organization
	Names          plenary.Localized
}

// Name names the capacity in lang.
func (c Capacity) Name(lang string) string { return c.Names.Text(lang) }

// Capacities lists in whose name actor may inscribe on a list, by name in lang (with its
// collation). It holds who may speak for whom, as Inscribe does, so that a form offers
// no name the reader may never use: the Chair and the Secretariat any State on a States'
// list and any organization accredited to the body (or its parent) in the stakeholder
// segment; a delegate, their States; a focal point, representative or observer, their
// organizations. What depends on the moment (a State on the stakeholder segment, an
// organization not yet accredited) is offered, and Inscribe says why it refuses it.
// Someone who may not write gets none.
func (s *Service) Capacities(ctx context.Context, actor plenary.Actor, listID int64, lang string) ([]Capacity, error) {
	if !actor.SignedIn() || !actor.CanWrite() {
		return nil, nil
	}
	l, m, err := s.Get(ctx, actor, listID)
	if err != nil {
		return nil, err
	}
	var out []Capacity
	if s.MayRun(actor) == nil {
		if l.StakeholderSegment {
			if out, err = s.accreditedOrganizations(ctx, m.SessionID); err != nil {
				return nil, err
			}
		} else {
			states, err := s.store.States(ctx)
			if err != nil {
				return nil, err
			}
			for _, st := range states {
				out = append(out, Capacity{State: st.ISO3, Names: st.Names})
			}
		}
	} else {
		for _, iso3 := range actor.States(plenary.RoleDelegate) {
			st, err := s.store.State(ctx, iso3)
			if err != nil {
				return nil, err
			}
			out = append(out, Capacity{State: iso3, Names: st.Names})
		}
		for _, id := range actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative, plenary.RoleObserver) {
			names, err := s.store.OrganizationNames(ctx, id)
			if err != nil {
				return nil, err
			}
			out = append(out, Capacity{OrganizationID: id, Names: names})
		}
	}
	plenary.SortByName(out, lang, func(c Capacity) string { return c.Name(lang) })
	return out, nil
}

// accreditedOrganizations are the organizations accredited now to the session's body or
// to its parent, each once.
func (s *Service) accreditedOrganizations(ctx context.Context, sessionID int64) ([]Capacity, error) {
	sess, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	bodyID, parentID, err := s.store.BodyAndParent(ctx, sess.BodyID)
	if err != nil {
		return nil, err
	}
	var out []Capacity
	for _, id := range []int64{bodyID, parentID} {
		if id == 0 {
			continue
		}
		orgs, err := s.store.AccreditedOrganizations(ctx, id, s.now())
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			if !slices.ContainsFunc(out, func(c Capacity) bool { return c.OrganizationID == o.OrganizationID }) {
				out = append(out, o)
			}
		}
	}
	return out, nil
}
