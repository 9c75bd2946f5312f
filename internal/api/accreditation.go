package api

import (
	"context"
	"mime"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
)

// The accreditation operations. Everything an application shows goes through the
// domain's View: the positions, counts and reasons in a response are those the caller may
// see, exactly as on the pages.

// Body is an intergovernmental body plenary serves.
type Body struct {
	Code        string     `json:"code" example:"gm"`
	Parent      string     `json:"parent,omitempty" example:"gm" doc:"For a plenary or a thematic group: the code of the body it belongs to"`
	Names       Names      `json:"names"`
	TimeZone    string     `json:"time_zone" example:"America/New_York" doc:"IANA time zone in which the body's deadlines fall"`
	MandateEnds *time.Time `json:"mandate_ends,omitempty"`
}

func bodyJSON(b body.Body) Body {
	return Body{Code: b.Code, Names: Names(b.Names), TimeZone: b.TimeZone, MandateEnds: optTime(b.MandateEnds)}
}

// bodyWithParent is bodyJSON with the parent's code, read from the list of bodies.
func (a *API) bodyWithParent(ctx context.Context, b body.Body) (Body, error) {
	out := bodyJSON(b)
	if b.ParentID == 0 {
		return out, nil
	}
	parent, err := a.svc.Bodies.Get(ctx, actorOf(ctx), b.ParentID)
	if err != nil {
		return Body{}, a.fail(ctx, err)
	}
	out.Parent = parent.Code
	return out, nil
}

// BodyInput records or changes a body.
type BodyInput struct {
	Code        string `json:"code,omitempty" maxLength:"20" doc:"Only when recording a body; it cannot change"`
	Parent      string `json:"parent,omitempty" maxLength:"20" doc:"Only when recording a plenary or a thematic group: the code of its body; it cannot change"`
	Names       Names  `json:"names"`
	TimeZone    string `json:"time_zone" maxLength:"64"`
	MandateEnds string `json:"mandate_ends,omitempty" format:"date" doc:"yyyy-mm-dd; empty while not decided"`
}

// Policy is a body's accreditation rules at one version.
type Policy struct {
	Version            int        `json:"version"`
	Eligible           []string   `json:"eligible" doc:"Types of organization that may apply"`
	FastTrack          bool       `json:"fast_track" doc:"Organizations in ECOSOC consultative status notify instead of applying"`
	Rule               string     `json:"rule" enum:"non_objection,secretariat,participants"`
	Threshold          int        `json:"threshold" doc:"Objections that block an application, under non_objection"`
	ApplicationDays    int        `json:"application_days"`
	CirculationDays    int        `json:"circulation_days"`
	DeadlineHour       int        `json:"deadline_hour" doc:"Hour of the body's local day at which periods end"`
	ObjectorsSeenBy    []string   `json:"objectors_seen_by" doc:"Who, besides the Chair and the Secretariat, learns which States objected"`
	ReasonMode         string     `json:"reason_mode" enum:"not_asked,optional,required"`
	ReasonsSeenBy      []string   `json:"reasons_seen_by"`
	Validity           string     `json:"validity" enum:"mandate,until"`
	ValidUntil         *time.Time `json:"valid_until,omitempty"`
	ReapplyAfterReject bool       `json:"reapply_after_reject"`
	AdoptedAt          *time.Time `json:"adopted_at,omitempty" doc:"Absent for the default rules, before any were saved"`
}

func policyJSON(p accreditation.Policy) Policy {
	out := Policy{Version: p.Version, Eligible: []string{}, FastTrack: p.FastTrack, Rule: string(p.Rule), Threshold: p.Threshold,
		ApplicationDays: p.ApplicationDays, CirculationDays: p.CirculationDays, DeadlineHour: p.DeadlineHour,
		ObjectorsSeenBy: []string{}, ReasonMode: string(p.ReasonMode), ReasonsSeenBy: []string{}, Validity: string(p.Validity),
		ValidUntil: optTime(p.ValidUntil), ReapplyAfterReject: p.ReapplyAfterReject, AdoptedAt: optTime(p.CreatedAt)}
	for _, t := range p.Eligible {
		out.Eligible = append(out.Eligible, string(t))
	}
	for _, a := range p.ObjectorsSeenBy {
		out.ObjectorsSeenBy = append(out.ObjectorsSeenBy, string(a))
	}
	for _, a := range p.ReasonsSeenBy {
		out.ReasonsSeenBy = append(out.ReasonsSeenBy, string(a))
	}
	return out
}

// PolicyInput sets new rules.
type PolicyInput struct {
	Eligible           []string `json:"eligible" maxItems:"4" doc:"Types: ngo, business, academia, technical_community"`
	FastTrack          bool     `json:"fast_track,omitempty"`
	Rule               string   `json:"rule" enum:"non_objection,secretariat,participants"`
	Threshold          int      `json:"threshold,omitempty"`
	ApplicationDays    int      `json:"application_days"`
	CirculationDays    int      `json:"circulation_days"`
	DeadlineHour       int      `json:"deadline_hour"`
	ObjectorsSeenBy    []string `json:"objectors_seen_by,omitempty" maxItems:"4" doc:"Any of: states_on_request, all_states, applicant, public"`
	ReasonMode         string   `json:"reason_mode" enum:"not_asked,optional,required"`
	ReasonsSeenBy      []string `json:"reasons_seen_by,omitempty" maxItems:"4"`
	Validity           string   `json:"validity" enum:"mandate,until"`
	ValidUntil         string   `json:"valid_until,omitempty" format:"date" doc:"yyyy-mm-dd, when validity is until"`
	ReapplyAfterReject bool     `json:"reapply_after_reject,omitempty"`
}

// Figures counts a round's organizations; it names no State.
type Figures struct {
	Applied       int `json:"applied"`
	Circulated    int `json:"circulated"`
	Accredited    int `json:"accredited"`
	ECOSOC        int `json:"ecosoc" doc:"Accredited on notification, in ECOSOC consultative status"`
	Blocked       int `json:"blocked"`
	Pending       int `json:"pending"`
	NotCirculated int `json:"not_circulated"`
	Withdrawn     int `json:"withdrawn"`
}

// Round is an accreditation round with its public figures.
type Round struct {
	Number            int        `json:"number"`
	Status            string     `json:"status" enum:"open,screening,circulating,decided"`
	PolicyVersion     int        `json:"policy_version"`
	Rule              string     `json:"rule" enum:"non_objection,secretariat,participants"`
	OpenedAt          time.Time  `json:"opened_at"`
	ApplicationsClose time.Time  `json:"applications_close"`
	CirculatedAt      *time.Time `json:"circulated_at,omitempty"`
	ObjectionsClose   *time.Time `json:"objections_close,omitempty"`
	DecidedAt         *time.Time `json:"decided_at,omitempty"`
	Figures           Figures    `json:"figures"`
}

func roundJSON(f accreditation.RoundFigures) Round {
	return Round{Number: f.Number, Status: string(f.Status), PolicyVersion: f.Policy.Version, Rule: string(f.Policy.Rule),
		OpenedAt: f.OpenedAt, ApplicationsClose: f.ApplicationsClose, CirculatedAt: optTime(f.CirculatedAt),
		ObjectionsClose: optTime(f.ObjectionsClose), DecidedAt: optTime(f.DecidedAt),
		Figures: Figures{Applied: f.Applied, Circulated: f.Circulated, Accredited: f.Accredited, ECOSOC: f.ECOSOC,
			Blocked: f.Blocked, Pending: f.Pending, NotCirculated: f.NotCirculated, Withdrawn: f.Withdrawn}}
}

// Applicant is the organization as it was when it applied.
type Applicant struct {
	ID      int64  `json:"id"`
	Type    string `json:"type"`
	Names   Names  `json:"names"`
	HQState string `json:"hq_state"`
	Website string `json:"website,omitempty"`
	ECOSOC  string `json:"ecosoc_status"`
}

// Dossier is what the organization tells about itself.
type Dossier struct {
	Purpose        string `json:"purpose" maxLength:"4000"`
	Programmes     string `json:"programmes" maxLength:"8000"`
	UNInteractions string `json:"un_interactions" maxLength:"8000"`
	ContactName    string `json:"contact_name" maxLength:"200"`
	ContactEmail   string `json:"contact_email" maxLength:"254"`
	ContactPhone   string `json:"contact_phone,omitempty" maxLength:"50"`
}

// Position is a Member State's objection or support, as the caller may see it.
type Position struct {
	ID          int64      `json:"id"`
	State       string     `json:"state" doc:"ISO alpha-3"`
	Stance      string     `json:"stance" enum:"object,support"`
	Reason      string     `json:"reason,omitempty" doc:"Absent where the caller may not read it"`
	RecordedAt  time.Time  `json:"recorded_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at,omitempty"`
}

// DisclosureRequest is a Member State's request to the Chair to learn who objected.
type DisclosureRequest struct {
	ID            int64      `json:"id"`
	ApplicationID int64      `json:"application_id"`
	Tracking      string     `json:"tracking,omitempty"`
	State         string     `json:"state" doc:"The requesting State"`
	RequestedAt   time.Time  `json:"requested_at"`
	AnsweredAt    *time.Time `json:"answered_at,omitempty"`
	Note          string     `json:"note,omitempty" doc:"The Chair's message"`
}

func disclosureJSON(d accreditation.Disclosure, tracking string) DisclosureRequest {
	return DisclosureRequest{ID: d.ID, ApplicationID: d.ApplicationID, Tracking: tracking, State: d.State,
		RequestedAt: d.RequestedAt, AnsweredAt: optTime(d.AnsweredAt), Note: d.Note}
}

// Permissions says what the caller may do next with an application.
type Permissions struct {
	Edit              bool     `json:"edit"`
	Submit            bool     `json:"submit"`
	Withdraw          bool     `json:"withdraw"`
	Screen            bool     `json:"screen"`
	Decide            bool     `json:"decide"`
	TakePosition      bool     `json:"take_position"`
	RequestDisclosure bool     `json:"request_disclosure"`
	PositionStates    []string `json:"position_states" doc:"The States the caller may take a position for"`
}

// Application is an application (or ECOSOC notification) as the caller may see it.
type Application struct {
	ID                 int64               `json:"id"`
	Tracking           string              `json:"tracking" example:"GM-R1-0001"`
	Kind               string              `json:"kind" enum:"application,notification"`
	Status             string              `json:"status" enum:"draft,submitted,incomplete,complete,not_circulated,circulated,accredited,rejected,withdrawn"`
	Round              int                 `json:"round"`
	ObjectionsClose    *time.Time          `json:"objections_close,omitempty"`
	Organization       Applicant           `json:"organization"`
	Dossier            Dossier             `json:"dossier"`
	Letter             bool                `json:"letter" doc:"Whether a letter on letterhead is attached"`
	ScreeningNote      string              `json:"screening_note,omitempty"`
	SubmittedAt        *time.Time          `json:"submitted_at,omitempty"`
	DecidedAt          *time.Time          `json:"decided_at,omitempty"`
	Positions          []Position          `json:"positions" doc:"The positions the caller may know of: their own State's, and others' as the round's rules allow"`
	Objections         *int                `json:"objections,omitempty" doc:"Active objections, where the caller may know who objected"`
	Supports           *int                `json:"supports,omitempty"`
	DisclosureRequests []DisclosureRequest `json:"disclosure_requests"`
	May                Permissions         `json:"may"`
}

func applicationJSON(v accreditation.View) Application {
	out := Application{ID: v.ID, Tracking: v.Tracking, Kind: string(v.Kind), Status: string(v.Status), Round: v.Round.Number,
		Organization: Applicant{ID: v.OrganizationID, Type: string(v.OrgType), Names: Names(v.OrgNames), HQState: v.HQState,
			Website: v.Website, ECOSOC: string(v.ECOSOC)},
		Dossier: Dossier{Purpose: v.Purpose, Programmes: v.Programmes, UNInteractions: v.UNInteractions,
			ContactName: v.ContactName, ContactEmail: v.ContactEmail, ContactPhone: v.ContactPhone},
		Letter: v.Letter, ScreeningNote: v.ScreeningNote, SubmittedAt: optTime(v.SubmittedAt), DecidedAt: optTime(v.DecidedAt),
		Positions: []Position{}, DisclosureRequests: []DisclosureRequest{},
		May: Permissions{Edit: v.MayEdit, Submit: v.MaySubmit, Withdraw: v.MayWithdraw, Screen: v.MayScreen, Decide: v.MayDecide,
			TakePosition: v.MayTakePosition, RequestDisclosure: v.MayRequestDisclosure, PositionStates: append([]string{}, v.PositionStates...)}}
	if v.Status == accreditation.Circulated {
		out.ObjectionsClose = optTime(v.Round.ObjectionsClose)
	}
	for _, p := range v.Positions {
		out.Positions = append(out.Positions, Position{ID: p.ID, State: p.State, Stance: string(p.Stance), Reason: p.Reason,
			RecordedAt: p.CreatedAt, WithdrawnAt: optTime(p.WithdrawnAt)})
	}
	if v.Counted {
		o, s := v.Objections, v.Supports
		out.Objections, out.Supports = &o, &s
	}
	for _, d := range v.Disclosures {
		out.DisclosureRequests = append(out.DisclosureRequests, disclosureJSON(d, v.Tracking))
	}
	return out
}

// Accredited is an organization accredited to a body.
type Accredited struct {
	AccreditationID int64        `json:"accreditation_id"`
	Organization    Organization `json:"organization"`
	Basis           string       `json:"basis" enum:"ecosoc,non_objection,secretariat,participants"`
	AccreditedAt    time.Time    `json:"accredited_at"`
	ValidUntil      *time.Time   `json:"valid_until,omitempty"`
}

type bodyPath struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
}

type roundPath struct {
	Code   string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Number int    `path:"number" minimum:"1"`
}

func (a *API) body(ctx context.Context, code string) (body.Body, error) {
	b, err := a.svc.Bodies.ByCode(ctx, actorOf(ctx), code)
	if err != nil {
		return body.Body{}, a.fail(ctx, err)
	}
	return b, nil
}

func (a *API) listBodies(ctx context.Context, _ *struct{}) (*PageOutput[Body], error) {
	bodies, err := a.svc.Bodies.List(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes := map[int64]string{}
	for _, b := range bodies {
		codes[b.ID] = b.Code
	}
	out := &PageOutput[Body]{Body: Page[Body]{Items: make([]Body, len(bodies))}}
	for i, b := range bodies {
		out.Body.Items[i] = bodyJSON(b)
		out.Body.Items[i].Parent = codes[b.ParentID]
	}
	return out, nil
}

func (a *API) getBody(ctx context.Context, in *bodyPath) (*Output[Body], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	out, err := a.bodyWithParent(ctx, b)
	if err != nil {
		return nil, err
	}
	return &Output[Body]{Body: out}, nil
}

// date reads an optional yyyy-mm-dd field; a bad one is a problem of that field.
func date(p *plenary.Problems, field, v string) time.Time {
	if v == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		p.Add(field, "field.date", nil)
	}
	return t
}

func (in BodyInput) domain(p *plenary.Problems) body.Input {
	return body.Input{Code: in.Code, Names: plenary.Localized(in.Names), TimeZone: in.TimeZone, MandateEnds: date(p, "mandate_ends", in.MandateEnds)}
}

func (a *API) createBody(ctx context.Context, in *struct{ Body BodyInput }) (*Output[Body], error) {
	var p plenary.Problems
	bi := in.Body.domain(&p)
	if in.Body.Parent != "" {
		parent, err := a.svc.Bodies.ByCode(ctx, actorOf(ctx), in.Body.Parent)
		if err != nil {
			p.Add("parent", "field.choice", nil)
		}
		bi.ParentID = parent.ID
	}
	if err := p.Err(); err != nil {
		return nil, a.fail(ctx, err)
	}
	b, err := a.svc.Bodies.Create(ctx, actorOf(ctx), bi)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out, err := a.bodyWithParent(ctx, b)
	if err != nil {
		return nil, err
	}
	return &Output[Body]{Body: out}, nil
}

type updateBodyInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body BodyInput
}

func (a *API) updateBody(ctx context.Context, in *updateBodyInput) (*Output[Body], error) {
	cur, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	var p plenary.Problems
	bi := in.Body.domain(&p)
	if err := p.Err(); err != nil {
		return nil, a.fail(ctx, err)
	}
	b, err := a.svc.Bodies.Update(ctx, actorOf(ctx), cur.ID, bi)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Body]{Body: bodyJSON(b)}, nil
}

func (a *API) getPolicy(ctx context.Context, in *bodyPath) (*Output[Policy], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	p, err := a.svc.Accreditation.CurrentPolicy(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Policy]{Body: policyJSON(p)}, nil
}

func (a *API) listPolicies(ctx context.Context, in *bodyPath) (*PageOutput[Policy], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	ps, err := a.svc.Accreditation.Policies(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Policy]{Body: Page[Policy]{Items: make([]Policy, len(ps))}}
	for i, p := range ps {
		out.Body.Items[i] = policyJSON(p)
	}
	return out, nil
}

type setPolicyInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body PolicyInput
}

func (a *API) setPolicy(ctx context.Context, in *setPolicyInput) (*Output[Policy], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	x := in.Body
	var p plenary.Problems
	pi := accreditation.PolicyInput{FastTrack: x.FastTrack, Rule: accreditation.Rule(x.Rule), Threshold: x.Threshold,
		ApplicationDays: x.ApplicationDays, CirculationDays: x.CirculationDays, DeadlineHour: x.DeadlineHour,
		ReasonMode: accreditation.ReasonMode(x.ReasonMode), Validity: accreditation.Validity(x.Validity),
		ValidUntil: date(&p, "valid_until", x.ValidUntil), ReapplyAfterReject: x.ReapplyAfterReject}
	for _, t := range x.Eligible {
		pi.Eligible = append(pi.Eligible, organization.Type(t))
	}
	for _, s := range x.ObjectorsSeenBy {
		pi.ObjectorsSeenBy = append(pi.ObjectorsSeenBy, accreditation.Audience(s))
	}
	for _, s := range x.ReasonsSeenBy {
		pi.ReasonsSeenBy = append(pi.ReasonsSeenBy, accreditation.Audience(s))
	}
	if err := p.Err(); err != nil {
		return nil, a.fail(ctx, err)
	}
	pol, err := a.svc.Accreditation.SetPolicy(ctx, actorOf(ctx), b.ID, pi)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Policy]{Body: policyJSON(pol)}, nil
}

func (a *API) listRounds(ctx context.Context, in *bodyPath) (*PageOutput[Round], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	rs, err := a.svc.Accreditation.Rounds(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Round]{Body: Page[Round]{Items: make([]Round, len(rs))}}
	for i, r := range rs {
		out.Body.Items[i] = roundJSON(r)
	}
	return out, nil
}

// roundID finds the ID of a body's round by number, without counting its applications.
func (a *API) roundID(ctx context.Context, in roundPath) (int64, error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return 0, err
	}
	r, err := a.svc.Accreditation.RoundNumbered(ctx, actorOf(ctx), b.ID, in.Number)
	if err != nil {
		return 0, a.fail(ctx, err)
	}
	return r.ID, nil
}

// round finds a round of a body by number, with its figures.
func (a *API) round(ctx context.Context, in roundPath) (accreditation.RoundFigures, error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return accreditation.RoundFigures{}, err
	}
	f, err := a.svc.Accreditation.Round(ctx, actorOf(ctx), b.ID, in.Number)
	if err != nil {
		return f, a.fail(ctx, err)
	}
	return f, nil
}

func (a *API) getRound(ctx context.Context, in *roundPath) (*Output[Round], error) {
	f, err := a.round(ctx, *in)
	if err != nil {
		return nil, err
	}
	return &Output[Round]{Body: roundJSON(f)}, nil
}

type openRoundInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body struct {
		ApplicationsClose *time.Time `json:"applications_close,omitempty" doc:"When the window closes; by default after the rules' application window, at the deadline hour"`
	}
}

func (a *API) openRound(ctx context.Context, in *openRoundInput) (*Output[Round], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	var oi accreditation.OpenInput
	if in.Body.ApplicationsClose != nil {
		oi.ApplicationsClose = *in.Body.ApplicationsClose
	}
	r, err := a.svc.Accreditation.OpenRound(ctx, actorOf(ctx), b.ID, oi)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	f, err := a.svc.Accreditation.Round(ctx, actorOf(ctx), b.ID, r.Number)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Round]{Body: roundJSON(f)}, nil
}

func (a *API) closeRound(ctx context.Context, in *roundPath) (*Output[Round], error) {
	id, err := a.roundID(ctx, *in)
	if err != nil {
		return nil, err
	}
	if err := a.svc.Accreditation.CloseApplications(ctx, actorOf(ctx), id); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getRound(ctx, in)
}

func (a *API) circulateRound(ctx context.Context, in *roundPath) (*Output[Round], error) {
	id, err := a.roundID(ctx, *in)
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.Accreditation.Circulate(ctx, actorOf(ctx), id); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getRound(ctx, in)
}

func (a *API) listRoundApplications(ctx context.Context, in *roundPath) (*PageOutput[Application], error) {
	id, err := a.roundID(ctx, *in)
	if err != nil {
		return nil, err
	}
	_, views, err := a.svc.Accreditation.RoundApplications(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return applicationPage(views), nil
}

func applicationPage(views []accreditation.View) *PageOutput[Application] {
	out := &PageOutput[Application]{Body: Page[Application]{Items: make([]Application, len(views))}}
	for i, v := range views {
		out.Body.Items[i] = applicationJSON(v)
	}
	return out
}

func (a *API) listMyApplications(ctx context.Context, in *bodyPath) (*PageOutput[Application], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	views, err := a.svc.Accreditation.Mine(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return applicationPage(views), nil
}

type startInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body struct {
		OrganizationID int64 `json:"organization_id" minimum:"1" doc:"The organization the caller is focal point of"`
	}
}

func (a *API) startApplication(ctx context.Context, in *startInput) (*Output[Application], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	app, err := a.svc.Accreditation.Start(ctx, actorOf(ctx), b.ID, in.Body.OrganizationID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getApplication(ctx, &idInput{ID: app.ID})
}

func (a *API) getApplication(ctx context.Context, in *idInput) (*Output[Application], error) {
	v, err := a.svc.Accreditation.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Application]{Body: applicationJSON(v)}, nil
}

type dossierInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body Dossier
}

func (a *API) updateDossier(ctx context.Context, in *dossierInput) (*Output[Application], error) {
	d := in.Body
	_, err := a.svc.Accreditation.Update(ctx, actorOf(ctx), in.ID, accreditation.DossierInput{Purpose: d.Purpose, Programmes: d.Programmes,
		UNInteractions: d.UNInteractions, ContactName: d.ContactName, ContactEmail: d.ContactEmail, ContactPhone: d.ContactPhone})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getApplication(ctx, &idInput{ID: in.ID})
}

type letterInput struct {
	ID       int64  `path:"id" minimum:"1"`
	Filename string `query:"filename" maxLength:"200" doc:"The file's name, kept for the download"`
	RawBody  []byte `contentType:"application/pdf"`
}

func (a *API) putLetter(ctx context.Context, in *letterInput) (*Output[Application], error) {
	name := in.Filename
	if name == "" {
		name = "letter.pdf"
	}
	if _, err := a.svc.Accreditation.AttachLetter(ctx, actorOf(ctx), in.ID, files.Upload{Name: name, Data: in.RawBody}); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getApplication(ctx, &idInput{ID: in.ID})
}

// LetterOutput is the letter on letterhead, as a download.
type LetterOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (a *API) getLetter(ctx context.Context, in *idInput) (*LetterOutput, error) {
	f, err := a.svc.Accreditation.Letter(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &LetterOutput{ContentType: f.ContentType, Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}

func (a *API) submitApplication(ctx context.Context, in *idInput) (*Output[Application], error) {
	if _, err := a.svc.Accreditation.Submit(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getApplication(ctx, in)
}

func (a *API) withdrawApplication(ctx context.Context, in *idInput) (*Output[Application], error) {
	if err := a.svc.Accreditation.Withdraw(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getApplication(ctx, in)
}

type screenInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Complete bool   `json:"complete" required:"true"`
		Note     string `json:"note,omitempty" maxLength:"2000" doc:"What is missing; required when not complete"`
	}
}

func (a *API) screenApplication(ctx context.Context, in *screenInput) (*Output[Application], error) {
	if _, err := a.svc.Accreditation.Screen(ctx, actorOf(ctx), in.ID, in.Body.Complete, in.Body.Note); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getApplication(ctx, &idInput{ID: in.ID})
}

type decideInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Accredit bool `json:"accredit" required:"true"`
	}
}

func (a *API) decideApplication(ctx context.Context, in *decideInput) (*Output[Application], error) {
	if err := a.svc.Accreditation.DecideByDecision(ctx, actorOf(ctx), in.ID, in.Body.Accredit); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.getApplication(ctx, &idInput{ID: in.ID})
}

type positionInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		State  string `json:"state" maxLength:"3" doc:"The Member State (ISO alpha-3) the caller is a delegate of"`
		Stance string `json:"stance" enum:"object,support" doc:"support only under a decision by the participants"`
		Reason string `json:"reason,omitempty" maxLength:"2000"`
	}
}

func (a *API) takePosition(ctx context.Context, in *positionInput) (*Output[Position], error) {
	p, err := a.svc.Accreditation.TakePosition(ctx, actorOf(ctx), in.ID, accreditation.PositionInput{
		State: strings.ToUpper(in.Body.State), Stance: accreditation.Stance(in.Body.Stance), Reason: in.Body.Reason})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Position]{Body: Position{ID: p.ID, State: p.State, Stance: string(p.Stance), Reason: p.Reason, RecordedAt: p.CreatedAt}}, nil
}

func (a *API) withdrawPosition(ctx context.Context, in *idInput) (*struct{}, error) {
	if err := a.svc.Accreditation.WithdrawPosition(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type disclosureInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		State string `json:"state" maxLength:"3" doc:"The requesting Member State (ISO alpha-3)"`
	}
}

func (a *API) requestDisclosure(ctx context.Context, in *disclosureInput) (*Output[DisclosureRequest], error) {
	d, err := a.svc.Accreditation.RequestDisclosure(ctx, actorOf(ctx), in.ID, in.Body.State)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[DisclosureRequest]{Body: disclosureJSON(d, "")}, nil
}

func (a *API) listDisclosures(ctx context.Context, in *bodyPath) (*PageOutput[DisclosureRequest], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	items, err := a.svc.Accreditation.Disclosures(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[DisclosureRequest]{Body: Page[DisclosureRequest]{Items: make([]DisclosureRequest, len(items))}}
	for i, it := range items {
		out.Body.Items[i] = disclosureJSON(it.Disclosure, it.Application.Tracking)
	}
	return out, nil
}

type answerInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Note string `json:"note,omitempty" maxLength:"2000"`
	}
}

func (a *API) answerDisclosure(ctx context.Context, in *answerInput) (*struct{}, error) {
	if err := a.svc.Accreditation.AnswerDisclosure(ctx, actorOf(ctx), in.ID, in.Body.Note); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type accreditedInput struct {
	Code    string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Type    string `query:"type" enum:"ngo,business,academia,technical_community," doc:"Only organizations of this type"`
	Country string `query:"country" maxLength:"3" doc:"Only organizations with headquarters in this country (ISO alpha-3)"`
	Region  string `query:"region" enum:"African,Asia-Pacific,Eastern European,GRULAC,WEOG," doc:"Only organizations with headquarters in this regional group"`
	Lang    string `query:"lang" enum:"ar,zh,en,fr,ru,es," doc:"Sort by the names in this language; by default the Accept-Language one"`
}

func (a *API) listAccredited(ctx context.Context, in *accreditedInput) (*PageOutput[Accredited], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	actor := actorOf(ctx)
	lang := in.Lang
	if lang == "" {
		lang = actor.Lang
	}
	f := accreditation.Filter{Type: organization.Type(in.Type), Country: strings.ToUpper(in.Country), Region: in.Region}
	ls, err := a.svc.Accreditation.Accredited(ctx, actor, b.ID, f, lang, func(iso3 string) string {
		if s, err := a.svc.States.Get(ctx, actor, iso3); err == nil {
			return string(s.Group)
		}
		return ""
	})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Accredited]{Body: Page[Accredited]{Items: make([]Accredited, len(ls))}}
	for i, l := range ls {
		out.Body.Items[i] = Accredited{AccreditationID: l.ID, Organization: organizationJSON(l.Organization), Basis: string(l.Basis),
			AccreditedAt: l.AccreditedAt, ValidUntil: optTime(l.ValidUntil)}
	}
	return out, nil
}

type withdrawAccreditationInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Reason string `json:"reason" maxLength:"2000" doc:"Sent to the organization and kept in the audit trail"`
	}
}

func (a *API) withdrawAccreditation(ctx context.Context, in *withdrawAccreditationInput) (*struct{}, error) {
	if err := a.svc.Accreditation.WithdrawAccreditation(ctx, actorOf(ctx), in.ID, in.Body.Reason); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}
