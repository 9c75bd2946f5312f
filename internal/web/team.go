package web

import (
	"net/http"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/state"
)

// A State's team: the people who draft, review and submit what the State reports. Its
// nominator (the focal point of its mission) offers the roles, which the person accepts;
// the Secretariat gives them. Both list the team with addresses and take roles back; the
// team's members see who else is on it, without addresses. The service decides all of it.

type teamPage struct {
	surveyArea
	State   state.State
	Members []account.TeamMember
	// Manages is whether the reader gives and takes the team's roles.
	Manages bool
}

// RoleOptions are the roles of a team.
func (p *teamPage) RoleOptions() []Option { return choices(plenary.TeamRoles, p.RoleName) }

func (h *Handler) teamPage(w http.ResponseWriter, r *http.Request) (teamPage, error) {
	actor := actorOf(r.Context())
	s, err := h.svc.States.Get(r.Context(), actor, strings.ToUpper(r.PathValue("iso3")))
	if err != nil {
		return teamPage{}, err
	}
	p := teamPage{surveyArea: h.surveyBase(w, r, ""), State: s}
	p.Title = p.T("team.title", "State", s.Name(p.Lang))
	if p.Members, err = h.svc.Accounts.Team(r.Context(), actor, s.ISO3); err != nil {
		return p, err
	}
	p.Manages = h.svc.Accounts.MayManageTeam(actor, s.ISO3) == nil
	p.Form = newForm(r)
	if len(p.Form.Values) == 0 {
		p.Form.Values.Set("lang", p.Lang)
	}
	return p, nil
}

// teamGrant gives (the Secretariat) or offers (the nominator) a team role to an address.
func (h *Handler) teamGrant(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	iso3 := strings.ToUpper(r.PathValue("iso3"))
	f := r.PostForm
	g, err := h.svc.Accounts.Grant(r.Context(), actorOf(r.Context()), account.GrantInput{Email: f.Get("email"), Name: f.Get("name"),
		Lang: f.Get("lang"), Grant: plenary.Grant{Role: plenary.Role(f.Get("role")), State: iso3}})
	if err != nil {
		return h.formAgain(w, r, err, "state-team", func() (pageData, error) {
			p, err := h.teamPage(w, r)
			return &p, err
		})
	}
	flash := "team.flash.granted"
	if g.Pending() {
		flash = "team.flash.offered"
	}
	h.redirect(w, r, "/states/"+iso3+"/team", flash)
	return nil
}

// teamRevoke takes a team role back, or withdraws an offer.
func (h *Handler) teamRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "grant")
	if err != nil {
		return err
	}
	if err := h.svc.Accounts.Revoke(r.Context(), actorOf(r.Context()), account.RevokeInput{GrantID: id}); err != nil {
		return err
	}
	h.redirect(w, r, "/states/"+strings.ToUpper(r.PathValue("iso3"))+"/team", "team.flash.revoked")
	return nil
}
