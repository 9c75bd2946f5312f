package server

import (
	"net/http"
	"strings"
)

// ClientIP returns how to find a request's address: the connection's, or behind a
// trusted proxy the last address the proxy appended to X-Forwarded-For.
func ClientIP(trustProxy bool) func(*http.Request) string {
	return func(r *http.Request) string {
		if trustProxy {
			// The last entry of the last header line is the one our proxy added: a
			// client can write anything before it, and some proxies add a line of
			// their own instead of extending the client's.
			if lines := r.Header.Values("X-Forwarded-For"); len(lines) > 0 {
				parts := strings.Split(lines[len(lines)-1], ",")
				if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
					return ip
				}
			}
		}
		host := r.RemoteAddr
		if i := strings.LastIndexByte(host, ':'); i > 0 && !strings.HasSuffix(host, "]") {
			host = host[:i]
		}
		return strings.Trim(host, "[]")
	}
}
