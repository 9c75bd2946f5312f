-- name: CreatePingRound :one
INSERT INTO ping_rounds (title, scope, scope_value, starts_at, remind_at, escalate_at, deadline, status, published,
                         created_by, created_at, sent_at, closed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
RETURNING id;

-- name: UpdatePingRound :exec
UPDATE ping_rounds SET status = $2, published = $3, sent_at = $4, closed_at = $5 WHERE id = $1;

-- name: GetPingRound :one
SELECT * FROM ping_rounds WHERE id = $1;

-- name: ListPingRounds :many
SELECT * FROM ping_rounds ORDER BY starts_at DESC, id DESC;

-- name: ListActivePingRounds :many
SELECT * FROM ping_rounds WHERE status IN ('scheduled', 'sent') ORDER BY id;

-- name: CreatePingRequest :one
INSERT INTO ping_requests (round_id, contact_id, state, nonce) VALUES ($1, $2, $3, $4)
RETURNING id;

-- name: GetPingRequest :one
SELECT * FROM ping_requests WHERE id = $1;

-- name: ListPingRequests :many
SELECT * FROM ping_requests WHERE round_id = $1 ORDER BY state, id;

-- name: ListPingRequestsOfContact :many
SELECT * FROM ping_requests WHERE contact_id = $1 ORDER BY id DESC;

-- name: ListPingRequestsOfState :many
SELECT * FROM ping_requests WHERE state = $1 ORDER BY round_id DESC, id;

-- name: MarkPingSent :exec
-- Not once acknowledged: a contact who answered in the app before the e-mail went out
-- is timed from the round's start (see ping.sentFrom), never negatively.
UPDATE ping_requests SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL AND acknowledged_at IS NULL;

-- name: MarkPingReminded :execrows
-- Conditional, so that two ticks at once (several instances) remind once.
UPDATE ping_requests SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL;

-- name: MarkPingEscalated :execrows
UPDATE ping_requests SET escalated_at = $2 WHERE id = $1 AND escalated_at IS NULL;

-- name: ClaimPingRoundStatus :execrows
-- Moves a round from one status to the next only if it is still in the first: the tick
-- that changes nothing knows another one got there first.
UPDATE ping_rounds SET status = $3, sent_at = $4, closed_at = $5 WHERE id = $1 AND status = $2;

-- name: AcknowledgePing :execrows
-- Only the first acknowledgement counts: a link is used once.
UPDATE ping_requests SET acknowledged_at = $2, via = $3, acknowledged_by = $4
WHERE id = $1 AND acknowledged_at IS NULL;
