package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
)

// Names of sessions in the page's language: Page's, as other areas' pages (a body's, a
// document's) show sessions too.

// SessionTitle is the session's own title in the page's language, or one made from its
// kind and number ("Substantive session 2").
func (p *Page) SessionTitle(s meeting.Session) string {
	if t := s.Titles.Text(p.Lang); t != "" {
		return t
	}
	return p.T("meeting.session_title."+string(s.Kind), "Number", s.Number)
}

// Days writes a session's dates: one day, or from the first to the last.
func (p *Page) Days(s meeting.Session) string {
	if s.StartsOn.Equal(s.EndsOn) {
		return p.Date(s.StartsOn)
	}
	return p.T("meeting.date_range", "From", p.Date(s.StartsOn), "To", p.Date(s.EndsOn))
}

// meetingArea is what every page of the calendar has (its sessions, meetings, agendas,
// lists of speakers and registration): the page, with the names of a session's kind, of
// meetings and of their times in the page's language.
type meetingArea struct{ Page }

func (p *meetingArea) SessionKindName(k meeting.Kind) string { return p.T("meeting.kind." + string(k)) }

func (p *meetingArea) MeetingTitle(m meeting.Meeting) string {
	return p.T("meeting.meeting_title", "Number", m.Number)
}

// DateIn writes the date of an instant in a time zone.
func (p *meetingArea) DateIn(t time.Time, zone string) string {
	l := t.In(plenary.ZoneOrUTC(zone))
	return p.Date(time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC))
}

// ClockIn writes the time of day of an instant in a time zone (24-hour, as the UN does).
func (p *meetingArea) ClockIn(t time.Time, zone string) string {
	return t.In(plenary.ZoneOrUTC(zone)).Format("15:04")
}

func (h *Handler) sessionOf(r *http.Request) (meeting.Program, error) {
	id, err := strconv.ParseInt(r.PathValue("session"), 10, 64)
	if err != nil {
		return meeting.Program{}, plenary.NotFound()
	}
	return h.svc.Meetings.Get(r.Context(), actorOf(r.Context()), id)
}

// The calendar of sessions.

type sessionCalendarPage struct {
	meetingArea
	Sections  []calendarSection
	Bodies    map[int64]body.Body
	TopBodies []body.Body // those without a parent: their calendars hold their groups'
}

type calendarSection struct {
	ID, TitleKey, EmptyKey string
	Sessions               []meeting.Session
}

func (p *sessionCalendarPage) BodyOf(id int64) body.Body { return p.Bodies[id] }

func (h *Handler) bodyIndex(r *http.Request) (map[int64]body.Body, error) {
	bodies, err := h.svc.Bodies.List(r.Context(), actorOf(r.Context()))
	if err != nil {
		return nil, err
	}
	out := make(map[int64]body.Body, len(bodies))
	for _, b := range bodies {
		out[b.ID] = b
	}
	return out, nil
}

func (h *Handler) sessionCalendar(w http.ResponseWriter, r *http.Request) error {
	p := sessionCalendarPage{meetingArea: meetingArea{h.page(w, r, "meeting.calendar_title", "sessions")}}
	cal, err := h.svc.Meetings.Calendar(r.Context(), p.Actor, 20)
	if err != nil {
		return err
	}
	p.Sections = []calendarSection{
		{ID: "current", TitleKey: "meeting.current_and_coming", EmptyKey: "meeting.none_coming", Sessions: cal.Current},
		{ID: "past", TitleKey: "meeting.past", EmptyKey: "meeting.none_past", Sessions: cal.Past},
	}
	if p.Bodies, err = h.bodyIndex(r); err != nil {
		return err
	}
	for _, b := range p.Bodies {
		if b.ParentID == 0 {
			p.TopBodies = append(p.TopBodies, b)
		}
	}
	slices.SortFunc(p.TopBodies, func(a, b body.Body) int { return int(a.ID - b.ID) })
	h.render(w, r, http.StatusOK, "sessions", &p)
	return nil
}

// A session's page, in the manner of a UN meeting page.

type sessionPage struct {
	meetingArea
	Program   meeting.Program
	MayManage bool
	MayGuide  bool
}

func (p *sessionPage) SessionURL(rest string) string {
	return p.URL("/sessions/" + strconv.FormatInt(p.Program.Session.ID, 10) + rest)
}

func (h *Handler) sessionPage(w http.ResponseWriter, r *http.Request) (sessionPage, error) {
	prog, err := h.sessionOf(r)
	if err != nil {
		return sessionPage{}, err
	}
	p := sessionPage{meetingArea: meetingArea{h.page(w, r, "", "sessions")}, Program: prog}
	p.Title = p.SessionTitle(prog.Session)
	p.MayManage = h.svc.Meetings.MayManage(p.Actor) == nil
	p.MayGuide = h.svc.Meetings.MayGuide(p.Actor) == nil
	return p, nil
}

type meetingPage struct {
	sessionPage
	Meeting meeting.Meeting
}

func (h *Handler) meetingShow(w http.ResponseWriter, r *http.Request) error {
	p, err := h.floorPage(w, r)
	if err != nil {
		return err
	}
	p.Title = p.MeetingTitle(p.Meeting) + " · " + p.SessionTitle(p.Program.Session)
	h.render(w, r, http.StatusOK, "meeting", &p)
	return nil
}

// meetingNumbered finds the meeting numbered n (from the path) in a program.
func meetingNumbered(p meeting.Program, n string) (meeting.Meeting, error) {
	num, err := strconv.Atoi(n)
	if err != nil {
		return meeting.Meeting{}, plenary.NotFound()
	}
	return p.Numbered(num)
}

// Calendars (iCalendar).

// icsEvents writes a program's meetings as calendar events in lang.
func (h *Handler) icsEvents(p *meetingArea, prog meeting.Program, b body.Body) []meeting.CalendarEvent {
	host := "plenary"
	if u, err := url.Parse(h.opts.BaseURL); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	var out []meeting.CalendarEvent
	for _, m := range prog.Meetings {
		var items []string
		for _, it := range prog.MeetingItems(m) {
			items = append(items, it.Number+". "+it.Titles.Text(p.Lang))
		}
		desc := []string{p.T(map[bool]string{true: "meeting.formal", false: "meeting.informal"}[m.Formal]) + ", " +
			p.T(map[bool]string{true: "meeting.open", false: "meeting.closed"}[m.Public])}
		if len(items) > 0 {
			desc = append(desc, p.T("meeting.agenda")+":\n"+strings.Join(items, "\n"))
		}
		if m.LivestreamURL != "" {
			desc = append(desc, p.T("meeting.livestream")+": "+m.LivestreamURL)
		}
		loc := prog.Session.Venue
		if m.Room != "" {
			loc = strings.TrimPrefix(m.Room+", "+loc, ", ")
			loc = strings.TrimSuffix(loc, ", ")
		}
		out = append(out, meeting.CalendarEvent{
			UID:         fmt.Sprintf("meeting-%d@%s", m.ID, host),
			Summary:     b.Name(p.Lang) + " · " + p.SessionTitle(prog.Session) + " · " + p.MeetingTitle(m),
			Description: strings.Join(desc, "\n\n"), Location: loc,
			URL:   fmt.Sprintf("%s/%s/sessions/%d/meetings/%d", strings.TrimRight(h.opts.BaseURL, "/"), p.Lang, prog.Session.ID, m.Number),
			Start: m.StartsAt, End: m.EndsAt, Sequence: m.Sequence, Stamp: m.UpdatedAt, Cancelled: m.Cancelled,
		})
	}
	return out
}

func (h *Handler) writeICS(w http.ResponseWriter, name, file string, zone *time.Location, events []meeting.CalendarEvent) error {
	var buf bytes.Buffer
	if err := meeting.WriteICalendar(&buf, name, zone, events); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+file+`.ics"`)
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(buf.Bytes())
	return err
}

func (h *Handler) sessionICS(w http.ResponseWriter, r *http.Request) error {
	prog, err := h.sessionOf(r)
	if err != nil {
		return err
	}
	p := meetingArea{h.page(nil, r, "", "")}
	return h.writeICS(w, prog.Body.Name(p.Lang)+" · "+p.SessionTitle(prog.Session),
		fmt.Sprintf("%s-session-%d", prog.Body.Code, prog.Session.ID), prog.Body.Location(), h.icsEvents(&p, prog, prog.Body))
}

func (h *Handler) bodyICS(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	a := actorOf(r.Context())
	sessions, err := h.svc.Meetings.BodySessions(r.Context(), a, b.ID)
	if err != nil {
		return err
	}
	p := meetingArea{h.page(nil, r, "", "")}
	var events []meeting.CalendarEvent
	for _, s := range sessions {
		// Public reading only: a calendar feed is fetched without a session cookie and
		// shared around, so it never holds the remote link.
		prog, err := h.svc.Meetings.Get(r.Context(), plenary.Public(p.Lang), s.ID)
		if err != nil {
			return err
		}
		events = append(events, h.icsEvents(&p, prog, b)...)
	}
	return h.writeICS(w, b.Name(p.Lang), b.Code, b.Location(), events)
}

// Forms: sessions.

type sessionFormPage struct {
	meetingArea
	Body      body.Body
	SessionID int64 // zero for a new session
	KindOpts  []Option
}

func (p *sessionFormPage) Action() string {
	if p.SessionID != 0 {
		return p.URL("/sessions/" + strconv.FormatInt(p.SessionID, 10))
	}
	return p.URL("/bodies/" + p.Body.Code + "/sessions")
}

func (h *Handler) sessionFormPage(w http.ResponseWriter, r *http.Request, b body.Body, id int64) (sessionFormPage, error) {
	if err := h.svc.Meetings.MayManage(actorOf(r.Context())); err != nil {
		return sessionFormPage{}, err
	}
	title := "meeting.session_new_title"
	if id != 0 {
		title = "meeting.session_edit_title"
	}
	p := sessionFormPage{meetingArea: meetingArea{h.page(w, r, title, "sessions")}, Body: b, SessionID: id}
	p.Form = newForm(r)
	p.KindOpts = choices(meeting.Kinds, p.SessionKindName)
	return p, nil
}

func (h *Handler) sessionNew(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	p, err := h.sessionFormPage(w, r, b, 0)
	if err != nil {
		return err
	}
	p.Form.Values.Set("kind", string(meeting.Substantive))
	p.Form.Values.Set("representative_limit", "3")
	h.render(w, r, http.StatusOK, "session-form", &p)
	return nil
}

func (h *Handler) sessionEdit(w http.ResponseWriter, r *http.Request) error {
	prog, err := h.sessionOf(r)
	if err != nil {
		return err
	}
	p, err := h.sessionFormPage(w, r, prog.Body, prog.Session.ID)
	if err != nil {
		return err
	}
	s, v := prog.Session, p.Form.Values
	v.Set("kind", string(s.Kind))
	v.Set("number", strconv.Itoa(s.Number))
	for l, t := range s.Titles {
		v.Set("title_"+l, t)
	}
	v.Set("starts_on", s.StartsOn.Format("2006-01-02"))
	v.Set("ends_on", s.EndsOn.Format("2006-01-02"))
	v.Set("venue", s.Venue)
	v.Set("remote_url", s.RemoteURL)
	v.Set("livestream_url", s.LivestreamURL)
	v.Set("representative_limit", strconv.Itoa(s.RepresentativeLimit))
	if !s.RegistrationCloses.IsZero() {
		v.Set("registration_closes", s.RegistrationCloses.Format("2006-01-02"))
	}
	h.render(w, r, http.StatusOK, "session-form", &p)
	return nil
}

// mergeProblems adds the domain's problems to those the form found itself, except for
// fields the form already reported (an unreadable date is not also "required").
func mergeProblems(p *plenary.Problems, err error) {
	v, ok := isValidation(err)
	if !ok {
		return
	}
	for _, f := range v.Fields {
		if !p.Has(f.Field) {
			p.Add(f.Field, f.Message, f.Args)
		}
	}
}

// formDate reads a yyyy-mm-dd field; a bad one is a problem of its field.
func formDate(f url.Values, field string, p *plenary.Problems) time.Time {
	d := strings.TrimSpace(f.Get(field))
	if d == "" {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		p.Add(field, "field.date", nil)
	}
	return t
}

// formInt reads a whole number; a bad one is a problem of its field.
func formInt(f url.Values, field string, p *plenary.Problems) int {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.Add(field, "field.number", nil)
	}
	return n
}

func formTexts(f url.Values, prefix string) plenary.Localized {
	out := plenary.Localized{}
	for _, l := range plenary.Languages {
		if t := f.Get(prefix + "_" + l); strings.TrimSpace(t) != "" {
			out[l] = t
		}
	}
	return out
}

// sessionInput reads the session form; a field it cannot read is a problem of its own.
func sessionInput(f url.Values, p *plenary.Problems) meeting.SessionInput {
	return meeting.SessionInput{Kind: meeting.Kind(f.Get("kind")), Number: formInt(f, "number", p),
		Titles: formTexts(f, "title"), StartsOn: formDate(f, "starts_on", p), EndsOn: formDate(f, "ends_on", p),
		Venue: f.Get("venue"), RemoteURL: f.Get("remote_url"), LivestreamURL: f.Get("livestream_url"),
		RepresentativeLimit: formInt(f, "representative_limit", p), RegistrationCloses: formDate(f, "registration_closes", p)}
}

// sessionSave records a session of the body in the path, or changes the session in the
// path. Only a refusal reads the session, for the form's page.
func (h *Handler) sessionSave(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	var (
		b   body.Body
		id  int64
		err error
	)
	if r.PathValue("session") != "" {
		var ok bool
		if id, ok = parseID(r.PathValue("session")); !ok {
			return plenary.NotFound()
		}
	} else if b, err = h.bodyOf(r); err != nil {
		return err
	}
	var p plenary.Problems
	in := sessionInput(r.PostForm, &p)
	in.BodyID = b.ID
	if p.Err() != nil {
		// The form's own problems come with the rules', so that all are shown at once.
		mergeProblems(&p, meeting.CheckSession(in))
	}
	var s meeting.Session
	if err = p.Err(); err == nil {
		a := actorOf(r.Context())
		if id == 0 {
			s, err = h.svc.Meetings.CreateSession(r.Context(), a, in)
		} else {
			s, err = h.svc.Meetings.UpdateSession(r.Context(), a, id, in)
		}
	}
	if err != nil {
		return h.formAgain(w, r, err, "session-form", func() (pageData, error) {
			if id != 0 {
				prog, err := h.sessionOf(r)
				if err != nil {
					return nil, err
				}
				b = prog.Body
			}
			p, err := h.sessionFormPage(w, r, b, id)
			return &p, err
		})
	}
	h.redirect(w, r, "/sessions/"+strconv.FormatInt(s.ID, 10), "flash.session_saved")
	return nil
}

// Forms: agenda items.

type itemFormPage struct {
	sessionPage
	ItemID int64 // zero for a new item
	// ChairOnly is true when the reader writes guiding questions only.
	ChairOnly bool
}

func (p *itemFormPage) Action() string {
	if p.ItemID != 0 {
		return p.SessionURL("/items/" + strconv.FormatInt(p.ItemID, 10))
	}
	return p.SessionURL("/items")
}

// itemFormPage is the form of a new agenda item, or of the item in the path, which must
// be one of the session's.
func (h *Handler) itemFormPage(w http.ResponseWriter, r *http.Request) (itemFormPage, error) {
	sp, err := h.sessionPage(w, r)
	if err != nil {
		return itemFormPage{}, err
	}
	var it meeting.Item
	if r.PathValue("item") != "" {
		if it, err = h.itemOf(r, sp.Program); err != nil {
			return itemFormPage{}, err
		}
	}
	need := h.svc.Meetings.MayManage
	if it.ID != 0 {
		need = h.svc.Meetings.MayGuide
	}
	if err := need(sp.Actor); err != nil {
		return itemFormPage{}, err
	}
	p := itemFormPage{sessionPage: sp, ItemID: it.ID, ChairOnly: !sp.MayManage}
	p.Title = p.T(map[bool]string{true: "meeting.item_new_title", false: "meeting.item_edit_title"}[it.ID == 0])
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) itemOf(r *http.Request, prog meeting.Program) (meeting.Item, error) {
	id, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	if err != nil {
		return meeting.Item{}, plenary.NotFound()
	}
	it, ok := prog.Item(id)
	if !ok {
		return meeting.Item{}, plenary.NotFound()
	}
	return it, nil
}

func (h *Handler) itemEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.itemFormPage(w, r)
	if err != nil {
		return err
	}
	it, _ := p.Program.Item(p.ItemID)
	v := p.Form.Values
	v.Set("number", it.Number)
	for l, t := range it.Titles {
		v.Set("title_"+l, t)
	}
	for l, t := range it.Questions {
		v.Set("questions_"+l, t)
	}
	h.render(w, r, http.StatusOK, "item-form", &p)
	return nil
}

// agendaOf reads the session and the agenda item in the path, as IDs: an item is named by
// its ID, and the service acts on it whatever the session before it says (the item's
// pages check it).
func agendaOf(r *http.Request) (sessionID, itemID int64, err error) {
	sessionID, ok := parseID(r.PathValue("session"))
	if ok && r.PathValue("item") != "" {
		itemID, ok = parseID(r.PathValue("item"))
	}
	if !ok {
		return 0, 0, plenary.NotFound()
	}
	return sessionID, itemID, nil
}

// agendaPath is the agenda of a session: where a change of its items comes back to.
func agendaPath(sessionID int64) string { return fmt.Sprintf("/sessions/%d#agenda", sessionID) }

// itemSave adds an item to the agenda, or changes the item in the path. Only a refusal
// reads the session, for the form's page.
func (h *Handler) itemSave(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	sessionID, itemID, err := agendaOf(r)
	if err != nil {
		return err
	}
	a := actorOf(r.Context())
	f := r.PostForm
	in := meeting.ItemInput{Number: f.Get("number"), Titles: formTexts(f, "title"), Questions: formTexts(f, "questions")}
	if itemID != 0 {
		_, err = h.svc.Meetings.UpdateItem(r.Context(), a, itemID, in)
	} else {
		_, err = h.svc.Meetings.AddItem(r.Context(), a, sessionID, in)
	}
	if err != nil {
		return h.formAgain(w, r, err, "item-form", func() (pageData, error) {
			p, err := h.itemFormPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, agendaPath(sessionID), "flash.item_saved")
	return nil
}

// itemAction runs a one-button change of an agenda item (move, remove).
func (h *Handler) itemAction(do func(r *http.Request, a plenary.Actor, itemID int64) error, flash string) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := h.parseForm(r); err != nil {
			return err
		}
		sessionID, itemID, err := agendaOf(r)
		if err != nil {
			return err
		}
		if err := do(r, actorOf(r.Context()), itemID); err != nil {
			return err
		}
		h.redirect(w, r, agendaPath(sessionID), flash)
		return nil
	})
}

func (h *Handler) itemUp(r *http.Request, a plenary.Actor, id int64) error {
	return h.svc.Meetings.MoveItem(r.Context(), a, id, -1)
}

func (h *Handler) itemDown(r *http.Request, a plenary.Actor, id int64) error {
	return h.svc.Meetings.MoveItem(r.Context(), a, id, +1)
}

func (h *Handler) itemRemove(r *http.Request, a plenary.Actor, id int64) error {
	return h.svc.Meetings.RemoveItem(r.Context(), a, id)
}

// Forms: meetings.

type meetingFormPage struct {
	sessionPage
	Number    int // zero for a new meeting
	ItemOpts  []Option
	ZoneLabel string
}

func (p *meetingFormPage) Action() string {
	if p.Number != 0 {
		return p.SessionURL("/meetings/" + strconv.Itoa(p.Number))
	}
	return p.SessionURL("/meetings")
}

func (h *Handler) meetingFormPage(w http.ResponseWriter, r *http.Request, number int) (meetingFormPage, error) {
	sp, err := h.sessionPage(w, r)
	if err != nil {
		return meetingFormPage{}, err
	}
	if err := h.svc.Meetings.MayManage(sp.Actor); err != nil {
		return meetingFormPage{}, err
	}
	p := meetingFormPage{sessionPage: sp, Number: number, ZoneLabel: sp.Program.Body.TimeZone}
	p.Title = p.T(map[bool]string{true: "meeting.meeting_new_title", false: "meeting.meeting_edit_title"}[number == 0])
	p.Form = newForm(r)
	for _, it := range sp.Program.Items {
		p.ItemOpts = append(p.ItemOpts, Option{Value: strconv.FormatInt(it.ID, 10), Label: it.Number + ". " + it.Titles.Text(p.Lang)})
	}
	return p, nil
}

func (h *Handler) meetingNew(w http.ResponseWriter, r *http.Request) error {
	p, err := h.meetingFormPage(w, r, 0)
	if err != nil {
		return err
	}
	s := p.Program.Session
	v := p.Form.Values
	v.Set("date", s.StartsOn.Format("2006-01-02"))
	v.Set("start", "10:00")
	v.Set("end", "13:00")
	v.Set("formal", "on")
	v.Set("public", "on")
	if n := len(p.Program.Meetings); n > 0 {
		last := p.Program.Meetings[n-1]
		loc := p.Program.Body.Location()
		next := last.StartsAt.In(loc)
		if next.Hour() < 12 {
			v.Set("start", "15:00")
			v.Set("end", "18:00")
		} else {
			next = next.AddDate(0, 0, 1)
		}
		v.Set("date", next.Format("2006-01-02"))
		v.Set("room", last.Room)
	}
	h.render(w, r, http.StatusOK, "meeting-form", &p)
	return nil
}

func (h *Handler) meetingEdit(w http.ResponseWriter, r *http.Request) error {
	prog, err := h.sessionOf(r)
	if err != nil {
		return err
	}
	m, err := meetingNumbered(prog, r.PathValue("n"))
	if err != nil {
		return err
	}
	p, err := h.meetingFormPage(w, r, m.Number)
	if err != nil {
		return err
	}
	loc := prog.Body.Location()
	v := p.Form.Values
	v.Set("date", m.StartsAt.In(loc).Format("2006-01-02"))
	v.Set("start", m.StartsAt.In(loc).Format("15:04"))
	v.Set("end", m.EndsAt.In(loc).Format("15:04"))
	if m.Formal {
		v.Set("formal", "on")
	}
	if m.Public {
		v.Set("public", "on")
	}
	v.Set("room", m.Room)
	v.Set("livestream_url", m.LivestreamURL)
	v.Set("recording_url", m.RecordingURL)
	for _, id := range m.ItemIDs {
		v.Add("items", strconv.FormatInt(id, 10))
	}
	h.render(w, r, http.StatusOK, "meeting-form", &p)
	return nil
}

// meetingInput reads the meeting form: a date and two times of day in the body's time
// zone, which become instants (a time that does not exist on a day the clocks go forward
// moves forward with them).
func meetingInput(f url.Values, loc *time.Location, p *plenary.Problems) meeting.MeetingInput {
	in := meeting.MeetingInput{Formal: f.Get("formal") != "", Public: f.Get("public") != "", Room: f.Get("room"),
		LivestreamURL: f.Get("livestream_url"), RecordingURL: f.Get("recording_url")}
	d := formDate(f, "date", p)
	if d.IsZero() && !p.Has("date") {
		p.Add("date", "field.required", nil)
	}
	at := func(field string) time.Time {
		t, err := time.Parse("15:04", strings.TrimSpace(f.Get(field)))
		if err != nil {
			p.Add(field, "field.time", nil)
			return time.Time{}
		}
		if d.IsZero() {
			return time.Time{}
		}
		return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, loc)
	}
	in.StartsAt, in.EndsAt = at("start"), at("end")
	for _, v := range f["items"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			p.Add("items", "field.choice", nil)
			break
		}
		in.ItemIDs = append(in.ItemIDs, id)
	}
	return in
}

// meetingOf resolves the session and meeting number in the path into the meeting, with
// its session's body (whose time zone its forms use), without reading the programme; a
// path without a meeting number ("…/meetings", a new meeting) gives the body alone.
func (h *Handler) meetingOf(r *http.Request) (meeting.Meeting, body.Body, error) {
	sessionID, ok := parseID(r.PathValue("session"))
	n := 0
	if v := r.PathValue("n"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			ok = false
		}
	}
	if !ok {
		return meeting.Meeting{}, body.Body{}, plenary.NotFound()
	}
	return h.svc.Meetings.Locate(r.Context(), actorOf(r.Context()), sessionID, n)
}

// meetingPath is a meeting's page.
func meetingPath(m meeting.Meeting) string {
	return fmt.Sprintf("/sessions/%d/meetings/%d", m.SessionID, m.Number)
}

// meetingFields names the service's problems after the meeting form's fields: the
// service names the instants, the form has a date and two times.
func meetingFields(err error) error {
	if v, ok := isValidation(err); ok {
		for i, fe := range v.Fields {
			switch fe.Field {
			case "starts_at":
				v.Fields[i].Field = "start"
			case "ends_at":
				v.Fields[i].Field = "end"
			}
		}
	}
	return err
}

// meetingSave schedules a meeting of the session in the path, or changes the meeting in
// the path. It reads the session's program first, the one read that gives the body's time
// zone, in which the form's times are written (and, for a change, the meeting's ID). Only
// a refusal builds the form's page.
func (h *Handler) meetingSave(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	m, b, err := h.meetingOf(r)
	if err != nil {
		return err
	}
	var p plenary.Problems
	in := meetingInput(r.PostForm, b.Location(), &p)
	saved := m
	if err = p.Err(); err == nil {
		a := actorOf(r.Context())
		if m.ID == 0 {
			sessionID, _ := parseID(r.PathValue("session"))
			saved, err = h.svc.Meetings.CreateMeeting(r.Context(), a, sessionID, in)
		} else {
			saved, err = h.svc.Meetings.UpdateMeeting(r.Context(), a, m.ID, in)
		}
	}
	if err != nil {
		return h.formAgain(w, r, meetingFields(err), "meeting-form", func() (pageData, error) {
			p, err := h.meetingFormPage(w, r, m.Number)
			return &p, err
		})
	}
	h.redirect(w, r, meetingPath(saved), "flash.meeting_saved")
	return nil
}

func (h *Handler) meetingCancel(cancel bool) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := h.parseForm(r); err != nil {
			return err
		}
		m, _, err := h.meetingOf(r)
		if err != nil {
			return err
		}
		if _, err := h.svc.Meetings.CancelMeeting(r.Context(), actorOf(r.Context()), m.ID, cancel); err != nil {
			return err
		}
		flash := map[bool]string{true: "flash.meeting_cancelled", false: "flash.meeting_reinstated"}[cancel]
		h.redirect(w, r, meetingPath(m), flash)
		return nil
	})
}
