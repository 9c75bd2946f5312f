package web_test

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/testenv"
)

// leakRegistry is where every domain package under internal/ declares what it keeps
// confidential and who may read it, so that TestNothingConfidentialLeaks looks for it in
// every page, API response, feed, export, e-mail and the log, as every role; and where a
// domain that keeps nothing confidential says so, and why. TestLeakRegistryCoversEveryDomain
// fails while a package under internal/ (testenv.DomainPackages) has no entry, or an
// entry names a package that does not exist: a new domain cannot be forgotten.
//
// How a new domain joins: add one entry, after those it builds on (entries are set up
// in the table's order: registration after meeting and accreditation), with
//
//   - pkg: the package's folder under internal/ ("survey");
//   - either none: why it keeps nothing confidential, in a word ("public", "pure text
//     functions"), and nothing else;
//   - or setUp: a function beside the others in leaks_domains_test.go that builds the
//     domain's confidential facts in the shared world through its service, as its users
//     would, and returns them (see fact): for each, the strings that give it away,
//     written every way a page, an export or an e-mail could write them (a State by its
//     code and its name in the six languages: w.stateNames), and the roles that may read
//     it (mayRead, checked once every entry is set up) and the addresses its e-mails may
//     go to (mailTo). setUp also registers what the crawler needs to reach the facts: the
//     IDs it made with w.use, under the path segment before the parameter that takes
//     them ("documents" for /documents/{doc}) or under the parameter's name ("tracking"),
//     so that every route is tried with them; pages reached only with a query (a search,
//     a tracking number) with w.page; values of the API's query parameters with w.query;
//   - pages: the path prefixes of the domain's pages, read in the six languages (other
//     pages in English and Arabic); "/{$}" is the home page.
//
// For example:
//
//	{pkg: "survey", setUp: surveyFacts, pages: []string{"/surveys"}},
//
//	func surveyFacts(t *testing.T, w *leakWorld) []fact {
//		s := … // w.e.Surveys.Open(ctx, w.actor(t, "secretariat"), …), then Brazil answers
//		w.use("surveys", s.ID)
//		return []fact{{name: "a State's answers", secrets: []string{"Answer only Brazil gave"},
//			mayRead: []string{"secretariat", "bra_delegate"}, mailTo: w.emails("secretariat", "bra_delegate")}}
//	}
//
// The world (newLeakWorld) has people in every role: the Secretariat, the Chair,
// delegates of France, Germany and Brazil, nominators of Japan and France (Japan's also
// submits its survey answers), France's and Kenya's survey teams, Points of
// Contact verified (Japan's two, Kenya's, Mexico's), of a State that left the directory
// (Russia) or never verified (United States), an organization's focal point and
// representative, another organization's focal point, an intergovernmental
// organization's observer, someone signed in with no role, and the public; every one of
// them reads everything. Add a person there if your domain has a new role. The clock
// moves on as entries need it (accreditation's rounds take weeks): take times from
// w.e.Clock.Now(), not testenv.Start; a check that the world is still as set up once read
// goes in w.afterCrawl.
var leakRegistry = []leakDomain{
	{pkg: "account", setUp: accountFacts, pages: []string{"/account", "/admin/users", "/password", "/sign-in"}},
	{pkg: "organization", setUp: organizationFacts, pages: []string{"/organizations"}},
	{pkg: "accreditation", setUp: accreditationFacts, pages: []string{"/accreditation", "/{$}"}},
	{pkg: "meeting", setUp: meetingFacts, pages: []string{"/sessions"}},
	{pkg: "registration", setUp: registrationFacts, pages: []string{"/sessions"}},
	{pkg: "floor", setUp: floorFacts, pages: []string{"/sessions"}},
	{pkg: "document", setUp: documentFacts, pages: []string{"/documents", "/bodies"}},
	{pkg: "consultation", setUp: consultationFacts, pages: []string{"/consultations", "/submissions"}},
	{pkg: "directory", setUp: directoryFacts, pages: []string{"/directory"}},
	{pkg: "ping", setUp: pingFacts, pages: []string{"/pings"}},
	{pkg: "communication", setUp: communicationFacts, pages: []string{"/communications"}},
	// Published versions are public; a draft is the Secretariat's (framework.Service.Version).
	{pkg: "framework", setUp: frameworkFacts, pages: []string{"/frameworks"}},
	{pkg: "survey", setUp: surveyFacts, pages: []string{"/survey"}},
	// The pages and the API read follow-up (reports at their levels; who reported, for the
	// State's team and the Secretariat only); followupFacts adds the pages it needs.
	{pkg: "followup", setUp: followupFacts},
	{pkg: "audit", setUp: auditFacts, pages: []string{"/admin/audit"}},
	{pkg: "body", none: "public"},
	{pkg: "state", none: "public data"},
	{pkg: "draft", none: "pure text functions"},
	{pkg: "search", none: "pure text functions"},
	{pkg: "docx", none: "pure document writer"},
	{pkg: "files", none: "storage"}, // each file is read through the domain that owns it
	{pkg: "ratelimit", none: "counters"},
}

// leakDomain is a domain package's entry in leakRegistry.
type leakDomain struct {
	pkg string
	// none says why the package keeps nothing confidential; then setUp is nil.
	none string
	// setUp builds the domain's confidential facts in w and returns them.
	setUp func(t *testing.T, w *leakWorld) []fact
	// pages are the path prefixes of the domain's pages (or a path ending with {$}):
	// read in the six languages.
	pages []string
}

// fact is something confidential and who may read it.
type fact struct {
	name string
	// secrets name the fact wherever they appear: a page, an API response, an export or
	// feed, an e-mail, the log.
	secrets []string
	// names name the fact only on the pages within matches (its path without the
	// language, or the API's path with /api/v1): a State's name, which a list of States
	// shows anywhere. They are searched there, leaving out <select> lists and link
	// targets, and in every e-mail when mailNames is set.
	names     []string
	within    *regexp.Regexp
	mailNames bool
	// mayRead are the roles that may read the fact: each must find at least one of its
	// secrets or names, which proves the search would see a leak; every other role must
	// find none.
	mayRead []string
	// mailTo are the addresses an e-mail carrying one of the secrets (or names, with
	// mailNames) may go to; nobody else may receive one. mailToFor sets them for single
	// secrets instead.
	mailTo    []string
	mailToFor map[string][]string
	// mailed is set for a fact no role reads on any page: it must reach one of mailTo by
	// e-mail, which proves the search of e-mails would see it.
	mailed bool
	// nobody explains a fact that no role reads and no e-mail carries (kept hashed or
	// sealed): there is nothing to prove the search on but that it finds it nowhere.
	nobody string
	// logPatterns are forms the log must never show (a link with its token).
	logPatterns []*regexp.Regexp
}

// TestLeakRegistryCoversEveryDomain: every domain package has an entry in leakRegistry,
// and every entry is a package; each entry either sets up facts or says why it has none.
func TestLeakRegistryCoversEveryDomain(t *testing.T) {
	pkgs, err := testenv.DomainPackages("../")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pkgs, "directory") || !slices.Contains(pkgs, "accreditation") {
		t.Fatalf("domain packages %v: the listing would miss a new one", pkgs)
	}
	entries := map[string]bool{}
	for _, d := range leakRegistry {
		if entries[d.pkg] {
			t.Errorf("%s: two entries", d.pkg)
		}
		entries[d.pkg] = true
		if !slices.Contains(pkgs, d.pkg) {
			t.Errorf("%s: an entry for a package that is not a domain package under internal/", d.pkg)
		}
		switch {
		case (d.none == "") == (d.setUp == nil):
			t.Errorf("%s: an entry either sets up the domain's confidential facts or says (none) why it has none", d.pkg)
		case d.none != "" && len(d.pages) > 0:
			t.Errorf("%s: pages of a domain that keeps nothing confidential", d.pkg)
		}
	}
	for _, p := range pkgs {
		if !entries[p] {
			t.Errorf("internal/%s has no entry in leakRegistry (leaks_test.go): declare what it keeps confidential and "+
				"who may read it, or why it keeps nothing", p)
		}
	}
}

// TestNothingConfidentialLeaks builds one world, sets up every registered domain's
// confidential facts in it, and reads everything as every role: every routed page, its
// parameters tried with the IDs in use, in English, and in Arabic (and, for the
// registered domains' pages, in the four other languages) unless refused in English (a
// refusal says the same in every language); every page linked from those about the
// world's objects; every GET operation of the API's OpenAPI document, without and with
// each of its filters, every page of its lists. For each fact, a role that may not read
// it finds none of its secrets, and one that may finds at least one (pages). Then no
// e-mail carries a fact to anyone but those it may go to (mail), and the log, kept at
// debug level, carries none (log).
func TestNothingConfidentialLeaks(t *testing.T) {
	if testenv.Race {
		// The crawl checks what each role reads, not concurrency, and is ten times slower
		// under the race detector: make check runs it without (make test-leaks).
		t.Skip("the leak crawl runs without the race detector (make test-leaks)")
	}
	start := time.Now()
	w := newLeakWorld(t)
	type registered struct {
		fact
		pkg string
	}
	var facts []registered
	var six []string
	for _, d := range leakRegistry {
		if d.setUp == nil {
			continue
		}
		fs := d.setUp(t, w)
		if len(fs) == 0 {
			t.Errorf("%s: no facts set up; declare none instead", d.pkg)
		}
		for _, f := range fs {
			facts = append(facts, registered{f, d.pkg})
		}
		six = append(six, d.pages...)
	}
	roles := w.roles()
	for _, f := range facts {
		checkFact(t, f.pkg, f.fact, roles)
	}
	t.Logf("world set up in %v", time.Since(start).Round(time.Millisecond))

	// Every role reads everything, each in a browser of its own (signed in one after the
	// other: signing in moves the clock by a second-factor step).
	c := newCrawler(t, w, six)
	sessions := map[string]*browser{}
	tokens := map[string]string{}
	for _, who := range roles {
		b := newBrowser(t, w.e)
		if who != "public" {
			b.signIn(w.users[who])
			tokens[who] = apiToken(t, w.e, w.users[who])
		}
		sessions[who] = b
	}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		read = map[string]*reading{}
		busy = make(chan struct{}, crawlers)
	)
	crawlStart := time.Now()
	for _, who := range roles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			busy <- struct{}{}
			defer func() { <-busy }()
			r, err := c.crawl(who, sessions[who], tokens[who])
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("reading as %s: %v", who, err)
				return
			}
			read[who] = r
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	pages := 0
	for _, r := range read {
		pages += len(r.pages)
	}
	t.Logf("%d roles read %d responses in %v", len(roles), pages, time.Since(crawlStart).Round(time.Millisecond))
	for _, check := range w.afterCrawl {
		check(t)
	}

	t.Run("pages", func(t *testing.T) {
		for _, f := range facts {
			for _, who := range roles {
				found := read[who].find(f.fact)
				switch may := slices.Contains(f.mayRead, who); {
				case may && found == "":
					t.Errorf("%s: %s: %s finds nothing: the search would miss a leak", f.pkg, f.name, who)
				case !may && found != "":
					t.Errorf("%s: %s: %s reads %q (%s)", f.pkg, f.name, who, found, read[who].where(f.fact, found))
				}
			}
		}
	})

	// E-mail: whatever the jobs still had to send, then every message.
	t.Run("mail", func(t *testing.T) {
		settleMail(w.e)
		messages := w.e.SMTP.Messages()
		for _, f := range facts {
			mailed := false
			for _, m := range messages {
				// A message shows its recipients their own addresses too.
				text := strings.Join(m.To, "\n") + "\n" + m.Subject + "\n" + m.Text + "\n" + m.HTML
				carried := func(s string, allowed []string) {
					if !strings.Contains(text, s) {
						return
					}
					for _, to := range m.To {
						if slices.Contains(allowed, to) {
							mailed = true
						} else {
							t.Errorf("%s: %s: e-mail %q to %s carries %q", f.pkg, f.name, m.Subject, to, s)
						}
					}
				}
				for _, s := range f.secrets {
					if to, ok := f.mailToFor[s]; ok {
						carried(s, to)
					} else {
						carried(s, f.mailTo)
					}
				}
				if f.mailNames {
					for _, s := range f.names {
						carried(s, f.mailTo)
					}
				}
			}
			if f.mailed && !mailed {
				t.Errorf("%s: %s: no e-mail to %v carries it: the search of e-mails would miss a leak", f.pkg, f.name, f.mailTo)
			}
		}
	})

	// The log (kept at debug level, more than production's info) names no fact.
	t.Run("log", func(t *testing.T) {
		logs := w.e.Logs.String()
		if !strings.Contains(logs, "path=/en/directory") || !strings.Contains(logs, "path=/api/v1/") {
			t.Fatalf("the log does not show the requests: the check would miss a leak")
		}
		lines := strings.Split(logs, "\n")
		for _, f := range facts {
			for _, s := range f.secrets {
				if i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, s) }); i >= 0 {
					t.Errorf("%s: %s: the log carries %q: %s", f.pkg, f.name, s, lines[i])
				}
			}
			for _, re := range f.logPatterns {
				if m := re.FindString(logs); m != "" {
					t.Errorf("%s: %s: the log keeps %s", f.pkg, f.name, m)
				}
			}
		}
	})
	t.Logf("in all %v", time.Since(start).Round(time.Millisecond))
}

// crawlers are how many roles read at once: enough to keep the server busy while each
// waits for its responses.
const crawlers = 8

// checkFact refuses a fact the test could not check.
func checkFact(t *testing.T, pkg string, f fact, roles []string) {
	t.Helper()
	if f.name == "" || len(f.secrets)+len(f.names) == 0 {
		t.Errorf("%s: a fact needs a name and secrets: %+v", pkg, f)
	}
	if len(f.names) > 0 && f.within == nil {
		t.Errorf("%s: %s: names without the pages (within) that show them", pkg, f.name)
	}
	for _, s := range append(append([]string(nil), f.secrets...), f.names...) {
		if len(s) < 3 {
			t.Errorf("%s: %s: %q is too short to search for", pkg, f.name, s)
		}
	}
	for _, r := range f.mayRead {
		if !slices.Contains(roles, r) {
			t.Errorf("%s: %s: no role %q in the world", pkg, f.name, r)
		}
	}
	switch {
	case len(f.mayRead) > 0 && (f.mailed || f.nobody != ""):
		t.Errorf("%s: %s: read on pages, yet said to be mailed only or read by nobody", pkg, f.name)
	case len(f.mayRead) == 0 && f.mailed && len(f.mailTo)+len(f.mailToFor) == 0:
		t.Errorf("%s: %s: mailed to nobody", pkg, f.name)
	case len(f.mayRead) == 0 && !f.mailed && f.nobody == "":
		t.Errorf("%s: %s: nobody reads it: say it is mailed, or why nobody does (nobody)", pkg, f.name)
	}
}

// settleMail waits until no new message has arrived for a moment (jobs send mail a
// moment after the change that causes it), for at most ten seconds.
func settleMail(e *testenv.Env) {
	n, still := -1, 0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && still < 6; {
		if m := len(e.SMTP.Messages()); m != n {
			n, still = m, 0
		} else {
			still++
		}
		time.Sleep(50 * time.Millisecond)
	}
}
