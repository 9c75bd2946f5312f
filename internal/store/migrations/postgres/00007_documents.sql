-- The document registry: documents under UN symbols, their language versions, the
-- paragraphs of drafts, and full-text search over them.
-- Paired with ../sqlite/00007_documents.sql: same tables, PostgreSQL types; search is the
-- one part that differs (a generated tsvector here, an FTS5 table there).

-- +goose Up
-- A document under one symbol. A revision (…/Rev.1) is a document of its own, as at the
-- UN; series is the symbol without its suffixes, which groups a draft with its revisions.
-- access: public, states (delegations, the Chair and the Secretariat) or closed (the
-- Chair and the Secretariat). published_at is null until the Secretariat publishes it;
-- a date in the future publishes it then.
CREATE TABLE documents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id       bigint NOT NULL REFERENCES bodies (id),
    session_id    bigint REFERENCES body_sessions (id),
    symbol        text NOT NULL,
    series        text NOT NULL,
    kind          text NOT NULL,
    status        text NOT NULL,
    access        text NOT NULL,
    original_lang text NOT NULL,
    published_at  timestamptz,
    created_by    bigint REFERENCES users (id),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    UNIQUE (body_id, symbol)
);
CREATE INDEX documents_published ON documents (published_at, id);
CREATE INDEX documents_body ON documents (body_id, published_at);
CREATE INDEX documents_series ON documents (body_id, series);

-- A language version: its title, its text (drafts are split into paragraphs from it,
-- search reads it) and its files. search_tokens are the words as internal/search
-- analysed them in the version's language.
CREATE TABLE document_texts (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id   bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang          text NOT NULL,
    title         text NOT NULL,
    body          text NOT NULL DEFAULT '',
    pdf_file_id   bigint REFERENCES files (id),
    docx_file_id  bigint REFERENCES files (id),
    search_tokens text NOT NULL DEFAULT '',
    search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_tokens)) STORED,
    updated_at    timestamptz NOT NULL,
    UNIQUE (document_id, lang)
);
CREATE INDEX document_texts_search ON document_texts USING gin (search_vector);

-- The numbered paragraphs of a draft in its original language. key survives new
-- versions of the series (internal/draft); origins are the keys of the previous
-- version's paragraphs it comes from, space-separated.
CREATE TABLE document_paragraphs (
    document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number      integer NOT NULL,
    key         text NOT NULL,
    text        text NOT NULL,
    origins     text NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, number),
    UNIQUE (document_id, key)
);

-- +goose Down
DROP TABLE document_paragraphs;
DROP TABLE document_texts;
DROP TABLE documents;
