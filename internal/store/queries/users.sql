-- name: CreateUser :one
INSERT INTO users (email, name, search_key, lang, password_hash, created_at, updated_at, password_changed_at)
VALUES ($1, $2, $3, $4, $5, $6, $6, $7)
RETURNING *;

-- name: GetUser :one
SELECT * FROM users WHERE id = $1;

-- name: GetUserByEmail :one
SELECT * FROM users WHERE email = $1;

-- name: CountUsers :one
SELECT count(*) FROM users;

-- name: ListUsersByEmail :many
-- One page of users ordered by e-mail, after the cursor (email, id).
SELECT * FROM users
WHERE (email > $1 OR (email = $1 AND id > $2))
ORDER BY email, id
LIMIT $3;

-- name: SearchUsers :many
-- search_key is the name and address case-folded in Go: SQLite's lower() knows only ASCII.
SELECT * FROM users
WHERE search_key LIKE $1
  AND (email > $2 OR (email = $2 AND id > $3))
ORDER BY email, id
LIMIT $4;

-- name: UpdateUserProfile :exec
UPDATE users SET name = $2, search_key = $3, lang = $4, updated_at = $5 WHERE id = $1;

-- name: UpdateUserPassword :exec
UPDATE users SET password_hash = $2, password_changed_at = $3, updated_at = $3 WHERE id = $1;

-- name: SetUserDisabled :exec
UPDATE users SET disabled_at = $2, updated_at = $3 WHERE id = $1;

-- name: SetUserSignedIn :exec
UPDATE users SET last_sign_in_at = $2 WHERE id = $1;

-- name: SetPendingTOTP :exec
UPDATE users SET totp_pending_secret = $2, updated_at = $3 WHERE id = $1;

-- name: EnableTOTP :exec
UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
                 totp_enabled_at = $2, totp_last_step = $3, updated_at = $2
WHERE id = $1;

-- name: DisableTOTP :exec
UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL,
                 totp_last_step = 0, updated_at = $2
WHERE id = $1;

-- name: AdvanceTOTPStep :execrows
-- Records the time step of an accepted code; refuses a step already used (a replay).
UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2;

-- name: CreateRecoveryCode :exec
INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3);

-- name: DeleteRecoveryCodes :exec
DELETE FROM recovery_codes WHERE user_id = $1;

-- name: UseRecoveryCode :execrows
UPDATE recovery_codes SET used_at = $3
WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL;

-- name: CountUnusedRecoveryCodes :one
SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL;
