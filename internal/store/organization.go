package store

import (
	"context"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Organizations is the store of the organization domain.
func (db *DB) Organizations() organization.Store { return organizationStore{db} }

type organizationStore struct{ db *DB }

var (
	_ organization.Store = organizationStore{}
	_ organization.Tx    = (*Tx)(nil)
)

func (s organizationStore) InTx(ctx context.Context, fn func(organization.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(tx) })
}

func (s organizationStore) StateExists(ctx context.Context, iso3 string) (bool, error) {
	return stateExists(ctx, s.db.q, iso3)
}

func (s organizationStore) Organization(ctx context.Context, id int64) (organization.Organization, error) {
	return organizationByID(ctx, s.db.q, id)
}

func (s organizationStore) ListOrganizations(ctx context.Context, afterID int64, limit int) ([]organization.Organization, error) {
	rows, err := s.db.q.ListOrganizations(ctx, query.ListOrganizationsParams{ID: afterID, Limit: int32(limit)})
	if err != nil {
		return nil, translate(err)
	}
	if len(rows) == 0 {
		return []organization.Organization{}, nil
	}
	// The names of the whole page in one query: the page is a contiguous range of ids.
	names, err := s.db.q.ListOrganizationNamesBetween(ctx, query.ListOrganizationNamesBetweenParams{
		OrganizationID: rows[0].ID, OrganizationID_2: rows[len(rows)-1].ID})
	if err != nil {
		return nil, translate(err)
	}
	byID := map[int64]plenary.Localized{}
	for _, n := range names {
		if byID[n.OrganizationID] == nil {
			byID[n.OrganizationID] = plenary.Localized{}
		}
		byID[n.OrganizationID][n.Lang] = n.Name
	}
	out := make([]organization.Organization, len(rows))
	for i, r := range rows {
		out[i] = organizationFromRow(r, byID[r.ID])
	}
	return out, nil
}

func (s organizationStore) Members(ctx context.Context, id int64) ([]organization.Member, error) {
	rows, err := s.db.q.ListGrantsByOrganization(ctx, toNullInt64(id))
	if err != nil {
		return nil, translate(err)
	}
	out := make([]organization.Member, len(rows))
	for i, r := range rows {
		out[i] = organization.Member{GrantID: r.ID, UserID: r.UserID, Name: r.UserName, Email: r.UserEmail,
			Role: plenary.Role(r.Role), Pending: !r.AcceptedAt.Valid}
	}
	return out, nil
}

func organizationByID(ctx context.Context, q *query.Queries, id int64) (organization.Organization, error) {
	r, err := q.GetOrganization(ctx, id)
	if err != nil {
		return organization.Organization{}, translate(err)
	}
	names, err := organizationNames(ctx, q, id)
	if err != nil {
		return organization.Organization{}, err
	}
	return organizationFromRow(r, names), nil
}

func organizationNames(ctx context.Context, q *query.Queries, id int64) (plenary.Localized, error) {
	rows, err := q.ListOrganizationNames(ctx, id)
	if err != nil {
		return nil, translate(err)
	}
	names := plenary.Localized{}
	for _, n := range rows {
		names[n.Lang] = n.Name
	}
	return names, nil
}

func organizationFromRow(r query.Organization, names plenary.Localized) organization.Organization {
	return organization.Organization{
		ID: r.ID, Type: organization.Type(r.Type), Names: names, Acronym: r.Acronym, HQState: r.HqState,
		Website: r.Website, ECOSOC: organization.ECOSOC(r.EcosocStatus), CreatedBy: r.CreatedBy.Int64,
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt),
	}
}

func (t *Tx) Organization(ctx context.Context, id int64) (organization.Organization, error) {
	return organizationByID(ctx, t.q, id)
}

func (t *Tx) CreateOrganization(ctx context.Context, o organization.Organization) (organization.Organization, error) {
	r, err := t.q.CreateOrganization(ctx, query.CreateOrganizationParams{
		Type: string(o.Type), Acronym: o.Acronym, HqState: o.HQState, Website: o.Website,
		EcosocStatus: string(o.ECOSOC), CreatedBy: toNullInt64(o.CreatedBy), CreatedAt: o.CreatedAt.UTC(),
	})
	if err != nil {
		return organization.Organization{}, translate(err)
	}
	if err := t.putNames(ctx, r.ID, o.Names); err != nil {
		return organization.Organization{}, err
	}
	return organizationFromRow(r, o.Names), nil
}

func (t *Tx) UpdateOrganization(ctx context.Context, o organization.Organization) error {
	err := t.q.UpdateOrganization(ctx, query.UpdateOrganizationParams{
		ID: o.ID, Type: string(o.Type), Acronym: o.Acronym, HqState: o.HQState, Website: o.Website,
		EcosocStatus: string(o.ECOSOC), UpdatedAt: o.UpdatedAt.UTC(),
	})
	if err != nil {
		return translate(err)
	}
	if err := t.q.DeleteOrganizationNames(ctx, o.ID); err != nil {
		return translate(err)
	}
	return t.putNames(ctx, o.ID, o.Names)
}

func (t *Tx) putNames(ctx context.Context, id int64, names plenary.Localized) error {
	for _, lang := range plenary.Languages {
		if n := names[lang]; n != "" {
			if err := t.q.PutOrganizationName(ctx, query.PutOrganizationNameParams{OrganizationID: id, Lang: lang, Name: n}); err != nil {
				return translate(err)
			}
		}
	}
	return nil
}
