package accreditation

import (
	"testing"
	"time"
)

func TestDeadlineAcrossTimeZonesAndDaylightSaving(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	geneva, err := time.LoadLocation("Europe/Zurich") // Geneva keeps Zurich's time
	if err != nil {
		t.Fatal(err)
	}
	nairobi, _ := time.LoadLocation("Africa/Nairobi")
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday; 04:00 in New York
	for _, tc := range []struct {
		name string
		loc  *time.Location
		days int
		want time.Time
	}{
		// New York moves to summer time on 8 March: 18:00 on 16 March is EDT, 22:00 UTC,
		// not the 23:00 UTC that 14 × 24 hours after 18:00 EST would give.
		{"New York across the change to summer time", ny, 14, time.Date(2026, 3, 16, 22, 0, 0, 0, time.UTC)},
		{"New York before the change", ny, 5, time.Date(2026, 3, 7, 23, 0, 0, 0, time.UTC)},
		// Geneva changes on 29 March.
		{"Geneva before its change", geneva, 14, time.Date(2026, 3, 16, 17, 0, 0, 0, time.UTC)},
		{"Geneva after its change", geneva, 28, time.Date(2026, 3, 30, 16, 0, 0, 0, time.UTC)},
		{"Nairobi, no summer time", nairobi, 14, time.Date(2026, 3, 16, 15, 0, 0, 0, time.UTC)},
	} {
		if got := Deadline(start, tc.days, 18, tc.loc); !got.Equal(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// The local date counts, not the UTC one: 23:30 on 1 March in New York is already
	// 2 March in UTC, and the period counts from 1 March.
	late := time.Date(2026, 3, 2, 4, 30, 0, 0, time.UTC)
	if got, want := Deadline(late, 1, 18, ny), time.Date(2026, 3, 2, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("from late evening: %v, want %v", got, want)
	}
	// Autumn: New York returns to standard time on 1 November.
	autumn := time.Date(2026, 10, 26, 15, 0, 0, 0, time.UTC)
	if got, want := Deadline(autumn, 7, 18, ny), time.Date(2026, 11, 2, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("across the return to standard time: %v, want %v", got, want)
	}
}

func TestDecide(t *testing.T) {
	obj := func(state string, withdrawn bool) Position {
		p := Position{State: state, Stance: Object}
		if withdrawn {
			p.WithdrawnAt = time.Now()
		}
		return p
	}
	sup := func(state string) Position { return Position{State: state, Stance: Support} }
	for _, tc := range []struct {
		name      string
		policy    Policy
		positions []Position
		want      Status
	}{
		{"no objection", Policy{Rule: NonObjection, Threshold: 1}, nil, Accredited},
		{"one objection blocks", Policy{Rule: NonObjection, Threshold: 1}, []Position{obj("RUS", false)}, Rejected},
		{"a withdrawn objection does not count", Policy{Rule: NonObjection, Threshold: 1}, []Position{obj("RUS", true)}, Accredited},
		{"threshold of three: two do not block", Policy{Rule: NonObjection, Threshold: 3}, []Position{obj("A", false), obj("B", false)}, Accredited},
		{"threshold of three: three block", Policy{Rule: NonObjection, Threshold: 3}, []Position{obj("A", false), obj("B", false), obj("C", false)}, Rejected},
		{"participants: silence fails", Policy{Rule: ParticipantsDecision}, nil, Rejected},
		{"participants: more support", Policy{Rule: ParticipantsDecision}, []Position{sup("A"), sup("B"), obj("C", false)}, Accredited},
		{"participants: a tie fails", Policy{Rule: ParticipantsDecision}, []Position{sup("A"), obj("C", false)}, Rejected},
		{"Secretariat: left to it", Policy{Rule: SecretariatDecision}, []Position{obj("A", false)}, Circulated},
	} {
		if got := Decide(tc.policy, tc.positions).Status; got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}
