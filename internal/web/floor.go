package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
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
	p.Capacities, err = h.capacities(r, &p)
	return p, err
}

// capacities lists in whose name the reader may inscribe on the page's list. The service
// decides; this only spares the reader choices it would refuse.
func (h *Handler) capacities(r *http.Request, p *speakersPage) ([]Option, error) {
	a := p.Actor
	if !a.SignedIn() || !a.CanWrite() {
		return nil, nil
	}
	var out []Option
	addState := func(iso3 string) {
		out = append(out, Option{Value: "state:" + iso3, Label: p.StateName(iso3)})
	}
	addOrg := func(id int64, name string) {
		out = append(out, Option{Value: "org:" + strconv.FormatInt(id, 10), Label: name})
	}
	if p.Runs {
		// The Chair: the stakeholder segment lists the organizations accredited to the
		// body; the States' list every State, and the intergovernmental organizations the
		// Chair names by their observers' roles.
		if p.List.StakeholderSegment {
			listed, err := h.svc.Accreditation.Accredited(r.Context(), a, p.Program.Session.BodyID, accreditation.Filter{}, p.Lang, func(string) string { return "" })
			if err != nil {
				return nil, err
			}
			if b := p.Program.Body; b.ParentID != 0 {
				more, err := h.svc.Accreditation.Accredited(r.Context(), a, b.ParentID, accreditation.Filter{}, p.Lang, func(string) string { return "" })
				if err != nil {
					return nil, err
				}
				listed = append(listed, more...)
			}
			seen := map[int64]bool{}
			for _, l := range listed {
				if !seen[l.Organization.ID] {
					seen[l.Organization.ID] = true
					addOrg(l.Organization.ID, l.Organization.Name(p.Lang))
				}
			}
			return out, nil
		}
		states, err := h.svc.States.Sorted(r.Context(), a, p.Lang)
		if err != nil {
			return nil, err
		}
		for _, s := range states {
			addState(s.ISO3)
		}
		return out, nil
	}
	for _, iso3 := range a.States(plenary.RoleDelegate) {
		addState(iso3)
	}
	for _, id := range a.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative, plenary.RoleObserver) {
		o, err := h.svc.Organizations.Get(r.Context(), a, id)
		if err != nil {
			return nil, err
		}
		addOrg(id, o.Name(p.Lang))
	}
	return out, nil
}

func (h *Handler) speakersShow(w http.ResponseWriter, r *http.Request) error {
	p, err := h.speakersPage(w, r)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "speakers", &p)
	return nil
}

// speakersRefused shows the list again with why an action was refused (the list may have
// changed meanwhile: the reader sees it as it is now), keeping what was typed.
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

// listOf reads a form and the page of the list in the path, which the page checks is
// the meeting's.
func (h *Handler) listOf(w http.ResponseWriter, r *http.Request) (speakersPage, error) {
	if err := h.parseForm(r); err != nil {
		return speakersPage{}, err
	}
	return h.speakersPage(w, r)
}

// backToList answers a change with the list page, at anchor.
func (h *Handler) backToList(w http.ResponseWriter, r *http.Request, p *speakersPage, anchor, flash string) {
	h.redirect(w, r, strings.TrimPrefix(p.ListURL(p.List.ID, anchor), "/"+p.Lang), flash)
}

// speakersOpen opens a list for the meeting or one of its items (the Chair).
func (h *Handler) speakersOpen(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	p, err := h.floorPage(w, r)
	if err != nil {
		return err
	}
	item, _ := strconv.ParseInt(r.PostForm.Get("item"), 10, 64)
	l, err := h.svc.Floor.OpenList(r.Context(), p.Actor, p.Meeting.ID, item, r.PostForm.Get("segment") == "stakeholders")
	if err != nil {
		if server.StatusOf(err) == http.StatusConflict || server.StatusOf(err) == http.StatusUnprocessableEntity {
			key, _ := plenary.ErrorMessage(err)
			p.Form = newForm(r)
			p.Form.addError(h.catalog, p.Lang, "item", key)
			h.render(w, r, server.StatusOf(err), "meeting", &p)
			return nil
		}
		return err
	}
	h.redirect(w, r, strings.TrimPrefix(p.ListURL(l.ID, ""), "/"+p.Lang), "flash.list_opened")
	return nil
}

// speakersInscribe puts the reader's delegation (or, for the Chair, anyone) on the list.
func (h *Handler) speakersInscribe(w http.ResponseWriter, r *http.Request) error {
	p, err := h.listOf(w, r)
	if err != nil {
		return err
	}
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
	if _, err := h.svc.Floor.Inscribe(r.Context(), p.Actor, p.List.ID, in); err != nil {
		return h.speakersRefused(w, r, err)
	}
	h.backToList(w, r, &p, "#waiting", "flash.inscribed")
	return nil
}

// entryAction runs a change of one entry and comes back to the list.
func (h *Handler) entryAction(do func(r *http.Request, p *speakersPage, entryID int64) error, flash string) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		p, err := h.listOf(w, r)
		if err != nil {
			return err
		}
		id, ok := parseID(r.PathValue("entry"))
		if !ok {
			return plenary.NotFound()
		}
		if err := do(r, &p, id); err != nil {
			return h.speakersRefused(w, r, err)
		}
		h.backToList(w, r, &p, "#waiting", flash)
		return nil
	})
}

// listAction runs one of the Chair's buttons on the list.
func (h *Handler) listAction(do func(r *http.Request, p *speakersPage) error, flash string) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		p, err := h.listOf(w, r)
		if err != nil {
			return err
		}
		if err := do(r, &p); err != nil {
			return h.speakersRefused(w, r, err)
		}
		h.backToList(w, r, &p, "", flash)
		return nil
	})
}

// speakersMove moves one waiting entry up, down, to the top or to the end, as the Chair
// saw the list (the version in the form): the service refuses if it changed meanwhile.
func (h *Handler) speakersMove(r *http.Request, p *speakersPage, entryID int64) error {
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		return floor.ErrStaleOrder
	}
	return h.svc.Floor.Move(r.Context(), p.Actor, p.List.ID, version, entryID, r.PostForm.Get("to"))
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
	p, err := h.speakersPage(w, r)
	if err != nil {
		return err
	}
	id, ok := parseID(r.PathValue("entry"))
	if !ok {
		return plenary.NotFound()
	}
	if _, err := h.svc.Floor.AttachStatement(r.Context(), p.Actor, p.List.ID, id, r.PostForm.Get("language"), u); err != nil {
		return h.speakersRefused(w, r, err)
	}
	h.backToList(w, r, &p, "#spoken", "flash.statement_attached")
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
func (p *Page) Minutes(d time.Duration) string { return clock(d) }

// Percent writes a share (0 to 1) as a whole percentage.
func (p *Page) Percent(share float64) int { return int(share*100 + 0.5) }

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
