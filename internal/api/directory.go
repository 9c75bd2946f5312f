package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
)

// The Points of Contact directory. Only the Secretariat and the verified contacts of
// participating States read it; a State's nominator reads and keeps the State's own
// entries; anyone else is answered 404, as if it did not exist (401 without a token).
// Every read is recorded in the audit trail. The service decides all of it.

const pocTag = "Points of Contact"

// directoryRoutes registers the directory's operations (called from routes).
func (a *API) directoryRoutes() {
	h := a.huma
	reg := func(op huma.Operation) huma.Operation {
		op.Tags = []string{pocTag}
		return op
	}
	huma.Register(h, reg(huma.Operation{OperationID: "list-poc-entries", Method: http.MethodGet, Path: "/directory/entries",
		Summary:     "Read the directory: the verified entries of the participating States (Secretariat, verified Points of Contact)",
		Description: "Filter by State, regional group or function. The read is audited.", Security: readScope}), a.listPocEntries)
	huma.Register(h, reg(huma.Operation{OperationID: "get-poc-entry", Method: http.MethodGet, Path: "/directory/entries/{id}",
		Summary:     "Get an entry",
		Description: "Readers of the directory get verified entries; the State's nominator and the Secretariat get any of the State's entries, with a change awaiting verification. The read is audited.",
		Security:    readScope}), a.getPocEntry)
	huma.Register(h, reg(huma.Operation{OperationID: "list-poc-entry-history", Method: http.MethodGet, Path: "/directory/entries/{id}/history",
		Summary: "Every version of an entry, oldest first (the State's nominator, the Secretariat)", Security: readScope}), a.pocHistory)
	huma.Register(h, reg(huma.Operation{OperationID: "update-poc-entry", Method: http.MethodPut, Path: "/directory/entries/{id}",
		Summary:     "Change an entry (the State's nominator, the Secretariat)",
		Description: "A nomination not yet verified is corrected and waits for verification again. A change to a verified entry waits beside it as pending: the directory keeps the verified entry until the Secretariat verifies the change.",
		Security:    writeScope}), a.updatePocEntry)
	huma.Register(h, reg(huma.Operation{OperationID: "verify-poc-entry", Method: http.MethodPost, Path: "/directory/entries/{id}/verification",
		Summary:     "Verify a nomination or a pending change (Secretariat)",
		Description: "The person gets the Point of Contact role for the State, with an account and an invitation by e-mail if they have none.",
		Security:    writeScope}), a.verifyPocEntry)
	huma.Register(h, reg(huma.Operation{OperationID: "return-poc-entry", Method: http.MethodPost, Path: "/directory/entries/{id}/return",
		Summary: "Return a nomination or a pending change to the nominator with a reason (Secretariat)", Security: writeScope}), a.returnPocEntry)
	huma.Register(h, reg(huma.Operation{OperationID: "withdraw-poc-entry", Method: http.MethodPost, Path: "/directory/entries/{id}/withdrawal",
		Summary:     "Withdraw an entry from the directory (the State's nominator, the Secretariat)",
		Description: "The person loses the Point of Contact role for the State unless another verified entry of the State is theirs.",
		Security:    writeScope}), a.withdrawPocEntry)
	huma.Register(h, reg(huma.Operation{OperationID: "list-poc-state-entries", Method: http.MethodGet, Path: "/directory/states/{iso3}/entries",
		Summary:     "A State's entries",
		Description: "Every entry, whatever its status, for the State's nominator and the Secretariat; the verified ones for the directory's readers. The read is audited.",
		Security:    readScope}), a.listPocStateEntries)
	huma.Register(h, reg(huma.Operation{OperationID: "nominate-poc-entry", Method: http.MethodPost, Path: "/directory/states/{iso3}/entries",
		Summary: "Nominate a Point of Contact for a State (its nominator, the Secretariat)", DefaultStatus: http.StatusCreated,
		Description: "The entry waits for the Secretariat's verification before it is in the directory.", Security: writeScope}), a.nominatePocEntry)
	huma.Register(h, reg(huma.Operation{OperationID: "list-poc-queue", Method: http.MethodGet, Path: "/directory/queue",
		Summary: "Nominations and changes awaiting verification (Secretariat)", Security: readScope}), a.listPocQueue)
	huma.Register(h, reg(huma.Operation{OperationID: "list-poc-participants", Method: http.MethodGet, Path: "/directory/participants",
		Summary: "The States that notified their participation in the directory (its readers, nominators)", Security: readScope}), a.listPocParticipants)
	huma.Register(h, reg(huma.Operation{OperationID: "set-poc-participation", Method: http.MethodPut, Path: "/directory/participants/{iso3}",
		Summary:     "Record a State's joining or leaving the directory (Secretariat)",
		Description: "The entries of a State that leaves are hidden, and its contacts no longer read the directory.", Security: writeScope}), a.setPocParticipation)
	huma.Register(h, reg(huma.Operation{OperationID: "export-poc-directory", Method: http.MethodGet, Path: "/directory/export",
		Summary: "Every entry, whatever its status (Secretariat)", Description: "The export is audited.", Security: readScope}), a.exportPocDirectory)
}

// PocDetails is what an entry says about a person.
type PocDetails struct {
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	Organisation string   `json:"organisation"`
	Emails       []string `json:"emails" doc:"The first is the one plenary writes to and the person signs in with"`
	Phones       []string `json:"phones"`
	Languages    []string `json:"languages" doc:"Working languages: codes of the six (en, fr…) or other languages as written"`
	Lang         string   `json:"lang" enum:"ar,zh,en,fr,ru,es" doc:"The language of plenary's e-mails to the person"`
	TimeZone     string   `json:"time_zone" example:"Europe/Zurich"`
	Always       bool     `json:"always" doc:"Reachable 24 hours a day, 7 days a week"`
	Hours        string   `json:"hours,omitempty" doc:"When not always reachable: when"`
}

func pocDetailsJSON(d directory.Details) PocDetails {
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return PocDetails{Name: d.Name, Title: d.Title, Organisation: d.Organisation, Emails: nonNil(d.Emails), Phones: nonNil(d.Phones),
		Languages: nonNil(d.Languages), Lang: d.Lang, TimeZone: d.TimeZone, Always: d.Always, Hours: d.Hours}
}

// PocEntry is an entry of the directory.
type PocEntry struct {
	ID         int64       `json:"id"`
	State      string      `json:"state" doc:"ISO 3166-1 alpha-3"`
	Function   string      `json:"function" enum:"diplomatic,technical"`
	Status     string      `json:"status" enum:"nominated,verified,returned,withdrawn" doc:"Always verified for the directory's readers"`
	Details    PocDetails  `json:"details" doc:"The entry as verified, or as nominated before verification"`
	Pending    *PocDetails `json:"pending,omitempty" doc:"A change awaiting verification (the State's nominator and the Secretariat only)"`
	Reason     string      `json:"reason,omitempty" doc:"Why it was returned or withdrawn (the State's nominator and the Secretariat only)"`
	Version    int         `json:"version,omitempty" doc:"Counts every change (the State's nominator and the Secretariat only)"`
	VerifiedAt *time.Time  `json:"verified_at,omitempty"`
	UpdatedAt  time.Time   `json:"updated_at"`
}

// pocEntryJSON shapes an entry; keeper is whether the caller keeps the State's entries
// (its nominator, the Secretariat): only they see the workflow around it.
func pocEntryJSON(c directory.Contact, keeper bool) PocEntry {
	out := PocEntry{ID: c.ID, State: c.State, Function: string(c.Function), Status: string(c.Status), Details: pocDetailsJSON(c.Details),
		VerifiedAt: optTime(c.VerifiedAt), UpdatedAt: c.UpdatedAt}
	if keeper {
		out.Reason, out.Version = c.Reason, c.Version
		if c.Pending != nil {
			p := pocDetailsJSON(*c.Pending)
			out.Pending = &p
		}
	}
	return out
}

func (a *API) pocEntries(ctx context.Context, cs []directory.Contact) []PocEntry {
	actor := actorOf(ctx)
	out := make([]PocEntry, len(cs))
	for i, c := range cs {
		// A read-only token of a keeper may not change the entries but still sees them whole.
		err := a.svc.Directory.MayManage(actor, c.State)
		out[i] = pocEntryJSON(c, err == nil || plenary.ErrorKind(err) == plenary.KindForbidden)
	}
	return out
}

// PocDetailsInput is an entry as a nominator sends it.
type PocDetailsInput struct {
	Name         string   `json:"name" maxLength:"200"`
	Title        string   `json:"title" maxLength:"200"`
	Organisation string   `json:"organisation" maxLength:"200"`
	Emails       []string `json:"emails" maxItems:"5" doc:"The first is the one plenary writes to and the person signs in with"`
	Phones       []string `json:"phones,omitempty" maxItems:"5" doc:"International format: +41 22 917 1234"`
	Languages    []string `json:"languages" maxItems:"20" doc:"Working languages: codes of the six (en, fr…) or other languages as written"`
	Lang         string   `json:"lang,omitempty" enum:"ar,zh,en,fr,ru,es" doc:"The language of plenary's e-mails to the person; the first of the working languages that is one of the six when omitted"`
	TimeZone     string   `json:"time_zone" maxLength:"64" example:"Europe/Zurich"`
	Always       bool     `json:"always,omitempty" doc:"Reachable 24 hours a day, 7 days a week"`
	Hours        string   `json:"hours,omitempty" maxLength:"200" doc:"Required unless always: when the person is reachable"`
}

func (in PocDetailsInput) domain() directory.Details {
	return directory.Details{Name: in.Name, Title: in.Title, Organisation: in.Organisation, Emails: in.Emails, Phones: in.Phones,
		Languages: in.Languages, Lang: in.Lang, TimeZone: in.TimeZone, Always: in.Always, Hours: in.Hours}
}

type listPocEntriesInput struct {
	State    string `query:"state" maxLength:"3" doc:"ISO 3166-1 alpha-3"`
	Group    string `query:"group" enum:"African,Asia-Pacific,Eastern European,GRULAC,WEOG,none" doc:"A regional group"`
	Function string `query:"function" enum:"diplomatic,technical"`
}

func (a *API) listPocEntries(ctx context.Context, in *listPocEntriesInput) (*PageOutput[PocEntry], error) {
	cs, err := a.svc.Directory.Entries(ctx, actorOf(ctx), directory.Filter{State: strings.ToUpper(in.State), Group: in.Group,
		Function: directory.Function(in.Function)})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &PageOutput[PocEntry]{Body: Page[PocEntry]{Items: a.pocEntries(ctx, cs)}}, nil
}

func (a *API) getPocEntry(ctx context.Context, in *idInput) (*Output[PocEntry], error) {
	c, err := a.svc.Directory.Get(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PocEntry]{Body: a.pocEntries(ctx, []directory.Contact{c})[0]}, nil
}

// PocVersion is one step of an entry's history.
type PocVersion struct {
	Version       int        `json:"version"`
	Change        string     `json:"change" enum:"nominated,proposed,edited,verified,returned,withdrawn"`
	Status        string     `json:"status" enum:"nominated,verified,returned,withdrawn"`
	Details       PocDetails `json:"details" doc:"The entry as this version recorded it (for a proposed change, the change)"`
	Reason        string     `json:"reason,omitempty"`
	ChangedBy     int64      `json:"changed_by,omitempty" doc:"The account that made the change"`
	ChangedByName string     `json:"changed_by_name,omitempty"`
	ChangedAt     time.Time  `json:"changed_at"`
}

func (a *API) pocHistory(ctx context.Context, in *idInput) (*Output[[]PocVersion], error) {
	vs, err := a.svc.Directory.History(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PocVersion, len(vs))
	for i, v := range vs {
		out[i] = PocVersion{Version: v.Version, Change: string(v.Change), Status: string(v.Status), Details: pocDetailsJSON(v.Details),
			Reason: v.Reason, ChangedBy: v.ChangedBy, ChangedByName: v.ChangedByName, ChangedAt: v.ChangedAt}
	}
	return &Output[[]PocVersion]{Body: out}, nil
}

type updatePocEntryInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body PocDetailsInput
}

func (a *API) updatePocEntry(ctx context.Context, in *updatePocEntryInput) (*Output[PocEntry], error) {
	c, err := a.svc.Directory.Update(ctx, actorOf(ctx), in.ID, in.Body.domain())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PocEntry]{Body: pocEntryJSON(c, true)}, nil
}

func (a *API) verifyPocEntry(ctx context.Context, in *idInput) (*Output[PocEntry], error) {
	c, err := a.svc.Directory.Verify(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PocEntry]{Body: pocEntryJSON(c, true)}, nil
}

type pocReasonInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Reason string `json:"reason,omitempty" maxLength:"1000"`
	}
}

func (a *API) returnPocEntry(ctx context.Context, in *pocReasonInput) (*Output[PocEntry], error) {
	c, err := a.svc.Directory.Return(ctx, actorOf(ctx), in.ID, in.Body.Reason)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PocEntry]{Body: pocEntryJSON(c, true)}, nil
}

func (a *API) withdrawPocEntry(ctx context.Context, in *pocReasonInput) (*Output[PocEntry], error) {
	c, err := a.svc.Directory.Withdraw(ctx, actorOf(ctx), in.ID, in.Body.Reason)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PocEntry]{Body: pocEntryJSON(c, true)}, nil
}

func (a *API) listPocStateEntries(ctx context.Context, in *iso3Input) (*PageOutput[PocEntry], error) {
	actor := actorOf(ctx)
	iso3 := strings.ToUpper(in.ISO3)
	cs, err := a.svc.Directory.StateEntries(ctx, actor, iso3)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &PageOutput[PocEntry]{Body: Page[PocEntry]{Items: a.pocEntries(ctx, cs)}}, nil
}

type nominatePocEntryInput struct {
	ISO3 string `path:"iso3" maxLength:"3" doc:"ISO 3166-1 alpha-3"`
	Body struct {
		Function string `json:"function" enum:"diplomatic,technical"`
		PocDetailsInput
	}
}

func (a *API) nominatePocEntry(ctx context.Context, in *nominatePocEntryInput) (*Output[PocEntry], error) {
	c, err := a.svc.Directory.Nominate(ctx, actorOf(ctx), directory.NominationInput{State: strings.ToUpper(in.ISO3),
		Function: directory.Function(in.Body.Function), Details: in.Body.PocDetailsInput.domain()})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PocEntry]{Body: pocEntryJSON(c, true)}, nil
}

func (a *API) listPocQueue(ctx context.Context, _ *struct{}) (*PageOutput[PocEntry], error) {
	cs, err := a.svc.Directory.Awaiting(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &PageOutput[PocEntry]{Body: Page[PocEntry]{Items: a.pocEntries(ctx, cs)}}, nil
}

// PocParticipant is a State's participation in the directory.
type PocParticipant struct {
	State     string    `json:"state" doc:"ISO 3166-1 alpha-3"`
	Status    string    `json:"status" enum:"participating,withdrawn"`
	Since     time.Time `json:"since"`
	Note      string    `json:"note,omitempty" doc:"The Secretariat's note (the Secretariat only)"`
	UpdatedAt time.Time `json:"updated_at"`
}

func pocParticipantJSON(p directory.Participant, secretariat bool) PocParticipant {
	out := PocParticipant{State: p.State, Status: string(p.Status), Since: p.Since, UpdatedAt: p.UpdatedAt}
	if secretariat {
		out.Note = p.Note
	}
	return out
}

func (a *API) listPocParticipants(ctx context.Context, _ *struct{}) (*PageOutput[PocParticipant], error) {
	actor := actorOf(ctx)
	ps, err := a.svc.Directory.Participants(ctx, actor)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PocParticipant, len(ps))
	for i, p := range ps {
		out[i] = pocParticipantJSON(p, actor.IsSecretariat())
	}
	return &PageOutput[PocParticipant]{Body: Page[PocParticipant]{Items: out}}, nil
}

type setPocParticipationInput struct {
	ISO3 string `path:"iso3" maxLength:"3" doc:"ISO 3166-1 alpha-3"`
	Body struct {
		Status string `json:"status" enum:"participating,withdrawn"`
		Note   string `json:"note,omitempty" maxLength:"500" doc:"How the State notified it, for the Secretariat"`
	}
}

func (a *API) setPocParticipation(ctx context.Context, in *setPocParticipationInput) (*Output[PocParticipant], error) {
	p, err := a.svc.Directory.SetParticipation(ctx, actorOf(ctx), strings.ToUpper(in.ISO3), directory.Participation(in.Body.Status), in.Body.Note)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[PocParticipant]{Body: pocParticipantJSON(p, true)}, nil
}

func (a *API) exportPocDirectory(ctx context.Context, _ *struct{}) (*Output[[]PocEntry], error) {
	cs, err := a.svc.Directory.Export(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := make([]PocEntry, len(cs))
	for i, c := range cs {
		out[i] = pocEntryJSON(c, true)
	}
	return &Output[[]PocEntry]{Body: out}, nil
}
