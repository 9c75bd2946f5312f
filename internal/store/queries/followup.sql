-- name: CreateCommitment :one
INSERT INTO commitments (body_id, code, kind, titles, texts, document_id, symbol, paragraph_key, paragraph_number,
    framework_id, framework_version_id, element_code, mark, links, position, created_at, created_by, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16)
RETURNING *;

-- name: UpdateCommitment :exec
UPDATE commitments SET titles = $2, texts = $3, links = $4, updated_at = $5 WHERE id = $1;

-- name: DeleteCommitment :exec
DELETE FROM commitments WHERE id = $1;

-- name: GetCommitment :one
SELECT * FROM commitments WHERE id = $1;

-- name: ListCommitments :many
SELECT * FROM commitments WHERE body_id = $1 ORDER BY position, id;

-- name: CountCommitments :one
SELECT COUNT(*) FROM commitments WHERE body_id = $1;

-- name: ListFollowupScale :many
SELECT * FROM followup_scale WHERE body_id = $1 ORDER BY position;

-- name: DeleteFollowupScale :exec
DELETE FROM followup_scale WHERE body_id = $1;

-- name: CreateFollowupStatus :exec
INSERT INTO followup_scale (body_id, code, meaning, labels, position) VALUES ($1, $2, $3, $4, $5);

-- name: CreateFollowupReport :one
INSERT INTO followup_reports (commitment_id, state, number, sealed, level, reported_by, reported_at, level_set_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id;

-- name: SetFollowupReportLevel :exec
UPDATE followup_reports SET level = $2, level_set_at = $3 WHERE id = $1;

-- name: GetFollowupReport :one
SELECT * FROM followup_reports WHERE id = $1;

-- name: ListFollowupReports :many
-- The reports on a commitment (0: every one) of a State ('': every one), newest first.
SELECT * FROM followup_reports
WHERE (commitment_id = sqlc.arg(commitment_id) OR sqlc.arg(commitment_id) = 0)
  AND (state = sqlc.arg(state) OR sqlc.arg(state) = '')
ORDER BY commitment_id, state, number DESC;

-- name: ListBodyFollowupReports :many
-- Every report on a body's commitments.
SELECT r.* FROM followup_reports r JOIN commitments c ON c.id = r.commitment_id
WHERE c.body_id = $1
ORDER BY r.commitment_id, r.state, r.number DESC;

-- name: LatestFollowupReport :one
SELECT * FROM followup_reports WHERE commitment_id = $1 AND state = $2 ORDER BY number DESC LIMIT 1;

-- name: CountFollowupReports :one
SELECT COUNT(*) FROM followup_reports WHERE commitment_id = $1;

-- name: DeleteFollowupPublished :exec
DELETE FROM followup_published WHERE report_id = $1;

-- name: CreateFollowupPublished :exec
INSERT INTO followup_published (report_id, commitment_id, state, number, level, status, content, reported_by, reported_at, level_set_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);

-- name: ListFollowupPublished :many
-- The published reports on a commitment (0: every one) of a State ('': every one), at one
-- of two levels (the same twice for one), newest first.
SELECT * FROM followup_published
WHERE (commitment_id = sqlc.arg(commitment_id) OR sqlc.arg(commitment_id) = 0)
  AND (state = sqlc.arg(state) OR sqlc.arg(state) = '')
  AND (level = sqlc.arg(level_a) OR level = sqlc.arg(level_b))
ORDER BY commitment_id, state, number DESC;

-- name: CreateFollowupFile :one
INSERT INTO followup_files (commitment_id, state, name, content_type, sealed, created_at)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id;

-- name: SealFollowupFile :exec
UPDATE followup_files SET sealed = $2 WHERE id = $1;

-- name: GetFollowupFile :one
SELECT * FROM followup_files WHERE id = $1;
