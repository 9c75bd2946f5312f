-- The communication template. Content columns arrive sealed by the domain; filters and
-- orders use the clear columns only.

-- name: CreateCommunication :one
INSERT INTO communications (thread_id, reply_to, from_state, to_state, kind, urgency, content, reply_by,
                            escalate_at, sent_by, sent_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
RETURNING id;

-- name: SetCommunicationContent :exec
-- The content is sealed once the ID it is bound to is known; a first communication is
-- also its own thread.
UPDATE communications SET thread_id = $2, content = $3 WHERE id = $1;

-- name: GetCommunication :one
SELECT c.*, COALESCE(s.name, '') AS sent_by_name, COALESCE(a.name, '') AS acknowledged_by_name
FROM communications c
LEFT JOIN users s ON s.id = c.sent_by
LEFT JOIN users a ON a.id = c.acknowledged_by
WHERE c.id = $1;

-- name: ListCommunicationThread :many
SELECT c.*, COALESCE(s.name, '') AS sent_by_name, COALESCE(a.name, '') AS acknowledged_by_name
FROM communications c
LEFT JOIN users s ON s.id = c.sent_by
LEFT JOIN users a ON a.id = c.acknowledged_by
WHERE c.thread_id = $1
ORDER BY c.id;

-- name: ListCommunicationsTo :many
SELECT c.*, COALESCE(s.name, '') AS sent_by_name, COALESCE(a.name, '') AS acknowledged_by_name
FROM communications c
LEFT JOIN users s ON s.id = c.sent_by
LEFT JOIN users a ON a.id = c.acknowledged_by
WHERE c.to_state = $1 AND c.id < $2
ORDER BY c.id DESC
LIMIT $3;

-- name: ListCommunicationsFrom :many
SELECT c.*, COALESCE(s.name, '') AS sent_by_name, COALESCE(a.name, '') AS acknowledged_by_name
FROM communications c
LEFT JOIN users s ON s.id = c.sent_by
LEFT JOIN users a ON a.id = c.acknowledged_by
WHERE c.from_state = $1 AND c.id < $2
ORDER BY c.id DESC
LIMIT $3;

-- name: ListAllCommunications :many
-- The Secretariat's overview: every communication, newest first.
SELECT c.*, '' AS sent_by_name, '' AS acknowledged_by_name
FROM communications c
WHERE c.id < $1
ORDER BY c.id DESC
LIMIT $2;

-- name: ListCommunicationFigures :many
-- What the overview counts, for every communication: no content.
SELECT kind, urgency, delivered_at, read_at, acknowledged_at, escalated_at FROM communications;

-- name: ListDueCommunications :many
SELECT id FROM communications
WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND escalate_at <= $1
ORDER BY escalate_at, id
LIMIT $2;

-- name: MarkCommunicationDelivered :execrows
UPDATE communications SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL;

-- name: MarkCommunicationRead :execrows
UPDATE communications SET read_at = $2 WHERE id = $1 AND read_at IS NULL;

-- name: AcknowledgeCommunication :execrows
UPDATE communications SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1 AND acknowledged_at IS NULL;

-- name: EscalateCommunication :execrows
UPDATE communications SET escalated_at = $2
WHERE id = $1 AND escalated_at IS NULL AND acknowledged_at IS NULL;

-- name: ShareCommunication :execrows
UPDATE communications SET shared_at = $2, shared_by = $3 WHERE id = $1 AND shared_at IS NULL;

-- name: AddCommunicationFile :exec
INSERT INTO communication_files (communication_id, number, content_type, size, name, data)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: ListCommunicationFiles :many
-- The attachments' descriptions (sealed names), without their data.
SELECT communication_id, number, content_type, size, name FROM communication_files
WHERE communication_id = $1 ORDER BY number;

-- name: GetCommunicationFile :one
SELECT * FROM communication_files WHERE communication_id = $1 AND number = $2;
