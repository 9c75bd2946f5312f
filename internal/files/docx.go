package files

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Bounds on a Word document's package, checked from its central directory before anything
// is decompressed: a zip bomb is refused without being inflated.
const (
	// MaxEntries is the most parts a DOCX may have (a long report with images has a few
	// hundred).
	MaxEntries = 2000
	// MaxUnpacked is the most a DOCX's parts may declare in total, uncompressed.
	MaxUnpacked = 100 << 20
	// maxXMLPart bounds what is read of the part list and of the main document's start.
	maxXMLPart = 4 << 20
)

var zipMagic = []byte("PK\x03\x04")

const (
	contentTypesPart = "[content_types].xml" // part names compare without case
	documentPart     = "word/document.xml"
	wordMain         = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	vbaContentType   = "application/vnd.ms-office.vbaproject"
)

// Namespaces of WordprocessingML's root element: transitional and strict.
var wordNamespaces = map[string]bool{
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main": true,
	"http://purl.oclc.org/ooxml/wordprocessingml/main":             true,
}

// checkDOCX opens the package as a zip, within bounds, and wants a Word main document
// declared as such, without macros.
func checkDOCX(data []byte) verdict {
	if !bytes.HasPrefix(data, zipMagic) {
		return otherKind
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return damaged
	}
	if len(zr.File) > MaxEntries {
		return damaged
	}
	parts := make(map[string]*zip.File, len(zr.File))
	var total uint64
	macro := false
	for _, f := range zr.File {
		if !safeName(f.Name) {
			return damaged
		}
		if f.Flags&0x1 != 0 { // traditional or strong encryption
			return encrypted
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return damaged
		}
		total += f.UncompressedSize64
		if f.UncompressedSize64 > MaxUnpacked || total > MaxUnpacked {
			return damaged
		}
		key := strings.ToLower(f.Name)
		if _, dup := parts[key]; dup { // two readers could see two different documents
			return damaged
		}
		parts[key] = f
		if path.Base(key) == "vbaproject.bin" {
			macro = true
		}
	}
	if macro {
		return macros
	}
	ct, doc := parts[contentTypesPart], parts[documentPart]
	if ct == nil || doc == nil {
		return otherKind
	}
	if v := checkContentTypes(ct); v != accepted {
		return v
	}
	return checkDocumentRoot(doc)
}

// safeName refuses names that would escape a folder or mean different things on different
// systems: absolute, with "..", empty or "." segments, backslashes, drive letters, NUL.
func safeName(name string) bool {
	if name == "" || strings.ContainsAny(name, "\\\x00") || strings.Contains(strings.SplitN(name, "/", 2)[0], ":") {
		return false
	}
	return fs.ValidPath(strings.TrimSuffix(name, "/"))
}

// checkContentTypes reads [Content_Types].xml: the main document must be declared as
// WordprocessingML's, and no part may be declared as macros.
func checkContentTypes(f *zip.File) verdict {
	rc, err := f.Open()
	if err != nil {
		return damaged
	}
	defer rc.Close()
	var types struct {
		XMLName  xml.Name `xml:"Types"`
		Defaults []struct {
			Extension   string `xml:"Extension,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName    string `xml:"PartName,attr"`
			ContentType string `xml:"ContentType,attr"`
		} `xml:"Override"`
	}
	if err := xml.NewDecoder(io.LimitReader(rc, maxXMLPart)).Decode(&types); err != nil {
		return damaged
	}
	var all []string
	main := ""
	for _, d := range types.Defaults {
		all = append(all, d.ContentType)
		if strings.EqualFold(d.Extension, "xml") && main == "" {
			main = d.ContentType
		}
	}
	for _, o := range types.Overrides {
		all = append(all, o.ContentType)
		if strings.EqualFold(o.PartName, "/"+documentPart) {
			main = o.ContentType
		}
	}
	for _, c := range all {
		c = strings.ToLower(strings.TrimSpace(c))
		if strings.Contains(c, "macroenabled") || c == vbaContentType {
			return macros
		}
	}
	if !strings.EqualFold(strings.TrimSpace(main), wordMain) {
		return otherKind
	}
	return accepted
}

// checkDocumentRoot reads the start of word/document.xml: its root must be WordprocessingML's
// document element.
func checkDocumentRoot(f *zip.File) verdict {
	rc, err := f.Open()
	if err != nil {
		return damaged
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxXMLPart))
	for {
		tok, err := dec.Token()
		if err != nil {
			return damaged
		}
		if se, ok := tok.(xml.StartElement); ok {
			if se.Name.Local == "document" && wordNamespaces[se.Name.Space] {
				return accepted
			}
			return otherKind
		}
	}
}
