package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary/internal/ping"
)

// Pings: the Secretariat tests whether the Points of Contact answer. It starts rounds,
// reads their results and may publish a closed round's figures overall and by regional
// group; a contact acknowledges signed in, or with the token of the link in the e-mail
// (no token of the API needed); anyone reads the published figures. The service decides
// who may do what: anyone else is answered 404 (401 without a token).

const pingTag = "Pings"

// pingRoutes registers the pings' operations (called from routes).
func (a *API) pingRoutes() {
	h := a.huma
	reg := func(op huma.Operation) huma.Operation {
		op.Tags = []string{pingTag}
		return op
	}
	huma.Register(h, reg(huma.Operation{OperationID: "list-ping-rounds", Method: http.MethodGet, Path: "/pings/rounds",
		Summary: "List the ping rounds, newest first (Secretariat)", Security: readScope}), a.listPingRounds)
	huma.Register(h, reg(huma.Operation{OperationID: "create-ping-round", Method: http.MethodPost, Path: "/pings/rounds",
		Summary: "Start or schedule a ping round (Secretariat)",
		Description: "A round reaches every verified contact of the participating States in its scope: all of them, a regional group, or chosen States. " +
			"Without starts_at the pings go out at once. Reminders go at half the window to those who have not answered, the State's other contacts are told at three quarters, and the links expire at the deadline.",
		DefaultStatus: http.StatusCreated, Security: writeScope}), a.createPingRound)
	huma.Register(h, reg(huma.Operation{OperationID: "get-ping-round", Method: http.MethodGet, Path: "/pings/rounds/{id}",
		Summary: "Get a ping round (Secretariat)", Security: readScope}), a.getPingRound)
	huma.Register(h, reg(huma.Operation{OperationID: "cancel-ping-round", Method: http.MethodPost, Path: "/pings/rounds/{id}/cancellation",
		Summary: "Cancel a round that has not started (Secretariat)", Security: writeScope}), a.cancelPingRound)
	huma.Register(h, reg(huma.Operation{OperationID: "publish-ping-round", Method: http.MethodPut, Path: "/pings/rounds/{id}/publication",
		Summary:     "Publish a closed round's figures, or take them back (Secretariat)",
		Description: "Published figures are overall and by regional group (groups of at least three States), never by State.",
		Security:    writeScope}), a.publishPingRound)
	huma.Register(h, reg(huma.Operation{OperationID: "get-ping-results", Method: http.MethodGet, Path: "/pings/rounds/{id}/results",
		Summary: "A round's results overall, by regional group and by State (Secretariat)", Security: readScope}), a.getPingResults)
	huma.Register(h, reg(huma.Operation{OperationID: "get-ping-history", Method: http.MethodGet, Path: "/pings/history",
		Summary: "Every round that went out with its figures, newest first (Secretariat)", Security: readScope}), a.getPingHistory)
	huma.Register(h, reg(huma.Operation{OperationID: "get-ping-state-history", Method: http.MethodGet, Path: "/pings/states/{iso3}/history",
		Summary: "A State's answer to each round that reached it, newest first (Secretariat, the State's verified contacts)", Security: readScope}), a.getPingStateHistory)
	huma.Register(h, reg(huma.Operation{OperationID: "list-my-pings", Method: http.MethodGet, Path: "/pings/pending",
		Summary: "The pings waiting for the caller's acknowledgement (a verified Point of Contact)", Security: readScope}), a.listMyPings)
	huma.Register(h, reg(huma.Operation{OperationID: "acknowledge-ping", Method: http.MethodPost, Path: "/pings/requests/{id}/acknowledgement",
		Summary: "Acknowledge one of the caller's pings (the contact themself)", DefaultStatus: http.StatusNoContent, Security: writeScope}), a.acknowledgePing)
	huma.Register(h, reg(huma.Operation{OperationID: "check-ping-link", Method: http.MethodPost, Path: "/pings/links/check",
		Summary: "What an acknowledgement link finds, without using it",
		Description: "The token is the last part of the link in the e-mail. It is sent in the body, not the URL, so that it stays out of logs. " +
			"A token not made here is 404; otherwise the answer says whether the link is valid, used or expired.",
		Security: public}), a.checkPingLink)
	huma.Register(h, reg(huma.Operation{OperationID: "acknowledge-ping-link", Method: http.MethodPost, Path: "/pings/links/acknowledgement",
		Summary:     "Acknowledge a ping with the token of its link (no API token needed)",
		Description: "A token not made here is 404 (ping.link_invalid); a link used before is 409 (ping.link_used); a link past its deadline is 410 (ping.link_expired).",
		Security:    public}), a.acknowledgePingLink)
	huma.Register(h, reg(huma.Operation{OperationID: "list-published-ping-results", Method: http.MethodGet, Path: "/pings/published",
		Summary: "The published figures of closed rounds: overall and by regional group, never by State", Security: public}), a.listPublishedPings)
}

// PingRound is a ping round.
type PingRound struct {
	ID         int64      `json:"id"`
	Title      string     `json:"title"`
	Scope      string     `json:"scope" enum:"all,region,states"`
	Region     string     `json:"region,omitempty" doc:"The regional group of a regional round"`
	States     []string   `json:"states,omitempty" doc:"The chosen States (ISO alpha-3), for the Secretariat only"`
	StartsAt   time.Time  `json:"starts_at"`
	RemindAt   *time.Time `json:"remind_at,omitempty" doc:"When those who have not answered are reminded (Secretariat)"`
	EscalateAt *time.Time `json:"escalate_at,omitempty" doc:"When the State's other contacts are told (Secretariat)"`
	Deadline   time.Time  `json:"deadline"`
	Status     string     `json:"status" enum:"scheduled,sent,closed,cancelled"`
	Published  bool       `json:"published"`
	SentAt     *time.Time `json:"sent_at,omitempty"`
	ClosedAt   *time.Time `json:"closed_at,omitempty"`
}

func pingRoundJSON(r ping.Round) PingRound {
	return PingRound{ID: r.ID, Title: r.Title, Scope: string(r.Scope), Region: r.Region, States: r.States, StartsAt: r.StartsAt,
		RemindAt: optTime(r.RemindAt), EscalateAt: optTime(r.EscalateAt), Deadline: r.Deadline, Status: string(r.Status), Published: r.Published,
		SentAt: optTime(r.SentAt), ClosedAt: optTime(r.ClosedAt)}
}

// PingStats are the figures of a set of pings.
type PingStats struct {
	Contacts      int     `json:"contacts" doc:"Contacts pinged"`
	Acknowledged  int     `json:"acknowledged" doc:"Contacts who acknowledged"`
	ResponseRate  float64 `json:"response_rate" doc:"Share of contacts who acknowledged, in percent"`
	States        int     `json:"states" doc:"States pinged"`
	StatesReached int     `json:"states_reached" doc:"States with at least one contact who acknowledged"`
	MedianSeconds int64   `json:"median_seconds" doc:"Median time from sending to acknowledgement, of those who acknowledged"`
	P90Seconds    int64   `json:"p90_seconds" doc:"90th percentile (nearest rank) of the time to acknowledge"`
}

func pingStatsJSON(s ping.Stats) PingStats {
	return PingStats{Contacts: s.Contacts, Acknowledged: s.Acknowledged, ResponseRate: s.Rate(), States: s.States,
		StatesReached: s.StatesReached, MedianSeconds: int64(s.Median / time.Second), P90Seconds: int64(s.P90 / time.Second)}
}

// PingGroup is a regional group's figures.
type PingGroup struct {
	Group string    `json:"group" enum:"African,Asia-Pacific,Eastern European,GRULAC,WEOG,none"`
	Stats PingStats `json:"stats"`
}

func pingGroupsJSON(gs []ping.GroupResult) []PingGroup {
	out := make([]PingGroup, len(gs))
	for i, g := range gs {
		out[i] = PingGroup{Group: g.Group, Stats: pingStatsJSON(g.Stats)}
	}
	return out
}

// PingRequestResult is one contact's ping, by function, never by name.
type PingRequestResult struct {
	Function       string     `json:"function,omitempty" enum:"diplomatic,technical"`
	Acknowledged   bool       `json:"acknowledged"`
	Seconds        int64      `json:"seconds,omitempty" doc:"Time to acknowledge"`
	Via            string     `json:"via,omitempty" enum:"link,app"`
	Reminded       bool       `json:"reminded"`
	Escalated      bool       `json:"escalated" doc:"The State's other contacts were told that this one had not answered"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
}

// PingStateResult is one State's answer to a round.
type PingStateResult struct {
	State    string              `json:"state" doc:"ISO alpha-3"`
	Group    string              `json:"group"`
	Stats    PingStats           `json:"stats"`
	Requests []PingRequestResult `json:"requests"`
}

// PingResults are a round's figures.
type PingResults struct {
	Round   PingRound         `json:"round"`
	Overall PingStats         `json:"overall"`
	ByGroup []PingGroup       `json:"by_group"`
	ByState []PingStateResult `json:"by_state"`
}

func pingResultsJSON(r ping.Results) PingResults {
	out := PingResults{Round: pingRoundJSON(r.Round), Overall: pingStatsJSON(r.Overall), ByGroup: pingGroupsJSON(r.ByGroup),
		ByState: make([]PingStateResult, len(r.ByState))}
	for i, s := range r.ByState {
		sr := PingStateResult{State: s.State, Group: s.Group, Stats: pingStatsJSON(s.Stats), Requests: make([]PingRequestResult, len(s.Requests))}
		for j, q := range s.Requests {
			sr.Requests[j] = PingRequestResult{Function: q.Function, Acknowledged: q.Acknowledged, Seconds: int64(q.Took / time.Second),
				Via: string(q.Via), Reminded: q.Reminded, Escalated: q.Escalated, AcknowledgedAt: optTime(q.AcknowledgedAt)}
		}
		out.ByState[i] = sr
	}
	return out
}

// PingSummary is a round with its figures, in the history across rounds.
type PingSummary struct {
	Round   PingRound   `json:"round"`
	Overall PingStats   `json:"overall"`
	ByGroup []PingGroup `json:"by_group"`
}

// PingStateRound is a State's answer to one round.
type PingStateRound struct {
	Round PingRound `json:"round"`
	Stats PingStats `json:"stats"`
}

// PendingPing is a ping waiting for the caller's acknowledgement.
type PendingPing struct {
	RequestID int64     `json:"request_id" doc:"Acknowledge with POST /pings/requests/{request_id}/acknowledgement"`
	State     string    `json:"state" doc:"The State the caller is a contact of (ISO alpha-3)"`
	Round     PingRound `json:"round"`
}

// PingLink is what an acknowledgement link finds. It names the round and the State,
// not the contact.
type PingLink struct {
	Status         string     `json:"status" enum:"valid,used,expired"`
	State          string     `json:"state" doc:"The State pinged (ISO alpha-3)"`
	Round          PingRound  `json:"round"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
}

func pingLinkJSON(l ping.Link) PingLink {
	return PingLink{Status: string(l.State), State: l.Country, Round: pingRoundJSON(l.Round), AcknowledgedAt: optTime(l.AcknowledgedAt)}
}

// PingRoundInput is a new round.
type PingRoundInput struct {
	Title    string     `json:"title" maxLength:"200"`
	Scope    string     `json:"scope" enum:"all,region,states"`
	Region   string     `json:"region,omitempty" doc:"For scope region: African, Asia-Pacific, Eastern European, GRULAC, WEOG or none"`
	States   []string   `json:"states,omitempty" maxItems:"200" doc:"For scope states: ISO alpha-3 codes"`
	StartsAt *time.Time `json:"starts_at,omitempty" doc:"When the pings go out; now when omitted"`
	Hours    int        `json:"hours,omitempty" minimum:"0" maximum:"672" doc:"The window to acknowledge, in hours; 48 when omitted"`
}

type createPingRoundInput struct {
	Body PingRoundInput
}

type publishPingInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Published bool `json:"published"`
	}
}

type pingTokenInput struct {
	Body struct {
		Token string `json:"token" maxLength:"100" doc:"The last part of the link in the e-mail"`
	}
}

func (a *API) listPingRounds(ctx context.Context, _ *struct{}) (*PageOutput[PingRound], error) {
	rs, err := a.svc.Pings.Rounds(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PingRound, len(rs))
	for i, r := range rs {
		out[i] = pingRoundJSON(r)
	}
	return &PageOutput[PingRound]{Body: Page[PingRound]{Items: out}}, nil
}

func (a *API) createPingRound(ctx context.Context, in *createPingRoundInput) (*Output[PingRound], error) {
	b := in.Body
	ri := ping.RoundInput{Title: b.Title, Scope: ping.Scope(b.Scope), Region: b.Region, States: b.States, Hours: b.Hours}
	if b.StartsAt != nil {
		ri.StartsAt = *b.StartsAt
	}
	r, err := a.svc.Pings.CreateRound(ctx, actorOf(ctx), ri)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PingRound]{Body: pingRoundJSON(r)}, nil
}

func (a *API) getPingRound(ctx context.Context, in *idInput) (*Output[PingRound], error) {
	r, err := a.svc.Pings.Round(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PingRound]{Body: pingRoundJSON(r)}, nil
}

func (a *API) cancelPingRound(ctx context.Context, in *idInput) (*Output[PingRound], error) {
	r, err := a.svc.Pings.Cancel(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PingRound]{Body: pingRoundJSON(r)}, nil
}

func (a *API) publishPingRound(ctx context.Context, in *publishPingInput) (*Output[PingRound], error) {
	r, err := a.svc.Pings.Publish(ctx, actorOf(ctx), in.ID, in.Body.Published)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PingRound]{Body: pingRoundJSON(r)}, nil
}

func (a *API) getPingResults(ctx context.Context, in *idInput) (*Output[PingResults], error) {
	r, err := a.svc.Pings.Results(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PingResults]{Body: pingResultsJSON(r)}, nil
}

func (a *API) getPingHistory(ctx context.Context, _ *struct{}) (*PageOutput[PingSummary], error) {
	hs, err := a.svc.Pings.History(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PingSummary, len(hs))
	for i, s := range hs {
		out[i] = PingSummary{Round: pingRoundJSON(s.Round), Overall: pingStatsJSON(s.Overall), ByGroup: pingGroupsJSON(s.ByGroup)}
	}
	return &PageOutput[PingSummary]{Body: Page[PingSummary]{Items: out}}, nil
}

func (a *API) getPingStateHistory(ctx context.Context, in *iso3Input) (*PageOutput[PingStateRound], error) {
	actor := actorOf(ctx)
	hs, err := a.svc.Pings.StateHistory(ctx, actor, strings.ToUpper(in.ISO3))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PingStateRound, len(hs))
	for i, s := range hs {
		out[i] = PingStateRound{Round: pingRoundJSON(s.Round), Stats: pingStatsJSON(s.Stats)}
	}
	return &PageOutput[PingStateRound]{Body: Page[PingStateRound]{Items: out}}, nil
}

func (a *API) listMyPings(ctx context.Context, _ *struct{}) (*PageOutput[PendingPing], error) {
	ps, err := a.svc.Pings.Pending(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PendingPing, len(ps))
	for i, p := range ps {
		out[i] = PendingPing{RequestID: p.Request.ID, State: p.Request.State, Round: pingRoundJSON(p.Round)}
	}
	return &PageOutput[PendingPing]{Body: Page[PendingPing]{Items: out}}, nil
}

func (a *API) acknowledgePing(ctx context.Context, in *idInput) (*struct{}, error) {
	if _, err := a.svc.Pings.AcknowledgeInApp(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

func (a *API) checkPingLink(ctx context.Context, in *pingTokenInput) (*Output[PingLink], error) {
	l, err := a.svc.Pings.CheckLink(ctx, in.Body.Token)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PingLink]{Body: pingLinkJSON(l)}, nil
}

func (a *API) acknowledgePingLink(ctx context.Context, in *pingTokenInput) (*Output[PingLink], error) {
	l, err := a.svc.Pings.AcknowledgeLink(ctx, actorOf(ctx), in.Body.Token)
	if err != nil {
		p := a.problem(actorOf(ctx).Lang, err)
		if l.State == ping.LinkExpired {
			// Gone: the link worked once and never will again.
			p.Status, p.Title = http.StatusGone, http.StatusText(http.StatusGone)
		}
		return nil, p
	}
	return &Output[PingLink]{Body: pingLinkJSON(l)}, nil
}

func (a *API) listPublishedPings(ctx context.Context, _ *struct{}) (*PageOutput[PingSummary], error) {
	pub, err := a.svc.Pings.PublishedResults(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PingSummary, len(pub))
	for i, p := range pub {
		out[i] = PingSummary{Round: pingRoundJSON(p.Round), Overall: pingStatsJSON(p.Overall), ByGroup: pingGroupsJSON(p.ByGroup)}
	}
	return &PageOutput[PingSummary]{Body: Page[PingSummary]{Items: out}}, nil
}
