// Package docx writes the Word documents (Office Open XML, .docx) plenary generates: a
// State's answers to a national survey, follow-up reports, the synthesis a Chair
// circulates, the map of cooperation.
//
// A Document has a main language, one of the six, which gives its text a language, a
// direction and fonts: Arabic documents are right to left (their section, paragraphs,
// runs and tables) with a complex-script font; Chinese ones have an East Asian font.
// A paragraph may be in another language than the document's (ParagraphIn): a State's
// answer in French inside an Arabic report is left to right and French.
//
// Text is what people wrote, and is written whole: escaped for XML, never cut; control
// characters other than tab and newline are dropped, and the bidirectional embeddings,
// overrides and isolates a line leaves open are closed at its end, as the end of a line
// closes them in plain text, so that they cannot reorder what follows.
//
// The package is pure: blocks are kept in memory and WriteTo writes the package, with
// nothing read from the clock: the same document gives the same bytes.
package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// Document is a Word document being built, block after block. The methods that add a
// block keep the first mistake (a language that is not one of the six, a heading level
// other than 1 to 3), which WriteTo returns.
type Document struct {
	lang   string
	props  Properties
	blocks []block
	err    error
}

// Properties are the document's properties (docProps/core.xml); its creator is
// "plenary".
type Properties struct {
	Title string
	// Created is when the document was made, passed in so that the same document gives
	// the same bytes; the zero time writes none.
	Created time.Time
}

type kind int

const (
	kindParagraph kind = iota
	kindTitle
	kindHeading
	kindBullet
	kindNote
	kindTable
)

type block struct {
	kind   kind
	level  int    // headings: 1 to 3
	lang   string // paragraphs: their language
	text   string
	header []string
	rows   [][]string
}

// New starts a document whose main language is lang, one of plenary.Languages.
func New(lang string) *Document {
	d := &Document{lang: lang}
	if !plenary.ValidLanguage(lang) {
		d.fail(fmt.Errorf("docx: the document's language %q is not one of %v", lang, plenary.Languages))
		d.lang = plenary.DefaultLanguage
	}
	return d
}

func (d *Document) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// SetProperties sets the document's title and time of creation.
func (d *Document) SetProperties(p Properties) { d.props = p }

// Title adds the document's title (the Title style).
func (d *Document) Title(text string) {
	d.blocks = append(d.blocks, block{kind: kindTitle, lang: d.lang, text: text})
}

// Heading adds a heading of level 1, 2 or 3.
func (d *Document) Heading(level int, text string) {
	if level < 1 || level > 3 {
		d.fail(fmt.Errorf("docx: heading level %d: levels are 1, 2 and 3", level))
		level = min(max(level, 1), 3)
	}
	d.blocks = append(d.blocks, block{kind: kindHeading, level: level, lang: d.lang, text: text})
}

// Paragraph adds a paragraph of plain text in the document's language; each newline in
// text starts a new line within the paragraph.
func (d *Document) Paragraph(text string) { d.ParagraphIn(d.lang, text) }

// ParagraphIn adds a paragraph in another language than the document's, lang (one of
// plenary.Languages): its direction and language are lang's.
func (d *Document) ParagraphIn(lang, text string) {
	if !plenary.ValidLanguage(lang) {
		d.fail(fmt.Errorf("docx: a paragraph's language %q is not one of %v", lang, plenary.Languages))
		lang = d.lang
	}
	d.blocks = append(d.blocks, block{kind: kindParagraph, lang: lang, text: text})
}

// Bullet adds an item of a bulleted list (the List Bullet style).
func (d *Document) Bullet(text string) {
	d.blocks = append(d.blocks, block{kind: kindBullet, lang: d.lang, text: text})
}

// Note adds a note: a paragraph in small italics (the Note style).
func (d *Document) Note(text string) {
	d.blocks = append(d.blocks, block{kind: kindNote, lang: d.lang, text: text})
}

// Table adds a table with a grid: header is its first row, in bold and repeated at the
// top of each page (none when header is empty), then rows. The table has as many columns
// as its longest row; shorter rows end with empty cells. A table without a cell adds
// nothing. In a right-to-left document the first column is on the right.
func (d *Document) Table(header []string, rows [][]string) {
	d.blocks = append(d.blocks, block{kind: kindTable, lang: d.lang,
		header: append([]string(nil), header...), rows: cloneRows(rows)})
}

func cloneRows(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append([]string(nil), r...)
	}
	return out
}

// WriteTo writes the document as a .docx package to w. It returns the first mistake made
// while building the document, if any, without writing anything.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// The parts' times are the document's, or the zip format's first day: the same
	// document gives the same bytes.
	modified := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	if c := d.props.Created.UTC(); c.After(modified) {
		modified = c
	}
	for _, p := range d.parts() {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return 0, err
		}
		if _, err := io.WriteString(f, p.data); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.WriteTo(w)
}

type part struct{ name, data string }

func (d *Document) parts() []part {
	return []part{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", packageRelsXML},
		{"docProps/core.xml", d.coreXML()},
		{"docProps/app.xml", appXML},
		{"word/document.xml", d.documentXML()},
		{"word/styles.xml", stylesXML(d.lang)},
		{"word/settings.xml", settingsXML(d.lang)},
		{"word/numbering.xml", numberingXML},
		{"word/fontTable.xml", fontTableXML},
		{"word/footer1.xml", d.footerXML()},
		{"word/_rels/document.xml.rels", documentRelsXML},
	}
}

func (d *Document) rtl() bool { return plenary.Direction(d.lang) == "rtl" }

// documentXML is word/document.xml: the blocks, then the section.
func (d *Document) documentXML() string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	for i, bl := range d.blocks {
		switch bl.kind {
		case kindTitle:
			paragraph(&b, para{style: "Title", lang: bl.lang}, bl.text)
		case kindHeading:
			paragraph(&b, para{style: "Heading" + strconv.Itoa(bl.level), lang: bl.lang}, bl.text)
		case kindParagraph:
			paragraph(&b, para{lang: bl.lang}, bl.text)
		case kindBullet:
			paragraph(&b, para{style: "ListBullet", lang: bl.lang, bullet: true}, bl.text)
		case kindNote:
			paragraph(&b, para{style: "Note", lang: bl.lang}, bl.text)
		case kindTable:
			if !table(&b, bl, d.rtl()) {
				continue
			}
			// Word joins a table to the next one, and wants a paragraph between a table
			// and the end of the document.
			if i == len(d.blocks)-1 || d.blocks[i+1].kind == kindTable {
				paragraph(&b, para{lang: d.lang}, "")
			}
		}
	}
	b.WriteString(`<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>`)
	b.WriteString(`<w:pgSz w:w="11906" w:h="16838"/>`) // A4
	b.WriteString(`<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="709" w:footer="709" w:gutter="0"/>`)
	b.WriteString(`<w:cols w:space="708"/>`)
	if d.rtl() {
		b.WriteString(`<w:bidi/>`)
	}
	b.WriteString(`<w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>`)
	return b.String()
}

// textWidth is the width between the margins, in twentieths of a point.
const textWidth = 11906 - 2*1440

// table writes a table block; it reports false when the table has no cell.
func table(b *strings.Builder, bl block, rtl bool) bool {
	cols := len(bl.header)
	for _, r := range bl.rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return false
	}
	width := textWidth / cols
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>`)
	if rtl {
		b.WriteString(`<w:bidiVisual/>`)
	}
	b.WriteString(`<w:tblW w:w="5000" w:type="pct"/>`)
	b.WriteString(`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, width)
	}
	b.WriteString(`</w:tblGrid>`)
	row := func(cells []string, header bool) {
		b.WriteString(`<w:tr>`)
		if header {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for c := range cols {
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, width)
			if header {
				b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>`)
			}
			b.WriteString(`</w:tcPr>`)
			text := ""
			if c < len(cells) {
				text = cells[c]
			}
			paragraph(b, para{lang: bl.lang, bold: header}, text)
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	if len(bl.header) > 0 {
		row(bl.header, true)
	}
	for _, r := range bl.rows {
		row(r, false)
	}
	b.WriteString(`</w:tbl>`)
	return true
}

// para is how a paragraph is written.
type para struct {
	style  string // the paragraph style's ID; Normal when empty
	lang   string
	bullet bool
	bold   bool
}

// paragraph writes one paragraph of text: its lines separated by line breaks, each line
// in runs of one direction (segments), tabs as tabs.
func paragraph(b *strings.Builder, p para, text string) {
	rtl := plenary.Direction(p.lang) == "rtl"
	b.WriteString(`<w:p>`)
	if p.style != "" || p.bullet || rtl {
		b.WriteString(`<w:pPr>`)
		if p.style != "" {
			b.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
		}
		if p.bullet {
			b.WriteString(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`)
		}
		if rtl {
			b.WriteString(`<w:bidi/>`)
		}
		b.WriteString(`</w:pPr>`)
	}
	for i, line := range lines(text) {
		if i > 0 {
			b.WriteString(`<w:r>`)
			runProperties(b, p, false)
			b.WriteString(`<w:br/></w:r>`)
		}
		for _, s := range segments(line, rtl) {
			b.WriteString(`<w:r>`)
			runProperties(b, p, s.rtl)
			for j, piece := range strings.Split(s.text, "\t") {
				if j > 0 {
					b.WriteString(`<w:tab/>`)
				}
				if piece != "" {
					b.WriteString(`<w:t xml:space="preserve">`)
					escape(b, piece)
					b.WriteString(`</w:t>`)
				}
			}
			b.WriteString(`</w:r>`)
		}
	}
	b.WriteString(`</w:p>`)
}

// runProperties writes a run's w:rPr, its elements in the order the schema wants: the
// font of the paragraph's language's script, bold, direction, language.
func runProperties(b *strings.Builder, p para, rtl bool) {
	b.WriteString(`<w:rPr>`)
	switch p.lang {
	case "zh":
		b.WriteString(`<w:rFonts w:eastAsia="` + fontEastAsia + `" w:hint="eastAsia"/>`)
	case "ar":
		b.WriteString(`<w:rFonts w:cs="` + fontComplex + `"/>`)
	}
	if p.bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if rtl {
		b.WriteString(`<w:rtl/>`)
	}
	b.WriteString(runLang(p.lang))
	b.WriteString(`</w:rPr>`)
}

// runLang is the w:lang of a run in lang: Word reads w:val for text in Latin and Cyrillic
// letters, w:eastAsia for Chinese characters, w:bidi for Arabic letters.
func runLang(lang string) string {
	tag := languageTags[lang]
	switch lang {
	case "zh":
		return `<w:lang w:val="` + tag + `" w:eastAsia="` + tag + `"/>`
	case "ar":
		return `<w:lang w:val="` + tag + `" w:bidi="` + tag + `"/>`
	}
	return `<w:lang w:val="` + tag + `"/>`
}

// languageTags are the languages as Word names them (the region is required).
var languageTags = map[string]string{
	"ar": "ar-SA", "zh": "zh-CN", "en": "en-GB", "fr": "fr-FR", "ru": "ru-RU", "es": "es-ES",
}

// footerXML is the footer: the page number, centred.
func (d *Document) footerXML() string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="Footer"/>`)
	if d.rtl() {
		b.WriteString(`<w:bidi/>`)
	}
	b.WriteString(`<w:jc w:val="center"/></w:pPr>`)
	rPr := func() {
		b.WriteString(`<w:rPr>` + runLang(d.lang) + `</w:rPr>`)
	}
	for _, r := range []string{
		`<w:fldChar w:fldCharType="begin"/>`,
		`<w:instrText xml:space="preserve"> PAGE </w:instrText>`,
		`<w:fldChar w:fldCharType="separate"/>`,
		`<w:t>1</w:t>`,
		`<w:fldChar w:fldCharType="end"/>`,
	} {
		b.WriteString(`<w:r>`)
		rPr()
		b.WriteString(r + `</w:r>`)
	}
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}

// coreXML is docProps/core.xml: title, creator, language, times.
func (d *Document) coreXML() string {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	if d.props.Title != "" {
		b.WriteString(`<dc:title>`)
		escape(&b, strings.Join(lines(d.props.Title), " "))
		b.WriteString(`</dc:title>`)
	}
	b.WriteString(`<dc:creator>plenary</dc:creator><cp:lastModifiedBy>plenary</cp:lastModifiedBy>`)
	b.WriteString(`<dc:language>` + languageTags[d.lang] + `</dc:language>`)
	if !d.props.Created.IsZero() {
		t := d.props.Created.UTC().Format("2006-01-02T15:04:05Z")
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>`)
		b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified>`)
	}
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

// escape writes s as XML character data.
func escape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		default:
			b.WriteRune(r)
		}
	}
}
