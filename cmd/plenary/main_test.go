package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// env is the program's environment for a test: its own data directory and database,
// and an SMTP server for its mail.
func env(t *testing.T, smtp *testenv.SMTP) func(string) string {
	dir, dbURL := testenv.Database(t)
	vars := map[string]string{
		"PLENARY_DATA":         dir,
		"PLENARY_DATABASE_URL": dbURL,
		"PLENARY_SMTP_URL":     smtp.URL(),
		"PLENARY_LOG_LEVEL":    "warn",
	}
	return func(k string) string { return vars[k] }
}

// start runs `plenary serve` until the test ends and returns its base URL.
func start(t *testing.T, getenv func(string) string, args ...string) (string, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), pw, &stderr)
		pw.Close()
	}()
	var out bytes.Buffer
	sc := bufio.NewScanner(pr)
	base := ""
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`listening on (http://\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("serve did not start: %v\n%s\n%s", <-done, out.String(), stderr.String())
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve ended with %v\n%s", err, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not shut down")
		}
	})
	return base, &out
}

func TestVersionAndUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"version"}, os.Getenv, nil, &out, &errb); err != nil || !strings.HasPrefix(out.String(), "plenary ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	if err := run(context.Background(), nil, os.Getenv, nil, &out, &errb); exitCode(err) != 2 {
		t.Fatalf("no command: %v", err)
	}
	if err := run(context.Background(), []string{"serve", "--no-such-flag"}, os.Getenv, nil, &out, &errb); exitCode(err) != 2 {
		t.Fatalf("bad flag: %v", err)
	}
	err := run(context.Background(), []string{"serve", "--addr", "nonsense"}, os.Getenv, nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "HOST:PORT") {
		t.Fatalf("bad address: %v", err)
	}
}

// TestJourney: create the first Secretariat account from the command line, serve, sign
// in over HTTP, see the health endpoints, stop; then verify the audit trail, tamper with
// it by hand, and see verification fail at the altered event.
func TestJourney(t *testing.T) {
	smtp := testenv.StartSMTP(t)
	getenv := env(t, smtp)
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"user", "create", "--email", "Claire@example.org", "--name", "Claire Martin",
		"--lang", "fr", "--role", "delegate", "--state", "fra", "--password-stdin"}, getenv,
		strings.NewReader("a long enough passphrase\n"), &out, &errb)
	if err != nil {
		t.Fatalf("user create: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "claire@example.org") {
		t.Fatalf("user create said %q", out.String())
	}
	// A bad input is explained.
	err = run(context.Background(), []string{"user", "create", "--email", "nope", "--name", ""}, getenv, nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "--email") || !strings.Contains(err.Error(), "--name") {
		t.Fatalf("bad user: %v", err)
	}

	func() {
		base, _ := start(t, getenv)
		for _, pw := range [][2]string{{"/healthz", "ok"}, {"/readyz", "ready"}, {"/en/", "plenary"}, {"/metrics", `plenary_http_requests_total{method="GET",status="2xx",surface="pages"}`}} {
			path, want := pw[0], pw[1]
			res, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(b), want) {
				t.Errorf("%s: %d %q", path, res.StatusCode, b)
			}
		}
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(base+"/fr/sign-in", url.Values{"email": {"claire@example.org"}, "password": {"a long enough passphrase"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/account" {
			t.Fatalf("sign in: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
	}()

	out.Reset()
	if err := run(context.Background(), []string{"audit", "verify"}, getenv, nil, &out, &errb); err != nil {
		t.Fatalf("audit verify: %v %s", err, out.String())
	}
	if !strings.Contains(out.String(), "intact") {
		t.Fatalf("audit verify said %q", out.String())
	}
	if getenv("PLENARY_DATABASE_URL") == "" { // by hand, on the SQLite file
		// The server started above still runs (until the test's cleanup), and its job
		// runner writes: wait for the write lock as the store does, rather than fail
		// with SQLITE_BUSY.
		db, err := sql.Open("sqlite", "file:"+filepath.Join(getenv("PLENARY_DATA"), "plenary.db")+"?_pragma=busy_timeout(10000)")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"DROP TRIGGER audit_events_no_update", "UPDATE audit_events SET actor_name = 'Mallory' WHERE id = 2"} {
			if _, err := db.Exec(s); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		out.Reset()
		err = run(context.Background(), []string{"audit", "verify"}, getenv, nil, &out, &errb)
		if exitCode(err) != 1 || !strings.Contains(out.String(), "broken at event 2") {
			t.Fatalf("after tampering: %v %q", err, out.String())
		}
	}
}

func TestDemo(t *testing.T) {
	smtp := testenv.StartSMTP(t)
	getenv := env(t, smtp)
	base, out := start(t, getenv, "--demo")
	for _, want := range []string{"secretariat@example.org", "delegate.fra@example.org", "poc.jpn@example.org", "plenary-demo-2026", "seed ", "recovery codes"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the demo sign-ins lack %q:\n%s", want, out.String())
		}
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/en/sign-in", url.Values{"email": {"observer@example.org"}, "password": {"plenary-demo-2026"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("demo observer sign-in: %d", res.StatusCode)
	}
	// A newcomer sees accreditation under way: a decided round, one with the Member
	// States, and the organizations accredited — but not who objected.
	for path, wants := range map[string][]string{
		"/en/accreditation/gm/organizations": {"SecureNet East Africa Ltd", "Institute for Digital Peace", "4 organizations"},
		"/en/accreditation/gm/rounds":        {"Round 1", "Round 2", "With the Member States", "Decided"},
		"/ar/accreditation/gm":               {"الآلية العالمية"},
		"/en/sessions":                       {"Substantive session 2", "Thematic group meeting 1", "Organizational session 1"},
		"/fr/bodies/gm":                      {"Groupe thématique spécialisé sur le renforcement des capacités"},
		// The last substantive session's second meeting was run from its list of speakers;
		// the coming session's first has delegations waiting.
		"/en/sessions/2/meetings/2/speaking-time": {"Interventions: 9.", "African States", "Stakeholders", "Woman"},
		"/en/sessions/2/meetings/2":               {"Lists of speakers", "0 waiting, 8 spoken", "0 waiting, 1 spoken"},
		"/en/sessions/3/meetings/1":               {"Lists of speakers", "5 waiting, 0 spoken"},
		// Documents in several languages, a draft and its revision under consultation;
		// the States-only paper stays out of the public list.
		"/en/bodies/gm/documents": {"A/AC.292/2026/1", "A/AC.292/2026/CRP.1/Rev.1", "Draft annual progress report"},
		"/fr/documents?q=ordre":   {"Ordre du jour provisoire"},
		"/en/consultations/1":     {"Published input: 4", "Support: 1", "Amend: 1"},
		// The national survey: two cycles, seven States' answers in five languages at every
		// level; the public compares the five public ones and reads France's submission.
		"/en/survey":                          {"2026 National Survey of Implementation", "2025 National Survey of Implementation", "Open", "Closed"},
		"/ar/survey/2/compare?element=norm.c": {"مصر", "الاستراتيجية الوطنية للأمن السيبراني", "Stratégie nationale de cybersécurité", "网络安全法", "5"},
		"/en/survey/2/aggregate":              {"All States", "Yes: 5"},
		"/fr/states/FRA":                      {"Stratégie nationale de cybersécurité (2015)"},
		"/ar/frameworks/ict-security":         {"norm.c", "A/70/174"},
		"/en/documents?q=France":              {"Contribution nationale de la France", "/NS/2026/FRA"},
	} {
		res, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, w := range wants {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if strings.Contains(string(b), "not relevant to the mandate") || strings.Contains(string(b), "funding") {
			t.Errorf("%s shows an objection", path)
		}
		// Japan's answer is private and Kenya's for States only: the public reads neither.
		if strings.Contains(string(b), "Cybersecurity Basic Act") || strings.Contains(string(b), "Computer Misuse and Cybercrimes Act") {
			t.Errorf("%s shows an answer the public may not read", path)
		}
	}
	// The coming substantive session has its participants: the public list names the
	// approved who consented, without e-mail addresses; the figures count them all.
	get := func(path string) string {
		t.Helper()
		res, err := c.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	var sessions struct {
		Items []struct {
			ID       int64  `json:"id"`
			Kind     string `json:"kind"`
			StartsOn string `json:"starts_on"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(get("/api/v1/bodies/gm/sessions")), &sessions); err != nil {
		t.Fatal(err)
	}
	var next int64
	for _, s := range sessions.Items {
		if s.Kind == "substantive" && s.StartsOn > time.Now().Format("2006-01-02") {
			next = s.ID
		}
	}
	if next == 0 {
		t.Fatal("no coming substantive session")
	}
	list := get(fmt.Sprintf("/en/sessions/%d/participants", next))
	for _, w := range []string{"France", "Claire Martin", "Head of delegation", "Kenya", "Institute for Digital Peace", "Li Wei",
		"Regional Cyber Cooperation Organization", "Dmitri Volkov"} {
		if !strings.Contains(list, w) {
			t.Errorf("the list of participants lacks %q", w)
		}
	}
	// Sophie Bernard did not consent; Egypt's delegation and Amani Njoroge wait for the
	// Secretariat.
	for _, w := range []string{"Sophie Bernard", "Omar Hassan", "Amani Njoroge", "@example.org"} {
		if strings.Contains(list, w) {
			t.Errorf("the list of participants shows %q", w)
		}
	}
	if f := get(fmt.Sprintf("/en/sessions/%d/figures", next)); !strings.Contains(f, "Approved participants: 7") {
		t.Errorf("figures: want 7 approved participants")
	}
	// The directory's first ping has its figures published (by regional group only);
	// the second is not published, and no contact is named.
	results := get("/en/pings/results")
	if !strings.Contains(results, "First ping of the directory") || strings.Contains(results, "Second ping") {
		t.Errorf("published ping results: want the first round only")
	}
	for _, w := range []string{"Yuki Tanaka", "Achieng Otieno", "@example.org"} {
		if strings.Contains(results, w) {
			t.Errorf("published ping results show %q", w)
		}
	}
}
