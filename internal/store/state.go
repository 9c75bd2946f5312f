package store

import (
	"context"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// States is the store of the state domain.
func (db *DB) States() state.Store { return stateStore{db} }

type stateStore struct{ db *DB }

var _ state.Store = stateStore{}

func (s stateStore) UpsertStates(ctx context.Context, states []state.State) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		for _, st := range states {
			err := tx.q.UpsertState(ctx, query.UpsertStateParams{
				Iso3: st.ISO3, Iso2: st.ISO2, M49: st.M49, Status: string(st.Status),
				RegionalGroup: string(st.Group), ElectoralNote: st.ElectoralNote,
				NameAr: st.Names["ar"], NameZh: st.Names["zh"], NameEn: st.Names["en"],
				NameFr: st.Names["fr"], NameRu: st.Names["ru"], NameEs: st.Names["es"],
			})
			if err != nil {
				return translate(err)
			}
		}
		return nil
	})
}

func (s stateStore) ListStates(ctx context.Context) ([]state.State, error) {
	rows, err := s.db.q.ListStates(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]state.State, len(rows))
	for i, r := range rows {
		out[i] = stateFromRow(r)
	}
	return out, nil
}

func stateFromRow(r query.State) state.State {
	return state.State{
		ISO3: r.Iso3, ISO2: r.Iso2, M49: r.M49, Status: state.Status(r.Status),
		Group: state.Group(r.RegionalGroup), ElectoralNote: r.ElectoralNote,
		Names: plenary.Localized{"ar": r.NameAr, "zh": r.NameZh, "en": r.NameEn, "fr": r.NameFr, "ru": r.NameRu, "es": r.NameEs},
	}
}

// stateExists is shared by the domains that refer to States.
func stateExists(ctx context.Context, q *query.Queries, iso3 string) (bool, error) {
	_, err := q.GetState(ctx, iso3)
	if err != nil {
		err = translate(err)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return false, nil
		}
		return false, err
	}
	return true, nil
}
