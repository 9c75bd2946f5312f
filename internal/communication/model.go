// Package communication is the communication template of the Points of Contact
// directory: a structured message from one State's verified contact to another State,
// with delivery, first reading, acknowledgement and escalation tracked, and replies
// threaded.
//
// What States write to each other is confidential to the two of them. The content
// (description, requested action, attachments and their names) is sealed at rest under
// the server key, bound to the communication and its two States, so that a database dump
// does not reveal it. The Secretariat sees every communication's metadata (States, kind,
// urgency, times, status) and the content only of those a party has shared with it.
// Anyone else is told that nothing exists. E-mails never carry the content: they say
// that something arrived and link to plenary.
package communication

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
)

// Kind is what a communication is on the template.
type Kind string

const (
	InformationRequest   Kind = "information_request"
	AssistanceRequest    Kind = "assistance_request"
	IncidentNotification Kind = "incident_notification"
)

// Kinds lists the kinds in the order the form offers them.
var Kinds = []Kind{InformationRequest, AssistanceRequest, IncidentNotification}

// Urgency says how soon the recipient State is expected to answer.
type Urgency string

const (
	Routine  Urgency = "routine"
	Priority Urgency = "priority"
	Urgent   Urgency = "urgent"
)

// Urgencies lists the urgencies, least urgent first.
var Urgencies = []Urgency{Routine, Priority, Urgent}

// Window is how long a communication without a reply-by time may wait for its
// acknowledgement before it is escalated.
func (u Urgency) Window() time.Duration {
	switch u {
	case Urgent:
		return 4 * time.Hour
	case Priority:
		return 24 * time.Hour
	}
	return 72 * time.Hour
}

// Status is where a communication stands, as its metadata tells.
type Status string

const (
	// Sent: recorded, its notice not yet accepted by the mail server.
	Sent Status = "sent"
	// Delivered: a notice reached the mail server for at least one recipient contact.
	Delivered Status = "delivered"
	// Read: a contact of the recipient State opened it.
	Read Status = "read"
	// Escalated: not acknowledged in time; the recipient State's contacts were reminded.
	Escalated Status = "escalated"
	// Acknowledged: a contact of the recipient State acknowledged it.
	Acknowledged Status = "acknowledged"
)

// Statuses lists the statuses in the order of the overview's counts.
var Statuses = []Status{Sent, Delivered, Read, Escalated, Acknowledged}

// Communication is one message on the template. Content is nil for a reader who sees
// the metadata only (the Secretariat, before a party shares it).
type Communication struct {
	ID       int64
	ThreadID int64
	ReplyTo  int64 // 0 for the first of a thread
	From     string
	To       string
	Kind     Kind
	Urgency  Urgency
	// ReplyBy is when the sender wants an answer; zero when none was set.
	ReplyBy time.Time
	// EscalateAt is when the communication is escalated if nobody acknowledged it.
	EscalateAt time.Time
	SentBy     int64
	// SentByName and AcknowledgedByName are for the parties; empty for the Secretariat.
	SentByName         string
	SentAt             time.Time
	DeliveredAt        time.Time
	ReadAt             time.Time
	AcknowledgedAt     time.Time
	AcknowledgedBy     int64
	AcknowledgedByName string
	EscalatedAt        time.Time
	SharedAt           time.Time
	SharedBy           int64
	Content            *Content
}

// Status tells where the communication stands.
func (c Communication) Status() Status {
	switch {
	case !c.AcknowledgedAt.IsZero():
		return Acknowledged
	case !c.EscalatedAt.IsZero():
		return Escalated
	case !c.ReadAt.IsZero():
		return Read
	case !c.DeliveredAt.IsZero():
		return Delivered
	}
	return Sent
}

// Shared reports whether a party shared the communication with the Secretariat.
func (c Communication) Shared() bool { return !c.SharedAt.IsZero() }

// Content is what the communication says: sealed at rest, confidential to the two States.
type Content struct {
	Description     string       `json:"description"`
	RequestedAction string       `json:"requested_action"`
	Attachments     []Attachment `json:"-"`
}

// Attachment describes an attached file (its data is read on its own, by Attachment).
type Attachment struct {
	Number      int
	Name        string
	ContentType string
	Size        int64
}

// Input is a new communication, or a reply (Kind is then the thread's).
type Input struct {
	// From is the State the sender writes for; it may be left empty when the sender is a
	// contact of one State only.
	From            string
	To              string
	Kind            Kind
	Urgency         Urgency
	Description     string
	RequestedAction string
	// ReplyBy is optional; when set it must be in the future.
	ReplyBy     time.Time
	Attachments []files.Upload
}

// Limits of the template.
const (
	MaxDescription = 20_000
	MaxAction      = 5_000
	MaxAttachments = 4
	// MaxFile bounds one attachment.
	MaxFile = 10 << 20
)

// check validates an input and cleans it; reply tells a reply (no kind to choose, the
// requested action optional) from a first communication.
func (in *Input) check(p *plenary.Problems, reply bool, now time.Time) []files.File {
	in.Description = strings.TrimSpace(in.Description)
	in.RequestedAction = strings.TrimSpace(in.RequestedAction)
	if !reply {
		p.OneOf("kind", string(in.Kind), kindStrings()...)
	}
	if in.Urgency == "" {
		in.Urgency = Routine
	}
	p.OneOf("urgency", string(in.Urgency), urgencyStrings()...)
	if p.Required("description", in.Description) {
		p.MaxLength("description", in.Description, MaxDescription)
		text(p, "description", in.Description)
	}
	if !reply && in.Kind != IncidentNotification {
		p.Required("requested_action", in.RequestedAction)
	}
	p.MaxLength("requested_action", in.RequestedAction, MaxAction)
	text(p, "requested_action", in.RequestedAction)
	if !in.ReplyBy.IsZero() {
		in.ReplyBy = in.ReplyBy.UTC().Truncate(time.Second)
		if !in.ReplyBy.After(now) {
			p.Add("reply_by", "communication.reply_by_past", nil)
		}
	}
	if len(in.Attachments) > MaxAttachments {
		p.Add("attachments", "communication.too_many_files", map[string]any{"Max": MaxAttachments})
		return nil
	}
	var out []files.File
	for _, u := range in.Attachments {
		if f, ok := files.CheckAny(p, "attachments", u, MaxFile, files.PDF, files.DOCX); ok {
			out = append(out, f)
		}
	}
	return out
}

// text refuses control characters other than line breaks and tabs in what people write.
func text(p *plenary.Problems, field, s string) {
	if !utf8.ValidString(s) {
		p.Add(field, "communication.control_characters", nil)
		return
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\r' && r != '\t') || r == 0x7f {
			p.Add(field, "communication.control_characters", nil)
			return
		}
	}
}

func kindStrings() []string {
	out := make([]string, len(Kinds))
	for i, k := range Kinds {
		out[i] = string(k)
	}
	return out
}

func urgencyStrings() []string {
	out := make([]string, len(Urgencies))
	for i, u := range Urgencies {
		out[i] = string(u)
	}
	return out
}

// ValidKind and ValidUrgency report whether a value is known.
func ValidKind(k Kind) bool         { return slices.Contains(Kinds, k) }
func ValidUrgency(u Urgency) bool   { return slices.Contains(Urgencies, u) }
func (c Communication) Reply() bool { return c.ReplyTo != 0 }

// Box selects a State's communications: those it received or those it sent.
type Box string

const (
	Inbox  Box = "inbox"
	Outbox Box = "sent"
)

// Figures count the communications of the Secretariat's overview.
type Figures struct {
	Total     int
	ByKind    map[Kind]int
	ByUrgency map[Urgency]int
	ByStatus  map[Status]int
}

// Role is how a reader stands towards a communication.
type Role int

const (
	// Outsider: the communication does not exist for them.
	Outsider Role = iota
	// Overseer: the Secretariat, reading the metadata (and the content once shared).
	Overseer
	// SenderSide: a contact of the State that sent it.
	SenderSide
	// RecipientSide: a contact of the State it was sent to.
	RecipientSide
)
