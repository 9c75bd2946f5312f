// Package files holds uploaded files (letters on letterhead now; documents and
// statements later): what an upload may be, checked by its content rather than its name
// or declared type.
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

// Kind is a kind of file a field accepts.
type Kind struct {
	ContentType string
	Extension   string
	magic       []byte
}

// PDF is the Portable Document Format.
var PDF = Kind{ContentType: "application/pdf", Extension: ".pdf", magic: []byte("%PDF-")}

// Check validates an upload for field: present, not larger than max, of kind by its first
// bytes (a renamed executable is refused whatever its name says), with a sensible name.
// It returns the file to store.
func Check(p *plenary.Problems, field string, u Upload, kind Kind, max int64) (File, bool) {
	if len(u.Data) == 0 {
		p.Add(field, "field.file_required", nil)
		return File{}, false
	}
	if int64(len(u.Data)) > max {
		p.Add(field, "field.file_too_large", map[string]any{"Max": max / (1 << 20), "Count": max / (1 << 20)})
		return File{}, false
	}
	if !bytes.HasPrefix(u.Data, kind.magic) {
		p.Add(field, "field.file_type", map[string]any{"Type": strings.ToUpper(strings.TrimPrefix(kind.Extension, "."))})
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
	if name == "" || name == "." {
		name = "file"
	}
	if !strings.EqualFold(filepath.Ext(name), ext) {
		name += ext
	}
	return name
}
