package web

import (
	"net/http"

	"github.com/plenary-platform/plenary/internal/state"
)

type stateListPage struct {
	Page
	Groups []state.GroupedStates
	Total  int
}

func (h *Handler) stateList(w http.ResponseWriter, r *http.Request) error {
	p := stateListPage{Page: h.page(w, r, "states.title", "states")}
	groups, err := h.svc.States.Grouped(r.Context(), p.Actor, p.Lang)
	if err != nil {
		return err
	}
	p.Groups = groups
	for _, g := range groups {
		p.Total += len(g.States)
	}
	h.render(w, r, http.StatusOK, "states", &p)
	return nil
}

// GroupName translates a regional group.
func (p *Page) GroupName(g state.Group) string { return p.T("group." + g.Slug()) }

// stateShowPage is a State's profile: what it is, then a section for each part of the
// process that records what the State does: the national survey's, the follow-up of
// commitments'; capacity-building will add its own beside them, each a field built by its
// area (nil when the reader has nothing of it to read).
type stateShowPage struct {
	Page
	State state.State
	// Survey is the State's published answers to the national survey.
	Survey *stateSurveySection
	// FollowUp is the commitments the State is followed on, with where it stands on each.
	FollowUp *stateFollowupSection
	// Team says whether the reader is on the State's team or gives its roles: the team's
	// page is linked.
	Team bool
}

func (h *Handler) stateShow(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.States.Get(r.Context(), actorOf(r.Context()), r.PathValue("iso3"))
	if err != nil {
		return err
	}
	if r.PathValue("iso3") != s.ISO3 { // /states/fra → /states/FRA, one URL per State
		h.redirect(w, r, "/states/"+s.ISO3, "")
		return nil
	}
	p := stateShowPage{Page: h.page(w, r, "", "states"), State: s}
	p.Title = s.Name(p.Lang)
	if p.Survey, err = h.stateSurvey(r, p.Page, s.ISO3); err != nil {
		return err
	}
	if p.FollowUp, err = h.stateFollowup(r, p.Page, s.ISO3); err != nil {
		return err
	}
	p.Team = p.Actor.OnTeam(s.ISO3) || h.svc.Accounts.MayManageTeam(p.Actor, s.ISO3) == nil
	h.render(w, r, http.StatusOK, "state", &p)
	return nil
}
