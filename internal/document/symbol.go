// Package document holds the documents of a body: their United Nations symbols, types,
// versions and language versions. This file is the symbol: pure, with no storage.
package document

import (
	"cmp"
	"strconv"
	"strings"
	"unicode"

	"github.com/plenary-platform/plenary"
)

// A United Nations document symbol names a document in every language: components
// separated by slashes, the first naming the principal organ ("A" the General Assembly,
// "S" the Security Council, "E" ECOSOC, "ST" the Secretariat…), the next ones the
// subsidiary body, session or year, and the document (ST/LIB/SER.B/5/Rev.5, "United
// Nations Document Series Symbols"). For example:
//
//	A/AC.292/2025/CRP.1        a conference room paper of the OEWG (A/AC.292) in 2025
//	A/AC.292/2025/CRP.1/Rev.1  its first revision
//	A/80/257                   a report to the 80th session of the General Assembly
//	A/RES/80/16                a resolution of the 80th session
//
// Revisions, addenda, corrigenda and amendments are trailing components ("Rev.1",
// "Add.2", "Corr.1", "Amend.1") of the document they change; Base is the symbol without
// them, which groups a document with its revisions.

// MaxSymbol bounds a symbol's length: the longest real ones are about 40 characters.
const MaxSymbol = 120

// Suffix is a trailing component that changes a document: a revision, an addendum…
type Suffix struct {
	Kind string // "Rev", "Add", "Corr" or "Amend"
	N    int    // 1, 2, …
}

func (s Suffix) String() string { return s.Kind + "." + strconv.Itoa(s.N) }

// suffixKinds are the suffixes, in the order they sort after a base symbol: an addendum
// follows the revisions of the same document, corrigenda and amendments come last.
var suffixKinds = []string{"Rev", "Add", "Corr", "Amend"}

// Symbol is a parsed document symbol.
type Symbol struct {
	Components []string // the base's components: "A", "AC.292", "2025", "CRP.1"
	Suffixes   []Suffix // in the order written: A/…/CRP.1/Add.1/Rev.1 is revision 1 of addendum 1
}

// Base is the symbol without its suffixes.
func (s Symbol) Base() string { return strings.Join(s.Components, "/") }

// String writes the symbol as the UN writes it.
func (s Symbol) String() string {
	var b strings.Builder
	b.WriteString(s.Base())
	for _, x := range s.Suffixes {
		b.WriteByte('/')
		b.WriteString(x.String())
	}
	return b.String()
}

// Revision is the number of the last revision (0 for the original).
func (s Symbol) Revision() int {
	for i := len(s.Suffixes) - 1; i >= 0; i-- {
		if s.Suffixes[i].Kind == "Rev" {
			return s.Suffixes[i].N
		}
	}
	return 0
}

// ParseSymbol reads a symbol as people type it: spaces around the slashes and at the ends
// are dropped, and a suffix's case is made the UN's ("rev.1" is "Rev.1"); otherwise the
// symbol is kept as typed, since its letters are part of it. An invalid symbol is a
// validation error of field.
func ParseSymbol(field, text string) (Symbol, error) {
	bad := func() (Symbol, error) { return Symbol{}, plenary.Invalid(field, "document.symbol_format", nil) }
	text = strings.TrimSpace(text)
	if text == "" {
		return Symbol{}, plenary.Invalid(field, "field.required", nil)
	}
	if len(text) > MaxSymbol {
		return bad()
	}
	parts := strings.Split(text, "/")
	var s Symbol
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if !component(p) {
			return bad()
		}
		if x, ok := suffix(p); ok && i > 0 {
			s.Suffixes = append(s.Suffixes, x)
			continue
		} else if looksLikeSuffix(p) {
			return bad() // "Rev.0", "Add.01"
		}
		if len(s.Suffixes) > 0 {
			return bad() // a base component after a suffix: A/Rev.1/80
		}
		s.Components = append(s.Components, p)
	}
	// The first component names the organ: capital letters only.
	if len(s.Components) < 2 || strings.IndexFunc(s.Components[0], func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return bad()
	}
	return s, nil
}

// component reports whether p is a well-formed component: letters of the Latin alphabet,
// digits, dots and hyphens, starting with a letter or digit, without two dots in a row.
func component(p string) bool {
	if p == "" || strings.Contains(p, "..") {
		return false
	}
	for i, r := range p {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case (r == '.' || r == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// looksLikeSuffix reports whether p is written as a suffix, well-formed or not.
func looksLikeSuffix(p string) bool {
	kind, _, ok := strings.Cut(p, ".")
	return ok && kindRank(strings.ToUpper(kind[:min(1, len(kind))])+strings.ToLower(kind[min(1, len(kind)):])) < len(suffixKinds)
}

// suffix reads "Rev.1", "rev.1", "Add.12"…
func suffix(p string) (Suffix, bool) {
	kind, num, ok := strings.Cut(p, ".")
	if !ok {
		return Suffix{}, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || num[0] == '0' {
		return Suffix{}, false
	}
	for _, k := range suffixKinds {
		if strings.EqualFold(kind, k) {
			return Suffix{Kind: k, N: n}, true
		}
	}
	return Suffix{}, false
}

// Compare orders symbols the way a list of documents reads: by base, component by
// component with numbers compared as numbers (CRP.2 before CRP.10, A/79 before A/80),
// then the original before its suffixes, revisions in order.
func Compare(a, b Symbol) int {
	for i := 0; i < len(a.Components) && i < len(b.Components); i++ {
		if c := natural(a.Components[i], b.Components[i]); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(len(a.Components), len(b.Components)); c != 0 {
		return c
	}
	for i := 0; i < len(a.Suffixes) && i < len(b.Suffixes); i++ {
		x, y := a.Suffixes[i], b.Suffixes[i]
		if c := cmp.Compare(kindRank(x.Kind), kindRank(y.Kind)); c != 0 {
			return c
		}
		if c := cmp.Compare(x.N, y.N); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a.Suffixes), len(b.Suffixes))
}

func kindRank(k string) int {
	for i, x := range suffixKinds {
		if x == k {
			return i
		}
	}
	return len(suffixKinds)
}

// natural compares two components by runs: runs of digits as numbers, the rest as text.
func natural(a, b string) int {
	for a != "" && b != "" {
		ra, rb := run(a), run(b)
		da, db := isDigit(ra[0]), isDigit(rb[0])
		var c int
		switch {
		case da && db:
			na, nb := strings.TrimLeft(ra, "0"), strings.TrimLeft(rb, "0")
			if c = cmp.Compare(len(na), len(nb)); c == 0 {
				c = strings.Compare(na, nb)
			}
		case da != db:
			c = -1 // numbers before letters, as in A/80 before A/AC.292
			if db {
				c = 1
			}
		default:
			c = strings.Compare(ra, rb)
		}
		if c != 0 {
			return c
		}
		a, b = a[len(ra):], b[len(rb):]
	}
	return cmp.Compare(len(a), len(b))
}

// run is the leading run of digits, or of other characters, of a non-empty s.
func run(s string) string {
	d := isDigit(s[0])
	i := 1
	for i < len(s) && isDigit(s[i]) == d {
		i++
	}
	return s[:i]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
