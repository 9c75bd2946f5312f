// Package audit is plenary's tamper-evident record of every change: who did what to
// which object, when, from where. Each event carries the hash of the previous one, so
// that altering, removing or reordering a stored event breaks the chain at that point,
// and Verify finds where.
//
// Events are appended by the store inside the transaction of the change they record.
// Only the Secretariat reads them.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
)

// Event is one recorded change.
type Event struct {
	ID          int64
	At          time.Time
	ActorUserID int64  // 0 when the system acted
	ActorName   string // as the actor was named at the time
	Action      string // "<object>.<verb in the past tense>", e.g. "user.created"
	ObjectType  string
	ObjectID    string
	Details     map[string]string
	// DetailsText is Details as stored (JSON); Verify hashes this exact text.
	DetailsText string
	IP          string
	PrevHash    string
	Hash        string
}

// Genesis is the previous hash of the first event.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// New makes an event for a change made by actor at time at.
func New(actor plenary.Actor, at time.Time, action, objectType string, objectID any, details map[string]string) Event {
	name := actor.Name
	if actor.System && name == "" {
		name = "system"
	}
	return Event{
		At:          Precise(at),
		ActorUserID: actor.UserID,
		ActorName:   name,
		Action:      action,
		ObjectType:  objectType,
		ObjectID:    fmt.Sprint(objectID),
		Details:     details,
		IP:          actor.IP,
	}
}

// Precise truncates t to the microseconds both databases keep, in UTC, so that the time
// hashed is the time read back.
func Precise(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// EncodeDetails writes details as JSON with sorted keys: the exact text stored and hashed.
func EncodeDetails(d map[string]string) string {
	if len(d) == 0 {
		return "{}"
	}
	b, err := json.Marshal(d) // encoding/json sorts map keys
	if err != nil {
		panic(err) // a map of strings always encodes
	}
	return string(b)
}

// ComputeHash returns the hash of an event given the hash of the one before it. details
// is the stored JSON text. Each field is length-prefixed so that no two different events
// encode the same.
func ComputeHash(prev string, at time.Time, actorUserID int64, actorName, action, objectType, objectID, details, ip string) string {
	h := sha256.New()
	for _, f := range []string{
		prev,
		Precise(at).Format(time.RFC3339Nano),
		strconv.FormatInt(actorUserID, 10),
		actorName, action, objectType, objectID, details, ip,
	} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Filter narrows a list of events.
type Filter struct {
	ObjectType string
	ObjectID   string
}

// Store is what audit needs from the database.
type Store interface {
	// AuditEvents returns events newest first, with ids below before (0: from the newest).
	AuditEvents(ctx context.Context, before int64, limit int, f Filter) ([]Event, error)
	// AuditChain returns events in id order starting at id from.
	AuditChain(ctx context.Context, from int64, limit int) ([]Event, error)
	CountAuditEvents(ctx context.Context) (int64, error)
}

// Service reads and verifies the audit trail.
type Service struct {
	store Store
}

func NewService(s Store) *Service { return &Service{store: s} }

// List returns one page of events, newest first. Only the Secretariat reads the trail.
func (s *Service) List(ctx context.Context, actor plenary.Actor, f Filter, page plenary.PageRequest) (plenary.Page[Event], error) {
	if !actor.IsSecretariat() {
		return plenary.Page[Event]{}, plenary.Deny(actor)
	}
	pos, err := plenary.DecodeCursor(page.Cursor)
	if err != nil {
		return plenary.Page[Event]{}, err
	}
	n := page.Size()
	events, err := s.store.AuditEvents(ctx, pos.ID, n+1, f)
	if err != nil {
		return plenary.Page[Event]{}, err
	}
	var out plenary.Page[Event]
	if len(events) > n {
		events = events[:n]
		out.Next = plenary.EncodeCursor(plenary.Position{ID: events[n-1].ID})
	}
	out.Items = events
	return out, nil
}

// Report is the outcome of a verification.
type Report struct {
	Events   int64  // events checked
	BrokenAt int64  // id of the first event whose hash or link is wrong; 0 if intact
	Reason   string // why it is broken: "content" or "link"
	LastHash string // hash of the last event checked
}

// Intact reports whether the whole chain verified.
func (r Report) Intact() bool { return r.BrokenAt == 0 }

func (r Report) String() string {
	if r.Intact() {
		return fmt.Sprintf("audit trail intact: %d events, last hash %s", r.Events, r.LastHash)
	}
	var why string
	switch r.Reason {
	case "content":
		why = "its content does not match its hash (the event was altered)"
	default:
		why = "it does not link to the event before it (an event was removed, inserted or reordered, or its link altered)"
	}
	return fmt.Sprintf("audit trail broken at event %d: %s; %d events before it verified", r.BrokenAt, why, r.Events)
}

// Verify walks the whole chain in order and reports the first broken link. The
// Secretariat and the system (the command line) may verify.
func (s *Service) Verify(ctx context.Context, actor plenary.Actor) (Report, error) {
	if !actor.IsSecretariat() {
		return Report{}, plenary.Deny(actor)
	}
	const batch = 1000
	rep := Report{LastHash: Genesis}
	from := int64(0)
	for {
		events, err := s.store.AuditChain(ctx, from, batch)
		if err != nil {
			return rep, err
		}
		for _, e := range events {
			if e.PrevHash != rep.LastHash {
				rep.BrokenAt, rep.Reason = e.ID, "link"
				return rep, nil
			}
			want := ComputeHash(e.PrevHash, e.At, e.ActorUserID, e.ActorName, e.Action, e.ObjectType, e.ObjectID, e.DetailsText, e.IP)
			if want != e.Hash {
				rep.BrokenAt, rep.Reason = e.ID, "content"
				return rep, nil
			}
			rep.Events++
			rep.LastHash = e.Hash
			from = e.ID + 1
		}
		if len(events) < batch {
			return rep, nil
		}
	}
}

// DecodeDetails reads stored details for display; text that is not a JSON object of
// strings (which only a hand edit can produce) is shown whole under "?".
func DecodeDetails(s string) map[string]string {
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return map[string]string{"?": s}
	}
	return m
}
