-- name: UpsertState :exec
INSERT INTO states (iso3, iso2, m49, status, regional_group, electoral_note,
                    name_ar, name_zh, name_en, name_fr, name_ru, name_es)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (iso3) DO UPDATE SET
    iso2 = excluded.iso2, m49 = excluded.m49, status = excluded.status,
    regional_group = excluded.regional_group, electoral_note = excluded.electoral_note,
    name_ar = excluded.name_ar, name_zh = excluded.name_zh, name_en = excluded.name_en,
    name_fr = excluded.name_fr, name_ru = excluded.name_ru, name_es = excluded.name_es;

-- name: ListStates :many
SELECT * FROM states ORDER BY iso3;

-- name: GetState :one
SELECT * FROM states WHERE iso3 = $1;

-- name: CountStates :one
SELECT count(*) FROM states;
