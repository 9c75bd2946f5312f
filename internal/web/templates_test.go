package web

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/i18n"
)

// html/template finds a missing field or method only when it executes it, and only on the
// branch it takes: a template calling a method its page type lacks fails a reader's
// request, not a test. TestTemplateTypes checks every page template against its page
// type without executing it, on every branch; TestTemplatesRender executes each one.

// pageTypes maps each page template (templates/pages/NAME.tmpl) to the types it is
// rendered with: those of every h.render(…, "NAME", &p) in this package, by pointer as
// render passes them (the methods have pointer receivers). A new page, or a page rendered
// with a new type, needs its entry here.
var pageTypes = map[string][]reflect.Type{
	"acc-application":         {reflect.TypeFor[*accApplicationPage]()},
	"acc-disclosures":         {reflect.TypeFor[*accDisclosuresPage]()},
	"acc-edit":                {reflect.TypeFor[*accEditPage]()},
	"acc-mine":                {reflect.TypeFor[*accMinePage]()},
	"acc-organizations":       {reflect.TypeFor[*accOrganizationsPage]()},
	"acc-overview":            {reflect.TypeFor[*accOverviewPage]()},
	"acc-round":               {reflect.TypeFor[*accRoundPage]()},
	"acc-round-applications":  {reflect.TypeFor[*accRoundAppsPage]()},
	"acc-rounds":              {reflect.TypeFor[*accRoundsPage]()},
	"acc-rules":               {reflect.TypeFor[*accRulesPage]()},
	"acc-rules-edit":          {reflect.TypeFor[*accRulesFormPage]()},
	"acc-withdraw":            {reflect.TypeFor[*accWithdrawPage]()},
	"account":                 {reflect.TypeFor[*accountPage]()},
	"audit":                   {reflect.TypeFor[*auditPage]()},
	"bodies":                  {reflect.TypeFor[*bodyListPage]()},
	"body":                    {reflect.TypeFor[*bodyShowPage]()},
	"body-form":               {reflect.TypeFor[*bodyFormPage]()},
	"comm-list":               {reflect.TypeFor[*commListPage]()},
	"comm-new":                {reflect.TypeFor[*commFormPage]()},
	"comm-thread":             {reflect.TypeFor[*commThreadPage]()},
	"consultation":            {reflect.TypeFor[*consultationPage]()},
	"consultation-bulk":       {reflect.TypeFor[*bulkPage]()},
	"consultation-form":       {reflect.TypeFor[*consultationFormPage]()},
	"consultation-moderation": {reflect.TypeFor[*moderationPage]()},
	"consultation-receipt":    {reflect.TypeFor[*receiptPage]()},
	"consultation-submit":     {reflect.TypeFor[*submitPage]()},
	"consultation-track":      {reflect.TypeFor[*trackPage]()},
	"developers":              {reflect.TypeFor[*developersPage]()},
	"directory-contact":       {reflect.TypeFor[*directoryContactPage]()},
	"directory-form":          {reflect.TypeFor[*directoryFormPage]()},
	"directory-index":         {reflect.TypeFor[*directoryIndexPage]()},
	"directory-participants":  {reflect.TypeFor[*directoryParticipantsPage]()},
	"directory-queue":         {reflect.TypeFor[*directoryQueuePage]()},
	"directory-state":         {reflect.TypeFor[*directoryStatePage]()},
	"directory-withdraw":      {reflect.TypeFor[*directoryWithdrawPage]()},
	"doc-compare":             {reflect.TypeFor[*comparePage]()},
	"doc-form":                {reflect.TypeFor[*documentFormPage]()},
	"doc-paragraphs":          {reflect.TypeFor[*paragraphsPage]()},
	"doc-text":                {reflect.TypeFor[*textFormPage]()},
	"document":                {reflect.TypeFor[*documentPage]()},
	"documents":               {reflect.TypeFor[*documentListPage]()},
	"enrol":                   {reflect.TypeFor[*enrolPage]()},
	"error":                   {reflect.TypeFor[*errorPage]()},
	"followup-report":         {reflect.TypeFor[*followupReportPage]()},
	"framework":               {reflect.TypeFor[*frameworkPage]()},
	"framework-diff":          {reflect.TypeFor[*frameworkDiffPage]()},
	"framework-element":       {reflect.TypeFor[*frameworkElementPage]()},
	"frameworks":              {reflect.TypeFor[*frameworkListPage]()},
	"followup-commitment":     {reflect.TypeFor[*followupCommitmentPage]()},
	"followup-edit":           {reflect.TypeFor[*followupEditPage]()},
	"followup-follow":         {reflect.TypeFor[*followupFollowPage]()},
	"followup-index":          {reflect.TypeFor[*followupIndexPage]()},
	"followup-mark":           {reflect.TypeFor[*followupMarkPage]()},
	"followup-scale":          {reflect.TypeFor[*followupScalePage]()},
	"followup-state":          {reflect.TypeFor[*followupStatePage]()},
	"home":                    {reflect.TypeFor[*homePage]()},
	"item-form":               {reflect.TypeFor[*itemFormPage]()},
	"meeting":                 {reflect.TypeFor[*floorPage]()},
	"meeting-form":            {reflect.TypeFor[*meetingFormPage]()},
	"organization":            {reflect.TypeFor[*organizationShowPage]()},
	"organization-form":       {reflect.TypeFor[*organizationFormPage]()},
	"organizations":           {reflect.TypeFor[*organizationListPage]()},
	"password-forgot":         {reflect.TypeFor[*forgotPage]()},
	"password-set":            {reflect.TypeFor[*setPasswordPage]()},
	"ping-link":               {reflect.TypeFor[*pingLinkPage]()},
	"ping-mine":               {reflect.TypeFor[*pingMinePage]()},
	"ping-published":          {reflect.TypeFor[*pingPublishedPage]()},
	"ping-round":              {reflect.TypeFor[*pingRoundPage]()},
	"ping-rounds":             {reflect.TypeFor[*pingIndexPage]()},
	"ping-state":              {reflect.TypeFor[*pingStatePage]()},
	"reg-delegation":          {reflect.TypeFor[*regDelegationPage]()},
	"reg-figures":             {reflect.TypeFor[*regFiguresPage]()},
	"reg-index":               {reflect.TypeFor[*regIndexPage]()},
	"reg-manage":              {reflect.TypeFor[*regManagePage]()},
	"reg-participants":        {reflect.TypeFor[*regParticipantsPage]()},
	"reg-person":              {reflect.TypeFor[*regPersonPage]()},
	"reg-registration":        {reflect.TypeFor[*regRegistrationPage]()},
	"second-factor":           {reflect.TypeFor[*secondFactorPage]()},
	"session":                 {reflect.TypeFor[*sessionPage]()},
	"session-form":            {reflect.TypeFor[*sessionFormPage]()},
	"sessions":                {reflect.TypeFor[*sessionCalendarPage]()},
	"sign-in":                 {reflect.TypeFor[*signInPage]()},
	"speakers":                {reflect.TypeFor[*speakersPage]()},
	"speakers-live":           {reflect.TypeFor[*livePage]()},
	"speaking-time":           {reflect.TypeFor[*speakingTimePage]()},
	"state":                   {reflect.TypeFor[*stateShowPage]()},
	"state-team":              {reflect.TypeFor[*teamPage]()},
	"states":                  {reflect.TypeFor[*stateListPage]()},
	"survey":                  {reflect.TypeFor[*surveyPage]()},
	"survey-aggregate":        {reflect.TypeFor[*aggregatePage]()},
	"survey-compare":          {reflect.TypeFor[*surveyComparePage]()},
	"survey-index":            {reflect.TypeFor[*surveyIndexPage]()},
	"survey-workspace":        {reflect.TypeFor[*workspacePage]()},
	"tokens":                  {reflect.TypeFor[*tokenPage]()},
	"user":                    {reflect.TypeFor[*userShowPage]()},
	"user-new":                {reflect.TypeFor[*userNewPage]()},
	"users":                   {reflect.TypeFor[*userListPage]()},
}

// directTemplates are the templates executed other than through render's "layout".
var directTemplates = []struct {
	page, name string
	typ        reflect.Type
}{
	{"speakers-live", "live-list", reflect.TypeFor[*liveView]()}, // sent over server-sent events (live.go)
}

// templateFuncs are parsePages's functions (render.go). The checker knows no others
// beyond text/template's builtins, so a new function fails the test until it is added.
var templateFuncs = template.FuncMap{"langName": i18n.LanguageName, "dir": plenary.Direction}

// maxUnknown bounds the places where the checker cannot tell a type (see tmplChecker):
// each is a chain left unchecked, so a new one should be a decision, not a drift.
const maxUnknown = 0

func TestTemplateTypes(t *testing.T) {
	t.Run("catches", testCheckerCatches)
	t.Run("accepts", testCheckerAccepts)
	ps := testPages(t)
	for name := range ps.byName {
		if len(pageTypes[name]) == 0 {
			t.Errorf("templates/pages/%s.tmpl has no entry in pageTypes", name)
		}
	}
	stats := newCheckStats()
	var order []string            // the errors, in the order found
	errs := map[string][]string{} // error → the pages it is found in (a partial's, in several)
	found := func(err, page string) {
		if errs[err] == nil {
			order = append(order, err)
		}
		errs[err] = append(errs[err], page)
	}
	for _, name := range slices.Sorted(maps.Keys(pageTypes)) {
		set := ps.byName[name]
		if set == nil {
			t.Errorf("pageTypes names %q, which is not in templates/pages", name)
			continue
		}
		for _, typ := range pageTypes[name] {
			for _, err := range checkTemplate(set, "layout", typ, stats) {
				found(err, name)
			}
		}
	}
	for _, d := range directTemplates {
		for _, err := range checkTemplate(ps.byName[d.page], d.name, d.typ, stats) {
			found(err, d.page+" "+d.name)
		}
	}
	for _, err := range order {
		t.Errorf("%s (page %s)", err, strings.Join(errs[err], ", "))
	}
	t.Logf("%d templates, %d field chains checked in %d places; %d places on an unknown type",
		len(pageTypes), stats.checks, len(stats.chains), len(stats.unknown))
	for _, u := range slices.Sorted(maps.Keys(stats.unknown)) {
		t.Logf("unknown: %s", u)
	}
	if len(stats.unknown) > maxUnknown && !t.Failed() { // an error leaves what follows unknown
		t.Errorf("%d places on an unknown type, more than %d: give them a type the checker can follow", len(stats.unknown), maxUnknown)
	}
}

// probe is the type the checker's own tests check templates against.
type probe struct {
	Page
	Rows  []probeRow
	Names map[string]string
	Any   any
}

type probeRow struct{ Label string }

// testCheckerCatches: the checker fails where execution would, on branches never taken too.
func testCheckerCatches(t *testing.T) {
	for src, want := range map[string]string{
		`{{.Missing}}`:                               "can't find Missing in *web.probe",
		`{{if false}}{{.Page.Lang.Len}}{{end}}`:      "can't find Len in string",
		`{{range .Rows}}{{.Labl}}{{end}}`:            "can't find Labl in web.probeRow",
		`{{range $i, $r := .Rows}}{{$i.X}}{{end}}`:   "can't find X in int",
		`{{with .Names.fr}}{{.Upper}}{{end}}`:        "can't find Upper in string",
		`{{.URL}}`:                                   "method URL of *web.probe: wrong number of arguments: want 1, got 0",
		`{{.T}}`:                                     "method T of *web.probe: wrong number of arguments: want at least 1, got 0",
		`{{.T 1}}`:                                   "method T of *web.probe: argument 1 (1) is int, not string",
		`{{.Date .Lang}}`:                            "argument 1 (.Lang) is string, not time.Time",
		`{{.Lang "x"}}`:                              "Lang has arguments but is not a method",
		`{{$x := .Rows}}{{(index $x 0).Label.Nope}}`: "can't find Nope in string",
		`{{template "p" .Rows}}{{define "p"}}{{.Label}}{{end}}`: "can't find Label in []web.probeRow",
		`{{index .Names 1}}`:      "index 1 of map[string]string is int, not string",
		`{{nope .}}`:              `function "nope" is not known`,
		`{{template "q" .}}`:      `no template "q"`,
		`{{.Rows | len | .Lang}}`: "Lang has arguments but is not a method",
	} {
		// "nope" parses, but is no function of the pages.
		set := template.Must(template.New("t").Funcs(templateFuncs).Funcs(template.FuncMap{"nope": fmt.Sprint}).Parse(src))
		errs := checkTemplate(set, "t", reflect.TypeFor[*probe](), newCheckStats())
		if len(errs) != 1 || !strings.Contains(errs[0], want) {
			t.Errorf("%s: errors %q, want one with %q", src, errs, want)
		}
	}
}

// testCheckerAccepts: the checker passes what execution accepts, and counts what it
// cannot follow.
func testCheckerAccepts(t *testing.T) {
	ok := `{{range $k, $v := .Names}}{{$k}}{{$v}}{{end}}{{range .Languages}}{{dir .}}{{$.LangURL .}}{{end}}` +
		`{{with $r := index .Rows 0}}{{$r.Label}}{{.Label}}{{end}}{{.Form.Value "x"}}{{range 3}}{{.}}{{end}}` +
		`{{template "field" (.Field "a" "text" "k" "required")}}{{define "field"}}{{.Label}}{{.Options}}{{end}}` +
		`{{.Any.Whatever}}{{(slice .Rows 1) | len}}{{.T "k" "Count" 3 | printf "%s"}}{{.Lang | .URL}}`
	stats := newCheckStats()
	errs := checkTemplate(template.Must(template.New("t").Funcs(templateFuncs).Parse(ok)), "t", reflect.TypeFor[*probe](), stats)
	if len(errs) != 0 {
		t.Errorf("valid template: %q", errs)
	}
	if len(stats.unknown) != 1 {
		t.Errorf("unknown places %v, want the one of .Any", stats.unknown)
	}
}

// TestTemplatesRender executes every page template in the six languages with a zero
// value of its first page type (or renderData), as far as a zero value goes.
func TestTemplatesRender(t *testing.T) {
	ps := testPages(t)
	for _, name := range slices.Sorted(maps.Keys(pageTypes)) {
		if ps.byName[name] == nil {
			continue // TestTemplateTypes reports it
		}
		for _, lang := range plenary.Languages {
			data := renderData[name]
			if data == nil {
				data = func() pageData { return reflect.New(pageTypes[name][0].Elem()).Interface().(pageData) }
			}
			d := data()
			if reflect.TypeOf(d) != pageTypes[name][0] {
				t.Fatalf("renderData[%q] is a %T, not its page type %s", name, d, pageTypes[name][0])
			}
			p := d.base()
			p.Lang, p.Dir, p.catalog, p.assets = lang, plenary.Direction(lang), ps.catalog, ps.assets
			var b bytes.Buffer
			if err := ps.byName[name].ExecuteTemplate(&b, "layout", d); err != nil {
				t.Errorf("%s in %s: %v", name, lang, err)
			} else if !strings.Contains(b.String(), `<html lang="`+lang+`"`) {
				t.Errorf("%s in %s: no <html lang=%q>", name, lang, lang)
			}
		}
	}
}

// renderData gives the pages that a zero value of their type cannot render (a nil
// pointer that their handler never leaves nil) the least data they need. None needs any
// today: every template guards what may be empty.
var renderData = map[string]func() pageData{}

type testedPages struct {
	*pages
	catalog *i18n.Catalog
	assets  *Assets
}

func testPages(t *testing.T) testedPages {
	t.Helper()
	c, err := i18n.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := LoadAssets()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := parsePages(c, a)
	if err != nil {
		t.Fatal(err)
	}
	return testedPages{ps, c, a}
}
