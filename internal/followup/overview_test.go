package followup_test

import (
	"reflect"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/followup"
)

// TestOverview: the figures of every commitment of a body, read at once, are those each
// commitment's Progress gives, for every role; a body without commitments has none.
func TestOverview(t *testing.T) {
	w := newWorld(t)
	fu := w.e.FollowUp
	c30, c31 := w.mark(t, "30"), w.mark(t, "31")
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c31.ID, State: "FRA", Status: "planned", Level: followup.Public})
	w.report(t, "FRA/state_submitter", followup.ReportInput{CommitmentID: c31.ID, State: "FRA", Status: "implemented", Base: 1})
	w.report(t, "KEN/state_submitter", followup.ReportInput{CommitmentID: c31.ID, State: "KEN", Status: "under_way", Level: followup.StatesOnly})
	w.report(t, "KEN/state_submitter", followup.ReportInput{CommitmentID: c30.ID, State: "KEN", Status: "not_started", Level: followup.Public})
	for who := range w.people {
		a := w.actor(who)
		all, err := fu.Overview(ctx, a, w.gm.ID)
		if err != nil || len(all) != 2 || all[0].Commitment.ID != c30.ID || all[1].Commitment.ID != c31.ID {
			t.Fatalf("%s: overview %d %v", who, len(all), err)
		}
		for _, got := range all {
			want, err := fu.Progress(ctx, a, got.Commitment.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Total, want.Total) || !reflect.DeepEqual(got.Groups, want.Groups) ||
				!reflect.DeepEqual(got.Scale, want.Scale) || !reflect.DeepEqual(got.Levels, want.Levels) {
				t.Errorf("%s on %s: overview %+v, progress %+v", who, got.Commitment.Code, got.Total, want.Total)
			}
		}
	}
	if all, err := fu.Overview(ctx, plenary.Public("en"), w.gm.ID+1000); err != nil || len(all) != 0 {
		t.Errorf("a body without commitments: %d %v", len(all), err)
	}
}
