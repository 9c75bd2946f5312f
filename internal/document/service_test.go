package document_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

type world struct {
	e                              *testenv.Env
	gm                             body.Body
	sec, chair, fra, focal, public plenary.Actor
	readOnlySec                    plenary.Actor
}

func newWorld(t *testing.T) *world {
	t.Helper()
	e := testenv.New(t)
	w := &world{e: e, public: plenary.Public("en")}
	var err error
	if w.gm, err = e.Bodies.Create(ctx, plenary.System("test"), body.Input{Code: "gm", TimeZone: "America/New_York",
		Names: plenary.Localized{"en": "Global Mechanism on ICT security"}}); err != nil {
		t.Fatal(err)
	}
	actor := func(email string, g ...plenary.Grant) plenary.Actor {
		return e.Actor(t, e.CreateUser(t, email, email, g...))
	}
	w.sec = actor("sec@un.org", plenary.Grant{Role: plenary.RoleSecretariat})
	w.chair = actor("chair@un.org", plenary.Grant{Role: plenary.RoleChair})
	w.fra = actor("fra@diplomatie.gouv.fr", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	w.focal = actor("focal@ngo.org")
	w.readOnlySec = w.sec
	w.readOnlySec.Scopes = []plenary.Scope{plenary.ScopeRead}
	return w
}

func (w *world) register(t *testing.T, symbol string, access document.Access, status document.Status) document.Document {
	t.Helper()
	d, err := w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: symbol, Kind: document.KindConferenceRoomPaper,
		Status: status, Access: access, Title: "Paper " + symbol})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (w *world) publish(t *testing.T, d document.Document) document.Document {
	t.Helper()
	d, err := w.e.Documents.Publish(ctx, w.sec, d.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestWhoReads: a document is read by those its access level names, once published;
// before, only the Secretariat knows it exists.
func TestWhoReads(t *testing.T) {
	w := newWorld(t)
	pub := w.register(t, "A/AC.292/2026/1", document.AccessPublic, document.StatusFinal)
	states := w.register(t, "A/AC.292/2026/CRP.1", document.AccessStates, document.StatusFinal)
	closed := w.register(t, "A/AC.292/2026/CRP.2", document.AccessClosed, document.StatusFinal)
	readers := []struct {
		name  string
		actor plenary.Actor
		sees  map[int64]bool // once published
	}{
		{"public", w.public, map[int64]bool{pub.ID: true}},
		{"organization", w.focal, map[int64]bool{pub.ID: true}},
		{"delegate", w.fra, map[int64]bool{pub.ID: true, states.ID: true}},
		{"chair", w.chair, map[int64]bool{pub.ID: true, states.ID: true, closed.ID: true}},
		{"secretariat", w.sec, map[int64]bool{pub.ID: true, states.ID: true, closed.ID: true}},
	}
	check := func(published bool) {
		for _, r := range readers {
			for _, d := range []document.Document{pub, states, closed} {
				want := r.sees[d.ID] && (published || r.name == "secretariat")
				_, err := w.e.Documents.Get(ctx, r.actor, d.ID)
				testenv.Allowed(t, fmt.Sprintf("%s reads %s (published %v)", r.name, d.Symbol, published), err, want)
				if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
					t.Errorf("%s reads %s: %v, want not found (the symbol must not leak)", r.name, d.Symbol, err)
				}
				got, err := w.e.Documents.List(ctx, r.actor, document.Filter{BodyID: w.gm.ID}, plenary.PageRequest{})
				if err != nil {
					t.Fatal(err)
				}
				listed := false
				for _, x := range got.Items {
					listed = listed || x.ID == d.ID
				}
				if listed != want {
					t.Errorf("%s lists %s: %v, want %v", r.name, d.Symbol, listed, want)
				}
			}
		}
	}
	check(false)
	for _, d := range []document.Document{pub, states, closed} {
		w.publish(t, d)
	}
	check(true)
}

func TestOnlyTheSecretariatManages(t *testing.T) {
	w := newWorld(t)
	in := document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/2", Kind: document.KindReport, Title: "Report"}
	for name, a := range map[string]plenary.Actor{"public": w.public, "chair": w.chair, "delegate": w.fra,
		"focal": w.focal, "read-only token": w.readOnlySec} {
		_, err := w.e.Documents.Register(ctx, a, in)
		testenv.Allowed(t, name+" registers", err, false)
	}
	d, err := w.e.Documents.Register(ctx, w.sec, in)
	testenv.Allowed(t, "secretariat registers", err, true)
	_, err = w.e.Documents.Publish(ctx, w.chair, d.ID, time.Time{})
	testenv.Allowed(t, "chair publishes", err, false)
	_, err = w.e.Documents.SetText(ctx, w.fra, d.ID, document.TextInput{Language: "fr", Title: "Rapport"})
	testenv.Allowed(t, "delegate sets a text", err, false)
}

func field(t *testing.T, err error, name, message string) {
	t.Helper()
	if plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Fatalf("want a problem of %s, got %v", name, err)
	}
	v, _ := err.(*plenary.ValidationError)
	if v == nil {
		t.Fatalf("want a validation error, got %T", err)
	}
	f, ok := v.For(name)
	if !ok || (message != "" && f.Message != message) {
		t.Fatalf("want %s on %s, got %v", message, name, err)
	}
}

func TestRegisterChecks(t *testing.T) {
	w := newWorld(t)
	w.register(t, "A/AC.292/2026/CRP.1", document.AccessPublic, document.StatusDraft)
	_, err := w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/CRP.1",
		Kind: document.KindReport, Title: "Again"})
	field(t, err, "symbol", "document.symbol_taken")
	_, err = w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A//CRP.1", Kind: document.KindReport, Title: "x"})
	field(t, err, "symbol", "")
	_, err = w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/3", Kind: "memo", Title: "x"})
	field(t, err, "kind", "field.choice")
	_, err = w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/3", Kind: document.KindReport})
	field(t, err, "title", "field.required")
	_, err = w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/3", Kind: document.KindReport,
		Title: "x", Access: "secret"})
	field(t, err, "access", "field.choice")
	_, err = w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: "A/AC.292/2026/3", Kind: document.KindReport,
		Title: "x", OriginalLanguage: "de"})
	field(t, err, "original_language", "field.language")
}

// TestAttachments: files are checked by content: a renamed executable is refused and
// nothing is saved; a real PDF is kept and served back.
func TestAttachments(t *testing.T) {
	w := newWorld(t)
	d := w.register(t, "A/AC.292/2026/4", document.AccessPublic, document.StatusFinal)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 200)...)
	_, err := w.e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: "en", Title: "Report",
		PDF: &files.Upload{Name: "report.pdf", Data: exe}})
	field(t, err, "pdf", "")
	_, err = w.e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: "en", Title: "Report",
		DOCX: &files.Upload{Name: "report.docx", Data: []byte("%PDF-1.7\n%%EOF\n")}})
	field(t, err, "docx", "")
	got, err := w.e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: "fr", Title: "Rapport",
		PDF: &files.Upload{Name: "rapport.pdf", Data: []byte("%PDF-1.7\nrapport\n%%EOF\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Has("fr") || got.Has("ar") || got.Complete() {
		t.Errorf("languages %v, complete %v", got.Languages(), got.Complete())
	}
	w.publish(t, d)
	f, err := w.e.Documents.File(ctx, w.public, d.ID, "fr", "pdf")
	if err != nil {
		t.Fatal(err)
	}
	if f.ContentType != "application/pdf" || !strings.Contains(string(f.Data), "rapport") {
		t.Errorf("served %s %q", f.ContentType, f.Data)
	}
	if _, err := w.e.Documents.File(ctx, w.public, d.ID, "en", "pdf"); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("missing file: %v", err)
	}
	// A new text keeps the file; removing it takes it away.
	got, err = w.e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: "fr", Title: "Rapport final"})
	if err != nil {
		t.Fatal(err)
	}
	if tx, _ := got.Text("fr"); tx.PDF == nil || tx.Title != "Rapport final" {
		t.Errorf("after a new title: %+v", tx)
	}
	got, err = w.e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: "fr", Title: "Rapport final", RemovePDF: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Has("fr") {
		t.Error("the French version still counts as issued without a file or text")
	}
}

const zeroDraft = `1. States reaffirm that international law applies to the use of ICTs.

2. States will continue to study how norms of responsible State behaviour apply.

3. The Global Mechanism will hold a dedicated thematic group on capacity-building, open to all States, and report on its work to the plenary at each substantive session.

4. States are encouraged to nominate Points of Contact to the directory.`

// Rev.1 rewords 2, moves 4 to the top, splits 3 in two and adds a paragraph.
const rev1 = `1. States are encouraged to nominate Points of Contact to the directory.

2. States reaffirm that international law applies to the use of ICTs.

3. States will continue to study, with stakeholders, how norms of responsible State behaviour apply.

4. The Global Mechanism will hold a dedicated thematic group on capacity-building, open to all States.

5. The thematic group will report on its work to the plenary at each substantive session.

6. States welcome the voluntary checklist of practical actions.`

// TestRevisionsKeepParagraphs: Rev.1's paragraphs carry the zero draft's keys, and the
// comparison says what happened to each.
func TestRevisionsKeepParagraphs(t *testing.T) {
	w := newWorld(t)
	zero := w.register(t, "A/AC.292/2026/CRP.5", document.AccessPublic, document.StatusDraft)
	if _, err := w.e.Documents.SetText(ctx, w.sec, zero.ID, document.TextInput{Language: "en", Title: "Zero draft", Body: zeroDraft}); err != nil {
		t.Fatal(err)
	}
	r1 := w.register(t, "A/AC.292/2026/CRP.5/Rev.1", document.AccessPublic, document.StatusDraft)
	if r1.Series != zero.Series || r1.Version().Kind != "revision" || zero.Version().Kind != "zero_draft" {
		t.Fatalf("series %q %q, versions %v %v", zero.Series, r1.Series, zero.Version(), r1.Version())
	}
	if _, err := w.e.Documents.SetText(ctx, w.sec, r1.ID, document.TextInput{Language: "en", Title: "Rev.1", Body: rev1}); err != nil {
		t.Fatal(err)
	}
	w.publish(t, zero)
	w.publish(t, r1)
	_, old, err := w.e.Documents.Paragraphs(ctx, w.public, zero.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, next, err := w.e.Documents.Paragraphs(ctx, w.public, r1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(old) != 4 || len(next) != 6 {
		t.Fatalf("paragraphs: %d and %d", len(old), len(next))
	}
	key := func(ps []draft.Paragraph, n int) string { return ps[n-1].Key }
	for _, c := range []struct{ newN, oldN int }{{1, 4}, {2, 1}, {3, 2}} {
		if key(next, c.newN) != key(old, c.oldN) {
			t.Errorf("Rev.1 ¶%d has key %s, want ¶%d's %s", c.newN, key(next, c.newN), c.oldN, key(old, c.oldN))
		}
	}
	if o := next[4].Origins; len(o) != 1 || o[0] != key(old, 3) {
		t.Errorf("Rev.1 ¶5 origins %v, want the split ¶3 (%s)", o, key(old, 3))
	}
	if len(next[5].Origins) != 0 {
		t.Errorf("the new ¶6 has origins %v", next[5].Origins)
	}
	seen := map[string]bool{}
	for _, p := range append(append([]draft.Paragraph(nil), old...), next...) {
		seen[p.Key] = true
	}
	if len(seen) != 6 { // 4 of the zero draft, the second part of the split, the new one
		t.Errorf("keys %v", seen)
	}
	c, err := w.e.Documents.Compare(ctx, w.public, zero.ID, r1.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[draft.Kind]int{}
	for _, ch := range c.Changes {
		kinds[ch.Kind]++
	}
	if kinds[draft.KindMoved] == 0 || kinds[draft.KindSplit] == 0 || kinds[draft.KindAdded] != 1 || kinds[draft.KindEdited] == 0 {
		t.Errorf("changes %v", kinds)
	}
	series, err := w.e.Documents.Series(ctx, w.public, r1)
	if err != nil || len(series) != 2 || series[0].ID != zero.ID {
		t.Errorf("series %v %v", series, err)
	}
	// A correction of Rev.1 keeps its own keys.
	fixed := strings.Replace(rev1, "checklist", "check-list", 1)
	if _, err := w.e.Documents.SetText(ctx, w.sec, r1.ID, document.TextInput{Language: "en", Title: "Rev.1", Body: fixed}); err != nil {
		t.Fatal(err)
	}
	_, again, _ := w.e.Documents.Paragraphs(ctx, w.public, r1.ID)
	for i := range again {
		if again[i].Key != next[i].Key {
			t.Errorf("correction changed ¶%d's key %s → %s", i+1, next[i].Key, again[i].Key)
		}
	}
	// Another series does not compare.
	other := w.register(t, "A/AC.292/2026/CRP.6", document.AccessPublic, document.StatusDraft)
	w.publish(t, other)
	if _, err := w.e.Documents.Compare(ctx, w.public, other.ID, r1.ID); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("compare across series: %v", err)
	}
}

// TestSearch: words are found in their own language, stemmed, on either database; what
// a reader may not read is not found.
func TestSearch(t *testing.T) {
	w := newWorld(t)
	texts := []struct {
		symbol, lang, title, body string
		access                    document.Access
	}{
		{"A/AC.292/2026/10", "ar", "تقرير", "يتضمن تقريره النهائي توصيات بشأن بناء القدرات", document.AccessPublic},
		{"A/AC.292/2026/11", "fr", "Rapport", "La sécurité des technologies de l'information et des communications", document.AccessPublic},
		{"A/AC.292/2026/12", "zh", "报告", "信息和通信技术安全问题", document.AccessPublic},
		{"A/AC.292/2026/13", "en", "Confidential", "Reports on the protection of critical infrastructure", document.AccessStates},
		{"A/AC.292/2026/14", "ru", "Доклад", "Международное право применяется к использованию ИКТ", document.AccessPublic},
	}
	ids := map[string]int64{}
	for _, x := range texts {
		d, err := w.e.Documents.Register(ctx, w.sec, document.Input{BodyID: w.gm.ID, Symbol: x.symbol, Kind: document.KindReport,
			Access: x.access, OriginalLanguage: x.lang, Title: x.title})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.e.Documents.SetText(ctx, w.sec, d.ID, document.TextInput{Language: x.lang, Title: x.title, Body: x.body}); err != nil {
			t.Fatal(err)
		}
		w.publish(t, d)
		ids[x.symbol] = d.ID
	}
	find := func(a plenary.Actor, lang, q string) []string {
		got, err := w.e.Documents.List(ctx, a, document.Filter{Query: q, Language: lang}, plenary.PageRequest{})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		var out []string
		for _, d := range got.Items {
			out = append(out, d.Symbol)
		}
		return out
	}
	cases := []struct {
		actor   plenary.Actor
		lang, q string
		want    string
	}{
		{w.public, "en", "تقرير", "A/AC.292/2026/10"},
		{w.public, "ar", "القدرات", "A/AC.292/2026/10"},
		{w.public, "fr", "securite", "A/AC.292/2026/11"},
		{w.public, "fr", "l'information", "A/AC.292/2026/11"},
		{w.public, "en", "信息", "A/AC.292/2026/12"},
		{w.public, "en", "report", ""},
		{w.fra, "en", "report", "A/AC.292/2026/13"},
		{w.public, "ru", "право", "A/AC.292/2026/14"},
		{w.public, "en", `" OR 1=1 -- NEAR( *`, ""},
	}
	for _, c := range cases {
		got := strings.Join(find(c.actor, c.lang, c.q), ",")
		if got != c.want {
			t.Errorf("search %q (%s): %q, want %q", c.q, c.lang, got, c.want)
		}
	}
}

// TestScheduledPublication: a document published for a later time stays hidden until then.
func TestScheduledPublication(t *testing.T) {
	w := newWorld(t)
	d := w.register(t, "A/AC.292/2026/20", document.AccessPublic, document.StatusFinal)
	at := w.e.Clock.Now().Add(2 * time.Hour)
	if _, err := w.e.Documents.Publish(ctx, w.sec, d.ID, at); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.Get(ctx, w.public, d.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("before its time: %v", err)
	}
	w.e.Clock.Advance(2 * time.Hour)
	if _, err := w.e.Documents.Get(ctx, w.public, d.ID); err != nil {
		t.Errorf("at its time: %v", err)
	}
	if _, err := w.e.Documents.Unpublish(ctx, w.sec, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.e.Documents.Get(ctx, w.public, d.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("withdrawn: %v", err)
	}
}

// TestExportHasNoCap: the export walks every public document, past the largest page, and
// nothing else; the paged list agrees.
func TestExportHasNoCap(t *testing.T) {
	w := newWorld(t)
	n := plenary.MaxPageSize + 30
	for i := 1; i <= n; i++ {
		d := w.register(t, fmt.Sprintf("A/AC.292/2026/INF.%d", i), document.AccessPublic, document.StatusFinal)
		if i%50 != 0 {
			w.publish(t, d)
		}
		w.e.Clock.Advance(time.Second)
	}
	w.publish(t, w.register(t, "A/AC.292/2026/CRP.99", document.AccessStates, document.StatusFinal))
	want := n - n/50
	seen := map[int64]bool{}
	last := int64(0)
	err := w.e.Documents.Export(ctx, document.Filter{}, func(d document.Document) error {
		if d.Access != document.AccessPublic || d.PublishedAt.IsZero() || seen[d.ID] || d.ID < last {
			return fmt.Errorf("export gave %s (%s, published %v) out of order or twice", d.Symbol, d.Access, d.PublishedAt)
		}
		seen[d.ID], last = true, d.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != want {
		t.Errorf("export: %d documents, want %d", len(seen), want)
	}
	listed := 0
	page := plenary.PageRequest{Limit: 70}
	var prev time.Time
	for {
		got, err := w.e.Documents.List(ctx, w.public, document.Filter{BodyID: w.gm.ID}, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range got.Items {
			if !prev.IsZero() && d.PublishedAt.After(prev) {
				t.Fatalf("list out of order at %s", d.Symbol)
			}
			prev = d.PublishedAt
			listed++
		}
		if got.Next == "" {
			break
		}
		page.Cursor = got.Next
	}
	if listed != want {
		t.Errorf("list: %d, want %d", listed, want)
	}
}
