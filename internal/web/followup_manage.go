package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
)

// The Secretariat's forms of the follow-up: a paragraph of an adopted report marked as a
// commitment, elements of a published framework followed, a commitment's texts and links
// corrected or the commitment removed, and a body's scale of statuses. The service
// decides who may (the Secretariat) and what holds; each action acts, then comes back to
// the page of what it made, and builds its form again only to show a refusal.

// parseLinks reads the framework elements a commitment links to, written one by line or
// apart by spaces as "ict-security/norm.f"; a word without a slash names no element,
// which the service says.
func parseLinks(s string) []followup.Link {
	var out []followup.Link
	for _, w := range strings.Fields(s) {
		f, e, _ := strings.Cut(w, "/")
		out = append(out, followup.Link{Framework: f, Element: e})
	}
	return out
}

// formatLinks writes links as the form's field holds them.
func formatLinks(ls []followup.Link) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Framework + "/" + l.Element
	}
	return strings.Join(out, "\n")
}

// A paragraph of an adopted report, marked as a commitment.

type followupMarkPage struct {
	followupArea
	// Document is the report whose paragraphs are offered (zero: none chosen yet; the
	// form to choose one is shown, with Documents).
	Document   document.Document
	Paragraphs []draft.Paragraph
	Documents  []Option
	// marked are the codes of the commitments already made of the document's paragraphs,
	// by paragraph key.
	marked map[string]string
}

// Marked is the code of the commitment made of a paragraph ("": none yet).
func (p *followupMarkPage) Marked(key string) string { return p.marked[key] }

// Chosen tells whether the form chose a paragraph.
func (p *followupMarkPage) Chosen(key string) bool { return p.Form.Value("paragraph") == key }

func (h *Handler) followupMarkPage(w http.ResponseWriter, r *http.Request) (followupMarkPage, error) {
	actor := actorOf(r.Context())
	if err := h.svc.FollowUp.MayManage(actor); err != nil {
		return followupMarkPage{}, err
	}
	p := followupMarkPage{followupArea: h.followupBase(w, r, "followup.mark_title"), marked: map[string]string{}}
	p.Form = newForm(r)
	docID := r.URL.Query().Get("document")
	if r.Method == http.MethodPost {
		docID = r.PostForm.Get("document")
	}
	id, ok := parseID(docID)
	if !ok {
		bodies, err := h.svc.Bodies.List(r.Context(), actor)
		if err != nil {
			return p, err
		}
		for _, b := range bodies {
			opts, err := h.adoptedReports(r, b.ID)
			if err != nil {
				return p, err
			}
			p.Documents = append(p.Documents, opts...)
		}
		return p, nil
	}
	var err error
	if p.Document, p.Paragraphs, err = h.svc.Documents.Paragraphs(r.Context(), actor, id); err != nil {
		return p, err
	}
	cs, err := h.svc.FollowUp.Commitments(r.Context(), actor, p.Document.BodyID)
	if err != nil {
		return p, err
	}
	for _, c := range cs {
		if c.Source.DocumentID == p.Document.ID {
			p.marked[c.Source.ParagraphKey] = c.Code
		}
	}
	if r.Method == http.MethodGet {
		p.Form.Values.Set("document", itoa(p.Document.ID))
		p.Form.Values.Set("body", itoa(p.Document.BodyID))
		p.Form.Values.Set("kind", string(followup.Recommendation))
	}
	return p, nil
}

// followupMark makes a commitment of the chosen paragraph.
func (h *Handler) followupMark(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := followup.MarkInput{ParagraphKey: f.Get("paragraph"), Kind: followup.Kind(f.Get("kind")), Code: f.Get("code"),
		Titles: localizedForm(r, "title_"), Texts: localizedForm(r, "text_"), Links: parseLinks(f.Get("links"))}
	in.BodyID, _ = strconv.ParseInt(f.Get("body"), 10, 64)
	in.DocumentID, _ = strconv.ParseInt(f.Get("document"), 10, 64)
	c, err := h.svc.FollowUp.MarkParagraph(r.Context(), actorOf(r.Context()), in)
	if err != nil {
		return h.formAgainOrConflict(w, r, err, "followup-mark", func() (pageData, error) {
			p, err := h.followupMarkPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/follow-up/commitments/"+itoa(c.ID), "followup.flash.marked")
	return nil
}

// Elements of a published framework version, followed.

type followupFollowPage struct {
	followupArea
	BodyOpts, VersionOpts []Option
	// Version is the version whose elements are offered (zero: none chosen yet).
	Version   framework.Version
	Framework framework.Framework
	Elements  []framework.Element
}

// ElementChosen tells whether the form chose an element.
func (p *followupFollowPage) ElementChosen(code string) bool { return p.Form.Has("elements", code) }

func (h *Handler) followupFollowPage(w http.ResponseWriter, r *http.Request) (followupFollowPage, error) {
	actor := actorOf(r.Context())
	if err := h.svc.FollowUp.MayManage(actor); err != nil {
		return followupFollowPage{}, err
	}
	p := followupFollowPage{followupArea: h.followupBase(w, r, "followup.follow_title")}
	p.Form = newForm(r)
	bodies, err := h.svc.Bodies.List(r.Context(), actor)
	if err != nil {
		return p, err
	}
	for _, b := range bodies {
		p.BodyOpts = append(p.BodyOpts, Option{Value: itoa(b.ID), Label: b.Name(p.Lang)})
	}
	fws, err := h.svc.Frameworks.List(r.Context(), actor)
	if err != nil {
		return p, err
	}
	for _, f := range fws {
		vs, err := h.svc.Frameworks.Versions(r.Context(), actor, f.ID)
		if err != nil {
			return p, err
		}
		for _, v := range vs {
			if v.Status == framework.Published {
				p.VersionOpts = append(p.VersionOpts, Option{Value: itoa(v.ID),
					Label: p.T("survey.framework_version_option", "Name", f.Name(p.Lang), "Number", v.Number)})
			}
		}
	}
	chosen := r.URL.Query().Get("version")
	if r.Method == http.MethodPost {
		chosen = r.PostForm.Get("framework_version")
	}
	id, ok := parseID(chosen)
	if !ok {
		return p, nil
	}
	var es []framework.Element
	if p.Version, es, err = h.svc.Frameworks.Version(r.Context(), actor, id); err != nil {
		return p, err
	}
	for _, f := range fws {
		if f.ID == p.Version.FrameworkID {
			p.Framework = f
		}
	}
	for _, n := range framework.Tree(es) {
		p.Elements = append(p.Elements, n.Element)
	}
	if r.Method == http.MethodGet {
		p.Form.Values.Set("framework_version", itoa(id))
		p.Form.Values.Set("kind", string(followup.CBM))
		if len(bodies) > 0 {
			p.Form.Values.Set("body", itoa(bodies[0].ID))
		}
	}
	return p, nil
}

// followupFollow makes a commitment of each chosen element.
func (h *Handler) followupFollow(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	in := followup.FollowInput{Kind: followup.Kind(f.Get("kind")), Elements: f["elements"], CodePrefix: f.Get("code_prefix")}
	in.BodyID, _ = strconv.ParseInt(f.Get("body"), 10, 64)
	in.FrameworkVersionID, _ = strconv.ParseInt(f.Get("framework_version"), 10, 64)
	if _, err := h.svc.FollowUp.FollowElements(r.Context(), actorOf(r.Context()), in); err != nil {
		return h.formAgainOrConflict(w, r, err, "followup-follow", func() (pageData, error) {
			p, err := h.followupFollowPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/follow-up", "followup.flash.followed")
	return nil
}

// A commitment's texts and links, corrected; the commitment removed.

type followupEditPage struct {
	followupArea
	Commitment followup.Commitment
}

func (h *Handler) followupEditPage(w http.ResponseWriter, r *http.Request) (followupEditPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return followupEditPage{}, err
	}
	actor := actorOf(r.Context())
	if err := h.svc.FollowUp.MayManage(actor); err != nil {
		return followupEditPage{}, err
	}
	c, err := h.svc.FollowUp.Commitment(r.Context(), actor, id)
	if err != nil {
		return followupEditPage{}, err
	}
	p := followupEditPage{followupArea: h.followupBase(w, r, ""), Commitment: c}
	p.Title = p.T("followup.edit_title", "Code", c.Code)
	p.Form = newForm(r)
	if r.Method == http.MethodGet {
		v := p.Form.Values
		for _, l := range plenary.Languages {
			v.Set("title_"+l, c.Titles[l])
			v.Set("text_"+l, c.Texts[l])
		}
		v.Set("links", formatLinks(c.Links))
	}
	return p, nil
}

func (h *Handler) followupUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in := followup.UpdateInput{Titles: localizedForm(r, "title_"), Texts: localizedForm(r, "text_"), Links: parseLinks(r.PostForm.Get("links"))}
	if _, err := h.svc.FollowUp.Update(r.Context(), actorOf(r.Context()), id, in); err != nil {
		return h.formAgainOrConflict(w, r, err, "followup-edit", func() (pageData, error) {
			p, err := h.followupEditPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/follow-up/commitments/"+itoa(id), "followup.flash.updated")
	return nil
}

// followupRemove removes a commitment no State reported on; one reported on stays, and
// the edit page says why (409).
func (h *Handler) followupRemove(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.FollowUp.Remove(r.Context(), actorOf(r.Context()), id); err != nil {
		return h.formAgainOrConflict(w, r, err, "followup-edit", func() (pageData, error) {
			p, err := h.followupEditPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/follow-up", "followup.flash.removed")
	return nil
}

// A body's scale of statuses.

type followupScalePage struct {
	followupArea
	Body body.Body
	// Rows is how many statuses the form has: the scale's and room for two more.
	Rows int
}

// extraStatuses are the empty rows the form offers for new statuses.
const extraStatuses = 2

// scaleRow is a row of the scale's form: its index, and its number as people count.
type scaleRow struct{ I, Number int }

// Indexes are the rows of the form.
func (p *followupScalePage) Indexes() []scaleRow {
	out := make([]scaleRow, p.Rows)
	for i := range out {
		out[i] = scaleRow{I: i, Number: i + 1}
	}
	return out
}

// StatusField names a field of the status at row i ("statuses.2.code"), as the service
// names its problems.
func (p *followupScalePage) StatusField(i int, part string) string {
	return "statuses." + strconv.Itoa(i) + "." + part
}

// Labels are the six label fields of the status at row i.
func (p *followupScalePage) Labels(i int) sixFields {
	return p.Six(p.StatusField(i, "label_"), "text", "followup.scale_labels")
}

func (h *Handler) followupScalePage(w http.ResponseWriter, r *http.Request) (followupScalePage, error) {
	actor := actorOf(r.Context())
	if err := h.svc.FollowUp.MayManage(actor); err != nil {
		return followupScalePage{}, err
	}
	b, err := h.svc.Bodies.ByCode(r.Context(), actor, r.PathValue("body"))
	if err != nil {
		return followupScalePage{}, err
	}
	p := followupScalePage{followupArea: h.followupBase(w, r, ""), Body: b}
	p.Title = p.T("followup.scale_title", "Body", b.Name(p.Lang))
	p.Form = newForm(r)
	if r.Method == http.MethodPost {
		p.Rows = len(scaleRows(r.PostForm))
		return p, nil
	}
	scale, err := h.svc.FollowUp.Scale(r.Context(), actor, b.ID)
	if err != nil {
		return p, err
	}
	p.Rows = len(scale) + extraStatuses
	v := p.Form.Values
	for i, st := range scale {
		v.Set(p.StatusField(i, "code"), st.Code)
		v.Set(p.StatusField(i, "meaning"), string(st.Meaning))
		for l, t := range st.Labels {
			v.Set(p.StatusField(i, "label_"+l), t)
		}
	}
	return p, nil
}

// maxScaleRows bounds the rows a posted scale is read from.
const maxScaleRows = followup.MaxStatuses + 20

// scaleRows are the rows of a posted scale form, in order.
func scaleRows(f url.Values) []int {
	var out []int
	for i := 0; i < maxScaleRows; i++ {
		if _, ok := f["statuses."+strconv.Itoa(i)+".code"]; !ok {
			break
		}
		out = append(out, i)
	}
	return out
}

// followupScaleSave replaces a body's scale with the form's statuses, in order: a row
// marked to be removed, or left empty, is no status.
func (h *Handler) followupScaleSave(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	actor := actorOf(r.Context())
	b, err := h.svc.Bodies.ByCode(r.Context(), actor, r.PathValue("body"))
	if err != nil {
		return err
	}
	f := r.PostForm
	var scale []followup.Status
	var rows []int // the form's row of each status
	for _, i := range scaleRows(f) {
		field := func(part string) string { return f.Get("statuses." + strconv.Itoa(i) + "." + part) }
		labels := plenary.Localized{}
		for _, l := range plenary.Languages {
			if t := field("label_" + l); t != "" {
				labels[l] = t
			}
		}
		if field("remove") != "" || (strings.TrimSpace(field("code")) == "" && len(labels) == 0) {
			continue
		}
		scale = append(scale, followup.Status{Code: field("code"), Meaning: followup.Meaning(field("meaning")), Labels: labels})
		rows = append(rows, i)
	}
	if _, err := h.svc.FollowUp.SetScale(r.Context(), actor, b.ID, scale); err != nil {
		if v, ok := isValidation(err); ok {
			err = scaleProblems(v, rows)
		}
		return h.formAgainOrConflict(w, r, err, "followup-scale", func() (pageData, error) {
			p, err := h.followupScalePage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/follow-up/scale/"+b.Code, "followup.flash.scale_set")
	return nil
}

// scaleProblems names each problem of a status after the form's row it came from: the
// service numbers the statuses it was given, and rows left empty were not given.
func scaleProblems(v *plenary.ValidationError, rows []int) *plenary.ValidationError {
	out := &plenary.ValidationError{}
	for _, f := range v.Fields {
		if rest, ok := strings.CutPrefix(f.Field, "statuses."); ok {
			n, part, _ := strings.Cut(rest, ".")
			if i, err := strconv.Atoi(n); err == nil && i < len(rows) {
				f.Field = "statuses." + strconv.Itoa(rows[i]) + "." + part
			}
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}
