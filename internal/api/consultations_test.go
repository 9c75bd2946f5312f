package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestConsultationThroughTheAPI: the Secretariat registers a draft and opens a
// consultation; anyone submits with an Idempotency-Key (a retry is the same submission);
// a bad anchor is refused in the caller's language; a campaign comes through the bulk
// channel; counts, tracking and withdrawal follow.
func TestConsultationThroughTheAPI(t *testing.T) {
	e := testenv.New(t)
	secU := e.CreateUser(t, "sec@un.org", "Secretariat", plenary.Grant{Role: plenary.RoleSecretariat})
	sys := plenary.System("test")
	gm, err := e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York", Names: plenary.Localized{"en": "Global Mechanism"}})
	if err != nil {
		t.Fatal(err)
	}
	org, err := e.Organizations.Create(ctx, sys, organization.Input{Type: organization.NGO, HQState: "KEN", ECOSOC: organization.SpecialStatus,
		Names: plenary.Localized{"en": "Nairobi Forum"}})
	if err != nil {
		t.Fatal(err)
	}
	focalU := e.CreateUser(t, "focal@example.org", "Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	e.Accredit(t, e.Actor(t, secU), e.Actor(t, focalU), gm.ID, org.ID)
	sec := client{t: t, e: e, token: tokenFor(t, e, secU, plenary.ScopeWrite)}
	focal := client{t: t, e: e, token: tokenFor(t, e, focalU, plenary.ScopeWrite)}

	var doc struct {
		ID int64 `json:"id"`
	}
	sec.must("POST", "/bodies/gm/documents", map[string]any{"symbol": "A/AC.292/2026/CRP.3", "type": "conference_room_paper",
		"status": "draft", "title": "Zero draft"}, 201).json(t, &doc)
	path := "/documents/" + strconv.FormatInt(doc.ID, 10)
	sec.must("PUT", path+"/texts/en", map[string]any{"title": "Zero draft", "text": "1. First paragraph on norms.\n\n2. Second paragraph on capacity-building."}, 200)
	sec.must("POST", path+"/publication", map[string]any{}, 200)
	var docs struct {
		Items []struct {
			Symbol string `json:"symbol"`
		} `json:"items"`
	}
	for _, q := range []string{"/documents", "/documents?body=gm"} {
		client{t: t, e: e}.must("GET", q, nil, 200).json(t, &docs)
		if len(docs.Items) != 1 || docs.Items[0].Symbol != "A/AC.292/2026/CRP.3" {
			t.Errorf("GET %s: %+v", q, docs)
		}
	}
	now := e.Clock.Now()
	var cons struct {
		ID         int64  `json:"id"`
		Phase      string `json:"phase"`
		Paragraphs []struct {
			Key    string         `json:"key"`
			Counts map[string]int `json:"counts"`
		} `json:"paragraphs"`
	}
	sec.must("POST", path+"/consultation", map[string]any{"opens_at": now, "closes_at": now.Add(48 * time.Hour),
		"late_rule": "refuse", "eligibility": "anyone"}, 201).json(t, &cons)
	if cons.Phase != "open" || len(cons.Paragraphs) != 2 {
		t.Fatalf("consultation %+v", cons)
	}
	p2 := cons.Paragraphs[1].Key
	subs := "/consultations/" + strconv.FormatInt(cons.ID, 10) + "/submissions"

	anon := client{t: t, e: e, lang: "fr", header: http.Header{"Idempotency-Key": {"attempt-1"}}}
	input := map[string]any{"name": "Claire", "email": "claire@example.org", "language": "fr",
		"anchors": []map[string]any{{"paragraph": p2, "stance": "amend", "proposed_text": "Deuxième paragraphe modifié."}}}
	var first, again struct {
		Tracking string `json:"tracking"`
		Repeated bool   `json:"repeated"`
	}
	anon.must("POST", subs, input, 201).json(t, &first)
	anon.must("POST", subs, input, 200).json(t, &again)
	if first.Tracking == "" || again.Tracking != first.Tracking || !again.Repeated {
		t.Fatalf("retry: %+v then %+v", first, again)
	}
	bad := anon.must("POST", subs, map[string]any{"name": "Claire", "email": "claire@example.org", "language": "fr",
		"anchors": []map[string]any{{"paragraph": "999", "stance": "support"}}}, 422)
	if !strings.Contains(string(bad.Body), "ne figure pas dans le projet") {
		t.Errorf("problem not in French: %s", bad.Body)
	}

	var bulk struct {
		Accepted int `json:"accepted"`
		Refused  int `json:"refused"`
	}
	items := []map[string]any{}
	for i, k := range []string{"c-1", "c-2", ""} {
		items = append(items, map[string]any{"idempotency_key": k, "language": "en", "signers": 100 * (i + 1), "campaign": "Norms now",
			"anchors": []map[string]any{{"paragraph": p2, "stance": "support"}}})
	}
	br := focal.must("POST", subs+"/bulk", map[string]any{"organization_id": org.ID, "items": items}, 200)
	br.json(t, &bulk)
	if bulk.Accepted != 2 || bulk.Refused != 1 {
		t.Errorf("bulk %+v\n%s", bulk, br.Body)
	}
	sec.must("POST", subs+"/bulk", map[string]any{"organization_id": org.ID, "items": items[:1]}, 403)

	client{t: t, e: e}.must("GET", "/consultations/"+strconv.FormatInt(cons.ID, 10), nil, 200).json(t, &cons)
	if c := cons.Paragraphs[1].Counts; c["amend"] != 1 || c["support"] != 2 {
		t.Errorf("counts %v", c)
	}
	var list struct {
		Items []struct {
			Tracking string `json:"tracking"`
			Author   string `json:"author"`
		} `json:"items"`
	}
	client{t: t, e: e}.must("GET", subs+"?paragraph="+p2, nil, 200).json(t, &list)
	if len(list.Items) != 3 || list.Items[0].Tracking != "" || strings.Contains(string(list.Items[0].Author), "@") {
		t.Errorf("published list %+v", list.Items)
	}
	client{t: t, e: e}.must("GET", "/submissions/"+first.Tracking, nil, 404)
	client{t: t, e: e}.must("GET", "/submissions/"+first.Tracking+"?email=claire@example.org", nil, 200)
	client{t: t, e: e}.must("POST", "/submissions/"+first.Tracking+"/withdrawal", map[string]any{"email": "claire@example.org"}, 200)
	client{t: t, e: e}.must("GET", "/consultations/"+strconv.FormatInt(cons.ID, 10), nil, 200).json(t, &cons)
	if cons.Paragraphs[1].Counts["amend"] != 0 {
		t.Errorf("withdrawn input still counted: %v", cons.Paragraphs[1].Counts)
	}
}
