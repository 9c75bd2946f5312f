package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/draft"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/search"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Documents is the store of the document registry.
func (db *DB) Documents() document.Store { return documentStore{db} }

type documentStore struct{ db *DB }

// documentTx is the transaction as the registry sees it: Document and Series would
// collide with other domains' methods on *Tx.
type documentTx struct{ *Tx }

var (
	_ document.Store = documentStore{}
	_ document.Tx    = documentTx{}
)

func (s documentStore) InTx(ctx context.Context, fn func(document.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(documentTx{tx}) })
}

func (s documentStore) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, s.db.q, id)
}

func (s documentStore) SessionBody(ctx context.Context, id int64) (int64, error) {
	b, err := s.db.q.GetSessionBody(ctx, id)
	return b, translate(err)
}

func (s documentStore) File(ctx context.Context, id int64) (files.File, error) {
	return fileByID(ctx, s.db.q, id)
}

func (s documentStore) Document(ctx context.Context, id int64) (document.Document, error) {
	return documentByID(ctx, s.db.q, id)
}

func (t documentTx) Document(ctx context.Context, id int64) (document.Document, error) {
	return documentByID(ctx, t.q, id)
}

func (s documentStore) DocumentBySymbol(ctx context.Context, bodyID int64, symbol string) (document.Document, error) {
	r, err := s.db.q.GetDocumentBySymbol(ctx, query.GetDocumentBySymbolParams{BodyID: bodyID, Symbol: symbol})
	if err != nil {
		return document.Document{}, translate(err)
	}
	return withTexts(ctx, s.db.q, documentFromRow(r))
}

func documentByID(ctx context.Context, q *query.Queries, id int64) (document.Document, error) {
	r, err := q.GetDocument(ctx, id)
	if err != nil {
		return document.Document{}, translate(err)
	}
	return withTexts(ctx, q, documentFromRow(r))
}

func withTexts(ctx context.Context, q *query.Queries, d document.Document) (document.Document, error) {
	rows, err := q.ListDocumentTexts(ctx, d.ID)
	if err != nil {
		return d, translate(err)
	}
	for _, r := range rows {
		d.Texts = append(d.Texts, document.Text{Language: r.Lang, Title: r.Title, Body: r.Body, UpdatedAt: utc(r.UpdatedAt),
			PDF: fileDescription(r.PdfFileID, r.PdfName, r.PdfSize), DOCX: fileDescription(r.DocxFileID, r.DocxName, r.DocxSize)})
	}
	sortTexts(d.Texts)
	return d, nil
}

func fileDescription(id sql.NullInt64, name sql.NullString, size sql.NullInt64) *files.File {
	if !id.Valid {
		return nil
	}
	return &files.File{ID: id.Int64, Name: name.String, Size: size.Int64}
}

// sortTexts puts language versions in the UN's order of languages.
func sortTexts(ts []document.Text) {
	slices.SortFunc(ts, func(a, b document.Text) int {
		return slices.Index(plenary.Languages, a.Language) - slices.Index(plenary.Languages, b.Language)
	})
}

func documentFromRow(r query.Document) document.Document {
	return document.Document{ID: r.ID, BodyID: r.BodyID, SessionID: r.SessionID.Int64, Symbol: r.Symbol, Series: r.Series,
		Kind: document.Kind(r.Kind), Status: document.Status(r.Status), Access: document.Access(r.Access),
		OriginalLanguage: r.OriginalLang, PublishedAt: fromNullTime(r.PublishedAt), CreatedBy: r.CreatedBy.Int64,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
}

func (t documentTx) CreateDocument(ctx context.Context, d document.Document) (document.Document, error) {
	id, err := t.q.CreateDocument(ctx, query.CreateDocumentParams{BodyID: d.BodyID, SessionID: toNullInt64(d.SessionID),
		Symbol: d.Symbol, Series: d.Series, Kind: string(d.Kind), Status: string(d.Status), Access: string(d.Access),
		OriginalLang: d.OriginalLanguage, PublishedAt: toNullTime(d.PublishedAt), CreatedBy: toNullInt64(d.CreatedBy),
		CreatedAt: d.CreatedAt.UTC(), UpdatedAt: d.UpdatedAt.UTC()})
	if err != nil {
		return d, translate(err)
	}
	d.ID = id
	return d, nil
}

func (t documentTx) UpdateDocument(ctx context.Context, d document.Document) error {
	return translate(t.q.UpdateDocument(ctx, query.UpdateDocumentParams{ID: d.ID, SessionID: toNullInt64(d.SessionID),
		Symbol: d.Symbol, Series: d.Series, Kind: string(d.Kind), Status: string(d.Status), Access: string(d.Access),
		OriginalLang: d.OriginalLanguage, PublishedAt: toNullTime(d.PublishedAt), UpdatedAt: d.UpdatedAt.UTC()}))
}

func (t documentTx) SetText(ctx context.Context, documentID int64, x document.Text, pdfID, docxID int64, tokens string) error {
	return translate(t.q.UpsertDocumentText(ctx, query.UpsertDocumentTextParams{DocumentID: documentID, Lang: x.Language,
		Title: x.Title, Body: x.Body, PdfFileID: toNullInt64(pdfID), DocxFileID: toNullInt64(docxID), SearchTokens: tokens,
		UpdatedAt: x.UpdatedAt.UTC()}))
}

func series(ctx context.Context, q *query.Queries, bodyID int64, name string) ([]document.Document, error) {
	rows, err := q.ListSeries(ctx, query.ListSeriesParams{BodyID: bodyID, Series: name})
	if err != nil {
		return nil, translate(err)
	}
	out := make([]document.Document, 0, len(rows))
	for _, r := range rows {
		d, err := withTexts(ctx, q, documentFromRow(r))
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (s documentStore) Series(ctx context.Context, bodyID int64, name string) ([]document.Document, error) {
	return series(ctx, s.db.q, bodyID, name)
}

func (t documentTx) Series(ctx context.Context, bodyID int64, name string) ([]document.Document, error) {
	return series(ctx, t.q, bodyID, name)
}

func paragraphs(ctx context.Context, q *query.Queries, id int64) ([]draft.Paragraph, error) {
	rows, err := q.ListParagraphs(ctx, id)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]draft.Paragraph, len(rows))
	for i, r := range rows {
		out[i] = draft.Paragraph{Key: r.Key, Number: int(r.Number), Text: r.Text, Origins: strings.Fields(r.Origins)}
	}
	return out, nil
}

func (s documentStore) Paragraphs(ctx context.Context, id int64) ([]draft.Paragraph, error) {
	return paragraphs(ctx, s.db.q, id)
}

func (t documentTx) Paragraphs(ctx context.Context, id int64) ([]draft.Paragraph, error) {
	return paragraphs(ctx, t.q, id)
}

func (t documentTx) SeriesKeys(ctx context.Context, bodyID int64, name string) (int, error) {
	keys, err := t.q.SeriesParagraphKeys(ctx, query.SeriesParagraphKeysParams{BodyID: bodyID, Series: name})
	if err != nil {
		return 0, translate(err)
	}
	high := 0
	for _, k := range keys {
		if n, err := strconv.Atoi(k); err == nil && n > high {
			high = n
		}
	}
	return high, nil
}

func (t documentTx) SetParagraphs(ctx context.Context, id int64, ps []draft.Paragraph) error {
	if err := t.q.DeleteParagraphs(ctx, id); err != nil {
		return translate(err)
	}
	for _, p := range ps {
		if err := t.q.InsertParagraph(ctx, query.InsertParagraphParams{DocumentID: id, Number: int32(p.Number), Key: p.Key,
			Text: p.Text, Origins: strings.Join(p.Origins, " ")}); err != nil {
			return translate(err)
		}
	}
	return nil
}

// Documents lists documents by hand-written SQL: the filters are optional and the search
// is the one part that differs between the databases (FTS5 or a tsvector).
func (s documentStore) Documents(ctx context.Context, q document.ListQuery, page plenary.PageRequest) (plenary.Page[document.Document], error) {
	pos, err := plenary.DecodeCursor(page.Cursor)
	if err != nil {
		return plenary.Page[document.Document]{}, err
	}
	var (
		where []string
		args  []any
	)
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	in := make([]string, len(q.Accesses))
	for i, a := range q.Accesses {
		in[i] = arg(string(a))
	}
	where = append(where, "d.access IN ("+strings.Join(in, ", ")+")")
	if !q.Unpublished {
		where = append(where, "d.published_at IS NOT NULL AND d.published_at <= "+arg(q.Now.UTC()))
	}
	if q.BodyID != 0 {
		where = append(where, "d.body_id = "+arg(q.BodyID))
	}
	if q.SessionID != 0 {
		where = append(where, "d.session_id = "+arg(q.SessionID))
	}
	if q.Kind != "" {
		where = append(where, "d.kind = "+arg(string(q.Kind)))
	}
	if q.Search != nil {
		where = append(where, "d.id IN ("+s.db.searchTexts(arg, *q.Search)+")")
	}
	// Readers see published documents only, listed by publication: the index on
	// (body_id, published_at) serves that order. The Secretariat's list also has the
	// unpublished ones, by registration.
	key := "d.published_at"
	if q.Unpublished {
		key = "COALESCE(d.published_at, d.created_at)"
	}
	order := key + " DESC, d.id DESC"
	if q.Oldest {
		order = "d.id"
		if pos.ID != 0 {
			where = append(where, "d.id > "+arg(pos.ID))
		}
	} else if pos.ID != 0 {
		at, err := time.Parse(time.RFC3339Nano, pos.Key)
		if err != nil {
			return plenary.Page[document.Document]{}, plenary.Invalid("cursor", "field.cursor", nil)
		}
		k := arg(at.UTC())
		where = append(where, "("+key+" < "+k+" OR ("+key+" = "+k+" AND d.id < "+arg(pos.ID)+"))")
	}
	size := page.Size()
	sqlText := `SELECT d.id, d.body_id, d.session_id, d.symbol, d.series, d.kind, d.status, d.access, d.original_lang,
	       d.published_at, d.created_by, d.created_at, d.updated_at
	FROM documents d WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(size+1)
	rows, err := s.db.read.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return plenary.Page[document.Document]{}, translate(err)
	}
	defer rows.Close()
	var out []document.Document
	for rows.Next() {
		var r query.Document
		if err := rows.Scan(&r.ID, &r.BodyID, &r.SessionID, &r.Symbol, &r.Series, &r.Kind, &r.Status, &r.Access,
			&r.OriginalLang, &r.PublishedAt, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return plenary.Page[document.Document]{}, translate(err)
		}
		out = append(out, documentFromRow(r))
	}
	if err := rows.Err(); err != nil {
		return plenary.Page[document.Document]{}, translate(err)
	}
	rows.Close()
	var res plenary.Page[document.Document]
	if len(out) > size {
		out = out[:size]
		last := out[size-1]
		at := last.PublishedAt
		if at.IsZero() {
			at = last.CreatedAt
		}
		res.Next = plenary.EncodeCursor(plenary.Position{Key: at.UTC().Format(time.RFC3339Nano), ID: last.ID})
	}
	if err := s.texts(ctx, out, q.Search != nil); err != nil {
		return plenary.Page[document.Document]{}, err
	}
	res.Items = out
	return res, nil
}

// searchTexts returns a sub-query of the IDs of documents with a language version that
// matches.
func (db *DB) searchTexts(arg func(any) string, q search.Query) string {
	if db.dialect == Postgres {
		return "SELECT t.document_id FROM document_texts t WHERE t.search_vector @@ to_tsquery('simple', " + arg(q.TSQuery()) + ")"
	}
	return "SELECT t.document_id FROM document_search JOIN document_texts t ON t.id = document_search.rowid " +
		"WHERE document_search MATCH " + arg(q.FTS5())
}

// texts reads the language versions of a page of documents in one query; the bodies,
// which may be long, only when withBody (search results show an excerpt).
func (s documentStore) texts(ctx context.Context, ds []document.Document, withBody bool) error {
	if len(ds) == 0 {
		return nil
	}
	at := make(map[int64]int, len(ds))
	ph := make([]string, len(ds))
	args := make([]any, len(ds))
	for i, d := range ds {
		at[d.ID] = i
		ph[i] = "$" + strconv.Itoa(i+1)
		args[i] = d.ID
	}
	bodyCol := "''"
	if withBody {
		bodyCol = "t.body"
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT t.document_id, t.lang, t.title, `+bodyCol+`, t.updated_at,
	       t.pdf_file_id, pf.name, pf.size, t.docx_file_id, df.name, df.size
	FROM document_texts t
	LEFT JOIN files pf ON pf.id = t.pdf_file_id
	LEFT JOIN files df ON df.id = t.docx_file_id
	WHERE t.document_id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r query.ListDocumentTextsRow
		if err := rows.Scan(&r.DocumentID, &r.Lang, &r.Title, &r.Body, &r.UpdatedAt, &r.PdfFileID, &r.PdfName, &r.PdfSize,
			&r.DocxFileID, &r.DocxName, &r.DocxSize); err != nil {
			return translate(err)
		}
		d := &ds[at[r.DocumentID]]
		d.Texts = append(d.Texts, document.Text{Language: r.Lang, Title: r.Title, Body: r.Body, UpdatedAt: utc(r.UpdatedAt),
			PDF: fileDescription(r.PdfFileID, r.PdfName, r.PdfSize), DOCX: fileDescription(r.DocxFileID, r.DocxName, r.DocxSize)})
	}
	if err := rows.Err(); err != nil {
		return translate(err)
	}
	for i := range ds {
		sortTexts(ds[i].Texts)
	}
	return nil
}
