-- The written statement of an intervention, and the "you have the floor next" notice.
-- Paired with ../sqlite/00006_floor_statements.sql.

-- +goose Up
-- statement_file (00005) holds the statement's file; statement_language is the language it
-- was delivered in, one of the six or '' while none is uploaded.
ALTER TABLE speakers ADD COLUMN statement_language TEXT NOT NULL DEFAULT '';
-- next_told_at is when the person who inscribed the speaker was told they have the floor
-- next, so that a list reordered afterwards does not tell them twice.
ALTER TABLE speakers ADD COLUMN next_told_at timestamptz;

-- +goose Down
ALTER TABLE speakers DROP COLUMN next_told_at;
ALTER TABLE speakers DROP COLUMN statement_language;
