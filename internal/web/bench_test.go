package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/plenary-platform/plenary"
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
