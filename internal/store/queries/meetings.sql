-- name: CreateBodySession :one
INSERT INTO body_sessions (body_id, kind, number, titles, starts_on, ends_on, venue, remote_url, livestream_url,
    representative_limit, registration_closes, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
RETURNING *;

-- name: UpdateBodySession :exec
UPDATE body_sessions SET kind = $2, number = $3, titles = $4, starts_on = $5, ends_on = $6, venue = $7,
    remote_url = $8, livestream_url = $9, representative_limit = $10, registration_closes = $11,
    sequence = sequence + 1, updated_at = $12
WHERE id = $1;

-- name: GetBodySession :one
SELECT * FROM body_sessions WHERE id = $1;

-- name: ListBodySessions :many
SELECT * FROM body_sessions WHERE body_id = $1 ORDER BY starts_on DESC, id DESC;

-- name: ListSessionsEndingAfter :many
SELECT * FROM body_sessions WHERE ends_on >= $1 ORDER BY starts_on, id;

-- name: ListSessionsEndedBefore :many
SELECT * FROM body_sessions WHERE ends_on < $1 ORDER BY starts_on DESC, id DESC LIMIT $2;

-- name: NextSessionNumber :one
SELECT CAST(COALESCE(MAX(number), 0) + 1 AS integer) AS next FROM body_sessions WHERE body_id = $1 AND kind = $2;

-- name: CreateAgendaItem :one
INSERT INTO agenda_items (session_id, number, position, titles, questions)
VALUES ($1, $2, $3, $4, $5)
RETURNING *;

-- name: UpdateAgendaItem :exec
UPDATE agenda_items SET number = $2, position = $3, titles = $4, questions = $5 WHERE id = $1;

-- name: DeleteAgendaItem :exec
DELETE FROM agenda_items WHERE id = $1;

-- name: GetAgendaItem :one
SELECT * FROM agenda_items WHERE id = $1;

-- name: ListAgendaItems :many
SELECT * FROM agenda_items WHERE session_id = $1 ORDER BY position, id;

-- name: CreateMeeting :one
INSERT INTO meetings (session_id, number, starts_at, ends_at, formal, public, room, livestream_url, recording_url,
    created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
RETURNING *;

-- name: UpdateMeeting :exec
UPDATE meetings SET starts_at = $2, ends_at = $3, formal = $4, public = $5, room = $6, livestream_url = $7,
    recording_url = $8, cancelled = $9, sequence = sequence + 1, updated_at = $10
WHERE id = $1;

-- name: GetMeeting :one
SELECT * FROM meetings WHERE id = $1;

-- name: ListSessionMeetings :many
SELECT * FROM meetings WHERE session_id = $1 ORDER BY number;

-- name: ListBodyMeetings :many
SELECT meetings.* FROM meetings JOIN body_sessions ON body_sessions.id = meetings.session_id
WHERE body_sessions.body_id = $1 ORDER BY meetings.starts_at, meetings.id;

-- name: NextMeetingNumber :one
SELECT CAST(COALESCE(MAX(number), 0) + 1 AS integer) AS next FROM meetings WHERE session_id = $1;

-- name: DeleteMeetingItems :exec
DELETE FROM meeting_items WHERE meeting_id = $1;

-- name: AddMeetingItem :exec
INSERT INTO meeting_items (meeting_id, item_id, position) VALUES ($1, $2, $3);

-- name: ListSessionMeetingItems :many
SELECT meeting_items.* FROM meeting_items JOIN meetings ON meetings.id = meeting_items.meeting_id
WHERE meetings.session_id = $1 ORDER BY meeting_items.meeting_id, meeting_items.position;

