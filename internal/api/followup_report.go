package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary/internal/followup"
)

// The follow-up's progress report: its figures as of a day (the Secretariat and the
// Chair), and its issue as a public document of the registry (the Secretariat).

const followupReportTag = "Follow-up report"

func (a *API) followupReportRoutes() {
	h := a.huma
	reg := func(op huma.Operation) huma.Operation {
		op.Tags = []string{followupReportTag}
		return op
	}
	huma.Register(h, reg(huma.Operation{OperationID: "get-followup-report", Method: http.MethodGet, Path: "/bodies/{body}/followup-report",
		Summary: "The progress report's figures as of a day (the Secretariat and the Chair)",
		Description: "For each commitment of the body: the States by status, by what the status means and by regional group, and those " +
			"without a report, as they stood at the end of as_of in the body's time zone (today by default); the totals over every " +
			"commitment; the States that reported publicly at all. Only public reports count, since the report is published: for each " +
			"State and commitment, the latest public report made by then. \"No report\" is not \"not started\".",
		Security: readScope}), a.getFollowupReport)
	huma.Register(h, reg(huma.Operation{OperationID: "issue-followup-report", Method: http.MethodPost, Path: "/bodies/{body}/followup-report/documents",
		Summary: "Issue the progress report as a public document of the registry (the Secretariat)",
		Description: "The report is registered as a report of the body, published at once, as a Word document in the language chosen " +
			"(right to left in Arabic), under the symbol BODY/FU/YEAR/N numbered per body and year of issue (GM/FU/2026/1). " +
			"Without a title, the usual one in that language.",
		DefaultStatus: http.StatusCreated, Security: writeScope}), a.issueFollowupReport)
}

// ReportFigures is the progress report's figures.
type ReportFigures struct {
	Body        string                `json:"body"`
	AsOf        string                `json:"as_of" format:"date" doc:"The day the figures stand at"`
	Cutoff      time.Time             `json:"cutoff" doc:"Reports made before this instant count: the end of as_of in the body's time zone"`
	GeneratedAt time.Time             `json:"generated_at"`
	Level       string                `json:"level" enum:"public" doc:"The level of the reports counted: public only"`
	States      int                   `json:"states" doc:"The States counted, each in every figure"`
	Scale       []ReportFiguresStatus `json:"scale"`
	Totals      ReportFiguresTally    `json:"totals" doc:"Every State on every commitment: states is the States times the commitments"`
	Meanings    map[string]int        `json:"meanings" doc:"The totals by what their status means (none, progress, done, na)"`
	// Reporting: the total first, then each regional group.
	Reporting   []ReportFiguresReporting  `json:"reporting" doc:"The States with a public report on at least one commitment: in total, then by regional group"`
	Commitments []ReportFiguresCommitment `json:"commitments"`
}

// ReportFiguresStatus is a status of the body's scale.
type ReportFiguresStatus struct {
	Code    string            `json:"code"`
	Meaning string            `json:"meaning" enum:"none,progress,done,na"`
	Labels  map[string]string `json:"labels" doc:"By language"`
}

// ReportFiguresTally counts States by status.
type ReportFiguresTally struct {
	Group    string         `json:"group,omitempty" doc:"The regional group; none for a total"`
	States   int            `json:"states"`
	Counts   map[string]int `json:"counts" doc:"By status code"`
	NoReport int            `json:"no_report" doc:"Without a public report: not the same as not started"`
}

// ReportFiguresReporting counts the States that reported publicly at all.
type ReportFiguresReporting struct {
	Group    string `json:"group,omitempty" doc:"The regional group; none for all States"`
	States   int    `json:"states"`
	Reported int    `json:"reported"`
}

// ReportFiguresCommitment is where the States stood on one commitment.
type ReportFiguresCommitment struct {
	ID       int64                `json:"id"`
	Code     string               `json:"code"`
	Kind     string               `json:"kind" enum:"recommendation,cbm"`
	Total    ReportFiguresTally   `json:"total"`
	Meanings map[string]int       `json:"meanings"`
	Groups   []ReportFiguresTally `json:"groups"`
}

func reportTally(t followup.Tally) ReportFiguresTally {
	out := ReportFiguresTally{Group: t.Group, States: t.States, Counts: map[string]int{}, NoReport: t.NoReport}
	for k, v := range t.Counts {
		if v > 0 {
			out.Counts[k] = v
		}
	}
	return out
}

func reportMeanings(m map[followup.Meaning]int) map[string]int {
	out := map[string]int{}
	for _, x := range followup.Meanings {
		out[string(x)] = m[x]
	}
	return out
}

func reportFiguresJSON(r followup.ProgressReport) ReportFigures {
	out := ReportFigures{Body: r.Body.Code, AsOf: r.AsOf.Format(time.DateOnly), Cutoff: r.Cutoff, GeneratedAt: r.GeneratedAt,
		Level: string(followup.Public), States: r.States, Totals: reportTally(r.Pairs), Meanings: reportMeanings(r.Meanings),
		Scale: []ReportFiguresStatus{}, Reporting: []ReportFiguresReporting{}, Commitments: []ReportFiguresCommitment{}}
	for _, st := range r.Scale {
		out.Scale = append(out.Scale, ReportFiguresStatus{Code: st.Code, Meaning: string(st.Meaning), Labels: st.Labels})
	}
	for _, g := range r.Reporting {
		out.Reporting = append(out.Reporting, ReportFiguresReporting{Group: g.Group, States: g.States, Reported: g.Reported})
	}
	for _, f := range r.Commitments {
		c := ReportFiguresCommitment{ID: f.Commitment.ID, Code: f.Commitment.Code, Kind: string(f.Commitment.Kind), Total: reportTally(f.Total),
			Meanings: reportMeanings(f.Meanings), Groups: []ReportFiguresTally{}}
		for _, g := range f.Groups {
			c.Groups = append(c.Groups, reportTally(g))
		}
		out.Commitments = append(out.Commitments, c)
	}
	return out
}

type followupReportInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	AsOf string `query:"as_of" format:"date" doc:"The day, yyyy-mm-dd (today in the body's time zone when left out; no later than today)"`
}

func (a *API) getFollowupReport(ctx context.Context, in *followupReportInput) (*Output[ReportFigures], error) {
	actor := actorOf(ctx)
	if err := a.svc.FollowUp.MayReadReport(actor); err != nil {
		return nil, a.fail(ctx, err)
	}
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	day := time.Time{}
	if in.AsOf == "" {
		now := a.svc.Documents.Now().In(b.Location())
		day = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	} else if day, err = followup.ReportDay(in.AsOf); err != nil {
		return nil, a.fail(ctx, err)
	}
	r, err := a.svc.FollowUp.ProgressReport(ctx, actor, b.ID, day)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[ReportFigures]{Body: reportFiguresJSON(r)}, nil
}

type issueFollowupReportInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body struct {
		AsOf     string `json:"as_of" format:"date" doc:"The day the figures stand at, yyyy-mm-dd, no later than today"`
		Language string `json:"language" enum:"ar,zh,en,fr,ru,es" doc:"The language the document is written in"`
		Title    string `json:"title,omitempty" maxLength:"500" doc:"Its title, in that language; the usual one when left out"`
	}
}

func (a *API) issueFollowupReport(ctx context.Context, in *issueFollowupReportInput) (*Output[Document], error) {
	actor := actorOf(ctx)
	if err := a.svc.FollowUp.MayIssueReport(actor); err != nil {
		return nil, a.fail(ctx, err)
	}
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	day, err := followup.ReportDay(in.Body.AsOf)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	// The document's words are the catalogue's, in the document's language.
	d, err := a.svc.FollowUp.IssueReport(ctx, actor, followup.IssueInput{BodyID: b.ID, AsOf: day, Language: in.Body.Language,
		Title: in.Body.Title, Words: a.catalog.In(in.Body.Language)})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Document]{Body: documentJSON(d, b.Code)}, nil
}
