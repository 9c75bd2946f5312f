package accreditation_test

import (
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// seen is what a reader learns of the objection by Russia to the NGO's application.
type seen struct{ objector, reason bool }

func look(t *testing.T, w *world, who plenary.Actor, id int64) (seen, bool) {
	t.Helper()
	v, err := w.e.Accreditation.Get(ctx, who, id)
	if err != nil {
		return seen{}, false
	}
	var s seen
	for _, p := range v.Positions {
		if p.State == "RUS" {
			s.objector = true
			s.reason = s.reason || p.Reason != ""
		}
	}
	return s, true
}

// TestWhoSeesObjections checks, for each policy setting, that the objecting State and its
// reason reach exactly the readers the policy names — during the circulation and after
// the decision.
func TestWhoSeesObjections(t *testing.T) {
	for _, tc := range []struct {
		name      string
		objectors []accreditation.Audience
		reasons   []accreditation.Audience
		// expectations after the decision, per reader: fra (another Member State), the
		// applicant's focal point, the public
		fra, applicant, public seen
		// during circulation the applicant never sees (the "applicant" audience applies
		// once decided)
	}{
		{name: "default: Chair and Secretariat only"},
		{name: "all States see who, not why", objectors: []accreditation.Audience{accreditation.AllStates},
			fra: seen{objector: true}},
		{name: "all States see who and why", objectors: []accreditation.Audience{accreditation.AllStates}, reasons: []accreditation.Audience{accreditation.AllStates},
			fra: seen{objector: true, reason: true}},
		{name: "the applicant, after the decision", objectors: []accreditation.Audience{accreditation.Applicant}, reasons: []accreditation.Audience{accreditation.Applicant},
			applicant: seen{objector: true, reason: true}},
		{name: "the public sees who", objectors: []accreditation.Audience{accreditation.Everyone},
			fra: seen{objector: true}, applicant: seen{objector: true}, public: seen{objector: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.setPolicy(t, func(in *accreditation.PolicyInput) { in.ObjectorsSeenBy, in.ReasonsSeenBy = tc.objectors, tc.reasons })
			r := w.open(t)
			a := w.apply(t, w.ngoFocal, w.ngo.ID)
			w.screen(t, a)
			r = w.circulate(t, r)
			object(t, w, w.rus, "RUS", a, "General basis: X.")

			// Always: the Secretariat and the Chair see who and why; Russia sees its own.
			for _, staff := range []plenary.Actor{w.secretariat, w.chair, w.rus} {
				if s, ok := look(t, w, staff, a.ID); !ok || s != (seen{true, true}) {
					t.Errorf("staff or the objector sees %+v (readable %v)", s, ok)
				}
			}
			// Kenya (another Member State) sees according to the policy.
			if s, _ := look(t, w, w.ken, a.ID); s != tc.fra {
				t.Errorf("another Member State during circulation: %+v, want %+v", s, tc.fra)
			}
			// The applicant sees nothing of it yet, whatever the policy says.
			if s, _ := look(t, w, w.ngoFocal, a.ID); s != (seen{}) && tc.public == (seen{}) {
				t.Errorf("the applicant during circulation: %+v", s)
			}
			// The observer State is not a Member State: it sees only what the public does.
			if s, ok := look(t, w, w.pse, a.ID); ok && s != (seen{}) && tc.public == (seen{}) {
				t.Errorf("an observer State sees %+v", s)
			}

			w.decideAt(t, r.ObjectionsClose)
			if s, _ := look(t, w, w.ken, a.ID); s != tc.fra {
				t.Errorf("another Member State after the decision: %+v, want %+v", s, tc.fra)
			}
			for _, who := range []plenary.Actor{w.ngoFocal, w.ngoRep} {
				if s, _ := look(t, w, who, a.ID); s != tc.applicant {
					t.Errorf("the applicant after the decision: %+v, want %+v", s, tc.applicant)
				}
			}
			// The public cannot read applications at all; what it may know is in the
			// round's figures, which name nobody.
			if _, ok := look(t, w, plenary.Public("en"), a.ID); ok {
				t.Error("the public reads an application")
			}
			// Counts follow who may see objectors.
			v, _ := w.e.Accreditation.Get(ctx, w.thinkFocal, a.ID)
			if v.Counted {
				t.Error("another organization sees the objection count")
			}
		})
	}
}

// TestDisclosureOnRequest: a Member State asks the Chair who objected; it learns only
// once the Chair answers, and only that State does.
func TestDisclosureOnRequest(t *testing.T) {
	w := newWorld(t)
	w.setPolicy(t, func(in *accreditation.PolicyInput) {
		in.ObjectorsSeenBy = []accreditation.Audience{accreditation.StatesOnRequest}
	})
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	w.screen(t, a)
	w.circulate(t, r)
	object(t, w, w.rus, "RUS", a, "General basis: X.")

	// Neither the applicant nor an observer State may ask; Kenya may.
	if _, err := w.e.Accreditation.RequestDisclosure(ctx, w.ngoFocal, a.ID, "KEN"); err == nil {
		t.Error("the applicant asked on Kenya's behalf")
	}
	if _, err := w.e.Accreditation.RequestDisclosure(ctx, w.pse, a.ID, "PSE"); err == nil {
		t.Error("an observer State asked")
	}
	if _, err := w.e.Accreditation.RequestDisclosure(ctx, w.fra, a.ID, "KEN"); err == nil {
		t.Error("France asked in Kenya's name")
	}
	d, err := w.e.Accreditation.RequestDisclosure(ctx, w.ken, a.ID, "KEN")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Accreditation.RequestDisclosure(ctx, w.ken, a.ID, "KEN"); message(err) != "accreditation.disclosure_pending" {
		t.Fatalf("second request: %v", err)
	}
	if s, _ := look(t, w, w.ken, a.ID); s != (seen{}) {
		t.Fatalf("Kenya sees %+v before the answer", s)
	}
	// The request is on record for the Chair; other States do not see Kenya's request.
	items, err := w.e.Accreditation.Disclosures(ctx, w.chair, w.body.ID)
	if err != nil || len(items) != 1 || items[0].State != "KEN" {
		t.Fatalf("chair's list %+v %v", items, err)
	}
	if items, _ := w.e.Accreditation.Disclosures(ctx, w.fra, w.body.ID); len(items) != 0 {
		t.Fatalf("France sees %d requests", len(items))
	}
	kindOf(t, w.e.Accreditation.AnswerDisclosure(ctx, w.ken, d.ID, ""), plenary.KindForbidden)
	if err := w.e.Accreditation.AnswerDisclosure(ctx, w.chair, d.ID, "See the positions."); err != nil {
		t.Fatal(err)
	}
	// Kenya now sees who objected, but not why: reasons are not shared on request here.
	if s, _ := look(t, w, w.ken, a.ID); s != (seen{objector: true}) {
		t.Fatalf("Kenya after the answer: %+v", s)
	}
	// France, which did not ask, still sees nothing.
	if s, _ := look(t, w, w.fra, a.ID); s != (seen{}) {
		t.Fatalf("France sees %+v", s)
	}
	kindOf(t, w.e.Accreditation.AnswerDisclosure(ctx, w.chair, d.ID, ""), plenary.KindConflict)
}

func TestReasonModes(t *testing.T) {
	w := newWorld(t)
	w.setPolicy(t, func(in *accreditation.PolicyInput) { in.ReasonMode = accreditation.ReasonRequired })
	r := w.open(t)
	a := w.apply(t, w.ngoFocal, w.ngo.ID)
	w.screen(t, a)
	w.circulate(t, r)
	_, err := w.e.Accreditation.TakePosition(ctx, w.rus, a.ID, accreditation.PositionInput{State: "RUS"})
	if message(err) != "reason:field.required" {
		t.Fatal(err)
	}

	w2 := newWorld(t)
	w2.setPolicy(t, func(in *accreditation.PolicyInput) { in.ReasonMode = accreditation.ReasonNotAsked })
	r2 := w2.open(t)
	b := w2.apply(t, w2.ngoFocal, w2.ngo.ID)
	w2.screen(t, b)
	w2.circulate(t, r2)
	p := object(t, w2, w2.rus, "RUS", b, "A reason nobody asked for.")
	if p.Reason != "" {
		t.Fatal("a reason was kept where the policy does not ask for one")
	}
}

// TestAccreditationPerRole: who may do each step.
func TestAccreditationPerRole(t *testing.T) {
	w := newWorld(t)
	readToken := w.secretariat
	readToken.Scopes = []plenary.Scope{plenary.ScopeRead}
	everyone := map[string]plenary.Actor{
		"public": plenary.Public("en"), "secretariat": w.secretariat, "secretariat read token": readToken, "chair": w.chair,
		"delegate": w.fra, "observer State delegate": w.pse, "focal point": w.ngoFocal, "representative": w.ngoRep,
		"another focal point": w.thinkFocal,
	}
	// Setting policy and opening rounds: the Secretariat only.
	for name, a := range everyone {
		_, err := w.e.Accreditation.SetPolicy(ctx, a, w.body.ID, accreditation.PolicyInput{})
		if name == "secretariat" {
			if message(err) != "eligible:accreditation.eligible_required" {
				t.Errorf("secretariat set an empty policy: %v", err)
			}
			continue
		}
		testenv.Allowed(t, name+" sets the policy", err, false)
		_, err = w.e.Accreditation.OpenRound(ctx, a, w.body.ID, accreditation.OpenInput{})
		testenv.Allowed(t, name+" opens a round", err, false)
	}
	r := w.open(t)
	// Starting an application: the organization's focal point only.
	for name, a := range everyone {
		if name == "focal point" {
			continue
		}
		_, err := w.e.Accreditation.Start(ctx, a, w.body.ID, w.ngo.ID)
		testenv.Allowed(t, name+" applies for the NGO", err, false)
	}
	app := w.apply(t, w.ngoFocal, w.ngo.ID)
	// Reading a submitted application before circulation: the organization, the Chair and
	// the Secretariat; not States yet.
	for name, a := range everyone {
		_, err := w.e.Accreditation.Get(ctx, a, app.ID)
		want := name == "secretariat" || name == "secretariat read token" || name == "chair" || name == "focal point" || name == "representative"
		testenv.Allowed(t, name+" reads before circulation", err, want)
	}
	for name, a := range everyone {
		if name == "secretariat" {
			continue
		}
		_, err := w.e.Accreditation.Screen(ctx, a, app.ID, true, "")
		testenv.Allowed(t, name+" screens", err, false)
	}
	w.screen(t, app)
	r = w.circulate(t, r)
	// After circulation Member States read it; observer States do not.
	for name, a := range everyone {
		_, err := w.e.Accreditation.Get(ctx, a, app.ID)
		want := name != "public" && name != "observer State delegate" && name != "another focal point"
		testenv.Allowed(t, name+" reads after circulation", err, want)
	}
	// Only a Member State's delegate objects, and only for their own State.
	for name, a := range everyone {
		if name == "delegate" {
			continue
		}
		_, err := w.e.Accreditation.TakePosition(ctx, a, app.ID, accreditation.PositionInput{State: "FRA"})
		testenv.Allowed(t, name+" objects for France", err, false)
	}
	_, err := w.e.Accreditation.TakePosition(ctx, w.fra, app.ID, accreditation.PositionInput{State: "RUS"})
	testenv.Allowed(t, "France objects for Russia", err, false)
	// The focal point may not withdraw Russia's objection; Russia's delegate may.
	p := object(t, w, w.rus, "RUS", app, "")
	testenv.Allowed(t, "the focal point withdraws an objection", w.e.Accreditation.WithdrawPosition(ctx, w.ngoFocal, p.ID), false)
	testenv.Allowed(t, "France withdraws Russia's objection", w.e.Accreditation.WithdrawPosition(ctx, w.fra, p.ID), false)
	_ = r
}
