-- name: CreateBody :one
INSERT INTO bodies (code, parent_id, time_zone, mandate_ends, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5)
RETURNING *;

-- name: UpdateBody :exec
UPDATE bodies SET time_zone = $2, mandate_ends = $3, updated_at = $4 WHERE id = $1;

-- name: GetBody :one
SELECT * FROM bodies WHERE id = $1;

-- name: GetBodyByCode :one
SELECT * FROM bodies WHERE code = $1;

-- name: ListBodies :many
SELECT * FROM bodies ORDER BY id;

-- name: PutBodyName :exec
INSERT INTO body_names (body_id, lang, name) VALUES ($1, $2, $3)
ON CONFLICT (body_id, lang) DO UPDATE SET name = excluded.name;

-- name: DeleteBodyNames :exec
DELETE FROM body_names WHERE body_id = $1;

-- name: ListBodyNames :many
SELECT * FROM body_names ORDER BY body_id, lang;
