package consultation

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/mail"
	"github.com/plenary-platform/plenary/internal/ratelimit"
)

// Documents is what the consultation reads of the registry: a document as the actor may
// see it, and its paragraphs.
type Documents interface {
	Get(ctx context.Context, actor plenary.Actor, id int64) (document.Document, error)
	Paragraphs(ctx context.Context, actor plenary.Actor, id int64) (document.Document, []draft.Paragraph, error)
}

// Store is what the consultation domain reads and writes.
type Store interface {
	Body(ctx context.Context, id int64) (body.Body, error)
	Consultation(ctx context.Context, id int64) (Consultation, error)
	ForDocument(ctx context.Context, documentID int64) (Consultation, error)
	// ForSubmission returns what Submit checks and its receipt names.
	ForSubmission(ctx context.Context, id int64) (Target, error)
	Accredited(ctx context.Context, bodyID, orgID int64, at time.Time) (bool, error)
	// Author returns the name and e-mail address of an account, for the receipt.
	Author(ctx context.Context, userID int64) (name, email string, err error)
	// Submit stores a submission durably, or returns the one already stored under the same
	// (consultation, submitter, idempotency key) with existed true. It returns only after
	// the commit: what it returns is acknowledged.
	Submit(ctx context.Context, s Submission, file *files.File) (stored Submission, existed bool, err error)
	Submission(ctx context.Context, id int64) (Submission, error)
	ByTracking(ctx context.Context, tracking string) (Submission, error)
	// Submissions lists a consultation's submissions with a status, oldest first; with a
	// paragraph key, those anchored to it.
	Submissions(ctx context.Context, consultationID int64, status Status, paragraphKey string, page plenary.PageRequest) (plenary.Page[Submission], error)
	Mine(ctx context.Context, submitter string) ([]Submission, error)
	Counts(ctx context.Context, consultationID int64) ([]Count, error)
	Totals(ctx context.Context, consultationID int64) (Totals, error)
	File(ctx context.Context, id int64) (files.File, error)
	// IntakeBusy tells whether submissions are queueing for the writer: a burst is on.
	IntakeBusy() bool
	// Exclusive runs fn unless another instance runs work of the same name, and reports
	// whether it ran (see store.DB.Exclusive).
	Exclusive(ctx context.Context, name string, fn func(context.Context) error) (bool, error)
	// ReceiptsDue returns submissions whose receipt is not yet queued, up to n.
	ReceiptsDue(ctx context.Context, n int) ([]Submission, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what changes in one transaction.
type Tx interface {
	CreateConsultation(ctx context.Context, c Consultation) (Consultation, error)
	UpdateConsultation(ctx context.Context, c Consultation) error
	Submission(ctx context.Context, id int64) (Submission, error)
	SetStatus(ctx context.Context, s Submission) error
	ReceiptSent(ctx context.Context, id int64, at time.Time) error
	Enqueue(ctx context.Context, job plenary.Job) error
	Audit(ctx context.Context, e audit.Event) error
}

// Count is how many published submissions take a stance on a paragraph, and how many
// people signed them.
type Count struct {
	ParagraphKey string
	Stance       Stance
	Submissions  int
	Signers      int
}

// Totals count a consultation's submissions by status.
type Totals struct {
	Published, Pending, Rejected, Withdrawn int
	Signers                                 int // of the published ones
}

// Service runs consultations.
type Service struct {
	store     Store
	documents Documents
	clock     plenary.Clock
	baseURL   string
	limits    *ratelimit.Limiter

	// What Submit reads once rather than per submission (see trackingPrefix and
	// paragraphKeys): body ID → tracking prefix, draft ID → keysEntry.
	prefixes sync.Map
	keys     sync.Map

	sender Sender // receipts go out through it
	// sending is held by the run of SendReceipts under way: a run that outlasts the
	// job's period must not be joined by the next one, which would read the same due
	// receipts and send them again.
	sending sync.Mutex
	counts  countsCache // counts reused for a moment
}

// MailTemplates are the consultation's e-mails.
var MailTemplates = map[string]mail.Template{
	// The receipt gives the tracking number in writing: the proof of what was sent and
	// when, and the way to follow or withdraw it.
	"submission_receipt": {Subject: "mail.submission_receipt.subject",
		Paragraphs: []string{"mail.submission_receipt.body", "mail.submission_receipt.published"}, Action: "mail.submission_receipt.action"},
	"submission_receipt_pending": {Subject: "mail.submission_receipt.subject",
		Paragraphs: []string{"mail.submission_receipt.body", "mail.submission_receipt.pending"}, Action: "mail.submission_receipt.action"},
	// After moderation the author learns the outcome; a rejection comes with its reason,
	// which is told to the author only.
	"submission_published": {Subject: "mail.submission_published.subject", Paragraphs: []string{"mail.submission_published.body"},
		Action: "mail.submission_receipt.action"},
	"submission_rejected": {Subject: "mail.submission_rejected.subject",
		Paragraphs: []string{"mail.submission_rejected.body", "mail.submission_rejected.reason"}, Action: "mail.submission_receipt.action"},
}

// NewService builds the service.
//   - limits is the shared rate limiter of the bulk channel (nil: no limit).
//   - sender sends the receipts of submissions. Without one, receipts are queued as mail
//     jobs instead (one job each: simple, but under a burst those inserts compete with
//     the submissions for SQLite's single writer — measured at 35–47 % of the server's
//     CPU).
//   - templates receives its e-mails (nil where none are sent), with links at baseURL.
//   - countsTTL is how long a consultation's counts are reused (0: read every time).
func NewService(s Store, d Documents, c plenary.Clock, limits *ratelimit.Limiter, sender Sender, templates *mail.Templates,
	baseURL string, countsTTL time.Duration) *Service {
	if templates != nil && !slices.Contains(templates.Names(), "submission_receipt") {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, documents: d, clock: c, limits: limits, sender: sender, baseURL: strings.TrimRight(baseURL, "/"),
		counts: countsCache{ttl: countsTTL, clock: c}}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// MayManage tells whether actor may open consultations and moderate input: the Secretariat.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// Open opens a consultation on a draft the Secretariat registered.
func (s *Service) Open(ctx context.Context, actor plenary.Actor, documentID int64, in Input) (Consultation, error) {
	if err := s.MayManage(actor); err != nil {
		return Consultation{}, err
	}
	d, err := s.documents.Get(ctx, actor, documentID)
	if err != nil {
		return Consultation{}, err
	}
	var p plenary.Problems
	in.check(&p)
	if d.Status != document.StatusDraft {
		p.Add("document", "consultation.not_a_draft", nil)
	}
	if err := p.Err(); err != nil {
		return Consultation{}, err
	}
	now := s.now()
	c := Consultation{DocumentID: d.ID, OpensAt: in.OpensAt.UTC(), ClosesAt: in.ClosesAt.UTC(), LateRule: in.LateRule,
		Eligibility: in.Eligibility, Moderated: in.Moderated, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if c, err = tx.CreateConsultation(ctx, c); err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Invalid("document", "consultation.exists", nil)
			}
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "consultation.opened", "consultation", c.ID, c.details(d.Symbol)))
	})
	return c, err
}

func (c Consultation) details(symbol string) map[string]string {
	return map[string]string{"symbol": symbol, "opens_at": c.OpensAt.Format(time.RFC3339), "closes_at": c.ClosesAt.Format(time.RFC3339),
		"late_rule": string(c.LateRule), "eligibility": string(c.Eligibility), "moderated": strconv.FormatBool(c.Moderated)}
}

// Update changes a consultation's window and rules.
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, in Input) (Consultation, error) {
	if err := s.MayManage(actor); err != nil {
		return Consultation{}, err
	}
	c, err := s.store.Consultation(ctx, id)
	if err != nil {
		return Consultation{}, err
	}
	d, err := s.documents.Get(ctx, actor, c.DocumentID)
	if err != nil {
		return Consultation{}, err
	}
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return Consultation{}, err
	}
	now := s.now()
	c.OpensAt, c.ClosesAt, c.LateRule, c.Eligibility, c.Moderated, c.UpdatedAt =
		in.OpensAt.UTC(), in.ClosesAt.UTC(), in.LateRule, in.Eligibility, in.Moderated, now
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateConsultation(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "consultation.changed", "consultation", c.ID, c.details(d.Symbol)))
	})
	return c, err
}

// View is a consultation as a reader sees it: with its draft, the draft's paragraphs and
// the counts of published input.
type View struct {
	Consultation Consultation
	Document     document.Document
	Body         body.Body
	Paragraphs   []draft.Paragraph
	Counts       []Count
	Totals       Totals
	Phase        Phase // at the time of reading
}

// CountFor returns the count of a stance on a paragraph.
func (v View) CountFor(key string, stance Stance) Count {
	for _, c := range v.Counts {
		if c.ParagraphKey == key && c.Stance == stance {
			return c
		}
	}
	return Count{ParagraphKey: key, Stance: stance}
}

// Get returns a consultation whose draft actor may read.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (View, error) {
	c, err := s.store.Consultation(ctx, id)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, c)
}

// ForDocument returns the consultation on a draft, if there is one.
func (s *Service) ForDocument(ctx context.Context, actor plenary.Actor, documentID int64) (View, error) {
	if _, err := s.documents.Get(ctx, actor, documentID); err != nil {
		return View{}, err
	}
	c, err := s.store.ForDocument(ctx, documentID)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, actor, c)
}

// Setting is what the form that opens or changes a draft's consultation needs, without
// the consultation's view: the ID of the consultation (0 when the draft has none yet) and
// the time zone of the draft's body, in which its dates are written.
type Setting struct {
	ConsultationID int64
	TimeZone       string
}

// SettingFor returns the setting of the consultation on a draft actor may see.
func (s *Service) SettingFor(ctx context.Context, actor plenary.Actor, documentID int64) (Setting, error) {
	d, err := s.documents.Get(ctx, actor, documentID)
	if err != nil {
		return Setting{}, err
	}
	b, err := s.store.Body(ctx, d.BodyID)
	if err != nil {
		return Setting{}, err
	}
	out := Setting{TimeZone: b.TimeZone}
	c, err := s.store.ForDocument(ctx, documentID)
	switch {
	case err == nil:
		out.ConsultationID = c.ID
	case plenary.ErrorKind(err) != plenary.KindNotFound:
		return Setting{}, err
	}
	return out, nil
}

func (s *Service) view(ctx context.Context, actor plenary.Actor, c Consultation) (View, error) {
	d, ps, err := s.documents.Paragraphs(ctx, actor, c.DocumentID)
	if err != nil {
		return View{}, err
	}
	v := View{Consultation: c, Document: d, Paragraphs: ps, Phase: c.Phase(s.now())}
	if v.Body, err = s.store.Body(ctx, d.BodyID); err != nil {
		return View{}, err
	}
	if e, ok := s.counts.get(c.ID); ok {
		v.Counts, v.Totals = e.counts, e.totals
		return v, nil
	}
	if v.Counts, err = s.store.Counts(ctx, c.ID); err != nil {
		return View{}, err
	}
	if v.Totals, err = s.store.Totals(ctx, c.ID); err != nil {
		return View{}, err
	}
	s.counts.put(c.ID, countsEntry{counts: v.Counts, totals: v.Totals})
	return v, nil
}

// MaySubmit tells whether actor may send input to c, before any input is read: the
// eligibility level and, for organizations, their accreditation to the body.
func (s *Service) MaySubmit(ctx context.Context, actor plenary.Actor, c Consultation, bodyID int64) error {
	switch {
	case actor.IsSecretariat() && !actor.System:
		return plenary.Forbidden("consultation.secretariat_submits")
	case !actor.CanWrite():
		return plenary.Deny(actor)
	}
	if len(actor.States(plenary.RoleDelegate)) > 0 {
		return nil // every level admits States
	}
	switch c.Eligibility {
	case EligibleAnyone:
		return nil
	case EligibleUsers:
		if actor.SignedIn() {
			return nil
		}
		return plenary.Unauthenticated("consultation.sign_in")
	case EligibleOrganizations:
		if !actor.SignedIn() {
			return plenary.Unauthenticated("consultation.sign_in")
		}
		for _, org := range SpeaksFor(actor) {
			ok, err := s.store.Accredited(ctx, bodyID, org, s.now())
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
		}
		return plenary.Forbidden("consultation.not_eligible")
	}
	if !actor.SignedIn() {
		return plenary.Unauthenticated("consultation.sign_in")
	}
	return plenary.Forbidden("consultation.not_eligible")
}

// SpeaksFor returns the organizations actor may send input for: those they are the focal
// point, a representative or an observer of.
func SpeaksFor(actor plenary.Actor) []int64 {
	return actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative, plenary.RoleObserver)
}

// Campaigns returns the organizations actor may send a campaign's input for (the bulk
// channel): those they are the focal point or a representative of.
func Campaigns(actor plenary.Actor) []int64 {
	return actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative)
}

// Receipt is what an author gets at once for a submission.
type Receipt struct {
	Submission Submission
	// Repeated is true when the same idempotency key was used before: the first
	// submission's receipt, nothing stored again.
	Repeated bool
	// Symbol is the draft's, and TimeZone the body's, in which the receipt gives the time.
	Symbol, TimeZone string
}

// Target is what a submission is checked against, read at once: the consultation's
// window and rules (not who opened it, nor when); its draft's body, kind, status,
// access, publication, symbol and original language, with that language's text as its
// only language version (no title, no files), on which document.Sees decides; and the
// body's time zone, for the receipt.
type Target struct {
	Consultation Consultation
	Draft        document.Document
	TimeZone     string
}

// Submit takes a submission: checked, then stored durably, and only then acknowledged with
// its tracking number. The e-mailed receipt follows (ReceiptsJob).
func (s *Service) Submit(ctx context.Context, actor plenary.Actor, consultationID int64, in SubmitInput) (Receipt, error) {
	// Only what the checks need: the consultation, the draft as actor may see it, and
	// (kept between submissions) its paragraph keys and its body's code. Not the reader's
	// view (Get), whose counts and totals aggregate every submission: read per
	// submission, they made intake slower the more input there was (22 a second once
	// 14,000 were stored, on SQLite). Nor the draft's every language version: its
	// visibility is in the document's row, and the keys depend on the original text only.
	target, err := s.store.ForSubmission(ctx, consultationID)
	if err != nil {
		return Receipt{}, err
	}
	c, d := target.Consultation, target.Draft
	if !document.Sees(actor, d, s.now()) {
		return Receipt{}, plenary.NotFound() // as documents.Get answers
	}
	if err := s.MaySubmit(ctx, actor, c, d.BodyID); err != nil {
		return Receipt{}, err
	}
	now := s.now()
	ok, late := c.Accepts(now)
	if !ok {
		if c.Phase(now) == PhaseUpcoming {
			return Receipt{}, plenary.Conflict("consultation.not_open", map[string]any{"OpensAt": c.OpensAt})
		}
		return Receipt{}, plenary.Conflict("consultation.closed", map[string]any{"ClosesAt": c.ClosesAt})
	}
	in.normalize()
	var p plenary.Problems
	sub := Submission{ConsultationID: c.ID, UserID: actor.UserID, OnBehalf: in.OnBehalf, Language: in.Language, Text: in.Text,
		Late: late, Signers: in.Signers, Campaign: in.Campaign, IdempotencyKey: in.IdempotencyKey, Anchors: in.Anchors, CreatedAt: now}
	if err := s.checkAuthor(ctx, actor, &in, &sub, &p); err != nil {
		return Receipt{}, err
	}
	paras, err := s.paragraphKeys(ctx, actor, d)
	if err != nil {
		return Receipt{}, err
	}
	checkContent(in, paras.keys, &p)
	var file *files.File
	if in.File != nil && len(in.File.Data) > 0 {
		if f, ok := files.CheckAny(&p, "file", *in.File, MaxFile, files.PDF, files.DOCX); ok {
			f.CreatedBy, f.CreatedAt = actor.UserID, now
			file = &f
		}
	}
	if err := p.Err(); err != nil {
		return Receipt{}, err
	}
	// Anchors are kept in the draft's order, however they came (a form's fields have
	// none): problems above were named by the order they came in.
	sub.Anchors = slices.Clone(sub.Anchors)
	slices.SortStableFunc(sub.Anchors, func(a, b Anchor) int { return cmp.Compare(paras.order[a.ParagraphKey], paras.order[b.ParagraphKey]) })
	sub.Status = StatusPublished
	if c.Moderated {
		sub.Status = StatusPending
	}
	if sub.IdempotencyKey == "" {
		// No key: every request is a new submission, as a form posted twice on purpose is.
		sub.IdempotencyKey = NewTracking("k")
	}
	prefix, err := s.trackingPrefix(ctx, d.BodyID)
	if err != nil {
		return Receipt{}, err
	}
	for attempt := 0; ; attempt++ {
		sub.Tracking = NewTracking(prefix)
		stored, existed, err := s.store.Submit(ctx, sub, file)
		if err == nil {
			return Receipt{Submission: stored, Repeated: existed, Symbol: d.Symbol, TimeZone: target.TimeZone}, nil
		}
		// A tracking number already taken (about one in 10¹⁴) is drawn again.
		if plenary.ErrorKind(err) != plenary.KindConflict || attempt == 2 {
			return Receipt{}, err
		}
	}
}

// trackingPrefix is the body's code in capitals ("GM"), which begins its tracking
// numbers. A body's code never changes (body.Service.Update keeps it), so it is read
// once per body rather than once per submission.
func (s *Service) trackingPrefix(ctx context.Context, bodyID int64) (string, error) {
	if p, ok := s.prefixes.Load(bodyID); ok {
		return p.(string), nil
	}
	b, err := s.store.Body(ctx, bodyID)
	if err != nil {
		return "", err
	}
	p := strings.ToUpper(b.Code)
	s.prefixes.Store(bodyID, p)
	return p, nil
}

// paragraphKeys returns d's paragraphs by key (their texts, and their order): anchors
// must name one, and an amendment must differ from it. A draft's paragraphs change only
// when its text in its original language is set again (they are cut from it, in the same
// transaction), so they are kept per draft along with that text and its time, and read
// again only when the text d was read with differs: during a burst every submission
// checks its anchors against the same few keys.
func (s *Service) paragraphKeys(ctx context.Context, actor plenary.Actor, d document.Document) (keysEntry, error) {
	orig, _ := d.Text(d.OriginalLanguage)
	if e, ok := s.keys.Load(d.ID); ok {
		e := e.(keysEntry)
		if e.at.Equal(orig.UpdatedAt) && e.body == orig.Body {
			return e, nil
		}
	}
	// The document comes again with its paragraphs, read after it: the entry is stamped
	// with a text no newer than its paragraphs, so a change in between is read again at
	// the next submission, never missed.
	d, ps, err := s.documents.Paragraphs(ctx, actor, d.ID)
	if err != nil {
		return keysEntry{}, err
	}
	e := keysEntry{keys: make(map[string]string, len(ps)), order: make(map[string]int, len(ps))}
	for i, para := range ps {
		e.keys[para.Key], e.order[para.Key] = para.Text, i
	}
	orig, _ = d.Text(d.OriginalLanguage)
	e.at, e.body = orig.UpdatedAt, orig.Body
	s.keys.Store(d.ID, e)
	return e, nil
}

// keysEntry is a draft's paragraph keys (with their texts and their places) and the
// original-language text they were cut from. Its maps are never changed once stored:
// concurrent submissions read them.
type keysEntry struct {
	at    time.Time
	body  string
	keys  map[string]string
	order map[string]int
}

// checkAuthor fills in who submits and for whom, and checks they may speak for them.
func (s *Service) checkAuthor(ctx context.Context, actor plenary.Actor, in *SubmitInput, sub *Submission, p *plenary.Problems) error {
	if actor.SignedIn() {
		sub.Submitter = "u" + strconv.FormatInt(actor.UserID, 10)
		name, email, err := s.store.Author(ctx, actor.UserID)
		if err != nil {
			return err
		}
		sub.AuthorName, sub.AuthorEmail = name, email
	} else {
		if p.Required("name", in.Name) {
			p.MaxLength("name", in.Name, MaxName)
			p.Line("name", in.Name)
		}
		if p.Required("email", in.Email) {
			p.Email("email", in.Email)
		}
		sub.Submitter = "e" + in.Email
		sub.AuthorName, sub.AuthorEmail = in.Name, in.Email
	}
	if !plenary.ValidLanguage(in.Language) {
		p.Add("language", "field.language", nil)
	}
	switch in.OnBehalf {
	case BehalfSelf:
		if len(actor.States(plenary.RoleDelegate)) > 0 && len(SpeaksFor(actor)) == 0 {
			// A delegate speaks for their State: input from a delegation is the State's.
			sub.OnBehalf, sub.State = BehalfState, actor.States(plenary.RoleDelegate)[0]
		}
	case BehalfState:
		if in.State == "" && len(actor.States(plenary.RoleDelegate)) == 1 {
			in.State = actor.States(plenary.RoleDelegate)[0]
		}
		if !actor.HasForState(plenary.RoleDelegate, in.State) {
			p.Add("on_behalf", "consultation.not_your_state", nil)
		}
		sub.State = in.State
	case BehalfOrganization:
		if in.OrganizationID == 0 {
			if orgs := SpeaksFor(actor); len(orgs) == 1 {
				in.OrganizationID = orgs[0]
			}
		}
		if !slices.Contains(SpeaksFor(actor), in.OrganizationID) {
			p.Add("on_behalf", "consultation.not_your_organization", nil)
		}
		sub.OrganizationID = in.OrganizationID
	default:
		p.Add("on_behalf", "field.choice", nil)
	}
	if in.Signers < 1 || in.Signers > MaxSigners {
		p.Add("signers", "field.range", map[string]any{"Min": 1, "Max": MaxSigners})
	} else if in.Signers > 1 && sub.OnBehalf != BehalfOrganization {
		// Only an organization vouches for the people of a campaign.
		p.Add("signers", "consultation.signers_organization", nil)
	}
	p.MaxLength("campaign", in.Campaign, MaxCampaign)
	p.MaxLength("idempotency_key", in.IdempotencyKey, MaxKey)
	return nil
}

// checkContent checks the text and the anchors: at least something said, each anchor on
// a paragraph of the draft, each amendment with its proposed text.
func checkContent(in SubmitInput, paragraphs map[string]string, p *plenary.Problems) {
	p.MaxLength("text", in.Text, MaxText)
	if in.Text == "" && len(in.Anchors) == 0 && in.File == nil {
		p.Add("text", "consultation.empty", nil)
	}
	if len(in.Anchors) > MaxAnchors {
		p.Add("anchors", "consultation.too_many_anchors", map[string]any{"Max": MaxAnchors})
		return
	}
	seen := map[string]bool{}
	for i, a := range in.Anchors {
		f := fmt.Sprintf("anchors.%d", i)
		text, ok := paragraphs[a.ParagraphKey]
		if !ok {
			p.Add(f+".paragraph", "consultation.no_such_paragraph", nil)
			continue
		}
		if seen[a.ParagraphKey+"/"+string(a.Stance)] {
			p.Add(f+".paragraph", "consultation.anchor_twice", nil)
		}
		seen[a.ParagraphKey+"/"+string(a.Stance)] = true
		if !p.OneOf(f+".stance", string(a.Stance), string(StanceSupport), string(StanceOppose), string(StanceAmend), string(StanceComment)) {
			continue
		}
		// An amendment must change something: the paragraph as it stands proposes nothing
		// (the pages' form offers the paragraph's text to edit).
		if a.Stance == StanceAmend && (a.ProposedText == "" || a.ProposedText == strings.TrimSpace(text)) {
			p.Add(f+".proposed_text", "consultation.amend_needs_text", nil)
		}
		if a.Stance == StanceComment && a.Comment == "" {
			p.Add(f+".comment", "field.required", nil)
		}
		p.MaxLength(f+".comment", a.Comment, MaxText)
		p.MaxLength(f+".proposed_text", a.ProposedText, MaxText)
	}
}

// Published lists a consultation's published input, oldest first; with a paragraph key,
// the input anchored to it.
func (s *Service) Published(ctx context.Context, actor plenary.Actor, id int64, paragraphKey string, page plenary.PageRequest) (plenary.Page[Submission], error) {
	if _, err := s.Get(ctx, actor, id); err != nil {
		return plenary.Page[Submission]{}, err
	}
	got, err := s.store.Submissions(ctx, id, StatusPublished, paragraphKey, page)
	for i := range got.Items {
		got.Items[i].AuthorEmail = "" // never shown: see Submission.AuthorEmail
	}
	return got, err
}

// Pending lists the input waiting for moderation (the Secretariat).
func (s *Service) Pending(ctx context.Context, actor plenary.Actor, id int64, page plenary.PageRequest) (plenary.Page[Submission], error) {
	if err := s.MayManage(actor); err != nil {
		return plenary.Page[Submission]{}, err
	}
	return s.store.Submissions(ctx, id, StatusPending, "", page)
}

// Track returns a submission to its author (or the Secretariat) by its tracking number.
func (s *Service) Track(ctx context.Context, actor plenary.Actor, tracking, email string) (Submission, error) {
	sub, err := s.store.ByTracking(ctx, strings.ToUpper(strings.TrimSpace(tracking)))
	if err != nil {
		return Submission{}, err
	}
	if !s.isAuthor(actor, sub, email) && !actor.IsSecretariat() {
		return Submission{}, plenary.NotFound()
	}
	return sub, nil
}

// isAuthor tells whether actor wrote sub: the account that sent it, or, for input sent
// without an account, whoever gives its tracking number with the same e-mail address.
func (s *Service) isAuthor(actor plenary.Actor, sub Submission, email string) bool {
	if sub.UserID != 0 {
		return actor.UserID == sub.UserID
	}
	return email != "" && plenary.NormalizeEmail(email) == sub.AuthorEmail
}

// Mine lists the input actor sent.
func (s *Service) Mine(ctx context.Context, actor plenary.Actor) ([]Submission, error) {
	if !actor.SignedIn() {
		return nil, plenary.Deny(actor)
	}
	return s.store.Mine(ctx, "u"+strconv.FormatInt(actor.UserID, 10))
}

// Withdraw takes a submission back, at its author's request: it disappears from the
// consultation and its counts, but its record stays for the audit.
func (s *Service) Withdraw(ctx context.Context, actor plenary.Actor, tracking, email string) (Submission, error) {
	sub, err := s.Track(ctx, actor, tracking, email)
	if err != nil {
		return Submission{}, err
	}
	if !s.isAuthor(actor, sub, email) {
		return Submission{}, plenary.Forbidden("consultation.not_yours")
	}
	if sub.Status == StatusWithdrawn || sub.Status == StatusRejected {
		return Submission{}, plenary.Conflict("consultation.not_withdrawable", nil)
	}
	return s.decide(ctx, actor, sub.ID, StatusWithdrawn, "", "submission.withdrawn")
}

// Moderate publishes or rejects input waiting for moderation, with a reason for a
// rejection (told to the author, not published).
func (s *Service) Moderate(ctx context.Context, actor plenary.Actor, id int64, publish bool, reason string) (Submission, error) {
	if err := s.MayManage(actor); err != nil {
		return Submission{}, err
	}
	reason = strings.TrimSpace(reason)
	if !publish {
		var p plenary.Problems
		if p.Required("reason", reason) {
			p.MaxLength("reason", reason, MaxReason)
		}
		if err := p.Err(); err != nil {
			return Submission{}, err
		}
		return s.decide(ctx, actor, id, StatusRejected, reason, "submission.rejected")
	}
	return s.decide(ctx, actor, id, StatusPublished, "", "submission.published")
}

func (s *Service) decide(ctx context.Context, actor plenary.Actor, id int64, to Status, reason, action string) (Submission, error) {
	now := s.now()
	var sub Submission
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if sub, err = tx.Submission(ctx, id); err != nil {
			return err
		}
		if to != StatusWithdrawn && sub.Status != StatusPending {
			return plenary.Conflict("consultation.already_decided", nil)
		}
		sub.Status, sub.DecidedAt, sub.DecidedBy, sub.Reason = to, now, actor.UserID, reason
		if err := tx.SetStatus(ctx, sub); err != nil {
			return err
		}
		if to != StatusWithdrawn && sub.AuthorEmail != "" {
			if err := tx.Enqueue(ctx, mail.Job{Letter: s.decision(sub)}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, audit.New(actor, now, action, "submission", sub.ID,
			map[string]string{"tracking": sub.Tracking, "consultation": strconv.FormatInt(sub.ConsultationID, 10)}))
	})
	if err == nil {
		s.counts.drop(sub.ConsultationID)
	}
	return sub, err
}

// File returns a published submission's attachment (or the author's or Secretariat's).
func (s *Service) File(ctx context.Context, actor plenary.Actor, id int64) (files.File, error) {
	sub, err := s.store.Submission(ctx, id)
	if err != nil {
		return files.File{}, err
	}
	if sub.File == nil {
		return files.File{}, plenary.NotFound()
	}
	if sub.Status != StatusPublished && !actor.IsSecretariat() && !(actor.SignedIn() && actor.UserID == sub.UserID) {
		return files.File{}, plenary.NotFound()
	}
	if _, err := s.Get(ctx, actor, sub.ConsultationID); err != nil {
		return files.File{}, err
	}
	return s.store.File(ctx, sub.File.ID)
}

// ReceiptsJob sends the receipts of new submissions. Submissions are acknowledged at the
// moment of their commit; their e-mails are queued here, in batches, so that the burst's
// path to the disk carries nothing but the submissions themselves.
type ReceiptsJob struct{}

func (ReceiptsJob) Kind() string { return "consultation.receipts" }

// receiptBatch bounds the receipts queued in one transaction.
const receiptBatch = 200

// SendReceipts is the worker of ReceiptsJob: it sends the receipt of every submission
// still without one, and marks those sent, a batch at a time.
func (s *Service) SendReceipts(ctx context.Context, _ ReceiptsJob) error {
	// One run at a time: on this instance (a run may outlast the job's period), and
	// across instances sharing a PostgreSQL database, where two runs would read the same
	// due receipts and send them twice.
	if !s.sending.TryLock() {
		return nil
	}
	defer s.sending.Unlock()
	_, err := s.store.Exclusive(ctx, "consultation-receipts", s.sendReceipts)
	return err
}

func (s *Service) sendReceipts(ctx context.Context) error {
	for {
		if s.store.IntakeBusy() {
			// Receipts wait for the burst to pass: acknowledging input comes first, and a
			// receipt a minute late costs nothing. The next run picks them up.
			return nil
		}
		due, err := s.store.ReceiptsDue(ctx, receiptBatch)
		if err != nil || len(due) == 0 {
			return err
		}
		now := s.now()
		var done []int64
		var failed error
		if s.sender != nil {
			done, failed = s.sendAll(ctx, due)
		}
		err = s.store.InTx(ctx, func(tx Tx) error {
			if s.sender == nil {
				for _, sub := range due {
					if sub.AuthorEmail != "" {
						if err := tx.Enqueue(ctx, mail.Job{Letter: s.receipt(sub)}); err != nil {
							return err
						}
					}
					done = append(done, sub.ID)
				}
			}
			for _, id := range done {
				if err := tx.ReceiptSent(ctx, id, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if failed != nil {
			return failed // the rest waits for the next run
		}
		if len(due) < receiptBatch {
			return nil
		}
	}
}

func (s *Service) receipt(sub Submission) mail.Letter {
	lang := sub.Language
	if !plenary.ValidLanguage(lang) {
		lang = plenary.DefaultLanguage
	}
	template := "submission_receipt"
	if sub.Status == StatusPending {
		template = "submission_receipt_pending"
	}
	return mail.Letter{To: sub.AuthorEmail, Lang: lang, Template: template, Data: map[string]string{
		"Name": sub.AuthorName, "Tracking": sub.Tracking, "At": plenary.TimeArg(sub.CreatedAt, "UTC"),
		// The tracking page, with the number in its query (which no log keeps): it asks an
		// author without an account for their address before showing anything.
		"URL": fmt.Sprintf("%s/%s/submissions/track?tracking=%s", s.baseURL, lang, url.QueryEscape(sub.Tracking))}}
}

// decision is the letter that tells an author what moderation decided.
func (s *Service) decision(sub Submission) mail.Letter {
	l := s.receipt(sub)
	l.Template = "submission_published"
	if sub.Status == StatusRejected {
		l.Template = "submission_rejected"
		l.Data["Reason"] = sub.Reason
	}
	return l
}
