package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// burst fires n submissions at a running server from c connections, as many people
// sending input at once would, and records every acknowledgement it receives.
//
// Each submission i has an Idempotency-Key derived from the run and i, and a content
// derived from i alone: running the same burst again (same --run, same -n) sends the
// very same submissions, which is how the script checks, after a crash, that a retry
// never stores anything twice. The key also carries the number of anchors sent
// ("…-a3"), so that verify can check from the database alone that nothing was half-saved.
//
// With --via form, each goes through the consultation's HTML form as a browser without
// JavaScript sends it (multipart, the stances as stance_KEY fields, the key as the form's
// idempotency_key), and the tracking number is read from the receipt page; with --via api
// (the default), as JSON to the API.
//
// A 503 or 429 is retried after its Retry-After (capped by --max-wait: the server's
// hint is a second, and a load generator that waits longer measures its own patience),
// and so is a connection error, with the same key: the server may have stored it before
// the connection broke, and only the key makes the retry harmless. Once the server has
// been unreachable for --give-up, the run stops: that is the crash run, and what was not
// acknowledged by then is simply not acknowledged.
func burst(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("plenary-load burst", flag.ContinueOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "the server's base URL")
	cid := fs.Int64("consultation", 1, "the consultation's ID")
	n := fs.Int("n", 10000, "submissions to send")
	c := fs.Int("c", 256, "concurrent connections (HTTP/1.1 keep-alive)")
	run := fs.String("run", "", "prefix of the idempotency keys (default: the time); the same run and -n resend the same submissions")
	acksPath := fs.String("acks", "", "append every acknowledgement to this file: tracking, key, anchors, status (the client's memory)")
	maxWait := fs.Duration("max-wait", time.Second, "wait at most this long on a Retry-After")
	giveUp := fs.Duration("give-up", 5*time.Second, "stop once the server has been unreachable this long")
	via := fs.String("via", "api", "api: JSON to the API; form: the consultation's HTML form, as a browser sends it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *via != "api" && *via != "form" {
		return fmt.Errorf("--via %q: want api or form", *via)
	}
	if *run == "" {
		*run = "r" + strconv.FormatInt(time.Now().Unix(), 36)
	}
	client := newClient(*c)
	keys, err := paragraphKeys(ctx, client, *base, *cid)
	if err != nil {
		return err
	}
	var acks *ackWriter
	if *acksPath != "" {
		if acks, err = openAcks(*acksPath); err != nil {
			return err
		}
	}
	origin := strings.TrimRight(*base, "/")
	url := fmt.Sprintf("%s/api/v1/consultations/%d/submissions", origin, *cid)
	send, read := post, trackingOfJSON
	if *via == "form" {
		url = fmt.Sprintf("%s/en/consultations/%d/submissions", origin, *cid)
		send = func(ctx context.Context, client *http.Client, url string, s submission) (int, []byte, time.Duration, error) {
			return postForm(ctx, client, url, origin, s)
		}
		read = trackingOfReceipt
	}

	var (
		next                       atomic.Int64
		created, repeated, refused atomic.Int64
		busy, tooMany, connErrs    atomic.Int64
		failed                     atomic.Int64
		lastOK                     atomic.Int64 // unix nanoseconds of the last answer of any kind
		stopped                    atomic.Bool
		mu                         sync.Mutex
		latencies                  = make([]time.Duration, 0, *n)
		firstErr                   atomic.Value
		lastAck                    atomic.Int64
	)
	start := time.Now()
	lastOK.Store(start.UnixNano())
	progressDone := make(chan struct{})
	go progress(progressDone, start, func() int64 { return created.Load() + repeated.Load() }, &busy)

	var wg sync.WaitGroup
	for w := 0; w < *c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, *n / *c + 1)
			defer func() { mu.Lock(); latencies = append(latencies, local...); mu.Unlock() }()
			for !stopped.Load() && ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= *n {
					return
				}
				sub := newSubmission(*run, i, keys, *via == "form")
				t0 := time.Now()
				for attempt := 1; ; attempt++ {
					status, body, retryAfter, err := send(ctx, client, url, sub)
					if err != nil {
						if ctx.Err() != nil {
							return
						}
						connErrs.Add(1)
						if time.Since(time.Unix(0, lastOK.Load())) > *giveUp {
							// The server is gone: this one and the rest stay unacknowledged.
							stopped.Store(true)
							failed.Add(1)
							return
						}
						time.Sleep(min(time.Duration(attempt)*50*time.Millisecond, 500*time.Millisecond))
						continue
					}
					lastOK.Store(time.Now().UnixNano())
					if status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests {
						if status == http.StatusServiceUnavailable {
							busy.Add(1)
						} else {
							tooMany.Add(1)
						}
						time.Sleep(min(retryAfter, *maxWait))
						continue
					}
					if status != http.StatusCreated && status != http.StatusOK {
						refused.Add(1)
						firstErr.CompareAndSwap(nil, fmt.Sprintf("%d %s", status, bytes.TrimSpace(body)))
						break
					}
					tracking := read(body)
					if tracking == "" {
						refused.Add(1)
						firstErr.CompareAndSwap(nil, fmt.Sprintf("%d without a tracking number: %.2000s", status, body))
						break
					}
					// Acknowledged: from here the server owes us this submission.
					local = append(local, time.Since(t0))
					lastAck.Store(time.Now().UnixNano())
					if status == http.StatusCreated {
						created.Add(1)
					} else {
						repeated.Add(1)
					}
					if acks != nil {
						acks.add(tracking, sub.key, len(sub.Anchors), status)
					}
					break
				}
			}
		}()
	}
	wg.Wait()
	close(progressDone)
	end := time.Unix(0, lastAck.Load())
	if lastAck.Load() == 0 {
		end = time.Now()
	}
	if acks != nil {
		if err := acks.close(); err != nil {
			return err
		}
	}
	acked := created.Load() + repeated.Load()
	elapsed := end.Sub(start)
	p := percentiles(latencies, 50, 90, 99, 100)
	fmt.Printf("burst %s via %s: %d submissions, %d connections: acknowledged %d (201 new: %d, 200 repeated or by form: %d) in %s = %.0f acknowledged/s\n",
		*run, *via, *n, *c, acked, created.Load(), repeated.Load(), elapsed.Round(time.Millisecond), float64(acked)/elapsed.Seconds())
	fmt.Printf("  latency to acknowledgement (retries included): p50 %s  p90 %s  p99 %s  max %s\n", ms(p[0]), ms(p[1]), ms(p[2]), ms(p[3]))
	fmt.Printf("  503 busy: %d  429: %d  connection errors: %d  refused: %d  unacknowledged: %d\n",
		busy.Load(), tooMany.Load(), connErrs.Load(), refused.Load(), int64(*n)-acked)
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		// The load generator shares the machine with the server: what it takes is
		// not the server's.
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		fmt.Printf("  the load generator's own CPU: %s (%.0f µs per acknowledgement)\n", cpu.Round(10*time.Millisecond),
			float64(cpu.Microseconds())/float64(max(acked, 1)))
	}
	if e := firstErr.Load(); e != nil {
		fmt.Printf("  first refusal: %s\n", e)
	}
	if stopped.Load() {
		fmt.Printf("  stopped: the server was unreachable for %s\n", *giveUp)
	}
	if refused.Load() > 0 {
		return errors.New("some submissions were refused")
	}
	return nil
}

// progress prints the acknowledgements every second, on stderr: the script watches the
// burst from it, and a person watching sees the rate move.
func progress(done chan struct{}, start time.Time, acked func() int64, busy *atomic.Int64) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	var prev int64
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			a := acked()
			fmt.Fprintf(os.Stderr, "  %5.1fs  acknowledged %7d  (+%d/s)  503s %d\n", now.Sub(start).Seconds(), a, a-prev, busy.Load())
			prev = a
		}
	}
}

func newClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 2 * time.Minute,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
			ForceAttemptHTTP2:   false,
		},
	}
}

// submission is one person's input; key is its Idempotency-Key. payload is its JSON for
// the API, or its multipart form (with contentType) for the page.
type submission struct {
	key         string
	contentType string
	Name        string      `json:"name"`
	Email       string      `json:"email"`
	Lang        string      `json:"language"`
	Text        string      `json:"text"`
	Anchors     []anchorOut `json:"anchors"`
	payload     []byte
}

type anchorOut struct {
	Paragraph    string `json:"paragraph"`
	Stance       string `json:"stance"`
	Comment      string `json:"comment,omitempty"`
	ProposedText string `json:"proposed_text,omitempty"`
}

// newSubmission builds submission i of a run: 1 to 3 anchors on distinct paragraphs,
// from i alone, so that a resend is identical.
func newSubmission(run string, i int, keys []string, form bool) submission {
	h := uint64(i)*0x9E3779B97F4A7C15 + 1
	nAnchors := 1 + int(h>>33%3)
	s := submission{Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("person%d@load.example.org", i%20000), Lang: "en",
		Text: fmt.Sprintf("Input %d of the load test: the draft should say more about capacity-building and the Points of Contact directory.", i)}
	first := int(h>>40) % len(keys)
	for k := 0; k < nAnchors && k < len(keys); k++ {
		a := anchorOut{Paragraph: keys[(first+k*7)%len(keys)]}
		switch (i + k) % 4 {
		case 0:
			a.Stance = "support"
		case 1:
			a.Stance = "oppose"
		case 2:
			a.Stance, a.Comment = "comment", "This paragraph needs a reference to the annual report."
		case 3:
			a.Stance, a.ProposedText = "amend", "States will continue to study, with the support of the Secretariat, how norms apply."
		}
		s.Anchors = append(s.Anchors, a)
	}
	s.key = fmt.Sprintf("%s-%d-a%d", run, i, len(s.Anchors))
	if form {
		s.payload, s.contentType = s.form()
	} else {
		s.payload, _ = json.Marshal(s)
	}
	return s
}

// form writes the submission as the consultation's form sends it: multipart (the form
// takes a file), one stance_KEY field per paragraph with a position, its comment_KEY or
// proposed_KEY beside it.
func (s submission) form() ([]byte, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	field := func(k, v string) { _ = w.WriteField(k, v) }
	field("idempotency_key", s.key)
	field("language", s.Lang)
	field("name", s.Name)
	field("email", s.Email)
	field("text", s.Text)
	for _, a := range s.Anchors {
		field("stance_"+a.Paragraph, a.Stance)
		if a.Comment != "" {
			field("comment_"+a.Paragraph, a.Comment)
		}
		if a.ProposedText != "" {
			field("proposed_"+a.Paragraph, a.ProposedText)
		}
	}
	_ = w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// post sends one submission. An error means no answer came: the submission may or may
// not be stored.
func post(ctx context.Context, client *http.Client, url string, s submission) (status int, body []byte, retryAfter time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(s.payload))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", s.key)
	return do(client, req)
}

// do sends a request and reads its answer; an error means no answer came.
func do(client *http.Client, req *http.Request) (status int, body []byte, retryAfter time.Duration, err error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, nil, 0, err
	}
	retryAfter = time.Second
	if v, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
		retryAfter = time.Duration(v) * time.Second
	}
	return resp.StatusCode, body, retryAfter, nil
}

// postForm sends one submission through the consultation's form, with what a browser
// sends for a form of the same site.
func postForm(ctx context.Context, client *http.Client, url, origin string, s submission) (int, []byte, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(s.payload))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", s.contentType)
	req.Header.Set("Origin", origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return do(client, req)
}

// trackingOfJSON reads the tracking number of the API's answer.
func trackingOfJSON(body []byte) string {
	var r struct {
		Tracking string `json:"tracking"`
	}
	_ = json.Unmarshal(body, &r)
	return r.Tracking
}

// receiptTracking is how the receipt page shows the tracking number.
var receiptTracking = regexp.MustCompile(`<p class="tracking" dir="ltr"><strong>([A-Z0-9-]+)</strong>`)

// trackingOfReceipt reads the tracking number of the form's receipt page.
func trackingOfReceipt(body []byte) string {
	if m := receiptTracking.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return ""
}

// paragraphKeys reads the draft's paragraph keys from the consultation, as a client
// building a form would.
func paragraphKeys(ctx context.Context, client *http.Client, base string, id int64) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/consultations/%d", strings.TrimRight(base, "/"), id), nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("consultation %d: %s: %s", id, resp.Status, b)
	}
	var c struct {
		Phase      string `json:"phase"`
		Paragraphs []struct {
			Key string `json:"key"`
		} `json:"paragraphs"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		return nil, err
	}
	if c.Phase != "open" || len(c.Paragraphs) == 0 {
		return nil, fmt.Errorf("consultation %d is %s with %d paragraphs: want open, with paragraphs", id, c.Phase, len(c.Paragraphs))
	}
	keys := make([]string, len(c.Paragraphs))
	for i, p := range c.Paragraphs {
		keys[i] = p.Key
	}
	return keys, nil
}

// ackWriter appends acknowledgements to a file: one line each, tab-separated. It
// flushes often (the script counts lines to know when to kill the server) and syncs at
// the end.
type ackWriter struct {
	f    *os.File
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func openAcks(path string) (*ackWriter, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	a := &ackWriter{f: f, w: bufio.NewWriterSize(f, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(a.done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-a.stop:
				return
			case <-t.C:
				a.mu.Lock()
				_ = a.w.Flush()
				a.mu.Unlock()
			}
		}
	}()
	return a, nil
}

func (a *ackWriter) add(tracking, key string, anchors, status int) {
	a.mu.Lock()
	fmt.Fprintf(a.w, "%s\t%s\t%d\t%d\n", tracking, key, anchors, status)
	a.mu.Unlock()
}

func (a *ackWriter) close() error {
	close(a.stop)
	<-a.done
	err := a.w.Flush()
	if err == nil {
		err = a.f.Sync()
	}
	return errors.Join(err, a.f.Close())
}
