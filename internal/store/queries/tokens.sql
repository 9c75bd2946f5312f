-- name: CreatePasswordToken :one
INSERT INTO password_tokens (user_id, purpose, salt, created_at, expires_at, requested_ip)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING *;

-- name: GetPasswordToken :one
SELECT * FROM password_tokens WHERE id = $1;

-- name: UsePasswordToken :execrows
UPDATE password_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL;

-- name: RetireUserPasswordTokens :exec
-- Once a password is set, every other link sent for that account stops working.
UPDATE password_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL;

-- name: DeleteOldPasswordTokens :execrows
DELETE FROM password_tokens WHERE expires_at <= $1;

-- name: CreateAPIToken :one
INSERT INTO api_tokens (user_id, name, token_hash, prefix, scopes, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: GetAPITokenByHash :one
SELECT * FROM api_tokens WHERE token_hash = $1;

-- name: ListUserAPITokens :many
SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC;

-- name: RevokeAPIToken :execrows
UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL;

-- name: RevokeUserAPITokens :exec
UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL;

-- name: TouchAPIToken :exec
UPDATE api_tokens SET last_used_at = $2 WHERE id = $1;
