package web

import (
	"net/http"
	"slices"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/meeting"
)

// bodyOf finds the body named in the path ({body}).
func (h *Handler) bodyOf(r *http.Request) (body.Body, error) {
	return h.svc.Bodies.ByCode(r.Context(), actorOf(r.Context()), r.PathValue("body"))
}

type bodyListPage struct {
	Page
	Bodies    []body.Body
	MayManage bool
}

func (h *Handler) bodyList(w http.ResponseWriter, r *http.Request) error {
	p := bodyListPage{Page: h.page(w, r, "bodies.title", "bodies")}
	var err error
	if p.Bodies, err = h.svc.Bodies.List(r.Context(), p.Actor); err != nil {
		return err
	}
	p.MayManage = h.svc.Bodies.MayManage(p.Actor) == nil
	h.render(w, r, http.StatusOK, "bodies", &p)
	return nil
}

// accIndex is the accreditation entry of the menu: the body's pages when there is one
// body, the list of bodies otherwise.
func (h *Handler) accIndex(w http.ResponseWriter, r *http.Request) error {
	bodies, err := h.svc.Bodies.List(r.Context(), actorOf(r.Context()))
	if err != nil {
		return err
	}
	if len(bodies) == 1 {
		http.Redirect(w, r, "/"+langOf(r.Context())+"/accreditation/"+bodies[0].Code, http.StatusSeeOther)
		return nil
	}
	p := bodyListPage{Page: h.page(w, r, "bodies.title", "accreditation"), Bodies: bodies}
	p.MayManage = h.svc.Bodies.MayManage(p.Actor) == nil
	h.render(w, r, http.StatusOK, "bodies", &p)
	return nil
}

type bodyShowPage struct {
	Page
	Body      body.Body
	Parent    *body.Body
	Groups    []body.Body // subsidiary bodies
	Sessions  []meeting.Session
	Bodies    map[int64]body.Body
	MayManage bool
}

func (p *bodyShowPage) BodyOf(id int64) body.Body { return p.Bodies[id] }

func (h *Handler) bodyShow(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	p := bodyShowPage{Page: h.page(w, r, "", "bodies"), Body: b}
	p.Title = b.Name(p.Lang)
	p.MayManage = h.svc.Bodies.MayManage(p.Actor) == nil
	if p.Bodies, err = h.bodyIndex(r); err != nil {
		return err
	}
	if parent, ok := p.Bodies[b.ParentID]; ok {
		p.Parent = &parent
	}
	for _, x := range p.Bodies {
		if x.ParentID == b.ID {
			p.Groups = append(p.Groups, x)
		}
	}
	slices.SortFunc(p.Groups, func(a, b body.Body) int { return int(a.ID - b.ID) })
	if p.Sessions, err = h.svc.Meetings.BodySessions(r.Context(), p.Actor, b.ID); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "body", &p)
	return nil
}

type bodyFormPage struct {
	Page
	Code       string // empty for a new body
	ParentOpts []Option
}

func (h *Handler) bodyFormPage(w http.ResponseWriter, r *http.Request, code string) (bodyFormPage, error) {
	if err := h.svc.Bodies.MayManage(actorOf(r.Context())); err != nil {
		return bodyFormPage{}, err
	}
	title := "bodies.new_title"
	if code != "" {
		title = "bodies.edit_title"
	}
	p := bodyFormPage{Page: h.page(w, r, title, "bodies"), Code: code}
	p.Form = newForm(r)
	bodies, err := h.svc.Bodies.List(r.Context(), p.Actor)
	if err != nil {
		return p, err
	}
	p.ParentOpts = []Option{{Value: "", Label: p.T("bodies.no_parent")}}
	for _, b := range bodies {
		if b.ParentID == 0 && b.Code != code {
			p.ParentOpts = append(p.ParentOpts, Option{Value: b.Code, Label: b.Name(p.Lang)})
		}
	}
	return p, nil
}

func (h *Handler) bodyNew(w http.ResponseWriter, r *http.Request) error {
	p, err := h.bodyFormPage(w, r, "")
	if err != nil {
		return err
	}
	p.Form.Values.Set("time_zone", "America/New_York")
	h.render(w, r, http.StatusOK, "body-form", &p)
	return nil
}

func (h *Handler) bodyEdit(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	p, err := h.bodyFormPage(w, r, b.Code)
	if err != nil {
		return err
	}
	p.Form.Values.Set("time_zone", b.TimeZone)
	if !b.MandateEnds.IsZero() {
		p.Form.Values.Set("mandate_ends", b.MandateEnds.Format("2006-01-02"))
	}
	for l, n := range b.Names {
		p.Form.Values.Set("name_"+l, n)
	}
	h.render(w, r, http.StatusOK, "body-form", &p)
	return nil
}

// bodyInput reads the body form; a date the browser could not give as yyyy-mm-dd is a
// problem of its field.
func bodyInput(r *http.Request, p *plenary.Problems) body.Input {
	return body.Input{Code: r.PostForm.Get("code"), TimeZone: r.PostForm.Get("time_zone"), Names: formTexts(r.PostForm, "name"),
		MandateEnds: formDate(r.PostForm, "mandate_ends", p)}
}

func (h *Handler) bodySave(w http.ResponseWriter, r *http.Request, code string) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	var p plenary.Problems
	in := bodyInput(r, &p)
	actor := actorOf(r.Context())
	if parent := r.PostForm.Get("parent"); parent != "" && code == "" {
		pb, err := h.svc.Bodies.ByCode(r.Context(), actor, parent)
		if err != nil {
			p.Add("parent", "field.choice", nil)
		}
		in.ParentID = pb.ID
	}
	var b body.Body
	err := p.Err()
	if err == nil {
		if code == "" {
			b, err = h.svc.Bodies.Create(r.Context(), actor, in)
		} else {
			var cur body.Body
			if cur, err = h.bodyOf(r); err == nil {
				b, err = h.svc.Bodies.Update(r.Context(), actor, cur.ID, in)
			}
		}
	}
	if err != nil {
		return h.formAgain(w, r, err, "body-form", func() (pageData, error) {
			p, err := h.bodyFormPage(w, r, code)
			return &p, err
		})
	}
	h.redirect(w, r, "/bodies/"+b.Code, "flash.body_saved")
	return nil
}

func (h *Handler) bodyCreate(w http.ResponseWriter, r *http.Request) error {
	return h.bodySave(w, r, "")
}

func (h *Handler) bodyUpdate(w http.ResponseWriter, r *http.Request) error {
	return h.bodySave(w, r, r.PathValue("body"))
}
