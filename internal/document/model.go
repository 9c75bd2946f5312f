package document

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
)

// Kind is the type of a document, in the UN's own terms.
type Kind string

const (
	KindAgenda              Kind = "agenda"
	KindProgrammeOfWork     Kind = "programme_of_work"
	KindWorkingPaper        Kind = "working_paper"
	KindConferenceRoomPaper Kind = "conference_room_paper"
	KindReport              Kind = "report"
	KindInformationNote     Kind = "information_note"
	KindNoteVerbale         Kind = "note_verbale"
	KindStatement           Kind = "statement"
	KindWrittenInput        Kind = "written_input"
	// KindNationalSubmission is a State's submission to a report of the Secretary-General,
	// such as its answers to the national survey of implementation.
	KindNationalSubmission Kind = "national_submission"
)

// Kinds lists the types in the order pages offer them.
var Kinds = []Kind{KindAgenda, KindProgrammeOfWork, KindWorkingPaper, KindConferenceRoomPaper, KindReport,
	KindInformationNote, KindNoteVerbale, KindStatement, KindWrittenInput, KindNationalSubmission}

// Status says whether a document is still negotiated (a draft, whose revisions follow) or
// final.
type Status string

const (
	StatusDraft Status = "draft"
	StatusFinal Status = "final"
)

// Statuses lists the statuses.
var Statuses = []Status{StatusDraft, StatusFinal}

// Access says who may read a document once it is published.
type Access string

const (
	AccessPublic Access = "public" // anyone, signed in or not, and the open-data export
	AccessStates Access = "states" // State delegations and Points of Contact, the Chair, the Secretariat
	AccessClosed Access = "closed" // the Chair and the Secretariat
)

// Accesses lists the access levels, widest first.
var Accesses = []Access{AccessPublic, AccessStates, AccessClosed}

// Document is one document under one symbol, with its language versions.
type Document struct {
	ID        int64
	BodyID    int64
	SessionID int64 // 0 when it belongs to no session
	Symbol    string
	// Series is the symbol without revision, addendum or corrigendum: a draft and its
	// revisions share it.
	Series           string
	Kind             Kind
	Status           Status
	Access           Access
	OriginalLanguage string
	// PublishedAt is when the document is (or will be) public to those its access lets
	// read it; zero while the Secretariat has not published it.
	PublishedAt time.Time
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Texts are the language versions present, in the order of plenary.Languages.
	Texts []Text
}

// Text is a language version of a document.
type Text struct {
	Language string
	Title    string
	// Body is the plain text: a draft's paragraphs are cut from its original-language
	// body, and search reads every body.
	Body      string
	PDF       *files.File // the description only (no data), nil when absent
	DOCX      *files.File
	UpdatedAt time.Time
}

// Text returns the language version in lang, if any.
func (d Document) Text(lang string) (Text, bool) {
	for _, t := range d.Texts {
		if t.Language == lang {
			return t, true
		}
	}
	return Text{}, false
}

// Title returns the title in lang, or else in the original language, or else the symbol,
// with the language used ("" for the symbol).
func (d Document) Title(lang string) (title, used string) {
	if t, ok := d.Text(lang); ok && t.Title != "" {
		return t.Title, lang
	}
	if t, ok := d.Text(d.OriginalLanguage); ok && t.Title != "" {
		return t.Title, d.OriginalLanguage
	}
	for _, t := range d.Texts {
		if t.Title != "" {
			return t.Title, t.Language
		}
	}
	return d.Symbol, ""
}

// Has reports whether the document is issued in lang: a language version with a file or
// a text.
func (d Document) Has(lang string) bool {
	t, ok := d.Text(lang)
	return ok && (t.PDF != nil || t.DOCX != nil || strings.TrimSpace(t.Body) != "")
}

// Languages lists the languages the document is issued in.
func (d Document) Languages() []string {
	var out []string
	for _, l := range plenary.Languages {
		if d.Has(l) {
			out = append(out, l)
		}
	}
	return out
}

// Complete reports whether the document is issued in all six languages.
func (d Document) Complete() bool { return len(d.Languages()) == len(plenary.Languages) }

// Published reports whether the document is public (to those its access lets in) at now.
func (d Document) Published(now time.Time) bool {
	return !d.PublishedAt.IsZero() && !d.PublishedAt.After(now)
}

// Version names the document's place in its series: a zero draft, a revision, the final
// text, or an original that is not a draft.
type Version struct {
	Kind string // "zero_draft", "revision", "final" or "original"
	N    int    // the revision's number
}

// Version tells which version of its series the document is.
func (d Document) Version() Version {
	sym, err := ParseSymbol("symbol", d.Symbol)
	rev := 0
	if err == nil {
		rev = sym.Revision()
	}
	switch {
	case d.Status == StatusFinal:
		return Version{Kind: "final", N: rev}
	case rev > 0:
		return Version{Kind: "revision", N: rev}
	case d.Status == StatusDraft:
		return Version{Kind: "zero_draft"}
	}
	return Version{Kind: "original"}
}

// Input is what the Secretariat sets when it registers or changes a document.
type Input struct {
	BodyID           int64
	SessionID        int64
	Symbol           string
	Kind             Kind
	Status           Status
	Access           Access
	OriginalLanguage string
	// Title is the title in the original language, required at registration.
	Title string
}

func (in *Input) normalize() {
	in.Symbol = strings.TrimSpace(in.Symbol)
	in.Title = strings.TrimSpace(in.Title)
	if in.Status == "" {
		in.Status = StatusFinal
	}
	if in.Access == "" {
		in.Access = AccessPublic
	}
	if in.OriginalLanguage == "" {
		in.OriginalLanguage = plenary.DefaultLanguage
	}
}

// MaxTitle and MaxBody bound a language version's title and text: the longest UN report
// is well under a million characters.
const (
	MaxTitle = 500
	MaxBody  = 2_000_000
	// MaxFile bounds an uploaded PDF or DOCX.
	MaxFile = 20 << 20
	// MaxQuery bounds the words a search of the registry looks for, in characters.
	MaxQuery = 500
)

func (in Input) check(p *plenary.Problems, registering bool) (Symbol, bool) {
	sym, err := ParseSymbol("symbol", in.Symbol)
	if err != nil {
		var v *plenary.ValidationError
		if errors.As(err, &v) {
			for _, f := range v.Fields {
				p.Add(f.Field, f.Message, f.Args)
			}
		}
	}
	p.OneOf("kind", string(in.Kind), kindStrings()...)
	p.OneOf("status", string(in.Status), string(StatusDraft), string(StatusFinal))
	p.OneOf("access", string(in.Access), string(AccessPublic), string(AccessStates), string(AccessClosed))
	if !plenary.ValidLanguage(in.OriginalLanguage) {
		p.Add("original_language", "field.language", nil)
	}
	if registering && p.Required("title", in.Title) {
		p.MaxLength("title", in.Title, MaxTitle)
	}
	return sym, err == nil
}

func kindStrings() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}

// ValidKind reports whether k is a known type.
func ValidKind(k Kind) bool { return slices.Contains(Kinds, k) }

// TextInput is a language version as the Secretariat uploads it. A nil file leaves the
// stored one; RemovePDF and RemoveDOCX take one away.
type TextInput struct {
	Language   string
	Title      string
	Body       string
	PDF        *files.Upload
	DOCX       *files.Upload
	RemovePDF  bool
	RemoveDOCX bool
}

// Filter narrows a list of documents.
type Filter struct {
	BodyID    int64
	SessionID int64
	Kind      Kind
	// Query is a full-text search in any of the six languages; Language is the reader's,
	// which decides how a query in Latin script is analysed.
	Query    string
	Language string
}

// Paragraphs are a draft's paragraphs, with the keys that follow them across versions.
type Paragraphs = []draft.Paragraph

// compareSymbols orders symbols as ParseSymbol's Compare does (CRP.2 before CRP.10, an
// original before its revisions), falling back to text for a symbol that does not parse.
func compareSymbols(a, b string) int {
	sa, ea := ParseSymbol("symbol", a)
	sb, eb := ParseSymbol("symbol", b)
	if ea != nil || eb != nil {
		return strings.Compare(a, b)
	}
	return Compare(sa, sb)
}

func symbolAfter(a, b string) bool { return compareSymbols(a, b) > 0 }

// sortSeries puts a series in version order: the zero draft, Rev.1, Rev.2…
func sortSeries(ds []Document) {
	slices.SortStableFunc(ds, func(a, b Document) int { return compareSymbols(a.Symbol, b.Symbol) })
}
