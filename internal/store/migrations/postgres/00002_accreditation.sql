-- Bodies, files, and the accreditation of stakeholders under a non-objection procedure.
-- Paired with ../sqlite/00002_accreditation.sql.

-- +goose Up
CREATE TABLE bodies (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code         text NOT NULL UNIQUE,
    parent_id    bigint REFERENCES bodies (id),
    time_zone    text NOT NULL,
    mandate_ends timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE body_names (
    body_id bigint NOT NULL REFERENCES bodies (id) ON DELETE CASCADE,
    lang    text NOT NULL,
    name    text NOT NULL,
    PRIMARY KEY (body_id, lang)
);

-- Uploaded files (letters on letterhead now). Kept in the database so that every
-- instance serves them and backups include them.
CREATE TABLE files (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    sha256       text NOT NULL,
    data         bytea NOT NULL,
    created_by   bigint REFERENCES users (id),
    created_at   timestamptz NOT NULL
);

-- A body's accreditation rules, one row per version; lists are space-separated words.
CREATE TABLE accreditation_policies (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id           bigint NOT NULL REFERENCES bodies (id),
    version           integer NOT NULL,
    eligible          text NOT NULL,
    fast_track        boolean NOT NULL,
    rule              text NOT NULL,
    threshold         integer NOT NULL,
    application_days  integer NOT NULL,
    circulation_days  integer NOT NULL,
    deadline_hour     integer NOT NULL,
    objectors_seen_by text NOT NULL,
    reason_mode       text NOT NULL,
    reasons_seen_by   text NOT NULL,
    validity          text NOT NULL,
    valid_until       timestamptz,
    reapply           boolean NOT NULL,
    created_by        bigint REFERENCES users (id),
    created_at        timestamptz NOT NULL,
    UNIQUE (body_id, version)
);

CREATE TABLE accreditation_rounds (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id            bigint NOT NULL REFERENCES bodies (id),
    number             integer NOT NULL,
    policy_id          bigint NOT NULL REFERENCES accreditation_policies (id),
    status             text NOT NULL,
    opened_at          timestamptz NOT NULL,
    applications_close timestamptz NOT NULL,
    circulated_at      timestamptz,
    objections_close   timestamptz,
    decided_at         timestamptz,
    created_by         bigint REFERENCES users (id),
    UNIQUE (body_id, number)
);

CREATE TABLE accreditation_applications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id        bigint NOT NULL REFERENCES accreditation_rounds (id),
    body_id         bigint NOT NULL REFERENCES bodies (id),
    organization_id bigint NOT NULL REFERENCES organizations (id),
    tracking        text NOT NULL UNIQUE,
    kind            text NOT NULL,
    status          text NOT NULL,
    purpose         text NOT NULL DEFAULT '',
    programmes      text NOT NULL DEFAULT '',
    un_interactions text NOT NULL DEFAULT '',
    contact_name    text NOT NULL DEFAULT '',
    contact_email   text NOT NULL DEFAULT '',
    contact_phone   text NOT NULL DEFAULT '',
    letter_file_id  bigint REFERENCES files (id),
    org_type        text NOT NULL,
    org_names       text NOT NULL,
    hq_state        text NOT NULL,
    website         text NOT NULL DEFAULT '',
    ecosoc_status   text NOT NULL,
    screening_note  text NOT NULL DEFAULT '',
    submitted_at    timestamptz,
    decided_at      timestamptz,
    created_by      bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX accreditation_applications_round ON accreditation_applications (round_id);
CREATE INDEX accreditation_applications_org ON accreditation_applications (organization_id);

-- Member States' objections (and supports); withdrawn ones are kept for the record.
CREATE TABLE accreditation_positions (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES accreditation_applications (id),
    state          text NOT NULL REFERENCES states (iso3),
    stance         text NOT NULL,
    reason         text NOT NULL DEFAULT '',
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    withdrawn_at   timestamptz
);
CREATE UNIQUE INDEX accreditation_positions_active ON accreditation_positions (application_id, state) WHERE withdrawn_at IS NULL;

CREATE TABLE accreditation_disclosures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES accreditation_applications (id),
    state          text NOT NULL REFERENCES states (iso3),
    requested_by   bigint REFERENCES users (id),
    requested_at   timestamptz NOT NULL,
    answered_by    bigint REFERENCES users (id),
    answered_at    timestamptz,
    note           text NOT NULL DEFAULT ''
);
CREATE INDEX accreditation_disclosures_application ON accreditation_disclosures (application_id);

CREATE TABLE accreditations (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body_id           bigint NOT NULL REFERENCES bodies (id),
    organization_id   bigint NOT NULL REFERENCES organizations (id),
    application_id    bigint NOT NULL REFERENCES accreditation_applications (id),
    basis             text NOT NULL,
    accredited_at     timestamptz NOT NULL,
    valid_until       timestamptz,
    withdrawn_at      timestamptz,
    withdrawn_by      bigint REFERENCES users (id),
    withdrawal_reason text NOT NULL DEFAULT ''
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
