package registration

import (
	"context"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// RegisterRepresentative registers a representative of an organization accredited to
// the session's body (or, for a subsidiary body, to its parent), within the session's
// limit of representatives per organization.
func (s *Service) RegisterRepresentative(ctx context.Context, actor plenary.Actor, sessionID, orgID int64, in PersonInput) (Registration, error) {
	return s.registerPerson(ctx, actor, sessionID, orgID, Representative, in)
}

// RegisterObserver registers an observer of an intergovernmental organization or a UN
// entity: no accreditation is needed, the same limit applies.
func (s *Service) RegisterObserver(ctx context.Context, actor plenary.Actor, sessionID, orgID int64, in PersonInput) (Registration, error) {
	return s.registerPerson(ctx, actor, sessionID, orgID, Observer, in)
}

func (s *Service) registerPerson(ctx context.Context, actor plenary.Actor, sessionID, orgID int64, cat Category, in PersonInput) (Registration, error) {
	if err := s.MayRegisterOrganization(actor, orgID); err != nil {
		return Registration{}, err
	}
	in.normalize()
	var p plenary.Problems
	in.check(&p, false)
	if err := p.Err(); err != nil {
		return Registration{}, err
	}
	now := s.now()
	var r Registration
	err := s.store.InTx(ctx, func(tx Tx) error {
		sess, b, err := sessionIn(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		org, err := tx.Organization(ctx, orgID)
		if err != nil {
			return err
		}
		if err := s.open(actor, sess, b); err != nil {
			return err
		}
		if cat == Observer {
			if !org.Type.Intergovernmental() {
				return plenary.Conflict("registration.not_observer", nil)
			}
		} else {
			ok, err := tx.Accredited(ctx, b.ID, orgID, now)
			if err == nil && !ok && b.ParentID != 0 {
				ok, err = tx.Accredited(ctx, b.ParentID, orgID, now)
			}
			if err != nil {
				return err
			}
			if !ok {
				return plenary.Conflict("registration.not_accredited", nil)
			}
		}
		if err := tx.LockSession(ctx, sessionID); err != nil {
			return err
		}
		n, err := tx.CountOrganization(ctx, sessionID, orgID)
		if err != nil {
			return err
		}
		if n >= sess.RepresentativeLimit {
			return plenary.Conflict("registration.limit_reached", map[string]any{"Max": sess.RepresentativeLimit})
		}
		r = Registration{SessionID: sessionID, Category: cat, OrganizationID: orgID, Name: in.Name, Gender: in.Gender,
			Email: in.Email, UserID: in.UserID, Consent: in.Consent, Status: Pending, Sponsorship: NoSponsorship,
			CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
		if r, err = tx.CreateRegistration(ctx, r); err != nil {
			return err
		}
		if err := tx.Audit(ctx, event(actor, now, "registration.registered", "registration", r.ID,
			map[string]string{"organization": itoa(orgID), "category": string(cat), "session": itoa(sessionID)})); err != nil {
			return err
		}
		return s.tell(ctx, tx, sess, b, []int64{actor.UserID}, "registration_received", forOrganization(org), nil)
	})
	return r, err
}

// editable reads a registration that actor may change now, under its session's lock.
func (s *Service) editable(ctx context.Context, tx Tx, actor plenary.Actor, id int64) (Registration, error) {
	r, err := tx.Registration(ctx, id)
	if err != nil {
		return Registration{}, err
	}
	if !sees(actor, r) {
		return Registration{}, plenary.Hidden(actor)
	}
	if err := s.mayRegister(actor, r); err != nil {
		return Registration{}, err
	}
	sess, b, err := sessionIn(ctx, tx, r.SessionID)
	if err != nil {
		return Registration{}, err
	}
	if err := s.open(actor, sess, b); err != nil {
		return Registration{}, err
	}
	if err := tx.LockSession(ctx, r.SessionID); err != nil {
		return Registration{}, err
	}
	if r, err = tx.Registration(ctx, id); err != nil {
		return Registration{}, err
	}
	if !r.Status.Current() {
		return Registration{}, plenary.Conflict("registration.not_editable", nil)
	}
	return r, nil
}

// Update changes what a registrant said about a person. An approved registration that
// the registrant changes goes back to the Secretariat (pending).
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, in PersonInput) (Registration, error) {
	in.normalize()
	now := s.now()
	var r Registration
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = s.editable(ctx, tx, actor, id); err != nil {
			return err
		}
		var p plenary.Problems
		in.check(&p, r.DelegationID != 0)
		if err := p.Err(); err != nil {
			return err
		}
		if r.DelegationID != 0 {
			if err := checkHead(ctx, tx, r.DelegationID, r.ID, in.Function); err != nil {
				return err
			}
		}
		before := r
		r.Name, r.Function, r.Gender, r.Email, r.Consent = in.Name, in.Function, in.Gender, in.Email, in.Consent
		// The link to an account is the person's own: an editor links or unlinks only
		// themselves, and never takes over or drops another person's link.
		if r.UserID == 0 || r.UserID == actor.UserID {
			r.UserID = in.UserID
		}
		if r == before {
			return nil
		}
		// A change by the Secretariat, which decides, needs no second look.
		if r.Status == Approved && !actor.IsSecretariat() {
			r.Status, r.DecidedBy, r.DecidedAt = Pending, 0, time.Time{}
		}
		r.UpdatedAt = now
		if err := tx.UpdateRegistration(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "registration.updated", "registration", r.ID,
			map[string]string{"status": string(r.Status)}))
	})
	return r, err
}

// Decide approves a pending registration or rejects it for a reason. A delegation's
// member is approved once the delegation is. The Secretariat decides; the registrant
// and the person (when their account is linked) are told by e-mail.
func (s *Service) Decide(ctx context.Context, actor plenary.Actor, id int64, approve bool, reason string) (Registration, error) {
	if err := s.MayManage(actor); err != nil {
		return Registration{}, err
	}
	reason = strings.TrimSpace(reason)
	if !approve {
		if err := checkReason(reason); err != nil {
			return Registration{}, err
		}
	}
	now := s.now()
	var r Registration
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Registration(ctx, id); err != nil {
			return err
		}
		if err := tx.LockSession(ctx, r.SessionID); err != nil {
			return err
		}
		if r, err = tx.Registration(ctx, id); err != nil {
			return err
		}
		if r.Status != Pending {
			return plenary.Conflict("registration.not_pending", nil)
		}
		if approve && r.DelegationID != 0 {
			d, err := tx.Delegation(ctx, r.DelegationID)
			if err != nil {
				return err
			}
			if d.Status != Approved {
				return plenary.Conflict("registration.delegation_not_approved", nil)
			}
		}
		r.DecidedBy, r.DecidedAt, r.UpdatedAt = actor.UserID, now, now
		if approve {
			r.Status, r.Reason = Approved, ""
		} else {
			r.Status, r.Reason = Rejected, reason
		}
		if err := tx.UpdateRegistration(ctx, r); err != nil {
			return err
		}
		sess, b, err := sessionIn(ctx, tx, r.SessionID)
		if err != nil {
			return err
		}
		who, err := s.forRegistration(ctx, tx, r)
		if err != nil {
			return err
		}
		if approve {
			if err := tx.Audit(ctx, event(actor, now, "registration.approved", "registration", r.ID, nil)); err != nil {
				return err
			}
			return s.tell(ctx, tx, sess, b, []int64{r.CreatedBy, r.UserID}, "registration_approved", who, nil)
		}
		if err := tx.Audit(ctx, event(actor, now, "registration.rejected", "registration", r.ID,
			map[string]string{"reason": reason})); err != nil {
			return err
		}
		return s.tell(ctx, tx, sess, b, []int64{r.CreatedBy, r.UserID}, "registration_rejected", who, map[string]string{"Reason": reason})
	})
	return r, err
}

// Withdraw withdraws a registration before the session ends: its registrant, the person
// or the Secretariat.
func (s *Service) Withdraw(ctx context.Context, actor plenary.Actor, id int64) (Registration, error) {
	now := s.now()
	var r Registration
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Registration(ctx, id); err != nil {
			return err
		}
		if !sees(actor, r) {
			return plenary.Hidden(actor)
		}
		self := r.UserID != 0 && r.UserID == actor.UserID && actor.CanWrite()
		if !self {
			if err := s.mayRegister(actor, r); err != nil {
				return err
			}
		}
		if err := s.beforeEnd(ctx, tx, actor, r.SessionID); err != nil {
			return err
		}
		if err := tx.LockSession(ctx, r.SessionID); err != nil {
			return err
		}
		if r, err = tx.Registration(ctx, id); err != nil {
			return err
		}
		if !r.Status.Current() {
			return plenary.Conflict("registration.not_withdrawable", nil)
		}
		r.Status, r.UpdatedAt = Withdrawn, now
		if err := tx.UpdateRegistration(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "registration.withdrawn", "registration", r.ID, nil))
	})
	return r, err
}

// RequestSponsorship asks for travel funding for a registered person, with a short
// justification: the person or their registrant, while registration is open.
func (s *Service) RequestSponsorship(ctx context.Context, actor plenary.Actor, id int64, justification string) (Registration, error) {
	justification = strings.TrimSpace(justification)
	var p plenary.Problems
	if p.Required("justification", justification) {
		p.MaxLength("justification", justification, MaxJustification)
	}
	if err := p.Err(); err != nil {
		return Registration{}, err
	}
	now := s.now()
	var r Registration
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Registration(ctx, id); err != nil {
			return err
		}
		if !sees(actor, r) {
			return plenary.Hidden(actor)
		}
		if !(r.UserID != 0 && r.UserID == actor.UserID && actor.CanWrite()) {
			if err := s.mayRegister(actor, r); err != nil {
				return err
			}
		}
		sess, b, err := sessionIn(ctx, tx, r.SessionID)
		if err != nil {
			return err
		}
		if err := s.open(actor, sess, b); err != nil {
			return err
		}
		if !r.Status.Current() {
			return plenary.Conflict("registration.not_editable", nil)
		}
		if r.Sponsorship != NoSponsorship {
			return plenary.Conflict("registration.sponsorship_exists", nil)
		}
		r.Sponsorship, r.SponsorshipReason, r.UpdatedAt = Requested, justification, now
		if err := tx.UpdateRegistration(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "registration.sponsorship_requested", "registration", r.ID, nil))
	})
	return r, err
}

// DecideSponsorship grants or declines a request for travel funding, with a note (which
// a refusal needs). The Secretariat decides; the registrant and the person are told.
func (s *Service) DecideSponsorship(ctx context.Context, actor plenary.Actor, id int64, grant bool, note string) (Registration, error) {
	if err := s.MayManage(actor); err != nil {
		return Registration{}, err
	}
	note = strings.TrimSpace(note)
	var p plenary.Problems
	if !grant {
		p.Required("note", note)
	}
	p.MaxLength("note", note, MaxNote)
	if err := p.Err(); err != nil {
		return Registration{}, err
	}
	now := s.now()
	var r Registration
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if r, err = tx.Registration(ctx, id); err != nil {
			return err
		}
		if r.Sponsorship != Requested || !r.Status.Current() {
			return plenary.Conflict("registration.no_sponsorship_request", nil)
		}
		r.SponsorshipNote, r.UpdatedAt = note, now
		template := "sponsorship_declined"
		if grant {
			r.Sponsorship, template = Granted, "sponsorship_granted"
			if note != "" {
				template = "sponsorship_granted_note"
			}
		} else {
			r.Sponsorship = Declined
		}
		if err := tx.UpdateRegistration(ctx, r); err != nil {
			return err
		}
		if grant {
			err = tx.Audit(ctx, event(actor, now, "registration.sponsorship_granted", "registration", r.ID, nil))
		} else {
			err = tx.Audit(ctx, event(actor, now, "registration.sponsorship_declined", "registration", r.ID, nil))
		}
		if err != nil {
			return err
		}
		sess, b, err := sessionIn(ctx, tx, r.SessionID)
		if err != nil {
			return err
		}
		who, err := s.forRegistration(ctx, tx, r)
		if err != nil {
			return err
		}
		return s.tell(ctx, tx, sess, b, []int64{r.CreatedBy, r.UserID}, template, who, map[string]string{"Note": note})
	})
	return r, err
}
