package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func commContact(t *testing.T, e *testenv.Env, sec plenary.Actor, state, email string) account.User {
	t.Helper()
	u := e.CreateUser(t, email, "Contact "+state, plenary.Grant{Role: plenary.RolePointOfContact, State: state})
	if _, err := e.Directory.SetParticipation(ctx, sec, state, directory.Participating, ""); err != nil {
		t.Fatal(err)
	}
	c, err := e.Directory.Nominate(ctx, sec, directory.NominationInput{State: state, Function: directory.Technical, Details: directory.Details{
		Name: "Contact " + state, Title: "CSIRT lead", Organisation: "National CSIRT", Emails: []string{email}, Languages: []string{"en"},
		Lang: "en", TimeZone: "UTC", Always: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Directory.Verify(ctx, sec, c.ID); err != nil {
		t.Fatal(err)
	}
	return u
}

// TestCommunicationsAPI: the template through the API, with the same access rules as the
// pages: content for the two States, metadata for the Secretariat until shared, 404 for
// anyone else.
func TestCommunicationsAPI(t *testing.T) {
	e := testenv.New(t)
	secUser := e.CreateUser(t, "sec@example.org", "Secretariat Officer", plenary.Grant{Role: plenary.RoleSecretariat})
	sec := e.Actor(t, secUser)
	fra := commContact(t, e, sec, "FRA", "fra@example.org")
	ken := commContact(t, e, sec, "KEN", "ken@example.org")
	bra := commContact(t, e, sec, "BRA", "bra@example.org")
	del := e.CreateUser(t, "del@example.org", "Delegate", plenary.Grant{Role: plenary.RoleDelegate, State: "KEN"})
	as := func(u account.User, scopes ...plenary.Scope) client {
		return client{t: t, e: e, token: tokenFor(t, e, u, scopes...)}
	}
	cf, ck, cb, cs, cd := as(fra, plenary.ScopeWrite), as(ken, plenary.ScopeWrite), as(bra, plenary.ScopeWrite), as(secUser, plenary.ScopeWrite), as(del, plenary.ScopeWrite)
	const secret = "Phishing wave against both ministries"
	pdf := []byte("%PDF-1.4\n%%EOF\n")

	// Refused: a renamed executable; a request without an action.
	r := cf.call(http.MethodPost, "/communications", map[string]any{"to": "KEN", "kind": "assistance_request", "description": secret,
		"requested_action": "Help", "attachments": []map[string]any{{"name": "a.pdf", "content": []byte("MZ\x90\x00program")}}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "attachments") {
		t.Fatalf("renamed executable: %d %s", r.Status, r.Body)
	}
	r = cf.call(http.MethodPost, "/communications", map[string]any{"to": "KEN", "kind": "assistance_request", "description": secret})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("no action: %d %s", r.Status, r.Body)
	}
	// A read-only token cannot send.
	if r := as(fra, plenary.ScopeRead).call(http.MethodPost, "/communications", map[string]any{"to": "KEN", "kind": "incident_notification", "description": secret}); r.Status != http.StatusForbidden {
		t.Errorf("read-only token sends: %d", r.Status)
	}
	r = cf.call(http.MethodPost, "/communications", map[string]any{"to": "KEN", "kind": "assistance_request", "urgency": "urgent",
		"description": secret, "requested_action": "Block the sender domain",
		"attachments": []map[string]any{{"name": "headers.pdf", "content": pdf}}})
	if r.Status != http.StatusCreated {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	var c struct {
		ID      int64  `json:"id"`
		From    string `json:"from"`
		Status  string `json:"status"`
		Content *struct {
			Description string `json:"description"`
			Attachments []struct {
				Name string `json:"name"`
			} `json:"attachments"`
		} `json:"content"`
	}
	r.json(t, &c)
	if c.From != "FRA" || c.Content == nil || c.Content.Description != secret || len(c.Content.Attachments) != 1 {
		t.Fatalf("sent: %s", r.Body)
	}
	path := "/communications/" + strconv.FormatInt(c.ID, 10)

	for _, tc := range []struct {
		name    string
		c       client
		status  int
		content bool
	}{
		{"sender", cf, 200, true}, {"recipient", ck, 200, true}, {"Secretariat", cs, 200, false},
		{"third State", cb, 404, false}, {"delegate", cd, 404, false}, {"public", client{t: t, e: e}, 401, false},
	} {
		r := tc.c.call(http.MethodGet, path, nil)
		if r.Status != tc.status || strings.Contains(string(r.Body), secret) != tc.content {
			t.Errorf("%s GET: %d %s", tc.name, r.Status, r.Body)
		}
		r = tc.c.call(http.MethodGet, path+"/attachments/1", nil)
		want := tc.status
		if !tc.content && want == 200 {
			want = 404
		}
		if r.Status != want {
			t.Errorf("%s attachment: %d", tc.name, r.Status)
		}
		if r.Status == 200 && (string(r.Body) != string(pdf) || r.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment")) {
			t.Errorf("%s attachment headers: %v", tc.name, r.Header)
		}
	}
	// Lists.
	r = ck.call(http.MethodGet, "/communications?box=inbox", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"from":"FRA"`) || strings.Contains(string(r.Body), secret) {
		t.Errorf("inbox: %d %s", r.Status, r.Body)
	}
	if r := cb.call(http.MethodGet, "/communications?box=inbox", nil); r.Status != 200 || strings.Contains(string(r.Body), `"from":"FRA"`) {
		t.Errorf("third State's inbox: %d %s", r.Status, r.Body)
	}
	if r := cd.call(http.MethodGet, "/communications?box=inbox", nil); r.Status != 404 {
		t.Errorf("delegate's inbox: %d", r.Status)
	}
	if r := cs.call(http.MethodGet, "/communications?box=all", nil); r.Status != 200 || strings.Contains(string(r.Body), secret) || !strings.Contains(string(r.Body), `"to":"KEN"`) {
		t.Errorf("overview: %d %s", r.Status, r.Body)
	}
	if r := cf.call(http.MethodGet, "/communications?box=all", nil); r.Status != 404 {
		t.Errorf("contact's overview: %d", r.Status)
	}
	if r := cs.call(http.MethodGet, "/communications/figures", nil); r.Status != 200 || !strings.Contains(string(r.Body), `"total":1`) {
		t.Errorf("figures: %d %s", r.Status, r.Body)
	}
	// Acknowledge: the recipient only, once.
	if r := cf.call(http.MethodPost, path+"/acknowledgement", nil); r.Status != http.StatusForbidden {
		t.Errorf("sender acknowledges: %d", r.Status)
	}
	if r := cb.call(http.MethodPost, path+"/acknowledgement", nil); r.Status != http.StatusNotFound {
		t.Errorf("third State acknowledges: %d", r.Status)
	}
	if r := ck.call(http.MethodPost, path+"/acknowledgement", nil); r.Status != 200 || !strings.Contains(string(r.Body), `"status":"acknowledged"`) {
		t.Errorf("acknowledge: %d %s", r.Status, r.Body)
	}
	if r := ck.call(http.MethodPost, path+"/acknowledgement", nil); r.Status != http.StatusConflict {
		t.Errorf("acknowledged twice: %d", r.Status)
	}
	// Reply, thread, share.
	r = ck.call(http.MethodPost, path+"/replies", map[string]any{"description": "Blocked."})
	if r.Status != http.StatusCreated || !strings.Contains(string(r.Body), `"to":"FRA"`) {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	if r := cf.call(http.MethodGet, path+"/thread", nil); r.Status != 200 || !strings.Contains(string(r.Body), "Blocked.") {
		t.Errorf("thread: %d %s", r.Status, r.Body)
	}
	if r := cs.call(http.MethodPost, path+"/sharing", nil); r.Status != http.StatusForbidden {
		t.Errorf("Secretariat shares: %d", r.Status)
	}
	if r := cf.call(http.MethodPost, path+"/sharing", nil); r.Status != 200 {
		t.Errorf("share: %d %s", r.Status, r.Body)
	}
	r = cs.call(http.MethodGet, path+"/thread", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), secret) || strings.Contains(string(r.Body), "Blocked.") {
		t.Errorf("Secretariat's thread after sharing the first: %d %s", r.Status, r.Body)
	}
}

// TestUploadsTakeTheirDeclaredBody: an operation that declares a larger body than the
// API's default (1 MB) takes it: a communication with a 2 MB attachment is sent, not
// refused as too large, and a body beyond the declared bound still is.
func TestUploadsTakeTheirDeclaredBody(t *testing.T) {
	e := testenv.New(t)
	secUser := e.CreateUser(t, "sec@example.org", "Secretariat Officer", plenary.Grant{Role: plenary.RoleSecretariat})
	sec := e.Actor(t, secUser)
	fra := commContact(t, e, sec, "FRA", "fra@example.org")
	commContact(t, e, sec, "KEN", "ken@example.org")
	cf := client{t: t, e: e, token: tokenFor(t, e, fra, plenary.ScopeWrite)}
	pdf := append([]byte("%PDF-1.4\n"), append(make([]byte, 2<<20), []byte("\n%%EOF\n")...)...)
	r := cf.call(http.MethodPost, "/communications", map[string]any{"to": "KEN", "kind": "incident_notification", "urgency": "urgent",
		"description": "Large capture attached", "requested_action": "Read it",
		"attachments": []map[string]any{{"name": "capture.pdf", "content": pdf}}})
	if r.Status != http.StatusCreated {
		t.Fatalf("a 2 MB attachment: %d %.300s", r.Status, r.Body)
	}
	r = cf.call(http.MethodPost, "/communications", map[string]any{"to": "KEN", "kind": "incident_notification", "urgency": "urgent",
		"description": "Too large", "requested_action": "Read it", "attachments": []map[string]any{{"name": "big.pdf", "content": make([]byte, 37<<20)}}})
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a body beyond the declared bound: %d", r.Status)
	}
}
