package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/api"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestFloorThroughTheAPI runs a list of speakers through the API, role by role: the
// Chair opens and runs it, delegates inscribe their own State only, an accredited
// organization speaks in the stakeholder segment, the public reads it all.
func TestFloorThroughTheAPI(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	gm, m := e.Meeting(t, true)
	gni, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "USA", ECOSOC: organization.SpecialStatus,
		Names: plenary.Localized{"en": "Global Network Initiative"}})
	if err != nil {
		t.Fatal(err)
	}
	secU := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	chairU := e.CreateUser(t, "c@example.org", "Chair", plenary.Grant{Role: plenary.RoleChair})
	fraU := e.CreateUser(t, "fra@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	gniU := e.CreateUser(t, "gni@example.org", "Jason", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: gni.ID})
	e.Accredit(t, e.Actor(t, secU), e.Actor(t, gniU), gm.ID, gni.ID)
	chair := client{t: t, e: e, token: tokenFor(t, e, chairU, plenary.ScopeWrite)}
	chairRead := client{t: t, e: e, token: tokenFor(t, e, chairU, plenary.ScopeRead)}
	fra := client{t: t, e: e, token: tokenFor(t, e, fraU, plenary.ScopeWrite)}
	ngo := client{t: t, e: e, token: tokenFor(t, e, gniU, plenary.ScopeWrite)}
	anon := client{t: t, e: e}
	meetingPath := fmt.Sprintf("/meetings/%d", m.ID)

	fra.must(http.MethodPost, meetingPath+"/speaker-lists", map[string]any{}, 403)
	chairRead.must(http.MethodPost, meetingPath+"/speaker-lists", map[string]any{}, 403)
	var l, seg api.SpeakerList
	chair.must(http.MethodPost, meetingPath+"/speaker-lists", map[string]any{}, 201).json(t, &l)
	chair.must(http.MethodPost, meetingPath+"/speaker-lists", map[string]any{"stakeholder_segment": true}, 201).json(t, &seg)
	chair.must(http.MethodPost, meetingPath+"/speaker-lists", map[string]any{}, 409)
	list := fmt.Sprintf("/speaker-lists/%d", l.ID)

	fra.must(http.MethodPost, list+"/speakers", map[string]any{"state": "BRA"}, 403)
	anon.must(http.MethodPost, list+"/speakers", map[string]any{"state": "FRA"}, 401)
	var fraEntry api.Speaker
	fra.must(http.MethodPost, list+"/speakers", map[string]any{"state": "FRA", "speaker_name": "Henri Verdier", "gender": "male"}, 201).json(t, &fraEntry)
	fra.lang = "ru"
	r := fra.must(http.MethodPost, list+"/speakers", map[string]any{"state": "FRA"}, 409)
	if !strings.Contains(string(r.Body), "делегация") {
		t.Errorf("refusal not in Russian: %s", r.Body)
	}
	fra.lang = ""
	fra.must(http.MethodPost, list+"/speakers", map[string]any{"state": "FRA", "gender": "unknown"}, 422)
	var g77 api.Speaker
	chair.must(http.MethodPost, list+"/speakers", map[string]any{"state": "BRA", "group": "Group of 77 and China"}, 201).json(t, &g77)
	ngo.must(http.MethodPost, list+"/speakers", map[string]any{"organization_id": gni.ID}, 409) // the States' list
	var gniEntry api.Speaker
	ngo.must(http.MethodPost, fmt.Sprintf("/speaker-lists/%d/speakers", seg.ID), map[string]any{"organization_id": gni.ID}, 201).json(t, &gniEntry)
	if gniEntry.Category != "stakeholder" || gniEntry.Organization["en"] != "Global Network Initiative" {
		t.Errorf("stakeholder entry: %+v", gniEntry)
	}

	var got api.SpeakerList
	anon.must(http.MethodGet, list, nil, 200).json(t, &got)
	if len(got.Waiting) != 2 || got.Waiting[0].ID != g77.ID || got.Waiting[1].ID != fraEntry.ID || got.Speaking != nil {
		t.Fatalf("default order: %+v", got)
	}
	// A reorder on an old version is refused; on the current one it stands.
	fra.must(http.MethodPut, list+"/order", map[string]any{"version": got.Version, "speaker_ids": []int64{fraEntry.ID, g77.ID}}, 403)
	chair.must(http.MethodPut, list+"/order", map[string]any{"version": got.Version - 1, "speaker_ids": []int64{fraEntry.ID, g77.ID}}, 409)
	chair.must(http.MethodPut, list+"/order", map[string]any{"version": got.Version, "speaker_ids": []int64{fraEntry.ID, g77.ID}}, 200).json(t, &got)
	if got.Waiting[0].ID != fraEntry.ID {
		t.Errorf("after the reorder: %+v", got.Waiting)
	}
	fra.must(http.MethodPost, list+"/next", nil, 403)
	chair.must(http.MethodPost, list+"/next", nil, 200).json(t, &got)
	if got.Speaking == nil || got.Speaking.ID != fraEntry.ID || got.Speaking.LimitSeconds != 180 || !got.Speaking.TimerRunning {
		t.Fatalf("speaking: %+v", got.Speaking)
	}
	e.Clock.Advance(95 * time.Second)
	chair.must(http.MethodPut, list+"/timer", map[string]any{"running": false}, 200).json(t, &got)
	if got.Speaking.SpokenSeconds != 95 || got.Speaking.TimerRunning {
		t.Errorf("paused: %+v", got.Speaking)
	}
	chair.must(http.MethodPost, list+"/closure", nil, 200)
	fra.must(http.MethodPost, list+"/speakers", map[string]any{"state": "FRA", "group": "European Union"}, 409)
	chair.must(http.MethodDelete, list+"/closure", nil, 200)
	chair.must(http.MethodPost, list+"/next", nil, 200)

	// France's written statement; the public downloads it. France may not withdraw Brazil's request.
	entry := fmt.Sprintf("%s/speakers/%d", list, fraEntry.ID)
	pdf := []byte("%PDF-1.7\nDéclaration\n%%EOF")
	if r := fra.upload(entry+"/statement?language=fr&filename=FRA.pdf", "application/pdf", pdf); r.Status != 200 {
		t.Fatalf("statement: %d %s", r.Status, r.Body)
	}
	if r := ngo.upload(entry+"/statement?language=fr", "application/pdf", pdf); r.Status != 403 {
		t.Errorf("another's statement: %d", r.Status)
	}
	if r := anon.must(http.MethodGet, entry+"/statement", nil, 200); string(r.Body) != string(pdf) {
		t.Errorf("download: %q", r.Body)
	}
	fra.must(http.MethodDelete, fmt.Sprintf("%s/speakers/%d", list, g77.ID), nil, 403) // Brazil's, not France's
	chair.must(http.MethodPost, list+"/next", nil, 200)

	var st api.SpeakingTime
	anon.must(http.MethodGet, meetingPath+"/speaking-time", nil, 200).json(t, &st)
	if st.Total.Interventions != 2 || st.Total.Seconds != 95 {
		t.Errorf("speaking time: %+v", st)
	}
	var lists []api.SpeakerList
	anon.must(http.MethodGet, meetingPath+"/speaker-lists", nil, 200).json(t, &lists)
	if len(lists) != 2 || len(lists[0].Spoken) != 2 || !lists[0].Spoken[0].Statement {
		t.Errorf("lists: %+v", lists)
	}
}
