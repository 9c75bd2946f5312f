-- Frameworks as data: the framework of responsible State behaviour (pillars, norms, the
-- checklist of practical actions, CBMs, capacity-building principles) and any other list
-- the Secretariat adopts, in versions. A published version's elements never change: what
-- a State answered against it keeps its meaning. Paired with ../sqlite/00010_frameworks.sql.

-- +goose Up
CREATE TABLE frameworks (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE framework_names (
    framework_id bigint NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    lang         text NOT NULL,
    name         text NOT NULL,
    PRIMARY KEY (framework_id, lang)
);

-- status: draft (the Secretariat's, being edited; one per framework) or published.
CREATE TABLE framework_versions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    framework_id bigint NOT NULL REFERENCES frameworks (id),
    number       integer NOT NULL,
    status       text NOT NULL,
    note         text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL,
    created_by   bigint REFERENCES users (id),
    published_at timestamptz,
    published_by bigint REFERENCES users (id),
    UNIQUE (framework_id, number)
);

-- An element of a version. code names it in every version; parent is its parent's code
-- ('' at the top). mark: '' (agreed text), reconstructed or placeholder.
CREATE TABLE framework_elements (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id       bigint NOT NULL REFERENCES framework_versions (id) ON DELETE CASCADE,
    code             text NOT NULL,
    parent           text NOT NULL DEFAULT '',
    kind             text NOT NULL,
    position         integer NOT NULL,
    source_symbol    text NOT NULL DEFAULT '',
    source_paragraph text NOT NULL DEFAULT '',
    mark             text NOT NULL DEFAULT '',
    UNIQUE (version_id, code)
);

-- An element's title and text in one language; a language without a row has none.
CREATE TABLE framework_element_texts (
    element_id bigint NOT NULL REFERENCES framework_elements (id) ON DELETE CASCADE,
    lang       text NOT NULL,
    title      text NOT NULL,
    body       text NOT NULL DEFAULT '',
    PRIMARY KEY (element_id, lang)
);

-- +goose Down
DROP TABLE framework_element_texts;
DROP TABLE framework_elements;
DROP TABLE framework_versions;
DROP TABLE framework_names;
DROP TABLE frameworks;
