-- Sessions of a body, their numbered meetings and the agenda.
-- Paired with ../postgres/00003_meetings.sql: same tables, SQLite types.

-- +goose Up
-- A session of a body ("sessions" are sign-in sessions) (or of one of its subsidiary bodies): the second substantive
-- session, a meeting of a thematic group, a roundtable. Titles are JSON by language; an
-- empty object means the title is made from the kind and the number.
CREATE TABLE body_sessions (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id              INTEGER NOT NULL REFERENCES bodies (id),
    kind                 TEXT NOT NULL,
    number               INTEGER NOT NULL,
    titles               TEXT NOT NULL,
    starts_on            TIMESTAMP NOT NULL,
    ends_on              TIMESTAMP NOT NULL,
    venue                TEXT NOT NULL DEFAULT '',
    remote_url           TEXT NOT NULL DEFAULT '',
    livestream_url       TEXT NOT NULL DEFAULT '',
    representative_limit INTEGER NOT NULL,
    registration_closes  TIMESTAMP,
    sequence             INTEGER NOT NULL DEFAULT 0,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    UNIQUE (body_id, kind, number)
);
CREATE INDEX body_sessions_starts ON body_sessions (starts_on);

-- The session's agenda; guiding questions are the Chair's, JSON by language.
CREATE TABLE agenda_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    number     TEXT NOT NULL,
    position   INTEGER NOT NULL,
    titles     TEXT NOT NULL,
    questions  TEXT NOT NULL,
    UNIQUE (session_id, number)
);

-- Numbered meetings of a session (the 1st meeting, the 2nd…), formal or informal, open
-- or closed. sequence counts changes, for calendars (RFC 5545 SEQUENCE).
CREATE TABLE meetings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id     INTEGER NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    formal         INTEGER NOT NULL,
    public         INTEGER NOT NULL,
    room           TEXT NOT NULL DEFAULT '',
    livestream_url TEXT NOT NULL DEFAULT '',
    recording_url  TEXT NOT NULL DEFAULT '',
    cancelled      INTEGER NOT NULL DEFAULT 0,
    sequence       INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (session_id, number)
);
CREATE INDEX meetings_starts ON meetings (starts_at);

-- The agenda items a meeting takes up, in order.
CREATE TABLE meeting_items (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    item_id    INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, item_id)
);

-- +goose Down
DROP TABLE meeting_items;
DROP TABLE meetings;
DROP TABLE agenda_items;
DROP TABLE body_sessions;
