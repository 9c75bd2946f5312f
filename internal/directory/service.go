package directory

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/mail"
)

// Record is an entry as stored: its details sealed.
type Record struct {
	Contact
	SealedDetails string
	SealedPending string
}

// VersionRecord is a version as stored.
type VersionRecord struct {
	Version
	SealedDetails string
}

// Store is what the directory reads.
type Store interface {
	Participants(ctx context.Context) ([]Participant, error)
	Participant(ctx context.Context, state string) (Participant, error)
	Contact(ctx context.Context, id int64) (Record, error)
	// Contacts lists entries of the given States (all States when empty) with one of the
	// statuses, ordered by State, function and ID.
	Contacts(ctx context.Context, states []string, statuses []Status) ([]Record, error)
	// ContactsOfUser lists the entries linked to an account.
	ContactsOfUser(ctx context.Context, userID int64) ([]Record, error)
	Versions(ctx context.Context, contactID int64) ([]VersionRecord, error)
	// StateGroups maps every State's ISO code to its regional group.
	StateGroups(ctx context.Context) (map[string]string, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what the directory changes in one transaction.
type Tx interface {
	Contact(ctx context.Context, id int64) (Record, error)
	SetParticipant(ctx context.Context, p Participant, by int64) error
	CreateContact(ctx context.Context, r Record) (int64, error)
	UpdateContact(ctx context.Context, r Record) error
	AddVersion(ctx context.Context, v VersionRecord) error
	// Holders lists the people holding role (for the directory's e-mails).
	Holders(ctx context.Context, role plenary.Role) ([]Person, error)
	Audit(ctx context.Context, e audit.Event) error
	Enqueue(ctx context.Context, job plenary.Job) error
}

// Sealer seals what identifies a person (the server key).
type Sealer interface {
	Seal(purpose string, plaintext, additional []byte) string
	Open(purpose, sealed string, additional []byte) ([]byte, error)
}

// Accounts gives and takes the Point of Contact role: a verified contact signs in with
// the address of their entry (and a second factor, as the role requires).
type Accounts interface {
	// Enrol gives the person with this address the role for state, making their account
	// and inviting them if they have none, and returns the account's ID.
	Enrol(ctx context.Context, actor plenary.Actor, email, name, lang, state string) (int64, error)
	// Retire takes the role for state from the account.
	Retire(ctx context.Context, actor plenary.Actor, userID int64, state string) error
}

// Service is the directory.
type Service struct {
	store    Store
	clock    plenary.Clock
	seal     Sealer
	accounts Accounts
	mail     bool   // the directory writes to people (it has templates)
	baseURL  string // of links in e-mails
}

// NewService builds the directory. templates receives its e-mails, whose links start at
// baseURL; with nil templates the directory sends nothing.
func NewService(s Store, c plenary.Clock, seal Sealer, accounts Accounts, templates *mail.Templates, baseURL string) *Service {
	if templates != nil {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, clock: c, seal: seal, accounts: accounts, mail: templates != nil, baseURL: baseURL}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// sealPurpose separates the directory's sealed values from every other use of the key;
// each value is also bound to its State, so that a row copied to another State does not
// open.
const sealPurpose = "directory/details"

func (s *Service) sealDetails(state string, d Details) (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", plenary.Internal(err)
	}
	return s.seal.Seal(sealPurpose, b, []byte(state)), nil
}

func (s *Service) openDetails(state, sealed string) (Details, error) {
	var d Details
	b, err := s.seal.Open(sealPurpose, sealed, []byte(state))
	if err != nil {
		return d, plenary.Internal(fmt.Errorf("directory: %w", err))
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return d, plenary.Internal(err)
	}
	return d, nil
}

// open turns a record into a contact.
func (s *Service) open(r Record) (Contact, error) {
	c := r.Contact
	var err error
	if c.Details, err = s.openDetails(c.State, r.SealedDetails); err != nil {
		return c, err
	}
	if r.SealedPending != "" {
		p, err := s.openDetails(c.State, r.SealedPending)
		if err != nil {
			return c, err
		}
		c.Pending = &p
	}
	return c, nil
}

func (s *Service) openAll(rs []Record) ([]Contact, error) {
	out := make([]Contact, 0, len(rs))
	for _, r := range rs {
		c, err := s.open(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// VerifiedStates returns the States whose directory the actor reads as a verified
// contact: those of their grants for which an entry linked to their account is verified
// and the State participates. The Secretariat's grants do not count here.
func (s *Service) VerifiedStates(ctx context.Context, actor plenary.Actor) ([]string, error) {
	if !actor.SignedIn() || !actor.Has(plenary.RolePointOfContact) {
		return nil, nil
	}
	rs, err := s.store.ContactsOfUser(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rs {
		if r.Status != Verified || !actor.HasForState(plenary.RolePointOfContact, r.State) || slices.Contains(out, r.State) {
			continue
		}
		p, err := s.store.Participant(ctx, r.State)
		if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
			return nil, err
		}
		if err == nil && p.Status == Participating {
			out = append(out, r.State)
		}
	}
	return out, nil
}

// MayRead tells whether actor reads the directory: the Secretariat, and the verified
// contacts of participating States. Anyone else is told it does not exist.
func (s *Service) MayRead(ctx context.Context, actor plenary.Actor) error {
	if actor.IsSecretariat() {
		return nil
	}
	states, err := s.VerifiedStates(ctx, actor)
	if err != nil {
		return err
	}
	if len(states) == 0 {
		return plenary.Hidden(actor)
	}
	return nil
}

// maySeeState tells whether actor may see state's own entries, whatever their status: the
// Secretariat and the State's nominator.
func maySeeState(actor plenary.Actor, state string) bool {
	return actor.IsSecretariat() || actor.HasForState(plenary.RoleNominator, state)
}

// mayNominate tells whether actor may nominate and change state's entries.
func mayNominate(actor plenary.Actor, state string) bool {
	return actor.CanWrite() && maySeeState(actor, state)
}

func mayVerify(actor plenary.Actor) bool { return actor.IsSecretariat() && actor.CanWrite() }

// MayManage tells whether actor may nominate and change state's entries (the State's
// nominator, the Secretariat), for pages that offer the forms; anyone else is told the
// State's entries do not exist for them. The methods that change entries decide again.
func (s *Service) MayManage(actor plenary.Actor, state string) error {
	if !maySeeState(actor, state) {
		return plenary.Hidden(actor)
	}
	if !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// read records that actor read entries: every read of the directory is in the audit
// trail, with who, when and which entries (never what they say).
func (s *Service) read(ctx context.Context, actor plenary.Actor, action string, ids []int64, details map[string]string) error {
	if details == nil {
		details = map[string]string{}
	}
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	details["entries"] = strings.Join(parts, " ")
	var objectID any
	if len(ids) == 1 {
		objectID = ids[0]
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		return tx.Audit(ctx, audit.New(actor, s.now(), action, "poc_contact", objectID, details))
	})
}

// Participants lists the States that joined the directory, for those who read it and
// for nominators.
func (s *Service) Participants(ctx context.Context, actor plenary.Actor) ([]Participant, error) {
	if err := s.MayRead(ctx, actor); err != nil && len(actor.States(plenary.RoleNominator)) == 0 {
		return nil, err
	}
	return s.store.Participants(ctx)
}

// Participation returns state's standing; anyone who may see the State's entries, or read
// the directory, may ask.
func (s *Service) Participation(ctx context.Context, actor plenary.Actor, state string) (Participant, error) {
	if !maySeeState(actor, state) {
		if err := s.MayRead(ctx, actor); err != nil {
			return Participant{}, err
		}
	}
	p, err := s.store.Participant(ctx, state)
	if plenary.ErrorKind(err) == plenary.KindNotFound && err != nil {
		return Participant{State: state, Status: NotJoined}, nil
	}
	return p, err
}

// SetParticipation records a State's joining or leaving, as notified to the Secretariat.
func (s *Service) SetParticipation(ctx context.Context, actor plenary.Actor, state string, status Participation, note string) (Participant, error) {
	if !mayVerify(actor) {
		return Participant{}, plenary.Deny(actor)
	}
	var p plenary.Problems
	if status != Participating && status != Left {
		p.Add("status", "field.choice", nil)
	}
	note = strings.TrimSpace(note)
	p.MaxLength("note", note, MaxNote)
	if err := s.knownState(ctx, &p, state); err != nil {
		return Participant{}, err
	}
	if err := p.Err(); err != nil {
		return Participant{}, err
	}
	now := s.now()
	out := Participant{State: state, Status: status, Since: now, Note: note, UpdatedAt: now}
	if cur, err := s.store.Participant(ctx, state); err == nil && cur.Status == status {
		out.Since = cur.Since // a note changed, not the standing
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.SetParticipant(ctx, out, actor.UserID); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "poc.participation_set", "state", state, map[string]string{"status": string(status)}))
	})
	return out, err
}

func (s *Service) knownState(ctx context.Context, p *plenary.Problems, state string) error {
	groups, err := s.store.StateGroups(ctx)
	if err != nil {
		return err
	}
	if _, ok := groups[state]; !ok {
		p.Add("state", "field.unknown_state", nil)
	}
	return nil
}

// Entries reads the directory: the verified entries of participating States, filtered.
// The read is audited.
func (s *Service) Entries(ctx context.Context, actor plenary.Actor, f Filter) ([]Contact, error) {
	if err := s.MayRead(ctx, actor); err != nil {
		return nil, err
	}
	states, err := s.participatingStates(ctx, f)
	if err != nil || len(states) == 0 {
		return nil, err
	}
	rs, err := s.store.Contacts(ctx, states, []Status{Verified})
	if err != nil {
		return nil, err
	}
	if f.Function != "" {
		rs = slices.DeleteFunc(rs, func(r Record) bool { return r.Function != f.Function })
	}
	out, err := s.openAll(rs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		// The directory shows entries as verified: not a change awaiting verification,
		// nor why the Secretariat returned one (the State's own pages show those).
		out[i].Pending, out[i].Reason = nil, ""
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.ID
	}
	if err := s.read(ctx, actor, "poc.entries_read", ids, filterDetails(f)); err != nil {
		return nil, err
	}
	return out, nil
}

func filterDetails(f Filter) map[string]string {
	d := map[string]string{}
	if f.State != "" {
		d["state"] = f.State
	}
	if f.Group != "" {
		d["group"] = f.Group
	}
	if f.Function != "" {
		d["function"] = string(f.Function)
	}
	return d
}

// participatingStates returns the participating States the filter selects.
func (s *Service) participatingStates(ctx context.Context, f Filter) ([]string, error) {
	ps, err := s.store.Participants(ctx)
	if err != nil {
		return nil, err
	}
	var groups map[string]string
	if f.Group != "" {
		if groups, err = s.store.StateGroups(ctx); err != nil {
			return nil, err
		}
	}
	var out []string
	for _, p := range ps {
		if p.Status != Participating || (f.State != "" && p.State != f.State) || (f.Group != "" && groups[p.State] != f.Group) {
			continue
		}
		out = append(out, p.State)
	}
	return out, nil
}

// Get reads one entry. The directory's readers see verified entries of participating
// States; the Secretariat and the State's nominator see the State's entries whatever
// their status. The read is audited.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (Contact, error) {
	r, err := s.store.Contact(ctx, id)
	if err != nil {
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return Contact{}, plenary.Hidden(actor)
		}
		return Contact{}, err
	}
	if !maySeeState(actor, r.State) {
		if err := s.MayRead(ctx, actor); err != nil {
			return Contact{}, err
		}
		p, err := s.Participation(ctx, plenary.System("directory"), r.State)
		if err != nil {
			return Contact{}, err
		}
		if r.Status != Verified || p.Status != Participating {
			return Contact{}, plenary.NotFound()
		}
		r.SealedPending = "" // a change not yet verified is not in the directory
		r.Reason = ""        // nor why the Secretariat returned one
	}
	c, err := s.open(r)
	if err != nil {
		return Contact{}, err
	}
	if err := s.read(ctx, actor, "poc.entry_read", []int64{id}, map[string]string{"state": c.State}); err != nil {
		return Contact{}, err
	}
	return c, nil
}

// OfState lists all of state's entries, whatever their status, for the State's nominator
// and the Secretariat. The read is audited.
func (s *Service) OfState(ctx context.Context, actor plenary.Actor, state string) ([]Contact, error) {
	if !maySeeState(actor, state) {
		return nil, plenary.Hidden(actor)
	}
	rs, err := s.store.Contacts(ctx, []string{state}, nil)
	if err != nil {
		return nil, err
	}
	out, err := s.openAll(rs)
	if err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.ID
	}
	return out, s.read(ctx, actor, "poc.state_entries_read", ids, map[string]string{"state": state})
}

// StateEntries lists a State's entries as actor may see them: all of them, whatever
// their status, for the State's nominator and the Secretariat (OfState); the verified ones,
// as the directory shows them, for its readers (Entries). Pages and the API both ask this.
func (s *Service) StateEntries(ctx context.Context, actor plenary.Actor, state string) ([]Contact, error) {
	if maySeeState(actor, state) {
		return s.OfState(ctx, actor, state)
	}
	return s.Entries(ctx, actor, Filter{State: state})
}

// Awaiting lists the nominations and changes waiting for the Secretariat. Reading the
// queue is audited like any read.
func (s *Service) Awaiting(ctx context.Context, actor plenary.Actor) ([]Contact, error) {
	if !actor.IsSecretariat() {
		return nil, plenary.Hidden(actor)
	}
	rs, err := s.store.Contacts(ctx, nil, []Status{Nominated, Verified})
	if err != nil {
		return nil, err
	}
	// Only what waits is opened: a verified entry waits when a change is sealed beside it.
	rs = slices.DeleteFunc(rs, func(r Record) bool { return r.Status == Verified && r.SealedPending == "" })
	out, err := s.openAll(rs)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i, c := range out {
		ids[i] = c.ID
	}
	return out, s.read(ctx, actor, "poc.queue_read", ids, nil)
}

// Export returns every entry, whatever its status, for the Secretariat only. The export
// is audited.
func (s *Service) Export(ctx context.Context, actor plenary.Actor) ([]Contact, error) {
	if !actor.IsSecretariat() || actor.System {
		return nil, plenary.Hidden(actor)
	}
	rs, err := s.store.Contacts(ctx, nil, nil)
	if err != nil {
		return nil, err
	}
	out, err := s.openAll(rs)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		return tx.Audit(ctx, audit.New(actor, now, "poc.exported", "poc_contact", nil, map[string]string{"count": strconv.Itoa(len(out))}))
	})
	return out, err
}

// History returns the versions of an entry, for the Secretariat and the State's
// nominator. The read is audited.
func (s *Service) History(ctx context.Context, actor plenary.Actor, id int64) ([]Version, error) {
	r, err := s.store.Contact(ctx, id)
	if err != nil {
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return nil, plenary.Hidden(actor)
		}
		return nil, err
	}
	if !maySeeState(actor, r.State) {
		return nil, plenary.Hidden(actor)
	}
	vs, err := s.store.Versions(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]Version, 0, len(vs))
	for _, v := range vs {
		if v.Details, err = s.openDetails(r.State, v.SealedDetails); err != nil {
			return nil, err
		}
		out = append(out, v.Version)
	}
	return out, s.read(ctx, actor, "poc.history_read", []int64{id}, map[string]string{"state": r.State})
}

// Nominate records a new entry for a State, awaiting verification.
func (s *Service) Nominate(ctx context.Context, actor plenary.Actor, in NominationInput) (Contact, error) {
	if !mayNominate(actor, in.State) {
		return Contact{}, plenary.Deny(actor)
	}
	var p plenary.Problems
	if in.Function != Diplomatic && in.Function != Technical {
		p.Add("function", "field.choice", nil)
	}
	in.Details = in.Details.check(&p)
	if err := s.knownState(ctx, &p, in.State); err != nil {
		return Contact{}, err
	}
	if err := p.Err(); err != nil {
		return Contact{}, err
	}
	sealed, err := s.sealDetails(in.State, in.Details)
	if err != nil {
		return Contact{}, err
	}
	now := s.now()
	r := Record{Contact: Contact{State: in.State, Function: in.Function, Status: Nominated, Version: 1,
		NominatedBy: actor.UserID, NominatedAt: now, UpdatedAt: now}, SealedDetails: sealed}
	err = s.store.InTx(ctx, func(tx Tx) error {
		id, err := tx.CreateContact(ctx, r)
		if err != nil {
			return err
		}
		r.ID = id
		if err := tx.AddVersion(ctx, version(r, ChangeNominated, actor, now)); err != nil {
			return err
		}
		if err := s.tellSecretariat(ctx, tx, actor, r.Contact); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, "poc.nominated", r.Contact))
	})
	if err != nil {
		return Contact{}, err
	}
	return s.open(r)
}

// tellSecretariat tells the Secretariat that an entry waits for its verification, unless
// the Secretariat made the change itself.
func (s *Service) tellSecretariat(ctx context.Context, tx Tx, actor plenary.Actor, c Contact) error {
	if actor.IsSecretariat() {
		return nil
	}
	return s.tell(ctx, tx, plenary.RoleSecretariat, "", "poc_awaiting", "/directory/queue", c, "")
}

func version(r Record, change Change, actor plenary.Actor, at time.Time) VersionRecord {
	sealed := r.SealedDetails
	if change == ChangeProposed {
		sealed = r.SealedPending
	}
	return VersionRecord{Version: Version{ContactID: r.ID, Version: r.Version, Change: change, Status: r.Status,
		Reason: r.Reason, ChangedBy: actor.UserID, ChangedAt: at}, SealedDetails: sealed}
}

func event(actor plenary.Actor, at time.Time, action string, c Contact) audit.Event {
	return audit.New(actor, at, action, "poc_contact", c.ID, map[string]string{"state": c.State, "function": string(c.Function)})
}

// Update changes an entry. A nomination not yet verified (or returned) is corrected and
// waits for verification again; a change to a verified entry waits beside it, and the
// directory keeps the verified one until the Secretariat verifies the change.
func (s *Service) Update(ctx context.Context, actor plenary.Actor, id int64, d Details) (Contact, error) {
	var out Contact
	err := s.change(ctx, actor, id, func(tx Tx, r *Record, now time.Time) (string, error) {
		if !mayNominate(actor, r.State) {
			return "", plenary.Deny(actor)
		}
		if r.Status == Withdrawn {
			return "", plenary.Conflict("directory.withdrawn", nil)
		}
		var p plenary.Problems
		d = d.check(&p)
		if err := p.Err(); err != nil {
			return "", err
		}
		sealed, err := s.sealDetails(r.State, d)
		if err != nil {
			return "", err
		}
		r.Reason = ""
		if err := s.tellSecretariat(ctx, tx, actor, r.Contact); err != nil {
			return "", err
		}
		change := ChangeEdited
		if r.Status == Verified {
			r.SealedPending = sealed
			change = ChangeProposed
		} else {
			r.SealedDetails, r.Status = sealed, Nominated
		}
		return "poc.updated", tx.AddVersion(ctx, version(*r, change, actor, now))
	})
	if err != nil {
		return out, err
	}
	return s.getRecord(ctx, id)
}

// Verify puts a nomination, or a change to a verified entry, in the directory. The person
// gets the Point of Contact role for the State (an account and an invitation, if they
// have none), which lets them read the directory once they sign in with a second factor.
func (s *Service) Verify(ctx context.Context, actor plenary.Actor, id int64) (Contact, error) {
	if !mayVerify(actor) {
		return Contact{}, plenary.Deny(actor)
	}
	r, err := s.store.Contact(ctx, id)
	if err != nil {
		return Contact{}, err
	}
	c, err := s.open(r)
	if err != nil {
		return Contact{}, err
	}
	if !c.Awaiting() {
		return Contact{}, plenary.Conflict("directory.nothing_to_verify", nil)
	}
	d := c.Details
	if c.Pending != nil {
		d = *c.Pending
	}
	// The role first, in the accounts' own transaction: should the entry's transaction
	// then fail, the role alone opens nothing, since reading the directory also needs a
	// verified entry linked to the account.
	userID, err := s.accounts.Enrol(ctx, actor, d.Email(), d.Name, d.Lang, c.State)
	if err != nil {
		return Contact{}, err
	}
	previous := c.UserID
	err = s.change(ctx, actor, id, func(tx Tx, r *Record, now time.Time) (string, error) {
		if r.SealedPending == "" && r.Status != Nominated {
			return "", plenary.Conflict("directory.nothing_to_verify", nil)
		}
		if r.SealedPending != "" {
			r.SealedDetails, r.SealedPending = r.SealedPending, ""
		}
		r.Status, r.Reason, r.UserID, r.VerifiedBy, r.VerifiedAt = Verified, "", userID, actor.UserID, now
		if err := s.tell(ctx, tx, plenary.RoleNominator, r.State, "poc_verified", "/directory/states/"+r.State, r.Contact, ""); err != nil {
			return "", err
		}
		return "poc.verified", tx.AddVersion(ctx, version(*r, ChangeVerified, actor, now))
	})
	if err != nil {
		return Contact{}, err
	}
	// A change of address moves the entry to another account: the old one loses the role
	// unless another verified entry of the State keeps it.
	if previous != 0 && previous != userID {
		if err := s.retireIfUnused(ctx, actor, previous, c.State); err != nil {
			return Contact{}, err
		}
	}
	return s.getRecord(ctx, id)
}

// Return sends a nomination, or a proposed change, back to the nominator with a reason.
func (s *Service) Return(ctx context.Context, actor plenary.Actor, id int64, reason string) (Contact, error) {
	if !mayVerify(actor) {
		return Contact{}, plenary.Deny(actor)
	}
	reason = strings.TrimSpace(reason)
	var p plenary.Problems
	if p.Required("reason", reason) {
		p.MaxLength("reason", reason, MaxReason)
	}
	if err := p.Err(); err != nil {
		return Contact{}, err
	}
	err := s.change(ctx, actor, id, func(tx Tx, r *Record, now time.Time) (string, error) {
		switch {
		case r.Status == Nominated:
			r.Status = Returned
		case r.Status == Verified && r.SealedPending != "":
			r.SealedPending = "" // the verified entry stays as it was
		default:
			return "", plenary.Conflict("directory.nothing_to_verify", nil)
		}
		r.Reason = reason
		if err := s.tell(ctx, tx, plenary.RoleNominator, r.State, "poc_returned", "/directory/states/"+r.State, r.Contact, reason); err != nil {
			return "", err
		}
		return "poc.returned", tx.AddVersion(ctx, version(*r, ChangeReturned, actor, now))
	})
	if err != nil {
		return Contact{}, err
	}
	return s.getRecord(ctx, id)
}

// Withdraw takes an entry out of the directory (the State's nominator or the
// Secretariat). The person loses the Point of Contact role for the State unless another
// of its verified entries is theirs.
func (s *Service) Withdraw(ctx context.Context, actor plenary.Actor, id int64, reason string) (Contact, error) {
	reason = strings.TrimSpace(reason)
	var p plenary.Problems
	p.MaxLength("reason", reason, MaxReason)
	if err := p.Err(); err != nil {
		return Contact{}, err
	}
	var userID int64
	var state string
	err := s.change(ctx, actor, id, func(tx Tx, r *Record, now time.Time) (string, error) {
		if !mayNominate(actor, r.State) {
			return "", plenary.Deny(actor)
		}
		if r.Status == Withdrawn {
			return "", plenary.Conflict("directory.withdrawn", nil)
		}
		userID, state = r.UserID, r.State
		r.Status, r.SealedPending, r.Reason = Withdrawn, "", reason
		return "poc.withdrawn", tx.AddVersion(ctx, version(*r, ChangeWithdrawn, actor, now))
	})
	if err != nil {
		return Contact{}, err
	}
	if userID != 0 {
		if err := s.retireIfUnused(ctx, actor, userID, state); err != nil {
			return Contact{}, err
		}
	}
	return s.getRecord(ctx, id)
}

func (s *Service) retireIfUnused(ctx context.Context, actor plenary.Actor, userID int64, state string) error {
	rs, err := s.store.ContactsOfUser(ctx, userID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.State == state && r.Status == Verified {
			return nil
		}
	}
	// The role goes as a consequence of the directory's decision, which the actor was
	// allowed to make: a nominator may withdraw an entry but not revoke roles, so the
	// directory takes the role away itself (the withdrawal is audited under the actor).
	sys := plenary.System("directory")
	sys.IP = actor.IP
	return s.accounts.Retire(ctx, sys, userID, state)
}

// change runs fn on the entry in a transaction, counts a new version, and records the
// audit event fn names.
func (s *Service) change(ctx context.Context, actor plenary.Actor, id int64, fn func(Tx, *Record, time.Time) (string, error)) error {
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.Contact(ctx, id)
		if err != nil {
			if plenary.ErrorKind(err) == plenary.KindNotFound {
				return plenary.Hidden(actor)
			}
			return err
		}
		if !maySeeState(actor, r.State) {
			return plenary.Hidden(actor)
		}
		r.Version++
		r.UpdatedAt = now
		action, err := fn(tx, &r, now)
		if err != nil {
			return err
		}
		if err := tx.UpdateContact(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, event(actor, now, action, r.Contact))
	})
}

func (s *Service) getRecord(ctx context.Context, id int64) (Contact, error) {
	r, err := s.store.Contact(ctx, id)
	if err != nil {
		return Contact{}, err
	}
	return s.open(r)
}

// Reachable is a verified contact of a participating State, as the services that reach
// contacts (pings, communications) need them. It never leaves the server except in an
// e-mail to the contact themself.
type Reachable struct {
	ContactID int64
	State     string
	Function  Function
	UserID    int64
	Name      string
	Email     string
	Lang      string
	TimeZone  string
}

// Reachable returns the verified contacts of the participating States among states (all
// participating States when nil), for the system's own use. It is not audited as a read:
// nothing of it is shown to anyone.
func (s *Service) Reachable(ctx context.Context, states []string) ([]Reachable, error) {
	ps, err := s.store.Participants(ctx)
	if err != nil {
		return nil, err
	}
	var in []string
	for _, p := range ps {
		if p.Status == Participating && (states == nil || slices.Contains(states, p.State)) {
			in = append(in, p.State)
		}
	}
	if len(in) == 0 {
		return nil, nil
	}
	rs, err := s.store.Contacts(ctx, in, []Status{Verified})
	if err != nil {
		return nil, err
	}
	out := make([]Reachable, 0, len(rs))
	for _, r := range rs {
		d, err := s.openDetails(r.State, r.SealedDetails)
		if err != nil {
			return nil, err
		}
		out = append(out, Reachable{ContactID: r.ID, State: r.State, Function: r.Function, UserID: r.UserID,
			Name: d.Name, Email: d.Email(), Lang: d.Lang, TimeZone: d.TimeZone})
	}
	return out, nil
}

// ReachableByID returns one verified contact for the system's own use (see Reachable);
// not found when the entry is no longer verified or its State no longer participates.
func (s *Service) ReachableByID(ctx context.Context, id int64) (Reachable, error) {
	r, err := s.store.Contact(ctx, id)
	if err != nil {
		return Reachable{}, err
	}
	if r.Status != Verified {
		return Reachable{}, plenary.NotFound()
	}
	p, err := s.store.Participant(ctx, r.State)
	if err != nil {
		return Reachable{}, err
	}
	if p.Status != Participating {
		return Reachable{}, plenary.NotFound()
	}
	d, err := s.openDetails(r.State, r.SealedDetails)
	if err != nil {
		return Reachable{}, err
	}
	return Reachable{ContactID: r.ID, State: r.State, Function: r.Function, UserID: r.UserID, Name: d.Name, Email: d.Email(), Lang: d.Lang, TimeZone: d.TimeZone}, nil
}

// Groups maps every State to its regional group (for results by region).
func (s *Service) Groups(ctx context.Context) (map[string]string, error) {
	return s.store.StateGroups(ctx)
}

// Functions maps every entry, whatever its status, to its function: results of past
// rounds name the function of contacts withdrawn since.
func (s *Service) Functions(ctx context.Context) (map[int64]Function, error) {
	rs, err := s.store.Contacts(ctx, nil, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]Function, len(rs))
	for _, r := range rs {
		out[r.ID] = r.Function
	}
	return out, nil
}
