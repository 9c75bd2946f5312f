package accreditation_test

import (
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestObjectionRacingTheDeadline: objections sent just before the deadline race the job
// deciding at the deadline. Two services share the database, one on a clock a moment
// before the deadline (the delegates'), one at it (the job's). Whatever the interleaving,
// an objection either counts in the decision or is refused: never recorded after an
// accreditation it should have blocked.
func TestObjectionRacingTheDeadline(t *testing.T) {
	for i := range 8 {
		w := newWorld(t)
		r := w.open(t)
		apps := []accreditation.Application{w.apply(t, w.ngoFocal, w.ngo.ID), w.apply(t, w.thinkFocal, w.think.ID)}
		w.screen(t, apps...)
		r = w.circulate(t, r)

		before := testenv.NewClock()
		before.Set(r.ObjectionsClose.Add(-time.Millisecond))
		delegates := accreditation.NewService(w.e.App.DB.Accreditation(), before, nil, "")
		job := testenv.NewClock()
		job.Set(r.ObjectionsClose)
		decider := accreditation.NewService(w.e.App.DB.Accreditation(), job, nil, "")

		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for _, d := range []struct {
			who   plenary.Actor
			state string
		}{{w.fra, "FRA"}, {w.rus, "RUS"}, {w.ken, "KEN"}} {
			for _, a := range apps {
				wg.Go(func() {
					_, err := delegates.TakePosition(ctx, d.who, a.ID, accreditation.PositionInput{State: d.state, Stance: accreditation.Object})
					if err != nil && plenary.ErrorKind(err) != plenary.KindConflict {
						errs <- err
					}
				})
			}
		}
		wg.Go(func() {
			if err := decider.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
				errs <- err
			}
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("run %d: %v", i, err)
		}
		for _, a := range apps {
			v, err := w.e.Accreditation.Get(ctx, w.secretariat, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case v.Status == accreditation.Accredited && v.Objections > 0:
				t.Errorf("run %d: %s accredited with %d objections recorded", i, v.Tracking, v.Objections)
			case v.Status == accreditation.Rejected && v.Objections == 0:
				t.Errorf("run %d: %s rejected without an objection", i, v.Tracking)
			case v.Status != accreditation.Accredited && v.Status != accreditation.Rejected:
				t.Errorf("run %d: %s is %s after the deadline", i, v.Tracking, v.Status)
			}
		}
	}
}
