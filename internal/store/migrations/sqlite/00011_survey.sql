-- The national survey of implementation: questionnaires built on a framework version, each
-- State's response (draft answers, submitted versions, comments, evidence) and what was
-- published. Paired with ../postgres/00011_survey.sql: same tables, SQLite types.
--
-- What a State has not published is sealed by the application (AES-GCM under the server
-- key, bound to the State and the questionnaire): draft answers, submitted versions,
-- comments and evidence files. A published version's answers are copied in clear into
-- survey_published while it is published, for comparisons, and removed when it is not.

-- +goose Up
-- A questionnaire of a body for a cycle. titles: JSON, language → title. status: draft,
-- open or closed. framework_version_id: the version its questions refer to.
CREATE TABLE questionnaires (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id              INTEGER NOT NULL REFERENCES bodies (id),
    cycle                TEXT NOT NULL,
    titles               TEXT NOT NULL,
    framework_id         INTEGER NOT NULL REFERENCES frameworks (id),
    framework_version_id INTEGER NOT NULL REFERENCES framework_versions (id),
    status               TEXT NOT NULL,
    deadline             TIMESTAMP,
    opened_at            TIMESTAMP,
    reminded_at          TIMESTAMP,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    UNIQUE (body_id, cycle)
);

-- A question. prompts: JSON, language → text; options: JSON list of {value, labels}.
CREATE TABLE survey_questions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    part             TEXT NOT NULL,
    element          TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL,
    purpose          TEXT NOT NULL DEFAULT '',
    position         INTEGER NOT NULL,
    prompts          TEXT NOT NULL,
    options          TEXT NOT NULL DEFAULT '[]',
    UNIQUE (questionnaire_id, code)
);

-- A State's response to a questionnaire.
CREATE TABLE survey_responses (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires (id),
    state            TEXT NOT NULL REFERENCES states (iso3),
    include_pocs     INTEGER NOT NULL DEFAULT 0,
    prefilled_from   INTEGER,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    UNIQUE (questionnaire_id, state)
);

-- A draft answer: sealed is the answer's value; revision counts its changes.
CREATE TABLE survey_draft_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses (id),
    question    TEXT NOT NULL,
    sealed      TEXT NOT NULL,
    language    TEXT NOT NULL,
    revision    INTEGER NOT NULL,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (response_id, question)
);

-- A submitted version, kept for good: sealed holds its answers. level: private, states
-- or public.
CREATE TABLE survey_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    response_id  INTEGER NOT NULL REFERENCES survey_responses (id),
    number       INTEGER NOT NULL,
    sealed       TEXT NOT NULL,
    include_pocs INTEGER NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    level        TEXT NOT NULL,
    published_at TIMESTAMP,
    document_id  INTEGER REFERENCES documents (id),
    UNIQUE (response_id, number)
);

-- The answers of a published version, in clear, while it is published.
CREATE TABLE survey_published (
    version_id       INTEGER NOT NULL REFERENCES survey_versions (id),
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires (id),
    state            TEXT NOT NULL,
    version_number   INTEGER NOT NULL,
    level            TEXT NOT NULL,
    question         TEXT NOT NULL,
    value            TEXT NOT NULL,
    language         TEXT NOT NULL,
    submitted_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (version_id, question)
);
CREATE INDEX survey_published_questionnaire ON survey_published (questionnaire_id, level);
CREATE INDEX survey_published_state ON survey_published (state, level);

-- A team member's comment on a draft: sealed is its text; question '' for the whole.
CREATE TABLE survey_comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    response_id INTEGER NOT NULL REFERENCES survey_responses (id),
    question    TEXT NOT NULL DEFAULT '',
    sealed      TEXT NOT NULL,
    author_id   INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX survey_comments_response ON survey_comments (response_id, id);

-- Evidence a team attached: sealed is the file's content.
CREATE TABLE survey_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    response_id  INTEGER NOT NULL REFERENCES survey_responses (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sealed       TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);

-- A body's settings of the survey: how many States an aggregate needs to be shown.
CREATE TABLE survey_settings (
    body_id   INTEGER PRIMARY KEY REFERENCES bodies (id),
    threshold INTEGER NOT NULL
);

-- +goose Down
DROP TABLE survey_settings;
DROP TABLE survey_files;
DROP TABLE survey_comments;
DROP TABLE survey_published;
DROP TABLE survey_versions;
DROP TABLE survey_draft_answers;
DROP TABLE survey_responses;
DROP TABLE survey_questions;
DROP TABLE questionnaires;
