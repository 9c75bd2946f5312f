package framework_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
)

const sample = "\ufeffcode,parent,kind,source,paragraph,mark,title_en,title_fr,text_en\n" +
	"norms,,pillar,,,,Norms of responsible State behaviour,Normes,\n" +
	"norm.c,norms,norm,A/70/174,13 (c),,\"Do not knowingly allow your territory to be used for wrongful acts\",,\"States should not knowingly allow their territory to be used for internationally wrongful acts using ICTs.\"\n" +
	"norm.c.action.1,norm.c,action,,,placeholder,Placeholder action 1 for norm (c),,\n" +
	"\n" +
	"cbm.1,,cbm,A/78/265,,reconstructed,\"Nominate national Points of Contact\",,\n"

func TestParse(t *testing.T) {
	es, err := framework.Parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 4 {
		t.Fatalf("%d elements, want 4 (the empty row skipped)", len(es))
	}
	c := es[1]
	if c.Code != "norm.c" || c.Parent != "norms" || c.Kind != "norm" || c.SourceSymbol != "A/70/174" || c.SourceParagraph != "13 (c)" ||
		!strings.HasPrefix(c.Texts["en"], "States should not") || c.Titles["fr"] != "" {
		t.Errorf("norm (c): %+v", c)
	}
	if es[2].Mark != framework.Placeholder || es[3].Mark != framework.Reconstructed || es[3].Position != 3 {
		t.Errorf("marks and positions: %+v %+v", es[2], es[3])
	}
	// A language without a title stays without one: completeness shows it.
	comp := framework.CompletenessOf(es)
	if comp["en"] != 1 || comp["fr"] != 0.25 || comp["ar"] != 0 {
		t.Errorf("completeness %v", comp)
	}
	// Written and read back, the same.
	var buf bytes.Buffer
	if err := framework.WriteCSV(&buf, es); err != nil {
		t.Fatal(err)
	}
	again, err := framework.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if d := framework.Diff(es, again); len(d) != 0 {
		t.Errorf("round trip changed %v", d)
	}
}

// TestParseProblems: every problem of a file names its line and, where it has one, the
// element; nothing is taken from a file with a problem.
func TestParseProblems(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       []string // message keys, in order
		line       int      // the first problem's line
	}{
		{"unknown column", "code,kind,title_en,colour\nx,norm,X,red\n", []string{"framework.import.unknown_column"}, 1},
		{"no kind column", "code,title_en\nx,X\n", []string{"framework.import.missing_column"}, 1},
		{"bad code", "code,kind,title_en\nnorm.c,norm,C\nNorm C!,norm,C\n", []string{"framework.import.code_format"}, 3},
		{"code twice", "code,kind,title_en\nnorm.c,norm,C\nnorm.c,norm,Again\n", []string{"framework.import.code_twice"}, 3},
		{"no title", "code,kind,title_en,title_fr\nnorm.c,norm,,\n", []string{"framework.import.title_required"}, 2},
		{"text without title", "code,kind,title_en,text_fr\nnorm.c,norm,C,Texte\n", []string{"framework.import.text_without_title"}, 2},
		{"unknown parent", "code,parent,kind,title_en\nnorm.c,norms,norm,C\n", []string{"framework.import.no_parent"}, 2},
		{"loop", "code,parent,kind,title_en\na,b,x,A\nb,a,x,B\n", []string{"framework.import.loop", "framework.import.loop"}, 2},
		{"bad mark", "code,kind,mark,title_en\nnorm.c,norm,guess,C\n", []string{"framework.import.mark"}, 2},
		{"paragraph without source", "code,kind,paragraph,title_en\nnorm.c,norm,13,C\n", []string{"framework.import.paragraph_without_source"}, 2},
		{"unreadable", "code,kind,title_en\nnorm.c,norm,\"C\n", []string{"framework.import.unreadable"}, 2},
		{"empty", "code,kind,title_en\n", []string{"framework.import.empty"}, 0},
		{"not UTF-8", "code,kind,title_en\nnorm.c,norm,\xff\n", []string{"framework.import.not_utf8"}, 0},
		{"multi-line title", "code,kind,title_en\nnorm.c,norm,\"two\nlines\"\n", []string{"framework.import.title_format"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es, err := framework.Parse(strings.NewReader(tc.file))
			v, ok := err.(*plenary.ValidationError)
			if !ok || es != nil {
				t.Fatalf("got %v, %v; want problems", es, err)
			}
			var got []string
			for _, f := range v.Fields {
				got = append(got, f.Message)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Fatalf("problems %v, want %v", got, tc.want)
			}
			if tc.line != 0 && v.Fields[0].Args["Line"] != tc.line {
				t.Errorf("line %v, want %d", v.Fields[0].Args["Line"], tc.line)
			}
		})
	}
	// A file with many mistakes reports the first twenty and how many more.
	var b strings.Builder
	b.WriteString("code,kind,title_en\n")
	for range 30 {
		b.WriteString("BAD CODE,norm,X\n")
	}
	_, err := framework.Parse(strings.NewReader(b.String()))
	v, _ := err.(*plenary.ValidationError)
	if v == nil || len(v.Fields) != 21 || v.Fields[20].Message != "framework.import.more" || v.Fields[20].Args["Count"] != 10 {
		t.Errorf("many problems: %v", err)
	}
}

func TestTreeAndDiff(t *testing.T) {
	es := []framework.Element{
		{Code: "norms", Kind: "pillar", Titles: plenary.Localized{"en": "Norms"}},
		{Code: "norm.a", Parent: "norms", Kind: "norm", Titles: plenary.Localized{"en": "A"}},
		{Code: "cbms", Kind: "pillar", Titles: plenary.Localized{"en": "CBMs"}},
		{Code: "norm.a.action.1", Parent: "norm.a", Kind: "action", Titles: plenary.Localized{"en": "A1"}},
	}
	var got []string
	for _, n := range framework.Tree(es) {
		got = append(got, strings.Repeat(">", n.Depth)+n.Code)
	}
	if want := "norms >norm.a >>norm.a.action.1 cbms"; strings.Join(got, " ") != want {
		t.Errorf("tree %v, want %s", got, want)
	}
	if under := framework.Under(es, "norms"); len(under) != 2 || under[1].Code != "norm.a.action.1" {
		t.Errorf("under norms: %v", under)
	}
	next := append([]framework.Element(nil), es[:2]...)
	next[1].Titles = plenary.Localized{"en": "A, as amended"}
	next = append(next, framework.Element{Code: "norm.b", Parent: "norms", Kind: "norm", Titles: plenary.Localized{"en": "B"}})
	var changes []string
	for _, d := range framework.Diff(es, next) {
		changes = append(changes, string(d.Change)+" "+d.Code)
	}
	if want := "edited norm.a, added norm.b, removed cbms, removed norm.a.action.1"; strings.Join(changes, ", ") != want {
		t.Errorf("diff %v, want %s", changes, want)
	}
}
