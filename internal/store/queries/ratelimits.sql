-- name: HitRateLimit :one
INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
RETURNING hits;

-- name: GetRateLimit :one
SELECT hits FROM rate_limits WHERE bucket = $1 AND window_start = $2;

-- name: ClearRateLimit :exec
DELETE FROM rate_limits WHERE bucket = $1;

-- name: DeleteOldRateLimits :execrows
DELETE FROM rate_limits WHERE window_start < $1;

-- name: UndoRateLimit :exec
UPDATE rate_limits SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0;
