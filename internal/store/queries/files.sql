-- name: CreateFile :one
INSERT INTO files (name, content_type, size, sha256, data, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id;

-- name: GetFile :one
SELECT * FROM files WHERE id = $1;
