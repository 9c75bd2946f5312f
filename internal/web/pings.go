package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/state"
)

// Pings: the Secretariat tests whether the Points of Contact answer. The Secretariat
// starts rounds and reads their results; a contact acknowledges from the link in the
// e-mail (no sign-in needed) or from the list of pings waiting; anyone reads the figures
// the Secretariat published. The service decides who may do what; these handlers parse,
// call and render. Only the published figures may be stored by a browser or a proxy.

// pingNav is where the navigation's entry for pings leads, if anywhere: the rounds for
// the Secretariat, the pings waiting for a verified contact.
func (h *Handler) pingNav(a plenary.Actor, verified bool) string {
	switch {
	case !a.SignedIn():
		return ""
	case a.IsSecretariat():
		return "/pings"
	case verified:
		return "/pings/mine"
	}
	return ""
}

// pingArea is what the pings' pages have beyond Page: the names of their terms, and the
// way they write times to acknowledge and instants in UTC.
type pingArea struct{ Page }

func (h *Handler) pingArea(w http.ResponseWriter, r *http.Request, titleKey, section string) pingArea {
	return pingArea{h.page(w, r, titleKey, section)}
}

// pingDone are the outcomes a page reports after a form, by the "done" query parameter
// of the redirect (ping.page.done.*).
var pingDone = []string{"created", "cancelled", "published", "unpublished", "acknowledged"}

func (p *pingArea) pingDoneFlash(r *http.Request) {
	if d := r.URL.Query().Get("done"); slices.Contains(pingDone, d) {
		p.Flash = p.T("ping.page.done." + d)
	}
}

// PingStatusName, PingViaName and PingFunctionName name the pings' terms in the reader's
// language.
func (p *pingArea) PingStatusName(s ping.Status) string { return p.T("ping.page.status." + string(s)) }
func (p *pingArea) PingViaName(v ping.Via) string {
	if v == "" {
		return ""
	}
	return p.T("ping.page.via." + string(v))
}
func (p *pingArea) PingFunctionName(f string) string {
	if f == "" {
		return p.T("ping.page.function_unknown")
	}
	return p.T("directory.function." + f)
}

// PingGroupName names a regional group given as the state package writes it.
func (p *pingArea) PingGroupName(g string) string { return p.GroupName(state.Group(g)) }

// PingScope says whom a round reached.
func (p *pingArea) PingScope(r ping.Round) string {
	switch r.Scope {
	case ping.ScopeRegion:
		return p.T("ping.page.scope_region_of", "Group", p.PingGroupName(r.Region))
	case ping.ScopeStates:
		if len(r.States) == 0 {
			return p.T("ping.page.scope.states")
		}
		names := make([]string, len(r.States))
		for i, s := range r.States {
			names[i] = p.StateName(s)
		}
		return strings.Join(names, ", ")
	}
	return p.T("ping.page.scope.all")
}

// Pct writes a share in percent, rounded, as the page's language writes it. It stays on
// Page: the shared chart drawer (chart.go) writes each bar's rate with it.
func (p *Page) Pct(v float64) string {
	n := strconv.Itoa(int(v + 0.5))
	switch p.Lang {
	case "fr", "es", "ru":
		return n + "\u00a0%"
	case "ar":
		return n + "\u066a"
	}
	return n + "%"
}

// durationUnits are the hour and minute symbols of each language, as in "2 h 05 min".
var durationUnits = map[string][2]string{
	"ar": {"\u00a0س", "\u00a0د"}, "en": {"\u00a0h", "\u00a0min"}, "es": {"\u00a0h", "\u00a0min"},
	"fr": {"\u00a0h", "\u00a0min"}, "ru": {"\u00a0ч", "\u00a0мин"}, "zh": {"小时", "分钟"},
}

// Took writes a time to acknowledge in hours and minutes (a dash when nobody answered).
func (p *pingArea) Took(d time.Duration, answered int) string {
	if answered == 0 {
		return "—"
	}
	u, ok := durationUnits[p.Lang]
	if !ok {
		u = durationUnits["en"]
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int((d%time.Hour)/time.Minute)
	if h == 0 {
		return strconv.Itoa(m) + u[1]
	}
	sep := " "
	if p.Lang == "zh" {
		sep = ""
	}
	return fmt.Sprintf("%d%s%s%02d%s", h, u[0], sep, m, u[1])
}

// UTC writes an instant in UTC; on the page a script adds the reader's own clock.
func (p *pingArea) UTC(t time.Time) string { return p.InZone(t, "UTC") }

// The Secretariat's rounds.

type pingRoundRow struct {
	Round   ping.Round
	Overall *ping.Stats // nil until the round went out
}

type pingIndexPage struct {
	pingArea
	Rounds []pingRoundRow
	// History is the rounds that went out, oldest first, with the chart of their rates.
	History []ping.Summary
	Chart   Chart
	// The new round's form.
	ScopeOpts   []Option
	GroupOpts   []Option
	StateGroups []pingStateGroup
	Hours       int
}

// pingStateGroup is a regional group's States, for the form's list.
type pingStateGroup struct {
	Label  string
	States []Option
}

func (h *Handler) pingIndexPage(w http.ResponseWriter, r *http.Request) (pingIndexPage, error) {
	p := pingIndexPage{pingArea: h.pingArea(w, r, "ping.page.rounds_title", "pings"), Hours: ping.DefaultHours}
	rounds, err := h.svc.Pings.Rounds(r.Context(), p.Actor)
	if err != nil {
		return pingIndexPage{}, err
	}
	history, err := h.svc.Pings.History(r.Context(), p.Actor)
	if err != nil {
		return pingIndexPage{}, err
	}
	overall := map[int64]ping.Stats{}
	for _, s := range history {
		overall[s.Round.ID] = s.Overall
	}
	for _, rd := range rounds {
		row := pingRoundRow{Round: rd}
		if s, ok := overall[rd.ID]; ok {
			row.Overall = &s
		}
		p.Rounds = append(p.Rounds, row)
	}
	p.History = slices.Clone(history)
	slices.Reverse(p.History)
	bars := make([]rateBar, len(p.History))
	for i, s := range p.History {
		bars[i] = rateBar{Label: s.Round.Title, Rate: s.Overall.Rate()}
	}
	p.Chart = rateChart(&p.Page, "chart-history", p.T("ping.page.history_chart"), bars)
	if err := h.pingForm(r, &p); err != nil {
		return pingIndexPage{}, err
	}
	p.Form = newForm(r)
	if len(p.Form.Values) == 0 {
		// A fresh form: every round for all States, now, for the default window.
		p.Form.Values.Set("scope", string(ping.ScopeAll))
		p.Form.Values.Set("zone", "UTC")
		p.Form.Values.Set("hours", strconv.Itoa(ping.DefaultHours))
	}
	p.pingDoneFlash(r)
	return p, nil
}

// pingForm fills the choices of the new round's form.
func (h *Handler) pingForm(r *http.Request, p *pingIndexPage) error {
	for _, s := range ping.Scopes {
		p.ScopeOpts = append(p.ScopeOpts, Option{Value: string(s), Label: p.T("ping.page.scope." + string(s))})
	}
	p.GroupOpts = choices(state.Groups, p.GroupName)
	states, err := h.svc.States.List(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	for _, g := range state.ByGroup(states, p.Lang) {
		sg := pingStateGroup{Label: p.GroupName(g.Group)}
		for _, s := range g.States {
			sg.States = append(sg.States, Option{Value: s.ISO3, Label: s.Name(p.Lang)})
		}
		p.StateGroups = append(p.StateGroups, sg)
	}
	return nil
}

// Chosen reports whether the form had a State chosen (after a refused submission).
func (p *pingIndexPage) Chosen(iso3 string) bool { return p.Form.Has("states", iso3) }

func (h *Handler) pingCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	in, err := roundInput(r.PostForm)
	var round ping.Round
	if err == nil {
		round, err = h.svc.Pings.CreateRound(r.Context(), actorOf(r.Context()), in)
	}
	if err != nil {
		// The page refuses anyone but the Secretariat, so that the form's own problems
		// are shown only to those who may start rounds.
		return h.formAgain(w, r, err, "ping-rounds", func() (pageData, error) {
			p, err := h.pingIndexPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/pings/"+strconv.FormatInt(round.ID, 10)+"?done=created", "")
	return nil
}

// roundInput reads the new round's form; the start is a local date and time in the time
// zone the form names. A value it cannot read is a problem of its field.
func roundInput(f url.Values) (ping.RoundInput, error) {
	var problems plenary.Problems
	in := ping.RoundInput{Title: f.Get("title"), Scope: ping.Scope(f.Get("scope")), Region: f.Get("region")}
	if in.Scope == ping.ScopeStates {
		in.States = append(in.States, f["states"]...)
		in.States = append(in.States, strings.FieldsFunc(f.Get("codes"), func(r rune) bool {
			return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
		})...)
	}
	in.StartsAt = formDateTimeIn(f, "starts_at", formZone(f, "zone", "body.time_zone", &problems), &problems)
	if v := strings.TrimSpace(f.Get("hours")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			problems.Add("hours", "field.range", map[string]any{"Min": 1, "Max": ping.MaxHours})
		}
		in.Hours = n
	}
	return in, problems.Err()
}

// One round's results.

type pingRoundPage struct {
	pingArea
	Results    ping.Results
	GroupChart Chart
	StateChart Chart
	// Open is whether links and in-app acknowledgements are still taken.
	Open bool
}

func (h *Handler) pingRound(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := pingRoundPage{pingArea: h.pingArea(w, r, "", "pings")}
	if p.Results, err = h.svc.Pings.Results(r.Context(), p.Actor, id); err != nil {
		return err
	}
	p.Title = p.Results.Round.Title
	p.Open = p.Results.Round.Open(h.svc.Pings.Now())
	var bars []rateBar
	for _, g := range p.Results.ByGroup {
		bars = append(bars, rateBar{Label: p.PingGroupName(g.Group), Rate: g.Rate()})
	}
	p.GroupChart = rateChart(&p.Page, "chart-groups", p.T("ping.page.by_group"), bars)
	bars = nil
	for _, s := range p.Results.ByState {
		bars = append(bars, rateBar{Label: p.StateName(s.State), Rate: s.Rate()})
	}
	p.StateChart = rateChart(&p.Page, "chart-states", p.T("ping.page.by_state"), bars)
	p.pingDoneFlash(r)
	h.render(w, r, http.StatusOK, "ping-round", &p)
	return nil
}

// pingRoundAction cancels a scheduled round, or publishes (or takes back) a closed
// round's figures.
func (h *Handler) pingRoundAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	actor := actorOf(r.Context())
	done := ""
	switch r.PostForm.Get("action") {
	case "cancel":
		done = "cancelled"
		_, err = h.svc.Pings.Cancel(r.Context(), actor, id)
	case "publish":
		done = "published"
		_, err = h.svc.Pings.Publish(r.Context(), actor, id, true)
	case "unpublish":
		done = "unpublished"
		_, err = h.svc.Pings.Publish(r.Context(), actor, id, false)
	default:
		if _, err := h.svc.Pings.Round(r.Context(), actor, id); err != nil {
			return err
		}
		var p plenary.Problems
		p.Add("action", "field.choice", nil)
		return p.Err()
	}
	if err != nil {
		return err
	}
	h.redirect(w, r, "/pings/"+strconv.FormatInt(id, 10)+"?done="+done, "")
	return nil
}

// A State's history.

type pingStatePage struct {
	pingArea
	State   state.State
	History []ping.StateHistory
	Chart   Chart
	// Secretariat is whether the reader may follow the rounds to their results.
	Secretariat bool
}

func (h *Handler) pingState(w http.ResponseWriter, r *http.Request) error {
	p := pingStatePage{pingArea: h.pingArea(w, r, "", "pings")}
	iso3 := strings.ToUpper(r.PathValue("iso3"))
	history, err := h.svc.Pings.StateHistory(r.Context(), p.Actor, iso3)
	if err != nil {
		return err
	}
	if p.State, err = h.svc.States.Get(r.Context(), p.Actor, iso3); err != nil {
		return err
	}
	p.History = history
	p.Secretariat = p.Actor.IsSecretariat()
	p.Title = p.T("ping.page.state_title", "State", p.State.Name(p.Lang))
	bars := make([]rateBar, 0, len(history))
	for i := len(history) - 1; i >= 0; i-- {
		bars = append(bars, rateBar{Label: history[i].Round.Title, Rate: history[i].Rate()})
	}
	p.Chart = rateChart(&p.Page, "chart-state", p.Title, bars)
	h.render(w, r, http.StatusOK, "ping-state", &p)
	return nil
}

// A contact's pings waiting.

type pingMinePage struct {
	pingArea
	Pending []ping.Pending
	States  []string
}

func (h *Handler) pingMine(w http.ResponseWriter, r *http.Request) error {
	p := pingMinePage{pingArea: h.pingArea(w, r, "ping.page.mine_title", "pings")}
	var err error
	if p.States, err = h.myPingStates(r); err != nil {
		return err
	}
	if p.Pending, err = h.svc.Pings.Pending(r.Context(), p.Actor); err != nil {
		return err
	}
	p.pingDoneFlash(r)
	h.render(w, r, http.StatusOK, "ping-mine", &p)
	return nil
}

// myPingStates are the States of which the reader is a verified contact; anyone else is
// told the page does not exist.
func (h *Handler) myPingStates(r *http.Request) ([]string, error) {
	a := actorOf(r.Context())
	if !a.SignedIn() {
		return nil, plenary.Hidden(a)
	}
	states, err := h.svc.Directory.VerifiedStates(r.Context(), a)
	if err != nil {
		return nil, err
	}
	if len(states) == 0 {
		return nil, plenary.Hidden(a)
	}
	return states, nil
}

// pingAcknowledgeInApp acknowledges a ping from the list of pings waiting: the service
// decides whether it is the reader's to acknowledge.
func (h *Handler) pingAcknowledgeInApp(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("request"), 10, 64)
	if err != nil {
		return plenary.NotFound()
	}
	if _, err := h.svc.Pings.AcknowledgeInApp(r.Context(), actorOf(r.Context()), id); err != nil {
		return err
	}
	h.redirect(w, r, "/pings/mine?done=acknowledged", "")
	return nil
}

// The link in the e-mail.

type pingLinkPage struct {
	pingArea
	Token string
	Link  ping.Link
	// Invalid: the link was not made here; Done: the reader has just acknowledged.
	Invalid bool
	Done    bool
}

// linkStatus is the status of a link's page: a link not made here is not found (404), a
// link used is a conflict (409), a link past its deadline is gone (410).
func linkStatus(l ping.Link) int {
	switch l.State {
	case ping.LinkUsed:
		return http.StatusConflict
	case ping.LinkExpired:
		return http.StatusGone
	}
	return http.StatusOK
}

func (h *Handler) pingLink(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	p := pingLinkPage{pingArea: h.pingArea(w, r, "ping.page.link_title", ""), Token: token}
	// Keep the token out of the language switcher's links and the Referer of the next
	// page: the links still lead to this page, which the reader holds anyway.
	w.Header().Set("Referrer-Policy", "no-referrer")
	l, err := h.svc.Pings.CheckLink(r.Context(), token)
	if ping.ErrLinkInvalid(err) {
		p.Invalid = true
		h.render(w, r, http.StatusNotFound, "ping-link", &p)
		return nil
	}
	if err != nil {
		return err
	}
	p.Link = l
	status := linkStatus(l)
	if l.State == ping.LinkUsed && r.URL.Query().Get("done") == "1" {
		p.Done, status = true, http.StatusOK
	}
	h.render(w, r, status, "ping-link", &p)
	return nil
}

func (h *Handler) pingLinkAcknowledge(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	token := r.PathValue("token")
	w.Header().Set("Referrer-Policy", "no-referrer")
	l, err := h.svc.Pings.AcknowledgeLink(r.Context(), actorOf(r.Context()), token)
	switch {
	case ping.ErrLinkInvalid(err):
		p := pingLinkPage{pingArea: h.pingArea(w, r, "ping.page.link_title", ""), Token: token, Invalid: true}
		h.render(w, r, http.StatusNotFound, "ping-link", &p)
		return nil
	case plenary.ErrorKind(err) == plenary.KindConflict && l.State != ping.LinkValid:
		p := pingLinkPage{pingArea: h.pingArea(w, r, "ping.page.link_title", ""), Token: token, Link: l}
		h.render(w, r, linkStatus(l), "ping-link", &p)
		return nil
	case err != nil:
		return err
	}
	// Post, redirect, get: reloading the confirmation does not post again.
	h.redirect(w, r, "/pings/acknowledge/"+token+"?done=1", "")
	return nil
}

// The published figures.

type pingPublishedPage struct {
	pingArea
	Rounds []pingPublishedRound
}

type pingPublishedRound struct {
	ping.Published
	Chart Chart
}

func (h *Handler) pingPublished(w http.ResponseWriter, r *http.Request) error {
	p := pingPublishedPage{pingArea: h.pingArea(w, r, "ping.page.published_title", "")}
	pub, err := h.svc.Pings.PublishedResults(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	for i, x := range pub {
		bars := []rateBar{{Label: p.T("ping.page.overall"), Rate: x.Overall.Rate()}}
		for _, g := range x.ByGroup {
			bars = append(bars, rateBar{Label: p.PingGroupName(g.Group), Rate: g.Rate()})
		}
		p.Rounds = append(p.Rounds, pingPublishedRound{Published: x,
			Chart: rateChart(&p.Page, "chart-published-"+strconv.Itoa(i), x.Round.Title, bars)})
	}
	h.render(w, r, http.StatusOK, "ping-published", &p)
	return nil
}
