// Package directory is the Global Intergovernmental Points of Contact Directory: each
// participating State's diplomatic and technical contacts, nominated by the State's
// authorised nominator and verified by the Secretariat before anyone sees them.
//
// The directory is the most confidential thing plenary holds. Only the Secretariat and
// the verified contacts of participating States read it, every read is audited (who,
// when, which entries), and what identifies a person is sealed at rest under the server
// key, so that a database dump alone does not reveal it. Services that need contacts to
// reach them (pings, communications) get them through this package, never from tables.
package directory

import (
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// Function is what a contact is for. A State nominates, where it can, one of each.
type Function string

const (
	Diplomatic Function = "diplomatic"
	Technical  Function = "technical"
)

// Functions lists the functions in the order pages show them.
var Functions = []Function{Diplomatic, Technical}

// Status is where an entry stands.
type Status string

const (
	// Nominated: awaiting the Secretariat's verification; not in the directory.
	Nominated Status = "nominated"
	// Verified: in the directory.
	Verified Status = "verified"
	// Returned: sent back to the nominator with a reason; not in the directory.
	Returned Status = "returned"
	// Withdrawn: no longer a contact; kept for the history.
	Withdrawn Status = "withdrawn"
)

// Participation is a State's standing in the directory.
type Participation string

const (
	Participating Participation = "participating"
	// Left: the State has withdrawn from the directory; its entries are hidden and its
	// contacts no longer read the directory.
	Left Participation = "withdrawn"
	// NotJoined is a State without a notification of participation.
	NotJoined Participation = ""
)

// Details is what an entry says about a person. It is sealed at rest.
type Details struct {
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	Organisation string   `json:"organisation"`
	Emails       []string `json:"emails"`
	Phones       []string `json:"phones"`
	// Languages the contact works in (the six UN languages or others, as written).
	Languages []string `json:"languages"`
	// Lang is the language of plenary's e-mails to the contact: one of the six.
	Lang     string `json:"lang"`
	TimeZone string `json:"time_zone"`
	// Always: reachable 24 hours a day, 7 days a week; otherwise Hours says when.
	Always bool   `json:"always"`
	Hours  string `json:"hours"`
}

// Email is the contact's first address: the one plenary writes to and the one their
// account is made with.
func (d Details) Email() string {
	if len(d.Emails) == 0 {
		return ""
	}
	return d.Emails[0]
}

// Contact is one entry.
type Contact struct {
	ID       int64
	State    string
	Function Function
	Status   Status
	// Details are the entry as verified, or as nominated before verification.
	Details Details
	// Pending is a change proposed by the nominator to a verified entry, not yet verified:
	// the directory keeps showing Details until it is.
	Pending *Details
	// Reason is the Secretariat's, when it returned a nomination or a change, or the
	// nominator's when the entry was withdrawn.
	Reason      string
	UserID      int64
	Version     int
	NominatedBy int64
	NominatedAt time.Time
	VerifiedBy  int64
	VerifiedAt  time.Time
	UpdatedAt   time.Time
}

// Awaiting reports whether the entry waits for the Secretariat: a nomination, or a change
// to a verified entry.
func (c Contact) Awaiting() bool {
	return c.Status == Nominated || (c.Status == Verified && c.Pending != nil)
}

// Change names what a version of an entry recorded.
type Change string

const (
	ChangeNominated Change = "nominated"
	ChangeProposed  Change = "proposed" // a change to a verified entry, awaiting verification
	ChangeEdited    Change = "edited"   // a nomination corrected before verification
	ChangeVerified  Change = "verified"
	ChangeReturned  Change = "returned"
	ChangeWithdrawn Change = "withdrawn"
)

// Version is one step of an entry's history.
type Version struct {
	ContactID int64
	Version   int
	Change    Change
	Status    Status
	Details   Details
	Reason    string
	ChangedBy int64
	// ChangedByName is the name of the person who made the change (empty for the system).
	ChangedByName string
	ChangedAt     time.Time
}

// Participant is a State's participation in the directory.
type Participant struct {
	State     string
	Status    Participation
	Since     time.Time
	Note      string
	UpdatedAt time.Time
}

// Filter narrows a reading of the directory.
type Filter struct {
	State    string
	Group    string // a regional group, as the state package names them
	Function Function
}

// NominationInput is a new entry.
type NominationInput struct {
	State    string
	Function Function
	Details
}

// Limits of an entry and of what is written about it.
const (
	// MaxField bounds every free-text field, in characters: entries are short.
	MaxField = 200
	// MaxEmails and MaxPhones bound the addresses and numbers of an entry.
	MaxEmails = 5
	MaxPhones = 5
	// MaxReason bounds the reason for returning or withdrawing an entry, in characters.
	MaxReason = 1000
	// MaxNote bounds the Secretariat's note on how a State notified its participation.
	MaxNote = 500
)

// check validates an entry; it returns the details cleaned (trimmed, empty lines
// dropped, addresses normalised).
func (d Details) check(p *plenary.Problems) Details {
	d.Name = strings.TrimSpace(d.Name)
	d.Title = strings.TrimSpace(d.Title)
	d.Organisation = strings.TrimSpace(d.Organisation)
	d.Hours = strings.TrimSpace(d.Hours)
	d.TimeZone = strings.TrimSpace(d.TimeZone)
	d.Emails = clean(d.Emails, plenary.NormalizeEmail)
	d.Phones = clean(d.Phones, strings.TrimSpace)
	d.Languages = clean(d.Languages, strings.TrimSpace)
	if p.Required("name", d.Name) {
		p.MaxLength("name", d.Name, MaxField)
		p.Line("name", d.Name)
	}
	if p.Required("title", d.Title) {
		p.MaxLength("title", d.Title, MaxField)
	}
	if p.Required("organisation", d.Organisation) {
		p.MaxLength("organisation", d.Organisation, MaxField)
	}
	if len(d.Emails) == 0 {
		p.Add("emails", "field.required", nil)
	}
	if len(d.Emails) > MaxEmails {
		p.Add("emails", "directory.too_many", map[string]any{"Max": MaxEmails, "Count": MaxEmails})
	}
	for _, e := range d.Emails {
		if !plenary.ValidEmail(e) {
			p.Add("emails", "field.email", nil)
		}
	}
	if len(d.Phones) > MaxPhones {
		p.Add("phones", "directory.too_many", map[string]any{"Max": MaxPhones, "Count": MaxPhones})
	}
	for _, ph := range d.Phones {
		if !validPhone(ph) {
			p.Add("phones", "directory.phone", nil)
		}
	}
	if len(d.Languages) == 0 {
		p.Add("languages", "field.required", nil)
	}
	for _, l := range d.Languages {
		if len(l) > 40 {
			p.Add("languages", "field.too_long", map[string]any{"Max": 40, "Count": 40})
		}
	}
	if d.Lang == "" {
		d.Lang = firstUN(d.Languages)
	}
	if !plenary.ValidLanguage(d.Lang) {
		p.Add("lang", "field.language", nil)
	}
	if p.Required("time_zone", d.TimeZone) {
		if _, err := plenary.Zone(d.TimeZone); err != nil {
			p.Add("time_zone", "body.time_zone", nil)
		}
	}
	if d.Always {
		d.Hours = ""
	} else if p.Required("hours", d.Hours) {
		p.MaxLength("hours", d.Hours, MaxField)
	}
	return d
}

// clean trims each value with f and drops the empty ones and repeats.
func clean(vs []string, f func(string) string) []string {
	var out []string
	for _, v := range vs {
		if v = f(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// validPhone accepts international numbers as people write them: a leading +, digits,
// spaces, dots, dashes, parentheses, and an extension.
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')', r == 'x', r == '/':
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 20
}

// firstUN returns the first of langs that is one of the six languages (by its code or
// its English name), or English.
func firstUN(langs []string) string {
	names := map[string]string{"arabic": "ar", "chinese": "zh", "english": "en", "french": "fr", "russian": "ru", "spanish": "es"}
	for _, l := range langs {
		l = strings.ToLower(strings.TrimSpace(l))
		if plenary.ValidLanguage(l) {
			return l
		}
		if code, ok := names[l]; ok {
			return code
		}
	}
	return plenary.DefaultLanguage
}
