package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/testenv"
)

type pocEntry struct {
	ID       int64  `json:"id"`
	State    string `json:"state"`
	Function string `json:"function"`
	Status   string `json:"status"`
	Details  struct {
		Name   string   `json:"name"`
		Emails []string `json:"emails"`
		Phones []string `json:"phones"`
	} `json:"details"`
	Pending *struct {
		Phones []string `json:"phones"`
	} `json:"pending"`
	Reason string `json:"reason"`
}

type pocList struct {
	Items []pocEntry `json:"items"`
}

func pocBody(name, email, phone string) map[string]any {
	return map[string]any{"name": name, "title": "Duty officer", "organisation": "National CSIRT", "emails": []string{email},
		"phones": []string{phone}, "languages": []string{"en"}, "lang": "en", "time_zone": "Asia/Tokyo", "always": true}
}

// TestDirectoryAPI: the nominator nominates, the Secretariat verifies, a change waits
// beside the verified entry, readers read, and everyone else is told it does not exist.
func TestDirectoryAPI(t *testing.T) {
	e := testenv.New(t)
	sec := e.CreateUser(t, "amina@example.org", "Amina Diallo", plenary.Grant{Role: plenary.RoleSecretariat})
	nom := e.CreateUser(t, "haruto@example.org", "Haruto Nakamura", plenary.Grant{Role: plenary.RoleNominator, State: "JPN"})
	other := e.CreateUser(t, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleNominator, State: "FRA"})
	reader := e.CreateUser(t, "kenji@example.org", "Kenji Sato", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"})
	unverified := e.CreateUser(t, "hana@example.org", "Hana Ito", plenary.Grant{Role: plenary.RolePointOfContact, State: "JPN"})
	delegate := e.CreateUser(t, "omar@example.org", "Omar Hassan", plenary.Grant{Role: plenary.RoleDelegate, State: "JPN"})
	cli := func(tok string) client { return client{t: t, e: e, token: tok} }
	secC := cli(tokenFor(t, e, sec, plenary.ScopeRead, plenary.ScopeWrite))
	nomC := cli(tokenFor(t, e, nom, plenary.ScopeRead, plenary.ScopeWrite))
	nomRO := cli(tokenFor(t, e, nom, plenary.ScopeRead))
	otherC := cli(tokenFor(t, e, other, plenary.ScopeRead, plenary.ScopeWrite))
	readerC := cli(tokenFor(t, e, reader, plenary.ScopeRead))
	unverifiedC := cli(tokenFor(t, e, unverified, plenary.ScopeRead))
	delegateC := cli(tokenFor(t, e, delegate, plenary.ScopeRead, plenary.ScopeWrite))
	public := cli("")

	// Participation: the Secretariat's; a problem in French.
	if r := secC.call(http.MethodPut, "/directory/participants/JPN", map[string]any{"status": "participating", "note": "Note verbale"}); r.Status != 200 {
		t.Fatalf("participation %d %s", r.Status, r.Body)
	}
	if r := nomC.call(http.MethodPut, "/directory/participants/FRA", map[string]any{"status": "participating"}); r.Status != 403 {
		t.Errorf("a nominator sets participation: %d", r.Status)
	}
	bad := secC
	bad.lang = "fr"
	r := bad.call(http.MethodPut, "/directory/participants/XXX", map[string]any{"status": "participating"})
	var p problem
	r.json(t, &p)
	if r.Status != 422 || p.Code != "error.invalid" || len(p.Errors) == 0 || p.Errors[0].Location != "body.state" {
		t.Errorf("unknown State: %d %s", r.Status, r.Body)
	}

	// Nomination: problems per field, in the caller's language.
	frNom := nomC
	frNom.lang = "fr"
	badBody := pocBody("Kenji Sato", "kenji@example.org", "call me")
	badBody["function"] = "diplomatic"
	r = frNom.call(http.MethodPost, "/directory/states/JPN/entries", badBody)
	r.json(t, &p)
	if r.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Location != "body.phones" || !strings.Contains(p.Errors[0].Message, "Écrivez") {
		t.Errorf("bad phone: %d %s", r.Status, r.Body)
	}
	body := pocBody("Kenji Sato", "kenji@example.org", "+81 3 5501 8000")
	body["function"] = "diplomatic"
	if r := otherC.call(http.MethodPost, "/directory/states/JPN/entries", body); r.Status != 403 {
		t.Errorf("another State's nominator nominates: %d", r.Status)
	}
	if r := nomRO.call(http.MethodPost, "/directory/states/JPN/entries", body); r.Status != 403 {
		t.Errorf("a read-only token nominates: %d", r.Status)
	}
	r = nomC.call(http.MethodPost, "/directory/states/JPN/entries", body)
	var c pocEntry
	r.json(t, &c)
	if r.Status != 201 || c.Status != "nominated" || c.Details.Name != "Kenji Sato" {
		t.Fatalf("nominate: %d %s", r.Status, r.Body)
	}
	entry := fmt.Sprintf("/directory/entries/%d", c.ID)

	// Before verification: in the queue, not in the directory; the contact does not read.
	var list pocList
	secC.call(http.MethodGet, "/directory/queue", nil).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != c.ID {
		t.Errorf("queue %+v", list.Items)
	}
	if r := readerC.call(http.MethodGet, "/directory/entries", nil); r.Status != 404 {
		t.Errorf("unverified contact reads: %d", r.Status)
	}
	if r := secC.call(http.MethodPost, entry+"/return", map[string]any{}); r.Status != 422 {
		t.Errorf("return without reason: %d", r.Status)
	}
	if r := nomC.call(http.MethodPost, entry+"/verification", nil); r.Status != 403 {
		t.Errorf("the nominator verifies: %d", r.Status)
	}
	if r := secC.call(http.MethodPost, entry+"/verification", nil); r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	if r := secC.call(http.MethodPost, entry+"/verification", nil); r.Status != 409 {
		t.Errorf("verify twice: %d", r.Status)
	}

	// Now the contact reads the directory.
	r = readerC.call(http.MethodGet, "/directory/entries?state=jpn&function=diplomatic", nil)
	r.json(t, &list)
	if r.Status != 200 || len(list.Items) != 1 || list.Items[0].Details.Emails[0] != "kenji@example.org" {
		t.Fatalf("reader: %d %s", r.Status, r.Body)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", r.Header.Get("Cache-Control"))
	}

	// A change waits beside the verified entry.
	change := pocBody("Kenji Sato", "kenji@example.org", "+81 3 5501 9999")
	r = nomC.call(http.MethodPut, entry, change)
	r.json(t, &c)
	if r.Status != 200 || c.Status != "verified" || c.Pending == nil || c.Pending.Phones[0] != "+81 3 5501 9999" || c.Details.Phones[0] != "+81 3 5501 8000" {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	for _, path := range []string{entry, "/directory/entries", "/directory/states/JPN/entries"} {
		r := readerC.call(http.MethodGet, path, nil)
		if r.Status != 200 || strings.Contains(string(r.Body), "5501 9999") || strings.Contains(string(r.Body), `"pending"`) {
			t.Errorf("reader %s: %d %s", path, r.Status, r.Body)
		}
	}
	r = nomRO.call(http.MethodGet, "/directory/states/JPN/entries", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), "5501 9999") {
		t.Errorf("the nominator's read-only token: %d %s", r.Status, r.Body)
	}
	if r := secC.call(http.MethodPost, entry+"/return", map[string]any{"reason": "Number not confirmed"}); r.Status != 200 {
		t.Fatalf("return: %d %s", r.Status, r.Body)
	}
	if r := readerC.call(http.MethodGet, entry, nil); strings.Contains(string(r.Body), "Number not confirmed") {
		t.Errorf("the reader sees the Secretariat's reason: %s", r.Body)
	}

	// History: the nominator's and the Secretariat's.
	var versions []struct {
		Version int    `json:"version"`
		Change  string `json:"change"`
	}
	r = nomC.call(http.MethodGet, entry+"/history", nil)
	r.json(t, &versions)
	if r.Status != 200 || len(versions) != 4 || versions[3].Change != "returned" {
		t.Errorf("history: %d %s", r.Status, r.Body)
	}

	// Everyone else is told nothing exists; the public must sign in.
	for who, c := range map[string]client{"other nominator": otherC, "unverified": unverifiedC, "delegate": delegateC, "public": public} {
		want := 404
		if who == "public" {
			want = 401
		}
		for _, path := range []string{"/directory/entries", entry, entry + "/history", "/directory/states/JPN/entries", "/directory/queue", "/directory/export"} {
			r := c.call(http.MethodGet, path, nil)
			if r.Status != want || strings.Contains(string(r.Body), "Kenji") || strings.Contains(string(r.Body), "5501") {
				t.Errorf("%s GET %s: %d %s", who, path, r.Status, r.Body)
			}
		}
		if r := c.call(http.MethodPut, entry, change); r.Status != want && !(who == "unverified" && r.Status == 403) {
			t.Errorf("%s PUT %s: %d", who, entry, r.Status)
		}
	}
	if r := readerC.call(http.MethodGet, "/directory/export", nil); r.Status != 404 {
		t.Errorf("a reader exports: %d", r.Status)
	}
	r = secC.call(http.MethodGet, "/directory/export", nil)
	var all []pocEntry
	r.json(t, &all)
	if r.Status != 200 || len(all) != 1 {
		t.Errorf("export: %d %s", r.Status, r.Body)
	}

	// Participants: readers and nominators see who participates, only the Secretariat the note.
	r = otherC.call(http.MethodGet, "/directory/participants", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"JPN"`) || strings.Contains(string(r.Body), "Note verbale") {
		t.Errorf("participants for a nominator: %d %s", r.Status, r.Body)
	}
	if r := delegateC.call(http.MethodGet, "/directory/participants", nil); r.Status != 404 {
		t.Errorf("participants for a delegate: %d", r.Status)
	}

	// Withdrawn, the entry leaves the directory and its person the role.
	r = nomC.call(http.MethodPost, entry+"/withdrawal", map[string]any{"reason": "Retired"})
	if r.Status != 200 || !strings.Contains(string(r.Body), `"withdrawn"`) {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	if r := readerC.call(http.MethodGet, "/directory/entries", nil); r.Status != 404 {
		t.Errorf("a withdrawn contact reads: %d", r.Status)
	}
	if u, err := e.Accounts.Get(ctx, plenary.System("test"), reader.ID); err != nil || len(u.Grants) != 0 {
		t.Errorf("the withdrawn contact keeps %+v (%v)", u.Grants, err)
	}
	if cs, _ := e.Directory.Reachable(ctx, nil); len(cs) != 0 {
		t.Errorf("reachable after withdrawal: %+v", cs)
	}
}
