-- Follow-up reminders and the progress report. Paired with
-- ../sqlite/00013_followup_reminders.sql.
--
-- Before a session of a body, the submitters of each State with commitments it has not
-- reported on for a while are reminded once: a row here claims that State's reminder for
-- that session, in the same transaction as its letters, so that two runs of the job (two
-- instances, or a run that outlasts its period) remind once.

-- +goose Up
-- A State reminded before a session: due counts the commitments it had not reported on
-- within the period (what the letters said), sent_at when.
CREATE TABLE followup_reminders (
    session_id bigint NOT NULL REFERENCES body_sessions (id) ON DELETE CASCADE,
    state      text NOT NULL REFERENCES states (iso3),
    due        integer NOT NULL,
    sent_at    timestamptz NOT NULL,
    PRIMARY KEY (session_id, state)
);

-- The progress report reads a body's public reports made before a date.
CREATE INDEX followup_published_level ON followup_published (level, commitment_id, state, number);

-- +goose Down
DROP INDEX followup_published_level;
DROP TABLE followup_reminders;
