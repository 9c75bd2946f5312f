package accreditation

import (
	"context"
	"slices"
	"strings"

	"github.com/plenary-platform/plenary"
)

// RequestDisclosure records a Member State's request to the Chair to learn which States
// objected to an application (and their reasons, where the policy shares them on
// request). The Chair is told; the answer is given in plenary.
func (s *Service) RequestDisclosure(ctx context.Context, actor plenary.Actor, applicationID int64, state string) (Disclosure, error) {
	state = strings.ToUpper(strings.TrimSpace(state))
	members, err := s.memberCheck(ctx)
	if err != nil {
		return Disclosure{}, err
	}
	if !actor.CanWrite() || !actor.HasForState(plenary.RoleDelegate, state) || !members(state) {
		return Disclosure{}, plenary.Deny(actor)
	}
	v, err := s.Get(ctx, actor, applicationID)
	if err != nil {
		return Disclosure{}, err
	}
	if !v.MayRequestDisclosure {
		return Disclosure{}, plenary.Conflict("accreditation.disclosure_not_offered", nil)
	}
	for _, d := range v.Disclosures {
		if d.State == state && !d.Answered() {
			return Disclosure{}, plenary.Conflict("accreditation.disclosure_pending", nil)
		}
	}
	now := s.now()
	var d Disclosure
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		d, err = tx.CreateDisclosure(ctx, Disclosure{ApplicationID: applicationID, State: state, RequestedBy: actor.UserID, RequestedAt: now})
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "accreditation.disclosure_requested", "accreditation_application", applicationID,
			map[string]string{"state": state})); err != nil {
			return err
		}
		return s.tellChairs(ctx, tx, v.Application)
	})
	return d, err
}

// AnswerDisclosure answers a request: from then on the requesting State's delegates see
// who objected to that application, and the reasons where the policy shares them on
// request. The Chair (or the Secretariat) answers.
func (s *Service) AnswerDisclosure(ctx context.Context, actor plenary.Actor, disclosureID int64, note string) error {
	if !(actor.Has(plenary.RoleChair) || actor.IsSecretariat()) || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	note = strings.TrimSpace(note)
	var p plenary.Problems
	p.MaxLength("note", note, MaxNote)
	if err := p.Err(); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		d, err := tx.Disclosure(ctx, disclosureID)
		if err != nil {
			return err
		}
		if d.Answered() {
			return plenary.Conflict("accreditation.disclosure_answered", nil)
		}
		if err := tx.AnswerDisclosure(ctx, d.ID, actor.UserID, note, now); err != nil {
			return err
		}
		a, err := tx.Application(ctx, d.ApplicationID)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "accreditation.disclosure_answered", "accreditation_application", a.ID,
			map[string]string{"state": d.State})); err != nil {
			return err
		}
		return s.tellRequester(ctx, tx, a, d)
	})
}

// DisclosureItem is a request with the application it is about.
type DisclosureItem struct {
	Disclosure
	Application Application
}

// Disclosures lists a body's requests: all of them for the Chair and the Secretariat, the
// actor's own States' for a delegate.
func (s *Service) Disclosures(ctx context.Context, actor plenary.Actor, bodyID int64) ([]DisclosureItem, error) {
	staff := actor.IsSecretariat() || actor.Has(plenary.RoleChair)
	states := actor.States(plenary.RoleDelegate)
	if !staff && len(states) == 0 {
		return nil, plenary.Deny(actor)
	}
	ds, err := s.store.BodyDisclosures(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	var out []DisclosureItem
	for _, d := range ds {
		if !staff && !slices.Contains(states, d.State) {
			continue
		}
		a, err := s.store.Application(ctx, d.ApplicationID)
		if err != nil {
			return nil, err
		}
		out = append(out, DisclosureItem{Disclosure: d, Application: a})
	}
	return out, nil
}
