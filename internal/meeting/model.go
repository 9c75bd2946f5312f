// Package meeting holds the calendar of a body: its sessions (the second substantive
// session, a meeting of a thematic group, a roundtable), their numbered meetings, and the
// session's agenda with the Chair's guiding questions. Sessions and meetings are public,
// as on a UN meeting page; the remote-participation link is for registered participants
// only.
package meeting

import (
	"net/url"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// Kind is the kind of a session.
type Kind string

const (
	Organizational Kind = "organizational"
	Substantive    Kind = "substantive"
	Thematic       Kind = "thematic"       // a meeting of a dedicated thematic group
	Informal       Kind = "informal"       // informal consultations
	Intersessional Kind = "intersessional" // intersessional meetings
	Roundtable     Kind = "roundtable"
	Review         Kind = "review" // a review conference
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{Organizational, Substantive, Thematic, Informal, Intersessional, Roundtable, Review}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Session is a session of a body. Its dates are calendar days in the body's time zone
// (kept as midnight UTC of that date); its meetings carry the instants.
type Session struct {
	ID       int64
	BodyID   int64
	Kind     Kind
	Number   int               // ordinal among the body's sessions of this kind
	Titles   plenary.Localized // empty: the title is made from the kind and number
	StartsOn time.Time
	EndsOn   time.Time
	Venue    string
	// RemoteURL is the link to join remotely: registered participants, the Chair and the
	// Secretariat see it, nobody else (View blanks it).
	RemoteURL     string
	LivestreamURL string // public (UN Web TV)
	// RepresentativeLimit bounds how many representatives an accredited organization
	// registers for the session.
	RepresentativeLimit int
	RegistrationCloses  time.Time // zero: registration stays open until the session ends
	Sequence            int       // changes so far, for calendars
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Meeting is a numbered meeting of a session.
type Meeting struct {
	ID            int64
	SessionID     int64
	Number        int
	StartsAt      time.Time
	EndsAt        time.Time
	Formal        bool
	Public        bool // an open meeting; a closed one has no livestream
	Room          string
	LivestreamURL string
	RecordingURL  string
	Cancelled     bool
	ItemIDs       []int64 // the agenda items it takes up, in order
	Sequence      int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Item is an item of a session's agenda.
type Item struct {
	ID        int64
	SessionID int64
	Number    string // "5", "5 (a)"
	Position  int
	Titles    plenary.Localized
	Questions plenary.Localized // the Chair's guiding questions, one per line
}

// QuestionList splits the guiding questions in lang into lines.
func (i Item) QuestionList(lang string) []string {
	var out []string
	for _, l := range strings.Split(i.Questions.Text(lang), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SessionInput is what the Secretariat sets for a session.
type SessionInput struct {
	BodyID              int64
	Kind                Kind
	Number              int // 0: the next of its kind
	Titles              plenary.Localized
	StartsOn, EndsOn    time.Time
	Venue               string
	RemoteURL           string
	LivestreamURL       string
	RepresentativeLimit int
	RegistrationCloses  time.Time
}

// MeetingInput is what the Secretariat sets for a meeting.
type MeetingInput struct {
	StartsAt, EndsAt time.Time
	Formal, Public   bool
	Room             string
	LivestreamURL    string
	RecordingURL     string
	ItemIDs          []int64
}

// ItemInput is an agenda item as the Secretariat (title, number) and the Chair (guiding
// questions) set it.
type ItemInput struct {
	Number    string
	Titles    plenary.Localized
	Questions plenary.Localized
}

// cleanText folds the spaces of each language's single-line text and drops empty ones.
func cleanText(in plenary.Localized) plenary.Localized {
	out := plenary.Localized{}
	for l, t := range in {
		if t = strings.Join(strings.Fields(t), " "); t != "" {
			out[l] = t
		}
	}
	return out
}

// cleanLines keeps each language's lines, trimmed, without empty ones.
func cleanLines(in plenary.Localized) plenary.Localized {
	out := plenary.Localized{}
	for l, t := range in {
		var lines []string
		for _, line := range strings.Split(strings.ReplaceAll(t, "\r\n", "\n"), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) > 0 {
			out[l] = strings.Join(lines, "\n")
		}
	}
	return out
}

func checkTexts(p *plenary.Problems, prefix string, texts plenary.Localized, max int, multiline bool) {
	for l, t := range texts {
		field := prefix + "_" + l
		if !plenary.ValidLanguage(l) {
			p.Add(prefix, "field.choice", nil)
			continue
		}
		if multiline {
			for _, line := range strings.Split(t, "\n") {
				if !p.Line(field, line) {
					break
				}
			}
		} else if !p.Line(field, t) {
			continue
		}
		p.MaxLength(field, t, max)
	}
}

// Limits of the calendar's texts, in characters.
const (
	MaxURL        = 500 // a remote, livestream or recording link
	MaxVenue      = 300
	MaxRoom       = 200
	MaxItemNumber = 20 // an agenda item's number, such as "3 (b)"
)

// checkLink accepts an empty link or an https/http address.
func checkLink(p *plenary.Problems, field, v string) {
	if v == "" {
		return
	}
	if p.URL(field, v) {
		p.MaxLength(field, v, MaxURL)
	}
}

func cleanLink(v string) string {
	v = strings.TrimSpace(v)
	if u, err := url.Parse(v); err == nil && u.Host != "" {
		u.Host = strings.ToLower(u.Host)
		return u.String()
	}
	return v
}

func (in *SessionInput) normalize() {
	in.Titles = cleanText(in.Titles)
	in.Venue = strings.Join(strings.Fields(in.Venue), " ")
	in.RemoteURL, in.LivestreamURL = cleanLink(in.RemoteURL), cleanLink(in.LivestreamURL)
	in.StartsOn, in.EndsOn = day(in.StartsOn), day(in.EndsOn)
}

// day keeps the calendar date of t.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func (in SessionInput) check(p *plenary.Problems) {
	p.OneOf("kind", string(in.Kind), kindNames()...)
	if in.Number < 0 || in.Number > 999 {
		p.Add("number", "field.range", map[string]any{"Min": 1, "Max": 999})
	}
	checkTexts(p, "title", in.Titles, 300, false)
	if in.StartsOn.IsZero() {
		p.Add("starts_on", "field.required", nil)
	}
	if in.EndsOn.IsZero() {
		p.Add("ends_on", "field.required", nil)
	} else if !in.StartsOn.IsZero() && in.EndsOn.Before(in.StartsOn) {
		p.Add("ends_on", "meeting.ends_before_start", nil)
	}
	if p.Line("venue", in.Venue) {
		p.MaxLength("venue", in.Venue, MaxVenue)
	}
	checkLink(p, "remote_url", in.RemoteURL)
	checkLink(p, "livestream_url", in.LivestreamURL)
	if in.RepresentativeLimit < 0 || in.RepresentativeLimit > 100 {
		p.Add("representative_limit", "field.range", map[string]any{"Min": 0, "Max": 100})
	}
}

func kindNames() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}

func (in *MeetingInput) normalize() {
	in.Room = strings.Join(strings.Fields(in.Room), " ")
	in.LivestreamURL, in.RecordingURL = cleanLink(in.LivestreamURL), cleanLink(in.RecordingURL)
	in.StartsAt, in.EndsAt = in.StartsAt.UTC().Truncate(time.Minute), in.EndsAt.UTC().Truncate(time.Minute)
}

func (in MeetingInput) check(p *plenary.Problems, s Session, items []Item) {
	if in.StartsAt.IsZero() {
		p.Add("starts_at", "field.required", nil)
	}
	if in.EndsAt.IsZero() {
		p.Add("ends_at", "field.required", nil)
	} else if !in.StartsAt.IsZero() && !in.EndsAt.After(in.StartsAt) {
		p.Add("ends_at", "meeting.ends_before_start", nil)
	} else if !in.StartsAt.IsZero() && in.EndsAt.Sub(in.StartsAt) > 24*time.Hour {
		p.Add("ends_at", "meeting.too_long", nil)
	}
	if p.Line("room", in.Room) {
		p.MaxLength("room", in.Room, MaxRoom)
	}
	checkLink(p, "livestream_url", in.LivestreamURL)
	checkLink(p, "recording_url", in.RecordingURL)
	if !in.Public && in.LivestreamURL != "" {
		p.Add("livestream_url", "meeting.closed_no_livestream", nil)
	}
	known := map[int64]bool{}
	for _, it := range items {
		known[it.ID] = true
	}
	seen := map[int64]bool{}
	for _, id := range in.ItemIDs {
		if !known[id] || seen[id] {
			p.Add("items", "field.choice", nil)
			break
		}
		seen[id] = true
	}
}

func (in *ItemInput) normalize() {
	in.Number = strings.Join(strings.Fields(in.Number), " ")
	in.Titles = cleanText(in.Titles)
	in.Questions = cleanLines(in.Questions)
}

func (in ItemInput) check(p *plenary.Problems) {
	if p.Required("number", in.Number) && p.Line("number", in.Number) {
		p.MaxLength("number", in.Number, MaxItemNumber)
	}
	if len(in.Titles) == 0 {
		p.Add("titles", "meeting.item_title_required", nil)
	}
	checkTexts(p, "title", in.Titles, 500, false)
	checkTexts(p, "questions", in.Questions, 4000, true)
}

// CheckSession reports the problems of a session's input without saving it, so that a
// form with an unreadable field also shows every other problem at once.
func CheckSession(in SessionInput) error {
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	return p.Err()
}
