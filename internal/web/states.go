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

type stateShowPage struct {
	Page
	State state.State
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
	h.render(w, r, http.StatusOK, "state", &p)
	return nil
}
