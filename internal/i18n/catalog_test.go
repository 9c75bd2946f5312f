package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/survey"
)

func load(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSameKeysEverywhere: the six catalogues define exactly the same messages.
func TestSameKeysEverywhere(t *testing.T) {
	c := load(t)
	en := c.Keys("en")
	if len(en) < 100 {
		t.Fatalf("English has only %d messages", len(en))
	}
	for _, lang := range plenary.Languages {
		have := map[string]bool{}
		for _, k := range c.Keys(lang) {
			have[k] = true
		}
		for _, k := range en {
			if !have[k] {
				t.Errorf("%s lacks %q", lang, k)
			}
			delete(have, k)
		}
		for k := range have {
			t.Errorf("%s has %q, which English lacks", lang, k)
		}
	}
}

// flatten reads a catalogue file into message ID → form → text.
func flatten(t *testing.T, lang string) map[string]map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("locales", lang+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	forms := map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case string:
			out[prefix] = map[string]string{"": x}
		case map[string]any:
			plural := len(x) > 0
			for k, sub := range x {
				if _, ok := sub.(string); !ok || !forms[k] {
					plural = false
				}
			}
			if plural {
				out[prefix] = map[string]string{}
				for k, sub := range x {
					out[prefix][k] = sub.(string)
				}
				return
			}
			for k, sub := range x {
				key := k
				if prefix != "" {
					key = prefix + "." + k
				}
				walk(key, sub)
			}
		}
	}
	walk("", raw)
	return out
}

// sameAsEnglish lists the few messages that are rightly the same as in English: words
// spelled alike, and formats made only of placeholders.
var sameAsEnglish = map[string]map[string]bool{
	"fr": {"consultation.section": true, "survey.document": true, "document.version.revision": true, "document.feed_kind_title": true, "document.versions": true, "nav.documents": true, "document.kind.note_verbale": true, "document.version.original": true, "document.list_title": true, "document.access.public": true, "document.kind_label": true, "document.session_label": true, "document.version_label": true, "document.feed_title": true, "document.actions": true, "developers.description_title": true, "developers.conventions_title": true, "state.note": true, "second_factor.code": true,
		"account.session_actions": true, "organization.type": true, "audit.action": true, "date.long": true,
		"meeting.session_label": true, "meeting.sessions": true, "meeting.dates_label": true, "meeting.date": true,
		"ping.page.contacts": true, "ping.page.function_unknown": true, "communication.nav": true},
	"es": {"survey.status.no": true, "document.version.revision": true, "document.feed_kind_title": true, "document.size_kb": true, "document.size_mb": true, "document.version.original": true, "error.title.generic": true, "date.time": true, "acc.list_sep": true, "acc.your_position": true},
	"ru": {"document.version.revision": true, "document.feed_kind_title": true, "date.time": true, "acc.list_sep": true, "acc.your_position": true},
	"ar": {"document.version.revision": true, "document.feed_kind_title": true, "date.long": true, "acc.your_position": true},
	"zh": {"document.version.revision": true, "document.feed_kind_title": true, "document.size_kb": true, "document.size_mb": true},
}

var placeholderRE = regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)

func placeholders(s string) map[string]bool {
	out := map[string]bool{}
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		out[m[1]] = true
	}
	return out
}

// TestTranslated: no catalogue is an English copy, and every translation keeps the
// placeholders of the English message (and invents none).
func TestTranslated(t *testing.T) {
	en := flatten(t, "en")
	for _, lang := range plenary.Languages {
		if lang == "en" {
			continue
		}
		tr := flatten(t, lang)
		for key, forms := range en {
			got, ok := tr[key]
			if !ok {
				continue // TestSameKeysEverywhere reports it
			}
			enOther := forms[""] + forms["other"]
			trOther := got[""] + got["other"]
			if trOther == enOther && !sameAsEnglish[lang][key] {
				t.Errorf("%s %q is the English text %q", lang, key, enOther)
			}
			want := placeholders(enOther)
			all := map[string]bool{}
			for _, text := range got {
				for p := range placeholders(text) {
					all[p] = true
				}
			}
			for p := range want {
				if !all[p] {
					t.Errorf("%s %q lost the placeholder {{.%s}}", lang, key, p)
				}
			}
			enAll := map[string]bool{}
			for _, text := range forms {
				for p := range placeholders(text) {
					enAll[p] = true
				}
			}
			for p := range all {
				if !enAll[p] {
					t.Errorf("%s %q uses {{.%s}}, which English does not give", lang, key, p)
				}
			}
		}
	}
}

// TestPluralForms renders every plural message with counts that reach every CLDR
// category (Arabic zero/one/two/few/many/other, Russian one/few/many, French and
// Spanish many), with no fallback allowed.
func TestPluralForms(t *testing.T) {
	c := load(t)
	counts := []int{0, 1, 2, 3, 5, 11, 21, 22, 25, 100, 101, 102, 111, 1000000}
	en := flatten(t, "en")
	n := 0
	for _, key := range c.Keys("en") {
		if !c.Plural(key) {
			continue
		}
		n++
		for _, lang := range plenary.Languages {
			for _, count := range counts {
				// Every placeholder of the English message gets a value; the numbers get the count.
				args := map[string]any{"Count": count, "Max": count, "Min": count, "ID": 7}
				for name := range placeholders(en[key]["other"]) {
					if _, ok := args[name]; !ok {
						args[name] = "‹" + name + "›"
					}
				}
				s, err := c.Localize(lang, key, args)
				if err != nil {
					t.Errorf("%s %q with %d: %v", lang, key, count, err)
					continue
				}
				if strings.Contains(s, "<no value>") {
					t.Errorf("%s %q with %d: %q", lang, key, count, s)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no plural message found")
	}
}

// namespaces are the top-level tables of the catalogues: a string literal in the code
// that starts with one of them and looks like a key is taken to be a message key.
func namespaces(c *i18n.Catalog) map[string]bool {
	out := map[string]bool{}
	for _, k := range c.Keys("en") {
		ns, _, _ := strings.Cut(k, ".")
		out[ns] = true
	}
	return out
}

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// usedKeys finds the message keys in Go code: key-like string literals, except the
// kinds of jobs (returned by Kind methods) and audit actions (given to audit.New and
// the services' event helper), which share the dotted form.
func usedKeys(t *testing.T, root string, ns map[string]bool) map[string][]string {
	t.Helper()
	used := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "query" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "/testenv/") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		skip := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				if x.Name.Name == "Kind" && x.Body != nil {
					ast.Inspect(x.Body, func(n ast.Node) bool {
						if lit, ok := n.(*ast.BasicLit); ok {
							skip[lit] = true
						}
						return true
					})
				}
			case *ast.CallExpr:
				name := ""
				switch fn := x.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if (name == "New" || name == "event") && len(x.Args) >= 3 {
					if lit, ok := x.Args[2].(*ast.BasicLit); ok {
						skip[lit] = true // audit action
					}
				}
			}
			return true
		})
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || skip[lit] {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !keyRE.MatchString(s) {
				return true
			}
			first, _, _ := strings.Cut(s, ".")
			if ns[first] {
				used[s] = append(used[s], fset.Position(lit.Pos()).String())
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return used
}

var (
	templateKeyRE   = regexp.MustCompile(`\.(?:T|Field|Select)\s+("[^"]*"\s+)*?"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)
	templateHintRE  = regexp.MustCompile(`"hint=([a-z0-9_.]+)"`)
	templateFieldRE = regexp.MustCompile(`\.(?:Field|Select)\s+(?:"[^"]*"|\([^)]*\))\s+(?:"[a-z]+"\s+)?"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)
)

// TestEveryKeyDefined: every key that code or templates use exists in all six
// catalogues, and so do the families of keys built at run time.
func TestEveryKeyDefined(t *testing.T) {
	c := load(t)
	root := filepath.Join("..", "..")
	used := usedKeys(t, root, namespaces(c))
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the code: is the scan broken?", len(used))
	}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tmpl") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range []*regexp.Regexp{templateKeyRE, templateHintRE, templateFieldRE} {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				key := m[len(m)-1]
				used[key] = append(used[key], path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Keys built at run time, by family.
	for _, r := range plenary.Roles {
		used["role."+string(r)] = append(used["role."+string(r)], "plenary.Roles")
	}
	for _, l := range plenary.Languages {
		used["language."+l] = append(used["language."+l], "plenary.Languages")
	}
	for _, g := range state.Groups {
		used["group."+g.Slug()] = append(used["group."+g.Slug()], "state.Groups")
	}
	for _, k := range floor.Kinds {
		used["floor.kind."+string(k)] = append(used["floor.kind."+string(k)], "floor.Kinds")
	}
	for _, c := range floor.Categories {
		used["floor.category."+string(c)] = append(used["floor.category."+string(c)], "floor.Categories")
	}
	for m := 1; m <= 12; m++ {
		k := "date.month." + strconv.Itoa(m)
		used[k] = append(used[k], "months")
	}
	states, err := state.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if s.ElectoralNote != "" {
			k := "state.electoral_note." + s.ISO3
			used[k] = append(used[k], "state data")
		}
	}
	for _, st := range []registration.Status{registration.Pending, registration.Approved, registration.Rejected, registration.Withdrawn} {
		used["reg.status."+string(st)] = append(used["reg.status."+string(st)], "registration statuses")
	}
	for _, f := range registration.Functions {
		used["reg.function."+string(f)] = append(used["reg.function."+string(f)], "registration.Functions")
	}
	for _, c := range registration.Categories {
		used["reg.category."+string(c)] = append(used["reg.category."+string(c)], "registration.Categories")
	}
	for _, g := range registration.Genders {
		used["reg.gender_"+string(g)] = append(used["reg.gender_"+string(g)], "registration.Genders")
	}
	for _, sp := range []registration.Sponsorship{registration.NoSponsorship, registration.Requested, registration.Granted, registration.Declined} {
		used["reg.sponsorship."+string(sp)] = append(used["reg.sponsorship."+string(sp)], "registration sponsorship")
	}
	for _, p := range survey.Parts {
		used["survey.part."+string(p)] = append(used["survey.part."+string(p)], "survey.Parts")
	}
	for _, st := range survey.Statuses {
		used["survey.status."+st] = append(used["survey.status."+st], "survey.Statuses")
	}
	for _, l := range survey.Levels {
		used["survey.level."+string(l)] = append(used["survey.level."+string(l)], "survey.Levels")
	}
	for _, k := range survey.Kinds {
		used["survey.kind."+string(k)] = append(used["survey.kind."+string(k)], "survey.Kinds")
	}
	for _, st := range []survey.Status{survey.Draft, survey.Open, survey.Closed} {
		used["survey.qstatus."+string(st)] = append(used["survey.qstatus."+string(st)], "questionnaire statuses")
	}
	for _, st := range []framework.Status{framework.Draft, framework.Published} {
		used["framework.status."+string(st)] = append(used["framework.status."+string(st)], "framework version statuses")
	}
	for _, c := range []framework.Change{framework.Added, framework.Removed, framework.Edited} {
		used["framework.change."+string(c)] = append(used["framework.change."+string(c)], "framework.Diff")
	}
	for _, m := range framework.Marks {
		k := "framework.mark." + string(m)
		if m == framework.Agreed {
			k = "framework.mark.agreed"
		}
		used[k] = append(used[k], "framework.Marks")
	}
	for _, k := range followup.Kinds {
		used["followup.kind."+string(k)] = append(used["followup.kind."+string(k)], "followup.Kinds")
		used["followup.kinds."+string(k)] = append(used["followup.kinds."+string(k)], "followup.Kinds")
	}
	for _, m := range followup.Meanings {
		used["followup.meaning."+string(m)] = append(used["followup.meaning."+string(m)], "followup.Meanings")
	}
	for _, code := range []int{400, 401, 403, 404, 409, 413, 422, 429, 500, 503} {
		k := "error.title." + strconv.Itoa(code)
		used[k] = append(used[k], "status codes")
	}
	for key, where := range used {
		for _, lang := range plenary.Languages {
			if !c.Has(lang, key) {
				t.Errorf("%s lacks %q, used at %s", lang, key, where[0])
			}
		}
	}
}

// TestNegotiate picks a language from Accept-Language, falling back to English.
func TestNegotiate(t *testing.T) {
	c := load(t)
	for header, want := range map[string]string{
		"":                        "en",
		"ar-EG,ar;q=0.9":          "ar",
		"zh-TW":                   "zh",
		"es-419,es;q=0.9":         "es",
		"de-DE,de;q=0.9":          "en",
		"de-DE,fr;q=0.5":          "fr",
		"ru":                      "ru",
		"fr-CA,en;q=0.8":          "fr",
		"garbage;;;":              "en",
		"en-GB,en;q=0.9,ar;q=0.8": "en",
	} {
		if got := c.Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", header, got, want)
		}
	}
}
