package accreditation

import (
	"context"
	"slices"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/organization"
)

// Listing is an accredited organization as the public sees it.
type Listing struct {
	Accreditation
	Organization organization.Organization
}

// Filter narrows the public list.
type Filter struct {
	Type    organization.Type
	Country string // ISO alpha-3 of the headquarters
	Region  string // regional group of the headquarters country (as state.Group)
}

// Accredited returns the organizations accredited to a body now, with filters, sorted by
// name in lang. The list is public. regionOf gives a country's regional group.
func (s *Service) Accredited(ctx context.Context, _ plenary.Actor, bodyID int64, f Filter, lang string, regionOf func(string) string) ([]Listing, error) {
	accs, err := s.store.Accreditations(ctx, bodyID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Listing
	for _, a := range accs {
		if !a.Active(now) {
			continue
		}
		o, err := s.store.Organization(ctx, a.OrganizationID)
		if err != nil {
			return nil, err
		}
		if (f.Type != "" && o.Type != f.Type) || (f.Country != "" && o.HQState != strings.ToUpper(f.Country)) ||
			(f.Region != "" && regionOf(o.HQState) != f.Region) {
			continue
		}
		out = append(out, Listing{Accreditation: a, Organization: o})
	}
	slices.SortFunc(out, func(x, y Listing) int {
		return strings.Compare(strings.ToLower(x.Organization.Name(lang)), strings.ToLower(y.Organization.Name(lang)))
	})
	return out, nil
}

// WithdrawAccreditation ends an accreditation before its time, with the reason recorded
// and sent to the organization. The Secretariat withdraws.
func (s *Service) WithdrawAccreditation(ctx context.Context, actor plenary.Actor, id int64, reason string) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	var p plenary.Problems
	if p.Required("reason", reason) {
		p.MaxLength("reason", reason, MaxReason)
	}
	if err := p.Err(); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		acc, err := tx.Accreditation(ctx, id)
		if err != nil {
			return err
		}
		if !acc.Active(now) {
			return plenary.Conflict("accreditation.not_active", nil)
		}
		if err := tx.WithdrawAccreditation(ctx, id, actor.UserID, reason, now); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "accreditation.withdrawn", "organization", acc.OrganizationID,
			map[string]string{"accreditation": itoa(id), "reason": reason})); err != nil {
			return err
		}
		a, err := tx.Application(ctx, acc.ApplicationID)
		if err != nil {
			return err
		}
		return s.tellApplicant(ctx, tx, a, "accreditation_withdrawn", map[string]string{"Reason": reason})
	})
}

// Standing returns an organization's accreditation to a body, for its own pages and for
// registering representatives for sessions.
func (s *Service) Standing(ctx context.Context, actor plenary.Actor, bodyID, orgID int64) (Accreditation, bool, error) {
	accs, err := s.store.Accreditations(ctx, bodyID)
	if err != nil {
		return Accreditation{}, false, err
	}
	now := s.now()
	for _, a := range accs {
		if a.OrganizationID == orgID && a.Active(now) {
			return a, true, nil
		}
	}
	return Accreditation{}, false, nil
}

// Listed returns one accreditation with its organization, as the public list shows it.
func (s *Service) Listed(ctx context.Context, _ plenary.Actor, id int64) (Listing, error) {
	a, err := s.store.Accreditation(ctx, id)
	if err != nil {
		return Listing{}, err
	}
	o, err := s.store.Organization(ctx, a.OrganizationID)
	if err != nil {
		return Listing{}, err
	}
	return Listing{Accreditation: a, Organization: o}, nil
}
