package web

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
)

// Consultations through pages: the draft's paragraphs with the input on each, a form that
// works without JavaScript (one optional position per paragraph), the receipt with its
// tracking number, the author's tracking and withdrawal, and the Secretariat's forms.

// consultationArea is what every page of a consultation has: the registry's words, as a
// consultation is on a draft, and the names of a consultation's terms in the reader's
// language.
type consultationArea struct{ documentArea }

// consultationBase starts a page of a consultation, in the documents' section.
func (h *Handler) consultationBase(w http.ResponseWriter, r *http.Request, titleKey string) consultationArea {
	return consultationArea{documentArea{h.page(w, r, titleKey, "documents")}}
}

// PhaseName, StanceName, SubStatusName and EligibilityName name a consultation's terms.
func (p *consultationArea) PhaseName(ph consultation.Phase) string {
	return p.T("consultation.phase." + string(ph))
}
func (p *consultationArea) StanceName(s consultation.Stance) string {
	return p.T("consultation.stance." + string(s))
}
func (p *consultationArea) SubStatusName(s consultation.Status) string {
	return p.T("consultation.status." + string(s))
}
func (p *consultationArea) EligibilityName(e consultation.Eligibility) string {
	return p.T("consultation.eligibility." + string(e))
}

// Stances lists the stances, for templates.
func (p *consultationArea) Stances() []consultation.Stance { return consultation.Stances }

type consultationPage struct {
	consultationArea
	View      consultation.View
	Input     []consultation.Submission // published input (on one paragraph when Paragraph is set)
	Next      string
	Paragraph *draft.Paragraph
	MayManage bool
	MaySubmit bool
	// MayCampaign: the reader acts for an organization, which may send a campaign's input.
	MayCampaign bool
}

// consultationOf finds the consultation named in the path ({id}).
func (h *Handler) consultationOf(r *http.Request) (consultation.View, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return consultation.View{}, plenary.NotFound()
	}
	return h.svc.Consultations.Get(r.Context(), actorOf(r.Context()), id)
}

func (h *Handler) consultationShow(w http.ResponseWriter, r *http.Request) error {
	v, err := h.consultationOf(r)
	if err != nil {
		return err
	}
	p := consultationPage{consultationArea: h.consultationBase(w, r, ""), View: v}
	p.Title = p.T("consultation.title", "Symbol", v.Document.Symbol)
	p.MayManage = h.svc.Consultations.MayManage(p.Actor) == nil
	p.MaySubmit = h.svc.Consultations.MaySubmit(r.Context(), p.Actor, v.Consultation, v.Document.BodyID) == nil
	p.MayCampaign = p.MaySubmit && len(consultation.Campaigns(p.Actor)) > 0
	key := r.URL.Query().Get("paragraph")
	for i := range v.Paragraphs {
		if v.Paragraphs[i].Key == key {
			p.Paragraph = &v.Paragraphs[i]
		}
	}
	got, err := h.svc.Consultations.Published(r.Context(), p.Actor, v.Consultation.ID, key, plenary.PageRequest{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	p.Input, p.Next = got.Items, got.Next
	h.render(w, r, http.StatusOK, "consultation", &p)
	return nil
}

// documentConsultation sends a draft's readers to its consultation.
func (h *Handler) documentConsultation(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		return plenary.NotFound()
	}
	v, err := h.svc.Consultations.ForDocument(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/"+langOf(r.Context())+"/consultations/"+strconv.FormatInt(v.Consultation.ID, 10), http.StatusSeeOther)
	return nil
}

// ParagraphNumber is the number of the paragraph with key, for the page's anchors.
func (p *consultationPage) ParagraphNumber(key string) int {
	for _, x := range p.View.Paragraphs {
		if x.Key == key {
			return x.Number
		}
	}
	return 0
}

// AuthorOf says who an input speaks for: a State, an organization, or its author.
func (p *consultationArea) AuthorOf(s consultation.Submission) string {
	switch s.OnBehalf {
	case consultation.BehalfState:
		return p.StateName(s.State)
	}
	return s.AuthorName
}

type submitPage struct {
	consultationArea
	View           consultation.View
	Focus          string // the paragraph the reader came from
	IdempotencyKey string
	Anonymous      bool
	BehalfOpts     []Option
	LanguageOpts   []Option
}

// StanceOptions are the choices for one paragraph: no position, or a stance.
func (p *submitPage) StanceOptions(key string) []Option {
	out := []Option{{Value: "", Label: p.T("consultation.no_position")}}
	for _, s := range consultation.Stances {
		out = append(out, Option{Value: string(s), Label: p.StanceName(s), Selected: p.Form.Value("stance_"+key) == string(s)})
	}
	return out
}

func (h *Handler) submitPage(w http.ResponseWriter, r *http.Request) (submitPage, error) {
	v, err := h.consultationOf(r)
	if err != nil {
		return submitPage{}, err
	}
	actor := actorOf(r.Context())
	if err := h.svc.Consultations.MaySubmit(r.Context(), actor, v.Consultation, v.Document.BodyID); err != nil {
		return submitPage{}, err
	}
	p := submitPage{consultationArea: h.consultationBase(w, r, ""), View: v, Anonymous: !actor.SignedIn()}
	p.Title = p.T("consultation.submit_title", "Symbol", v.Document.Symbol)
	p.Form = newForm(r)
	p.BehalfOpts = []Option{{Value: string(consultation.BehalfSelf), Label: p.T("consultation.behalf_self")}}
	if states := actor.States(plenary.RoleDelegate); len(states) > 0 {
		// A delegate's input is their State's (the service decides so): the choice is which
		// of their States, not "myself".
		p.BehalfOpts = nil
		for _, iso3 := range states {
			p.BehalfOpts = append(p.BehalfOpts, Option{Value: "state:" + iso3, Label: p.StateName(iso3)})
		}
	}
	for _, org := range consultation.SpeaksFor(actor) {
		o, err := h.svc.Organizations.Get(r.Context(), actor, org)
		if err == nil {
			p.BehalfOpts = append(p.BehalfOpts, Option{Value: "organization:" + strconv.FormatInt(org, 10), Label: o.Name(p.Lang)})
		}
	}
	p.LanguageOpts = p.LanguageOptions()
	return p, nil
}

func (h *Handler) submitForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.submitPage(w, r)
	if err != nil {
		return err
	}
	p.Focus = r.URL.Query().Get("paragraph")
	// One key per form shown: sending the same form twice (a double click, a retry on a
	// slow connection, the back button) is one submission.
	p.IdempotencyKey = "form-" + consultation.NewTracking("f")
	p.Form.Values.Set("language", p.Lang)
	if p.Focus != "" {
		p.Form.Values.Set("stance_"+p.Focus, string(consultation.StanceAmend))
		for _, x := range p.View.Paragraphs {
			if x.Key == p.Focus {
				p.Form.Values.Set("proposed_"+x.Key, x.Text)
			}
		}
	}
	h.render(w, r, http.StatusOK, "consultation-submit", &p)
	return nil
}

// submit takes written input from the form: it reads the form (the stances are its
// stance_KEY fields), submits, and answers with the receipt. Only a refusal reads the
// consultation, to show the form again with the problems beside their fields.
func (h *Handler) submit(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	up, err := h.parseUpload(r, "file", consultation.MaxFile)
	if err != nil {
		return err
	}
	f := r.PostForm
	in := consultation.SubmitInput{Name: f.Get("name"), Email: f.Get("email"), Language: f.Get("language"), Text: f.Get("text"),
		IdempotencyKey: f.Get("idempotency_key"), OnBehalf: consultation.BehalfSelf}
	if kind, who, ok := strings.Cut(f.Get("on_behalf"), ":"); ok {
		switch kind {
		case "state":
			in.OnBehalf, in.State = consultation.BehalfState, who
		case "organization":
			in.OnBehalf = consultation.BehalfOrganization
			in.OrganizationID, _ = strconv.ParseInt(who, 10, 64)
		}
	}
	// In a fixed order, so that the problems are listed the same way each time; the
	// service keeps the anchors in the draft's order.
	for _, name := range slices.Sorted(maps.Keys(f)) {
		key, ok := strings.CutPrefix(name, "stance_")
		if !ok || f.Get(name) == "" {
			continue
		}
		a := consultation.Anchor{ParagraphKey: key, Stance: consultation.Stance(f.Get(name)), Comment: f.Get("comment_" + key)}
		if a.Stance == consultation.StanceAmend {
			a.ProposedText = f.Get("proposed_" + key)
		}
		in.Anchors = append(in.Anchors, a)
	}
	if len(up.Data) > 0 {
		in.File = &files.Upload{Name: up.Name, Data: up.Data}
	}
	rec, err := h.svc.Consultations.Submit(r.Context(), actorOf(r.Context()), id, in)
	if err != nil {
		if v, ok := isValidation(err); ok {
			err = anchorFields(v, in.Anchors)
		}
		return h.formAgain(w, r, err, "consultation-submit", func() (pageData, error) {
			p, err := h.submitPage(w, r)
			p.IdempotencyKey = in.IdempotencyKey
			return &p, err
		})
	}
	p := receiptPage{consultationArea: h.consultationBase(w, r, "consultation.received_title"), Receipt: rec}
	h.render(w, r, http.StatusOK, "consultation-receipt", &p)
	return nil
}

// receiptPage is the receipt of input just sent, with its tracking number.
type receiptPage struct {
	consultationArea
	Receipt consultation.Receipt
}

// anchorFields renames the domain's "anchors.N.field" problems after the form's fields
// ("proposed_KEY"), so that each message sits by its paragraph.
func anchorFields(v *plenary.ValidationError, anchors []consultation.Anchor) *plenary.ValidationError {
	out := &plenary.ValidationError{}
	for _, f := range v.Fields {
		name := f.Field
		if rest, ok := strings.CutPrefix(name, "anchors."); ok {
			n, field, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(n); err == nil && i < len(anchors) {
				key := anchors[i].ParagraphKey
				switch field {
				case "proposed_text":
					name = "proposed_" + key
				case "comment":
					name = "comment_" + key
				default:
					name = "stance_" + key
				}
			}
		}
		out.Fields = append(out.Fields, plenary.FieldError{Field: name, Message: f.Message, Args: f.Args})
	}
	return out
}

type trackPage struct {
	consultationArea
	Submission *consultation.Submission
	Email      string
}

// submissionTrack shows the author their input: by tracking number and e-mail address
// without an account, or from their account.
func (h *Handler) submissionTrack(w http.ResponseWriter, r *http.Request) error {
	p := trackPage{consultationArea: h.consultationBase(w, r, "consultation.track_title")}
	p.Form = newForm(r)
	q := r.URL.Query()
	p.Form.Values = q
	// The receipt's link gives the number alone: someone not signed in is asked for the
	// address first, not told that nothing was found.
	if tr := q.Get("tracking"); tr != "" && (q.Get("email") != "" || p.Actor.SignedIn()) {
		s, err := h.svc.Consultations.Track(r.Context(), p.Actor, tr, q.Get("email"))
		if err != nil {
			if plenary.ErrorKind(err) != plenary.KindNotFound {
				return err
			}
			p.Form.addError(h.catalog, p.Lang, "tracking", "consultation.not_found")
		} else {
			p.Submission, p.Email = &s, q.Get("email")
		}
	}
	h.render(w, r, http.StatusOK, "consultation-track", &p)
	return nil
}

func (h *Handler) submissionWithdraw(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	tr, email := r.PostForm.Get("tracking"), r.PostForm.Get("email")
	if _, err := h.svc.Consultations.Withdraw(r.Context(), actorOf(r.Context()), tr, email); err != nil {
		return err
	}
	q := url.Values{"tracking": {tr}}
	if email != "" {
		q.Set("email", email)
	}
	h.redirect(w, r, "/submissions/track?"+q.Encode(), "flash.submission_withdrawn")
	return nil
}

// The Secretariat: opening a consultation and moderating input.

type consultationFormPage struct {
	consultationArea
	DocumentID int64
	Symbol     string
	Zone       string
	Existing   *consultation.Consultation
}

func (p *consultationArea) EligibilityOptions() []Option {
	return choices(consultation.Eligibilities, p.EligibilityName)
}

func (p *consultationArea) LateRuleOptions() []Option {
	return []Option{{Value: string(consultation.LateRefused), Label: p.T("consultation.late.refuse")},
		{Value: string(consultation.LateAccepted), Label: p.T("consultation.late.accept_marked")}}
}

func (h *Handler) consultationFormPage(w http.ResponseWriter, r *http.Request) (consultationFormPage, error) {
	d, err := h.documentOf(r)
	if err != nil {
		return consultationFormPage{}, err
	}
	actor := actorOf(r.Context())
	if err := h.svc.Consultations.MayManage(actor); err != nil {
		return consultationFormPage{}, err
	}
	b, err := h.svc.Bodies.Get(r.Context(), actor, d.BodyID)
	if err != nil {
		return consultationFormPage{}, err
	}
	p := consultationFormPage{consultationArea: h.consultationBase(w, r, "consultation.open_title"), DocumentID: d.ID, Symbol: d.Symbol,
		Zone: b.TimeZone}
	p.Form = newForm(r)
	if v, err := h.svc.Consultations.ForDocument(r.Context(), actor, d.ID); err == nil {
		p.Existing = &v.Consultation
	}
	return p, nil
}

func (h *Handler) consultationForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.consultationFormPage(w, r)
	if err != nil {
		return err
	}
	loc := plenary.ZoneOrUTC(p.Zone)
	v := p.Form.Values
	if c := p.Existing; c != nil {
		v.Set("opens_at", c.OpensAt.In(loc).Format("2006-01-02T15:04"))
		v.Set("closes_at", c.ClosesAt.In(loc).Format("2006-01-02T15:04"))
		v.Set("late_rule", string(c.LateRule))
		v.Set("eligibility", string(c.Eligibility))
		if c.Moderated {
			v.Set("moderated", "1")
		}
	} else {
		v.Set("late_rule", string(consultation.LateRefused))
		v.Set("eligibility", string(consultation.EligibleOrganizations))
	}
	h.render(w, r, http.StatusOK, "consultation-form", &p)
	return nil
}

// consultationSave opens a consultation on the draft in the path, or changes the one it
// has. Only a refusal builds the form's page.
func (h *Handler) consultationSave(w http.ResponseWriter, r *http.Request) error {
	docID, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	set, err := h.svc.Consultations.SettingFor(r.Context(), actorOf(r.Context()), docID)
	if err != nil {
		return err
	}
	loc, existing := plenary.ZoneOrUTC(set.TimeZone), set.ConsultationID
	f := r.PostForm
	var probs plenary.Problems
	in := consultation.Input{OpensAt: formDateTimeIn(f, "opens_at", loc, &probs), ClosesAt: formDateTimeIn(f, "closes_at", loc, &probs),
		LateRule: consultation.LateRule(f.Get("late_rule")), Eligibility: consultation.Eligibility(f.Get("eligibility")),
		Moderated: f.Get("moderated") != ""}
	var c consultation.Consultation
	if err = probs.Err(); err == nil {
		actor := actorOf(r.Context())
		if existing != 0 {
			c, err = h.svc.Consultations.Update(r.Context(), actor, existing, in)
		} else {
			c, err = h.svc.Consultations.Open(r.Context(), actor, docID, in)
		}
	}
	if err != nil {
		return h.formAgain(w, r, err, "consultation-form", func() (pageData, error) {
			p, err := h.consultationFormPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/consultations/"+strconv.FormatInt(c.ID, 10), "flash.consultation_saved")
	return nil
}

type moderationPage struct {
	consultationPage
	Pending []consultation.Submission
}

func (h *Handler) moderation(w http.ResponseWriter, r *http.Request) error {
	v, err := h.consultationOf(r)
	if err != nil {
		return err
	}
	p := moderationPage{consultationPage: consultationPage{consultationArea: h.consultationBase(w, r, ""), View: v}}
	p.Title = p.T("consultation.moderation_title", "Symbol", v.Document.Symbol)
	got, err := h.svc.Consultations.Pending(r.Context(), p.Actor, v.Consultation.ID, plenary.PageRequest{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	p.Pending, p.Next = got.Items, got.Next
	p.Form = newForm(r)
	h.render(w, r, http.StatusOK, "consultation-moderation", &p)
	return nil
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return plenary.NotFound()
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	s, err := h.svc.Consultations.Moderate(r.Context(), actorOf(r.Context()), id, r.PostForm.Get("publish") != "", r.PostForm.Get("reason"))
	if err != nil {
		return err
	}
	h.redirect(w, r, "/consultations/"+strconv.FormatInt(s.ConsultationID, 10)+"/moderation", "flash.submission_decided")
	return nil
}

// submissionFile serves a submission's attachment as a download.
func (h *Handler) submissionFile(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return plenary.NotFound()
	}
	f, err := h.svc.Consultations.File(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return err
	}
	return download(w, f, "private, no-cache")
}

// Local writes an instant for the reader's own clock: the page shows it in the body's
// zone and in UTC, and a script rewrites it in the browser's zone. (Page's: the pings'
// pages write instants so too.)
func (p *Page) Local(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Excerpt is the start of a paragraph, for the summary of its part of the form.
func (p *consultationArea) Excerpt(text string) string {
	const n = 90
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}
