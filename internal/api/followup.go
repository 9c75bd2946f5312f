package api

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/followup"
)

// Follow-up of commitments (decision 24). The Secretariat marks paragraphs of a body's
// adopted reports as recommendations or CBMs, or follows elements of a framework, and sets
// the body's scale of statuses. A State's submitter reports where the State stands on
// each commitment: every report is a new one, kept, at a level of publication (private,
// States only, public); a report made on a stale view of the State's history is refused
// with the report made meanwhile. Each reader reads, State by State, the latest report it
// may read; who reported is given to the State's team and the Secretariat only. The
// service decides all of it: the State's reports are answered as if none existed to
// whoever may not read them, and a change on them 404 to anyone outside the team (403
// within it, 401 without a token).

const followupTag = "Follow-up"

// followupReportMaxBody bounds a report: one evidence file in base64 beside the rest.
const followupReportMaxBody = (followup.MaxFile+2)/3*4 + MaxBody

// followupRoutes registers follow-up's operations (called from routes).
func (a *API) followupRoutes() {
	h := a.huma
	reg := func(op huma.Operation) huma.Operation {
		op.Tags = []string{followupTag}
		return op
	}
	huma.Register(h, reg(huma.Operation{OperationID: "list-commitments", Method: http.MethodGet, Path: "/bodies/{body}/commitments",
		Summary: "List the recommendations and CBMs a body follows, in their order", Security: public}), a.listCommitments)
	huma.Register(h, reg(huma.Operation{OperationID: "mark-commitment", Method: http.MethodPost, Path: "/bodies/{body}/commitments",
		Summary: "Mark a paragraph of an adopted report as a recommendation or a CBM the body follows (Secretariat)",
		Description: "The document is a final one of the body, published to everyone; the paragraph is named by its key (GET /documents/{id}/paragraphs). " +
			"The commitment's text in the document's original language is the paragraph's, without its number; other languages are those given, " +
			"and a language not given stays missing. A code is unique in its body, for good: one taken is 409.",
		DefaultStatus: http.StatusCreated, Security: writeScope}), a.markCommitment)
	huma.Register(h, reg(huma.Operation{OperationID: "follow-framework-elements", Method: http.MethodPost, Path: "/bodies/{body}/commitments/from-framework",
		Summary: "Follow elements of a published framework version as commitments (Secretariat)",
		Description: "Each element becomes a commitment with its titles and texts in the languages the framework has them, its source and its mark " +
			"(a reconstructed text stays marked so). A prefix keeps the codes of a regional organization's set apart (osce.cbm.3). " +
			"Nothing is made unless every element can be.",
		DefaultStatus: http.StatusCreated, Security: writeScope}), a.followElements)
	huma.Register(h, reg(huma.Operation{OperationID: "get-commitment", Method: http.MethodGet, Path: "/commitments/{id}",
		Summary: "Get a commitment", Security: public}), a.getCommitment)
	huma.Register(h, reg(huma.Operation{OperationID: "update-commitment", Method: http.MethodPut, Path: "/commitments/{id}",
		Summary:     "Correct a commitment's titles, texts and links (Secretariat)",
		Description: "Each replaces what was there: a language left out is removed. The code, kind and source stay.",
		Security:    writeScope}), a.updateCommitment)
	huma.Register(h, reg(huma.Operation{OperationID: "remove-commitment", Method: http.MethodDelete, Path: "/commitments/{id}",
		Summary:       "Remove a commitment on which no State has reported (Secretariat)",
		Description:   "One with reports stays (409): what a State reported is kept, and with it what it reported on.",
		DefaultStatus: http.StatusNoContent, Security: writeScope}), a.removeCommitment)

	huma.Register(h, reg(huma.Operation{OperationID: "get-followup-scale", Method: http.MethodGet, Path: "/bodies/{body}/followup-scale",
		Summary:     "Get the body's scale of statuses, in order",
		Description: "\"No report\" is not a status: it is a State without a report the reader may read, counted apart from \"not started\".",
		Security:    public}), a.getScale)
	huma.Register(h, reg(huma.Operation{OperationID: "set-followup-scale", Method: http.MethodPut, Path: "/bodies/{body}/followup-scale",
		Summary:     "Replace the body's scale of statuses (Secretariat)",
		Description: "A status a report uses stays (409 without it). The order given is the order of the figures.",
		Security:    writeScope}), a.setScale)

	huma.Register(h, reg(huma.Operation{OperationID: "list-commitment-states", Method: http.MethodGet, Path: "/commitments/{id}/states",
		Summary: "Where each State stands on a commitment, as the caller may read it",
		Description: "For each State of which the caller knows a report: the latest report it may read (public for everyone; States only too " +
			"for States' people and the Secretariat; every level for the State's own team), and for the Secretariat a later private report " +
			"known only by its date (withheld). Who reported is given to the State's team and the Secretariat only. A State absent has no report " +
			"to the caller, which is not \"not started\".",
		Security: public}), a.listStandings)
	rp := "/commitments/{id}/states/{iso3}/reports"
	huma.Register(h, reg(huma.Operation{OperationID: "list-followup-reports", Method: http.MethodGet, Path: rp,
		Summary:     "A State's reports on a commitment, newest first, as the caller may read them",
		Description: "Every report to the State's team; to others those published at a level they read, and to the Secretariat that the others exist (withheld).",
		Security:    public}), a.listReports)
	huma.Register(h, reg(huma.Operation{OperationID: "create-followup-report", Method: http.MethodPost, Path: rp,
		Summary: "Report where the State stands on a commitment (the State's submitter)",
		Description: "A new report, after those the State made (none is overwritten), at the level chosen (private when absent). base is the number " +
			"of the State's latest report the reporter saw (0 for none): if another was made since, the report is refused with 409 and the " +
			"report made meanwhile (current), for the reporter to compare. The rest of the State's team is told by e-mail that the State reported, " +
			"not what. A request carries at most one evidence file's worth.",
		MaxBodyBytes: followupReportMaxBody, DefaultStatus: http.StatusCreated, Security: writeScope,
		Responses: map[string]*huma.Response{"409": {Description: "Another report was made since base (followup.stale, with current), or another conflict",
			Content: map[string]*huma.MediaType{"application/problem+json": {Schema: a.schemaOf(FollowupStale{})}}},
			// Declaring one error's response leaves the others to be declared too.
			"default": {Description: "Error", Content: map[string]*huma.MediaType{"application/problem+json": {Schema: a.schemaOf(Problem{})}}}}}),
		a.createReport)
	huma.Register(h, reg(huma.Operation{OperationID: "get-followup-survey-answers", Method: http.MethodGet, Path: "/commitments/{id}/states/{iso3}/survey-answers",
		Summary: "What the State answered to the national survey on the framework elements a commitment comes from or links to",
		Description: "From the latest questionnaire of the body in which it answered any of them, published at a level the caller reads: shown " +
			"beside the State's status.", Security: public}), a.followupSurveyAnswers)
	huma.Register(h, reg(huma.Operation{OperationID: "set-followup-report-level", Method: http.MethodPut, Path: "/followup-reports/{id}/level",
		Summary:     "Publish a report to States only or to everyone, or take it back to private (the State's submitter)",
		Description: "A private report is read by the State's team alone; the Secretariat knows only that it exists and when.",
		Security:    writeScope}), a.setReportLevel)
	huma.Register(h, reg(huma.Operation{OperationID: "get-followup-evidence", Method: http.MethodGet, Path: "/followup-evidence/{id}",
		Summary: "Download a file attached to a report (the State's team; the readers of a report citing it once published)", Security: public,
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/pdf":      {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			files.DOCX.ContentType: {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}), a.getFollowupEvidence)

	huma.Register(h, reg(huma.Operation{OperationID: "get-commitment-progress", Method: http.MethodGet, Path: "/commitments/{id}/progress",
		Summary: "Count the States by status on a commitment, in total and by regional group",
		Description: "Every State is counted, by the latest report the caller may read; one without is counted as no report, never as " +
			"not started. The Secretariat's count of States it knows reported privately is apart (withheld).", Security: public}), a.getProgress)
	huma.Register(h, reg(huma.Operation{OperationID: "get-commitment-timeline", Method: http.MethodGet, Path: "/commitments/{id}/timeline",
		Summary: "Count the States by status on a commitment at the end of each month",
		Description: fmt.Sprintf("From from's month to to's (the current month at most; at most %d months), each State as the latest report the "+
			"caller may read made before that month ended says. The twelve months to the current one when neither is given.", followup.MaxMonths),
		Security: public}), a.getTimeline)
	huma.Register(h, reg(huma.Operation{OperationID: "list-state-commitments", Method: http.MethodGet, Path: "/states/{iso3}/commitments",
		Summary: "Every commitment with where a State stands on it, as the caller may read it", Security: public}), a.stateCommitments)
	huma.Register(h, reg(huma.Operation{OperationID: "export-followup", Method: http.MethodGet, Path: "/bodies/{body}/followup-export",
		Summary: "Everything public of a body's follow-up, at once: its scale, every commitment, and each State's latest public report on it",
		Description: "The open dataset: the same for every caller, the Secretariat and a State's team included. A report published to States " +
			"only, or private, is never in it, nor who reported; a State with no public report on a commitment is absent from its reports.",
		Security: public}), a.exportFollowup)
}

// schemaOf registers the schema of v's type and returns a reference to it.
func (a *API) schemaOf(v any) *huma.Schema {
	return a.huma.OpenAPI().Components.Schemas.Schema(reflect.TypeOf(v), true, "")
}

// Commitment is a recommendation or a CBM a body follows.
type Commitment struct {
	ID        int64            `json:"id"`
	Body      string           `json:"body" example:"gm" doc:"The code of the body that follows it"`
	Code      string           `json:"code" example:"rec.30" doc:"Names the commitment in its body, for good"`
	Kind      string           `json:"kind" enum:"recommendation,cbm"`
	Titles    Names            `json:"titles" doc:"By language, in the languages it has: a missing one is never filled with another's"`
	Texts     Names            `json:"texts" doc:"By language, in the languages it has"`
	Source    CommitmentSource `json:"source"`
	Links     []CommitmentLink `json:"links" doc:"Framework elements it links to"`
	Position  int              `json:"position" doc:"Its order in the body"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// CommitmentSource is where a commitment comes from: a paragraph of a document of the
// registry, or an element of a framework version.
type CommitmentSource struct {
	DocumentID         int64  `json:"document_id,omitempty" doc:"The registry document it was marked in"`
	Symbol             string `json:"symbol,omitempty" example:"A/75/816" doc:"The document's symbol, or the source the element names"`
	ParagraphKey       string `json:"paragraph_key,omitempty" doc:"The paragraph's key in the registry"`
	Paragraph          string `json:"paragraph,omitempty" example:"30" doc:"The paragraph's number as the document prints it"`
	FrameworkID        int64  `json:"framework_id,omitempty"`
	FrameworkVersionID int64  `json:"framework_version_id,omitempty" doc:"The framework version it was followed from"`
	Element            string `json:"element,omitempty" example:"cbm.3"`
	Mark               string `json:"mark,omitempty" enum:"reconstructed,placeholder" doc:"The element's mark: absent for the agreed text; a reconstructed text says so wherever it is shown"`
}

// CommitmentLink ties a commitment to an element of a framework, by codes that outlive
// versions.
type CommitmentLink struct {
	Framework string `json:"framework" maxLength:"40" example:"ict-security"`
	Element   string `json:"element" maxLength:"80" example:"norm.f"`
}

func commitmentJSON(c followup.Commitment, body string) Commitment {
	out := Commitment{ID: c.ID, Body: body, Code: c.Code, Kind: string(c.Kind), Titles: names(c.Titles), Texts: names(c.Texts),
		Source: CommitmentSource{DocumentID: c.Source.DocumentID, Symbol: c.Source.Symbol, ParagraphKey: c.Source.ParagraphKey,
			Paragraph: c.Source.ParagraphNumber, FrameworkID: c.Source.FrameworkID, FrameworkVersionID: c.Source.FrameworkVersionID,
			Element: c.Source.ElementCode, Mark: string(c.Source.Mark)},
		Links: make([]CommitmentLink, len(c.Links)), Position: c.Position, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for i, l := range c.Links {
		out.Links[i] = CommitmentLink(l)
	}
	return out
}

func linksOf(in []CommitmentLink) []followup.Link {
	out := make([]followup.Link, len(in))
	for i, l := range in {
		out[i] = followup.Link(l)
	}
	return out
}

type listCommitmentsInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	PageParams
}

func (a *API) listCommitments(ctx context.Context, in *listCommitmentsInput) (*PageOutput[Commitment], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	cs, err := a.svc.FollowUp.Commitments(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	page, next, err := slicePage(cs, in.request(), func(c followup.Commitment) plenary.Position {
		return plenary.Position{Key: fmt.Sprintf("%010d", c.Position), ID: c.ID}
	})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Commitment]{Body: Page[Commitment]{Items: make([]Commitment, len(page)), NextCursor: next}}
	for i, c := range page {
		out.Body.Items[i] = commitmentJSON(c, b.Code)
	}
	out.Link = a.pageOf("/bodies/"+b.Code+"/commitments", in.Limit, next)
	return out, nil
}

// slicePage is one page of items, a whole list in the order of the positions key gives
// (ascending, each unique), after the position the request's cursor names: for the lists
// a domain reads whole.
func slicePage[T any](items []T, req plenary.PageRequest, key func(T) plenary.Position) ([]T, string, error) {
	after, err := plenary.DecodeCursor(req.Cursor)
	if err != nil {
		return nil, "", err
	}
	start := 0
	if req.Cursor != "" {
		start = len(items)
		for i, it := range items {
			if p := key(it); p.Key > after.Key || (p.Key == after.Key && p.ID > after.ID) {
				start = i
				break
			}
		}
	}
	end := min(start+req.Size(), len(items))
	next := ""
	if end < len(items) {
		next = plenary.EncodeCursor(key(items[end-1]))
	}
	return items[start:end], next, nil
}

func (a *API) commitment(ctx context.Context, id int64) (*Output[Commitment], error) {
	c, err := a.svc.FollowUp.Commitment(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Commitment]{Body: commitmentJSON(c, codes[c.BodyID])}, nil
}

func (a *API) getCommitment(ctx context.Context, in *idInput) (*Output[Commitment], error) {
	return a.commitment(ctx, in.ID)
}

// CommitmentInput marks a paragraph of an adopted report as a commitment.
type CommitmentInput struct {
	DocumentID int64            `json:"document_id" doc:"A final document of the body, published to everyone"`
	Paragraph  string           `json:"paragraph" maxLength:"20" doc:"The paragraph's key (GET /documents/{id}/paragraphs)"`
	Kind       string           `json:"kind" enum:"recommendation,cbm"`
	Code       string           `json:"code" maxLength:"80" example:"rec.30" doc:"Words of lower-case letters, digits and dashes joined by dots; unique in the body, for good"`
	Titles     Names            `json:"titles,omitempty" doc:"By language"`
	Texts      Names            `json:"texts,omitempty" doc:"By language, other than the document's original one, whose text is the paragraph's"`
	Links      []CommitmentLink `json:"links,omitempty" doc:"Elements of the current versions of frameworks"`
}

type markCommitmentInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body CommitmentInput
}

// commitmentFields names the service's problems of a commitment as the request does.
var commitmentFields = []string{"document", "document_id", "title_", "titles.", "text_", "texts.", "framework_version", "framework_version_id"}

func (a *API) markCommitment(ctx context.Context, in *markCommitmentInput) (*Output[Commitment], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	x := in.Body
	c, err := a.svc.FollowUp.MarkParagraph(ctx, actorOf(ctx), followup.MarkInput{BodyID: b.ID, DocumentID: x.DocumentID, ParagraphKey: x.Paragraph,
		Kind: followup.Kind(x.Kind), Code: x.Code, Titles: plenary.Localized(x.Titles), Texts: plenary.Localized(x.Texts), Links: linksOf(x.Links)})
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("body", commitmentFields...))
	}
	return &Output[Commitment]{Body: commitmentJSON(c, b.Code)}, nil
}

// FollowElementsInput follows elements of a published framework version.
type FollowElementsInput struct {
	FrameworkVersionID int64    `json:"framework_version_id" doc:"A published version of a framework"`
	Kind               string   `json:"kind" enum:"recommendation,cbm"`
	Elements           []string `json:"elements" doc:"The elements' codes" example:"[\"cbm.1\",\"cbm.2\"]"`
	CodePrefix         string   `json:"code_prefix,omitempty" maxLength:"80" example:"osce." doc:"Goes before each element's code to make the commitment's"`
}

type followElementsInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body FollowElementsInput
}

func (a *API) followElements(ctx context.Context, in *followElementsInput) (*PageOutput[Commitment], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	x := in.Body
	cs, err := a.svc.FollowUp.FollowElements(ctx, actorOf(ctx), followup.FollowInput{BodyID: b.ID, FrameworkVersionID: x.FrameworkVersionID,
		Kind: followup.Kind(x.Kind), Elements: x.Elements, CodePrefix: x.CodePrefix})
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("body", commitmentFields...))
	}
	out := &PageOutput[Commitment]{Body: Page[Commitment]{Items: make([]Commitment, len(cs))}}
	for i, c := range cs {
		out.Body.Items[i] = commitmentJSON(c, b.Code)
	}
	return out, nil
}

// CommitmentUpdate is a commitment's titles, texts and links as the Secretariat corrects
// them.
type CommitmentUpdate struct {
	Titles Names            `json:"titles,omitempty" doc:"By language: a language left out is removed"`
	Texts  Names            `json:"texts,omitempty" doc:"By language: a language left out is removed"`
	Links  []CommitmentLink `json:"links,omitempty"`
}

type updateCommitmentInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body CommitmentUpdate
}

func (a *API) updateCommitment(ctx context.Context, in *updateCommitmentInput) (*Output[Commitment], error) {
	x := in.Body
	c, err := a.svc.FollowUp.Update(ctx, actorOf(ctx), in.ID, followup.UpdateInput{Titles: plenary.Localized(x.Titles),
		Texts: plenary.Localized(x.Texts), Links: linksOf(x.Links)})
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("body", commitmentFields...))
	}
	return a.commitment(ctx, c.ID)
}

func (a *API) removeCommitment(ctx context.Context, in *idInput) (*struct{}, error) {
	if err := a.svc.FollowUp.Remove(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

// FollowupScale is a body's scale of statuses.
type FollowupScale struct {
	Body     string           `json:"body" example:"gm"`
	Statuses []FollowupStatus `json:"statuses" doc:"In order"`
}

// FollowupStatus is one step of a body's scale.
type FollowupStatus struct {
	Code    string `json:"code" example:"under_way" doc:"Lower-case letters and underscores, starting with a letter"`
	Meaning string `json:"meaning" enum:"none,progress,done,na" doc:"How the figures read it: nothing done yet, in progress, implemented, not applicable"`
	Labels  Names  `json:"labels" doc:"By language, in at least one"`
}

func statusesJSON(scale []followup.Status) []FollowupStatus {
	out := make([]FollowupStatus, len(scale))
	for i, st := range scale {
		out[i] = FollowupStatus{Code: st.Code, Meaning: string(st.Meaning), Labels: names(st.Labels)}
	}
	return out
}

type scalePath struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
}

func (a *API) getScale(ctx context.Context, in *scalePath) (*Output[FollowupScale], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	scale, err := a.svc.FollowUp.Scale(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[FollowupScale]{Body: FollowupScale{Body: b.Code, Statuses: statusesJSON(scale)}}, nil
}

type setScaleInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body struct {
		Statuses []FollowupStatus `json:"statuses" doc:"In order"`
	}
}

// statusFieldRE is a problem of one status of a scale as the service names it
// ("body.statuses.2.label_fr").
var statusFieldRE = regexp.MustCompile(`^body\.statuses\.(\d+)\.(label_)?(.*)$`)

func (a *API) setScale(ctx context.Context, in *setScaleInput) (*Output[FollowupScale], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	scale := make([]followup.Status, len(in.Body.Statuses))
	for i, st := range in.Body.Statuses {
		scale[i] = followup.Status{Code: st.Code, Meaning: followup.Meaning(st.Meaning), Labels: plenary.Localized(st.Labels)}
	}
	scale, err = a.svc.FollowUp.SetScale(ctx, actorOf(ctx), b.ID, scale)
	if err != nil {
		return nil, a.failAt(ctx, err, func(loc string) string {
			m := statusFieldRE.FindStringSubmatch(loc)
			switch {
			case m == nil:
				return loc
			case m[2] != "":
				return "body.statuses[" + m[1] + "].labels." + m[3]
			}
			return "body.statuses[" + m[1] + "]." + m[3]
		})
	}
	return &Output[FollowupScale]{Body: FollowupScale{Body: b.Code, Statuses: statusesJSON(scale)}}, nil
}

// FollowupReport is a State's report on a commitment, as the caller may read it.
type FollowupReport struct {
	ID             int64             `json:"id"`
	CommitmentID   int64             `json:"commitment_id"`
	State          string            `json:"state" example:"FRA"`
	Number         int               `json:"number" doc:"1, 2, … for the State and the commitment"`
	Status         string            `json:"status,omitempty" doc:"A code of the body's scale; absent when withheld"`
	Note           string            `json:"note,omitempty"`
	NoteLanguage   string            `json:"note_language,omitempty" enum:"ar,zh,en,fr,ru,es"`
	Evidence       *FollowupEvidence `json:"evidence,omitempty"`
	Level          string            `json:"level" enum:"private,states,public" doc:"private: the State's team reads it (the Secretariat knows that it exists); states: every State's people and the Secretariat; public: everyone"`
	ReportedAt     time.Time         `json:"reported_at"`
	LevelSetAt     *time.Time        `json:"level_set_at,omitempty" doc:"When its level was last set"`
	ReportedBy     int64             `json:"reported_by,omitempty" doc:"The account that reported: given to the State's team and the Secretariat only"`
	ReportedByName string            `json:"reported_by_name,omitempty" doc:"Their name, while they are on the State's team: to the State's team and the Secretariat only"`
	Withheld       bool              `json:"withheld" doc:"The caller (the Secretariat, of a private report) knows that it was made and when, not what it says"`
}

// FollowupEvidence is what supports a report: any of a link, a document of the registry
// and a file.
type FollowupEvidence struct {
	URL        string        `json:"url,omitempty"`
	DocumentID int64         `json:"document_id,omitempty" doc:"A document of the registry (GET /documents/{id}, as the caller may read it)"`
	File       *EvidenceFile `json:"file,omitempty"`
}

// EvidenceFile is a file attached as evidence; those who read its report download it.
type EvidenceFile struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Href string `json:"href" doc:"Where to download it"`
}

// reporters names the people who reported, for the callers who are given who reported
// (the State's team and the Secretariat): a State's team, read once per State.
type reporters struct {
	a       *API
	ctx     context.Context
	byState map[string]map[int64]string
}

func (a *API) reporters(ctx context.Context) *reporters {
	return &reporters{a: a, ctx: ctx, byState: map[string]map[int64]string{}}
}

func (rs *reporters) name(state string, id int64) string {
	if id == 0 {
		return ""
	}
	team, ok := rs.byState[state]
	if !ok {
		team = map[int64]string{}
		// The service gives a reporter only to those who read the team: a refusal leaves
		// the name out.
		if ms, err := rs.a.svc.Accounts.Team(rs.ctx, actorOf(rs.ctx), state); err == nil {
			for _, m := range ms {
				team[m.UserID] = m.Name
			}
		}
		rs.byState[state] = team
	}
	return team[id]
}

func (rs *reporters) report(r followup.Report) FollowupReport {
	out := FollowupReport{ID: r.ID, CommitmentID: r.CommitmentID, State: r.State, Number: r.Number, Status: r.Status, Note: r.Note,
		NoteLanguage: r.NoteLanguage, Level: string(r.Level), ReportedAt: r.ReportedAt, LevelSetAt: optTime(r.LevelSetAt),
		ReportedBy: r.ReportedBy, Withheld: r.Withheld}
	if rs != nil {
		out.ReportedByName = rs.name(r.State, r.ReportedBy)
	}
	if !r.Evidence.Empty() {
		e := &FollowupEvidence{URL: r.Evidence.URL, DocumentID: r.Evidence.DocumentID}
		if r.Evidence.FileID != 0 {
			e.File = &EvidenceFile{ID: r.Evidence.FileID, Name: r.Evidence.FileName, Href: Prefix + "/followup-evidence/" + itoa(r.Evidence.FileID)}
		}
		out.Evidence = e
	}
	return out
}

// FollowupStanding is where one State stands on a commitment, as the caller sees it.
type FollowupStanding struct {
	State    string          `json:"state" example:"FRA"`
	Report   *FollowupReport `json:"report,omitempty" doc:"The latest report the caller may read; absent: no report, to this caller"`
	Withheld *FollowupReport `json:"withheld,omitempty" doc:"A later report the caller knows of without reading it (the Secretariat, of a private report)"`
	Reports  int             `json:"reports" doc:"The State's reports the caller knows of"`
}

func (rs *reporters) standing(st followup.Standing) FollowupStanding {
	out := FollowupStanding{State: st.State, Reports: st.Reports}
	if st.Report.ID != 0 {
		r := rs.report(st.Report)
		out.Report = &r
	}
	if st.Withheld.ID != 0 {
		r := rs.report(st.Withheld)
		out.Withheld = &r
	}
	return out
}

func (a *API) listStandings(ctx context.Context, in *idInput) (*PageOutput[FollowupStanding], error) {
	sts, err := a.svc.FollowUp.Standings(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	rs := a.reporters(ctx)
	out := &PageOutput[FollowupStanding]{Body: Page[FollowupStanding]{Items: make([]FollowupStanding, len(sts))}}
	for i, st := range sts {
		out.Body.Items[i] = rs.standing(st)
	}
	return out, nil
}

// StateCommitmentPath names a State on a commitment (exported: huma reads the parameters
// of embedded structs only when they are).
type StateCommitmentPath struct {
	ID   int64  `path:"id" minimum:"1"`
	ISO3 string `path:"iso3" maxLength:"3" doc:"The State's ISO 3166-1 alpha-3 code"`
}

// state is the State the path names: an unknown one is not found.
func (a *API) state(ctx context.Context, iso3 string) (string, error) {
	st, err := a.svc.States.Get(ctx, actorOf(ctx), strings.ToUpper(iso3))
	if err != nil {
		return "", a.fail(ctx, err)
	}
	return st.ISO3, nil
}

func (a *API) listReports(ctx context.Context, in *StateCommitmentPath) (*PageOutput[FollowupReport], error) {
	iso3, err := a.state(ctx, in.ISO3)
	if err != nil {
		return nil, err
	}
	reports, err := a.svc.FollowUp.History(ctx, actorOf(ctx), in.ID, iso3)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	rs := a.reporters(ctx)
	out := &PageOutput[FollowupReport]{Body: Page[FollowupReport]{Items: make([]FollowupReport, len(reports))}}
	for i, r := range reports {
		out.Body.Items[i] = rs.report(r)
	}
	return out, nil
}

// FollowupReportInput is a State's report, as its submitter makes it.
type FollowupReportInput struct {
	Status             string           `json:"status" example:"under_way" doc:"A code of the body's scale (GET /bodies/{body}/followup-scale)"`
	Note               string           `json:"note,omitempty" maxLength:"2000"`
	NoteLanguage       string           `json:"note_language,omitempty" enum:"ar,zh,en,fr,ru,es" doc:"The language the note is in; required with a note"`
	EvidenceURL        string           `json:"evidence_url,omitempty" maxLength:"2000" doc:"Evidence: an address (http or https)"`
	EvidenceDocumentID int64            `json:"evidence_document_id,omitempty" doc:"Evidence: a document of the registry the reporter may read"`
	EvidenceFile       *AttachmentInput `json:"evidence_file,omitempty" doc:"Evidence: a PDF or DOCX file, base64, checked by its content"`
	Level              string           `json:"level,omitempty" enum:"private,states,public" doc:"private when absent"`
	Base               int              `json:"base,omitempty" doc:"The number of the State's latest report the reporter saw; 0 (or absent) for none"`
}

type createReportInput struct {
	StateCommitmentPath
	Body FollowupReportInput
}

// FollowupStale is the refusal of a report made on a stale view of the State's reports:
// the problem, and the report made since the one the reporter saw.
type FollowupStale struct {
	Problem
	Current *FollowupReport `json:"current,omitempty" doc:"The State's latest report, made since base: compare, then report again with its number as base if yours still says something new"`
}

func (a *API) createReport(ctx context.Context, in *createReportInput) (*Output[FollowupReport], error) {
	actor := actorOf(ctx)
	x := in.Body
	ri := followup.ReportInput{CommitmentID: in.ID, State: strings.ToUpper(in.ISO3), Status: x.Status, Note: x.Note, NoteLanguage: x.NoteLanguage,
		EvidenceURL: x.EvidenceURL, EvidenceDocumentID: x.EvidenceDocumentID, Level: followup.Level(x.Level), Base: x.Base}
	if x.EvidenceFile != nil {
		ri.EvidenceFile = &files.Upload{Name: x.EvidenceFile.Name, Data: x.EvidenceFile.Content}
	}
	r, err := a.svc.FollowUp.Report(ctx, actor, ri)
	var stale *followup.Stale
	switch {
	case errors.As(err, &stale):
		current, _ := followup.Read(actor, stale.Current)
		x := a.reporters(ctx).report(current)
		return nil, &FollowupStale{Problem: *a.problem(actor.Lang, err), Current: &x}
	case err != nil:
		return nil, a.failAt(ctx, err, renamed("body", "evidence_document", "evidence_document_id"))
	}
	return &Output[FollowupReport]{Body: a.reporters(ctx).report(r)}, nil
}

type reportLevelInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Level string `json:"level" enum:"private,states,public" doc:"private withdraws a publication"`
	}
}

func (a *API) setReportLevel(ctx context.Context, in *reportLevelInput) (*Output[FollowupReport], error) {
	r, err := a.svc.FollowUp.SetLevel(ctx, actorOf(ctx), in.ID, followup.Level(in.Body.Level))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[FollowupReport]{Body: a.reporters(ctx).report(r)}, nil
}

func (a *API) getFollowupEvidence(ctx context.Context, in *idInput) (*AttachmentOutput, error) {
	f, err := a.svc.FollowUp.Evidence(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &AttachmentOutput{ContentType: f.ContentType, NoSniff: "nosniff", Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}

// FollowupSurveyAnswer is a State's published answer to a survey question on an element a
// commitment comes from or links to.
type FollowupSurveyAnswer struct {
	Questionnaire Questionnaire         `json:"questionnaire"`
	Question      SurveyQuestion        `json:"question"`
	Answer        SurveyPublishedAnswer `json:"answer"`
}

func (a *API) followupSurveyAnswers(ctx context.Context, in *StateCommitmentPath) (*PageOutput[FollowupSurveyAnswer], error) {
	iso3, err := a.state(ctx, in.ISO3)
	if err != nil {
		return nil, err
	}
	as, err := a.svc.FollowUp.SurveyAnswers(ctx, actorOf(ctx), in.ID, iso3)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[FollowupSurveyAnswer]{Body: Page[FollowupSurveyAnswer]{Items: make([]FollowupSurveyAnswer, len(as))}}
	for i, x := range as {
		out.Body.Items[i] = FollowupSurveyAnswer{Questionnaire: questionnaireJSON(x.Questionnaire, codes[x.Questionnaire.BodyID]),
			Question: questionJSON(x.Question), Answer: publishedJSON(x.Answer)}
	}
	return out, nil
}

// FollowupProgress is where the States stand on a commitment, in total and by regional
// group, as the caller may read their reports.
type FollowupProgress struct {
	CommitmentID int64            `json:"commitment_id"`
	Code         string           `json:"code" example:"rec.30"`
	Statuses     []FollowupStatus `json:"statuses" doc:"The body's scale, in order: the keys of the counts"`
	Levels       []string         `json:"levels" doc:"The levels counted: public, and states for States' people and the Secretariat (and a State's team counts its own State at every level)"`
	Total        FollowupTally    `json:"total"`
	Groups       []FollowupTally  `json:"groups" doc:"By regional group, in the UN's order"`
}

// FollowupTally counts the States of a regional group, or all of them, by where they
// stand.
type FollowupTally struct {
	Group    string         `json:"group,omitempty" enum:"African,Asia-Pacific,Eastern European,GRULAC,WEOG,none" doc:"Absent for the total"`
	States   int            `json:"states" doc:"The States of the group"`
	Counts   map[string]int `json:"counts" doc:"States by the status of the latest report the caller may read, every status of the scale included"`
	Reported int            `json:"reported" doc:"States counted in counts"`
	Withheld int            `json:"withheld" doc:"States the caller knows reported without reading any of their reports (the Secretariat, of private reports)"`
	NoReport int            `json:"no_report" doc:"States without a report the caller may read or know of: not the same as not started, which is a status"`
}

func tallyOf(t followup.Tally, scale []followup.Status) FollowupTally {
	out := FollowupTally{Group: t.Group, States: t.States, Counts: map[string]int{}, Reported: t.Reported(), Withheld: t.Withheld, NoReport: t.NoReport}
	for _, st := range scale {
		out.Counts[st.Code] = 0
	}
	for code, n := range t.Counts {
		out.Counts[code] = n
	}
	return out
}

func (a *API) getProgress(ctx context.Context, in *idInput) (*Output[FollowupProgress], error) {
	p, err := a.svc.FollowUp.Progress(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := FollowupProgress{CommitmentID: p.Commitment.ID, Code: p.Commitment.Code, Statuses: statusesJSON(p.Scale), Levels: levelsJSON(p.Levels),
		Total: tallyOf(p.Total, p.Scale), Groups: make([]FollowupTally, len(p.Groups))}
	for i, g := range p.Groups {
		out.Groups[i] = tallyOf(g, p.Scale)
	}
	return &Output[FollowupProgress]{Body: out}, nil
}

type timelineInput struct {
	ID   int64  `path:"id" minimum:"1"`
	From string `query:"from" format:"date" example:"2026-01-01" doc:"A day of the first month; eleven months before to's when absent"`
	To   string `query:"to" format:"date" example:"2026-12-31" doc:"A day of the last month; the current month when absent"`
}

// FollowupTimeline is where the States stood on a commitment at the end of each month.
type FollowupTimeline struct {
	CommitmentID int64            `json:"commitment_id"`
	Code         string           `json:"code" example:"rec.30"`
	Statuses     []FollowupStatus `json:"statuses" doc:"The body's scale, in order: the keys of the counts"`
	Points       []FollowupPoint  `json:"points" doc:"Month by month, oldest first"`
}

// FollowupPoint is where the States stood at the end of a month.
type FollowupPoint struct {
	Month    string         `json:"month" example:"2026-03"`
	States   int            `json:"states"`
	Counts   map[string]int `json:"counts" doc:"States by the status of the latest report the caller may read made before the month ended"`
	Reported int            `json:"reported"`
	Withheld int            `json:"withheld"`
	NoReport int            `json:"no_report"`
}

func (a *API) getTimeline(ctx context.Context, in *timelineInput) (*Output[FollowupTimeline], error) {
	from, to := a.svc.FollowUp.TimelinePeriod()
	var p plenary.Problems
	if in.To != "" {
		t, err := time.Parse(time.DateOnly, in.To)
		if err != nil {
			p.Add("to", "field.date", nil)
		}
		to, from = t, t.AddDate(0, -11, 1-t.Day())
	}
	if in.From != "" {
		t, err := time.Parse(time.DateOnly, in.From)
		if err != nil {
			p.Add("from", "field.date", nil)
		}
		from = t
	}
	if err := p.Err(); err != nil {
		return nil, a.failAt(ctx, err, renamed("query", "from", "from", "to", "to"))
	}
	tl, err := a.svc.FollowUp.Timeline(ctx, actorOf(ctx), in.ID, from, to)
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("query", "from", "from"))
	}
	out := FollowupTimeline{CommitmentID: tl.Commitment.ID, Code: tl.Commitment.Code, Statuses: statusesJSON(tl.Scale),
		Points: make([]FollowupPoint, len(tl.Points))}
	for i, pt := range tl.Points {
		t := tallyOf(pt.Tally, tl.Scale)
		out.Points[i] = FollowupPoint{Month: pt.Month.Format("2006-01"), States: t.States, Counts: t.Counts, Reported: t.Reported,
			Withheld: t.Withheld, NoReport: t.NoReport}
	}
	return &Output[FollowupTimeline]{Body: out}, nil
}

type stateCommitmentsInput struct {
	ISO3     string `path:"iso3" maxLength:"3" doc:"ISO 3166-1 alpha-3 code"`
	BodyCode string `query:"body" maxLength:"20" doc:"A body's code; every body's commitments when absent"`
}

// StateCommitment is a commitment with where a State stands on it.
type StateCommitment struct {
	Commitment Commitment       `json:"commitment"`
	Standing   FollowupStanding `json:"standing"`
}

func (a *API) stateCommitments(ctx context.Context, in *stateCommitmentsInput) (*PageOutput[StateCommitment], error) {
	actor := actorOf(ctx)
	iso3, err := a.state(ctx, in.ISO3)
	if err != nil {
		return nil, err
	}
	bodies, err := a.svc.Bodies.List(ctx, actor)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	if in.BodyCode != "" {
		b, err := a.body(ctx, in.BodyCode)
		if err != nil {
			return nil, err
		}
		bodies = bodies[:0]
		bodies = append(bodies, b)
	}
	rs := a.reporters(ctx)
	out := &PageOutput[StateCommitment]{Body: Page[StateCommitment]{Items: []StateCommitment{}}}
	for _, b := range bodies {
		scs, err := a.svc.FollowUp.StateCommitments(ctx, actor, b.ID, iso3)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		for _, sc := range scs {
			out.Body.Items = append(out.Body.Items, StateCommitment{Commitment: commitmentJSON(sc.Commitment, b.Code), Standing: rs.standing(sc.Standing)})
		}
	}
	return out, nil
}

// FollowupExport is everything public of a body's follow-up.
type FollowupExport struct {
	Body        string                     `json:"body" example:"gm"`
	Levels      []string                   `json:"levels" doc:"Always public: a report published to States only, or private, is never here"`
	Statuses    []FollowupStatus           `json:"statuses" doc:"The body's scale, in order"`
	Commitments []FollowupExportCommitment `json:"commitments" doc:"In their order"`
}

// FollowupExportCommitment is a commitment with each State's latest public report on it.
type FollowupExportCommitment struct {
	Commitment
	Reports []FollowupReport `json:"reports" doc:"Each State's latest public report, by State, without who reported; a State without one is absent"`
}

// exportFollowup reads as the public whoever asks: the export is the open dataset, one
// for everyone, so that a privileged caller's copy, passed on, gives away nothing that
// was not published to everyone.
func (a *API) exportFollowup(ctx context.Context, in *scalePath) (*Output[FollowupExport], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	anyone := plenary.Public(actorOf(ctx).Lang)
	scale, err := a.svc.FollowUp.Scale(ctx, anyone, b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	cs, err := a.svc.FollowUp.Commitments(ctx, anyone, b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := FollowupExport{Body: b.Code, Levels: []string{string(followup.Public)}, Statuses: statusesJSON(scale),
		Commitments: make([]FollowupExportCommitment, len(cs))}
	for i, c := range cs {
		sts, err := a.svc.FollowUp.Standings(ctx, anyone, c.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		x := FollowupExportCommitment{Commitment: commitmentJSON(c, b.Code), Reports: []FollowupReport{}}
		for _, st := range sts {
			if st.Report.ID != 0 && st.Report.Level == followup.Public {
				x.Reports = append(x.Reports, (*reporters)(nil).report(st.Report))
			}
		}
		slices.SortFunc(x.Reports, func(p, q FollowupReport) int { return strings.Compare(p.State, q.State) })
		out.Commitments[i] = x
	}
	return &Output[FollowupExport]{Body: out}, nil
}
