package survey

import (
	"context"
	"slices"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/state"
)

// Comparison is the published answers of several States to some questions of a
// questionnaire, as a reader may read them: for each State, its latest version published
// at a level the reader reads.
type Comparison struct {
	Questionnaire Questionnaire
	Questions     []Question
	States        []string // in the order asked; every State with published answers when none was
	// Answers by State, then by question's code.
	Answers map[string]map[string]PublishedAnswer
	// Levels are the levels the reader reads (public; and States only for States' people
	// and the Secretariat).
	Levels []Level
}

// Answer is a State's published answer to a question, if it gave one.
func (c Comparison) Answer(state, question string) (PublishedAnswer, bool) {
	a, ok := c.Answers[state][question]
	return a, ok
}

// Compare returns the answers of states (every State that published, when none) to the
// questions with codes (every question, when none) of a questionnaire.
func (s *Service) Compare(ctx context.Context, actor plenary.Actor, questionnaireID int64, states, codes []string) (Comparison, error) {
	q, questions, _, err := s.Get(ctx, actor, questionnaireID)
	if err != nil {
		return Comparison{}, err
	}
	c := Comparison{Questionnaire: q, Levels: ReadableLevels(actor), Answers: map[string]map[string]PublishedAnswer{}}
	for _, x := range questions {
		if len(codes) == 0 || slices.Contains(codes, x.Code) {
			c.Questions = append(c.Questions, x)
		}
	}
	pub, err := s.store.Published(ctx, questionnaireID, "", c.Levels)
	if err != nil {
		return Comparison{}, err
	}
	for _, a := range pub {
		if len(states) > 0 && !slices.Contains(states, a.State) {
			continue
		}
		if c.Answers[a.State] == nil {
			c.Answers[a.State] = map[string]PublishedAnswer{}
			if len(states) == 0 {
				c.States = append(c.States, a.State)
			}
		}
		c.Answers[a.State][a.Question] = a
	}
	if len(states) > 0 {
		c.States = states
	}
	return c, nil
}

// QuestionsOn returns the codes of the questions about an element of the framework or
// about the elements under it (a norm and its checklist's actions).
func QuestionsOn(questions []Question, elements []framework.Element, element string) []string {
	on := map[string]bool{element: true}
	for _, e := range framework.Under(elements, element) {
		on[e.Code] = true
	}
	var out []string
	for _, q := range questions {
		if on[q.Element] {
			out = append(out, q.Code)
		}
	}
	return out
}

// Tally is how the States of a group (or all, for the total) answered a question.
type Tally struct {
	Group  string // the regional group (a state.Group; "" for the total)
	States int    // States that gave an answer to the question
	// Counts are States by answer (a status, or an option of a choices question); nil
	// while Shown is false.
	Counts map[string]int
	// Shown is whether enough States contributed (the body's threshold) for the counts to
	// be shown: fewer would point at the States behind them.
	Shown bool
}

// Aggregate is the published answers to one question, counted by regional group and in
// total, at the levels the reader reads.
type Aggregate struct {
	Question  Question
	Total     Tally
	Groups    []Tally
	Threshold int
	Levels    []Level
}

// Values are the answers a question's counts are kept by, in their order.
func (a Aggregate) Values() []string {
	switch a.Question.Kind {
	case KindStatus:
		return Statuses
	case KindChoices:
		out := make([]string, len(a.Question.Options))
		for i, o := range a.Question.Options {
			out[i] = o.Value
		}
		return out
	}
	return nil
}

// Aggregate counts the published answers to a question by regional group and in total.
// Public readers count public answers only; the Secretariat and those acting for a
// State count States-only answers too; a private answer enters no count.
func (s *Service) Aggregate(ctx context.Context, actor plenary.Actor, questionnaireID int64, code string) (Aggregate, error) {
	q, questions, _, err := s.Get(ctx, actor, questionnaireID)
	if err != nil {
		return Aggregate{}, err
	}
	at := slices.IndexFunc(questions, func(x Question) bool { return x.Code == code })
	if at < 0 {
		return Aggregate{}, plenary.NotFound()
	}
	threshold, err := s.Threshold(ctx, q.BodyID)
	if err != nil {
		return Aggregate{}, err
	}
	groups, err := s.store.Groups(ctx)
	if err != nil {
		return Aggregate{}, err
	}
	agg := Aggregate{Question: questions[at], Threshold: threshold, Levels: ReadableLevels(actor)}
	pub, err := s.store.Published(ctx, questionnaireID, "", agg.Levels)
	if err != nil {
		return Aggregate{}, err
	}
	counts := map[string]map[string]int{} // group ("" total) → value → States
	answered := map[string]int{}
	for _, a := range pub {
		if a.Question != code || a.Value.Empty() {
			continue
		}
		var values []string
		switch agg.Question.Kind {
		case KindStatus:
			if a.Value.Choice != "" {
				values = []string{a.Value.Choice}
			}
		case KindChoices:
			values = a.Value.Choices
		}
		for _, g := range []string{"", groups[a.State]} {
			if counts[g] == nil {
				counts[g] = map[string]int{}
			}
			answered[g]++
			for _, v := range values {
				counts[g][v]++
			}
		}
	}
	tally := func(g string) Tally {
		t := Tally{Group: g, States: answered[g], Shown: answered[g] >= threshold}
		if t.Shown {
			t.Counts = counts[g]
		}
		return t
	}
	agg.Total = tally("")
	for _, g := range state.Groups {
		if answered[string(g)] > 0 {
			agg.Groups = append(agg.Groups, tally(string(g)))
		}
	}
	return agg, nil
}

// StateCycle is a State's published answers to one questionnaire, as a reader may read
// them: its latest version published at a level the reader reads.
type StateCycle struct {
	Questionnaire Questionnaire
	Questions     []Question
	VersionNumber int
	Level         Level
	Answers       map[string]PublishedAnswer
}

// StateAnswers returns what a State published to every questionnaire, cycle by cycle
// (newest first), as the reader may read it: the State's profile, and what changed
// between cycles.
func (s *Service) StateAnswers(ctx context.Context, actor plenary.Actor, state string) ([]StateCycle, error) {
	pub, err := s.store.Published(ctx, 0, state, ReadableLevels(actor))
	if err != nil {
		return nil, err
	}
	byQ := map[int64]*StateCycle{}
	var order []int64
	for _, a := range pub {
		c, ok := byQ[a.QuestionnaireID]
		if !ok {
			c = &StateCycle{VersionNumber: a.VersionNumber, Level: a.Level, Answers: map[string]PublishedAnswer{}}
			byQ[a.QuestionnaireID] = c
			order = append(order, a.QuestionnaireID)
		}
		c.Answers[a.Question] = a
	}
	var out []StateCycle
	for _, id := range order {
		q, questions, _, err := s.Get(ctx, actor, id)
		if err != nil {
			return nil, err
		}
		c := byQ[id]
		c.Questionnaire, c.Questions = q, questions
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b StateCycle) int { return b.Questionnaire.CreatedAt.Compare(a.Questionnaire.CreatedAt) })
	return out, nil
}
