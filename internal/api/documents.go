package api

import (
	"context"
	"mime"
	"net/url"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
)

// The document registry. Public documents are read by anyone; the others by those their
// access level lets in: a document the caller may not read is not found, so its symbol
// does not leak. The Secretariat registers, changes and publishes.

// Document is a document under one symbol.
type Document struct {
	ID               int64          `json:"id"`
	Body             string         `json:"body" example:"gm"`
	SessionID        int64          `json:"session_id,omitempty"`
	Symbol           string         `json:"symbol" example:"A/AC.292/2025/CRP.1"`
	Series           string         `json:"series" doc:"The symbol without Rev., Add. or Corr.: a draft and its revisions share it"`
	Kind             string         `json:"type" enum:"agenda,programme_of_work,working_paper,conference_room_paper,report,information_note,note_verbale,statement,written_input,national_submission"`
	Status           string         `json:"status" enum:"draft,final"`
	Version          string         `json:"version" enum:"zero_draft,revision,final,original"`
	Revision         int            `json:"revision,omitempty" doc:"N of Rev.N"`
	Access           string         `json:"access" enum:"public,states,closed"`
	OriginalLanguage string         `json:"original_language" enum:"ar,zh,en,fr,ru,es"`
	Languages        []string       `json:"languages" doc:"The languages it is issued in"`
	Complete         bool           `json:"all_languages" doc:"Issued in all six languages"`
	PublishedAt      *time.Time     `json:"published_at,omitempty" doc:"Absent while unpublished (the Secretariat's view only)"`
	UpdatedAt        time.Time      `json:"updated_at"`
	Texts            []DocumentText `json:"texts"`
}

// DocumentText is a language version.
type DocumentText struct {
	Language string `json:"language" enum:"ar,zh,en,fr,ru,es"`
	Title    string `json:"title"`
	PDF      string `json:"pdf,omitempty" doc:"Path of the PDF, to GET"`
	DOCX     string `json:"docx,omitempty" doc:"Path of the DOCX, to GET"`
	HasText  bool   `json:"has_text" doc:"A plain text is stored (searchable; a draft's paragraphs come from it)"`
}

func documentJSON(d document.Document, bodyCode string) Document {
	v := d.Version()
	out := Document{ID: d.ID, Body: bodyCode, SessionID: d.SessionID, Symbol: d.Symbol, Series: d.Series, Kind: string(d.Kind),
		Status: string(d.Status), Version: v.Kind, Revision: v.N, Access: string(d.Access), OriginalLanguage: d.OriginalLanguage,
		Languages: d.Languages(), Complete: d.Complete(), UpdatedAt: d.UpdatedAt, Texts: []DocumentText{}}
	if out.Languages == nil {
		out.Languages = []string{}
	}
	if !d.PublishedAt.IsZero() {
		at := d.PublishedAt
		out.PublishedAt = &at
	}
	for _, t := range d.Texts {
		x := DocumentText{Language: t.Language, Title: t.Title, HasText: t.Body != ""}
		base := "/api/v1/documents/" + itoa(d.ID) + "/texts/" + t.Language
		if t.PDF != nil {
			x.PDF = base + "/pdf"
		}
		if t.DOCX != nil {
			x.DOCX = base + "/docx"
		}
		out.Texts = append(out.Texts, x)
	}
	return out
}

// DocumentInput registers or changes a document.
type DocumentInput struct {
	Symbol           string `json:"symbol" maxLength:"120" example:"A/AC.292/2025/CRP.1"`
	Kind             string `json:"type" enum:"agenda,programme_of_work,working_paper,conference_room_paper,report,information_note,note_verbale,statement,written_input"`
	Status           string `json:"status,omitempty" enum:"draft,final" doc:"final when omitted"`
	Access           string `json:"access,omitempty" enum:"public,states,closed" doc:"public when omitted"`
	OriginalLanguage string `json:"original_language,omitempty" enum:"ar,zh,en,fr,ru,es" doc:"en when omitted"`
	SessionID        int64  `json:"session_id,omitempty"`
	Title            string `json:"title,omitempty" maxLength:"500" doc:"In the original language; required to register"`
}

func (in DocumentInput) domain(bodyID int64) document.Input {
	return document.Input{BodyID: bodyID, SessionID: in.SessionID, Symbol: in.Symbol, Kind: document.Kind(in.Kind),
		Status: document.Status(in.Status), Access: document.Access(in.Access), OriginalLanguage: in.OriginalLanguage, Title: in.Title}
}

func (a *API) bodyCodes(ctx context.Context) (map[int64]string, error) {
	bodies, err := a.svc.Bodies.List(ctx, actorOf(ctx))
	if err != nil {
		return nil, err
	}
	codes := make(map[int64]string, len(bodies))
	for _, b := range bodies {
		codes[b.ID] = b.Code
	}
	return codes, nil
}

type listDocumentsInput struct {
	PageParams
	// Not named Body: huma reads a field named Body as the request body, whatever its
	// tags, and so answered 400 to every GET /documents that did not send a JSON string.
	BodyCode string `query:"body" maxLength:"20" doc:"A body's code"`
	Session  int64  `query:"session"`
	Kind     string `query:"type" enum:"agenda,programme_of_work,working_paper,conference_room_paper,report,information_note,note_verbale,statement,written_input,national_submission"`
	Q        string `query:"q" maxLength:"500" doc:"Words in any of the six languages"`
	Lang     string `query:"lang" enum:"ar,zh,en,fr,ru,es" doc:"How to read a query in Latin script (English by default)"`
}

func (a *API) listDocuments(ctx context.Context, in *listDocumentsInput) (*PageOutput[Document], error) {
	f := document.Filter{SessionID: in.Session, Kind: document.Kind(in.Kind), Query: in.Q, Language: in.Lang}
	if in.BodyCode != "" {
		b, err := a.body(ctx, in.BodyCode)
		if err != nil {
			return nil, err
		}
		f.BodyID = b.ID
	}
	page, err := a.svc.Documents.List(ctx, actorOf(ctx), f, in.request())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Document]{Body: Page[Document]{Items: make([]Document, len(page.Items)), NextCursor: page.Next}}
	for i, d := range page.Items {
		out.Body.Items[i] = documentJSON(d, codes[d.BodyID])
	}
	q := url.Values{}
	for k, v := range map[string]string{"body": in.BodyCode, "type": in.Kind, "q": in.Q, "lang": in.Lang} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if in.Session != 0 {
		q.Set("session", itoa(in.Session))
	}
	path := "/documents"
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	out.Link = a.pageOf(path, in.Limit, page.Next)
	return out, nil
}

func (a *API) document(ctx context.Context, id int64) (*Output[Document], error) {
	d, err := a.svc.Documents.Get(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Document]{Body: documentJSON(d, codes[d.BodyID])}, nil
}

func (a *API) getDocument(ctx context.Context, in *idPath) (*Output[Document], error) {
	return a.document(ctx, in.ID)
}

type createDocumentInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body DocumentInput
}

func (a *API) createDocument(ctx context.Context, in *createDocumentInput) (*Output[Document], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	d, err := a.svc.Documents.Register(ctx, actorOf(ctx), in.Body.domain(b.ID))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.document(ctx, d.ID)
}

type updateDocumentInput struct {
	ID   int64 `path:"id"`
	Body DocumentInput
}

func (a *API) updateDocument(ctx context.Context, in *updateDocumentInput) (*Output[Document], error) {
	if _, err := a.svc.Documents.Update(ctx, actorOf(ctx), in.ID, in.Body.domain(0)); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.document(ctx, in.ID)
}

type publishDocumentInput struct {
	ID   int64 `path:"id"`
	Body struct {
		At *time.Time `json:"at,omitempty" doc:"When it becomes public; now when omitted"`
	}
}

func (a *API) publishDocument(ctx context.Context, in *publishDocumentInput) (*Output[Document], error) {
	var at time.Time
	if in.Body.At != nil {
		at = *in.Body.At
	}
	if _, err := a.svc.Documents.Publish(ctx, actorOf(ctx), in.ID, at); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.document(ctx, in.ID)
}

func (a *API) unpublishDocument(ctx context.Context, in *idPath) (*Output[Document], error) {
	if _, err := a.svc.Documents.Unpublish(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.document(ctx, in.ID)
}

type putTextInput struct {
	ID       int64  `path:"id"`
	Language string `path:"lang" enum:"ar,zh,en,fr,ru,es"`
	Body     struct {
		Title string `json:"title" maxLength:"500"`
		Text  string `json:"text,omitempty" doc:"Plain text, paragraphs separated by a blank line; a draft's paragraphs are cut from its original-language text"`
	}
}

func (a *API) putText(ctx context.Context, in *putTextInput) (*Output[Document], error) {
	// The files stay: this sets the title and text only.
	if _, err := a.svc.Documents.SetText(ctx, actorOf(ctx), in.ID, document.TextInput{Language: in.Language,
		Title: in.Body.Title, Body: in.Body.Text}); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.document(ctx, in.ID)
}

type putFileInput struct {
	ID       int64  `path:"id"`
	Language string `path:"lang" enum:"ar,zh,en,fr,ru,es"`
	Format   string `path:"format" enum:"pdf,docx"`
	Filename string `query:"filename" maxLength:"200" doc:"The file's name, kept for the download"`
	RawBody  []byte `contentType:"application/octet-stream"`
}

func (a *API) putFile(ctx context.Context, in *putFileInput) (*Output[Document], error) {
	d, err := a.svc.Documents.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	t, ok := d.Text(in.Language)
	if !ok {
		return nil, a.fail(ctx, plenary.Invalid("lang", "document.text_first", nil))
	}
	name := in.Filename
	if name == "" {
		name = "document." + in.Format
	}
	up := files.Upload{Name: name, Data: in.RawBody}
	ti := document.TextInput{Language: in.Language, Title: t.Title, Body: t.Body}
	if in.Format == "pdf" {
		ti.PDF = &up
	} else {
		ti.DOCX = &up
	}
	if _, err := a.svc.Documents.SetText(ctx, actorOf(ctx), in.ID, ti); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.document(ctx, in.ID)
}

type filePath struct {
	ID       int64  `path:"id"`
	Language string `path:"lang" enum:"ar,zh,en,fr,ru,es"`
	Format   string `path:"format" enum:"pdf,docx"`
}

func (a *API) getFile(ctx context.Context, in *filePath) (*LetterOutput, error) {
	f, err := a.svc.Documents.File(ctx, actorOf(ctx), in.ID, in.Language, in.Format)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &LetterOutput{ContentType: f.ContentType, Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}

// Paragraph is a numbered paragraph of a draft.
type Paragraph struct {
	Key     string   `json:"key" doc:"The paragraph's identity across versions; anchor comments to it"`
	Number  int      `json:"number"`
	Text    string   `json:"text"`
	Origins []string `json:"origins" doc:"Keys of the previous version's paragraphs it comes from"`
}

func (a *API) getParagraphs(ctx context.Context, in *idPath) (*Output[[]Paragraph], error) {
	_, ps, err := a.svc.Documents.Paragraphs(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[[]Paragraph]{Body: paragraphsJSON(ps)}, nil
}

func paragraphsJSON(ps []draft.Paragraph) []Paragraph {
	out := make([]Paragraph, len(ps))
	for i, p := range ps {
		origins := p.Origins
		if origins == nil {
			origins = []string{}
		}
		out[i] = Paragraph{Key: p.Key, Number: p.Number, Text: p.Text, Origins: origins}
	}
	return out
}

// Change is what happened to one paragraph between two versions.
type Change struct {
	Kind    string    `json:"kind" enum:"unchanged,edited,moved,split,merged,added,removed"`
	Key     string    `json:"key"`
	Old     []int     `json:"old_numbers"`
	New     int       `json:"new_number,omitempty"`
	OldText string    `json:"old_text,omitempty"`
	NewText string    `json:"new_text,omitempty"`
	Diff    []Segment `json:"diff,omitempty"`
}

// Segment is a piece of a diff.
type Segment struct {
	Op   string `json:"op" enum:"equal,insert,delete"`
	Text string `json:"text"`
}

type compareInput struct {
	ID   int64 `path:"id" doc:"The later version"`
	From int64 `query:"from" required:"true" doc:"The earlier version"`
}

func (a *API) compareDocuments(ctx context.Context, in *compareInput) (*Output[[]Change], error) {
	c, err := a.svc.Documents.Compare(ctx, actorOf(ctx), in.From, in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]Change, len(c.Changes))
	for i, ch := range c.Changes {
		old := ch.Old
		if old == nil {
			old = []int{}
		}
		x := Change{Kind: string(ch.Kind), Key: ch.Key, Old: old, New: ch.New, OldText: ch.OldText, NewText: ch.NewText}
		for _, s := range ch.Diff {
			x.Diff = append(x.Diff, Segment{Op: string(s.Op), Text: s.Text})
		}
		out[i] = x
	}
	return &Output[[]Change]{Body: out}, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
