package e2e_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// floorSetup makes the Global Mechanism, a session and its first meeting, open to the
// public, and returns the meeting's path and ID.
func floorSetup(t *testing.T, e *testenv.Env) (string, int64) {
	t.Helper()
	_, m := e.Meeting(t, true)
	return "/sessions/" + strconv.FormatInt(m.SessionID, 10) + "/meetings/1", m.ID
}

// waitText waits until the text of css contains want.
func (b *browser) waitText(t *testing.T, css, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	js := `(function(){var n=document.querySelector(` + strconv.Quote(css) + `);return n?n.textContent:''})()`
	for {
		// The page may be reloading: a failed read is tried again.
		ctx, cancel := context.WithTimeout(b.ctx, time.Second)
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		cancel()
		if strings.Contains(got, want) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s shows %q, want %q within 10 s", css, got, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestJourneyFloor: the Chair runs a list of speakers in one browser while the room's
// screen, in a second browser, follows every change without reloading, its timer ticking.
func TestJourneyFloor(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	path, meetingID := floorSetup(t, e)
	e.CreateUser(t, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair})
	chair := startBrowser(t, e)
	chair.signIn(t, "en", "chair@example.org", testenv.Password)

	// The Chair opens the States' list for the meeting from its page.
	chair.open(t, "/en"+path)
	navigate(t, chair, "open the list", chromedp.Click(chromedp.CSS(`main form[action$="/speakers"] button[type="submit"]`)))
	list := chair.path(t)
	if !strings.HasPrefix(list, "/en"+path+"/speakers/") {
		t.Fatalf("after opening: %s", list)
	}
	chair.checkAccessibility(t)

	// The room's screen, in another browser.
	screen := startBrowser(t, e)
	screen.open(t, list+"/live")
	screen.waitText(t, ".floor-waiting", "Nobody is waiting to speak.")
	do(t, screen, "mark the page", chromedp.Evaluate[chromedp.Void](`window.plenaryMark = 'still here'`))
	screen.checkAccessibility(t)

	// The Chair inscribes France, then Brazil for the Group of 77, speaking remotely.
	inscribe := func(capacity, group string, remote bool) {
		t.Helper()
		do(t, chair, "choose "+capacity, chromedp.SetValue(chromedp.CSS(`select[name="capacity"]`), capacity))
		if group != "" {
			do(t, chair, "type the group", chromedp.SendKeys(chromedp.CSS(`input[name="group"]`), group))
		}
		if remote {
			do(t, chair, "remote", chromedp.Click(chromedp.CSS(`input[name="remote"]`)))
		}
		navigate(t, chair, "inscribe "+capacity, chromedp.Click(chromedp.CSS(`#inscribe button[type="submit"]`)))
	}
	inscribe("state:FRA", "", false)
	screen.waitText(t, ".floor-waiting", "France")
	inscribe("state:BRA", "Group of 77 and China", true)
	waiting := screen.waitText(t, ".floor-waiting", "Group of 77 and China (delivered by Brazil)")
	if strings.Index(waiting, "Group of 77") > strings.Index(waiting, "France") {
		t.Errorf("the group statement is not first on the screen:\n%s", waiting)
	}

	// The Chair moves France to the top and gives the floor: the screen follows.
	navigate(t, chair, "move France first", chromedp.Click(chromedp.CSS(`#waiting li:nth-child(2) button[value="first"]`)))
	navigate(t, chair, "give the floor", chromedp.Click(chromedp.CSS(`form[action$="/next"] button`)))
	screen.waitText(t, ".floor-now", "France")
	first := screen.text(t, ".floor-now .elapsed")
	time.Sleep(2200 * time.Millisecond)
	if later := screen.text(t, ".floor-now .elapsed"); later == first || !strings.HasPrefix(later, "0:0") {
		t.Errorf("the timer does not tick: %q then %q", first, later)
	}
	navigate(t, chair, "pause", chromedp.Click(chromedp.CSS(`button[value="pause"]`)))
	screen.waitText(t, ".floor-now", "paused")
	if mark := run(t, screen, "the mark", chromedp.Evaluate[string](`window.plenaryMark || ''`)); mark != "still here" {
		t.Error("the room's screen reloaded instead of following the events")
	}
	if v := screen.cspViolations(); len(v) > 0 {
		t.Errorf("CSP violations on the room's screen: %v", v)
	}

	// The Chair's page follows too: it reloads itself when nobody types on it.
	chair.open(t, list)
	ctx, sys := context.Background(), plenary.System("test")
	l, err := e.Floor.Lists(ctx, sys, meetingID)
	if err != nil || len(l) != 1 {
		t.Fatalf("lists: %v %v", l, err)
	}
	if _, err := e.Floor.Inscribe(ctx, sys, l[0].ID, floor.InscribeInput{State: "DEU"}); err != nil {
		t.Fatal(err)
	}
	chair.waitText(t, "#waiting", "Germany")
	chair.checkAccessibility(t)
	chair.open(t, "/en"+path+"/speaking-time")
	chair.checkAccessibility(t)
	// The same pages in Arabic, right to left.
	ar := "/ar" + strings.TrimPrefix(list, "/en")
	screen.open(t, ar+"/live")
	screen.waitText(t, ".floor-waiting", "ألمانيا")
	screen.checkAccessibility(t)
	chair.open(t, ar)
	chair.checkAccessibility(t)
}
