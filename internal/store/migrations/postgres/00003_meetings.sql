-- Sessions of a body, their numbered meetings and the agenda.
-- Paired with ../sqlite/00003_meetings.sql: same tables, PostgreSQL types.

-- +goose Up
-- A session of a body ("sessions" are sign-in sessions) (or of one of its subsidiary bodies): the second substantive
-- session, a meeting of a thematic group, a roundtable. Titles are JSON by language; an
-- empty object means the title is made from the kind and the number.
CREATE TABLE body_sessions (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id              bigint NOT NULL REFERENCES bodies (id),
    kind                 text NOT NULL,
    number               integer NOT NULL,
    titles               text NOT NULL,
    starts_on            timestamptz NOT NULL,
    ends_on              timestamptz NOT NULL,
    venue                text NOT NULL DEFAULT '',
    remote_url           text NOT NULL DEFAULT '',
    livestream_url       text NOT NULL DEFAULT '',
    representative_limit integer NOT NULL,
    registration_closes  timestamptz,
    sequence             integer NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    UNIQUE (body_id, kind, number)
);
CREATE INDEX body_sessions_starts ON body_sessions (starts_on);

-- The session's agenda; guiding questions are the Chair's, JSON by language.
CREATE TABLE agenda_items (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id bigint NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    number     text NOT NULL,
    position   integer NOT NULL,
    titles     text NOT NULL,
    questions  text NOT NULL,
    UNIQUE (session_id, number)
);

-- Numbered meetings of a session (the 1st meeting, the 2nd…), formal or informal, open
-- or closed. sequence counts changes, for calendars (RFC 5545 SEQUENCE).
CREATE TABLE meetings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id     bigint NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    number         integer NOT NULL,
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    formal         boolean NOT NULL,
    public         boolean NOT NULL,
    room           text NOT NULL DEFAULT '',
    livestream_url text NOT NULL DEFAULT '',
    recording_url  text NOT NULL DEFAULT '',
    cancelled      boolean NOT NULL DEFAULT false,
    sequence       integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (session_id, number)
);
CREATE INDEX meetings_starts ON meetings (starts_at);

-- The agenda items a meeting takes up, in order.
CREATE TABLE meeting_items (
    meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    item_id    bigint NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    PRIMARY KEY (meeting_id, item_id)
);

-- +goose Down
DROP TABLE meeting_items;
DROP TABLE meetings;
DROP TABLE agenda_items;
DROP TABLE body_sessions;
