package followup

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/survey"
)

// Tally counts the States of a regional group (or all of them, for the total) by where
// they stand on a commitment, as a reader sees it.
type Tally struct {
	Group  string // a state.Group; "" for the total
	States int    // the States of the group
	// Counts are States by the status of the latest report the reader may read.
	Counts map[string]int
	// Withheld counts States the reader knows reported without reading any of their
	// reports (the Secretariat, of private reports): counted apart, neither in Counts
	// nor as no report.
	Withheld int
	// NoReport counts States without a report the reader may read or know of: not the
	// same as "not started", which is a status.
	NoReport int
}

// Reported is how many States the reader reads a report of.
func (t Tally) Reported() int {
	n := 0
	for _, c := range t.Counts {
		n += c
	}
	return n
}

func (t *Tally) add(st Standing) {
	switch {
	case st.Reported():
		t.Counts[st.Report.Status]++
	case st.Withheld.ID != 0:
		t.Withheld++
	default:
		t.NoReport++
	}
}

// Progress is where the States stand on a commitment, in total and by regional group,
// counting only the reports the reader may read.
type Progress struct {
	Commitment Commitment
	Scale      []Status
	Total      Tally
	Groups     []Tally // in the order of state.Groups
	// Standings are the States the reader knows a report of, by code.
	Standings []Standing
	// Levels are the levels of publication the reader reads (and its own State's reports
	// at every level, for a State's team).
	Levels []Level
}

// Progress counts the States by status on a commitment, in total and by regional group;
// every State is counted, those without a readable report as "no report".
func (s *Service) Progress(ctx context.Context, actor plenary.Actor, commitmentID int64) (Progress, error) {
	c, scale, states, all, err := s.figuresOf(ctx, actor, commitmentID)
	if err != nil {
		return Progress{}, err
	}
	p := Progress{Commitment: c, Scale: scale, Standings: standings(actor, all), Levels: readable(actor)}
	p.Total, p.Groups = tally(actor, states, func(iso3 string) Standing { return View(actor, all[key{commitmentID, iso3}]) })
	return p, nil
}

// figuresOf reads what a commitment's figures count: the commitment, its body's scale,
// the States, and every report on it the reader may read (or know of).
func (s *Service) figuresOf(ctx context.Context, actor plenary.Actor, commitmentID int64) (Commitment, []Status, []state.State, map[key][]Report, error) {
	c, err := s.commitment(ctx, commitmentID)
	if err != nil {
		return Commitment{}, nil, nil, nil, err
	}
	scale, err := s.scale(ctx, c.BodyID)
	if err != nil {
		return Commitment{}, nil, nil, nil, err
	}
	states, err := s.states.List(ctx, actor)
	if err != nil {
		return Commitment{}, nil, nil, nil, err
	}
	all, err := s.reports(ctx, actor, commitmentID, "")
	return c, scale, states, all, err
}

// tally counts every State where standing says it stands.
func tally(actor plenary.Actor, states []state.State, standing func(iso3 string) Standing) (Tally, []Tally) {
	total := Tally{Counts: map[string]int{}}
	groups := map[state.Group]*Tally{}
	for _, g := range state.Groups {
		groups[g] = &Tally{Group: string(g), Counts: map[string]int{}}
	}
	for _, st := range states {
		at := standing(st.ISO3)
		total.States++
		total.add(at)
		if g, ok := groups[st.Group]; ok {
			g.States++
			g.add(at)
		}
	}
	var out []Tally
	for _, g := range state.Groups {
		if groups[g].States > 0 {
			out = append(out, *groups[g])
		}
	}
	return total, out
}

// Point is where the States stood at the end of a month.
type Point struct {
	Month time.Time // the first day of the month (UTC)
	Tally
}

// Timeline is where the States stood on a commitment at the end of each month.
type Timeline struct {
	Commitment Commitment
	Scale      []Status
	Points     []Point
}

// Timeline counts the States by status on a commitment at the end of each month from
// from's to to's (to the current month at most, MaxMonths at most): each State as the
// latest report the reader may read, made before that month ended, says.
func (s *Service) Timeline(ctx context.Context, actor plenary.Actor, commitmentID int64, from, to time.Time) (Timeline, error) {
	first := time.Date(from.UTC().Year(), from.UTC().Month(), 1, 0, 0, 0, 0, time.UTC)
	now := s.now()
	if to.After(now) {
		to = now
	}
	last := time.Date(to.UTC().Year(), to.UTC().Month(), 1, 0, 0, 0, 0, time.UTC)
	if from.IsZero() || last.Before(first) || monthsBetween(first, last) >= MaxMonths {
		return Timeline{}, plenary.Invalid("from", "followup.timeline_range", map[string]any{"Max": MaxMonths})
	}
	c, scale, states, all, err := s.figuresOf(ctx, actor, commitmentID)
	if err != nil {
		return Timeline{}, err
	}
	tl := Timeline{Commitment: c, Scale: scale}
	for m := first; !m.After(last); m = m.AddDate(0, 1, 0) {
		end := m.AddDate(0, 1, 0)
		total := Tally{Counts: map[string]int{}}
		for _, st := range states {
			total.States++
			total.add(View(actor, madeBefore(all[key{commitmentID, st.ISO3}], end)))
		}
		tl.Points = append(tl.Points, Point{Month: m, Tally: total})
	}
	return tl, nil
}

// madeBefore are the reports of rs (newest first) made before end: the end of rs from the
// first of them, as the times follow the numbers; a copy of those alone when a clock set
// back made a later report earlier.
func madeBefore(rs []Report, end time.Time) []Report {
	i := 0
	for i < len(rs) && !rs[i].ReportedAt.Before(end) {
		i++
	}
	for _, r := range rs[i:] {
		if !r.ReportedAt.Before(end) {
			var out []Report
			for _, r := range rs {
				if r.ReportedAt.Before(end) {
					out = append(out, r)
				}
			}
			return out
		}
	}
	return rs[i:]
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// StateCommitment is a commitment with where a State stands on it.
type StateCommitment struct {
	Commitment Commitment
	Standing   Standing
}

// StateCommitments are every commitment of a body with where a State stands on each as
// actor sees it (the State's profile).
func (s *Service) StateCommitments(ctx context.Context, actor plenary.Actor, bodyID int64, iso3 string) ([]StateCommitment, error) {
	iso3 = strings.ToUpper(iso3)
	cs, err := s.commitments(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	all, err := s.reports(ctx, actor, 0, iso3)
	if err != nil {
		return nil, err
	}
	out := make([]StateCommitment, len(cs))
	for i, c := range cs {
		st := View(actor, all[key{c.ID, iso3}])
		st.CommitmentID, st.State = c.ID, iso3
		out[i] = StateCommitment{Commitment: c, Standing: st}
	}
	return out, nil
}

// SurveyAnswer is a State's published answer to a survey question on an element a
// commitment comes from or links to.
type SurveyAnswer struct {
	Questionnaire survey.Questionnaire
	Question      survey.Question
	Answer        survey.PublishedAnswer
}

// SurveyAnswers returns what a State answered to the national survey on the framework
// elements a commitment comes from or links to (questions whose element is one of them),
// from the latest questionnaire in which it answered any, as the reader may read it
// (published at a level the reader reads): shown beside the State's status.
func (s *Service) SurveyAnswers(ctx context.Context, actor plenary.Actor, commitmentID int64, iso3 string) ([]SurveyAnswer, error) {
	c, err := s.commitment(ctx, commitmentID)
	if err != nil {
		return nil, err
	}
	type element struct {
		framework int64
		code      string
	}
	var on []element
	if c.Source.ElementCode != "" {
		on = append(on, element{c.Source.FrameworkID, c.Source.ElementCode})
	}
	for _, l := range c.Links {
		f, err := s.frameworks.ByCode(ctx, actor, l.Framework)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		on = append(on, element{f.ID, l.Element})
	}
	if len(on) == 0 {
		return nil, nil
	}
	cycles, err := s.surveys.StateAnswers(ctx, actor, strings.ToUpper(iso3))
	if err != nil {
		return nil, err
	}
	for _, cy := range cycles { // newest first
		if cy.Questionnaire.BodyID != c.BodyID {
			continue
		}
		var out []SurveyAnswer
		for _, q := range cy.Questions {
			if !slices.Contains(on, element{cy.Questionnaire.FrameworkID, q.Element}) {
				continue
			}
			if a, ok := cy.Answers[q.Code]; ok && !a.Value.Empty() {
				out = append(out, SurveyAnswer{Questionnaire: cy.Questionnaire, Question: q, Answer: a})
			}
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, nil
}
