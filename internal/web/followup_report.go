package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/state"
)

// The progress report of the follow-up (/follow-up/report): its figures as of a day, for
// the Secretariat and the Chair, and the Secretariat's form to issue it as a document of
// the registry. The figures count only what States made public: the report is meant to
// be published.

type followupReportPage struct {
	Page
	Bodies []body.Body
	Body   body.Body
	AsOf   time.Time
	Report followup.ProgressReport
	// Statuses are the labels of the body's scale, in its order (the tables' columns).
	Statuses  []string
	Reporting []fuReportReporting
	Meanings  []fuReportCount
	Rows      []fuReportRow
	Chart     Chart
	// MayIssue is whether the reader issues the report (the Secretariat).
	MayIssue       bool
	IssueLanguages []Option
}

type fuReportReporting struct {
	Name                     string
	States, Reported, Silent int
}

type fuReportCount struct {
	Label string
	Count int
}

// fuReportRow is one commitment in the tables.
type fuReportRow struct {
	Code, Title, TitleLang string
	States, NoReport       int
	Counts                 []int // by status, in the scale's order
	Groups                 []fuReportGroup
}

type fuReportGroup struct {
	Name             string
	States, NoReport int
	Counts           []int
}

// fuMeaningColours are the chart's series, one per meaning of a status. The colours are
// distinguishable with the common forms of colour blindness and meet 3:1 contrast against
// white; "no report" is the rest of the track.
var fuMeaningColours = []struct {
	meaning followup.Meaning
	colour  string
}{
	{followup.MeaningDone, "#1e6b30"},
	{followup.MeaningProgress, "#005a9c"},
	{followup.MeaningNone, "#8a6d00"},
	{followup.MeaningNA, "#5c5c5c"},
}

func (h *Handler) followupProgressReport(w http.ResponseWriter, r *http.Request) error {
	p, err := h.followupReportBuild(w, r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	h.render(w, r, http.StatusOK, "followup-report", &p)
	return nil
}

// followupReportBuild makes the page for the body (?body=code, the first one by default)
// and the day (?as_of=yyyy-mm-dd, today in the body's time zone by default) the request
// names, in the query or the form it posted.
func (h *Handler) followupReportBuild(w http.ResponseWriter, r *http.Request) (followupReportPage, error) {
	p := followupReportPage{Page: h.page(w, r, "followup_report.page_title", "follow-up")}
	if err := h.svc.FollowUp.MayReadReport(p.Actor); err != nil {
		return p, err
	}
	var err error
	if p.Bodies, err = h.svc.Bodies.List(r.Context(), p.Actor); err != nil {
		return p, err
	}
	p.Form = newForm(r)
	if len(p.Bodies) == 0 {
		return p, nil
	}
	p.Body = p.Bodies[0]
	if code := r.FormValue("body"); code != "" {
		if p.Body, err = h.svc.Bodies.ByCode(r.Context(), p.Actor, code); err != nil {
			return p, err
		}
	}
	now := h.svc.Documents.Now().In(p.Body.Location())
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	p.AsOf = today
	if v := r.FormValue("as_of"); v != "" {
		if p.AsOf, err = followup.ReportDay(v); err != nil {
			p.AsOf = today
			p.Form.addError(h.catalog, p.Lang, "as_of", "field.date")
		}
	}
	p.Report, err = h.svc.FollowUp.ProgressReport(r.Context(), p.Actor, p.Body.ID, p.AsOf)
	if v, ok := isValidation(err); ok {
		p.Form.setErrors(h.catalog, p.Lang, v)
		p.AsOf = today
		p.Report, err = h.svc.FollowUp.ProgressReport(r.Context(), p.Actor, p.Body.ID, p.AsOf)
	}
	if err != nil {
		return p, err
	}
	if r.Method == http.MethodGet {
		p.Form.Values = url.Values{"body": {p.Body.Code}, "as_of": {p.AsOf.Format(time.DateOnly)}}
	}
	p.fill()
	if p.MayIssue = h.svc.FollowUp.MayIssueReport(p.Actor) == nil; p.MayIssue {
		p.IssueLanguages = choices(plenary.Languages, func(l string) string { return p.T("language." + l) })
		if p.Form.Value("language") == "" {
			p.Form.Values.Set("language", p.Lang)
		}
	}
	return p, nil
}

// fill lays the report out as the page's tables and chart, in the page's language.
func (p *followupReportPage) fill() {
	rep := p.Report
	for _, st := range rep.Scale {
		label, _ := st.Label(p.Lang)
		p.Statuses = append(p.Statuses, label)
	}
	for i, g := range rep.Reporting {
		name := p.T("followup_report.all_states")
		if i > 0 {
			name = p.GroupName(g.Group)
		}
		p.Reporting = append(p.Reporting, fuReportReporting{Name: name, States: g.States, Reported: g.Reported, Silent: g.Silent()})
	}
	// The total goes last, as in the document.
	if len(p.Reporting) > 0 {
		p.Reporting = append(p.Reporting[1:], p.Reporting[0])
	}
	for _, m := range followup.Meanings {
		p.Meanings = append(p.Meanings, fuReportCount{Label: p.MeaningName(m), Count: rep.Meanings[m]})
	}
	counts := func(t followup.Tally) []int {
		out := make([]int, len(rep.Scale))
		for i, st := range rep.Scale {
			out[i] = t.Counts[st.Code]
		}
		return out
	}
	var legend []ChartSeries
	for _, s := range fuMeaningColours {
		legend = append(legend, ChartSeries{Label: p.MeaningName(s.meaning), Colour: s.colour})
	}
	legend = append(legend, ChartSeries{Label: p.T("followup_report.no_report"), Colour: chartTrack})
	bars := make([]Bar, 0, len(rep.Commitments))
	for _, f := range rep.Commitments {
		c := f.Commitment
		row := fuReportRow{Code: c.Code, States: f.Total.States, NoReport: f.Total.NoReport, Counts: counts(f.Total)}
		row.Title, row.TitleLang = c.Title(p.Lang)
		if row.Title == "" {
			row.Title, row.TitleLang = c.Text(p.Lang)
			row.Title = cut(row.Title, 140)
		}
		if row.TitleLang == p.Lang {
			row.TitleLang = ""
		}
		for _, g := range f.Groups {
			row.Groups = append(row.Groups, fuReportGroup{Name: p.GroupName(g.Group), States: g.States, NoReport: g.NoReport, Counts: counts(g)})
		}
		p.Rows = append(p.Rows, row)
		b := Bar{Label: c.Code, Value: strconv.Itoa(f.Total.Reported()) + " / " + strconv.Itoa(f.Total.States)}
		for _, s := range fuMeaningColours {
			n := f.Meanings[s.meaning]
			b.Parts = append(b.Parts, BarPart{Value: float64(n), Colour: s.colour, Title: c.Code + " · " + p.MeaningName(s.meaning) + ": " + strconv.Itoa(n)})
		}
		bars = append(bars, b)
	}
	p.Chart = drawChart(&p.Page, "followup-report-chart", p.T("followup_report.chart_title"),
		chartLayout{LabelW: 110, RowH: 26, BarH: 18, ValueW: 80, LabelMax: 14, Scale: float64(max(rep.States, 1)), Track: true}, bars, legend)
}

// GroupName names a regional group ("African") in the page's language.
func (p *followupReportPage) GroupName(g string) string {
	return p.T("group." + state.Group(g).Slug())
}

// MeaningName names what a status means in the figures.
func (p *followupReportPage) MeaningName(m followup.Meaning) string {
	return p.T("followup_report.meaning." + string(m))
}

// ISODay writes a day for a date field.
func (p *followupReportPage) ISODay(t time.Time) string { return t.Format(time.DateOnly) }

// followupReportIssue issues the report as a document of the registry, in the language
// chosen, and shows the document.
func (h *Handler) followupReportIssue(w http.ResponseWriter, r *http.Request) error {
	actor := actorOf(r.Context())
	if err := h.svc.FollowUp.MayIssueReport(actor); err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	b, err := h.svc.Bodies.ByCode(r.Context(), actor, r.PostForm.Get("body"))
	if err != nil {
		return err
	}
	in := followup.IssueInput{BodyID: b.ID, Language: r.PostForm.Get("language"), Title: r.PostForm.Get("title")}
	if in.AsOf, err = followup.ReportDay(r.PostForm.Get("as_of")); err == nil {
		if plenary.ValidLanguage(in.Language) {
			// The document's words are in its own language, not necessarily the page's.
			in.Words = h.catalog.In(in.Language)
		}
		var d document.Document
		if d, err = h.svc.FollowUp.IssueReport(r.Context(), actor, in); err == nil {
			h.redirect(w, r, "/documents/"+itoa(d.ID), "followup_report.issued")
			return nil
		}
	}
	return h.formAgainOrConflict(w, r, err, "followup-report", func() (pageData, error) {
		p, err := h.followupReportBuild(w, r)
		return &p, err
	})
}
