package web

import (
	"image/png"
	"net/http"
	"strconv"

	"github.com/pquerna/otp"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
)

type accountPage struct {
	Page
	Me             account.User
	Holders        map[int64]string // grant id → the State or organization it is held for
	Sessions       []account.Session
	CurrentSession int64
	LanguageOpts   []Option
	Codes          []string // recovery codes just made, shown once
}

// signedIn returns the fully signed-in person, or an error that sends them to sign in.
func signedIn(r *http.Request) (*auth, error) {
	a := authOf(r.Context())
	if a.user == nil || a.next != account.StepDone {
		return nil, plenary.Unauthenticated("error.unauthenticated")
	}
	return a, nil
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request) (accountPage, error) {
	a, err := signedIn(r)
	if err != nil {
		return accountPage{}, err
	}
	actor := actorOf(r.Context())
	me, err := h.svc.Accounts.Me(r.Context(), actor)
	if err != nil {
		return accountPage{}, err
	}
	sessions, err := h.svc.Accounts.Sessions(r.Context(), actor)
	if err != nil {
		return accountPage{}, err
	}
	p := accountPage{Page: h.page(w, r, "account.title", "account"), Me: me, Sessions: sessions, CurrentSession: a.session.ID,
		Holders: map[int64]string{}}
	for _, g := range me.Grants {
		p.Holders[g.ID] = h.holderName(r, p.Page, g.Grant)
	}
	p.Form = newForm(r)
	if r.Method == http.MethodGet {
		p.Form.Values.Set("name", me.Name)
		p.Form.Values.Set("lang", me.Lang)
	}
	p.LanguageOpts = p.LanguageOptions()
	return p, nil
}

// accountForm re-shows the account page with a form's problems.
func (h *Handler) accountForm(w http.ResponseWriter, r *http.Request, err error) error {
	return h.formAgain(w, r, err, "account", func() (pageData, error) {
		p, err := h.accountPage(w, r)
		return &p, err
	})
}

func (h *Handler) accountProfile(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return h.accountForm(w, r, err)
	}
	_, err := h.svc.Accounts.UpdateProfile(r.Context(), actorOf(r.Context()), account.ProfileInput{
		Name: r.PostForm.Get("name"), Lang: r.PostForm.Get("lang"),
	})
	if err != nil {
		return h.accountForm(w, r, err)
	}
	h.redirect(w, r, "/account", "flash.profile_saved")
	return nil
}

func (h *Handler) accountPassword(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return h.accountForm(w, r, err)
	}
	next := r.PostForm.Get("new_password")
	if next != r.PostForm.Get("new_password_confirm") {
		var p plenary.Problems
		p.Add("new_password_confirm", "field.password_mismatch", nil)
		return h.accountForm(w, r, p.Err())
	}
	err = h.svc.Accounts.ChangePassword(r.Context(), actorOf(r.Context()), a.session.ID, r.PostForm.Get("current_password"), next)
	if err != nil {
		return h.accountForm(w, r, err)
	}
	h.redirect(w, r, "/account", "flash.password_changed")
	return nil
}

func (h *Handler) accountEndSession(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if err := h.svc.Accounts.EndSession(r.Context(), actorOf(r.Context()), id); err != nil {
		return err
	}
	h.redirect(w, r, "/account", "flash.session_ended")
	return nil
}

func (h *Handler) roleAccept(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if err := h.svc.Accounts.AcceptRole(r.Context(), actorOf(r.Context()), id); err != nil {
		return err
	}
	h.redirect(w, r, "/account", "flash.role_accepted")
	return nil
}

func (h *Handler) roleDecline(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if err := h.svc.Accounts.DeclineRole(r.Context(), actorOf(r.Context()), id); err != nil {
		return err
	}
	h.redirect(w, r, "/account", "flash.role_declined")
	return nil
}

type enrolPage struct {
	Page
	Enrolment account.Enrolment
	Required  bool
	Codes     []string
}

// enrolForm sets up an authenticator app: for a person whose role requires a second
// factor and who is half-way through signing in, or for anyone from their account page.
func (h *Handler) enrolForm(w http.ResponseWriter, r *http.Request) error {
	a := authOf(r.Context())
	if a.user == nil {
		return plenary.Unauthenticated("error.unauthenticated")
	}
	if a.next == account.StepSecondFactor {
		h.redirect(w, r, "/sign-in/second-factor", "")
		return nil
	}
	p := enrolPage{Page: h.page(w, r, "enrol.title", "account"), Required: a.next == account.StepEnrol}
	p.Form = newForm(r)
	if a.user.TOTPEnabled {
		h.redirect(w, r, "/account", "")
		return nil
	}
	e, err := h.svc.Accounts.BeginEnrolment(r.Context(), a.token)
	if err != nil {
		return err
	}
	p.Enrolment = e
	h.render(w, r, http.StatusOK, "enrol", &p)
	return nil
}

func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) error {
	a := authOf(r.Context())
	if a.user == nil {
		return plenary.Unauthenticated("error.unauthenticated")
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	codes, token, err := h.svc.Accounts.ConfirmEnrolment(r.Context(), actorOf(r.Context()), a.token, r.PostForm.Get("code"))
	if err != nil {
		return h.formAgain(w, r, err, "enrol", func() (pageData, error) {
			p := enrolPage{Page: h.page(w, r, "enrol.title", "account"), Required: a.next == account.StepEnrol}
			var err error
			p.Enrolment, err = h.svc.Accounts.BeginEnrolment(r.Context(), a.token)
			return &p, err
		})
	}
	h.setSessionCookie(w, token)
	// The codes are shown now, once; the page is not cached (Cache-Control: no-store).
	p := enrolPage{Page: h.page(w, r, "enrol.done_title", "account"), Codes: codes}
	p.Actor = a.user.Actor(p.Actor.IP)
	p.User = a.user
	h.render(w, r, http.StatusOK, "enrol", &p)
	return nil
}

// enrolQR draws the enrolment's otpauth URL as a QR code for authenticator apps.
func (h *Handler) enrolQR(w http.ResponseWriter, r *http.Request) error {
	a := authOf(r.Context())
	if a.user == nil {
		return plenary.Unauthenticated("error.unauthenticated")
	}
	e, err := h.svc.Accounts.BeginEnrolment(r.Context(), a.token)
	if err != nil {
		return err
	}
	key, err := otp.NewKeyFromURL(e.URL)
	if err != nil {
		return plenary.Internal(err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return plenary.Internal(err)
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	return png.Encode(w, img)
}

func (h *Handler) disableSecondFactor(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return h.accountForm(w, r, err)
	}
	if err := h.svc.Accounts.DisableSecondFactor(r.Context(), actorOf(r.Context()), r.PostForm.Get("password")); err != nil {
		return h.accountForm(w, r, err)
	}
	h.redirect(w, r, "/account", "flash.second_factor_disabled")
	return nil
}

func (h *Handler) regenerateCodes(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return h.accountForm(w, r, err)
	}
	codes, err := h.svc.Accounts.RegenerateRecoveryCodes(r.Context(), actorOf(r.Context()), r.PostForm.Get("password"))
	if err != nil {
		return h.accountForm(w, r, err)
	}
	p, err := h.accountPage(w, r)
	if err != nil {
		return err
	}
	p.Codes = codes
	h.render(w, r, http.StatusOK, "account", &p)
	return nil
}

type tokenPage struct {
	Page
	Tokens    []account.APIToken
	New       string // the secret of a token just made, shown once
	ScopeOpts []Option
	DaysOpts  []Option
}

func (h *Handler) tokenPage(w http.ResponseWriter, r *http.Request) (tokenPage, error) {
	if _, err := signedIn(r); err != nil {
		return tokenPage{}, err
	}
	tokens, err := h.svc.Accounts.Tokens(r.Context(), actorOf(r.Context()))
	if err != nil {
		return tokenPage{}, err
	}
	p := tokenPage{Page: h.page(w, r, "tokens.title", "account"), Tokens: tokens}
	p.Form = newForm(r)
	for _, d := range account.TokenLifetimes {
		label := p.T("tokens.never")
		if d > 0 {
			label = p.T("tokens.days", "Count", d)
		}
		p.DaysOpts = append(p.DaysOpts, Option{Value: strconv.Itoa(d), Label: label})
	}
	if r.Method == http.MethodGet {
		p.Form.Values.Set("days", "90")
		p.Form.Values.Set("scope_read", "read")
	}
	return p, nil
}

func (h *Handler) tokenCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	in := account.TokenInput{Name: r.PostForm.Get("name")}
	in.Days, _ = strconv.Atoi(r.PostForm.Get("days"))
	if r.PostForm.Get("days") == "" {
		in.Days = -1
	}
	for _, sc := range r.PostForm["scope"] {
		in.Scopes = append(in.Scopes, plenary.Scope(sc))
	}
	secret, _, err := h.svc.Accounts.CreateToken(r.Context(), actorOf(r.Context()), in)
	if err != nil {
		// Someone not signed in is asked to sign in (401), as the page asks them, rather
		// than told by the service that tokens are made in a browser.
		if _, serr := signedIn(r); serr != nil {
			return serr
		}
		return h.formAgain(w, r, err, "tokens", func() (pageData, error) {
			p, err := h.tokenPage(w, r)
			return &p, err
		})
	}
	// The secret is shown now, once, on the list with the new token: no redirect.
	p, err := h.tokenPage(w, r)
	if err != nil {
		return err
	}
	p.New = secret
	p.Form.Values = nil
	h.render(w, r, http.StatusCreated, "tokens", &p)
	return nil
}

func (h *Handler) tokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return plenary.NotFound()
	}
	if err := h.svc.Accounts.RevokeToken(r.Context(), actorOf(r.Context()), id); err != nil {
		return err
	}
	h.redirect(w, r, "/account/tokens", "flash.token_revoked")
	return nil
}
