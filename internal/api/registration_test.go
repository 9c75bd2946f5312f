package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/api"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestRegistrationThroughTheAPI runs a session's registration per role: France's
// delegate registers the delegation with its note verbale and head; the Secretariat
// approves; an accredited organization's focal point registers up to the limit; travel
// funding is decided; the public reads the list and the figures, which carry no
// contacts; the note verbale goes to the Secretariat and France's delegates only.
func TestRegistrationThroughTheAPI(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism"}})
	if err != nil {
		t.Fatal(err)
	}
	// An organization in ECOSOC status, accredited on its notification.
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", ECOSOC: organization.SpecialStatus,
		Names: plenary.Localized{"en": "Nairobi Cyber Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.OpenRound(ctx, sys, gm.ID, accreditation.OpenInput{}); err != nil {
		t.Fatal(err)
	}
	focalU := e.CreateUser(t, "achieng@forum.example", "Achieng", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	focalActor := e.Actor(t, focalU)
	app, err := e.Accreditation.Start(ctx, focalActor, gm.ID, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.Update(ctx, focalActor, app.ID, accreditation.DossierInput{ContactName: "Achieng", ContactEmail: "achieng@forum.example"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.Submit(ctx, focalActor, app.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Accreditation.Screen(ctx, sys, app.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	sess, err := e.Meetings.CreateSession(ctx, sys, meeting.SessionInput{BodyID: gm.ID, Kind: meeting.Substantive,
		StartsOn: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), RepresentativeLimit: 2})
	if err != nil {
		t.Fatal(err)
	}

	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	chairU := e.CreateUser(t, "c@example.org", "Chair", plenary.Grant{Role: plenary.RoleChair})
	fraU := e.CreateUser(t, "claire@diplomatie.example", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	kenU := e.CreateUser(t, "ken@example.org", "Wanjiru", plenary.Grant{Role: plenary.RoleDelegate, State: "KEN"})
	sec := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeWrite)}
	secRead := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeRead)}
	chair := client{t: t, e: e, token: tokenFor(t, e, chairU, plenary.ScopeWrite)}
	fra := client{t: t, e: e, token: tokenFor(t, e, fraU, plenary.ScopeWrite)}
	ken := client{t: t, e: e, token: tokenFor(t, e, kenU, plenary.ScopeWrite)}
	focal := client{t: t, e: e, token: tokenFor(t, e, focalU, plenary.ScopeWrite)}
	anon := client{t: t, e: e}
	s := fmt.Sprintf("/sessions/%d", sess.ID)

	// France's delegation, by its delegate only.
	anon.must(http.MethodPost, s+"/delegations", map[string]any{"state": "FRA"}, 401)
	ken.must(http.MethodPost, s+"/delegations", map[string]any{"state": "FRA"}, 403)
	var d api.Delegation
	fra.must(http.MethodPost, s+"/delegations", map[string]any{"state": "fra"}, 201).json(t, &d)
	if d.State != "FRA" || d.Status != "pending" || d.Credentials {
		t.Fatalf("delegation %+v", d)
	}
	fra.must(http.MethodPost, s+"/delegations", map[string]any{"state": "FRA"}, 409)
	del := fmt.Sprintf("/delegations/%d", d.ID)

	// The note verbale, checked by content.
	if r := fra.upload(del+"/credentials?filename=note.exe", "application/pdf", []byte("MZ\x90\x00program")); r.Status != 422 || !strings.Contains(string(r.Body), "body.letter") {
		t.Fatalf("program as note verbale: %d %s", r.Status, r.Body)
	}
	if r := fra.upload(del+"/credentials", "application/pdf", bytes.Repeat([]byte("x"), accreditation.MaxLetter+10)); r.Status != 413 {
		t.Fatalf("note verbale too large: %d", r.Status)
	}
	if r := ken.upload(del+"/credentials", "application/pdf", letterPDF); r.Status != 404 {
		t.Fatalf("Kenya attaches France's note verbale: %d %s", r.Status, r.Body)
	}
	r := fra.upload(del+"/credentials?filename=note-verbale.pdf", "application/pdf", letterPDF)
	if r.Status != 200 {
		t.Fatalf("note verbale: %d %s", r.Status, r.Body)
	}
	r.json(t, &d)
	if !d.Credentials {
		t.Errorf("no credentials after the upload: %+v", d)
	}

	// Members: bad input is named field by field, in the reader's language.
	fra.lang = "es"
	r = fra.must(http.MethodPost, del+"/members", map[string]any{"name": "Jean", "function": "ambassador", "gender": "?", "email": "no"}, 422)
	var p api.Problem
	r.json(t, &p)
	locs := map[string]bool{}
	for _, f := range p.Errors {
		locs[f.Location] = true
	}
	if !locs["body.function"] || !locs["body.gender"] || !locs["body.email"] || !strings.Contains(p.Detail+string(r.Body), "opciones") {
		t.Errorf("member problems: %s", r.Body)
	}
	fra.lang = ""
	var head api.Registration
	fra.must(http.MethodPost, del+"/members", map[string]any{"name": "Claire Dubois", "function": "head_of_delegation", "gender": "female",
		"email": "claire@diplomatie.example", "consent": true, "self": true}, 201).json(t, &head)
	if !head.Self || head.Email != "claire@diplomatie.example" || head.Category != "member_state" {
		t.Errorf("head %+v", head)
	}
	fra.must(http.MethodPost, del+"/members", map[string]any{"name": "Discreet Adviser", "function": "adviser", "gender": "male"}, 201)

	// The Secretariat decides, with a reason to reject; others may not.
	chair.must(http.MethodPost, del+"/decision", map[string]any{"approve": true}, 403)
	fra.must(http.MethodPost, del+"/decision", map[string]any{"approve": true}, 403)
	secRead.must(http.MethodPost, del+"/decision", map[string]any{"approve": true}, 403)
	r = sec.must(http.MethodPost, del+"/decision", map[string]any{"approve": false, "reason": " "}, 422)
	if !strings.Contains(string(r.Body), "body.reason") {
		t.Errorf("rejection without reason: %s", r.Body)
	}
	sec.must(http.MethodPost, del+"/decision", map[string]any{"approve": true}, 200).json(t, &d)
	if d.Status != "approved" || len(d.Members) != 2 || d.Members[0].Status != "approved" {
		t.Errorf("approved: %+v", d)
	}
	sec.must(http.MethodPost, del+"/decision", map[string]any{"approve": true}, 409)

	// The note verbale: the Secretariat and France's delegates; to others it does not exist.
	for name, c := range map[string]client{"secretariat": secRead, "France": fra} {
		r := c.must(http.MethodGet, del+"/credentials", nil, 200)
		if !bytes.Equal(r.Body, letterPDF) || r.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s reads the note verbale: %v", name, r.Header)
		}
	}
	for name, c := range map[string]client{"Kenya": ken, "the Chair": chair, "the focal point": focal} {
		if r := c.call(http.MethodGet, del+"/credentials", nil); r.Status != 404 {
			t.Errorf("%s reads the note verbale: %d", name, r.Status)
		}
	}
	anon.must(http.MethodGet, del+"/credentials", nil, 401)

	// The Chair reads the approved delegation without contacts; Kenya does not read it.
	r = chair.must(http.MethodGet, del, nil, 200)
	if strings.Contains(string(r.Body), "diplomatie.example") || !strings.Contains(string(r.Body), "Claire Dubois") {
		t.Errorf("the Chair reads %s", r.Body)
	}
	ken.must(http.MethodGet, del, nil, 404)
	r = chair.must(http.MethodGet, s+"/registrations", nil, 200)
	if strings.Contains(string(r.Body), "diplomatie.example") {
		t.Errorf("the Chair lists contacts: %s", r.Body)
	}
	anon.must(http.MethodGet, s+"/registrations", nil, 401)
	anon.must(http.MethodGet, s+"/delegations", nil, 401)

	// The focal point registers up to the limit; past it, the error is in French.
	person := func(name string, consent bool) map[string]any {
		return map[string]any{"organization_id": org.ID, "name": name, "gender": "female", "email": strings.ToLower(name[:3]) + "@forum.example", "consent": consent}
	}
	ken.must(http.MethodPost, s+"/representatives", person("Ana Lima", true), 403)
	var ana, omar api.Registration
	focal.must(http.MethodPost, s+"/representatives", person("Ana Lima", true), 201).json(t, &ana)
	focal.must(http.MethodPost, s+"/representatives", person("Omar Haddad", false), 201).json(t, &omar)
	focal.lang = "fr"
	r = focal.must(http.MethodPost, s+"/representatives", person("Troisième", true), 409)
	r.json(t, &p)
	if p.Code != "registration.limit_reached" || !strings.Contains(p.Detail, "limite : 2") {
		t.Errorf("past the limit: %s", r.Body)
	}
	r = focal.must(http.MethodPost, s+"/observers", person("Observer", true), 409)
	if !strings.Contains(string(r.Body), "registration.not_observer") {
		t.Errorf("an NGO's observer: %s", r.Body)
	}
	focal.lang = ""

	// Travel funding: asked by the focal point, decided by the Secretariat.
	reg := fmt.Sprintf("/registrations/%d", ana.ID)
	focal.must(http.MethodPost, reg+"/sponsorship", map[string]any{"justification": " "}, 422)
	focal.must(http.MethodPost, reg+"/sponsorship", map[string]any{"justification": "Travel from Nairobi."}, 200).json(t, &ana)
	if ana.Sponsorship != "requested" || ana.SponsorshipJustification != "Travel from Nairobi." {
		t.Errorf("requested: %+v", ana)
	}
	focal.must(http.MethodPost, reg+"/sponsorship/decision", map[string]any{"grant": true}, 403)
	sec.must(http.MethodPost, reg+"/sponsorship/decision", map[string]any{"grant": false}, 422)
	sec.must(http.MethodPost, reg+"/sponsorship/decision", map[string]any{"grant": true, "note": "Economy class."}, 200).json(t, &ana)
	if ana.Sponsorship != "granted" || ana.SponsorshipNote != "Economy class." {
		t.Errorf("granted: %+v", ana)
	}
	// A change by the registrant, then the Secretariat approves both.
	focal.must(http.MethodPut, fmt.Sprintf("/registrations/%d", omar.ID), map[string]any{"name": "Omar Haddad", "gender": "male"}, 200)
	for _, id := range []int64{ana.ID, omar.ID} {
		sec.must(http.MethodPost, fmt.Sprintf("/registrations/%d/decision", id), map[string]any{"approve": true}, 200)
	}
	chair.must(http.MethodGet, fmt.Sprintf("/registrations/%d", omar.ID), nil, 200)
	ken.must(http.MethodGet, fmt.Sprintf("/registrations/%d", omar.ID), nil, 404)

	// The public list: approved and consenting, names only; the figures count everyone.
	r = anon.must(http.MethodGet, s+"/participants", nil, 200)
	var groups api.Page[api.ParticipantGroup]
	r.json(t, &groups)
	if len(groups.Items) != 2 || groups.Items[0].State != "FRA" || groups.Items[0].Participants[0].Name != "Claire Dubois" ||
		groups.Items[1].Organization["en"] != "Nairobi Cyber Forum" || len(groups.Items[1].Participants) != 1 {
		t.Errorf("participants: %s", r.Body)
	}
	for _, secret := range []string{"@", "Omar", "Discreet", "Travel from", "Economy"} {
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("the public list holds %q: %s", secret, r.Body)
		}
	}
	var f api.ParticipationFigures
	anon.must(http.MethodGet, s+"/figures", nil, 200).json(t, &f)
	if f.Total != 4 || f.ByRegionalGroup["WEOG"] != 2 || f.ByCategory["representative"] != 2 || f.ByGender["male"] != 2 {
		t.Errorf("figures: %+v", f)
	}
	anon.must(http.MethodGet, "/sessions/9999/participants", nil, 404)

	// Withdrawals: the delegation by its delegate, a representative by the focal point.
	ken.must(http.MethodPost, del+"/withdrawal", nil, 404)
	fra.must(http.MethodPost, del+"/withdrawal", nil, 200).json(t, &d)
	if d.Status != "withdrawn" || d.Members[0].Status != "withdrawn" {
		t.Errorf("withdrawn: %+v", d)
	}
	focal.must(http.MethodPost, fmt.Sprintf("/registrations/%d/withdrawal", omar.ID), nil, 200)
	focal.must(http.MethodPost, fmt.Sprintf("/registrations/%d/withdrawal", omar.ID), nil, 409)
}
