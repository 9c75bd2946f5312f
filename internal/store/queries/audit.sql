-- name: LastAuditEvent :one
SELECT * FROM audit_events ORDER BY id DESC LIMIT 1;

-- name: InsertAuditEvent :one
INSERT INTO audit_events (occurred_at, actor_user_id, actor_name, action, object_type, object_id, details, ip, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id;

-- name: ListAuditEventsFrom :many
-- The chain in order, from id onward, for verification.
SELECT * FROM audit_events WHERE id >= $1 ORDER BY id LIMIT $2;

-- name: ListAuditEventsDesc :many
-- Newest first, before the cursor id.
SELECT * FROM audit_events WHERE id < $1 ORDER BY id DESC LIMIT $2;

-- name: ListAuditEventsForObject :many
SELECT * FROM audit_events WHERE object_type = $1 AND object_id = $2 AND id < $3 ORDER BY id DESC LIMIT $4;

-- name: CountAuditEvents :one
SELECT count(*) FROM audit_events;
