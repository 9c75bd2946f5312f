-- Follow-up of commitments: the recommendations and confidence-building measures a body
-- follows (each from a paragraph of an adopted report in the registry, or from an
-- element of a framework), the body's scale of statuses, and each State's reports on
-- each commitment, kept as a history. Paired with ../postgres/00012_followup.sql: same
-- tables, SQLite types.
--
-- What a State reported is sealed by the application (AES-GCM under the server key,
-- bound to the State, the commitment and the report's number): its status, note and
-- evidence, and its evidence files. A published report's content is copied in clear into
-- followup_published while it is published, for the progress figures, and removed when
-- it is not.

-- +goose Up
-- A commitment of a body. kind: recommendation or cbm. titles, texts: JSON, language →
-- text (a language missing stays missing). The source is a paragraph of a registry
-- document (document_id, symbol, paragraph_key, paragraph_number) or an element of a
-- framework version (framework_id, framework_version_id, element_code, mark; symbol and
-- paragraph_number then are the element's source). links: JSON list of
-- {framework, element} codes.
CREATE TABLE commitments (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id              INTEGER NOT NULL REFERENCES bodies (id),
    code                 TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    titles               TEXT NOT NULL,
    texts                TEXT NOT NULL,
    document_id          INTEGER REFERENCES documents (id),
    symbol               TEXT NOT NULL DEFAULT '',
    paragraph_key        TEXT NOT NULL DEFAULT '',
    paragraph_number     TEXT NOT NULL DEFAULT '',
    framework_id         INTEGER REFERENCES frameworks (id),
    framework_version_id INTEGER REFERENCES framework_versions (id),
    element_code         TEXT NOT NULL DEFAULT '',
    mark                 TEXT NOT NULL DEFAULT '',
    links                TEXT NOT NULL DEFAULT '[]',
    position             INTEGER NOT NULL,
    created_at           TIMESTAMP NOT NULL,
    created_by           INTEGER REFERENCES users (id),
    updated_at           TIMESTAMP NOT NULL,
    UNIQUE (body_id, code)
);

-- A body's scale of statuses, in order. meaning: none, progress, done or na (how the
-- progress figures read it). labels: JSON, language → label.
CREATE TABLE followup_scale (
    body_id  INTEGER NOT NULL REFERENCES bodies (id),
    code     TEXT NOT NULL,
    meaning  TEXT NOT NULL,
    labels   TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (body_id, code)
);

-- A State's report on a commitment, kept for good: number counts the State's reports on
-- the commitment; sealed holds its status, note and evidence. level: private, states or
-- public.
CREATE TABLE followup_reports (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    state         TEXT NOT NULL REFERENCES states (iso3),
    number        INTEGER NOT NULL,
    sealed        TEXT NOT NULL,
    level         TEXT NOT NULL,
    reported_by   INTEGER REFERENCES users (id),
    reported_at   TIMESTAMP NOT NULL,
    level_set_at  TIMESTAMP,
    UNIQUE (commitment_id, state, number)
);
CREATE INDEX followup_reports_state ON followup_reports (state, commitment_id);

-- A published report, in clear, while it is published: status, and content (JSON: note,
-- its language, evidence); level_set_at: when it was published at its level.
CREATE TABLE followup_published (
    report_id     INTEGER PRIMARY KEY REFERENCES followup_reports (id),
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    state         TEXT NOT NULL,
    number        INTEGER NOT NULL,
    level         TEXT NOT NULL,
    status        TEXT NOT NULL,
    content       TEXT NOT NULL,
    reported_by   INTEGER REFERENCES users (id),
    reported_at   TIMESTAMP NOT NULL,
    level_set_at  TIMESTAMP
);
CREATE INDEX followup_published_commitment ON followup_published (commitment_id, level);
CREATE INDEX followup_published_state ON followup_published (state, level);

-- Evidence a State's team attached to a report: sealed is the file's content.
CREATE TABLE followup_files (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    commitment_id INTEGER NOT NULL REFERENCES commitments (id),
    state         TEXT NOT NULL REFERENCES states (iso3),
    name          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    sealed        TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE followup_files;
DROP TABLE followup_published;
DROP TABLE followup_reports;
DROP TABLE followup_scale;
DROP TABLE commitments;
