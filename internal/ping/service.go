package ping

import (
	"context"
	"crypto/hmac"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/secret"
)

// Store is what pings read.
type Store interface {
	Round(ctx context.Context, id int64) (Round, error)
	// Rounds lists every round, newest first.
	Rounds(ctx context.Context) ([]Round, error)
	// ActiveRounds lists the rounds scheduled or sent: those the clock moves on.
	ActiveRounds(ctx context.Context) ([]Round, error)
	Request(ctx context.Context, id int64) (Request, error)
	Requests(ctx context.Context, roundID int64) ([]Request, error)
	RequestsOfContact(ctx context.Context, contactID int64) ([]Request, error)
	RequestsOfState(ctx context.Context, state string) ([]Request, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what pings change in one transaction.
type Tx interface {
	Round(ctx context.Context, id int64) (Round, error)
	CreateRound(ctx context.Context, r Round) (int64, error)
	UpdateRound(ctx context.Context, r Round) error
	Requests(ctx context.Context, roundID int64) ([]Request, error)
	CreateRequest(ctx context.Context, r Request) (int64, error)
	// MarkSent records when the ping's e-mail was accepted, the first time only.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkReminded and MarkEscalated record the step unless it is recorded already, and
	// report whether they did: with several instances, two ticks may run at once.
	MarkReminded(ctx context.Context, id int64, at time.Time) (bool, error)
	MarkEscalated(ctx context.Context, id int64, at time.Time) (bool, error)
	// ClaimStatus writes r's status (and its sent and closed times) if the round is still
	// in status from, and reports whether it was.
	ClaimStatus(ctx context.Context, r Round, from Status) (bool, error)
	// Acknowledge records the acknowledgement unless there is one already; it reports
	// whether it did.
	Acknowledge(ctx context.Context, id int64, at time.Time, via Via, by int64) (bool, error)
	Audit(ctx context.Context, e audit.Event) error
	Enqueue(ctx context.Context, job plenary.Job) error
}

// Contacts is the directory, as pings need it.
type Contacts interface {
	Reachable(ctx context.Context, states []string) ([]directory.Reachable, error)
	ReachableByID(ctx context.Context, id int64) (directory.Reachable, error)
	VerifiedStates(ctx context.Context, actor plenary.Actor) ([]string, error)
	Groups(ctx context.Context) (map[string]string, error)
	Functions(ctx context.Context) (map[int64]directory.Function, error)
}

// Signer signs acknowledgement links (the server key).
type Signer interface {
	MAC(purpose string, parts ...string) []byte
}

// Sender sends a letter now (the mailer).
type Sender interface {
	Send(ctx context.Context, l mail.Letter) error
}

// Service runs ping rounds.
type Service struct {
	store    Store
	clock    plenary.Clock
	contacts Contacts
	signer   Signer
	sender   Sender
	baseURL  string
}

// NewService builds the service and registers its e-mails.
func NewService(s Store, c plenary.Clock, contacts Contacts, signer Signer, sender Sender, templates *mail.Templates, baseURL string) *Service {
	if templates != nil {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, clock: c, contacts: contacts, signer: signer, sender: sender, baseURL: strings.TrimSuffix(baseURL, "/")}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Now is the service's time (pages show how long is left).
func (s *Service) Now() time.Time { return s.now() }

func mayManage(actor plenary.Actor) bool { return actor.IsSecretariat() && actor.CanWrite() }

// CreateRound schedules a round; one that starts now (or in the past minute) goes out at
// once, in the same transaction.
func (s *Service) CreateRound(ctx context.Context, actor plenary.Actor, in RoundInput) (Round, error) {
	if !mayManage(actor) {
		return Round{}, plenary.Deny(actor)
	}
	now := s.now()
	groups, err := s.contacts.Groups(ctx)
	if err != nil {
		return Round{}, err
	}
	var p plenary.Problems
	in.Title = strings.TrimSpace(in.Title)
	if p.Required("title", in.Title) {
		p.MaxLength("title", in.Title, MaxTitle)
		p.Line("title", in.Title)
	}
	r := Round{Title: in.Title, Scope: in.Scope, Status: Scheduled, CreatedBy: actor.UserID, CreatedAt: now}
	switch in.Scope {
	case ScopeAll:
	case ScopeRegion:
		if !slices.Contains(slices.Collect(maps.Values(groups)), in.Region) {
			p.Add("region", "field.choice", nil)
		}
		r.Region = in.Region
	case ScopeStates:
		for _, st := range in.States {
			st = strings.ToUpper(strings.TrimSpace(st))
			if st == "" {
				continue
			}
			if _, ok := groups[st]; !ok {
				p.Add("states", "field.unknown_state", nil)
			} else if !slices.Contains(r.States, st) {
				r.States = append(r.States, st)
			}
		}
		if len(r.States) == 0 && !p.Has("states") {
			p.Add("states", "ping.states_required", nil)
		}
		slices.Sort(r.States)
	default:
		p.Add("scope", "field.choice", nil)
	}
	if in.Hours == 0 {
		in.Hours = DefaultHours
	}
	if in.Hours < 1 || in.Hours > MaxHours {
		p.Add("hours", "field.range", map[string]any{"Min": 1, "Max": MaxHours})
	}
	r.StartsAt = in.StartsAt.UTC()
	if in.StartsAt.IsZero() {
		r.StartsAt = now
	} else if r.StartsAt.Before(now.Add(-time.Minute)) {
		p.Add("starts_at", "ping.starts_in_past", nil)
	}
	if err := p.Err(); err != nil {
		return Round{}, err
	}
	window := time.Duration(in.Hours) * time.Hour
	r.RemindAt, r.EscalateAt, r.Deadline = r.StartsAt.Add(window/2), r.StartsAt.Add(window*3/4), r.StartsAt.Add(window)
	var contacts []directory.Reachable
	if !r.StartsAt.After(now) {
		if contacts, err = s.inScope(ctx, r); err != nil {
			return Round{}, err
		}
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		id, err := tx.CreateRound(ctx, r)
		if err != nil {
			return err
		}
		r.ID = id
		if err := tx.Audit(ctx, roundEvent(actor, now, "ping_round.created", r)); err != nil {
			return err
		}
		if !r.StartsAt.After(now) {
			return s.start(ctx, tx, &r, now, contacts)
		}
		return nil
	})
	if err != nil {
		return Round{}, err
	}
	return r, nil
}

func roundEvent(actor plenary.Actor, at time.Time, action string, r Round) audit.Event {
	d := map[string]string{"scope": string(r.Scope)}
	if r.Region != "" {
		d["region"] = r.Region
	}
	if len(r.States) > 0 {
		d["states"] = strings.Join(r.States, " ")
	}
	return audit.New(actor, at, action, "ping_round", r.ID, d)
}

// inScope returns the verified contacts a round reaches. It reads outside any
// transaction, and is called before one opens: a transaction that waited for a second
// connection of the pool could wait for ever once every connection held a transaction.
func (s *Service) inScope(ctx context.Context, r Round) ([]directory.Reachable, error) {
	var states []string
	switch r.Scope {
	case ScopeStates:
		states = r.States
	case ScopeRegion:
		groups, err := s.contacts.Groups(ctx)
		if err != nil {
			return nil, err
		}
		states = []string{}
		for st, g := range groups {
			if g == r.Region {
				states = append(states, st)
			}
		}
	}
	return s.contacts.Reachable(ctx, states)
}

// start sends a round's pings to contacts (inScope's): one request per contact, each
// with its own nonce, and a mail job each. The round is claimed first: of two ticks at
// once, one sends and the other finds it sent.
func (s *Service) start(ctx context.Context, tx Tx, r *Round, now time.Time, contacts []directory.Reachable) error {
	r.Status, r.SentAt = Sent, now
	claimed, err := tx.ClaimStatus(ctx, *r, Scheduled)
	if err != nil || !claimed {
		return err
	}
	for _, c := range contacts {
		id, err := tx.CreateRequest(ctx, Request{RoundID: r.ID, ContactID: c.ContactID, State: c.State, Nonce: secret.Token(16)})
		if err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, SendJob{RequestID: id, Letter: LetterPing}); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, audit.New(plenary.System("pings"), now, "ping_round.sent", "ping_round", r.ID,
		map[string]string{"contacts": strconv.Itoa(len(contacts))}))
}

// Cancel cancels a round that has not started.
func (s *Service) Cancel(ctx context.Context, actor plenary.Actor, id int64) (Round, error) {
	if !mayManage(actor) {
		return Round{}, plenary.Deny(actor)
	}
	now := s.now()
	var r Round
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Round(ctx, id); err != nil {
			return err
		}
		if r.Status != Scheduled || !r.StartsAt.After(now) {
			return plenary.Conflict("ping.not_scheduled", nil) // due: it goes out at the next tick
		}
		r.Status, r.ClosedAt = Cancelled, now
		if err := tx.UpdateRound(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, roundEvent(actor, now, "ping_round.cancelled", r))
	})
	return r, err
}

// Publish makes a closed round's aggregate figures (overall and by regional group, never
// by State) public, or takes them back.
func (s *Service) Publish(ctx context.Context, actor plenary.Actor, id int64, published bool) (Round, error) {
	if !mayManage(actor) {
		return Round{}, plenary.Deny(actor)
	}
	now := s.now()
	var r Round
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Round(ctx, id); err != nil {
			return err
		}
		if r.Status != Closed {
			return plenary.Conflict("ping.not_closed", nil)
		}
		r.Published = published
		if err := tx.UpdateRound(ctx, r); err != nil {
			return err
		}
		action := "ping_round.published"
		if !published {
			action = "ping_round.unpublished"
		}
		return tx.Audit(ctx, roundEvent(actor, now, action, r))
	})
	return r, err
}

// Rounds lists every round, for the Secretariat.
func (s *Service) Rounds(ctx context.Context, actor plenary.Actor) ([]Round, error) {
	if !actor.IsSecretariat() {
		return nil, plenary.Hidden(actor)
	}
	return s.store.Rounds(ctx)
}

// Round returns one round, for the Secretariat.
func (s *Service) Round(ctx context.Context, actor plenary.Actor, id int64) (Round, error) {
	if !actor.IsSecretariat() {
		return Round{}, plenary.Hidden(actor)
	}
	return s.store.Round(ctx, id)
}

// Results are a round's figures by State and regional group, for the Secretariat.
func (s *Service) Results(ctx context.Context, actor plenary.Actor, id int64) (Results, error) {
	if !actor.IsSecretariat() {
		return Results{}, plenary.Hidden(actor)
	}
	r, err := s.store.Round(ctx, id)
	if err != nil {
		return Results{}, err
	}
	lk, err := s.lookup(ctx)
	if err != nil {
		return Results{}, err
	}
	return s.results(ctx, r, lk)
}

// lookup is what results need of the directory: every State's regional group and every
// entry's function. It is read once for all the rounds a page shows.
type lookup struct {
	groups    map[string]string
	functions map[int64]directory.Function
}

func (s *Service) lookup(ctx context.Context) (lookup, error) {
	groups, err := s.contacts.Groups(ctx)
	if err != nil {
		return lookup{}, err
	}
	functions, err := s.contacts.Functions(ctx)
	return lookup{groups: groups, functions: functions}, err
}

func (s *Service) results(ctx context.Context, r Round, lk lookup) (Results, error) {
	reqs, err := s.store.Requests(ctx, r.ID)
	if err != nil {
		return Results{}, err
	}
	return results(r, sentFrom(reqs, r.SentAt), lk.functions, lk.groups), nil
}

// History gives every round that went out with its figures, newest first: how the
// response rate moves from round to round. For the Secretariat.
func (s *Service) History(ctx context.Context, actor plenary.Actor) ([]Summary, error) {
	if !actor.IsSecretariat() {
		return nil, plenary.Hidden(actor)
	}
	rounds, err := s.store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	lk, err := s.lookup(ctx)
	if err != nil {
		return nil, err
	}
	var out []Summary
	for _, r := range rounds {
		if r.Status != Sent && r.Status != Closed {
			continue
		}
		res, err := s.results(ctx, r, lk)
		if err != nil {
			return nil, err
		}
		out = append(out, Summary{Round: r, Overall: res.Overall, ByGroup: res.ByGroup})
	}
	return out, nil
}

// StateHistory gives one State's answer to every round that reached it, newest first:
// for the Secretariat and the State's own verified contacts.
func (s *Service) StateHistory(ctx context.Context, actor plenary.Actor, state string) ([]StateHistory, error) {
	if !actor.IsSecretariat() {
		mine, err := s.contacts.VerifiedStates(ctx, actor)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(mine, state) {
			return nil, plenary.Hidden(actor)
		}
	}
	reqs, err := s.store.RequestsOfState(ctx, state)
	if err != nil {
		return nil, err
	}
	byRound := map[int64][]Request{}
	var ids []int64
	for _, q := range reqs {
		if _, ok := byRound[q.RoundID]; !ok {
			ids = append(ids, q.RoundID)
		}
		byRound[q.RoundID] = append(byRound[q.RoundID], q)
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	out := make([]StateHistory, 0, len(ids))
	for _, id := range ids {
		r, err := s.store.Round(ctx, id)
		if err != nil {
			return nil, err
		}
		if !actor.IsSecretariat() {
			r = publicRound(r) // which other States a round chose is the Secretariat's
		}
		out = append(out, StateHistory{Round: r, Stats: stats(sentFrom(byRound[id], r.SentAt))})
	}
	return out, nil
}

// PublishedResults gives the published rounds' figures, for anyone: overall and by
// regional group only. A group with fewer than MinGroupStates States pinged is left out,
// so that a small group's figures do not point at a State.
func (s *Service) PublishedResults(ctx context.Context, actor plenary.Actor) ([]Published, error) {
	rounds, err := s.store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	lk, err := s.lookup(ctx)
	if err != nil {
		return nil, err
	}
	var out []Published
	for _, r := range rounds {
		if !r.Published || r.Status != Closed {
			continue
		}
		res, err := s.results(ctx, r, lk)
		if err != nil {
			return nil, err
		}
		pub := Published{Round: publicRound(r), Overall: res.Overall}
		for _, g := range res.ByGroup {
			if g.States >= MinGroupStates {
				pub.ByGroup = append(pub.ByGroup, g)
			}
		}
		out = append(out, pub)
	}
	return out, nil
}

// MinGroupStates is the fewest States a regional group's published figures may cover.
const MinGroupStates = 3

// publicRound is what the public may know of a round: not which States were chosen.
func publicRound(r Round) Round {
	return Round{ID: r.ID, Title: r.Title, Scope: r.Scope, Region: r.Region, StartsAt: r.StartsAt, Deadline: r.Deadline,
		Status: r.Status, Published: r.Published, SentAt: r.SentAt, ClosedAt: r.ClosedAt}
}

// myContacts returns the directory entries of the signed-in contact.
func (s *Service) myContacts(ctx context.Context, actor plenary.Actor) ([]directory.Reachable, error) {
	states, err := s.contacts.VerifiedStates(ctx, actor)
	if err != nil || len(states) == 0 {
		return nil, err
	}
	all, err := s.contacts.Reachable(ctx, states)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(c directory.Reachable) bool { return c.UserID != actor.UserID }), nil
}

// Pending lists the pings waiting for the signed-in contact's acknowledgement.
func (s *Service) Pending(ctx context.Context, actor plenary.Actor) ([]Pending, error) {
	mine, err := s.myContacts(ctx, actor)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Pending
	rounds := map[int64]Round{}
	for _, c := range mine {
		reqs, err := s.store.RequestsOfContact(ctx, c.ContactID)
		if err != nil {
			return nil, err
		}
		for _, q := range reqs {
			if q.Acknowledged() {
				continue
			}
			r, ok := rounds[q.RoundID]
			if !ok {
				if r, err = s.store.Round(ctx, q.RoundID); err != nil {
					return nil, err
				}
				rounds[q.RoundID] = r
			}
			if r.Open(now) {
				r.States = nil // a contact learns of their own ping, not whom else the round chose
				out = append(out, Pending{Request: q, Round: r})
			}
		}
	}
	return out, nil
}

// AcknowledgeInApp records the signed-in contact's acknowledgement of their ping.
func (s *Service) AcknowledgeInApp(ctx context.Context, actor plenary.Actor, requestID int64) (Request, error) {
	if !actor.CanWrite() {
		return Request{}, plenary.Deny(actor)
	}
	mine, err := s.myContacts(ctx, actor)
	if err != nil {
		return Request{}, err
	}
	q, err := s.store.Request(ctx, requestID)
	if err != nil {
		return Request{}, plenary.Hidden(actor)
	}
	if !slices.ContainsFunc(mine, func(c directory.Reachable) bool { return c.ContactID == q.ContactID }) {
		return Request{}, plenary.Hidden(actor)
	}
	r, err := s.store.Round(ctx, q.RoundID)
	if err != nil {
		return Request{}, err
	}
	if q.Acknowledged() {
		return q, plenary.Conflict("ping.already_acknowledged", nil)
	}
	if !r.Open(s.now()) {
		return q, plenary.Conflict("ping.link_expired", nil)
	}
	return s.acknowledge(ctx, actor, q, ViaApp)
}

func (s *Service) acknowledge(ctx context.Context, actor plenary.Actor, q Request, via Via) (Request, error) {
	now := s.now()
	err := s.store.InTx(ctx, func(tx Tx) error {
		done, err := tx.Acknowledge(ctx, q.ID, now, via, actor.UserID)
		if err != nil {
			return err
		}
		if !done {
			return plenary.Conflict("ping.already_acknowledged", nil)
		}
		return tx.Audit(ctx, audit.New(actor, now, "ping_request.acknowledged", "ping_request", q.ID,
			map[string]string{"round": strconv.FormatInt(q.RoundID, 10), "state": q.State, "via": string(via)}))
	})
	if err != nil {
		return q, err
	}
	q.AcknowledgedAt, q.Via, q.AcknowledgedBy = now, via, actor.UserID
	return q, nil
}

// linkPurpose separates the links' MACs from every other use of the key.
const linkPurpose = "ping/acknowledge"

// Token is the secret part of a request's acknowledgement link: the request's ID and a
// MAC of the ID and the request's nonce under the server key. Neither the database nor
// the mail queue holds it: it is made when the e-mail is written.
func (s *Service) Token(q Request) string {
	b := make([]byte, 8, 8+macLen)
	binary.BigEndian.PutUint64(b, uint64(q.ID))
	b = append(b, s.signer.MAC(linkPurpose, strconv.FormatInt(q.ID, 10), q.Nonce)[:macLen]...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// macLen is the MAC's length in a link: 128 bits.
const macLen = 16

// errLinkInvalid answers a link that was not made here (mistyped, cut, forged).
var errLinkInvalid = &plenary.Error{Kind: plenary.KindNotFound, Message: "ping.link_invalid"}

// ErrLinkInvalid reports whether err is the answer to a link not made here.
func ErrLinkInvalid(err error) bool { return errors.Is(err, errLinkInvalid) }

func (s *Service) parse(ctx context.Context, token string) (Request, Round, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 8+macLen {
		return Request{}, Round{}, errLinkInvalid
	}
	id := int64(binary.BigEndian.Uint64(b[:8]))
	if id <= 0 {
		return Request{}, Round{}, errLinkInvalid
	}
	q, err := s.store.Request(ctx, id)
	if err != nil {
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return Request{}, Round{}, errLinkInvalid
		}
		return Request{}, Round{}, err
	}
	want := s.signer.MAC(linkPurpose, strconv.FormatInt(q.ID, 10), q.Nonce)[:macLen]
	if !hmac.Equal(want, b[8:]) {
		return Request{}, Round{}, errLinkInvalid
	}
	r, err := s.store.Round(ctx, q.RoundID)
	if err != nil {
		return Request{}, Round{}, err
	}
	return q, r, nil
}

func (s *Service) link(q Request, r Round) Link {
	l := Link{State: LinkValid, Round: publicRound(r), Country: q.State, AcknowledgedAt: q.AcknowledgedAt}
	switch {
	case q.Acknowledged():
		l.State = LinkUsed
	case !r.Open(s.now()):
		l.State = LinkExpired
	}
	return l
}

// CheckLink tells what an acknowledgement link finds, without using it: opening the link
// shows a button, and only pressing it acknowledges, so that a mail filter that opens
// links to scan them does not answer for the contact.
func (s *Service) CheckLink(ctx context.Context, token string) (Link, error) {
	q, r, err := s.parse(ctx, token)
	if err != nil {
		return Link{}, err
	}
	return s.link(q, r), nil
}

// AcknowledgeLink uses an acknowledgement link. A forged link is not found; a link used
// before, or after the deadline, is refused with what the page needs to say so.
func (s *Service) AcknowledgeLink(ctx context.Context, actor plenary.Actor, token string) (Link, error) {
	q, r, err := s.parse(ctx, token)
	if err != nil {
		return Link{}, err
	}
	l := s.link(q, r)
	switch l.State {
	case LinkUsed:
		return l, plenary.Conflict("ping.link_used", nil)
	case LinkExpired:
		return l, plenary.Conflict("ping.link_expired", nil)
	}
	if q, err = s.acknowledge(ctx, actor, q, ViaLink); err != nil {
		if plenary.ErrorKind(err) == plenary.KindConflict {
			fresh, _ := s.store.Request(ctx, q.ID)
			l.State, l.AcknowledgedAt = LinkUsed, fresh.AcknowledgedAt
			return l, plenary.Conflict("ping.link_used", nil)
		}
		return l, err
	}
	l.AcknowledgedAt = q.AcknowledgedAt
	return l, nil
}

// LinkURL is the acknowledgement link of a request, in lang.
func (s *Service) LinkURL(q Request, lang string) string {
	return s.baseURL + "/" + lang + "/pings/acknowledge/" + s.Token(q)
}
