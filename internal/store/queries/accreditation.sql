-- name: CreatePolicy :one
INSERT INTO accreditation_policies (body_id, version, eligible, fast_track, rule, threshold,
    application_days, circulation_days, deadline_hour, objectors_seen_by, reason_mode,
    reasons_seen_by, validity, valid_until, reapply, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
RETURNING *;

-- name: CurrentPolicy :one
SELECT * FROM accreditation_policies WHERE body_id = $1 ORDER BY version DESC LIMIT 1;

-- name: ListPolicies :many
SELECT * FROM accreditation_policies WHERE body_id = $1 ORDER BY version DESC;

-- name: GetPolicy :one
SELECT * FROM accreditation_policies WHERE id = $1;

-- name: NextRoundNumber :one
SELECT CAST(COALESCE(MAX(number), 0) + 1 AS integer) FROM accreditation_rounds WHERE body_id = $1;

-- name: CreateRound :one
INSERT INTO accreditation_rounds (body_id, number, policy_id, status, opened_at, applications_close, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING *;

-- name: UpdateRound :exec
UPDATE accreditation_rounds SET status = $2, applications_close = $3, circulated_at = $4,
    objections_close = $5, decided_at = $6
WHERE id = $1;

-- name: GetRound :one
SELECT * FROM accreditation_rounds WHERE id = $1;

-- name: GetRoundByNumber :one
SELECT * FROM accreditation_rounds WHERE body_id = $1 AND number = $2;

-- name: ListRounds :many
SELECT * FROM accreditation_rounds WHERE body_id = $1 ORDER BY number DESC;

-- name: CountUndecidedRounds :one
SELECT count(*) FROM accreditation_rounds WHERE body_id = $1 AND status <> 'decided';

-- name: DueRounds :many
-- Rounds whose application window or objection period has ended.
SELECT * FROM accreditation_rounds
WHERE (status = 'open' AND applications_close <= $1)
   OR (status = 'circulating' AND objections_close <= $1)
ORDER BY id;

-- name: CountRoundApplications :one
SELECT count(*) FROM accreditation_applications WHERE round_id = $1;

-- name: CreateApplication :one
INSERT INTO accreditation_applications (round_id, body_id, organization_id, tracking, kind, status,
    org_type, org_names, hq_state, website, ecosoc_status, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
RETURNING *;

-- name: UpdateApplication :exec
UPDATE accreditation_applications SET status = $2, purpose = $3, programmes = $4, un_interactions = $5,
    contact_name = $6, contact_email = $7, contact_phone = $8, letter_file_id = $9, screening_note = $10,
    submitted_at = $11, decided_at = $12, updated_at = $13
WHERE id = $1;

-- name: GetApplication :one
SELECT * FROM accreditation_applications WHERE id = $1;

-- name: ListRoundApplications :many
SELECT * FROM accreditation_applications WHERE round_id = $1 ORDER BY id;

-- name: ListOrganizationApplications :many
SELECT * FROM accreditation_applications WHERE body_id = $1 AND organization_id = $2 ORDER BY id DESC;

-- name: CreatePosition :one
INSERT INTO accreditation_positions (application_id, state, stance, reason, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING *;

-- name: WithdrawPosition :exec
UPDATE accreditation_positions SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL;

-- name: GetPosition :one
SELECT * FROM accreditation_positions WHERE id = $1;

-- name: ListPositions :many
SELECT * FROM accreditation_positions WHERE application_id = $1 ORDER BY id;

-- name: ListRoundPositions :many
SELECT p.* FROM accreditation_positions p
JOIN accreditation_applications a ON a.id = p.application_id
WHERE a.round_id = $1 ORDER BY p.id;

-- name: CreateDisclosure :one
INSERT INTO accreditation_disclosures (application_id, state, requested_by, requested_at)
VALUES ($1, $2, $3, $4)
RETURNING *;

-- name: AnswerDisclosure :exec
UPDATE accreditation_disclosures SET answered_by = $2, answered_at = $3, note = $4 WHERE id = $1;

-- name: GetDisclosure :one
SELECT * FROM accreditation_disclosures WHERE id = $1;

-- name: ListDisclosures :many
SELECT * FROM accreditation_disclosures WHERE application_id = $1 ORDER BY id;

-- name: ListBodyDisclosures :many
SELECT d.* FROM accreditation_disclosures d
JOIN accreditation_applications a ON a.id = d.application_id
WHERE a.body_id = $1 ORDER BY d.id DESC;

-- name: CreateAccreditation :one
INSERT INTO accreditations (body_id, organization_id, application_id, basis, accredited_at, valid_until)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING *;

-- name: WithdrawAccreditation :exec
UPDATE accreditations SET withdrawn_at = $2, withdrawn_by = $3, withdrawal_reason = $4 WHERE id = $1;

-- name: GetAccreditation :one
SELECT * FROM accreditations WHERE id = $1;

-- name: ListAccreditations :many
SELECT * FROM accreditations WHERE body_id = $1 ORDER BY id;

-- name: ActiveAccreditation :one
SELECT * FROM accreditations WHERE body_id = $1 AND organization_id = $2 AND withdrawn_at IS NULL
ORDER BY id DESC LIMIT 1;

-- name: ListRoleHolders :many
-- People holding a role (accepted, account enabled), for messages.
SELECT u.id, u.name, u.email, u.lang, g.state, g.organization_id
FROM role_grants g JOIN users u ON u.id = g.user_id
WHERE g.role = $1 AND g.accepted_at IS NOT NULL AND u.disabled_at IS NULL
ORDER BY u.id;

-- name: ListMemberStates :many
SELECT iso3 FROM states WHERE status = 'member';
