package api

import (
	"context"
	"mime"
	"time"

	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/registration"
)

// Registration for a session: States' delegations with their note verbale and members,
// representatives and observers of organizations, the Secretariat's decisions and
// travel funding. What a caller reads is what the registration service lets them read:
// e-mail addresses and what was said about travel funding go to the Secretariat, the
// registrant and the person only; the note verbale to the Secretariat and the State's
// delegates only. The list of participants and the figures are public.

// Registration is one person registered for a session.
type Registration struct {
	ID                       int64      `json:"id"`
	SessionID                int64      `json:"session_id"`
	Category                 string     `json:"category" enum:"member_state,observer_state,observer,representative"`
	DelegationID             int64      `json:"delegation_id,omitempty" doc:"Members of a State's delegation"`
	State                    string     `json:"state,omitempty" example:"FRA" doc:"Members of a State's delegation (ISO alpha-3)"`
	OrganizationID           int64      `json:"organization_id,omitempty" doc:"Representatives and observers"`
	Name                     string     `json:"name"`
	Function                 string     `json:"function,omitempty" enum:"head_of_delegation,deputy_head,delegate,adviser" doc:"Members of a delegation"`
	Gender                   string     `json:"gender" enum:"female,male,other,undisclosed"`
	Email                    string     `json:"email,omitempty" doc:"Only for the Secretariat, the registrant and the person"`
	Self                     bool       `json:"self" doc:"Whether the registration is linked to the caller's own account"`
	Consent                  bool       `json:"consent" doc:"Whether the person agreed to appear on the public list of participants"`
	Status                   string     `json:"status" enum:"pending,approved,rejected,withdrawn"`
	Reason                   string     `json:"reason,omitempty" doc:"Of a rejection"`
	Sponsorship              string     `json:"sponsorship" enum:"none,requested,granted,declined" doc:"Travel funding"`
	SponsorshipJustification string     `json:"sponsorship_justification,omitempty" doc:"Only for the Secretariat, the registrant and the person"`
	SponsorshipNote          string     `json:"sponsorship_note,omitempty" doc:"The Secretariat's; only for the Secretariat, the registrant and the person"`
	CreatedAt                time.Time  `json:"created_at"`
	UpdatedAt                time.Time  `json:"updated_at"`
	DecidedAt                *time.Time `json:"decided_at,omitempty"`
}

func registrationJSON(r registration.Registration, callerID int64) Registration {
	return Registration{ID: r.ID, SessionID: r.SessionID, Category: string(r.Category), DelegationID: r.DelegationID, State: r.State,
		OrganizationID: r.OrganizationID, Name: r.Name, Function: string(r.Function), Gender: string(r.Gender), Email: r.Email,
		Self: r.UserID != 0 && r.UserID == callerID, Consent: r.Consent, Status: string(r.Status), Reason: r.Reason,
		Sponsorship: string(r.Sponsorship), SponsorshipJustification: r.SponsorshipReason, SponsorshipNote: r.SponsorshipNote,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, DecidedAt: optTime(r.DecidedAt)}
}

// Delegation is a State's delegation to a session.
type Delegation struct {
	ID          int64          `json:"id"`
	SessionID   int64          `json:"session_id"`
	State       string         `json:"state" example:"FRA" doc:"ISO alpha-3"`
	Status      string         `json:"status" enum:"pending,approved,rejected,withdrawn"`
	Reason      string         `json:"reason,omitempty" doc:"Of a rejection"`
	Credentials bool           `json:"credentials" doc:"Whether the note verbale is attached; the Secretariat and the State's delegates download it"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
	DecidedAt   *time.Time     `json:"decided_at,omitempty"`
	Members     []Registration `json:"members" doc:"The members the caller may read"`
}

func delegationJSON(d registration.Delegation, callerID int64) Delegation {
	out := Delegation{ID: d.ID, SessionID: d.SessionID, State: d.State, Status: string(d.Status), Reason: d.Reason,
		Credentials: d.LetterFileID != 0, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, DecidedAt: optTime(d.DecidedAt),
		Members: []Registration{}}
	for _, m := range d.Members {
		out.Members = append(out.Members, registrationJSON(m, callerID))
	}
	return out
}

// PersonInput is what a registrant says about a person.
type PersonInput struct {
	Name     string `json:"name" maxLength:"200"`
	Function string `json:"function,omitempty" doc:"Members of a delegation only: head_of_delegation, deputy_head, delegate or adviser"`
	Gender   string `json:"gender" doc:"female, male, other or undisclosed; counted in the figures, never published with the name"`
	Email    string `json:"email,omitempty" maxLength:"254"`
	Consent  bool   `json:"consent,omitempty" doc:"The person agrees to appear on the public list of participants"`
	Self     bool   `json:"self,omitempty" doc:"Link the registration to the caller's own account"`
}

func (in PersonInput) domain(ctx context.Context) registration.PersonInput {
	out := registration.PersonInput{Name: in.Name, Function: registration.Function(in.Function), Gender: registration.Gender(in.Gender),
		Email: in.Email, Consent: in.Consent}
	if in.Self {
		out.UserID = actorOf(ctx).UserID
	}
	return out
}

// ParticipantGroup is a delegation or an organization on the public list of participants.
type ParticipantGroup struct {
	Category       string        `json:"category" enum:"member_state,observer_state,observer,representative"`
	State          string        `json:"state,omitempty" doc:"A State's delegation (ISO alpha-3)"`
	OrganizationID int64         `json:"organization_id,omitempty"`
	Organization   Names         `json:"organization,omitempty" doc:"The organization's name by language"`
	Participants   []Participant `json:"participants"`
}

// Participant is a line of the public list: a name and, in a delegation, a function.
type Participant struct {
	Name     string `json:"name"`
	Function string `json:"function,omitempty" enum:"head_of_delegation,deputy_head,delegate,adviser"`
}

// ParticipationFigures count a session's approved participants, listed or not, without
// names.
type ParticipationFigures struct {
	Total           int            `json:"total"`
	ByRegionalGroup map[string]int `json:"by_regional_group" doc:"Members of States' delegations by the State's regional group"`
	ByCategory      map[string]int `json:"by_category"`
	ByGender        map[string]int `json:"by_gender"`
}

// Delegations.

func (a *API) listDelegations(ctx context.Context, in *idPath) (*PageOutput[Delegation], error) {
	ds, err := a.svc.Registration.SessionDelegations(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Delegation]{Body: Page[Delegation]{Items: []Delegation{}}}
	for _, d := range ds {
		out.Body.Items = append(out.Body.Items, delegationJSON(d, actorOf(ctx).UserID))
	}
	return out, nil
}

type registerDelegationInput struct {
	ID   int64 `path:"id" doc:"The session"`
	Body struct {
		State string `json:"state" maxLength:"3" example:"FRA" doc:"ISO alpha-3"`
	}
}

func (a *API) registerDelegation(ctx context.Context, in *registerDelegationInput) (*Output[Delegation], error) {
	d, err := a.svc.Registration.RegisterDelegation(ctx, actorOf(ctx), in.ID, in.Body.State)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.delegation(ctx, d.ID)
}

// delegation reads a delegation again, with the members the caller may read.
func (a *API) delegation(ctx context.Context, id int64) (*Output[Delegation], error) {
	d, err := a.svc.Registration.Delegation(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Delegation]{Body: delegationJSON(d, actorOf(ctx).UserID)}, nil
}

func (a *API) getDelegation(ctx context.Context, in *idPath) (*Output[Delegation], error) {
	return a.delegation(ctx, in.ID)
}

type credentialsInput struct {
	ID       int64  `path:"id" minimum:"1"`
	Filename string `query:"filename" maxLength:"200" doc:"The file's name, kept for the download"`
	RawBody  []byte `contentType:"application/pdf"`
}

func (a *API) putCredentials(ctx context.Context, in *credentialsInput) (*Output[Delegation], error) {
	name := in.Filename
	if name == "" {
		name = "note-verbale.pdf"
	}
	if _, err := a.svc.Registration.AttachCredentials(ctx, actorOf(ctx), in.ID, files.Upload{Name: name, Data: in.RawBody}); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.delegation(ctx, in.ID)
}

func (a *API) getCredentials(ctx context.Context, in *idPath) (*LetterOutput, error) {
	f, err := a.svc.Registration.Credentials(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &LetterOutput{ContentType: f.ContentType, Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}

type addMemberInput struct {
	ID   int64 `path:"id" doc:"The delegation"`
	Body PersonInput
}

func (a *API) addMember(ctx context.Context, in *addMemberInput) (*Output[Registration], error) {
	r, err := a.svc.Registration.AddMember(ctx, actorOf(ctx), in.ID, in.Body.domain(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Registration]{Body: registrationJSON(r, actorOf(ctx).UserID)}, nil
}

// DecisionInput approves or rejects a registration.
type DecisionInput struct {
	Approve bool   `json:"approve" required:"true"`
	Reason  string `json:"reason,omitempty" maxLength:"2000" doc:"Required to reject; sent to the registrant"`
}

type decideDelegationInput struct {
	ID   int64 `path:"id"`
	Body DecisionInput
}

func (a *API) decideDelegation(ctx context.Context, in *decideDelegationInput) (*Output[Delegation], error) {
	if _, err := a.svc.Registration.DecideDelegation(ctx, actorOf(ctx), in.ID, in.Body.Approve, in.Body.Reason); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.delegation(ctx, in.ID)
}

func (a *API) withdrawDelegation(ctx context.Context, in *idPath) (*Output[Delegation], error) {
	if _, err := a.svc.Registration.WithdrawDelegation(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.delegation(ctx, in.ID)
}

// Persons.

func (a *API) listRegistrations(ctx context.Context, in *idPath) (*PageOutput[Registration], error) {
	rs, err := a.svc.Registration.SessionRegistrations(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Registration]{Body: Page[Registration]{Items: []Registration{}}}
	for _, r := range rs {
		out.Body.Items = append(out.Body.Items, registrationJSON(r, actorOf(ctx).UserID))
	}
	return out, nil
}

type registerPersonInput struct {
	ID   int64 `path:"id" doc:"The session"`
	Body struct {
		OrganizationID int64 `json:"organization_id" minimum:"1"`
		PersonInput
	}
}

func (a *API) registerRepresentative(ctx context.Context, in *registerPersonInput) (*Output[Registration], error) {
	r, err := a.svc.Registration.RegisterRepresentative(ctx, actorOf(ctx), in.ID, in.Body.OrganizationID, in.Body.domain(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Registration]{Body: registrationJSON(r, actorOf(ctx).UserID)}, nil
}

func (a *API) registerObserver(ctx context.Context, in *registerPersonInput) (*Output[Registration], error) {
	r, err := a.svc.Registration.RegisterObserver(ctx, actorOf(ctx), in.ID, in.Body.OrganizationID, in.Body.domain(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Registration]{Body: registrationJSON(r, actorOf(ctx).UserID)}, nil
}

// registration reads a registration again, as the caller may read it.
func (a *API) registration(ctx context.Context, id int64) (*Output[Registration], error) {
	r, err := a.svc.Registration.Registration(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Registration]{Body: registrationJSON(r, actorOf(ctx).UserID)}, nil
}

func (a *API) getRegistration(ctx context.Context, in *idPath) (*Output[Registration], error) {
	return a.registration(ctx, in.ID)
}

type updateRegistrationInput struct {
	ID   int64 `path:"id"`
	Body PersonInput
}

func (a *API) updateRegistration(ctx context.Context, in *updateRegistrationInput) (*Output[Registration], error) {
	if _, err := a.svc.Registration.Update(ctx, actorOf(ctx), in.ID, in.Body.domain(ctx)); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.registration(ctx, in.ID)
}

type decideRegistrationInput struct {
	ID   int64 `path:"id"`
	Body DecisionInput
}

func (a *API) decideRegistration(ctx context.Context, in *decideRegistrationInput) (*Output[Registration], error) {
	if _, err := a.svc.Registration.Decide(ctx, actorOf(ctx), in.ID, in.Body.Approve, in.Body.Reason); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.registration(ctx, in.ID)
}

func (a *API) withdrawRegistration(ctx context.Context, in *idPath) (*Output[Registration], error) {
	if _, err := a.svc.Registration.Withdraw(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.registration(ctx, in.ID)
}

type requestSponsorshipInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Justification string `json:"justification" maxLength:"1000" doc:"Why the person needs travel funding"`
	}
}

func (a *API) requestSponsorship(ctx context.Context, in *requestSponsorshipInput) (*Output[Registration], error) {
	if _, err := a.svc.Registration.RequestSponsorship(ctx, actorOf(ctx), in.ID, in.Body.Justification); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.registration(ctx, in.ID)
}

type decideSponsorshipInput struct {
	ID   int64 `path:"id"`
	Body struct {
		Grant bool   `json:"grant" required:"true"`
		Note  string `json:"note,omitempty" maxLength:"2000" doc:"Required to decline; what is covered, when granting"`
	}
}

func (a *API) decideSponsorship(ctx context.Context, in *decideSponsorshipInput) (*Output[Registration], error) {
	if _, err := a.svc.Registration.DecideSponsorship(ctx, actorOf(ctx), in.ID, in.Body.Grant, in.Body.Note); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.registration(ctx, in.ID)
}

// Public.

func (a *API) listParticipants(ctx context.Context, in *idPath) (*PageOutput[ParticipantGroup], error) {
	groups, err := a.svc.Registration.Participants(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[ParticipantGroup]{Body: Page[ParticipantGroup]{Items: []ParticipantGroup{}}}
	for _, g := range groups {
		jg := ParticipantGroup{Category: string(g.Category), State: g.State, OrganizationID: g.OrganizationID,
			Organization: Names(g.Organization), Participants: []Participant{}}
		for _, p := range g.Participants {
			jg.Participants = append(jg.Participants, Participant{Name: p.Name, Function: string(p.Function)})
		}
		out.Body.Items = append(out.Body.Items, jg)
	}
	return out, nil
}

func (a *API) getFigures(ctx context.Context, in *idPath) (*Output[ParticipationFigures], error) {
	f, err := a.svc.Registration.Figures(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := ParticipationFigures{Total: f.Total, ByRegionalGroup: f.ByGroup, ByCategory: map[string]int{}, ByGender: map[string]int{}}
	for c, n := range f.ByCategory {
		out.ByCategory[string(c)] = n
	}
	for g, n := range f.ByGender {
		out.ByGender[string(g)] = n
	}
	return &Output[ParticipationFigures]{Body: out}, nil
}
