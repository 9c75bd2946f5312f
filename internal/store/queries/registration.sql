-- name: CreateDelegation :one
INSERT INTO registration_delegations (session_id, state, status, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $5)
RETURNING *;

-- name: UpdateDelegation :exec
UPDATE registration_delegations SET status = $2, reason = $3, letter_file_id = $4, updated_at = $5, decided_by = $6,
    decided_at = $7
WHERE id = $1;

-- name: GetDelegation :one
SELECT * FROM registration_delegations WHERE id = $1;

-- name: GetSessionDelegation :one
SELECT * FROM registration_delegations WHERE session_id = $1 AND state = $2;

-- name: ListSessionDelegations :many
SELECT * FROM registration_delegations WHERE session_id = $1 ORDER BY state;

-- name: CreateRegistration :one
INSERT INTO registrations (session_id, category, delegation_id, state, organization_id, name, function, gender, email,
    user_id, consent, status, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
RETURNING *;

-- name: UpdateRegistration :exec
UPDATE registrations SET name = $2, function = $3, gender = $4, email = $5, user_id = $6, consent = $7, status = $8,
    reason = $9, sponsorship = $10, sponsorship_reason = $11, sponsorship_note = $12, updated_at = $13,
    decided_by = $14, decided_at = $15
WHERE id = $1;

-- name: GetRegistration :one
SELECT * FROM registrations WHERE id = $1;

-- name: ListSessionRegistrations :many
SELECT * FROM registrations WHERE session_id = $1 ORDER BY id;

-- name: ListDelegationMembers :many
SELECT * FROM registrations WHERE delegation_id = $1 ORDER BY id;

-- name: CountOrganizationRegistrations :one
SELECT COUNT(*) FROM registrations
WHERE session_id = $1 AND organization_id = $2 AND status IN ('pending', 'approved');

-- name: CountUserApprovedRegistrations :one
SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND user_id = $2 AND status = 'approved';
