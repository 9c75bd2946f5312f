package web

import (
	"net/http"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/audit"
)

type userListPage struct {
	Page
	Users  []account.User
	Search string
	Next   string
}

func (h *Handler) userList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, err := h.svc.Accounts.List(r.Context(), actorOf(r.Context()), q.Get("q"), plenary.PageRequest{Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	p := userListPage{Page: h.page(w, r, "users.title", "users"), Users: page.Items, Search: q.Get("q"), Next: page.Next}
	h.render(w, r, http.StatusOK, "users", &p)
	return nil
}

// grantForm holds the choices of the role form, shared by the user and organization pages.
type grantForm struct {
	RoleOpts  []Option
	StateOpts []Option
	OrgOpts   []Option
	LangOpts  []Option
}

func (h *Handler) grantChoices(r *http.Request, p Page, roles []plenary.Role, withOrgs bool) (grantForm, error) {
	var g grantForm
	g.RoleOpts = append(g.RoleOpts, Option{Value: "", Label: p.T("form.choose")})
	for _, role := range roles {
		g.RoleOpts = append(g.RoleOpts, Option{Value: string(role), Label: p.RoleName(role)})
	}
	states, err := h.svc.States.Sorted(r.Context(), p.Actor, p.Lang)
	if err != nil {
		return g, err
	}
	g.StateOpts = append(g.StateOpts, Option{Value: "", Label: p.T("form.none")})
	for _, s := range states {
		g.StateOpts = append(g.StateOpts, Option{Value: s.ISO3, Label: s.Name(p.Lang)})
	}
	g.LangOpts = p.LanguageOptions()
	if withOrgs {
		g.OrgOpts = append(g.OrgOpts, Option{Value: "", Label: p.T("form.none")})
		page, err := h.svc.Organizations.List(r.Context(), p.Actor, plenary.PageRequest{Limit: plenary.MaxPageSize})
		if err != nil {
			return g, err
		}
		for _, o := range page.Items {
			g.OrgOpts = append(g.OrgOpts, Option{Value: itoa(o.ID), Label: o.Name(p.Lang)})
		}
	}
	return g, nil
}

type userNewPage struct {
	Page
	grantForm
}

func (h *Handler) userNewPage(w http.ResponseWriter, r *http.Request) (userNewPage, error) {
	if err := h.svc.Accounts.MayAdminister(actorOf(r.Context())); err != nil {
		return userNewPage{}, err
	}
	p := userNewPage{Page: h.page(w, r, "users.new_title", "users")}
	p.Form = newForm(r)
	if r.Method == http.MethodGet {
		p.Form.Values.Set("lang", p.Lang)
	}
	var err error
	p.grantForm, err = h.grantChoices(r, p.Page, plenary.Roles, true)
	return p, err
}

// grantFromForm reads the role, State and organization fields.
func grantFromForm(r *http.Request) plenary.Grant {
	g := plenary.Grant{Role: plenary.Role(r.PostForm.Get("role")), State: strings.TrimSpace(r.PostForm.Get("state"))}
	g.OrganizationID, _ = parseID(r.PostForm.Get("organization"))
	return g
}

func (h *Handler) userCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	in := account.CreateInput{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Lang: r.PostForm.Get("lang")}
	if g := grantFromForm(r); g.Role != "" {
		in.Grants = []plenary.Grant{g}
	}
	u, err := h.svc.Accounts.Create(r.Context(), actorOf(r.Context()), in)
	if err != nil {
		return h.formAgain(w, r, err, "user-new", func() (pageData, error) {
			p, err := h.userNewPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/admin/users/"+itoa(u.ID), "flash.user_invited")
	return nil
}

type userShowPage struct {
	Page
	Subject account.User
	Holders map[int64]string // grant id → the State or organization it is held for
	grantForm
}

func (h *Handler) userShowPage(w http.ResponseWriter, r *http.Request) (userShowPage, error) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return userShowPage{}, plenary.NotFound()
	}
	actor := actorOf(r.Context())
	if err := h.svc.Accounts.MayAdminister(actor); err != nil {
		return userShowPage{}, err
	}
	u, err := h.svc.Accounts.Get(r.Context(), actor, id)
	if err != nil {
		return userShowPage{}, err
	}
	p := userShowPage{Page: h.page(w, r, "", "users"), Subject: u, Holders: map[int64]string{}}
	p.Title = u.Name
	p.Form = newForm(r)
	if p.grantForm, err = h.grantChoices(r, p.Page, plenary.Roles, true); err != nil {
		return p, err
	}
	for _, g := range u.Grants {
		p.Holders[g.ID] = h.holderName(r, p.Page, g.Grant)
	}
	return p, nil
}

// holderName names the State or organization a role is held for, in the page's language.
func (h *Handler) holderName(r *http.Request, p Page, g plenary.Grant) string {
	switch {
	case g.State != "":
		if s, err := h.svc.States.Get(r.Context(), p.Actor, g.State); err == nil {
			return s.Name(p.Lang)
		}
		return g.State
	case g.OrganizationID != 0:
		if o, err := h.svc.Organizations.Get(r.Context(), p.Actor, g.OrganizationID); err == nil {
			return o.Name(p.Lang)
		}
		return "#" + itoa(g.OrganizationID)
	}
	return ""
}

func (h *Handler) userGrant(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	// A role is given to an address: the path's user is read for theirs.
	actor := actorOf(r.Context())
	u, err := h.svc.Accounts.Get(r.Context(), actor, id)
	if err != nil {
		return err
	}
	_, err = h.svc.Accounts.Grant(r.Context(), actor, account.GrantInput{Email: u.Email, Grant: grantFromForm(r)})
	if err != nil {
		return h.formAgain(w, r, err, "user", func() (pageData, error) {
			p, err := h.userShowPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/admin/users/"+itoa(id), "flash.role_granted")
	return nil
}

func (h *Handler) userRevoke(w http.ResponseWriter, r *http.Request) error {
	id, ok1 := parseID(r.PathValue("id"))
	grant, ok2 := parseID(r.PathValue("grant"))
	if !ok1 || !ok2 {
		return plenary.NotFound()
	}
	if err := h.svc.Accounts.Revoke(r.Context(), actorOf(r.Context()), account.RevokeInput{GrantID: grant, UserID: id}); err != nil {
		return err
	}
	h.redirect(w, r, "/admin/users/"+itoa(id), "flash.role_revoked")
	return nil
}

func (h *Handler) userDisable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, true)
}

func (h *Handler) userEnable(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, false)
}

func (h *Handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if err := h.svc.Accounts.SetDisabled(r.Context(), actorOf(r.Context()), id, disabled); err != nil {
		return err
	}
	flash := "flash.user_enabled"
	if disabled {
		flash = "flash.user_disabled"
	}
	h.redirect(w, r, "/admin/users/"+itoa(id), flash)
	return nil
}

type auditPage struct {
	Page
	Events []audit.Event
	Next   string
	Filter audit.Filter
	Report *audit.Report
}

func (h *Handler) auditList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := audit.Filter{ObjectType: q.Get("type"), ObjectID: q.Get("id")}
	page, err := h.svc.Audit.List(r.Context(), actorOf(r.Context()), f, plenary.PageRequest{Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	p := auditPage{Page: h.page(w, r, "audit.title", "audit"), Events: page.Items, Next: page.Next, Filter: f}
	h.render(w, r, http.StatusOK, "audit", &p)
	return nil
}

func (h *Handler) auditVerify(w http.ResponseWriter, r *http.Request) error {
	actor := actorOf(r.Context())
	rep, err := h.svc.Audit.Verify(r.Context(), actor)
	if err != nil {
		return err
	}
	page, err := h.svc.Audit.List(r.Context(), actor, audit.Filter{}, plenary.PageRequest{})
	if err != nil {
		return err
	}
	p := auditPage{Page: h.page(w, r, "audit.title", "audit"), Events: page.Items, Next: page.Next, Report: &rep}
	h.render(w, r, http.StatusOK, "audit", &p)
	return nil
}
