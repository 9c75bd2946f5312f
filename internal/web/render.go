package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/server"
)

//go:embed templates
var templateFS embed.FS

// pages holds every page template, each parsed with the layout and partials.
type pages struct {
	byName map[string]*template.Template
}

func parsePages(c *i18n.Catalog, a *Assets) (*pages, error) {
	base := template.New("layout").Funcs(template.FuncMap{
		// Functions that need no request; everything translated goes through the page.
		"langName": i18n.LanguageName,
		"dir":      plenary.Direction,
	})
	base, err := base.ParseFS(templateFS, "templates/layout.tmpl", "templates/partials/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.tmpl")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		p.byName[strings.TrimSuffix(path.Base(f), ".tmpl")] = t
	}
	return p, nil
}

// Names lists the page templates, for the test that renders them all.
func (p *pages) Names() []string {
	out := make([]string, 0, len(p.byName))
	for n := range p.byName {
		out = append(out, n)
	}
	return out
}

// Page is what every page has: the language, who is reading, the navigation. Each page
// type embeds it.
type Page struct {
	Lang      string
	Dir       string
	Title     string // already translated
	Path      string // the path without the language, for the language switcher
	Section   string // the navigation entry to mark as current
	Actor     plenary.Actor
	User      *account.User
	Flash     string
	RequestID string
	Form      *Form
	// DirectoryNav is whether the navigation links to the Points of Contact directory.
	DirectoryNav bool
	catalog      *i18n.Catalog
	assets       *Assets
	// PingNav is where the navigation's entry for pings leads ("" for none).
	PingNav string
	// CommunicationNav is whether the navigation links to communications between Points
	// of Contact: for the same people as pings, the Secretariat and verified contacts.
	CommunicationNav bool
}

// T translates key with optional placeholder pairs: {{.T "states.count" "Count" 193}}.
func (p *Page) T(key string, pairs ...any) string {
	var args map[string]any
	if len(pairs) > 0 {
		args = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			if k, ok := pairs[i].(string); ok {
				args[k] = pairs[i+1]
			}
		}
	}
	return p.catalog.T(p.Lang, key, args)
}

// Asset returns the content-hashed URL of a static file.
func (p *Page) Asset(name string) string { return p.assets.URL(name) }

// URL returns a path in the page's language: {{.URL "/states"}} is /fr/states on a French page.
func (p *Page) URL(path string) string { return "/" + p.Lang + path }

// LangURL returns the current page in another language.
func (p *Page) LangURL(lang string) string { return "/" + lang + p.Path }

// Languages lists the six languages for the switcher.
func (p *Page) Languages() []string { return plenary.Languages }

// Date writes a date the way the page's language writes it.
func (p *Page) Date(t time.Time) string { return p.catalog.In(p.Lang).Date(t) }

// DateTime writes a date and a UTC time.
func (p *Page) DateTime(t time.Time) string { return p.catalog.In(p.Lang).DateTime(t) }

// InZone writes an instant as a date and time in a time zone (a body's), naming the zone.
func (p *Page) InZone(t time.Time, zone string) string {
	if t.IsZero() {
		return ""
	}
	return p.catalog.Time(p.Lang, t.UTC().Format(time.RFC3339)+"@"+zone)
}

// StateName names a State by its code in the page's language.
func (p *Page) StateName(iso3 string) string {
	return p.catalog.StateName(iso3, p.Lang)
}

// ISO writes a machine-readable time for <time datetime>.
func (p *Page) ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// RoleName translates a role.
func (p *Page) RoleName(r plenary.Role) string { return p.T("role." + string(r)) }

// SignedIn reports whether someone is fully signed in.
func (p *Page) SignedIn() bool { return p.Actor.SignedIn() }

func (h *Handler) page(w http.ResponseWriter, r *http.Request, titleKey, section string) Page {
	a := authOf(r.Context())
	lang := langOf(r.Context())
	p := Page{
		Lang: lang, Dir: plenary.Direction(lang), Path: r.URL.Path, Section: section,
		Actor: actorOf(r.Context()), RequestID: requestID(r), catalog: h.catalog, assets: h.assets,
	}
	if r.URL.RawQuery != "" && r.Method == http.MethodGet {
		p.Path += "?" + r.URL.RawQuery
	}
	if a.user != nil && a.next == account.StepDone {
		p.User = a.user
		verified := h.verifiedContact(r, p.Actor)
		p.DirectoryNav = h.directoryNav(p.Actor, verified)
		p.PingNav = h.pingNav(p.Actor, verified)
		p.CommunicationNav = p.PingNav != ""
	}
	if titleKey != "" {
		p.Title = h.catalog.T(lang, titleKey, nil)
	}
	if w != nil {
		p.Flash = h.takeFlash(w, r)
		if c, err := r.Cookie(langCookie); err != nil || c.Value != lang {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, Secure: h.opts.Secure, SameSite: http.SameSiteLaxMode})
		}
	}
	return p
}

// requestIDHeader is set by the server's request-ID middleware.
const requestIDHeader = "X-Request-Id"

func requestID(r *http.Request) string { return r.Header.Get(requestIDHeader) }

// page is any page struct, by pointer: the base's methods have pointer receivers so that
// a template calling them 195 times in a list does not copy the page each time.
type pageData interface{ base() *Page }

func (p *Page) base() *Page { return p }

// render writes a page with status. It renders into a buffer first, so that a template
// error becomes a clean error page instead of half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	t, ok := h.pages.byName[name]
	if !ok {
		h.log.Error("web: no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		h.log.Error("web: render", "page", name, "err", err, "request_id", requestID(r))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage shows an error in the reader's language.
type errorPage struct {
	Page
	Message string
	Status  int
}

// renderError renders any error as a page. Someone who must sign in is sent to sign in
// (and back afterwards); internal errors are logged with the request ID and shown as a
// generic message with that ID, so that support can find the log line.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errTooLarge) {
		h.refuseIn(w, r, http.StatusRequestEntityTooLarge, langOf(r.Context()))
		return
	}
	status := server.StatusOf(err)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		h.redirectToSignIn(w, r)
		return
	}
	if status >= 500 {
		h.log.Error("web: request failed", "err", err, "path", server.LoggedPath(r.URL.Path), "request_id", requestID(r))
	}
	if d := plenary.RetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
	key, args := plenary.ErrorMessage(err)
	p := errorPage{Page: h.page(w, r, "error.title."+strconv.Itoa(status), ""), Status: status}
	if p.Title == "error.title."+strconv.Itoa(status) {
		p.Title = h.catalog.T(p.Lang, "error.title.generic", nil)
	}
	p.Message = h.catalog.T(p.Lang, key, args)
	h.render(w, r, status, "error", &p)
}

// Refuse renders the page for a request the server refused before routing it: a form
// posted from another site (403) or a body too large (413), in the language of the path
// (or of the browser). A form too large is also what an over-long field gives, so the page
// says what to do.
func (h *Handler) Refuse(w http.ResponseWriter, r *http.Request, status int) {
	lang, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if !plenary.ValidLanguage(lang) {
		lang = h.preferredLanguage(r)
	}
	h.refuseIn(w, r, status, lang)
}

// refuseIn renders the refusal page in lang: for a route that found the body too large
// itself, once the language prefix is gone from the path.
func (h *Handler) refuseIn(w http.ResponseWriter, r *http.Request, status int, lang string) {
	r = r.WithContext(withLang(r.Context(), lang))
	key := "error.cross_origin"
	if status == http.StatusRequestEntityTooLarge {
		key = "error.too_large"
	}
	p := errorPage{Page: h.page(nil, r, "error.title."+strconv.Itoa(status), ""), Status: status, Message: h.catalog.T(lang, key, nil)}
	h.render(w, r, status, "error", &p)
}

// redirectToSignIn sends the reader to sign in, and back here afterwards; a session
// waiting for its second factor goes to that step.
func (h *Handler) redirectToSignIn(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r.Context())
	switch authOf(r.Context()).next {
	case account.StepSecondFactor:
		http.Redirect(w, r, "/"+lang+"/sign-in/second-factor", http.StatusSeeOther)
		return
	case account.StepEnrol:
		http.Redirect(w, r, "/"+lang+"/account/second-factor", http.StatusSeeOther)
		return
	}
	next := r.URL.Path
	if r.URL.RawQuery != "" {
		next += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, "/"+lang+"/sign-in?next="+url.QueryEscape("/"+lang+next), http.StatusSeeOther)
}

// redirect answers a successful form with 303 See Other to a path in the reader's
// language, with an optional flash message.
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, path, flashKey string) {
	if flashKey != "" {
		h.flash(w, flashKey)
	}
	http.Redirect(w, r, "/"+langOf(r.Context())+path, http.StatusSeeOther)
}

// safeNext accepts a return path only if it is a path of this site's pages: it starts
// with a language, has no scheme or host once parsed, and holds no control character or
// backslash (browsers drop tabs and read backslashes as slashes, so "/\t/evil" and
// "/\\evil" would leave the site).
func safeNext(next string) (string, bool) {
	if len(next) < 4 || len(next) > 2000 || strings.ContainsAny(next, "\\") {
		return "", false
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || strings.HasPrefix(next, "//") {
		return "", false
	}
	lang, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if !strings.HasPrefix(next, "/") || !plenary.ValidLanguage(lang) || strings.Contains(u.Path, "/.") {
		return "", false
	}
	return next, true
}

// handle adapts a handler that returns an error: an error is rendered as a page.
func (h *Handler) handle(fn func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			h.renderError(w, r, err)
		}
	})
}

// show is the handler of a page that is only shown: build makes it, and it is rendered
// with 200 (a page that also answers a form shows it again through formAgain).
func show[P any, PP interface {
	*P
	pageData
}](h *Handler, name string, build func(http.ResponseWriter, *http.Request) (P, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := build(w, r)
		if err != nil {
			return err
		}
		h.render(w, r, http.StatusOK, name, PP(&p))
		return nil
	}
}

// notFound is every path no route takes: not found, in the reader's language.
func (h *Handler) notFound(http.ResponseWriter, *http.Request) error { return plenary.NotFound() }

// isValidation tells a validation error (re-show the form) from others (error page).
func isValidation(err error) (*plenary.ValidationError, bool) {
	var v *plenary.ValidationError
	ok := errors.As(err, &v)
	return v, ok
}
