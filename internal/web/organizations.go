package web

import (
	"net/http"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/organization"
)

// orgPage is what the pages about organizations have: theirs, and accreditation's.
type orgPage struct{ Page }

// TypeName translates an organization type.
func (p *orgPage) TypeName(t organization.Type) string { return p.T("org_type." + string(t)) }

// ECOSOCName translates an ECOSOC status.
func (p *orgPage) ECOSOCName(s organization.ECOSOC) string { return p.T("ecosoc." + string(s)) }

type organizationListPage struct {
	orgPage
	Organizations []organization.Organization
	Next          string
	MayCreate     bool
}

func (h *Handler) organizationList(w http.ResponseWriter, r *http.Request) error {
	if _, err := signedIn(r); err != nil {
		return err
	}
	actor := actorOf(r.Context())
	page, err := h.svc.Organizations.List(r.Context(), actor, plenary.PageRequest{Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	p := organizationListPage{orgPage: orgPage{h.page(w, r, "organizations.title", "organizations")},
		Organizations: page.Items, Next: page.Next, MayCreate: h.svc.Organizations.MayCreate(actor) == nil}
	h.render(w, r, http.StatusOK, "organizations", &p)
	return nil
}

// stateName names a State by code, in the page's language.
func (h *Handler) stateName(r *http.Request, lang, iso3 string) string {
	if s, err := h.svc.States.Get(r.Context(), actorOf(r.Context()), iso3); err == nil {
		return s.Name(lang)
	}
	return iso3
}

type organizationFormPage struct {
	orgPage
	ID int64 // 0 for a new organization
	// Participation is true when the reader may set type, ECOSOC status and headquarters
	// (the Secretariat); a focal point sees them but cannot change them.
	Participation bool
	Current       organization.Organization
	TypeOpts      []Option
	ECOSOCOpts    []Option
	StateOpts     []Option
}

func (h *Handler) organizationFormPage(w http.ResponseWriter, r *http.Request, titleKey string, id int64) (organizationFormPage, error) {
	p := organizationFormPage{orgPage: orgPage{h.page(w, r, titleKey, "organizations")}, ID: id}
	p.Participation = h.svc.Organizations.MayCreate(p.Actor) == nil
	if id != 0 {
		o, err := h.svc.Organizations.Get(r.Context(), p.Actor, id)
		if err != nil {
			return p, err
		}
		p.Current = o
	}
	p.Form = newForm(r)
	p.TypeOpts = append(p.TypeOpts, Option{Value: "", Label: p.T("form.choose")})
	p.TypeOpts = append(p.TypeOpts, choices(organization.Types, p.TypeName)...)
	p.ECOSOCOpts = choices(organization.ECOSOCStatuses, p.ECOSOCName)
	states, err := h.svc.States.Sorted(r.Context(), p.Actor, p.Lang)
	if err != nil {
		return p, err
	}
	p.StateOpts = append(p.StateOpts, Option{Value: "", Label: p.T("form.choose")})
	for _, s := range states {
		p.StateOpts = append(p.StateOpts, Option{Value: s.ISO3, Label: s.Name(p.Lang)})
	}
	return p, nil
}

func (h *Handler) organizationNew(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Organizations.MayCreate(actorOf(r.Context())); err != nil {
		return err
	}
	p, err := h.organizationFormPage(w, r, "organizations.new_title", 0)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "organization-form", &p)
	return nil
}

func organizationInput(r *http.Request) organization.Input {
	in := organization.Input{
		Type: organization.Type(r.PostForm.Get("type")), Acronym: r.PostForm.Get("acronym"),
		HQState: r.PostForm.Get("hq_state"), Website: r.PostForm.Get("website"),
		ECOSOC: organization.ECOSOC(r.PostForm.Get("ecosoc")), Names: plenary.Localized{},
	}
	for _, l := range plenary.Languages {
		if n := strings.TrimSpace(r.PostForm.Get("name_" + l)); n != "" {
			in.Names[l] = n
		}
	}
	return in
}

// organizationCreate records the organization and, if an address is given, gives its
// focal point the role (inviting them if they have no account).
func (h *Handler) organizationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	actor := actorOf(r.Context())
	o, err := h.svc.Organizations.Create(r.Context(), actor, organizationInput(r))
	if err != nil {
		return h.organizationFormFailed(w, r, "organizations.new_title", 0, err)
	}
	if email := strings.TrimSpace(r.PostForm.Get("focal_email")); email != "" {
		_, err := h.svc.Accounts.Grant(r.Context(), actor, account.GrantInput{
			Email: email, Name: r.PostForm.Get("focal_name"), Lang: r.PostForm.Get("focal_lang"),
			Grant: plenary.Grant{Role: plenary.RoleFocalPoint, OrganizationID: o.ID},
		})
		if err != nil {
			// The organization exists; the member form on its page says what was wrong.
			return h.organizationAgain(w, r, o.ID, err)
		}
	}
	h.redirect(w, r, "/organizations/"+itoa(o.ID), "flash.organization_created")
	return nil
}

// organizationFormFailed shows the organization form again with the problems of what
// was sent.
func (h *Handler) organizationFormFailed(w http.ResponseWriter, r *http.Request, titleKey string, id int64, err error) error {
	return h.formAgain(w, r, err, "organization-form", func() (pageData, error) {
		p, err := h.organizationFormPage(w, r, titleKey, id)
		return &p, err
	})
}

type organizationShowPage struct {
	orgPage
	Organization organization.Organization
	HQName       string
	Members      []organization.Member
	MayEdit      bool
	RoleOpts     []Option
	LangOpts     []Option
}

func (h *Handler) organizationShow(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	p, err := h.organizationShowPage(w, r, id)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "organization", &p)
	return nil
}

// organizationAgain shows the organization's page again with the problems of its member
// form.
func (h *Handler) organizationAgain(w http.ResponseWriter, r *http.Request, id int64, err error) error {
	return h.formAgain(w, r, err, "organization", func() (pageData, error) {
		p, err := h.organizationShowPage(w, r, id)
		return &p, err
	})
}

func (h *Handler) organizationShowPage(w http.ResponseWriter, r *http.Request, id int64) (organizationShowPage, error) {
	if _, err := signedIn(r); err != nil {
		return organizationShowPage{}, err
	}
	actor := actorOf(r.Context())
	o, err := h.svc.Organizations.Get(r.Context(), actor, id)
	if err != nil {
		return organizationShowPage{}, err
	}
	members, err := h.svc.Organizations.Members(r.Context(), actor, id)
	if err != nil {
		return organizationShowPage{}, err
	}
	p := organizationShowPage{orgPage: orgPage{h.page(w, r, "", "organizations")}, Organization: o, Members: members,
		MayEdit: h.svc.Organizations.MayEdit(actor, id)}
	p.Title = o.Name(p.Lang)
	p.HQName = h.stateName(r, p.Lang, o.HQState)
	p.Form = newForm(r)
	member := plenary.RoleRepresentative
	if o.Type.Intergovernmental() {
		member = plenary.RoleObserver
	}
	roles := []plenary.Role{member}
	if actor.IsSecretariat() {
		roles = append(roles, plenary.RoleFocalPoint)
	}
	for _, role := range roles {
		p.RoleOpts = append(p.RoleOpts, Option{Value: string(role), Label: p.RoleName(role)})
	}
	p.LangOpts = p.LanguageOptions()
	return p, nil
}

func (h *Handler) organizationEdit(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	actor := actorOf(r.Context())
	o, err := h.svc.Organizations.Get(r.Context(), actor, id)
	if err != nil {
		return err
	}
	if !h.svc.Organizations.MayEdit(actor, id) {
		return plenary.Deny(actor)
	}
	p, err := h.organizationFormPage(w, r, "organizations.edit_title", id)
	if err != nil {
		return err
	}
	v := p.Form.Values
	v.Set("type", string(o.Type))
	v.Set("acronym", o.Acronym)
	v.Set("hq_state", o.HQState)
	v.Set("website", o.Website)
	v.Set("ecosoc", string(o.ECOSOC))
	for l, n := range o.Names {
		v.Set("name_"+l, n)
	}
	h.render(w, r, http.StatusOK, "organization-form", &p)
	return nil
}

func (h *Handler) organizationUpdate(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	if _, err := h.svc.Organizations.Update(r.Context(), actorOf(r.Context()), id, organizationInput(r)); err != nil {
		return h.organizationFormFailed(w, r, "organizations.edit_title", id, err)
	}
	h.redirect(w, r, "/organizations/"+itoa(id), "flash.organization_saved")
	return nil
}

func (h *Handler) organizationAddMember(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	_, err := h.svc.Accounts.Grant(r.Context(), actorOf(r.Context()), account.GrantInput{
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Lang: r.PostForm.Get("lang"),
		Grant: plenary.Grant{Role: plenary.Role(r.PostForm.Get("role")), OrganizationID: id},
	})
	if err != nil {
		return h.organizationAgain(w, r, id, err)
	}
	h.redirect(w, r, "/organizations/"+itoa(id), "flash.member_added")
	return nil
}

func (h *Handler) organizationRemoveMember(w http.ResponseWriter, r *http.Request) error {
	id, ok1 := parseID(r.PathValue("id"))
	grant, ok2 := parseID(r.PathValue("grant"))
	if !ok1 || !ok2 {
		return plenary.NotFound()
	}
	if err := h.svc.Accounts.Revoke(r.Context(), actorOf(r.Context()), account.RevokeInput{GrantID: grant, OrganizationID: id}); err != nil {
		return err
	}
	h.redirect(w, r, "/organizations/"+itoa(id), "flash.member_removed")
	return nil
}
