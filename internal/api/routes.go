package api

import (
	"net/http"

	"github.com/plenary-platform/plenary/internal/document"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/registration"
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
		Description:   "The Secretariat may give any role; an organization's focal point may give the representative or observer role of that organization; a State's nominator may give the roles of the State's team (state_editor, state_reviewer, state_submitter).",
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

	// Pings of the Points of Contact (pings.go).
	a.pingRoutes()

	// Bodies and the accreditation of stakeholders.
	huma.Register(h, reg(huma.Operation{OperationID: "list-bodies", Method: http.MethodGet, Path: "/bodies",
		Summary: "List the bodies plenary serves", Security: public}, "Bodies"), a.listBodies)
	huma.Register(h, reg(huma.Operation{OperationID: "get-body", Method: http.MethodGet, Path: "/bodies/{body}",
		Summary: "Get a body", Security: public}, "Bodies"), a.getBody)
	huma.Register(h, reg(huma.Operation{OperationID: "create-body", Method: http.MethodPost, Path: "/bodies",
		Summary: "Record a body (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Bodies"), a.createBody)
	huma.Register(h, reg(huma.Operation{OperationID: "update-body", Method: http.MethodPut, Path: "/bodies/{body}",
		Summary: "Change a body (Secretariat)", Security: writeScope}, "Bodies"), a.updateBody)

	// Sessions, agendas and meetings.
	huma.Register(h, reg(huma.Operation{OperationID: "list-sessions", Method: http.MethodGet, Path: "/bodies/{body}/sessions",
		Summary: "List a body's sessions and those of its plenary and thematic groups", Security: public}, "Meetings"), a.listSessions)
	huma.Register(h, reg(huma.Operation{OperationID: "create-session", Method: http.MethodPost, Path: "/bodies/{body}/sessions",
		Summary: "Record a session (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Meetings"), a.createSession)
	huma.Register(h, reg(huma.Operation{OperationID: "get-session", Method: http.MethodGet, Path: "/sessions/{id}",
		Summary: "Get a session with its agenda and meetings", Security: public}, "Meetings"), a.getSession)
	huma.Register(h, reg(huma.Operation{OperationID: "update-session", Method: http.MethodPut, Path: "/sessions/{id}",
		Summary: "Change a session (Secretariat)", Security: writeScope}, "Meetings"), a.updateSession)
	huma.Register(h, reg(huma.Operation{OperationID: "add-agenda-item", Method: http.MethodPost, Path: "/sessions/{id}/agenda",
		Summary: "Add an item to a session's agenda (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Meetings"), a.addItem)
	huma.Register(h, reg(huma.Operation{OperationID: "update-agenda-item", Method: http.MethodPut, Path: "/agenda-items/{id}",
		Summary:     "Change an agenda item",
		Description: "The Secretariat changes everything; the Chair changes the guiding questions only.", Security: writeScope}, "Meetings"), a.updateItem)
	huma.Register(h, reg(huma.Operation{OperationID: "move-agenda-item", Method: http.MethodPost, Path: "/agenda-items/{id}/move",
		Summary: "Move an agenda item one place up or down (Secretariat)", DefaultStatus: http.StatusNoContent, Security: writeScope}, "Meetings"), a.moveItem)
	huma.Register(h, reg(huma.Operation{OperationID: "remove-agenda-item", Method: http.MethodDelete, Path: "/agenda-items/{id}",
		Summary: "Remove an agenda item no meeting takes up (Secretariat)", DefaultStatus: http.StatusNoContent, Security: writeScope}, "Meetings"), a.removeItem)
	huma.Register(h, reg(huma.Operation{OperationID: "create-meeting", Method: http.MethodPost, Path: "/sessions/{id}/meetings",
		Summary: "Schedule the next meeting of a session (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Meetings"), a.createMeeting)
	huma.Register(h, reg(huma.Operation{OperationID: "get-meeting", Method: http.MethodGet, Path: "/meetings/{id}",
		Summary: "Get a meeting", Security: public}, "Meetings"), a.getMeeting)
	huma.Register(h, reg(huma.Operation{OperationID: "update-meeting", Method: http.MethodPut, Path: "/meetings/{id}",
		Summary: "Change a meeting (Secretariat)", Security: writeScope}, "Meetings"), a.updateMeeting)
	huma.Register(h, reg(huma.Operation{OperationID: "cancel-meeting", Method: http.MethodPost, Path: "/meetings/{id}/cancellation",
		Summary: "Cancel a meeting (Secretariat)", Security: writeScope}, "Meetings"), a.cancelMeeting)
	huma.Register(h, reg(huma.Operation{OperationID: "reinstate-meeting", Method: http.MethodDelete, Path: "/meetings/{id}/cancellation",
		Summary: "Schedule a cancelled meeting again (Secretariat)", Security: writeScope}, "Meetings"), a.reinstateMeeting)

	// The floor: lists of speakers.
	huma.Register(h, reg(huma.Operation{OperationID: "list-speaker-lists", Method: http.MethodGet, Path: "/meetings/{id}/speaker-lists",
		Summary: "List a meeting's lists of speakers", Security: public}, "Floor"), a.listSpeakerLists)
	huma.Register(h, reg(huma.Operation{OperationID: "open-speaker-list", Method: http.MethodPost, Path: "/meetings/{id}/speaker-lists",
		Summary: "Open a list of speakers for the meeting or one of its agenda items (Chair)", DefaultStatus: http.StatusCreated,
		Security: writeScope}, "Floor"), a.openSpeakerList)
	huma.Register(h, reg(huma.Operation{OperationID: "get-speaker-list", Method: http.MethodGet, Path: "/speaker-lists/{id}",
		Summary:     "Get a list of speakers: who has the floor, who waits in order, who spoke",
		Description: "Live views follow the list on its page's event stream (/{lang}/sessions/{session}/meetings/{n}/speakers/{id}/events).",
		Security:    public}, "Floor"), a.getSpeakerList)
	huma.Register(h, reg(huma.Operation{OperationID: "inscribe-speaker", Method: http.MethodPost, Path: "/speaker-lists/{id}/speakers",
		Summary:       "Ask for the floor",
		Description:   "A State's delegate for that State; an organization's focal point, representative or observer for it; the Chair for anyone.",
		DefaultStatus: http.StatusCreated, Security: writeScope}, "Floor"), a.inscribe)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-speaker", Method: http.MethodDelete, Path: "/speaker-lists/{id}/speakers/{speaker}",
		Summary: "Withdraw a waiting request for the floor (the delegation, or the Chair)", DefaultStatus: http.StatusNoContent,
		Security: writeScope}, "Floor"), a.withdrawSpeaker)
	huma.Register(h, reg(huma.Operation{OperationID: "reorder-speakers", Method: http.MethodPut, Path: "/speaker-lists/{id}/order",
		Summary:     "Set the order of the waiting speakers (Chair)",
		Description: "Refused with 409 if the list changed since the version named: read it again and reorder.",
		Security:    writeScope}, "Floor"), a.reorderSpeakers)
	huma.Register(h, reg(huma.Operation{OperationID: "give-floor", Method: http.MethodPost, Path: "/speaker-lists/{id}/next",
		Summary: "Give the floor to the next speaker (Chair)", Security: writeScope}, "Floor"), a.nextSpeaker)
	huma.Register(h, reg(huma.Operation{OperationID: "set-speaker-timer", Method: http.MethodPut, Path: "/speaker-lists/{id}/timer",
		Summary: "Pause or resume the current speaker's timer (Chair)", Security: writeScope}, "Floor"), a.setTimer)
	huma.Register(h, reg(huma.Operation{OperationID: "close-speaker-list", Method: http.MethodPost, Path: "/speaker-lists/{id}/closure",
		Summary: "Close the list to new statements (Chair)", Security: writeScope}, "Floor"), a.closeSpeakerList(true))
	huma.Register(h, reg(huma.Operation{OperationID: "reopen-speaker-list", Method: http.MethodDelete, Path: "/speaker-lists/{id}/closure",
		Summary: "Reopen the list (Chair)", Security: writeScope}, "Floor"), a.closeSpeakerList(false))
	huma.Register(h, reg(huma.Operation{OperationID: "put-speaker-statement", Method: http.MethodPut, Path: "/speaker-lists/{id}/speakers/{speaker}/statement",
		Summary:      "Attach the written statement of an intervention: the PDF as the request body (the delegation, or the Chair)",
		MaxBodyBytes: floor.MaxStatement + 2, Security: writeScope}, "Floor"), a.putStatement)
	huma.Register(h, reg(huma.Operation{OperationID: "get-speaker-statement", Method: http.MethodGet, Path: "/speaker-lists/{id}/speakers/{speaker}/statement",
		Summary: "Download the written statement of an intervention", Security: public,
		Responses: map[string]*huma.Response{"200": {Description: "The PDF", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}, "Floor"), a.getStatement)
	huma.Register(h, reg(huma.Operation{OperationID: "get-speaking-time", Method: http.MethodGet, Path: "/meetings/{id}/speaking-time",
		Summary: "Speaking-time statistics of a meeting, by regional group, category and gender", Security: public}, "Floor"), a.speakingTime)
	// The document registry.
	huma.Register(h, reg(huma.Operation{OperationID: "list-documents", Method: http.MethodGet, Path: "/documents",
		Summary:     "List or search the documents the caller may read, newest publication first",
		Description: "q searches every language version; words are stemmed in their language (Arabic, English, French, Russian, Spanish) and Chinese is matched by character pairs.",
		Security:    public}, "Documents"), a.listDocuments)
	huma.Register(h, reg(huma.Operation{OperationID: "create-document", Method: http.MethodPost, Path: "/bodies/{body}/documents",
		Summary: "Register a document under its symbol, unpublished (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Documents"), a.createDocument)
	huma.Register(h, reg(huma.Operation{OperationID: "get-document", Method: http.MethodGet, Path: "/documents/{id}",
		Summary: "Get a document with its language versions", Security: public}, "Documents"), a.getDocument)
	huma.Register(h, reg(huma.Operation{OperationID: "update-document", Method: http.MethodPut, Path: "/documents/{id}",
		Summary: "Change a document's symbol, type, status, access or session (Secretariat)", Security: writeScope}, "Documents"), a.updateDocument)
	huma.Register(h, reg(huma.Operation{OperationID: "publish-document", Method: http.MethodPost, Path: "/documents/{id}/publication",
		Summary: "Publish a document, now or at a given time (Secretariat)", Security: writeScope}, "Documents"), a.publishDocument)
	huma.Register(h, reg(huma.Operation{OperationID: "unpublish-document", Method: http.MethodDelete, Path: "/documents/{id}/publication",
		Summary: "Withdraw a document from publication (Secretariat)", Security: writeScope}, "Documents"), a.unpublishDocument)
	huma.Register(h, reg(huma.Operation{OperationID: "put-document-text", Method: http.MethodPut, Path: "/documents/{id}/texts/{lang}",
		Summary: "Set a language version's title and plain text (Secretariat)", Security: writeScope}, "Documents"), a.putText)
	huma.Register(h, reg(huma.Operation{OperationID: "put-document-file", Method: http.MethodPut, Path: "/documents/{id}/texts/{lang}/{format}",
		Summary:      "Attach a language version's PDF or DOCX, the file as the request body (Secretariat)",
		Description:  "The type is checked by content; a renamed executable, an encrypted PDF or a DOCX with macros is refused.",
		MaxBodyBytes: document.MaxFile + 2, Security: writeScope}, "Documents"), a.putFile)
	huma.Register(h, reg(huma.Operation{OperationID: "get-document-file", Method: http.MethodGet, Path: "/documents/{id}/texts/{lang}/{format}",
		Summary: "Download a language version's PDF or DOCX", Security: public,
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}, "Documents"), a.getFile)
	huma.Register(h, reg(huma.Operation{OperationID: "get-document-paragraphs", Method: http.MethodGet, Path: "/documents/{id}/paragraphs",
		Summary: "A draft's numbered paragraphs, with the keys that follow them across versions", Security: public}, "Documents"), a.getParagraphs)
	huma.Register(h, reg(huma.Operation{OperationID: "compare-documents", Method: http.MethodGet, Path: "/documents/{id}/comparison",
		Summary: "What changed, paragraph by paragraph, from an earlier version of the same draft", Security: public}, "Documents"), a.compareDocuments)

	// Consultations and written input.
	huma.Register(h, reg(huma.Operation{OperationID: "open-consultation", Method: http.MethodPost, Path: "/documents/{id}/consultation",
		Summary: "Open a consultation on a draft (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Consultations"), a.openConsultation)
	huma.Register(h, reg(huma.Operation{OperationID: "get-document-consultation", Method: http.MethodGet, Path: "/documents/{id}/consultation",
		Summary: "The consultation on a draft, with its paragraphs and the counts of input on each", Security: public}, "Consultations"), a.documentConsultation)
	huma.Register(h, reg(huma.Operation{OperationID: "get-consultation", Method: http.MethodGet, Path: "/consultations/{id}",
		Summary: "A consultation, with its paragraphs and the counts of input on each", Security: public}, "Consultations"), a.getConsultation)
	huma.Register(h, reg(huma.Operation{OperationID: "update-consultation", Method: http.MethodPut, Path: "/consultations/{id}",
		Summary: "Change a consultation's window and rules (Secretariat)", Security: writeScope}, "Consultations"), a.updateConsultation)
	huma.Register(h, reg(huma.Operation{OperationID: "submit", Method: http.MethodPost, Path: "/consultations/{id}/submissions",
		Summary: "Send written input: general, or anchored to paragraphs with a position",
		Description: "Answered 201 only once the input is durably stored, with its tracking number; the receipt follows by e-mail. " +
			"Retried with the same Idempotency-Key, it answers 200 with the first receipt. Over capacity: 503 with Retry-After, nothing stored.",
		DefaultStatus: http.StatusCreated, Security: public}, "Consultations"), a.submit)
	huma.Register(h, reg(huma.Operation{OperationID: "submit-bulk", Method: http.MethodPost, Path: "/consultations/{id}/submissions/bulk",
		Summary:     "Send a campaign's input for an organization: up to 1,000 items, each with its signer count (focal point or representative)",
		Description: "Rate-limited per organization (429 with Retry-After). Each item is accepted or refused on its own; send the refused ones again with the same keys.",
		Security:    writeScope}, "Consultations"), a.submitBulk)
	huma.Register(h, reg(huma.Operation{OperationID: "list-submissions", Method: http.MethodGet, Path: "/consultations/{id}/submissions",
		Summary: "List published input, oldest first, or the moderation queue (Secretariat)", Security: public}, "Consultations"), a.listSubmissions)
	huma.Register(h, reg(huma.Operation{OperationID: "track-submission", Method: http.MethodGet, Path: "/submissions/{tracking}",
		Summary: "Follow one's input by its tracking number (its author, the Secretariat)", Security: public}, "Consultations"), a.trackSubmission)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-submission", Method: http.MethodPost, Path: "/submissions/{tracking}/withdrawal",
		Summary: "Withdraw one's input (its author)", Security: public}, "Consultations"), a.withdrawSubmission)
	huma.Register(h, reg(huma.Operation{OperationID: "decide-submission", Method: http.MethodPost, Path: "/submissions/{id}/decision",
		Summary: "Publish or reject input waiting for moderation (Secretariat)", Security: writeScope}, "Consultations"), a.decideSubmission)
	huma.Register(h, reg(huma.Operation{OperationID: "get-submission-file", Method: http.MethodGet, Path: "/submissions/{id}/file",
		Summary: "Download a submission's attachment", Security: public,
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}, "Consultations"), a.submissionFile)

	// Registration for a session: delegations, representatives and observers, the
	// Secretariat's decisions and travel funding; the list of participants and the
	// figures are public.
	huma.Register(h, reg(huma.Operation{OperationID: "list-session-delegations", Method: http.MethodGet, Path: "/sessions/{id}/delegations",
		Summary: "List the delegations to a session the caller may read, with their members", Security: readScope}, "Registration"), a.listDelegations)
	huma.Register(h, reg(huma.Operation{OperationID: "register-delegation", Method: http.MethodPost, Path: "/sessions/{id}/delegations",
		Summary:       "Register a State's delegation to a session (its delegates, the Secretariat)",
		Description:   "Pending until the Secretariat approves it, which needs the note verbale. A withdrawn or rejected delegation is registered again.",
		DefaultStatus: http.StatusCreated, Security: writeScope}, "Registration"), a.registerDelegation)
	huma.Register(h, reg(huma.Operation{OperationID: "get-delegation", Method: http.MethodGet, Path: "/delegations/{id}",
		Summary: "Get a delegation with the members the caller may read", Security: readScope}, "Registration"), a.getDelegation)
	huma.Register(h, reg(huma.Operation{OperationID: "put-delegation-credentials", Method: http.MethodPut, Path: "/delegations/{id}/credentials",
		Summary:     "Attach the note verbale: the PDF as the request body (the State's delegates)",
		Description: "New credentials for an approved delegation send it back to the Secretariat.", MaxBodyBytes: registration.MaxLetter + 2,
		Security: writeScope}, "Registration"), a.putCredentials)
	huma.Register(h, reg(huma.Operation{OperationID: "get-delegation-credentials", Method: http.MethodGet, Path: "/delegations/{id}/credentials",
		Summary: "Download the note verbale (the Secretariat and the State's delegates only)", Security: readScope,
		Responses: map[string]*huma.Response{"200": {Description: "The PDF", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}, "Registration"), a.getCredentials)
	huma.Register(h, reg(huma.Operation{OperationID: "add-delegation-member", Method: http.MethodPost, Path: "/delegations/{id}/members",
		Summary: "Add a member to a delegation: head, deputy head, delegate or adviser (the State's delegates)", DefaultStatus: http.StatusCreated,
		Security: writeScope}, "Registration"), a.addMember)
	huma.Register(h, reg(huma.Operation{OperationID: "decide-delegation", Method: http.MethodPost, Path: "/delegations/{id}/decision",
		Summary: "Approve a delegation with its pending members, or reject it for a reason (Secretariat)", Security: writeScope}, "Registration"), a.decideDelegation)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-delegation", Method: http.MethodPost, Path: "/delegations/{id}/withdrawal",
		Summary: "Withdraw a delegation and its members (the State's delegates, the Secretariat)", Security: writeScope}, "Registration"), a.withdrawDelegation)
	huma.Register(h, reg(huma.Operation{OperationID: "list-session-registrations", Method: http.MethodGet, Path: "/sessions/{id}/registrations",
		Summary: "List the registrations to a session the caller may read", Security: readScope}, "Registration"), a.listRegistrations)
	huma.Register(h, reg(huma.Operation{OperationID: "register-representative", Method: http.MethodPost, Path: "/sessions/{id}/representatives",
		Summary:     "Register a representative of an accredited organization (its focal point)",
		Description: "Within the session's limit of persons per organization, pending or approved.", DefaultStatus: http.StatusCreated,
		Security: writeScope}, "Registration"), a.registerRepresentative)
	huma.Register(h, reg(huma.Operation{OperationID: "register-observer", Method: http.MethodPost, Path: "/sessions/{id}/observers",
		Summary: "Register an observer of an intergovernmental organization or UN entity (its focal point)", DefaultStatus: http.StatusCreated,
		Security: writeScope}, "Registration"), a.registerObserver)
	huma.Register(h, reg(huma.Operation{OperationID: "get-registration", Method: http.MethodGet, Path: "/registrations/{id}",
		Summary: "Get a registration as the caller may read it", Security: readScope}, "Registration"), a.getRegistration)
	huma.Register(h, reg(huma.Operation{OperationID: "update-registration", Method: http.MethodPut, Path: "/registrations/{id}",
		Summary:     "Change what was registered about a person (the registrant)",
		Description: "A change to an approved registration sends it back to the Secretariat.", Security: writeScope}, "Registration"), a.updateRegistration)
	huma.Register(h, reg(huma.Operation{OperationID: "decide-registration", Method: http.MethodPost, Path: "/registrations/{id}/decision",
		Summary: "Approve a registration, or reject it for a reason (Secretariat)", Security: writeScope}, "Registration"), a.decideRegistration)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-registration", Method: http.MethodPost, Path: "/registrations/{id}/withdrawal",
		Summary: "Withdraw a registration (the registrant, the person, the Secretariat)", Security: writeScope}, "Registration"), a.withdrawRegistration)
	huma.Register(h, reg(huma.Operation{OperationID: "request-sponsorship", Method: http.MethodPost, Path: "/registrations/{id}/sponsorship",
		Summary: "Ask for travel funding for a registered person (the registrant or the person)", Security: writeScope}, "Registration"), a.requestSponsorship)
	huma.Register(h, reg(huma.Operation{OperationID: "decide-sponsorship", Method: http.MethodPost, Path: "/registrations/{id}/sponsorship/decision",
		Summary: "Grant or decline a request for travel funding (Secretariat)", Security: writeScope}, "Registration"), a.decideSponsorship)
	huma.Register(h, reg(huma.Operation{OperationID: "list-participants", Method: http.MethodGet, Path: "/sessions/{id}/participants",
		Summary: "The public list of participants: approved persons who agreed to be listed, by delegation and organization", Security: public}, "Registration"), a.listParticipants)
	huma.Register(h, reg(huma.Operation{OperationID: "get-participation-figures", Method: http.MethodGet, Path: "/sessions/{id}/figures",
		Summary: "Count a session's approved participants by regional group, category and gender", Security: public}, "Registration"), a.getFigures)

	acc := "/bodies/{body}/accreditation"
	huma.Register(h, reg(huma.Operation{OperationID: "get-accreditation-policy", Method: http.MethodGet, Path: acc + "/policy",
		Summary: "Get the accreditation rules in force", Security: public}, "Accreditation"), a.getPolicy)
	huma.Register(h, reg(huma.Operation{OperationID: "list-accreditation-policies", Method: http.MethodGet, Path: acc + "/policies",
		Summary: "List every version of the accreditation rules, newest first", Security: public}, "Accreditation"), a.listPolicies)
	huma.Register(h, reg(huma.Operation{OperationID: "set-accreditation-policy", Method: http.MethodPut, Path: acc + "/policy",
		Summary:     "Adopt new accreditation rules (Secretariat)",
		Description: "Makes a new version. A round already open keeps the version it opened under.", Security: writeScope}, "Accreditation"), a.setPolicy)
	huma.Register(h, reg(huma.Operation{OperationID: "list-accreditation-rounds", Method: http.MethodGet, Path: acc + "/rounds",
		Summary: "List the rounds with their figures, newest first", Security: public}, "Accreditation"), a.listRounds)
	huma.Register(h, reg(huma.Operation{OperationID: "get-accreditation-round", Method: http.MethodGet, Path: acc + "/rounds/{number}",
		Summary: "Get a round with its figures", Security: public}, "Accreditation"), a.getRound)
	huma.Register(h, reg(huma.Operation{OperationID: "open-accreditation-round", Method: http.MethodPost, Path: acc + "/rounds",
		Summary: "Open a round for applications (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, "Accreditation"), a.openRound)
	huma.Register(h, reg(huma.Operation{OperationID: "close-accreditation-round", Method: http.MethodPost, Path: acc + "/rounds/{number}/closure",
		Summary: "Stop taking applications before the deadline (Secretariat)", Security: writeScope}, "Accreditation"), a.closeRound)
	huma.Register(h, reg(huma.Operation{OperationID: "circulate-accreditation-round", Method: http.MethodPost, Path: acc + "/rounds/{number}/circulation",
		Summary:     "Circulate the complete applications to the Member States (Secretariat)",
		Description: "Every submitted application must be screened first. Member States' delegates are told by e-mail.", Security: writeScope}, "Accreditation"), a.circulateRound)
	huma.Register(h, reg(huma.Operation{OperationID: "list-accreditation-round-applications", Method: http.MethodGet, Path: acc + "/rounds/{number}/applications",
		Summary: "List a round's applications (Secretariat, Chair; Member States' delegates once circulated)", Security: readScope}, "Accreditation"), a.listRoundApplications)
	huma.Register(h, reg(huma.Operation{OperationID: "list-my-accreditation-applications", Method: http.MethodGet, Path: acc + "/applications",
		Summary: "List the applications of the organizations the caller acts for", Security: readScope}, "Accreditation"), a.listMyApplications)
	huma.Register(h, reg(huma.Operation{OperationID: "start-accreditation-application", Method: http.MethodPost, Path: acc + "/applications",
		Summary:     "Start an application (or an ECOSOC notification) for an organization (its focal point)",
		Description: "An organization in ECOSOC consultative status notifies instead of applying when the rules say so.", DefaultStatus: http.StatusCreated, Security: writeScope}, "Accreditation"), a.startApplication)
	huma.Register(h, reg(huma.Operation{OperationID: "list-disclosure-requests", Method: http.MethodGet, Path: acc + "/disclosure-requests",
		Summary: "List requests to the Chair to learn who objected (Chair, Secretariat; a delegate sees their State's)", Security: readScope}, "Accreditation"), a.listDisclosures)
	huma.Register(h, reg(huma.Operation{OperationID: "list-accredited-organizations", Method: http.MethodGet, Path: "/bodies/{body}/accredited",
		Summary: "List the organizations accredited now", Security: public}, "Accreditation"), a.listAccredited)

	app := "/accreditation/applications/{id}"
	huma.Register(h, reg(huma.Operation{OperationID: "get-accreditation-application", Method: http.MethodGet, Path: app,
		Summary: "Get an application as the caller may see it", Security: readScope}, "Accreditation"), a.getApplication)
	huma.Register(h, reg(huma.Operation{OperationID: "update-accreditation-dossier", Method: http.MethodPut, Path: app + "/dossier",
		Summary: "Change the application until it is circulated (focal point)", Security: writeScope}, "Accreditation"), a.updateDossier)
	huma.Register(h, reg(huma.Operation{OperationID: "put-accreditation-letter", Method: http.MethodPut, Path: app + "/letter",
		Summary: "Attach the letter on letterhead: the PDF as the request body (focal point)", MaxBodyBytes: accreditation.MaxLetter + 2,
		Security: writeScope}, "Accreditation"), a.putLetter)
	huma.Register(h, reg(huma.Operation{OperationID: "get-accreditation-letter", Method: http.MethodGet, Path: app + "/letter",
		Summary: "Download the letter on letterhead", Security: readScope,
		Responses: map[string]*huma.Response{"200": {Description: "The PDF", Content: map[string]*huma.MediaType{
			"application/pdf": {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}, "Accreditation"), a.getLetter)
	huma.Register(h, reg(huma.Operation{OperationID: "submit-accreditation-application", Method: http.MethodPost, Path: app + "/submission",
		Summary: "Submit the application (focal point)", Security: writeScope}, "Accreditation"), a.submitApplication)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-accreditation-application", Method: http.MethodPost, Path: app + "/withdrawal",
		Summary: "Withdraw the application (focal point)", Security: writeScope}, "Accreditation"), a.withdrawApplication)
	huma.Register(h, reg(huma.Operation{OperationID: "screen-accreditation-application", Method: http.MethodPost, Path: app + "/screening",
		Summary: "Record the screening: complete, or incomplete with what is missing (Secretariat)", Security: writeScope}, "Accreditation"), a.screenApplication)
	huma.Register(h, reg(huma.Operation{OperationID: "decide-accreditation-application", Method: http.MethodPost, Path: app + "/decision",
		Summary: "Decide a circulated application, under rules that leave it to the Secretariat", Security: writeScope}, "Accreditation"), a.decideApplication)
	huma.Register(h, reg(huma.Operation{OperationID: "take-accreditation-position", Method: http.MethodPost, Path: app + "/positions",
		Summary: "Object to (or support) a circulated application for a Member State (its delegate)", DefaultStatus: http.StatusCreated,
		Security: writeScope}, "Accreditation"), a.takePosition)
	huma.Register(h, reg(huma.Operation{OperationID: "request-accreditation-disclosure", Method: http.MethodPost, Path: app + "/disclosure-requests",
		Summary: "Ask the Chair which States objected, where the rules allow (a Member State's delegate)", DefaultStatus: http.StatusCreated,
		Security: writeScope}, "Accreditation"), a.requestDisclosure)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-accreditation-position", Method: http.MethodDelete, Path: "/accreditation/positions/{id}",
		Summary: "Withdraw a position until the deadline (its State's delegate)", DefaultStatus: http.StatusNoContent, Security: writeScope}, "Accreditation"), a.withdrawPosition)
	huma.Register(h, reg(huma.Operation{OperationID: "answer-disclosure-request", Method: http.MethodPost, Path: "/accreditation/disclosure-requests/{id}/answer",
		Summary:       "Answer a request to learn who objected (Chair or Secretariat)",
		Description:   "Once answered, the requesting State sees the objecting States (and reasons, where the rules share them) on the application.",
		DefaultStatus: http.StatusNoContent, Security: writeScope}, "Accreditation"), a.answerDisclosure)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-accreditation", Method: http.MethodPost, Path: "/accreditation/accreditations/{id}/withdrawal",
		Summary: "Withdraw an organization's accreditation, with a reason (Secretariat)", DefaultStatus: http.StatusNoContent, Security: writeScope}, "Accreditation"), a.withdrawAccreditation)

	// The Points of Contact directory (directory.go).
	a.directoryRoutes()

	// Communications between Points of Contact (communications.go).
	a.communicationRoutes()

	// Frameworks (frameworks.go).
	fw := frameworkTag
	huma.Register(h, reg(huma.Operation{OperationID: "list-frameworks", Method: http.MethodGet, Path: "/frameworks",
		Summary: "List the frameworks", Security: public}, fw), a.listFrameworks)
	huma.Register(h, reg(huma.Operation{OperationID: "get-framework", Method: http.MethodGet, Path: "/frameworks/{code}",
		Summary: "Get a framework with its versions: the published ones, and the draft for the Secretariat", Security: public}, fw), a.getFramework)
	huma.Register(h, reg(huma.Operation{OperationID: "create-framework", Method: http.MethodPost, Path: "/frameworks",
		Summary: "Record a framework, without versions yet (Secretariat)", DefaultStatus: http.StatusCreated, Security: writeScope}, fw), a.createFramework)
	huma.Register(h, reg(huma.Operation{OperationID: "start-framework-draft", Method: http.MethodPost, Path: "/frameworks/{code}/drafts",
		Summary:       "Start the framework's next version as a draft (Secretariat)",
		Description:   "The draft holds the elements of the latest published version (none for a first version). A framework has one draft at a time.",
		DefaultStatus: http.StatusCreated, Security: writeScope}, fw), a.startFrameworkDraft)
	huma.Register(h, reg(huma.Operation{OperationID: "get-framework-version", Method: http.MethodGet, Path: "/framework-versions/{id}",
		Summary: "Get a version with its elements and how complete it is in each language", Security: public}, fw), a.getFrameworkVersion)
	huma.Register(h, reg(huma.Operation{OperationID: "get-framework-version-changes", Method: http.MethodGet, Path: "/framework-versions/{id}/changes",
		Summary: "List what changed in a version since another version of the same framework", Security: public}, fw), a.frameworkChanges)
	huma.Register(h, reg(huma.Operation{OperationID: "import-framework-elements", Method: http.MethodPut, Path: "/framework-versions/{id}/elements",
		Summary: "Replace a draft's elements with those of a CSV file, the request body (Secretariat)",
		Description: "UTF-8, one element per row under a header naming the columns in any order: code, parent, kind, source, paragraph, mark, " +
			"title_ar … title_es, text_ar … text_es. A file with any problem changes nothing; each problem names its line and element.",
		MaxBodyBytes: importMaxBody, Security: writeScope}, fw), a.importElements)
	huma.Register(h, reg(huma.Operation{OperationID: "save-framework-element", Method: http.MethodPut, Path: "/framework-versions/{id}/elements/{element}",
		Summary:     "Save one element of a draft: change the element with this code, or add it (Secretariat)",
		Description: "The draft is checked as a whole; a problem names the element at fault.", Security: writeScope}, fw), a.saveElement)
	huma.Register(h, reg(huma.Operation{OperationID: "remove-framework-element", Method: http.MethodDelete, Path: "/framework-versions/{id}/elements/{element}",
		Summary: "Take an element out of a draft; one with elements under it stays (Secretariat)", DefaultStatus: http.StatusNoContent,
		Security: writeScope}, fw), a.removeElement)
	huma.Register(h, reg(huma.Operation{OperationID: "publish-framework-version", Method: http.MethodPost, Path: "/framework-versions/{id}/publication",
		Summary: "Publish a draft as the framework's current version, for good (Secretariat)", Security: writeScope}, fw), a.publishVersion)
	huma.Register(h, reg(huma.Operation{OperationID: "discard-framework-draft", Method: http.MethodDelete, Path: "/framework-versions/{id}",
		Summary: "Discard a draft; published versions stay (Secretariat)", DefaultStatus: http.StatusNoContent, Security: writeScope}, fw), a.discardDraft)

	// The national survey (survey.go).
	sv := surveyTag
	huma.Register(h, reg(huma.Operation{OperationID: "list-questionnaires", Method: http.MethodGet, Path: "/questionnaires",
		Summary: "List the questionnaires: open and closed ones, and the drafts for the Secretariat", Security: public}, sv), a.listQuestionnaires)
	huma.Register(h, reg(huma.Operation{OperationID: "get-questionnaire", Method: http.MethodGet, Path: "/questionnaires/{id}",
		Summary: "Get a questionnaire with its questions", Security: public}, sv), a.getQuestionnaire)
	huma.Register(h, reg(huma.Operation{OperationID: "create-questionnaire", Method: http.MethodPost, Path: "/questionnaires",
		Summary:     "Prepare a questionnaire for a body and a cycle, on a published version of a framework (Secretariat)",
		Description: "It is a draft until opened; its questions come by import.", DefaultStatus: http.StatusCreated, Security: writeScope}, sv), a.createQuestionnaire)
	huma.Register(h, reg(huma.Operation{OperationID: "import-questionnaire-questions", Method: http.MethodPut, Path: "/questionnaires/{id}/questions",
		Summary: "Replace a draft questionnaire's questions with those of a CSV file, the request body (Secretariat)",
		Description: "UTF-8, one question per row under a header naming the columns in any order: code, parent, part, element, kind, purpose, " +
			"prompt_ar … prompt_es; a choices question's options are rows of kind option under it. A file with any problem changes nothing; " +
			"each problem names its line and question.",
		MaxBodyBytes: importMaxBody, Security: writeScope}, sv), a.importQuestions)
	huma.Register(h, reg(huma.Operation{OperationID: "set-questionnaire-status", Method: http.MethodPut, Path: "/questionnaires/{id}/status",
		Summary: "Open or close a questionnaire (Secretariat)", Security: writeScope}, sv), a.setQuestionnaireStatus)
	huma.Register(h, reg(huma.Operation{OperationID: "set-survey-threshold", Method: http.MethodPut, Path: "/bodies/{body}/survey-threshold",
		Summary:  "Set how many States must have answered before an aggregate of the body's surveys shows its counts (Secretariat)",
		Security: writeScope}, sv), a.setSurveyThreshold)
	huma.Register(h, reg(huma.Operation{OperationID: "list-survey-submissions", Method: http.MethodGet, Path: "/questionnaires/{id}/submissions",
		Summary:     "List the States that answered a questionnaire (Secretariat)",
		Description: "When, how many versions, and how far the latest is published: nothing of what they answered.", Security: readScope}, sv), a.listSurveySubmissions)
	rsp := "/questionnaires/{id}/responses/{iso3}"
	huma.Register(h, reg(huma.Operation{OperationID: "get-survey-response", Method: http.MethodGet, Path: rsp,
		Summary:     "Get a State's response: its draft answers and the versions it submitted (the State's team)",
		Description: "A response not yet started reads as empty; the first save starts it, from the State's last submission to the body's previous questionnaire.",
		Security:    readScope}, sv), a.getWorkspace)
	huma.Register(h, reg(huma.Operation{OperationID: "save-survey-answers", Method: http.MethodPut, Path: rsp + "/answers",
		Summary: "Save answers of the State's draft (its editors and submitter)",
		Description: "Each answer names the revision it started from. An answer another editor saved since comes back as a conflict with both " +
			"versions and is not saved; the others are. A malformed answer refuses the save, which stores nothing. " +
			"A request carries at most one evidence file's worth.",
		MaxBodyBytes: answersMaxBody, Security: writeScope}, sv), a.saveAnswers)
	huma.Register(h, reg(huma.Operation{OperationID: "list-survey-comments", Method: http.MethodGet, Path: rsp + "/comments",
		Summary: "List the comments on the State's draft, oldest first (the State's team)", Security: readScope}, sv), a.listSurveyComments)
	huma.Register(h, reg(huma.Operation{OperationID: "add-survey-comment", Method: http.MethodPost, Path: rsp + "/comments",
		Summary:     "Comment on the State's draft, on a question or on the whole (the State's team)",
		Description: "The rest of the team is told by e-mail, without what it says.", DefaultStatus: http.StatusCreated, Security: writeScope}, sv), a.addSurveyComment)
	huma.Register(h, reg(huma.Operation{OperationID: "set-survey-include-pocs", Method: http.MethodPut, Path: rsp + "/include-pocs",
		Summary: "Choose whether the State's Points of Contact go with its answers (its submitter)", Security: writeScope}, sv), a.setIncludePoCs)
	huma.Register(h, reg(huma.Operation{OperationID: "submit-survey-response", Method: http.MethodPost, Path: rsp + "/versions",
		Summary:     "Submit the State's draft as a new version, private until published (its submitter)",
		Description: "The draft stays, for the next version; earlier versions are kept.", DefaultStatus: http.StatusCreated, Security: writeScope}, sv), a.submitSurvey)
	huma.Register(h, reg(huma.Operation{OperationID: "set-survey-version-level", Method: http.MethodPut, Path: "/survey-versions/{id}/level",
		Summary:     "Publish a submitted version to States only or to everyone, or take it back to private (the State's submitter)",
		Description: "A private version's answers are read by the State's team alone; the Secretariat knows only that the State answered.",
		Security:    writeScope}, sv), a.setSurveyLevel)
	huma.Register(h, reg(huma.Operation{OperationID: "issue-survey-version", Method: http.MethodPost, Path: "/survey-versions/{id}/document",
		Summary: "Issue a submitted version as the State's national submission, a document of the registry (the State's submitter)",
		Description: "The document (a Word file of the answers, in the language chosen) is read by whoever reads the version: the Secretariat " +
			"for a private one, States for a States-only one, everyone for a public one. Each version is issued once; a later version is " +
			"issued as a revision of the first (GM/NS/2026/FRA/Rev.1).",
		DefaultStatus: http.StatusCreated, Security: writeScope}, sv), a.issueSurveyVersion)
	huma.Register(h, reg(huma.Operation{OperationID: "get-survey-evidence", Method: http.MethodGet, Path: "/survey-evidence/{id}",
		Summary: "Download a file attached as evidence (the State's team; the readers of a version citing it once published)", Security: public,
		Responses: map[string]*huma.Response{"200": {Description: "The file", Content: map[string]*huma.MediaType{
			"application/pdf":      {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			files.DOCX.ContentType: {Schema: &huma.Schema{Type: "string", Format: "binary"}}}}}}, sv), a.getSurveyEvidence)
	huma.Register(h, reg(huma.Operation{OperationID: "compare-survey-answers", Method: http.MethodGet, Path: "/questionnaires/{id}/published",
		Summary: "Compare the published answers of States side by side, for some questions or a framework element",
		Description: "Each State's latest version published at a level the caller reads: public for everyone, States only too for States' people " +
			"and the Secretariat. A private version is in no comparison.", Security: public}, sv), a.comparePublished)
	huma.Register(h, reg(huma.Operation{OperationID: "get-survey-aggregate", Method: http.MethodGet, Path: "/questionnaires/{id}/aggregates/{question}",
		Summary: "Count the published answers to a question by regional group and in total",
		Description: "Public callers count public answers only; States' people and the Secretariat count States-only answers too; a private answer " +
			"enters no count. Counts are shown only where at least the body's threshold of States answered.", Security: public}, sv), a.getAggregate)
	huma.Register(h, reg(huma.Operation{OperationID: "get-state-survey", Method: http.MethodGet, Path: "/states/{iso3}/survey",
		Summary: "What a State published to each questionnaire, newest cycle first, as the caller may read it", Security: public}, sv), a.stateSurvey)
	huma.Register(h, reg(huma.Operation{OperationID: "list-state-team", Method: http.MethodGet, Path: "/states/{iso3}/team",
		Summary:     "List a State's team: its editors, reviewers and submitters (the State's nominator, the Secretariat, the team)",
		Description: "Addresses and roles offered but not yet accepted for the nominator and the Secretariat only. Roles are given with POST /roles.",
		Security:    readScope}, sv), a.stateTeam)

	// Follow-up of commitments (followup.go).
	a.followupRoutes()

	huma.Register(h, reg(huma.Operation{OperationID: "list-audit-events", Method: http.MethodGet, Path: "/audit/events",
		Summary: "List audit events, newest first (Secretariat)", Security: readScope}, "Audit"), a.listAudit)
	huma.Register(h, reg(huma.Operation{OperationID: "verify-audit-trail", Method: http.MethodPost, Path: "/audit/verifications",
		Summary: "Verify the hash chain of the audit trail (Secretariat)", Security: readScope}, "Audit"), a.verifyAudit)

	// The follow-up's progress report (followup_report.go).
	a.followupReportRoutes()
}
