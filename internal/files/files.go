// Package files holds uploaded files (letters on letterhead, statements, documents): what
// an upload may be, checked by its content rather than its name or declared type.
package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
)

// File is a stored file.
type File struct {
	ID          int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	Data        []byte // empty when only the description was read
	CreatedBy   int64
	CreatedAt   time.Time
}

// Upload is a file as received.
type Upload struct {
	Name string
	Data []byte
}

// Kind is a kind of file a field accepts. Kinds are values: compare them with ==.
type Kind struct {
	Name        string // shown to people: "PDF", "DOCX"
	ContentType string // stored and served
	Extension   string // given to the stored name
	format      format
}

type format int

const (
	formatPDF format = iota + 1
	formatDOCX
)

// PDF is the Portable Document Format.
var PDF = Kind{Name: "PDF", ContentType: "application/pdf", Extension: ".pdf", format: formatPDF}

// DOCX is a Word document (Office Open XML WordprocessingML) without macros.
var DOCX = Kind{
	Name:        "DOCX",
	ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	Extension:   ".docx",
	format:      formatDOCX,
}

// verdict is what a content check found.
type verdict int

const (
	accepted  verdict = iota
	otherKind         // not this kind at all: perhaps another accepted kind
	damaged           // claims to be this kind but is truncated, malformed or unsafe to open
	encrypted         // protected by a password
	macros            // a document carrying macros
)

// claims reports whether data presents itself as k (its signature), before the full check.
func (k Kind) claims(data []byte) bool {
	switch k.format {
	case formatPDF:
		return pdfHeader(data)
	case formatDOCX:
		return bytes.HasPrefix(data, zipMagic)
	}
	return false
}

// verify checks data, which claims to be k, in depth.
func (k Kind) verify(data []byte) verdict {
	switch k.format {
	case formatPDF:
		return checkPDF(data)
	case formatDOCX:
		return checkDOCX(data)
	}
	return otherKind
}

// executables are the first bytes of programs and scripts: such a file is refused whatever
// else it contains (a program may carry a PDF header in its first kilobyte).
var executables = [][]byte{
	[]byte("MZ"),               // Windows PE
	[]byte("\x7fELF"),          // Linux
	[]byte("\xfe\xed\xfa\xce"), // Mach-O
	[]byte("\xfe\xed\xfa\xcf"),
	[]byte("\xce\xfa\xed\xfe"),
	[]byte("\xcf\xfa\xed\xfe"),
	[]byte("\xca\xfe\xba\xbe"), // Mach-O universal, Java class
	[]byte("#!"),               // scripts
}

func executable(data []byte) bool {
	for _, m := range executables {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	return false
}

// Check validates an upload for field: present, not larger than max, of kind by its
// content (a renamed executable is refused whatever its name says), with a sensible name.
// It returns the file to store.
func Check(p *plenary.Problems, field string, u Upload, kind Kind, max int64) (File, bool) {
	return CheckAny(p, field, u, max, kind)
}

// CheckAny is Check for a field that accepts several kinds (at least one): the content says
// which one the upload is, and the file is stored as that kind. When it is none of them
// the problem names them all ("field.file_types" with Types "PDF, DOCX"; "field.file_type"
// with Type when there is one kind).
func CheckAny(p *plenary.Problems, field string, u Upload, max int64, kinds ...Kind) (File, bool) {
	if len(kinds) == 0 {
		panic("files: CheckAny without a kind")
	}
	if len(u.Data) == 0 {
		p.Add(field, "field.file_required", nil)
		return File{}, false
	}
	if int64(len(u.Data)) > max {
		p.Add(field, "field.file_too_large", map[string]any{"Max": max / (1 << 20), "Count": max / (1 << 20)})
		return File{}, false
	}
	var kind Kind
	found := false
	if !executable(u.Data) {
		for _, k := range kinds {
			if k.claims(u.Data) {
				kind, found = k, true
				break
			}
		}
	}
	v := otherKind
	if found {
		v = kind.verify(u.Data)
	}
	switch v {
	case accepted:
	case damaged:
		p.Add(field, "field.file_damaged", map[string]any{"Type": kind.Name})
		return File{}, false
	case encrypted:
		p.Add(field, "field.file_encrypted", nil)
		return File{}, false
	case macros:
		p.Add(field, "field.file_macro", nil)
		return File{}, false
	default:
		if len(kinds) == 1 {
			p.Add(field, "field.file_type", map[string]any{"Type": kinds[0].Name})
		} else {
			names := make([]string, len(kinds))
			for i, k := range kinds {
				names[i] = k.Name
			}
			p.Add(field, "field.file_types", map[string]any{"Types": strings.Join(names, ", ")})
		}
		return File{}, false
	}
	name := cleanName(u.Name, kind.Extension)
	sum := sha256.Sum256(u.Data)
	return File{Name: name, ContentType: kind.ContentType, Size: int64(len(u.Data)), SHA256: hex.EncodeToString(sum[:]), Data: u.Data}, true
}

// cleanName keeps the base of a name, without path, control characters or odd length, and
// with the kind's extension.
func cleanName(name, ext string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' || !utf8.ValidRune(r) {
			continue
		}
		b.WriteRune(r)
	}
	name = strings.TrimSpace(b.String())
	if r := []rune(name); len(r) > 120 {
		name = string(r[:120])
	}
	if name == "" || name == "." || name == ".." {
		name = "file"
	}
	if !strings.EqualFold(filepath.Ext(name), ext) {
		name += ext
	}
	return name
}
