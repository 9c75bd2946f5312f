package accreditation

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/organization"
)

// isFocalPoint reports whether the actor acts for the organization.
func isFocalPoint(actor plenary.Actor, orgID int64) bool {
	return actor.CanWrite() && actor.HasForOrganization(plenary.RoleFocalPoint, orgID)
}

// currentRound returns the body's round under way, if any.
func (s *Service) currentRound(ctx context.Context, bodyID int64) (Round, bool, error) {
	rounds, err := s.store.Rounds(ctx, bodyID)
	if err != nil {
		return Round{}, false, err
	}
	for _, r := range rounds {
		if r.Status != RoundDecided {
			return r, true, nil
		}
	}
	return Round{}, false, nil
}

// Start begins an organization's application in the round open for applications. An
// organization in ECOSOC status notifies instead, where the policy allows it.
func (s *Service) Start(ctx context.Context, actor plenary.Actor, bodyID, orgID int64) (Application, error) {
	if !isFocalPoint(actor, orgID) {
		return Application{}, plenary.Deny(actor)
	}
	org, err := s.store.Organization(ctx, orgID)
	if err != nil {
		return Application{}, err
	}
	r, ok, err := s.currentRound(ctx, bodyID)
	if err != nil {
		return Application{}, err
	}
	now := s.now()
	if !ok || r.Status != RoundOpen || !now.Before(r.ApplicationsClose) {
		return Application{}, plenary.Conflict("accreditation.no_open_round", nil)
	}
	kind := KindApplication
	if r.Policy.FastTrack && org.ECOSOC != organization.NoStatus {
		kind = KindNotification
	} else if !slices.Contains(r.Policy.Eligible, org.Type) {
		return Application{}, plenary.Conflict("accreditation.type_not_eligible", nil)
	}
	previous, err := s.store.OrganizationApplications(ctx, bodyID, orgID)
	if err != nil {
		return Application{}, err
	}
	for _, p := range previous {
		switch {
		case p.RoundID == r.ID && p.Status != Withdrawn:
			return Application{}, plenary.Conflict("accreditation.already_applied", map[string]any{"Tracking": p.Tracking})
		case p.Status == Rejected && !r.Policy.ReapplyAfterReject:
			return Application{}, plenary.Conflict("accreditation.no_reapplication", nil)
		}
	}
	var a Application
	err = s.store.InTx(ctx, func(tx Tx) error {
		acc, err := tx.ActiveAccreditation(ctx, bodyID, orgID)
		if err == nil && acc.Active(now) {
			return plenary.Conflict("accreditation.already_accredited", nil)
		} else if err != nil && !isKind(err, plenary.KindNotFound) {
			return err
		}
		a, err = tx.CreateApplication(ctx, Application{
			RoundID: r.ID, BodyID: bodyID, OrganizationID: orgID, Kind: kind, Status: Draft,
			OrgType: org.Type, OrgNames: org.Names, HQState: org.HQState, Website: org.Website, ECOSOC: org.ECOSOC,
			CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now,
		})
		if err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.application_started", "accreditation_application", a.ID,
			map[string]string{"organization": fmt.Sprint(orgID), "kind": string(kind), "tracking": a.Tracking}))
	})
	return a, err
}

// Limits of what people write, in characters.
const (
	MaxPurpose      = 4000
	MaxProgrammes   = 8000
	MaxInteractions = 8000 // with the UN
	MaxContactName  = 200
	MaxPhone        = 50
	// MaxNote bounds the Secretariat's screening note and the answer to a request to
	// learn who objected.
	MaxNote = 2000
	// MaxReason bounds a State's reason for its position and the reason for withdrawing
	// an accreditation.
	MaxReason = 2000
)

// DossierInput is what the focal point writes.
type DossierInput struct {
	Purpose, Programmes, UNInteractions     string
	ContactName, ContactEmail, ContactPhone string
}

func (in *DossierInput) normalize() {
	in.Purpose, in.Programmes, in.UNInteractions = strings.TrimSpace(in.Purpose), strings.TrimSpace(in.Programmes), strings.TrimSpace(in.UNInteractions)
	in.ContactName, in.ContactPhone = strings.TrimSpace(in.ContactName), strings.TrimSpace(in.ContactPhone)
	in.ContactEmail = plenary.NormalizeEmail(in.ContactEmail)
}

// check validates what is there; complete (for submitting) also requires what must be.
func (in DossierInput) check(p *plenary.Problems, kind Kind, complete bool) {
	long := func(field, v string, max int) {
		if complete && kind == KindApplication {
			p.Required(field, v)
		}
		p.MaxLength(field, v, max)
	}
	long("purpose", in.Purpose, MaxPurpose)
	long("programmes", in.Programmes, MaxProgrammes)
	long("un_interactions", in.UNInteractions, MaxInteractions)
	if complete {
		p.Required("contact_name", in.ContactName)
		p.Required("contact_email", in.ContactEmail)
	}
	if in.ContactName != "" && p.Line("contact_name", in.ContactName) {
		p.MaxLength("contact_name", in.ContactName, MaxContactName)
	}
	if in.ContactEmail != "" {
		p.Email("contact_email", in.ContactEmail)
	}
	if in.ContactPhone != "" && p.Line("contact_phone", in.ContactPhone) {
		p.MaxLength("contact_phone", in.ContactPhone, MaxPhone)
	}
}

func dossierInput(d Dossier) DossierInput {
	return DossierInput{Purpose: d.Purpose, Programmes: d.Programmes, UNInteractions: d.UNInteractions,
		ContactName: d.ContactName, ContactEmail: d.ContactEmail, ContactPhone: d.ContactPhone}
}

// editable loads an application the focal point may still change.
func (s *Service) editable(ctx context.Context, tx Tx, actor plenary.Actor, id int64) (Application, error) {
	a, err := tx.Application(ctx, id)
	if err != nil {
		return Application{}, err
	}
	if !isFocalPoint(actor, a.OrganizationID) {
		if actor.HasForOrganization(plenary.RoleRepresentative, a.OrganizationID) || actor.IsSecretariat() {
			return Application{}, plenary.Deny(actor)
		}
		return Application{}, plenary.Hidden(actor)
	}
	if !a.Status.Editable() {
		return Application{}, plenary.Conflict("accreditation.not_editable", nil)
	}
	return a, nil
}

// Update changes the dossier while the application is not yet circulated. Changing a
// screened application sends it back to screening.
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, in DossierInput) (Application, error) {
	in.normalize()
	now := s.now()
	var a Application
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if a, err = s.editable(ctx, tx, actor, id); err != nil {
			return err
		}
		var p plenary.Problems
		in.check(&p, a.Kind, false)
		if err := p.Err(); err != nil {
			return err
		}
		a.Purpose, a.Programmes, a.UNInteractions = in.Purpose, in.Programmes, in.UNInteractions
		a.ContactName, a.ContactEmail, a.ContactPhone = in.ContactName, in.ContactEmail, in.ContactPhone
		if a.Status == Complete {
			a.Status = Submitted // screened content changed: screen it again
		}
		a.UpdatedAt = now
		if err := tx.UpdateApplication(ctx, a); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.application_updated", "accreditation_application", a.ID, nil))
	})
	return a, err
}

// AttachLetter stores the letter on letterhead (a PDF, checked by its content).
func (s *Service) AttachLetter(ctx context.Context, actor plenary.Actor, id int64, u files.Upload) (Application, error) {
	var p plenary.Problems
	f, ok := files.Check(&p, "letter", u, files.PDF, MaxLetter)
	if !ok {
		return Application{}, p.Err()
	}
	now := s.now()
	var a Application
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if a, err = s.editable(ctx, tx, actor, id); err != nil {
			return err
		}
		f.CreatedBy, f.CreatedAt = actor.UserID, now
		if f, err = tx.SaveFile(ctx, f); err != nil {
			return err
		}
		a.LetterFileID, a.UpdatedAt = f.ID, now
		if a.Status == Complete {
			a.Status = Submitted
		}
		if err := tx.UpdateApplication(ctx, a); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.letter_attached", "accreditation_application", a.ID,
			map[string]string{"sha256": f.SHA256, "size": fmt.Sprint(f.Size)}))
	})
	return a, err
}

// Submit sends the application for screening, while the round takes applications (or,
// for an application the Secretariat found incomplete, until the list is circulated). It
// gets its tracking number's receipt by e-mail.
func (s *Service) Submit(ctx context.Context, actor plenary.Actor, id int64) (Application, error) {
	now := s.now()
	var a Application
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if a, err = s.editable(ctx, tx, actor, id); err != nil {
			return err
		}
		if err := tx.LockRound(ctx, a.RoundID); err != nil {
			return err
		}
		r, err := tx.Round(ctx, a.RoundID)
		if err != nil {
			return err
		}
		if a.Status != Draft && a.Status != Incomplete {
			return plenary.Conflict("accreditation.already_submitted", nil)
		}
		windowOpen := r.Status == RoundOpen && now.Before(r.ApplicationsClose)
		answering := a.Status == Incomplete && (r.Status == RoundOpen || r.Status == RoundScreening)
		if !windowOpen && !answering {
			return plenary.Conflict("accreditation.window_closed", nil)
		}
		var p plenary.Problems
		dossierInput(a.Dossier).check(&p, a.Kind, true)
		if a.Kind == KindApplication && a.LetterFileID == 0 {
			p.Add("letter", "accreditation.letter_required", nil)
		}
		if err := p.Err(); err != nil {
			return err
		}
		a.Status, a.SubmittedAt, a.UpdatedAt = Submitted, now, now
		if err := tx.UpdateApplication(ctx, a); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "accreditation.application_submitted", "accreditation_application", a.ID,
			map[string]string{"tracking": a.Tracking})); err != nil {
			return err
		}
		return s.tellApplicant(ctx, tx, a, "application_received", nil)
	})
	return a, err
}

// Withdraw withdraws an application that is not yet decided.
func (s *Service) Withdraw(ctx context.Context, actor plenary.Actor, id int64) error {
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		a, err := tx.Application(ctx, id)
		if err != nil {
			return err
		}
		if !isFocalPoint(actor, a.OrganizationID) {
			return plenary.Hidden(actor)
		}
		if err := tx.LockRound(ctx, a.RoundID); err != nil {
			return err
		}
		if a, err = tx.Application(ctx, id); err != nil {
			return err
		}
		if a.Status.Closed() {
			return plenary.Conflict("accreditation.not_withdrawable", nil)
		}
		a.Status, a.UpdatedAt = Withdrawn, now
		if err := tx.UpdateApplication(ctx, a); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "accreditation.application_withdrawn", "accreditation_application", a.ID, nil))
	})
}

// Screen records the Secretariat's screening: complete, or incomplete with what is
// missing (note). A complete ECOSOC notification accredits the organization at once.
func (s *Service) Screen(ctx context.Context, actor plenary.Actor, id int64, complete bool, note string) (Application, error) {
	if err := s.MayManage(actor); err != nil {
		return Application{}, err
	}
	note = strings.TrimSpace(note)
	var p plenary.Problems
	if !complete {
		p.Required("note", note)
	}
	p.MaxLength("note", note, MaxNote)
	if err := p.Err(); err != nil {
		return Application{}, err
	}
	now := s.now()
	var a Application
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if a, err = tx.Application(ctx, id); err != nil {
			return err
		}
		if err := tx.LockRound(ctx, a.RoundID); err != nil {
			return err
		}
		if a, err = tx.Application(ctx, id); err != nil {
			return err
		}
		if a.Status != Submitted {
			return plenary.Conflict("accreditation.not_awaiting_screening", nil)
		}
		r, err := tx.Round(ctx, a.RoundID)
		if err != nil {
			return err
		}
		a.UpdatedAt = now
		template := "application_incomplete"
		if complete {
			a.Status, a.ScreeningNote, template = Complete, "", ""
		} else {
			a.Status, a.ScreeningNote = Incomplete, note
		}
		if err := tx.UpdateApplication(ctx, a); err != nil {
			return err
		}
		screened := event(actor, now, "accreditation.application_screened", "accreditation_application", a.ID, nil)
		if !complete {
			screened = event(actor, now, "accreditation.application_incomplete", "accreditation_application", a.ID, nil)
		}
		if err := tx.Audit(ctx, screened); err != nil {
			return err
		}
		if complete && a.Kind == KindNotification {
			return s.settle(ctx, tx, actor, r, a, Accredited, BasisECOSOC, now, nil)
		}
		if template != "" {
			return s.tellApplicant(ctx, tx, a, template, map[string]string{"Note": note})
		}
		return nil
	})
	return a, err
}
