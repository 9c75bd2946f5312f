package accreditation

import (
	"context"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
)

// OpenInput is a round to open. A zero ApplicationsClose means the policy's period.
type OpenInput struct {
	ApplicationsClose time.Time
}

// OpenRound opens a round for applications under the body's rules in force. A body has at
// most one round under way.
func (s *Service) OpenRound(ctx context.Context, actor plenary.Actor, bodyID int64, in OpenInput) (Round, error) {
	if err := s.MayManage(actor); err != nil {
		return Round{}, err
	}
	b, err := s.store.Body(ctx, bodyID)
	if err != nil {
		return Round{}, err
	}
	pol, err := s.CurrentPolicy(ctx, actor, bodyID)
	if err != nil {
		return Round{}, err
	}
	now := s.now()
	closes := in.ApplicationsClose
	if closes.IsZero() {
		closes = Deadline(now, pol.ApplicationDays, pol.DeadlineHour, b.Location())
	}
	var p plenary.Problems
	if !closes.After(now.Add(time.Hour)) {
		p.Add("applications_close", "accreditation.close_in_future", nil)
	}
	if err := p.Err(); err != nil {
		return Round{}, err
	}
	var r Round
	err = s.store.InTx(ctx, func(tx Tx) error {
		n, err := tx.OpenRounds(ctx, bodyID)
		if err != nil {
			return err
		}
		if n > 0 {
			return plenary.Conflict("accreditation.round_under_way", nil)
		}
		if pol.ID == 0 { // the default practice becomes version 1, so the round can keep it
			pol.BodyID, pol.Version, pol.CreatedAt, pol.CreatedBy = bodyID, 1, now, actor.UserID
			if pol, err = tx.CreatePolicy(ctx, pol); err != nil {
				return err
			}
		}
		r, err = tx.CreateRound(ctx, Round{BodyID: bodyID, Policy: pol, Status: RoundOpen, OpenedAt: now,
			ApplicationsClose: closes.UTC(), CreatedBy: actor.UserID})
		if err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.round_opened", "accreditation_round", r.ID, map[string]string{
			"body": strconv.FormatInt(bodyID, 10), "number": strconv.Itoa(r.Number), "policy_version": strconv.Itoa(pol.Version),
			"applications_close": r.ApplicationsClose.Format(time.RFC3339)}))
	})
	return r, err
}

// CloseApplications ends the application window now (it also ends by itself when its
// time comes).
func (s *Service) CloseApplications(ctx context.Context, actor plenary.Actor, roundID int64) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockRound(ctx, roundID); err != nil {
			return err
		}
		r, err := tx.Round(ctx, roundID)
		if err != nil {
			return err
		}
		if r.Status != RoundOpen {
			return plenary.Conflict("accreditation.round_not_open", nil)
		}
		r.Status, r.ApplicationsClose = RoundScreening, now
		if err := tx.UpdateRound(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.applications_closed", "accreditation_round", r.ID, nil))
	})
}

// Circulate sends the round's screened applications to the Member States, who then have
// the policy's circulation period to object. Every submitted application must have been
// screened first; those still incomplete (or never submitted) are not circulated.
func (s *Service) Circulate(ctx context.Context, actor plenary.Actor, roundID int64) (Round, error) {
	if err := s.MayManage(actor); err != nil {
		return Round{}, err
	}
	members, err := s.memberCheck(ctx)
	if err != nil {
		return Round{}, err
	}
	now := s.now()
	var r Round
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockRound(ctx, roundID); err != nil {
			return err
		}
		var err error
		if r, err = tx.Round(ctx, roundID); err != nil {
			return err
		}
		if r.Status == RoundOpen && now.Before(r.ApplicationsClose) {
			return plenary.Conflict("accreditation.still_open", nil)
		}
		if r.Status != RoundOpen && r.Status != RoundScreening {
			return plenary.Conflict("accreditation.already_circulated", nil)
		}
		apps, err := tx.RoundApplications(ctx, roundID)
		if err != nil {
			return err
		}
		for _, a := range apps {
			if a.Status == Submitted {
				return plenary.Conflict("accreditation.screen_first", map[string]any{"Tracking": a.Tracking})
			}
		}
		b, err := tx.Body(ctx, r.BodyID)
		if err != nil {
			return err
		}
		r.Status, r.CirculatedAt = RoundCirculating, now
		r.ObjectionsClose = Deadline(now, r.Policy.CirculationDays, r.Policy.DeadlineHour, b.Location())
		circulated := 0
		for _, a := range apps {
			switch a.Status {
			case Complete:
				a.Status = Circulated
				circulated++
			case Draft, Incomplete:
				a.Status = NotCirculated
				if err := s.tellApplicant(ctx, tx, a, "application_not_circulated", nil); err != nil {
					return err
				}
			default:
				continue
			}
			a.UpdatedAt = now
			if err := tx.UpdateApplication(ctx, a); err != nil {
				return err
			}
		}
		if circulated == 0 { // nothing to object to: the round is over
			r.Status, r.DecidedAt = RoundDecided, now
		}
		if err := tx.UpdateRound(ctx, r); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "accreditation.list_circulated", "accreditation_round", r.ID, map[string]string{
			"applications": strconv.Itoa(circulated), "objections_close": r.ObjectionsClose.Format(time.RFC3339)})); err != nil {
			return err
		}
		if circulated > 0 {
			return s.tellStates(ctx, tx, r, b.Names, circulated, members)
		}
		return nil
	})
	return r, err
}

// DecideJob decides the rounds whose deadlines have passed. It runs every minute.
type DecideJob struct{}

func (DecideJob) Kind() string { return "accreditation.decide_due" }

// DecideDue is the worker of DecideJob: it closes application windows that have ended,
// and decides every circulated application of rounds whose objection period has ended,
// by each round's own policy. Running it twice decides nothing twice.
func (s *Service) DecideDue(ctx context.Context, _ DecideJob) error {
	now := s.now()
	rounds, err := s.store.DueRounds(ctx, now)
	if err != nil {
		return err
	}
	for _, r := range rounds {
		if err := s.decideRound(ctx, r.ID, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) decideRound(ctx context.Context, roundID int64, now time.Time) error {
	sys := plenary.System("deadline")
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockRound(ctx, roundID); err != nil {
			return err
		}
		r, err := tx.Round(ctx, roundID)
		if err != nil {
			return err
		}
		switch {
		case r.Status == RoundOpen && !now.Before(r.ApplicationsClose):
			r.Status = RoundScreening
			if err := tx.UpdateRound(ctx, r); err != nil {
				return err
			}
			return tx.Audit(ctx, event(sys, now, "accreditation.applications_closed", "accreditation_round", r.ID, nil))
		case r.Status != RoundCirculating || now.Before(r.ObjectionsClose):
			return nil
		}
		apps, err := tx.RoundApplications(ctx, roundID)
		if err != nil {
			return err
		}
		undecided := 0
		for _, a := range apps {
			if a.Status != Circulated {
				continue
			}
			positions, err := tx.Positions(ctx, a.ID)
			if err != nil {
				return err
			}
			o := Decide(r.Policy, positions)
			if o.Status == Circulated { // left to the Secretariat
				undecided++
				continue
			}
			if err := s.settle(ctx, tx, sys, r, a, o.Status, o.Basis, now, map[string]string{
				"objections": strconv.Itoa(o.Objections), "supports": strconv.Itoa(o.Supports)}); err != nil {
				return err
			}
		}
		if undecided == 0 {
			r.Status, r.DecidedAt = RoundDecided, now
			if err := tx.UpdateRound(ctx, r); err != nil {
				return err
			}
			return tx.Audit(ctx, event(sys, now, "accreditation.round_decided", "accreditation_round", r.ID, nil))
		}
		return nil
	})
}

// DecideByDecision records the Secretariat's decision on a circulated application, for
// bodies whose rule leaves it to the Secretariat.
func (s *Service) DecideByDecision(ctx context.Context, actor plenary.Actor, applicationID int64, accredit bool) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
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
		if r.Policy.Rule != SecretariatDecision {
			return plenary.Conflict("accreditation.not_secretariat_rule", nil)
		}
		if a, err = tx.Application(ctx, applicationID); err != nil {
			return err
		}
		if a.Status != Circulated {
			return plenary.Conflict("accreditation.not_circulated", nil)
		}
		status := Rejected
		if accredit {
			status = Accredited
		}
		if err := s.settle(ctx, tx, actor, r, a, status, BasisSecretariat, now, nil); err != nil {
			return err
		}
		// The round is over when nothing circulated is left undecided after its deadline.
		apps, err := tx.RoundApplications(ctx, r.ID)
		if err != nil {
			return err
		}
		for _, x := range apps {
			if x.Status == Circulated {
				return nil
			}
		}
		if r.Status == RoundCirculating && !now.Before(r.ObjectionsClose) {
			r.Status, r.DecidedAt = RoundDecided, now
			return tx.UpdateRound(ctx, r)
		}
		return nil
	})
}

// settle records an application's outcome, the accreditation it gives, the audit event
// and the letter to the applicant.
func (s *Service) settle(ctx context.Context, tx Tx, actor plenary.Actor, r Round, a Application, status Status, basis Basis, now time.Time, details map[string]string) error {
	a.Status, a.DecidedAt, a.UpdatedAt = status, now, now
	if err := tx.UpdateApplication(ctx, a); err != nil {
		return err
	}
	if details == nil {
		details = map[string]string{}
	}
	details["outcome"] = string(status)
	if err := tx.Audit(ctx, event(actor, now, "accreditation.application_decided", "accreditation_application", a.ID, details)); err != nil {
		return err
	}
	template := "application_rejected"
	if status == Accredited {
		template = "application_accredited"
		acc := Accreditation{BodyID: a.BodyID, OrganizationID: a.OrganizationID, ApplicationID: a.ID, Basis: basis, AccreditedAt: now}
		if r.Policy.Validity == UntilDate {
			acc.ValidUntil = r.Policy.ValidUntil
		}
		if _, err := tx.CreateAccreditation(ctx, acc); err != nil {
			return err
		}
	} else if r.Policy.ReapplyAfterReject {
		template = "application_rejected_reapply"
	}
	return s.tellApplicant(ctx, tx, a, template, nil)
}
