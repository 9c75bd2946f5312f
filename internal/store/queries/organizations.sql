-- name: CreateOrganization :one
INSERT INTO organizations (type, acronym, hq_state, website, ecosoc_status, created_by, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
RETURNING *;

-- name: UpdateOrganization :exec
UPDATE organizations SET type = $2, acronym = $3, hq_state = $4, website = $5, ecosoc_status = $6, updated_at = $7
WHERE id = $1;

-- name: GetOrganization :one
SELECT * FROM organizations WHERE id = $1;

-- name: ListOrganizations :many
-- One page ordered by id, after the cursor id.
SELECT * FROM organizations WHERE id > $1 ORDER BY id LIMIT $2;

-- name: PutOrganizationName :exec
INSERT INTO organization_names (organization_id, lang, name) VALUES ($1, $2, $3)
ON CONFLICT (organization_id, lang) DO UPDATE SET name = excluded.name;

-- name: DeleteOrganizationNames :exec
DELETE FROM organization_names WHERE organization_id = $1;

-- name: ListOrganizationNames :many
SELECT * FROM organization_names WHERE organization_id = $1 ORDER BY lang;

-- name: ListOrganizationNamesBetween :many
-- Names of the organizations of one page (ids in a range), to fill a list in one query.
SELECT * FROM organization_names WHERE organization_id >= $1 AND organization_id <= $2
ORDER BY organization_id, lang;

-- name: GetOrganizationType :one
SELECT type FROM organizations WHERE id = $1;
