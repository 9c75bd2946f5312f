package accreditation

import (
	"context"
	"slices"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
)

// mayRead decides who may read an application at all: its organization's people, the
// Secretariat and the Chair; Member States' delegates once it is circulated (they
// consider the list) — not before, and never a draft.
func mayRead(actor plenary.Actor, a Application, r reader) bool {
	switch {
	case r.staff || r.applicant:
		return true
	case len(r.states) > 0:
		return a.Status == Circulated || a.Status.Decided() && a.Kind == KindApplication
	}
	return false
}

// Get returns an application as the actor may see it.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (View, error) {
	a, err := s.store.Application(ctx, id)
	if err != nil {
		if isKind(err, plenary.KindNotFound) {
			return View{}, plenary.Hidden(actor)
		}
		return View{}, err
	}
	members, err := s.memberCheck(ctx)
	if err != nil {
		return View{}, err
	}
	r := readerOf(actor, a, members)
	if !mayRead(actor, a, r) {
		return View{}, plenary.Hidden(actor)
	}
	round, err := s.store.Round(ctx, a.RoundID)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, r, a, round)
}

func (s *Service) view(ctx context.Context, actor plenary.Actor, r reader, a Application, round Round) (View, error) {
	positions, err := s.store.Positions(ctx, a.ID)
	if err != nil {
		return View{}, err
	}
	ds, err := s.store.Disclosures(ctx, a.ID)
	if err != nil {
		return View{}, err
	}
	v := filter(r, a, round, positions, ds)
	now := s.now()
	focal := isFocalPoint(actor, a.OrganizationID)
	v.MayEdit = focal && a.Status.Editable()
	v.MaySubmit = focal && (a.Status == Draft || a.Status == Incomplete)
	v.MayWithdraw = focal && !a.Status.Closed()
	manage := s.MayManage(actor) == nil
	v.MayScreen = manage && a.Status == Submitted
	v.MayDecide = manage && a.Status == Circulated && round.Policy.Rule == SecretariatDecision
	open := a.Status == Circulated && now.Before(round.ObjectionsClose) && actor.CanWrite()
	if open {
		for _, st := range r.states {
			if actor.HasForState(plenary.RoleDelegate, st) {
				v.PositionStates = append(v.PositionStates, st)
			}
		}
		v.MayTakePosition = len(v.PositionStates) > 0
	}
	if sees(round.Policy.ObjectorsSeenBy, StatesOnRequest) && len(r.states) > 0 && !r.staff && actor.CanWrite() &&
		(a.Status == Circulated || a.Status.Decided()) {
		v.MayRequestDisclosure = true
	}
	return v, nil
}

// Mine returns the applications of the organizations the actor acts for, newest first.
func (s *Service) Mine(ctx context.Context, actor plenary.Actor, bodyID int64) ([]View, error) {
	if !actor.SignedIn() {
		return nil, plenary.Unauthenticated("error.unauthenticated")
	}
	members, err := s.memberCheck(ctx)
	if err != nil {
		return nil, err
	}
	var out []View
	for _, orgID := range actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative) {
		apps, err := s.store.OrganizationApplications(ctx, bodyID, orgID)
		if err != nil {
			return nil, err
		}
		for _, a := range apps {
			round, err := s.store.Round(ctx, a.RoundID)
			if err != nil {
				return nil, err
			}
			v, err := s.view(ctx, actor, readerOf(actor, a, members), a, round)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(x, y View) int { return y.CreatedAt.Compare(x.CreatedAt) })
	return out, nil
}

// RoundApplications returns a round's applications the actor may read: all of them for
// the Secretariat and the Chair, the circulated (and decided) ones for Member States'
// delegates. Each is filtered as Get filters it.
func (s *Service) RoundApplications(ctx context.Context, actor plenary.Actor, roundID int64) (Round, []View, error) {
	round, err := s.store.Round(ctx, roundID)
	if err != nil {
		return Round{}, nil, err
	}
	members, err := s.memberCheck(ctx)
	if err != nil {
		return Round{}, nil, err
	}
	probe := readerOf(actor, Application{}, members)
	if !probe.staff && len(probe.states) == 0 {
		return Round{}, nil, plenary.Deny(actor)
	}
	apps, err := s.store.RoundApplications(ctx, roundID)
	if err != nil {
		return Round{}, nil, err
	}
	var out []View
	for _, a := range apps {
		r := readerOf(actor, a, members)
		if !mayRead(actor, a, r) {
			continue
		}
		v, err := s.view(ctx, actor, r, a, round)
		if err != nil {
			return Round{}, nil, err
		}
		out = append(out, v)
	}
	return round, out, nil
}

// Letter returns the letter on letterhead of an application the actor may read.
func (s *Service) Letter(ctx context.Context, actor plenary.Actor, id int64) (files.File, error) {
	v, err := s.Get(ctx, actor, id)
	if err != nil {
		return files.File{}, err
	}
	if v.LetterFileID == 0 {
		return files.File{}, plenary.NotFound()
	}
	return s.store.File(ctx, v.LetterFileID)
}

// Rounds returns a body's rounds with their figures, newest first. Figures are public.
func (s *Service) Rounds(ctx context.Context, _ plenary.Actor, bodyID int64) ([]RoundFigures, error) {
	rounds, err := s.store.Rounds(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	out := make([]RoundFigures, 0, len(rounds))
	for _, r := range rounds {
		apps, err := s.store.RoundApplications(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, figures(r, apps))
	}
	return out, nil
}

// Round returns one round's figures, by number.
func (s *Service) Round(ctx context.Context, _ plenary.Actor, bodyID int64, number int) (RoundFigures, error) {
	r, err := s.store.RoundByNumber(ctx, bodyID, number)
	if err != nil {
		return RoundFigures{}, err
	}
	apps, err := s.store.RoundApplications(ctx, r.ID)
	if err != nil {
		return RoundFigures{}, err
	}
	return figures(r, apps), nil
}

// RoundNumbered returns a body's round by its number, without its applications: what an
// action on the round needs (its ID), where Round also counts them.
func (s *Service) RoundNumbered(ctx context.Context, _ plenary.Actor, bodyID int64, number int) (Round, error) {
	return s.store.RoundByNumber(ctx, bodyID, number)
}

// RoundFigures is what anyone may know of a round: its dates, its rules, and how many
// organizations applied, were circulated, blocked, accredited, or notified with ECOSOC
// status. It names no objecting State.
type RoundFigures struct {
	Round
	Applied       int // applications submitted (not counting drafts or ECOSOC notifications)
	Circulated    int // applications sent to the Member States
	Blocked       int // circulated and rejected
	Accredited    int // accredited by the rule (not counting ECOSOC notifications)
	ECOSOC        int // accredited on notification, in ECOSOC status
	Withdrawn     int
	NotCirculated int
	Pending       int // circulated, not yet decided
}

func figures(r Round, apps []Application) RoundFigures {
	f := RoundFigures{Round: r}
	for _, a := range apps {
		if a.Kind == KindNotification {
			if a.Status == Accredited {
				f.ECOSOC++
			}
			continue
		}
		if a.Status != Draft && !a.SubmittedAt.IsZero() {
			f.Applied++
		}
		switch a.Status {
		case Circulated:
			f.Circulated++
			f.Pending++
		case Accredited:
			f.Circulated++
			f.Accredited++
		case Rejected:
			f.Circulated++
			f.Blocked++
		case Withdrawn:
			f.Withdrawn++
		case NotCirculated:
			f.NotCirculated++
		}
	}
	return f
}
