-- The reads of a commitment's or a State's reports, one query per case, so that each
-- uses its index: the "(commitment_id = $1 OR $1 = 0)" form of ListFollowupPublished and
-- ListFollowupReports, kept for every report of every commitment, makes both databases
-- read the whole table.

-- name: ListFollowupPublishedOn :many
-- The published reports on a commitment at one of two levels, newest first for each State.
SELECT * FROM followup_published
WHERE commitment_id = sqlc.arg(commitment_id) AND level IN (sqlc.arg(level_a), sqlc.arg(level_b))
ORDER BY state, number DESC;

-- name: ListFollowupPublishedOf :many
-- A State's published reports at one of two levels, newest first for each commitment.
SELECT * FROM followup_published
WHERE state = sqlc.arg(state) AND level IN (sqlc.arg(level_a), sqlc.arg(level_b))
ORDER BY commitment_id, number DESC;

-- name: ListFollowupPublishedOnOf :many
-- A State's published reports on a commitment at one of two levels, newest first.
SELECT * FROM followup_published
WHERE commitment_id = sqlc.arg(commitment_id) AND state = sqlc.arg(state) AND level IN (sqlc.arg(level_a), sqlc.arg(level_b))
ORDER BY number DESC;

-- name: ListFollowupReportsOn :many
-- The reports on a commitment, newest first for each State.
SELECT * FROM followup_reports WHERE commitment_id = $1 ORDER BY state, number DESC;

-- name: ListFollowupReportsOf :many
-- A State's reports, newest first for each commitment.
SELECT * FROM followup_reports WHERE state = $1 ORDER BY commitment_id, number DESC;

-- name: ListFollowupReportsOnOf :many
-- A State's reports on a commitment, newest first.
SELECT * FROM followup_reports WHERE commitment_id = $1 AND state = $2 ORDER BY number DESC;
