package floor

import "time"

// Limits are the speaking times of a body. Each body sets its own: these are the Chair's
// to announce, not rules of procedure. Zero means no limit.
type Limits struct {
	Statement          time.Duration // a national statement, and a stakeholder's
	GroupStatement     time.Duration // a statement on behalf of a group
	RightOfReply       time.Duration // a delegation's first reply on an item
	SecondRightOfReply time.Duration // its second (a third is refused: see CanInscribe)
	PointOfOrder       time.Duration
}

// DefaultLimits are those of the Open-ended Working Group on ICT security and the Global
// Mechanism: three minutes for a national statement, five for a group. The General
// Assembly gives ten minutes to a first reply and five to a second (decision 34/401);
// these meetings are shorter, so a first reply has five minutes and a second three. A
// point of order is brief: two minutes.
func DefaultLimits() Limits {
	return Limits{
		Statement:          3 * time.Minute,
		GroupStatement:     5 * time.Minute,
		RightOfReply:       5 * time.Minute,
		SecondRightOfReply: 3 * time.Minute,
		PointOfOrder:       2 * time.Minute,
	}
}

// For returns the time e may speak. entries are the item's entries, as for CanInscribe: a
// right of reply is the second if the delegation had an earlier one (withdrawn replies do
// not count). e may be among entries already, or not yet inscribed (ID 0).
func (l Limits) For(e Entry, entries []Entry) time.Duration {
	switch e.Kind {
	case PointOfOrder:
		return l.PointOfOrder
	case RightOfReply:
		for _, o := range entries {
			if o.Kind != RightOfReply || o.Status == Withdrawn || o.delegation() != e.delegation() ||
				(e.ID != 0 && o.ID == e.ID) {
				continue
			}
			if e.ID == 0 || byInscription(o, e) < 0 {
				return l.SecondRightOfReply
			}
		}
		return l.RightOfReply
	}
	if e.Group != "" {
		return l.GroupStatement
	}
	return l.Statement
}

// Timer counts one speaker's time. It is a value: each method returns the new timer, and
// the time is always passed in, so that the store can keep it as three columns and every
// instance computes the same figures from them.
type Timer struct {
	Limit time.Duration // zero: no limit
	// Used is the time spoken before the current run; RunningSince is when the current
	// run began, zero while the timer is paused or stopped.
	Used         time.Duration
	RunningSince time.Time
}

// Running reports whether the timer counts.
func (t Timer) Running() bool { return !t.RunningSince.IsZero() }

// Start starts the timer from zero, keeping its limit.
func (t Timer) Start(now time.Time) Timer {
	return Timer{Limit: t.Limit, RunningSince: now}
}

// Pause stops the count, keeping the time spoken; pausing a paused timer changes nothing.
// Giving the floor on also pauses: a finished speaker's timer holds their time.
func (t Timer) Pause(now time.Time) Timer {
	if !t.Running() {
		return t
	}
	return Timer{Limit: t.Limit, Used: t.Elapsed(now)}
}

// Resume counts again from the time already spoken; resuming a running timer changes
// nothing (it does not restart the run, which would lose time).
func (t Timer) Resume(now time.Time) Timer {
	if t.Running() {
		return t
	}
	t.RunningSince = now
	return t
}

// Elapsed is the time spoken at now, pauses excluded. A now before the run began (two
// instances whose clocks differ slightly) counts as no time rather than taking time off.
func (t Timer) Elapsed(now time.Time) time.Duration {
	if !t.Running() || now.Before(t.RunningSince) {
		return t.Used
	}
	return t.Used + now.Sub(t.RunningSince)
}

// Remaining is the time left at now: zero once the limit is reached, and zero when there
// is no limit (check Limit to tell them apart).
func (t Timer) Remaining(now time.Time) time.Duration {
	if t.Limit <= 0 {
		return 0
	}
	return max(t.Limit-t.Elapsed(now), 0)
}

// Overrun is how far past the limit the speaker is at now; zero within it or without one.
func (t Timer) Overrun(now time.Time) time.Duration {
	if t.Limit <= 0 {
		return 0
	}
	return max(t.Elapsed(now)-t.Limit, 0)
}
