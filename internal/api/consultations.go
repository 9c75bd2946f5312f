package api

import (
	"context"
	"mime"
	"net/http"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/consultation"
)

// Consultations on drafts and their written input. A submission is answered only once it
// is durably stored; when the server is over capacity it answers 503 with Retry-After
// and has stored nothing, so the client sends it again with the same Idempotency-Key.

// Consultation is a consultation on a draft, with the counts of published input.
type Consultation struct {
	ID          int64             `json:"id"`
	DocumentID  int64             `json:"document_id"`
	Symbol      string            `json:"symbol"`
	OpensAt     time.Time         `json:"opens_at"`
	ClosesAt    time.Time         `json:"closes_at"`
	TimeZone    string            `json:"time_zone" doc:"The body's, in which pages show the times"`
	Phase       string            `json:"phase" enum:"upcoming,open,closed"`
	LateRule    string            `json:"late_rule" enum:"refuse,accept_marked"`
	Eligibility string            `json:"eligibility" enum:"states,organizations,users,anyone"`
	Moderated   bool              `json:"moderated"`
	Published   int               `json:"published" doc:"Published submissions"`
	Signers     int               `json:"signers" doc:"People behind the published submissions"`
	Paragraphs  []ParagraphCounts `json:"paragraphs"`
}

// ParagraphCounts are a paragraph and the published input on it, by stance.
type ParagraphCounts struct {
	Paragraph
	Counts map[string]int `json:"counts" doc:"Submissions by stance: support, oppose, amend, comment"`
}

func (a *API) consultationJSON(v consultation.View) Consultation {
	c := v.Consultation
	out := Consultation{ID: c.ID, DocumentID: c.DocumentID, Symbol: v.Document.Symbol, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt,
		TimeZone: v.Body.TimeZone, Phase: string(v.Phase), LateRule: string(c.LateRule),
		Eligibility: string(c.Eligibility), Moderated: c.Moderated, Published: v.Totals.Published, Signers: v.Totals.Signers,
		Paragraphs: []ParagraphCounts{}}
	for _, p := range paragraphsJSON(v.Paragraphs) {
		pc := ParagraphCounts{Paragraph: p, Counts: map[string]int{}}
		for _, st := range consultation.Stances {
			pc.Counts[string(st)] = v.CountFor(p.Key, st).Submissions
		}
		out.Paragraphs = append(out.Paragraphs, pc)
	}
	return out
}

// ConsultationInput opens or changes a consultation.
type ConsultationInput struct {
	OpensAt     time.Time `json:"opens_at"`
	ClosesAt    time.Time `json:"closes_at"`
	LateRule    string    `json:"late_rule" enum:"refuse,accept_marked"`
	Eligibility string    `json:"eligibility" enum:"states,organizations,users,anyone"`
	Moderated   bool      `json:"moderated,omitempty"`
}

func (in ConsultationInput) domain() consultation.Input {
	return consultation.Input{OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, LateRule: consultation.LateRule(in.LateRule),
		Eligibility: consultation.Eligibility(in.Eligibility), Moderated: in.Moderated}
}

type openConsultationInput struct {
	ID   int64 `path:"id" doc:"The draft"`
	Body ConsultationInput
}

func (a *API) openConsultation(ctx context.Context, in *openConsultationInput) (*Output[Consultation], error) {
	c, err := a.svc.Consultations.Open(ctx, actorOf(ctx), in.ID, in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.consultation(ctx, c.ID)
}

type updateConsultationInput struct {
	ID   int64 `path:"id"`
	Body ConsultationInput
}

func (a *API) updateConsultation(ctx context.Context, in *updateConsultationInput) (*Output[Consultation], error) {
	if _, err := a.svc.Consultations.Update(ctx, actorOf(ctx), in.ID, in.Body.domain()); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.consultation(ctx, in.ID)
}

func (a *API) consultation(ctx context.Context, id int64) (*Output[Consultation], error) {
	v, err := a.svc.Consultations.Get(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Consultation]{Body: a.consultationJSON(v)}, nil
}

func (a *API) getConsultation(ctx context.Context, in *idPath) (*Output[Consultation], error) {
	return a.consultation(ctx, in.ID)
}

func (a *API) documentConsultation(ctx context.Context, in *idPath) (*Output[Consultation], error) {
	v, err := a.svc.Consultations.ForDocument(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Consultation]{Body: a.consultationJSON(v)}, nil
}

// AnchorJSON is what a submission says about one paragraph.
type AnchorJSON struct {
	Paragraph    string `json:"paragraph" maxLength:"20" doc:"The paragraph's key (not its number: keys survive new versions)"`
	Stance       string `json:"stance" enum:"support,oppose,amend,comment"`
	Comment      string `json:"comment,omitempty" maxLength:"20000"`
	ProposedText string `json:"proposed_text,omitempty" maxLength:"20000" doc:"Required to amend"`
}

// SubmissionInput is written input.
type SubmissionInput struct {
	Name           string       `json:"name,omitempty" maxLength:"200" doc:"Without an account (consultations open to anyone)"`
	Email          string       `json:"email,omitempty" maxLength:"254" doc:"Without an account: where the receipt goes"`
	OnBehalf       string       `json:"on_behalf,omitempty" enum:"self,state,organization" doc:"self when omitted; a delegate always speaks for their State"`
	State          string       `json:"state,omitempty" maxLength:"3"`
	OrganizationID int64        `json:"organization_id,omitempty"`
	Language       string       `json:"language" enum:"ar,zh,en,fr,ru,es"`
	Text           string       `json:"text,omitempty" maxLength:"20000"`
	Anchors        []AnchorJSON `json:"anchors,omitempty" maxItems:"200"`
	Signers        int          `json:"signers,omitempty" doc:"Bulk channel: the people an organization submits for"`
	Campaign       string       `json:"campaign,omitempty" maxLength:"200"`
	IdempotencyKey string       `json:"idempotency_key,omitempty" maxLength:"100" doc:"Bulk channel: each item's own key"`
}

func (in SubmissionInput) domain(key string) consultation.SubmitInput {
	out := consultation.SubmitInput{Name: in.Name, Email: in.Email, OnBehalf: consultation.Behalf(in.OnBehalf), State: in.State,
		OrganizationID: in.OrganizationID, Language: in.Language, Text: in.Text, Signers: in.Signers, Campaign: in.Campaign,
		IdempotencyKey: key}
	for _, an := range in.Anchors {
		out.Anchors = append(out.Anchors, consultation.Anchor{ParagraphKey: an.Paragraph, Stance: consultation.Stance(an.Stance),
			Comment: an.Comment, ProposedText: an.ProposedText})
	}
	return out
}

// Submission is written input as others see it (the author's address never shows).
type Submission struct {
	ID             int64        `json:"id"`
	Tracking       string       `json:"tracking,omitempty" doc:"Given to the author, the Secretariat"`
	ConsultationID int64        `json:"consultation_id"`
	Author         string       `json:"author"`
	OnBehalf       string       `json:"on_behalf" enum:"self,state,organization"`
	State          string       `json:"state,omitempty"`
	OrganizationID int64        `json:"organization_id,omitempty"`
	Language       string       `json:"language"`
	Text           string       `json:"text,omitempty"`
	Anchors        []AnchorJSON `json:"anchors"`
	Status         string       `json:"status" enum:"pending,published,rejected,withdrawn"`
	Late           bool         `json:"late"`
	Signers        int          `json:"signers"`
	Campaign       string       `json:"campaign,omitempty"`
	File           string       `json:"file,omitempty" doc:"Path of the attachment"`
	CreatedAt      time.Time    `json:"created_at"`
}

func submissionJSON(s consultation.Submission, withTracking bool) Submission {
	out := Submission{ID: s.ID, ConsultationID: s.ConsultationID, Author: s.AuthorName, OnBehalf: string(s.OnBehalf), State: s.State,
		OrganizationID: s.OrganizationID, Language: s.Language, Text: s.Text, Anchors: []AnchorJSON{}, Status: string(s.Status),
		Late: s.Late, Signers: s.Signers, Campaign: s.Campaign, CreatedAt: s.CreatedAt}
	if withTracking {
		out.Tracking = s.Tracking
	}
	for _, an := range s.Anchors {
		out.Anchors = append(out.Anchors, AnchorJSON{Paragraph: an.ParagraphKey, Stance: string(an.Stance), Comment: an.Comment,
			ProposedText: an.ProposedText})
	}
	if s.File != nil {
		out.File = Prefix + "/submissions/" + itoa(s.ID) + "/file"
	}
	return out
}

// ReceiptJSON acknowledges a stored submission.
type ReceiptJSON struct {
	Tracking  string    `json:"tracking" example:"GM-7KQ9C-MXA4T"`
	Status    string    `json:"status" enum:"pending,published"`
	Late      bool      `json:"late"`
	CreatedAt time.Time `json:"created_at"`
	Repeated  bool      `json:"repeated" doc:"The Idempotency-Key was used before: this is the first submission's receipt"`
}

func receiptJSON(r consultation.Receipt) ReceiptJSON {
	return ReceiptJSON{Tracking: r.Submission.Tracking, Status: string(r.Submission.Status), Late: r.Submission.Late,
		CreatedAt: r.Submission.CreatedAt, Repeated: r.Repeated}
}

type submitInput struct {
	ID             int64  `path:"id"`
	IdempotencyKey string `header:"Idempotency-Key" maxLength:"100" doc:"Sent again with a retry, it returns the first submission instead of a second one"`
	Body           SubmissionInput
}

type receiptOutput struct {
	Status int
	Body   ReceiptJSON
}

func (a *API) submit(ctx context.Context, in *submitInput) (*receiptOutput, error) {
	r, err := a.svc.Consultations.Submit(ctx, actorOf(ctx), in.ID, in.Body.domain(in.IdempotencyKey))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	status := http.StatusCreated
	if r.Repeated {
		status = http.StatusOK
	}
	return &receiptOutput{Status: status, Body: receiptJSON(r)}, nil
}

type bulkInput struct {
	ID   int64 `path:"id"`
	Body struct {
		OrganizationID int64             `json:"organization_id"`
		Items          []SubmissionInput `json:"items" minItems:"1" maxItems:"1000" doc:"Each with its own idempotency_key and signers"`
	}
}

// BulkItemResult is the outcome of one item.
type BulkItemResult struct {
	IdempotencyKey string       `json:"idempotency_key"`
	Receipt        *ReceiptJSON `json:"receipt,omitempty"`
	Error          *Problem     `json:"error,omitempty"`
}

// BulkResult reports every item.
type BulkResult struct {
	Accepted int              `json:"accepted"`
	Refused  int              `json:"refused"`
	Items    []BulkItemResult `json:"items"`
}

func (a *API) submitBulk(ctx context.Context, in *bulkInput) (*Output[BulkResult], error) {
	items := make([]consultation.SubmitInput, len(in.Body.Items))
	for i, it := range in.Body.Items {
		items[i] = it.domain(it.IdempotencyKey)
	}
	results, err := a.svc.Consultations.SubmitBulk(ctx, actorOf(ctx), in.ID, in.Body.OrganizationID, items)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := BulkResult{Items: make([]BulkItemResult, len(results))}
	for i, r := range results {
		out.Items[i].IdempotencyKey = in.Body.Items[i].IdempotencyKey
		if r.Err != nil {
			out.Refused++
			out.Items[i].Error = a.problem(actorOf(ctx).Lang, r.Err)
			continue
		}
		out.Accepted++
		rj := receiptJSON(r.Receipt)
		out.Items[i].Receipt = &rj
	}
	return &Output[BulkResult]{Body: out}, nil
}

type listSubmissionsInput struct {
	PageParams
	ID        int64  `path:"id"`
	Paragraph string `query:"paragraph" maxLength:"20" doc:"Only input on this paragraph (its key)"`
	Status    string `query:"status" enum:"published,pending" default:"published" doc:"pending: the Secretariat's moderation queue"`
}

func (a *API) listSubmissions(ctx context.Context, in *listSubmissionsInput) (*PageOutput[Submission], error) {
	actor := actorOf(ctx)
	var page plenary.Page[consultation.Submission]
	var err error
	if in.Status == "pending" {
		page, err = a.svc.Consultations.Pending(ctx, actor, in.ID, in.request())
	} else {
		page, err = a.svc.Consultations.Published(ctx, actor, in.ID, in.Paragraph, in.request())
	}
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Submission]{Body: Page[Submission]{Items: make([]Submission, len(page.Items)), NextCursor: page.Next}}
	for i, s := range page.Items {
		out.Body.Items[i] = submissionJSON(s, actor.IsSecretariat())
	}
	out.Link = a.pageOf("/consultations/"+itoa(in.ID)+"/submissions", in.Limit, page.Next)
	return out, nil
}

type trackInput struct {
	Tracking string `path:"tracking" maxLength:"32"`
	Email    string `query:"email" maxLength:"254" doc:"For input sent without an account: the address it was sent with"`
}

func (a *API) trackSubmission(ctx context.Context, in *trackInput) (*Output[Submission], error) {
	s, err := a.svc.Consultations.Track(ctx, actorOf(ctx), in.Tracking, in.Email)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Submission]{Body: submissionJSON(s, true)}, nil
}

type withdrawInput struct {
	Tracking string `path:"tracking" maxLength:"32"`
	Body     struct {
		Email string `json:"email,omitempty" maxLength:"254" doc:"For input sent without an account"`
	}
}

func (a *API) withdrawSubmission(ctx context.Context, in *withdrawInput) (*Output[Submission], error) {
	s, err := a.svc.Consultations.Withdraw(ctx, actorOf(ctx), in.Tracking, in.Body.Email)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Submission]{Body: submissionJSON(s, true)}, nil
}

type decisionInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Publish bool   `json:"publish"`
		Reason  string `json:"reason,omitempty" maxLength:"2000" doc:"Required to reject; told to the author, not published"`
	}
}

func (a *API) decideSubmission(ctx context.Context, in *decisionInput) (*Output[Submission], error) {
	s, err := a.svc.Consultations.Moderate(ctx, actorOf(ctx), in.ID, in.Body.Publish, in.Body.Reason)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Submission]{Body: submissionJSON(s, true)}, nil
}

func (a *API) submissionFile(ctx context.Context, in *idPath) (*LetterOutput, error) {
	f, err := a.svc.Consultations.File(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &LetterOutput{ContentType: f.ContentType, Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}
