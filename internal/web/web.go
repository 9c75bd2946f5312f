// Package web serves plenary's pages: server-rendered HTML in the six languages, with
// the language as the first segment of every path (/ar/…, /zh/…), right-to-left layout
// for Arabic, and every flow working without JavaScript.
//
// Handlers parse a request into a service input, call the domain service with the actor,
// and render the result or the error. They hold no rules: what the actor may do is
// decided in the services.
package web

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/server"
	"github.com/plenary-platform/plenary/internal/services"
)

// Options tune the web layer.
type Options struct {
	// Secure marks cookies Secure (the instance is reached over HTTPS).
	Secure bool
	// ClientIP returns the address a request comes from.
	ClientIP func(*http.Request) string
	// BaseURL is the public address, for links that leave the site (calendar files).
	BaseURL string
}

// Handler serves every page.
type Handler struct {
	svc     services.Services
	catalog *i18n.Catalog
	pages   *pages
	assets  *Assets
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux // routes without the language prefix
	// patterns are the routes as registered, for tests that visit every page.
	patterns []string
	live     *liveCache
}

// New builds the page handler. It parses every template once and fails if one is broken.
func New(svc services.Services, catalog *i18n.Catalog, opts Options, log *slog.Logger) (*Handler, error) {
	assets, err := LoadAssets()
	if err != nil {
		return nil, err
	}
	p, err := parsePages(catalog, assets)
	if err != nil {
		return nil, err
	}
	if opts.ClientIP == nil {
		opts.ClientIP = server.ClientIP(false)
	}
	h := &Handler{svc: svc, catalog: catalog, pages: p, assets: assets, opts: opts, log: log, mux: http.NewServeMux(), live: newLiveCache()}
	h.routes()
	return h, nil
}

// Assets returns the static files, for the server to serve under /static/.
func (h *Handler) Assets() *Assets { return h.assets }

// ServeHTTP takes the language from the first path segment and serves the rest of the
// path. A path without a language is redirected to the reader's language; a path with
// an unknown first segment is not found.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	seg, rest, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if plenary.ValidLanguage(seg) {
		r2 := r.Clone(withLang(r.Context(), seg))
		r2.URL.Path = "/" + rest
		r2.URL.RawPath = ""
		h.withSession(h.mux).ServeHTTP(w, r2)
		return
	}
	lang := h.preferredLanguage(r)
	// Known pages without a language go to the reader's language: "/" and "/states"
	// work as people type them.
	probe := r.Clone(r.Context())
	if _, pattern := h.mux.Handler(probe); pattern != "" && pattern != "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		target := "/" + lang + path
		if path == "/" {
			target = "/" + lang + "/"
		}
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		w.Header().Add("Vary", "Accept-Language, Cookie")
		http.Redirect(w, r, target, http.StatusFound)
		return
	}
	r2 := r.Clone(withLang(r.Context(), lang))
	h.withSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.renderError(w, r, plenary.NotFound())
	})).ServeHTTP(w, r2)
}

// langCookie remembers the last language a person read pages in, for "/".
const langCookie = "plenary_lang"

func (h *Handler) preferredLanguage(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && plenary.ValidLanguage(c.Value) {
		return c.Value
	}
	return h.catalog.Negotiate(r.Header.Get("Accept-Language"))
}

// routeMux registers routes on the handler's mux and remembers their patterns.
type routeMux struct{ h *Handler }

func (m routeMux) Handle(pattern string, handler http.Handler) {
	m.h.patterns = append(m.h.patterns, pattern)
	m.h.mux.Handle(pattern, handler)
}

// Patterns returns every route's pattern ("GET /documents/{doc}", …), without the
// language prefix: the confidentiality tests visit every page as every role.
func (h *Handler) Patterns() []string { return append([]string(nil), h.patterns...) }
