package followup_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// The follow-up at the scale of issue 15: 193 States × 100 commitments with a year of
// reports. BENCH_FOLLOWUP_STATES and BENCH_FOLLOWUP_COMMITMENTS make it smaller, for a
// quick look.
const (
	benchStates      = 193
	benchCommitments = 100
	// benchClients is the number of concurrent connections.
	benchClients = 64
)

// benchWorld is a Global Mechanism with benchCommitments recommendations and a year of
// reports of benchStates States on each, recorded through the service with a clock of
// its own (decision 24): from 1 to 4 reports per State and commitment over the year
// (from September 2025 to August 2026), each a step up the scale or a revision, at a
// level drawn for the State and the report (60 % public, 25 % States only, 15 %
// private), the occasional one later taken back to private.
type benchWorld struct {
	e           *testenv.Env
	gm          body.Body
	sec         plenary.Actor
	commitments []followup.Commitment
	states      []string
	reports     int
	seeding     time.Duration
}

func benchSize(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

func newBenchWorld(b *testing.B) *benchWorld {
	b.Helper()
	start := time.Now()
	e := testenv.New(b)
	w := &benchWorld{e: e}
	w.sec = e.Secretariat(b, "sec@un.org")
	sys := plenary.System("bench")
	var err error
	if w.gm, err = e.Bodies.Create(ctx, sys, body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		b.Fatal(err)
	}
	nStates, nCommitments := benchSize("BENCH_FOLLOWUP_STATES", benchStates), benchSize("BENCH_FOLLOWUP_COMMITMENTS", benchCommitments)
	all, err := e.States.List(ctx, w.sec)
	if err != nil {
		b.Fatal(err)
	}
	submitters := map[string]plenary.Actor{}
	for _, st := range all {
		if len(w.states) == nStates {
			break
		}
		w.states = append(w.states, st.ISO3)
		u := e.CreateUser(b, "submitter."+strings.ToLower(st.ISO3)+"@example.org", "Submitter "+st.ISO3,
			plenary.Grant{Role: plenary.RoleTeamSubmitter, State: st.ISO3})
		submitters[st.ISO3] = e.Actor(b, u)
	}
	// The adopted report: a chapeau and nCommitments recommendations, each marked.
	var text strings.Builder
	text.WriteString("The OEWG recommends that\n\n")
	for i := 1; i <= nCommitments; i++ {
		fmt.Fprintf(&text, "%d. States, on a voluntary basis, take measure %d to implement the norms of responsible State behaviour.\n\n", i, i)
	}
	e.Clock.Set(time.Date(2025, 8, 1, 12, 0, 0, 0, time.UTC))
	d, err := e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/80/257", Kind: document.KindReport,
		Status: document.StatusFinal, Access: document.AccessPublic, OriginalLanguage: "en", Title: "Final report"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: "en", Title: "Final report", Body: text.String()}); err != nil {
		b.Fatal(err)
	}
	if _, err := e.Documents.Publish(ctx, w.sec, d.ID, e.Clock.Now()); err != nil {
		b.Fatal(err)
	}
	_, ps, err := e.Documents.Paragraphs(ctx, w.sec, d.ID)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range ps[1:] {
		n, _, _ := strings.Cut(p.Text, ".")
		c, err := e.FollowUp.MarkParagraph(ctx, w.sec, followup.MarkInput{BodyID: w.gm.ID, DocumentID: d.ID, ParagraphKey: p.Key,
			Kind: followup.Recommendation, Code: "rec." + n, Titles: plenary.Localized{"en": "Measure " + n, "fr": "Mesure " + n}})
		if err != nil {
			b.Fatal(err)
		}
		w.commitments = append(w.commitments, c)
	}

	// A year of reports, through the service, each at its own time.
	type planned struct {
		at     time.Time
		state  string
		c      followup.Commitment
		status string
		level  followup.Level
		back   bool // taken back to private afterwards
	}
	rng := rand.New(rand.NewPCG(15, 2026))
	codes := []string{"not_started", "planned", "under_way", "implemented"}
	year := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	var plan []planned
	for _, st := range w.states {
		for _, c := range w.commitments {
			n := 1 + rng.IntN(4)
			days := make([]int, n)
			for i := range days {
				days[i] = rng.IntN(365)
			}
			slices.Sort(days)
			step := rng.IntN(2)
			for i, day := range days {
				lv := followup.Public
				switch x := rng.IntN(100); {
				case x < 15:
					lv = followup.Private
				case x < 40:
					lv = followup.StatesOnly
				}
				status := codes[min(step, len(codes)-1)]
				if rng.IntN(20) == 0 {
					status = "not_applicable"
				}
				step += rng.IntN(2)
				plan = append(plan, planned{at: year.AddDate(0, 0, day).Add(time.Duration(9+i) * time.Hour), state: st, c: c, status: status,
					level: lv, back: lv != followup.Private && rng.IntN(50) == 0})
			}
		}
	}
	clock := testenv.NewClock()
	fu := e.FollowUp.WithClock(clock)
	base := map[[2]any]int{}
	for _, p := range plan {
		clock.Set(p.at)
		k := [2]any{p.state, p.c.ID}
		r, err := fu.Report(ctx, submitters[p.state], followup.ReportInput{CommitmentID: p.c.ID, State: p.state, Status: p.status,
			Level: p.level, Base: base[k]})
		if err != nil {
			b.Fatal(err)
		}
		base[k] = r.Number
		if p.back {
			if _, err := fu.SetLevel(ctx, submitters[p.state], r.ID, followup.Private); err != nil {
				b.Fatal(err)
			}
		}
	}
	w.reports = len(plan)
	e.Clock.Set(time.Date(2026, 9, 1, 14, 0, 0, 0, time.UTC))
	w.seeding = time.Since(start)
	return w
}

// BenchmarkFollowup measures what issue 15 asks of the follow-up at full scale:
//
//   - commitment: what the progress page of one commitment needs (Progress, a year's
//     Timeline, Standings), read by the public, at benchClients concurrent callers;
//   - state: what a State's profile needs of the follow-up (StateCommitments, every
//     commitment with where the State stands), read by the public, at benchClients
//     concurrent callers;
//   - report: the progress report as of a day, its figures and its Word document.
//
// The "service" variants call the domain in the process: the ceiling of the pages, which
// can only add to them. The "page" variants request /en/follow-up/commitments/{id} and
// /en/states/{ISO3} through the whole handler, when those pages show the follow-up; they
// say so and skip otherwise. Each reports p50 and p99 latency (ms), req/s, the page's
// size (KB, pages only), the ceiling's req/s and the ratio of the two, and the 1-minute
// load average. Seeding (through the service, off the clock) is reported as seed-s.
func BenchmarkFollowup(b *testing.B) {
	w := newBenchWorld(b)
	b.Logf("seeded %d States × %d commitments, %d reports, in %s", len(w.states), len(w.commitments), w.reports, w.seeding.Round(time.Second))
	public := plenary.Public("en")
	c := w.commitments[len(w.commitments)/2]
	iso3 := w.states[len(w.states)/3]
	from := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	ceilings := map[string]float64{}
	service := map[string]func() error{
		"commitment": func() error {
			if _, err := w.e.FollowUp.Progress(ctx, public, c.ID); err != nil {
				return err
			}
			if _, err := w.e.FollowUp.Timeline(ctx, public, c.ID, from, w.e.Clock.Now()); err != nil {
				return err
			}
			_, err := w.e.FollowUp.Standings(ctx, public, c.ID)
			return err
		},
		"state": func() error {
			_, err := w.e.FollowUp.StateCommitments(ctx, public, w.gm.ID, iso3)
			return err
		},
	}
	pages := map[string]struct{ path, marker string }{
		"commitment": {"/en/follow-up/commitments/" + strconv.FormatInt(c.ID, 10), c.Code},
		"state":      {"/en/states/" + iso3, w.commitments[0].Code},
	}
	for _, what := range []string{"commitment", "state"} {
		b.Run(what+"/service-1", func(b *testing.B) {
			// One caller: what one request costs, without waiting for others.
			run(b, 1, func() (int, error) { return 0, service[what]() })
		})
		b.Run(what+"/service", func(b *testing.B) {
			ceilings[what] = run(b, benchClients, func() (int, error) { return 0, service[what]() })
			b.ReportMetric(w.seeding.Seconds(), "seed-s")
		})
		b.Run(what+"/page", func(b *testing.B) {
			p := pages[what]
			rec := httptest.NewRecorder()
			w.e.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p.path, nil))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), p.marker) {
				b.Skipf("%s does not show the follow-up yet (%d): the service's figures are the ceiling", p.path, rec.Code)
			}
			rps := run(b, benchClients, func() (int, error) {
				rec := httptest.NewRecorder()
				w.e.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p.path, nil))
				if rec.Code != http.StatusOK {
					return 0, fmt.Errorf("%s: %d", p.path, rec.Code)
				}
				return rec.Body.Len(), nil
			})
			if ceilings[what] > 0 {
				b.ReportMetric(ceilings[what], "ceiling-req/s")
				b.ReportMetric(rps/ceilings[what], "ratio")
			}
		})
	}
	b.Run("report", func(b *testing.B) {
		words := w.e.Catalog.In("ar")
		asOf := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
		var size int
		b.ResetTimer()
		for range b.N {
			r, err := w.e.FollowUp.ProgressReport(ctx, w.sec, w.gm.ID, asOf)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := followup.WriteReportDOCX(&buf, r, "ar", words); err != nil {
				b.Fatal(err)
			}
			size = buf.Len()
		}
		b.StopTimer()
		per := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(per, "s/report")
		b.ReportMetric(float64(size)/1024, "docx-KB")
		if per >= 5 {
			b.Errorf("the report took %.1f s, over 5 s", per)
		}
		// Issued once, as the Secretariat does, registry included.
		start := time.Now()
		if _, err := w.e.FollowUp.IssueReport(ctx, w.sec, followup.IssueInput{BodyID: w.gm.ID, AsOf: asOf, Language: "ar", Words: words}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/issue")
		reportLoad(b)
	})
}

// run makes b.N calls of fn from clients goroutines and reports the p50 and p99
// latency, the throughput, the size fn returns (as page-KB, when it returns one) and the
// load average; it returns the throughput.
func run(b *testing.B, clients int, fn func() (int, error)) float64 {
	b.Helper()
	// Warm up: one call per client.
	for range clients {
		if _, err := fn(); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([][]time.Duration, clients)
	var next atomic.Int64
	var size atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for i := range clients {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				start := time.Now()
				n, err := fn()
				lat[i] = append(lat[i], time.Since(start))
				if err != nil {
					failed.Store(err)
					return
				}
				size.Store(int64(n))
				// A client waits between requests (for the answer to travel, for the next
				// request to come): it yields here. Without it, 64 goroutines that never
				// block share the two processors in 10 ms slices, and a request cut by
				// the end of one waits for 31 others' slices: the latencies would measure
				// the scheduler's slices, not the service.
				runtime.Gosched()
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) / 1000
	}
	rps := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(rps, "req/s")
	if n := size.Load(); n > 0 {
		b.ReportMetric(float64(n)/1024, "page-KB")
	}
	reportLoad(b)
	return rps
}

func reportLoad(b *testing.B) {
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f, err := strconv.ParseFloat(strings.Fields(string(load))[0], 64); err == nil {
			b.ReportMetric(f, "load1")
		}
	}
}
