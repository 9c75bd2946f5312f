package document

import (
	"context"
	"strconv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/search"
)

// ListQuery is a list of documents as the store runs it: the reader's filter, what the
// reader may see, and the analysed search.
type ListQuery struct {
	Filter
	// Accesses are the access levels the reader may read.
	Accesses []Access
	// Unpublished includes documents not (yet) published: the Secretariat's view.
	Unpublished bool
	Now         time.Time
	// Search is the analysed query, nil without one.
	Search *search.Query
	// Oldest lists in ascending order of ID (the export) instead of newest first.
	Oldest bool
}

// Store is what the document domain reads.
type Store interface {
	Body(ctx context.Context, id int64) (body.Body, error)
	// SessionBody returns the body a session belongs to.
	SessionBody(ctx context.Context, sessionID int64) (int64, error)
	Document(ctx context.Context, id int64) (Document, error)
	DocumentBySymbol(ctx context.Context, bodyID int64, symbol string) (Document, error)
	Documents(ctx context.Context, q ListQuery, page plenary.PageRequest) (plenary.Page[Document], error)
	Series(ctx context.Context, bodyID int64, series string) ([]Document, error)
	Paragraphs(ctx context.Context, documentID int64) ([]draft.Paragraph, error)
	File(ctx context.Context, id int64) (files.File, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what the document domain changes in one transaction.
type Tx interface {
	Document(ctx context.Context, id int64) (Document, error)
	CreateDocument(ctx context.Context, d Document) (Document, error)
	UpdateDocument(ctx context.Context, d Document) error
	SaveFile(ctx context.Context, f files.File) (files.File, error)
	// SetText creates or replaces a language version; fileIDs 0 mean none.
	SetText(ctx context.Context, documentID int64, t Text, pdfID, docxID int64, tokens string) error
	Series(ctx context.Context, bodyID int64, series string) ([]Document, error)
	Paragraphs(ctx context.Context, documentID int64) ([]draft.Paragraph, error)
	// SeriesKeys returns the highest paragraph key used in a series (keys are numbers).
	SeriesKeys(ctx context.Context, bodyID int64, series string) (int, error)
	SetParagraphs(ctx context.Context, documentID int64, ps []draft.Paragraph) error
	Audit(ctx context.Context, e audit.Event) error
}

// Service is the document registry.
type Service struct {
	store Store
	clock plenary.Clock
}

// NewService builds the registry.
func NewService(s Store, c plenary.Clock) *Service { return &Service{store: s, clock: c} }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// Now is the registry's time, against which publication is judged (pages say whether a
// document the Secretariat sees is out yet).
func (s *Service) Now() time.Time { return s.now() }

// MayManage tells whether actor may register, change and publish documents: the
// Secretariat.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// Readable returns the access levels actor may read: everyone reads public documents;
// State delegations and Points of Contact read those for States; the Chair and the
// Secretariat read everything.
func Readable(actor plenary.Actor) []Access {
	switch {
	case actor.IsSecretariat() || actor.Has(plenary.RoleChair):
		return []Access{AccessPublic, AccessStates, AccessClosed}
	case actor.Has(plenary.RoleDelegate) || actor.Has(plenary.RolePointOfContact):
		return []Access{AccessPublic, AccessStates}
	}
	return []Access{AccessPublic}
}

// Sees tells whether actor may read d at now. A document the actor may not read does not
// exist for them: callers answer "not found", so that its symbol does not leak.
func Sees(actor plenary.Actor, d Document, now time.Time) bool {
	if actor.IsSecretariat() {
		return true
	}
	if !d.Published(now) {
		return false
	}
	for _, a := range Readable(actor) {
		if a == d.Access {
			return true
		}
	}
	return false
}

// Get returns a document actor may read.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (Document, error) {
	d, err := s.store.Document(ctx, id)
	if err != nil {
		return Document{}, err
	}
	if !Sees(actor, d, s.now()) {
		return Document{}, plenary.NotFound()
	}
	return d, nil
}

// BySymbol returns the document of a body under symbol, if actor may read it.
func (s *Service) BySymbol(ctx context.Context, actor plenary.Actor, bodyID int64, symbol string) (Document, error) {
	d, err := s.store.DocumentBySymbol(ctx, bodyID, symbol)
	if err != nil {
		return Document{}, err
	}
	if !Sees(actor, d, s.now()) {
		return Document{}, plenary.NotFound()
	}
	return d, nil
}

// List returns the documents actor may read that match f, newest publication first.
func (s *Service) List(ctx context.Context, actor plenary.Actor, f Filter, page plenary.PageRequest) (plenary.Page[Document], error) {
	q, err := s.query(actor, f)
	if err != nil {
		return plenary.Page[Document]{}, err
	}
	if f.Query != "" && q.Search == nil {
		return plenary.Page[Document]{}, nil // only words that match nothing (punctuation)
	}
	return s.store.Documents(ctx, q, page)
}

func (s *Service) query(actor plenary.Actor, f Filter) (ListQuery, error) {
	var p plenary.Problems
	if f.Kind != "" && !ValidKind(f.Kind) {
		p.Add("kind", "field.choice", nil)
	}
	p.MaxLength("q", f.Query, MaxQuery)
	if err := p.Err(); err != nil {
		return ListQuery{}, err
	}
	q := ListQuery{Filter: f, Accesses: Readable(actor), Unpublished: actor.IsSecretariat(), Now: s.now()}
	if f.Query != "" {
		if sq, ok := search.QueryAll(f.Language, f.Query); ok {
			q.Search = &sq
		}
	}
	return q, nil
}

// Export calls fn with every published public document, oldest first, without limit: the
// open-data export. It reads in pages so that memory stays flat whatever the registry's
// size.
func (s *Service) Export(ctx context.Context, f Filter, fn func(Document) error) error {
	q := ListQuery{Filter: f, Accesses: []Access{AccessPublic}, Now: s.now(), Oldest: true}
	page := plenary.PageRequest{Limit: plenary.MaxPageSize}
	for {
		got, err := s.store.Documents(ctx, q, page)
		if err != nil {
			return err
		}
		for _, d := range got.Items {
			if err := fn(d); err != nil {
				return err
			}
		}
		if got.Next == "" {
			return nil
		}
		page.Cursor = got.Next
	}
}

// Series returns the versions of d's series that actor may read, in symbol order (the
// zero draft, Rev.1, Rev.2…).
func (s *Service) Series(ctx context.Context, actor plenary.Actor, d Document) ([]Document, error) {
	all, err := s.store.Series(ctx, d.BodyID, d.Series)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := all[:0]
	for _, x := range all {
		if Sees(actor, x, now) {
			out = append(out, x)
		}
	}
	sortSeries(out)
	return out, nil
}

// Paragraphs returns a draft's paragraphs.
func (s *Service) Paragraphs(ctx context.Context, actor plenary.Actor, id int64) (Document, []draft.Paragraph, error) {
	d, err := s.Get(ctx, actor, id)
	if err != nil {
		return Document{}, nil, err
	}
	ps, err := s.store.Paragraphs(ctx, id)
	return d, ps, err
}

// Comparison is what changed between two versions of a draft.
type Comparison struct {
	From, To Document
	Changes  []draft.Change
}

// Compare compares two versions of one series, paragraph by paragraph.
func (s *Service) Compare(ctx context.Context, actor plenary.Actor, fromID, toID int64) (Comparison, error) {
	from, prev, err := s.Paragraphs(ctx, actor, fromID)
	if err != nil {
		return Comparison{}, err
	}
	to, next, err := s.Paragraphs(ctx, actor, toID)
	if err != nil {
		return Comparison{}, err
	}
	if from.BodyID != to.BodyID || from.Series != to.Series {
		return Comparison{}, plenary.Invalid("from", "document.other_series", nil)
	}
	return Comparison{From: from, To: to, Changes: draft.Compare(prev, next)}, nil
}

// File returns a file of a language version of a document actor may read: which is
// "pdf" or "docx".
func (s *Service) File(ctx context.Context, actor plenary.Actor, id int64, lang, which string) (files.File, error) {
	d, err := s.Get(ctx, actor, id)
	if err != nil {
		return files.File{}, err
	}
	t, ok := d.Text(lang)
	if !ok {
		return files.File{}, plenary.NotFound()
	}
	f := t.PDF
	if which == "docx" {
		f = t.DOCX
	}
	if f == nil {
		return files.File{}, plenary.NotFound()
	}
	return s.store.File(ctx, f.ID)
}

func event(actor plenary.Actor, at time.Time, action string, d Document, details map[string]string) audit.Event {
	if details == nil {
		details = map[string]string{}
	}
	details["symbol"] = d.Symbol
	return audit.New(actor, at, action, "document", d.ID, details)
}

// Register records a new document under its symbol, unpublished, with its title in its
// original language.
func (s *Service) Register(ctx context.Context, actor plenary.Actor, in Input) (Document, error) {
	if err := s.MayManage(actor); err != nil {
		return Document{}, err
	}
	if _, err := s.store.Body(ctx, in.BodyID); err != nil {
		return Document{}, err
	}
	in.normalize()
	var p plenary.Problems
	sym, _ := in.check(&p, true)
	s.checkSession(ctx, &p, in)
	if err := p.Err(); err != nil {
		return Document{}, err
	}
	now := s.now()
	d := Document{BodyID: in.BodyID, SessionID: in.SessionID, Symbol: sym.String(), Series: sym.Base(), Kind: in.Kind,
		Status: in.Status, Access: in.Access, OriginalLanguage: in.OriginalLanguage, CreatedBy: actor.UserID,
		CreatedAt: now, UpdatedAt: now}
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = tx.CreateDocument(ctx, d); err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Invalid("symbol", "document.symbol_taken", map[string]any{"Symbol": d.Symbol})
			}
			return err
		}
		t := Text{Language: d.OriginalLanguage, Title: in.Title, UpdatedAt: now}
		if err := tx.SetText(ctx, d.ID, t, 0, 0, search.Index(t.Language, t.Title)); err != nil {
			return err
		}
		d.Texts = []Text{t}
		return tx.Audit(ctx, event(actor, now, "document.registered", d,
			map[string]string{"kind": string(d.Kind), "access": string(d.Access)}))
	})
	return d, err
}

func (s *Service) checkSession(ctx context.Context, p *plenary.Problems, in Input) {
	if in.SessionID == 0 {
		return
	}
	b, err := s.store.SessionBody(ctx, in.SessionID)
	if err != nil || b != in.BodyID {
		p.Add("session", "document.session_other_body", nil)
	}
}

// Update changes a document's symbol, type, status, access or session. Its title is a
// language version's (SetText).
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, in Input) (Document, error) {
	if err := s.MayManage(actor); err != nil {
		return Document{}, err
	}
	cur, err := s.store.Document(ctx, id)
	if err != nil {
		return Document{}, err
	}
	in.BodyID = cur.BodyID
	in.normalize()
	var p plenary.Problems
	sym, _ := in.check(&p, false)
	s.checkSession(ctx, &p, in)
	if err := p.Err(); err != nil {
		return Document{}, err
	}
	now := s.now()
	d := cur
	d.SessionID, d.Symbol, d.Series, d.Kind, d.Status, d.Access, d.OriginalLanguage, d.UpdatedAt =
		in.SessionID, sym.String(), sym.Base(), in.Kind, in.Status, in.Access, in.OriginalLanguage, now
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateDocument(ctx, d); err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Invalid("symbol", "document.symbol_taken", map[string]any{"Symbol": d.Symbol})
			}
			return err
		}
		details := map[string]string{"access": string(d.Access), "status": string(d.Status)}
		if cur.Symbol != d.Symbol {
			details["previous_symbol"] = cur.Symbol
		}
		return tx.Audit(ctx, event(actor, now, "document.changed", d, details))
	})
	return d, err
}

// SetText creates or replaces a language version: its title, its text and its files. The
// original-language text of a draft is cut into paragraphs whose keys follow the
// previous version's (or, when this version already had paragraphs, its own: a
// correction keeps what was anchored to them).
func (s *Service) SetText(ctx context.Context, actor plenary.Actor, id int64, in TextInput) (Document, error) {
	if err := s.MayManage(actor); err != nil {
		return Document{}, err
	}
	var p plenary.Problems
	if !plenary.ValidLanguage(in.Language) {
		p.Add("language", "field.language", nil)
	}
	if p.Required("title", in.Title) {
		p.MaxLength("title", in.Title, MaxTitle)
	}
	p.MaxLength("body", in.Body, MaxBody)
	var pdf, docx files.File
	var hasPDF, hasDOCX bool
	if in.PDF != nil {
		pdf, hasPDF = files.Check(&p, "pdf", *in.PDF, files.PDF, MaxFile)
	}
	if in.DOCX != nil {
		docx, hasDOCX = files.Check(&p, "docx", *in.DOCX, files.DOCX, MaxFile)
	}
	if err := p.Err(); err != nil {
		return Document{}, err
	}
	now := s.now()
	var d Document
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = tx.Document(ctx, id); err != nil {
			return err
		}
		old, _ := d.Text(in.Language)
		var pdfID, docxID int64
		if old.PDF != nil && !in.RemovePDF {
			pdfID = old.PDF.ID
		}
		if old.DOCX != nil && !in.RemoveDOCX {
			docxID = old.DOCX.ID
		}
		if hasPDF {
			pdf.CreatedBy, pdf.CreatedAt = actor.UserID, now
			if pdf, err = tx.SaveFile(ctx, pdf); err != nil {
				return err
			}
			pdfID = pdf.ID
		}
		if hasDOCX {
			docx.CreatedBy, docx.CreatedAt = actor.UserID, now
			if docx, err = tx.SaveFile(ctx, docx); err != nil {
				return err
			}
			docxID = docx.ID
		}
		t := Text{Language: in.Language, Title: in.Title, Body: in.Body, UpdatedAt: now}
		if err := tx.SetText(ctx, id, t, pdfID, docxID, search.Index(t.Language, t.Title, t.Body)); err != nil {
			return err
		}
		details := map[string]string{"language": in.Language}
		if in.Language == d.OriginalLanguage {
			n, err := s.cut(ctx, tx, d, in.Body)
			if err != nil {
				return err
			}
			details["paragraphs"] = strconv.Itoa(n)
		}
		return tx.Audit(ctx, event(actor, now, "document.text_set", d, details))
	})
	if err != nil {
		return Document{}, err
	}
	return s.store.Document(ctx, id)
}

// cut splits the original-language text into paragraphs and gives them their keys.
func (s *Service) cut(ctx context.Context, tx Tx, d Document, body string) (int, error) {
	texts := draft.Split(body)
	prev, err := tx.Paragraphs(ctx, d.ID)
	if err != nil {
		return 0, err
	}
	if len(prev) == 0 {
		if prev, err = s.previousParagraphs(ctx, tx, d); err != nil {
			return 0, err
		}
	}
	last, err := tx.SeriesKeys(ctx, d.BodyID, d.Series)
	if err != nil {
		return 0, err
	}
	ps := draft.Match(prev, texts, func() string { last++; return strconv.Itoa(last) })
	return len(ps), tx.SetParagraphs(ctx, d.ID, ps)
}

// previousParagraphs returns the paragraphs of the version before d in its series that
// has any.
func (s *Service) previousParagraphs(ctx context.Context, tx Tx, d Document) ([]draft.Paragraph, error) {
	all, err := tx.Series(ctx, d.BodyID, d.Series)
	if err != nil {
		return nil, err
	}
	sortSeries(all)
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].ID == d.ID || symbolAfter(all[i].Symbol, d.Symbol) {
			continue
		}
		ps, err := tx.Paragraphs(ctx, all[i].ID)
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			return ps, nil
		}
	}
	return nil, nil
}

// Publish makes a document public, to those its access lets read it, at at (now when
// zero). A language version with a title is required.
func (s *Service) Publish(ctx context.Context, actor plenary.Actor, id int64, at time.Time) (Document, error) {
	return s.setPublished(ctx, actor, id, at, true)
}

// Unpublish takes a document back (a document published by mistake); its symbol stays
// taken.
func (s *Service) Unpublish(ctx context.Context, actor plenary.Actor, id int64) (Document, error) {
	return s.setPublished(ctx, actor, id, time.Time{}, false)
}

func (s *Service) setPublished(ctx context.Context, actor plenary.Actor, id int64, at time.Time, publish bool) (Document, error) {
	if err := s.MayManage(actor); err != nil {
		return Document{}, err
	}
	now := s.now()
	var d Document
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = tx.Document(ctx, id); err != nil {
			return err
		}
		d.PublishedAt = time.Time{}
		if publish {
			d.PublishedAt = now
			if !at.IsZero() {
				d.PublishedAt = at.UTC()
			}
		}
		d.UpdatedAt = now
		if err := tx.UpdateDocument(ctx, d); err != nil {
			return err
		}
		if !publish {
			return tx.Audit(ctx, event(actor, now, "document.unpublished", d, nil))
		}
		return tx.Audit(ctx, event(actor, now, "document.published", d,
			map[string]string{"at": d.PublishedAt.Format(time.RFC3339)}))
	})
	return d, err
}
