package api_test

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/communication"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/floor"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/ping"
	"github.com/plenary-platform/plenary/internal/registration"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/survey"
	"github.com/plenary-platform/plenary/internal/testenv"
)

// Limits the API sets itself, where no domain has one: the domain takes any value, or
// only looks the value up, and the API bounds what a request may carry. The struct tags
// repeat them as numbers (a tag cannot name a constant); the table below ties each tag to
// its name here.
const (
	minID    = 1 // identifiers, round and message numbers count from 1
	minLimit = 1 // a page has at least one item (plenary.MaxPageSize bounds it)
	minHours = 0 // zero asks for ping.DefaultHours
	nonEmpty = 1 // a list that must have an item (a bulk submission's)

	maxFilename     = 200  // files keeps the first 120 characters of a longer name
	maxTimeZone     = 64   // an IANA name such as Europe/Zurich, looked up
	maxParagraphKey = 20   // a paragraph's key is a whole number
	maxLinkToken    = 100  // a ping link's token is 32 characters
	maxSearch       = 200  // the words a search of the users looks for
	maxRoles        = 20   // given with a new account
	maxLanguages    = 20   // a Point of Contact's working languages
	maxRoundStates  = 200  // a round of chosen States: there are 195
	maxAgendaItems  = 100  // a meeting's agenda items
	maxSpeakers     = 1000 // the waiting speakers the Chair puts in order
	maxObjectType   = 50   // of an audit event
	maxObjectID     = 100
	maxStatesAsked  = 200 // States compared at once: there are 195
)

// limits is every limit the OpenAPI document declares, keyed "Schema.property keyword" or,
// for a parameter, "in.name keyword" (prefixed with the operation's ID when one operation
// gives the name another meaning), with the constant it must equal: a domain's when the
// domain checks the same thing, one above when the API alone sets it. A limit must be here
// to be in the document, and the other way round.
var limits = map[string]int{
	"AnchorJSON.comment maxLength":       consultation.MaxText,
	"AnchorJSON.paragraph maxLength":     maxParagraphKey,
	"AnchorJSON.proposed_text maxLength": consultation.MaxText,

	"AnswerInputBody.note maxLength": accreditation.MaxNote,

	"AttachmentInput.name maxLength": maxFilename,

	"BodyInput.code maxLength":      body.MaxCode,
	"BodyInput.parent maxLength":    body.MaxCode,
	"BodyInput.time_zone maxLength": maxTimeZone,

	"BulkInputBody.items maxItems": consultation.MaxBulk,
	"BulkInputBody.items minItems": nonEmpty,

	"CommunicationInput.attachments maxItems":       communication.MaxAttachments,
	"CommunicationInput.description maxLength":      communication.MaxDescription,
	"CommunicationInput.from maxLength":             state.ISO3Length,
	"CommunicationInput.requested_action maxLength": communication.MaxAction,
	"CommunicationInput.to maxLength":               state.ISO3Length,

	"CreateUserInputBody.email maxLength": plenary.MaxEmail,
	"CreateUserInputBody.name maxLength":  account.MaxName,
	"CreateUserInputBody.roles maxItems":  maxRoles,

	"DecideSponsorshipInputBody.note maxLength": registration.MaxNote,

	"DecisionInput.reason maxLength":     registration.MaxReason,
	"DecisionInputBody.reason maxLength": consultation.MaxReason,

	"DisclosureInputBody.state maxLength": state.ISO3Length,

	"DocumentInput.symbol maxLength": document.MaxSymbol,
	"DocumentInput.title maxLength":  document.MaxTitle,

	"Dossier.contact_email maxLength":   plenary.MaxEmail,
	"Dossier.contact_name maxLength":    accreditation.MaxContactName,
	"Dossier.contact_phone maxLength":   accreditation.MaxPhone,
	"Dossier.programmes maxLength":      accreditation.MaxProgrammes,
	"Dossier.purpose maxLength":         accreditation.MaxPurpose,
	"Dossier.un_interactions maxLength": accreditation.MaxInteractions,

	"GrantInputBody.email maxLength": plenary.MaxEmail,
	"GrantInputBody.name maxLength":  account.MaxName,
	"GrantInputBody.state maxLength": state.ISO3Length,

	"InscribeInput.group maxLength":        floor.MaxName,
	"InscribeInput.speaker_name maxLength": floor.MaxName,
	"InscribeInput.state maxLength":        state.ISO3Length,

	"ItemInput.number maxLength": meeting.MaxItemNumber,

	"MeetingInput.agenda_item_ids maxItems": maxAgendaItems,
	"MeetingInput.livestream_url maxLength": meeting.MaxURL,
	"MeetingInput.recording_url maxLength":  meeting.MaxURL,
	"MeetingInput.room maxLength":           meeting.MaxRoom,

	"NominatePocEntryInputBody.emails maxItems":        directory.MaxEmails,
	"NominatePocEntryInputBody.hours maxLength":        directory.MaxField,
	"NominatePocEntryInputBody.languages maxItems":     maxLanguages,
	"NominatePocEntryInputBody.name maxLength":         directory.MaxField,
	"NominatePocEntryInputBody.organisation maxLength": directory.MaxField,
	"NominatePocEntryInputBody.phones maxItems":        directory.MaxPhones,
	"NominatePocEntryInputBody.time_zone maxLength":    maxTimeZone,
	"NominatePocEntryInputBody.title maxLength":        directory.MaxField,

	"OrganizationInput.acronym maxLength":  organization.MaxAcronym,
	"OrganizationInput.hq_state maxLength": state.ISO3Length,
	"OrganizationInput.website maxLength":  organization.MaxWebsite,

	"PersonInput.email maxLength": plenary.MaxEmail,
	"PersonInput.name maxLength":  registration.MaxName,

	"PingRoundInput.hours minimum":       minHours,
	"PingRoundInput.hours maximum":       ping.MaxHours,
	"PingRoundInput.states maxItems":     maxRoundStates,
	"PingRoundInput.title maxLength":     ping.MaxTitle,
	"PingTokenInputBody.token maxLength": maxLinkToken,

	"PocDetailsInput.emails maxItems":        directory.MaxEmails,
	"PocDetailsInput.hours maxLength":        directory.MaxField,
	"PocDetailsInput.languages maxItems":     maxLanguages,
	"PocDetailsInput.name maxLength":         directory.MaxField,
	"PocDetailsInput.organisation maxLength": directory.MaxField,
	"PocDetailsInput.phones maxItems":        directory.MaxPhones,
	"PocDetailsInput.time_zone maxLength":    maxTimeZone,
	"PocDetailsInput.title maxLength":        directory.MaxField,

	"PocReasonInputBody.reason maxLength": directory.MaxReason,

	"PolicyInput.eligible maxItems":          len(eligibleTypes()),
	"PolicyInput.objectors_seen_by maxItems": len(accreditation.Audiences),
	"PolicyInput.reasons_seen_by maxItems":   len(accreditation.Audiences),

	"PositionInputBody.reason maxLength": accreditation.MaxReason,
	"PositionInputBody.state maxLength":  state.ISO3Length,

	"PutTextInputBody.title maxLength":             document.MaxTitle,
	"IssueSurveyInputBody.title maxLength":         survey.MaxTitle,
	"IssueFollowupReportInputBody.title maxLength": document.MaxTitle,

	"RegisterDelegationInputBody.state maxLength": state.ISO3Length,

	"RegisterPersonInputBody.email maxLength":         plenary.MaxEmail,
	"RegisterPersonInputBody.name maxLength":          registration.MaxName,
	"RegisterPersonInputBody.organization_id minimum": minID,

	"ReorderInputBody.speaker_ids maxItems": maxSpeakers,

	"ReplyInput.attachments maxItems":       communication.MaxAttachments,
	"ReplyInput.description maxLength":      communication.MaxDescription,
	"ReplyInput.requested_action maxLength": communication.MaxAction,

	"RequestSponsorshipInputBody.justification maxLength": registration.MaxJustification,

	"ResetInputBody.email maxLength": plenary.MaxEmail,

	"RoleInput.state maxLength": state.ISO3Length,

	"ScreenInputBody.note maxLength": accreditation.MaxNote,

	"SessionInput.livestream_url maxLength": meeting.MaxURL,
	"SessionInput.remote_url maxLength":     meeting.MaxURL,
	"SessionInput.venue maxLength":          meeting.MaxVenue,

	"SetPocParticipationInputBody.note maxLength": directory.MaxNote,

	"StartInputBody.organization_id minimum": minID,

	"SubmissionInput.anchors maxItems":          consultation.MaxAnchors,
	"SubmissionInput.campaign maxLength":        consultation.MaxCampaign,
	"SubmissionInput.email maxLength":           plenary.MaxEmail,
	"SubmissionInput.idempotency_key maxLength": consultation.MaxKey,
	"SubmissionInput.name maxLength":            consultation.MaxName,
	"SubmissionInput.state maxLength":           state.ISO3Length,
	"SubmissionInput.text maxLength":            consultation.MaxText,

	"WithdrawAccreditationInputBody.reason maxLength": accreditation.MaxReason,

	"WithdrawInputBody.email maxLength": plenary.MaxEmail,

	// The frameworks and the national survey.
	"ElementSourceInput.paragraph maxLength":          framework.MaxParagraph,
	"ElementSourceInput.symbol maxLength":             framework.MaxSymbol,
	"FrameworkElementInput.code maxLength":            framework.MaxCode,
	"FrameworkElementInput.kind maxLength":            framework.MaxKind,
	"FrameworkElementInput.parent maxLength":          framework.MaxCode,
	"FrameworkInput.code maxLength":                   framework.MaxFrameworkCode,
	"PublishFrameworkVersionInputBody.note maxLength": framework.MaxNote,
	"QuestionnaireInput.body maxLength":               body.MaxCode,
	"QuestionnaireInput.cycle maxLength":              survey.MaxCycle,
	"SaveAnswersInputBody.answers maxItems":           survey.MaxQuestion,
	"SurveyAnswerInput.question maxLength":            framework.MaxCode,
	"SurveyCommentInputBody.question maxLength":       framework.MaxCode,
	"SurveyCommentInputBody.text maxLength":           survey.MaxComment,
	"SurveyThresholdInputBody.threshold minimum":      survey.MinThreshold,
	"SurveyThresholdInputBody.threshold maximum":      survey.MaxThreshold,
	"SurveyValueInput.choices maxItems":               survey.MaxOptions,
	"SurveyValueInput.link maxLength":                 survey.MaxLink,
	"SurveyValueInput.text maxLength":                 survey.MaxText,
	"path.code maxLength":                             framework.MaxFrameworkCode,
	"path.element maxLength":                          framework.MaxCode,
	"path.question maxLength":                         framework.MaxCode,
	"query.element maxLength":                         framework.MaxCode,
	"query.question maxItems":                         survey.MaxQuestion,
	"query.since minimum":                             minID,
	"query.state maxItems":                            maxStatesAsked,

	// Follow-up of commitments.
	"CommitmentInput.code maxLength":             framework.MaxCode,
	"CommitmentInput.paragraph maxLength":        maxParagraphKey,
	"CommitmentLink.element maxLength":           framework.MaxCode,
	"CommitmentLink.framework maxLength":         framework.MaxFrameworkCode,
	"FollowElementsInput.code_prefix maxLength":  framework.MaxCode,
	"FollowupReportInput.evidence_url maxLength": followup.MaxLink,
	"FollowupReportInput.note maxLength":         followup.MaxNote,

	"header.Idempotency-Key maxLength": consultation.MaxKey,
	"path.body maxLength":              body.MaxCode,
	"path.id minimum":                  minID,
	"path.iso3 maxLength":              state.ISO3Length,
	"path.n minimum":                   minID,
	"path.number minimum":              minID,
	"path.tracking maxLength":          consultation.MaxTracking,
	"query.body maxLength":             body.MaxCode,
	"query.country maxLength":          state.ISO3Length,
	"query.cursor maxLength":           plenary.MaxCursor,
	"query.email maxLength":            plenary.MaxEmail,
	"query.filename maxLength":         maxFilename,
	"query.limit minimum":              minLimit,
	"query.limit maximum":              plenary.MaxPageSize,
	"query.object_id maxLength":        maxObjectID,
	"query.object_type maxLength":      maxObjectType,
	"query.paragraph maxLength":        maxParagraphKey,
	"query.state maxLength":            state.ISO3Length,
	"list-users query.q maxLength":     maxSearch,
	"list-documents query.q maxLength": document.MaxQuery,
}

// eligibleTypes are the types of organization a body's rules may let apply: the
// intergovernmental ones are observers, never accredited.
func eligibleTypes() []organization.Type {
	return slices.DeleteFunc(slices.Clone(organization.Types), organization.Type.Intergovernmental)
}

// TestLimitsPinned: every limit of the OpenAPI document is the constant the table names
// for it. A field given a limit, or a limit changed, in a struct tag fails here until the
// table says which constant it is; a constant changed in a domain fails here until the
// tag follows.
func TestLimitsPinned(t *testing.T) {
	e := testenv.New(t)
	found := documentLimits(e.API.OpenAPI())
	if len(found) < len(limits)/2 {
		t.Fatalf("only %d limits found in the document: is the walk broken?", len(found))
	}
	used := map[string]bool{}
	for _, l := range found {
		key := l.where + " " + l.keyword
		if l.operation != "" {
			if _, ok := limits[l.operation+" "+key]; ok {
				key = l.operation + " " + key
			}
		}
		want, ok := limits[key]
		used[key] = true
		switch {
		case !ok:
			t.Errorf("%s: %s is %v, and the table names no constant for it: add %q", l.at(), l.keyword, l.value, key)
		case float64(want) != l.value:
			t.Errorf("%s: %s is %v, but its constant (%q) is %d", l.at(), l.keyword, l.value, key, want)
		}
	}
	for key := range limits {
		if !used[key] {
			t.Errorf("the table names %q, which the document does not have: remove it", key)
		}
	}
}

// limit is one limit found in the OpenAPI document.
type limit struct {
	operation string // of a parameter
	where     string // "Schema.property", or "in.name" for a parameter
	keyword   string // maxLength, minimum…
	value     float64
}

func (l limit) at() string {
	if l.operation != "" {
		return l.operation + " " + l.where
	}
	return l.where
}

// documentLimits walks every named schema, and every operation's parameters and inline
// request bodies, for the keywords that bound a value.
func documentLimits(doc *huma.OpenAPI) []limit {
	var out []limit
	schemas := doc.Components.Schemas.Map()
	names := make([]string, 0, len(schemas))
	for name := range schemas {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		out = append(out, schemaLimits("", name, schemas[name])...)
	}
	for _, op := range operations(doc) {
		for _, p := range op.Parameters {
			out = append(out, schemaLimits(op.OperationID, p.In+"."+p.Name, p.Schema)...)
		}
		if op.RequestBody != nil {
			for ct, m := range op.RequestBody.Content {
				out = append(out, schemaLimits(op.OperationID, "body "+ct, m.Schema)...)
			}
		}
	}
	return out
}

// schemaLimits lists the limits of s and of what it contains, naming a property
// "where.name", an array's items "where[]" and a map's values "where{}". A reference is
// left to the walk of the named schemas.
func schemaLimits(operation, where string, s *huma.Schema) []limit {
	if s == nil || s.Ref != "" {
		return nil
	}
	var out []limit
	add := func(keyword string, v float64) {
		out = append(out, limit{operation: operation, where: where, keyword: keyword, value: v})
	}
	for keyword, v := range map[string]*int{"maxLength": s.MaxLength, "minLength": s.MinLength, "maxItems": s.MaxItems,
		"minItems": s.MinItems, "maxProperties": s.MaxProperties, "minProperties": s.MinProperties} {
		if v != nil {
			add(keyword, float64(*v))
		}
	}
	for keyword, v := range map[string]*float64{"minimum": s.Minimum, "maximum": s.Maximum, "exclusiveMinimum": s.ExclusiveMinimum,
		"exclusiveMaximum": s.ExclusiveMaximum, "multipleOf": s.MultipleOf} {
		if v != nil {
			add(keyword, *v)
		}
	}
	for name, p := range s.Properties {
		out = append(out, schemaLimits(operation, where+"."+name, p)...)
	}
	out = append(out, schemaLimits(operation, where+"[]", s.Items)...)
	if ap, ok := s.AdditionalProperties.(*huma.Schema); ok {
		out = append(out, schemaLimits(operation, where+"{}", ap)...)
	}
	for i, sub := range slices.Concat(s.OneOf, s.AnyOf, s.AllOf, []*huma.Schema{s.Not}) {
		out = append(out, schemaLimits(operation, fmt.Sprintf("%s|%d", where, i), sub)...)
	}
	return out
}

// operations lists the document's operations.
func operations(doc *huma.OpenAPI) []*huma.Operation {
	var out []*huma.Operation
	for _, item := range doc.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Delete, item.Patch, item.Head, item.Options, item.Trace} {
			if op != nil {
				out = append(out, op)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OperationID < out[j].OperationID })
	return out
}

// TestLongestIdentifiersAccepted: the API takes back the longest cursor and tracking
// number the domains make (the tags once said 200 and 30, refusing the next page after
// a long e-mail address and the input on a body with a long code).
func TestLongestIdentifiersAccepted(t *testing.T) {
	if got := len(plenary.EncodeCursor(plenary.Position{Key: strings.Repeat("&", plenary.MaxEmail), ID: math.MinInt64})); got > plenary.MaxCursor {
		t.Errorf("the longest cursor has %d characters, MaxCursor is %d", got, plenary.MaxCursor)
	}
	if got := len(consultation.NewTracking(strings.Repeat("g", body.MaxCode))); got != consultation.MaxTracking {
		t.Errorf("the longest tracking number has %d characters, MaxTracking is %d", got, consultation.MaxTracking)
	}

	e := testenv.New(t)
	admin := e.CreateUser(t, "s@example.org", "Amina", plenary.Grant{Role: plenary.RoleSecretariat})
	long := strings.Repeat("a", plenary.MaxEmail-len("@example.org")) + "@example.org"
	e.CreateUser(t, long, "Long Address")
	c := client{t: t, e: e, token: tokenFor(t, e, admin, plenary.ScopeRead)}
	var page struct {
		Items      []struct{ Email string }
		NextCursor string `json:"next_cursor"`
	}
	c.must(http.MethodGet, "/users?limit=1", nil, 200).json(t, &page)
	if len(page.Items) != 1 || page.Items[0].Email != long || page.NextCursor == "" {
		t.Fatalf("first page: %+v", page)
	}
	c.must(http.MethodGet, "/users?limit=1&cursor="+page.NextCursor, nil, 200).json(t, &page)
	if len(page.Items) != 1 || page.Items[0].Email != "s@example.org" {
		t.Fatalf("second page: %+v", page)
	}

	// An unknown tracking number of the longest form is looked for, not refused.
	tracking := consultation.NewTracking(strings.Repeat("g", body.MaxCode))
	if r := (client{t: t, e: e}).call(http.MethodGet, "/submissions/"+tracking, nil); r.Status != http.StatusNotFound {
		t.Errorf("GET /submissions/%s: %d %s", tracking, r.Status, r.Body)
	}
}
