package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// TestFollowUpSpanish: Mexico's team reports on a confidence-building measure in Spanish,
// in Chromium. Its submitter finds the follow-up from the home page through the
// navigation, opens Mexico's page on the CBM from the list, reports that its
// implementation is under way with a note and a PDF attached (the form posted as it is,
// multipart, without any script), and publishes the report. A reader who is not signed
// in then opens the CBM from the follow-up and reads where the States stand: the chart,
// and its data table, which count Mexico under way in all States and in its regional
// group. Every page passes axe with no violation and no breach of the content security
// policy.
func TestFollowUpSpanish(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	ctx := context.Background()
	surveySetup(t, e)
	sec := e.Actor(t, e.CreateUser(t, "sofia@un.example.org", "Sofía Secretaría", plenary.Grant{Role: plenary.RoleSecretariat}))
	gm, err := e.Bodies.ByCode(ctx, sec, "gm")
	if err != nil {
		t.Fatal(err)
	}
	f, err := e.Frameworks.ByCode(ctx, sec, "ict-security")
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := e.Frameworks.Current(ctx, sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	cbms, err := e.FollowUp.FollowElements(ctx, sec, followup.FollowInput{BodyID: gm.ID, FrameworkVersionID: v.ID, Kind: followup.CBM,
		Elements: []string{"cbm.1", "cbm.2"}})
	if err != nil {
		t.Fatal(err)
	}
	cbm := cbms[0]
	e.CreateUser(t, "lucia@sre.example.mx", "Lucía Ibarra", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "MEX"})
	tr := func(key string, args map[string]any) string {
		t.Helper()
		if !e.Catalog.Has("es", key) && !e.Catalog.Plural(key) {
			t.Fatalf("catalogue es has no %s", key)
		}
		return e.Catalog.T("es", key, args)
	}
	label := func(code string) string {
		for _, st := range followup.DefaultScale() {
			if st.Code == code {
				return st.Labels["es"]
			}
		}
		t.Fatalf("no status %s", code)
		return ""
	}
	const note = "México designó sus puntos de contacto diplomático y técnico; falta verificar el técnico en el directorio."
	evidence := filepath.Join(t.TempDir(), "puntos-de-contacto.pdf")
	if err := os.WriteFile(evidence, []byte("%PDF-1.4\n% Nota de la SRE\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(cbm.ID, 10)
	commitment := "/es/follow-up/commitments/" + id
	mexico := commitment + "/states/MEX"

	// Mexico's submitter: from the home page to the follow-up, then to Mexico's page on
	// the CBM.
	sb := startBrowser(t, e)
	sb.signIn(t, "es", "lucia@sre.example.mx", testenv.Password)
	navigate(t, sb, "home", chromedp.Click(chromedp.CSS(`nav.main-nav a[href="/es/"]`)))
	navigate(t, sb, "follow-up link in the navigation", chromedp.Click(chromedp.CSS(`nav.main-nav a[href="/es/follow-up"]`)))
	if p := sb.path(t); p != "/es/follow-up" {
		t.Fatalf("after the follow-up link: %s", p)
	}
	if got, want := sb.text(t, `nav.main-nav a[aria-current="page"]`), tr("followup.nav", nil); got != want {
		t.Errorf("current navigation link reads %q, want %q", got, want)
	}
	if got, want := sb.text(t, "main h1"), tr("followup.title", nil); got != want {
		t.Errorf("follow-up h1 = %q, want %q", got, want)
	}
	sb.checkNoViolations(t)
	navigate(t, sb, "Mexico's page on the CBM", chromedp.Click(chromedp.CSS(`main a[href="`+mexico+`"]`)))
	if p := sb.path(t); p != mexico {
		t.Fatalf("after Mexico's link: %s, want %s", p, mexico)
	}
	if got, want := sb.text(t, "main h1"), tr("followup.state_title", map[string]any{"State": e.Catalog.StateName("MEX", "es"), "Code": "cbm.1"}); got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if sb.exists(t, "script") {
		t.Error("the page has a script; its forms must work without one")
	}
	if got := run(t, sb, "language of the note", chromedp.Evaluate[string](`document.querySelector('select[name="note_language"]').value`)); got != "es" {
		t.Errorf("the note's language is %q, want the page's, es", got)
	}
	sb.checkNoViolations(t)

	// The report: under way, a note in Spanish, the PDF, kept private for now.
	do(t, sb, "fill the report",
		chromedp.SetValue(chromedp.CSS(`select[name="status"]`), "under_way"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="note"]`), note),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="evidence_file"]`), []string{evidence}),
	)
	resp := navigate(t, sb, "report", chromedp.Click(chromedp.CSS(`#report form button[type="submit"]`)))
	if resp.Status != 200 {
		t.Fatalf("after reporting: status %d", resp.Status)
	}
	if p := sb.path(t); p != mexico+"#history" {
		t.Errorf("after reporting: %s, want %s#history", p, mexico)
	}
	if got, want := sb.text(t, "main .flash[role=status]"), tr("followup.flash.reported", nil); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := sb.text(t, "#report-1 .tag"), tr("survey.level.private", nil); got != want {
		t.Errorf("the new report's level reads %q, want %q", got, want)
	}
	if got := sb.text(t, "#report-1"); !strings.Contains(got, label("under_way")) || !strings.Contains(got, note) ||
		!strings.Contains(got, "puntos-de-contacto.pdf") || !strings.Contains(got, "Lucía Ibarra") {
		t.Errorf("the report reads %q", got)
	}
	if got := run(t, sb, "language of the note", chromedp.Evaluate[string](`document.querySelector('#report-1 .quote').lang`)); got != "es" {
		t.Errorf("the note is marked lang=%q, want es", got)
	}

	// Published.
	do(t, sb, "choose public", chromedp.SetValue(chromedp.CSS(`#report-1 select[name="level"]`), string(followup.Public)))
	navigate(t, sb, "apply the level", chromedp.Click(chromedp.CSS(`#report-1 form button[type="submit"]`)))
	if got, want := sb.text(t, "main .flash[role=status]"), tr("followup.flash.level_set", nil); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := sb.text(t, "#report-1 .tag"), tr("survey.level.public", nil); got != want {
		t.Errorf("the report's level reads %q, want %q", got, want)
	}
	sb.checkNoViolations(t)
	h, err := e.FollowUp.History(ctx, plenary.Public("es"), cbm.ID, "MEX")
	if err != nil || len(h) != 1 || h[0].Status != "under_way" || h[0].Note != note || h[0].NoteLanguage != "es" ||
		h[0].Evidence.FileName != "puntos-de-contacto.pdf" || h[0].ReportedBy != 0 {
		t.Fatalf("what the public reads of Mexico: %+v %v", h, err)
	}

	// A reader, not signed in, reads where the States stand on the CBM.
	rd := startBrowser(t, e)
	rd.open(t, "/es/follow-up")
	navigate(t, rd, "the CBM", chromedp.Click(chromedp.CSS(`main a[href="`+commitment+`"]`)))
	if p := rd.path(t); p != commitment {
		t.Fatalf("after the CBM's link: %s", p)
	}
	rd.checkNoViolations(t)
	if got, want := run(t, rd, "the chart's title", chromedp.Evaluate[string](`document.querySelector('#progress svg.chart title').textContent`)),
		tr("followup.progress_chart", map[string]any{"Code": "cbm.1"}); got != want {
		t.Errorf("the chart's title is %q, want %q", got, want)
	}
	if got := run(t, rd, "the chart's parts", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#progress svg.chart rect title')].map(t => t.textContent)`)); !containsString(got, label("under_way")+": 1") {
		t.Errorf("the chart has no part for Mexico under way: %q", got)
	}
	for _, p := range run(t, rd, "read the chart", chromedp.Evaluate[[]string](chartProblems)) {
		t.Errorf("progress chart: %s", p)
	}
	type table struct {
		Head []string
		Rows [][]string
	}
	tab := run(t, rd, "read the table", chromedp.Evaluate[table](`(() => {
		const t = document.querySelector('#progress-table');
		return {
			Head: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()),
			Rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(c => c.textContent.trim())),
		};
	})()`))
	cell := func(group, column string) string {
		for _, r := range tab.Rows {
			if len(r) == len(tab.Head) && r[0] == group {
				for i, h := range tab.Head {
					if h == column {
						return r[i]
					}
				}
			}
		}
		return "?"
	}
	all, grulac := tr("followup.all_states", nil), tr("group.grulac", nil)
	for _, c := range []struct{ group, column, want string }{
		{all, tr("followup.states", nil), "195"}, {all, label("under_way"), "1"}, {all, label("implemented"), "0"},
		{all, tr("followup.no_report", nil), "194"}, {grulac, label("under_way"), "1"}, {grulac, tr("followup.no_report", nil), "32"},
	} {
		if got := cell(c.group, c.column); got != c.want {
			t.Errorf("table: %s, %s = %q, want %q (%+v)", c.group, c.column, got, c.want, tab)
		}
	}
	if got := rd.text(t, "#states tbody tr"); !strings.Contains(got, e.Catalog.StateName("MEX", "es")) || !strings.Contains(got, label("under_way")) {
		t.Errorf("the States' reports read %q", got)
	}
	// The month's row of the timeline counts Mexico too.
	if got := run(t, rd, "the timeline's last month", chromedp.Evaluate[[]string](
		`[...document.querySelector('#timeline-table tbody tr:last-child').children].map(c => c.textContent.trim())`)); len(got) < 4 || got[3] != "1" {
		t.Errorf("the timeline's last month: %q", got)
	}
	// Mexico's page, as the public reads it: the report, its file, not who made it.
	navigate(t, rd, "Mexico's page", chromedp.Click(chromedp.CSS(`#states a[href="`+mexico+`"]`)))
	if got := rd.text(t, "#report-1"); !strings.Contains(got, note) || !strings.Contains(got, "puntos-de-contacto.pdf") || strings.Contains(got, "Lucía Ibarra") {
		t.Errorf("the public reads Mexico's report as %q", got)
	}
	rd.checkNoViolations(t)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
