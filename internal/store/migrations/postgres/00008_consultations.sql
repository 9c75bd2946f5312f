-- Consultations on drafts and the written input they receive.
-- Paired with ../sqlite/00008_consultations.sql: same tables, PostgreSQL types.

-- +goose Up
-- A consultation on one version of a draft. Times are instants (UTC); pages show them in
-- the body's time zone and the reader's. late_rule: refuse input after closing, or accept
-- it marked late. eligibility: who may submit (states, organizations, users, anyone).
-- moderated: input waits for the Secretariat before it is published.
CREATE TABLE consultations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id bigint NOT NULL UNIQUE REFERENCES documents (id),
    opens_at    timestamptz NOT NULL,
    closes_at   timestamptz NOT NULL,
    late_rule   text NOT NULL,
    eligibility text NOT NULL,
    moderated   boolean NOT NULL,
    created_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- A submission. tracking is the number its author gets at once; (consultation_id,
-- submitter, idempotency_key) makes a retried submission the same submission. submitter
-- is "u<id>" for an account, "e<address>" for someone who gave only an e-mail address.
-- on_behalf: self, state (with state) or organization (with organization_id).
-- status: pending (awaiting moderation), published, rejected, withdrawn. signers counts
-- the people an organised campaign submits for (1 otherwise). receipt_sent_at is null
-- until the e-mailed receipt is queued: the table is its own outbox.
CREATE TABLE submissions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id bigint NOT NULL REFERENCES consultations (id),
    tracking        text NOT NULL UNIQUE,
    submitter       text NOT NULL,
    idempotency_key text NOT NULL,
    user_id         bigint REFERENCES users (id),
    author_name     text NOT NULL,
    author_email    text NOT NULL,
    on_behalf       text NOT NULL,
    state           text NOT NULL DEFAULT '',
    organization_id bigint REFERENCES organizations (id),
    lang            text NOT NULL,
    text            text NOT NULL DEFAULT '',
    status          text NOT NULL,
    late            boolean NOT NULL DEFAULT false,
    signers         integer NOT NULL DEFAULT 1,
    campaign        text NOT NULL DEFAULT '',
    file_id         bigint REFERENCES files (id),
    created_at      timestamptz NOT NULL,
    decided_at      timestamptz,
    decided_by      bigint REFERENCES users (id),
    reason          text NOT NULL DEFAULT '',
    receipt_sent_at timestamptz,
    UNIQUE (consultation_id, submitter, idempotency_key)
);
CREATE INDEX submissions_list ON submissions (consultation_id, status, id);
CREATE INDEX submissions_receipts ON submissions (receipt_sent_at, id);

-- What a submission says about a paragraph: support, oppose, amend (with proposed
-- text) or comment. paragraph_key is the draft's paragraph identity (internal/draft).
CREATE TABLE submission_anchors (
    submission_id bigint NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    paragraph_key text NOT NULL,
    stance        text NOT NULL,
    comment       text NOT NULL DEFAULT '',
    proposed_text text NOT NULL DEFAULT '',
    PRIMARY KEY (submission_id, position)
);
CREATE INDEX submission_anchors_key ON submission_anchors (paragraph_key, submission_id);

-- +goose Down
DROP TABLE submission_anchors;
DROP TABLE submissions;
DROP TABLE consultations;
