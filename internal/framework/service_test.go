package framework_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ctx = context.Background()

// TestVersions: the Secretariat records a framework, imports its first version into a
// draft and publishes it; a second draft starts from it, changes, and is published; the
// first version is as it was, for what was answered against it. Drafts are the
// Secretariat's alone; a published version changes no more.
func TestVersions(t *testing.T) {
	e := testenv.New(t)
	sec := e.Secretariat(t, "sec@un.org")
	public := plenary.Public("en")
	fra := e.Actor(t, e.CreateUser(t, "fra@example.org", "France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}))

	f, err := e.Frameworks.Create(ctx, sec, framework.Input{Code: "ict-security", Names: plenary.Localized{"en": "Framework of responsible State behaviour"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Frameworks.Create(ctx, sec, framework.Input{Code: "ict-security", Names: plenary.Localized{"en": "Again"}}); err == nil {
		t.Error("a second framework with the same code")
	}
	v1, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
	if err != nil || v1.Number != 1 || v1.Status != framework.Draft {
		t.Fatalf("draft: %+v %v", v1, err)
	}
	if _, err := e.Frameworks.StartDraft(ctx, sec, f.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("a second draft: %v", err)
	}
	if n, err := e.Frameworks.Import(ctx, sec, v1.ID, strings.NewReader(sample)); err != nil || n != 4 {
		t.Fatalf("import: %d %v", n, err)
	}
	// A bad file changes nothing already there.
	if _, err := e.Frameworks.Import(ctx, sec, v1.ID, strings.NewReader("code,kind,title_en\nbad code!,norm,X\n")); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("bad import: %v", err)
	}
	if _, es, _ := e.Frameworks.Version(ctx, sec, v1.ID); len(es) != 4 {
		t.Errorf("after a refused import the draft holds %d elements, want 4", len(es))
	}
	// The draft is the Secretariat's.
	for _, who := range []plenary.Actor{public, fra} {
		if _, _, err := e.Frameworks.Version(ctx, who, v1.ID); err == nil {
			t.Errorf("%s reads a draft", who.Name)
		}
		if vs, _ := e.Frameworks.Versions(ctx, who, f.ID); len(vs) != 0 {
			t.Errorf("%s lists the draft", who.Name)
		}
		testenv.Allowed(t, who.Name+" imports", func() error {
			_, err := e.Frameworks.Import(ctx, who, v1.ID, strings.NewReader(sample))
			return err
		}(), false)
		testenv.Allowed(t, who.Name+" publishes", func() error { _, err := e.Frameworks.Publish(ctx, who, v1.ID, ""); return err }(), false)
		testenv.Allowed(t, who.Name+" starts a draft", func() error { _, err := e.Frameworks.StartDraft(ctx, who, f.ID); return err }(), false)
	}
	if _, _, err := e.Frameworks.Current(ctx, public, f.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("a current version before any is published: %v", err)
	}
	if _, err := e.Frameworks.Publish(ctx, sec, v1.ID, "First version"); err != nil {
		t.Fatal(err)
	}
	cur, es1, err := e.Frameworks.Current(ctx, public, f.ID)
	if err != nil || cur.ID != v1.ID || len(es1) != 4 {
		t.Fatalf("current: %+v %d %v", cur, len(es1), err)
	}
	// Published: changed no more.
	if _, err := e.Frameworks.Import(ctx, sec, v1.ID, strings.NewReader(sample)); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("import into a published version: %v", err)
	}
	if _, err := e.Frameworks.SaveElement(ctx, sec, v1.ID, "norm.c", framework.ElementInput{Code: "norm.c", Kind: "norm",
		Titles: plenary.Localized{"en": "Changed"}}); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("an element of a published version saved: %v", err)
	}
	if err := e.Frameworks.RemoveElement(ctx, sec, v1.ID, "cbm.1"); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("an element of a published version removed: %v", err)
	}

	// Version 2 starts as version 1, and changes.
	v2, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
	if err != nil || v2.Number != 2 {
		t.Fatalf("second draft: %+v %v", v2, err)
	}
	if _, err := e.Frameworks.SaveElement(ctx, sec, v2.ID, "norm.c", framework.ElementInput{Code: "norm.c", Parent: "norms", Kind: "norm",
		Titles: plenary.Localized{"en": "Norm (c), as amended", "fr": "Norme c)"}, SourceSymbol: "A/70/174", SourceParagraph: "13 (c)"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Frameworks.SaveElement(ctx, sec, v2.ID, "", framework.ElementInput{Code: "norm.c.action.2", Parent: "norm.c", Kind: "action",
		Titles: plenary.Localized{"en": "Second action"}, Mark: framework.Placeholder}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Frameworks.SaveElement(ctx, sec, v2.ID, "", framework.ElementInput{Code: "norm.c", Kind: "norm",
		Titles: plenary.Localized{"en": "Twice"}}); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("an element with a code taken: %v", err)
	}
	if err := e.Frameworks.RemoveElement(ctx, sec, v2.ID, "norm.c"); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("an element with children removed: %v", err)
	}
	if err := e.Frameworks.RemoveElement(ctx, sec, v2.ID, "cbm.1"); err != nil {
		t.Fatal(err)
	}
	// Renaming an element takes its children along.
	if _, err := e.Frameworks.SaveElement(ctx, sec, v2.ID, "norms", framework.ElementInput{Code: "pillar.norms", Kind: "pillar",
		Titles: plenary.Localized{"en": "Norms"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Frameworks.Publish(ctx, sec, v2.ID, "Norm (c) amended"); err != nil {
		t.Fatal(err)
	}
	_, es2, _ := e.Frameworks.Current(ctx, public, f.ID)
	var changes []string
	for _, d := range framework.Diff(es1, es2) {
		changes = append(changes, string(d.Change)+" "+d.Code)
	}
	if want := "added pillar.norms, edited norm.c, added norm.c.action.2, removed norms, removed cbm.1"; strings.Join(changes, ", ") != want {
		t.Errorf("changes %v, want %s", changes, want)
	}
	// Version 1 is as it was.
	_, again, err := e.Frameworks.Version(ctx, public, v1.ID)
	if err != nil || len(framework.Diff(es1, again)) != 0 {
		t.Errorf("version 1 changed: %v", err)
	}
	if vs, _ := e.Frameworks.Versions(ctx, public, f.ID); len(vs) != 2 || vs[0].Number != 2 || vs[0].Note != "Norm (c) amended" {
		t.Errorf("versions %+v", vs)
	}

	// A draft may be discarded; a published version may not.
	v3, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Frameworks.DiscardDraft(ctx, sec, v3.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.Frameworks.DiscardDraft(ctx, sec, v2.ID); plenary.ErrorKind(err) != plenary.KindConflict {
		t.Errorf("a published version discarded: %v", err)
	}
	if vs, _ := e.Frameworks.Versions(ctx, sec, f.ID); len(vs) != 2 {
		t.Errorf("after discarding: %d versions", len(vs))
	}
}

// TestOneDraftAtATime: the Secretariat opening drafts from several windows at once gets
// one draft, never two with the same number.
func TestOneDraftAtATime(t *testing.T) {
	e := testenv.New(t)
	sec := e.Secretariat(t, "sec@un.org")
	f, err := e.Frameworks.Create(ctx, sec, framework.Input{Code: "topics", Names: plenary.Localized{"en": "Capacity-building topics"}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	made, refused := 0, 0
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
			mu.Lock()
			defer mu.Unlock()
			switch plenary.ErrorKind(err) {
			case 0:
				if err == nil {
					made++
				}
			case plenary.KindConflict:
				refused++
			default:
				t.Errorf("start a draft: %v", err)
			}
		}()
	}
	wg.Wait()
	if made != 1 || refused != 5 {
		t.Errorf("%d drafts made, %d refused; want 1 and 5", made, refused)
	}
}

// TestChanges: the changes between two versions of a framework, as each reader may read
// them; a version of another framework, or a draft the reader may not read, is refused
// as the since's problem. A framework's code is at most MaxFrameworkCode characters.
func TestChanges(t *testing.T) {
	e := testenv.New(t)
	sec := e.Secretariat(t, "sec@un.org")
	public := plenary.Public("en")
	fra := e.Actor(t, e.CreateUser(t, "fra@example.org", "France", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"}))
	publish := func(code string) (framework.Framework, framework.Version) {
		f, err := e.Frameworks.Create(ctx, sec, framework.Input{Code: code, Names: plenary.Localized{"en": code}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Frameworks.Import(ctx, sec, v.ID, strings.NewReader(sample)); err != nil {
			t.Fatal(err)
		}
		if v, err = e.Frameworks.Publish(ctx, sec, v.ID, ""); err != nil {
			t.Fatal(err)
		}
		return f, v
	}
	f, v1 := publish("ict-security")
	_, other := publish(strings.Repeat("t", framework.MaxFrameworkCode))
	if _, err := e.Frameworks.Create(ctx, sec, framework.Input{Code: strings.Repeat("t", framework.MaxFrameworkCode+1),
		Names: plenary.Localized{"en": "Too long"}}); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("a code of %d characters: %v", framework.MaxFrameworkCode+1, err)
	}
	v2, err := e.Frameworks.StartDraft(ctx, sec, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Frameworks.RemoveElement(ctx, sec, v2.ID, "cbm.1"); err != nil {
		t.Fatal(err)
	}
	ds, err := e.Frameworks.Changes(ctx, sec, v2.ID, v1.ID)
	if err != nil || len(ds) != 1 || ds[0].Code != "cbm.1" || ds[0].Change != framework.Removed {
		t.Errorf("the draft's changes: %+v %v", ds, err)
	}
	if ds, err := e.Frameworks.Changes(ctx, public, v1.ID, v1.ID); err != nil || len(ds) != 0 {
		t.Errorf("a version's changes since itself: %+v %v", ds, err)
	}
	// The draft is the Secretariat's, as the version or as the since.
	if _, err := e.Frameworks.Changes(ctx, fra, v2.ID, v1.ID); plenary.ErrorKind(err) != plenary.KindNotFound {
		t.Errorf("a delegate reads the draft's changes: %v", err)
	}
	if _, err := e.Frameworks.Changes(ctx, fra, v1.ID, v2.ID); plenary.ErrorKind(err) != plenary.KindInvalid {
		t.Errorf("a delegate reads the changes since the draft: %v", err)
	}
	_, err = e.Frameworks.Changes(ctx, sec, v1.ID, other.ID)
	if v, ok := err.(*plenary.ValidationError); !ok || len(v.Fields) != 1 || v.Fields[0].Field != "since" {
		t.Errorf("changes since another framework's version: %v", err)
	}
}
