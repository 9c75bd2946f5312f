package followup_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// reportWorld is the fixture of the progress report: three commitments of the Global
// Mechanism (whose time zone is New York) and four States reporting on them at every
// level, before and after the last day of June 2026.
//
//	rec.30  FRA  1 Apr planned (public), 15 Jun under way (public), 10 Jul implemented (public)
//	        KEN  5 May implemented (States only)
//	        BRA  10 Mar not started (public)
//	        EGY  1 Jun planned (public, then taken back to private)
//	rec.31  FRA  1 May implemented (private)
//	        KEN  30 Jun 22:00 in New York (1 Jul 02:00 UTC) planned (public)
//	cbm.1   FRA  10 Apr implemented (public), 20 Jun not applicable (private)
//	        KEN  1 Jul 05:00 UTC not started (public): 1 Jul in New York
//	        EGY  1 Jun not applicable (public)
//
// As of 30 June 2026, counting public reports only, by hand:
//
//	rec.30  under way 1 (FRA, WEOG), not started 1 (BRA, GRULAC), no report 193
//	rec.31  planned 1 (KEN, African), no report 194
//	cbm.1   implemented 1 (FRA, WEOG), not applicable 1 (EGY, African), no report 193
//	pairs   585: under way, not started, planned, implemented, not applicable 1 each; no report 580
//	States with a public report: 4 (African 2: KEN, EGY; WEOG 1; GRULAC 1)
type reportWorld struct {
	*world
	rec30, rec31, cbm1 followup.Commitment
}

func newReportWorld(t *testing.T) *reportWorld {
	t.Helper()
	w := &reportWorld{world: newWorld(t)}
	for _, st := range []string{"BRA", "EGY"} {
		who := st + "/" + string(plenary.RoleTeamSubmitter)
		w.people[who] = w.e.Actor(t, w.e.CreateUser(t, "submitter."+st+"@example.org", "Submitter "+st,
			plenary.Grant{Role: plenary.RoleTeamSubmitter, State: st}))
	}
	w.rec30, w.rec31 = w.mark(t, "30"), w.mark(t, "31")
	cbms, err := w.e.FollowUp.FollowElements(ctx, w.sec, followup.FollowInput{BodyID: w.gm.ID, FrameworkVersionID: w.v1.ID, Kind: followup.CBM,
		Elements: []string{"cbm.1"}})
	if err != nil {
		t.Fatal(err)
	}
	w.cbm1 = cbms[0]
	type step struct {
		at     string
		state  string
		c      followup.Commitment
		status string
		level  followup.Level
	}
	bases := map[string]int{}
	var egypt followup.Report
	for _, s := range []step{
		{"2026-03-10T12:00:00Z", "BRA", w.rec30, "not_started", followup.Public},
		{"2026-04-01T12:00:00Z", "FRA", w.rec30, "planned", followup.Public},
		{"2026-04-10T12:00:00Z", "FRA", w.cbm1, "implemented", followup.Public},
		{"2026-05-01T12:00:00Z", "FRA", w.rec31, "implemented", followup.Private},
		{"2026-05-05T12:00:00Z", "KEN", w.rec30, "implemented", followup.StatesOnly},
		{"2026-06-01T12:00:00Z", "EGY", w.rec30, "planned", followup.Public},
		{"2026-06-01T13:00:00Z", "EGY", w.cbm1, "not_applicable", followup.Public},
		{"2026-06-15T12:00:00Z", "FRA", w.rec30, "under_way", followup.Public},
		{"2026-06-20T12:00:00Z", "FRA", w.cbm1, "not_applicable", followup.Private},
		{"2026-07-01T02:00:00Z", "KEN", w.rec31, "planned", followup.Public},
		{"2026-07-01T05:00:00Z", "KEN", w.cbm1, "not_started", followup.Public},
		{"2026-07-10T12:00:00Z", "FRA", w.rec30, "implemented", followup.Public},
	} {
		at, err := time.Parse(time.RFC3339, s.at)
		if err != nil {
			t.Fatal(err)
		}
		w.e.Clock.Set(at)
		k := s.state + s.c.Code
		r := w.report(t, s.state+"/state_submitter", followup.ReportInput{CommitmentID: s.c.ID, State: s.state, Status: s.status, Level: s.level, Base: bases[k]})
		bases[k] = r.Number
		if s.state == "EGY" && s.c.ID == w.rec30.ID {
			egypt = r
		}
	}
	// Egypt takes its report on rec.30 back to private: the public no longer reads it.
	if _, err := w.e.FollowUp.SetLevel(ctx, w.actor("EGY/state_submitter"), egypt.ID, followup.Private); err != nil {
		t.Fatal(err)
	}
	w.e.Clock.Set(time.Date(2026, 8, 3, 14, 0, 0, 0, time.UTC))
	return w
}

var june30 = time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)

// tallyOf is a tally as the fixture writes it: codes and counts, then no report.
func tallyOf(t followup.Tally) map[string]int {
	out := maps.Clone(t.Counts)
	for k, v := range out {
		if v == 0 {
			delete(out, k)
		}
	}
	out["-"] = t.NoReport
	return out
}

// TestProgressReportFigures: the figures against the hand-computed fixture, and their
// ground: the body's day, the level, the history.
func TestProgressReportFigures(t *testing.T) {
	w := newReportWorld(t)
	r, err := w.e.FollowUp.ProgressReport(ctx, w.sec, w.gm.ID, june30)
	if err != nil {
		t.Fatal(err)
	}
	states, err := w.e.States.List(ctx, w.sec)
	if err != nil {
		t.Fatal(err)
	}
	if r.States != len(states) || r.States < 193 || len(r.Commitments) != 3 || !r.AsOf.Equal(june30) ||
		!r.Cutoff.Equal(time.Date(2026, 7, 1, 4, 0, 0, 0, time.UTC)) || r.Body.ID != w.gm.ID {
		t.Fatalf("report: %d States, %d commitments, as of %v, cutoff %v", r.States, len(r.Commitments), r.AsOf, r.Cutoff)
	}
	n := r.States
	want := map[string]map[string]int{
		"rec.30": {"under_way": 1, "not_started": 1, "-": n - 2},
		"rec.31": {"planned": 1, "-": n - 1},
		"cbm.1":  {"implemented": 1, "not_applicable": 1, "-": n - 2},
	}
	wantMeanings := map[string]map[followup.Meaning]int{
		"rec.30": {followup.MeaningProgress: 1, followup.MeaningNone: 1},
		"rec.31": {followup.MeaningProgress: 1},
		"cbm.1":  {followup.MeaningDone: 1, followup.MeaningNA: 1},
	}
	groups := map[string]map[string]map[string]int{ // commitment → group → tally
		"rec.30": {"WEOG": {"under_way": 1}, "GRULAC": {"not_started": 1}, "African": {}},
		"rec.31": {"African": {"planned": 1}, "WEOG": {}},
		"cbm.1":  {"WEOG": {"implemented": 1}, "African": {"not_applicable": 1}, "GRULAC": {}},
	}
	size := map[string]int{}
	for _, st := range states {
		size[string(st.Group)]++
	}
	for i, f := range r.Commitments {
		code := f.Commitment.Code
		if code != []string{"rec.30", "rec.31", "cbm.1"}[i] {
			t.Fatalf("commitment %d is %s", i, code)
		}
		if got := tallyOf(f.Total); !maps.Equal(got, want[code]) || f.Total.States != n || f.Total.Withheld != 0 {
			t.Errorf("%s: %v (%d States), want %v", code, got, f.Total.States, want[code])
		}
		clean := maps.Clone(f.Meanings)
		maps.DeleteFunc(clean, func(_ followup.Meaning, v int) bool { return v == 0 })
		if !maps.Equal(clean, wantMeanings[code]) {
			t.Errorf("%s by meaning: %v, want %v", code, f.Meanings, wantMeanings[code])
		}
		for _, g := range f.Groups {
			wg, ok := groups[code][g.Group]
			if !ok {
				wg = map[string]int{}
			}
			reported := 0
			for _, v := range wg {
				reported += v
			}
			wg = maps.Clone(wg)
			wg["-"] = size[g.Group] - reported
			if got := tallyOf(g); !maps.Equal(got, wg) || g.States != size[g.Group] {
				t.Errorf("%s, %s: %v of %d, want %v of %d", code, g.Group, got, g.States, wg, size[g.Group])
			}
		}
	}
	if got := tallyOf(r.Pairs); r.Pairs.States != 3*n || !maps.Equal(got, map[string]int{"under_way": 1, "not_started": 1, "planned": 1,
		"implemented": 1, "not_applicable": 1, "-": 3*n - 5}) {
		t.Errorf("pairs: %v of %d", got, r.Pairs.States)
	}
	if !maps.Equal(r.Meanings, map[followup.Meaning]int{followup.MeaningProgress: 2, followup.MeaningNone: 1, followup.MeaningDone: 1, followup.MeaningNA: 1}) {
		t.Errorf("pairs by meaning: %v", r.Meanings)
	}
	reporting := map[string][2]int{}
	for _, g := range r.Reporting {
		reporting[g.Group] = [2]int{g.States, g.Reported}
	}
	if r.Reporting[0].Group != "" || reporting[""] != [2]int{n, 4} || reporting["African"] != [2]int{size["African"], 2} ||
		reporting["WEOG"] != [2]int{size["WEOG"], 1} || reporting["GRULAC"] != [2]int{size["GRULAC"], 1} ||
		reporting["Asia-Pacific"] != [2]int{size["Asia-Pacific"], 0} || r.Reporting[0].Silent() != n-4 {
		t.Errorf("reporting: %v", reporting)
	}

	// A month later: France's implementation and Kenya's 1 July report count.
	later, err := w.e.FollowUp.ProgressReport(ctx, w.actor("chair"), w.gm.ID, time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if got := tallyOf(later.Commitments[0].Total); !maps.Equal(got, map[string]int{"implemented": 1, "not_started": 1, "-": n - 2}) {
		t.Errorf("rec.30 at the end of July: %v", got)
	}
	if got := tallyOf(later.Commitments[2].Total); !maps.Equal(got, map[string]int{"implemented": 1, "not_applicable": 1, "not_started": 1, "-": n - 3}) {
		t.Errorf("cbm.1 at the end of July: %v", got)
	}
	// Before anything was reported: no report everywhere, none "not started".
	early, err := w.e.FollowUp.ProgressReport(ctx, w.sec, w.gm.ID, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if early.Pairs.NoReport != 3*n || early.Pairs.Reported() != 0 || early.Reporting[0].Reported != 0 {
		t.Errorf("before any report: %+v", early.Pairs)
	}

	// Refusals: a day to come (in New York, where it is still 3 August at 10:00), none.
	_, err = w.e.FollowUp.ProgressReport(ctx, w.sec, w.gm.ID, time.Date(2026, 8, 4, 0, 0, 0, 0, time.UTC))
	if m := problem(t, err, "as_of"); m != "followup_report.as_of_future" {
		t.Errorf("a day to come: %s", m)
	}
	if _, err := w.e.FollowUp.ProgressReport(ctx, w.sec, w.gm.ID, time.Date(2026, 8, 3, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Errorf("today: %v", err)
	}
	_, err = w.e.FollowUp.ProgressReport(ctx, w.sec, w.gm.ID, time.Time{})
	if m := problem(t, err, "as_of"); m != "field.date" {
		t.Errorf("no day: %s", m)
	}
	if _, err := followup.ReportDay("30/06/2026"); problem(t, err, "as_of") != "field.date" {
		t.Errorf("a day badly written: %v", err)
	}
	if _, err := w.e.FollowUp.ProgressReport(ctx, w.sec, 999999, june30); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("no such body: %v", err)
	}
}

// TestProgressReportPermissions: the Secretariat and the Chair read the report; only the
// Secretariat issues it; everyone else is refused both.
func TestProgressReportPermissions(t *testing.T) {
	w := newWorld(t)
	w.mark(t, "30")
	words := w.e.Catalog.In("en")
	for who, may := range map[string][2]bool{ // reads, issues
		"secretariat": {true, true}, "chair": {true, false}, "public": {false, false}, "FRA/state_submitter": {false, false},
		"KEN/state_editor": {false, false}, "delegate.DEU": {false, false}, "poc.JPN": {false, false}, "nominator.JPN": {false, false},
		"focal": {false, false},
	} {
		_, err := w.e.FollowUp.ProgressReport(ctx, w.actor(who), w.gm.ID, testenv.Start)
		testenv.Allowed(t, who+" reads the progress report", err, may[0])
		_, err = w.e.FollowUp.IssueReport(ctx, w.actor(who), followup.IssueInput{BodyID: w.gm.ID, AsOf: testenv.Start, Language: "en", Words: words})
		testenv.Allowed(t, who+" issues the progress report", err, may[1])
	}
	// A read-only token of the Secretariat reads and does not issue.
	ro := w.sec
	ro.Scopes = []plenary.Scope{plenary.ScopeRead}
	_, err := w.e.FollowUp.ProgressReport(ctx, ro, w.gm.ID, testenv.Start)
	testenv.Allowed(t, "a read-only token reads", err, true)
	_, err = w.e.FollowUp.IssueReport(ctx, ro, followup.IssueInput{BodyID: w.gm.ID, AsOf: testenv.Start, Language: "en", Words: words})
	testenv.Allowed(t, "a read-only token issues", err, false)
}

// TestIssueReport: the Secretariat issues the report in Arabic and in Chinese: two public
// reports of the body in the registry, numbered in the year, each a Word document that
// python-docx reads right to left in Arabic and with the East Asian font in Chinese, with
// the fixture's figures; bad input is refused on its field.
func TestIssueReport(t *testing.T) {
	w := newReportWorld(t)
	fu := w.e.FollowUp
	ar, err := fu.IssueReport(ctx, w.sec, followup.IssueInput{BodyID: w.gm.ID, AsOf: june30, Language: "ar", Words: w.e.Catalog.In("ar")})
	if err != nil {
		t.Fatal(err)
	}
	zh, err := fu.IssueReport(ctx, w.sec, followup.IssueInput{BodyID: w.gm.ID, AsOf: june30, Language: "zh", Title: "  进展报告  2026 ", Words: w.e.Catalog.In("zh")})
	if err != nil {
		t.Fatal(err)
	}
	if ar.Symbol != "GM/FU/2026/1" || zh.Symbol != "GM/FU/2026/2" || ar.Kind != document.KindReport || ar.Access != document.AccessPublic ||
		ar.Status != document.StatusFinal || ar.OriginalLanguage != "ar" || !ar.Published(w.e.Clock.Now()) || ar.BodyID != w.gm.ID {
		t.Fatalf("issued: %+v, %+v", ar, zh)
	}
	if title, _ := zh.Title("zh"); title != "进展报告 2026" {
		t.Errorf("Chinese title %q", title)
	}
	if title, _ := ar.Title("ar"); !strings.Contains(title, "30") || !strings.Contains(title, "2026") {
		t.Errorf("Arabic default title %q", title)
	}
	// The public reads them in the registry like any document.
	public := w.actor("public")
	if _, err := w.e.Documents.Get(ctx, public, ar.ID); err != nil {
		t.Errorf("the public reads the Arabic report: %v", err)
	}
	if d, err := w.e.Documents.BySymbol(ctx, public, w.gm.ID, "GM/FU/2026/2"); err != nil || d.ID != zh.ID {
		t.Errorf("by symbol: %v", err)
	}
	arFile, err := w.e.Documents.File(ctx, public, ar.ID, "ar", "docx")
	if err != nil {
		t.Fatal(err)
	}
	zhFile, err := w.e.Documents.File(ctx, public, zh.ID, "zh", "docx")
	if err != nil {
		t.Fatal(err)
	}
	if arFile.Name != "GM-FU-2026-1.docx" || zhFile.Name != "GM-FU-2026-2.docx" {
		t.Errorf("file names %q %q", arFile.Name, zhFile.Name)
	}

	// Refusals on their fields; nothing is registered.
	_, err = fu.IssueReport(ctx, w.sec, followup.IssueInput{BodyID: w.gm.ID, AsOf: june30, Language: "de", Words: w.e.Catalog.In("en")})
	if m := problem(t, err, "language"); m != "field.choice" {
		t.Errorf("a language: %s", m)
	}
	_, err = fu.IssueReport(ctx, w.sec, followup.IssueInput{BodyID: w.gm.ID, AsOf: june30, Language: "en", Title: strings.Repeat("x", 501), Words: w.e.Catalog.In("en")})
	if m := problem(t, err, "title"); m != "field.too_long" {
		t.Errorf("a title: %s", m)
	}
	_, err = fu.IssueReport(ctx, w.sec, followup.IssueInput{BodyID: w.gm.ID, AsOf: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Language: "en", Words: w.e.Catalog.In("en")})
	if m := problem(t, err, "as_of"); m != "followup_report.as_of_future" {
		t.Errorf("a day to come: %s", m)
	}
	if _, err := w.e.Documents.BySymbol(ctx, w.sec, w.gm.ID, "GM/FU/2026/3"); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("a refused issue registered something: %v", err)
	}

	docs := readDOCX(t, map[string][]byte{"ar": arFile.Data, "zh": zhFile.Data})
	n := len(mustStates(t, w))
	t.Run("Arabic", func(t *testing.T) {
		d := docs["ar"]
		if !d.SectionBidi || d.Language != "ar-SA" || !strings.HasPrefix(d.Title, "التقدم المحرز") {
			t.Errorf("section right to left %v, language %q, title %q", d.SectionBidi, d.Language, d.Title)
		}
		for _, p := range d.Paragraphs {
			if p.Text == "" {
				continue
			}
			english := foreign(p, unicode.Arabic) // a commitment's text, in English only
			if p.Bidi == english {
				t.Errorf("paragraph %q: right to left %v", p.Text, p.Bidi)
			}
			for _, r := range p.Runs {
				if !english && r.FontComplex != "Noto Naskh Arabic" {
					t.Errorf("Arabic run %q: complex-script font %q", r.Text, r.FontComplex)
				}
			}
		}
		if !slices.ContainsFunc(d.Paragraphs, func(p pyPara) bool { return strings.Contains(p.Text, "لم يُترجم بعد") }) {
			t.Errorf("no note that rec.30 is not translated")
		}
		checkTables(t, d, n, "المجموع", "جميع الدول", "لا يوجد تقرير", "قيد الإنجاز", "لم يبدأ")
		for _, tb := range d.Tables {
			if !tb.BidiVisual {
				t.Errorf("a table left to right: %v", tb.Rows[0])
			}
		}
	})
	t.Run("Chinese", func(t *testing.T) {
		d := docs["zh"]
		if d.SectionBidi || d.Language != "zh-CN" || d.Title != "进展报告 2026" {
			t.Errorf("section right to left %v, language %q, title %q", d.SectionBidi, d.Language, d.Title)
		}
		chinese := 0
		for _, p := range d.Paragraphs {
			if p.Bidi {
				t.Errorf("paragraph %q right to left", p.Text)
			}
			if p.Text == "" || foreign(p, unicode.Han) {
				continue
			}
			for _, r := range p.Runs {
				if r.FontEastAsia != "Noto Serif CJK SC" || r.LangEastAsia != "zh-CN" {
					t.Errorf("Chinese run %q: font %q, language %q", r.Text, r.FontEastAsia, r.LangEastAsia)
				}
				chinese++
			}
		}
		if chinese < 10 {
			t.Errorf("%d Chinese runs", chinese)
		}
		checkTables(t, d, n, "合计", "所有国家", "无报告", "进行中", "尚未开始")
	})
	if t.Failed() {
		b, _ := json.MarshalIndent(docs, "", " ")
		t.Logf("python-docx read: %s", b)
	}
}

func mustStates(t *testing.T, w *reportWorld) []state.State {
	t.Helper()
	states, err := w.e.States.List(ctx, w.sec)
	if err != nil {
		t.Fatal(err)
	}
	return states
}

// checkTables finds the fixture's figures in the document's tables: the States reporting
// in total (4 of n), the pairs by stage, and rec.30's statuses.
func checkTables(t *testing.T, d pyDoc, n int, total, all, noReport, progress, none string) {
	t.Helper()
	has := func(row ...string) bool {
		for _, tb := range d.Tables {
			for _, r := range tb.Rows {
				if slices.Equal(r, row) {
					return true
				}
			}
		}
		return false
	}
	itoa := strconv.Itoa
	for _, row := range [][]string{
		{all, itoa(n), "4", itoa(n - 4)}, // States reporting publicly
		{progress, "2"},                  // pairs in progress
		{none, "1"},                      // pairs not started
		{noReport, itoa(3*n - 5)},        // pairs without a report
		{total, itoa(3 * n)},             // every pair
		{noReport, "", itoa(n - 2)},      // rec.30 (and cbm.1): no report
		{all, "", itoa(n)},               // a commitment's States
	} {
		if !has(row...) {
			t.Errorf("no row %q", row)
		}
	}
	if len(d.Tables) != 2+3*2 {
		t.Errorf("%d tables, want 8", len(d.Tables))
	}
}

// foreign reports whether a paragraph is a commitment's title or text in another
// language than the document's: a plain paragraph without a letter of script.
func foreign(p pyPara, script *unicode.RangeTable) bool {
	return p.Style == "Normal" && !strings.ContainsFunc(p.Text, func(r rune) bool { return unicode.Is(script, r) })
}

// pyReadScript prints, as JSON, what python-docx reads of each document: its title and
// language, the section's direction, paragraphs with their runs' direction, languages and
// fonts, tables' cells.
const pyReadScript = `
import sys, json, docx
from docx.oxml.ns import qn

def attr(el, child, name):
    if el is None:
        return ''
    c = el.find(qn(child))
    return '' if c is None else (c.get(qn(name)) or '')

def para(p):
    pPr = p._p.pPr
    runs = []
    for r in p.runs:
        rPr = r._element.rPr
        runs.append({'text': r.text, 'rtl': rPr is not None and rPr.find(qn('w:rtl')) is not None,
            'lang_east_asia': attr(rPr, 'w:lang', 'w:eastAsia'),
            'font_east_asia': attr(rPr, 'w:rFonts', 'w:eastAsia'), 'font_cs': attr(rPr, 'w:rFonts', 'w:cs')})
    return {'text': p.text, 'style': p.style.name, 'bidi': pPr is not None and pPr.find(qn('w:bidi')) is not None, 'runs': runs}

out = {}
for arg in sys.argv[1:]:
    name, path = arg.split('=', 1)
    d = docx.Document(path)
    out[name] = {'title': d.core_properties.title, 'language': d.core_properties.language,
        'section_bidi': d.sections[0]._sectPr.find(qn('w:bidi')) is not None,
        'paragraphs': [para(p) for p in d.paragraphs],
        'tables': [{'bidi_visual': t._tbl.tblPr.find(qn('w:bidiVisual')) is not None,
            'rows': [[c.text for c in row.cells] for row in t.rows]} for t in d.tables]}
print(json.dumps(out, ensure_ascii=False))
`

type pyRun struct {
	Text         string `json:"text"`
	RTL          bool   `json:"rtl"`
	LangEastAsia string `json:"lang_east_asia"`
	FontEastAsia string `json:"font_east_asia"`
	FontComplex  string `json:"font_cs"`
}

type pyPara struct {
	Text  string  `json:"text"`
	Style string  `json:"style"`
	Bidi  bool    `json:"bidi"`
	Runs  []pyRun `json:"runs"`
}

type pyDoc struct {
	Title       string   `json:"title"`
	Language    string   `json:"language"`
	SectionBidi bool     `json:"section_bidi"`
	Paragraphs  []pyPara `json:"paragraphs"`
	Tables      []struct {
		BidiVisual bool       `json:"bidi_visual"`
		Rows       [][]string `json:"rows"`
	} `json:"tables"`
}

// readDOCX reads documents with an independent library, Debian's python3-docx.
func readDOCX(t *testing.T, files map[string][]byte) map[string]pyDoc {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import docx").Run(); err != nil {
		if os.Getenv("CI") != "" || os.Getenv("PLENARY_TEST_BROWSER") != "" {
			t.Fatal("python3-docx is missing: .ci/run installs it")
		}
		t.Skip("python3-docx is not installed (apt-get install python3-docx)")
	}
	dir := t.TempDir()
	args := []string{"-c", pyReadScript}
	for name, data := range files {
		path := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, name+"="+path)
	}
	cmd := exec.Command(py, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, stderr.Bytes())
	}
	docs := map[string]pyDoc{}
	if err := json.Unmarshal(out, &docs); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return docs
}
