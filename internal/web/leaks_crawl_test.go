package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// crawler reads everything a role may reach in a leakWorld.
type crawler struct {
	w *leakWorld
	// six are the path prefixes read in the six languages; other pages are read in
	// English and Arabic.
	six []string
	// patterns are the routed GET pages, without the language; routes those with
	// parameters.
	patterns []string
	routes   []route
	// api are the GET operations of the OpenAPI document with their query parameters.
	api []apiOperation
}

type apiOperation struct {
	path   string
	params []apiParameter
}

type apiParameter struct {
	name   string
	values []string
}

// maxListPages bounds the pages of one API list a role reads (the audit trail's grows as
// the roles read).
const maxListPages = 100

// maxReads bounds what one role reads: past it pages would go unread, and the test says so.
const maxReads = 6000

func newCrawler(t *testing.T, w *leakWorld, six []string) *crawler {
	t.Helper()
	c := &crawler{w: w, six: six}
	for _, p := range w.e.Pages.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		if method != http.MethodGet || strings.HasSuffix(path, "/events") || strings.HasSuffix(path, "/live") {
			continue // event streams do not end
		}
		c.patterns = append(c.patterns, path)
		if r, ok := newRoute(path); ok {
			c.routes = append(c.routes, r)
		}
	}
	if len(c.patterns) < 50 {
		t.Fatalf("only %d routed pages: the crawler would miss some", len(c.patterns))
	}
	var spec struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(apiGet(t, w.e, "", "/openapi.json")), &spec); err != nil {
		t.Fatal(err)
	}
	for _, path := range mapKeys(spec.Paths) {
		raw, ok := spec.Paths[path]["get"]
		if !ok || strings.Contains(string(raw), `"text/event-stream"`) {
			continue // event streams do not end
		}
		var op struct {
			Parameters []struct {
				Name   string `json:"name"`
				In     string `json:"in"`
				Schema struct {
					Enum []any `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		}
		if err := json.Unmarshal(raw, &op); err != nil {
			t.Fatal(err)
		}
		o := apiOperation{path: path}
		for _, p := range op.Parameters {
			if p.In != "query" || p.Name == "limit" || p.Name == "cursor" {
				continue
			}
			q := apiParameter{name: p.Name}
			for _, v := range p.Schema.Enum {
				if s := fmt.Sprint(v); s != "" {
					q.values = append(q.values, s)
				}
			}
			if len(q.values) == 0 {
				q.values = c.queryValues(p.Name)
			}
			o.params = append(o.params, q)
		}
		c.api = append(c.api, o)
	}
	if len(c.api) < 40 {
		t.Fatalf("only %d GET operations in the OpenAPI document: the crawler would miss some", len(c.api))
	}
	return c
}

// queryValues are the values tried for an API query parameter that lists none.
func (c *crawler) queryValues(name string) []string {
	if vs := c.w.queries[name]; len(vs) > 0 {
		return vs
	}
	switch name {
	case "state", "country":
		return c.w.values["states"]
	case "body":
		return c.w.values["bodies"]
	case "session":
		return c.w.values["sessions"]
	case "from":
		return c.w.values["documents"]
	}
	return nil
}

var (
	paramRE = regexp.MustCompile(`\{[^}]+\}`)
	hrefRE  = regexp.MustCompile(`href="(/[^"#]*)"`)
)

// fakeToken has the shape of an acknowledgement link's token, and is none.
const fakeToken = "AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAA"

// values are what the crawler tries for a parameter, key being the path segment before
// it: the values registered under the parameter's name ("tracking" for {tracking}), or
// the IDs in use after that segment, or, for a segment no domain registered, every ID
// in use.
func (c *crawler) values(param, key string) []string {
	if vs := c.w.values[strings.Trim(param, "{}")]; len(vs) > 0 {
		return vs
	}
	switch param {
	case "{lang}":
		if vs := c.w.values["languages"]; len(vs) > 0 {
			return vs
		}
		return []string{"en"}
	case "{format}":
		return []string{"pdf", "docx"}
	case "{token}":
		return []string{fakeToken}
	case "{iso3}", "{state}":
		return c.w.values["states"]
	case "{body}", "{code}":
		return c.w.values["bodies"]
	}
	if vs := c.w.values[key]; len(vs) > 0 {
		return vs
	}
	var all []string
	for _, k := range mapKeys(c.w.values) {
		if k == "users" || k == "states" || k == "bodies" || k == "languages" || k == "tracking" {
			continue
		}
		for _, v := range c.w.values[k] {
			if !slices.Contains(all, v) {
				all = append(all, v)
			}
		}
	}
	return all
}

// expand returns the paths a pattern gives with the values tried for its parameters:
// each parameter takes each of its values with the others at their first, and all take
// the same index together.
func (c *crawler) expand(pattern string) []string {
	pattern = strings.TrimSuffix(pattern, "{$}")
	locs := paramRE.FindAllStringIndex(pattern, -1)
	if len(locs) == 0 {
		return []string{pattern}
	}
	var vals [][]string
	longest := 0
	for _, l := range locs {
		before := strings.TrimSuffix(pattern[:l[0]], "/")
		key := before[strings.LastIndex(before, "/")+1:]
		vs := c.values(pattern[l[0]:l[1]], key)
		if len(vs) == 0 {
			return nil
		}
		vals = append(vals, vs)
		longest = max(longest, len(vs))
	}
	fill := func(pick func(i int) string) string {
		var b strings.Builder
		last := 0
		for i, l := range locs {
			b.WriteString(pattern[last:l[0]])
			b.WriteString(url.PathEscape(pick(i)))
			last = l[1]
		}
		b.WriteString(pattern[last:])
		return b.String()
	}
	var out []string
	add := func(p string) {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for n := range longest {
		add(fill(func(i int) string { return vals[i][n%len(vals[i])] }))
	}
	for j := range locs {
		for _, v := range vals[j] {
			add(fill(func(i int) string {
				if i == j {
					return v
				}
				return vals[i][0]
			}))
		}
	}
	return out
}

// readPage is one response as a role read it.
type readPage struct{ path, body string }

// reading is everything one role read.
type reading struct {
	pages  []readPage
	all    string
	within map[string]string
}

// crawl reads, as who, every routed page and the pages the world registered, the pages
// they link to, and every GET operation of the API, with and without its filters. A page
// is read in English first; in Arabic, and in the four other languages for a registered
// domain's pages, when the English one showed something (a page refused in one language
// is refused in all).
func (c *crawler) crawl(who string, b *browser, token string) (*reading, error) {
	r := &reading{within: map[string]string{}}
	type item struct {
		path string // without the language
		six  bool
	}
	var queue []item
	for _, pattern := range c.patterns {
		for _, p := range c.expand(pattern) {
			queue = append(queue, item{p, c.sixLanguages(p)})
		}
	}
	for _, p := range c.w.paths {
		queue = append(queue, item{p, true})
	}
	visited := map[string]bool{}
	reads := 0
	for len(queue) > 0 && reads < maxReads {
		it := queue[0]
		queue = queue[1:]
		if visited[it.path] {
			continue
		}
		visited[it.path] = true
		langs := []string{"en", "ar"}
		if it.six {
			langs = plenary.Languages
		}
		for _, lang := range append([]string{"en"}, slices.DeleteFunc(slices.Clone(langs), func(l string) bool { return l == "en" })...) {
			full := "/" + lang + it.path
			res, body, err := c.get(b.c, "", full)
			if err != nil {
				return nil, err
			}
			reads++
			location := res.Header.Get("Location")
			r.pages = append(r.pages, readPage{full, withoutEcho(body+"\n"+location, full)})
			var links []string
			if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
					links = append(links, strings.ReplaceAll(m[1], "&amp;", "&"))
				}
			}
			if location != "" {
				links = append(links, location)
			}
			for _, l := range links {
				u, err := url.Parse(l)
				// Links are followed in English and Arabic (every page links to its other
				// languages); a sign-in link's return address is not a new page.
				if err != nil || u.Host != "" || !(strings.HasPrefix(u.Path, "/en/") || strings.HasPrefix(u.Path, "/ar/")) ||
					strings.HasSuffix(u.Path, "/sign-in") || strings.Contains(u.Path, "sign-out") {
					continue
				}
				u.Path = u.Path[3:]
				if s := u.String(); !visited[s] && c.inUse(u.Path) {
					queue = append(queue, item{s, c.sixLanguages(u.Path)})
				}
			}
			if res.StatusCode/100 != 2 {
				break // nor in any other language
			}
		}
	}
	if reads >= maxReads {
		return nil, fmt.Errorf("stopped at %d pages before reading them all: raise maxReads", maxReads)
	}
	for _, o := range c.api {
		for _, p := range c.expand(o.path) {
			paths := []string{p}
			for _, q := range o.params {
				for _, v := range q.values {
					paths = append(paths, p+"?"+url.Values{q.name: {v}}.Encode())
				}
			}
			for _, p := range paths {
				// Every page of a list.
				for next, n := p, 0; next != "" && n < maxListPages; n++ {
					_, body, err := c.get(http.DefaultClient, token, "/api/v1"+next)
					if err != nil {
						return nil, err
					}
					r.pages = append(r.pages, readPage{"/api/v1" + next, body})
					var page struct {
						Next string `json:"next_cursor"`
					}
					if json.Unmarshal([]byte(body), &page) != nil || page.Next == "" {
						break
					}
					u, _ := url.Parse(next)
					q := u.Query()
					q.Set("cursor", page.Next)
					q.Set("limit", "200")
					u.RawQuery = q.Encode()
					next = u.String()
				}
			}
		}
	}
	var all strings.Builder
	for _, p := range r.pages {
		all.WriteString(p.body)
		all.WriteString("\n")
	}
	r.all = all.String()
	return r, nil
}

// get reads path with client (a browser's, with its session), or with token for the API;
// a server error is an error.
func (c *crawler) get(client *http.Client, token, path string) (*http.Response, string, error) {
	req, err := http.NewRequest(http.MethodGet, c.w.e.Server.URL+path, nil)
	if err != nil {
		return nil, "", err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, "", err
	}
	if res.StatusCode >= 500 {
		return nil, "", fmt.Errorf("%s: %d %s", path, res.StatusCode, b)
	}
	return res, string(b), nil
}

// sixLanguages tells whether a page (its path without the language) is a registered
// domain's, read in the six languages: a path that begins with one of the domains'
// pages, or is one ending with {$}.
func (c *crawler) sixLanguages(path string) bool {
	for _, p := range c.six {
		if exact, ok := strings.CutSuffix(p, "{$}"); ok && path == exact || !ok && strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// inUse tells whether a linked page (its path without the language) is about the
// world's objects: a link from the list of States to each of the 195 States' pages is
// followed only to the States in use, the others' pages being the same for everyone.
func (c *crawler) inUse(path string) bool {
	for _, r := range c.routes {
		m := r.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		for i, param := range r.params {
			if param == "{lang}" || param == "{format}" {
				continue
			}
			v, err := url.PathUnescape(m[i+1])
			if err != nil || !slices.Contains(c.values(param, r.keys[i]), v) {
				return false
			}
		}
		return true
	}
	return true
}

// route is a routed page with parameters, as inUse matches a path against it.
type route struct {
	re     *regexp.Regexp
	params []string // "{doc}"
	keys   []string // the path segment before each ("documents")
}

func newRoute(pattern string) (route, bool) {
	pattern = strings.TrimSuffix(pattern, "{$}")
	locs := paramRE.FindAllStringIndex(pattern, -1)
	if len(locs) == 0 {
		return route{}, false
	}
	var r route
	re := "^" + regexp.QuoteMeta(pattern[:locs[0][0]])
	for i, l := range locs {
		re += "([^/]+)"
		next := len(pattern)
		if i+1 < len(locs) {
			next = locs[i+1][0]
		}
		re += regexp.QuoteMeta(pattern[l[1]:next])
		before := strings.TrimSuffix(pattern[:l[0]], "/")
		r.params = append(r.params, pattern[l[0]:l[1]])
		r.keys = append(r.keys, before[strings.LastIndex(before, "/")+1:])
	}
	r.re = regexp.MustCompile(re + "$")
	return r, true
}

// withoutEcho is a page without what only repeats its own address: the links to it in
// the six languages, the return address of a sign-in, a query's values in its form. A
// value the crawler put in the address is not something the page told.
func withoutEcho(body, full string) string {
	base := full[3:]
	var forms []string
	for _, lang := range plenary.Languages {
		u := "/" + lang + base
		forms = append(forms, u, html.EscapeString(u), url.QueryEscape(u))
	}
	for _, f := range forms {
		body = strings.ReplaceAll(body, f, "")
	}
	_, query, _ := strings.Cut(base, "?")
	if q, err := url.ParseQuery(query); err == nil {
		for _, vs := range q {
			for _, v := range vs {
				body = strings.ReplaceAll(body, `value="`+html.EscapeString(v)+`"`, "")
			}
		}
	}
	return body
}

var (
	selects   = regexp.MustCompile(`(?s)<select.*?</select>`)
	linkAttrs = regexp.MustCompile(`(?:href|src|action)="[^"]*"`)
	langRE    = regexp.MustCompile(`^/(?:ar|zh|en|fr|ru|es)(/|$)`)
)

// find returns the first of f's secrets the role read, or of its names on the pages
// within f.within, or "".
func (r *reading) find(f fact) string {
	for _, s := range f.secrets {
		if strings.Contains(r.all, s) {
			return s
		}
	}
	if len(f.names) == 0 {
		return ""
	}
	text, ok := r.within[f.within.String()]
	if !ok {
		var b strings.Builder
		for _, p := range r.pages {
			path, _, _ := strings.Cut(p.path, "?")
			path = langRE.ReplaceAllString(path, "/")
			if f.within.MatchString(path) {
				// A list of every State to choose from, or a link's target, names a State
				// without saying anything about it.
				b.WriteString(linkAttrs.ReplaceAllString(selects.ReplaceAllString(p.body, ""), ""))
				b.WriteString("\n")
			}
		}
		text = b.String()
		r.within[f.within.String()] = text
	}
	for _, s := range f.names {
		if strings.Contains(text, s) {
			return s
		}
	}
	return ""
}

// where says which responses carry s, one of f's secrets or names.
func (r *reading) where(f fact, s string) string {
	var out []string
	for _, p := range r.pages {
		path, _, _ := strings.Cut(p.path, "?")
		if slices.Contains(f.names, s) && !f.within.MatchString(langRE.ReplaceAllString(path, "/")) {
			continue
		}
		if strings.Contains(p.body, s) {
			out = append(out, p.path)
			if len(out) == 3 {
				out = append(out, "…")
				break
			}
		}
	}
	return strings.Join(out, " ")
}

// apiToken makes a read token for u.
func apiToken(t *testing.T, e *testenv.Env, u account.User) string {
	t.Helper()
	secret, _, err := e.Accounts.CreateToken(ctx, e.Actor(t, u), account.TokenInput{Name: "leak test", Scopes: []plenary.Scope{plenary.ScopeRead}, Days: 90})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// apiGet reads path of the API with token (none for the public).
func apiGet(t *testing.T, e *testenv.Env, token, path string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/api/v1"+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		t.Fatalf("%s: %d %s", path, res.StatusCode, b)
	}
	return string(b)
}
