// Package floor keeps the list of speakers of a meeting: who is inscribed, in what order
// the Chair gives them the floor, how long each may speak, and who spoke for how long.
//
// The rules follow the practice of the General Assembly and its subsidiary bodies (the
// rules of procedure, rules 68–73, and the guidance on rights of reply in decision
// 34/401), as the Open-ended Working Group on ICT security applied them, and OpenSlides'
// list of speakers for the mechanics. This file, timer.go and stats.go are pure: they take
// entries and times and return new values, with no storage, clock or actor; deciding who
// may act on a list is the service's job.
package floor

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// Category is the capacity in which a delegation takes part.
type Category string

const (
	MemberState                   Category = "member_state"
	ObserverState                 Category = "observer_state" // the Holy See, the State of Palestine
	IntergovernmentalOrganization Category = "igo"            // including the European Union
	Stakeholder                   Category = "stakeholder"    // accredited NGOs, business, academia, technical community
)

// Categories lists them in the order their statements are heard.
var Categories = []Category{MemberState, ObserverState, IntergovernmentalOrganization, Stakeholder}

// IsState reports whether the category is a State, identified by its ISO 3166-1 alpha-3
// code; the others are identified by their organization.
func (c Category) IsState() bool { return c == MemberState || c == ObserverState }

// Kind is what a speaker asked the floor for.
type Kind string

const (
	Statement Kind = "statement"
	// RightOfReply answers another delegation's statement. Under decision 34/401 replies
	// are heard at the end of the meeting, two at most per delegation and item.
	RightOfReply Kind = "right_of_reply"
	// PointOfOrder asks the Chair to rule on procedure; the Chair decides it at once
	// (rule 71), so it is heard before anything else.
	PointOfOrder Kind = "point_of_order"
)

// Kinds lists them.
var Kinds = []Kind{Statement, RightOfReply, PointOfOrder}

// Status is where an entry is in its life.
type Status string

const (
	Waiting   Status = "waiting"
	Speaking  Status = "speaking"
	Done      Status = "done"
	Withdrawn Status = "withdrawn"
)

// Genders recorded for the statistics; "" is unknown (nobody is asked to declare one).
const (
	GenderFemale = "female"
	GenderMale   = "male"
	GenderOther  = "other"
)

// Entry is one request for the floor on a list of speakers.
type Entry struct {
	ID       int64
	Category Category
	// State is the ISO 3166-1 alpha-3 code, for States; OrganizationID the organization,
	// for intergovernmental organizations and stakeholders.
	State          string
	OrganizationID int64
	// Group is the group the delegate speaks for ("Group of 77 and China", "European
	// Union", "African Group"), or "" for a national statement.
	Group string
	Kind  Kind
	// Status of the entry; only Waiting entries are ordered.
	Status Status
	// Position is the place the Chair gave the entry by reordering the list (1, 2, …), or 0
	// when the Chair has not placed it; see Order.
	Position    int
	InscribedAt time.Time
	Remote      bool // speaks by video
	SpeakerName string
	Gender      string // GenderFemale, GenderMale, GenderOther or "" (unknown)
	// RegionalGroup of the State as internal/state spells it ("African", "Asia-Pacific",
	// "Eastern European", "GRULAC", "WEOG", "none" for the United States), "" for
	// organizations or when unknown.
	RegionalGroup string
	// StartedAt is when the speaker was given the floor and EndedAt when the floor passed
	// on; Timer counts the speaking time between them, pauses excluded. Timer.Limit is set
	// at inscription (Limits.For), so that the Chair may change one speaker's time.
	StartedAt time.Time
	EndedAt   time.Time
	Timer     Timer
	// InscribedBy is the account that asked for the floor (0 for the system): it is told
	// when the speaker is next, at ToldNextAt.
	InscribedBy int64
	ToldNextAt  time.Time
	// Statement is the file of the written statement, in StatementLang, once uploaded.
	Statement     int64
	StatementLang string
}

// delegation identifies who speaks: a State by its code, anyone else by its organization.
type delegation struct {
	state string
	org   int64
}

func (e Entry) delegation() delegation {
	if e.Category.IsState() {
		return delegation{state: e.State}
	}
	return delegation{org: e.OrganizationID}
}

// groupName normalises a group's name for comparison: the same group typed twice with
// different spacing or case is the same group.
func groupName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// rank is an entry's tier in the default order.
//
// Group statements come before national ones whoever delivers them: in a States' list this
// puts the groups of Member States first, with the European Union (resolution 65/276 lets
// it be inscribed among the representatives of major groups) and an observer State chairing
// a group (resolution 73/5 for the State of Palestine chairing the Group of 77); in a
// stakeholder segment it puts joint statements of coalitions first.
func rank(e Entry) int {
	switch {
	case e.Kind == PointOfOrder:
		return 0
	case e.Kind == RightOfReply:
		return 7
	case e.Group != "":
		return 1
	}
	switch e.Category {
	case MemberState:
		return 2
	case ObserverState:
		return 3
	case IntergovernmentalOrganization:
		return 4
	case Stakeholder:
		return 5
	}
	return 6
}

// byDefault compares two entries by the default rule: tier, then time of inscription, then
// ID, so that entries inscribed in the same instant still have one order.
func byDefault(a, b Entry) int {
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	return byInscription(a, b)
}

// byInscription orders entries by time of inscription, then ID.
func byInscription(a, b Entry) int {
	if c := a.InscribedAt.Compare(b.InscribedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Order returns the waiting entries in the order the Chair gives them the floor.
//
// The default order is:
//  1. points of order, in the order raised;
//  2. statements on behalf of groups;
//  3. statements of Member States in their national capacity;
//  4. statements of observer States;
//  5. statements of intergovernmental organizations;
//  6. statements of stakeholders;
//  7. rights of reply, at the end (decision 34/401),
//
// each tier in order of inscription.
//
// When the Chair has reordered the list (Reorder), the Chair's order stands for the entries
// it placed, and entries inscribed since are fitted around it without moving any of them:
// new statements, in the default order among themselves, after the last statement the
// Chair placed; new rights of reply at the very end. So the Chair's arrangement is exactly
// what the room was told, and a later inscription never jumps ahead of it, nor lands after
// the rights of reply the Chair kept for the end. Points of order are never placed: they
// always come first.
func Order(entries []Entry) []Entry {
	var points, placed, statements, replies []Entry
	for _, e := range entries {
		switch {
		case e.Status != Waiting:
		case e.Kind == PointOfOrder:
			points = append(points, e)
		case e.Position > 0:
			placed = append(placed, e)
		case e.Kind == RightOfReply:
			replies = append(replies, e)
		default:
			statements = append(statements, e)
		}
	}
	slices.SortFunc(points, byDefault)
	slices.SortFunc(statements, byDefault)
	slices.SortFunc(replies, byDefault)
	slices.SortFunc(placed, func(a, b Entry) int {
		if c := cmp.Compare(a.Position, b.Position); c != 0 {
			return c
		}
		return byDefault(a, b)
	})
	// cut is just after the last statement the Chair placed: the rights of reply the Chair
	// kept at the end stay behind the statements inscribed since.
	cut := len(placed)
	for cut > 0 && placed[cut-1].Kind == RightOfReply {
		cut--
	}
	out := make([]Entry, 0, len(points)+len(placed)+len(statements)+len(replies))
	out = append(out, points...)
	out = append(out, placed[:cut]...)
	out = append(out, statements...)
	out = append(out, placed[cut:]...)
	return append(out, replies...)
}

// Reorder records the Chair's order: ids are the waiting statements and rights of reply in
// the order the Chair wants, and the entries are returned with Position 1, 2, … set on
// them. ids must name every such entry exactly once, and nothing else; otherwise the list
// changed since the Chair saw it (someone inscribed, withdrew or spoke) and ErrStaleOrder is
// returned, so that a reorder never silently drops or invents a speaker. Points of order
// are not reordered (they are always heard first) and must not be in ids.
func Reorder(entries []Entry, ids []int64) ([]Entry, error) {
	index := map[int64]int{}
	for i, e := range entries {
		if e.Status == Waiting && e.Kind != PointOfOrder {
			index[e.ID] = i
		}
	}
	if len(ids) != len(index) {
		return nil, ErrStaleOrder
	}
	out := slices.Clone(entries)
	seen := map[int64]bool{}
	for n, id := range ids {
		i, ok := index[id]
		if !ok || seen[id] {
			return nil, ErrStaleOrder
		}
		seen[id] = true
		out[i].Position = n + 1
	}
	return out, nil
}

// Move returns the order Reorder takes after moving the waiting entry id "first", "up",
// "down" or "last" among the waiting statements and rights of reply (points of order are
// never moved: they are always heard first).
func Move(entries []Entry, id int64, to string) ([]int64, error) {
	var ids []int64
	for _, e := range Order(entries) {
		if e.Kind != PointOfOrder {
			ids = append(ids, e.ID)
		}
	}
	i := slices.Index(ids, id)
	if i < 0 {
		return nil, plenary.Conflict("floor.not_waiting", nil)
	}
	ids = slices.Delete(ids, i, i+1)
	switch to {
	case "up":
		i = max(i-1, 0)
	case "down":
		i = min(i+1, len(ids))
	case "first":
		i = 0
	case "last":
		i = len(ids)
	default:
		return nil, plenary.Invalid("to", "field.choice", nil)
	}
	return slices.Insert(ids, i, id), nil
}

// Next gives the floor to the next speaker at now: the entry speaking, if any, is done,
// with its timer stopped and its time kept; the first in Order is speaking, with its timer
// started. With nobody waiting, the list simply falls silent. The entries are returned
// changed; the argument is not modified.
func Next(entries []Entry, now time.Time) []Entry {
	out := slices.Clone(entries)
	for i := range out {
		if out[i].Status == Speaking {
			out[i].Status = Done
			out[i].Timer = out[i].Timer.Pause(now)
			out[i].EndedAt = now
		}
	}
	order := Order(out)
	if len(order) == 0 {
		return out
	}
	for i := range out {
		if out[i].ID == order[0].ID && out[i].Status == Waiting {
			out[i].Status = Speaking
			out[i].StartedAt = now
			out[i].Timer = out[i].Timer.Start(now)
			break
		}
	}
	return out
}

// Current returns the entry that has the floor, if any.
func Current(entries []Entry) (Entry, bool) {
	for _, e := range entries {
		if e.Status == Speaking {
			return e, true
		}
	}
	return Entry{}, false
}

// List is what the rules need to know of a list of speakers.
type List struct {
	// StakeholderSegment lists stakeholders only: they are heard in segments of their
	// own, not among States.
	StakeholderSegment bool
	// Closed refuses new statements once the Chair declared the list closed (rule 73);
	// points of order and rights of reply are still taken, since a statement made after
	// the closure may call for a reply.
	Closed bool
}

// Errors of inscription. Each is a conflict whose message is a catalogue key; compare
// with errors.Is.
var (
	// ErrAlreadyInscribed: the delegation already has a statement waiting in the same
	// capacity (nationally, or for the same group), or a point of order waiting.
	ErrAlreadyInscribed error = conflict("floor.already_inscribed")
	// ErrGroupInscribed: a statement on behalf of this group is already waiting.
	ErrGroupInscribed error = conflict("floor.group_already_inscribed")
	// ErrReplyWaiting: the delegation's right of reply has not been heard yet.
	ErrReplyWaiting error = conflict("floor.reply_waiting")
	// ErrReplyLimit: the delegation used its two rights of reply on this item.
	ErrReplyLimit error = conflict("floor.reply_limit")
	// ErrListClosed: the list is closed to new statements.
	ErrListClosed error = conflict("floor.list_closed")
	// ErrStakeholderSegment: stakeholders are inscribed in a stakeholder segment.
	ErrStakeholderSegment error = conflict("floor.stakeholder_segment")
	// ErrStakeholdersOnly: this is a stakeholder segment, and only stakeholders speak.
	ErrStakeholdersOnly error = conflict("floor.stakeholders_only")
	// ErrNotEntitled: the category has no such right (points of order are for States;
	// stakeholders have no right of reply).
	ErrNotEntitled error = conflict("floor.not_entitled")
	// ErrStaleOrder: a reorder does not name exactly the waiting entries.
	ErrStaleOrder error = conflict("floor.stale_order")
)

func conflict(message string) *plenary.Error {
	return &plenary.Error{Kind: plenary.KindConflict, Message: message}
}

// CanInscribe reports whether e may be added to list, whose entries are given. Pass every
// entry of the agenda item, not only the waiting ones: rights of reply are counted per
// item. It returns a *plenary.ValidationError if e itself is malformed, one of the Err…
// conflicts if the list refuses it, and nil if it may be inscribed. Who may inscribe whom
// (a delegate for their delegation, the Chair for anyone) is for the service to decide.
func CanInscribe(list List, entries []Entry, e Entry) error {
	var p plenary.Problems
	p.OneOf("category", string(e.Category), string(MemberState), string(ObserverState), string(IntergovernmentalOrganization), string(Stakeholder))
	p.OneOf("kind", string(e.Kind), string(Statement), string(RightOfReply), string(PointOfOrder))
	if e.Category.IsState() {
		p.Required("state", e.State)
	} else if e.OrganizationID <= 0 {
		p.Add("organization", "field.required", nil)
	}
	if err := p.Err(); err != nil {
		return err
	}

	// Points of order are a right of the States; organizations take part as observers.
	// Stakeholders have no right of reply. These hold in every segment.
	switch {
	case e.Kind == PointOfOrder && !e.Category.IsState(),
		e.Kind == RightOfReply && e.Category == Stakeholder:
		return ErrNotEntitled
	}
	// In a stakeholder segment States may still rise to a point of order, which no segment
	// suspends, but they reply on the States' list of the item.
	if list.StakeholderSegment && e.Category != Stakeholder && e.Kind != PointOfOrder {
		return ErrStakeholdersOnly
	}
	if !list.StakeholderSegment && e.Category == Stakeholder {
		return ErrStakeholderSegment
	}
	if list.Closed && e.Kind == Statement {
		return ErrListClosed
	}

	who := e.delegation()
	replies := 0
	for _, o := range entries {
		if (e.ID != 0 && o.ID == e.ID) || o.Kind != e.Kind || o.Status == Withdrawn {
			continue
		}
		mine := o.delegation() == who
		switch e.Kind {
		case Statement:
			// A delegation chairing a group may speak for the group and, separately, in
			// its national capacity: one waiting statement per capacity.
			if o.Status != Waiting {
				continue
			}
			if mine && groupName(o.Group) == groupName(e.Group) {
				return ErrAlreadyInscribed
			}
			if e.Group != "" && groupName(o.Group) == groupName(e.Group) {
				return ErrGroupInscribed
			}
		case PointOfOrder:
			if mine && o.Status == Waiting {
				return ErrAlreadyInscribed
			}
		case RightOfReply:
			if !mine {
				continue
			}
			if o.Status == Waiting {
				return ErrReplyWaiting
			}
			replies++
		}
	}
	if replies >= 2 {
		return ErrReplyLimit
	}
	return nil
}
