-- Registration of participants for a session: State delegations with their credentials
-- (a note verbale) and members, and the persons organizations register (representatives
-- of accredited organizations, observers).
-- Paired with ../sqlite/00004_registration.sql: same tables, PostgreSQL types.

-- +goose Up
-- A State's delegation to a session. status: pending, approved, rejected, withdrawn.
CREATE TABLE registration_delegations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id     bigint NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    state          text NOT NULL REFERENCES states (iso3),
    status         text NOT NULL,
    reason         text NOT NULL DEFAULT '',
    letter_file_id bigint REFERENCES files (id),
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    decided_by     bigint REFERENCES users (id),
    decided_at     timestamptz,
    UNIQUE (session_id, state)
);

-- A person registered for a session: a member of a delegation (delegation_id, state,
-- function) or a person an organization registers (organization_id). category:
-- member_state, observer_state, representative, observer. sponsorship: none, requested,
-- granted, declined.
CREATE TABLE registrations (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id         bigint NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    category           text NOT NULL,
    delegation_id      bigint REFERENCES registration_delegations (id) ON DELETE CASCADE,
    state              text NOT NULL DEFAULT '',
    organization_id    bigint REFERENCES organizations (id),
    name               text NOT NULL,
    function           text NOT NULL DEFAULT '',
    gender             text NOT NULL,
    email              text NOT NULL DEFAULT '',
    user_id            bigint REFERENCES users (id),
    consent            boolean NOT NULL,
    status             text NOT NULL,
    reason             text NOT NULL DEFAULT '',
    sponsorship        text NOT NULL DEFAULT 'none',
    sponsorship_reason text NOT NULL DEFAULT '',
    sponsorship_note   text NOT NULL DEFAULT '',
    created_by         bigint REFERENCES users (id),
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    decided_by         bigint REFERENCES users (id),
    decided_at         timestamptz
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
