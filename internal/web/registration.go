package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/state"
)

// Registration for a session: a State's delegation with its note verbale and members,
// the persons an organization's focal point registers, the Secretariat's decisions, and
// the public list of participants with its figures. The pages ask the registration
// service what the reader may do; they only choose which forms to show.

// regPage is what every registration page has: the session and its body, and the words
// of registration in the page's language.
type regPage struct {
	sessionPage
	MayDecide bool             // the Secretariat
	orgs      map[int64]string // names of the organizations on the page
	sessionID int64
	zone      string // the body's time zone
}

func (h *Handler) regPage(w http.ResponseWriter, r *http.Request, titleKey string) (regPage, error) {
	sp, err := h.sessionPage(w, r)
	if err != nil {
		return regPage{}, err
	}
	p := regPage{sessionPage: sp, orgs: map[int64]string{}, sessionID: sp.Program.Session.ID, zone: sp.Program.Body.TimeZone}
	p.MayDecide = h.svc.Registration.MayManage(p.Actor) == nil
	if titleKey != "" {
		p.Title = p.T(titleKey) + " · " + p.SessionTitle(sp.Program.Session)
	}
	p.Section = "sessions"
	return p, nil
}

// RegStatusName, FunctionName, CategoryName and SponsorshipName name a registration's
// terms.
func (p *regPage) RegStatusName(s registration.Status) string { return p.T("reg.status." + string(s)) }
func (p *regPage) FunctionName(f registration.Function) string {
	return p.T("reg.function." + string(f))
}
func (p *regPage) CategoryName(c registration.Category) string {
	return p.T("reg.category." + string(c))
}

// GenderName translates a gender; its keys are flat ("reg.gender_other") because "other"
// is a plural form's name in the catalogues.
func (p *regPage) GenderName(g registration.Gender) string {
	return p.T(fmt.Sprintf("reg.gender_%s", g))
}
func (p *regPage) SponsorshipName(s registration.Sponsorship) string {
	return p.T("reg.sponsorship." + string(s))
}

// RegURL is a path under the session's registration pages.
func (p *regPage) RegURL(rest string) string {
	return p.URL("/sessions/" + strconv.FormatInt(p.sessionID, 10) + "/registration" + rest)
}

// Closes is when registration closes, in the body's time zone.
func (p *regPage) Closes() string {
	return p.InZone(registration.Closes(p.Program.Session, p.Program.Body), p.zone)
}

// OrgName names an organization the page has read.
func (p *regPage) OrgName(id int64) string {
	if n, ok := p.orgs[id]; ok {
		return n
	}
	return p.T("reg.organization_number", "ID", id)
}

// For names who registered a person: their State or their organization.
func (p *regPage) For(r registration.Registration) string {
	if r.State != "" {
		return p.StateName(r.State)
	}
	return p.OrgName(r.OrganizationID)
}

// readOrgs names the organizations of registrations the reader may read; one the reader
// may not read (the Chair reading an approved representative) keeps its number.
func (h *Handler) readOrgs(r *http.Request, p *regPage, rs []registration.Registration) {
	for _, x := range rs {
		if x.OrganizationID == 0 {
			continue
		}
		if _, done := p.orgs[x.OrganizationID]; done {
			continue
		}
		if o, err := h.svc.Organizations.Get(r.Context(), p.Actor, x.OrganizationID); err == nil {
			p.orgs[o.ID] = o.Name(p.Lang)
		}
	}
}

func (p *regPage) genderOpts() []Option {
	return append([]Option{{Value: "", Label: p.T("form.choose")}}, choices(registration.Genders, p.GenderName)...)
}

func (p *regPage) functionOpts() []Option {
	return append([]Option{{Value: "", Label: p.T("form.choose")}}, choices(registration.Functions, p.FunctionName)...)
}

func (p *regPage) decisionOpts(yes, no string) []Option {
	return []Option{{Value: "approve", Label: p.T(yes)}, {Value: "reject", Label: p.T(no)}}
}

// personInput reads the fields of a person; "self" links the registration to the
// reader's own account.
func personInput(f url.Values, actor plenary.Actor) registration.PersonInput {
	in := registration.PersonInput{Name: f.Get("name"), Function: registration.Function(f.Get("function")),
		Gender: registration.Gender(f.Get("gender")), Email: f.Get("email"), Consent: f.Get("consent") != ""}
	if f.Get("self") != "" {
		in.UserID = actor.UserID
	}
	return in
}

// decision reads an approve-or-reject choice; no choice is a problem of its field.
func decision(f url.Values, field string) (bool, error) {
	switch f.Get(field) {
	case "approve", "grant":
		return true, nil
	case "reject", "decline":
		return false, nil
	}
	var p plenary.Problems
	p.Add(field, "field.choice", nil)
	return false, p.Err()
}

func pathID(r *http.Request, name string) (int64, error) {
	id, ok := parseID(r.PathValue(name))
	if !ok {
		return 0, plenary.NotFound()
	}
	return id, nil
}

// The reader's registration page.

type regState struct {
	ISO3       string
	Delegation *registration.Delegation
}

type regOrg struct {
	ID            int64
	Name          string
	Observer      bool // an intergovernmental organization or UN entity registers observers
	Registrations []registration.Registration
}

type regIndexPage struct {
	regPage
	States []regState
	Orgs   []regOrg
	Own    []registration.Registration // linked to the reader's account
	Others []registration.Registration // any other the reader may read (the Chair's)
}

func (h *Handler) regIndex(w http.ResponseWriter, r *http.Request) error {
	rp, err := h.regPage(w, r, "reg.index_title")
	if err != nil {
		return err
	}
	p := regIndexPage{regPage: rp}
	ctx, a, sid := r.Context(), p.Actor, p.sessionID
	rs, err := h.svc.Registration.SessionRegistrations(ctx, a, sid)
	if err != nil {
		return err
	}
	ds, err := h.svc.Registration.SessionDelegations(ctx, a, sid)
	if err != nil {
		return err
	}
	for _, iso3 := range a.States(plenary.RoleDelegate) {
		if h.svc.Registration.MayRegisterState(a, iso3) != nil {
			continue
		}
		st := regState{ISO3: iso3}
		for i := range ds {
			if ds[i].State == iso3 {
				st.Delegation = &ds[i]
			}
		}
		p.States = append(p.States, st)
	}
	mine := map[int64]bool{}
	for _, id := range a.Organizations(plenary.RoleFocalPoint) {
		if h.svc.Registration.MayRegisterOrganization(a, id) != nil {
			continue
		}
		o, err := h.svc.Organizations.Get(ctx, a, id)
		if err != nil {
			return err
		}
		mine[id] = true
		p.orgs[id] = o.Name(p.Lang)
		ro := regOrg{ID: id, Name: o.Name(p.Lang), Observer: o.Type.Intergovernmental()}
		for _, x := range rs {
			if x.OrganizationID == id {
				ro.Registrations = append(ro.Registrations, x)
			}
		}
		p.Orgs = append(p.Orgs, ro)
	}
	for _, x := range rs {
		switch {
		case x.UserID == a.UserID:
			p.Own = append(p.Own, x)
		case x.DelegationID == 0 && !mine[x.OrganizationID] && !p.MayDecide:
			p.Others = append(p.Others, x)
		}
	}
	h.readOrgs(r, &p.regPage, rs)
	h.render(w, r, http.StatusOK, "reg-index", &p)
	return nil
}

// A State's delegation.

type regDelegationPage struct {
	regPage
	D              registration.Delegation
	MayEdit        bool
	MayWithdraw    bool
	MayCredentials bool
	FunctionOpts   []Option
	GenderOpts     []Option
	DecideOpts     []Option
}

func (h *Handler) regDelegationPage(w http.ResponseWriter, r *http.Request) (regDelegationPage, error) {
	rp, err := h.regPage(w, r, "")
	if err != nil {
		return regDelegationPage{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return regDelegationPage{}, err
	}
	p := regDelegationPage{regPage: rp}
	if p.D, err = h.svc.Registration.Delegation(r.Context(), p.Actor, id); err != nil {
		return p, err
	}
	if p.D.SessionID != p.sessionID {
		return p, plenary.NotFound()
	}
	p.Title = p.T("reg.delegation_title", "State", p.StateName(p.D.State))
	may := h.svc.Registration.MayRegisterState(p.Actor, p.D.State) == nil
	p.MayEdit = may && p.D.Status.Current()
	p.MayWithdraw = p.MayEdit
	p.MayCredentials = p.D.LetterFileID != 0 && h.svc.Registration.MayReadCredentials(p.Actor, p.D) == nil
	p.FunctionOpts, p.GenderOpts = p.functionOpts(), p.genderOpts()
	p.DecideOpts = p.decisionOpts("reg.approve", "reg.reject")
	p.Form = newForm(r)
	return p, nil
}

// regDelegationFailed shows the delegation again with the problems of a form posted
// from it beside its fields, or a rule of registration (registration closed) above them.
// Other errors go to the error page.
func (h *Handler) regDelegationFailed(w http.ResponseWriter, r *http.Request, err error) error {
	return h.formAgainOrConflict(w, r, err, "reg-delegation", func() (pageData, error) {
		p, err := h.regDelegationPage(w, r)
		return &p, err
	})
}

func (h *Handler) delegationURL(r *http.Request, id int64) string {
	return "/sessions/" + r.PathValue("session") + "/registration/delegations/" + itoa(id)
}

func (h *Handler) regDelegationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	sessionID, err := pathID(r, "session")
	if err != nil {
		return err
	}
	d, err := h.svc.Registration.RegisterDelegation(r.Context(), actorOf(r.Context()), sessionID, r.PostForm.Get("state"))
	if err != nil {
		return err
	}
	h.redirect(w, r, h.delegationURL(r, d.ID), "flash.delegation_registered")
	return nil
}

func (h *Handler) regCredentialsUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := h.delegationOf(r)
	if err != nil {
		return err
	}
	upload, err := h.parseUpload(r, "letter", registration.MaxLetter)
	if err == nil {
		_, err = h.svc.Registration.AttachCredentials(r.Context(), actorOf(r.Context()), id, upload)
	}
	if err != nil {
		return h.regDelegationFailed(w, r, err)
	}
	h.redirect(w, r, h.delegationURL(r, id), "flash.credentials_attached")
	return nil
}

// regCredentials serves the note verbale as a download, never displayed in the site's
// origin, to the Secretariat and the State's delegates only.
func (h *Handler) regCredentials(w http.ResponseWriter, r *http.Request) error {
	id, err := h.delegationOf(r)
	if err != nil {
		return err
	}
	f, err := h.svc.Registration.Credentials(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return err
	}
	return download(w, f, "private, no-store")
}

func (h *Handler) regMemberAdd(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := h.delegationOf(r)
	if err != nil {
		return err
	}
	a := actorOf(r.Context())
	if _, err := h.svc.Registration.AddMember(r.Context(), a, id, personInput(r.PostForm, a)); err != nil {
		return h.regDelegationFailed(w, r, err)
	}
	h.redirect(w, r, h.delegationURL(r, id), "flash.member_registered")
	return nil
}

func (h *Handler) regDelegationDecide(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := h.delegationOf(r)
	if err != nil {
		return err
	}
	approve, err := decision(r.PostForm, "decision")
	if err == nil {
		_, err = h.svc.Registration.DecideDelegation(r.Context(), actorOf(r.Context()), id, approve, r.PostForm.Get("reason"))
	}
	if err != nil {
		return h.regDelegationFailed(w, r, err)
	}
	h.redirect(w, r, h.delegationURL(r, id), "flash.registration_decided")
	return nil
}

func (h *Handler) regDelegationWithdraw(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := h.delegationOf(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Registration.WithdrawDelegation(r.Context(), actorOf(r.Context()), id); err != nil {
		return h.regDelegationFailed(w, r, err)
	}
	h.redirect(w, r, h.delegationURL(r, id), "flash.registration_withdrawn")
	return nil
}

// A person registered by an organization: the form.

type regPersonPage struct {
	regPage
	Org        organization.Organization
	Observer   bool
	GenderOpts []Option
}

func (h *Handler) regPersonPage(w http.ResponseWriter, r *http.Request) (regPersonPage, error) {
	rp, err := h.regPage(w, r, "")
	if err != nil {
		return regPersonPage{}, err
	}
	orgID, err := pathID(r, "org")
	if err != nil {
		return regPersonPage{}, err
	}
	if err := h.svc.Registration.MayRegisterOrganization(rp.Actor, orgID); err != nil {
		return regPersonPage{}, err
	}
	p := regPersonPage{regPage: rp}
	if p.Org, err = h.svc.Organizations.Get(r.Context(), p.Actor, orgID); err != nil {
		return p, err
	}
	p.Observer = p.Org.Type.Intergovernmental()
	title := "reg.representative_new_title"
	if p.Observer {
		title = "reg.observer_new_title"
	}
	p.Title = p.T(title, "Organization", p.Org.Name(p.Lang))
	p.GenderOpts = p.genderOpts()
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) regPersonNew(w http.ResponseWriter, r *http.Request) error {
	p, err := h.regPersonPage(w, r)
	if err != nil {
		return err
	}
	p.Form.Values.Set("consent", "on")
	h.render(w, r, http.StatusOK, "reg-person", &p)
	return nil
}

// regPersonCreate registers a representative or an observer of the organization in the
// path. Only a refusal builds the form's page, with the problems beside the fields or a
// rule of registration (the limit reached, registration closed) above them.
func (h *Handler) regPersonCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	sessionID, err := pathID(r, "session")
	if err != nil {
		return err
	}
	orgID, err := pathID(r, "org")
	if err != nil {
		return err
	}
	a := actorOf(r.Context())
	register := h.svc.Registration.RegisterRepresentative
	if h.registersObservers(r, a, orgID) {
		register = h.svc.Registration.RegisterObserver
	}
	reg, err := register(r.Context(), a, sessionID, orgID, personInput(r.PostForm, a))
	if err != nil {
		return h.formAgainOrConflict(w, r, err, "reg-person", func() (pageData, error) {
			p, err := h.regPersonPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, h.registrationURL(r, reg.ID), "flash.person_registered")
	return nil
}

// registersObservers tells whether an organization registers observers (an
// intergovernmental organization or a UN entity) rather than representatives: its type
// is the one thing the form needs beyond what it holds. An organization the reader may
// not read is not theirs to register for: the service refuses its representatives.
func (h *Handler) registersObservers(r *http.Request, a plenary.Actor, orgID int64) bool {
	o, err := h.svc.Organizations.Get(r.Context(), a, orgID)
	return err == nil && o.Type.Intergovernmental()
}

// One registration.

type regRegistrationPage struct {
	regPage
	R                registration.Registration
	MayChange        bool
	MayWithdraw      bool
	MaySponsorship   bool // may ask for travel funding now
	FunctionOpts     []Option
	GenderOpts       []Option
	DecideOpts       []Option
	SponsorshipOpts  []Option
	DelegationStatus registration.Status
}

func (h *Handler) registrationURL(r *http.Request, id int64) string {
	return "/sessions/" + r.PathValue("session") + "/registration/registrations/" + itoa(id)
}

func (h *Handler) regRegistrationPage(w http.ResponseWriter, r *http.Request) (regRegistrationPage, error) {
	rp, err := h.regPage(w, r, "")
	if err != nil {
		return regRegistrationPage{}, err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return regRegistrationPage{}, err
	}
	p := regRegistrationPage{regPage: rp}
	svc := h.svc.Registration
	if p.R, err = svc.Registration(r.Context(), p.Actor, id); err != nil {
		return p, err
	}
	if p.R.SessionID != p.sessionID {
		return p, plenary.NotFound()
	}
	h.readOrgs(r, &p.regPage, []registration.Registration{p.R})
	p.Title = p.R.Name
	p.MayChange = svc.MayChange(p.Actor, p.R) == nil
	p.MayWithdraw = svc.MayWithdraw(p.Actor, p.R) == nil
	p.MaySponsorship = p.R.Sponsorship == registration.NoSponsorship &&
		(p.MayChange || (p.MayWithdraw && p.R.UserID == p.Actor.UserID))
	p.FunctionOpts, p.GenderOpts = p.functionOpts(), p.genderOpts()
	p.DecideOpts = p.decisionOpts("reg.approve", "reg.reject")
	p.SponsorshipOpts = []Option{{Value: "grant", Label: p.T("reg.sponsorship_grant")}, {Value: "decline", Label: p.T("reg.sponsorship_decline")}}
	p.Form = newForm(r)
	if r.Method == http.MethodGet {
		v := p.Form.Values
		v.Set("name", p.R.Name)
		v.Set("function", string(p.R.Function))
		v.Set("gender", string(p.R.Gender))
		v.Set("email", p.R.Email)
		if p.R.Consent {
			v.Set("consent", "on")
		}
		if p.R.UserID != 0 && p.R.UserID == p.Actor.UserID {
			v.Set("self", "on")
		}
	}
	return p, nil
}

// regAction runs a POST on a registration and comes back to it; a problem is shown on
// the registration's page with what was typed.
func (h *Handler) regAction(do func(r *http.Request, a plenary.Actor, id int64) error, flash string) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := h.parseForm(r); err != nil {
			return err
		}
		id, err := h.registrationOf(r)
		if err != nil {
			return err
		}
		if err := do(r, actorOf(r.Context()), id); err != nil {
			return h.formAgainOrConflict(w, r, err, "reg-registration", func() (pageData, error) {
				p, err := h.regRegistrationPage(w, r)
				return &p, err
			})
		}
		h.redirect(w, r, h.registrationURL(r, id), flash)
		return nil
	})
}

func (h *Handler) regUpdate(r *http.Request, a plenary.Actor, id int64) error {
	_, err := h.svc.Registration.Update(r.Context(), a, id, personInput(r.PostForm, a))
	return err
}

func (h *Handler) regDecide(r *http.Request, a plenary.Actor, id int64) error {
	approve, err := decision(r.PostForm, "decision")
	if err != nil {
		return err
	}
	_, err = h.svc.Registration.Decide(r.Context(), a, id, approve, r.PostForm.Get("reason"))
	return err
}

func (h *Handler) regWithdraw(r *http.Request, a plenary.Actor, id int64) error {
	_, err := h.svc.Registration.Withdraw(r.Context(), a, id)
	return err
}

func (h *Handler) regSponsorshipRequest(r *http.Request, a plenary.Actor, id int64) error {
	_, err := h.svc.Registration.RequestSponsorship(r.Context(), a, id, r.PostForm.Get("justification"))
	return err
}

func (h *Handler) regSponsorshipDecide(r *http.Request, a plenary.Actor, id int64) error {
	grant, err := decision(r.PostForm, "sponsorship")
	if err != nil {
		return err
	}
	_, err = h.svc.Registration.DecideSponsorship(r.Context(), a, id, grant, r.PostForm.Get("note"))
	return err
}

// The Secretariat's page for a session.

type regManagePage struct {
	regPage
	Status       string // the filter; empty for all
	StatusOpts   []Option
	StateOpts    []Option
	Delegations  []registration.Delegation
	Persons      []registration.Registration // representatives and observers
	Sponsorships []registration.Registration // requests waiting for a decision
}

func (h *Handler) regManage(w http.ResponseWriter, r *http.Request) error {
	rp, err := h.regPage(w, r, "reg.manage_title")
	if err != nil {
		return err
	}
	if err := h.svc.Registration.MayManage(rp.Actor); err != nil {
		return err
	}
	p := regManagePage{regPage: rp, Status: r.URL.Query().Get("status")}
	ctx, a, sid := r.Context(), p.Actor, p.sessionID
	p.Form = &Form{Values: r.URL.Query()}
	p.StatusOpts = []Option{{Value: "", Label: p.T("reg.filter_all")}}
	for _, s := range []registration.Status{registration.Pending, registration.Approved, registration.Rejected, registration.Withdrawn} {
		p.StatusOpts = append(p.StatusOpts, Option{Value: string(s), Label: p.RegStatusName(s)})
	}
	keep := func(s registration.Status) bool { return p.Status == "" || string(s) == p.Status }
	ds, err := h.svc.Registration.SessionDelegations(ctx, a, sid)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if keep(d.Status) {
			p.Delegations = append(p.Delegations, d)
		}
	}
	rs, err := h.svc.Registration.SessionRegistrations(ctx, a, sid)
	if err != nil {
		return err
	}
	for _, x := range rs {
		if x.DelegationID == 0 && keep(x.Status) {
			p.Persons = append(p.Persons, x)
		}
		if x.Sponsorship == registration.Requested && x.Status.Current() {
			p.Sponsorships = append(p.Sponsorships, x)
		}
	}
	h.readOrgs(r, &p.regPage, rs)
	states, err := h.svc.States.Sorted(ctx, a, p.Lang)
	if err != nil {
		return err
	}
	for _, s := range states {
		p.StateOpts = append(p.StateOpts, Option{Value: s.ISO3, Label: s.Name(p.Lang)})
	}
	h.render(w, r, http.StatusOK, "reg-manage", &p)
	return nil
}

// The public list of participants and the figures.

type regParticipantsPage struct {
	regPage
	Groups []registration.ParticipantGroup
}

// GroupName names a group of the list: the State, or the organization in the page's
// language.
func (p *regParticipantsPage) GroupTitle(g registration.ParticipantGroup) string {
	if g.State != "" {
		return p.StateName(g.State)
	}
	return g.Organization.Text(p.Lang)
}

func (h *Handler) regParticipants(w http.ResponseWriter, r *http.Request) error {
	rp, err := h.regPage(w, r, "reg.participants_title")
	if err != nil {
		return err
	}
	p := regParticipantsPage{regPage: rp}
	if p.Groups, err = h.svc.Registration.Participants(r.Context(), p.Actor, p.sessionID); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "reg-participants", &p)
	return nil
}

type figureRow struct {
	Label string
	Count int
}

type regFiguresPage struct {
	regPage
	Total      int
	ByGroup    []figureRow
	ByCategory []figureRow
	ByGender   []figureRow
}

func (h *Handler) regFigures(w http.ResponseWriter, r *http.Request) error {
	rp, err := h.regPage(w, r, "reg.figures_title")
	if err != nil {
		return err
	}
	p := regFiguresPage{regPage: rp}
	f, err := h.svc.Registration.Figures(r.Context(), p.Actor, p.sessionID)
	if err != nil {
		return err
	}
	p.Total = f.Total
	for _, g := range state.Groups {
		p.ByGroup = append(p.ByGroup, figureRow{p.GroupName(g), f.ByGroup[string(g)]})
	}
	for _, c := range registration.Categories {
		p.ByCategory = append(p.ByCategory, figureRow{p.CategoryName(c), f.ByCategory[c]})
	}
	for _, g := range registration.Genders {
		p.ByGender = append(p.ByGender, figureRow{p.GenderName(g), f.ByGender[g]})
	}
	h.render(w, r, http.StatusOK, "reg-figures", &p)
	return nil
}

// personRows is a table of registrations for the "reg-persons" partial.
type personRows struct {
	P  *regPage
	Rs []registration.Registration
}

// Rows gives the partial the page with the registrations to list.
func (p *regPage) Rows(rs []registration.Registration) personRows { return personRows{P: p, Rs: rs} }

// figureTable is one table of figures for the "reg-figures-table" partial.
type figureTable struct {
	Caption, Label, CountLabel string
	Rows                       []figureRow
}

// Table titles a table of figures in the page's language.
func (p *regFiguresPage) Table(key string, rows []figureRow) figureTable {
	return figureTable{Caption: p.T(key), Label: p.T(key + "_label"), CountLabel: p.T("reg.count"), Rows: rows}
}

// delegationOf reads the delegation in the path, and makes sure it is one of the path's
// session: a delegation of another session through this one's address is not found. (The
// pages check the same on the delegation they read anyway.)
func (h *Handler) delegationOf(r *http.Request) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	d, err := h.svc.Registration.Delegation(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return 0, err
	}
	return id, ofSession(r, d.SessionID)
}

// registrationOf is delegationOf for a person's registration.
func (h *Handler) registrationOf(r *http.Request) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	reg, err := h.svc.Registration.Registration(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return 0, err
	}
	return id, ofSession(r, reg.SessionID)
}

// ofSession refuses a thing of another session than the path's.
func ofSession(r *http.Request, sessionID int64) error {
	if strconv.FormatInt(sessionID, 10) != r.PathValue("session") {
		return plenary.NotFound()
	}
	return nil
}
