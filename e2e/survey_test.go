package e2e_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// The framework and the questionnaire of the demonstration, as the web tests read them.
var (
	surveyFrameworkFile     = filepath.Join("..", "internal", "demo", "data", "framework-ict-security.csv")
	surveyQuestionnaireFile = filepath.Join("..", "internal", "demo", "data", "questionnaire-national-survey.csv")
)

// surveySetup records the Global Mechanism with the framework published and the 2026
// questionnaire open, the body's aggregate threshold at 3, through the services.
func surveySetup(t *testing.T, e *testenv.Env) survey.Questionnaire {
	t.Helper()
	ctx := context.Background()
	sec := e.Actor(t, e.CreateUser(t, "sam@example.org", "Sam Secretariat", plenary.Grant{Role: plenary.RoleSecretariat}))
	gm, err := e.Bodies.Create(ctx, plenary.System("test"), body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security", "ar": "الآلية العالمية المعنية بأمن تكنولوجيا المعلومات والاتصالات"}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(path string) *bytes.Reader {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.NewReader(b)
	}
	f, err := e.Frameworks.Create(ctx, sec, framework.Input{Code: "ict-security",
		Names: plenary.Localized{"en": "Framework of responsible State behaviour", "ar": "إطار السلوك المسؤول للدول"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Frameworks.Import(ctx, sec, v.ID, read(surveyFrameworkFile)); err != nil {
		t.Fatal(err)
	}
	if v, err = e.Frameworks.Publish(ctx, sec, v.ID, ""); err != nil {
		t.Fatal(err)
	}
	q, err := e.Survey.CreateQuestionnaire(ctx, sec, survey.QuestionnaireInput{BodyID: gm.ID, Cycle: "2026", FrameworkVersionID: v.ID,
		Titles: plenary.Localized{"en": "2026 national survey of implementation", "ar": "الاستقصاء الوطني لعام 2026"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Survey.ImportQuestions(ctx, sec, q.ID, read(surveyQuestionnaireFile)); err != nil {
		t.Fatal(err)
	}
	if q, err = e.Survey.SetStatus(ctx, sec, q.ID, survey.Open); err != nil {
		t.Fatal(err)
	}
	if err := e.Survey.SetThreshold(ctx, sec, gm.ID, survey.MinThreshold); err != nil {
		t.Fatal(err)
	}
	return q
}

// surveyPublish has a State's submitter answer the law part through the service, submit
// and publish the version at level.
func surveyPublish(t *testing.T, e *testenv.Env, submitter plenary.Actor, qid int64, state string, in []survey.AnswerInput, level survey.Level) {
	t.Helper()
	ctx := context.Background()
	if res, err := e.Survey.Save(ctx, submitter, qid, state, in); err != nil || len(res.Conflicts) > 0 {
		t.Fatalf("%s saves: %+v %v", state, res, err)
	}
	v, err := e.Survey.Submit(ctx, submitter, qid, state)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Survey.SetLevel(ctx, submitter, v.ID, level); err != nil {
		t.Fatal(err)
	}
}

// checkNoViolations runs axe in the page the tab shows and fails the test on every
// violation, whatever its impact, and on any Content Security Policy violation.
func (b *browser) checkNoViolations(t *testing.T) {
	t.Helper()
	for _, v := range b.axeViolations(t) {
		t.Error(v.report())
	}
	for _, m := range b.cspViolations() {
		t.Errorf("Content Security Policy violation: %s", m)
	}
}

// checkArabic fails the test unless the page is in Arabic, laid out right to left.
func (b *browser) checkArabic(t *testing.T) {
	t.Helper()
	type root struct{ Lang, Dir, Direction string }
	r := run(t, b, "read the document's language", chromedp.Evaluate[root](`({
		Lang: document.documentElement.lang, Dir: document.documentElement.dir,
		Direction: getComputedStyle(document.querySelector('main')).direction})`))
	if r.Lang != "ar" || r.Dir != "rtl" || r.Direction != "rtl" {
		t.Errorf("%s: <html lang=%q dir=%q>, main's direction %q; want ar, rtl, rtl", b.path(t), r.Lang, r.Dir, r.Direction)
	}
}

// TestSurveyArabic: Egypt's team answers the national survey in Arabic, in Chromium. Its
// editor finds the survey from the home page through the navigation, answers two questions
// of the law part (a status, and a free text in Arabic) and saves the part with its
// button, the form posted without any script; the answers are there after a reload. Its
// submitter submits the version and publishes it. A reader who is not signed in then
// compares Egypt with France and Brazil, which published before, on international law,
// and reads the answers counted. Every page is right to left, and passes axe with no
// violation at all and no breach of the content security policy.
func TestSurveyArabic(t *testing.T) {
	needBrowser(t)
	e := testenv.New(t)
	ctx := context.Background()
	q := surveySetup(t, e)
	qid := strconv.FormatInt(q.ID, 10)
	tr := func(key string, args map[string]any) string {
		t.Helper()
		if !e.Catalog.Has("ar", key) && !e.Catalog.Plural(key) {
			t.Fatalf("catalogue ar has no %s", key)
		}
		return e.Catalog.T("ar", key, args)
	}
	editorUser := e.CreateUser(t, "layla@mfa.eg.example", "ليلى حسن", plenary.Grant{Role: plenary.RoleTeamEditor, State: "EGY"})
	submitterUser := e.CreateUser(t, "omar@mfa.eg.example", "عمر فاروق", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "EGY"})
	fra := e.Actor(t, e.CreateUser(t, "claire@diplomatie.example.fr", "Claire Martin", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "FRA"}))
	bra := e.Actor(t, e.CreateUser(t, "joao@itamaraty.example.br", "João Silva", plenary.Grant{Role: plenary.RoleTeamSubmitter, State: "BRA"}))

	// France and Brazil have published their answers on international law.
	const (
		frenchText    = "La France a publié sa position sur le droit international en 2019."
		brazilianText = "Brazil set out its position in a statement to the Open-ended Working Group."
		egyptStatus   = "تعمل مصر على صياغة موقفها الوطني."
		egyptText     = "أعدّت وزارة الخارجية المصرية مشروع موقف بشأن انطباق القانون الدولي على الفضاء السيبراني."
	)
	surveyPublish(t, e, fra, q.ID, "FRA", []survey.AnswerInput{
		{Question: "law.status", Value: survey.Value{Choice: survey.Yes}, Language: "fr"},
		{Question: "law.position", Value: survey.Value{Text: frenchText}, Language: "fr"},
	}, survey.Public)
	surveyPublish(t, e, bra, q.ID, "BRA", []survey.AnswerInput{
		{Question: "law.status", Value: survey.Value{Choice: survey.Yes}, Language: "en"},
		{Question: "law.position", Value: survey.Value{Text: brazilianText}, Language: "en"},
	}, survey.Public)

	workspace := "/ar/survey/" + qid + "/states/EGY"

	// Egypt's editor: from the home page to the workspace in two clicks.
	ed := startBrowser(t, e)
	ed.signIn(t, "ar", "layla@mfa.eg.example", testenv.Password)
	if p := ed.path(t); p != "/ar/account" {
		t.Fatalf("after signing in: %s, want /ar/account", p)
	}
	navigate(t, ed, "home", chromedp.Click(chromedp.CSS(`nav.main-nav a[href="/ar/"]`)))
	if p := ed.path(t); p != "/ar/" {
		t.Fatalf("after the home link: %s", p)
	}
	navigate(t, ed, "survey link in the navigation", chromedp.Click(chromedp.CSS(`nav.main-nav a[href="/ar/survey"]`)))
	if p := ed.path(t); p != "/ar/survey" {
		t.Fatalf("after the survey link: %s, want /ar/survey", p)
	}
	if got, want := ed.text(t, `nav.main-nav a[aria-current="page"]`), tr("nav.survey", nil); got != want {
		t.Errorf("current navigation link reads %q, want %q", got, want)
	}
	if got := ed.text(t, "main h1"); got != tr("survey.title", nil) {
		t.Errorf("survey index h1 = %q", got)
	}
	ed.checkArabic(t)
	ed.checkNoViolations(t)
	navigate(t, ed, "Egypt's workspace", chromedp.Click(chromedp.CSS(`main a[href="`+workspace+`"]`)))
	if p := ed.path(t); p != workspace {
		t.Fatalf("after the workspace link: %s, want %s", p, workspace)
	}
	egypt := e.Catalog.StateName("EGY", "ar")
	if got, want := ed.text(t, "main h1"), tr("survey.workspace_title", map[string]any{"State": egypt, "Cycle": "2026"}); got != want {
		t.Errorf("workspace h1 = %q, want %q", got, want)
	}
	ed.checkArabic(t)
	// The page has no script: saving is the form, posted as it is.
	if ed.exists(t, "script") {
		t.Error("the workspace has a script; its forms must work without one")
	}
	// An editor drafts and does not submit.
	if ed.exists(t, `form[action$="/submit"]`) || ed.exists(t, `form[action*="/versions/"]`) {
		t.Error("the editor sees the forms of the submitter")
	}
	ed.checkNoViolations(t)

	status := `input[name="answers.law.status.choice"]`
	statusText := `textarea[name="answers.law.status.text"]`
	position := `textarea[name="answers.law.position.text"]`
	if got := run(t, ed, "language of the answer", chromedp.Evaluate[string](
		`document.querySelector('select[name="answers.law.position.language"]').value`)); got != "ar" {
		t.Errorf("the language of a new answer is %q, want the page's, ar", got)
	}
	do(t, ed, "answer the law part",
		chromedp.Click(chromedp.CSS(status+`[value="partly"]`)),
		chromedp.SendKeys(chromedp.CSS(statusText), egyptStatus),
		chromedp.SendKeys(chromedp.CSS(position), egyptText),
	)
	resp := navigate(t, ed, "save the law part", chromedp.Click(chromedp.CSS(`#part-law form button[type="submit"]`)))
	if resp.Status != 200 {
		t.Fatalf("after saving: status %d", resp.Status)
	}
	if p := ed.path(t); p != workspace+"#part-law" {
		t.Errorf("after saving: %s, want %s#part-law", p, workspace)
	}
	if got, want := ed.text(t, "main .flash[role=status]"), tr("survey.flash.saved", nil); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	// Each part has its own button, which names the part.
	if got, want := ed.text(t, `#part-law form button[type="submit"]`), tr("survey.save_part", map[string]any{"Part": tr("survey.part.law", nil)}); got != want {
		t.Errorf("the law part's button reads %q, want %q", got, want)
	}

	// Reloaded, the answers are kept.
	ed.open(t, workspace)
	type answers struct {
		Choice, StatusText, Position, Language, Saved string
	}
	got := run(t, ed, "read the answers", chromedp.Evaluate[answers](`(() => {
		const checked = document.querySelector('input[name="answers.law.status.choice"]:checked');
		return {
			Choice: checked ? checked.value : '',
			StatusText: document.querySelector('textarea[name="answers.law.status.text"]').value,
			Position: document.querySelector('textarea[name="answers.law.position.text"]').value,
			Language: document.querySelector('select[name="answers.law.position.language"]').value,
			Saved: document.querySelector('#q-law\\.position .muted').textContent.trim(),
		};
	})()`))
	if got.Choice != "partly" || got.StatusText != egyptStatus || got.Position != egyptText || got.Language != "ar" {
		t.Errorf("after a reload the form holds %+v", got)
	}
	if !strings.Contains(got.Saved, "ليلى حسن") {
		t.Errorf("the saved answer does not name its editor: %q", got.Saved)
	}
	ws, err := e.Survey.Workspace(ctx, e.Actor(t, editorUser), q.ID, "EGY")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws.Answers) != 2 || ws.Answers["law.status"].Value.Choice != survey.Partly ||
		ws.Answers["law.position"].Value.Text != egyptText || ws.Answers["law.position"].Language != "ar" {
		t.Fatalf("stored answers: %+v", ws.Answers)
	}

	// Before it is submitted and published, nobody outside the team reads it.
	c, err := e.Survey.Compare(ctx, plenary.Public("ar"), q.ID, []string{"EGY"}, []string{"law.position"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Answer("EGY", "law.position"); ok {
		t.Fatal("Egypt's draft is published before its submitter decided")
	}

	// Egypt's submitter submits the version and makes it public.
	sb := startBrowser(t, e)
	sb.signIn(t, "ar", "omar@mfa.eg.example", testenv.Password)
	sb.open(t, workspace)
	sb.checkArabic(t)
	navigate(t, sb, "submit", chromedp.Click(chromedp.CSS(`form[action$="/states/EGY/submit"] button[type="submit"]`)))
	if got, want := sb.text(t, "main .flash[role=status]"), tr("survey.flash.submitted", nil); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := sb.text(t, "#versions tbody tr .tag"), tr("survey.level.private", nil); got != want {
		t.Errorf("a new version's level reads %q, want %q", got, want)
	}
	do(t, sb, "choose public", chromedp.SetValue(chromedp.CSS(`#versions select[name="level"]`), string(survey.Public)))
	navigate(t, sb, "apply the level", chromedp.Click(chromedp.CSS(`#versions form[action*="/level"] button[type="submit"]`)))
	if got, want := sb.text(t, "main .flash[role=status]"), tr("survey.flash.level_set", nil); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if got, want := sb.text(t, "#versions tbody tr .tag"), tr("survey.level.public", nil); got != want {
		t.Errorf("the version's level reads %q, want %q", got, want)
	}
	if got := sb.text(t, "#versions tbody tr td"); !strings.Contains(got, "عمر فاروق") {
		t.Errorf("the version does not name its submitter: %q", got)
	}
	sb.checkNoViolations(t)
	ws, err = e.Survey.Workspace(ctx, e.Actor(t, submitterUser), q.ID, "EGY")
	if err != nil {
		t.Fatal(err)
	}
	if len(ws.Versions) != 1 || ws.Versions[0].Level != survey.Public || len(ws.Versions[0].Answers) != 2 {
		t.Fatalf("versions: %+v", ws.Versions)
	}

	// A reader, not signed in, compares the three States on international law with the
	// page's form.
	rd := startBrowser(t, e)
	rd.open(t, "/ar/survey/"+qid+"/compare")
	rd.checkArabic(t)
	// A title the framework does not have in Arabic is marked with its language.
	_, _, elements, err := e.Survey.Get(ctx, plenary.Public("ar"), q.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantLang := ""
	for _, el := range elements {
		if _, used := el.Titles.In("ar"); el.Code == "law" && used != "ar" {
			wantLang = used
		}
	}
	if got := run(t, rd, "language of the option", chromedp.Evaluate[string](
		`document.querySelector('select[name="element"] option[value="law"]').lang`)); got != wantLang {
		t.Errorf("the option of international law has lang=%q, want %q", got, wantLang)
	}
	do(t, rd, "choose the States and the element", chromedp.Evaluate[chromedp.Void](`(() => {
		for (const o of document.querySelectorAll('select[name="states"] option')) {
			o.selected = ['EGY', 'FRA', 'BRA'].includes(o.value);
		}
		document.querySelector('select[name="element"]').value = 'law';
	})()`))
	navigate(t, rd, "compare", chromedp.Click(chromedp.CSS(`main form[method="get"] button[type="submit"]`)))
	if p := rd.path(t); !strings.Contains(p, "element=law") || strings.Count(p, "states=") != 3 {
		t.Errorf("after comparing: %s", p)
	}
	rd.checkArabic(t)
	if got, want := rd.text(t, "table.compare caption"), tr("survey.compare_caption", map[string]any{"Count": 3}); got != want {
		t.Errorf("caption = %q, want %q", got, want)
	}
	type row struct {
		State   string
		Choices []string // the statuses, in bold
		Quote   []struct{ Text, Lang, Dir string }
	}
	rows := run(t, rd, "read the comparison", chromedp.Evaluate[[]row](`[...document.querySelectorAll('table.compare tbody tr')].map(tr => ({
		State: tr.querySelector('th').textContent.trim(),
		Choices: [...tr.querySelectorAll('td strong')].map(b => b.textContent.trim()),
		Quote: [...tr.querySelectorAll('td .quote')].map(p => ({Text: p.textContent.trim(), Lang: p.lang, Dir: p.dir})),
	}))`))
	want := map[string]struct {
		choice, text, lang, dir string
	}{
		egypt:                            {tr("survey.status.partly", nil), egyptText, "ar", "rtl"},
		e.Catalog.StateName("FRA", "ar"): {tr("survey.status.yes", nil), frenchText, "fr", "ltr"},
		e.Catalog.StateName("BRA", "ar"): {tr("survey.status.yes", nil), brazilianText, "en", "ltr"},
	}
	if len(rows) != len(want) {
		t.Fatalf("the comparison has %d rows, want 3: %+v", len(rows), rows)
	}
	for _, r := range rows {
		w, ok := want[r.State]
		if !ok {
			t.Errorf("unexpected State %q in the comparison", r.State)
			continue
		}
		delete(want, r.State)
		if !slices.Equal(r.Choices, []string{w.choice}) {
			t.Errorf("%s: statuses %q, want %q", r.State, r.Choices, w.choice)
		}
		if !slices.ContainsFunc(r.Quote, func(p struct{ Text, Lang, Dir string }) bool {
			return p.Text == w.text && p.Lang == w.lang && p.Dir == w.dir
		}) {
			t.Errorf("%s: no answer %q in %s (%s): %+v", r.State, w.text, w.lang, w.dir, r.Quote)
		}
	}
	if len(want) > 0 {
		t.Errorf("States missing from the comparison: %v", want)
	}
	rd.checkNoViolations(t)

	// The answers counted: the three States make the threshold, a regional group of one does not.
	rd.open(t, "/ar/survey/"+qid)
	navigate(t, rd, "the aggregate", chromedp.Click(chromedp.CSS(`main a[href="/ar/survey/`+qid+`/aggregate"]`)))
	rd.checkArabic(t)
	type table struct {
		Head []string
		Rows [][]string
	}
	tab := run(t, rd, "read the aggregate", chromedp.Evaluate[table](`(() => {
		const t = document.querySelector('main table');
		return {
			Head: [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()),
			Rows: [...t.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(c => c.textContent.trim())),
		};
	})()`))
	if got := rd.text(t, "main h2"); !strings.Contains(got, "law.status") {
		t.Errorf("the aggregate counts %q, want law.status (the first question counted)", got)
	}
	counts := map[string]string{}
	if len(tab.Rows) > 0 && len(tab.Rows[0]) == len(tab.Head) {
		for i, h := range tab.Head {
			counts[h] = tab.Rows[0][i]
		}
	}
	for h, n := range map[string]string{
		tr("survey.group", nil): tr("survey.all_states", nil), tr("survey.states_answered", nil): "3",
		tr("survey.status.yes", nil): "2", tr("survey.status.partly", nil): "1",
	} {
		if counts[h] != n {
			t.Errorf("aggregate, all States: %s = %q, want %q (table %+v)", h, counts[h], n, tab)
		}
	}
	notShown := tr("survey.not_shown", map[string]any{"Count": 3})
	groups := 0
	for _, r := range tab.Rows[1:] {
		if len(r) == 2 && r[1] == notShown {
			groups++
		} else {
			t.Errorf("a regional group of one State is counted: %v", r)
		}
	}
	if groups != 3 {
		t.Errorf("%d regional groups not shown, want 3 (African, GRULAC, WEOG): %+v", groups, tab.Rows)
	}
	// The chart, right to left: every text within the drawing, on the right of it for a
	// row's label, and clear of the bars.
	for _, p := range run(t, rd, "read the chart", chromedp.Evaluate[[]string](chartProblems)) {
		t.Errorf("aggregate chart: %s", p)
	}
	rd.checkNoViolations(t)

	for _, b := range []*browser{ed, sb, rd} {
		if v := b.cspViolations(); len(v) > 0 {
			t.Errorf("CSP violations: %v", v)
		}
	}
}

// chartProblems lists, in the page the tab shows, the texts of a chart (chart.go) drawn
// outside it or over a bar of their row, and, on a right-to-left page, a row's label
// standing left of its bar. Coordinates are the SVG's own.
const chartProblems = `(() => {
	const out = [];
	for (const svg of document.querySelectorAll('svg.chart')) {
		const width = svg.viewBox.baseVal.width;
		const rtl = getComputedStyle(svg).direction === 'rtl';
		const texts = [...svg.querySelectorAll('text')], rects = [...svg.querySelectorAll('rect')];
		for (const t of texts) {
			const b = t.getBBox();
			if (b.x < -0.5 || b.x + b.width > width + 0.5) {
				out.push('"' + t.textContent + '" spans x=' + b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1) + ', outside 0..' + width);
			}
			const row = rects.filter(r => {
				const y = r.y.baseVal.value, h = r.height.baseVal.value;
				return y < b.y + b.height && b.y < y + h;
			});
			for (const r of row) {
				const x = r.x.baseVal.value, w = r.width.baseVal.value;
				if (x + 0.5 < b.x + b.width && b.x + 0.5 < x + w) {
					out.push('"' + t.textContent + '" (x=' + b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1) + ') over a bar at x=' + x.toFixed(1) + '..' + (x + w).toFixed(1));
				}
			}
			if (rtl && row.length > 0 && t === texts.find(u => u.y.baseVal[0].value === t.y.baseVal[0].value) &&
				b.x < Math.max(...row.map(r => r.x.baseVal.value + r.width.baseVal.value))) {
				out.push('the label "' + t.textContent + '" is not right of its bar');
			}
		}
	}
	return out;
})()`
