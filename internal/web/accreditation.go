package web

import (
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/accreditation"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/organization"
	"github.com/plenary-platform/plenary/internal/state"
)

// accPage is what every accreditation page has: the body, and what the reader is to it.
// Accreditation is of organizations: their pages' helpers come with it.
type accPage struct {
	orgPage
	Body      body.Body
	MayManage bool // the Secretariat
	IsChair   bool
	IsState   bool // a delegate (of any State)
}

func (h *Handler) accPage(w http.ResponseWriter, r *http.Request, titleKey string) (accPage, error) {
	b, err := h.bodyOf(r)
	if err != nil {
		return accPage{}, err
	}
	p := accPage{orgPage: orgPage{h.page(w, r, titleKey, "accreditation")}, Body: b}
	p.MayManage = h.svc.Accreditation.MayManage(p.Actor) == nil
	p.IsChair = p.Actor.Has(plenary.RoleChair)
	p.IsState = p.Actor.Has(plenary.RoleDelegate)
	return p, nil
}

// BodyURL is a path under the body's accreditation pages.
func (p *accPage) BodyURL(path string) string {
	return "/" + p.Lang + "/accreditation/" + p.Body.Code + path
}

// When writes an instant in the body's time zone.
func (p *accPage) When(t time.Time) string { return p.InZone(t, p.Body.TimeZone) }

// RuleName, AudienceName, StatusName, RoundStatusName, KindName and BasisName translate
// accreditation words.
func (p *accPage) RuleName(r accreditation.Rule) string {
	return p.T("acc.rule." + string(r))
}

func (p *accPage) AudienceName(a accreditation.Audience) string {
	return p.T("acc.audience." + string(a))
}

func (p *accPage) StatusName(s accreditation.Status) string {
	return p.T("acc.status." + string(s))
}

func (p *accPage) RoundStatusName(s accreditation.RoundStatus) string {
	return p.T("acc.round_status." + string(s))
}

func (p *accPage) KindName(k accreditation.Kind) string {
	return p.T("acc.kind." + string(k))
}

func (p *accPage) BasisName(b accreditation.Basis) string {
	return p.T("acc.basis." + string(b))
}

// SeenBy lists who sees something under a policy: the Chair and the Secretariat, then
// the audiences, joined the page language's way.
func (p *accPage) SeenBy(audiences []accreditation.Audience) string {
	names := []string{p.T("acc.staff")}
	for _, a := range audiences {
		names = append(names, p.AudienceName(a))
	}
	return strings.Join(names, p.T("acc.list_sep"))
}

type accOverviewPage struct {
	accPage
	Policy  accreditation.Policy
	Current *accreditation.RoundFigures
	Orgs    []organization.Organization // the organizations the reader may apply for
}

func (h *Handler) accOverview(w http.ResponseWriter, r *http.Request) error {
	ap, err := h.accPage(w, r, "")
	if err != nil {
		return err
	}
	p := accOverviewPage{accPage: ap}
	p.Title = p.T("acc.title", "Body", p.Body.Name(p.Lang))
	if p.Policy, err = h.svc.Accreditation.CurrentPolicy(r.Context(), p.Actor, p.Body.ID); err != nil {
		return err
	}
	rounds, err := h.svc.Accreditation.Rounds(r.Context(), p.Actor, p.Body.ID)
	if err != nil {
		return err
	}
	if len(rounds) > 0 {
		p.Current = &rounds[0]
	}
	for _, id := range p.Actor.Organizations(plenary.RoleFocalPoint) {
		if o, err := h.svc.Organizations.Get(r.Context(), p.Actor, id); err == nil {
			p.Orgs = append(p.Orgs, o)
		}
	}
	h.render(w, r, http.StatusOK, "acc-overview", &p)
	return nil
}

type accRulesPage struct {
	accPage
	Policy   accreditation.Policy
	Versions []accreditation.Policy
}

func (h *Handler) accRules(w http.ResponseWriter, r *http.Request) error {
	ap, err := h.accPage(w, r, "acc.rules_title")
	if err != nil {
		return err
	}
	p := accRulesPage{accPage: ap}
	if p.Policy, err = h.svc.Accreditation.CurrentPolicy(r.Context(), p.Actor, p.Body.ID); err != nil {
		return err
	}
	if p.Versions, err = h.svc.Accreditation.Policies(r.Context(), p.Actor, p.Body.ID); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "acc-rules", &p)
	return nil
}

type accOrganizationsPage struct {
	accPage
	Listings  []accreditation.Listing
	Filter    accreditation.Filter
	TypeOpts  []Option
	StateOpts []Option
	GroupOpts []Option
	Query     string // the filters as a query string, for the export links
}

func (h *Handler) accOrganizations(w http.ResponseWriter, r *http.Request) error {
	ap, err := h.accPage(w, r, "acc.organizations_title")
	if err != nil {
		return err
	}
	p := accOrganizationsPage{accPage: ap}
	q := r.URL.Query()
	p.Filter = accreditation.Filter{Type: organization.Type(q.Get("type")), Country: strings.ToUpper(q.Get("country")), Region: q.Get("region")}
	p.Form = &Form{Values: q}
	if p.Listings, err = h.accListings(r, p.Lang, p.Filter); err != nil {
		return err
	}
	p.TypeOpts = append(p.TypeOpts, Option{Value: "", Label: p.T("acc.filter_all")})
	for _, t := range organization.Types {
		if !t.Intergovernmental() {
			p.TypeOpts = append(p.TypeOpts, Option{Value: string(t), Label: p.TypeName(t)})
		}
	}
	states, err := h.svc.States.Sorted(r.Context(), p.Actor, p.Lang)
	if err != nil {
		return err
	}
	p.StateOpts = append(p.StateOpts, Option{Value: "", Label: p.T("acc.filter_all")})
	for _, s := range states {
		p.StateOpts = append(p.StateOpts, Option{Value: s.ISO3, Label: s.Name(p.Lang)})
	}
	p.GroupOpts = append(p.GroupOpts, Option{Value: "", Label: p.T("acc.filter_all")})
	for _, g := range state.Groups {
		p.GroupOpts = append(p.GroupOpts, Option{Value: string(g), Label: p.GroupName(g)})
	}
	p.Query = r.URL.RawQuery
	h.render(w, r, http.StatusOK, "acc-organizations", &p)
	return nil
}

// accListings returns the accredited organizations with the filters, regions read from
// the States.
func (h *Handler) accListings(r *http.Request, lang string, f accreditation.Filter) ([]accreditation.Listing, error) {
	b, err := h.bodyOf(r)
	if err != nil {
		return nil, err
	}
	actor := actorOf(r.Context())
	return h.svc.Accreditation.Accredited(r.Context(), actor, b.ID, f, lang, func(iso3 string) string {
		if s, err := h.svc.States.Get(r.Context(), actor, iso3); err == nil {
			return string(s.Group)
		}
		return ""
	})
}

type accRoundsPage struct {
	accPage
	Policy accreditation.Policy
	Rounds []accreditation.RoundFigures
	Chart  Chart
}

// accRoundsPage is the rounds with the form opening one.
func (h *Handler) accRoundsPage(w http.ResponseWriter, r *http.Request) (accRoundsPage, error) {
	ap, err := h.accPage(w, r, "acc.rounds_title")
	if err != nil {
		return accRoundsPage{}, err
	}
	p := accRoundsPage{accPage: ap}
	if p.Rounds, err = h.svc.Accreditation.Rounds(r.Context(), p.Actor, p.Body.ID); err != nil {
		return accRoundsPage{}, err
	}
	if p.Policy, err = h.svc.Accreditation.CurrentPolicy(r.Context(), p.Actor, p.Body.ID); err != nil {
		return accRoundsPage{}, err
	}
	p.Chart = roundsChart(&p.Page, p.Rounds)
	p.Form = newForm(r)
	return p, nil
}

// MayOpen reports whether the Secretariat may open a round now: when every earlier
// round is decided.
func (p *accRoundsPage) MayOpen() bool {
	return p.MayManage && (len(p.Rounds) == 0 || p.Rounds[0].Status == accreditation.RoundDecided)
}

type accRoundPage struct {
	accPage
	Round accreditation.RoundFigures
}

func (h *Handler) accRound(w http.ResponseWriter, r *http.Request) error {
	ap, err := h.accPage(w, r, "")
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return plenary.NotFound()
	}
	p := accRoundPage{accPage: ap}
	if p.Round, err = h.svc.Accreditation.Round(r.Context(), p.Actor, p.Body.ID, n); err != nil {
		return err
	}
	p.Title = p.T("acc.round_title", "Number", n)
	p.Form = newForm(r)
	h.render(w, r, http.StatusOK, "acc-round", &p)
	return nil
}

// accOrganizationsCSV exports the public list, with the page's filters, for a spreadsheet:
// UTF-8 with a byte-order mark (so that spreadsheet programs read every script), names in
// the page's language, dates as ISO 8601.
func (h *Handler) accOrganizationsCSV(w http.ResponseWriter, r *http.Request) error {
	b, err := h.bodyOf(r)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	q := r.URL.Query()
	f := accreditation.Filter{Type: organization.Type(q.Get("type")), Country: strings.ToUpper(q.Get("country")), Region: q.Get("region")}
	listings, err := h.accListings(r, lang, f)
	if err != nil {
		return err
	}
	t := func(key string) string { return h.catalog.T(lang, key, nil) }
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{
		"filename": "accredited-" + strings.ToLower(b.Code) + "-" + lang + ".csv",
	}))
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{t("organization.name"), t("organization.acronym"), t("organization.type"), t("organization.hq_state"),
		"ISO 3166-1", t("organization.website"), t("acc.basis_label"), t("acc.accredited_on"), t("acc.valid_until")})
	for _, l := range listings {
		o := l.Organization
		until := ""
		if !l.ValidUntil.IsZero() {
			until = l.ValidUntil.UTC().Format("2006-01-02")
		}
		_ = cw.Write([]string{cell(o.Name(lang)), cell(o.Acronym), t("org_type." + string(o.Type)),
			(&Page{Lang: lang, catalog: h.catalog}).StateName(o.HQState), o.HQState, cell(o.Website), t("acc.basis." + string(l.Basis)),
			l.AccreditedAt.UTC().Format("2006-01-02"), until})
	}
	cw.Flush()
	return cw.Error()
}

// cell defuses text a spreadsheet would run as a formula (=, +, -, @ and the control
// characters that start one): organizations write their own names.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
