-- Frameworks as data: the framework of responsible State behaviour (pillars, norms, the
-- checklist of practical actions, CBMs, capacity-building principles) and any other list
-- the Secretariat adopts, in versions. A published version's elements never change: what
-- a State answered against it keeps its meaning.
-- Paired with ../postgres/00010_frameworks.sql: same tables, SQLite types.

-- +goose Up
CREATE TABLE frameworks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE framework_names (
    framework_id INTEGER NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    lang         TEXT NOT NULL,
    name         TEXT NOT NULL,
    PRIMARY KEY (framework_id, lang)
);

-- status: draft (the Secretariat's, being edited; one per framework) or published.
CREATE TABLE framework_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    framework_id INTEGER NOT NULL REFERENCES frameworks (id),
    number       INTEGER NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    published_at TIMESTAMP,
    published_by INTEGER REFERENCES users (id),
    UNIQUE (framework_id, number)
);

-- An element of a version. code names it in every version; parent is its parent's code
-- ('' at the top). mark: '' (agreed text), reconstructed or placeholder.
CREATE TABLE framework_elements (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id       INTEGER NOT NULL REFERENCES framework_versions (id) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    parent           TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL,
    position         INTEGER NOT NULL,
    source_symbol    TEXT NOT NULL DEFAULT '',
    source_paragraph TEXT NOT NULL DEFAULT '',
    mark             TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, code)
);

-- An element's title and TEXT in one language; a language without a row has none.
CREATE TABLE framework_element_texts (
    element_id INTEGER NOT NULL REFERENCES framework_elements (id) ON DELETE CASCADE,
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (element_id, lang)
);

-- +goose Down
DROP TABLE framework_element_texts;
DROP TABLE framework_elements;
DROP TABLE framework_versions;
DROP TABLE framework_names;
DROP TABLE frameworks;
