-- name: ListPocParticipants :many
SELECT * FROM poc_participants ORDER BY state;

-- name: GetPocParticipant :one
SELECT * FROM poc_participants WHERE state = $1;

-- name: UpsertPocParticipant :exec
INSERT INTO poc_participants (state, status, since, note, updated_by, updated_at)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (state) DO UPDATE SET status = excluded.status, since = excluded.since, note = excluded.note,
    updated_by = excluded.updated_by, updated_at = excluded.updated_at;

-- name: GetPocContact :one
SELECT * FROM poc_contacts WHERE id = $1;

-- name: ListPocContacts :many
-- The directory is small (a few hundred entries): filtering by States and statuses is
-- done by the caller, which keeps the query in the subset both databases share.
SELECT * FROM poc_contacts ORDER BY state, function, id;

-- name: ListPocContactsOfState :many
SELECT * FROM poc_contacts WHERE state = $1 ORDER BY function, id;

-- name: ListPocContactsOfUser :many
SELECT * FROM poc_contacts WHERE user_id = $1 ORDER BY state, id;

-- name: CreatePocContact :one
INSERT INTO poc_contacts (state, function, status, details, pending, reason, user_id, version, nominated_by,
                          nominated_at, verified_by, verified_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING id;

-- name: UpdatePocContact :exec
UPDATE poc_contacts SET status = $2, details = $3, pending = $4, reason = $5, user_id = $6, version = $7,
    verified_by = $8, verified_at = $9, updated_at = $10
WHERE id = $1;

-- name: AddPocContactVersion :exec
INSERT INTO poc_contact_versions (contact_id, version, change, status, details, reason, changed_by, changed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);

-- name: ListPocContactVersions :many
SELECT v.*, COALESCE(u.name, '') AS changed_by_name
FROM poc_contact_versions v LEFT JOIN users u ON u.id = v.changed_by
WHERE v.contact_id = $1 ORDER BY v.version;

-- name: ListStateGroups :many
SELECT iso3, regional_group FROM states ORDER BY iso3;
