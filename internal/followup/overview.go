package followup

import (
	"context"

	"github.com/plenary-platform/plenary"
)

// Overview is where the States stand on each of a body's commitments, in their order, as
// actor sees it: the Progress of every commitment (without its standings), read at once
// rather than commitment by commitment, for the follow-up's index.
func (s *Service) Overview(ctx context.Context, actor plenary.Actor, bodyID int64) ([]Progress, error) {
	cs, err := s.store.Commitments(ctx, bodyID)
	if err != nil || len(cs) == 0 {
		return nil, err
	}
	scale, err := s.scale(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	states, err := s.states.List(ctx, actor)
	if err != nil {
		return nil, err
	}
	all, err := s.reports(ctx, actor, 0, "")
	if err != nil {
		return nil, err
	}
	levels := readable(actor)
	out := make([]Progress, len(cs))
	for i, c := range cs {
		p := Progress{Commitment: c, Scale: scale, Levels: levels}
		p.Total, p.Groups = tally(actor, states, func(iso3 string) Standing { return View(actor, all[key{c.ID, iso3}]) })
		out[i] = p
	}
	return out, nil
}
