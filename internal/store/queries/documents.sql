-- name: CreateDocument :one
INSERT INTO documents (body_id, session_id, symbol, series, kind, status, access, original_lang, published_at,
                       created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
RETURNING id;

-- name: UpdateDocument :exec
UPDATE documents
SET session_id = $2, symbol = $3, series = $4, kind = $5, status = $6, access = $7, original_lang = $8,
    published_at = $9, updated_at = $10
WHERE id = $1;

-- name: GetDocument :one
SELECT * FROM documents WHERE id = $1;

-- name: GetDocumentBySymbol :one
SELECT * FROM documents WHERE body_id = $1 AND symbol = $2;

-- name: ListSeries :many
SELECT * FROM documents WHERE body_id = $1 AND series = $2 ORDER BY id;

-- name: ListDocumentTexts :many
SELECT t.id, t.document_id, t.lang, t.title, t.body, t.updated_at,
       t.pdf_file_id, pf.name AS pdf_name, pf.size AS pdf_size,
       t.docx_file_id, df.name AS docx_name, df.size AS docx_size
FROM document_texts t
LEFT JOIN files pf ON pf.id = t.pdf_file_id
LEFT JOIN files df ON df.id = t.docx_file_id
WHERE t.document_id = $1;

-- name: UpsertDocumentText :exec
INSERT INTO document_texts (document_id, lang, title, body, pdf_file_id, docx_file_id, search_tokens, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (document_id, lang) DO UPDATE
SET title = excluded.title, body = excluded.body, pdf_file_id = excluded.pdf_file_id,
    docx_file_id = excluded.docx_file_id, search_tokens = excluded.search_tokens, updated_at = excluded.updated_at;

-- name: ListParagraphs :many
SELECT * FROM document_paragraphs WHERE document_id = $1 ORDER BY number;

-- name: DeleteParagraphs :exec
DELETE FROM document_paragraphs WHERE document_id = $1;

-- name: InsertParagraph :exec
INSERT INTO document_paragraphs (document_id, number, key, text, origins) VALUES ($1, $2, $3, $4, $5);

-- name: SeriesParagraphKeys :many
SELECT DISTINCT p.key FROM document_paragraphs p JOIN documents d ON d.id = p.document_id
WHERE d.body_id = $1 AND d.series = $2;

-- name: GetSessionBody :one
SELECT body_id FROM body_sessions WHERE id = $1;
