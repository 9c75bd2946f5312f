package web

// routes lists every page. Paths are without the language prefix, which ServeHTTP strips.
// The role a page is for is noted beside it for the reader; the service decides.
func (h *Handler) routes() {
	m := routeMux{h}
	m.Handle("GET /{$}", h.handle(h.home))
	m.Handle("GET /developers", h.handle(h.developers))

	// States: public. A State's team: its nominator and the Secretariat give the roles and
	// read the addresses; its members see who else is on it.
	m.Handle("GET /states", h.handle(h.stateList))
	m.Handle("GET /states/{iso3}", h.handle(h.stateShow))
	m.Handle("GET /states/{iso3}/team", h.noStore(show(h, "state-team", h.teamPage)))
	m.Handle("POST /states/{iso3}/team", h.noStore(h.teamGrant))
	m.Handle("POST /states/{iso3}/team/{grant}/revoke", h.noStore(h.teamRevoke))

	// Frameworks: public once published; the Secretariat drafts, imports and publishes
	// versions (a draft is the Secretariat's alone).
	fv := "/frameworks/{framework}/versions/{n}"
	m.Handle("GET /frameworks", h.handle(show(h, "frameworks", h.frameworkListPage)))
	m.Handle("POST /frameworks", h.handle(h.frameworkCreate))
	m.Handle("GET /frameworks/{framework}", h.handle(h.frameworkShow))
	m.Handle("GET /frameworks/{framework}/diff", h.handle(show(h, "framework-diff", h.frameworkDiffPage)))
	m.Handle("POST /frameworks/{framework}/versions", h.handle(h.frameworkStartDraft))
	// {n} is a version's number, or "n.csv" for its spreadsheet.
	m.Handle("GET "+fv, h.handle(h.frameworkVersion))
	m.Handle("POST "+fv+"/import", h.handle(h.frameworkImport))
	m.Handle("POST "+fv+"/publish", h.handle(h.frameworkPublish))
	m.Handle("POST "+fv+"/discard", h.handle(h.frameworkDiscard))
	m.Handle("GET "+fv+"/elements/new", h.handle(show(h, "framework-element", h.frameworkElementNew)))
	m.Handle("POST "+fv+"/elements", h.handle(h.frameworkElementSave))
	m.Handle("GET "+fv+"/elements/{element}/edit", h.handle(show(h, "framework-element", h.frameworkElementEdit)))
	m.Handle("POST "+fv+"/elements/{element}", h.handle(h.frameworkElementSave))
	m.Handle("POST "+fv+"/elements/{element}/remove", h.handle(h.frameworkElementRemove))

	// The national survey. Questionnaires, comparisons, aggregates and the open-data
	// export are public once a questionnaire opens; the Secretariat prepares and opens
	// them. A State's workspace is its team's (the service hides it from everyone else):
	// nothing of it may be stored by a browser or a proxy.
	sw := "/survey/{id}/states/{iso3}"
	m.Handle("GET /survey", h.handle(show(h, "survey-index", h.surveyIndexPage)))
	m.Handle("POST /survey", h.handle(h.surveyCreate))
	m.Handle("GET /survey/{id}", h.handle(show(h, "survey", h.surveyPage)))
	m.Handle("GET /survey/{id}/questions.csv", h.handle(h.surveyQuestionsCSV))
	m.Handle("POST /survey/{id}/questions", h.handle(h.surveyImport))
	m.Handle("POST /survey/{id}/status", h.handle(h.surveyStatus))
	m.Handle("POST /survey/{id}/threshold", h.handle(h.surveyThreshold))
	m.Handle("GET /survey/{id}/compare", h.handle(h.surveyCompare))
	m.Handle("GET /survey/{id}/aggregate", h.handle(h.surveyAggregate))
	m.Handle("GET /survey/{id}/published.csv", h.handle(h.surveyPublished))
	m.Handle("GET /survey/{id}/published.json", h.handle(h.surveyPublished))
	m.Handle("GET /survey/{id}/evidence/{file}", h.noStore(h.surveyEvidence))
	m.Handle("GET "+sw, h.noStore(show(h, "survey-workspace", h.workspacePage)))
	m.Handle("POST "+sw+"/answers", h.noStore(h.surveySave))
	m.Handle("POST "+sw+"/comments", h.workspaceAction(h.surveyComment, "#comments", "survey.flash.commented"))
	m.Handle("POST "+sw+"/pocs", h.workspaceAction(h.surveyIncludePoCs, "#submit", "survey.flash.pocs_set"))
	m.Handle("POST "+sw+"/submit", h.workspaceAction(h.surveySubmit, "#versions", "survey.flash.submitted"))
	m.Handle("POST "+sw+"/versions/{version}/level", h.workspaceAction(h.surveyLevel, "#versions", "survey.flash.level_set"))
	m.Handle("POST "+sw+"/issue", h.workspaceAction(h.surveyIssue, "#versions", "survey.flash.issued"))
	m.Handle("GET "+sw+"/export.docx", h.noStore(h.surveyExport))
	m.Handle("GET "+sw+"/export.csv", h.noStore(h.surveyExport))
	m.Handle("GET "+sw+"/export.json", h.noStore(h.surveyExport))

	// The follow-up of commitments. The commitments and the figures are public, counting
	// for each reader only the reports published to them; a State's page on a commitment
	// holds, for its team, what it has not published: nothing of it may be stored by a
	// browser or a proxy. The State's submitter reports and publishes; the Secretariat
	// marks paragraphs of adopted reports, follows framework elements and sets the scale.
	fu := "/follow-up/commitments/{id}"
	m.Handle("GET /follow-up", h.handle(show(h, "followup-index", h.followupIndexPage)))
	m.Handle("GET /follow-up/commitments/new", h.handle(show(h, "followup-mark", h.followupMarkPage)))
	m.Handle("POST /follow-up/commitments", h.handle(h.followupMark))
	m.Handle("GET /follow-up/follow", h.handle(show(h, "followup-follow", h.followupFollowPage)))
	m.Handle("POST /follow-up/follow", h.handle(h.followupFollow))
	m.Handle("GET /follow-up/scale/{body}", h.handle(show(h, "followup-scale", h.followupScalePage)))
	m.Handle("POST /follow-up/scale/{body}", h.handle(h.followupScaleSave))
	m.Handle("GET /follow-up/evidence/{file}", h.noStore(h.followupEvidence))
	m.Handle("GET "+fu, h.handle(show(h, "followup-commitment", h.followupCommitmentPage)))
	m.Handle("POST "+fu, h.handle(h.followupUpdate))
	m.Handle("GET "+fu+"/edit", h.handle(show(h, "followup-edit", h.followupEditPage)))
	m.Handle("POST "+fu+"/remove", h.handle(h.followupRemove))
	m.Handle("GET "+fu+"/states/{iso3}", h.noStore(show(h, "followup-state", h.followupStatePage)))
	m.Handle("POST "+fu+"/states/{iso3}/reports", h.noStore(h.followupReport))
	m.Handle("POST "+fu+"/states/{iso3}/reports/{report}/level", h.noStore(h.followupLevel))
	// The progress report: its figures for the Secretariat and the Chair, and
	// the Secretariat issues it as a public document of the registry (followup_report.go).
	m.Handle("GET /follow-up/report", h.handle(h.followupProgressReport))
	m.Handle("POST /follow-up/report/documents", h.handle(h.followupReportIssue))

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
	m.Handle("GET /account", h.handle(show(h, "account", h.accountPage)))
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
	m.Handle("GET /account/tokens", h.handle(show(h, "tokens", h.tokenPage)))
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

	// Bodies (the Global Mechanism and any other): public; the Secretariat records them.
	m.Handle("GET /bodies", h.handle(h.bodyList))
	m.Handle("GET /bodies/new", h.handle(h.bodyNew))
	m.Handle("POST /bodies", h.handle(h.bodyCreate))
	m.Handle("GET /bodies/{body}", h.handle(h.bodyShow))
	m.Handle("GET /bodies/{body}/edit", h.handle(h.bodyEdit))
	m.Handle("POST /bodies/{body}", h.handle(h.bodyUpdate))
	m.Handle("GET /bodies/{body}/calendar.ics", h.handle(h.bodyICS))
	m.Handle("GET /bodies/{body}/sessions/new", h.handle(h.sessionNew))
	m.Handle("POST /bodies/{body}/sessions", h.handle(h.sessionSave))

	// The document registry: public documents for anyone, the others for those their
	// access lets in (the service decides); the Secretariat registers and publishes.
	m.Handle("GET /bodies/{body}/documents", h.handle(h.documentList))
	m.Handle("GET /bodies/{body}/documents/feed.atom", h.handle(h.documentFeed))
	m.Handle("GET /bodies/{body}/documents/new", h.handle(h.documentNew))
	m.Handle("POST /bodies/{body}/documents", h.handle(h.documentCreate))
	m.Handle("GET /documents", h.handle(h.documentSearch))
	m.Handle("GET /documents/export.csv", h.handle(h.documentExport))
	m.Handle("GET /documents/export.json", h.handle(h.documentExport))
	m.Handle("GET /documents/{doc}", h.handle(h.documentShow))
	m.Handle("GET /documents/{doc}/edit", h.handle(h.documentEdit))
	m.Handle("POST /documents/{doc}", h.handle(h.documentUpdate))
	m.Handle("POST /documents/{doc}/publication", h.handle(h.documentPublish))
	m.Handle("GET /documents/{doc}/texts/{lang}", h.handle(h.documentTextForm))
	m.Handle("POST /documents/{doc}/texts/{lang}", h.handle(h.documentTextSave))
	m.Handle("GET /documents/{doc}/files/{lang}/{format}", h.handle(h.documentFile))
	m.Handle("GET /documents/{doc}/paragraphs", h.handle(h.documentParagraphs))
	m.Handle("GET /documents/{doc}/compare", h.handle(h.documentCompare))
	m.Handle("GET /documents/{doc}/consultation", h.handle(h.documentConsultation))
	m.Handle("GET /documents/{doc}/consultation/edit", h.handle(h.consultationForm))
	m.Handle("POST /documents/{doc}/consultation", h.handle(h.consultationSave))

	// Consultations: anyone reads; who may send input is the consultation's rule (the
	// service decides); the author follows and withdraws; the Secretariat moderates.
	m.Handle("GET /consultations/{id}", h.handle(h.consultationShow))
	m.Handle("GET /consultations/{id}/submit", h.handle(h.submitForm))
	m.Handle("POST /consultations/{id}/submissions", h.handle(h.submit))
	m.Handle("GET /consultations/{id}/moderation", h.handle(h.moderation))
	m.Handle("GET /consultations/{id}/bulk", h.handle(h.bulkForm))
	m.Handle("POST /consultations/{id}/bulk", h.handle(h.bulkUpload))
	m.Handle("GET /submissions/track", h.handle(h.submissionTrack))
	m.Handle("POST /submissions/withdrawal", h.handle(h.submissionWithdraw))
	m.Handle("POST /submissions/{id}/decision", h.handle(h.decide))
	m.Handle("GET /submissions/{id}/file", h.handle(h.submissionFile))

	// Sessions of bodies, their meetings and agendas: public, like a UN meeting page; the
	// Secretariat sets them up and the Chair writes the guiding questions.
	m.Handle("GET /sessions", h.handle(h.sessionCalendar))
	m.Handle("GET /sessions/{session}", h.handle(show(h, "session", h.sessionPage)))
	m.Handle("GET /sessions/{session}/calendar.ics", h.handle(h.sessionICS))
	m.Handle("GET /sessions/{session}/edit", h.handle(h.sessionEdit))
	m.Handle("POST /sessions/{session}", h.handle(h.sessionSave))
	m.Handle("GET /sessions/{session}/items/new", h.handle(show(h, "item-form", h.itemFormPage)))
	m.Handle("POST /sessions/{session}/items", h.handle(h.itemSave))
	m.Handle("GET /sessions/{session}/items/{item}/edit", h.handle(h.itemEdit))
	m.Handle("POST /sessions/{session}/items/{item}", h.handle(h.itemSave))
	m.Handle("POST /sessions/{session}/items/{item}/up", h.itemAction(h.itemUp, "flash.item_moved"))
	m.Handle("POST /sessions/{session}/items/{item}/down", h.itemAction(h.itemDown, "flash.item_moved"))
	m.Handle("POST /sessions/{session}/items/{item}/remove", h.itemAction(h.itemRemove, "flash.item_removed"))
	m.Handle("GET /sessions/{session}/meetings/new", h.handle(h.meetingNew))
	m.Handle("POST /sessions/{session}/meetings", h.handle(h.meetingSave))
	m.Handle("GET /sessions/{session}/meetings/{n}", h.handle(h.meetingShow))
	m.Handle("GET /sessions/{session}/meetings/{n}/edit", h.handle(h.meetingEdit))
	m.Handle("POST /sessions/{session}/meetings/{n}", h.handle(h.meetingSave))
	m.Handle("POST /sessions/{session}/meetings/{n}/cancel", h.meetingCancel(true))
	m.Handle("POST /sessions/{session}/meetings/{n}/reinstate", h.meetingCancel(false))

	// The floor: a meeting's lists of speakers. Public to read (a closed meeting's for
	// those who hold a role); the Chair and the Secretariat run them; delegations inscribe.
	sp := "/sessions/{session}/meetings/{n}/speakers"
	m.Handle("POST "+sp, h.handle(h.speakersOpen))
	m.Handle("GET "+sp+"/{list}", h.handle(show(h, "speakers", h.speakersPage)))
	m.Handle("GET "+sp+"/{list}/live", h.handle(h.speakersLive))
	m.Handle("GET "+sp+"/{list}/events", h.handle(h.speakersEvents))
	m.Handle("POST "+sp+"/{list}/speakers", h.listAction(h.speakersInscribe, "#waiting", "flash.inscribed"))
	m.Handle("POST "+sp+"/{list}/speakers/{entry}/withdraw", h.entryAction(h.speakersWithdraw, "flash.speaker_withdrawn"))
	m.Handle("POST "+sp+"/{list}/speakers/{entry}/move", h.entryAction(h.speakersMove, "flash.list_reordered"))
	m.Handle("POST "+sp+"/{list}/speakers/{entry}/statement", h.handle(h.speakersStatement))
	m.Handle("GET "+sp+"/{list}/speakers/{entry}/statement", h.handle(h.speakersStatementFile))
	m.Handle("POST "+sp+"/{list}/next", h.listAction(h.speakersNext, "", ""))
	m.Handle("POST "+sp+"/{list}/timer", h.listAction(h.speakersTimer, "", ""))
	m.Handle("POST "+sp+"/{list}/close", h.listAction(h.speakersClose, "", "flash.list_closed"))
	m.Handle("POST "+sp+"/{list}/reopen", h.listAction(h.speakersReopen, "", "flash.list_reopened"))
	m.Handle("GET /sessions/{session}/meetings/{n}/speaking-time", h.handle(h.speakingTime))
	// Registration for a session. Public: the list of participants and the figures. A
	// State's delegates register its delegation with the note verbale; an organization's
	// focal point registers its representatives or observers; the Secretariat decides.
	reg := "/sessions/{session}/registration"
	m.Handle("GET /sessions/{session}/participants", h.handle(h.regParticipants))
	m.Handle("GET /sessions/{session}/figures", h.handle(h.regFigures))
	m.Handle("GET "+reg, h.handle(h.regIndex))
	m.Handle("GET "+reg+"/manage", h.handle(h.regManage))
	m.Handle("POST "+reg+"/delegations", h.handle(h.regDelegationCreate))
	m.Handle("GET "+reg+"/delegations/{id}", h.handle(show(h, "reg-delegation", h.regDelegationPage)))
	m.Handle("GET "+reg+"/delegations/{id}/credentials", h.handle(h.regCredentials))
	m.Handle("POST "+reg+"/delegations/{id}/credentials", h.handle(h.regCredentialsUpload))
	m.Handle("POST "+reg+"/delegations/{id}/members", h.handle(h.regMemberAdd))
	m.Handle("POST "+reg+"/delegations/{id}/decide", h.handle(h.regDelegationDecide))
	m.Handle("POST "+reg+"/delegations/{id}/withdraw", h.handle(h.regDelegationWithdraw))
	m.Handle("GET "+reg+"/organizations/{org}/new", h.handle(h.regPersonNew))
	m.Handle("POST "+reg+"/organizations/{org}", h.handle(h.regPersonCreate))
	m.Handle("GET "+reg+"/registrations/{id}", h.handle(show(h, "reg-registration", h.regRegistrationPage)))
	m.Handle("POST "+reg+"/registrations/{id}", h.regAction(h.regUpdate, "flash.registration_saved"))
	m.Handle("POST "+reg+"/registrations/{id}/decide", h.regAction(h.regDecide, "flash.registration_decided"))
	m.Handle("POST "+reg+"/registrations/{id}/withdraw", h.regAction(h.regWithdraw, "flash.registration_withdrawn"))
	m.Handle("POST "+reg+"/registrations/{id}/sponsorship", h.regAction(h.regSponsorshipRequest, "flash.sponsorship_requested"))
	m.Handle("POST "+reg+"/registrations/{id}/sponsorship/decide", h.regAction(h.regSponsorshipDecide, "flash.sponsorship_decided"))

	// Pings of the Points of Contact: the Secretariat runs rounds and reads the results;
	// contacts acknowledge by the link in the e-mail (no sign-in needed) or signed in; the
	// published figures are public. Only those may be stored by a browser or a proxy.
	m.Handle("GET /pings", h.noStore(show(h, "ping-rounds", h.pingIndexPage)))
	m.Handle("POST /pings", h.noStore(h.pingCreate))
	m.Handle("GET /pings/{id}", h.noStore(h.pingRound))
	m.Handle("POST /pings/{id}", h.noStore(h.pingRoundAction))
	m.Handle("GET /pings/states/{iso3}", h.noStore(h.pingState))
	m.Handle("GET /pings/mine", h.noStore(h.pingMine))
	m.Handle("POST /pings/mine", h.noStore(h.pingAcknowledgeInApp))
	// The link in the e-mail: opening it shows a button, only pressing it acknowledges
	// (mail filters open links to scan them).
	m.Handle("GET /pings/acknowledge/{token}", h.noStore(h.pingLink))
	m.Handle("POST /pings/acknowledge/{token}", h.noStore(h.pingLinkAcknowledge))
	m.Handle("GET /pings/results", h.handle(h.pingPublished))

	// Accreditation of stakeholders to a body. Public: the overview, the rules, the rounds'
	// figures and the accredited organizations. Focal points apply; the Secretariat runs
	// rounds; Member States' delegates object; the Chair answers requests for disclosure.
	acc := "/accreditation/{body}"
	m.Handle("GET /accreditation", h.handle(h.accIndex))
	m.Handle("GET "+acc, h.handle(h.accOverview))
	m.Handle("GET "+acc+"/rules", h.handle(h.accRules))
	m.Handle("GET "+acc+"/rules/edit", h.handle(h.accRulesEdit))
	m.Handle("POST "+acc+"/rules", h.handle(h.accRulesSave))
	m.Handle("GET "+acc+"/organizations", h.handle(h.accOrganizations))
	m.Handle("GET "+acc+"/organizations.csv", h.handle(h.accOrganizationsCSV))
	m.Handle("GET "+acc+"/accreditations/{id}/withdraw", h.handle(show(h, "acc-withdraw", h.accWithdrawPage)))
	m.Handle("POST "+acc+"/accreditations/{id}/withdraw", h.handle(h.accWithdrawAccreditation))
	m.Handle("GET "+acc+"/rounds", h.handle(show(h, "acc-rounds", h.accRoundsPage)))
	m.Handle("POST "+acc+"/rounds", h.handle(h.accOpenRound))
	m.Handle("GET "+acc+"/rounds/{n}", h.handle(h.accRound))
	m.Handle("POST "+acc+"/rounds/{n}/close", h.accRoundAction(h.accCloseApplications, "flash.round_closed"))
	m.Handle("POST "+acc+"/rounds/{n}/circulate", h.accRoundAction(h.accCirculate, "flash.round_circulated"))
	m.Handle("GET "+acc+"/rounds/{n}/applications", h.handle(h.accRoundApplications))
	m.Handle("GET "+acc+"/applications", h.handle(h.accMine))
	m.Handle("POST "+acc+"/applications", h.handle(h.accStart))
	m.Handle("GET "+acc+"/applications/{id}", h.handle(show(h, "acc-application", h.accApplicationPage)))
	m.Handle("GET "+acc+"/applications/{id}/edit", h.handle(h.accEdit))
	m.Handle("POST "+acc+"/applications/{id}", h.handle(h.accSave))
	m.Handle("GET "+acc+"/applications/{id}/letter", h.handle(h.accLetter))
	m.Handle("POST "+acc+"/applications/{id}/submit", h.accAction(h.accSubmit, "flash.application_submitted"))
	m.Handle("POST "+acc+"/applications/{id}/withdraw", h.accAction(h.accWithdraw, "flash.application_withdrawn"))
	m.Handle("POST "+acc+"/applications/{id}/screen", h.accAction(h.accScreen, "flash.application_screened"))
	m.Handle("POST "+acc+"/applications/{id}/decide", h.accAction(h.accDecide, "flash.application_decided"))
	m.Handle("POST "+acc+"/applications/{id}/positions", h.handle(h.accTakePosition))
	m.Handle("POST "+acc+"/applications/{id}/positions/{position}/withdraw", h.handle(h.accWithdrawPosition))
	m.Handle("POST "+acc+"/applications/{id}/disclosures", h.handle(h.accRequestDisclosure))
	m.Handle("GET "+acc+"/disclosures", h.handle(show(h, "acc-disclosures", h.accDisclosuresPage)))
	m.Handle("POST "+acc+"/disclosures/{id}/answer", h.handle(h.accAnswerDisclosure))

	// The Points of Contact directory: the Secretariat and verified contacts read it; a
	// State's nominator keeps its entries. Nothing of it may be stored by a browser or a
	// proxy.
	m.Handle("GET /directory", h.noStore(h.directoryIndex))
	m.Handle("GET /directory/export.csv", h.noStore(h.directoryExport))
	m.Handle("GET /directory/queue", h.noStore(show(h, "directory-queue", h.directoryQueuePage)))
	m.Handle("GET /directory/participants", h.noStore(h.directoryParticipants))
	m.Handle("POST /directory/participants", h.noStore(h.directorySetParticipation))
	m.Handle("GET /directory/states/{iso3}", h.noStore(h.directoryState))
	m.Handle("GET /directory/states/{iso3}/new", h.noStore(h.directoryNominateForm))
	m.Handle("POST /directory/states/{iso3}/contacts", h.noStore(h.directoryNominate))
	m.Handle("GET /directory/contacts/{id}", h.noStore(h.directoryContact))
	m.Handle("GET /directory/contacts/{id}/edit", h.noStore(h.directoryEditForm))
	m.Handle("POST /directory/contacts/{id}", h.noStore(h.directoryUpdate))
	m.Handle("POST /directory/contacts/{id}/verify", h.noStore(h.directoryVerify))
	m.Handle("POST /directory/contacts/{id}/return", h.noStore(h.directoryReturn))
	m.Handle("GET /directory/contacts/{id}/withdraw", h.noStore(h.directoryWithdrawForm))
	m.Handle("POST /directory/contacts/{id}/withdraw", h.noStore(h.directoryWithdraw))

	// Communications between Points of Contact: their States' contacts and, for the
	// metadata, the Secretariat (the service decides).
	m.Handle("GET /communications", h.noStore(h.commList))
	m.Handle("GET /communications/new", h.noStore(h.commNew))
	m.Handle("POST /communications", h.noStore(h.commSend))
	m.Handle("GET /communications/{id}", h.noStore(show(h, "comm-thread", h.commThreadPage)))
	m.Handle("POST /communications/{id}/reply", h.noStore(h.commReply))
	m.Handle("POST /communications/{id}/acknowledge", h.commAction(h.commAcknowledge, "communication.flash.acknowledged"))
	m.Handle("POST /communications/{id}/share", h.commAction(h.commShare, "communication.flash.shared"))
	m.Handle("GET /communications/{id}/attachments/{n}", h.noStore(h.commAttachment))

	// Administration: the Secretariat.
	m.Handle("GET /admin/users", h.handle(h.userList))
	m.Handle("GET /admin/users/new", h.handle(show(h, "user-new", h.userNewPage)))
	m.Handle("POST /admin/users", h.handle(h.userCreate))
	m.Handle("GET /admin/users/{id}", h.handle(show(h, "user", h.userShowPage)))
	m.Handle("POST /admin/users/{id}/roles", h.handle(h.userGrant))
	m.Handle("POST /admin/users/{id}/roles/{grant}/revoke", h.handle(h.userRevoke))
	m.Handle("POST /admin/users/{id}/disable", h.handle(h.userDisable))
	m.Handle("POST /admin/users/{id}/enable", h.handle(h.userEnable))
	m.Handle("GET /admin/audit", h.handle(h.auditList))
	m.Handle("POST /admin/audit/verify", h.handle(h.auditVerify))

	// Anything else is not found, said in the reader's language.
	m.Handle("/", h.handle(h.notFound))
}
