package ping_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/app"
	"github.com/plenary-platform/plenary/internal/config"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/secret"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// BenchmarkPingRound measures issue 6's two figures on a whole application as it runs in
// production (durable commits, the real clock, the job runner at its default settings)
// with a real SMTP server on loopback:
//
//   - delivery: the time from CreateRound to the last of the round's e-mails accepted by
//     the SMTP server, for the 195 States with two verified contacts each (390 e-mails,
//     each a "ping.send" job that reads the address from the directory and signs the
//     link);
//   - acknowledgements: the rate at which the links are used, as HTTP POSTs of the link
//     from 16 concurrent clients, each recorded in its own transaction with its audit
//     event.
//
// One op is one whole round. PLENARY_TEST_POSTGRES=1 runs it on PostgreSQL.
func BenchmarkPingRound(b *testing.B) {
	ctx := context.Background()
	e := benchEnv(b)
	sec := e.Secretariat(b, "secretariat@un.org")
	states, err := e.States.List(ctx, sec)
	if err != nil {
		b.Fatal(err)
	}
	for i, st := range states {
		for j, fn := range directory.Functions {
			lang := plenary.Languages[(2*i+j)%len(plenary.Languages)]
			e.VerifiedContact(b, sec, st.ISO3, fmt.Sprintf("%s.%s@contacts.example", strings.ToLower(st.ISO3), fn), "Contact "+st.ISO3, lang, fn)
		}
	}
	contacts := 2 * len(states)
	settle(e) // the invitations of the new accounts
	client := &http.Client{
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	const clients = 16
	var delivery, acking time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		title := "Benchmark round " + strconv.Itoa(n+1)
		subjects := map[string]bool{}
		for _, l := range plenary.Languages {
			subjects[e.Catalog.T(l, "mail.ping.subject", map[string]any{"Round": title})] = true
		}
		before := len(e.SMTP.Messages())
		start := time.Now()
		r, err := e.Pings.CreateRound(ctx, sec, ping.RoundInput{Title: title, Scope: ping.ScopeAll})
		if err != nil {
			b.Fatal(err)
		}
		for {
			got := 0
			for _, m := range e.SMTP.Messages()[before:] {
				if subjects[m.Subject] {
					got++
				}
			}
			if got == contacts {
				break
			}
			if time.Since(start) > 5*time.Minute {
				b.Fatalf("%d of %d e-mails after 5 minutes", got, contacts)
			}
			time.Sleep(2 * time.Millisecond)
		}
		delivery += time.Since(start)

		b.StopTimer()
		qs, err := e.DB.Pings().Requests(ctx, r.ID)
		if err != nil || len(qs) != contacts {
			b.Fatalf("%d requests, %v", len(qs), err)
		}
		links := make(chan string, len(qs))
		for i, q := range qs {
			links <- e.Server.URL + "/" + plenary.Languages[i%len(plenary.Languages)] + "/pings/acknowledge/" + e.Pings.Token(q)
		}
		close(links)
		b.StartTimer()
		start = time.Now()
		var wg sync.WaitGroup
		var failed atomic.Int64
		for range clients {
			wg.Go(func() {
				for l := range links {
					res, err := client.Post(l, "application/x-www-form-urlencoded", nil)
					if err != nil {
						failed.Add(1)
						continue
					}
					_, _ = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusSeeOther {
						failed.Add(1)
					}
				}
			})
		}
		wg.Wait()
		acking += time.Since(start)
		if f := failed.Load(); f > 0 {
			b.Fatalf("%d acknowledgements failed", f)
		}
	}
	b.StopTimer()
	rounds := float64(b.N)
	b.ReportMetric(delivery.Seconds()/rounds, "s/delivery")
	b.ReportMetric(float64(contacts)*rounds/delivery.Seconds(), "emails/s")
	b.ReportMetric(float64(contacts)*rounds/acking.Seconds(), "acks/s")
	b.ReportMetric(float64(contacts), "contacts")
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f, err := strconv.ParseFloat(strings.Fields(string(load))[0], 64); err == nil {
			b.ReportMetric(f, "load1")
		}
	}
}

// benchEnv is a whole application as production runs it: durable commits, the real
// clock, the job runner's default polling, and a real SMTP server.
func benchEnv(b *testing.B) *testenv.Env {
	b.Helper()
	e := &testenv.Env{SMTP: testenv.StartSMTP(b)}
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL = testenv.Database(b)
	cfg.SMTPURL = e.SMTP.URL()
	cfg.SecretKey = secret.Generate().String()
	cfg.LogLevel = "warn"
	e.Server = httptest.NewUnstartedServer(http.NotFoundHandler())
	cfg.BaseURL = "http://" + e.Server.Listener.Addr().String()
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg, app.Options{Version: "bench", Argon2: &testenv.CheapArgon2},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	e.App = a
	if err := a.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	e.Server.Config.Handler = a.Handler
	e.Server.Start()
	b.Cleanup(func() {
		a.Pages.StopLive()
		e.Server.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = a.Stop(ctx)
		_ = a.Close()
	})
	return e
}
