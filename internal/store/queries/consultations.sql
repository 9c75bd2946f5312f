-- name: CreateConsultation :one
INSERT INTO consultations (document_id, opens_at, closes_at, late_rule, eligibility, moderated, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
RETURNING id;

-- name: UpdateConsultation :exec
UPDATE consultations SET opens_at = $2, closes_at = $3, late_rule = $4, eligibility = $5, moderated = $6, updated_at = $7
WHERE id = $1;

-- name: GetConsultation :one
SELECT * FROM consultations WHERE id = $1;

-- name: GetSubmissionTarget :one
-- What a submission is checked against, in one read: the consultation's window and rules,
-- what decides who may read its draft, and the draft's original-language text, from which
-- its paragraphs are cut; and what its receipt names: the draft's symbol and the body's
-- time zone. Only these columns: each costs the driver a conversion, a time a parse, at
-- every submission.
SELECT c.id, c.document_id, c.opens_at, c.closes_at, c.late_rule, c.eligibility, c.moderated,
       d.body_id, d.kind, d.status, d.access, d.original_lang, d.published_at, d.symbol,
       b.time_zone, t.updated_at AS text_updated_at, t.body AS text_body
FROM consultations c
JOIN documents d ON d.id = c.document_id
JOIN bodies b ON b.id = d.body_id
LEFT JOIN document_texts t ON t.document_id = d.id AND t.lang = d.original_lang
WHERE c.id = $1;

-- name: GetConsultationByDocument :one
SELECT * FROM consultations WHERE document_id = $1;

-- name: FindSubmission :one
SELECT id FROM submissions WHERE consultation_id = $1 AND submitter = $2 AND idempotency_key = $3;

-- name: InsertSubmission :one
INSERT INTO submissions (consultation_id, tracking, submitter, idempotency_key, user_id, author_name, author_email, on_behalf,
                         state, organization_id, lang, text, status, late, signers, campaign, file_id, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
ON CONFLICT (consultation_id, submitter, idempotency_key) DO NOTHING
RETURNING id;

-- name: InsertAnchor :exec
INSERT INTO submission_anchors (submission_id, position, paragraph_key, stance, comment, proposed_text)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: GetSubmission :one
SELECT s.*, f.name AS file_name, f.size AS file_size
FROM submissions s LEFT JOIN files f ON f.id = s.file_id
WHERE s.id = $1;

-- name: GetSubmissionByTracking :one
SELECT s.*, f.name AS file_name, f.size AS file_size
FROM submissions s LEFT JOIN files f ON f.id = s.file_id
WHERE s.tracking = $1;

-- name: ListAnchors :many
SELECT * FROM submission_anchors WHERE submission_id = $1 ORDER BY position;

-- name: ListSubmissions :many
SELECT s.*, f.name AS file_name, f.size AS file_size
FROM submissions s LEFT JOIN files f ON f.id = s.file_id
WHERE s.consultation_id = $1 AND s.status = $2 AND s.id > $3
ORDER BY s.id
LIMIT $4;

-- name: ListSubmissionsOnParagraph :many
SELECT s.*, f.name AS file_name, f.size AS file_size
FROM submissions s LEFT JOIN files f ON f.id = s.file_id
WHERE s.consultation_id = $1 AND s.status = $2 AND s.id > $3
  AND EXISTS (SELECT 1 FROM submission_anchors a WHERE a.submission_id = s.id AND a.paragraph_key = $4)
ORDER BY s.id
LIMIT $5;

-- name: ListSubmitterSubmissions :many
SELECT s.*, f.name AS file_name, f.size AS file_size
FROM submissions s LEFT JOIN files f ON f.id = s.file_id
WHERE s.submitter = $1
ORDER BY s.id DESC
LIMIT 200;

-- name: CountAnchors :many
SELECT a.paragraph_key, a.stance, COUNT(*) AS submissions, CAST(COALESCE(SUM(s.signers), 0) AS BIGINT) AS signers
FROM submission_anchors a JOIN submissions s ON s.id = a.submission_id
WHERE s.consultation_id = $1 AND s.status = 'published'
GROUP BY a.paragraph_key, a.stance;

-- name: CountSubmissions :many
SELECT status, COUNT(*) AS submissions, CAST(COALESCE(SUM(signers), 0) AS BIGINT) AS signers
FROM submissions WHERE consultation_id = $1
GROUP BY status;

-- name: SetSubmissionStatus :exec
UPDATE submissions SET status = $2, decided_at = $3, decided_by = $4, reason = $5 WHERE id = $1;

-- name: ReceiptsDue :many
SELECT s.*, f.name AS file_name, f.size AS file_size
FROM submissions s LEFT JOIN files f ON f.id = s.file_id
WHERE s.receipt_sent_at IS NULL
ORDER BY s.id
LIMIT $1;

-- name: MarkReceiptSent :exec
UPDATE submissions SET receipt_sent_at = $2 WHERE id = $1;
