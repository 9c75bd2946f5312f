package floor_test

import (
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/floor"
)

func TestTimer(t *testing.T) {
	s := func(seconds int) time.Time { return t0.Add(time.Duration(seconds) * time.Second) }
	limit := floor.Timer{Limit: 3 * time.Minute}
	started := limit.Start(s(0))
	paused := started.Pause(s(120))        // two minutes spoken
	pausedAgain := paused.Pause(s(300))    // changes nothing
	resumed := pausedAgain.Resume(s(600))  // ten minutes after the start, eight of them paused
	resumedAgain := resumed.Resume(s(700)) // changes nothing: the run began at 600
	restarted := resumed.Start(s(3600))
	for _, tc := range []struct {
		name                      string
		timer                     floor.Timer
		now                       time.Time
		elapsed, remaining, overr time.Duration
	}{
		{"not started", limit, s(50), 0, 3 * time.Minute, 0},
		{"at the start", started, s(0), 0, 3 * time.Minute, 0},
		{"one minute in", started, s(60), time.Minute, 2 * time.Minute, 0},
		{"paused: the clock stands still", paused, s(500), 2 * time.Minute, time.Minute, 0},
		{"paused twice: the first pause holds", pausedAgain, s(500), 2 * time.Minute, time.Minute, 0},
		{"resumed: the pause is not counted", resumed, s(630), 2*time.Minute + 30*time.Second, 30 * time.Second, 0},
		{"at the limit", resumed, s(660), 3 * time.Minute, 0, 0},
		{"over the limit", resumed, s(705), 3*time.Minute + 45*time.Second, 0, 45 * time.Second},
		{"resumed twice: no time lost", resumedAgain, s(720), 4 * time.Minute, 0, time.Minute},
		{"started again: from zero, same limit", restarted, s(3610), 10 * time.Second, 2*time.Minute + 50*time.Second, 0},
		{"a clock behind the start counts no time", resumed, s(590), 2 * time.Minute, time.Minute, 0},
		{"no limit: never over", floor.Timer{}.Start(s(0)), s(3600), time.Hour, 0, 0},
	} {
		if got := tc.timer.Elapsed(tc.now); got != tc.elapsed {
			t.Errorf("%s: elapsed %v, want %v", tc.name, got, tc.elapsed)
		}
		if got := tc.timer.Remaining(tc.now); got != tc.remaining {
			t.Errorf("%s: remaining %v, want %v", tc.name, got, tc.remaining)
		}
		if got := tc.timer.Overrun(tc.now); got != tc.overr {
			t.Errorf("%s: overrun %v, want %v", tc.name, got, tc.overr)
		}
	}
	if paused.Running() || !resumed.Running() || limit.Running() {
		t.Error("Running is wrong")
	}
	if started.Limit != 3*time.Minute || restarted.Limit != 3*time.Minute {
		t.Error("the limit was lost")
	}
}

func TestLimitsFor(t *testing.T) {
	l := floor.DefaultLimits()
	heard := func(e floor.Entry) floor.Entry { e.Status = floor.Done; return e }
	first, second := reply(1, "RUS", 0), reply(2, "RUS", 5)
	for _, tc := range []struct {
		name    string
		e       floor.Entry
		entries []floor.Entry
		want    time.Duration
	}{
		{"a national statement", national(0, "FRA", 0), nil, 3 * time.Minute},
		{"a group statement", group(0, "IRQ", "Group of 77 and China", 0), nil, 5 * time.Minute},
		{"a stakeholder", org(0, floor.Stakeholder, 40, 0), nil, 3 * time.Minute},
		{"a point of order", point(0, "USA", 0), nil, 2 * time.Minute},
		{"a first reply", reply(0, "RUS", 9), nil, 5 * time.Minute},
		{"a second reply, being inscribed", reply(0, "RUS", 9), []floor.Entry{heard(first)}, 3 * time.Minute},
		{"a second reply, inscribed", second, []floor.Entry{heard(first), second}, 3 * time.Minute},
		{"the first reply, with the second on the list", first, []floor.Entry{first, second}, 5 * time.Minute},
		{"after a withdrawn reply, still the first", reply(0, "RUS", 9), []floor.Entry{with(first, floor.Withdrawn)}, 5 * time.Minute},
		{"another delegation's reply does not count", reply(0, "RUS", 9), []floor.Entry{heard(reply(3, "UKR", 0))}, 5 * time.Minute},
	} {
		if got := l.For(tc.e, tc.entries); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
