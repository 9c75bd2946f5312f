package web

import (
	"net/http"

	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/state"
)

type homePage struct {
	Page
	Members   int
	Observers int
	Bodies    []body.Body
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	states, err := h.svc.States.List(r.Context(), actorOf(r.Context()))
	if err != nil {
		return err
	}
	p := homePage{Page: h.page(w, r, "", "home")}
	for _, s := range states {
		if s.Status == state.Member {
			p.Members++
		} else {
			p.Observers++
		}
	}
	if p.Bodies, err = h.svc.Bodies.List(r.Context(), p.Actor); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "home", &p)
	return nil
}

type developersPage struct {
	Page
}

func (h *Handler) developers(w http.ResponseWriter, r *http.Request) error {
	h.render(w, r, http.StatusOK, "developers", &developersPage{Page: h.page(w, r, "developers.title", "")})
	return nil
}
