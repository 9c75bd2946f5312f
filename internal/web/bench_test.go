package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/demo"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// BenchmarkStatesPage serves the public list of States (195 names, sorted by the page's
// collation) through the whole middleware chain, in parallel.
func BenchmarkStatesPage(b *testing.B) {
	e := testenv.New(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			e.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/fr/states", nil))
			if rec.Code != 200 {
				b.Errorf("status %d", rec.Code)
				return
			}
		}
	})
}

// BenchmarkAccountPage serves a signed-in page: session lookup, account and sessions
// reads, rendering.
func BenchmarkAccountPage(b *testing.B) {
	e := testenv.New(b)
	u := e.CreateUser(b, "claire@example.org", "Claire Martin", plenary.Grant{Role: plenary.RoleDelegate, State: "FRA"})
	rec := httptest.NewRecorder()
	form := url.Values{"email": {u.Email}, "password": {testenv.Password}}
	req := httptest.NewRequest(http.MethodPost, "/en/sign-in", nil)
	req.PostForm = form
	e.Handler.ServeHTTP(rec, req)
	cookies := rec.Result().Cookies()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := httptest.NewRequest(http.MethodGet, "/en/account", nil)
			for _, c := range cookies {
				r.AddCookie(c)
			}
			w := httptest.NewRecorder()
			e.Handler.ServeHTTP(w, r)
			if w.Code != 200 {
				b.Errorf("status %d", w.Code)
				return
			}
		}
	})
}

// BenchmarkAccreditationPublicPages serves what the public reads most during a round: the
// accredited organizations and the rounds with their figures and SVG chart, on the demo's
// two rounds.
func BenchmarkAccreditationPublicPages(b *testing.B) {
	e := testenv.New(b)
	e.StopJobs(b) // as `plenary serve --demo` seeds before starting them
	if _, _, err := demo.Seed(context.Background(), demo.Deps{DB: e.App.DB, Clock: e.Clock, Services: e.Services, Catalog: e.App.Catalog,
		BaseURL: e.Config.BaseURL}); err != nil {
		b.Fatal(err)
	}
	for _, path := range []string{"/fr/accreditation/gm/organizations", "/fr/accreditation/gm/rounds", "/fr/accreditation/gm/organizations.csv"} {
		b.Run(path[strings.LastIndex(path, "/")+1:], func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					e.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
					if rec.Code != 200 {
						b.Errorf("%s: status %d", path, rec.Code)
						return
					}
				}
			})
		})
	}
}
