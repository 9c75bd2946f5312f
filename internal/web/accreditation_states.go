package web

import (
	"net/http"
	"strconv"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
)

type accRoundAppsPage struct {
	accPage
	Round        accreditation.RoundFigures
	Applications []accreditation.View
}

// accRoundApplications is the circulated list for Member States, and the whole round for
// the Secretariat and the Chair.
func (h *Handler) accRoundApplications(w http.ResponseWriter, r *http.Request) error {
	ap, err := h.accPage(w, r, "")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return plenary.NotFound()
	}
	p := accRoundAppsPage{accPage: ap}
	if p.Round, err = h.svc.Accreditation.Round(r.Context(), p.Actor, p.Body.ID, n); err != nil {
		return err
	}
	if _, p.Applications, err = h.svc.Accreditation.RoundApplications(r.Context(), p.Actor, p.Round.ID); err != nil {
		return err
	}
	p.Title = p.T("acc.round_applications_title", "Number", n)
	h.render(w, r, http.StatusOK, "acc-round-applications", &p)
	return nil
}

func (h *Handler) accTakePosition(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	_, err := h.svc.Accreditation.TakePosition(r.Context(), actorOf(r.Context()), id, accreditation.PositionInput{
		State: r.PostForm.Get("state"), Stance: accreditation.Stance(r.PostForm.Get("stance")), Reason: r.PostForm.Get("reason"),
	})
	if err != nil {
		return h.accApplicationAgain(w, r, err)
	}
	h.redirect(w, r, "/accreditation/"+r.PathValue("body")+"/applications/"+itoa(id), "flash.position_recorded")
	return nil
}

func (h *Handler) accWithdrawPosition(w http.ResponseWriter, r *http.Request) error {
	id, ok1 := parseID(r.PathValue("id"))
	pos, ok2 := parseID(r.PathValue("position"))
	if !ok1 || !ok2 {
		return plenary.NotFound()
	}
	if err := h.svc.Accreditation.WithdrawPosition(r.Context(), actorOf(r.Context()), pos); err != nil {
		return err
	}
	h.redirect(w, r, "/accreditation/"+r.PathValue("body")+"/applications/"+itoa(id), "flash.position_withdrawn")
	return nil
}

func (h *Handler) accRequestDisclosure(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if _, err := h.svc.Accreditation.RequestDisclosure(r.Context(), actorOf(r.Context()), id, r.PostForm.Get("requesting_state")); err != nil {
		return err
	}
	h.redirect(w, r, "/accreditation/"+r.PathValue("body")+"/applications/"+itoa(id), "flash.disclosure_requested")
	return nil
}

type accDisclosuresPage struct {
	accPage
	Items     []accreditation.DisclosureItem
	MayAnswer bool
}

func (h *Handler) accDisclosuresPage(w http.ResponseWriter, r *http.Request) (accDisclosuresPage, error) {
	ap, err := h.accPage(w, r, "acc.disclosures_title")
	if err != nil {
		return accDisclosuresPage{}, err
	}
	p := accDisclosuresPage{accPage: ap, MayAnswer: ap.IsChair || ap.MayManage}
	if p.Items, err = h.svc.Accreditation.Disclosures(r.Context(), p.Actor, p.Body.ID); err != nil {
		return accDisclosuresPage{}, err
	}
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) accAnswerDisclosure(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	err := h.svc.Accreditation.AnswerDisclosure(r.Context(), actorOf(r.Context()), id, r.PostForm.Get("note"))
	if err != nil {
		return h.formAgain(w, r, err, "acc-disclosures", func() (pageData, error) {
			p, err := h.accDisclosuresPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/accreditation/"+r.PathValue("body")+"/disclosures", "flash.disclosure_answered")
	return nil
}
