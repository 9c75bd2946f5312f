-- name: ListSessionsStartingBetween :many
-- The sessions of every body that start on a day from $1 to $2.
SELECT * FROM body_sessions WHERE starts_on >= $1 AND starts_on <= $2 ORDER BY starts_on, id;

-- name: ListFollowupLastReports :many
-- Each State's latest report on each of a body's commitments, at any level (its time, in
-- clear: what it says stays sealed).
SELECT r.id, r.commitment_id, r.state, r.number, r.reported_at
FROM followup_reports r JOIN commitments c ON c.id = r.commitment_id
WHERE c.body_id = $1
  AND r.number = (SELECT MAX(x.number) FROM followup_reports x WHERE x.commitment_id = r.commitment_id AND x.state = r.state)
ORDER BY r.commitment_id, r.state;

-- name: ListFollowupReminded :many
-- The States reminded before a session.
SELECT state FROM followup_reminders WHERE session_id = $1 ORDER BY state;

-- name: ClaimFollowupReminder :execrows
-- Claims a State's reminder before a session: no row when it was claimed already.
INSERT INTO followup_reminders (session_id, state, due, sent_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (session_id, state) DO NOTHING;
