// Package survey runs the national survey of implementation: a questionnaire the
// Secretariat publishes for a body and a cycle, built on a version of the framework it
// measures (international law, the norms with their checklist of practical actions, the
// confidence-building measures, capacity-building); each State's team drafting its
// answers privately and together, submitting them, and choosing for each submitted
// version whether it stays private, goes to States only, or is public; and the published
// answers compared side by side and in aggregate.
//
// What a State has not published is sealed at rest under the server key, bound to the
// State and the questionnaire (decision 23): a copy of the database holds no draft, no
// comment and no private answer in clear.
package survey

import (
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// Status is where a questionnaire stands.
type Status string

const (
	Draft  Status = "draft"  // the Secretariat's, being prepared
	Open   Status = "open"   // States answer
	Closed Status = "closed" // past its cycle: answers are read, not changed
)

// Questionnaire is the survey of one body for one cycle ("2026"), on one version of a
// framework.
type Questionnaire struct {
	ID          int64
	BodyID      int64
	Cycle       string
	Titles      plenary.Localized
	FrameworkID int64
	// FrameworkVersionID is the version the questions refer to: answers stay tied to it
	// when the framework has a new one.
	FrameworkVersionID int64
	Status             Status
	Deadline           time.Time // when answers are due (zero: none)
	OpenedAt           time.Time
	RemindedAt         time.Time // when teams were reminded of the deadline (zero: not yet)
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Title is the questionnaire's title in lang.
func (q Questionnaire) Title(lang string) string { return q.Titles.Text(lang) }

// Part is one of the survey's four parts.
type Part string

const (
	PartLaw      Part = "law"      // how international law applies
	PartNorms    Part = "norms"    // the norms, with the checklist of practical actions
	PartCBMs     Part = "cbms"     // confidence-building measures
	PartCapacity Part = "capacity" // capacity-building
)

// Parts are the parts, in their order.
var Parts = []Part{PartLaw, PartNorms, PartCBMs, PartCapacity}

// Kind is the kind of answer a question takes.
type Kind string

const (
	KindStatus   Kind = "status"   // yes, partly, no, not applicable
	KindChoices  Kind = "choices"  // any of its options
	KindText     Kind = "text"     // free text
	KindNumber   Kind = "number"   // a number
	KindDate     Kind = "date"     // a date
	KindEvidence Kind = "evidence" // a link or a file
)

// Kinds are the kinds of question.
var Kinds = []Kind{KindStatus, KindChoices, KindText, KindNumber, KindDate, KindEvidence}

// The answers of a status question.
const (
	Yes           = "yes"
	Partly        = "partly"
	No            = "no"
	NotApplicable = "na"
)

// Statuses are the answers of a status question, in their order.
var Statuses = []string{Yes, Partly, No, NotApplicable}

// Purpose marks a question whose answers the process uses further.
type Purpose string

const (
	// Challenges are a norm's implementation challenges.
	Challenges Purpose = "challenges"
	// CapacityGaps are a norm's capacity gaps: each can become a capacity-building need.
	CapacityGaps Purpose = "capacity_gaps"
)

// Option is one choice of a choices question.
type Option struct {
	Value  string
	Labels plenary.Localized
}

// Question is one question of a questionnaire. No question is mandatory.
type Question struct {
	ID              int64
	QuestionnaireID int64
	Code            string // "norm.c.status", stable across cycles: a new cycle starts from it
	Part            Part
	Element         string // the framework element it asks about ("norm.c"), if any
	Kind            Kind
	Purpose         Purpose
	Position        int
	Prompts         plenary.Localized
	Options         []Option
}

// Prompt is the question in lang, and the language it is in.
func (q Question) Prompt(lang string) (string, string) { return q.Prompts.In(lang) }

// Level is how far a submitted version is published.
type Level string

const (
	// Private: the State's team alone reads it; the Secretariat knows that the State
	// answered, nothing more; no other State knows even that.
	Private Level = "private"
	// StatesOnly: every State's representatives and the Secretariat read it.
	StatesOnly Level = "states"
	// Public: everyone reads it.
	Public Level = "public"
)

// Levels are the levels of publication, from the most private.
var Levels = []Level{Private, StatesOnly, Public}

// Value is an answer's content; which fields it uses depends on the question's kind. Any
// answer may also have a Text: the details of a status, a choice or a number.
type Value struct {
	Choice   string   `json:"choice,omitempty"`  // status: yes, partly, no, na
	Choices  []string `json:"choices,omitempty"` // choices: the options chosen
	Text     string   `json:"text,omitempty"`
	Number   *float64 `json:"number,omitempty"`
	Date     string   `json:"date,omitempty"` // yyyy-mm-dd
	Link     string   `json:"link,omitempty"` // evidence: an address
	FileID   int64    `json:"file,omitempty"` // evidence: a file of the response
	FileName string   `json:"file_name,omitempty"`
}

// Empty reports whether the value says nothing.
func (v Value) Empty() bool {
	return v.Choice == "" && len(v.Choices) == 0 && strings.TrimSpace(v.Text) == "" && v.Number == nil && v.Date == "" &&
		v.Link == "" && v.FileID == 0
}

// Equal reports whether two values say the same.
func (v Value) Equal(w Value) bool {
	return v.Choice == w.Choice && slices.Equal(v.Choices, w.Choices) && v.Text == w.Text &&
		((v.Number == nil) == (w.Number == nil)) && (v.Number == nil || *v.Number == *w.Number) &&
		v.Date == w.Date && v.Link == w.Link && v.FileID == w.FileID
}

// Answer is a State's answer to one question, as drafted or as submitted.
type Answer struct {
	Question string // the question's code
	Value    Value
	Language string // the language it is written in (any of the six)
	// Revision counts the changes of a draft answer: a save names the revision it
	// started from, and one made meanwhile by another editor is not overwritten.
	Revision  int
	UpdatedBy int64
	UpdatedAt time.Time
}

// Response is a State's work on a questionnaire: its draft answers and the versions it
// submitted.
type Response struct {
	ID              int64
	QuestionnaireID int64
	State           string
	// IncludePoCs is the State's choice that its Points of Contact go with its answers.
	IncludePoCs bool
	// PrefilledFrom is the version of an earlier cycle the draft started from (0: none).
	PrefilledFrom int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Version is one submitted state of a response, kept for good.
type Version struct {
	ID          int64
	ResponseID  int64
	Number      int
	Answers     []Answer // opened only for those who may read it
	IncludePoCs bool
	SubmittedAt time.Time
	SubmittedBy int64
	Level       Level
	PublishedAt time.Time // when its level was last set above private
	DocumentID  int64     // the registry document it was issued as (0: none)
}

// Comment is a team member's remark on a draft, on one question or on the whole.
type Comment struct {
	ID         int64
	ResponseID int64
	Question   string // "" for the whole response
	Body       string
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
}

// Limits of what a survey holds.
const (
	MaxCycle    = 20
	MaxTitle    = 300
	MaxPrompt   = 2000
	MaxText     = 20000
	MaxComment  = 4000
	MaxLink     = 2000
	MaxFile     = 10 << 20
	MaxQuestion = 1000
	MaxOptions  = 50
)
