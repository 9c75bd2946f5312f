-- The national survey of implementation: questionnaires built on a framework version, each
-- State's response (draft answers, submitted versions, comments, evidence) and what was
-- published. Paired with ../sqlite/00011_survey.sql.
--
-- What a State has not published is sealed by the application (AES-GCM under the server
-- key, bound to the State and the questionnaire): draft answers, submitted versions,
-- comments and evidence files. A published version's answers are copied in clear into
-- survey_published while it is published, for comparisons, and removed when it is not.

-- +goose Up
-- A questionnaire of a body for a cycle. titles: JSON, language → title. status: draft,
-- open or closed. framework_version_id: the version its questions refer to.
CREATE TABLE questionnaires (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id              bigint NOT NULL REFERENCES bodies (id),
    cycle                text NOT NULL,
    titles               text NOT NULL,
    framework_id         bigint NOT NULL REFERENCES frameworks (id),
    framework_version_id bigint NOT NULL REFERENCES framework_versions (id),
    status               text NOT NULL,
    deadline             timestamptz,
    opened_at            timestamptz,
    reminded_at          timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    UNIQUE (body_id, cycle)
);

-- A question. prompts: JSON, language → text; options: JSON list of {value, labels}.
CREATE TABLE survey_questions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    questionnaire_id bigint NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    code             text NOT NULL,
    part             text NOT NULL,
    element          text NOT NULL DEFAULT '',
    kind             text NOT NULL,
    purpose          text NOT NULL DEFAULT '',
    position         integer NOT NULL,
    prompts          text NOT NULL,
    options          text NOT NULL DEFAULT '[]',
    UNIQUE (questionnaire_id, code)
);

-- A State's response to a questionnaire.
CREATE TABLE survey_responses (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    questionnaire_id bigint NOT NULL REFERENCES questionnaires (id),
    state            text NOT NULL REFERENCES states (iso3),
    include_pocs     boolean NOT NULL DEFAULT false,
    prefilled_from   bigint,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    UNIQUE (questionnaire_id, state)
);

-- A draft answer: sealed is the answer's value; revision counts its changes.
CREATE TABLE survey_draft_answers (
    response_id bigint NOT NULL REFERENCES survey_responses (id),
    question    text NOT NULL,
    sealed      text NOT NULL,
    language    text NOT NULL,
    revision    integer NOT NULL,
    updated_by  bigint REFERENCES users (id),
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (response_id, question)
);

-- A submitted version, kept for good: sealed holds its answers. level: private, states
-- or public.
CREATE TABLE survey_versions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    response_id  bigint NOT NULL REFERENCES survey_responses (id),
    number       integer NOT NULL,
    sealed       text NOT NULL,
    include_pocs boolean NOT NULL,
    submitted_at timestamptz NOT NULL,
    submitted_by bigint REFERENCES users (id),
    level        text NOT NULL,
    published_at timestamptz,
    document_id  bigint REFERENCES documents (id),
    UNIQUE (response_id, number)
);

-- The answers of a published version, in clear, while it is published.
CREATE TABLE survey_published (
    version_id       bigint NOT NULL REFERENCES survey_versions (id),
    questionnaire_id bigint NOT NULL REFERENCES questionnaires (id),
    state            text NOT NULL,
    version_number   integer NOT NULL,
    level            text NOT NULL,
    question         text NOT NULL,
    value            text NOT NULL,
    language         text NOT NULL,
    submitted_at     timestamptz NOT NULL,
    PRIMARY KEY (version_id, question)
);
CREATE INDEX survey_published_questionnaire ON survey_published (questionnaire_id, level);
CREATE INDEX survey_published_state ON survey_published (state, level);

-- A team member's comment on a draft: sealed is its text; question '' for the whole.
CREATE TABLE survey_comments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    response_id bigint NOT NULL REFERENCES survey_responses (id),
    question    text NOT NULL DEFAULT '',
    sealed      text NOT NULL,
    author_id   bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL
);
CREATE INDEX survey_comments_response ON survey_comments (response_id, id);

-- Evidence a team attached: sealed is the file's content.
CREATE TABLE survey_files (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    response_id  bigint NOT NULL REFERENCES survey_responses (id),
    name         text NOT NULL,
    content_type text NOT NULL,
    sealed       text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL
);

-- A body's settings of the survey: how many States an aggregate needs to be shown.
CREATE TABLE survey_settings (
    body_id   bigint PRIMARY KEY REFERENCES bodies (id),
    threshold integer NOT NULL
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
