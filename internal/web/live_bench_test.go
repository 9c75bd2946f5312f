package web_test

import (
	"bufio"
	"context"
	"net"
	"net/http"
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
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// BenchmarkLiveView measures the live view of a list of speakers as the room and the
// remote participants watch it: PLENARY_BENCH_VIEWERS (2,000 unless set) live views on
// one instance, each its own HTTP connection over loopback, and each operation one
// change by the Chair (pausing or resuming the timer), timed from the call until every
// viewer has read the new version of the list. The list holds 40 waiting speakers.
//
// It reports the time for an update to reach all viewers (ns/op, and its median and
// worst as p50-ms and max-ms), and the memory the views hold (client and server both run
// in this process, so it is an upper bound for the server's share).
func BenchmarkLiveView(b *testing.B) {
	viewers := 2000
	if n, err := strconv.Atoi(os.Getenv("PLENARY_BENCH_VIEWERS")); err == nil && n > 0 {
		viewers = n
	}
	e := testenv.New(b)
	path, m := floorMeeting(b, e, true)
	chair := e.Actor(b, e.CreateUser(b, "chair@example.org", "The Chair", plenary.Grant{Role: plenary.RoleChair}))
	l, err := e.Floor.OpenList(ctx, chair, m.ID, 0, false)
	if err != nil {
		b.Fatal(err)
	}
	states, err := e.States.Sorted(ctx, chair, "en")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range states[:41] {
		if _, err := e.Floor.Inscribe(ctx, chair, l.ID, floor.InscribeInput{State: s.ISO3, SpeakerName: "H.E. Ambassador " + s.ISO3}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := e.Floor.Next(ctx, chair, l.ID); err != nil {
		b.Fatal(err)
	}
	url := e.Server.URL + "/en" + path + "/speakers/" + itoa(l.ID) + "/events"

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: viewers + 10,
		DialContext: (&net.Dialer{Timeout: 10 * time.Second}).DialContext}}
	seen := make([]atomic.Int64, viewers) // the newest version each viewer has read
	var wg, ready sync.WaitGroup
	ready.Add(viewers)
	sem := make(chan struct{}, 64) // connect 64 at a time
	for i := range viewers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			req, _ := http.NewRequestWithContext(cctx, http.MethodGet, url, nil)
			res, err := client.Do(req)
			<-sem
			if err != nil || res.StatusCode != 200 {
				b.Errorf("viewer %d: %v %v", i, err, res)
				ready.Done()
				return
			}
			defer res.Body.Close()
			first := true
			rd := bufio.NewReaderSize(res.Body, 4<<10)
			for {
				line, err := rd.ReadString('\n')
				if err != nil {
					return
				}
				if v, ok := strings.CutPrefix(line, "id: "); ok {
					n, _ := strconv.Atoi(strings.TrimSpace(v))
					seen[i].Store(int64(n))
					if first {
						first = false
						ready.Done()
					}
				}
			}
		}()
	}
	ready.Wait()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	if got := e.Pages.LiveViewers(); got != int64(viewers) {
		b.Fatalf("%d live viewers on the server, want %d", got, viewers)
	}

	var took []time.Duration
	pause := true
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		if err := e.Floor.PauseTimer(ctx, chair, l.ID, pause); err != nil {
			b.Fatal(err)
		}
		pause = !pause
		cur, _, err := e.Floor.Get(ctx, chair, l.ID)
		if err != nil {
			b.Fatal(err)
		}
		want := int64(cur.Version)
		for i := 0; i < viewers; {
			if seen[i].Load() >= want {
				i++
				continue
			}
			if time.Since(start) > 30*time.Second {
				b.Fatalf("viewer %d still at version %d after 30 s, want %d", i, seen[i].Load(), want)
			}
			time.Sleep(200 * time.Microsecond)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(viewers), "viewers")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(after.HeapInuse-min(before.HeapInuse, after.HeapInuse))/float64(viewers), "heap-B/viewer")
	b.ReportMetric(float64(runtime.NumGoroutine())/float64(viewers), "goroutines/viewer")
	cancel()
	e.Pages.StopLive()
	wg.Wait()
}
