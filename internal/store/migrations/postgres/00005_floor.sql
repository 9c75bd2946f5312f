-- Lists of speakers and their entries.
-- Paired with ../sqlite/00005_floor.sql: same tables, PostgreSQL types.

-- +goose Up
-- A list of speakers of a meeting, for the whole meeting (item_id 0) or one agenda item,
-- and either the States' list or the dedicated stakeholder segment. version counts every
-- change, so that live views and a Chair's reorder know which state of the list they saw.
CREATE TABLE speaker_lists (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id          bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    item_id             bigint NOT NULL DEFAULT 0,
    stakeholder_segment boolean NOT NULL DEFAULT false,
    closed              boolean NOT NULL DEFAULT false,
    version             integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (meeting_id, item_id, stakeholder_segment)
);

-- One request for the floor. The timer is three values: the limit, the time used before
-- the last pause, and since when it runs (null when stopped).
CREATE TABLE speakers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    list_id         bigint NOT NULL REFERENCES speaker_lists (id) ON DELETE CASCADE,
    category        text NOT NULL,
    state           text NOT NULL DEFAULT '',
    organization_id bigint NOT NULL DEFAULT 0,
    group_name      text NOT NULL DEFAULT '',
    kind            text NOT NULL,
    status          text NOT NULL,
    position        integer NOT NULL DEFAULT 0,
    inscribed_at    timestamptz NOT NULL,
    inscribed_by    bigint REFERENCES users (id),
    remote          boolean NOT NULL DEFAULT false,
    speaker_name    text NOT NULL DEFAULT '',
    gender          text NOT NULL DEFAULT '',
    regional_group  text NOT NULL DEFAULT '',
    started_at      timestamptz,
    ended_at        timestamptz,
    limit_ms        bigint NOT NULL,
    used_ms         bigint NOT NULL DEFAULT 0,
    running_since   timestamptz,
    statement_file  bigint REFERENCES files (id)
);
CREATE INDEX speakers_list ON speakers (list_id);

-- +goose Down
DROP TABLE speakers;
DROP TABLE speaker_lists;
