// Package ping tests whether the Points of Contact answer: the Secretariat starts a round
// of "pings" for all participating States, a regional group or chosen States, now or at
// a set time; each verified contact gets an e-mail in their language with an
// acknowledgement link of their own (signed, single-use, valid until the round's
// deadline) and may also acknowledge in the application. Those who have not answered are
// reminded, then the State's other contacts are told; the results give, per State and per
// regional group, the response rate and the time to acknowledge.
package ping

import (
	"slices"
	"sort"
	"time"

	"github.com/plenary-platform/plenary/internal/directory"
)

// Scope is which States a round reaches.
type Scope string

const (
	ScopeAll    Scope = "all"
	ScopeRegion Scope = "region"
	ScopeStates Scope = "states"
)

// Scopes lists the scopes in the order forms show them.
var Scopes = []Scope{ScopeAll, ScopeRegion, ScopeStates}

// Status is where a round stands.
type Status string

const (
	Scheduled Status = "scheduled" // waiting for its start
	Sent      Status = "sent"      // pings out; links work until the deadline
	Closed    Status = "closed"    // past the deadline
	Cancelled Status = "cancelled" // cancelled before it started
)

// Round is one ping test.
type Round struct {
	ID    int64
	Title string
	Scope Scope
	// Region is the regional group of a regional round.
	Region string
	// States are the States of a round of chosen States.
	States     []string
	StartsAt   time.Time
	RemindAt   time.Time
	EscalateAt time.Time
	Deadline   time.Time
	Status     Status
	Published  bool
	CreatedBy  int64
	CreatedAt  time.Time
	SentAt     time.Time
	ClosedAt   time.Time
}

// Open reports whether links and in-app acknowledgements are taken at now.
func (r Round) Open(now time.Time) bool { return r.Status == Sent && now.Before(r.Deadline) }

// Via is how a ping was acknowledged.
type Via string

const (
	ViaLink Via = "link" // the link in the e-mail
	ViaApp  Via = "app"  // signed in, from the list of pings waiting
)

// Request is one contact's ping in a round.
type Request struct {
	ID             int64
	RoundID        int64
	ContactID      int64
	State          string
	Nonce          string
	SentAt         time.Time
	RemindedAt     time.Time
	EscalatedAt    time.Time
	AcknowledgedAt time.Time
	Via            Via
	AcknowledgedBy int64
}

// Acknowledged reports whether the contact answered.
func (r Request) Acknowledged() bool { return !r.AcknowledgedAt.IsZero() }

// Took is the time from the ping's sending to its acknowledgement.
func (r Request) Took() time.Duration {
	if !r.Acknowledged() || r.SentAt.IsZero() {
		return 0
	}
	return r.AcknowledgedAt.Sub(r.SentAt)
}

// RoundInput is a new round.
type RoundInput struct {
	Title  string
	Scope  Scope
	Region string
	States []string
	// StartsAt is when the pings go out; zero means now.
	StartsAt time.Time
	// Hours is how long contacts have to acknowledge; zero means DefaultHours.
	Hours int
}

// DefaultHours is the acknowledgement window of a round unless the Secretariat sets
// another: 48 hours covers a weekend day in every time zone.
const DefaultHours = 48

// MaxHours bounds the window (four weeks).
const MaxHours = 24 * 28

// MaxTitle bounds a round's title, in characters.
const MaxTitle = 200

// Stats are the figures of a set of pings.
type Stats struct {
	// Contacts pinged and how many of them acknowledged.
	Contacts     int
	Acknowledged int
	// States pinged, and how many had at least one contact acknowledge.
	States        int
	StatesReached int
	// Median and P90 are the times to acknowledge of those who did.
	Median time.Duration
	P90    time.Duration
}

// Rate is the share of contacts who acknowledged, in percent.
func (s Stats) Rate() float64 {
	if s.Contacts == 0 {
		return 0
	}
	return 100 * float64(s.Acknowledged) / float64(s.Contacts)
}

// StateRate is the share of States reached, in percent.
func (s Stats) StateRate() float64 {
	if s.States == 0 {
		return 0
	}
	return 100 * float64(s.StatesReached) / float64(s.States)
}

// sentFrom gives the requests whose e-mail was not yet recorded as sent the round's
// start instead: a contact who acknowledged in the app before the mail went out took
// the time since the round started, not no time at all.
func sentFrom(reqs []Request, roundSent time.Time) []Request {
	out := slices.Clone(reqs)
	for i := range out {
		if out[i].SentAt.IsZero() {
			out[i].SentAt = roundSent
		}
	}
	return out
}

// stats computes the figures of reqs.
func stats(reqs []Request) Stats {
	var s Stats
	var took []time.Duration
	states := map[string]bool{}
	for _, r := range reqs {
		s.Contacts++
		if _, seen := states[r.State]; !seen {
			states[r.State] = false
		}
		if r.Acknowledged() {
			s.Acknowledged++
			states[r.State] = true
			took = append(took, r.Took())
		}
	}
	s.States = len(states)
	for _, reached := range states {
		if reached {
			s.StatesReached++
		}
	}
	s.Median, s.P90 = percentile(took, 50), percentile(took, 90)
	return s
}

// percentile is the nearest-rank percentile p of ds (0 when empty).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100 // ceil(p/100 × n)
	if rank < 1 {
		rank = 1
	}
	return s[rank-1]
}

// StateResult is one State's answer to a round.
type StateResult struct {
	State string
	Group string
	Stats
	// Requests are the State's pings, one per contact (by function, never by name).
	Requests []RequestResult
}

// RequestResult is one ping as the results show it.
type RequestResult struct {
	Function       string
	Acknowledged   bool
	Took           time.Duration
	Via            Via
	Reminded       bool
	Escalated      bool
	AcknowledgedAt time.Time
}

// GroupResult is a regional group's figures.
type GroupResult struct {
	Group string
	Stats
}

// Results are a round's figures.
type Results struct {
	Round   Round
	Overall Stats
	ByGroup []GroupResult
	ByState []StateResult
}

// results computes a round's figures; functions maps contact IDs to their function and
// groups States to their regional group.
func results(r Round, reqs []Request, functions map[int64]directory.Function, groups map[string]string) Results {
	out := Results{Round: r, Overall: stats(reqs)}
	byState := map[string][]Request{}
	byGroup := map[string][]Request{}
	for _, q := range reqs {
		byState[q.State] = append(byState[q.State], q)
		byGroup[groups[q.State]] = append(byGroup[groups[q.State]], q)
	}
	for st, qs := range byState {
		sr := StateResult{State: st, Group: groups[st], Stats: stats(qs)}
		for _, q := range qs {
			sr.Requests = append(sr.Requests, RequestResult{Function: string(functions[q.ContactID]), Acknowledged: q.Acknowledged(),
				Took: q.Took(), Via: q.Via, Reminded: !q.RemindedAt.IsZero(), Escalated: !q.EscalatedAt.IsZero(), AcknowledgedAt: q.AcknowledgedAt})
		}
		out.ByState = append(out.ByState, sr)
	}
	sort.Slice(out.ByState, func(i, j int) bool { return out.ByState[i].State < out.ByState[j].State })
	for g, qs := range byGroup {
		out.ByGroup = append(out.ByGroup, GroupResult{Group: g, Stats: stats(qs)})
	}
	sort.Slice(out.ByGroup, func(i, j int) bool { return out.ByGroup[i].Group < out.ByGroup[j].Group })
	return out
}

// Summary is a round with its overall figures, for the history across rounds.
type Summary struct {
	Round   Round
	Overall Stats
	ByGroup []GroupResult
}

// Published is what the public sees of a round whose figures the Secretariat published:
// the figures overall and by regional group, never by State.
type Published struct {
	Round   Round
	Overall Stats
	ByGroup []GroupResult
}

// StateHistory is one State's answer to each round that reached it.
type StateHistory struct {
	Round Round
	Stats
}

// Pending is a ping waiting for the signed-in contact's acknowledgement.
type Pending struct {
	Request Request
	Round   Round
}

// LinkState is what an acknowledgement link finds.
type LinkState string

const (
	LinkValid   LinkState = "valid"
	LinkUsed    LinkState = "used"
	LinkExpired LinkState = "expired"
)

// Link is what an acknowledgement link's page shows. It names the round and the State,
// not the contact: whoever holds the link learns nothing else.
type Link struct {
	State          LinkState
	Round          Round
	Country        string // the State pinged
	AcknowledgedAt time.Time
}
