package web

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
)

// Frameworks through pages: the list, a framework's current version as a tree with its
// sources and the completeness of each language, its versions and what changed between
// two, the CSV of a version; for the Secretariat, a draft edited element by element or
// imported from a spreadsheet, then published or discarded. The service decides who
// reads a draft (the Secretariat alone) and who changes anything.

// frameworkArea is what every page about a framework has: the words of a framework, and
// texts shown in the reader's language or, said so, in the language they have. The
// survey's pages embed it, as a questionnaire is built on a framework.
type frameworkArea struct{ Page }

func (h *Handler) frameworkBase(w http.ResponseWriter, r *http.Request, titleKey string) frameworkArea {
	return frameworkArea{h.page(w, r, titleKey, "survey")}
}

// localText is a text as a page shows it: in the reader's language, or in another one
// (Other), whose name the page gives and whose code goes in the lang attribute, so that
// an untranslated text never passes for a translation.
type localText struct {
	Text, Lang, Name string
	Other            bool
}

// In picks the text of l for the page's language.
func (p *frameworkArea) In(l plenary.Localized) localText {
	text, used := l.In(p.Lang)
	if text == "" {
		return localText{}
	}
	return localText{Text: text, Lang: used, Name: p.T("language." + used), Other: used != p.Lang}
}

// KindName names an element's kind: the kinds the shipped frameworks use are translated;
// another kind, a word the Secretariat chose, is shown as it is.
func (p *frameworkArea) KindName(kind string) string {
	if key := "framework.kind." + kind; p.catalog.Has(p.Lang, key) {
		return p.T(key)
	}
	return kind
}

// MarkName says what an element's mark means ("" for an agreed text).
func (p *frameworkArea) MarkName(m framework.Mark) string {
	if m == framework.Agreed {
		return ""
	}
	return p.T("framework.mark." + string(m))
}

// MarkOptions are the choices of an element's mark.
func (p *frameworkArea) MarkOptions() []Option {
	return []Option{{Value: "", Label: p.T("framework.mark.agreed")},
		{Value: string(framework.Reconstructed), Label: p.T("framework.mark.reconstructed")},
		{Value: string(framework.Placeholder), Label: p.T("framework.mark.placeholder")}}
}

// VersionStatus names where a version stands.
func (p *frameworkArea) VersionStatus(v framework.Version) string {
	return p.T("framework.status." + string(v.Status))
}

// frameworkOf finds the framework named in the path ({framework}).
func (h *Handler) frameworkOf(r *http.Request) (framework.Framework, error) {
	return h.svc.Frameworks.ByCode(r.Context(), actorOf(r.Context()), r.PathValue("framework"))
}

// versionNumbered finds, among the versions of f the reader may see, the one numbered n:
// an action names its version by number in the path, the service by ID.
func (h *Handler) versionNumbered(r *http.Request, f framework.Framework, n string) (framework.Version, error) {
	num, err := strconv.Atoi(n)
	if err != nil || num <= 0 {
		return framework.Version{}, plenary.NotFound()
	}
	vs, err := h.svc.Frameworks.Versions(r.Context(), actorOf(r.Context()), f.ID)
	if err != nil {
		return framework.Version{}, err
	}
	for _, v := range vs {
		if v.Number == num {
			return v, nil
		}
	}
	return framework.Version{}, plenary.NotFound()
}

// versionInPath is the framework and version named in the path ({framework}, {n}).
func (h *Handler) versionInPath(r *http.Request) (framework.Framework, framework.Version, error) {
	f, err := h.frameworkOf(r)
	if err != nil {
		return framework.Framework{}, framework.Version{}, err
	}
	v, err := h.versionNumbered(r, f, r.PathValue("n"))
	return f, v, err
}

// The list of frameworks, with the Secretariat's form for a new one.

type frameworkListPage struct {
	frameworkArea
	Frameworks []framework.Framework
	MayManage  bool
}

func (h *Handler) frameworkListPage(w http.ResponseWriter, r *http.Request) (frameworkListPage, error) {
	p := frameworkListPage{frameworkArea: h.frameworkBase(w, r, "framework.list_title")}
	var err error
	if p.Frameworks, err = h.svc.Frameworks.List(r.Context(), p.Actor); err != nil {
		return p, err
	}
	p.MayManage = h.svc.Frameworks.MayManage(p.Actor) == nil
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) frameworkCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	f, err := h.svc.Frameworks.Create(r.Context(), actorOf(r.Context()), framework.Input{Code: r.PostForm.Get("code"),
		Names: localizedForm(r, "name_")})
	if err != nil {
		return h.formAgain(w, r, err, "frameworks", func() (pageData, error) {
			p, err := h.frameworkListPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/frameworks/"+f.Code, "framework.flash.created")
	return nil
}

// localizedForm reads the fields prefix+lang of the six languages (title_ar…).
func localizedForm(r *http.Request, prefix string) plenary.Localized {
	out := plenary.Localized{}
	for _, l := range plenary.Languages {
		if v := r.PostForm.Get(prefix + l); v != "" {
			out[l] = v
		}
	}
	return out
}

// A framework's version: the current one on the framework's page, any other by number;
// for the Secretariat a draft is where it is edited.

type frameworkPage struct {
	frameworkArea
	Framework framework.Framework
	Versions  []framework.Version // newest first: the published ones, and the draft for the Secretariat
	Version   framework.Version   // the version shown (zero: none published yet)
	Nodes     []framework.Node
	// Completeness is the share of elements titled in each language.
	Completeness framework.Completeness
	// Documents are the registry's documents the sources cite, by symbol, that the reader
	// may open.
	Documents map[string]int64
	MayManage bool
	// Editing is set on a draft the reader may change.
	Editing bool
}

// Draft is the framework's draft, if the reader sees one.
func (p *frameworkPage) Draft() *framework.Version {
	for i, v := range p.Versions {
		if v.Status == framework.Draft {
			return &p.Versions[i]
		}
	}
	return nil
}

// Published are the published versions, newest first (for the form comparing two).
func (p *frameworkPage) Published() []framework.Version {
	var out []framework.Version
	for _, v := range p.Versions {
		if v.Status == framework.Published {
			out = append(out, v)
		}
	}
	return out
}

// VersionURL is the address of version n of the framework, plus rest.
func (p *frameworkArea) VersionURL(f framework.Framework, n int, rest string) string {
	return p.URL("/frameworks/" + f.Code + "/versions/" + strconv.Itoa(n) + rest)
}

// Share writes how much of the version is titled in lang.
func (p *frameworkPage) Share(lang string) string { return p.Pct(p.Completeness[lang] * 100) }

// DocumentURL is the registry's page of the document with symbol, or "" if the reader has
// none to open.
func (p *frameworkPage) DocumentURL(symbol string) string {
	if id, ok := p.Documents[symbol]; ok {
		return p.URL("/documents/" + itoa(id))
	}
	return ""
}

// VersionOptions are the published versions, to choose two to compare.
func (p *frameworkPage) VersionOptions() []Option {
	var out []Option
	for _, v := range p.Published() {
		out = append(out, Option{Value: strconv.Itoa(v.Number), Label: p.T("framework.version_n", "Number", v.Number)})
	}
	return out
}

// frameworkShow shows the framework's current published version.
func (h *Handler) frameworkShow(w http.ResponseWriter, r *http.Request) error {
	f, err := h.frameworkOf(r)
	if err != nil {
		return err
	}
	p := frameworkPage{frameworkArea: h.frameworkBase(w, r, ""), Framework: f}
	p.Title = f.Name(p.Lang)
	v, es, err := h.svc.Frameworks.Current(r.Context(), p.Actor, f.ID)
	if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
		return err
	}
	if err := h.fillFramework(r, &p, v, es); err != nil {
		return err
	}
	p.Form = newForm(r)
	if len(p.Published()) > 1 { // the form comparing versions starts at the last change
		p.Form.Values.Set("from", strconv.Itoa(p.Published()[1].Number))
		p.Form.Values.Set("to", strconv.Itoa(p.Published()[0].Number))
	}
	h.render(w, r, http.StatusOK, "framework", &p)
	return nil
}

// fillFramework completes a framework's page with version v and its elements.
func (h *Handler) fillFramework(r *http.Request, p *frameworkPage, v framework.Version, es []framework.Element) error {
	var err error
	if p.Versions, err = h.svc.Frameworks.Versions(r.Context(), p.Actor, p.Framework.ID); err != nil {
		return err
	}
	p.MayManage = h.svc.Frameworks.MayManage(p.Actor) == nil
	p.Version, p.Nodes, p.Completeness = v, framework.Tree(es), framework.CompletenessOf(es)
	p.Editing = p.MayManage && v.Status == framework.Draft
	p.Documents, err = h.registryDocuments(r, p.Actor, es)
	return err
}

// registryDocuments finds the registry's documents the elements' sources cite, by symbol:
// a handful of symbols (a framework cites few documents), each looked up in each body's
// registry, where the reader may open it.
func (h *Handler) registryDocuments(r *http.Request, actor plenary.Actor, es []framework.Element) (map[string]int64, error) {
	out := map[string]int64{}
	var symbols []string
	for _, e := range es {
		if e.SourceSymbol != "" && !slices.Contains(symbols, e.SourceSymbol) {
			symbols = append(symbols, e.SourceSymbol)
		}
	}
	if len(symbols) == 0 {
		return out, nil
	}
	bodies, err := h.svc.Bodies.List(r.Context(), actor)
	if err != nil {
		return nil, err
	}
	for _, s := range symbols {
		for _, b := range bodies {
			d, err := h.svc.Documents.BySymbol(r.Context(), actor, b.ID, s)
			if err == nil {
				out[s] = d.ID
				break
			}
			if plenary.ErrorKind(err) != plenary.KindNotFound {
				return nil, err
			}
		}
	}
	return out, nil
}

// frameworkVersion shows version n of a framework ("n.csv": its spreadsheet).
func (h *Handler) frameworkVersion(w http.ResponseWriter, r *http.Request) error {
	n, csv := strings.CutSuffix(r.PathValue("n"), ".csv")
	f, err := h.frameworkOf(r)
	if err != nil {
		return err
	}
	found, err := h.versionNumbered(r, f, n)
	if err != nil {
		return err
	}
	v, es, err := h.svc.Frameworks.Version(r.Context(), actorOf(r.Context()), found.ID)
	if err != nil {
		return err
	}
	if csv {
		return frameworkCSV(w, f, v, es)
	}
	p, err := h.frameworkVersionPage(w, r, f, v, es)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "framework", &p)
	return nil
}

func (h *Handler) frameworkVersionPage(w http.ResponseWriter, r *http.Request, f framework.Framework, v framework.Version,
	es []framework.Element) (frameworkPage, error) {
	p := frameworkPage{frameworkArea: h.frameworkBase(w, r, ""), Framework: f}
	p.Title = p.T("framework.version_title", "Name", f.Name(p.Lang), "Number", v.Number)
	err := h.fillFramework(r, &p, v, es)
	p.Form = newForm(r)
	return p, err
}

// frameworkCSV writes a version as the spreadsheet an import reads: a published version
// may be kept by anyone, a draft by no one but the Secretariat's browser.
func frameworkCSV(w http.ResponseWriter, f framework.Framework, v framework.Version, es []framework.Element) error {
	cache := "public, max-age=300"
	if v.Status != framework.Published {
		cache = "private, no-store"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": f.Code + "-v" + strconv.Itoa(v.Number) + ".csv"}))
	w.Header().Set("Cache-Control", cache)
	return framework.WriteCSV(w, es)
}

// The Secretariat's actions on a framework's versions. Each acts on the version the path
// names and comes back to it; only a refusal builds the version's page.

// versionRefused shows the version's page again with why an action was refused: the
// problems of a file (each naming its line), or a conflict (the version was published
// meanwhile).
func (h *Handler) versionRefused(w http.ResponseWriter, r *http.Request, err error) error {
	if v, ok := isValidation(err); ok {
		err = fileProblems(v)
	}
	return h.formAgainOrConflict(w, r, err, "framework", func() (pageData, error) {
		f, found, err := h.versionInPath(r)
		if err != nil {
			return nil, err
		}
		v, es, err := h.svc.Frameworks.Version(r.Context(), actorOf(r.Context()), found.ID)
		if err != nil {
			return nil, err
		}
		p, err := h.frameworkVersionPage(w, r, f, v, es)
		return &p, err
	})
}

// fileProblems puts the problems of an imported file ("file.1", "file.2"…, one per line
// at fault) on the upload's field, so that the summary lists them all and each links to
// the field.
func fileProblems(v *plenary.ValidationError) *plenary.ValidationError {
	return moveProblems(v, "file")
}

// moveProblems puts the problems of a file's lines ("file.N") on field.
func moveProblems(v *plenary.ValidationError, field string) *plenary.ValidationError {
	out := &plenary.ValidationError{}
	for _, f := range v.Fields {
		if strings.HasPrefix(f.Field, "file.") {
			f.Field = field
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}

// FileErrors are the problems of the imported file, every one (the field partial shows
// only the first).
func (p *frameworkArea) FileErrors() []string {
	var out []string
	if p.Form != nil {
		for _, e := range p.Form.Errors {
			if e.Field == "file" {
				out = append(out, e.Message)
			}
		}
	}
	return out
}

func (h *Handler) frameworkStartDraft(w http.ResponseWriter, r *http.Request) error {
	f, err := h.frameworkOf(r)
	if err != nil {
		return err
	}
	v, err := h.svc.Frameworks.StartDraft(r.Context(), actorOf(r.Context()), f.ID)
	if err != nil {
		return err
	}
	h.redirect(w, r, "/frameworks/"+f.Code+"/versions/"+strconv.Itoa(v.Number), "framework.flash.draft_started")
	return nil
}

func (h *Handler) frameworkImport(w http.ResponseWriter, r *http.Request) error {
	up, err := h.parseUpload(r, "file", framework.MaxFile)
	if err != nil {
		return h.versionRefused(w, r, err)
	}
	f, v, err := h.versionInPath(r)
	if err != nil {
		return err
	}
	if len(up.Data) == 0 {
		return h.versionRefused(w, r, plenary.Invalid("file", "field.file_required", nil))
	}
	if _, err := h.svc.Frameworks.Import(r.Context(), actorOf(r.Context()), v.ID, bytes.NewReader(up.Data)); err != nil {
		return h.versionRefused(w, r, err)
	}
	h.redirect(w, r, "/frameworks/"+f.Code+"/versions/"+strconv.Itoa(v.Number), "framework.flash.imported")
	return nil
}

func (h *Handler) frameworkPublish(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	f, v, err := h.versionInPath(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Frameworks.Publish(r.Context(), actorOf(r.Context()), v.ID, r.PostForm.Get("note")); err != nil {
		return h.versionRefused(w, r, err)
	}
	h.redirect(w, r, "/frameworks/"+f.Code, "framework.flash.published")
	return nil
}

func (h *Handler) frameworkDiscard(w http.ResponseWriter, r *http.Request) error {
	f, v, err := h.versionInPath(r)
	if err != nil {
		return err
	}
	if err := h.svc.Frameworks.DiscardDraft(r.Context(), actorOf(r.Context()), v.ID); err != nil {
		return h.versionRefused(w, r, err)
	}
	h.redirect(w, r, "/frameworks/"+f.Code, "framework.flash.discarded")
	return nil
}

// An element of a draft, as the Secretariat edits it.

type frameworkElementPage struct {
	frameworkArea
	Framework framework.Framework
	Version   framework.Version
	// Code is the element edited ("" for a new one).
	Code  string
	Codes []string // the draft's elements, to choose a parent from
}

// ParentOptions are the draft's elements an element may belong to.
func (p *frameworkElementPage) ParentOptions() []Option {
	out := []Option{{Value: "", Label: p.T("framework.no_parent")}}
	for _, c := range p.Codes {
		if c != p.Code {
			out = append(out, Option{Value: c, Label: c})
		}
	}
	return out
}

// Action is where the form is sent.
func (p *frameworkElementPage) Action() string {
	if p.Code == "" {
		return p.VersionURL(p.Framework, p.Version.Number, "/elements")
	}
	return p.VersionURL(p.Framework, p.Version.Number, "/elements/"+p.Code)
}

// frameworkElementPage builds the element form of the draft in the path; code names the
// element edited ("" for a new one), whose values fill a fresh form.
func (h *Handler) frameworkElementPage(w http.ResponseWriter, r *http.Request, code string) (frameworkElementPage, error) {
	f, found, err := h.versionInPath(r)
	if err != nil {
		return frameworkElementPage{}, err
	}
	actor := actorOf(r.Context())
	if err := h.svc.Frameworks.MayManage(actor); err != nil {
		return frameworkElementPage{}, err
	}
	v, es, err := h.svc.Frameworks.Version(r.Context(), actor, found.ID)
	if err != nil {
		return frameworkElementPage{}, err
	}
	p := frameworkElementPage{frameworkArea: h.frameworkBase(w, r, "framework.element_new"), Framework: f, Version: v, Code: code}
	p.Form = newForm(r)
	for _, n := range framework.Tree(es) {
		p.Codes = append(p.Codes, n.Code)
	}
	if code == "" {
		return p, nil
	}
	p.Title = p.T("framework.element_edit", "Code", code)
	for _, e := range es {
		if e.Code != code {
			continue
		}
		if r.Method == http.MethodGet {
			vals := p.Form.Values
			vals.Set("code", e.Code)
			vals.Set("parent", e.Parent)
			vals.Set("kind", e.Kind)
			vals.Set("source", e.SourceSymbol)
			vals.Set("paragraph", e.SourceParagraph)
			vals.Set("mark", string(e.Mark))
			for _, l := range plenary.Languages {
				vals.Set("title_"+l, e.Titles[l])
				vals.Set("text_"+l, e.Texts[l])
			}
		}
		return p, nil
	}
	return frameworkElementPage{}, plenary.NotFound()
}

func (h *Handler) frameworkElementNew(w http.ResponseWriter, r *http.Request) (frameworkElementPage, error) {
	return h.frameworkElementPage(w, r, "")
}

func (h *Handler) frameworkElementEdit(w http.ResponseWriter, r *http.Request) (frameworkElementPage, error) {
	return h.frameworkElementPage(w, r, r.PathValue("element"))
}

// frameworkElementSave adds an element to the draft, or changes the one in the path.
func (h *Handler) frameworkElementSave(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	f, v, err := h.versionInPath(r)
	if err != nil {
		return err
	}
	fm := r.PostForm
	code := r.PathValue("element")
	e, err := h.svc.Frameworks.SaveElement(r.Context(), actorOf(r.Context()), v.ID, code, framework.ElementInput{Code: fm.Get("code"),
		Parent: fm.Get("parent"), Kind: fm.Get("kind"), Titles: localizedForm(r, "title_"), Texts: localizedForm(r, "text_"),
		SourceSymbol: fm.Get("source"), SourceParagraph: fm.Get("paragraph"), Mark: framework.Mark(fm.Get("mark"))})
	if err != nil {
		if v, ok := isValidation(err); ok {
			err = draftProblems(v)
		}
		return h.formAgainOrConflict(w, r, err, "framework-element", func() (pageData, error) {
			p, err := h.frameworkElementPage(w, r, code)
			return &p, err
		})
	}
	h.redirect(w, r, "/frameworks/"+f.Code+"/versions/"+strconv.Itoa(v.Number)+"#el-"+e.Code, "framework.flash.element_saved")
	return nil
}

// draftProblems puts the problems the draft as a whole has with an element (each says
// which element, by its code) above the element's form.
func draftProblems(v *plenary.ValidationError) *plenary.ValidationError {
	return moveProblems(v, "form")
}

func (h *Handler) frameworkElementRemove(w http.ResponseWriter, r *http.Request) error {
	f, v, err := h.versionInPath(r)
	if err != nil {
		return err
	}
	if err := h.svc.Frameworks.RemoveElement(r.Context(), actorOf(r.Context()), v.ID, r.PathValue("element")); err != nil {
		return h.versionRefused(w, r, err)
	}
	h.redirect(w, r, "/frameworks/"+f.Code+"/versions/"+strconv.Itoa(v.Number), "framework.flash.element_removed")
	return nil
}

// What changed between two versions.

type frameworkDiffPage struct {
	frameworkArea
	Framework   framework.Framework
	Versions    []framework.Version
	From, To    framework.Version
	Differences []framework.Difference
}

// VersionOptions are the versions the reader may compare.
func (p *frameworkDiffPage) VersionOptions() []Option {
	var out []Option
	for _, v := range p.Versions {
		out = append(out, Option{Value: strconv.Itoa(v.Number), Label: p.T("framework.version_n", "Number", v.Number)})
	}
	return out
}

// ChangeName names a difference.
func (p *frameworkDiffPage) ChangeName(c framework.Change) string {
	return p.T("framework.change." + string(c))
}

func (h *Handler) frameworkDiffPage(w http.ResponseWriter, r *http.Request) (frameworkDiffPage, error) {
	f, err := h.frameworkOf(r)
	if err != nil {
		return frameworkDiffPage{}, err
	}
	p := frameworkDiffPage{frameworkArea: h.frameworkBase(w, r, ""), Framework: f}
	p.Title = p.T("framework.diff_title", "Name", f.Name(p.Lang))
	if p.Versions, err = h.svc.Frameworks.Versions(r.Context(), p.Actor, f.ID); err != nil {
		return p, err
	}
	p.Form = newForm(r)
	q := r.URL.Query()
	p.Form.Values = q
	if q.Get("from") == "" || q.Get("to") == "" {
		return p, nil // the form alone
	}
	read := func(n string) (framework.Version, []framework.Element, error) {
		found, err := h.versionNumbered(r, f, n)
		if err != nil {
			return framework.Version{}, nil, err
		}
		return h.svc.Frameworks.Version(r.Context(), p.Actor, found.ID)
	}
	from, old, err := read(q.Get("from"))
	if err != nil {
		return p, err
	}
	to, cur, err := read(q.Get("to"))
	if err != nil {
		return p, err
	}
	p.From, p.To, p.Differences = from, to, framework.Diff(old, cur)
	return p, nil
}

// sixFields are the six fields of a text given in each language (title_ar…), for the
// "six-fields" partial.
type sixFields struct {
	P                    *Page
	Prefix, Type, Legend string
}

// Six builds the fields prefix+lang of the six languages, of typ "text" or "textarea".
func (p *frameworkArea) Six(prefix, typ, legendKey string) sixFields {
	return sixFields{P: &p.Page, Prefix: prefix, Type: typ, Legend: p.T(legendKey)}
}
