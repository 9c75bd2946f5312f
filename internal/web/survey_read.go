package web

import (
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/survey"
)

// Published answers, read: side by side, counted by regional group, exported as open
// data, and on each State's profile. What the reader reads is the service's decision
// (survey.ReadableLevels): public answers for everyone, States-only answers too for those
// acting for a State and for the Secretariat; a private answer nowhere.

// Side by side.

type surveyComparePage struct {
	surveyArea
	Questionnaire survey.Questionnaire
	Comparison    survey.Comparison
	// Elements are those a comparison may be on (a norm takes its checklist's actions).
	Elements    []framework.Element
	Element     string
	StateGroups []state.GroupedStates
	// all are the version's elements, to name what a question of the checklist is on.
	all []framework.Element
}

// ElementOf is the element with code, if the framework version has it.
func (p *surveyComparePage) ElementOf(code string) *framework.Element {
	for i := range p.all {
		if p.all[i].Code == code {
			return &p.all[i]
		}
	}
	return nil
}

// Chosen tells whether a State is among those asked for.
func (p *surveyComparePage) Chosen(iso3 string) bool { return p.Form.Has("states", iso3) }

// ElementOptions are the elements a comparison may be on.
func (p *surveyComparePage) ElementOptions() []Option {
	out := make([]Option, len(p.Elements))
	for i, e := range p.Elements {
		o := p.localOption(e.Code, "", e.Titles, 80)
		// An option is in one language: the (translated) mark goes with a title in the
		// reader's; a title in another language leaves it to the comparison's heading.
		if m := p.MarkName(e.Mark); m != "" && o.Lang == "" {
			o.Label = p.T("framework.marked", "Mark", m, "Title", o.Label)
		}
		out[i] = o
	}
	return out
}

// Cell shows a State's published answer to a question, if it gave one.
func (p *surveyComparePage) Cell(iso3 string, q survey.Question) *publishedView {
	a, ok := p.Comparison.Answer(iso3, q.Code)
	if !ok {
		return nil
	}
	return &publishedView{View: p.Answer(p.Questionnaire.ID, q, a.Value, a.Language), Level: a.Level, Version: a.VersionNumber}
}

// publishedView is a published answer as a page shows it, with how far it is published.
type publishedView struct {
	View    answerView
	Level   survey.Level
	Version int
}

// LevelsSaid says in words which answers the reader's view counts or shows.
func (p *surveyArea) LevelsSaid(levels []survey.Level) string {
	if slices.Contains(levels, survey.StatesOnly) {
		return p.T("survey.levels_states")
	}
	return p.T("survey.levels_public")
}

// comparable are the elements a comparison may be on: those questions ask about, less
// the ones under another (a norm's actions go with the norm).
func comparable(qs []survey.Question, es []framework.Element) []framework.Element {
	asked := map[string]bool{}
	for _, q := range qs {
		if q.Element != "" {
			asked[q.Element] = true
		}
	}
	var out []framework.Element
	for _, n := range framework.Tree(es) {
		if asked[n.Code] && !asked[n.Parent] {
			out = append(out, n.Element)
		}
	}
	return out
}

// listParam reads a query parameter given repeated, or as a list separated by commas.
func listParam(q map[string][]string, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

func (h *Handler) surveyCompare(w http.ResponseWriter, r *http.Request) error {
	q, qs, es, err := h.surveyOf(r)
	if err != nil {
		return err
	}
	p := surveyComparePage{surveyArea: h.surveyBase(w, r, ""), Questionnaire: q, Elements: comparable(qs, es), all: es}
	p.Title = p.T("survey.compare_title", "Cycle", q.Cycle)
	if p.StateGroups, err = h.svc.States.Grouped(r.Context(), p.Actor, p.Lang); err != nil {
		return err
	}
	query := r.URL.Query()
	// States by code, in the order asked, those that exist; questions by code, or every
	// question on an element (the first one when none is asked).
	var states []string
	for _, s := range listParam(query, "states") {
		s = strings.ToUpper(s)
		for _, g := range p.StateGroups {
			if slices.ContainsFunc(g.States, func(x state.State) bool { return x.ISO3 == s }) {
				states = append(states, s)
			}
		}
	}
	codes := listParam(query, "question")
	if len(codes) == 0 {
		p.Element = query.Get("element")
		if !slices.ContainsFunc(p.Elements, func(e framework.Element) bool { return e.Code == p.Element }) && len(p.Elements) > 0 {
			p.Element = p.Elements[0].Code
		}
		codes = survey.QuestionsOn(qs, es, p.Element)
	}
	if len(codes) == 0 {
		return plenary.NotFound()
	}
	if p.Comparison, err = h.svc.Survey.Compare(r.Context(), p.Actor, q.ID, states, codes); err != nil {
		return err
	}
	if len(p.Comparison.Questions) == 0 {
		return plenary.NotFound() // no question has the codes asked
	}
	p.Form = &Form{Values: map[string][]string{"states": states, "element": {p.Element}}}
	h.render(w, r, http.StatusOK, "survey-compare", &p)
	return nil
}

// Counted.

type aggregatePage struct {
	surveyArea
	Questionnaire survey.Questionnaire
	// Questions are those whose answers are counted: statuses and choices.
	Questions []survey.Question
	Aggregate survey.Aggregate
	Chart     Chart
}

// QuestionOptions are the questions an aggregate may count.
func (p *aggregatePage) QuestionOptions() []Option {
	out := make([]Option, len(p.Questions))
	for i, q := range p.Questions {
		out[i] = p.localOption(q.Code, q.Code+" — ", q.Prompts, 70)
	}
	return out
}

// Rows are the total and the regional groups, as the table shows them.
func (p *aggregatePage) Rows() []survey.Tally {
	return append([]survey.Tally{p.Aggregate.Total}, p.Aggregate.Groups...)
}

// TallyName names a row: all States, or a regional group.
func (p *aggregatePage) TallyName(t survey.Tally) string {
	if t.Group == "" {
		return p.T("survey.all_states")
	}
	return p.GroupName(state.Group(t.Group))
}

// ValueName names a counted answer: a status, or an option's label.
func (p *aggregatePage) ValueName(v string) string {
	if p.Aggregate.Question.Kind == survey.KindStatus {
		return p.ChoiceName(v)
	}
	for _, o := range p.Aggregate.Question.Options {
		if o.Value == v {
			return o.Labels.Text(p.Lang)
		}
	}
	return v
}

// Columns is how many columns a row's figures take: the States answering, and each
// answer (a row under the threshold says so across them, giving no figure).
func (p *aggregatePage) Columns() int { return len(p.Aggregate.Values()) + 1 }

// Count is how many States of a row gave an answer.
func (p *aggregatePage) Count(t survey.Tally, v string) int { return t.Counts[v] }

// aggregateColours tell the answers apart; a status has its own (yes green, no red), in
// colours distinguishable with the common forms of colour blindness.
var (
	statusColours = map[string]string{survey.Yes: "#1e6b30", survey.Partly: "#8a6d00", survey.No: "#b00020", survey.NotApplicable: "#5f6b7a"}
	choiceColours = []string{"#005a9c", "#1e6b30", "#8a6d00", "#b00020", "#6b3fa0", "#00727a", "#5f6b7a", "#a3471b"}
)

func (p *aggregatePage) colour(i int, v string) string {
	if c, ok := statusColours[v]; ok && p.Aggregate.Question.Kind == survey.KindStatus {
		return c
	}
	return choiceColours[i%len(choiceColours)]
}

// aggregateChart draws one bar per row, split by answer; a row under the threshold is
// drawn without its parts and says why.
func (p *aggregatePage) aggregateChart() Chart {
	var legend []ChartSeries
	values := p.Aggregate.Values()
	for i, v := range values {
		legend = append(legend, ChartSeries{Label: p.ValueName(v), Colour: p.colour(i, v)})
	}
	var bars []Bar
	for _, t := range p.Rows() {
		b := Bar{Label: p.TallyName(t), Value: p.T("survey.states_count", "Count", t.States)}
		if !t.Shown {
			b.Value = p.T("survey.not_shown", "Count", p.Aggregate.Threshold)
		}
		for i, v := range values {
			if t.Shown {
				n := t.Counts[v]
				b.Parts = append(b.Parts, BarPart{Value: float64(n), Colour: p.colour(i, v), Title: p.ValueName(v) + ": " + strconv.Itoa(n)})
			}
		}
		bars = append(bars, b)
	}
	return drawChart(&p.Page, "aggregate-chart-title", p.T("survey.aggregate_chart", "Code", p.Aggregate.Question.Code),
		chartLayout{LabelW: 190, RowH: 30, BarH: 20, ValueW: 90, LabelMax: 24}, bars, legend)
}

func (h *Handler) surveyAggregate(w http.ResponseWriter, r *http.Request) error {
	q, qs, _, err := h.surveyOf(r)
	if err != nil {
		return err
	}
	p := aggregatePage{surveyArea: h.surveyBase(w, r, ""), Questionnaire: q}
	p.Title = p.T("survey.aggregate_title", "Cycle", q.Cycle)
	for _, x := range qs {
		if x.Kind == survey.KindStatus || x.Kind == survey.KindChoices {
			p.Questions = append(p.Questions, x)
		}
	}
	code := r.URL.Query().Get("question")
	if code == "" && len(p.Questions) > 0 {
		code = p.Questions[0].Code
	}
	if p.Aggregate, err = h.svc.Survey.Aggregate(r.Context(), p.Actor, q.ID, code); err != nil {
		return err
	}
	p.Chart = p.aggregateChart()
	p.Form = &Form{Values: map[string][]string{"question": {code}}}
	h.render(w, r, http.StatusOK, "survey-aggregate", &p)
	return nil
}

// The open-data export: every public answer of a questionnaire, whoever asks (a
// States-only answer is not open data, even for a State's delegate).

type publishedRecord struct {
	State       string       `json:"state"`
	Version     int          `json:"version"`
	SubmittedAt time.Time    `json:"submitted_at"`
	Question    string       `json:"question"`
	Part        survey.Part  `json:"part"`
	Element     string       `json:"element,omitempty"`
	Value       survey.Value `json:"value"`
	Language    string       `json:"language"`
	FileURL     string       `json:"file_url,omitempty"`
}

func (h *Handler) surveyPublished(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.Survey.Compare(r.Context(), plenary.Public(langOf(r.Context())), id, nil, nil)
	if err != nil {
		return err
	}
	var recs []publishedRecord
	for _, st := range c.States {
		for _, q := range c.Questions {
			a, ok := c.Answer(st, q.Code)
			if !ok {
				continue
			}
			rec := publishedRecord{State: st, Version: a.VersionNumber, SubmittedAt: a.SubmittedAt.UTC(), Question: q.Code, Part: q.Part,
				Element: q.Element, Value: a.Value, Language: a.Language}
			if a.Value.FileID != 0 {
				rec.FileURL = h.opts.BaseURL + "/en/survey/" + itoa(id) + "/evidence/" + itoa(a.Value.FileID)
			}
			recs = append(recs, rec)
		}
	}
	isJSON := strings.HasSuffix(r.URL.Path, ".json")
	name := "survey-" + c.Questionnaire.Cycle + "-published"
	w.Header().Set("Cache-Control", "public, max-age=300")
	if isJSON {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + ".json"}))
		return writePublishedJSON(w, c.Questionnaire, recs)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + ".csv"}))
	return writePublishedCSV(w, c.Questionnaire, recs)
}

func writePublishedJSON(w http.ResponseWriter, q survey.Questionnaire, recs []publishedRecord) error {
	out := struct {
		Questionnaire struct {
			ID               int64             `json:"id"`
			Cycle            string            `json:"cycle"`
			Titles           plenary.Localized `json:"titles"`
			FrameworkVersion int64             `json:"framework_version"`
		} `json:"questionnaire"`
		Answers []publishedRecord `json:"answers"`
	}{Answers: recs}
	if out.Answers == nil {
		out.Answers = []publishedRecord{}
	}
	out.Questionnaire.ID, out.Questionnaire.Cycle, out.Questionnaire.Titles, out.Questionnaire.FrameworkVersion = q.ID, q.Cycle, q.Titles, q.FrameworkVersionID
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writePublishedCSV(w http.ResponseWriter, q survey.Questionnaire, recs []publishedRecord) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"cycle", "state", "version", "submitted_at", "question", "part", "element", "choice", "choices", "number",
		"date", "link", "file_url", "text", "language"}); err != nil {
		return err
	}
	for _, rec := range recs {
		v := rec.Value
		number := ""
		if v.Number != nil {
			number = strconv.FormatFloat(*v.Number, 'f', -1, 64)
		}
		if err := cw.Write([]string{q.Cycle, rec.State, strconv.Itoa(rec.Version), rec.SubmittedAt.Format(time.RFC3339), rec.Question,
			string(rec.Part), rec.Element, v.Choice, strings.Join(v.Choices, " "), number, v.Date, v.Link, rec.FileURL, csvSafe(v.Text),
			rec.Language}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a text as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// The State's profile: its published answers, cycle by cycle.

// stateSurveySection is the "National survey" section of a State's profile: the
// State's published answers to one cycle (the latest unless another is asked), and what
// changed since the cycle before.
type stateSurveySection struct {
	surveyArea
	State    string
	Cycles   []survey.StateCycle
	Shown    survey.StateCycle
	Previous *survey.StateCycle
	Sections []partSection
}

// Published shows the State's answer to q in the cycle shown.
func (s *stateSurveySection) Published(q survey.Question) answerView {
	a := s.Shown.Answers[q.Code]
	return s.Answer(s.Shown.Questionnaire.ID, q, a.Value, a.Language)
}

// Change says how an answer differs from the cycle before: "new", "changed", or "" (the
// same, or no cycle before).
func (s *stateSurveySection) Change(code string) string {
	if s.Previous == nil {
		return ""
	}
	before, ok := s.Previous.Answers[code]
	switch {
	case !ok:
		return s.T("survey.change_new", "Cycle", s.Previous.Questionnaire.Cycle)
	case !before.Value.Equal(s.Shown.Answers[code].Value):
		return s.T("survey.change_changed", "Cycle", s.Previous.Questionnaire.Cycle)
	}
	return ""
}

// stateSurvey builds the section, or nil when the State published nothing the reader may
// read.
func (h *Handler) stateSurvey(r *http.Request, base Page, iso3 string) (*stateSurveySection, error) {
	cycles, err := h.svc.Survey.StateAnswers(r.Context(), base.Actor, iso3)
	if err != nil || len(cycles) == 0 {
		return nil, err
	}
	s := &stateSurveySection{surveyArea: surveyArea{frameworkArea{base}}, State: iso3, Cycles: cycles}
	at := 0
	if id, ok := parseID(r.URL.Query().Get("cycle")); ok {
		at = max(0, slices.IndexFunc(cycles, func(c survey.StateCycle) bool { return c.Questionnaire.ID == id }))
	}
	s.Shown = cycles[at]
	if at+1 < len(cycles) {
		s.Previous = &cycles[at+1]
	}
	_, _, es, err := h.svc.Survey.Get(r.Context(), base.Actor, s.Shown.Questionnaire.ID)
	if err != nil {
		return nil, err
	}
	s.Sections = sections(s.Shown.Questions, es, func(q survey.Question) bool {
		a, ok := s.Shown.Answers[q.Code]
		return ok && !a.Value.Empty()
	})
	return s, nil
}
