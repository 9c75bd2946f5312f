// Package api serves plenary's JSON API, version 1, under /api/v1, described by an
// OpenAPI 3.1 document generated from this code (huma) and served at
// /api/v1/openapi.json.
//
// Requests authenticate with a bearer token made on the account page. Each operation
// declares the scope it needs as its OpenAPI security requirement, and the middleware
// enforces exactly that; what the actor may see or change is then decided by the domain
// services, as for the pages. Errors are RFC 9457 problem documents in the language of
// Accept-Language, with one entry per faulty field.
package api

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/i18n"
	"github.com/plenary-platform/plenary/internal/server"
	"github.com/plenary-platform/plenary/internal/services"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Options tune the API.
type Options struct {
	Version  string
	BaseURL  string
	ClientIP func(*http.Request) string
}

// API is the JSON API.
type API struct {
	// limits are the bodies operations take beyond MaxBody, by route pattern (limitMux
	// finds a request's).
	limits   map[string]int64
	limitMux *http.ServeMux

	svc     services.Services
	catalog *i18n.Catalog
	opts    Options
	log     *slog.Logger
	huma    huma.API
	mux     *http.ServeMux
}

// New builds the API; its handler serves everything under Prefix.
func New(svc services.Services, catalog *i18n.Catalog, opts Options, log *slog.Logger) *API {
	installErrors(catalog)
	if opts.ClientIP == nil {
		opts.ClientIP = server.ClientIP(false)
	}
	a := &API{svc: svc, catalog: catalog, opts: opts, log: log, mux: http.NewServeMux()}
	cfg := huma.DefaultConfig("plenary API", opts.Version)
	cfg.OpenAPIPath = "/openapi"
	cfg.DocsPath = "" // the docs page would load scripts from a CDN; /{lang}/developers explains the API
	// No $schema links in responses: the OpenAPI document describes every body.
	cfg.CreateHooks = nil
	cfg.SchemasPath = ""
	cfg.Info.Description = "The JSON API of plenary, the platform of the UN Global Mechanism on ICT security. " +
		"Authenticate with `Authorization: Bearer plenary_…` (tokens are made on the account page). " +
		"Lists are paged with `limit` and the opaque `cursor` of the previous page's `next_cursor`. " +
		"Errors are RFC 9457 problem documents in the language of `Accept-Language` (ar, zh, en, fr, ru, es)."
	cfg.Info.License = &huma.License{Name: "Apache-2.0", Identifier: "Apache-2.0"}
	cfg.Servers = []*huma.Server{{URL: strings.TrimRight(opts.BaseURL, "/") + Prefix}}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "An API token from the account page (plenary_…). Scopes: read, write."},
	}
	a.huma = humago.NewWithPrefix(a.mux, Prefix, cfg)
	a.huma.UseMiddleware(a.authenticate)
	// Each operation's declared MaxBodyBytes is the body its route takes: the limits are
	// kept by route pattern, as the mux matches them, so that ServeHTTP refuses a larger
	// body before it is read, and lets an upload's through.
	a.limits, a.limitMux = map[string]int64{}, http.NewServeMux()
	a.huma.OpenAPI().OnAddOperation = append(a.huma.OpenAPI().OnAddOperation, func(_ *huma.OpenAPI, op *huma.Operation) {
		if op.MaxBodyBytes > 0 {
			pattern := op.Method + " " + Prefix + op.Path
			a.limits[pattern] = op.MaxBodyBytes
			a.limitMux.Handle(pattern, http.NotFoundHandler())
		}
	})
	a.routes()
	return a
}

// MaxBody bounds a request body, except an upload's.
const MaxBody = 1 << 20

// ServeHTTP serves the API. A body larger than its operation takes is refused before it
// is read (the server lets bodies as large as the largest upload through).
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	limit := int64(MaxBody)
	if _, pattern := a.limitMux.Handler(r); a.limits[pattern] > 0 {
		limit = a.limits[pattern]
	}
	if r.ContentLength > limit {
		// The server has already refused bodies beyond its own bound; one within it is
		// read and dropped, so that the client, still sending, gets the answer instead
		// of a reset connection.
		_, _ = io.Copy(io.Discard, r.Body)
		a.Refuse(w, r, http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	a.mux.ServeHTTP(w, r)
}

// OpenAPI returns the OpenAPI document, for the test that checks it.
func (a *API) OpenAPI() *huma.OpenAPI { return a.huma.OpenAPI() }

type ctxKey int

const keyActor ctxKey = iota

// actorOf returns the actor the middleware found.
func actorOf(ctx context.Context) plenary.Actor {
	if a, ok := ctx.Value(keyActor).(plenary.Actor); ok {
		return a
	}
	return plenary.Public(plenary.DefaultLanguage)
}

// langOf picks the language of responses from Accept-Language.
func (a *API) langOf(ctx huma.Context) string {
	return a.catalog.Negotiate(ctx.Header("Accept-Language"))
}

// security levels of operations, as OpenAPI security requirements.
var (
	public      []map[string][]string
	readScope   = []map[string][]string{{"bearer": {string(plenary.ScopeRead)}}}
	writeScope  = []map[string][]string{{"bearer": {string(plenary.ScopeWrite)}}}
	signedInAny = readScope
)

// authenticate finds the actor of the bearer token, if any, and enforces the scope the
// operation declares: no token where one is required is 401; a token without the scope
// is 403.
func (a *API) authenticate(ctx huma.Context, next func(huma.Context)) {
	r, _ := humago.Unwrap(ctx)
	ip := a.opts.ClientIP(r)
	lang := a.langOf(ctx)
	actor := plenary.Public(lang)
	actor.IP = ip
	if h := ctx.Header("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			token, ok = strings.CutPrefix(h, "bearer ")
		}
		if !ok {
			a.writeErr(ctx, plenary.Unauthenticated("token.invalid"))
			return
		}
		var err error
		actor, err = a.svc.Accounts.AuthenticateToken(ctx.Context(), strings.TrimSpace(token), ip)
		if err != nil {
			a.writeErr(ctx, err)
			return
		}
		actor.Lang = lang
	}
	for _, req := range ctx.Operation().Security {
		scopes, ok := req["bearer"]
		if !ok {
			continue
		}
		if !actor.SignedIn() {
			ctx.SetHeader("WWW-Authenticate", `Bearer realm="plenary"`)
			a.writeErr(ctx, plenary.Unauthenticated("error.unauthenticated"))
			return
		}
		for _, s := range scopes {
			if plenary.Scope(s) == plenary.ScopeWrite && !actor.CanWrite() {
				ctx.SetHeader("WWW-Authenticate", `Bearer realm="plenary", error="insufficient_scope", scope="write"`)
				a.writeErr(ctx, plenary.Forbidden("error.read_only_token"))
				return
			}
		}
	}
	next(huma.WithValue(ctx, keyActor, actor))
}

// Refuse answers a request the server refused before routing it (403 cross-origin, 413
// too large) with a problem document in the language of Accept-Language.
func (a *API) Refuse(w http.ResponseWriter, r *http.Request, status int) {
	key := "error.cross_origin"
	if status == http.StatusRequestEntityTooLarge {
		key = "api.body_too_large"
	}
	lang := a.catalog.Negotiate(r.Header.Get("Accept-Language"))
	p := &Problem{Status: status, Title: http.StatusText(status), Code: key, Detail: a.catalog.T(lang, key, nil)}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = writeJSON(w, p)
}

func (a *API) writeErr(ctx huma.Context, err error) {
	p := a.problem(a.langOf(ctx), err)
	ctx.SetHeader("Content-Type", "application/problem+json")
	if p.retryAfter != "" {
		ctx.SetHeader("Retry-After", p.retryAfter)
	}
	ctx.SetStatus(p.Status)
	_ = writeJSON(ctx.BodyWriter(), p)
}
