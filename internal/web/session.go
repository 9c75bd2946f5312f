package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
)

// sessionCookie is the name of the session cookie. Over HTTPS it takes the __Host-
// prefix, which browsers accept only from a secure origin, for the whole host, with no
// Domain: nothing can plant it from a sibling domain.
func (h *Handler) sessionCookie() string {
	if h.opts.Secure {
		return "__Host-plenary_session"
	}
	return "plenary_session"
}

// withSession finds the session of the request's cookie and puts who is acting in the
// request's context. A stale cookie is cleared.
func (h *Handler) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := h.opts.ClientIP(r)
		a := &auth{actor: plenary.Public(langOf(r.Context()))}
		a.actor.IP = ip
		if c, err := r.Cookie(h.sessionCookie()); err == nil && c.Value != "" {
			res, err := h.svc.Accounts.Authenticate(r.Context(), c.Value, ip)
			switch {
			case err == nil:
				a = &auth{token: c.Value, user: &res.User, session: res.Session, next: res.Next, actor: res.Actor}
			case plenary.ErrorKind(err) == plenary.KindUnauthenticated:
				h.clearSessionCookie(w)
			default:
				h.renderError(w, r, err)
				return
			}
		}
		if a.user != nil {
			// Pages of a signed-in person must not be kept by shared caches or the
			// browser's back-forward cache after sign-out.
			w.Header().Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r.WithContext(withAuth(r.Context(), a)))
	})
}

func (h *Handler) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: h.sessionCookie(), Value: token, Path: "/", HttpOnly: true, Secure: h.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(h.svc.Accounts.Config().SessionLifetime / time.Second),
	})
}

func (h *Handler) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: h.sessionCookie(), Value: "", Path: "/", HttpOnly: true, Secure: h.opts.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1,
	})
}

// flashCookie carries a message key to show on the next page (after a redirect).
const flashCookie = "plenary_flash"

func (h *Handler) flash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true,
		Secure: h.opts.Secure, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

// isFlashKey tells a catalogue key meant for a flash message: "flash.…", or a domain's
// own "….flash.…".
func isFlashKey(key string) bool {
	return strings.HasPrefix(key, "flash.") || strings.Contains(key, ".flash.")
}

// takeFlash reads and clears the flash message. Only flash keys are accepted, so a forged
// cookie cannot put arbitrary catalogue text on a page.
func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil || len(c.Value) > 100 || len(c.Value) < 7 || !isFlashKey(c.Value) {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: h.opts.Secure})
	if !h.catalog.Has(langOf(r.Context()), c.Value) {
		return ""
	}
	return h.catalog.T(langOf(r.Context()), c.Value, nil)
}
