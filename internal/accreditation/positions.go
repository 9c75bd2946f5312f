package accreditation

import (
	"context"
	"strings"

	"github.com/plenary-platform/plenary"
)

// PositionInput is a Member State's objection (or support, under a decision by the
// participants), made by one of its delegates.
type PositionInput struct {
	State  string
	Stance Stance
	Reason string
}

// TakePosition records a Member State's objection or support until the deadline. A
// position after the deadline is refused with the deadline in the message. A State holds
// one position per application; it withdraws it to change it.
func (s *Service) TakePosition(ctx context.Context, actor plenary.Actor, applicationID int64, in PositionInput) (Position, error) {
	in.State = strings.ToUpper(strings.TrimSpace(in.State))
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Stance == "" {
		in.Stance = Object
	}
	members, err := s.memberCheck(ctx)
	if err != nil {
		return Position{}, err
	}
	if !actor.CanWrite() || !actor.HasForState(plenary.RoleDelegate, in.State) || !members(in.State) {
		return Position{}, plenary.Deny(actor)
	}
	now := s.now()
	var pos Position
	err = s.store.InTx(ctx, func(tx Tx) error {
		a, err := tx.Application(ctx, applicationID)
		if err != nil {
			return err
		}
		if err := tx.LockRound(ctx, a.RoundID); err != nil {
			return err
		}
		r, err := tx.Round(ctx, a.RoundID)
		if err != nil {
			return err
		}
		if a, err = tx.Application(ctx, applicationID); err != nil {
			return err
		}
		if a.Status != Circulated {
			if a.Status.Decided() {
				return circulationClosed(r)
			}
			return plenary.Hidden(actor)
		}
		if !now.Before(r.ObjectionsClose) {
			return circulationClosed(r)
		}
		var p plenary.Problems
		if in.Stance != Object && (in.Stance != Support || r.Policy.Rule != ParticipantsDecision) {
			p.Add("stance", "field.choice", nil)
		}
		switch r.Policy.ReasonMode {
		case ReasonNotAsked:
			in.Reason = ""
		case ReasonRequired:
			if in.Stance == Object {
				p.Required("reason", in.Reason)
			}
		}
		p.MaxLength("reason", in.Reason, MaxReason)
		if err := p.Err(); err != nil {
			return err
		}
		existing, err := tx.Positions(ctx, a.ID)
		if err != nil {
			return err
		}
		for _, e := range existing {
			if e.Active() && e.State == in.State {
				return plenary.Conflict("accreditation.position_held", nil)
			}
		}
		pos, err = tx.CreatePosition(ctx, Position{ApplicationID: a.ID, State: in.State, Stance: in.Stance,
			Reason: in.Reason, CreatedBy: actor.UserID, CreatedAt: now})
		if err != nil {
			return err
		}
		// Recorded for the Secretariat, who may always know who objected. The reason
		// stays out of the trail: it is only where the policy lets people read it.
		if err := tx.Audit(ctx, event(actor, now, "accreditation.position_taken", "accreditation_application", a.ID,
			map[string]string{"state": in.State, "stance": string(in.Stance)})); err != nil {
			return err
		}
		return s.tellDelegate(ctx, tx, actor, a, "position_recorded", in.State)
	})
	return pos, err
}

// circulationClosed refuses a late position, saying when the period ended (in UTC: the
// reader may be anywhere, and the page shows the body's time beside it).
func circulationClosed(r Round) error {
	return &plenary.Error{Kind: plenary.KindConflict, Message: "accreditation.circulation_closed",
		Args: map[string]any{"Deadline": plenary.TimeArg(r.ObjectionsClose, "UTC")}}
}

// WithdrawPosition withdraws a State's objection or support before the deadline.
func (s *Service) WithdrawPosition(ctx context.Context, actor plenary.Actor, positionID int64) error {
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		pos, err := tx.Position(ctx, positionID)
		if err != nil {
			return err
		}
		if !actor.CanWrite() || !actor.HasForState(plenary.RoleDelegate, pos.State) {
			return plenary.Hidden(actor)
		}
		a, err := tx.Application(ctx, pos.ApplicationID)
		if err != nil {
			return err
		}
		if err := tx.LockRound(ctx, a.RoundID); err != nil {
			return err
		}
		r, err := tx.Round(ctx, a.RoundID)
		if err != nil {
			return err
		}
		if pos, err = tx.Position(ctx, positionID); err != nil {
			return err
		}
		if !pos.Active() {
			return plenary.Conflict("accreditation.position_withdrawn", nil)
		}
		if a, err = tx.Application(ctx, pos.ApplicationID); err != nil {
			return err
		}
		if a.Status != Circulated || !now.Before(r.ObjectionsClose) {
			return circulationClosed(r)
		}
		if err := tx.WithdrawPosition(ctx, pos.ID, now); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.position_withdrawn", "accreditation_application", a.ID,
			map[string]string{"state": pos.State, "stance": string(pos.Stance)}))
	})
}
