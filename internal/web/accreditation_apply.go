package web

import (
	"mime"
	"net/http"
	"slices"
	"strconv"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/files"
)

type accMinePage struct {
	accPage
	Applications []accreditation.View
	OrgOpts      []Option
}

// accMine lists the applications of the organizations the reader acts for, with a form to
// start one.
func (h *Handler) accMine(w http.ResponseWriter, r *http.Request) error {
	ap, err := h.accPage(w, r, "acc.mine_title")
	if err != nil {
		return err
	}
	p := accMinePage{accPage: ap}
	if p.Applications, err = h.svc.Accreditation.Mine(r.Context(), p.Actor, p.Body.ID); err != nil {
		return err
	}
	for _, id := range p.Actor.Organizations(plenary.RoleFocalPoint) {
		if o, err := h.svc.Organizations.Get(r.Context(), p.Actor, id); err == nil {
			p.OrgOpts = append(p.OrgOpts, Option{Value: itoa(o.ID), Label: o.Name(p.Lang)})
		}
	}
	p.Form = newForm(r)
	h.render(w, r, http.StatusOK, "acc-mine", &p)
	return nil
}

func (h *Handler) accStart(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	orgID, _ := parseID(r.PostForm.Get("organization"))
	a, err := h.svc.Accreditation.Start(r.Context(), actorOf(r.Context()), b.ID, orgID)
	if err != nil {
		return err
	}
	h.redirect(w, r, "/accreditation/"+b.Code+"/applications/"+itoa(a.ID)+"/edit", "flash.application_started")
	return nil
}

type accApplicationPage struct {
	accPage
	View              accreditation.View
	DelegateStates    []string // the States the reader is a delegate of
	PositionStateOpts []Option
	DelegateStateOpts []Option
	ScreenOpts        []Option
	DecideOpts        []Option
	StanceOpts        []Option
}

// OwnState reports whether the reader is a delegate of iso3.
func (p *accApplicationPage) OwnState(iso3 string) bool {
	return slices.Contains(p.DelegateStates, iso3)
}

// ConfidentialityNote tells a delegate, before they object, who will know that their
// State objected and who will read the reason, under the round's policy.
func (p *accApplicationPage) ConfidentialityNote() string {
	pol := p.View.Round.Policy
	note := p.T("acc.objectors_known_to", "Who", p.SeenBy(pol.ObjectorsSeenBy))
	if pol.ReasonMode != accreditation.ReasonNotAsked {
		note += " " + p.T("acc.reasons_known_to", "Who", p.SeenBy(pol.ReasonsSeenBy))
	}
	return note
}

// Closes is the end of the objection period, in the body's time zone.
func (p *accApplicationPage) Closes() string { return p.When(p.View.Round.ObjectionsClose) }

// accApplicationAgain shows the application again with the problems of a form posted
// from it.
func (h *Handler) accApplicationAgain(w http.ResponseWriter, r *http.Request, err error) error {
	return h.formAgain(w, r, err, "acc-application", func() (pageData, error) {
		p, err := h.accApplicationPage(w, r)
		return &p, err
	})
}

func (h *Handler) accApplicationPage(w http.ResponseWriter, r *http.Request) (accApplicationPage, error) {
	ap, err := h.accPage(w, r, "")
	if err != nil {
		return accApplicationPage{}, err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return accApplicationPage{}, plenary.NotFound()
	}
	p := accApplicationPage{accPage: ap}
	if p.View, err = h.svc.Accreditation.Get(r.Context(), p.Actor, id); err != nil {
		return accApplicationPage{}, err
	}
	if p.View.BodyID != p.Body.ID {
		return accApplicationPage{}, plenary.NotFound()
	}
	p.Title = p.T("acc.application_title", "Tracking", p.View.Tracking)
	p.Form = newForm(r)
	p.DelegateStates = p.Actor.States(plenary.RoleDelegate)
	for _, st := range p.View.PositionStates {
		p.PositionStateOpts = append(p.PositionStateOpts, Option{Value: st, Label: p.StateName(st)})
	}
	for _, st := range p.DelegateStates {
		p.DelegateStateOpts = append(p.DelegateStateOpts, Option{Value: st, Label: p.StateName(st)})
	}
	p.ScreenOpts = []Option{{Value: "complete", Label: p.T("acc.screen_complete")}, {Value: "incomplete", Label: p.T("acc.screen_incomplete")}}
	p.DecideOpts = []Option{{Value: "accredit", Label: p.T("acc.decide_accredit")}, {Value: "reject", Label: p.T("acc.decide_reject")}}
	p.StanceOpts = []Option{{Value: string(accreditation.Support), Label: p.T("acc.stance.support")}, {Value: string(accreditation.Object), Label: p.T("acc.stance.object")}}
	return p, nil
}

type accEditPage struct {
	accPage
	View accreditation.View
}

func (h *Handler) accEditPage(w http.ResponseWriter, r *http.Request) (accEditPage, error) {
	ap, err := h.accPage(w, r, "")
	if err != nil {
		return accEditPage{}, err
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return accEditPage{}, plenary.NotFound()
	}
	p := accEditPage{accPage: ap}
	if p.View, err = h.svc.Accreditation.Get(r.Context(), p.Actor, id); err != nil {
		return p, err
	}
	if !p.View.MayEdit {
		return p, plenary.Conflict("accreditation.not_editable", nil)
	}
	p.Title = p.T("acc.edit_title", "Tracking", p.View.Tracking)
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) accEdit(w http.ResponseWriter, r *http.Request) error {
	p, err := h.accEditPage(w, r)
	if err != nil {
		return err
	}
	v := p.Form.Values
	d := p.View.Dossier
	v.Set("purpose", d.Purpose)
	v.Set("programmes", d.Programmes)
	v.Set("un_interactions", d.UNInteractions)
	v.Set("contact_name", d.ContactName)
	v.Set("contact_email", d.ContactEmail)
	v.Set("contact_phone", d.ContactPhone)
	h.render(w, r, http.StatusOK, "acc-edit", &p)
	return nil
}

// accSave saves the dossier and, if one was chosen, the letter; "submit" in the form also
// submits.
func (h *Handler) accSave(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	upload, err := h.parseUpload(r, "letter", accreditation.MaxLetter)
	if err != nil {
		return h.accEditFailed(w, r, err)
	}
	actor := actorOf(r.Context())
	in := accreditation.DossierInput{
		Purpose: r.PostForm.Get("purpose"), Programmes: r.PostForm.Get("programmes"), UNInteractions: r.PostForm.Get("un_interactions"),
		ContactName: r.PostForm.Get("contact_name"), ContactEmail: r.PostForm.Get("contact_email"), ContactPhone: r.PostForm.Get("contact_phone"),
	}
	if _, err := h.svc.Accreditation.Update(r.Context(), actor, id, in); err != nil {
		return h.accEditFailed(w, r, err)
	}
	if len(upload.Data) > 0 {
		if _, err := h.svc.Accreditation.AttachLetter(r.Context(), actor, id, upload); err != nil {
			return h.accEditFailed(w, r, err)
		}
	}
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	if r.PostForm.Get("submit") != "" {
		if _, err := h.svc.Accreditation.Submit(r.Context(), actor, id); err != nil {
			return h.accEditFailed(w, r, err)
		}
		h.redirect(w, r, "/accreditation/"+b.Code+"/applications/"+itoa(id), "flash.application_submitted")
		return nil
	}
	h.redirect(w, r, "/accreditation/"+b.Code+"/applications/"+itoa(id)+"/edit", "flash.application_saved")
	return nil
}

// accEditFailed shows the dossier form again with the problems of what was sent.
func (h *Handler) accEditFailed(w http.ResponseWriter, r *http.Request, err error) error {
	return h.formAgain(w, r, err, "acc-edit", func() (pageData, error) {
		p, err := h.accEditPage(w, r)
		return &p, err
	})
}

// accSubmit submits an application to its round; accWithdraw withdraws it.
func (h *Handler) accSubmit(r *http.Request, a plenary.Actor, id int64) error {
	_, err := h.svc.Accreditation.Submit(r.Context(), a, id)
	return err
}

func (h *Handler) accWithdraw(r *http.Request, a plenary.Actor, id int64) error {
	return h.svc.Accreditation.Withdraw(r.Context(), a, id)
}

// accAction runs a POST on an application and comes back to it: submit, withdraw.
func (h *Handler) accAction(do func(r *http.Request, actor plenary.Actor, id int64) error, flash string) http.Handler {
	return h.handle(func(w http.ResponseWriter, r *http.Request) error {
		if err := h.parseForm(r); err != nil {
			return err
		}
		id, ok := parseID(r.PathValue("id"))
		if !ok {
			return plenary.NotFound()
		}
		if err := do(r, actorOf(r.Context()), id); err != nil {
			return h.accApplicationAgain(w, r, err)
		}
		h.redirect(w, r, "/accreditation/"+r.PathValue("body")+"/applications/"+itoa(id), flash)
		return nil
	})
}

// accLetter serves the letter on letterhead as a download, never displayed in the page's
// origin: a PDF is data, not a document of this site.
func (h *Handler) accLetter(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	f, err := h.svc.Accreditation.Letter(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return err
	}
	return download(w, f, "private, no-store")
}

// download serves a stored file as an attachment, sandboxed and never sniffed: an upload
// is data, not a document of this site, whatever it holds.
func download(w http.ResponseWriter, f files.File, cache string) error {
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("Content-Length", strconv.FormatInt(f.Size, 10))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Header().Set("Cache-Control", cache)
	_, err := w.Write(f.Data)
	return err
}
