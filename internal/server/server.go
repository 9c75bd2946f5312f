// Package server runs plenary's HTTP server: the middleware every request passes
// through (panic recovery, request IDs, access log, security headers, cross-origin
// protection, body limits), the health and metrics endpoints, and graceful shutdown.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Checker reports whether a dependency is ready (the database, say).
type Checker func(ctx context.Context) error

// Config is what the server serves.
type Config struct {
	Pages   http.Handler // everything else: the pages under /{lang}/
	API     http.Handler // /api/v1/…
	Static  http.Handler // /static/…
	Ready   Checker
	Log     *slog.Logger
	Metrics *prometheus.Registry
	// Secure adds Strict-Transport-Security (the instance is reached over HTTPS).
	Secure bool
	// MaxBody bounds request bodies; larger ones are refused before they are read.
	MaxBody int64
	// Refuse writes the answer to a request refused before it reaches a route (403 for a
	// cross-origin form, 413 for a body too large), in the reader's language. Plain text
	// when nil.
	Refuse func(w http.ResponseWriter, r *http.Request, status int)
}

// Handler builds the whole request path.
func Handler(c Config) http.Handler {
	if c.MaxBody <= 0 {
		c.MaxBody = 48 << 20 // a document's PDF and DOCX together; routes bound their own bodies more tightly
	}
	if c.Refuse == nil {
		c.Refuse = func(w http.ResponseWriter, _ *http.Request, status int) {
			http.Error(w, http.StatusText(status), status)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/static/", c.Static)
	mux.Handle("/api/", c.API)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := c.Ready(ctx); err != nil {
			c.Log.Warn("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(c.Metrics, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("User-agent: *\nDisallow: /api/\nDisallow: /*/account\nDisallow: /*/admin/\n"))
	})
	mux.Handle("/", c.Pages)

	m := newMetrics(c.Metrics)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.Refuse(w, r, http.StatusForbidden)
	}))
	// Outermost first: a panic anywhere is recovered and logged with the request ID.
	return chain(mux,
		recoverer(c.Log),
		requestID,
		accessLog(c.Log, m),
		securityHeaders(c.Secure),
		cop.Handler,
		limitBody(c.MaxBody, c.Refuse),
	)
}

func chain(h http.Handler, mws ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}

const requestIDHeader = "X-Request-Id"

// requestID gives every request an ID, in the request (for handlers and logs) and the
// response (for the person reporting a problem). An ID from a proxy is kept if sane.
func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !saneID(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		r.Header.Set(requestIDHeader, id)
		w.Header().Set(requestIDHeader, id)
		next.ServeHTTP(w, r)
	})
}

func saneID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush and Unwrap keep streaming responses (server-sent events) working through the log.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog logs one line per request: method, path (never the query, which may hold a
// password link's token, and without the token of a link that carries it in the path),
// status, size, duration and request ID.
func accessLog(log *slog.Logger, m *metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			d := time.Since(start)
			m.observe(r, sw.status, d)
			if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" {
				return
			}
			log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("path", LoggedPath(r.URL.Path)),
				slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
				slog.Duration("duration", d), slog.String("request_id", r.Header.Get(requestIDHeader)))
		})
	}
}

// secretSegments are path segments after which a link's secret follows: a ping's
// acknowledgement link works for whoever holds it, and a log is read by more people
// than the mail it came in.
var secretSegments = []string{"/pings/acknowledge/"}

// submissionPages are the names under /submissions/ that are not tracking numbers.
var submissionPages = []string{"track", "withdrawal", "bulk"}

// LoggedPath is path as logs may keep it: a link's secret is cut, and so is a
// submission's tracking number (/submissions/GM-…, in the API's path and in links people
// follow), which with its author's address reads and withdraws input sent without an
// account. A submission's numeric ID, and the words of the pages under /submissions/,
// are kept.
func LoggedPath(path string) string {
	for _, seg := range secretSegments {
		if i := strings.Index(path, seg); i >= 0 {
			return path[:i+len(seg)] + "…"
		}
	}
	const subs = "/submissions/"
	if i := strings.Index(path, subs); i >= 0 {
		rest := path[i+len(subs):]
		name, _, _ := strings.Cut(rest, "/")
		if name != "" && strings.ContainsFunc(name, func(r rune) bool { return r < '0' || r > '9' }) && !slices.Contains(submissionPages, name) {
			return path[:i+len(subs)] + "…"
		}
	}
	return path
}

// recoverer turns a panic into a 500 and a log line with the stack.
func recoverer(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					log.Error("panic", "value", p, "path", LoggedPath(r.URL.Path), "request_id", r.Header.Get(requestIDHeader), "stack", string(debug.Stack()))
					http.Error(w, "internal error", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// contentSecurityPolicy allows nothing from elsewhere and no inline script or style.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func securityHeaders(secure bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", contentSecurityPolicy)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Cross-Origin-Resource-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
			if secure {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// limitBody refuses a body larger than max: at once if it says so, and otherwise when
// reading passes the limit.
func limitBody(max int64, refuse func(http.ResponseWriter, *http.Request, int)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > max {
				w.Header().Set("Connection", "close")
				refuse(w, r, http.StatusRequestEntityTooLarge)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, max)
			next.ServeHTTP(w, r)
		})
	}
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "plenary_http_requests_total", Help: "HTTP requests by surface, method and status class.",
		}, []string{"surface", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "plenary_http_request_duration_seconds", Help: "HTTP request durations by surface.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"surface"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// surface groups paths coarsely, so that labels stay few whatever the URLs.
func surface(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/"):
		return "api"
	case strings.HasPrefix(path, "/static/"):
		return "static"
	case path == "/healthz" || path == "/readyz" || path == "/metrics":
		return "ops"
	}
	return "pages"
}

func (m *metrics) observe(r *http.Request, status int, d time.Duration) {
	s := surface(r.URL.Path)
	m.requests.WithLabelValues(s, r.Method, strconv.Itoa(status/100)+"xx").Inc()
	m.duration.WithLabelValues(s).Observe(d.Seconds())
}

// Serve runs srv on ln until ctx ends, then shuts down gracefully: it stops accepting,
// lets requests in flight finish (up to grace), and returns.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// New returns an http.Server with timeouts that a slow or malicious client cannot hold
// open forever.
func New(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
