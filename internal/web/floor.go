package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/server"
	"github.com/plenary-platform/plenary/internal/state"
)

// The floor: a meeting's lists of speakers. The list page is where the Chair runs the
// list and delegations inscribe; the live page is for the room's screen and remote
// participants; both follow changes over server-sent events (live.go).

// floorPage is a meeting with its lists of speakers.
type floorPage struct {
	meetingPage
	Lists  []floor.SpeakerList
	Hidden bool // the lists are not the reader's to see
	Runs   bool
	Now    time.Time
}

// ListURL is the address of one of the meeting's lists, plus rest.
func (p *floorPage) ListURL(id int64, rest string) string {
	return p.SessionURL(fmt.Sprintf("/meetings/%d/speakers/%d%s", p.Meeting.Number, id, rest))
}

// ListName names a list: the whole meeting or its agenda item, and the segment.
func (p *floorPage) ListName(l floor.SpeakerList) string {
	name := p.T("floor.whole_meeting")
	if l.ItemID != 0 {
		for _, it := range p.Program.Items {
			if it.ID == l.ItemID {
				name = p.T("floor.item_name", "Number", it.Number, "Title", it.Titles.Text(p.Lang))
			}
		}
	}
	if l.StakeholderSegment {
		return p.T("floor.segment_name", "Name", name)
	}
	return name
}

// ItemOptions are the choices of the form that opens a list.
func (p *floorPage) ItemOptions() []Option {
	opts := []Option{{Value: "0", Label: p.T("floor.whole_meeting")}}
	for _, it := range p.Program.MeetingItems(p.Meeting) {
		opts = append(opts, Option{Value: strconv.FormatInt(it.ID, 10), Label: it.Number + ". " + it.Titles.Text(p.Lang)})
	}
	return opts
}

// SegmentOptions choose between the States' list and the stakeholder segment.
func (p *floorPage) SegmentOptions() []Option {
	return []Option{{Value: "states", Label: p.T("floor.segment_states")}, {Value: "stakeholders", Label: p.T("floor.segment_stakeholders")}}
}

func (h *Handler) floorPage(w http.ResponseWriter, r *http.Request) (floorPage, error) {
	sp, err := h.sessionPage(w, r)
	if err != nil {
		return floorPage{}, err
	}
	m, err := meetingNumbered(sp.Program, r.PathValue("n"))
	if err != nil {
		return floorPage{}, err
	}
	p := floorPage{meetingPage: meetingPage{sessionPage: sp, Meeting: m}, Now: h.svc.Floor.Now()}
	if p.Lists, err = h.svc.Floor.Lists(r.Context(), p.Actor, m.ID); err != nil {
		switch plenary.ErrorKind(err) {
		case plenary.KindUnauthenticated, plenary.KindForbidden, plenary.KindNotFound:
			// A closed meeting's lists are not the reader's to see; its page still is.
			p.Lists, p.Hidden = nil, true
		default:
			return floorPage{}, err
		}
	}
	p.Runs = h.svc.Floor.MayRun(p.Actor) == nil
	p.Title = p.T("floor.title") + " · " + p.MeetingTitle(m)
	return p, nil
}

// speakersPage is one list of speakers.
type speakersPage struct {
	floorPage
	List floor.SpeakerList
	// Capacities are those in which the reader may inscribe ("state:FRA", "org:12"); the
	// Chair may inscribe any State or accredited organization.
	Capacities []Option
	Problem    string // a refusal to show above the list, already translated
}

// Live is what the shared list partial needs.
func (p *speakersPage) Live() *liveView {
	return &liveView{Page: &p.Page, List: p.List, Now: p.Now}
}

// Mine reports whether the reader speaks for an entry's delegation (to withdraw it or add
// its written statement).
func (p *speakersPage) Mine(e floor.Entry) bool { return floor.SpeaksFor(p.Actor, e) }

// Speaker names an entry's delegation in the page's language.
func (p *speakersPage) Speaker(e floor.Entry) string { return p.Live().Speaker(e) }

func (p *speakersPage) KindOptions() []Option {
	out := make([]Option, len(floor.Kinds))
	for i, k := range floor.Kinds {
		out[i] = Option{Value: string(k), Label: p.T("floor.kind." + string(k))}
	}
	return out
}

// genderKeys name the genders ("other" as a key would read as a plural form).
var genderKeys = map[string]string{floor.GenderFemale: "floor.gender_female", floor.GenderMale: "floor.gender_male",
	floor.GenderOther: "floor.gender_other"}

func (p *speakersPage) GenderOptions() []Option {
	out := []Option{{Value: "", Label: p.T("floor.gender_unstated")}}
	for _, g := range []string{floor.GenderFemale, floor.GenderMale, floor.GenderOther} {
		out = append(out, Option{Value: g, Label: p.T(genderKeys[g])})
	}
	return out
}

func (h *Handler) speakersPage(w http.ResponseWriter, r *http.Request) (speakersPage, error) {
	fp, err := h.floorPage(w, r)
	if err != nil {
		return speakersPage{}, err
	}
	id, ok := parseID(r.PathValue("list"))
	if !ok {
		return speakersPage{}, plenary.NotFound()
	}
	if fp.Hidden {
		return speakersPage{}, plenary.Hidden(fp.Actor)
	}
	p := speakersPage{floorPage: fp}
	found := false
	for _, l := range fp.Lists {
		if l.ID == id {
			p.List, found = l, true
		}
	}
	if !found {
		return speakersPage{}, plenary.NotFound()
	}
	p.Title = p.ListName(p.List) + " · " + p.MeetingTitle(p.Meeting)
	capacities, err := h.svc.Floor.Capacities(r.Context(), p.Actor, p.List.ID, p.Lang)
	if err != nil {
		return speakersPage{}, err
	}
	for _, c := range capacities {
		value := "state:" + c.State
		if c.OrganizationID != 0 {
			value = "org:" + strconv.FormatInt(c.OrganizationID, 10)
		}
		p.Capacities = append(p.Capacities, Option{Value: value, Label: c.Name(p.Lang)})
	}
	return p, nil
}

// speakersRefused shows the list again with why an action was refused (the list may have
// changed meanwhile: the reader sees it as it is now), keeping what was typed. It is the
// only place an action builds the list's page.
func (h *Handler) speakersRefused(w http.ResponseWriter, r *http.Request, err error) error {
	status := server.StatusOf(err)
	if status != http.StatusConflict && status != http.StatusUnprocessableEntity {
		return err
	}
	p, perr := h.speakersPage(w, r)
	if perr != nil {
		return perr
	}
	p.Form = newForm(r)
	if v, ok := isValidation(err); ok {
		p.Form.setErrors(h.catalog, p.Lang, v)
	} else {
		key, args := plenary.ErrorMessage(err)
		p.Problem = h.catalog.T(p.Lang, key, args)
	}
	h.render(w, r, status, "speakers", &p)
	return nil
}

// listPath is the page of the list in the request's path, plus anchor: where an action
// on the list comes back to. The list is named by its ID; the service acts on it
// whatever the session and meeting before it say, and the page checks them.
func listPath(r *http.Request, anchor string) string {
	return "/sessions/" + r.PathValue("session") + "/meetings/" + r.PathValue("n") + "/speakers/" + r.PathValue("list") + anchor
}

// speakersOpen opens a list for the meeting or one of its items (the Chair). Only a
// refusal builds the meeting's page, to show it beside the form.
func (h *Handler) speakersOpen(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	m, _, err := h.meetingOf(r)
	if err != nil {
		return err
	}
	item, _ := strconv.ParseInt(r.PostForm.Get("item"), 10, 64)
	l, err := h.svc.Floor.OpenList(r.Context(), actorOf(r.Context()), m.ID, item, r.PostForm.Get("segment") == "stakeholders")
	if err != nil {
		return h.formAgainOrConflict(w, r, err, "meeting", func() (pageData, error) {
			p, err := h.floorPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, meetingPath(m)+"/speakers/"+strconv.FormatInt(l.ID, 10), "flash.list_opened")
	return nil
}

// listAction runs a change of the list in the path: it parses the form, acts, and comes
// back to the list (at anchor) with a flash message; only a refusal builds the page.
func (h *Handler) listAction(do func(r *http.Request, a plenary.Actor, listID int64) error, anchor, flash string) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := h.parseForm(r); err != nil {
			return err
		}
		id, ok := parseID(r.PathValue("list"))
		if !ok {
			return plenary.NotFound()
		}
		if err := do(r, actorOf(r.Context()), id); err != nil {
			return h.speakersRefused(w, r, err)
		}
		h.redirect(w, r, listPath(r, anchor), flash)
		return nil
	})
}

// entryAction runs a change of one entry of the list, as listAction does.
func (h *Handler) entryAction(do func(r *http.Request, a plenary.Actor, listID, entryID int64) error, flash string) http.Handler {
	return h.listAction(func(r *http.Request, a plenary.Actor, listID int64) error {
		id, ok := parseID(r.PathValue("entry"))
		if !ok {
			return plenary.NotFound()
		}
		return do(r, a, listID, id)
	}, "#waiting", flash)
}

// speakersInscribe puts the reader's delegation (or, for the Chair, anyone) on the list.
func (h *Handler) speakersInscribe(r *http.Request, a plenary.Actor, listID int64) error {
	f := r.PostForm
	in := floor.InscribeInput{Group: f.Get("group"), Kind: floor.Kind(f.Get("kind")), Remote: f.Get("remote") == "yes",
		SpeakerName: f.Get("speaker_name"), Gender: f.Get("gender")}
	kind, value, _ := strings.Cut(f.Get("capacity"), ":")
	switch kind {
	case "state":
		in.State = value
	case "org":
		in.OrganizationID, _ = strconv.ParseInt(value, 10, 64)
	}
	_, err := h.svc.Floor.Inscribe(r.Context(), a, listID, in)
	return err
}

// speakersWithdraw takes an entry off the list (its delegation, or the Chair).
func (h *Handler) speakersWithdraw(r *http.Request, a plenary.Actor, listID, entryID int64) error {
	return h.svc.Floor.Withdraw(r.Context(), a, listID, entryID)
}

// speakersMove moves one waiting entry up, down, to the top or to the end, as the Chair
// saw the list (the version in the form): the service refuses if it changed meanwhile.
func (h *Handler) speakersMove(r *http.Request, a plenary.Actor, listID, entryID int64) error {
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return floor.ErrStaleOrder
	}
	return h.svc.Floor.Move(r.Context(), a, listID, version, entryID, r.PostForm.Get("to"))
}

// speakersNext gives the floor to the next speaker (the Chair).
func (h *Handler) speakersNext(r *http.Request, a plenary.Actor, listID int64) error {
	_, err := h.svc.Floor.Next(r.Context(), a, listID)
	return err
}

// speakersTimer pauses or resumes the speaker's timer (the Chair).
func (h *Handler) speakersTimer(r *http.Request, a plenary.Actor, listID int64) error {
	return h.svc.Floor.PauseTimer(r.Context(), a, listID, r.PostForm.Get("timer") == "pause")
}

// speakersClose and speakersReopen close the list to new requests and open it again.
func (h *Handler) speakersClose(r *http.Request, a plenary.Actor, listID int64) error {
	return h.svc.Floor.SetClosed(r.Context(), a, listID, true)
}

func (h *Handler) speakersReopen(r *http.Request, a plenary.Actor, listID int64) error {
	return h.svc.Floor.SetClosed(r.Context(), a, listID, false)
}

// speakersStatement adds the written statement of an intervention.
func (h *Handler) speakersStatement(w http.ResponseWriter, r *http.Request) error {
	u, err := h.parseUpload(r, "statement", floor.MaxStatement)
	if err != nil {
		if _, ok := isValidation(err); !ok {
			return err
		}
		return h.speakersRefused(w, r, err)
	}
	listID, ok := parseID(r.PathValue("list"))
	entryID, ok2 := parseID(r.PathValue("entry"))
	if !ok || !ok2 {
		return plenary.NotFound()
	}
	if _, err := h.svc.Floor.AttachStatement(r.Context(), actorOf(r.Context()), listID, entryID, r.PostForm.Get("language"), u); err != nil {
		return h.speakersRefused(w, r, err)
	}
	h.redirect(w, r, listPath(r, "#spoken"), "flash.statement_attached")
	return nil
}

// speakersStatementFile serves a written statement: public with the list.
func (h *Handler) speakersStatementFile(w http.ResponseWriter, r *http.Request) error {
	p, err := h.speakersPage(w, r)
	if err != nil {
		return err
	}
	id, ok := parseID(r.PathValue("entry"))
	if !ok {
		return plenary.NotFound()
	}
	f, _, err := h.svc.Floor.Statement(r.Context(), p.Actor, p.List.ID, id)
	if err != nil {
		return err
	}
	cache := "public, max-age=300"
	if !p.Meeting.Public {
		cache = "private, no-store"
	}
	return download(w, f, cache)
}

// Speaking-time statistics of a meeting.

type speakingTimePage struct {
	floorPage
	Stats floor.Statistics
}

// RegionName, CategoryName and GenderName name the keys of the statistics.
func (p *speakingTimePage) RegionName(key string) string {
	if key == "" {
		return p.T("floor.not_applicable")
	}
	return p.GroupName(state.Group(key))
}

func (p *speakingTimePage) CategoryName(key string) string { return p.T("floor.category." + key) }

func (p *speakingTimePage) GenderName(key string) string {
	if key == "" {
		return p.T("floor.gender_unstated")
	}
	return p.T(genderKeys[key])
}

// Minutes writes a duration as minutes and seconds.
func (p *speakingTimePage) Minutes(d time.Duration) string { return clock(d) }

// Percent writes a share (0 to 1) as a whole percentage.
func (p *speakingTimePage) Percent(share float64) int { return int(share*100 + 0.5) }

func (h *Handler) speakingTime(w http.ResponseWriter, r *http.Request) error {
	fp, err := h.floorPage(w, r)
	if err != nil {
		return err
	}
	p := speakingTimePage{floorPage: fp}
	if p.Stats, err = h.svc.Floor.Statistics(r.Context(), p.Actor, fp.Meeting.ID); err != nil {
		return err
	}
	p.Title = p.T("floor.speaking_time") + " · " + p.MeetingTitle(fp.Meeting)
	h.render(w, r, http.StatusOK, "speaking-time", &p)
	return nil
}

// clock writes a duration as m:ss (or h:mm:ss), as a speaking-time display does.
func clock(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// tally is one breakdown of the statistics, for the "tally" template.
type tally struct {
	P       *speakingTimePage
	Caption string
	Rows    []floor.Tally
	Name    func(string) string
}

// Tally prepares a breakdown: its caption key, rows, and how its keys are named.
func (p *speakingTimePage) Tally(caption string, rows []floor.Tally, by string) tally {
	name := p.RegionName
	switch by {
	case "category":
		name = p.CategoryName
	case "gender":
		name = p.GenderName
	}
	return tally{P: p, Caption: p.T(caption), Rows: rows, Name: name}
}
