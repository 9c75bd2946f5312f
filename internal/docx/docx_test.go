package docx_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
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
	en.ParagraphIn("fr", "جزئياً")
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
		{{"جزئياً", true}}, // the tanween stays with its letter
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

// readScript prints, as JSON, what python-docx reads of each document named on its command
// line: properties, styles, paragraphs with their runs, tables, the section's direction
// and the footer's field.
const readScript = `
import sys, json, docx
from docx.oxml.ns import qn

def attr(el, child, name):
    if el is None:
        return None
    c = el.find(qn(child))
    return None if c is None else c.get(qn(name))

def paragraph(p):
    pPr = p._p.pPr
    runs = []
    for r in p.runs:
        rPr = r._element.rPr
        runs.append({'text': r.text, 'bold': r.bold,
            'rtl': rPr is not None and rPr.find(qn('w:rtl')) is not None,
            'lang': attr(rPr, 'w:lang', 'w:val'), 'lang_east_asia': attr(rPr, 'w:lang', 'w:eastAsia'),
            'lang_bidi': attr(rPr, 'w:lang', 'w:bidi'),
            'font_east_asia': attr(rPr, 'w:rFonts', 'w:eastAsia'), 'font_cs': attr(rPr, 'w:rFonts', 'w:cs')})
    return {'text': p.text, 'style': p.style.name,
        'bidi': pPr is not None and pPr.find(qn('w:bidi')) is not None, 'runs': runs}

out = []
for path in sys.argv[1:]:
    d = docx.Document(path)
    cp = d.core_properties
    tables = []
    for t in d.tables:
        tblPr = t._tbl.tblPr
        tables.append({'style': t.style.name,
            'bidi_visual': tblPr.find(qn('w:bidiVisual')) is not None,
            'header_repeated': [tr.trPr is not None and tr.trPr.find(qn('w:tblHeader')) is not None for tr in t._tbl.tr_lst],
            'rows': [[paragraph(c.paragraphs[0]) for c in row.cells] for row in t.rows]})
    footer = d.sections[0].footer
    out.append({
        'title': cp.title, 'author': cp.author, 'language': cp.language,
        'created': cp.created.strftime('%Y-%m-%dT%H:%M:%S') if cp.created else None,
        'styles': sorted(s.name for s in d.styles),
        'paragraphs': [paragraph(p) for p in d.paragraphs],
        'tables': tables,
        'section_bidi': d.sections[0]._sectPr.find(qn('w:bidi')) is not None,
        'footer_fields': [i.text for i in footer._element.xpath('.//w:instrText')],
    })
print(json.dumps(out, ensure_ascii=False))
`

type pyRun struct {
	Text         string  `json:"text"`
	Bold         *bool   `json:"bold"`
	RTL          bool    `json:"rtl"`
	Lang         *string `json:"lang"`
	LangEastAsia *string `json:"lang_east_asia"`
	LangBidi     *string `json:"lang_bidi"`
	FontEastAsia *string `json:"font_east_asia"`
	FontComplex  *string `json:"font_cs"`
}

type pyParagraph struct {
	Text  string  `json:"text"`
	Style string  `json:"style"`
	Bidi  bool    `json:"bidi"`
	Runs  []pyRun `json:"runs"`
}

type pyDocument struct {
	Title, Author, Language, Created string
	Styles                           []string
	Paragraphs                       []pyParagraph
	Tables                           []struct {
		Style          string          `json:"style"`
		BidiVisual     bool            `json:"bidi_visual"`
		HeaderRepeated []bool          `json:"header_repeated"`
		Rows           [][]pyParagraph `json:"rows"`
	}
	SectionBidi  bool     `json:"section_bidi"`
	FooterFields []string `json:"footer_fields"`
}

func str(p *string) string {
	if p == nil {
		return "<none>"
	}
	return *p
}

// TestInPythonDocx reads the documents with an independent library (Debian's
// python3-docx): what it finds of texts, styles, directions, languages, fonts, tables and
// properties.
func TestInPythonDocx(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import docx").Run(); err != nil {
		if os.Getenv("CI") != "" || os.Getenv("PLENARY_TEST_BROWSER") != "" {
			t.Fatal("python3-docx is missing: .ci/run installs it")
		}
		t.Skip("python3-docx is not installed (apt-get install python3-docx)")
	}
	dir := t.TempDir()
	var paths []string
	for _, d := range []struct {
		name string
		doc  *docx.Document
	}{{"ar", arabicReport()}, {"zh", chineseReport()}, {"en", englishReport()}} {
		path := filepath.Join(dir, d.name+".docx")
		if err := os.WriteFile(path, write(t, d.doc), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	cmd := exec.Command(py, append([]string{"-c", readScript}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, stderr.Bytes())
	}
	var docs []pyDocument
	if err := json.Unmarshal(out, &docs); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(docs) != 3 {
		t.Fatalf("%d documents read", len(docs))
	}
	ar, zh, en := docs[0], docs[1], docs[2]

	for _, d := range docs {
		if d.Author != "plenary" || d.Created != "2026-03-01T12:00:00" {
			t.Errorf("properties: author %q, created %q", d.Author, d.Created)
		}
		for _, s := range []string{"Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "List Bullet", "Note", "Table Grid", "Footer"} {
			if !slices.Contains(d.Styles, s) {
				t.Errorf("no style %q in %q", s, d.Styles)
			}
		}
		if !slices.Equal(d.FooterFields, []string{" PAGE "}) {
			t.Errorf("footer fields %q", d.FooterFields)
		}
		for _, tb := range d.Tables {
			if tb.Style != "Table Grid" {
				t.Errorf("table style %q", tb.Style)
			}
		}
	}
	styles := func(d pyDocument) []string {
		var out []string
		for _, p := range d.Paragraphs {
			out = append(out, p.Style)
		}
		return out
	}
	cells := func(rows [][]pyParagraph) [][]string {
		var out [][]string
		for _, r := range rows {
			var row []string
			for _, c := range r {
				row = append(row, c.Text)
			}
			out = append(out, row)
		}
		return out
	}

	t.Run("Arabic", func(t *testing.T) {
		if ar.Title != "تقرير الاستقصاء الوطني" || ar.Language != "ar-SA" || !ar.SectionBidi {
			t.Errorf("title %q, language %q, section right to left %v", ar.Title, ar.Language, ar.SectionBidi)
		}
		if got, want := styles(ar), []string{"Title", "Heading 1", "Normal", "List Bullet", "Normal", "Note"}; !slices.Equal(got, want) {
			t.Errorf("styles %q, want %q", got, want)
		}
		for i, p := range ar.Paragraphs {
			french := strings.HasPrefix(p.Text, "Réponse")
			if p.Bidi == french {
				t.Errorf("paragraph %d %q: right to left %v", i, p.Text, p.Bidi)
			}
			for _, r := range p.Runs {
				switch {
				case french && (str(r.Lang) != "fr-FR" || r.RTL || r.FontComplex != nil):
					t.Errorf("French run %+v", r)
				case !french && (str(r.Lang) != "ar-SA" || str(r.LangBidi) != "ar-SA" || str(r.FontComplex) != "Noto Naskh Arabic"):
					t.Errorf("Arabic run %+v", r)
				case !french && r.RTL == (r.Text == "A/RES/76/19"):
					t.Errorf("run %q: right to left %v", r.Text, r.RTL)
				}
			}
		}
		if len(ar.Tables) != 1 {
			t.Fatalf("%d tables", len(ar.Tables))
		}
		tb := ar.Tables[0]
		if got, want := cells(tb.Rows), [][]string{{"الدولة", "الإجابة"}, {"فرنسا", "نعم"}, {"مصر", "لا"}}; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("cells %q", got)
		}
		if !tb.BidiVisual || !slices.Equal(tb.HeaderRepeated, []bool{true, false, false}) {
			t.Errorf("table right to left %v, header repeated %v", tb.BidiVisual, tb.HeaderRepeated)
		}
		for i, row := range tb.Rows {
			for _, c := range row {
				if !c.Bidi || len(c.Runs) != 1 || !c.Runs[0].RTL || (c.Runs[0].Bold != nil && *c.Runs[0].Bold) != (i == 0) {
					t.Errorf("row %d, cell %+v", i, c)
				}
			}
		}
	})

	t.Run("Chinese", func(t *testing.T) {
		if zh.Title != "国家调查" || zh.Language != "zh-CN" || zh.SectionBidi {
			t.Errorf("title %q, language %q, section right to left %v", zh.Title, zh.Language, zh.SectionBidi)
		}
		if got, want := styles(zh), []string{"Title", "Heading 2", "Normal", "List Bullet", "Normal"}; !slices.Equal(got, want) {
			t.Errorf("styles %q, want %q", got, want)
		}
		if zh.Paragraphs[2].Text != "各国对“信息和通信技术安全”的看法。" {
			t.Errorf("text %q", zh.Paragraphs[2].Text)
		}
		runs := slices.Clone(zh.Paragraphs[2].Runs)
		for _, c := range zh.Tables[0].Rows {
			for _, p := range c {
				runs = append(runs, p.Runs...)
			}
		}
		for _, p := range zh.Paragraphs {
			if p.Bidi {
				t.Errorf("paragraph %q right to left", p.Text)
			}
		}
		for _, r := range runs {
			if str(r.Lang) != "zh-CN" || str(r.LangEastAsia) != "zh-CN" || str(r.FontEastAsia) != "Noto Serif CJK SC" || r.RTL {
				t.Errorf("Chinese run %+v", r)
			}
		}
		if got := cells(zh.Tables[0].Rows); !slices.EqualFunc(got, [][]string{{"国家", "答复"}, {"中国", "是"}}, slices.Equal) || zh.Tables[0].BidiVisual {
			t.Errorf("cells %q, right to left %v", got, zh.Tables[0].BidiVisual)
		}
	})

	t.Run("English", func(t *testing.T) {
		if en.Title != "Synthesis "+special || en.Language != "en-GB" || en.SectionBidi {
			t.Errorf("title %q, language %q, section right to left %v", en.Title, en.Language, en.SectionBidi)
		}
		want := []struct {
			style, text, lang string
			bidi              bool
		}{
			{"Title", "Synthesis of the national surveys", "en-GB", false},
			{"Heading 1", "Answers", "en-GB", false},
			{"Heading 3", "Question 1", "en-GB", false},
			{"Normal", special, "en-GB", false},
			{"Normal", "First line\nsecond line\tafter a tab\n", "en-GB", false},
			{"Normal", "La France a répondu « oui ».", "fr-FR", false},
			{"Normal", "أجابت مصر بنعم.", "ar-SA", true},
			{"Normal", "Statement by مصر today", "en-GB", false},
			{"List Bullet", "One", "en-GB", false},
			{"List Bullet", "Two", "en-GB", false},
			{"Normal", "", "", false}, // between the two tables, which Word would join
			{"Note", "Compiled by the Secretariat.", "en-GB", false},
		}
		if len(en.Paragraphs) != len(want) {
			t.Fatalf("%d paragraphs, want %d: %+v", len(en.Paragraphs), len(want), en.Paragraphs)
		}
		for i, w := range want {
			p := en.Paragraphs[i]
			if p.Style != w.style || p.Text != w.text || p.Bidi != w.bidi {
				t.Errorf("paragraph %d: %q %q right to left %v, want %q %q %v", i, p.Style, p.Text, p.Bidi, w.style, w.text, w.bidi)
			}
			for _, r := range p.Runs {
				if str(r.Lang) != w.lang {
					t.Errorf("paragraph %d: run %q in %s, want %s", i, r.Text, str(r.Lang), w.lang)
				}
				if rtl := strings.ContainsAny(r.Text, "مصر"); r.RTL != rtl {
					t.Errorf("paragraph %d: run %q right to left %v", i, r.Text, r.RTL)
				}
			}
		}
		if len(en.Tables) != 2 {
			t.Fatalf("%d tables", len(en.Tables))
		}
		if got, want := cells(en.Tables[0].Rows), [][]string{{"State", "Answer", ""}, {"France", "Yes", ""}, {"Egypt", "No", "a third cell"}, {"Brazil", "", ""}}; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("cells %q, want %q", got, want)
		}
		if got := cells(en.Tables[1].Rows); !slices.EqualFunc(got, [][]string{{"a table", "without a header"}}, slices.Equal) ||
			!slices.Equal(en.Tables[1].HeaderRepeated, []bool{false}) || en.Tables[0].BidiVisual {
			t.Errorf("second table %q, header %v", got, en.Tables[1].HeaderRepeated)
		}
	})
	if t.Failed() {
		t.Logf("python-docx read: %s", out)
	}
}
