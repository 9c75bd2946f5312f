package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/search"
)

// documentArea is what every page of the document registry has: the page, and the names
// of documents and of their terms in the reader's language.
type documentArea struct{ Page }

// DocKindName, DocStatusName, AccessName and VersionName name a document's type, status,
// access level and version in the reader's language.
func (p *documentArea) DocKindName(k document.Kind) string { return p.T("document.kind." + string(k)) }
func (p *documentArea) DocStatusName(s document.Status) string {
	return p.T("document.status." + string(s))
}
func (p *documentArea) AccessName(a document.Access) string {
	return p.T("document.access." + string(a))
}
func (p *documentArea) VersionName(d document.Document) string {
	v := d.Version()
	return p.T("document.version."+v.Kind, "N", v.N)
}

// DocTitle is a document's title in the reader's language, or the best there is.
func (p *documentArea) DocTitle(d document.Document) string { t, _ := d.Title(p.Lang); return t }

// DocTitleLang is the language of the title DocTitle gives, for lang="…".
func (p *documentArea) DocTitleLang(d document.Document) string {
	_, l := d.Title(p.Lang)
	if l == "" {
		return "en"
	}
	return l
}

// documentOf finds the document named in the path ({doc}).
func (h *Handler) documentOf(r *http.Request) (document.Document, error) {
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		return document.Document{}, plenary.NotFound()
	}
	return h.svc.Documents.Get(r.Context(), actorOf(r.Context()), id)
}

type documentListPage struct {
	documentArea
	Body      *body.Body // nil for the search across bodies
	Sessions  []meeting.Session
	Documents []document.Document
	Bodies    map[int64]body.Body
	Filter    document.Filter
	Next      string
	Query     string // the search, for the snippets
	MayManage bool
	Now       time.Time // the registry's, to tell published documents from scheduled ones
	search    search.Query
	searching bool
}

func (p *documentListPage) BodyOf(id int64) body.Body { return p.Bodies[id] }

// Snippet is the part of a search result's text around the first word found, in the
// reader's language version or else the first one that has the word.
func (p *documentListPage) Snippet(d document.Document) string {
	if !p.searching {
		return ""
	}
	if t, ok := d.Text(p.Lang); ok {
		if s := search.Snippet(t.Body, p.search, 240); s != "" {
			return s
		}
	}
	for _, t := range d.Texts {
		if s := search.Snippet(t.Body, p.search, 240); s != "" {
			return s
		}
	}
	return ""
}

// KindOptions are the types, for the filter and the form.
func (p *documentArea) KindOptions(blank bool) []Option {
	var out []Option
	if blank {
		out = append(out, Option{Value: "", Label: p.T("document.all_kinds")})
	}
	return append(out, choices(document.Kinds, p.DocKindName)...)
}

// documentFilter reads the list's filter from the query string.
func documentFilter(r *http.Request) (document.Filter, plenary.PageRequest) {
	q := r.URL.Query()
	f := document.Filter{Kind: document.Kind(q.Get("kind")), Query: q.Get("q"), Language: langOf(r.Context())}
	f.SessionID, _ = strconv.ParseInt(q.Get("session"), 10, 64)
	return f, plenary.PageRequest{Cursor: q.Get("cursor")}
}

func (h *Handler) documentList(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	return h.documents(w, r, &b)
}

// documentSearch is the search across every body.
func (h *Handler) documentSearch(w http.ResponseWriter, r *http.Request) error {
	return h.documents(w, r, nil)
}

func (h *Handler) documents(w http.ResponseWriter, r *http.Request, b *body.Body) error {
	p := documentListPage{documentArea: documentArea{h.page(w, r, "document.search_title", "documents")}, Body: b}
	var page plenary.PageRequest
	p.Filter, page = documentFilter(r)
	p.Form = newForm(r)
	p.Form.Values = r.URL.Query()
	p.Query = p.Filter.Query
	if b != nil {
		p.Title = p.T("document.list_title", "Body", b.Name(p.Lang))
		p.Filter.BodyID = b.ID
		var err error
		if p.Sessions, err = h.svc.Meetings.BodySessions(r.Context(), p.Actor, b.ID); err != nil {
			return err
		}
	}
	var err error
	if p.Bodies, err = h.bodyIndex(r); err != nil {
		return err
	}
	p.MayManage = h.svc.Documents.MayManage(p.Actor) == nil
	p.Now = h.svc.Documents.Now()
	if p.Query != "" {
		p.search, p.searching = search.QueryAll(p.Lang, p.Query)
	}
	got, err := h.svc.Documents.List(r.Context(), p.Actor, p.Filter, page)
	if err != nil {
		// The page is the search's form: a search refused shows it again.
		return h.formAgain(w, r, err, "documents", func() (pageData, error) { return &p, nil })
	}
	p.Documents, p.Next = got.Items, got.Next
	h.render(w, r, http.StatusOK, "documents", &p)
	return nil
}

// NextURL is the link to the following page of the list, with the same filter.
func (p *documentListPage) NextURL() string {
	vals := url.Values{}
	for k, x := range p.Form.Values {
		vals[k] = x
	}
	vals.Set("cursor", p.Next)
	return "?" + vals.Encode()
}

// SessionOptions are the body's sessions, for the filter and the form.
func (p *documentListPage) SessionOptions() []Option {
	return sessionOptions(&p.Page, p.Sessions, "document.all_sessions")
}

func sessionOptions(p *Page, ss []meeting.Session, blankKey string) []Option {
	out := []Option{{Value: "", Label: p.T(blankKey)}}
	for _, s := range ss {
		out = append(out, Option{Value: strconv.FormatInt(s.ID, 10), Label: p.SessionTitle(s)})
	}
	return out
}

type documentPage struct {
	// The document's page shows its consultation, with the consultation's words.
	consultationArea
	Document  document.Document
	Body      body.Body
	Session   *meeting.Session
	Series    []document.Document
	Previous  *document.Document // the version before this one that the reader may see
	HasParas  bool
	MayManage bool
	Published bool
	// Consultation is the consultation on this draft, if there is one.
	Consultation *consultation.View
}

func (h *Handler) documentShow(w http.ResponseWriter, r *http.Request) error {
	d, err := h.documentOf(r)
	if err != nil {
		return err
	}
	p := documentPage{consultationArea: consultationArea{documentArea{h.page(w, r, "", "documents")}}, Document: d}
	if err := h.fillDocumentPage(r, &p); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "document", &p)
	return nil
}

func (h *Handler) fillDocumentPage(r *http.Request, p *documentPage) error {
	d := p.Document
	p.Title = d.Symbol + " · " + p.DocTitle(d)
	var err error
	if p.Body, err = h.svc.Bodies.Get(r.Context(), p.Actor, d.BodyID); err != nil {
		return err
	}
	if d.SessionID != 0 {
		if prog, err := h.svc.Meetings.Get(r.Context(), p.Actor, d.SessionID); err == nil {
			p.Session = &prog.Session
		}
	}
	if p.Series, err = h.svc.Documents.Series(r.Context(), p.Actor, d); err != nil {
		return err
	}
	for i, x := range p.Series {
		if x.ID == d.ID && i > 0 {
			prev := p.Series[i-1]
			p.Previous = &prev
		}
	}
	_, paras, err := h.svc.Documents.Paragraphs(r.Context(), p.Actor, d.ID)
	if err != nil {
		return err
	}
	p.HasParas = len(paras) > 0
	if v, err := h.svc.Consultations.ForDocument(r.Context(), p.Actor, d.ID); err == nil {
		p.Consultation = &v
	} else if plenary.ErrorKind(err) != plenary.KindNotFound {
		return err
	}
	p.MayManage = h.svc.Documents.MayManage(p.Actor) == nil
	p.Published = d.Published(h.svc.Documents.Now())
	return nil
}

// documentFile serves a language version's PDF or DOCX as a download.
func (h *Handler) documentFile(w http.ResponseWriter, r *http.Request) error {
	d, err := h.documentOf(r)
	if err != nil {
		return err
	}
	which := r.PathValue("format")
	if which != "pdf" && which != "docx" {
		return plenary.NotFound()
	}
	f, err := h.svc.Documents.File(r.Context(), actorOf(r.Context()), d.ID, r.PathValue("lang"), which)
	if err != nil {
		return err
	}
	cache := "private, no-cache"
	if d.Access == document.AccessPublic {
		cache = "public, max-age=300"
	}
	return download(w, f, cache)
}

type paragraphsPage struct {
	documentArea
	Document   document.Document
	Paragraphs []draft.Paragraph
}

func (h *Handler) documentParagraphs(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("doc"), 10, 64)
	if err != nil {
		return plenary.NotFound()
	}
	d, ps, err := h.svc.Documents.Paragraphs(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return err
	}
	p := paragraphsPage{documentArea: documentArea{h.page(w, r, "", "documents")}, Document: d, Paragraphs: ps}
	p.Title = p.T("document.paragraphs_title", "Symbol", d.Symbol)
	h.render(w, r, http.StatusOK, "doc-paragraphs", &p)
	return nil
}

type comparePage struct {
	documentArea
	Comparison document.Comparison
	Series     []document.Document
	Counts     map[draft.Kind]int
}

// ChangeKindName names a kind of change between two versions.
func (p *documentArea) ChangeKindName(k draft.Kind) string {
	return p.T("document.change." + string(k))
}

func (h *Handler) documentCompare(w http.ResponseWriter, r *http.Request) error {
	to, err := h.documentOf(r)
	if err != nil {
		return err
	}
	from, err := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
	if err != nil {
		return plenary.Invalid("from", "field.choice", nil)
	}
	actor := actorOf(r.Context())
	c, err := h.svc.Documents.Compare(r.Context(), actor, from, to.ID)
	if err != nil {
		return err
	}
	p := comparePage{documentArea: documentArea{h.page(w, r, "", "documents")}, Comparison: c, Counts: map[draft.Kind]int{}}
	p.Title = p.T("document.compare_title", "From", c.From.Symbol, "To", c.To.Symbol)
	for _, ch := range c.Changes {
		p.Counts[ch.Kind]++
	}
	if p.Series, err = h.svc.Documents.Series(r.Context(), actor, to); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "doc-compare", &p)
	return nil
}

// The Secretariat's forms.

type documentFormPage struct {
	documentArea
	Body     body.Body
	Document *document.Document // nil for a new one
	Sessions []meeting.Session
}

func (p *documentFormPage) SessionOptions() []Option {
	return sessionOptions(&p.Page, p.Sessions, "document.no_session")
}

// StatusOptions and AccessOptions are the form's choices.
func (p *documentArea) StatusOptions() []Option {
	return choices(document.Statuses, p.DocStatusName)
}

func (p *documentArea) AccessOptions() []Option {
	return choices(document.Accesses, p.AccessName)
}

// LanguageOptions are the six languages to choose from: Page's, as forms of every area
// ask for a language.
func (p *Page) LanguageOptions() []Option {
	var out []Option
	for _, l := range plenary.Languages {
		out = append(out, Option{Value: l, Label: p.T("language." + l)})
	}
	return out
}

func (h *Handler) documentFormPage(w http.ResponseWriter, r *http.Request, b body.Body, d *document.Document) (documentFormPage, error) {
	actor := actorOf(r.Context())
	if err := h.svc.Documents.MayManage(actor); err != nil {
		return documentFormPage{}, err
	}
	title := "document.new_title"
	if d != nil {
		title = "document.edit_title"
	}
	p := documentFormPage{documentArea: documentArea{h.page(w, r, title, "documents")}, Body: b, Document: d}
	p.Form = newForm(r)
	var err error
	p.Sessions, err = h.svc.Meetings.BodySessions(r.Context(), actor, b.ID)
	return p, err
}

func (h *Handler) documentNew(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	p, err := h.documentFormPage(w, r, b, nil)
	if err != nil {
		return err
	}
	p.Form.Values.Set("status", string(document.StatusFinal))
	p.Form.Values.Set("access", string(document.AccessPublic))
	p.Form.Values.Set("original_language", "en")
	h.render(w, r, http.StatusOK, "doc-form", &p)
	return nil
}

// documentEditPage is the form of the document in the path.
func (h *Handler) documentEditPage(w http.ResponseWriter, r *http.Request) (documentFormPage, error) {
	d, err := h.documentOf(r)
	if err != nil {
		return documentFormPage{}, err
	}
	b, err := h.svc.Bodies.Get(r.Context(), actorOf(r.Context()), d.BodyID)
	if err != nil {
		return documentFormPage{}, err
	}
	return h.documentFormPage(w, r, b, &d)
}

func (h *Handler) documentEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.documentEditPage(w, r)
	if err != nil {
		return err
	}
	d, v := p.Document, p.Form.Values
	v.Set("symbol", d.Symbol)
	v.Set("kind", string(d.Kind))
	v.Set("status", string(d.Status))
	v.Set("access", string(d.Access))
	v.Set("original_language", d.OriginalLanguage)
	if d.SessionID != 0 {
		v.Set("session", strconv.FormatInt(d.SessionID, 10))
	}
	h.render(w, r, http.StatusOK, "doc-form", &p)
	return nil
}

func documentInput(r *http.Request) document.Input {
	f := r.PostForm
	in := document.Input{Symbol: f.Get("symbol"), Kind: document.Kind(f.Get("kind")), Status: document.Status(f.Get("status")),
		Access: document.Access(f.Get("access")), OriginalLanguage: f.Get("original_language"), Title: f.Get("title")}
	in.SessionID, _ = strconv.ParseInt(f.Get("session"), 10, 64)
	return in
}

// documentPath is a document's page.
func documentPath(id int64) string { return "/documents/" + strconv.FormatInt(id, 10) }

// documentCreate registers a document of the body in the path. Only a refusal builds the
// form's page.
func (h *Handler) documentCreate(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	in := documentInput(r)
	in.BodyID = b.ID
	d, err := h.svc.Documents.Register(r.Context(), actorOf(r.Context()), in)
	if err != nil {
		return h.formAgain(w, r, err, "doc-form", func() (pageData, error) {
			p, err := h.documentFormPage(w, r, b, nil)
			return &p, err
		})
	}
	h.redirect(w, r, documentPath(d.ID), "flash.document_saved")
	return nil
}

// documentUpdate changes the document in the path. Only a refusal reads it, with its
// body, for the form's page.
func (h *Handler) documentUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	if _, err = h.svc.Documents.Update(r.Context(), actorOf(r.Context()), id, documentInput(r)); err != nil {
		return h.formAgain(w, r, err, "doc-form", func() (pageData, error) {
			p, err := h.documentEditPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, documentPath(id), "flash.document_saved")
	return nil
}

type textFormPage struct {
	documentArea
	Document document.Document
	Language string
	Text     document.Text
}

func (h *Handler) textFormPage(w http.ResponseWriter, r *http.Request) (textFormPage, error) {
	d, err := h.documentOf(r)
	if err != nil {
		return textFormPage{}, err
	}
	if err := h.svc.Documents.MayManage(actorOf(r.Context())); err != nil {
		return textFormPage{}, err
	}
	lang := r.PathValue("lang")
	if !plenary.ValidLanguage(lang) {
		return textFormPage{}, plenary.NotFound()
	}
	p := textFormPage{documentArea: documentArea{h.page(w, r, "", "documents")}, Document: d, Language: lang}
	p.Title = p.T("document.text_title", "Symbol", d.Symbol, "Language", p.T("language."+lang))
	p.Form = newForm(r)
	p.Text, _ = d.Text(lang)
	return p, nil
}

func (h *Handler) documentTextForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.textFormPage(w, r)
	if err != nil {
		return err
	}
	p.Form.Values.Set("title", p.Text.Title)
	p.Form.Values.Set("body", p.Text.Body)
	h.render(w, r, http.StatusOK, "doc-text", &p)
	return nil
}

// documentTextSave sets a language version of the document in the path. Only a refusal
// reads the document, for the form's page.
func (h *Handler) documentTextSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	ups, err := h.parseUploads(r, document.MaxFile, "pdf", "docx")
	if err != nil {
		return err
	}
	f := r.PostForm
	in := document.TextInput{Language: r.PathValue("lang"), Title: f.Get("title"), Body: f.Get("body"),
		RemovePDF: f.Get("remove_pdf") != "", RemoveDOCX: f.Get("remove_docx") != ""}
	if u, ok := ups["pdf"]; ok {
		in.PDF = &u
	}
	if u, ok := ups["docx"]; ok {
		in.DOCX = &u
	}
	if _, err := h.svc.Documents.SetText(r.Context(), actorOf(r.Context()), id, in); err != nil {
		return h.formAgain(w, r, err, "doc-text", func() (pageData, error) {
			p, err := h.textFormPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, documentPath(id), "flash.document_text_saved")
	return nil
}

// documentPublish publishes the document in the path, now or at a time, or takes it back.
func (h *Handler) documentPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	actor := actorOf(r.Context())
	flash := "flash.document_published"
	if r.PostForm.Get("unpublish") != "" {
		_, err = h.svc.Documents.Unpublish(r.Context(), actor, id)
		flash = "flash.document_unpublished"
	} else {
		var at time.Time
		if at, err = h.publishAt(r, id); err == nil {
			_, err = h.svc.Documents.Publish(r.Context(), actor, id, at)
		}
	}
	if err != nil {
		return err
	}
	h.redirect(w, r, documentPath(id), flash)
	return nil
}

// publishAt reads when to publish a document: now when the form says no time, else the
// time written in the zone of the document's body, which only then is read.
func (h *Handler) publishAt(r *http.Request, id int64) (time.Time, error) {
	if strings.TrimSpace(r.PostForm.Get("at")) == "" {
		return time.Time{}, nil
	}
	actor := actorOf(r.Context())
	d, err := h.svc.Documents.Get(r.Context(), actor, id)
	if err != nil {
		return time.Time{}, err
	}
	b, err := h.svc.Bodies.Get(r.Context(), actor, d.BodyID)
	if err != nil {
		return time.Time{}, err
	}
	var p plenary.Problems
	at := formDateTimeIn(r.PostForm, "at", b.Location(), &p)
	return at, p.Err()
}

// formZone reads a time zone field (UTC when empty), in which a form's date-times are
// written; an unknown zone is a problem of its field (problemKey), and UTC is used.
func formZone(f url.Values, field, problemKey string, p *plenary.Problems) *time.Location {
	zone := strings.TrimSpace(f.Get(field))
	if zone == "" {
		return time.UTC
	}
	loc, err := plenary.Zone(zone)
	if err != nil {
		p.Add(field, problemKey, nil)
		return time.UTC
	}
	return loc
}

// formDateTimeIn reads a date and time (an <input type="datetime-local">: yyyy-mm-ddThh:mm)
// as a local time in loc, the body's time zone; empty is the zero time.
func formDateTimeIn(f url.Values, field string, loc *time.Location, p *plenary.Problems) time.Time {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", v, loc)
	if err != nil {
		p.Add(field, "field.datetime", nil)
		return time.Time{}
	}
	return t.UTC()
}

// TextIn returns a document's language version in lang, or nil.
func (p *documentArea) TextIn(d document.Document, lang string) *document.Text {
	if t, ok := d.Text(lang); ok {
		return &t
	}
	return nil
}

// Size writes a file's size in the reader's language: "1.2 MB", "340 KB". (Page's: a
// communication's attachments show theirs too.)
func (p *Page) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return p.T("document.size_mb", "N", strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64))
	case n >= 1<<10:
		return p.T("document.size_kb", "N", strconv.FormatInt((n+1023)>>10, 10))
	}
	return p.T("document.size_kb", "N", "1")
}

// Numbers writes paragraph numbers: "3", "3, 4".
func (p *documentArea) Numbers(ns []int) string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return strings.Join(out, ", ")
}
