-- The document registry: documents under UN symbols, their language versions, the
-- paragraphs of drafts, and full-text search over them.
-- Paired with ../postgres/00007_documents.sql: same tables, SQLite types; search is the
-- one part that differs (an FTS5 table here, a generated tsvector there).

-- +goose Up
-- See the PostgreSQL migration for what the columns mean.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id       INTEGER NOT NULL REFERENCES bodies (id),
    session_id    INTEGER REFERENCES body_sessions (id),
    symbol        TEXT NOT NULL,
    series        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    status        TEXT NOT NULL,
    access        TEXT NOT NULL,
    original_lang TEXT NOT NULL,
    published_at  TIMESTAMP,
    created_by    INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (body_id, symbol)
);
CREATE INDEX documents_published ON documents (published_at, id);
CREATE INDEX documents_body ON documents (body_id, published_at);
CREATE INDEX documents_series ON documents (body_id, series);

CREATE TABLE document_texts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    pdf_file_id   INTEGER REFERENCES files (id),
    docx_file_id  INTEGER REFERENCES files (id),
    search_tokens TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (document_id, lang)
);

-- An external-content FTS5 index of the analysed words; the tokens are already folded
-- and stemmed in Go, so the tokenizer only splits on spaces and keeps diacritics.
-- Triggers keep it in step with document_texts.
CREATE VIRTUAL TABLE document_search USING fts5 (
    search_tokens, content = 'document_texts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
-- +goose StatementBegin
CREATE TRIGGER document_texts_ai AFTER INSERT ON document_texts BEGIN
    INSERT INTO document_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER document_texts_ad AFTER DELETE ON document_texts BEGIN
    INSERT INTO document_search (document_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER document_texts_au AFTER UPDATE OF search_tokens ON document_texts BEGIN
    INSERT INTO document_search (document_search, rowid, search_tokens) VALUES ('delete', old.id, old.search_tokens);
    INSERT INTO document_search (rowid, search_tokens) VALUES (new.id, new.search_tokens);
END;
-- +goose StatementEnd

CREATE TABLE document_paragraphs (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    key         TEXT NOT NULL,
    text        TEXT NOT NULL,
    origins     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, number),
    UNIQUE (document_id, key)
);

-- +goose Down
DROP TABLE document_paragraphs;
DROP TRIGGER document_texts_au;
DROP TRIGGER document_texts_ad;
DROP TRIGGER document_texts_ai;
DROP TABLE document_search;
DROP TABLE document_texts;
DROP TABLE documents;
