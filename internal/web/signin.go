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
// fields, a wrong password or a rate limit as a problem of the whole form.
func (h *Handler) signInFailed(w http.ResponseWriter, r *http.Request, err error) error {
	p := signInPage{Page: h.page(w, r, "signin.title", "sign-in")}
	p.Form = newForm(r)
	p.Next, _ = safeNext(r.PostForm.Get("next"))
	// A refused sign-in re-shows the form: 422 like any form with a problem, or 429 and
	// 403 for the limits and disabled accounts (not 401, which asks for HTTP auth).
	status := server.StatusOf(err)
	if status == http.StatusUnauthorized {
		status = http.StatusUnprocessableEntity
	}
	if v, ok := isValidation(err); ok {
		p.Form.setErrors(h.catalog, p.Lang, v)
	} else {
		switch plenary.ErrorKind(err) {
		case plenary.KindUnauthenticated, plenary.KindForbidden, plenary.KindTooManyRequests:
			key, args := plenary.ErrorMessage(err)
			p.Form.Errors = append(p.Form.Errors, FieldProblem{Field: "email", Message: h.catalog.T(p.Lang, key, args)})
			if d := plenary.RetryAfter(err); d > 0 {
				w.Header().Set("Retry-After", retryAfterSeconds(d))
			}
		default:
			return err
		}
	}
	h.render(w, r, status, "sign-in", &p)
	return nil
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
		if v, ok := isValidation(err); ok {
			p := secondFactorPage{Page: h.page(w, r, "second_factor.title", "sign-in")}
			p.Form = newForm(r)
			p.Next, _ = safeNext(r.PostForm.Get("next"))
			p.Form.setErrors(h.catalog, p.Lang, v)
			h.render(w, r, http.StatusUnprocessableEntity, "second-factor", &p)
			return nil
		}
		if plenary.ErrorKind(err) == plenary.KindUnauthenticated {
			h.clearSessionCookie(w)
			h.redirect(w, r, "/sign-in", "flash.second_factor_locked")
			return nil
		}
		return err
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
	p := forgotPage{Page: h.page(w, r, "password.forgot_title", "sign-in")}
	if err := h.parseForm(r); err != nil {
		return err
	}
	p.Form = newForm(r)
	err := h.svc.Accounts.RequestPasswordReset(r.Context(), actorOf(r.Context()), r.PostForm.Get("email"))
	if err != nil {
		if v, ok := isValidation(err); ok {
			p.Form.setErrors(h.catalog, p.Lang, v)
			h.render(w, r, http.StatusUnprocessableEntity, "password-forgot", &p)
			return nil
		}
		if plenary.ErrorKind(err) == plenary.KindTooManyRequests {
			key, args := plenary.ErrorMessage(err)
			p.Form.Errors = append(p.Form.Errors, FieldProblem{Field: "email", Message: h.catalog.T(p.Lang, key, args)})
			w.Header().Set("Retry-After", retryAfterSeconds(plenary.RetryAfter(err)))
			h.render(w, r, http.StatusTooManyRequests, "password-forgot", &p)
			return nil
		}
		return err
	}
	p.Sent = true
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
	p := setPasswordPage{Page: h.page(w, r, "password.set_title", "sign-in"), Token: r.URL.Query().Get("token")}
	p.Form = newForm(r)
	// The link's token stays out of the language switcher's URLs and so out of other
	// pages' Referer headers.
	p.Path = "/password/set"
	purpose, err := h.svc.Accounts.CheckPasswordLink(r.Context(), p.Token)
	if err != nil {
		if plenary.ErrorKind(err) != plenary.KindInvalid {
			return err
		}
		key, _ := plenary.ErrorMessage(err)
		p.Problem = h.catalog.T(p.Lang, key, nil)
		h.render(w, r, http.StatusBadRequest, "password-set", &p)
		return nil
	}
	p.Purpose = purpose
	h.render(w, r, http.StatusOK, "password-set", &p)
	return nil
}

func (h *Handler) setPassword(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	p := setPasswordPage{Page: h.page(w, r, "password.set_title", "sign-in"), Token: r.PostForm.Get("token")}
	p.Path = "/password/set"
	p.Form = newForm(r)
	password := r.PostForm.Get("password")
	if password != r.PostForm.Get("password_confirm") {
		p.Form.addError(h.catalog, p.Lang, "password_confirm", "field.password_mismatch")
		h.render(w, r, http.StatusUnprocessableEntity, "password-set", &p)
		return nil
	}
	_, err := h.svc.Accounts.SetPasswordWithLink(r.Context(), actorOf(r.Context()), p.Token, password)
	if err != nil {
		if v, ok := isValidation(err); ok {
			p.Form.setErrors(h.catalog, p.Lang, v)
			h.render(w, r, http.StatusUnprocessableEntity, "password-set", &p)
			return nil
		}
		if plenary.ErrorKind(err) == plenary.KindInvalid {
			key, _ := plenary.ErrorMessage(err)
			p.Problem = h.catalog.T(p.Lang, key, nil)
			h.render(w, r, http.StatusBadRequest, "password-set", &p)
			return nil
		}
		return err
	}
	h.clearSessionCookie(w)
	h.redirect(w, r, "/sign-in", "flash.password_set")
	return nil
}
