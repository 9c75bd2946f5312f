// Package e2e_test is plenary's browser-test level: Debian's real Chromium, driven with
// chromedp, against a whole application from testenv, with axe-core run in the pages.
//
// The tests run only when PLENARY_TEST_BROWSER is set:
//
//	apt-get install -y chromium fonts-noto-core fonts-noto-cjk
//	PLENARY_TEST_BROWSER=1 go test ./e2e/ -count=1 -v
//
// With PLENARY_TEST_POSTGRES=1 as well they run on PostgreSQL, as every other test does.
package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

const (
	// envBrowser turns the browser tests on.
	envBrowser = "PLENARY_TEST_BROWSER"
	// chromiumPath is where Debian's chromium package puts the browser. No tool
	// downloads a browser of its own.
	chromiumPath = "/usr/bin/chromium"

	// testLimit bounds one test's browser: when it passes, the browser is stopped and
	// whatever still waits on it fails instead of hanging.
	testLimit = 90 * time.Second
	// stepLimit bounds one step (a navigation, a click, a script).
	stepLimit = 20 * time.Second
	// viewport is wide enough for the desktop layout (the narrow one starts at 40rem).
	viewportW, viewportH = 1280, 900
)

// needBrowser skips the test unless browser tests are on, and fails it when they are on
// but the browser is not installed: a CI that asked for browser tests must not pass
// by skipping them.
func needBrowser(t *testing.T) {
	t.Helper()
	if os.Getenv(envBrowser) == "" {
		t.Skipf("browser tests are off: set %s=1 to run them (they need Debian's chromium at %s)", envBrowser, chromiumPath)
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("%s is set but the browser is missing (%v): apt-get install -y chromium fonts-noto-core fonts-noto-cjk", envBrowser, err)
	}
}

// browser is one headless Chromium with one tab, for one test.
type browser struct {
	ctx  context.Context // the tab; the test's limit is its only deadline
	base string          // the application's URL, without a trailing slash

	mu      sync.Mutex
	console []chromedp.ConsoleMessage // what the pages wrote to the console
	checked int                       // how many of them cspViolations has looked at
	output  syncBuffer                // what Chromium and chromedp wrote
}

// startBrowser starts a browser for the test, on a fresh profile, and stops it when the
// test ends. Start the application first, so that the browser stops before the server.
func startBrowser(t *testing.T, e *testenv.Env) *browser {
	t.Helper()
	needBrowser(t)
	b := &browser{base: strings.TrimSuffix(e.Server.URL, "/")}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(viewportW, viewportH),
		chromedp.CombinedOutput(&b.output),
	)
	// The allocator's deadline is the test's limit: past it the browser is killed.
	limitCtx, cancelLimit := context.WithTimeout(context.Background(), testLimit)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(limitCtx, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx,
		// chromedp logs protocol oddities with log.Printf by default; keep them out of
		// the test output unless the test fails.
		chromedp.WithLogf(b.logf), chromedp.WithErrorf(b.logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelLimit()
		if t.Failed() {
			b.mu.Lock()
			var console strings.Builder
			for _, m := range b.console {
				console.WriteString(m.String() + "\n")
			}
			b.mu.Unlock()
			if console.Len() > 0 {
				t.Logf("browser console:\n%s", tail(console.String(), 4000))
			}
			if out := b.output.String(); out != "" {
				t.Logf("chromium output (D-Bus complaints left out):\n%s", tail(withoutDBus(out), 4000))
			}
		}
	})
	b.ctx = ctx
	// The first Run starts the browser and binds it to the context it is given: that
	// is ctx, whose only deadline is the test's limit, and not a step's.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v\n%s", err, tail(withoutDBus(b.output.String()), 4000))
	}
	// Subscribe now, before the first page, and read on another goroutine.
	go b.collectConsole(chromedp.Console(ctx))
	return b
}

func (b *browser) logf(format string, args ...any) {
	b.output.Write([]byte("chromedp: " + fmt.Sprintf(format, args...) + "\n"))
}

// collectConsole keeps what the pages write to the console, for checks and for the log
// of a failed test.
func (b *browser) collectConsole(messages iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range messages {
		if err != nil {
			return
		}
		b.mu.Lock()
		b.console = append(b.console, m)
		b.mu.Unlock()
	}
}

// cspViolations returns the console messages about the Content Security Policy that
// arrived since the last call. plenary's pages have no inline script or style, so there
// must be none. (Messages arrive asynchronously: one that a page causes at its very end
// can be reported with the next page.)
func (b *browser) cspViolations() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, m := range b.console[b.checked:] {
		if strings.Contains(m.Text, "Content Security Policy") {
			out = append(out, m.String())
		}
	}
	b.checked = len(b.console)
	return out
}

// run runs one action with the step limit and fails the test on an error.
func run[T any](t *testing.T, b *browser, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepLimit)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs actions that return nothing, with the step limit.
func do(t *testing.T, b *browser, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	run(t, b, what, chromedp.Steps(steps...))
}

// navigate runs the actions (a click, a form submission) and waits for the page they
// lead to; it returns that page's response, after any redirects.
func navigate(t *testing.T, b *browser, what string, steps ...chromedp.Action[chromedp.Void]) *network.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepLimit)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		t.Fatalf("%s: no response", what)
	}
	return resp
}

// open loads a path of the application and fails the test unless it answers 200 (after
// any redirects).
func (b *browser) open(t *testing.T, path string) {
	t.Helper()
	resp := run(t, b, "open "+path, chromedp.NavigateResponse(b.base+path))
	if resp == nil || resp.Status != 200 {
		t.Fatalf("GET %s: response %+v, want status 200", path, resp)
	}
}

// path returns the path (and query) of the page the tab shows.
func (b *browser) path(t *testing.T) string {
	t.Helper()
	loc := run(t, b, "location", chromedp.Location())
	return strings.TrimPrefix(loc, b.base)
}

// text returns the visible text of the first element matching the CSS selector.
func (b *browser) text(t *testing.T, css string) string {
	t.Helper()
	s := run(t, b, "text of "+css, chromedp.Text(chromedp.CSS(css)))
	return strings.TrimSpace(s)
}

// exists reports whether an element matches the CSS selector now (it does not wait).
func (b *browser) exists(t *testing.T, css string) bool {
	t.Helper()
	ids := run(t, b, "query "+css, chromedp.QueryNodeIDs(chromedp.CSSAll(css), chromedp.AtLeast(0)))
	return len(ids) > 0
}

// signIn fills the sign-in form of the language by typing, and submits it with the
// button; it returns the response of the page the submission leads to.
func (b *browser) signIn(t *testing.T, lang, email, password string) *network.Response {
	t.Helper()
	b.open(t, "/"+lang+"/sign-in")
	do(t, b, "type the e-mail address", chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), email))
	do(t, b, "type the password", chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password))
	return navigate(t, b, "submit the sign-in form",
		chromedp.Click(chromedp.CSS(`main form[action$="/sign-in"] button[type="submit"]`)))
}

// secondFactor types the current authenticator code on the second-factor page and
// submits it.
func (b *browser) secondFactor(t *testing.T, e *testenv.Env) *network.Response {
	t.Helper()
	code, err := totp.GenerateCode(testenv.TOTPSeed, e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	do(t, b, "type the code", chromedp.SendKeys(chromedp.CSS(`input[name="code"]`), code))
	return navigate(t, b, "submit the second factor",
		chromedp.Click(chromedp.CSS(`main form[action$="/sign-in/second-factor"] button[type="submit"]`)))
}

// syncBuffer is a bytes.Buffer that Chromium's output and chromedp's log can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// withoutDBus drops Chromium's complaints that the machine has no D-Bus, which every
// headless run here prints and which say nothing about the test.
func withoutDBus(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if !strings.Contains(line, "dbus/") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
