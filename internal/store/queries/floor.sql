-- name: CreateSpeakerList :one
INSERT INTO speaker_lists (meeting_id, item_id, stakeholder_segment, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4)
RETURNING *;

-- name: GetSpeakerList :one
SELECT * FROM speaker_lists WHERE id = $1;

-- name: ListMeetingSpeakerLists :many
SELECT * FROM speaker_lists WHERE meeting_id = $1 ORDER BY item_id, stakeholder_segment, id;

-- name: TouchSpeakerList :one
UPDATE speaker_lists SET closed = $2, version = version + 1, updated_at = $3 WHERE id = $1
RETURNING version;

-- name: CreateSpeaker :one
INSERT INTO speakers (list_id, category, state, organization_id, group_name, kind, status, position, inscribed_at,
    inscribed_by, remote, speaker_name, gender, regional_group, limit_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
RETURNING *;

-- name: UpdateSpeaker :exec
UPDATE speakers SET status = $2, position = $3, started_at = $4, ended_at = $5, limit_ms = $6, used_ms = $7,
    running_since = $8, remote = $9, statement_file = $10, statement_language = $11, next_told_at = $12
WHERE id = $1;

-- name: ListSpeakers :many
SELECT * FROM speakers WHERE list_id = $1 ORDER BY id;

-- name: GetSpeaker :one
SELECT * FROM speakers WHERE id = $1;

-- name: ListMeetingSpeakers :many
SELECT speakers.* FROM speakers JOIN speaker_lists ON speaker_lists.id = speakers.list_id
WHERE speaker_lists.meeting_id = $1 ORDER BY speakers.id;
