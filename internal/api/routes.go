package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"
)

// routes registers every operation. The Security field of each is both its OpenAPI
// security requirement and what the middleware enforces.
func (a *API) routes() {
	reg := func(op huma.Operation, tag string) huma.Operation {
		op.Tags = []string{tag}
		return op
	}
	h := a.huma

	huma.Register(h, reg(huma.Operation{OperationID: "list-states", Method: http.MethodGet, Path: "/states",
		Summary: "List the Member States and observer States", Security: public}, "States"), a.listStates)
	huma.Register(h, reg(huma.Operation{OperationID: "get-state", Method: http.MethodGet, Path: "/states/{iso3}",
		Summary: "Get a State", Security: public}, "States"), a.getState)

	huma.Register(h, reg(huma.Operation{OperationID: "get-me", Method: http.MethodGet, Path: "/me",
		Summary: "Get the account of the token's owner", Security: signedInAny}, "Account"), a.getMe)
	huma.Register(h, reg(huma.Operation{OperationID: "list-my-tokens", Method: http.MethodGet, Path: "/me/tokens",
		Summary: "List the owner's API tokens", Security: signedInAny}, "Account"), a.listTokens)
	huma.Register(h, reg(huma.Operation{OperationID: "revoke-my-token", Method: http.MethodDelete, Path: "/me/tokens/{id}",
		Summary: "Revoke one of the owner's API tokens", DefaultStatus: http.StatusNoContent, Security: signedInAny}, "Account"), a.revokeToken)
	huma.Register(h, reg(huma.Operation{OperationID: "accept-my-role", Method: http.MethodPost, Path: "/me/roles/{id}/acceptance",
		Summary: "Accept a role an organization's focal point offered", DefaultStatus: http.StatusNoContent, Security: writeScope}, "Account"), a.acceptRole)
	huma.Register(h, reg(huma.Operation{OperationID: "decline-my-role", Method: http.MethodDelete, Path: "/me/roles/{id}",
		Summary: "Decline a role offered and not yet accepted", DefaultStatus: http.StatusNoContent, Security: writeScope}, "Account"), a.declineRole)
	huma.Register(h, reg(huma.Operation{OperationID: "request-password-reset", Method: http.MethodPost, Path: "/password-resets",
		Summary:       "Send a password reset link to an address, if it has an account",
		Description:   "Answers 202 whether or not the address has an account, so that nobody learns who has one. Limited per address.",
		DefaultStatus: http.StatusAccepted, Security: public}, "Account"), a.requestReset)

	huma.Register(h, reg(huma.Operation{OperationID: "list-users", Method: http.MethodGet, Path: "/users",
		Summary: "List user accounts (Secretariat)", Security: readScope}, "Users"), a.listUsers)
	huma.Register(h, reg(huma.Operation{OperationID: "get-user", Method: http.MethodGet, Path: "/users/{id}",
		Summary: "Get a user account", Security: readScope}, "Users"), a.getUser)
	huma.Register(h, reg(huma.Operation{OperationID: "create-user", Method: http.MethodPost, Path: "/users",
		Summary: "Create an account and invite its owner by e-mail (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Users"), a.createUser)
	huma.Register(h, reg(huma.Operation{OperationID: "grant-role", Method: http.MethodPost, Path: "/roles",
		Summary:       "Give a role to the person with an e-mail address, inviting them if they have no account",
		Description:   "The Secretariat may give any role; an organization's focal point may give the representative or observer role of that organization.",
		DefaultStatus: http.StatusCreated, Security: writeScope}, "Users"), a.grantRole)
	huma.Register(h, reg(huma.Operation{OperationID: "revoke-role", Method: http.MethodDelete, Path: "/roles/{id}",
		Summary: "Take a role away", DefaultStatus: http.StatusNoContent, Security: writeScope}, "Users"), a.revokeRole)
	huma.Register(h, reg(huma.Operation{OperationID: "set-user-disabled", Method: http.MethodPut, Path: "/users/{id}/disabled",
		Summary: "Disable or re-enable an account (Secretariat)", Security: writeScope}, "Users"), a.setUserDisabled)

	huma.Register(h, reg(huma.Operation{OperationID: "list-organizations", Method: http.MethodGet, Path: "/organizations",
		Summary: "List the organizations the caller may see", Security: readScope}, "Organizations"), a.listOrganizations)
	huma.Register(h, reg(huma.Operation{OperationID: "get-organization", Method: http.MethodGet, Path: "/organizations/{id}",
		Summary: "Get an organization", Security: readScope}, "Organizations"), a.getOrganization)
	huma.Register(h, reg(huma.Operation{OperationID: "create-organization", Method: http.MethodPost, Path: "/organizations",
		Summary: "Record an organization (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Organizations"), a.createOrganization)
	huma.Register(h, reg(huma.Operation{OperationID: "update-organization", Method: http.MethodPut, Path: "/organizations/{id}",
		Summary: "Change an organization (Secretariat or its focal point)", Security: writeScope}, "Organizations"), a.updateOrganization)
	huma.Register(h, reg(huma.Operation{OperationID: "list-organization-members", Method: http.MethodGet, Path: "/organizations/{id}/members",
		Summary: "List the people holding roles for an organization", Security: readScope}, "Organizations"), a.listMembers)

	huma.Register(h, reg(huma.Operation{OperationID: "list-audit-events", Method: http.MethodGet, Path: "/audit/events",
		Summary: "List audit events, newest first (Secretariat)", Security: readScope}, "Audit"), a.listAudit)
	huma.Register(h, reg(huma.Operation{OperationID: "verify-audit-trail", Method: http.MethodPost, Path: "/audit/verifications",
		Summary: "Verify the hash chain of the audit trail (Secretariat)", Security: readScope}, "Audit"), a.verifyAudit)
}
