package api

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/meeting"
)

// The calendar: sessions of bodies, their agendas and their meetings. Public to read,
// except the remote-participation link, which only participants, the Chair and the
// Secretariat receive.

// Session is a session of a body.
type Session struct {
	ID                  int64     `json:"id"`
	Body                string    `json:"body" example:"gm" doc:"The code of the body (or subsidiary body) holding it"`
	Kind                string    `json:"kind" enum:"organizational,substantive,thematic,informal,intersessional,roundtable,review"`
	Number              int       `json:"number" doc:"Ordinal among the body's sessions of this kind"`
	Titles              Names     `json:"titles" doc:"Own titles by language; empty when it is called by its kind and number"`
	StartsOn            string    `json:"starts_on" format:"date"`
	EndsOn              string    `json:"ends_on" format:"date"`
	Venue               string    `json:"venue,omitempty"`
	LivestreamURL       string    `json:"livestream_url,omitempty"`
	RemoteURL           string    `json:"remote_url,omitempty" doc:"Only for registered participants, the Chair and the Secretariat"`
	RepresentativeLimit int       `json:"representative_limit" doc:"Representatives each accredited organization may register"`
	RegistrationCloses  string    `json:"registration_closes,omitempty" format:"date"`
	Sequence            int       `json:"sequence" doc:"Changes so far"`
	UpdatedAt           time.Time `json:"updated_at"`
	Items               []Item    `json:"agenda,omitempty" doc:"With GET /sessions/{id} only"`
	Meetings            []Meeting `json:"meetings,omitempty" doc:"With GET /sessions/{id} only"`
	TimeZone            string    `json:"time_zone,omitempty" doc:"The body's, in which the dates are; with GET /sessions/{id} only"`
}

// Item is an agenda item.
type Item struct {
	ID               int64  `json:"id"`
	Number           string `json:"number" example:"5"`
	Titles           Names  `json:"titles"`
	GuidingQuestions Names  `json:"guiding_questions" doc:"The Chair's, one per line, by language"`
	SessionID        int64  `json:"session_id"`
	PositionOnAgenda int    `json:"position"`
}

// Meeting is a numbered meeting of a session.
type Meeting struct {
	ID            int64     `json:"id"`
	SessionID     int64     `json:"session_id"`
	Number        int       `json:"number"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Formal        bool      `json:"formal"`
	Public        bool      `json:"public" doc:"An open meeting; a closed one has no livestream"`
	Room          string    `json:"room,omitempty"`
	LivestreamURL string    `json:"livestream_url,omitempty"`
	RecordingURL  string    `json:"recording_url,omitempty"`
	Cancelled     bool      `json:"cancelled"`
	ItemIDs       []int64   `json:"agenda_item_ids"`
	Sequence      int       `json:"sequence"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func sessionJSON(s meeting.Session, bodyCode string) Session {
	return Session{ID: s.ID, Body: bodyCode, Kind: string(s.Kind), Number: s.Number, Titles: Names(s.Titles), StartsOn: day(s.StartsOn),
		EndsOn: day(s.EndsOn), Venue: s.Venue, LivestreamURL: s.LivestreamURL, RemoteURL: s.RemoteURL,
		RepresentativeLimit: s.RepresentativeLimit, RegistrationCloses: day(s.RegistrationCloses), Sequence: s.Sequence, UpdatedAt: s.UpdatedAt}
}

func itemJSON(it meeting.Item) Item {
	return Item{ID: it.ID, Number: it.Number, Titles: Names(it.Titles), GuidingQuestions: Names(it.Questions), SessionID: it.SessionID,
		PositionOnAgenda: it.Position}
}

func meetingJSON(m meeting.Meeting) Meeting {
	ids := m.ItemIDs
	if ids == nil {
		ids = []int64{}
	}
	return Meeting{ID: m.ID, SessionID: m.SessionID, Number: m.Number, StartsAt: m.StartsAt, EndsAt: m.EndsAt, Formal: m.Formal,
		Public: m.Public, Room: m.Room, LivestreamURL: m.LivestreamURL, RecordingURL: m.RecordingURL, Cancelled: m.Cancelled,
		ItemIDs: ids, Sequence: m.Sequence, UpdatedAt: m.UpdatedAt}
}

func programJSON(p meeting.Program) Session {
	out := sessionJSON(p.Session, p.Body.Code)
	out.TimeZone = p.Body.TimeZone
	out.Items, out.Meetings = []Item{}, []Meeting{}
	for _, it := range p.Items {
		out.Items = append(out.Items, itemJSON(it))
	}
	for _, m := range p.Meetings {
		out.Meetings = append(out.Meetings, meetingJSON(m))
	}
	return out
}

// SessionInput records or changes a session.
type SessionInput struct {
	Kind                string `json:"kind" enum:"organizational,substantive,thematic,informal,intersessional,roundtable,review"`
	Number              int    `json:"number,omitempty" doc:"Omitted: the next of its kind"`
	Titles              Names  `json:"titles,omitempty"`
	StartsOn            string `json:"starts_on" format:"date"`
	EndsOn              string `json:"ends_on" format:"date"`
	Venue               string `json:"venue,omitempty" maxLength:"300"`
	LivestreamURL       string `json:"livestream_url,omitempty" maxLength:"500"`
	RemoteURL           string `json:"remote_url,omitempty" maxLength:"500"`
	RepresentativeLimit int    `json:"representative_limit,omitempty"`
	RegistrationCloses  string `json:"registration_closes,omitempty" format:"date"`
}

func (in SessionInput) domain(bodyID int64, p *plenary.Problems) meeting.SessionInput {
	return meeting.SessionInput{BodyID: bodyID, Kind: meeting.Kind(in.Kind), Number: in.Number, Titles: plenary.Localized(in.Titles),
		StartsOn: date(p, "starts_on", in.StartsOn), EndsOn: date(p, "ends_on", in.EndsOn), Venue: in.Venue,
		LivestreamURL: in.LivestreamURL, RemoteURL: in.RemoteURL, RepresentativeLimit: in.RepresentativeLimit,
		RegistrationCloses: date(p, "registration_closes", in.RegistrationCloses)}
}

// ItemInput adds or changes an agenda item. The Chair's changes keep the number and titles.
type ItemInput struct {
	Number           string `json:"number" maxLength:"20"`
	Titles           Names  `json:"titles"`
	GuidingQuestions Names  `json:"guiding_questions,omitempty"`
}

func (in ItemInput) domain() meeting.ItemInput {
	return meeting.ItemInput{Number: in.Number, Titles: plenary.Localized(in.Titles), Questions: plenary.Localized(in.GuidingQuestions)}
}

// MeetingInput schedules or changes a meeting.
type MeetingInput struct {
	StartsAt      time.Time `json:"starts_at" doc:"An instant, such as 2026-03-06T10:00:00-05:00"`
	EndsAt        time.Time `json:"ends_at"`
	Formal        bool      `json:"formal"`
	Public        bool      `json:"public"`
	Room          string    `json:"room,omitempty" maxLength:"200"`
	LivestreamURL string    `json:"livestream_url,omitempty" maxLength:"500"`
	RecordingURL  string    `json:"recording_url,omitempty" maxLength:"500"`
	ItemIDs       []int64   `json:"agenda_item_ids,omitempty" maxItems:"100"`
}

func (in MeetingInput) domain() meeting.MeetingInput {
	return meeting.MeetingInput{StartsAt: in.StartsAt, EndsAt: in.EndsAt, Formal: in.Formal, Public: in.Public, Room: in.Room,
		LivestreamURL: in.LivestreamURL, RecordingURL: in.RecordingURL, ItemIDs: in.ItemIDs}
}

type idPath struct {
	ID int64 `path:"id"`
}

func (a *API) listSessions(ctx context.Context, in *bodyPath) (*PageOutput[Session], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	ss, err := a.svc.Meetings.BodySessions(ctx, actorOf(ctx), b.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	bodies, err := a.svc.Bodies.List(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes := map[int64]string{}
	for _, x := range bodies {
		codes[x.ID] = x.Code
	}
	out := &PageOutput[Session]{Body: Page[Session]{Items: make([]Session, len(ss))}}
	for i, s := range ss {
		out.Body.Items[i] = sessionJSON(s, codes[s.BodyID])
		out.Body.Items[i].RemoteURL = "" // in the list for nobody: read one session to get it
	}
	return out, nil
}

type createSessionInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body SessionInput
}

func (a *API) createSession(ctx context.Context, in *createSessionInput) (*Output[Session], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	var p plenary.Problems
	si := in.Body.domain(b.ID, &p)
	if err := p.Err(); err != nil {
		return nil, a.fail(ctx, err)
	}
	s, err := a.svc.Meetings.CreateSession(ctx, actorOf(ctx), si)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.program(ctx, s.ID)
}

func (a *API) program(ctx context.Context, sessionID int64) (*Output[Session], error) {
	p, err := a.svc.Meetings.Get(ctx, actorOf(ctx), sessionID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Session]{Body: programJSON(p)}, nil
}

func (a *API) getSession(ctx context.Context, in *idPath) (*Output[Session], error) {
	return a.program(ctx, in.ID)
}

type updateSessionInput struct {
	ID   int64 `path:"id"`
	Body SessionInput
}

func (a *API) updateSession(ctx context.Context, in *updateSessionInput) (*Output[Session], error) {
	cur, err := a.svc.Meetings.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	var p plenary.Problems
	si := in.Body.domain(cur.Session.BodyID, &p)
	if err := p.Err(); err != nil {
		return nil, a.fail(ctx, err)
	}
	if _, err := a.svc.Meetings.UpdateSession(ctx, actorOf(ctx), in.ID, si); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.program(ctx, in.ID)
}

type addItemInput struct {
	ID   int64 `path:"id" doc:"The session"`
	Body ItemInput
}

func (a *API) addItem(ctx context.Context, in *addItemInput) (*Output[Item], error) {
	it, err := a.svc.Meetings.AddItem(ctx, actorOf(ctx), in.ID, in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Item]{Body: itemJSON(it)}, nil
}

type updateItemInput struct {
	ID   int64 `path:"id"`
	Body ItemInput
}

func (a *API) updateItem(ctx context.Context, in *updateItemInput) (*Output[Item], error) {
	it, err := a.svc.Meetings.UpdateItem(ctx, actorOf(ctx), in.ID, in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Item]{Body: itemJSON(it)}, nil
}

type moveItemInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Direction string `json:"direction" enum:"up,down"`
	}
}

func (a *API) moveItem(ctx context.Context, in *moveItemInput) (*struct{}, error) {
	delta := 1
	if in.Body.Direction == "up" {
		delta = -1
	}
	if err := a.svc.Meetings.MoveItem(ctx, actorOf(ctx), in.ID, delta); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

func (a *API) removeItem(ctx context.Context, in *idPath) (*struct{}, error) {
	if err := a.svc.Meetings.RemoveItem(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type createMeetingInput struct {
	ID   int64 `path:"id" doc:"The session"`
	Body MeetingInput
}

func (a *API) createMeeting(ctx context.Context, in *createMeetingInput) (*Output[Meeting], error) {
	m, err := a.svc.Meetings.CreateMeeting(ctx, actorOf(ctx), in.ID, in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Meeting]{Body: meetingJSON(m)}, nil
}

func (a *API) getMeeting(ctx context.Context, in *idPath) (*Output[Meeting], error) {
	_, m, err := a.svc.Meetings.MeetingByID(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Meeting]{Body: meetingJSON(m)}, nil
}

type updateMeetingInput struct {
	ID   int64 `path:"id"`
	Body MeetingInput
}

func (a *API) updateMeeting(ctx context.Context, in *updateMeetingInput) (*Output[Meeting], error) {
	m, err := a.svc.Meetings.UpdateMeeting(ctx, actorOf(ctx), in.ID, in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Meeting]{Body: meetingJSON(m)}, nil
}

func (a *API) cancelMeeting(ctx context.Context, in *idPath) (*Output[Meeting], error) {
	m, err := a.svc.Meetings.CancelMeeting(ctx, actorOf(ctx), in.ID, true)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Meeting]{Body: meetingJSON(m)}, nil
}

func (a *API) reinstateMeeting(ctx context.Context, in *idPath) (*Output[Meeting], error) {
	m, err := a.svc.Meetings.CancelMeeting(ctx, actorOf(ctx), in.ID, false)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Meeting]{Body: meetingJSON(m)}, nil
}
