-- Lists of speakers and their entries.
-- Paired with ../postgres/00005_floor.sql: same tables, SQLite types.

-- +goose Up
-- A list of speakers of a meeting, for the whole meeting (item_id 0) or one agenda item,
-- and either the States' list or the dedicated stakeholder segment. version counts every
-- change, so that live views and a Chair's reorder know which state of the list they saw.
CREATE TABLE speaker_lists (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id          INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    item_id             INTEGER NOT NULL DEFAULT 0,
    stakeholder_segment INTEGER NOT NULL DEFAULT 0,
    closed              INTEGER NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL DEFAULT 0,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, item_id, stakeholder_segment)
);

-- One request for the floor. The timer is three values: the limit, the time used before
-- the last pause, and since when it runs (null when stopped).
CREATE TABLE speakers (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    list_id         INTEGER NOT NULL REFERENCES speaker_lists (id) ON DELETE CASCADE,
    category        TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT '',
    organization_id INTEGER NOT NULL DEFAULT 0,
    group_name      TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    inscribed_at    TIMESTAMP NOT NULL,
    inscribed_by    INTEGER REFERENCES users (id),
    remote          INTEGER NOT NULL DEFAULT 0,
    speaker_name    TEXT NOT NULL DEFAULT '',
    gender          TEXT NOT NULL DEFAULT '',
    regional_group  TEXT NOT NULL DEFAULT '',
    started_at      TIMESTAMP,
    ended_at        TIMESTAMP,
    limit_ms        INTEGER NOT NULL,
    used_ms         INTEGER NOT NULL DEFAULT 0,
    running_since   TIMESTAMP,
    statement_file  INTEGER REFERENCES files (id)
);
CREATE INDEX speakers_list ON speakers (list_id);

-- +goose Down
DROP TABLE speakers;
DROP TABLE speaker_lists;
