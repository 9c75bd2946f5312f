package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// floorMeeting makes the Global Mechanism, a session and its first meeting, public or
// closed, and returns the meeting's path.
func floorMeeting(t testing.TB, e *testenv.Env, public bool) (string, meeting.Meeting) {
	t.Helper()
	_, m := e.Meeting(t, public)
	return "/sessions/" + itoa(m.SessionID) + "/meetings/1", m
}

// liveEvent is one event of a live view.
type liveEvent struct {
	ID   string
	Data struct {
		Version int    `json:"version"`
		Now     int64  `json:"now"`
		HTML    string `json:"html"`
	}
}

// liveStream opens a live view and returns a function reading its next event.
func liveStream(t *testing.T, e *testenv.Env, path string) func() liveEvent {
	t.Helper()
	cctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(cctx, http.MethodGet, e.Server.URL+path, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("live view: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	t.Cleanup(func() { res.Body.Close() })
	events := make(chan liveEvent, 16)
	go func() {
		sc := bufio.NewScanner(res.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev liveEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "id: "):
				ev.ID = strings.TrimPrefix(line, "id: ")
			case strings.HasPrefix(line, "data: "):
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.Data); err != nil {
					t.Errorf("event data: %v", err)
				}
			case line == "" && ev.ID != "":
				events <- ev
				ev = liveEvent{}
			}
		}
		close(events)
	}()
	return func() liveEvent {
		t.Helper()
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatal("live view ended")
			}
			return ev
		case <-time.After(10 * time.Second):
			t.Fatal("no event within 10 s")
		}
		return liveEvent{}
	}
}

// TestFloorThroughPages: the Chair opens a list; delegates inscribe their own State only,
// with refusals in their language; the Chair reorders, gives the floor and pauses the
// timer; a live view follows every change; the delegation adds its written statement and
// the public reads the speaking time.
func TestFloorThroughPages(t *testing.T) {
	e := testenv.New(t)
	path, _ := floorMeeting(t, e, true)
	chairU := e.CreateUser(t, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair})
	fraU := e.CreateUser(t, "fra@example.org", "Delegate of France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	braU := e.CreateUser(t, "bra@example.org", "Delegate of Brazil", plenary.Grant{Role: plenary.RoleDelegate, State: "BRA"})
	chair, fra, bra, pub := newSignedIn(t, e, chairU), newSignedIn(t, e, fraU), newSignedIn(t, e, braU), newBrowser(t, e)

	expect(t, "a delegate may not open a list", fra.post("/en"+path+"/speakers", url.Values{"item": {"0"}, "segment": {"states"}}), 403)
	res := expect(t, "open", chair.post("/en"+path+"/speakers", url.Values{"item": {"0"}, "segment": {"states"}}), 303)
	list := strings.TrimPrefix(res.Header.Get("Location"), "/en")
	if !strings.HasPrefix(list, path+"/speakers/") {
		t.Fatalf("after opening: %s", list)
	}
	res = expect(t, "open twice", chair.post("/en"+path+"/speakers", url.Values{"item": {"0"}, "segment": {"states"}}), 409)
	mustContain(t, res.Body, "This list of speakers is already open.")
	res = expect(t, "open for an item the meeting does not take up", chair.post("/en"+path+"/speakers", url.Values{"item": {"999999"}}), 422)
	mustContain(t, res.Body, "This meeting does not take up that agenda item.", `href="#field-item"`)
	mustContain(t, pub.get("/en"+path).Body, "Lists of speakers", `href="/en`+list+`"`, "0 waiting, 0 spoken")

	// A live view, watching from the start.
	next := liveStream(t, e, "/en"+list+"/events")
	first := next()
	mustContain(t, first.Data.HTML, "Nobody is waiting to speak.")
	if first.Data.Now != e.Clock.Now().UnixMilli() {
		t.Errorf("event clock = %d, want the server's %d", first.Data.Now, e.Clock.Now().UnixMilli())
	}

	// France sees only its own State to inscribe; Brazil is refused for France.
	res = expect(t, "list page", fra.get("/en"+list), 200)
	mustContain(t, res.Body, `value="state:FRA"`)
	mustNotContain(t, res.Body, `value="state:BRA"`, "Give the floor to the next speaker")
	expect(t, "France for Brazil", fra.post("/en"+list+"/speakers", url.Values{"capacity": {"state:BRA"}, "kind": {"statement"}}), 403)
	expect(t, "France", fra.post("/en"+list+"/speakers", url.Values{"capacity": {"state:FRA"}, "kind": {"statement"},
		"speaker_name": {"Henri Verdier"}, "gender": {"male"}}), 303)
	res = expect(t, "again, in French", fra.post("/fr"+list+"/speakers", url.Values{"capacity": {"state:FRA"}, "kind": {"statement"}}), 409)
	mustContain(t, res.Body, "Votre délégation")
	res = expect(t, "a bad gender", bra.post("/en"+list+"/speakers", url.Values{"capacity": {"state:BRA"}, "gender": {"x"}, "group": {"G77"}}), 422)
	mustContain(t, res.Body, `href="#field-gender"`, `value="G77"`)
	expect(t, "Brazil for the group", bra.post("/en"+list+"/speakers", url.Values{"capacity": {"state:BRA"}, "kind": {"statement"},
		"group": {"Group of 77 and China"}, "remote": {"yes"}, "gender": {"female"}}), 303)

	ev := next()
	for ev.Data.Version < 2 {
		ev = next()
	}
	mustContain(t, ev.Data.HTML, "Group of 77 and China (delivered by Brazil)", "France", "remote")
	if strings.Index(ev.Data.HTML, "Group of 77") > strings.Index(ev.Data.HTML, "France") {
		t.Error("the group statement is not first")
	}

	// The Chair moves France to the top, but saw an old version: refused, then done.
	res = expect(t, "chair's page", chair.get("/en"+list), 200)
	mustContain(t, res.Body, "Give the floor to the next speaker", `value="state:FRA"`, `value="state:BRA"`)
	fraEntry := entryID(t, res.Body, "France")
	expect(t, "stale move", chair.post("/en"+list+"/speakers/"+fraEntry+"/move", url.Values{"version": {"1"}, "to": {"first"}}), 409)
	expect(t, "move", chair.post("/en"+list+"/speakers/"+fraEntry+"/move", url.Values{"version": {"2"}, "to": {"first"}}), 303)
	expect(t, "a delegate may not give the floor", bra.post("/en"+list+"/next", nil), 403)
	expect(t, "next", chair.post("/en"+list+"/next", nil), 303)
	ev = next()
	for !strings.Contains(ev.Data.HTML, "Has the floor") || strings.Contains(ev.Data.HTML, "Nobody has the floor") {
		ev = next()
	}
	now := ev.Data.HTML[strings.Index(ev.Data.HTML, "Has the floor"):strings.Index(ev.Data.HTML, "Waiting to speak")]
	mustContain(t, now, "France", "Henri Verdier", `data-limit="180000"`, `data-since="`+strconv.FormatInt(e.Clock.Now().UnixMilli(), 10)+`"`)

	e.Clock.Advance(200 * time.Second)
	expect(t, "pause", chair.post("/en"+list+"/timer", url.Values{"timer": {"pause"}}), 303)
	res = expect(t, "after the pause", pub.get("/en"+list), 200)
	mustContain(t, res.Body, "3:20", "paused", `class="timer over"`)

	// France adds its statement; Brazil may not; the public downloads it.
	expect(t, "next again", chair.post("/en"+list+"/next", nil), 303)
	pdf := []byte("%PDF-1.7\nDeclaration de la France\n%%EOF")
	expect(t, "Brazil for France", bra.postFile("/en"+list+"/speakers/"+fraEntry+"/statement", url.Values{"language": {"fr"}}, "statement", "fra.pdf", pdf), 403)
	res = expect(t, "not a PDF", fra.postFile("/en"+list+"/speakers/"+fraEntry+"/statement", url.Values{"language": {"fr"}}, "statement", "fra.pdf", []byte("MZ\x90")), 422)
	mustContain(t, res.Body, "PDF")
	expect(t, "statement", fra.postFile("/en"+list+"/speakers/"+fraEntry+"/statement", url.Values{"language": {"fr"}}, "statement", "fra.pdf", pdf), 303)
	res = expect(t, "download", pub.get("/en"+list+"/speakers/"+fraEntry+"/statement"), 200)
	if res.Body != string(pdf) || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: %q %v", res.Body, res.Header)
	}
	mustContain(t, pub.get("/en"+list).Body, "Statement (French)")

	// The room's screen, and the speaking time in six languages.
	res = expect(t, "room screen", pub.get("/en"+list+"/live"), 200)
	mustContain(t, res.Body, `http-equiv="refresh"`, "/static/js/live.", `data-live="/en`+list+`/events"`)
	mustNotContain(t, res.Body, "Give the floor")
	for _, lang := range plenary.Languages {
		for _, p := range []string{list, list + "/live", path + "/speaking-time", path} {
			res := expect(t, lang+p, pub.get("/"+lang+p), 200)
			if k := untranslated.FindString(res.Body); k != "" {
				t.Errorf("%s%s shows the key %q", lang, p, k)
			}
		}
	}
	mustContain(t, pub.get("/en"+path+"/speaking-time").Body, "Interventions: 1. Time in all: 3:20.", "Western European and other States", "Man")
}

// TestClosedMeetingFloor: a closed meeting's lists are for those who hold a role; the
// public sees the meeting but neither its lists nor their live view.
func TestClosedMeetingFloor(t *testing.T) {
	e := testenv.New(t)
	path, m := floorMeeting(t, e, false)
	chairU := e.CreateUser(t, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair})
	l, err := e.Floor.OpenList(ctx, e.Actor(t, chairU), m.ID, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	list := path + "/speakers/" + itoa(l.ID)
	pub := newBrowser(t, e)
	res := expect(t, "meeting", pub.get("/en"+path), 200)
	mustNotContain(t, res.Body, "Lists of speakers", list)
	for _, p := range []string{list, list + "/live", list + "/events", path + "/speaking-time"} {
		if res := pub.get("/en" + p); res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "/sign-in") {
			t.Errorf("%s: %d %s, want the sign-in", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	expect(t, "the Chair", newSignedIn(t, e, chairU).get("/en"+list), 200)
	// A closed meeting is the States': a delegate reads its list, a stakeholder does not.
	fraU := e.CreateUser(t, "fra@example.org", "Delegate of France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	expect(t, "a delegate", newSignedIn(t, e, fraU).get("/en"+list), 200)
	org, err := e.Organizations.Create(ctx, plenary.System("test"), orgInput("Nairobi Forum"))
	if err != nil {
		t.Fatal(err)
	}
	focalU := e.CreateUser(t, "focal@example.org", "Focal", plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: org.ID})
	focal := newSignedIn(t, e, focalU)
	for _, p := range []string{list, list + "/live", list + "/events", path + "/speaking-time"} {
		expect(t, "a stakeholder at "+p, focal.get("/en"+p), 404)
	}
	mustNotContain(t, expect(t, "a stakeholder at the meeting", focal.get("/en"+path), 200).Body, "Lists of speakers")
	// A list of another meeting's path is not found.
	expect(t, "wrong meeting", newSignedIn(t, e, chairU).get("/en"+strings.Replace(path, "/meetings/1", "/meetings/2", 1)+"/speakers/"+itoa(l.ID)), 404)
}

// entryID finds the entry of a speaker in a list page by its withdraw form.
func entryID(t *testing.T, page, speaker string) string {
	t.Helper()
	i := strings.Index(page, "<bdi>"+speaker+"</bdi>")
	if i < 0 {
		t.Fatalf("%s not on the page", speaker)
	}
	rest := page[i:]
	j := strings.Index(rest, "/speakers/")
	rest = rest[j+len("/speakers/"):]
	k := strings.Index(rest, "/speakers/")
	rest = rest[k+len("/speakers/"):]
	return rest[:strings.IndexAny(rest, "/\"")]
}
