package demo

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
)

// demoClock is a clock the demo sets, so that the past meeting's speakers spoke for
// believable times.
type demoClock struct{ t time.Time }

func (c *demoClock) Now() time.Time { return c.t }

// seedFloor gives the last substantive session's second meeting a list of speakers run
// from start to end (its speaking time has figures), and the coming session's first
// meeting a list with delegations waiting, for the Chair to run.
func seedFloor(ctx context.Context, d Deps, actors map[string]plenary.Actor, institute organization.Organization) error {
	chair := actors["chair@example.org"]
	meetings := meeting.NewService(d.DB.Meetings(), d.Clock, nil)
	gm, err := d.Bodies.ByCode(ctx, chair, "gm")
	if err != nil {
		return err
	}
	sessions, err := meetings.BodySessions(ctx, chair, gm.ID)
	if err != nil {
		return err
	}
	now := d.Clock.Now()
	var past, coming meeting.Program
	for _, s := range sessions {
		if s.BodyID != gm.ID || s.Kind != meeting.Substantive {
			continue
		}
		p, err := meetings.Get(ctx, chair, s.ID)
		if err != nil {
			return err
		}
		if s.EndsOn.Before(now) {
			past = p
		} else if coming.Session.ID == 0 {
			coming = p
		}
	}
	if len(past.Meetings) < 2 || len(coming.Meetings) < 1 {
		return nil
	}

	// The past meeting: statements of groups, States, an observer and, in the segment,
	// a stakeholder, each for its own time.
	m := past.Meetings[1]
	clock := &demoClock{t: m.StartsAt.Add(5 * time.Minute)}
	f := floor.NewService(d.DB.Floor(), clock, floor.NewHub(), nil, d.BaseURL)
	l, err := f.OpenList(ctx, chair, m.ID, 0, false)
	if err != nil {
		return err
	}
	speakers := []struct {
		in     floor.InscribeInput
		spoke  time.Duration
		gender string
	}{
		{floor.InscribeInput{State: "UGA", Group: "Group of 77 and China", SpeakerName: "H.E. Ms. Nakato"}, 4*time.Minute + 40*time.Second, floor.GenderFemale},
		{floor.InscribeInput{State: "FRA", SpeakerName: "M. Henri Verdier"}, 3*time.Minute + 5*time.Second, floor.GenderMale},
		{floor.InscribeInput{State: "KEN", SpeakerName: "Ms. Wanjiru Kamau"}, 2*time.Minute + 50*time.Second, floor.GenderFemale},
		{floor.InscribeInput{State: "BRA", SpeakerName: "Mr. Eugênio Garcia"}, 3*time.Minute + 30*time.Second, floor.GenderMale},
		{floor.InscribeInput{State: "EGY", SpeakerName: "Mr. Omar Hassan", Remote: true}, 2*time.Minute + 20*time.Second, floor.GenderMale},
		{floor.InscribeInput{State: "CHN", SpeakerName: "Mr. Wang Lei"}, 3*time.Minute + 10*time.Second, floor.GenderMale},
		{floor.InscribeInput{State: "MEX", SpeakerName: "Sra. Ana López"}, 2*time.Minute + 55*time.Second, floor.GenderFemale},
		{floor.InscribeInput{State: "RUS", Kind: floor.RightOfReply, SpeakerName: "Mr. Artem Ivanov"}, 1*time.Minute + 50*time.Second, floor.GenderMale},
	}
	for _, s := range speakers {
		s.in.Gender = s.gender
		if _, err := f.Inscribe(ctx, chair, l.ID, s.in); err != nil {
			return err
		}
	}
	for _, s := range speakers {
		if _, err := f.Next(ctx, chair, l.ID); err != nil {
			return err
		}
		clock.t = clock.t.Add(s.spoke)
	}
	if _, err := f.Next(ctx, chair, l.ID); err != nil {
		return err
	}
	seg, err := f.OpenList(ctx, chair, m.ID, 0, true)
	if err != nil {
		return err
	}
	if _, err := f.Inscribe(ctx, actors["focal@example.org"], seg.ID, floor.InscribeInput{OrganizationID: institute.ID,
		SpeakerName: "Sofia Rossi", Gender: floor.GenderFemale}); err != nil {
		return err
	}
	if _, err := f.Next(ctx, chair, seg.ID); err != nil {
		return err
	}
	clock.t = clock.t.Add(2*time.Minute + 45*time.Second)
	if _, err := f.Next(ctx, chair, seg.ID); err != nil {
		return err
	}

	// The coming meeting: delegations already waiting; the Chair gives the floor.
	f = floor.NewService(d.DB.Floor(), d.Clock, floor.NewHub(), nil, d.BaseURL)
	l, err = f.OpenList(ctx, chair, coming.Meetings[0].ID, 0, false)
	if err != nil {
		return err
	}
	for _, w := range []struct {
		who plenary.Actor
		in  floor.InscribeInput
	}{
		{actors["delegate.fra@example.org"], floor.InscribeInput{State: "FRA", SpeakerName: "Claire Martin"}},
		{actors["delegate.ken@example.org"], floor.InscribeInput{State: "KEN", Group: "African Group", SpeakerName: "Wanjiru Kamau"}},
		{actors["delegate.egy@example.org"], floor.InscribeInput{State: "EGY", SpeakerName: "Omar Hassan", Remote: true}},
		{chair, floor.InscribeInput{State: "SGP", SpeakerName: "Mr. David Koh"}},
		{actors["observer@example.org"], floor.InscribeInput{OrganizationID: observerOrg(actors["observer@example.org"])}},
	} {
		if _, err := f.Inscribe(ctx, w.who, l.ID, w.in); err != nil {
			return err
		}
	}
	return nil
}

// observerOrg is the organization an observer acts for.
func observerOrg(a plenary.Actor) int64 {
	if ids := a.Organizations(plenary.RoleObserver); len(ids) > 0 {
		return ids[0]
	}
	return 0
}
