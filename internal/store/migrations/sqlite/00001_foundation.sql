-- The foundation: States, accounts and roles, organizations, the audit trail.
-- Paired with ../postgres/00001_foundation.sql: same tables, same columns, SQLite types.
-- Times are TIMESTAMP columns holding UTC text (the driver's _time_format=sqlite), which
-- sorts and compares correctly as text.

-- +goose Up
CREATE TABLE states (
    iso3            TEXT PRIMARY KEY,
    iso2            TEXT NOT NULL UNIQUE,
    m49             TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL CHECK (status IN ('member', 'observer')),
    regional_group  TEXT NOT NULL,
    electoral_note  TEXT NOT NULL DEFAULT '',
    name_ar         TEXT NOT NULL,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    name_fr         TEXT NOT NULL,
    name_ru         TEXT NOT NULL,
    name_es         TEXT NOT NULL
);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    search_key          TEXT NOT NULL DEFAULT '',
    lang                TEXT NOT NULL,
    password_hash       TEXT,
    totp_secret         TEXT,
    totp_pending_secret TEXT,
    totp_enabled_at     TIMESTAMP,
    totp_last_step      INTEGER NOT NULL DEFAULT 0,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    disabled_at         TIMESTAMP,
    last_sign_in_at     TIMESTAMP,
    password_changed_at TIMESTAMP
);

CREATE TABLE organizations (
    id             INTEGER PRIMARY KEY,
    type           TEXT NOT NULL,
    acronym        TEXT NOT NULL DEFAULT '',
    hq_state       TEXT NOT NULL REFERENCES states (iso3),
    website        TEXT NOT NULL DEFAULT '',
    ecosoc_status  TEXT NOT NULL DEFAULT 'none',
    created_by     INTEGER REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE organization_names (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    name            TEXT NOT NULL,
    PRIMARY KEY (organization_id, lang)
);

CREATE TABLE role_grants (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    state           TEXT REFERENCES states (iso3),
    organization_id INTEGER REFERENCES organizations (id),
    granted_by      INTEGER REFERENCES users (id),
    granted_at      TIMESTAMP NOT NULL,
    accepted_at     TIMESTAMP
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, COALESCE(state, ''), COALESCE(organization_id, 0));
CREATE INDEX role_grants_organization ON role_grants (organization_id);
CREATE INDEX role_grants_state ON role_grants (state);

CREATE TABLE sessions (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash             TEXT NOT NULL UNIQUE,
    user_id                INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at             TIMESTAMP NOT NULL,
    last_seen_at           TIMESTAMP NOT NULL,
    expires_at             TIMESTAMP NOT NULL,
    second_factor_at       TIMESTAMP,
    second_factor_failures INTEGER NOT NULL DEFAULT 0,
    ip                     TEXT NOT NULL DEFAULT '',
    user_agent             TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE password_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL,
    salt         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP,
    requested_ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX password_tokens_user ON password_tokens (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- AUTOINCREMENT: audit event ids are never reused, even after a restore.
CREATE TABLE audit_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at   TIMESTAMP NOT NULL,
    actor_user_id INTEGER,
    actor_name    TEXT NOT NULL,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    details       TEXT NOT NULL,
    ip            TEXT NOT NULL DEFAULT '',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id);

-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_events;
DROP TABLE rate_limits;
DROP TABLE api_tokens;
DROP TABLE password_tokens;
DROP TABLE recovery_codes;
DROP TABLE sessions;
DROP TABLE role_grants;
DROP TABLE organization_names;
DROP TABLE organizations;
DROP TABLE users;
DROP TABLE states;
