package api

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
)

// Frameworks: versioned, translated trees of elements (the framework of responsible State
// behaviour, the capacity-building topics…). Published versions are everyone's and never
// change; the Secretariat edits a draft, imports it from a CSV file, and publishes it.
// The service decides who reads a draft and who changes one.

const frameworkTag = "Frameworks"

// importMaxBody bounds an imported CSV file (a framework's, a questionnaire's): one byte
// more than the domains take, so that they say the file is too large.
const importMaxBody = framework.MaxFile + 2

// Framework is a list the process keeps, in versions.
type Framework struct {
	ID        int64              `json:"id"`
	Code      string             `json:"code" example:"ict-security" doc:"In addresses"`
	Names     Names              `json:"names" doc:"The name by language, in the languages it has"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
	Versions  []FrameworkVersion `json:"versions,omitempty" doc:"With GET /frameworks/{code} only: newest first, the published ones and, for the Secretariat, the draft"`
}

func frameworkJSON(f framework.Framework) Framework {
	return Framework{ID: f.ID, Code: f.Code, Names: names(f.Names), CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
}

// FrameworkVersion is one state of a framework's elements.
type FrameworkVersion struct {
	ID          int64      `json:"id"`
	FrameworkID int64      `json:"framework_id"`
	Number      int        `json:"number"`
	Status      string     `json:"status" enum:"draft,published" doc:"A draft is the Secretariat's; a published version never changes"`
	Note        string     `json:"note,omitempty" doc:"What changed, in the Secretariat's words"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

func frameworkVersionJSON(v framework.Version) FrameworkVersion {
	return FrameworkVersion{ID: v.ID, FrameworkID: v.FrameworkID, Number: v.Number, Status: string(v.Status), Note: v.Note,
		CreatedAt: v.CreatedAt, PublishedAt: optTime(v.PublishedAt)}
}

// FrameworkVersionDetail is a version with its elements.
type FrameworkVersionDetail struct {
	FrameworkVersion
	Elements     []FrameworkElement `json:"elements" doc:"In the framework's order"`
	Completeness map[string]float64 `json:"completeness" doc:"By language: the share of the elements titled in it, from 0 to 1; a missing text is never filled with another language's"`
}

// FrameworkElement is a node of a framework: a pillar, a norm, an action, a measure…
type FrameworkElement struct {
	Code     string         `json:"code" example:"norm.c" doc:"The same in every version: answers refer to it"`
	Parent   string         `json:"parent,omitempty" doc:"The code of the element it belongs to; absent at the top"`
	Kind     string         `json:"kind" example:"norm"`
	Position int            `json:"position" doc:"Order among the version's elements"`
	Titles   Names          `json:"titles" doc:"By language, in the languages it has"`
	Texts    Names          `json:"texts" doc:"By language, where the element says more than its title"`
	Source   *ElementSource `json:"source,omitempty" doc:"Where the element comes from"`
	Mark     string         `json:"mark,omitempty" enum:"reconstructed,placeholder" doc:"Absent for the agreed text; reconstructed: recalled from the source, to be checked; placeholder: stands in for text not yet available"`
}

// ElementSource is a document's symbol and the paragraph in it.
type ElementSource struct {
	Symbol    string `json:"symbol" example:"A/70/174"`
	Paragraph string `json:"paragraph,omitempty" example:"13 (c)"`
}

func elementJSON(e framework.Element) FrameworkElement {
	out := FrameworkElement{Code: e.Code, Parent: e.Parent, Kind: e.Kind, Position: e.Position, Titles: names(e.Titles),
		Texts: names(e.Texts), Mark: string(e.Mark)}
	if e.SourceSymbol != "" || e.SourceParagraph != "" {
		out.Source = &ElementSource{Symbol: e.SourceSymbol, Paragraph: e.SourceParagraph}
	}
	return out
}

func versionDetailJSON(v framework.Version, es []framework.Element) FrameworkVersionDetail {
	out := FrameworkVersionDetail{FrameworkVersion: frameworkVersionJSON(v), Elements: make([]FrameworkElement, len(es)),
		Completeness: map[string]float64{}}
	for i, e := range es {
		out.Elements[i] = elementJSON(e)
	}
	for l, c := range framework.CompletenessOf(es) {
		out.Completeness[l] = c
	}
	return out
}

// names keeps the languages a text is in: an empty text is a missing one.
func names(l plenary.Localized) Names {
	out := Names{}
	for lang, t := range l {
		if strings.TrimSpace(t) != "" {
			out[lang] = t
		}
	}
	return out
}

// failAt is fail with the problems' locations as the request names them: where is given
// each location the domain's field names give (body.name_fr), and returns the request's
// (body.names.fr), or the same.
func (a *API) failAt(ctx context.Context, err error, where func(string) string) error {
	p := a.problem(actorOf(ctx).Lang, err)
	for i := range p.Errors {
		p.Errors[i].Location = where(p.Errors[i].Location)
	}
	return p
}

// renamed maps the locations of the domain's fields (body.name_fr) to where the request
// has them (body.names.fr): each pair is the start of a field's name and what it becomes,
// in the request's part in ("body", "query").
func renamed(in string, pairs ...string) func(string) string {
	return func(loc string) string {
		for i := 0; i+1 < len(pairs); i += 2 {
			if rest, ok := strings.CutPrefix(loc, "body."+pairs[i]); ok {
				return in + "." + pairs[i+1] + rest
			}
		}
		return loc
	}
}

func (a *API) listFrameworks(ctx context.Context, _ *struct{}) (*PageOutput[Framework], error) {
	fs, err := a.svc.Frameworks.List(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Framework]{Body: Page[Framework]{Items: make([]Framework, len(fs))}}
	for i, f := range fs {
		out.Body.Items[i] = frameworkJSON(f)
	}
	return out, nil
}

type frameworkPath struct {
	Code string `path:"code" maxLength:"40" doc:"The framework's code, e.g. ict-security"`
}

func (a *API) getFramework(ctx context.Context, in *frameworkPath) (*Output[Framework], error) {
	actor := actorOf(ctx)
	f, err := a.svc.Frameworks.ByCode(ctx, actor, in.Code)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	vs, err := a.svc.Frameworks.Versions(ctx, actor, f.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := frameworkJSON(f)
	out.Versions = make([]FrameworkVersion, len(vs))
	for i, v := range vs {
		out.Versions[i] = frameworkVersionJSON(v)
	}
	return &Output[Framework]{Body: out}, nil
}

// FrameworkInput records a framework.
type FrameworkInput struct {
	Code  string `json:"code" maxLength:"40" example:"ict-security" doc:"2 to 40 lower-case letters, digits and dashes, starting with a letter; it goes in addresses and does not change"`
	Names Names  `json:"names" doc:"The name by language, in at least one"`
}

func (a *API) createFramework(ctx context.Context, in *struct{ Body FrameworkInput }) (*Output[Framework], error) {
	f, err := a.svc.Frameworks.Create(ctx, actorOf(ctx), framework.Input{Code: in.Body.Code, Names: plenary.Localized(in.Body.Names)})
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("body", "name_", "names."))
	}
	return &Output[Framework]{Body: frameworkJSON(f)}, nil
}

func (a *API) startFrameworkDraft(ctx context.Context, in *frameworkPath) (*Output[FrameworkVersion], error) {
	actor := actorOf(ctx)
	f, err := a.svc.Frameworks.ByCode(ctx, actor, in.Code)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	v, err := a.svc.Frameworks.StartDraft(ctx, actor, f.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[FrameworkVersion]{Body: frameworkVersionJSON(v)}, nil
}

func (a *API) frameworkVersion(ctx context.Context, id int64) (*Output[FrameworkVersionDetail], error) {
	v, es, err := a.svc.Frameworks.Version(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[FrameworkVersionDetail]{Body: versionDetailJSON(v, es)}, nil
}

func (a *API) getFrameworkVersion(ctx context.Context, in *idInput) (*Output[FrameworkVersionDetail], error) {
	return a.frameworkVersion(ctx, in.ID)
}

type changesInput struct {
	ID    int64 `path:"id" minimum:"1"`
	Since int64 `query:"since" required:"true" minimum:"1" doc:"Another version of the same framework, earlier or later"`
}

// FrameworkChanges are what differs between two versions of a framework.
type FrameworkChanges struct {
	Version int64             `json:"version"`
	Since   int64             `json:"since"`
	Changes []FrameworkChange `json:"changes" doc:"In the version's order, then what it no longer holds"`
}

// FrameworkChange is one element that differs.
type FrameworkChange struct {
	Code   string            `json:"code"`
	Change string            `json:"change" enum:"added,removed,edited"`
	Old    *FrameworkElement `json:"old,omitempty" doc:"As it was in since (edited, removed)"`
	New    *FrameworkElement `json:"new,omitempty" doc:"As it is in the version (added, edited)"`
}

func (a *API) frameworkChanges(ctx context.Context, in *changesInput) (*Output[FrameworkChanges], error) {
	ds, err := a.svc.Frameworks.Changes(ctx, actorOf(ctx), in.ID, in.Since)
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("query", "since", "since"))
	}
	out := FrameworkChanges{Version: in.ID, Since: in.Since, Changes: make([]FrameworkChange, len(ds))}
	for i, d := range ds {
		c := FrameworkChange{Code: d.Code, Change: string(d.Change)}
		if d.Old != nil {
			e := elementJSON(*d.Old)
			c.Old = &e
		}
		if d.New != nil {
			e := elementJSON(*d.New)
			c.New = &e
		}
		out.Changes[i] = c
	}
	return &Output[FrameworkChanges]{Body: out}, nil
}

type importElementsInput struct {
	ID      int64  `path:"id" minimum:"1"`
	RawBody []byte `contentType:"text/csv"`
}

func (a *API) importElements(ctx context.Context, in *importElementsInput) (*Output[FrameworkVersionDetail], error) {
	if _, err := a.svc.Frameworks.Import(ctx, actorOf(ctx), in.ID, bytes.NewReader(in.RawBody)); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.frameworkVersion(ctx, in.ID)
}

// FrameworkElementInput is an element of a draft as the Secretariat writes it.
type FrameworkElementInput struct {
	Code   string              `json:"code,omitempty" maxLength:"80" doc:"A new code, to rename the element (the elements under it follow); the path's when absent"`
	Parent string              `json:"parent,omitempty" maxLength:"80" doc:"The code of the element it belongs to; absent at the top"`
	Kind   string              `json:"kind" maxLength:"30" example:"action" doc:"One word of lower-case letters"`
	Titles Names               `json:"titles" doc:"By language, in at least one: a language without a title is left out, never filled with another's"`
	Texts  Names               `json:"texts,omitempty" doc:"By language, each beside a title in the same language"`
	Source *ElementSourceInput `json:"source,omitempty"`
	Mark   string              `json:"mark,omitempty" enum:"reconstructed,placeholder" doc:"Absent for the agreed text"`
}

// ElementSourceInput is where an element comes from.
type ElementSourceInput struct {
	Symbol    string `json:"symbol" maxLength:"100" example:"A/70/174"`
	Paragraph string `json:"paragraph,omitempty" maxLength:"40" example:"13 (c)"`
}

// ElementPath names an element of a version (exported: huma reads the parameters of
// embedded structs only when they are).
type ElementPath struct {
	ID      int64  `path:"id" minimum:"1"`
	Element string `path:"element" maxLength:"80" doc:"The element's code, e.g. norm.c.action.2"`
}

type saveElementInput struct {
	ElementPath
	Body FrameworkElementInput
}

// saveElement changes the element at the path, or adds it there when the draft has none
// with that code. The draft is checked as a whole: a problem names the element at fault.
func (a *API) saveElement(ctx context.Context, in *saveElementInput) (*Output[FrameworkElement], error) {
	actor := actorOf(ctx)
	b := in.Body
	code := strings.ToLower(in.Element)
	ei := framework.ElementInput{Code: b.Code, Parent: b.Parent, Kind: b.Kind, Titles: plenary.Localized(b.Titles),
		Texts: plenary.Localized(b.Texts), Mark: framework.Mark(b.Mark)}
	if strings.TrimSpace(ei.Code) == "" {
		ei.Code = code
	}
	if b.Source != nil {
		ei.SourceSymbol, ei.SourceParagraph = b.Source.Symbol, b.Source.Paragraph
	}
	e, err := a.svc.Frameworks.SaveElement(ctx, actor, in.ID, code, ei)
	if plenary.ErrorKind(err) == plenary.KindNotFound && strings.EqualFold(strings.TrimSpace(ei.Code), code) {
		// No element has the path's code: the element is added under it (renaming one
		// the draft does not hold stays not found).
		e, err = a.svc.Frameworks.SaveElement(ctx, actor, in.ID, "", ei)
	}
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[FrameworkElement]{Body: elementJSON(e)}, nil
}

func (a *API) removeElement(ctx context.Context, in *ElementPath) (*struct{}, error) {
	if err := a.svc.Frameworks.RemoveElement(ctx, actorOf(ctx), in.ID, in.Element); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type publishFrameworkVersionInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Note string `json:"note,omitempty" maxLength:"2000" doc:"What changed, in the Secretariat's words"`
	}
}

func (a *API) publishVersion(ctx context.Context, in *publishFrameworkVersionInput) (*Output[FrameworkVersion], error) {
	v, err := a.svc.Frameworks.Publish(ctx, actorOf(ctx), in.ID, in.Body.Note)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[FrameworkVersion]{Body: frameworkVersionJSON(v)}, nil
}

func (a *API) discardDraft(ctx context.Context, in *idInput) (*struct{}, error) {
	if err := a.svc.Frameworks.DiscardDraft(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}
