// Package state holds the 193 Member States of the United Nations and the 2 non-member
// observer States: their codes, regional groups and short names in the six languages.
//
// The list is reference data shipped with plenary (data/un-member-states.csv, with its
// sources and licences in data/README.md) and loaded into the database by
// `plenary migrate`, so that other tables can refer to a State by its ISO code.
package state

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/plenary-platform/plenary"
)

//go:embed data/un-member-states.csv
var dataCSV []byte

// Status tells a Member State from a non-member observer State.
type Status string

const (
	Member   Status = "member"
	Observer Status = "observer"
)

// Group is a UN regional group. NoGroup holds the United States (which attends WEOG as an
// observer) and the observer States.
type Group string

const (
	African         Group = "African"
	AsiaPacific     Group = "Asia-Pacific"
	EasternEuropean Group = "Eastern European"
	GRULAC          Group = "GRULAC"
	WEOG            Group = "WEOG"
	NoGroup         Group = "none"
)

// Groups lists the regional groups in the order the UN lists them.
var Groups = []Group{African, AsiaPacific, EasternEuropean, GRULAC, WEOG, NoGroup}

// Slug is the group's name in URLs and catalogue keys.
func (g Group) Slug() string {
	switch g {
	case AsiaPacific:
		return "asia_pacific"
	case EasternEuropean:
		return "eastern_european"
	case GRULAC:
		return "grulac"
	case WEOG:
		return "weog"
	case African:
		return "african"
	}
	return "none"
}

// ISO3Length is the length of a State's ISO 3166-1 alpha-3 code.
const ISO3Length = 3

// State is a Member State or an observer State.
type State struct {
	ISO3          string // ISO 3166-1 alpha-3, the key everywhere in plenary
	ISO2          string
	M49           string // UN M49 numeric code, three digits
	Status        Status
	Group         Group
	ElectoralNote string // set for the States whose group membership has a special arrangement
	Names         plenary.Localized
}

// Name returns the State's short name in lang.
func (s State) Name(lang string) string { return s.Names.Text(lang) }

// Load reads the States shipped with plenary.
func Load() ([]State, error) { return parse(bytes.NewReader(dataCSV)) }

// Namer names States by code in any of the six languages from the shipped list, without
// the database: the message catalogues need it before any service is built. An unknown
// code is named by itself.
func Namer() (func(iso3, lang string) string, error) {
	states, err := Load()
	if err != nil {
		return nil, err
	}
	names := make(map[string]plenary.Localized, len(states))
	for _, s := range states {
		names[s.ISO3] = s.Names
	}
	return func(iso3, lang string) string {
		if n, ok := names[iso3]; ok {
			return n.Text(lang)
		}
		return iso3
	}, nil
}

var header = []string{"iso3", "iso2", "m49", "status", "regional_group", "electoral_note",
	"name_en", "name_fr", "name_es", "name_ru", "name_ar", "name_zh"}

func parse(r io.Reader) ([]State, error) {
	cr := csv.NewReader(r)
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("state: read list: %w", err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		return nil, fmt.Errorf("state: unexpected header in list")
	}
	out := make([]State, 0, len(rows)-1)
	for i, row := range rows[1:] {
		s := State{
			ISO3: row[0], ISO2: row[1], M49: row[2], Status: Status(row[3]), Group: Group(row[4]),
			ElectoralNote: row[5],
			Names:         plenary.Localized{"en": row[6], "fr": row[7], "es": row[8], "ru": row[9], "ar": row[10], "zh": row[11]},
		}
		if len(s.ISO3) != ISO3Length || len(s.ISO2) != 2 || len(s.M49) != 3 ||
			(s.Status != Member && s.Status != Observer) || !slices.Contains(Groups, s.Group) {
			return nil, fmt.Errorf("state: line %d of list is malformed", i+2)
		}
		for _, l := range plenary.Languages {
			if strings.TrimSpace(s.Names[l]) == "" {
				return nil, fmt.Errorf("state: line %d of list has no %s name", i+2, l)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// SortByName sorts states by their name in lang, with that language's collation (so
// that "Égypte" sorts with the E's in French).
func SortByName(states []State, lang string) {
	plenary.SortByName(states, lang, func(s State) string { return s.Name(lang) })
}

// GroupedStates is one regional group with its States.
type GroupedStates struct {
	Group  Group
	States []State
}

// ByGroup splits states by regional group, in the order of Groups, each sorted by name
// in lang. Groups without States are left out.
func ByGroup(states []State, lang string) []GroupedStates {
	var out []GroupedStates
	for _, g := range Groups {
		var in []State
		for _, s := range states {
			if s.Group == g {
				in = append(in, s)
			}
		}
		if len(in) == 0 {
			continue
		}
		SortByName(in, lang)
		out = append(out, GroupedStates{Group: g, States: in})
	}
	return out
}

// Store keeps the States.
type Store interface {
	UpsertStates(ctx context.Context, states []State) error
	ListStates(ctx context.Context) ([]State, error)
}

// Service gives the list of States. The list changes only when plenary is upgraded, so
// it is read from the database once and kept.
type Service struct {
	store Store

	mu      sync.Mutex
	states  []State
	byISO3  map[string]State
	sorted  map[string][]State         // by language: collating 195 names costs milliseconds
	grouped map[string][]GroupedStates // by language
}

func NewService(s Store) *Service { return &Service{store: s} }

// Sync writes the shipped list into the database. `plenary migrate` calls it.
func (s *Service) Sync(ctx context.Context, actor plenary.Actor) error {
	if !actor.System {
		return plenary.Deny(actor)
	}
	states, err := Load()
	if err != nil {
		return plenary.Internal(err)
	}
	if err := s.store.UpsertStates(ctx, states); err != nil {
		return err
	}
	s.mu.Lock()
	s.states, s.byISO3, s.sorted, s.grouped = nil, nil, nil, nil
	s.mu.Unlock()
	return nil
}

func (s *Service) load(ctx context.Context) ([]State, map[string]State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.states != nil {
		return s.states, s.byISO3, nil
	}
	states, err := s.store.ListStates(ctx)
	if err != nil {
		return nil, nil, err
	}
	by := make(map[string]State, len(states))
	for _, st := range states {
		by[st.ISO3] = st
	}
	s.states, s.byISO3 = states, by
	s.sorted, s.grouped = map[string][]State{}, map[string][]GroupedStates{}
	return states, by, nil
}

// Sorted returns every State sorted by its name in lang, for lists and choices.
func (s *Service) Sorted(ctx context.Context, _ plenary.Actor, lang string) ([]State, error) {
	if _, _, err := s.load(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if out, ok := s.sorted[lang]; ok {
		return slices.Clone(out), nil
	}
	out := slices.Clone(s.states)
	SortByName(out, lang)
	s.sorted[lang] = out
	return slices.Clone(out), nil
}

// Grouped returns the States by regional group, each group sorted by name in lang.
func (s *Service) Grouped(ctx context.Context, _ plenary.Actor, lang string) ([]GroupedStates, error) {
	if _, _, err := s.load(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if out, ok := s.grouped[lang]; ok {
		return out, nil
	}
	out := ByGroup(s.states, lang)
	s.grouped[lang] = out
	return out, nil
}

// List returns every State, ordered by ISO code. The list is public.
func (s *Service) List(ctx context.Context, _ plenary.Actor) ([]State, error) {
	states, _, err := s.load(ctx)
	return slices.Clone(states), err
}

// Get returns one State by its ISO 3166-1 alpha-3 code (any case).
func (s *Service) Get(ctx context.Context, _ plenary.Actor, iso3 string) (State, error) {
	_, by, err := s.load(ctx)
	if err != nil {
		return State{}, err
	}
	st, ok := by[strings.ToUpper(iso3)]
	if !ok {
		return State{}, plenary.NotFound()
	}
	return st, nil
}

// Exists reports whether iso3 is a known State, for validating inputs of other domains.
func (s *Service) Exists(ctx context.Context, iso3 string) (bool, error) {
	_, by, err := s.load(ctx)
	if err != nil {
		return false, err
	}
	_, ok := by[iso3]
	return ok, nil
}
