package web

import (
	"net/http"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/server"
)

type signInPage struct {
	Page
	Next string
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request) error {
	a := authOf(r.Context())
	if a.user != nil && a.next == account.StepDone {
		h.redirect(w, r, "/account", "")
		return nil
	}
	p := signInPage{Page: h.page(w, r, "signin.title", "sign-in")}
	p.Form = newForm(r)
	p.Next, _ = safeNext(r.URL.Query().Get("next"))
	h.render(w, r, http.StatusOK, "sign-in", &p)
	return nil
}

// signIn checks the password. A second factor, if any, is asked next; the session
// cookie is set now, and renewed once the second factor is done.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return h.signInFailed(w, r, err)
	}
	actor := actorOf(r.Context())
	res, err := h.svc.Accounts.SignIn(r.Context(), actor, account.SignInInput{
		Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"), UserAgent: r.UserAgent(),
	})
	if err != nil {
		return h.signInFailed(w, r, err)
	}
	h.setSessionCookie(w, res.Token)
	next, ok := safeNext(r.PostForm.Get("next"))
	switch res.Next {
	case account.StepSecondFactor:
		target := "/sign-in/second-factor"
		if ok {
			target += "?next=" + urlQueryEscape(next)
		}
		h.redirect(w, r, target, "")
	case account.StepEnrol:
		h.redirect(w, r, "/account/second-factor", "flash.enrol_required")
	default:
		if ok {
			h.flash(w, "flash.signed_in")
			http.Redirect(w, r, next, http.StatusSeeOther)
			return nil
		}
		h.redirect(w, r, "/account", "flash.signed_in")
	}
	return nil
}

// signInFailed shows the form again with the problem: field problems next to their
// fields, a wrong password, a disabled account or a rate limit as a problem of the whole
// form.
func (h *Handler) signInFailed(w http.ResponseWriter, r *http.Request, err error) error {
	build := func() (pageData, error) {
		p := signInPage{Page: h.page(w, r, "signin.title", "sign-in")}
		p.Next, _ = safeNext(r.PostForm.Get("next"))
		return &p, nil
	}
	switch plenary.ErrorKind(err) {
	case plenary.KindUnauthenticated, plenary.KindForbidden, plenary.KindTooManyRequests:
	default:
		return h.formAgain(w, r, err, "sign-in", build)
	}
	// 429 and 403 for the limits and disabled accounts; a wrong password 422 like any form
	// with a problem (not 401, which asks for HTTP auth).
	status := server.StatusOf(err)
	if status == http.StatusUnauthorized {
		status = http.StatusUnprocessableEntity
	}
	if d := plenary.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", retryAfterSeconds(d))
	}
	return h.showForm(w, r, status, "sign-in", build, h.formProblem("email", err))
}

// formProblem puts a refusal that is not a field's (a wrong password, a limit) beside
// field, for showForm.
func (h *Handler) formProblem(field string, err error) func(*Form, string) {
	key, args := plenary.ErrorMessage(err)
	return func(f *Form, lang string) {
		f.Errors = append(f.Errors, FieldProblem{Field: field, Message: h.catalog.T(lang, key, args)})
	}
}

type secondFactorPage struct {
	Page
	Next string
}

func (h *Handler) secondFactorForm(w http.ResponseWriter, r *http.Request) error {
	a := authOf(r.Context())
	switch {
	case a.user == nil:
		h.redirect(w, r, "/sign-in", "")
		return nil
	case a.next == account.StepDone:
		h.redirect(w, r, "/account", "")
		return nil
	case a.next == account.StepEnrol:
		h.redirect(w, r, "/account/second-factor", "")
		return nil
	}
	p := secondFactorPage{Page: h.page(w, r, "second_factor.title", "sign-in")}
	p.Form = newForm(r)
	p.Next, _ = safeNext(r.URL.Query().Get("next"))
	h.render(w, r, http.StatusOK, "second-factor", &p)
	return nil
}

func (h *Handler) secondFactor(w http.ResponseWriter, r *http.Request) error {
	a := authOf(r.Context())
	if a.user == nil {
		h.redirect(w, r, "/sign-in", "flash.signed_out")
		return nil
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	token, err := h.svc.Accounts.VerifySecondFactor(r.Context(), actorOf(r.Context()), a.token, r.PostForm.Get("code"))
	if err != nil {
		if plenary.ErrorKind(err) == plenary.KindUnauthenticated {
			h.clearSessionCookie(w)
			h.redirect(w, r, "/sign-in", "flash.second_factor_locked")
			return nil
		}
		return h.formAgain(w, r, err, "second-factor", func() (pageData, error) {
			p := secondFactorPage{Page: h.page(w, r, "second_factor.title", "sign-in")}
			p.Next, _ = safeNext(r.PostForm.Get("next"))
			return &p, nil
		})
	}
	h.setSessionCookie(w, token)
	if next, ok := safeNext(r.PostForm.Get("next")); ok {
		h.flash(w, "flash.signed_in")
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	h.redirect(w, r, "/account", "flash.signed_in")
	return nil
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) error {
	if a := authOf(r.Context()); a.token != "" {
		if err := h.svc.Accounts.SignOut(r.Context(), a.token); err != nil {
			return err
		}
	}
	h.clearSessionCookie(w)
	h.redirect(w, r, "/", "flash.signed_out")
	return nil
}

type forgotPage struct {
	Page
	Sent bool
}

func (h *Handler) forgotForm(w http.ResponseWriter, r *http.Request) error {
	p := forgotPage{Page: h.page(w, r, "password.forgot_title", "sign-in")}
	p.Form = newForm(r)
	h.render(w, r, http.StatusOK, "password-forgot", &p)
	return nil
}

// forgot sends a reset link. The page says the same whether or not the address has an
// account.
func (h *Handler) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	err := h.svc.Accounts.RequestPasswordReset(r.Context(), actorOf(r.Context()), r.PostForm.Get("email"))
	if err != nil {
		build := func() (pageData, error) {
			return &forgotPage{Page: h.page(w, r, "password.forgot_title", "sign-in")}, nil
		}
		if plenary.ErrorKind(err) == plenary.KindTooManyRequests {
			w.Header().Set("Retry-After", retryAfterSeconds(plenary.RetryAfter(err)))
			return h.showForm(w, r, http.StatusTooManyRequests, "password-forgot", build, h.formProblem("email", err))
		}
		return h.formAgain(w, r, err, "password-forgot", build)
	}
	p := forgotPage{Page: h.page(w, r, "password.forgot_title", "sign-in"), Sent: true}
	p.Form = newForm(r)
	h.render(w, r, http.StatusOK, "password-forgot", &p)
	return nil
}

type setPasswordPage struct {
	Page
	Token   string
	Purpose string
	Problem string // the link is invalid, used or expired
}

func (h *Handler) setPasswordForm(w http.ResponseWriter, r *http.Request) error {
	p := h.setPasswordPage(w, r, r.URL.Query().Get("token"))
	purpose, err := h.svc.Accounts.CheckPasswordLink(r.Context(), p.Token)
	if err != nil {
		return h.badLink(w, r, p, err)
	}
	p.Purpose = purpose
	h.render(w, r, http.StatusOK, "password-set", p)
	return nil
}

// setPasswordPage is the form of a password link.
func (h *Handler) setPasswordPage(w http.ResponseWriter, r *http.Request, token string) *setPasswordPage {
	p := &setPasswordPage{Page: h.page(w, r, "password.set_title", "sign-in"), Token: token}
	p.Form = newForm(r)
	// The link's token stays out of the language switcher's URLs and so out of other
	// pages' Referer headers.
	p.Path = "/password/set"
	return p
}

// badLink says on the link's page that it is invalid, used or expired (400); any other
// error is returned, for the error page.
func (h *Handler) badLink(w http.ResponseWriter, r *http.Request, p *setPasswordPage, err error) error {
	if plenary.ErrorKind(err) != plenary.KindInvalid {
		return err
	}
	key, _ := plenary.ErrorMessage(err)
	p.Problem = h.catalog.T(p.Lang, key, nil)
	h.render(w, r, http.StatusBadRequest, "password-set", p)
	return nil
}

func (h *Handler) setPassword(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	token, password := r.PostForm.Get("token"), r.PostForm.Get("password")
	build := func() (pageData, error) { return h.setPasswordPage(w, r, token), nil }
	if password != r.PostForm.Get("password_confirm") {
		var p plenary.Problems
		p.Add("password_confirm", "field.password_mismatch", nil)
		return h.formAgain(w, r, p.Err(), "password-set", build)
	}
	if _, err := h.svc.Accounts.SetPasswordWithLink(r.Context(), actorOf(r.Context()), token, password); err != nil {
		if _, ok := isValidation(err); ok {
			return h.formAgain(w, r, err, "password-set", build)
		}
		return h.badLink(w, r, h.setPasswordPage(w, r, token), err)
	}
	h.clearSessionCookie(w)
	h.redirect(w, r, "/sign-in", "flash.password_set")
	return nil
}
