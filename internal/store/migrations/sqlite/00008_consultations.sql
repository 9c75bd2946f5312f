-- Consultations on drafts and the written input they receive.
-- Paired with ../postgres/00008_consultations.sql: same tables, SQLite types.

-- +goose Up
-- A consultation on one version of a draft. Times are instants (UTC); pages show them in
-- the body's time zone and the reader's. late_rule: refuse input after closing, or accept
-- it marked late. eligibility: who may submit (states, organizations, users, anyone).
-- moderated: input waits for the Secretariat before it is published.
CREATE TABLE consultations (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id),
    opens_at    TIMESTAMP NOT NULL,
    closes_at   TIMESTAMP NOT NULL,
    late_rule   TEXT NOT NULL,
    eligibility TEXT NOT NULL,
    moderated   INTEGER NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- A submission. tracking is the number its author gets at once; (consultation_id,
-- submitter, idempotency_key) makes a retried submission the same submission. submitter
-- is "u<id>" for an account, "e<address>" for someone who gave only an e-mail address.
-- on_behalf: self, state (with state) or organization (with organization_id).
-- status: pending (awaiting moderation), published, rejected, withdrawn. signers counts
-- the people an organised campaign submits for (1 otherwise). receipt_sent_at is null
-- until the e-mailed receipt is queued: the table is its own outbox.
CREATE TABLE submissions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id INTEGER NOT NULL REFERENCES consultations (id),
    tracking        TEXT NOT NULL UNIQUE,
    submitter       TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    user_id         INTEGER REFERENCES users (id),
    author_name     TEXT NOT NULL,
    author_email    TEXT NOT NULL,
    on_behalf       TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT '',
    organization_id INTEGER REFERENCES organizations (id),
    lang            TEXT NOT NULL,
    TEXT            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    late            INTEGER NOT NULL DEFAULT 0,
    signers         INTEGER NOT NULL DEFAULT 1,
    campaign        TEXT NOT NULL DEFAULT '',
    file_id         INTEGER REFERENCES files (id),
    created_at      TIMESTAMP NOT NULL,
    decided_at      TIMESTAMP,
    decided_by      INTEGER REFERENCES users (id),
    reason          TEXT NOT NULL DEFAULT '',
    receipt_sent_at TIMESTAMP,
    UNIQUE (consultation_id, submitter, idempotency_key)
);
CREATE INDEX submissions_list ON submissions (consultation_id, status, id);
CREATE INDEX submissions_receipts ON submissions (receipt_sent_at, id);

-- What a submission says about a paragraph: support, oppose, amend (with proposed
-- text) or comment. paragraph_key is the draft's paragraph identity (internal/draft).
CREATE TABLE submission_anchors (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    paragraph_key TEXT NOT NULL,
    stance        TEXT NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    proposed_text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (submission_id, position)
);
CREATE INDEX submission_anchors_key ON submission_anchors (paragraph_key, submission_id);

-- +goose Down
DROP TABLE submission_anchors;
DROP TABLE submissions;
DROP TABLE consultations;
