package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/files"
)

// Communications between Points of Contact through pages: the inbox and the sent box of
// the reader's States, the Secretariat's overview of metadata, the template's form, the
// thread with each message's delivery, reading, acknowledgement and escalation, and the
// attachments. The content is confidential to the two States: no page is cached, and
// the service decides who reads what.

// commArea is what the communications' pages have beyond Page: the names of the
// template's terms and the choices of its form.
type commArea struct{ Page }

func (h *Handler) commArea(w http.ResponseWriter, r *http.Request, titleKey string) commArea {
	return commArea{h.page(w, r, titleKey, "communications")}
}

// CommKindName, CommUrgencyName and CommStatusName name the template's terms.
func (p *commArea) CommKindName(k communication.Kind) string {
	return p.T("communication.kind." + string(k))
}
func (p *commArea) CommUrgencyName(u communication.Urgency) string {
	return p.T("communication.urgency." + string(u))
}
func (p *commArea) CommStatusName(s communication.Status) string {
	return p.T("communication.status." + string(s))
}

type commListPage struct {
	commArea
	Box      communication.Box
	States   []string // the States the reader writes for
	Items    []communication.Communication
	Next     string
	Overview bool // the Secretariat's view of every communication's metadata
	All      []communication.Communication
	AllNext  string
	Figures  communication.Figures
}

// Kinds, Urgencies and Statuses list the terms, for the overview's counts.
func (p *commListPage) Kinds() []communication.Kind        { return communication.Kinds }
func (p *commListPage) Urgencies() []communication.Urgency { return communication.Urgencies }
func (p *commListPage) Statuses() []communication.Status   { return communication.Statuses }
func (p *commListPage) KindCount(k communication.Kind) int { return p.Figures.ByKind[k] }
func (p *commListPage) UrgencyCount(u communication.Urgency) int {
	return p.Figures.ByUrgency[u]
}
func (p *commListPage) StatusCount(s communication.Status) int { return p.Figures.ByStatus[s] }

// Incoming tells whether the reader's States received c (rather than sent it).
func (p *commListPage) Incoming(c communication.Communication) bool {
	for _, s := range p.States {
		if s == c.To {
			return true
		}
	}
	return false
}

func (h *Handler) commList(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), actorOf(r.Context())
	if err := h.svc.Communications.MayUse(ctx, actor); err != nil {
		return err
	}
	p := commListPage{commArea: h.commArea(w, r, "communication.title"), Box: communication.Inbox}
	if r.URL.Query().Get("box") == string(communication.Outbox) {
		p.Box = communication.Outbox
	}
	states, err := h.svc.Communications.States(ctx, actor)
	if err != nil {
		return err
	}
	p.States = states
	if len(states) > 0 {
		got, err := h.svc.Communications.List(ctx, actor, p.Box, plenary.PageRequest{Cursor: r.URL.Query().Get("cursor")})
		if err != nil {
			return err
		}
		p.Items, p.Next = got.Items, got.Next
	}
	if actor.IsSecretariat() {
		got, figures, err := h.svc.Communications.Overview(ctx, actor, plenary.PageRequest{Cursor: r.URL.Query().Get("all")})
		if err != nil {
			return err
		}
		p.Overview, p.All, p.AllNext, p.Figures = true, got.Items, got.Next, figures
	}
	h.render(w, r, http.StatusOK, "comm-list", &p)
	return nil
}

type commFormPage struct {
	commArea
	States     []string
	Recipients []string
	Now        time.Time
}

func (p *commFormPage) FromOptions() []Option {
	out := make([]Option, len(p.States))
	for i, s := range p.States {
		out[i] = Option{Value: s, Label: p.StateName(s)}
	}
	return out
}

func (p *commFormPage) ToOptions() []Option {
	out := []Option{{Value: "", Label: p.T("communication.choose_state")}}
	for _, s := range p.Recipients {
		out = append(out, Option{Value: s, Label: p.StateName(s)})
	}
	return out
}

func (p *commArea) CommKindOptions() []Option {
	return append([]Option{{Value: "", Label: p.T("communication.choose_kind")}}, choices(communication.Kinds, p.CommKindName)...)
}

func (p *commArea) CommUrgencyOptions() []Option {
	return choices(communication.Urgencies, p.CommUrgencyName)
}

// CommMaxAttachments and CommMaxFileMB describe the attachments the form takes.
func (p *commArea) CommMaxAttachments() int { return communication.MaxAttachments }
func (p *commArea) CommMaxFileMB() int      { return communication.MaxFile >> 20 }

func (h *Handler) commFormPage(w http.ResponseWriter, r *http.Request) (commFormPage, error) {
	ctx, actor := r.Context(), actorOf(r.Context())
	recipients, err := h.svc.Communications.Recipients(ctx, actor)
	if err != nil {
		return commFormPage{}, err
	}
	states, err := h.svc.Communications.States(ctx, actor)
	if err != nil {
		return commFormPage{}, err
	}
	p := commFormPage{commArea: h.commArea(w, r, "communication.new_title"), States: states,
		Recipients: recipients, Now: h.svc.Communications.Now()}
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) commNew(w http.ResponseWriter, r *http.Request) error {
	p, err := h.commFormPage(w, r)
	if err != nil {
		return err
	}
	if to := r.URL.Query().Get("to"); to != "" {
		p.Form.Values.Set("to", to)
	}
	h.render(w, r, http.StatusOK, "comm-new", &p)
	return nil
}

// commInput reads the template's form: its fields and attachments. A reply-by date and
// time are read in the time zone the form names.
func (h *Handler) commInput(r *http.Request) (communication.Input, error) {
	ups, err := h.parseAttachments(r)
	if err != nil {
		return communication.Input{}, err
	}
	f := r.PostForm
	in := communication.Input{From: f.Get("from"), To: f.Get("to"), Kind: communication.Kind(f.Get("kind")),
		Urgency: communication.Urgency(f.Get("urgency")), Description: f.Get("description"),
		RequestedAction: f.Get("requested_action"), Attachments: ups}
	var probs plenary.Problems
	in.ReplyBy = formDateTimeIn(f, "reply_by", formZone(f, "time_zone", "communication.time_zone", &probs), &probs)
	return in, probs.Err()
}

// parseAttachments reads a multipart form with up to communication.MaxAttachments files
// in the field "attachments".
func (h *Handler) parseAttachments(r *http.Request) ([]files.Upload, error) {
	limit := int64(communication.MaxAttachments)*communication.MaxFile + MaxForm
	if r.ContentLength > limit {
		return nil, drained(r)
	}
	r.Body = http.MaxBytesReader(nil, r.Body, limit)
	if err := r.ParseMultipartForm(MaxForm); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, errTooLarge
		}
		if errors.Is(err, http.ErrNotMultipart) {
			if err := r.ParseForm(); err == nil {
				return nil, nil
			}
		}
		var p plenary.Problems
		p.Add("form", "error.form_unreadable", nil)
		return nil, p.Err()
	}
	var out []files.Upload
	for _, hdr := range r.MultipartForm.File["attachments"] {
		if hdr.Size == 0 && hdr.Filename == "" {
			continue // the empty file control of a form sent without a file
		}
		f, err := hdr.Open()
		if err != nil {
			return nil, err
		}
		data, err := readPart(f, communication.MaxFile)
		if err != nil {
			return nil, err
		}
		out = append(out, files.Upload{Name: hdr.Filename, Data: data})
	}
	return out, nil
}

func (h *Handler) commSend(w http.ResponseWriter, r *http.Request) error {
	in, err := h.commInput(r)
	var c communication.Communication
	if err == nil {
		c, err = h.svc.Communications.Send(r.Context(), actorOf(r.Context()), in)
	}
	if err != nil {
		return h.formAgain(w, r, err, "comm-new", func() (pageData, error) {
			p, err := h.commFormPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/communications/"+strconv.FormatInt(c.ThreadID, 10)+"#c"+strconv.FormatInt(c.ID, 10), "communication.flash.sent")
	return nil
}

type commThreadPage struct {
	commArea
	Thread  []communication.Communication
	Role    communication.Role
	States  []string
	First   communication.Communication
	Last    communication.Communication
	Now     time.Time
	ReplyTo int64 // the message the reply form answers
}

// Party tells whether the reader is a contact of one of the two States.
func (p *commThreadPage) Party() bool { return p.Role.Party() }

// MayAcknowledge tells whether the reader acknowledges c: a contact of its recipient
// State, while nobody has.
func (p *commThreadPage) MayAcknowledge(c communication.Communication) bool {
	if !c.AcknowledgedAt.IsZero() {
		return false
	}
	for _, s := range p.States {
		if s == c.To {
			return true
		}
	}
	return false
}

// Overdue tells whether c waits for its acknowledgement past its time.
func (p *commThreadPage) Overdue(c communication.Communication) bool {
	return c.AcknowledgedAt.IsZero() && !c.EscalateAt.After(p.Now)
}

func (h *Handler) commID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, plenary.NotFound()
	}
	return id, nil
}

func (h *Handler) commThreadPage(w http.ResponseWriter, r *http.Request) (commThreadPage, error) {
	id, err := h.commID(r)
	if err != nil {
		return commThreadPage{}, err
	}
	ctx := r.Context()
	actor := actorOf(ctx)
	thread, ro, err := h.svc.Communications.Thread(ctx, actor, id)
	if err != nil {
		return commThreadPage{}, err
	}
	states, err := h.svc.Communications.States(ctx, actor)
	if err != nil {
		return commThreadPage{}, err
	}
	p := commThreadPage{commArea: h.commArea(w, r, ""), Thread: thread, Role: ro, States: states,
		First: thread[0], Last: thread[len(thread)-1], Now: h.svc.Communications.Now(), ReplyTo: thread[len(thread)-1].ID}
	p.Title = p.T("communication.thread_title", "Kind", p.CommKindName(p.First.Kind), "From", p.StateName(p.First.From),
		"To", p.StateName(p.First.To))
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) commReply(w http.ResponseWriter, r *http.Request) error {
	id, err := h.commID(r)
	if err != nil {
		return err
	}
	in, err := h.commInput(r)
	var c communication.Communication
	if err == nil {
		c, err = h.svc.Communications.Reply(r.Context(), actorOf(r.Context()), id, in)
	}
	if err != nil {
		return h.formAgain(w, r, err, "comm-thread", func() (pageData, error) {
			p, err := h.commThreadPage(w, r)
			p.ReplyTo = id // the form answers the message the reader replied to
			return &p, err
		})
	}
	h.redirect(w, r, "/communications/"+strconv.FormatInt(c.ThreadID, 10)+"#c"+strconv.FormatInt(c.ID, 10), "communication.flash.replied")
	return nil
}

// commAcknowledge acknowledges a communication; commShare shares it with the Secretariat.
func (h *Handler) commAcknowledge(r *http.Request, a plenary.Actor, id int64) error {
	_, err := h.svc.Communications.Acknowledge(r.Context(), a, id)
	return err
}

func (h *Handler) commShare(r *http.Request, a plenary.Actor, id int64) error {
	_, err := h.svc.Communications.Share(r.Context(), a, id)
	return err
}

// commAction runs a button's action on a communication and returns to its thread.
func (h *Handler) commAction(fn func(*http.Request, plenary.Actor, int64) error, flash string) http.Handler {
	return h.noStore(func(w http.ResponseWriter, r *http.Request) error {
		id, err := h.commID(r)
		if err != nil {
			return err
		}
		if err := h.parseForm(r); err != nil {
			return err
		}
		if err := fn(r, actorOf(r.Context()), id); err != nil {
			return err
		}
		h.redirect(w, r, "/communications/"+strconv.FormatInt(id, 10)+"#c"+strconv.FormatInt(id, 10), flash)
		return nil
	})
}

func (h *Handler) commAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := h.commID(r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n <= 0 {
		return plenary.NotFound()
	}
	f, err := h.svc.Communications.Attachment(r.Context(), actorOf(r.Context()), id, n)
	if err != nil {
		return err
	}
	return download(w, f, "no-store")
}
