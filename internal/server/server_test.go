package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func handler(pages http.Handler, ready error) http.Handler {
	return Handler(Config{
		Pages: pages, API: http.NotFoundHandler(), Static: http.NotFoundHandler(),
		Ready: func(context.Context) error { return ready }, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Metrics: prometheus.NewRegistry(), MaxBody: 1024,
	})
}

func TestRequestIDs(t *testing.T) {
	var seen string
	h := handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = r.Header.Get(requestIDHeader) }), nil)
	for in, keep := range map[string]bool{"": false, "abc-123": true, "bad id\r\nX: y": false, strings.Repeat("a", 65): false} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		if in != "" {
			req.Header.Set(requestIDHeader, in)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		out := rec.Header().Get(requestIDHeader)
		if out == "" || out != seen || (keep && out != in) || (!keep && out == in) {
			t.Errorf("in %q: out %q, handler saw %q", in, out, seen)
		}
	}
}

func TestPanicIsRecovered(t *testing.T) {
	h := handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "boom") {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestReadiness(t *testing.T) {
	for ready, want := range map[error]int{nil: 200, errors.New("schema behind"): 503} {
		rec := httptest.NewRecorder()
		handler(http.NotFoundHandler(), ready).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if rec.Code != want {
			t.Errorf("ready %v: %d", ready, rec.Code)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	h := handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		}
	}), nil)
	for _, chunked := range []bool{false, true} {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("a", 2048)))
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		if chunked {
			req.ContentLength = -1 // the size is unknown until read
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked=%v: %d", chunked, rec.Code)
		}
	}
}

// TestLoggedPath: what a log may keep of a path: no acknowledgement link's secret, no
// submission's tracking number; IDs and page names are kept.
func TestLoggedPath(t *testing.T) {
	for in, want := range map[string]string{
		"/en/pings/acknowledge/AAAAsecretBBBB":        "/en/pings/acknowledge/…",
		"/api/v1/submissions/GM-7QK2-X9TB":            "/api/v1/submissions/…",
		"/fr/submissions/GM-7QK2-X9TB":                "/fr/submissions/…",
		"/api/v1/submissions/GM-7QK2-X9TB/file":       "/api/v1/submissions/…",
		"/en/submissions/track":                       "/en/submissions/track",
		"/en/submissions/withdrawal":                  "/en/submissions/withdrawal",
		"/en/submissions/42/decision":                 "/en/submissions/42/decision",
		"/en/consultations/3/submissions":             "/en/consultations/3/submissions",
		"/api/v1/consultations/3/submissions/bulk":    "/api/v1/consultations/3/submissions/bulk",
		"/api/v1/submissions/GM-7QK2-X9TB/withdrawal": "/api/v1/submissions/…",
		"/en/documents/12":                            "/en/documents/12",
	} {
		if got := LoggedPath(in); got != want {
			t.Errorf("LoggedPath(%q) = %q, want %q", in, got, want)
		}
	}
}
