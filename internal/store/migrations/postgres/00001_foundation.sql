-- The foundation: States, accounts and roles, organizations, the audit trail.
-- Paired with ../sqlite/00001_foundation.sql: same tables, same columns, PostgreSQL types.

-- +goose Up
CREATE TABLE states (
    iso3            text PRIMARY KEY,
    iso2            text NOT NULL UNIQUE,
    m49             text NOT NULL UNIQUE,
    status          text NOT NULL CHECK (status IN ('member', 'observer')),
    regional_group  text NOT NULL,
    electoral_note  text NOT NULL DEFAULT '',
    name_ar         text NOT NULL,
    name_zh         text NOT NULL,
    name_en         text NOT NULL,
    name_fr         text NOT NULL,
    name_ru         text NOT NULL,
    name_es         text NOT NULL
);

CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email               text NOT NULL UNIQUE,
    name                text NOT NULL,
    search_key          text NOT NULL DEFAULT '',
    lang                text NOT NULL,
    password_hash       text,
    totp_secret         text,
    totp_pending_secret text,
    totp_enabled_at     timestamptz,
    totp_last_step      bigint NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    disabled_at         timestamptz,
    last_sign_in_at     timestamptz,
    password_changed_at timestamptz
);

CREATE TABLE organizations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type           text NOT NULL,
    acronym        text NOT NULL DEFAULT '',
    hq_state       text NOT NULL REFERENCES states (iso3),
    website        text NOT NULL DEFAULT '',
    ecosoc_status  text NOT NULL DEFAULT 'none',
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE organization_names (
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    lang            text NOT NULL,
    name            text NOT NULL,
    PRIMARY KEY (organization_id, lang)
);

CREATE TABLE role_grants (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            text NOT NULL,
    state           text REFERENCES states (iso3),
    organization_id bigint REFERENCES organizations (id),
    granted_by      bigint REFERENCES users (id),
    granted_at      timestamptz NOT NULL,
    accepted_at     timestamptz
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants (user_id, role, COALESCE(state, ''), COALESCE(organization_id, 0));
CREATE INDEX role_grants_organization ON role_grants (organization_id);
CREATE INDEX role_grants_state ON role_grants (state);

CREATE TABLE sessions (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash             text NOT NULL UNIQUE,
    user_id                bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at             timestamptz NOT NULL,
    last_seen_at           timestamptz NOT NULL,
    expires_at             timestamptz NOT NULL,
    second_factor_at       timestamptz,
    second_factor_failures integer NOT NULL DEFAULT 0,
    ip                     text NOT NULL DEFAULT '',
    user_agent             text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE recovery_codes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  text NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Single-use links sent by e-mail (password reset, invitation). The link carries an HMAC
-- of id and salt under the server's secret key; only the salt is stored here.
CREATE TABLE password_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose      text NOT NULL,
    salt         text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    requested_ip text NOT NULL DEFAULT ''
);
CREATE INDEX password_tokens_user ON password_tokens (user_id);

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    prefix       text NOT NULL,
    scopes       text NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Fixed-window counters shared by every instance (sign-in attempts, reset requests).
CREATE TABLE rate_limits (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- The audit trail: append-only, each event chained to the previous by its hash.
CREATE TABLE audit_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at   timestamptz NOT NULL,
    actor_user_id bigint,
    actor_name    text NOT NULL,
    action        text NOT NULL,
    object_type   text NOT NULL,
    object_id     text NOT NULL,
    details       text NOT NULL,
    ip            text NOT NULL DEFAULT '',
    prev_hash     text NOT NULL,
    hash          text NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE settings (
    key        text PRIMARY KEY,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only;
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
