package api

import (
	"context"
	"mime"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/files"
)

// Communications between Points of Contact, on the template. The content (description,
// requested action, attachments) is confidential to the two States: their verified
// contacts read it; the Secretariat reads every communication's metadata, and the content
// of those a party shared with it; anyone else is answered 404 as if nothing existed
// (401 without a token). The service decides all of it.

const commTag = "Communications"

// communicationRoutes registers the template's operations (called from routes).
func (a *API) communicationRoutes() {
	h := a.huma
	reg := func(op huma.Operation) huma.Operation {
		op.Tags = []string{commTag}
		return op
	}
	huma.Register(h, reg(huma.Operation{OperationID: "list-communications", Method: http.MethodGet, Path: "/communications",
		Summary: "List communications, newest first, without their content",
		Description: "box=inbox: received by the caller's States; box=sent: sent by them (verified Points of Contact). " +
			"box=all: every communication's metadata (Secretariat).", Security: readScope}), a.listCommunications)
	huma.Register(h, reg(huma.Operation{OperationID: "get-communication-figures", Method: http.MethodGet, Path: "/communications/figures",
		Summary: "Count communications by kind, urgency and status (Secretariat)", Security: readScope}), a.communicationFigures)
	huma.Register(h, reg(huma.Operation{OperationID: "send-communication", Method: http.MethodPost, Path: "/communications",
		Summary: "Send a communication to another State's Points of Contact (a verified Point of Contact)",
		Description: "The recipient State must participate in the directory and have a verified contact. Its contacts are told by e-mail, " +
			"which never carries the content. Attachments are PDF or DOCX, checked by their content, base64 in JSON.",
		DefaultStatus: http.StatusCreated, MaxBodyBytes: 48 << 20, Security: writeScope}), a.sendCommunication)
	huma.Register(h, reg(huma.Operation{OperationID: "get-communication", Method: http.MethodGet, Path: "/communications/{id}",
		Summary:     "Get a communication: with its content for the two States' contacts, its metadata for the Secretariat unless shared",
		Description: "A contact of the recipient State reading it for the first time records its reading.", Security: readScope}), a.getCommunication)
	huma.Register(h, reg(huma.Operation{OperationID: "get-communication-thread", Method: http.MethodGet, Path: "/communications/{id}/thread",
		Summary: "Get the thread of a communication, oldest first", Security: readScope}), a.communicationThread)
	huma.Register(h, reg(huma.Operation{OperationID: "reply-communication", Method: http.MethodPost, Path: "/communications/{id}/replies",
		Summary:     "Reply to a communication: the reply goes to the other State (the two States' contacts)",
		Description: "A reply from the recipient State acknowledges what it answers.", DefaultStatus: http.StatusCreated,
		MaxBodyBytes: 48 << 20, Security: writeScope}), a.replyCommunication)
	huma.Register(h, reg(huma.Operation{OperationID: "acknowledge-communication", Method: http.MethodPost, Path: "/communications/{id}/acknowledgement",
		Summary: "Acknowledge a communication (the recipient State's contacts)", Security: writeScope}), a.acknowledgeCommunication)
	huma.Register(h, reg(huma.Operation{OperationID: "share-communication", Method: http.MethodPost, Path: "/communications/{id}/sharing",
		Summary:  "Share a communication's content with the Secretariat (either State's contacts); it cannot be taken back",
		Security: writeScope}), a.shareCommunication)
	huma.Register(h, reg(huma.Operation{OperationID: "get-communication-attachment", Method: http.MethodGet, Path: "/communications/{id}/attachments/{n}",
		Summary: "Download an attachment (those who read the content)", Security: readScope,
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/pdf":      {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			files.DOCX.ContentType: {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}), a.communicationAttachment)
}

// Communication is a communication on the template. Content is absent for a reader who
// sees the metadata only.
type Communication struct {
	ID             int64                 `json:"id"`
	ThreadID       int64                 `json:"thread_id" doc:"The first communication of the thread"`
	ReplyTo        int64                 `json:"reply_to,omitempty" doc:"The communication this one answers"`
	From           string                `json:"from" doc:"ISO 3166-1 alpha-3 code of the sending State"`
	To             string                `json:"to" doc:"ISO 3166-1 alpha-3 code of the recipient State"`
	Kind           string                `json:"kind" enum:"information_request,assistance_request,incident_notification"`
	Urgency        string                `json:"urgency" enum:"routine,priority,urgent"`
	Status         string                `json:"status" enum:"sent,delivered,read,escalated,acknowledged"`
	SentAt         time.Time             `json:"sent_at"`
	ReplyBy        *time.Time            `json:"reply_by,omitempty"`
	EscalateAt     time.Time             `json:"escalate_at" doc:"When it is escalated if nobody acknowledged it"`
	DeliveredAt    *time.Time            `json:"delivered_at,omitempty" doc:"When the mail server accepted the first notice"`
	ReadAt         *time.Time            `json:"read_at,omitempty" doc:"When a contact of the recipient State first read it"`
	AcknowledgedAt *time.Time            `json:"acknowledged_at,omitempty"`
	EscalatedAt    *time.Time            `json:"escalated_at,omitempty"`
	SharedAt       *time.Time            `json:"shared_at,omitempty" doc:"When a party shared it with the Secretariat"`
	SentBy         string                `json:"sent_by,omitempty" doc:"The sender's name (the two States only)"`
	AcknowledgedBy string                `json:"acknowledged_by,omitempty" doc:"Who acknowledged (the two States only)"`
	Content        *CommunicationContent `json:"content,omitempty"`
}

// CommunicationContent is what a communication says.
type CommunicationContent struct {
	Description     string                    `json:"description"`
	RequestedAction string                    `json:"requested_action"`
	Attachments     []CommunicationAttachment `json:"attachments"`
}

// CommunicationAttachment describes an attachment; its number is in its download path.
type CommunicationAttachment struct {
	Number      int    `json:"number"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

func communicationJSON(c communication.Communication) Communication {
	out := Communication{ID: c.ID, ThreadID: c.ThreadID, ReplyTo: c.ReplyTo, From: c.From, To: c.To, Kind: string(c.Kind),
		Urgency: string(c.Urgency), Status: string(c.Status()), SentAt: c.SentAt, ReplyBy: optTime(c.ReplyBy),
		EscalateAt: c.EscalateAt, DeliveredAt: optTime(c.DeliveredAt), ReadAt: optTime(c.ReadAt),
		AcknowledgedAt: optTime(c.AcknowledgedAt), EscalatedAt: optTime(c.EscalatedAt), SharedAt: optTime(c.SharedAt),
		SentBy: c.SentByName, AcknowledgedBy: c.AcknowledgedByName}
	if c.Content != nil {
		out.Content = &CommunicationContent{Description: c.Content.Description, RequestedAction: c.Content.RequestedAction,
			Attachments: []CommunicationAttachment{}}
		for _, f := range c.Content.Attachments {
			out.Content.Attachments = append(out.Content.Attachments, CommunicationAttachment{Number: f.Number, Name: f.Name,
				ContentType: f.ContentType, Size: f.Size})
		}
	}
	return out
}

type listCommunicationsInput struct {
	Box string `query:"box" enum:"inbox,sent,all" default:"inbox"`
	PageParams
}

func (a *API) listCommunications(ctx context.Context, in *listCommunicationsInput) (*PageOutput[Communication], error) {
	actor := actorOf(ctx)
	var page plenary.Page[communication.Communication]
	var err error
	if in.Box == "all" {
		page, _, err = a.svc.Communications.Overview(ctx, actor, in.request())
	} else {
		page, err = a.svc.Communications.List(ctx, actor, communication.Box(in.Box), in.request())
	}
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Communication]{Body: Page[Communication]{Items: make([]Communication, len(page.Items)), NextCursor: page.Next}}
	for i, c := range page.Items {
		out.Body.Items[i] = communicationJSON(c)
	}
	out.Link = a.pageOf("/communications", in.Limit, page.Next)
	return out, nil
}

// CommunicationFigures count every communication.
type CommunicationFigures struct {
	Total     int            `json:"total"`
	ByKind    map[string]int `json:"by_kind"`
	ByUrgency map[string]int `json:"by_urgency"`
	ByStatus  map[string]int `json:"by_status"`
}

func (a *API) communicationFigures(ctx context.Context, _ *struct{}) (*Output[CommunicationFigures], error) {
	_, f, err := a.svc.Communications.Overview(ctx, actorOf(ctx), plenary.PageRequest{Limit: 1})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := CommunicationFigures{Total: f.Total, ByKind: map[string]int{}, ByUrgency: map[string]int{}, ByStatus: map[string]int{}}
	for _, k := range communication.Kinds {
		out.ByKind[string(k)] = f.ByKind[k]
	}
	for _, u := range communication.Urgencies {
		out.ByUrgency[string(u)] = f.ByUrgency[u]
	}
	for _, s := range communication.Statuses {
		out.ByStatus[string(s)] = f.ByStatus[s]
	}
	return &Output[CommunicationFigures]{Body: out}, nil
}

// AttachmentInput is an attached file.
type AttachmentInput struct {
	Name    string `json:"name" maxLength:"200"`
	Content []byte `json:"content" doc:"The file, base64"`
}

// CommunicationInput is a new communication.
type CommunicationInput struct {
	From            string            `json:"from,omitempty" maxLength:"3" doc:"The sending State; may be left out by a contact of one State"`
	To              string            `json:"to" maxLength:"3"`
	Kind            string            `json:"kind" enum:"information_request,assistance_request,incident_notification"`
	Urgency         string            `json:"urgency,omitempty" enum:"routine,priority,urgent" doc:"routine when absent"`
	Description     string            `json:"description" maxLength:"20000"`
	RequestedAction string            `json:"requested_action,omitempty" maxLength:"5000" doc:"Required except for an incident notification"`
	ReplyBy         *time.Time        `json:"reply_by,omitempty" doc:"In the future"`
	Attachments     []AttachmentInput `json:"attachments,omitempty" maxItems:"4"`
}

// ReplyInput is a reply: its kind is the thread's, its recipient the other State.
type ReplyInput struct {
	Urgency         string            `json:"urgency,omitempty" enum:"routine,priority,urgent" doc:"routine when absent"`
	Description     string            `json:"description" maxLength:"20000"`
	RequestedAction string            `json:"requested_action,omitempty" maxLength:"5000"`
	ReplyBy         *time.Time        `json:"reply_by,omitempty" doc:"In the future"`
	Attachments     []AttachmentInput `json:"attachments,omitempty" maxItems:"4"`
}

func uploads(in []AttachmentInput) []files.Upload {
	out := make([]files.Upload, len(in))
	for i, f := range in {
		out[i] = files.Upload{Name: f.Name, Data: f.Content}
	}
	return out
}

func (a *API) sendCommunication(ctx context.Context, in *struct{ Body CommunicationInput }) (*Output[Communication], error) {
	b := in.Body
	input := communication.Input{From: b.From, To: b.To, Kind: communication.Kind(b.Kind), Urgency: communication.Urgency(b.Urgency),
		Description: b.Description, RequestedAction: b.RequestedAction, Attachments: uploads(b.Attachments)}
	if b.ReplyBy != nil {
		input.ReplyBy = *b.ReplyBy
	}
	c, err := a.svc.Communications.Send(ctx, actorOf(ctx), input)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Communication]{Body: communicationJSON(c)}, nil
}

type replyCommunicationInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body ReplyInput
}

func (a *API) replyCommunication(ctx context.Context, in *replyCommunicationInput) (*Output[Communication], error) {
	b := in.Body
	input := communication.Input{Urgency: communication.Urgency(b.Urgency), Description: b.Description,
		RequestedAction: b.RequestedAction, Attachments: uploads(b.Attachments)}
	if b.ReplyBy != nil {
		input.ReplyBy = *b.ReplyBy
	}
	c, err := a.svc.Communications.Reply(ctx, actorOf(ctx), in.ID, input)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Communication]{Body: communicationJSON(c)}, nil
}

func (a *API) getCommunication(ctx context.Context, in *idInput) (*Output[Communication], error) {
	c, err := a.svc.Communications.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Communication]{Body: communicationJSON(c)}, nil
}

// Thread is a thread of communications, oldest first.
type Thread struct {
	Items []Communication `json:"items"`
}

func (a *API) communicationThread(ctx context.Context, in *idInput) (*Output[Thread], error) {
	cs, _, err := a.svc.Communications.Thread(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := Thread{Items: make([]Communication, len(cs))}
	for i, c := range cs {
		out.Items[i] = communicationJSON(c)
	}
	return &Output[Thread]{Body: out}, nil
}

func (a *API) acknowledgeCommunication(ctx context.Context, in *idInput) (*Output[Communication], error) {
	c, err := a.svc.Communications.Acknowledge(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Communication]{Body: communicationJSON(c)}, nil
}

func (a *API) shareCommunication(ctx context.Context, in *idInput) (*Output[Communication], error) {
	c, err := a.svc.Communications.Share(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Communication]{Body: communicationJSON(c)}, nil
}

type attachmentInput struct {
	ID int64 `path:"id" minimum:"1"`
	N  int   `path:"n" minimum:"1"`
}

// AttachmentOutput is an attachment, as a download.
type AttachmentOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	NoSniff            string `header:"X-Content-Type-Options"`
	Body               []byte
}

func (a *API) communicationAttachment(ctx context.Context, in *attachmentInput) (*AttachmentOutput, error) {
	f, err := a.svc.Communications.Attachment(ctx, actorOf(ctx), in.ID, in.N)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &AttachmentOutput{ContentType: f.ContentType, NoSniff: "nosniff", Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}
