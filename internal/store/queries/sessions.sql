-- name: CreateSession :one
INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, second_factor_at, ip, user_agent)
VALUES ($1, $2, $3, $3, $4, $5, $6, $7)
RETURNING *;

-- name: GetSessionByTokenHash :one
SELECT * FROM sessions WHERE token_hash = $1;

-- name: TouchSession :exec
UPDATE sessions SET last_seen_at = $2 WHERE id = $1;

-- name: VerifySession :exec
-- The second factor is done: record it and replace the token (renewal on sign-in).
UPDATE sessions SET second_factor_at = $3, token_hash = $2, last_seen_at = $3 WHERE id = $1;

-- name: CountSessionSecondFactorFailure :one
UPDATE sessions SET second_factor_failures = second_factor_failures + 1 WHERE id = $1
RETURNING second_factor_failures;

-- name: DeleteSession :exec
DELETE FROM sessions WHERE id = $1;

-- name: DeleteSessionForUser :execrows
DELETE FROM sessions WHERE id = $1 AND user_id = $2;

-- name: DeleteUserSessions :exec
DELETE FROM sessions WHERE user_id = $1;

-- name: DeleteOtherUserSessions :exec
DELETE FROM sessions WHERE user_id = $1 AND id <> $2;

-- name: ListUserSessions :many
SELECT * FROM sessions WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, id;

-- name: DeleteExpiredSessions :execrows
DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2;
