package communication

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/mail"
)

// Record is a communication as stored: its content sealed.
type Record struct {
	Communication
	SealedContent string
}

// FileRecord is an attachment as stored: name and data sealed. SealedData is empty when
// only the description was read.
type FileRecord struct {
	CommunicationID int64
	Number          int
	ContentType     string
	Size            int64
	SealedName      string
	SealedData      string
}

// Store is what the communication template reads.
type Store interface {
	Communication(ctx context.Context, id int64) (Record, error)
	// Thread returns the communications of a thread, oldest first.
	Thread(ctx context.Context, threadID int64) ([]Record, error)
	// Box returns, newest first, up to limit communications received by (Inbox) or sent
	// by (Outbox) any of states, with an ID below before (0: from the newest).
	Box(ctx context.Context, states []string, box Box, before int64, limit int) ([]Record, error)
	// All returns every communication's metadata, newest first, as Box does.
	All(ctx context.Context, before int64, limit int) ([]Record, error)
	// Figures returns the metadata of every communication that the overview counts
	// (kind, urgency and the times of its status).
	Figures(ctx context.Context) ([]Communication, error)
	// Files describes a communication's attachments, without their data.
	Files(ctx context.Context, communicationID int64) ([]FileRecord, error)
	File(ctx context.Context, communicationID int64, number int) (FileRecord, error)
	// Due returns up to limit communications unacknowledged and not yet escalated whose
	// escalation time is at or before now.
	Due(ctx context.Context, now time.Time, limit int) ([]int64, error)
	// MarkDelivered records the first delivery; later ones change nothing.
	MarkDelivered(ctx context.Context, id int64, at time.Time) error
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what the communication template changes in one transaction. The Mark, Acknowledge,
// Escalate and Share methods change a row only once and report whether they did.
type Tx interface {
	Communication(ctx context.Context, id int64) (Record, error)
	CreateCommunication(ctx context.Context, r Record) (int64, error)
	// SetContent writes the sealed content (and the thread) once the ID is known.
	SetContent(ctx context.Context, id, threadID int64, sealed string) error
	AddFile(ctx context.Context, f FileRecord) error
	MarkRead(ctx context.Context, id int64, at time.Time) (bool, error)
	Acknowledge(ctx context.Context, id, by int64, at time.Time) (bool, error)
	Escalate(ctx context.Context, id int64, at time.Time) (bool, error)
	Share(ctx context.Context, id, by int64, at time.Time) (bool, error)
	Audit(ctx context.Context, e audit.Event) error
	Enqueue(ctx context.Context, job plenary.Job) error
}

// Directory is what the template needs of the Points of Contact directory: who acts for
// which State, and whom to write to.
type Directory interface {
	VerifiedStates(ctx context.Context, actor plenary.Actor) ([]string, error)
	Reachable(ctx context.Context, states []string) ([]directory.Reachable, error)
	ReachableByID(ctx context.Context, id int64) (directory.Reachable, error)
}

// Sealer seals the content under the server key (*secret.Key).
type Sealer interface {
	Seal(purpose string, plaintext, additional []byte) string
	Open(purpose, sealed string, additional []byte) ([]byte, error)
}

// Sender sends a letter now (the mailer).
type Sender interface {
	Send(ctx context.Context, l mail.Letter) error
}

// Service is the communication template.
type Service struct {
	store   Store
	dir     Directory
	clock   plenary.Clock
	seal    Sealer
	sender  Sender
	baseURL string
}

// NewService builds the service and registers its e-mails.
func NewService(s Store, dir Directory, c plenary.Clock, seal Sealer, templates *mail.Templates, sender Sender, baseURL string) *Service {
	if templates != nil {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, dir: dir, clock: c, seal: seal, sender: sender, baseURL: strings.TrimRight(baseURL, "/")}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Now is the service's time: the form's reply-by time is judged against it.
func (s *Service) Now() time.Time { return s.now() }

// Purposes separate the template's sealed values from every other use of the key.
const (
	purposeContent  = "communication/content"
	purposeFileName = "communication/file-name"
	purposeFileData = "communication/file-data"
)

// bound is the additional data of a communication's sealed values: its ID and its two
// States, so that content copied to another row, or to a row between other States,
// does not open.
func bound(id int64, from, to string) []byte {
	return []byte("communication:" + strconv.FormatInt(id, 10) + ":" + from + ":" + to)
}

func boundFile(c Communication, n int) []byte {
	return append(bound(c.ID, c.From, c.To), []byte(":file:"+strconv.Itoa(n))...)
}

func (s *Service) openContent(ctx context.Context, r Record) (*Content, error) {
	b, err := s.seal.Open(purposeContent, r.SealedContent, bound(r.ID, r.From, r.To))
	if err != nil {
		return nil, plenary.Internal(fmt.Errorf("communication %d: %w", r.ID, err))
	}
	var c Content
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, plenary.Internal(err)
	}
	fs, err := s.store.Files(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		name, err := s.seal.Open(purposeFileName, f.SealedName, boundFile(r.Communication, f.Number))
		if err != nil {
			return nil, plenary.Internal(fmt.Errorf("communication %d file %d: %w", r.ID, f.Number, err))
		}
		c.Attachments = append(c.Attachments, Attachment{Number: f.Number, Name: string(name), ContentType: f.ContentType, Size: f.Size})
	}
	return &c, nil
}

// role tells how actor, who acts for states (their verified States), stands towards c.
func role(actor plenary.Actor, states []string, c Communication) Role {
	switch {
	case slices.Contains(states, c.To):
		return RecipientSide
	case slices.Contains(states, c.From):
		return SenderSide
	case actor.IsSecretariat():
		return Overseer
	}
	return Outsider
}

// Party reports whether the role is one of the two States'.
func (r Role) Party() bool { return r == SenderSide || r == RecipientSide }

// view turns a record into what role may read: the content for the parties, and for the
// Secretariat once shared; the names of people for the parties only.
func (s *Service) view(ctx context.Context, r Record, ro Role) (Communication, error) {
	c := r.Communication
	c.Content = nil
	if ro == Overseer {
		c.SentByName, c.AcknowledgedByName = "", ""
		if !c.Shared() {
			return c, nil
		}
	}
	content, err := s.openContent(ctx, r)
	if err != nil {
		return c, err
	}
	c.Content = content
	return c, nil
}

// States returns the States actor writes for: those of which they are a verified contact,
// while the State participates in the directory.
func (s *Service) States(ctx context.Context, actor plenary.Actor) ([]string, error) {
	return s.dir.VerifiedStates(ctx, actor)
}

// MayUse tells whether actor has anything to do with communications: the Secretariat
// (the overview) and verified contacts of participating States. Anyone else is told
// there is nothing.
func (s *Service) MayUse(ctx context.Context, actor plenary.Actor) error {
	if actor.IsSecretariat() {
		return nil
	}
	states, err := s.States(ctx, actor)
	if err != nil {
		return err
	}
	if len(states) == 0 {
		return plenary.Hidden(actor)
	}
	return nil
}

// Recipients lists the States a communication may be sent to: participating States with
// at least one verified contact, in code order. Only a verified contact may ask.
func (s *Service) Recipients(ctx context.Context, actor plenary.Actor) ([]string, error) {
	states, err := s.States(ctx, actor)
	if err != nil {
		return nil, err
	}
	if len(states) == 0 {
		return nil, plenary.Hidden(actor)
	}
	rs, err := s.dir.Reachable(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rs {
		if !slices.Contains(out, r.State) {
			out = append(out, r.State)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Send records a new communication from one of the actor's States to another State and
// tells the recipient State's verified contacts by e-mail.
func (s *Service) Send(ctx context.Context, actor plenary.Actor, in Input) (Communication, error) {
	if !actor.CanWrite() || !actor.SignedIn() {
		return Communication{}, plenary.Deny(actor)
	}
	states, err := s.States(ctx, actor)
	if err != nil {
		return Communication{}, err
	}
	if len(states) == 0 {
		return Communication{}, plenary.Deny(actor)
	}
	if in.From == "" && len(states) == 1 {
		in.From = states[0]
	}
	now := s.now()
	var p plenary.Problems
	if !slices.Contains(states, in.From) {
		p.Add("from", "communication.not_your_state", nil)
	}
	var recipients []directory.Reachable
	if p.Required("to", in.To) {
		if in.To == in.From {
			p.Add("to", "communication.same_state", nil)
		} else if recipients, err = s.dir.Reachable(ctx, []string{in.To}); err != nil {
			return Communication{}, err
		} else if len(recipients) == 0 {
			p.Add("to", "communication.unreachable", nil)
		}
	}
	fs := in.check(&p, false, now)
	if err := p.Err(); err != nil {
		return Communication{}, err
	}
	c := Communication{From: in.From, To: in.To, Kind: in.Kind, Urgency: in.Urgency, ReplyBy: in.ReplyBy,
		SentBy: actor.UserID, SentByName: actor.Name, SentAt: now}
	return s.record(ctx, actor, c, in, fs, recipients, nil)
}

// Reply answers a communication of a thread the actor's State is party to. The reply
// goes to the other State; a reply from the recipient State acknowledges what it answers.
func (s *Service) Reply(ctx context.Context, actor plenary.Actor, id int64, in Input) (Communication, error) {
	parent, _, ro, err := s.find(ctx, actor, id)
	if err != nil {
		return Communication{}, err
	}
	if !ro.Party() || !actor.CanWrite() {
		return Communication{}, plenary.Deny(actor)
	}
	c := Communication{ThreadID: parent.ThreadID, ReplyTo: parent.ID, Kind: parent.Kind, Urgency: in.Urgency,
		SentBy: actor.UserID, SentByName: actor.Name, SentAt: s.now()}
	if ro == RecipientSide {
		c.From, c.To = parent.To, parent.From
	} else {
		c.From, c.To = parent.From, parent.To
	}
	in.Kind = parent.Kind
	var p plenary.Problems
	fs := in.check(&p, true, c.SentAt)
	recipients, err := s.dir.Reachable(ctx, []string{c.To})
	if err != nil {
		return Communication{}, err
	}
	if len(recipients) == 0 {
		p.Add("to", "communication.unreachable", nil)
	}
	if err := p.Err(); err != nil {
		return Communication{}, err
	}
	c.Urgency, c.ReplyBy = in.Urgency, in.ReplyBy
	var ack *Record
	if ro == RecipientSide && parent.AcknowledgedAt.IsZero() {
		ack = &parent
	}
	return s.record(ctx, actor, c, in, fs, recipients, ack)
}

// record stores a communication with its sealed content and attachments, queues the
// notices, and records the event; ack, when set, is acknowledged by the same act.
func (s *Service) record(ctx context.Context, actor plenary.Actor, c Communication, in Input, fs []files.File,
	recipients []directory.Reachable, ack *Record) (Communication, error) {
	c.EscalateAt = c.SentAt.Add(c.Urgency.Window())
	if !c.ReplyBy.IsZero() {
		c.EscalateAt = c.ReplyBy
	}
	content, err := json.Marshal(Content{Description: in.Description, RequestedAction: in.RequestedAction})
	if err != nil {
		return Communication{}, plenary.Internal(err)
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		id, err := tx.CreateCommunication(ctx, Record{Communication: c})
		if err != nil {
			return err
		}
		c.ID = id
		if c.ThreadID == 0 {
			c.ThreadID = id
		}
		if err := tx.SetContent(ctx, id, c.ThreadID, s.seal.Seal(purposeContent, content, bound(id, c.From, c.To))); err != nil {
			return err
		}
		for i, f := range fs {
			n := i + 1
			ad := boundFile(c, n)
			err := tx.AddFile(ctx, FileRecord{CommunicationID: id, Number: n, ContentType: f.ContentType, Size: f.Size,
				SealedName: s.seal.Seal(purposeFileName, []byte(f.Name), ad), SealedData: s.seal.Seal(purposeFileData, f.Data, ad)})
			if err != nil {
				return err
			}
		}
		for _, r := range recipients {
			if err := tx.Enqueue(ctx, NotifyJob{Communication: id, Contact: r.ContactID, Letter: letterReceived}); err != nil {
				return err
			}
		}
		details := map[string]string{"from": c.From, "to": c.To, "kind": string(c.Kind), "urgency": string(c.Urgency),
			"thread": strconv.FormatInt(c.ThreadID, 10), "attachments": strconv.Itoa(len(fs))}
		if c.ReplyTo != 0 {
			details["reply_to"] = strconv.FormatInt(c.ReplyTo, 10)
		}
		if !c.ReplyBy.IsZero() {
			details["reply_by"] = c.ReplyBy.Format(time.RFC3339)
		}
		action := "communication_sent"
		if c.ReplyTo != 0 {
			action = "communication_replied"
		}
		if err := tx.Audit(ctx, event(actor, c.SentAt, action, c, details)); err != nil {
			return err
		}
		if ack != nil {
			return s.acknowledge(ctx, tx, actor, *ack, c.SentAt, "reply")
		}
		return nil
	})
	if err != nil {
		return Communication{}, err
	}
	for i, f := range fs {
		if c.Content == nil {
			c.Content = &Content{Description: in.Description, RequestedAction: in.RequestedAction}
		}
		c.Content.Attachments = append(c.Content.Attachments, Attachment{Number: i + 1, Name: f.Name, ContentType: f.ContentType, Size: f.Size})
	}
	if c.Content == nil {
		c.Content = &Content{Description: in.Description, RequestedAction: in.RequestedAction}
	}
	return c, nil
}

func event(actor plenary.Actor, at time.Time, action string, c Communication, details map[string]string) audit.Event {
	if details == nil {
		details = map[string]string{}
	}
	details["from"], details["to"] = c.From, c.To
	return audit.New(actor, at, action, "communication", c.ID, details)
}

// find reads a communication and how actor stands towards it; an outsider is told it
// does not exist.
func (s *Service) find(ctx context.Context, actor plenary.Actor, id int64) (Record, []string, Role, error) {
	r, err := s.store.Communication(ctx, id)
	if err != nil {
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return Record{}, nil, Outsider, plenary.Hidden(actor)
		}
		return Record{}, nil, Outsider, err
	}
	states, err := s.States(ctx, actor)
	if err != nil {
		return Record{}, nil, Outsider, err
	}
	ro := role(actor, states, r.Communication)
	if ro == Outsider {
		return Record{}, nil, Outsider, plenary.Hidden(actor)
	}
	return r, states, ro, nil
}

// Get returns one communication as actor may read it. A contact of the recipient State
// reading it for the first time records its reading.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (Communication, error) {
	r, states, ro, err := s.find(ctx, actor, id)
	if err != nil {
		return Communication{}, err
	}
	if err := s.markRead(ctx, actor, states, []*Record{&r}); err != nil {
		return Communication{}, err
	}
	if err := s.auditSharedRead(ctx, actor, ro, []Record{r}); err != nil {
		return Communication{}, err
	}
	return s.view(ctx, r, ro)
}

// Thread returns the thread of communication id, oldest first, as actor may read it,
// with how the actor stands towards the thread (a party or the Secretariat). Reading it
// records the first reading of what was sent to the actor's State.
func (s *Service) Thread(ctx context.Context, actor plenary.Actor, id int64) ([]Communication, Role, error) {
	r, states, ro, err := s.find(ctx, actor, id)
	if err != nil {
		return nil, Outsider, err
	}
	rs, err := s.store.Thread(ctx, r.ThreadID)
	if err != nil {
		return nil, Outsider, err
	}
	ptrs := make([]*Record, len(rs))
	for i := range rs {
		ptrs[i] = &rs[i]
	}
	if err := s.markRead(ctx, actor, states, ptrs); err != nil {
		return nil, Outsider, err
	}
	if err := s.auditSharedRead(ctx, actor, ro, rs); err != nil {
		return nil, Outsider, err
	}
	out := make([]Communication, 0, len(rs))
	for _, x := range rs {
		c, err := s.view(ctx, x, ro)
		if err != nil {
			return nil, Outsider, err
		}
		out = append(out, c)
	}
	return out, ro, nil
}

// markRead records the first reading of each communication addressed to one of states.
func (s *Service) markRead(ctx context.Context, actor plenary.Actor, states []string, rs []*Record) error {
	var unread []*Record
	for _, r := range rs {
		if r.ReadAt.IsZero() && slices.Contains(states, r.To) {
			unread = append(unread, r)
		}
	}
	if len(unread) == 0 {
		return nil
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		for _, r := range unread {
			ok, err := tx.MarkRead(ctx, r.ID, now)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			r.ReadAt = now
			if err := tx.Audit(ctx, event(actor, now, "communication_read", r.Communication, nil)); err != nil {
				return err
			}
		}
		return nil
	})
}

// auditSharedRead records that the Secretariat read the content a party shared with it.
func (s *Service) auditSharedRead(ctx context.Context, actor plenary.Actor, ro Role, rs []Record) error {
	if ro != Overseer || actor.System {
		return nil
	}
	var ids []string
	var first Communication
	for _, r := range rs {
		if r.Shared() {
			if ids == nil {
				first = r.Communication
			}
			ids = append(ids, strconv.FormatInt(r.ID, 10))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		return tx.Audit(ctx, event(actor, s.now(), "communication_shared_read", first, map[string]string{"communications": strings.Join(ids, " ")}))
	})
}

// List returns a page of the communications the actor's States received (Inbox) or sent
// (Outbox), newest first, without their content.
func (s *Service) List(ctx context.Context, actor plenary.Actor, box Box, page plenary.PageRequest) (plenary.Page[Communication], error) {
	var p plenary.Problems
	p.OneOf("box", string(box), string(Inbox), string(Outbox))
	if err := p.Err(); err != nil {
		return plenary.Page[Communication]{}, err
	}
	states, err := s.States(ctx, actor)
	if err != nil {
		return plenary.Page[Communication]{}, err
	}
	if len(states) == 0 {
		return plenary.Page[Communication]{}, plenary.Hidden(actor)
	}
	pos, err := plenary.DecodeCursor(page.Cursor)
	if err != nil {
		return plenary.Page[Communication]{}, err
	}
	n := page.Size()
	rs, err := s.store.Box(ctx, states, box, pos.ID, n+1)
	if err != nil {
		return plenary.Page[Communication]{}, err
	}
	return pageOf(rs, n, func(r Record) Communication { return r.Communication }), nil
}

func pageOf(rs []Record, n int, f func(Record) Communication) plenary.Page[Communication] {
	out := plenary.Page[Communication]{Items: make([]Communication, 0, min(n, len(rs)))}
	for i, r := range rs {
		if i == n {
			out.Next = plenary.EncodeCursor(plenary.Position{ID: rs[n-1].ID})
			break
		}
		out.Items = append(out.Items, f(r))
	}
	return out
}

// Overview returns the Secretariat's view: a page of every communication's metadata,
// newest first, and the counts by kind, urgency and status.
func (s *Service) Overview(ctx context.Context, actor plenary.Actor, page plenary.PageRequest) (plenary.Page[Communication], Figures, error) {
	if !actor.IsSecretariat() {
		return plenary.Page[Communication]{}, Figures{}, plenary.Hidden(actor)
	}
	pos, err := plenary.DecodeCursor(page.Cursor)
	if err != nil {
		return plenary.Page[Communication]{}, Figures{}, err
	}
	n := page.Size()
	rs, err := s.store.All(ctx, pos.ID, n+1)
	if err != nil {
		return plenary.Page[Communication]{}, Figures{}, err
	}
	out := pageOf(rs, n, func(r Record) Communication {
		c := r.Communication
		c.SentByName, c.AcknowledgedByName, c.Content = "", "", nil
		return c
	})
	all, err := s.store.Figures(ctx)
	if err != nil {
		return out, Figures{}, err
	}
	f := Figures{Total: len(all), ByKind: map[Kind]int{}, ByUrgency: map[Urgency]int{}, ByStatus: map[Status]int{}}
	for _, c := range all {
		f.ByKind[c.Kind]++
		f.ByUrgency[c.Urgency]++
		f.ByStatus[c.Status()]++
	}
	return out, f, nil
}

// Acknowledge records that a contact of the recipient State acknowledges the
// communication; the sender is told by e-mail.
func (s *Service) Acknowledge(ctx context.Context, actor plenary.Actor, id int64) (Communication, error) {
	r, states, ro, err := s.find(ctx, actor, id)
	if err != nil {
		return Communication{}, err
	}
	if !actor.CanWrite() || !slices.Contains(states, r.To) {
		return Communication{}, plenary.Deny(actor)
	}
	if !r.AcknowledgedAt.IsZero() {
		return Communication{}, plenary.Conflict("communication.already_acknowledged", nil)
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		if r.ReadAt.IsZero() {
			if ok, err := tx.MarkRead(ctx, r.ID, now); err != nil {
				return err
			} else if ok {
				r.ReadAt = now
				if err := tx.Audit(ctx, event(actor, now, "communication_read", r.Communication, nil)); err != nil {
					return err
				}
			}
		}
		return s.acknowledge(ctx, tx, actor, r, now, "")
	})
	if err != nil {
		return Communication{}, err
	}
	r.AcknowledgedAt, r.AcknowledgedBy, r.AcknowledgedByName = now, actor.UserID, actor.Name
	return s.view(ctx, r, ro)
}

// acknowledge records the acknowledgement of r in tx and queues the notice to the sender.
func (s *Service) acknowledge(ctx context.Context, tx Tx, actor plenary.Actor, r Record, now time.Time, via string) error {
	ok, err := tx.Acknowledge(ctx, r.ID, actor.UserID, now)
	if err != nil {
		return err
	}
	if !ok {
		if via != "" {
			return nil // acknowledged meanwhile: the reply stands
		}
		return plenary.Conflict("communication.already_acknowledged", nil)
	}
	details := map[string]string{}
	if via != "" {
		details["via"] = via
	}
	if err := tx.Audit(ctx, event(actor, now, "communication_acknowledged", r.Communication, details)); err != nil {
		return err
	}
	// The notice goes to the contacts of the sending State: read when the job runs.
	return tx.Enqueue(ctx, NotifyJob{Communication: r.ID, Letter: letterAcknowledged})
}

// Share lets the Secretariat read a communication's content. Either State may share; it
// cannot be taken back.
func (s *Service) Share(ctx context.Context, actor plenary.Actor, id int64) (Communication, error) {
	r, _, ro, err := s.find(ctx, actor, id)
	if err != nil {
		return Communication{}, err
	}
	if !ro.Party() || !actor.CanWrite() {
		return Communication{}, plenary.Deny(actor)
	}
	if r.Shared() {
		return Communication{}, plenary.Conflict("communication.already_shared", nil)
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.Share(ctx, r.ID, actor.UserID, now)
		if err != nil {
			return err
		}
		if !ok {
			return plenary.Conflict("communication.already_shared", nil)
		}
		return tx.Audit(ctx, event(actor, now, "communication_shared", r.Communication, nil))
	})
	if err != nil {
		return Communication{}, err
	}
	r.SharedAt, r.SharedBy = now, actor.UserID
	return s.view(ctx, r, ro)
}

// Attachment returns an attached file to a reader of the communication's content.
func (s *Service) Attachment(ctx context.Context, actor plenary.Actor, id int64, number int) (files.File, error) {
	r, _, ro, err := s.find(ctx, actor, id)
	if err != nil {
		return files.File{}, err
	}
	if !ro.Party() && !(ro == Overseer && r.Shared()) {
		return files.File{}, plenary.NotFound()
	}
	f, err := s.store.File(ctx, id, number)
	if err != nil {
		return files.File{}, err
	}
	ad := boundFile(r.Communication, number)
	name, err := s.seal.Open(purposeFileName, f.SealedName, ad)
	if err != nil {
		return files.File{}, plenary.Internal(fmt.Errorf("communication %d file %d: %w", id, number, err))
	}
	data, err := s.seal.Open(purposeFileData, f.SealedData, ad)
	if err != nil {
		return files.File{}, plenary.Internal(fmt.Errorf("communication %d file %d: %w", id, number, err))
	}
	return files.File{Name: string(name), ContentType: f.ContentType, Size: int64(len(data)), Data: data}, nil
}
