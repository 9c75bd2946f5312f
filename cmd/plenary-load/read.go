package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// read requests one URL from c connections, each as fast as answers come, for d (or
// until interrupted: the script runs it beside a burst and stops it when the burst
// ends), and reports requests per second and latencies. A closed loop: it measures what
// the server sustains, and, beside a burst, what a reader waits.
func read(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("plenary-load read", flag.ContinueOnError)
	url := fs.String("url", "", "the URL to read")
	c := fs.Int("c", 16, "concurrent connections")
	d := fs.Duration("d", 10*time.Second, "how long; 0 until interrupted (SIGINT or SIGTERM)")
	label := fs.String("label", "", "what to call the URL in the report")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *url == "" {
		return fmt.Errorf("--url is required")
	}
	if *label == "" {
		*label = *url
	}
	if *d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *d)
		defer cancel()
	}
	client := newClient(*c)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		statuses  = map[int]int{}
		errs      int
		bytes     int64
		firstErr  string
	)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < *c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			st := map[int]int{}
			var n int64
			var e int
			var fe string
			for ctx.Err() == nil {
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						e++
						if fe == "" {
							fe = err.Error()
						}
						time.Sleep(50 * time.Millisecond)
					}
					continue
				}
				m, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil && ctx.Err() != nil {
					break // cut off by the end of the run: not a measurement
				}
				local = append(local, time.Since(t0))
				st[resp.StatusCode]++
				n += m
			}
			mu.Lock()
			latencies = append(latencies, local...)
			for k, v := range st {
				statuses[k] += v
			}
			bytes += n
			errs += e
			if firstErr == "" {
				firstErr = fe
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	n := len(latencies)
	p := percentiles(latencies, 50, 90, 99, 100)
	var codes []string
	keys := make([]int, 0, len(statuses))
	for k := range statuses {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		codes = append(codes, fmt.Sprintf("%d×%d", k, statuses[k]))
	}
	avg := int64(0)
	if n > 0 {
		avg = bytes / int64(n)
	}
	fmt.Printf("read %s: %d connections, %s: %d requests = %.0f/s; p50 %s  p90 %s  p99 %s  max %s; %s; %d bytes each; %d errors\n",
		*label, *c, elapsed.Round(time.Millisecond), n, float64(n)/elapsed.Seconds(), ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]),
		strings.Join(codes, " "), avg, errs)
	if firstErr != "" {
		fmt.Printf("  first error: %s\n", firstErr)
	}
	if statuses[http.StatusOK] != n {
		return fmt.Errorf("read %s: not every answer was 200", *label)
	}
	return nil
}
