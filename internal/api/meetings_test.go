package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/api"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestMeetingsThroughTheAPI sets up a session with its agenda and meetings through the
// API, as the Secretariat and the Chair, and reads it as the public.
func TestMeetingsThroughTheAPI(t *testing.T) {
	e := testenv.New(t)
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	chairU := e.CreateUser(t, "c@example.org", "Chair", plenary.Grant{Role: plenary.RoleChair})
	fraU := e.CreateUser(t, "fra@example.org", "Claire", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	sec := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeWrite)}
	secRead := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeRead)}
	chair := client{t: t, e: e, token: tokenFor(t, e, chairU, plenary.ScopeWrite)}
	fra := client{t: t, e: e, token: tokenFor(t, e, fraU, plenary.ScopeWrite)}
	anon := client{t: t, e: e}

	sec.must(http.MethodPost, "/bodies", map[string]any{"code": "gm", "names": map[string]string{"en": "Global Mechanism"}, "time_zone": "America/New_York"}, 201)
	var tg api.Body
	sec.must(http.MethodPost, "/bodies", map[string]any{"code": "gm-tg1", "parent": "gm", "names": map[string]string{"en": "Thematic group"},
		"time_zone": "America/New_York"}, 201).json(t, &tg)
	if tg.Parent != "gm" {
		t.Errorf("the group's parent: %q", tg.Parent)
	}
	sec.must(http.MethodPost, "/bodies", map[string]any{"code": "gm-x", "parent": "gm-tg1", "names": map[string]string{"en": "Too deep"},
		"time_zone": "America/New_York"}, 422)

	// Bad input is named field by field, in the reader's language.
	sec.lang = "es"
	r := sec.must(http.MethodPost, "/bodies/gm/sessions", map[string]any{"kind": "substantive", "starts_on": "2026-03-10", "ends_on": "2026-03-06",
		"remote_url": "ftp://x"}, 422)
	var p api.Problem
	r.json(t, &p)
	if len(p.Errors) != 2 || !strings.Contains(string(r.Body), "https://") {
		t.Errorf("problems: %s", r.Body)
	}
	sec.lang = ""
	session := map[string]any{"kind": "substantive", "starts_on": "2026-03-06", "ends_on": "2026-03-10", "venue": "CR 4",
		"remote_url": "https://meet.example.org/gm-secret", "representative_limit": 3}
	chair.must(http.MethodPost, "/bodies/gm/sessions", session, 403)
	secRead.must(http.MethodPost, "/bodies/gm/sessions", session, 403)
	var s api.Session
	sec.must(http.MethodPost, "/bodies/gm/sessions", session, 201).json(t, &s)
	if s.Number != 1 || s.RemoteURL == "" {
		t.Errorf("created: %+v", s)
	}
	var item api.Item
	sec.must(http.MethodPost, fmt.Sprintf("/sessions/%d/agenda", s.ID), map[string]any{"number": "5", "titles": map[string]string{"en": "Threats"}}, 201).json(t, &item)
	chair.must(http.MethodPut, fmt.Sprintf("/agenda-items/%d", item.ID), map[string]any{"number": "6", "titles": map[string]string{"en": "X"},
		"guiding_questions": map[string]string{"en": "What grew?"}}, 200).json(t, &item)
	if item.Number != "5" || item.GuidingQuestions["en"] != "What grew?" {
		t.Errorf("after the Chair: %+v", item)
	}
	fra.must(http.MethodPut, fmt.Sprintf("/agenda-items/%d", item.ID), map[string]any{"number": "5", "titles": map[string]string{"en": "X"}}, 403)

	var m api.Meeting
	sec.must(http.MethodPost, fmt.Sprintf("/sessions/%d/meetings", s.ID), map[string]any{"starts_at": "2026-03-09T10:00:00-04:00",
		"ends_at": "2026-03-09T13:00:00-04:00", "formal": true, "public": true, "agenda_item_ids": []int64{item.ID}}, 201).json(t, &m)
	if m.Number != 1 || m.StartsAt.UTC().Hour() != 14 {
		t.Errorf("meeting: %+v", m)
	}
	sec.must(http.MethodPost, fmt.Sprintf("/sessions/%d/meetings", s.ID), map[string]any{"starts_at": "2026-03-09T10:00:00Z",
		"ends_at": "2026-03-09T09:00:00Z", "agenda_item_ids": []int64{999}}, 422)
	sec.must(http.MethodDelete, fmt.Sprintf("/agenda-items/%d", item.ID), nil, 409)
	sec.must(http.MethodPost, fmt.Sprintf("/meetings/%d/cancellation", m.ID), nil, 200)
	sec.must(http.MethodPost, fmt.Sprintf("/meetings/%d/cancellation", m.ID), nil, 409)
	sec.must(http.MethodDelete, fmt.Sprintf("/meetings/%d/cancellation", m.ID), nil, 200).json(t, &m)
	if m.Cancelled || m.Sequence != 2 {
		t.Errorf("reinstated: %+v", m)
	}

	// The public reads the program without the remote link; the Chair reads it with.
	var pub api.Session
	r = anon.must(http.MethodGet, fmt.Sprintf("/sessions/%d", s.ID), nil, 200)
	r.json(t, &pub)
	if len(pub.Items) != 1 || len(pub.Meetings) != 1 || pub.TimeZone != "America/New_York" || strings.Contains(string(r.Body), "gm-secret") {
		t.Errorf("public program: %s", r.Body)
	}
	if !strings.Contains(string(chair.must(http.MethodGet, fmt.Sprintf("/sessions/%d", s.ID), nil, 200).Body), "gm-secret") {
		t.Error("the Chair does not get the remote link")
	}
	r = anon.must(http.MethodGet, "/bodies/gm/sessions", nil, 200)
	if !strings.Contains(string(r.Body), `"kind":"substantive"`) || strings.Contains(string(r.Body), "gm-secret") {
		t.Errorf("list: %s", r.Body)
	}
	anon.must(http.MethodGet, fmt.Sprintf("/meetings/%d", m.ID), nil, 200)
	anon.must(http.MethodGet, "/meetings/9999", nil, 404)
	anon.must(http.MethodPost, fmt.Sprintf("/sessions/%d/meetings", s.ID), map[string]any{}, 401)
}
