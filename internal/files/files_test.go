package files

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
)

const (
	contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="%s"/></Types>`
	relsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	documentXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:body><w:p><w:r><w:t>Statement of the delegation</w:t></w:r></w:p></w:body></w:document>`
	macroMain = "application/vnd.ms-word.document.macroEnabled.main+xml"
)

// part is one entry of a test package; raw entries are written as given (sizes and flags
// declared by the test, whatever the data).
type part struct {
	name string
	data string
	raw  *zip.FileHeader
}

func docxParts(mainType string) []part {
	return []part{
		{name: "[Content_Types].xml", data: fmt.Sprintf(contentTypesXML, mainType)},
		{name: "_rels/.rels", data: relsXML},
		{name: "word/document.xml", data: documentXML},
	}
}

func build(t *testing.T, parts ...part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.raw != nil {
			h := *p.raw
			h.Name = p.name
			w, err = zw.CreateRaw(&h)
		} else {
			w, err = zw.Create(p.name)
		}
		if err == nil {
			_, err = w.Write([]byte(p.data))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// deflated is a raw deflate entry for data declaring size as its uncompressed size.
func deflated(t *testing.T, data string, size uint64) (string, *zip.FileHeader) {
	t.Helper()
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	fw.Write([]byte(data))
	fw.Close()
	return b.String(), &zip.FileHeader{
		Method:             zip.Deflate,
		CRC32:              crc32.ChecksumIEEE([]byte(data)),
		CompressedSize64:   uint64(b.Len()),
		UncompressedSize64: size,
	}
}

// check runs CheckAny and returns the file, the message key ("" when accepted) and its
// arguments.
func check(t *testing.T, u Upload, kinds ...Kind) (File, string, map[string]any) {
	t.Helper()
	var p plenary.Problems
	f, ok := CheckAny(&p, "doc", u, 10<<20, kinds...)
	err := p.Err()
	if ok != (err == nil) {
		t.Fatalf("ok=%v but problems %v", ok, err)
	}
	if ok {
		return f, "", nil
	}
	var ve *plenary.ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Field != "doc" {
		t.Fatalf("problems = %v", err)
	}
	return f, ve.Fields[0].Message, ve.Fields[0].Args
}

func TestDOCXAccepted(t *testing.T) {
	data := build(t, docxParts(wordMain)...)
	f, msg, _ := check(t, Upload{Name: "Statement FRA.docx", Data: data}, DOCX)
	if msg != "" {
		t.Fatalf("a real DOCX refused: %s", msg)
	}
	if f.ContentType != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" || f.Name != "Statement FRA.docx" || f.Size != int64(len(data)) || len(f.SHA256) != 64 {
		t.Fatalf("file = %+v", f)
	}
	// Strict OOXML's namespace is WordprocessingML too.
	strict := docxParts(wordMain)
	strict[2].data = `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/></w:document>`
	if _, msg, _ := check(t, Upload{Name: "s.docx", Data: build(t, strict...)}, DOCX); msg != "" {
		t.Fatalf("a strict DOCX refused: %s", msg)
	}
}

func TestRenamedExecutableRefused(t *testing.T) {
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 200)...)
	// A program carrying a PDF header in its first kilobyte and an end marker: a polyglot.
	polyglot := append(append(append([]byte(nil), exe...), "%PDF-1.7\n"...), "%%EOF\n"...)
	// A self-extracting archive: a program with a Word package appended.
	sfx := append(append([]byte(nil), exe...), build(t, docxParts(wordMain)...)...)
	elf := []byte("\x7fELF\x02\x01\x01%PDF-1.4\n%%EOF")
	for _, c := range []struct {
		name  string
		data  []byte
		kinds []Kind
		want  string
	}{
		{"setup.docx", exe, []Kind{DOCX}, "field.file_type"},
		{"setup.pdf", exe, []Kind{PDF}, "field.file_type"},
		{"setup.pdf", polyglot, []Kind{PDF}, "field.file_type"},
		{"setup.docx", sfx, []Kind{DOCX}, "field.file_type"},
		{"run.pdf", elf, []Kind{PDF}, "field.file_type"},
		{"setup.pdf", exe, []Kind{PDF, DOCX}, "field.file_types"},
	} {
		_, msg, args := check(t, Upload{Name: c.name, Data: c.data}, c.kinds...)
		if msg != c.want {
			t.Errorf("%s (%d bytes) as %v: %q, want %q", c.name, len(c.data), c.kinds, msg, c.want)
		}
		if msg == "field.file_types" && args["Types"] != "PDF, DOCX" {
			t.Errorf("args = %v, want the kinds named", args)
		}
		if msg == "field.file_type" && args["Type"] != c.kinds[0].Name {
			t.Errorf("args = %v, want Type %s", args, c.kinds[0].Name)
		}
	}
}

func TestZipThatIsNotAWordDocument(t *testing.T) {
	noDocument := docxParts(wordMain)[:2]
	spreadsheet := docxParts("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
	template := docxParts("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")
	otherRoot := docxParts(wordMain)
	otherRoot[2].data = `<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`
	for name, parts := range map[string][]part{
		"plain zip":        {{name: "hello.txt", data: "hello"}},
		"no main document": noDocument,
		"no content types": docxParts(wordMain)[1:],
		"spreadsheet":      spreadsheet,
		"Word template":    template,
		"not Word XML":     otherRoot,
	} {
		if _, msg, _ := check(t, Upload{Name: "x.docx", Data: build(t, parts...)}, DOCX); msg != "field.file_type" {
			t.Errorf("%s: %q, want field.file_type", name, msg)
		}
	}
	// Not even a zip, or a zip cut short.
	whole := build(t, docxParts(wordMain)...)
	if _, msg, _ := check(t, Upload{Name: "x.docx", Data: []byte("plain text")}, DOCX); msg != "field.file_type" {
		t.Errorf("text: %q", msg)
	}
	if _, msg, _ := check(t, Upload{Name: "x.docx", Data: whole[:len(whole)/2]}, DOCX); msg != "field.file_damaged" {
		t.Errorf("truncated DOCX: %q, want field.file_damaged", msg)
	}
	broken := docxParts(wordMain)
	broken[0].data = "<Types><Override"
	if _, msg, _ := check(t, Upload{Name: "x.docx", Data: build(t, broken...)}, DOCX); msg != "field.file_damaged" {
		t.Errorf("broken content types: %q, want field.file_damaged", msg)
	}
}

func TestMacroDocumentRefused(t *testing.T) {
	vba := part{name: "word/vbaProject.bin", data: "\xd0\xcf\x11\xe0 macros"}
	withBin := append(docxParts(wordMain), vba)
	docm := append(docxParts(macroMain), vba)
	for name, parts := range map[string][]part{
		"docm":                     docm,
		"macro content type alone": docxParts(macroMain),
		"vbaProject.bin in a docx": withBin,
		"vbaProject.bin elsewhere": append(docxParts(wordMain), part{name: "customXml/VBAPROJECT.BIN", data: "x"}),
	} {
		if _, msg, _ := check(t, Upload{Name: "m.docx", Data: build(t, parts...)}, DOCX, PDF); msg != "field.file_macro" {
			t.Errorf("%s: %q, want field.file_macro", name, msg)
		}
	}
	// A vbaProject part declared only by its content type.
	declared := docxParts(wordMain)
	declared[0].data = strings.Replace(declared[0].data, "</Types>", `<Override PartName="/word/code.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>`, 1)
	if _, msg, _ := check(t, Upload{Name: "m.docx", Data: build(t, declared...)}, DOCX); msg != "field.file_macro" {
		t.Errorf("vbaProject content type: %q, want field.file_macro", msg)
	}
}

func TestZipBombRefusedFromItsDirectory(t *testing.T) {
	// The main document declares a terabyte: the start of it would pass the check, so
	// only the declared size can refuse it, before anything is inflated.
	data, h := deflated(t, documentXML, 1<<40)
	parts := docxParts(wordMain)
	parts[2] = part{name: "word/document.xml", data: data, raw: h}
	if _, msg, _ := check(t, Upload{Name: "bomb.docx", Data: build(t, parts...)}, DOCX); msg != "field.file_damaged" {
		t.Errorf("a part declaring 1 TB: %q, want field.file_damaged", msg)
	}
	// A size that would wrap the running total round to a small one.
	wrap, hw := deflated(t, "x", 1<<64-1)
	parts = append(docxParts(wordMain), part{name: "word/media/wrap.png", data: wrap, raw: hw})
	if _, msg, _ := check(t, Upload{Name: "bomb.docx", Data: build(t, parts...)}, DOCX); msg != "field.file_damaged" {
		t.Errorf("a part declaring 2^64-1 bytes: %q, want field.file_damaged", msg)
	}
	// Parts each under the bound, together over it.
	media1, h1 := deflated(t, "x", 60<<20)
	media2, h2 := deflated(t, "y", 60<<20)
	parts = append(docxParts(wordMain), part{name: "word/media/a.png", data: media1, raw: h1}, part{name: "word/media/b.png", data: media2, raw: h2})
	if _, msg, _ := check(t, Upload{Name: "bomb.docx", Data: build(t, parts...)}, DOCX); msg != "field.file_damaged" {
		t.Errorf("parts declaring 120 MB together: %q, want field.file_damaged", msg)
	}
	// Within the bound, the same shape is accepted.
	small1, hs := deflated(t, "x", 1)
	parts = append(docxParts(wordMain), part{name: "word/media/a.png", data: small1, raw: hs})
	if _, msg, _ := check(t, Upload{Name: "ok.docx", Data: build(t, parts...)}, DOCX); msg != "" {
		t.Errorf("a small media part: %q", msg)
	}
	// Too many parts.
	many := docxParts(wordMain)
	for i := len(many); i <= MaxEntries; i++ {
		many = append(many, part{name: fmt.Sprintf("word/media/%d.png", i)})
	}
	if _, msg, _ := check(t, Upload{Name: "many.docx", Data: build(t, many...)}, DOCX); msg != "field.file_damaged" {
		t.Errorf("%d parts: %q, want field.file_damaged", len(many), msg)
	}
	if _, msg, _ := check(t, Upload{Name: "many.docx", Data: build(t, many[:MaxEntries]...)}, DOCX); msg != "" {
		t.Errorf("%d parts: %q, want accepted", MaxEntries, msg)
	}
}

func TestUnsafeNamesRefused(t *testing.T) {
	for _, name := range []string{"../evil.txt", "word/../../evil.txt", "/etc/passwd", `..\..\evil.txt`, "C:/Windows/evil.dll", "word//x.xml", "./word/x.xml", "word/x\x00.xml"} {
		parts := append(docxParts(wordMain), part{name: name, data: "x"})
		if _, msg, _ := check(t, Upload{Name: "p.docx", Data: build(t, parts...)}, DOCX); msg != "field.file_damaged" {
			t.Errorf("entry %q: %q, want field.file_damaged", name, msg)
		}
	}
	// Two parts under one name (OPC names ignore case): two readers could see two documents.
	dup := append(docxParts(wordMain), part{name: "Word/Document.xml", data: `<w:document xmlns:w="x"/>`})
	if _, msg, _ := check(t, Upload{Name: "d.docx", Data: build(t, dup...)}, DOCX); msg != "field.file_damaged" {
		t.Errorf("duplicate part: %q, want field.file_damaged", msg)
	}
	// Folders are entries too, and fine.
	dirs := append(docxParts(wordMain), part{name: "word/media/"})
	if _, msg, _ := check(t, Upload{Name: "d.docx", Data: build(t, dirs...)}, DOCX); msg != "" {
		t.Errorf("a folder entry: %q", msg)
	}
}

func TestEncryptedEntryRefused(t *testing.T) {
	data, h := deflated(t, "secret", 6)
	h.Flags = 0x1
	parts := append(docxParts(wordMain), part{name: "word/media/secret.bin", data: data, raw: h})
	if _, msg, _ := check(t, Upload{Name: "e.docx", Data: build(t, parts...)}, DOCX); msg != "field.file_encrypted" {
		t.Errorf("encrypted entry: %q, want field.file_encrypted", msg)
	}
}

func TestPDF(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		want string
	}{
		{"minimal", "%PDF-1.7\nstatement\n%%EOF", ""},
		{"trailing whitespace", "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\r\n \x00\n", ""},
		{"header after a preamble", strings.Repeat("x", 1000) + "%PDF-1.4\n%%EOF\n", ""},
		{"end marker before an incremental update", "%PDF-1.4\n%%EOF\n" + strings.Repeat("x", 2000) + "\n%%EOF\n", ""},
		{"truncated", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R", "field.file_damaged"},
		{"truncated after an earlier end", "%PDF-1.4\n%%EOF\n1 0 obj << /Type", "field.file_damaged"},
		{"end marker too early", "%PDF-1.4\n%%EOF\n" + strings.Repeat(" ", 1100), "field.file_damaged"},
		{"header too late", strings.Repeat("x", 1020) + "%PDF-1.4\n%%EOF", "field.file_type"},
		{"no header", "Dear Sir,\n%%EOF", "field.file_type"},
	} {
		f, msg, args := check(t, Upload{Name: "l.pdf", Data: []byte(c.data)}, PDF)
		if msg != c.want {
			t.Errorf("%s: %q, want %q", c.name, msg, c.want)
		}
		if msg == "field.file_damaged" && args["Type"] != "PDF" {
			t.Errorf("%s: args %v", c.name, args)
		}
		if msg == "" && f.ContentType != "application/pdf" {
			t.Errorf("%s: content type %q", c.name, f.ContentType)
		}
	}
}

func TestCheckAnyStoresTheKindFound(t *testing.T) {
	docx := build(t, docxParts(wordMain)...)
	for _, c := range []struct {
		name, wantName, wantType string
		data                     []byte
	}{
		{"statement.pdf", "statement.pdf.docx", DOCX.ContentType, docx}, // the content decides, not the name
		{"statement.docx", "statement.docx.pdf", PDF.ContentType, []byte("%PDF-1.7\n%%EOF")},
	} {
		f, msg, _ := check(t, Upload{Name: c.name, Data: c.data}, PDF, DOCX)
		if msg != "" || f.Name != c.wantName || f.ContentType != c.wantType {
			t.Errorf("%s: %q %q %q", c.name, msg, f.Name, f.ContentType)
		}
	}
	// Check is CheckAny with one kind.
	var p plenary.Problems
	if _, ok := Check(&p, "doc", Upload{Name: "x.pdf", Data: docx}, PDF, 1<<20); ok || !p.Has("doc") {
		t.Errorf("a DOCX accepted as a PDF")
	}
}

func TestSizeAndPresence(t *testing.T) {
	if _, msg, _ := check(t, Upload{Name: "x.pdf"}, PDF); msg != "field.file_required" {
		t.Errorf("empty: %q", msg)
	}
	var p plenary.Problems
	if _, ok := Check(&p, "doc", Upload{Name: "x.pdf", Data: []byte("%PDF-1.7\n%%EOF")}, PDF, 10); ok || !p.Has("doc") {
		t.Errorf("a file over max accepted")
	}
	var ve *plenary.ValidationError
	if !errors.As(p.Err(), &ve) || ve.Fields[0].Message != "field.file_too_large" {
		t.Errorf("problems = %v", p.Err())
	}
}

func TestNameCleaned(t *testing.T) {
	docx := build(t, docxParts(wordMain)...)
	for in, want := range map[string]string{
		"../../etc/Report.docx":         "Report.docx",
		`C:\Users\delegate\Report.DOCX`: "Report.DOCX",
		"a\x00b\r\n\"c\".docx":          "abc.docx",
		"":                              "file.docx",
		"..":                            "file.docx",
		"note":                          "note.docx",
		strings.Repeat("é", 200):        strings.Repeat("é", 120) + ".docx",
	} {
		f, msg, _ := check(t, Upload{Name: in, Data: docx}, DOCX)
		if msg != "" || f.Name != want {
			t.Errorf("name %q: %q, want %q (%s)", in, f.Name, want, msg)
		}
	}
}
