-- The Points of Contact directory, its ping tests and the communication template.
-- Paired with ../postgres/00009_points_of_contact.sql: same tables, SQLite types.
--
-- What identifies a person (names, addresses, phones) and what States write to each other
-- is sealed by the application (AES-GCM under the server key, bound to the row's State):
-- a database dump alone reveals neither the directory nor the messages. Columns kept in
-- clear are those the application filters on.

-- +goose Up
-- A State's participation in the directory, as notified to the Secretariat.
-- status: participating or withdrawn; a State without a row has not joined.
CREATE TABLE poc_participants (
    state      TEXT PRIMARY KEY REFERENCES states (iso3),
    status     TEXT NOT NULL,
    since      TIMESTAMP NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);

-- A Point of Contact. function: diplomatic or technical. status: nominated (awaiting the
-- Secretariat), verified (in the directory), returned (sent back with a reason), withdrawn.
-- details is the sealed entry as verified; pending the sealed change a nominator proposed
-- and the Secretariat has not yet verified. email is the sealed address of the person's
-- account; user_id links the account once verified. version counts every change.
CREATE TABLE poc_contacts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    state        TEXT NOT NULL REFERENCES states (iso3),
    function     TEXT NOT NULL,
    status       TEXT NOT NULL,
    details      TEXT NOT NULL,
    pending      TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    user_id      INTEGER REFERENCES users (id),
    version      INTEGER NOT NULL,
    nominated_by INTEGER REFERENCES users (id),
    nominated_at TIMESTAMP NOT NULL,
    verified_by  INTEGER REFERENCES users (id),
    verified_at  TIMESTAMP,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX poc_contacts_state ON poc_contacts (state, status);
CREATE INDEX poc_contacts_user ON poc_contacts (user_id);

-- Every version of every entry: the full change history. details is sealed as above.
CREATE TABLE poc_contact_versions (
    contact_id INTEGER NOT NULL REFERENCES poc_contacts (id),
    version    INTEGER NOT NULL,
    change     TEXT NOT NULL,
    status     TEXT NOT NULL,
    details    TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    changed_by INTEGER REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contact_id, version)
);

-- A round of pings. scope: all, region (scope_value a regional group) or states
-- (scope_value the ISO codes separated by spaces). status: scheduled, sent, closed,
-- cancelled. Reminders go at remind_at, escalation at escalate_at, and links expire at
-- deadline. published: the Secretariat made the round's aggregate figures public.
CREATE TABLE ping_rounds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT NOT NULL,
    scope       TEXT NOT NULL,
    scope_value TEXT NOT NULL DEFAULT '',
    starts_at   TIMESTAMP NOT NULL,
    remind_at   TIMESTAMP NOT NULL,
    escalate_at TIMESTAMP NOT NULL,
    deadline    TIMESTAMP NOT NULL,
    status      TEXT NOT NULL,
    published   INTEGER NOT NULL DEFAULT 0,
    created_by  INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP,
    closed_at   TIMESTAMP
);
CREATE INDEX ping_rounds_status ON ping_rounds (status, starts_at);

-- One contact's ping in a round. nonce is in the signed link and changes never; the link
-- works once (acknowledged_at) and until the round's deadline. via: link or app.
CREATE TABLE ping_requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id        INTEGER NOT NULL REFERENCES ping_rounds (id),
    contact_id      INTEGER NOT NULL REFERENCES poc_contacts (id),
    state           TEXT NOT NULL REFERENCES states (iso3),
    nonce           TEXT NOT NULL,
    sent_at         TIMESTAMP,
    reminded_at     TIMESTAMP,
    escalated_at    TIMESTAMP,
    acknowledged_at TIMESTAMP,
    via             TEXT NOT NULL DEFAULT '',
    acknowledged_by INTEGER REFERENCES users (id),
    UNIQUE (round_id, contact_id)
);
CREATE INDEX ping_requests_round ON ping_requests (round_id, state);

-- A communication between two States' contacts, on the template. thread_id is the first
-- communication of the thread (its own ID for the first); reply_to the one answered.
-- kind: information_request, assistance_request, incident_notification. urgency: routine,
-- priority, urgent. content is sealed (description, requested action), bound to the row's
-- ID and its two States. escalate_at is when an unacknowledged communication is escalated:
-- its reply-by time, or a delay after sent_at set by its urgency. The Secretariat reads
-- the other columns; the content only once shared_at is set by a party.
CREATE TABLE communications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id       INTEGER NOT NULL,
    reply_to        INTEGER REFERENCES communications (id),
    from_state      TEXT NOT NULL REFERENCES states (iso3),
    to_state        TEXT NOT NULL REFERENCES states (iso3),
    kind            TEXT NOT NULL,
    urgency         TEXT NOT NULL,
    content         TEXT NOT NULL,
    reply_by        TIMESTAMP,
    escalate_at     TIMESTAMP NOT NULL,
    sent_by         INTEGER REFERENCES users (id),
    sent_at         TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP,
    read_at         TIMESTAMP,
    acknowledged_at TIMESTAMP,
    acknowledged_by INTEGER REFERENCES users (id),
    escalated_at    TIMESTAMP,
    shared_at       TIMESTAMP,
    shared_by       INTEGER REFERENCES users (id)
);
CREATE INDEX communications_from ON communications (from_state, id);
CREATE INDEX communications_to ON communications (to_state, id);
CREATE INDEX communications_thread ON communications (thread_id);
CREATE INDEX communications_due ON communications (escalate_at)
    WHERE acknowledged_at IS NULL AND escalated_at IS NULL;

-- Attachments of a communication, numbered from 1 in each. They are not in the shared
-- files table: name and data are sealed like the content (bound to the communication,
-- its two States and the number), so that a dump reveals neither.
CREATE TABLE communication_files (
    communication_id INTEGER NOT NULL REFERENCES communications (id),
    number           INTEGER NOT NULL,
    content_type     TEXT NOT NULL,
    size             INTEGER NOT NULL,
    name             TEXT NOT NULL,
    data             TEXT NOT NULL,
    PRIMARY KEY (communication_id, number)
);

-- +goose Down
DROP TABLE communication_files;
DROP TABLE communications;
DROP TABLE ping_requests;
DROP TABLE ping_rounds;
DROP TABLE poc_contact_versions;
DROP TABLE poc_contacts;
DROP TABLE poc_participants;
