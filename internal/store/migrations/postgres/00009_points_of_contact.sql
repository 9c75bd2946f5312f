-- The Points of Contact directory, its ping tests and the communication template.
-- Paired with ../sqlite/00009_points_of_contact.sql: same tables, PostgreSQL types.
--
-- What identifies a person (names, addresses, phones) and what States write to each other
-- is sealed by the application (AES-GCM under the server key, bound to the row's State):
-- a database dump alone reveals neither the directory nor the messages. Columns kept in
-- clear are those the application filters on.

-- +goose Up
-- A State's participation in the directory, as notified to the Secretariat.
-- status: participating or withdrawn; a State without a row has not joined.
CREATE TABLE poc_participants (
    state      text PRIMARY KEY REFERENCES states (iso3),
    status     text NOT NULL,
    since      timestamptz NOT NULL,
    note       text NOT NULL DEFAULT '',
    updated_by bigint REFERENCES users (id),
    updated_at timestamptz NOT NULL
);

-- A Point of Contact. function: diplomatic or technical. status: nominated (awaiting the
-- Secretariat), verified (in the directory), returned (sent back with a reason), withdrawn.
-- details is the sealed entry as verified; pending the sealed change a nominator proposed
-- and the Secretariat has not yet verified. email is the sealed address of the person's
-- account; user_id links the account once verified. version counts every change.
CREATE TABLE poc_contacts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state        text NOT NULL REFERENCES states (iso3),
    function     text NOT NULL,
    status       text NOT NULL,
    details      text NOT NULL,
    pending      text NOT NULL DEFAULT '',
    reason       text NOT NULL DEFAULT '',
    user_id      bigint REFERENCES users (id),
    version      integer NOT NULL,
    nominated_by bigint REFERENCES users (id),
    nominated_at timestamptz NOT NULL,
    verified_by  bigint REFERENCES users (id),
    verified_at  timestamptz,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX poc_contacts_state ON poc_contacts (state, status);
CREATE INDEX poc_contacts_user ON poc_contacts (user_id);

-- Every version of every entry: the full change history. details is sealed as above.
CREATE TABLE poc_contact_versions (
    contact_id bigint NOT NULL REFERENCES poc_contacts (id),
    version    integer NOT NULL,
    change     text NOT NULL,
    status     text NOT NULL,
    details    text NOT NULL,
    reason     text NOT NULL DEFAULT '',
    changed_by bigint REFERENCES users (id),
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (contact_id, version)
);

-- A round of pings. scope: all, region (scope_value a regional group) or states
-- (scope_value the ISO codes separated by spaces). status: scheduled, sent, closed,
-- cancelled. Reminders go at remind_at, escalation at escalate_at, and links expire at
-- deadline. published: the Secretariat made the round's aggregate figures public.
CREATE TABLE ping_rounds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       text NOT NULL,
    scope       text NOT NULL,
    scope_value text NOT NULL DEFAULT '',
    starts_at   timestamptz NOT NULL,
    remind_at   timestamptz NOT NULL,
    escalate_at timestamptz NOT NULL,
    deadline    timestamptz NOT NULL,
    status      text NOT NULL,
    published   boolean NOT NULL DEFAULT false,
    created_by  bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    closed_at   timestamptz
);
CREATE INDEX ping_rounds_status ON ping_rounds (status, starts_at);

-- One contact's ping in a round. nonce is in the signed link and changes never; the link
-- works once (acknowledged_at) and until the round's deadline. via: link or app.
CREATE TABLE ping_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id        bigint NOT NULL REFERENCES ping_rounds (id),
    contact_id      bigint NOT NULL REFERENCES poc_contacts (id),
    state           text NOT NULL REFERENCES states (iso3),
    nonce           text NOT NULL,
    sent_at         timestamptz,
    reminded_at     timestamptz,
    escalated_at    timestamptz,
    acknowledged_at timestamptz,
    via             text NOT NULL DEFAULT '',
    acknowledged_by bigint REFERENCES users (id),
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
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id       bigint NOT NULL,
    reply_to        bigint REFERENCES communications (id),
    from_state      text NOT NULL REFERENCES states (iso3),
    to_state        text NOT NULL REFERENCES states (iso3),
    kind            text NOT NULL,
    urgency         text NOT NULL,
    content         text NOT NULL,
    reply_by        timestamptz,
    escalate_at     timestamptz NOT NULL,
    sent_by         bigint REFERENCES users (id),
    sent_at         timestamptz NOT NULL,
    delivered_at    timestamptz,
    read_at         timestamptz,
    acknowledged_at timestamptz,
    acknowledged_by bigint REFERENCES users (id),
    escalated_at    timestamptz,
    shared_at       timestamptz,
    shared_by       bigint REFERENCES users (id)
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
    communication_id bigint NOT NULL REFERENCES communications (id),
    number           bigint NOT NULL,
    content_type     text NOT NULL,
    size             bigint NOT NULL,
    name             text NOT NULL,
    data             text NOT NULL,
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
