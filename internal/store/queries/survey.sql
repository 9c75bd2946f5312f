-- name: CreateQuestionnaire :one
INSERT INTO questionnaires (body_id, cycle, titles, framework_id, framework_version_id, status, deadline, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
RETURNING *;

-- name: UpdateQuestionnaire :exec
UPDATE questionnaires SET titles = $2, status = $3, deadline = $4, opened_at = $5, reminded_at = $6, updated_at = $7
WHERE id = $1;

-- name: GetQuestionnaire :one
SELECT * FROM questionnaires WHERE id = $1;

-- name: ListQuestionnaires :many
SELECT * FROM questionnaires ORDER BY id;

-- name: DeleteSurveyQuestions :exec
DELETE FROM survey_questions WHERE questionnaire_id = $1;

-- name: CreateSurveyQuestion :exec
INSERT INTO survey_questions (questionnaire_id, code, part, element, kind, purpose, position, prompts, options)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: ListSurveyQuestions :many
SELECT * FROM survey_questions WHERE questionnaire_id = $1 ORDER BY position;

-- name: CreateSurveyResponse :one
INSERT INTO survey_responses (questionnaire_id, state, include_pocs, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4)
RETURNING *;

-- name: UpdateSurveyResponse :exec
UPDATE survey_responses SET include_pocs = $2, prefilled_from = $3, updated_at = $4 WHERE id = $1;

-- name: GetSurveyResponse :one
SELECT * FROM survey_responses WHERE questionnaire_id = $1 AND state = $2;

-- name: GetSurveyResponseByID :one
SELECT * FROM survey_responses WHERE id = $1;

-- name: ListDraftAnswers :many
SELECT * FROM survey_draft_answers WHERE response_id = $1 ORDER BY question;

-- name: PutDraftAnswer :exec
INSERT INTO survey_draft_answers (response_id, question, sealed, language, revision, updated_by, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (response_id, question) DO UPDATE SET sealed = excluded.sealed, language = excluded.language,
    revision = excluded.revision, updated_by = excluded.updated_by, updated_at = excluded.updated_at;

-- name: CreateSurveyVersion :one
INSERT INTO survey_versions (response_id, number, sealed, include_pocs, submitted_at, submitted_by, level)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id;

-- name: ListSurveyVersions :many
SELECT * FROM survey_versions WHERE response_id = $1 ORDER BY number DESC;

-- name: GetSurveyVersion :one
SELECT * FROM survey_versions WHERE id = $1;

-- name: SetSurveyVersionLevel :exec
UPDATE survey_versions SET level = $2, published_at = $3 WHERE id = $1;

-- name: SetSurveyVersionDocument :exec
UPDATE survey_versions SET document_id = $2 WHERE id = $1;

-- name: DeletePublishedAnswers :exec
DELETE FROM survey_published WHERE version_id = $1;

-- name: CreatePublishedAnswer :exec
INSERT INTO survey_published (version_id, questionnaire_id, state, version_number, level, question, value, language, submitted_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9);

-- name: ListPublishedAnswers :many
-- The answers of published versions: of a questionnaire (0: every one) and a State
-- ('': every one), public, and States-only too when states_only is true. The latest
-- version per State is chosen by the application.
SELECT * FROM survey_published
WHERE (questionnaire_id = $1 OR $1 = 0) AND (state = $2 OR $2 = '')
  AND (level = 'public' OR (level = 'states' AND $3 = 1))
ORDER BY questionnaire_id, state, version_number DESC, question;

-- name: ListSurveySubmissions :many
SELECT r.state, v.number, v.level, v.submitted_at
FROM survey_versions v JOIN survey_responses r ON r.id = v.response_id
WHERE r.questionnaire_id = $1
ORDER BY r.state, v.number;

-- name: CreateSurveyComment :one
INSERT INTO survey_comments (response_id, question, sealed, author_id, created_at)
VALUES ($1, $2, $3, $4, $5)
RETURNING id;

-- name: ListSurveyComments :many
SELECT c.*, COALESCE(u.name, '') AS author_name
FROM survey_comments c LEFT JOIN users u ON u.id = c.author_id
WHERE c.response_id = $1
ORDER BY c.id;

-- name: CreateSurveyFile :one
INSERT INTO survey_files (response_id, name, content_type, sealed, created_at)
VALUES ($1, $2, $3, $4, $5)
RETURNING id;

-- name: SealSurveyFile :exec
UPDATE survey_files SET sealed = $2 WHERE id = $1;

-- name: GetSurveyFile :one
SELECT * FROM survey_files WHERE id = $1;

-- name: GetSurveyThreshold :one
SELECT threshold FROM survey_settings WHERE body_id = $1;

-- name: PutSurveyThreshold :exec
INSERT INTO survey_settings (body_id, threshold) VALUES ($1, $2)
ON CONFLICT (body_id) DO UPDATE SET threshold = excluded.threshold;
