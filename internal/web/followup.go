package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/state"
)

// The follow-up of commitments through pages: the commitments of each body with where
// the States stand on them (this file); a State's reports on a commitment, the
// submitter's forms and the State's profile (followup_state.go); the Secretariat's forms
// (followup_manage.go). What a reader reads of a report is the service's decision
// (followup.View): the latest report published to them, the reporter named only to the
// State's team and the Secretariat, a private report known to the Secretariat only by
// its date. Figures count only what the reader may read; "no report" is never "not
// started".

// followupArea is what every page of the follow-up has: the words of the follow-up, and
// those of the survey (levels, answers) and of frameworks (marks, texts in the reader's
// language or in the one they have), which it builds on.
type followupArea struct{ surveyArea }

func (h *Handler) followupBase(w http.ResponseWriter, r *http.Request, titleKey string) followupArea {
	return followupArea{surveyArea{frameworkArea{h.page(w, r, titleKey, "follow-up")}}}
}

// KindTitle names a kind of commitment, in the plural, for a heading; KindOf in the
// singular.
func (p *followupArea) KindTitle(k followup.Kind) string { return p.T("followup.kinds." + string(k)) }
func (p *followupArea) CommitmentKind(k followup.Kind) string {
	return p.T("followup.kind." + string(k))
}

// MeaningName says how the figures read a status.
func (p *followupArea) MeaningName(m followup.Meaning) string {
	return p.T("followup.meaning." + string(m))
}

// MeaningOptions are the meanings a status may have.
func (p *followupArea) MeaningOptions() []Option { return choices(followup.Meanings, p.MeaningName) }

// KindOptions are the kinds of commitment.
func (p *followupArea) KindOptions() []Option { return choices(followup.Kinds, p.CommitmentKind) }

// CommitmentTitle is a commitment's title in the reader's language or in the one it has
// (empty when it has none: the page shows its code).
func (p *followupArea) CommitmentTitle(c followup.Commitment) localText { return p.In(c.Titles) }

// CommitmentText is a commitment's text in the reader's language or in the one it has.
func (p *followupArea) CommitmentText(c followup.Commitment) localText { return p.In(c.Texts) }

// Heading names a commitment in one line: its title, or else the start of its text.
func (p *followupArea) Heading(c followup.Commitment) localText {
	if t := p.In(c.Titles); t.Text != "" {
		return t
	}
	t := p.In(c.Texts)
	t.Text = cut(t.Text, 120)
	return t
}

// CommitmentURL is the address of a commitment, plus rest.
func (p *followupArea) CommitmentURL(id int64, rest string) string {
	return p.URL("/follow-up/commitments/" + itoa(id) + rest)
}

// StateURL is the address of a State's reports on a commitment.
func (p *followupArea) StateURL(id int64, iso3 string) string {
	return p.CommitmentURL(id, "/states/"+iso3)
}

// RegistryURL is the registry's page of a document.
func (p *followupArea) RegistryURL(id int64) string { return p.URL(documentPath(id)) }

// ParagraphURL is the paragraph a commitment was marked on, among its document's.
func (p *followupArea) ParagraphURL(s followup.Source) string {
	return p.URL(documentPath(s.DocumentID) + "/paragraphs#p" + s.ParagraphKey)
}

// EvidenceURL is the address of an evidence file.
func (p *followupArea) EvidenceURL(id int64) string { return p.URL("/follow-up/evidence/" + itoa(id)) }

// sourceView is where a commitment comes from, as the "followup-source" partial shows it.
type sourceView struct {
	P                         *Page
	Element                   string // the framework element it follows ("": a paragraph)
	Symbol, Paragraph         string
	DocumentURL, ParagraphURL string // "": not in the registry
}

// SourceOf is where a commitment comes from: a paragraph of a report of the registry, or
// a framework element (with the source the element names).
func (p *followupArea) SourceOf(c followup.Commitment) sourceView {
	s := c.Source
	v := sourceView{P: &p.Page, Element: s.ElementCode, Symbol: s.Symbol, Paragraph: s.ParagraphNumber}
	if s.DocumentID != 0 {
		v.DocumentURL, v.ParagraphURL = p.RegistryURL(s.DocumentID), p.ParagraphURL(s)
	}
	return v
}

// Source is where the commitment comes from, its element's source linked to the
// registry when the reader may open it.
func (p *followupCommitmentPage) Source() sourceView {
	v := p.SourceOf(p.Commitment)
	if p.SourceDocument != 0 {
		v.DocumentURL = p.RegistryURL(p.SourceDocument)
	}
	return v
}

// StatusLabel names a status of scale in the reader's language, or in the one its label
// has; a code the scale no longer has is shown as it is.
func (p *followupArea) StatusLabel(scale []followup.Status, code string) localText {
	for _, st := range scale {
		if st.Code == code {
			if t := p.In(st.Labels); t.Text != "" {
				return t
			}
		}
	}
	return localText{Text: code}
}

// StatusChoices are the statuses of a scale, after "choose a status".
func (p *followupArea) StatusChoices(scale []followup.Status) []Option {
	out := []Option{{Value: "", Label: p.T("followup.choose_status")}}
	for _, st := range scale {
		out = append(out, p.localOption(st.Code, "", st.Labels, 60))
	}
	return out
}

// Month writes the month of a timeline's point (2026-03), the same in every language.
func (p *followupArea) Month(t time.Time) string { return t.UTC().Format("2006-01") }

// ReportedOf says how many of a group's States the reader reads a report of.
func (p *followupArea) ReportedOf(t followup.Tally) string {
	return p.T("followup.reported_of", "Reported", t.Reported()+t.Withheld, "States", t.States)
}

// TallyName names a row of figures: all States, or a regional group.
func (p *followupArea) TallyName(t followup.Tally) string {
	if t.Group == "" {
		return p.T("followup.all_states")
	}
	return p.GroupName(state.Group(t.Group))
}

// Count is how many States of a row stand at a status.
func (p *followupArea) Count(t followup.Tally, code string) int { return t.Counts[code] }

// LevelsRead says in words which reports the reader's figures count.
func (p *followupArea) LevelsRead(levels []followup.Level) string {
	if slices.Contains(levels, followup.StatesOnly) {
		return p.T("followup.levels_states")
	}
	return p.T("followup.levels_public")
}

// summaryItem is one figure of a commitment's compact summary.
type summaryItem struct {
	Label  localText
	Count  int
	Colour string
}

// Summary is where all States stand on a commitment, in a line: each status some State
// is at, the States the reader knows reported without reading them, and no report.
func (p *followupArea) Summary(pr followup.Progress) []summaryItem {
	var out []summaryItem
	for i, st := range pr.Scale {
		if n := pr.Total.Counts[st.Code]; n > 0 {
			out = append(out, summaryItem{Label: p.StatusLabel(pr.Scale, st.Code), Count: n, Colour: statusColour(pr.Scale, i)})
		}
	}
	if pr.Total.Withheld > 0 {
		out = append(out, summaryItem{Label: localText{Text: p.T("followup.withheld")}, Count: pr.Total.Withheld, Colour: withheldColour})
	}
	return append(out, summaryItem{Label: localText{Text: p.T("followup.no_report")}, Count: pr.Total.NoReport})
}

// The colours of the statuses: by what the figures read them as, those of one meaning
// told apart, distinguishable with the common forms of colour blindness and of 3:1
// contrast against white.
var (
	meaningColours = map[followup.Meaning][]string{
		followup.MeaningDone:     {"#1e6b30", "#2f7d4a"},
		followup.MeaningProgress: {"#005a9c", "#8a6d00", "#6b3fa0", "#00727a"},
		followup.MeaningNone:     {"#b00020", "#a3471b"},
		followup.MeaningNA:       {"#5f6b7a", "#4a4a4a"},
	}
	withheldColour = "#7a4a00"
)

// statusColour is the colour of the status at i in scale.
func statusColour(scale []followup.Status, i int) string {
	m := scale[i].Meaning
	n := 0
	for _, st := range scale[:i] {
		if st.Meaning == m {
			n++
		}
	}
	cs := meaningColours[m]
	if len(cs) == 0 {
		return "#5f6b7a"
	}
	return cs[n%len(cs)]
}

// The index: every body's commitments, by kind, each with its source and where the
// States stand.

type followupIndexPage struct {
	followupArea
	Bodies []followupBodySection
	// MyStates are the States on whose team the reader is: their pages are linked.
	MyStates  []string
	MayManage bool
}

// followupBodySection is one body's commitments.
type followupBodySection struct {
	Body  body.Body
	Kinds []followupKindGroup
	// Documents are, for the Secretariat, the body's adopted reports a paragraph of which
	// may be marked.
	Documents []Option
}

// followupKindGroup is the commitments of one kind, with their figures.
type followupKindGroup struct {
	Kind  followup.Kind
	Items []followup.Progress
}

func (h *Handler) followupIndexPage(w http.ResponseWriter, r *http.Request) (followupIndexPage, error) {
	p := followupIndexPage{followupArea: h.followupBase(w, r, "followup.title"), MyStates: teamStates(actorOf(r.Context()))}
	p.MayManage = h.svc.FollowUp.MayManage(p.Actor) == nil
	p.Form = newForm(r)
	bodies, err := h.svc.Bodies.List(r.Context(), p.Actor)
	if err != nil {
		return p, err
	}
	for _, b := range bodies {
		all, err := h.svc.FollowUp.Overview(r.Context(), p.Actor, b.ID)
		if err != nil {
			return p, err
		}
		s := followupBodySection{Body: b}
		for _, k := range followup.Kinds {
			g := followupKindGroup{Kind: k}
			for _, pr := range all {
				if pr.Commitment.Kind == k {
					g.Items = append(g.Items, pr)
				}
			}
			if len(g.Items) > 0 {
				s.Kinds = append(s.Kinds, g)
			}
		}
		if p.MayManage {
			if s.Documents, err = h.adoptedReports(r, b.ID); err != nil {
				return p, err
			}
		}
		if len(s.Kinds) > 0 || p.MayManage {
			p.Bodies = append(p.Bodies, s)
		}
	}
	return p, nil
}

// adoptedReports are the options of a body's documents whose paragraphs may become
// commitments: final ones, published to everyone (the service refuses the others).
func (h *Handler) adoptedReports(r *http.Request, bodyID int64) ([]Option, error) {
	actor := actorOf(r.Context())
	title := func(d document.Document) string { t, _ := d.Title(langOf(r.Context())); return t }
	var out []Option
	req := plenary.PageRequest{Limit: plenary.MaxPageSize}
	for {
		page, err := h.svc.Documents.List(r.Context(), actor, document.Filter{BodyID: bodyID}, req)
		if err != nil {
			return nil, err
		}
		for _, d := range page.Items {
			if d.Status == document.StatusFinal && d.Access == document.AccessPublic {
				out = append(out, Option{Value: itoa(d.ID), Label: d.Symbol + " — " + cut(title(d), 80)})
			}
		}
		if page.Next == "" || len(out) >= 500 {
			return out, nil
		}
		req.Cursor = page.Next
	}
}

// A commitment: its text, source and links, where the States stand on it, in total, by
// regional group and month by month, and the States the reader knows a report of.

type followupCommitmentPage struct {
	followupArea
	Body       body.Body
	Commitment followup.Commitment
	Progress   followup.Progress
	Timeline   followup.Timeline
	// ProgressChart draws the figures by regional group; TimelineChart, month by month.
	ProgressChart, TimelineChart Chart
	// Links are the framework elements the commitment links to; Origin the element it
	// comes from (nil: a paragraph of a report).
	Links  []elementLink
	Origin *elementLink
	// SourceDocument is the registry's document an element's source cites (0: none the
	// reader may open).
	SourceDocument int64
	MyStates       []string
	MayManage      bool
}

// elementLink is a framework element as a commitment page links to it.
type elementLink struct {
	Code  string // "ict-security/norm.f"
	URL   string // "" when the framework has no such element
	Title localText
	Mark  framework.Mark
}

// Rows are the total and the regional groups, as the table shows them.
func (p *followupCommitmentPage) Rows() []followup.Tally {
	return append([]followup.Tally{p.Progress.Total}, p.Progress.Groups...)
}

// ShowWithheld tells whether the figures have States known to have reported privately
// (the Secretariat's), which get a column of their own.
func (p *followupCommitmentPage) ShowWithheld() bool { return followup.KnowsWithheld(p.Actor) }

// timelineMonths is how far back the commitment's page looks.
const timelineMonths = 12

func (h *Handler) followupCommitmentPage(w http.ResponseWriter, r *http.Request) (followupCommitmentPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return followupCommitmentPage{}, err
	}
	actor := actorOf(r.Context())
	pr, err := h.svc.FollowUp.Progress(r.Context(), actor, id)
	if err != nil {
		return followupCommitmentPage{}, err
	}
	p := followupCommitmentPage{followupArea: h.followupBase(w, r, ""), Commitment: pr.Commitment, Progress: pr,
		MyStates: teamStates(actor)}
	c := pr.Commitment
	p.Title = c.Code
	if t := p.Heading(c); t.Text != "" {
		p.Title = c.Code + " — " + t.Text
	}
	p.MayManage = h.svc.FollowUp.MayManage(actor) == nil
	if p.Body, err = h.svc.Bodies.Get(r.Context(), actor, c.BodyID); err != nil {
		return p, err
	}
	now := h.svc.Documents.Now() // the instance's clock, which every service reads
	if p.Timeline, err = h.svc.FollowUp.Timeline(r.Context(), actor, id, now.AddDate(0, -(timelineMonths-1), 0), now); err != nil {
		return p, err
	}
	if err := h.commitmentElements(r, &p); err != nil {
		return p, err
	}
	p.ProgressChart, p.TimelineChart = p.progressChart(), p.timelineChart()
	return p, nil
}

// commitmentElements finds the framework elements a commitment comes from and links to,
// in the current version of their framework, and the registry's document an element's
// source cites.
func (h *Handler) commitmentElements(r *http.Request, p *followupCommitmentPage) error {
	actor := actorOf(r.Context())
	c := p.Commitment
	current := map[string][]framework.Element{}
	find := func(fw, code string) (elementLink, error) {
		l := elementLink{Code: fw + "/" + code, Title: localText{Text: code}}
		es, ok := current[fw]
		if !ok {
			f, err := h.svc.Frameworks.ByCode(r.Context(), actor, fw)
			if plenary.ErrorKind(err) == plenary.KindNotFound {
				return l, nil
			}
			if err != nil {
				return l, err
			}
			_, es, err = h.svc.Frameworks.Current(r.Context(), actor, f.ID)
			if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
				return l, err
			}
			current[fw] = es
		}
		for _, e := range es {
			if e.Code == code {
				l.URL, l.Title, l.Mark = p.URL("/frameworks/"+fw+"#el-"+code), p.In(e.Titles), e.Mark
				if l.Title.Text == "" {
					l.Title = localText{Text: code}
				}
			}
		}
		return l, nil
	}
	for _, x := range c.Links {
		l, err := find(x.Framework, x.Element)
		if err != nil {
			return err
		}
		p.Links = append(p.Links, l)
	}
	if c.Source.ElementCode == "" {
		return nil
	}
	fws, err := h.svc.Frameworks.List(r.Context(), actor)
	if err != nil {
		return err
	}
	for _, f := range fws {
		if f.ID == c.Source.FrameworkID {
			l, err := find(f.Code, c.Source.ElementCode)
			if err != nil {
				return err
			}
			l.Mark = c.Source.Mark
			p.Origin = &l
		}
	}
	if c.Source.Symbol != "" {
		d, err := h.svc.Documents.BySymbol(r.Context(), actor, c.BodyID, c.Source.Symbol)
		switch {
		case err == nil:
			p.SourceDocument = d.ID
		case plenary.ErrorKind(err) != plenary.KindNotFound:
			return err
		}
	}
	return nil
}

// legend are the series of the commitment's charts: the statuses of the scale, then the
// States known to have reported privately, for the Secretariat.
func (p *followupCommitmentPage) legend() []ChartSeries {
	var out []ChartSeries
	for i, st := range p.Progress.Scale {
		out = append(out, ChartSeries{Label: p.StatusLabel(p.Progress.Scale, st.Code).Text, Colour: statusColour(p.Progress.Scale, i)})
	}
	if p.ShowWithheld() {
		out = append(out, ChartSeries{Label: p.T("followup.withheld"), Colour: withheldColour})
	}
	return out
}

// parts are a row's figures as parts of a bar, each a share of the row's States (share)
// or a number of States.
func (p *followupCommitmentPage) parts(t followup.Tally, share bool) []BarPart {
	value := func(n int) float64 {
		if share && t.States > 0 {
			return float64(n) * 100 / float64(t.States)
		}
		return float64(n)
	}
	var out []BarPart
	for i, st := range p.Progress.Scale {
		n := t.Counts[st.Code]
		out = append(out, BarPart{Value: value(n), Colour: statusColour(p.Progress.Scale, i),
			Title: p.StatusLabel(p.Progress.Scale, st.Code).Text + ": " + strconv.Itoa(n)})
	}
	if p.ShowWithheld() {
		out = append(out, BarPart{Value: value(t.Withheld), Colour: withheldColour, Title: p.T("followup.withheld") + ": " + strconv.Itoa(t.Withheld)})
	}
	return out
}

// progressChart draws one bar per row (all States, then each regional group) over the
// whole of its States, split by status: a group where few reported reads as such, and
// groups of different sizes compare.
func (p *followupCommitmentPage) progressChart() Chart {
	var bars []Bar
	for _, t := range p.Rows() {
		bars = append(bars, Bar{Label: p.TallyName(t), Value: p.ReportedOf(t), Parts: p.parts(t, true)})
	}
	return drawChart(&p.Page, "progress-chart-title", p.T("followup.progress_chart", "Code", p.Commitment.Code),
		chartLayout{LabelW: 300, RowH: 30, BarH: 20, ValueW: 80, LabelMax: 36, Scale: 100, Track: true}, bars, p.legend())
}

// timelineChart draws one bar per month, the States that had reported by its end split
// by status.
func (p *followupCommitmentPage) timelineChart() Chart {
	var bars []Bar
	for _, pt := range p.Timeline.Points {
		bars = append(bars, Bar{Label: p.Month(pt.Month), Value: p.ReportedOf(pt.Tally), Parts: p.parts(pt.Tally, false)})
	}
	return drawChart(&p.Page, "timeline-chart-title", p.T("followup.timeline_chart", "Code", p.Commitment.Code),
		chartLayout{LabelW: 90, RowH: 26, BarH: 18, ValueW: 90}, bars, p.legend())
}
