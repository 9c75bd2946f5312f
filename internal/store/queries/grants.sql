-- name: CreateGrant :one
INSERT INTO role_grants (user_id, role, state, organization_id, granted_by, granted_at, accepted_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: AcceptGrant :execrows
UPDATE role_grants SET accepted_at = $3 WHERE id = $1 AND user_id = $2 AND accepted_at IS NULL;

-- name: AcceptPendingGrants :exec
UPDATE role_grants SET accepted_at = $2 WHERE user_id = $1 AND accepted_at IS NULL;

-- name: GetGrant :one
SELECT * FROM role_grants WHERE id = $1;

-- name: DeleteGrant :exec
DELETE FROM role_grants WHERE id = $1;

-- name: ListGrantsByUser :many
SELECT * FROM role_grants WHERE user_id = $1 ORDER BY id;

-- name: ListGrantsByOrganization :many
SELECT g.*, u.name AS user_name, u.email AS user_email
FROM role_grants g JOIN users u ON u.id = g.user_id
WHERE g.organization_id = $1
ORDER BY g.role, u.name, g.id;

-- name: CountGrantsByRole :many
SELECT role, count(*) AS n FROM role_grants GROUP BY role ORDER BY role;

-- name: CountActiveRole :one
-- Holders who can act: the role accepted, the account not disabled.
SELECT count(*) FROM role_grants g JOIN users u ON u.id = g.user_id
WHERE g.role = $1 AND g.accepted_at IS NOT NULL AND u.disabled_at IS NULL;

-- name: ListGrantsByState :many
SELECT g.*, u.name AS user_name, u.email AS user_email
FROM role_grants g JOIN users u ON u.id = g.user_id
WHERE g.state = $1
ORDER BY g.role, u.name, g.id;
