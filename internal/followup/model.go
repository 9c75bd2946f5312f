// Package followup follows what a body's adopted reports ask of States: their
// recommendations and the confidence-building measures (CBMs), each kept as a commitment
// with its text in the six languages and its source (a paragraph of a report in the
// registry, or an element of a framework), and, State by State, what each State reports
// of its implementation over time.
//
// A State's report is a dated statement of its team's submitter: a status on the body's
// scale, a note, evidence (a link, a document of the registry, a file). Reports are never
// overwritten: each is a new one, and the history stays. Each report has a level of
// publication, as a survey's version has (private, States only, public): what a State has
// not published is sealed at rest under the server key (decision 23), and the person who
// reported is named only to the State's team and the Secretariat (decision 24). A State
// without a report the reader may read has "no report", which is not "not started".
package followup

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
)

// Kind is what a commitment is.
type Kind string

const (
	// Recommendation: a recommendation of an adopted report ("The OEWG recommends that").
	Recommendation Kind = "recommendation"
	// CBM: a confidence-building measure.
	CBM Kind = "cbm"
)

// Kinds are the kinds of commitment, in their order.
var Kinds = []Kind{Recommendation, CBM}

// Link ties a commitment to an element of a framework, by codes: "ict-security" and
// "norm.f". Codes outlive versions, so a link holds in the framework's next version.
type Link struct {
	Framework string `json:"framework"`
	Element   string `json:"element"`
}

// Source is where a commitment comes from: a paragraph of a document of the registry
// (DocumentID set), or an element of a framework version (FrameworkVersionID set).
type Source struct {
	DocumentID   int64
	Symbol       string // the document's symbol, or the element's source ("A/78/265")
	ParagraphKey string // the paragraph's identity in the registry (draft.Paragraph.Key)
	// ParagraphNumber is the paragraph's number as the document prints it ("30"), or its
	// place in the document when it prints none; for an element, the paragraph its
	// source names.
	ParagraphNumber    string
	FrameworkID        int64
	FrameworkVersionID int64
	ElementCode        string
	// Mark is the element's mark: a reconstructed text says so wherever it is shown.
	Mark framework.Mark
}

// Commitment is a recommendation or a CBM a body follows.
type Commitment struct {
	ID     int64
	BodyID int64
	// Code names the commitment in its body for good ("rec.30", "cbm.3"): addresses and
	// reports refer to it.
	Code string
	Kind Kind
	// Titles and Texts are in the languages they exist in: a language missing stays
	// missing, never filled with another's text.
	Titles    plenary.Localized
	Texts     plenary.Localized
	Source    Source
	Links     []Link
	Position  int
	CreatedAt time.Time
	CreatedBy int64
	UpdatedAt time.Time
}

// Title is the commitment's title in lang, and the language it is in ("" when it has
// none: pages show its code and text).
func (c Commitment) Title(lang string) (string, string) { return c.Titles.In(lang) }

// Text is the commitment's text in lang, and the language it is in.
func (c Commitment) Text(lang string) (string, string) { return c.Texts.In(lang) }

// Meaning is how the progress figures read a status.
type Meaning string

const (
	MeaningNone     Meaning = "none"     // nothing done yet
	MeaningProgress Meaning = "progress" // planned, under way
	MeaningDone     Meaning = "done"     // implemented
	MeaningNA       Meaning = "na"       // does not apply to the State
)

// Meanings are the meanings a status may have.
var Meanings = []Meaning{MeaningNone, MeaningProgress, MeaningDone, MeaningNA}

// Status is one step of a body's scale. "No report" is not a status: it is the absence
// of a report the reader may read.
type Status struct {
	Code    string
	Meaning Meaning
	Labels  plenary.Localized
}

// Label is the status's label in lang, and the language it is in.
func (s Status) Label(lang string) (string, string) { return s.Labels.In(lang) }

// Level is how far a report is published: the survey's levels, with the same readers
// (survey.ReadableLevels): private to the State's team (the Secretariat knows that it
// reported, and when), States only, public.
type Level = survey.Level

// The levels of publication.
const (
	Private    = survey.Private
	StatesOnly = survey.StatesOnly
	Public     = survey.Public
)

// Levels are the levels of publication, from the most private.
var Levels = survey.Levels

// Evidence is what supports a report: any of a link, a document of the registry, and a
// file.
type Evidence struct {
	URL        string `json:"url,omitempty"`
	DocumentID int64  `json:"document,omitempty"`
	FileID     int64  `json:"file,omitempty"`
	FileName   string `json:"file_name,omitempty"`
}

// Empty reports whether there is no evidence.
func (e Evidence) Empty() bool { return e.URL == "" && e.DocumentID == 0 && e.FileID == 0 }

// Report is one report of a State on one commitment, as a reader may read it.
type Report struct {
	ID           int64
	CommitmentID int64
	State        string
	Number       int // 1, 2, … for the State and the commitment
	Status       string
	Note         string
	NoteLanguage string
	Evidence     Evidence
	Level        Level
	// ReportedBy is the person who reported: named only to the State's team and the
	// Secretariat (zero for everyone else).
	ReportedBy int64
	ReportedAt time.Time
	LevelSetAt time.Time // when its level was last set (zero: never changed)
	// Withheld is set for a report the reader knows of without reading it: the
	// Secretariat, of a private report, knows that it was made and when; its status, note
	// and evidence are empty.
	Withheld bool
}

// Limits of what follow-up holds.
const (
	MaxTitle    = 500      // a commitment's title, in one language
	MaxText     = 10000    // a commitment's text, in one language
	MaxNote     = 2000     // a report's note
	MaxLink     = 2000     // a report's evidence link
	MaxFile     = 10 << 20 // a report's evidence file
	MaxLinks    = 20       // a commitment's links to framework elements
	MaxElements = 500      // elements followed at once
	MaxStatuses = 12       // statuses in a scale
	MaxLabel    = 100      // a status's label, in one language
	MaxMonths   = 120      // the longest timeline
	MaxStatus   = 40       // a status's code (statusCodeRE)
)

// statusCodeRE is the form of a status's code.
var statusCodeRE = regexp.MustCompile(`^[a-z][a-z_]{0,` + strconv.Itoa(MaxStatus-1) + `}$`)

// ValidStatusCode reports whether s may be a status's code.
func ValidStatusCode(s string) bool { return statusCodeRE.MatchString(s) }

// KnowsWithheld tells whether actor learns of private reports it may not read (that they
// exist, when, and who made them): the Secretariat, which follows who reported.
func KnowsWithheld(actor plenary.Actor) bool { return actor.IsSecretariat() }

// Read is what actor may read of r, a report of r.State: all of it (the State's team
// reads its own reports at every level; others read those published to them, without
// who reported), that it exists and when (the Secretariat, of a private report), or
// nothing (false).
func Read(actor plenary.Actor, r Report) (Report, bool) {
	team := actor.OnTeam(r.State)
	if !team && !actor.IsSecretariat() {
		r.ReportedBy = 0
	}
	r.Withheld = false
	switch {
	case team:
		return r, true
	case r.Level != Private && slices.Contains(survey.ReadableLevels(actor), r.Level):
		return r, true
	case KnowsWithheld(actor):
		return Report{ID: r.ID, CommitmentID: r.CommitmentID, State: r.State, Number: r.Number, Level: r.Level,
			ReportedBy: r.ReportedBy, ReportedAt: r.ReportedAt, LevelSetAt: r.LevelSetAt, Withheld: true}, true
	}
	return Report{}, false
}

// Standing is where one State stands on one commitment, as a reader sees it.
type Standing struct {
	CommitmentID int64
	State        string
	// Report is the latest report the reader may read (zero ID: none, "no report" to
	// this reader).
	Report Report
	// Withheld is a later report the reader knows of without reading it (the
	// Secretariat, of a private report; zero ID: none).
	Withheld Report
	// Reports counts the State's reports the reader knows of.
	Reports int
}

// Reported reports whether the reader reads a report of the State.
func (s Standing) Reported() bool { return s.Report.ID != 0 }

// View is where a State stands on a commitment for actor, from its reports (all of them,
// newest first; each with the content the caller could give it): the latest report actor
// may read, and a later one it knows of without reading it.
func View(actor plenary.Actor, reports []Report) Standing {
	var st Standing
	for _, r := range reports {
		if st.State == "" {
			st.CommitmentID, st.State = r.CommitmentID, r.State
		}
		x, ok := Read(actor, r)
		if !ok {
			continue
		}
		st.Reports++
		switch {
		case x.Withheld:
			if st.Withheld.ID == 0 && st.Report.ID == 0 {
				st.Withheld = x
			}
		case st.Report.ID == 0:
			st.Report = x
		}
	}
	return st
}

// mayReport: a State's reports are its submitter's statements; its editors and reviewers
// read them.
func mayReport(actor plenary.Actor, state string) bool {
	return actor.CanWrite() && actor.OnTeam(state, plenary.RoleTeamSubmitter)
}

// refusal refuses a change on a State's reports: forbidden to its team, as if nothing
// existed to anyone else.
func refusal(actor plenary.Actor, state string) error {
	if actor.OnTeam(state) {
		return plenary.Deny(actor)
	}
	return plenary.Hidden(actor)
}

func trimmed(l plenary.Localized) plenary.Localized {
	out := plenary.Localized{}
	for lang, t := range l {
		if t = strings.TrimSpace(t); t != "" && plenary.ValidLanguage(lang) {
			out[lang] = t
		}
	}
	return out
}
