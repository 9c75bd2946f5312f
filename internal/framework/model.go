// Package framework holds the frameworks the process measures itself against, as data:
// the framework of responsible State behaviour (its pillars, the eleven norms and the
// voluntary checklist of practical actions, the global confidence-building measures, the
// capacity-building principles), and any other list the Secretariat adopts (the
// capacity-building topics, the map's public-policy issues). A framework is a tree of
// elements with stable codes ("norm.c", "norm.c.action.2"), texts in the six languages
// and the source each comes from, kept in versions: a version once published never
// changes, so that what a State answered against it keeps its meaning when a new one is
// adopted. The Secretariat edits a draft version, or imports it from a spreadsheet
// (CSV), and publishes it; everyone reads published versions.
package framework

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// Framework is a list the process keeps, in versions.
type Framework struct {
	ID        int64
	Code      string // in addresses: "ict-security"
	Names     plenary.Localized
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Name names the framework in lang.
func (f Framework) Name(lang string) string { return f.Names.Text(lang) }

// Status is where a version stands.
type Status string

const (
	Draft     Status = "draft"     // the Secretariat's, being edited
	Published Status = "published" // everyone's, never changed again
)

// Version is one state of a framework's elements.
type Version struct {
	ID          int64
	FrameworkID int64
	Number      int // 1, 2, …
	Status      Status
	Note        string // what changed, in the Secretariat's words
	CreatedAt   time.Time
	CreatedBy   int64
	PublishedAt time.Time
	PublishedBy int64
}

// Mark says how far an element's text can be trusted, where it is not the agreed text.
type Mark string

const (
	Agreed        Mark = ""              // as the source says it
	Reconstructed Mark = "reconstructed" // recalled from the source, to be checked against it
	Placeholder   Mark = "placeholder"   // stands in for text not yet available
)

// Marks are the marks an element may carry.
var Marks = []Mark{Agreed, Reconstructed, Placeholder}

// Element is a node of a framework: a pillar, a norm, an action of the checklist, a
// confidence-building measure, a principle, a topic, an issue.
type Element struct {
	ID        int64
	VersionID int64
	// Code names the element in every version: answers and links refer to it.
	Code string
	// Parent is the code of the element this one belongs to ("" at the top).
	Parent string
	// Kind says what the element is ("pillar", "norm", "action", "cbm", "principle",
	// "topic", "issue"…): a word of the framework, not of the code.
	Kind     string
	Position int // order among the version's elements
	Titles   plenary.Localized
	Texts    plenary.Localized // the element's text, when it says more than its title
	// Source is where the element comes from: a document's symbol and the paragraph in it.
	SourceSymbol    string
	SourceParagraph string
	Mark            Mark
}

// Title is the element's title in lang, and the language it is in (another language when
// lang has none: the page says so, rather than pretending it was translated).
func (e Element) Title(lang string) (string, string) { return e.Titles.In(lang) }

// Limits of what a framework holds.
const (
	MaxCode      = 80
	MaxKind      = 30
	MaxTitle     = 500
	MaxText      = 5000
	MaxSymbol    = 100
	MaxParagraph = 40
	MaxNote      = 2000
	MaxName      = 300
	MaxElements  = 2000
	MaxDepth     = 6
	// MaxFrameworkCode bounds a framework's code (frameworkCodeRE).
	MaxFrameworkCode = 40
)

var (
	// A code is words of lower-case letters, digits and dashes, joined by dots.
	codeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$`)
	kindRE = regexp.MustCompile(`^[a-z][a-z_]*$`)
	// A framework's code is one such word, as it goes in an address.
	frameworkCodeRE = regexp.MustCompile(`^[a-z][a-z0-9-]{1,` + strconv.Itoa(MaxFrameworkCode-1) + `}$`)
)

// ValidCode reports whether s may be an element's code.
func ValidCode(s string) bool { return len(s) <= MaxCode && codeRE.MatchString(s) }

// Completeness is how much of a version is written in each language: the share of its
// elements that have a title in it.
type Completeness map[string]float64

// CompletenessOf counts, for each of the six languages, the elements titled in it.
func CompletenessOf(es []Element) Completeness {
	out := Completeness{}
	for _, lang := range plenary.Languages {
		n := 0
		for _, e := range es {
			if strings.TrimSpace(e.Titles[lang]) != "" {
				n++
			}
		}
		if len(es) > 0 {
			out[lang] = float64(n) / float64(len(es))
		}
	}
	return out
}

// Tree returns the elements in the order of the tree: each element followed by its
// children, in their positions.
func Tree(es []Element) []Node {
	children := map[string][]Element{}
	for _, e := range es {
		children[e.Parent] = append(children[e.Parent], e)
	}
	var out []Node
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, e := range children[parent] {
			out = append(out, Node{Element: e, Depth: depth})
			walk(e.Code, depth+1)
		}
	}
	walk("", 0)
	return out
}

// Node is an element with its depth in the tree (0 at the top).
type Node struct {
	Element
	Depth int
}

// Under returns the elements below code (its children, theirs, …), in tree order.
func Under(es []Element, code string) []Element {
	var out []Element
	for _, n := range Tree(es) {
		for p := n.Parent; p != ""; p = parentOf(es, p) {
			if p == code {
				out = append(out, n.Element)
				break
			}
		}
	}
	return out
}

func parentOf(es []Element, code string) string {
	for _, e := range es {
		if e.Code == code {
			return e.Parent
		}
	}
	return ""
}
