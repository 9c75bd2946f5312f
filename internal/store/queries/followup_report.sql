-- name: ListFollowupPublishedBefore :many
-- The reports on a body's commitments published at a level and made before a time, newest
-- first for each commitment and State: the progress report's figures (the status only).
SELECT p.report_id, p.commitment_id, p.state, p.number, p.status, p.reported_at
FROM followup_published p JOIN commitments c ON c.id = p.commitment_id
WHERE c.body_id = $1 AND p.level = $2 AND p.reported_at < $3
ORDER BY p.commitment_id, p.state, p.number DESC;
