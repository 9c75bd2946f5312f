package accreditation

import (
	"context"
	"strconv"
	"strings"

	"github.com/plenary-platform/plenary"
)

// CurrentPolicy returns a body's rules in force; the default practice if the Secretariat
// has set none yet. The rules are public: everyone may know how accreditation works.
func (s *Service) CurrentPolicy(ctx context.Context, _ plenary.Actor, bodyID int64) (Policy, error) {
	p, err := s.store.CurrentPolicy(ctx, bodyID)
	if isKind(err, plenary.KindNotFound) {
		if _, err := s.store.Body(ctx, bodyID); err != nil {
			return Policy{}, err
		}
		d := DefaultPolicy()
		d.BodyID = bodyID
		return d, nil
	}
	return p, err
}

// Policies returns every version of a body's rules, newest first.
func (s *Service) Policies(ctx context.Context, _ plenary.Actor, bodyID int64) ([]Policy, error) {
	return s.store.Policies(ctx, bodyID)
}

// MayManage tells a page whether to offer the Secretariat's actions.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// SetPolicy records a new version of a body's rules. Rounds already open keep the version
// they opened under.
func (s *Service) SetPolicy(ctx context.Context, actor plenary.Actor, bodyID int64, in PolicyInput) (Policy, error) {
	if err := s.MayManage(actor); err != nil {
		return Policy{}, err
	}
	now := s.now()
	var p plenary.Problems
	in.check(&p, now)
	if in.ReasonMode == ReasonNotAsked {
		in.ReasonsSeenBy = nil
	}
	if err := p.Err(); err != nil {
		return Policy{}, err
	}
	current, err := s.CurrentPolicy(ctx, actor, bodyID)
	if err != nil {
		return Policy{}, err
	}
	pol := Policy{
		BodyID: bodyID, Version: current.Version + 1, Eligible: in.Eligible, FastTrack: in.FastTrack,
		Rule: in.Rule, Threshold: in.Threshold, ApplicationDays: in.ApplicationDays, CirculationDays: in.CirculationDays,
		DeadlineHour: in.DeadlineHour, ObjectorsSeenBy: in.ObjectorsSeenBy, ReasonMode: in.ReasonMode,
		ReasonsSeenBy: in.ReasonsSeenBy, Validity: in.Validity, ReapplyAfterReject: in.ReapplyAfterReject,
		CreatedBy: actor.UserID, CreatedAt: now,
	}
	if pol.Rule != NonObjection {
		pol.Threshold = 0
	}
	if pol.Validity == UntilDate {
		pol.ValidUntil = in.ValidUntil.UTC()
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if pol, err = tx.CreatePolicy(ctx, pol); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.policy_set", "body", bodyID, policyDetails(pol)))
	})
	return pol, err
}

func policyDetails(p Policy) map[string]string {
	var eligible []string
	for _, t := range p.Eligible {
		eligible = append(eligible, string(t))
	}
	join := func(as []Audience) string {
		var out []string
		for _, a := range as {
			out = append(out, string(a))
		}
		return strings.Join(out, " ")
	}
	return map[string]string{
		"version": strconv.Itoa(p.Version), "rule": string(p.Rule), "threshold": strconv.Itoa(p.Threshold),
		"eligible": strings.Join(eligible, " "), "fast_track": strconv.FormatBool(p.FastTrack),
		"application_days": strconv.Itoa(p.ApplicationDays), "circulation_days": strconv.Itoa(p.CirculationDays),
		"deadline_hour": strconv.Itoa(p.DeadlineHour), "objectors_seen_by": join(p.ObjectorsSeenBy),
		"reason_mode": string(p.ReasonMode), "reasons_seen_by": join(p.ReasonsSeenBy), "validity": string(p.Validity),
		"reapply": strconv.FormatBool(p.ReapplyAfterReject),
	}
}
