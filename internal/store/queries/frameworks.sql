-- name: CreateFramework :one
INSERT INTO frameworks (code, created_at, updated_at) VALUES ($1, $2, $2) RETURNING *;

-- name: UpdateFramework :exec
UPDATE frameworks SET updated_at = $2 WHERE id = $1;

-- name: ListFrameworks :many
SELECT * FROM frameworks ORDER BY id;

-- name: PutFrameworkName :exec
INSERT INTO framework_names (framework_id, lang, name) VALUES ($1, $2, $3)
ON CONFLICT (framework_id, lang) DO UPDATE SET name = excluded.name;

-- name: DeleteFrameworkNames :exec
DELETE FROM framework_names WHERE framework_id = $1;

-- name: ListFrameworkNames :many
SELECT * FROM framework_names ORDER BY framework_id, lang;

-- name: CreateFrameworkVersion :one
INSERT INTO framework_versions (framework_id, number, status, note, created_at, created_by)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING *;

-- name: UpdateFrameworkVersion :exec
UPDATE framework_versions SET status = $2, note = $3, published_at = $4, published_by = $5 WHERE id = $1;

-- name: DeleteFrameworkVersion :exec
DELETE FROM framework_versions WHERE id = $1;

-- name: GetFrameworkVersion :one
SELECT * FROM framework_versions WHERE id = $1;

-- name: ListFrameworkVersions :many
SELECT * FROM framework_versions WHERE framework_id = $1 ORDER BY number DESC;

-- name: CreateFrameworkElement :one
INSERT INTO framework_elements (version_id, code, parent, kind, position, source_symbol, source_paragraph, mark)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id;

-- name: DeleteFrameworkElements :exec
DELETE FROM framework_elements WHERE version_id = $1;

-- name: PutFrameworkElementText :exec
INSERT INTO framework_element_texts (element_id, lang, title, body) VALUES ($1, $2, $3, $4);

-- name: ListFrameworkElements :many
SELECT * FROM framework_elements WHERE version_id = $1 ORDER BY position, id;

-- name: ListFrameworkElementTexts :many
SELECT t.* FROM framework_element_texts t
JOIN framework_elements e ON e.id = t.element_id
WHERE e.version_id = $1;
