package e2e_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// axeSource is axe-core, vendored from npm; testdata/README.md says which version and
// how to update it.
//
//go:embed testdata/axe.min.js
var axeSource string

const axeVersion = "4.14.1"

// axeRun runs the WCAG 2.0, 2.1 and 2.2 A and AA rules on the whole document, and
// returns only what the tests read of the violations.
const axeRun = `axe.run(document, {
	runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
	resultTypes: ['violations']
}).then(r => r.violations.map(v => ({
	id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary || ''}))
})))`

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	// Target is a CSS selector per frame or shadow root: strings, or arrays of them.
	Target  []json.RawMessage `json:"target"`
	HTML    string            `json:"html"`
	Summary string            `json:"summary"`
}

func (n axeNode) target() string {
	parts := make([]string, 0, len(n.Target))
	for _, raw := range n.Target {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			parts = append(parts, s)
			continue
		}
		parts = append(parts, string(raw))
	}
	return strings.Join(parts, " >>> ")
}

// axeViolations runs axe in the page the tab shows and returns its violations.
func (b *browser) axeViolations(t *testing.T) []axeViolation {
	t.Helper()
	// Injected through the DevTools protocol, so the page's CSP (script-src 'self')
	// does not apply to it, and the page itself stays as served.
	do(t, b, "inject axe", chromedp.Evaluate[chromedp.Void](axeSource))
	if v := run(t, b, "axe version", chromedp.Evaluate[string](`axe.version`)); v != axeVersion {
		t.Fatalf("axe version %q, want %q", v, axeVersion)
	}
	return run(t, b, "run axe", chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
}

// checkAccessibility runs axe in the page the tab shows. It fails the test on every
// violation of impact serious or critical, and logs the others. It also fails on any
// Content Security Policy violation that the page caused.
func (b *browser) checkAccessibility(t *testing.T) {
	t.Helper()
	for _, v := range b.axeViolations(t) {
		switch v.Impact {
		case "serious", "critical":
			t.Error(v.report())
		default:
			t.Log(v.report())
		}
	}
	for _, m := range b.cspViolations() {
		t.Errorf("Content Security Policy violation: %s", m)
	}
}

func (v axeViolation) report() string {
	report := &strings.Builder{}
	fmt.Fprintf(report, "axe %s [%s]: %s (%s)", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(report, "\n\t%s\n\t\t%s", n.target(), n.HTML)
		if n.Summary != "" {
			fmt.Fprintf(report, "\n\t\t%s", strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
	}
	return report.String()
}

// TestAccessibility runs axe on every page a person reaches, in English and in Arabic
// (right to left), and the States list in Chinese too: signed out, then signed in as
// the Secretariat.
func TestAccessibility(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	e.CreateUser(t, "sam@example.org", "Sam Secretariat", plenary.Grant{Role: plenary.RoleSecretariat})
	org, err := e.Organizations.Create(context.Background(), plenary.System("test"), organization.Input{
		Type: organization.NGO, HQState: "CHE", Names: plenary.Localized{"en": "Institute for Digital Peace"}})
	if err != nil {
		t.Fatal(err)
	}
	orgPath := "/organizations/" + strconv.FormatInt(org.ID, 10)
	accPublic, accSecretariat := accessibilityAccPages(t, e)
	b := startBrowser(t, e)

	// The check itself: a page with known problems must fail it, or a pass below
	// proves nothing.
	t.Run("axe finds violations", func(t *testing.T) {
		do(t, b, "open a broken page", chromedp.Navigate(`data:text/html,<!DOCTYPE html><html><title>broken</title>`+
			`<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">`+
			`<p style="color:rgb(187,187,187);background:white">faint</p></html>`))
		found := map[string]string{}
		for _, v := range b.axeViolations(t) {
			found[v.ID] = v.Impact
		}
		for id, impact := range map[string]string{
			"html-has-lang": "serious", "image-alt": "critical", "label": "critical", "color-contrast": "serious",
		} {
			if found[id] != impact {
				t.Errorf("axe on a broken page: %s = %q, want %q (found %v)", id, found[id], impact, found)
			}
		}
	})

	t.Run("CSP violations are seen", func(t *testing.T) {
		b.open(t, "/en/")
		do(t, b, "add an inline style", chromedp.Evaluate[chromedp.Void](
			`document.body.insertAdjacentHTML('beforeend', '<p style="color: red">inline</p>')`))
		deadline := time.Now().Add(5 * time.Second)
		for len(b.cspViolations()) == 0 {
			if time.Now().After(deadline) {
				t.Fatal("an inline style on a page gave no Content Security Policy report on the console")
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	langs := []string{"en", "ar"}
	page := func(lang, path string, setup func(t *testing.T)) {
		t.Run(lang+path, func(t *testing.T) {
			if setup != nil {
				setup(t)
			} else {
				b.open(t, "/"+lang+path)
			}
			b.checkAccessibility(t)
		})
	}

	// Signed out.
	for _, lang := range langs {
		page(lang, "/", nil)
		page(lang, "/states", nil)
		page(lang, "/states/FRA", nil)
		page(lang, "/sign-in", nil)
		page(lang, "/sign-in#failed", func(t *testing.T) {
			resp := b.signIn(t, lang, "nobody@example.org", "not the password")
			if resp.Status != 422 {
				t.Fatalf("failed sign-in: status %d, want 422", resp.Status)
			}
			if !b.exists(t, ".error-summary") {
				t.Fatal("failed sign-in shows no error summary")
			}
		})
		page(lang, "/password/forgot", nil)
		for _, path := range accPublic {
			page(lang, path, nil)
		}
	}
	page("zh", "/states", nil)

	// Signed in as the Secretariat, who has a second factor.
	if resp := b.signIn(t, "en", "sam@example.org", testenv.Password); !strings.HasSuffix(resp.URL, "/en/sign-in/second-factor") {
		t.Fatalf("after the password: %s, want the second-factor page", resp.URL)
	}
	if resp := b.secondFactor(t, e); !strings.HasSuffix(resp.URL, "/en/account") {
		t.Fatalf("after the second factor: %s, want the account page", resp.URL)
	}
	for _, lang := range langs {
		for _, path := range []string{
			"/account", "/account/tokens",
			"/admin/users", "/admin/users/new", "/admin/audit",
			"/organizations", "/organizations/new", orgPath,
		} {
			page(lang, path, nil)
		}
		for _, path := range accSecretariat {
			page(lang, path, nil)
		}
	}
}
