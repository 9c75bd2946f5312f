-- Bodies, files, and the accreditation of stakeholders under a non-objection procedure.
-- Paired with ../postgres/00002_accreditation.sql: same tables, SQLite types.

-- +goose Up
CREATE TABLE bodies (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    code         TEXT NOT NULL UNIQUE,
    parent_id    INTEGER REFERENCES bodies (id),
    time_zone    TEXT NOT NULL,
    mandate_ends TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE body_names (
    body_id INTEGER NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    lang    TEXT NOT NULL,
    name    TEXT NOT NULL,
    PRIMARY KEY (body_id, lang)
);

-- Uploaded files (letters on letterhead now). Kept in the database so that every
-- instance serves them and backups include them.
CREATE TABLE files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);

-- A body's accreditation rules, one row per version; lists are space-separated words.
CREATE TABLE accreditation_policies (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id           INTEGER NOT NULL REFERENCES bodies (id),
    version           INTEGER NOT NULL,
    eligible          TEXT NOT NULL,
    fast_track        INTEGER NOT NULL,
    rule              TEXT NOT NULL,
    threshold         INTEGER NOT NULL,
    application_days  INTEGER NOT NULL,
    circulation_days  INTEGER NOT NULL,
    deadline_hour     INTEGER NOT NULL,
    objectors_seen_by TEXT NOT NULL,
    reason_mode       TEXT NOT NULL,
    reasons_seen_by   TEXT NOT NULL,
    validity          TEXT NOT NULL,
    valid_until       TIMESTAMP,
    reapply           INTEGER NOT NULL,
    created_by        INTEGER REFERENCES users (id),
    created_at        TIMESTAMP NOT NULL,
    UNIQUE (body_id, version)
);

CREATE TABLE accreditation_rounds (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id            INTEGER NOT NULL REFERENCES bodies (id),
    number             INTEGER NOT NULL,
    policy_id          INTEGER NOT NULL REFERENCES accreditation_policies (id),
    status             TEXT NOT NULL,
    opened_at          TIMESTAMP NOT NULL,
    applications_close TIMESTAMP NOT NULL,
    circulated_at      TIMESTAMP,
    objections_close   TIMESTAMP,
    decided_at         TIMESTAMP,
    created_by         INTEGER REFERENCES users (id),
    UNIQUE (body_id, number)
);

CREATE TABLE accreditation_applications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id        INTEGER NOT NULL REFERENCES accreditation_rounds (id),
    body_id         INTEGER NOT NULL REFERENCES bodies (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    tracking        TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    purpose         TEXT NOT NULL DEFAULT '',
    programmes      TEXT NOT NULL DEFAULT '',
    un_interactions TEXT NOT NULL DEFAULT '',
    contact_name    TEXT NOT NULL DEFAULT '',
    contact_email   TEXT NOT NULL DEFAULT '',
    contact_phone   TEXT NOT NULL DEFAULT '',
    letter_file_id  INTEGER REFERENCES files (id),
    org_type        TEXT NOT NULL,
    org_names       TEXT NOT NULL,
    hq_state        TEXT NOT NULL,
    website         TEXT NOT NULL DEFAULT '',
    ecosoc_status   TEXT NOT NULL,
    screening_note  TEXT NOT NULL DEFAULT '',
    submitted_at    TIMESTAMP,
    decided_at      TIMESTAMP,
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX accreditation_applications_round ON accreditation_applications (round_id);
CREATE INDEX accreditation_applications_org ON accreditation_applications (organization_id);

-- Member States' objections (and supports); withdrawn ones are kept for the record.
CREATE TABLE accreditation_positions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES accreditation_applications (id),
    state          TEXT NOT NULL REFERENCES states (iso3),
    stance         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    withdrawn_at   TIMESTAMP
);
CREATE UNIQUE INDEX accreditation_positions_active ON accreditation_positions (application_id, state) WHERE withdrawn_at IS NULL;

CREATE TABLE accreditation_disclosures (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES accreditation_applications (id),
    state          TEXT NOT NULL REFERENCES states (iso3),
    requested_by   INTEGER REFERENCES users (id),
    requested_at   TIMESTAMP NOT NULL,
    answered_by    INTEGER REFERENCES users (id),
    answered_at    TIMESTAMP,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX accreditation_disclosures_application ON accreditation_disclosures (application_id);

CREATE TABLE accreditations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    body_id           INTEGER NOT NULL REFERENCES bodies (id),
    organization_id   INTEGER NOT NULL REFERENCES organizations (id),
    application_id    INTEGER NOT NULL REFERENCES accreditation_applications (id),
    basis             TEXT NOT NULL,
    accredited_at     TIMESTAMP NOT NULL,
    valid_until       TIMESTAMP,
    withdrawn_at      TIMESTAMP,
    withdrawn_by      INTEGER REFERENCES users (id),
    withdrawal_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX accreditations_body ON accreditations (body_id);

-- +goose Down
DROP TABLE accreditations;
DROP TABLE accreditation_disclosures;
DROP TABLE accreditation_positions;
DROP TABLE accreditation_applications;
DROP TABLE accreditation_rounds;
DROP TABLE accreditation_policies;
DROP TABLE files;
DROP TABLE body_names;
DROP TABLE bodies;
