package api

import (
	"context"
	"mime"
	"time"

	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/floor"
)

// The floor: lists of speakers. Public to read for an open meeting (a closed meeting's
// for those who hold a role); the Chair and the Secretariat run them; delegations
// inscribe themselves. A list's version counts its changes: a reorder names the version
// it was made on, and is refused if the list changed since.

// SpeakerList is a list of speakers with its entries.
type SpeakerList struct {
	ID                 int64     `json:"id"`
	MeetingID          int64     `json:"meeting_id"`
	ItemID             int64     `json:"agenda_item_id,omitempty" doc:"Omitted for the whole meeting"`
	StakeholderSegment bool      `json:"stakeholder_segment"`
	Closed             bool      `json:"closed" doc:"Closed to new statements; points of order and rights of reply are still taken"`
	Version            int       `json:"version" doc:"Changes so far; name it to reorder"`
	UpdatedAt          time.Time `json:"updated_at"`
	Speaking           *Speaker  `json:"speaking,omitempty" doc:"Who has the floor"`
	Waiting            []Speaker `json:"waiting" doc:"In speaking order"`
	Spoken             []Speaker `json:"spoken" doc:"In the order they spoke"`
}

// Speaker is one request for the floor.
type Speaker struct {
	ID                int64      `json:"id"`
	Category          string     `json:"category" enum:"member_state,observer_state,igo,stakeholder"`
	State             string     `json:"state,omitempty" doc:"ISO 3166-1 alpha-3, for States"`
	OrganizationID    int64      `json:"organization_id,omitempty"`
	Organization      Names      `json:"organization,omitempty" doc:"The organization's names, for organizations"`
	Group             string     `json:"group,omitempty" doc:"The group spoken for"`
	Kind              string     `json:"kind" enum:"statement,right_of_reply,point_of_order"`
	Status            string     `json:"status" enum:"waiting,speaking,done,withdrawn"`
	Remote            bool       `json:"remote"`
	SpeakerName       string     `json:"speaker_name,omitempty"`
	InscribedAt       time.Time  `json:"inscribed_at"`
	StartedAt         *time.Time `json:"started_at,omitempty"`
	EndedAt           *time.Time `json:"ended_at,omitempty"`
	LimitSeconds      int        `json:"limit_seconds" doc:"The speaking time; 0 for none"`
	SpokenSeconds     int        `json:"spoken_seconds" doc:"At the time of the response, pauses excluded"`
	TimerRunning      bool       `json:"timer_running"`
	Statement         bool       `json:"statement" doc:"Whether a written statement is attached"`
	StatementLanguage string     `json:"statement_language,omitempty"`
}

func speakerJSON(l floor.SpeakerList, e floor.Entry, now time.Time) Speaker {
	s := Speaker{ID: e.ID, Category: string(e.Category), State: e.State, OrganizationID: e.OrganizationID, Group: e.Group,
		Kind: string(e.Kind), Status: string(e.Status), Remote: e.Remote, SpeakerName: e.SpeakerName, InscribedAt: e.InscribedAt,
		StartedAt: optTime(e.StartedAt), EndedAt: optTime(e.EndedAt), LimitSeconds: int(e.Timer.Limit / time.Second),
		SpokenSeconds: int(e.Timer.Elapsed(now) / time.Second), TimerRunning: e.Timer.Running(), Statement: e.Statement != 0,
		StatementLanguage: e.StatementLang}
	if e.OrganizationID != 0 {
		s.Organization = Names(l.Organizations[e.OrganizationID])
	}
	if e.Status == floor.Done {
		s.SpokenSeconds = int(floor.Spoken(e) / time.Second)
	}
	return s
}

func speakerListJSON(l floor.SpeakerList, now time.Time) SpeakerList {
	out := SpeakerList{ID: l.ID, MeetingID: l.MeetingID, ItemID: l.ItemID, StakeholderSegment: l.StakeholderSegment, Closed: l.Closed,
		Version: l.Version, UpdatedAt: l.UpdatedAt, Waiting: []Speaker{}, Spoken: []Speaker{}}
	if e, ok := l.Speaking(); ok {
		s := speakerJSON(l, e, now)
		out.Speaking = &s
	}
	for _, e := range l.Waiting() {
		out.Waiting = append(out.Waiting, speakerJSON(l, e, now))
	}
	for _, e := range l.Spoken() {
		out.Spoken = append(out.Spoken, speakerJSON(l, e, now))
	}
	return out
}

func (a *API) speakerList(ctx context.Context, id int64) (*Output[SpeakerList], error) {
	l, _, err := a.svc.Floor.Get(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[SpeakerList]{Body: speakerListJSON(l, a.svc.Floor.Now())}, nil
}

func (a *API) listSpeakerLists(ctx context.Context, in *idPath) (*Output[[]SpeakerList], error) {
	ls, err := a.svc.Floor.Lists(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	now := a.svc.Floor.Now()
	out := make([]SpeakerList, len(ls))
	for i, l := range ls {
		out[i] = speakerListJSON(l, now)
	}
	return &Output[[]SpeakerList]{Body: out}, nil
}

type openListInput struct {
	ID   int64 `path:"id" doc:"The meeting"`
	Body struct {
		ItemID             int64 `json:"agenda_item_id,omitempty" doc:"Omitted: the whole meeting"`
		StakeholderSegment bool  `json:"stakeholder_segment,omitempty"`
	}
}

func (a *API) openSpeakerList(ctx context.Context, in *openListInput) (*Output[SpeakerList], error) {
	l, err := a.svc.Floor.OpenList(ctx, actorOf(ctx), in.ID, in.Body.ItemID, in.Body.StakeholderSegment)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.speakerList(ctx, l.ID)
}

func (a *API) getSpeakerList(ctx context.Context, in *idPath) (*Output[SpeakerList], error) {
	return a.speakerList(ctx, in.ID)
}

// InscribeInput asks for the floor.
type InscribeInput struct {
	State          string `json:"state,omitempty" maxLength:"3" doc:"For a State's delegate: the State (ISO alpha-3)"`
	OrganizationID int64  `json:"organization_id,omitempty" doc:"For an organization's representative or observer"`
	Category       string `json:"category,omitempty" enum:"igo,stakeholder" doc:"For an organization inscribed by the Chair"`
	Group          string `json:"group,omitempty" maxLength:"200" doc:"The group spoken for; omitted for a national statement"`
	Kind           string `json:"kind,omitempty" enum:"statement,right_of_reply,point_of_order" doc:"Omitted: a statement"`
	Remote         bool   `json:"remote,omitempty"`
	SpeakerName    string `json:"speaker_name,omitempty" maxLength:"200"`
	Gender         string `json:"gender,omitempty" enum:"female,male,other" doc:"Optional; for the speaking-time statistics only"`
}

type inscribeInput struct {
	ID   int64 `path:"id" doc:"The list"`
	Body InscribeInput
}

func (a *API) inscribe(ctx context.Context, in *inscribeInput) (*Output[Speaker], error) {
	b := in.Body
	e, err := a.svc.Floor.Inscribe(ctx, actorOf(ctx), in.ID, floor.InscribeInput{State: b.State, OrganizationID: b.OrganizationID,
		Category: floor.Category(b.Category), Group: b.Group, Kind: floor.Kind(b.Kind), Remote: b.Remote, SpeakerName: b.SpeakerName, Gender: b.Gender})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	l, _, err := a.svc.Floor.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Speaker]{Body: speakerJSON(l, e, a.svc.Floor.Now())}, nil
}

type speakerPath struct {
	ID      int64 `path:"id" doc:"The list"`
	Speaker int64 `path:"speaker"`
}

func (a *API) withdrawSpeaker(ctx context.Context, in *speakerPath) (*struct{}, error) {
	if err := a.svc.Floor.Withdraw(ctx, actorOf(ctx), in.ID, in.Speaker); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type reorderInput struct {
	ID   int64 `path:"id" doc:"The list"`
	Body struct {
		Version    int     `json:"version" doc:"The version the order was made on"`
		SpeakerIDs []int64 `json:"speaker_ids" maxItems:"1000" doc:"Every waiting statement and right of reply, in the order wanted (points of order stay first)"`
	}
}

func (a *API) reorderSpeakers(ctx context.Context, in *reorderInput) (*Output[SpeakerList], error) {
	if err := a.svc.Floor.Reorder(ctx, actorOf(ctx), in.ID, in.Body.Version, in.Body.SpeakerIDs); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.speakerList(ctx, in.ID)
}

func (a *API) nextSpeaker(ctx context.Context, in *idPath) (*Output[SpeakerList], error) {
	if _, err := a.svc.Floor.Next(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.speakerList(ctx, in.ID)
}

type timerInput struct {
	ID   int64 `path:"id" doc:"The list"`
	Body struct {
		Running bool `json:"running" doc:"false pauses the current speaker's timer, true resumes it"`
	}
}

func (a *API) setTimer(ctx context.Context, in *timerInput) (*Output[SpeakerList], error) {
	if err := a.svc.Floor.PauseTimer(ctx, actorOf(ctx), in.ID, !in.Body.Running); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.speakerList(ctx, in.ID)
}

func (a *API) closeSpeakerList(closed bool) func(ctx context.Context, in *idPath) (*Output[SpeakerList], error) {
	return func(ctx context.Context, in *idPath) (*Output[SpeakerList], error) {
		if err := a.svc.Floor.SetClosed(ctx, actorOf(ctx), in.ID, closed); err != nil {
			return nil, a.fail(ctx, err)
		}
		return a.speakerList(ctx, in.ID)
	}
}

type statementInput struct {
	ID       int64  `path:"id" doc:"The list"`
	Speaker  int64  `path:"speaker"`
	Language string `query:"language" required:"true" enum:"ar,zh,en,fr,ru,es" doc:"The language the statement was delivered in"`
	Filename string `query:"filename" maxLength:"200" doc:"The file's name, kept for the download"`
	RawBody  []byte `contentType:"application/pdf"`
}

func (a *API) putStatement(ctx context.Context, in *statementInput) (*Output[Speaker], error) {
	name := in.Filename
	if name == "" {
		name = "statement.pdf"
	}
	e, err := a.svc.Floor.AttachStatement(ctx, actorOf(ctx), in.ID, in.Speaker, in.Language, files.Upload{Name: name, Data: in.RawBody})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	l, _, err := a.svc.Floor.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Speaker]{Body: speakerJSON(l, e, a.svc.Floor.Now())}, nil
}

func (a *API) getStatement(ctx context.Context, in *speakerPath) (*LetterOutput, error) {
	f, _, err := a.svc.Floor.Statement(ctx, actorOf(ctx), in.ID, in.Speaker)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &LetterOutput{ContentType: f.ContentType, Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}

// SpeakingTime is a meeting's speaking-time statistics.
type SpeakingTime struct {
	Total         Tally   `json:"total"`
	RegionalGroup []Tally `json:"regional_group"`
	Category      []Tally `json:"category"`
	Gender        []Tally `json:"gender"`
}

// Tally is one line of a breakdown.
type Tally struct {
	Key           string  `json:"key" doc:"The regional group, category or gender; empty for unknown or not applicable"`
	Interventions int     `json:"interventions"`
	Seconds       int     `json:"seconds"`
	Share         float64 `json:"share" doc:"Of all the time spoken, 0 to 1"`
}

func talliesJSON(ts []floor.Tally) []Tally {
	out := make([]Tally, len(ts))
	for i, t := range ts {
		out[i] = Tally{Key: t.Key, Interventions: t.Speakers, Seconds: int(t.Time / time.Second), Share: t.Share}
	}
	return out
}

func (a *API) speakingTime(ctx context.Context, in *idPath) (*Output[SpeakingTime], error) {
	s, err := a.svc.Floor.Statistics(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	total := talliesJSON([]floor.Tally{s.Total})[0]
	return &Output[SpeakingTime]{Body: SpeakingTime{Total: total, RegionalGroup: talliesJSON(s.RegionalGroup),
		Category: talliesJSON(s.Category), Gender: talliesJSON(s.Gender)}}, nil
}
