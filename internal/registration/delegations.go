package registration

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/state"
)

// RegisterDelegation records the delegation of the State iso3 to a session, pending
// until the Secretariat approves it; the one who registered gets a receipt by e-mail. A
// withdrawn or rejected delegation is registered again (pending once more).
func (s *Service) RegisterDelegation(ctx context.Context, actor plenary.Actor, sessionID int64, iso3 string) (Delegation, error) {
	iso3 = strings.ToUpper(strings.TrimSpace(iso3))
	if err := s.MayRegisterState(actor, iso3); err != nil {
		return Delegation{}, err
	}
	now := s.now()
	var d Delegation
	err := s.store.InTx(ctx, func(tx Tx) error {
		sess, b, err := sessionIn(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if _, err := tx.State(ctx, iso3); err != nil {
			if plenary.ErrorKind(err) == plenary.KindNotFound {
				return plenary.Invalid("state", "field.choice", nil)
			}
			return err
		}
		if err := s.open(actor, sess, b); err != nil {
			return err
		}
		if err := tx.LockSession(ctx, sessionID); err != nil {
			return err
		}
		d, err = tx.SessionDelegation(ctx, sessionID, iso3)
		switch {
		case err == nil && d.Status.Current():
			return plenary.Conflict("registration.delegation_exists", nil)
		case err == nil:
			d.Status, d.Reason, d.DecidedBy, d.DecidedAt, d.UpdatedAt = Pending, "", 0, time.Time{}, now
			if err := tx.UpdateDelegation(ctx, d); err != nil {
				return err
			}
			if err := tx.Audit(ctx, event(actor, now, "registration.delegation_reopened", "delegation", d.ID,
				map[string]string{"state": iso3})); err != nil {
				return err
			}
		case plenary.ErrorKind(err) == plenary.KindNotFound:
			if d, err = tx.CreateDelegation(ctx, Delegation{SessionID: sessionID, State: iso3, Status: Pending,
				CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}); err != nil {
				return err
			}
			if err := tx.Audit(ctx, event(actor, now, "registration.delegation_registered", "delegation", d.ID,
				map[string]string{"state": iso3, "session": itoa(sessionID)})); err != nil {
				return err
			}
		default:
			return err
		}
		return s.tell(ctx, tx, sess, b, []int64{actor.UserID}, "registration_received", forState(iso3), nil)
	})
	return d, err
}

// AttachCredentials stores the delegation's credentials: a note verbale, a PDF checked
// by its content. New credentials for an approved delegation go back to the Secretariat.
func (s *Service) AttachCredentials(ctx context.Context, actor plenary.Actor, delegationID int64, u files.Upload) (Delegation, error) {
	var p plenary.Problems
	f, ok := files.Check(&p, "letter", u, files.PDF, MaxLetter)
	if !ok {
		return Delegation{}, p.Err()
	}
	now := s.now()
	var d Delegation
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = s.editableDelegation(ctx, tx, actor, delegationID); err != nil {
			return err
		}
		f.CreatedBy, f.CreatedAt = actor.UserID, now
		if f, err = tx.SaveFile(ctx, f); err != nil {
			return err
		}
		d.LetterFileID, d.UpdatedAt = f.ID, now
		if d.Status == Approved {
			d.Status, d.DecidedBy, d.DecidedAt = Pending, 0, time.Time{}
		}
		if err := tx.UpdateDelegation(ctx, d); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "registration.credentials_attached", "delegation", d.ID,
			map[string]string{"sha256": f.SHA256, "size": fmt.Sprint(f.Size)}))
	})
	return d, err
}

// editableDelegation reads a delegation that actor may change now, under its session's
// lock.
func (s *Service) editableDelegation(ctx context.Context, tx Tx, actor plenary.Actor, id int64) (Delegation, error) {
	d, err := tx.Delegation(ctx, id)
	if err != nil {
		return Delegation{}, err
	}
	if !seesDelegation(actor, d) {
		return Delegation{}, plenary.Hidden(actor)
	}
	if err := s.MayRegisterState(actor, d.State); err != nil {
		return Delegation{}, err
	}
	sess, b, err := sessionIn(ctx, tx, d.SessionID)
	if err != nil {
		return Delegation{}, err
	}
	if err := s.open(actor, sess, b); err != nil {
		return Delegation{}, err
	}
	if err := tx.LockSession(ctx, d.SessionID); err != nil {
		return Delegation{}, err
	}
	if d, err = tx.Delegation(ctx, id); err != nil {
		return Delegation{}, err
	}
	if !d.Status.Current() {
		return Delegation{}, plenary.Conflict("registration.not_editable", nil)
	}
	return d, nil
}

// AddMember adds a member to a delegation, pending until the Secretariat approves them.
// A delegation has one head.
func (s *Service) AddMember(ctx context.Context, actor plenary.Actor, delegationID int64, in PersonInput) (Registration, error) {
	in.normalize()
	var p plenary.Problems
	in.check(&p, true)
	if err := p.Err(); err != nil {
		return Registration{}, err
	}
	now := s.now()
	var r Registration
	err := s.store.InTx(ctx, func(tx Tx) error {
		d, err := s.editableDelegation(ctx, tx, actor, delegationID)
		if err != nil {
			return err
		}
		if err := checkHead(ctx, tx, d.ID, 0, in.Function); err != nil {
			return err
		}
		st, err := tx.State(ctx, d.State)
		if err != nil {
			return err
		}
		cat := MemberState
		if st.Status != state.Member {
			cat = ObserverState
		}
		r = Registration{SessionID: d.SessionID, Category: cat, DelegationID: d.ID, State: d.State, Name: in.Name,
			Function: in.Function, Gender: in.Gender, Email: in.Email, UserID: in.UserID, Consent: in.Consent, Status: Pending,
			Sponsorship: NoSponsorship, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
		if r, err = tx.CreateRegistration(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "registration.member_added", "registration", r.ID,
			map[string]string{"delegation": itoa(d.ID), "state": d.State, "function": string(r.Function)}))
	})
	return r, err
}

// checkHead refuses a second head of delegation (the caller holds the session's lock).
func checkHead(ctx context.Context, tx Tx, delegationID, self int64, f Function) error {
	if f != HeadOfDelegation {
		return nil
	}
	members, err := tx.Members(ctx, delegationID)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.ID != self && m.Function == HeadOfDelegation && m.Status.Current() {
			return plenary.Invalid("function", "registration.head_exists", nil)
		}
	}
	return nil
}

// DecideDelegation approves a delegation (with its pending members), which needs its
// credentials, or rejects it (with its current members) for a reason. The Secretariat
// decides; the registrant is told by e-mail.
func (s *Service) DecideDelegation(ctx context.Context, actor plenary.Actor, id int64, approve bool, reason string) (Delegation, error) {
	if err := s.MayManage(actor); err != nil {
		return Delegation{}, err
	}
	reason = strings.TrimSpace(reason)
	if !approve {
		if err := checkReason(reason); err != nil {
			return Delegation{}, err
		}
	}
	now := s.now()
	var d Delegation
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = tx.Delegation(ctx, id); err != nil {
			return err
		}
		if err := tx.LockSession(ctx, d.SessionID); err != nil {
			return err
		}
		if d, err = tx.Delegation(ctx, id); err != nil {
			return err
		}
		if d.Status != Pending {
			return plenary.Conflict("registration.not_pending", nil)
		}
		if approve && d.LetterFileID == 0 {
			return plenary.Conflict("registration.letter_required", nil)
		}
		d.DecidedBy, d.DecidedAt, d.UpdatedAt = actor.UserID, now, now
		if approve {
			d.Status, d.Reason = Approved, ""
		} else {
			d.Status, d.Reason = Rejected, reason
		}
		if err := tx.UpdateDelegation(ctx, d); err != nil {
			return err
		}
		members, err := tx.Members(ctx, d.ID)
		if err != nil {
			return err
		}
		tell := []int64{d.CreatedBy}
		for _, m := range members {
			if m.Status != Pending && !(m.Status == Approved && !approve) {
				continue
			}
			m.Status, m.Reason, m.DecidedBy, m.DecidedAt, m.UpdatedAt = d.Status, d.Reason, actor.UserID, now, now
			if err := tx.UpdateRegistration(ctx, m); err != nil {
				return err
			}
			tell = append(tell, m.UserID)
		}
		sess, b, err := sessionIn(ctx, tx, d.SessionID)
		if err != nil {
			return err
		}
		if approve {
			if err := tx.Audit(ctx, event(actor, now, "registration.delegation_approved", "delegation", d.ID,
				map[string]string{"state": d.State})); err != nil {
				return err
			}
			return s.tell(ctx, tx, sess, b, tell, "registration_approved", forState(d.State), nil)
		}
		if err := tx.Audit(ctx, event(actor, now, "registration.delegation_rejected", "delegation", d.ID,
			map[string]string{"state": d.State, "reason": reason})); err != nil {
			return err
		}
		return s.tell(ctx, tx, sess, b, tell, "registration_rejected", forState(d.State), map[string]string{"Reason": reason})
	})
	return d, err
}

// WithdrawDelegation withdraws a delegation and its members, before the session ends:
// the State's delegates or the Secretariat.
func (s *Service) WithdrawDelegation(ctx context.Context, actor plenary.Actor, id int64) (Delegation, error) {
	now := s.now()
	var d Delegation
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = tx.Delegation(ctx, id); err != nil {
			return err
		}
		if !seesDelegation(actor, d) {
			return plenary.Hidden(actor)
		}
		if err := s.MayRegisterState(actor, d.State); err != nil {
			return err
		}
		if err := s.beforeEnd(ctx, tx, actor, d.SessionID); err != nil {
			return err
		}
		if err := tx.LockSession(ctx, d.SessionID); err != nil {
			return err
		}
		if d, err = tx.Delegation(ctx, id); err != nil {
			return err
		}
		if !d.Status.Current() {
			return plenary.Conflict("registration.not_withdrawable", nil)
		}
		d.Status, d.UpdatedAt = Withdrawn, now
		if err := tx.UpdateDelegation(ctx, d); err != nil {
			return err
		}
		members, err := tx.Members(ctx, d.ID)
		if err != nil {
			return err
		}
		for _, m := range members {
			if m.Status.Current() {
				m.Status, m.UpdatedAt = Withdrawn, now
				if err := tx.UpdateRegistration(ctx, m); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, event(actor, now, "registration.delegation_withdrawn", "delegation", d.ID,
			map[string]string{"state": d.State}))
	})
	return d, err
}

// beforeEnd refuses a change once the session has ended (the Secretariat excepted).
func (s *Service) beforeEnd(ctx context.Context, tx Tx, actor plenary.Actor, sessionID int64) error {
	if actor.IsSecretariat() {
		return nil
	}
	sess, b, err := sessionIn(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	if !s.now().Before(Ends(sess, b)) {
		return plenary.Conflict("registration.session_ended", nil)
	}
	return nil
}

func checkReason(reason string) error {
	var p plenary.Problems
	if p.Required("reason", reason) {
		p.MaxLength("reason", reason, MaxReason)
	}
	return p.Err()
}
