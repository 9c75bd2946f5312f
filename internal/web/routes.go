package web

import (
	"net/http"

	"github.com/plenary-platform/plenary"
)

// routes lists every page. Paths are without the language prefix, which ServeHTTP strips.
// The role a page is for is noted beside it for the reader; the service decides.
func (h *Handler) routes() {
	m := h.mux
	m.Handle("GET /{$}", h.handle(h.home))
	m.Handle("GET /developers", h.handle(h.developers))

	// States: public.
	m.Handle("GET /states", h.handle(h.stateList))
	m.Handle("GET /states/{iso3}", h.handle(h.stateShow))

	// Signing in and out, passwords.
	m.Handle("GET /sign-in", h.handle(h.signInForm))
	m.Handle("POST /sign-in", h.handle(h.signIn))
	m.Handle("GET /sign-in/second-factor", h.handle(h.secondFactorForm))
	m.Handle("POST /sign-in/second-factor", h.handle(h.secondFactor))
	m.Handle("POST /sign-out", h.handle(h.signOut))
	m.Handle("GET /password/forgot", h.handle(h.forgotForm))
	m.Handle("POST /password/forgot", h.handle(h.forgot))
	m.Handle("GET /password/set", h.handle(h.setPasswordForm))
	m.Handle("POST /password/set", h.handle(h.setPassword))

	// The signed-in person's own account.
	m.Handle("GET /account", h.handle(h.accountShow))
	m.Handle("POST /account/profile", h.handle(h.accountProfile))
	m.Handle("POST /account/password", h.handle(h.accountPassword))
	m.Handle("POST /account/sessions/{id}/end", h.handle(h.accountEndSession))
	m.Handle("POST /account/roles/{id}/accept", h.handle(h.roleAccept))
	m.Handle("POST /account/roles/{id}/decline", h.handle(h.roleDecline))
	m.Handle("GET /account/second-factor", h.handle(h.enrolForm))
	m.Handle("POST /account/second-factor", h.handle(h.enrol))
	m.Handle("GET /account/second-factor/qr.png", h.handle(h.enrolQR))
	m.Handle("POST /account/second-factor/disable", h.handle(h.disableSecondFactor))
	m.Handle("POST /account/recovery-codes", h.handle(h.regenerateCodes))
	m.Handle("GET /account/tokens", h.handle(h.tokenList))
	m.Handle("POST /account/tokens", h.handle(h.tokenCreate))
	m.Handle("POST /account/tokens/{id}/revoke", h.handle(h.tokenRevoke))

	// Organizations: the Secretariat, and each organization's own members.
	m.Handle("GET /organizations", h.handle(h.organizationList))
	m.Handle("GET /organizations/new", h.handle(h.organizationNew))
	m.Handle("POST /organizations", h.handle(h.organizationCreate))
	m.Handle("GET /organizations/{id}", h.handle(h.organizationShow))
	m.Handle("GET /organizations/{id}/edit", h.handle(h.organizationEdit))
	m.Handle("POST /organizations/{id}", h.handle(h.organizationUpdate))
	m.Handle("POST /organizations/{id}/members", h.handle(h.organizationAddMember))
	m.Handle("POST /organizations/{id}/members/{grant}/remove", h.handle(h.organizationRemoveMember))

	// Administration: the Secretariat.
	m.Handle("GET /admin/users", h.handle(h.userList))
	m.Handle("GET /admin/users/new", h.handle(h.userNew))
	m.Handle("POST /admin/users", h.handle(h.userCreate))
	m.Handle("GET /admin/users/{id}", h.handle(h.userShow))
	m.Handle("POST /admin/users/{id}/roles", h.handle(h.userGrant))
	m.Handle("POST /admin/users/{id}/roles/{grant}/revoke", h.handle(h.userRevoke))
	m.Handle("POST /admin/users/{id}/disable", h.handle(h.userDisable))
	m.Handle("POST /admin/users/{id}/enable", h.handle(h.userEnable))
	m.Handle("GET /admin/audit", h.handle(h.auditList))
	m.Handle("POST /admin/audit/verify", h.handle(h.auditVerify))

	// Anything else is not found, said in the reader's language.
	m.Handle("/", h.handle(func(http.ResponseWriter, *http.Request) error { return plenary.NotFound() }))
}
