package ping_test

import (
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/ping"
)

// TestOverlappingTicks: ticks that run at once (a tick outlasting its minute, or two
// instances on PostgreSQL) start a scheduled round once, remind once and escalate once:
// each step is claimed by a conditional update, and the tick that finds it taken does
// nothing.
func TestOverlappingTicks(t *testing.T) {
	w := newWorld(t)
	start := w.e.Clock.Now().Add(time.Hour)
	r, err := w.e.Pings.CreateRound(ctx, w.sec, ping.RoundInput{Title: "Overlap", Scope: ping.ScopeAll, StartsAt: start, Hours: 48})
	if err != nil {
		t.Fatal(err)
	}
	ticks := func() {
		t.Helper()
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for range 4 {
			wg.Add(1)
			go func() { defer wg.Done(); errs <- w.e.Pings.Tick(ctx, ping.TickJob{}) }()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	w.e.Clock.Set(start)
	ticks()
	if n := len(w.requests(t, r.ID)); n != 5 { // A, B, C, D, E, and none of F, G, H
		t.Fatalf("%d requests after four ticks at the start, want 5", n)
	}
	w.wait(t, w.a, "ping", "Overlap", "FRA", 1)

	w.e.Clock.Set(start.Add(24 * time.Hour))
	ticks()
	w.wait(t, w.a, "ping_reminder", "Overlap", "FRA", 1)

	w.e.Clock.Set(start.Add(36 * time.Hour))
	ticks()
	// A is silent, so B (France's other contact) hears it once; and A of B.
	w.wait(t, w.b, "ping_escalation", "Overlap", "FRA", 1)
	w.wait(t, w.a, "ping_escalation", "Overlap", "FRA", 1)
}
