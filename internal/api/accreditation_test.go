package api_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/api"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

var letterPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// upload sends a raw body with a content type.
func (c client) upload(path, contentType string, data []byte) reply {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPut, c.e.Server.URL+"/api/v1"+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{res.StatusCode, res.Header, b}
}

func (c client) must(method, path string, body any, status int) reply {
	c.t.Helper()
	r := c.call(method, path, body)
	if r.Status != status {
		c.t.Fatalf("%s %s: %d, want %d\n%s", method, path, r.Status, status, r.Body)
	}
	return r
}

// TestAccreditationThroughTheAPI runs a round through the API under rules where a
// Member State may ask the Chair who objected: what each caller reads of the application
// is what the rules let them see.
func TestAccreditationThroughTheAPI(t *testing.T) {
	e := testenv.New(t)
	sys := plenary.System("test")
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	chairU := e.CreateUser(t, "c@example.org", "Chair", plenary.Grant{Role: plenary.RoleChair})
	fraU := e.CreateUser(t, "fra@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	braU := e.CreateUser(t, "bra@example.org", "Bruno", plenary.Grant{Role: plenary.RoleDelegate, State: "BRA"})
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", Names: plenary.Localized{"en": "Nairobi Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	focalU := e.CreateUser(t, "f@example.org", "Wanjiru", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	sec := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeWrite)}
	chair := client{t: t, e: e, token: tokenFor(t, e, chairU, plenary.ScopeWrite)}
	fra := client{t: t, e: e, token: tokenFor(t, e, fraU, plenary.ScopeWrite)}
	bra := client{t: t, e: e, token: tokenFor(t, e, braU, plenary.ScopeWrite)}
	focal := client{t: t, e: e, token: tokenFor(t, e, focalU, plenary.ScopeWrite)}
	anon := client{t: t, e: e}

	sec.must(http.MethodPost, "/bodies", map[string]any{"code": "gm", "names": map[string]string{"en": "Global Mechanism"}, "time_zone": "America/New_York"}, 201)
	// Bad rules: each faulty field is named, in the reader's language.
	sec.lang = "fr"
	r := sec.must(http.MethodPut, "/bodies/gm/accreditation/policy", map[string]any{"eligible": []string{}, "rule": "non_objection",
		"threshold": 0, "application_days": 21, "circulation_days": 14, "deadline_hour": 18, "reason_mode": "optional",
		"validity": "until", "valid_until": "tomorrow"}, 422)
	var p api.Problem
	r.json(t, &p)
	locs := map[string]bool{}
	for _, f := range p.Errors {
		locs[f.Location] = true
	}
	if !locs["body.valid_until"] || len(p.Errors) != 1 {
		t.Fatalf("date problem: %+v", p.Errors)
	}
	r = sec.must(http.MethodPut, "/bodies/gm/accreditation/policy", map[string]any{"eligible": []string{}, "rule": "non_objection",
		"threshold": 0, "application_days": 21, "circulation_days": 14, "deadline_hour": 18, "reason_mode": "optional", "validity": "mandate"}, 422)
	r.json(t, &p)
	for _, f := range p.Errors {
		locs[f.Location] = true
	}
	if !locs["body.eligible"] || !locs["body.threshold"] || !strings.Contains(string(r.Body), "objections") && !strings.Contains(string(r.Body), "objection") {
		t.Fatalf("policy problems: %s", r.Body)
	}
	sec.must(http.MethodPut, "/bodies/gm/accreditation/policy", map[string]any{"eligible": []string{"ngo"}, "fast_track": true,
		"rule": "non_objection", "threshold": 1, "application_days": 21, "circulation_days": 14, "deadline_hour": 18,
		"objectors_seen_by": []string{"states_on_request"}, "reason_mode": "optional", "reasons_seen_by": []string{"states_on_request"},
		"validity": "mandate", "reapply_after_reject": true}, 200)
	var pol api.Policy
	anon.must(http.MethodGet, "/bodies/gm/accreditation/policy", nil, 200).json(t, &pol)
	if pol.Version != 1 || pol.ObjectorsSeenBy[0] != "states_on_request" {
		t.Fatalf("policy %+v", pol)
	}
	// Only the Secretariat opens rounds.
	focal.must(http.MethodPost, "/bodies/gm/accreditation/rounds", map[string]any{}, 403)
	sec.must(http.MethodPost, "/bodies/gm/accreditation/rounds", map[string]any{}, 201)

	// The focal point applies.
	var app api.Application
	focal.must(http.MethodPost, "/bodies/gm/accreditation/applications", map[string]any{"organization_id": org.ID}, 201).json(t, &app)
	path := fmt.Sprintf("/accreditation/applications/%d", app.ID)
	focal.must(http.MethodPut, path+"/dossier", map[string]any{"purpose": "Policy research.", "programmes": "CERT training.",
		"un_interactions": "OEWG written input.", "contact_name": "Wanjiru", "contact_email": "wanjiru@example.org", "contact_phone": "+254 20 000"}, 200)
	if r := focal.upload(path+"/letter?filename=letter.exe", "application/pdf", []byte("MZ\x90\x00program")); r.Status != 422 || !strings.Contains(string(r.Body), "body.letter") {
		t.Fatalf("program as letter: %d %s", r.Status, r.Body)
	}
	if r := focal.upload(path+"/letter", "application/pdf", bytes.Repeat([]byte("x"), accreditation.MaxLetter+10)); r.Status != 413 {
		t.Fatalf("letter too large: %d %s", r.Status, r.Body)
	}
	if r := focal.upload(path+"/letter?filename=lettre%20signée.pdf", "application/pdf", letterPDF); r.Status != 200 {
		t.Fatalf("letter: %d %s", r.Status, r.Body)
	}
	focal.must(http.MethodPost, path+"/submission", nil, 200).json(t, &app)
	if app.Status != "submitted" || app.Tracking != "GM-R1-0001" || !app.Letter {
		t.Fatalf("submitted: %+v", app)
	}
	letter := focal.must(http.MethodGet, path+"/letter", nil, 200)
	if !bytes.Equal(letter.Body, letterPDF) || letter.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("letter back: %s", letter.Header.Get("Content-Type"))
	}
	// Delegates do not see it before circulation.
	fra.must(http.MethodGet, path, nil, 404)

	round, err := e.Accreditation.Round(ctx, sys, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(round.ApplicationsClose)
	sec.must(http.MethodPost, path+"/screening", map[string]any{"complete": true}, 200)
	sec.must(http.MethodPost, "/bodies/gm/accreditation/rounds/1/circulation", nil, 200)

	// France objects; it may not object for Brazil, nor twice.
	fra.must(http.MethodPost, path+"/positions", map[string]any{"state": "BRA", "stance": "object"}, 403)
	var pos api.Position
	fra.must(http.MethodPost, path+"/positions", map[string]any{"state": "FRA", "stance": "object", "reason": "Not independent."}, 201).json(t, &pos)
	fra.must(http.MethodPost, path+"/positions", map[string]any{"state": "FRA", "stance": "object"}, 409)
	fra.must(http.MethodPost, path+"/positions", map[string]any{"state": "FRA", "stance": "support"}, 422) // no support under non-objection

	// Brazil sees the application, without the objection, the count or the contact.
	var seen api.Application
	bra.must(http.MethodGet, path, nil, 200).json(t, &seen)
	if len(seen.Positions) != 0 || seen.Objections != nil || seen.Dossier.ContactEmail != "" || !seen.May.RequestDisclosure {
		t.Fatalf("Brazil sees %+v", seen)
	}
	body := string(bra.must(http.MethodGet, "/bodies/gm/accreditation/rounds/1/applications", nil, 200).Body)
	if strings.Contains(body, "FRA") || strings.Contains(body, "Not independent") || strings.Contains(body, "wanjiru@") {
		t.Fatalf("the circulated list leaks: %s", body)
	}
	// France sees its own position; the Chair sees all, with the count.
	fra.must(http.MethodGet, path, nil, 200).json(t, &seen)
	if len(seen.Positions) != 1 || seen.Positions[0].Reason != "Not independent." || !seen.May.TakePosition {
		t.Fatalf("France sees %+v", seen)
	}
	chair.must(http.MethodGet, path, nil, 200).json(t, &seen)
	if len(seen.Positions) != 1 || seen.Objections == nil || *seen.Objections != 1 {
		t.Fatalf("the Chair sees %+v", seen)
	}

	// Brazil asks the Chair; once answered, it sees who objected and why.
	var req api.DisclosureRequest
	bra.must(http.MethodPost, path+"/disclosure-requests", map[string]any{"state": "BRA"}, 201).json(t, &req)
	bra.must(http.MethodPost, path+"/disclosure-requests", map[string]any{"state": "BRA"}, 409)
	bra.must(http.MethodPost, fmt.Sprintf("/accreditation/disclosure-requests/%d/answer", req.ID), map[string]any{}, 403)
	var reqs api.Page[api.DisclosureRequest]
	chair.must(http.MethodGet, "/bodies/gm/accreditation/disclosure-requests", nil, 200).json(t, &reqs)
	if len(reqs.Items) != 1 || reqs.Items[0].Tracking != "GM-R1-0001" {
		t.Fatalf("requests %+v", reqs)
	}
	chair.must(http.MethodPost, fmt.Sprintf("/accreditation/disclosure-requests/%d/answer", req.ID), map[string]any{"note": "As discussed."}, 204)
	bra.must(http.MethodGet, path, nil, 200).json(t, &seen)
	if len(seen.Positions) != 1 || seen.Positions[0].State != "FRA" || seen.Positions[0].Reason != "Not independent." {
		t.Fatalf("after the answer Brazil sees %+v", seen)
	}

	// France withdraws its objection; at the deadline the organization is accredited.
	fra.must(http.MethodDelete, fmt.Sprintf("/accreditation/positions/%d", pos.ID), nil, 204)
	r2, err := e.Accreditation.Round(ctx, sys, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(r2.ObjectionsClose)
	if err := e.Accreditation.DecideDue(ctx, accreditation.DecideJob{}); err != nil {
		t.Fatal(err)
	}
	fra.token = tokenFor(t, e, fraU, plenary.ScopeWrite) // weeks later
	sec.token = tokenFor(t, e, admin, plenary.ScopeWrite)
	fra.must(http.MethodPost, path+"/positions", map[string]any{"state": "FRA", "stance": "object"}, 409)
	var list api.Page[api.Accredited]
	anon.must(http.MethodGet, "/bodies/gm/accredited?type=ngo", nil, 200).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].Basis != "non_objection" || list.Items[0].Organization.Names["en"] != "Nairobi Forum" {
		t.Fatalf("accredited %+v", list)
	}
	var rounds api.Page[api.Round]
	anon.must(http.MethodGet, "/bodies/gm/accreditation/rounds", nil, 200).json(t, &rounds)
	if f := rounds.Items[0].Figures; rounds.Items[0].Status != "decided" || f.Accredited != 1 || f.Blocked != 0 {
		t.Fatalf("rounds %+v", rounds)
	}
	// Withdrawal needs a reason; the organization leaves the list.
	sec.must(http.MethodPost, fmt.Sprintf("/accreditation/accreditations/%d/withdrawal", list.Items[0].AccreditationID), map[string]any{"reason": ""}, 422)
	sec.must(http.MethodPost, fmt.Sprintf("/accreditation/accreditations/%d/withdrawal", list.Items[0].AccreditationID), map[string]any{"reason": "Dissolved."}, 204)
	anon.must(http.MethodGet, "/bodies/gm/accredited", nil, 200).json(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("still listed: %+v", list)
	}
}
