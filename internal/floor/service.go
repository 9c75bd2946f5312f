package floor

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/state"
)

// SpeakerList is a list of speakers as stored: for a meeting or one of its agenda items,
// the States' list or the stakeholder segment, with every entry ever made on it.
type SpeakerList struct {
	ID        int64
	MeetingID int64
	ItemID    int64 // 0: the whole meeting
	List            // StakeholderSegment, Closed
	Version   int   // changes so far
	UpdatedAt time.Time
	Entries   []Entry // in inscription order
	// Organizations names the organizations on the list, by ID.
	Organizations map[int64]plenary.Localized
}

// OrganizationName names an organization of the list in lang.
func (l SpeakerList) OrganizationName(id int64, lang string) string {
	return l.Organizations[id].Text(lang)
}

// Waiting returns the entries still to speak, in speaking order.
func (l SpeakerList) Waiting() []Entry { return Order(l.Entries) }

// Speaking returns who has the floor.
func (l SpeakerList) Speaking() (Entry, bool) { return Current(l.Entries) }

// Spoken returns the entries that have spoken, first first.
func (l SpeakerList) Spoken() []Entry {
	var out []Entry
	for _, e := range l.Entries {
		if e.Status == Done {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b Entry) int { return a.StartedAt.Compare(b.StartedAt) })
	return out
}

// StateInfo is what the floor needs to know of a State.
type StateInfo struct {
	Member        bool
	RegionalGroup string
	Names         plenary.Localized
}

// Store is what the floor reads.
type Store interface {
	Meeting(ctx context.Context, id int64) (meeting.Meeting, error)
	Session(ctx context.Context, id int64) (meeting.Session, error)
	// BodyAndParent returns the ids of the session's body and of its parent (0 if none):
	// accreditation to either admits a stakeholder.
	BodyAndParent(ctx context.Context, bodyID int64) (int64, int64, error)
	State(ctx context.Context, iso3 string) (StateInfo, error)
	// States are every Member State and observer State (the Chair may inscribe any).
	States(ctx context.Context) ([]state.State, error)
	Accredited(ctx context.Context, bodyID, orgID int64, at time.Time) (bool, error)
	// AccreditedOrganizations are the organizations accredited to a body at a time.
	AccreditedOrganizations(ctx context.Context, bodyID int64, at time.Time) ([]Capacity, error)
	OrganizationNames(ctx context.Context, id int64) (plenary.Localized, error)
	SpeakerLists(ctx context.Context, meetingID int64) ([]SpeakerList, error)
	SpeakerList(ctx context.Context, id int64) (SpeakerList, error)
	// ListVersion reads the version of a list alone, for Watch.
	ListVersion(ctx context.Context, id int64) (int, error)
	// File reads a written statement.
	File(ctx context.Context, id int64) (files.File, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Person is whom a notice goes to.
type Person struct {
	Name, Email, Lang string
}

// Tx is what the floor changes in one transaction.
type Tx interface {
	// LockList serialises the changes of one list: two Chair actions at once, or an
	// inscription during a reorder, apply one after the other.
	LockList(ctx context.Context, id int64) error
	SpeakerList(ctx context.Context, id int64) (SpeakerList, error)
	CreateSpeakerList(ctx context.Context, l SpeakerList) (SpeakerList, error)
	// TouchSpeakerList records a change of the list and returns its new version.
	TouchSpeakerList(ctx context.Context, id int64, closed bool, at time.Time) (int, error)
	CreateEntry(ctx context.Context, listID int64, e Entry, by int64) (Entry, error)
	UpdateEntry(ctx context.Context, e Entry) error
	SaveFile(ctx context.Context, f files.File) (files.File, error)
	Person(ctx context.Context, userID int64) (Person, error)
	Enqueue(ctx context.Context, job plenary.Job) error
	Audit(ctx context.Context, e audit.Event) error
}

// Service is the floor: lists of speakers and their live state.
type Service struct {
	store   Store
	clock   plenary.Clock
	limits  Limits
	hub     *Hub
	baseURL string // for the links in notices
}

// NewService builds the service; changes are announced on hub for live views, and the
// floor's e-mails are added to templates (nil in tests that send none).
func NewService(s Store, c plenary.Clock, hub *Hub, templates *mail.Templates, baseURL string) *Service {
	if templates != nil && !slices.Contains(templates.Names(), "floor_next") {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, clock: c, limits: DefaultLimits(), hub: hub, baseURL: strings.TrimRight(baseURL, "/")}
}

// Hub returns where changes are announced.
func (s *Service) Hub() *Hub { return s.hub }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Now is the floor's clock, which the timers shown count from.
func (s *Service) Now() time.Time { return s.now() }

// MayRun tells whether actor runs the floor: the Chair and the Secretariat.
func (s *Service) MayRun(actor plenary.Actor) error {
	if !(actor.IsSecretariat() || actor.Has(plenary.RoleChair)) || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// maySee: a public meeting's lists are public; a closed meeting is one of the States
// (informal consultations among delegations), so its lists are for the Secretariat, the
// Chair and States' delegates only, not for observers or stakeholders.
func maySee(actor plenary.Actor, m meeting.Meeting) error {
	if m.Public || actor.IsSecretariat() || actor.Has(plenary.RoleChair) || len(actor.States(plenary.RoleDelegate)) > 0 {
		return nil
	}
	return plenary.Hidden(actor)
}

// Lists returns a meeting's lists of speakers.
func (s *Service) Lists(ctx context.Context, actor plenary.Actor, meetingID int64) ([]SpeakerList, error) {
	m, err := s.store.Meeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	if err := maySee(actor, m); err != nil {
		return nil, err
	}
	return s.store.SpeakerLists(ctx, meetingID)
}

// Get returns a list of speakers and its meeting.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, listID int64) (SpeakerList, meeting.Meeting, error) {
	l, err := s.store.SpeakerList(ctx, listID)
	if err != nil {
		return SpeakerList{}, meeting.Meeting{}, err
	}
	m, err := s.store.Meeting(ctx, l.MeetingID)
	if err != nil {
		return SpeakerList{}, meeting.Meeting{}, err
	}
	if err := maySee(actor, m); err != nil {
		return SpeakerList{}, meeting.Meeting{}, err
	}
	return l, m, nil
}

// OpenList opens a list of speakers for a meeting (itemID 0) or one of its items.
func (s *Service) OpenList(ctx context.Context, actor plenary.Actor, meetingID, itemID int64, stakeholderSegment bool) (SpeakerList, error) {
	if err := s.MayRun(actor); err != nil {
		return SpeakerList{}, err
	}
	m, err := s.store.Meeting(ctx, meetingID)
	if err != nil {
		return SpeakerList{}, err
	}
	if itemID != 0 && !slices.Contains(m.ItemIDs, itemID) {
		return SpeakerList{}, plenary.Invalid("item", "floor.item_not_in_meeting", nil)
	}
	now := s.now()
	var l SpeakerList
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		l, err = tx.CreateSpeakerList(ctx, SpeakerList{MeetingID: meetingID, ItemID: itemID, List: List{StakeholderSegment: stakeholderSegment}, UpdatedAt: now})
		if err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Conflict("floor.list_exists", nil)
			}
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "speakers.list_opened", "speaker_list", l.ID,
			map[string]string{"meeting": strconv.FormatInt(meetingID, 10), "item": strconv.FormatInt(itemID, 10)}))
	})
	return l, err
}

// InscribeInput is a request for the floor.
type InscribeInput struct {
	// State (ISO3) for a State's delegate; OrganizationID for an organization's
	// representative or observer. The Chair may inscribe anyone; others only themselves.
	State          string
	OrganizationID int64
	// Category for an organization inscribed by the Chair: igo or stakeholder; omitted,
	// the list's (a stakeholder in the stakeholder segment, else an intergovernmental
	// organization). A State's category follows from its status; an organization's, when
	// not inscribed by the Chair, from the inscribing role.
	Category    Category
	Group       string
	Kind        Kind
	Remote      bool
	SpeakerName string
	Gender      string
}

// MaxName bounds the speaker's name and the name of the group spoken for, in characters.
const MaxName = 200

// Inscribe puts a speaker on a list.
func (s *Service) Inscribe(ctx context.Context, actor plenary.Actor, listID int64, in InscribeInput) (Entry, error) {
	if !actor.CanWrite() || !actor.SignedIn() && !actor.System {
		return Entry{}, plenary.Deny(actor)
	}
	in.State = strings.ToUpper(strings.TrimSpace(in.State))
	in.Group = strings.Join(strings.Fields(in.Group), " ")
	in.SpeakerName = strings.Join(strings.Fields(in.SpeakerName), " ")
	if in.Kind == "" {
		in.Kind = Statement
	}
	l, m, err := s.Get(ctx, actor, listID)
	if err != nil {
		return Entry{}, err
	}
	e := Entry{State: in.State, OrganizationID: in.OrganizationID, Group: in.Group, Kind: in.Kind, Status: Waiting,
		Remote: in.Remote, SpeakerName: in.SpeakerName, Gender: in.Gender}
	var p plenary.Problems
	if !slices.Contains(Kinds, in.Kind) {
		p.Add("kind", "field.choice", nil)
	}
	if in.Gender != "" && !slices.Contains([]string{GenderFemale, GenderMale, GenderOther}, in.Gender) {
		p.Add("gender", "field.choice", nil)
	}
	if p.Line("speaker_name", in.SpeakerName) {
		p.MaxLength("speaker_name", in.SpeakerName, MaxName)
	}
	if p.Line("group", in.Group) {
		p.MaxLength("group", in.Group, MaxName)
	}
	if err := p.Err(); err != nil {
		return Entry{}, err
	}
	runs := s.MayRun(actor) == nil
	switch {
	case in.State != "":
		st, err := s.store.State(ctx, in.State)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return Entry{}, plenary.Invalid("state", "field.unknown_state", nil)
		} else if err != nil {
			return Entry{}, err
		}
		if !runs && !actor.HasForState(plenary.RoleDelegate, in.State) {
			return Entry{}, plenary.Deny(actor)
		}
		e.Category, e.RegionalGroup = ObserverState, st.RegionalGroup
		if st.Member {
			e.Category = MemberState
		}
	case in.OrganizationID != 0:
		e.Category = in.Category
		if runs && e.Category == "" {
			e.Category = IntergovernmentalOrganization
			if l.StakeholderSegment {
				e.Category = Stakeholder
			}
		}
		if !runs {
			switch {
			case actor.HasForOrganization(plenary.RoleFocalPoint, in.OrganizationID) || actor.HasForOrganization(plenary.RoleRepresentative, in.OrganizationID):
				e.Category = Stakeholder
			case actor.HasForOrganization(plenary.RoleObserver, in.OrganizationID):
				e.Category = IntergovernmentalOrganization
			default:
				return Entry{}, plenary.Deny(actor)
			}
		}
		if e.Category == Stakeholder {
			if ok, err := s.accredited(ctx, m, in.OrganizationID); err != nil {
				return Entry{}, err
			} else if !ok {
				return Entry{}, plenary.Conflict("floor.not_accredited", nil)
			}
		} else if e.Category != IntergovernmentalOrganization {
			return Entry{}, plenary.Invalid("category", "field.choice", nil)
		}
	default:
		return Entry{}, plenary.Invalid("state", "floor.who_speaks", nil)
	}
	now := s.now()
	e.InscribedAt = now
	err = s.change(ctx, actor, l.ID, now, func(tx Tx, cur *SpeakerList) (string, map[string]string, error) {
		if err := CanInscribe(cur.List, cur.Entries, e); err != nil {
			return "", nil, err
		}
		e.Timer.Limit = s.limits.For(e, cur.Entries)
		var err error
		if e, err = tx.CreateEntry(ctx, cur.ID, e, actor.UserID); err != nil {
			return "", nil, err
		}
		return "speakers.inscribed", map[string]string{"entry": strconv.FormatInt(e.ID, 10), "kind": string(e.Kind),
			"state": e.State, "organization": strconv.FormatInt(e.OrganizationID, 10)}, nil
	})
	return e, err
}

func (s *Service) accredited(ctx context.Context, m meeting.Meeting, orgID int64) (bool, error) {
	sess, err := s.store.Session(ctx, m.SessionID)
	if err != nil {
		return false, err
	}
	bodyID, parentID, err := s.store.BodyAndParent(ctx, sess.BodyID)
	if err != nil {
		return false, err
	}
	for _, id := range []int64{bodyID, parentID} {
		if id == 0 {
			continue
		}
		if ok, err := s.store.Accredited(ctx, id, orgID, s.now()); err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}

// change runs fn on a list under its lock, records the change (a new version, an audit
// event) and announces it to live views once committed. Audit actions are "speakers.…"
// ("floor.…" are the messages of the catalogue).
func (s *Service) change(ctx context.Context, actor plenary.Actor, listID int64, now time.Time,
	fn func(tx Tx, l *SpeakerList) (action string, details map[string]string, err error)) error {
	var version int
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockList(ctx, listID); err != nil {
			return err
		}
		l, err := tx.SpeakerList(ctx, listID)
		if err != nil {
			return err
		}
		action, details, err := fn(tx, &l)
		if err != nil {
			return err
		}
		if version, err = tx.TouchSpeakerList(ctx, listID, l.Closed, now); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, action, "speaker_list", listID, details))
	})
	if err == nil && s.hub != nil {
		s.hub.Publish(listID, version)
	}
	return err
}

// entryOf finds an entry of a list.
func entryOf(l *SpeakerList, id int64) (*Entry, error) {
	for i := range l.Entries {
		if l.Entries[i].ID == id {
			return &l.Entries[i], nil
		}
	}
	return nil, plenary.NotFound()
}

// Withdraw takes a waiting entry off the list: its own delegation, or the Chair.
func (s *Service) Withdraw(ctx context.Context, actor plenary.Actor, listID, entryID int64) error {
	if !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	runs := s.MayRun(actor) == nil
	return s.change(ctx, actor, listID, s.now(), func(tx Tx, l *SpeakerList) (string, map[string]string, error) {
		e, err := entryOf(l, entryID)
		if err != nil {
			return "", nil, err
		}
		if !runs && !SpeaksFor(actor, *e) {
			return "", nil, plenary.Deny(actor)
		}
		if e.Status != Waiting {
			return "", nil, plenary.Conflict("floor.not_waiting", nil)
		}
		e.Status = Withdrawn
		return "speakers.withdrawn", map[string]string{"entry": strconv.FormatInt(e.ID, 10)}, tx.UpdateEntry(ctx, *e)
	})
}

// Reorder sets the order of the waiting entries, as the Chair saw the list at version:
// a list changed since (an inscription meanwhile) is refused rather than reordered
// blindly, and the Chair sees the new state.
func (s *Service) Reorder(ctx context.Context, actor plenary.Actor, listID int64, version int, ids []int64) error {
	return s.reorder(ctx, actor, listID, version, func([]Entry) ([]int64, error) { return ids, nil })
}

// Move moves one waiting entry first, up, down or last, as the Chair saw the list at
// version (see Reorder).
func (s *Service) Move(ctx context.Context, actor plenary.Actor, listID int64, version int, entryID int64, to string) error {
	return s.reorder(ctx, actor, listID, version, func(entries []Entry) ([]int64, error) { return Move(entries, entryID, to) })
}

// reorder applies the order that order gives for the list's entries at version.
func (s *Service) reorder(ctx context.Context, actor plenary.Actor, listID int64, version int, order func([]Entry) ([]int64, error)) error {
	if err := s.MayRun(actor); err != nil {
		return err
	}
	m, sess, err := s.meetingOf(ctx, actor, listID)
	if err != nil {
		return err
	}
	now := s.now()
	return s.change(ctx, actor, listID, now, func(tx Tx, l *SpeakerList) (string, map[string]string, error) {
		if l.Version != version {
			return "", nil, ErrStaleOrder
		}
		ids, err := order(l.Entries)
		if err != nil {
			return "", nil, err
		}
		reordered, err := Reorder(l.Entries, ids)
		if err != nil {
			return "", nil, err
		}
		if err := saveChanged(ctx, tx, l.Entries, reordered); err != nil {
			return "", nil, err
		}
		l.Entries = reordered
		if _, running := Current(reordered); running {
			// The Chair moved someone to the head of a running list: they are next.
			return "speakers.reordered", nil, s.tellNext(ctx, tx, m, sess, l, now)
		}
		return "speakers.reordered", nil, nil
	})
}

// meetingOf reads a list's meeting and session, which the notices name, before a change:
// read inside it, through the pool, they would wait on connections that the changes
// queued on the list's lock hold (see tellNext).
func (s *Service) meetingOf(ctx context.Context, actor plenary.Actor, listID int64) (meeting.Meeting, meeting.Session, error) {
	_, m, err := s.Get(ctx, actor, listID)
	if err != nil {
		return meeting.Meeting{}, meeting.Session{}, err
	}
	sess, err := s.store.Session(ctx, m.SessionID)
	return m, sess, err
}

// saveChanged writes the entries that differ between before and after.
func saveChanged(ctx context.Context, tx Tx, before, after []Entry) error {
	old := map[int64]Entry{}
	for _, e := range before {
		old[e.ID] = e
	}
	for _, e := range after {
		if o, ok := old[e.ID]; ok && o == e {
			continue
		}
		if err := tx.UpdateEntry(ctx, e); err != nil {
			return err
		}
	}
	return nil
}

// Next gives the floor to the next speaker, ending the current one's turn.
func (s *Service) Next(ctx context.Context, actor plenary.Actor, listID int64) (Entry, error) {
	if err := s.MayRun(actor); err != nil {
		return Entry{}, err
	}
	m, sess, err := s.meetingOf(ctx, actor, listID)
	if err != nil {
		return Entry{}, err
	}
	now := s.now()
	var cur Entry
	err = s.change(ctx, actor, listID, now, func(tx Tx, l *SpeakerList) (string, map[string]string, error) {
		after := Next(l.Entries, now)
		if err := saveChanged(ctx, tx, l.Entries, after); err != nil {
			return "", nil, err
		}
		cur, _ = Current(after)
		l.Entries = after
		return "speakers.floor_given", map[string]string{"entry": strconv.FormatInt(cur.ID, 10)}, s.tellNext(ctx, tx, m, sess, l, now)
	})
	return cur, err
}

// PauseTimer stops or restarts the current speaker's timer.
func (s *Service) PauseTimer(ctx context.Context, actor plenary.Actor, listID int64, pause bool) error {
	if err := s.MayRun(actor); err != nil {
		return err
	}
	now := s.now()
	return s.change(ctx, actor, listID, now, func(tx Tx, l *SpeakerList) (string, map[string]string, error) {
		c, ok := Current(l.Entries)
		if !ok {
			return "", nil, plenary.Conflict("floor.nobody_speaking", nil)
		}
		action := "speakers.timer_resumed"
		if pause {
			c.Timer, action = c.Timer.Pause(now), "speakers.timer_paused"
		} else {
			c.Timer = c.Timer.Resume(now)
		}
		return action, nil, tx.UpdateEntry(ctx, c)
	})
}

// SetClosed closes the list to new statements (replies and points of order still come)
// or opens it again.
func (s *Service) SetClosed(ctx context.Context, actor plenary.Actor, listID int64, closed bool) error {
	if err := s.MayRun(actor); err != nil {
		return err
	}
	return s.change(ctx, actor, listID, s.now(), func(tx Tx, l *SpeakerList) (string, map[string]string, error) {
		l.Closed = closed
		if closed {
			return "speakers.list_closed", nil, nil
		}
		return "speakers.list_reopened", nil, nil
	})
}

// Statistics of a meeting's speaking time.
type Statistics struct {
	Total         Tally
	RegionalGroup []Tally
	Category      []Tally
	Gender        []Tally
}

// Statistics counts who spoke for how long on a meeting's lists.
func (s *Service) Statistics(ctx context.Context, actor plenary.Actor, meetingID int64) (Statistics, error) {
	lists, err := s.Lists(ctx, actor, meetingID)
	if err != nil {
		return Statistics{}, err
	}
	var all []Entry
	for _, l := range lists {
		all = append(all, l.Entries...)
	}
	return Statistics{Total: Total(all), RegionalGroup: ByRegionalGroup(all), Category: ByCategory(all), Gender: ByGender(all)}, nil
}

// Watch announces on the hub the changes that other instances made to the lists watched
// here, reading their versions every interval until ctx ends. Changes made here are
// announced at once by the change itself; this only catches the others'.
func (s *Service) Watch(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for _, id := range s.hub.Lists() {
			if v, err := s.store.ListVersion(ctx, id); err == nil {
				s.hub.Publish(id, v)
			}
		}
	}
}
