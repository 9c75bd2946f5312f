package meeting

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
)

// Store is what meeting reads.
type Store interface {
	Body(ctx context.Context, id int64) (body.Body, error)
	Bodies(ctx context.Context) ([]body.Body, error)
	Session(ctx context.Context, id int64) (Session, error)
	BodySessions(ctx context.Context, bodyID int64) ([]Session, error)
	// SessionsEndingAfter returns the sessions whose last day is on or after day, first
	// first; SessionsEndedBefore the latest n that ended before it.
	SessionsEndingAfter(ctx context.Context, day time.Time) ([]Session, error)
	SessionsEndedBefore(ctx context.Context, day time.Time, n int) ([]Session, error)
	Items(ctx context.Context, sessionID int64) ([]Item, error)
	Item(ctx context.Context, id int64) (Item, error)
	Meetings(ctx context.Context, sessionID int64) ([]Meeting, error)
	Meeting(ctx context.Context, id int64) (Meeting, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what meeting changes in one transaction.
type Tx interface {
	// LockSession serialises the numbering of a session's meetings and items.
	LockSession(ctx context.Context, sessionID int64) error
	NextSessionNumber(ctx context.Context, bodyID int64, kind Kind) (int, error)
	CreateSession(ctx context.Context, s Session) (Session, error)
	UpdateSession(ctx context.Context, s Session) error
	Items(ctx context.Context, sessionID int64) ([]Item, error)
	Item(ctx context.Context, id int64) (Item, error)
	CreateItem(ctx context.Context, it Item) (Item, error)
	UpdateItem(ctx context.Context, it Item) error
	DeleteItem(ctx context.Context, id int64) error
	Meetings(ctx context.Context, sessionID int64) ([]Meeting, error)
	NextMeetingNumber(ctx context.Context, sessionID int64) (int, error)
	CreateMeeting(ctx context.Context, m Meeting) (Meeting, error)
	UpdateMeeting(ctx context.Context, m Meeting) error
	Audit(ctx context.Context, e audit.Event) error
}

// Attendance tells whether a person takes part in a session (an approved registration):
// the registration domain answers, and only participants see the remote link.
type Attendance interface {
	Participates(ctx context.Context, actor plenary.Actor, sessionID int64) (bool, error)
}

// Service is the meeting domain.
type Service struct {
	store      Store
	clock      plenary.Clock
	attendance Attendance
}

// NewService builds the service. attendance answers whether a person takes part in a
// session (registration does); without it, only the Chair and the Secretariat see a
// meeting's remote link.
func NewService(s Store, c plenary.Clock, attendance Attendance) *Service {
	return &Service{store: s, clock: c, attendance: attendance}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// MayManage tells whether actor may set up sessions, meetings and agendas: the Secretariat.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// MayGuide tells whether actor may write the Chair's guiding questions: the Chair and the
// Secretariat.
func (s *Service) MayGuide(actor plenary.Actor) error {
	if !(actor.IsSecretariat() || actor.Has(plenary.RoleChair)) || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// SeesRemoteLink tells whether actor sees the session's remote-participation link.
func (s *Service) SeesRemoteLink(ctx context.Context, actor plenary.Actor, sessionID int64) (bool, error) {
	if actor.IsSecretariat() || actor.Has(plenary.RoleChair) {
		return true, nil
	}
	if !actor.SignedIn() || s.attendance == nil {
		return false, nil
	}
	return s.attendance.Participates(ctx, actor, sessionID)
}

// Program is a session with its agenda and meetings, as one reader may see it.
type Program struct {
	Session  Session
	Body     body.Body
	Items    []Item
	Meetings []Meeting
	// RemoteLink is true when the reader sees Session.RemoteURL (otherwise blanked).
	RemoteLink bool
}

// Item returns the agenda item with id.
func (p Program) Item(id int64) (Item, bool) {
	for _, it := range p.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// MeetingItems returns the agenda items a meeting takes up.
func (p Program) MeetingItems(m Meeting) []Item {
	var out []Item
	for _, id := range m.ItemIDs {
		if it, ok := p.Item(id); ok {
			out = append(out, it)
		}
	}
	return out
}

// Get returns a session's program for actor.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, sessionID int64) (Program, error) {
	sess, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return Program{}, err
	}
	p := Program{Session: sess}
	if p.Body, err = s.store.Body(ctx, sess.BodyID); err != nil {
		return Program{}, err
	}
	if p.Items, err = s.store.Items(ctx, sessionID); err != nil {
		return Program{}, err
	}
	if p.Meetings, err = s.store.Meetings(ctx, sessionID); err != nil {
		return Program{}, err
	}
	if p.RemoteLink, err = s.SeesRemoteLink(ctx, actor, sessionID); err != nil {
		return Program{}, err
	}
	if !p.RemoteLink {
		p.Session.RemoteURL = ""
	}
	for i := range p.Meetings {
		if !p.Meetings[i].Public {
			p.Meetings[i].LivestreamURL, p.Meetings[i].RecordingURL = "", ""
		}
	}
	return p, nil
}

// Numbered returns the program's meeting with number.
func (p Program) Numbered(number int) (Meeting, error) {
	for _, m := range p.Meetings {
		if m.Number == number {
			return m, nil
		}
	}
	return Meeting{}, plenary.NotFound()
}

// Meeting returns a session's program and one of its meetings by number.
func (s *Service) Meeting(ctx context.Context, actor plenary.Actor, sessionID int64, number int) (Program, Meeting, error) {
	p, err := s.Get(ctx, actor, sessionID)
	if err != nil {
		return Program{}, Meeting{}, err
	}
	m, err := p.Numbered(number)
	if err != nil {
		return Program{}, Meeting{}, err
	}
	return p, m, nil
}

// Locate finds what an action on a session's meeting needs, without its programme: the
// session's body (whose time zone forms write times in) and, unless number is 0, the
// meeting with that number.
func (s *Service) Locate(ctx context.Context, _ plenary.Actor, sessionID int64, number int) (Meeting, body.Body, error) {
	sess, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return Meeting{}, body.Body{}, err
	}
	b, err := s.store.Body(ctx, sess.BodyID)
	if err != nil || number == 0 {
		return Meeting{}, b, err
	}
	ms, err := s.store.Meetings(ctx, sessionID)
	if err != nil {
		return Meeting{}, body.Body{}, err
	}
	m, err := Program{Meetings: ms}.Numbered(number)
	return m, b, err
}

// MeetingByID returns a meeting and its session's program.
func (s *Service) MeetingByID(ctx context.Context, actor plenary.Actor, id int64) (Program, Meeting, error) {
	m, err := s.store.Meeting(ctx, id)
	if err != nil {
		return Program{}, Meeting{}, err
	}
	return s.Meeting(ctx, actor, m.SessionID, m.Number)
}

// BodySessions returns a body's sessions and those of its subsidiary bodies, latest
// first.
func (s *Service) BodySessions(ctx context.Context, _ plenary.Actor, bodyID int64) ([]Session, error) {
	bodies, err := s.store.Bodies(ctx)
	if err != nil {
		return nil, err
	}
	var out []Session
	for _, b := range bodies {
		if b.ID != bodyID && b.ParentID != bodyID {
			continue
		}
		ss, err := s.store.BodySessions(ctx, b.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, ss...)
	}
	slices.SortStableFunc(out, func(a, b Session) int {
		if c := b.StartsOn.Compare(a.StartsOn); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	return out, nil
}

// Calendar is what the calendar page shows: the sessions under way or to come, and the
// latest past ones.
type Calendar struct {
	Current []Session
	Past    []Session
}

// Calendar returns the sessions of every body around today.
func (s *Service) Calendar(ctx context.Context, _ plenary.Actor, past int) (Calendar, error) {
	today := day(s.now())
	var c Calendar
	var err error
	if c.Current, err = s.store.SessionsEndingAfter(ctx, today); err != nil {
		return Calendar{}, err
	}
	if c.Past, err = s.store.SessionsEndedBefore(ctx, today, past); err != nil {
		return Calendar{}, err
	}
	return c, nil
}

func event(actor plenary.Actor, at time.Time, action, objectType string, id int64, details map[string]string) audit.Event {
	return audit.New(actor, at, action, objectType, id, details)
}

// CreateSession records a session of a body.
func (s *Service) CreateSession(ctx context.Context, actor plenary.Actor, in SessionInput) (Session, error) {
	if err := s.MayManage(actor); err != nil {
		return Session{}, err
	}
	if _, err := s.store.Body(ctx, in.BodyID); err != nil {
		return Session{}, err
	}
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return Session{}, err
	}
	now := s.now()
	sess := Session{BodyID: in.BodyID, Kind: in.Kind, Number: in.Number, Titles: in.Titles, StartsOn: in.StartsOn, EndsOn: in.EndsOn,
		Venue: in.Venue, RemoteURL: in.RemoteURL, LivestreamURL: in.LivestreamURL, RepresentativeLimit: in.RepresentativeLimit,
		RegistrationCloses: in.RegistrationCloses, CreatedAt: now, UpdatedAt: now}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if sess.Number == 0 {
			n, err := tx.NextSessionNumber(ctx, sess.BodyID, sess.Kind)
			if err != nil {
				return err
			}
			sess.Number = n
		}
		var err error
		if sess, err = tx.CreateSession(ctx, sess); err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Invalid("number", "meeting.session_number_taken", nil)
			}
			return err
		}
		return tx.Audit(ctx, event(actor, now, "session.created", "session", sess.ID,
			map[string]string{"kind": string(sess.Kind), "number": strconv.Itoa(sess.Number)}))
	})
	return sess, err
}

// UpdateSession changes a session; calendars see a new sequence.
func (s *Service) UpdateSession(ctx context.Context, actor plenary.Actor, id int64, in SessionInput) (Session, error) {
	if err := s.MayManage(actor); err != nil {
		return Session{}, err
	}
	sess, err := s.store.Session(ctx, id)
	if err != nil {
		return Session{}, err
	}
	in.BodyID = sess.BodyID
	if in.Number == 0 {
		in.Number = sess.Number
	}
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return Session{}, err
	}
	now := s.now()
	sess.Kind, sess.Number, sess.Titles, sess.StartsOn, sess.EndsOn = in.Kind, in.Number, in.Titles, in.StartsOn, in.EndsOn
	sess.Venue, sess.RemoteURL, sess.LivestreamURL = in.Venue, in.RemoteURL, in.LivestreamURL
	sess.RepresentativeLimit, sess.RegistrationCloses, sess.UpdatedAt = in.RepresentativeLimit, in.RegistrationCloses, now
	sess.Sequence++
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateSession(ctx, sess); err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Invalid("number", "meeting.session_number_taken", nil)
			}
			return err
		}
		return tx.Audit(ctx, event(actor, now, "session.updated", "session", sess.ID, nil))
	})
	return sess, err
}

// AddItem appends an item to a session's agenda.
func (s *Service) AddItem(ctx context.Context, actor plenary.Actor, sessionID int64, in ItemInput) (Item, error) {
	if err := s.MayManage(actor); err != nil {
		return Item{}, err
	}
	if _, err := s.store.Session(ctx, sessionID); err != nil {
		return Item{}, err
	}
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return Item{}, err
	}
	now := s.now()
	var it Item
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockSession(ctx, sessionID); err != nil {
			return err
		}
		items, err := tx.Items(ctx, sessionID)
		if err != nil {
			return err
		}
		pos := 1
		for _, x := range items {
			if x.Number == in.Number {
				return plenary.Invalid("number", "meeting.item_number_taken", nil)
			}
			pos = max(pos, x.Position+1)
		}
		if it, err = tx.CreateItem(ctx, Item{SessionID: sessionID, Number: in.Number, Position: pos, Titles: in.Titles, Questions: in.Questions}); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "agenda.item_added", "agenda_item", it.ID, map[string]string{"number": it.Number}))
	})
	return it, err
}

// UpdateItem changes an agenda item. The Secretariat changes everything; the Chair
// changes the guiding questions only (number and titles stay as they are).
func (s *Service) UpdateItem(ctx context.Context, actor plenary.Actor, itemID int64, in ItemInput) (Item, error) {
	if err := s.MayGuide(actor); err != nil {
		return Item{}, err
	}
	now := s.now()
	var it Item
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, items, err := s.itemIn(ctx, tx, itemID)
		if err != nil {
			return err
		}
		if !actor.IsSecretariat() {
			in.Number, in.Titles = cur.Number, cur.Titles
		}
		in.normalize()
		var p plenary.Problems
		in.check(&p)
		for _, x := range items {
			if x.ID != cur.ID && x.Number == in.Number {
				p.Add("number", "meeting.item_number_taken", nil)
			}
		}
		if err := p.Err(); err != nil {
			return err
		}
		it = cur
		it.Number, it.Titles, it.Questions = in.Number, in.Titles, in.Questions
		if err := tx.UpdateItem(ctx, it); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "agenda.item_updated", "agenda_item", it.ID, map[string]string{"number": it.Number}))
	})
	return it, err
}

// itemIn finds an item and, under its session's lock, the session's agenda. (An item
// never moves to another session, so the session read before the lock stays right.)
// Every read is in the transaction: a read through the pool could wait for a connection
// that a transaction queued on the same lock holds.
func (s *Service) itemIn(ctx context.Context, tx Tx, itemID int64) (Item, []Item, error) {
	it, err := tx.Item(ctx, itemID)
	if err != nil {
		return Item{}, nil, err
	}
	if err := tx.LockSession(ctx, it.SessionID); err != nil {
		return Item{}, nil, err
	}
	items, err := tx.Items(ctx, it.SessionID)
	if err != nil {
		return Item{}, nil, err
	}
	for _, x := range items {
		if x.ID == itemID {
			return x, items, nil
		}
	}
	return Item{}, nil, plenary.NotFound()
}

// MoveItem moves an agenda item one place up (delta -1) or down (+1).
func (s *Service) MoveItem(ctx context.Context, actor plenary.Actor, itemID int64, delta int) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		_, items, err := s.itemIn(ctx, tx, itemID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(items, func(x Item) bool { return x.ID == itemID })
		j := i + delta
		if j < 0 || j >= len(items) {
			return nil
		}
		items[i], items[j] = items[j], items[i]
		for k := range items {
			if items[k].Position != k+1 {
				items[k].Position = k + 1
				if err := tx.UpdateItem(ctx, items[k]); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, event(actor, now, "agenda.item_moved", "agenda_item", itemID, nil))
	})
}

// RemoveItem takes an item off the agenda, unless a meeting takes it up.
func (s *Service) RemoveItem(ctx context.Context, actor plenary.Actor, itemID int64) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		it, _, err := s.itemIn(ctx, tx, itemID)
		if err != nil {
			return err
		}
		meetings, err := tx.Meetings(ctx, it.SessionID)
		if err != nil {
			return err
		}
		for _, m := range meetings {
			if slices.Contains(m.ItemIDs, itemID) {
				return plenary.Conflict("meeting.item_in_use", map[string]any{"Meeting": m.Number})
			}
		}
		if err := tx.DeleteItem(ctx, itemID); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "agenda.item_removed", "agenda_item", itemID, map[string]string{"number": it.Number}))
	})
}

// CreateMeeting adds the next numbered meeting to a session.
func (s *Service) CreateMeeting(ctx context.Context, actor plenary.Actor, sessionID int64, in MeetingInput) (Meeting, error) {
	if err := s.MayManage(actor); err != nil {
		return Meeting{}, err
	}
	sess, err := s.store.Session(ctx, sessionID)
	if err != nil {
		return Meeting{}, err
	}
	in.normalize()
	now := s.now()
	var m Meeting
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockSession(ctx, sessionID); err != nil {
			return err
		}
		items, err := tx.Items(ctx, sessionID)
		if err != nil {
			return err
		}
		var p plenary.Problems
		in.check(&p, sess, items)
		if err := p.Err(); err != nil {
			return err
		}
		n, err := tx.NextMeetingNumber(ctx, sessionID)
		if err != nil {
			return err
		}
		m = Meeting{SessionID: sessionID, Number: n, StartsAt: in.StartsAt, EndsAt: in.EndsAt, Formal: in.Formal, Public: in.Public,
			Room: in.Room, LivestreamURL: in.LivestreamURL, RecordingURL: in.RecordingURL, ItemIDs: in.ItemIDs, CreatedAt: now, UpdatedAt: now}
		if m, err = tx.CreateMeeting(ctx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "meeting.created", "meeting", m.ID,
			map[string]string{"session": strconv.FormatInt(sessionID, 10), "number": strconv.Itoa(m.Number)}))
	})
	return m, err
}

// UpdateMeeting changes a meeting's time, place, links or items; calendars see a new
// sequence.
func (s *Service) UpdateMeeting(ctx context.Context, actor plenary.Actor, meetingID int64, in MeetingInput) (Meeting, error) {
	return s.changeMeeting(ctx, actor, meetingID, func(m *Meeting, sess Session, items []Item) error {
		in.normalize()
		var p plenary.Problems
		in.check(&p, sess, items)
		if err := p.Err(); err != nil {
			return err
		}
		m.StartsAt, m.EndsAt, m.Formal, m.Public, m.Room = in.StartsAt, in.EndsAt, in.Formal, in.Public, in.Room
		m.LivestreamURL, m.RecordingURL, m.ItemIDs = in.LivestreamURL, in.RecordingURL, in.ItemIDs
		return nil
	}, func(now time.Time, m Meeting) audit.Event {
		return event(actor, now, "meeting.updated", "meeting", m.ID, numbered(m))
	})
}

// CancelMeeting cancels a meeting (or reinstates it); it stays in the calendar, marked.
func (s *Service) CancelMeeting(ctx context.Context, actor plenary.Actor, meetingID int64, cancelled bool) (Meeting, error) {
	return s.changeMeeting(ctx, actor, meetingID, func(m *Meeting, _ Session, _ []Item) error {
		if m.Cancelled == cancelled {
			if cancelled {
				return plenary.Conflict("meeting.already_cancelled", nil)
			}
			return plenary.Conflict("meeting.already_scheduled", nil)
		}
		m.Cancelled = cancelled
		return nil
	}, func(now time.Time, m Meeting) audit.Event {
		if cancelled {
			return event(actor, now, "meeting.cancelled", "meeting", m.ID, numbered(m))
		}
		return event(actor, now, "meeting.reinstated", "meeting", m.ID, numbered(m))
	})
}

func numbered(m Meeting) map[string]string {
	return map[string]string{"session": strconv.FormatInt(m.SessionID, 10), "number": strconv.Itoa(m.Number)}
}

func (s *Service) changeMeeting(ctx context.Context, actor plenary.Actor, meetingID int64, change func(*Meeting, Session, []Item) error,
	record func(time.Time, Meeting) audit.Event) (Meeting, error) {
	if err := s.MayManage(actor); err != nil {
		return Meeting{}, err
	}
	cur, err := s.store.Meeting(ctx, meetingID)
	if err != nil {
		return Meeting{}, err
	}
	sess, err := s.store.Session(ctx, cur.SessionID)
	if err != nil {
		return Meeting{}, err
	}
	now := s.now()
	var m Meeting
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockSession(ctx, sess.ID); err != nil {
			return err
		}
		items, err := tx.Items(ctx, sess.ID)
		if err != nil {
			return err
		}
		meetings, err := tx.Meetings(ctx, sess.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(meetings, func(x Meeting) bool { return x.ID == meetingID })
		if i < 0 {
			return plenary.NotFound()
		}
		m = meetings[i]
		if err := change(&m, sess, items); err != nil {
			return err
		}
		m.UpdatedAt = now
		m.Sequence++
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		return tx.Audit(ctx, record(now, m))
	})
	return m, err
}
