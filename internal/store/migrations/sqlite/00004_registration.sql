-- Registration of participants for a session: State delegations with their credentials
-- (a note verbale) and members, and the persons organizations register (representatives
-- of accredited organizations, observers).
-- Paired with ../postgres/00004_registration.sql: same tables, SQLite types.

-- +goose Up
-- A State's delegation to a session. status: pending, approved, rejected, withdrawn.
CREATE TABLE registration_delegations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id     INTEGER NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    state          TEXT NOT NULL REFERENCES states (iso3),
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    letter_file_id INTEGER REFERENCES files (id),
    created_by     INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    decided_by     INTEGER REFERENCES users (id),
    decided_at     TIMESTAMP,
    UNIQUE (session_id, state)
);

-- A person registered for a session: a member of a delegation (delegation_id, state,
-- function) or a person an organization registers (organization_id). category:
-- member_state, observer_state, representative, observer. sponsorship: none, requested,
-- granted, declined.
CREATE TABLE registrations (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id         INTEGER NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    category           TEXT NOT NULL,
    delegation_id      INTEGER REFERENCES registration_delegations (id) ON DELETE CASCADE,
    state              TEXT NOT NULL DEFAULT '',
    organization_id    INTEGER REFERENCES organizations (id),
    name               TEXT NOT NULL,
    function           TEXT NOT NULL DEFAULT '',
    gender             TEXT NOT NULL,
    email              TEXT NOT NULL DEFAULT '',
    user_id            INTEGER REFERENCES users (id),
    consent            INTEGER NOT NULL,
    status             TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    sponsorship        TEXT NOT NULL DEFAULT 'none',
    sponsorship_reason TEXT NOT NULL DEFAULT '',
    sponsorship_note   TEXT NOT NULL DEFAULT '',
    created_by         INTEGER REFERENCES users (id),
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    decided_by         INTEGER REFERENCES users (id),
    decided_at         TIMESTAMP
);
CREATE INDEX registrations_session ON registrations (session_id, organization_id);
CREATE INDEX registrations_delegation ON registrations (delegation_id);
CREATE INDEX registrations_user ON registrations (user_id);
-- One head of delegation among a delegation's current members.
CREATE UNIQUE INDEX registrations_one_head ON registrations (delegation_id)
    WHERE function = 'head_of_delegation' AND status IN ('pending', 'approved');

-- +goose Down
DROP TABLE registrations;
DROP TABLE registration_delegations;
