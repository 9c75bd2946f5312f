package api

import (
	"context"
	"net/url"
	"strconv"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/audit"
)

// Page is one page of a list.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty" doc:"Pass as cursor to get the next page; absent on the last page"`
}

// PageOutput is a list response, with a Link header to the next page (RFC 8288).
type PageOutput[T any] struct {
	Link string `header:"Link" doc:"rel=\"next\" link to the next page"`
	Body Page[T]
}

func (a *API) pageOf(path string, limit int, next string) string {
	if next == "" {
		return ""
	}
	q := url.Values{"cursor": {next}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return "<" + a.opts.BaseURL + Prefix + path + "?" + q.Encode() + `>; rel="next"`
}

// Output wraps a single response body.
type Output[T any] struct {
	Body T
}

func (a *API) fail(ctx context.Context, err error) error {
	return a.problem(actorOf(ctx).Lang, err)
}

type iso3Input struct {
	ISO3 string `path:"iso3" maxLength:"3" doc:"ISO 3166-1 alpha-3 code"`
}

type idInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (a *API) listStates(ctx context.Context, _ *struct{}) (*PageOutput[State], error) {
	states, err := a.svc.States.List(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[State]{Body: Page[State]{Items: make([]State, len(states))}}
	for i, s := range states {
		out.Body.Items[i] = stateJSON(s)
	}
	return out, nil
}

func (a *API) getState(ctx context.Context, in *iso3Input) (*Output[State], error) {
	s, err := a.svc.States.Get(ctx, actorOf(ctx), in.ISO3)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[State]{Body: stateJSON(s)}, nil
}

func (a *API) getMe(ctx context.Context, _ *struct{}) (*Output[User], error) {
	u, err := a.svc.Accounts.Me(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[User]{Body: userJSON(u)}, nil
}

func (a *API) listTokens(ctx context.Context, _ *struct{}) (*PageOutput[Token], error) {
	tokens, err := a.svc.Accounts.Tokens(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Token]{Body: Page[Token]{Items: make([]Token, len(tokens))}}
	for i, t := range tokens {
		out.Body.Items[i] = tokenJSON(t)
	}
	return out, nil
}

func (a *API) revokeToken(ctx context.Context, in *idInput) (*struct{}, error) {
	if err := a.svc.Accounts.RevokeToken(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type resetInput struct {
	Body struct {
		Email string `json:"email" maxLength:"254"`
	}
}

func (a *API) requestReset(ctx context.Context, in *resetInput) (*struct{}, error) {
	if err := a.svc.Accounts.RequestPasswordReset(ctx, actorOf(ctx), in.Body.Email); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type listUsersInput struct {
	PageParams
	Q string `query:"q" maxLength:"200" doc:"Part of a name or e-mail address"`
}

func (a *API) listUsers(ctx context.Context, in *listUsersInput) (*PageOutput[User], error) {
	page, err := a.svc.Accounts.List(ctx, actorOf(ctx), in.Q, in.request())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[User]{Body: Page[User]{Items: make([]User, len(page.Items)), NextCursor: page.Next}}
	for i, u := range page.Items {
		out.Body.Items[i] = userJSON(u)
	}
	out.Link = a.pageOf("/users", in.Limit, page.Next)
	return out, nil
}

func (a *API) getUser(ctx context.Context, in *idInput) (*Output[User], error) {
	u, err := a.svc.Accounts.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[User]{Body: userJSON(u)}, nil
}

// RoleInput is a role to give.
type RoleInput struct {
	Role           string `json:"role" enum:"secretariat,chair,delegate,point_of_contact,poc_nominator,focal_point,representative,observer,state_editor,state_reviewer,state_submitter"`
	State          string `json:"state,omitempty" maxLength:"3" doc:"For roles held for a State: delegates, Points of Contact, nominators, a State's team"`
	OrganizationID int64  `json:"organization_id,omitempty" doc:"For focal points, representatives and observers"`
}

func (r RoleInput) grant() plenary.Grant {
	return plenary.Grant{Role: plenary.Role(r.Role), State: r.State, OrganizationID: r.OrganizationID}
}

type createUserInput struct {
	Body struct {
		Email string      `json:"email" maxLength:"254"`
		Name  string      `json:"name" maxLength:"200"`
		Lang  string      `json:"lang" enum:"ar,zh,en,fr,ru,es" doc:"Language of the person's e-mails"`
		Roles []RoleInput `json:"roles,omitempty" maxItems:"20"`
	}
}

func (a *API) createUser(ctx context.Context, in *createUserInput) (*Output[User], error) {
	ci := account.CreateInput{Email: in.Body.Email, Name: in.Body.Name, Lang: in.Body.Lang}
	for _, r := range in.Body.Roles {
		ci.Grants = append(ci.Grants, r.grant())
	}
	u, err := a.svc.Accounts.Create(ctx, actorOf(ctx), ci)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[User]{Body: userJSON(u)}, nil
}

type grantInput struct {
	Body struct {
		Email string `json:"email" maxLength:"254" doc:"The person's address; an account is made if there is none"`
		Name  string `json:"name,omitempty" maxLength:"200" doc:"For a new account"`
		Lang  string `json:"lang,omitempty" enum:"ar,zh,en,fr,ru,es" doc:"For a new account"`
		RoleInput
	}
}

func (a *API) grantRole(ctx context.Context, in *grantInput) (*Output[Role], error) {
	g, err := a.svc.Accounts.Grant(ctx, actorOf(ctx), account.GrantInput{
		Email: in.Body.Email, Name: in.Body.Name, Lang: in.Body.Lang, Grant: in.Body.grant()})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Role]{Body: roleJSON(g)}, nil
}

func (a *API) revokeRole(ctx context.Context, in *idInput) (*struct{}, error) {
	if err := a.svc.Accounts.Revoke(ctx, actorOf(ctx), account.RevokeInput{GrantID: in.ID}); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

func (a *API) acceptRole(ctx context.Context, in *idInput) (*struct{}, error) {
	if err := a.svc.Accounts.AcceptRole(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

func (a *API) declineRole(ctx context.Context, in *idInput) (*struct{}, error) {
	if err := a.svc.Accounts.DeclineRole(ctx, actorOf(ctx), in.ID); err != nil {
		return nil, a.fail(ctx, err)
	}
	return nil, nil
}

type disabledInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Disabled bool `json:"disabled"`
	}
}

func (a *API) setUserDisabled(ctx context.Context, in *disabledInput) (*Output[User], error) {
	actor := actorOf(ctx)
	if err := a.svc.Accounts.SetDisabled(ctx, actor, in.ID, in.Body.Disabled); err != nil {
		return nil, a.fail(ctx, err)
	}
	u, err := a.svc.Accounts.Get(ctx, actor, in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[User]{Body: userJSON(u)}, nil
}

type listPageInput struct {
	PageParams
}

func (a *API) listOrganizations(ctx context.Context, in *listPageInput) (*PageOutput[Organization], error) {
	page, err := a.svc.Organizations.List(ctx, actorOf(ctx), in.request())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Organization]{Body: Page[Organization]{Items: make([]Organization, len(page.Items)), NextCursor: page.Next}}
	for i, o := range page.Items {
		out.Body.Items[i] = organizationJSON(o)
	}
	out.Link = a.pageOf("/organizations", in.Limit, page.Next)
	return out, nil
}

func (a *API) getOrganization(ctx context.Context, in *idInput) (*Output[Organization], error) {
	o, err := a.svc.Organizations.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Organization]{Body: organizationJSON(o)}, nil
}

type organizationBody struct {
	Body OrganizationInput
}

func (a *API) createOrganization(ctx context.Context, in *organizationBody) (*Output[Organization], error) {
	o, err := a.svc.Organizations.Create(ctx, actorOf(ctx), in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Organization]{Body: organizationJSON(o)}, nil
}

type updateOrganizationInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body OrganizationInput
}

func (a *API) updateOrganization(ctx context.Context, in *updateOrganizationInput) (*Output[Organization], error) {
	o, err := a.svc.Organizations.Update(ctx, actorOf(ctx), in.ID, in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Organization]{Body: organizationJSON(o)}, nil
}

func (a *API) listMembers(ctx context.Context, in *idInput) (*PageOutput[Member], error) {
	ms, err := a.svc.Organizations.Members(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Member]{Body: Page[Member]{Items: make([]Member, len(ms))}}
	for i, m := range ms {
		out.Body.Items[i] = Member{RoleID: m.GrantID, UserID: m.UserID, Name: m.Name, Email: m.Email, Role: string(m.Role), Accepted: !m.Pending}
	}
	return out, nil
}

type listAuditInput struct {
	PageParams
	ObjectType string `query:"object_type" maxLength:"50"`
	ObjectID   string `query:"object_id" maxLength:"100"`
}

func (a *API) listAudit(ctx context.Context, in *listAuditInput) (*PageOutput[AuditEvent], error) {
	page, err := a.svc.Audit.List(ctx, actorOf(ctx), audit.Filter{ObjectType: in.ObjectType, ObjectID: in.ObjectID}, in.request())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[AuditEvent]{Body: Page[AuditEvent]{Items: make([]AuditEvent, len(page.Items)), NextCursor: page.Next}}
	for i, e := range page.Items {
		out.Body.Items[i] = auditJSON(e)
	}
	out.Link = a.pageOf("/audit/events", in.Limit, page.Next)
	return out, nil
}

// Verification is the outcome of checking the audit trail.
type Verification struct {
	Intact   bool   `json:"intact"`
	Events   int64  `json:"events" doc:"Events verified"`
	BrokenAt int64  `json:"broken_at,omitempty" doc:"The first event that fails"`
	Reason   string `json:"reason,omitempty" enum:"content,link"`
	LastHash string `json:"last_hash"`
}

func (a *API) verifyAudit(ctx context.Context, _ *struct{}) (*Output[Verification], error) {
	rep, err := a.svc.Audit.Verify(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Verification]{Body: Verification{Intact: rep.Intact(), Events: rep.Events, BrokenAt: rep.BrokenAt, Reason: rep.Reason, LastHash: rep.LastHash}}, nil
}
