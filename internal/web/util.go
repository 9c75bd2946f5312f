package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"
)

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}

func parseID(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// noStore adapts a handler whose answer, error pages included, must not be stored.
func (h *Handler) noStore(fn func(http.ResponseWriter, *http.Request) error) http.Handler {
	inner := h.handle(fn)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		inner.ServeHTTP(w, r)
	})
}
