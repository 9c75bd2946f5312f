package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/docx"
	"github.com/plenary-platform/plenary/internal/files"
)

var created = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// Texts with everything XML and a page could trip on.
const (
	special  = `<b>Fish & "chips"</b> l'été > 2 &amp;`
	controls = "a\x00b\x01c\x07d\x1be\x7ff\u0085g\u009fh"
)

// arabicReport is a State's answers in Arabic, with a French answer and a document
// symbol inside Arabic text.
func arabicReport() *docx.Document {
	d := docx.New("ar")
	d.SetProperties(docx.Properties{Title: "تقرير الاستقصاء الوطني", Created: created})
	d.Title("تقرير الاستقصاء الوطني")
	d.Heading(1, "الجزء الأول")
	d.Paragraph("القرار A/RES/76/19 المؤرخ 6 كانون الأول/ديسمبر 2021")
	d.Bullet("نقطة الاتصال")
	d.Table([]string{"الدولة", "الإجابة"}, [][]string{{"فرنسا", "نعم"}, {"مصر", "لا"}})
	d.ParagraphIn("fr", "Réponse de la France : oui.")
	d.Note("ملاحظة: هذه الإجابات أولية.")
	return d
}

func chineseReport() *docx.Document {
	d := docx.New("zh")
	d.SetProperties(docx.Properties{Title: "国家调查", Created: created})
	d.Title("国家调查")
	d.Heading(2, "信息和通信技术安全")
	d.Paragraph("各国对“信息和通信技术安全”的看法。")
	d.Bullet("联络点")
	d.Table([]string{"国家", "答复"}, [][]string{{"中国", "是"}})
	return d
}

// englishReport quotes answers in French and in Arabic.
func englishReport() *docx.Document {
	d := docx.New("en")
	d.SetProperties(docx.Properties{Title: "Synthesis " + special, Created: created})
	d.Title("Synthesis of the national surveys")
	d.Heading(1, "Answers")
	d.Heading(3, "Question 1")
	d.Paragraph(special)
	d.Paragraph("First line\r\nsecond line\tafter a tab\n")
	d.ParagraphIn("fr", "La France a répondu « oui ».")
	d.ParagraphIn("ar", "أجابت مصر بنعم.")
	d.Paragraph("Statement by مصر today")
	d.Bullet("One")
	d.Bullet("Two")
	d.Table([]string{"State", "Answer"}, [][]string{{"France", "Yes"}, {"Egypt", "No", "a third cell"}, {"Brazil"}})
	d.Table(nil, [][]string{{"a table", "without a header"}})
	d.Note("Compiled by the Secretariat.")
	return d
}

func write(t *testing.T, d *docx.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := d.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Errorf("WriteTo said %d bytes, wrote %d", n, b.Len())
	}
	return b.Bytes()
}

// unzip returns the package's parts by name, in the zip's order.
func unzip(t *testing.T, data []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
		names = append(names, f.Name)
	}
	return parts, names
}

// wellFormed decodes a part to its end.
func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func TestPackage(t *testing.T) {
	for name, d := range map[string]*docx.Document{"ar": arabicReport(), "zh": chineseReport(), "en": englishReport()} {
		t.Run(name, func(t *testing.T) {
			parts, names := unzip(t, write(t, d))
			want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
				"word/document.xml", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
				"word/fontTable.xml", "word/footer1.xml", "word/_rels/document.xml.rels"}
			if !slices.Equal(names, want) {
				t.Errorf("parts %q, want %q", names, want)
			}
			for n, data := range parts {
				if err := wellFormed(data); err != nil {
					t.Errorf("%s: %v", n, err)
				}
			}
			// Every part but the content types and the relationships is declared, and
			// every relationship's target exists.
			types := string(parts["[Content_Types].xml"])
			for _, n := range names {
				if !strings.HasSuffix(n, ".rels") && n != "[Content_Types].xml" && !strings.Contains(types, `PartName="/`+n+`"`) {
					t.Errorf("%s has no content type", n)
				}
			}
			for rels, base := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word/"} {
				var r struct {
					Rel []struct {
						Target string `xml:",attr"`
					} `xml:"Relationship"`
				}
				if err := xml.Unmarshal(parts[rels], &r); err != nil {
					t.Fatal(err)
				}
				for _, x := range r.Rel {
					if parts[base+x.Target] == nil {
						t.Errorf("%s: the target %s is missing", rels, x.Target)
					}
				}
			}
			for _, s := range []string{`w:styleId="Title"`, `w:styleId="Heading1"`, `w:styleId="Heading2"`, `w:styleId="Heading3"`,
				`w:styleId="Normal"`, `w:styleId="ListBullet"`, `w:styleId="Note"`, `w:styleId="TableGrid"`} {
				if !bytes.Contains(parts["word/styles.xml"], []byte(s)) {
					t.Errorf("styles.xml lacks %s", s)
				}
			}
			if !bytes.Contains(parts["word/footer1.xml"], []byte("> PAGE <")) {
				t.Error("the footer has no PAGE field")
			}
			if !bytes.Contains(parts["docProps/core.xml"], []byte("<dc:creator>plenary</dc:creator>")) ||
				!bytes.Contains(parts["docProps/core.xml"], []byte(">2026-03-01T12:00:00Z</dcterms:created>")) {
				t.Errorf("core.xml: %s", parts["docProps/core.xml"])
			}
		})
	}
}

// run and paragraph are what the tests read back from word/document.xml.
type run struct {
	text string
	rtl  bool
	lang string
}

type paragraph struct {
	bidi bool
	runs []run
}

func (p paragraph) text() string {
	var b strings.Builder
	for _, r := range p.runs {
		b.WriteString(r.text)
	}
	return b.String()
}

// paragraphs reads the paragraphs of a document (those of table cells included), in order.
func paragraphs(t *testing.T, doc []byte) []paragraph {
	t.Helper()
	var out []paragraph
	var p *paragraph
	var r *run
	dec := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Space != nsW {
			continue
		}
		switch se.Name.Local {
		case "p":
			out = append(out, paragraph{})
			p, r = &out[len(out)-1], nil
		case "bidi":
			if p != nil {
				p.bidi = true
			}
		case "r":
			p.runs = append(p.runs, run{})
			r = &p.runs[len(p.runs)-1]
		case "rtl":
			r.rtl = true
		case "lang":
			for _, a := range se.Attr {
				if a.Name.Space == nsW && a.Name.Local == "val" {
					r.lang = a.Value
				}
			}
		case "br":
			r.text += "\n"
		case "tab":
			r.text += "\t"
		case "t":
			var s string
			if err := dec.DecodeElement(&s, &se); err != nil {
				t.Fatal(err)
			}
			r.text += s
		}
	}
}

func document(t *testing.T, d *docx.Document) []paragraph {
	t.Helper()
	parts, _ := unzip(t, write(t, d))
	return paragraphs(t, parts["word/document.xml"])
}

func TestText(t *testing.T) {
	d := docx.New("en")
	d.Paragraph(special)
	d.Paragraph(controls)
	d.Paragraph("one\r\ntwo\rthree\u2028four\tfive\n")
	d.Paragraph("  spaces kept  ")
	d.Paragraph("bad \xff UTF-8 \uffff")
	ps := document(t, d)
	for i, want := range []string{special, "abcdefgh", "one\ntwo\nthree\nfour\tfive\n", "  spaces kept  ", "bad \ufffd UTF-8 \ufffd"} {
		if got := ps[i].text(); got != want {
			t.Errorf("paragraph %d: %q, want %q", i, got, want)
		}
	}
}

// An override, an embedding or an isolate left open by a text is closed at the end of
// its line: it cannot reverse the next line nor anything else on the page.
func TestBidiControlsClosed(t *testing.T) {
	d := docx.New("en")
	d.Paragraph("evil \u202Ereversed")
	d.Paragraph("next")
	d.Paragraph("\u2067isolated \u202Bembedded\nsecond line\u202C\u2069")
	d.Paragraph("closed \u202Dalready\u202C")
	d.Table([]string{"\u202Ecell"}, nil)
	ps := document(t, d)
	for i, want := range []string{
		"evil \u202Ereversed\u202C",
		"next",
		"\u2067isolated \u202Bembedded\u202C\u2069\nsecond line\u202C\u2069", // stray closers are kept: the algorithm ignores them
		"closed \u202Dalready\u202C",
		"\u202Ecell\u202C",
	} {
		if got := ps[i].text(); got != want {
			t.Errorf("paragraph %d: %+q, want %+q", i, got, want)
		}
	}
}

// Runs follow the direction of their text: a document symbol in Arabic text is a
// left-to-right run, an Arabic name in English text a right-to-left one.
func TestRunDirections(t *testing.T) {
	type seg struct {
		text string
		rtl  bool
	}
	runsOf := func(p paragraph) []seg {
		var out []seg
		for _, r := range p.runs {
			out = append(out, seg{r.text, r.rtl})
		}
		return out
	}
	ar := docx.New("ar")
	ar.Paragraph("القرار A/RES/76/19 المؤرخ 2021")
	ar.Paragraph("(مصر) 42")
	ar.ParagraphIn("fr", "Réponse : oui.")
	en := docx.New("en")
	en.Paragraph("Statement by مصر today, 2026.")
	en.ParagraphIn("ar", "أجابت مصر بنعم.")
	got := [][]seg{}
	for _, p := range append(document(t, ar), document(t, en)...) {
		got = append(got, runsOf(p))
	}
	want := [][]seg{
		{{"القرار ", true}, {"A/RES/76/19", false}, {" المؤرخ 2021", true}},
		{{"(مصر) 42", true}},
		{{"Réponse : oui.", false}},
		{{"Statement by ", false}, {"مصر", true}, {" today, 2026.", false}},
		{{"أجابت مصر بنعم.", true}},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("runs:\n%+v\nwant:\n%+v", got, want)
	}
}

func TestDeterministic(t *testing.T) {
	for _, build := range []func() *docx.Document{arabicReport, chineseReport, englishReport} {
		if !bytes.Equal(write(t, build()), write(t, build())) {
			t.Error("the same document gave different bytes")
		}
	}
	d := englishReport()
	d.SetProperties(docx.Properties{Title: "Synthesis", Created: created.Add(time.Hour)})
	if bytes.Equal(write(t, d), write(t, englishReport())) {
		t.Error("another creation time gave the same bytes")
	}
}

func TestMistakes(t *testing.T) {
	for name, d := range map[string]*docx.Document{
		"language":      docx.New("de"),
		"heading":       func() *docx.Document { d := docx.New("en"); d.Heading(4, "x"); return d }(),
		"paragraph":     func() *docx.Document { d := docx.New("en"); d.ParagraphIn("EN", "x"); return d }(),
		"first mistake": func() *docx.Document { d := docx.New("en"); d.Heading(0, "x"); d.ParagraphIn("de", "x"); return d }(),
	} {
		var b bytes.Buffer
		n, err := d.WriteTo(&b)
		if err == nil || n != 0 || b.Len() != 0 {
			t.Errorf("%s: %d bytes written, error %v", name, n, err)
		}
		if name == "first mistake" && !strings.Contains(err.Error(), "heading level 0") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The Secretariat may upload a generated report as a document's DOCX: the upload check
// accepts it.
func TestAcceptedAsAnUpload(t *testing.T) {
	var p plenary.Problems
	if _, ok := files.Check(&p, "docx", files.Upload{Name: "report.docx", Data: write(t, arabicReport())}, files.DOCX, 10<<20); !ok {
		t.Errorf("refused: %v", p)
	}
}

// TestStandardLibraryOnly: the package imports the standard library and the project's
// root package, nothing else.
func TestStandardLibraryOnly(t *testing.T) {
	names, _ := filepath.Glob("*.go")
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p != "github.com/plenary-platform/plenary" && strings.Contains(strings.Split(p, "/")[0], ".") {
				t.Errorf("%s imports %s", name, p)
			}
		}
	}
}
