package web

import (
	"encoding/csv"
	"html/template"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/state"
)

// The Points of Contact directory. Only the Secretariat and the verified contacts of
// participating States read it; a State's nominator keeps the State's own entries; anyone
// else is told it does not exist. The service decides all of it: these handlers parse,
// call and render. Every page here holds personal data, so none may be stored by a
// browser or a proxy.

// directoryNav tells whether the navigation links to the directory: for those who read it
// (the Secretariat, verified contacts) and for nominators.
func (h *Handler) directoryNav(a plenary.Actor, verified bool) bool {
	if !a.SignedIn() {
		return false
	}
	return a.IsSecretariat() || len(a.States(plenary.RoleNominator)) > 0 || verified
}

// verifiedContact tells whether the actor is a verified contact of a participating State:
// asked once a page, for the navigation's entries of the directory, pings and
// communications.
func (h *Handler) verifiedContact(r *http.Request, a plenary.Actor) bool {
	if !a.SignedIn() || a.IsSecretariat() || !a.Has(plenary.RolePointOfContact) {
		return false
	}
	states, err := h.svc.Directory.VerifiedStates(r.Context(), a)
	return err == nil && len(states) > 0
}

// directoryArea is what the directory's pages have beyond Page: the names of its terms
// and the parts of an entry, which no other page needs.
type directoryArea struct{ Page }

func (h *Handler) directoryArea(w http.ResponseWriter, r *http.Request, titleKey string) directoryArea {
	return directoryArea{h.page(w, r, titleKey, "directory")}
}

// DirectoryFunctionName, DirectoryStatusName, DirectoryChangeName and
// DirectoryParticipationName name the directory's terms in the reader's language.
func (p *directoryArea) DirectoryFunctionName(f directory.Function) string {
	return p.T("directory.function." + string(f))
}
func (p *directoryArea) DirectoryStatusName(s directory.Status) string {
	return p.T("directory.status." + string(s))
}
func (p *directoryArea) DirectoryChangeName(c directory.Change) string {
	return p.T("directory.change." + string(c))
}
func (p *directoryArea) DirectoryParticipationName(s directory.Participation) string {
	if s == directory.NotJoined {
		return p.T("directory.participation.none")
	}
	return p.T("directory.participation." + string(s))
}

// DirectoryLanguage names a working language: one of the six by its name in the reader's
// language, any other as the nominator wrote it.
func (p *directoryArea) DirectoryLanguage(l string) string {
	if plenary.ValidLanguage(l) {
		return p.T("language." + l)
	}
	return l
}

// Tel is a telephone link: the number's digits and leading +, nothing else, so that the
// link cannot carry anything but a number.
func (p *directoryArea) Tel(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
		if r == 'x' { // an extension is dialled by hand
			break
		}
	}
	return template.URL("tel:" + b.String())
}

// directoryCard is an entry's details for the "directory-details" partial.
type directoryCard struct {
	P *directoryArea
	D directory.Details
	// Other is the entry the details are compared with (the verified one, beside a
	// proposed change): the fields that differ are marked.
	Other *directory.Details
}

// DirectoryCard builds the partial's data:
// {{template "directory-details" ($.DirectoryCard .Details nil)}}.
func (p *directoryArea) DirectoryCard(d directory.Details, other *directory.Details) directoryCard {
	return directoryCard{P: p, D: d, Other: other}
}

// Changed reports whether a field differs from the compared entry.
func (c directoryCard) Changed(field string) bool {
	if c.Other == nil {
		return false
	}
	a, b := c.D, *c.Other
	switch field {
	case "name":
		return a.Name != b.Name
	case "title":
		return a.Title != b.Title
	case "organisation":
		return a.Organisation != b.Organisation
	case "emails":
		return !slices.Equal(a.Emails, b.Emails)
	case "phones":
		return !slices.Equal(a.Phones, b.Phones)
	case "languages":
		return !slices.Equal(a.Languages, b.Languages) || a.Lang != b.Lang
	case "time_zone":
		return a.TimeZone != b.TimeZone
	case "hours":
		return a.Always != b.Always || a.Hours != b.Hours
	}
	return false
}

// directoryStateEntries is a State and its entries, on the directory's page.
type directoryStateEntries struct {
	ISO3     string
	Name     string
	Contacts []directory.Contact
}

// directoryGroup is a regional group and its States.
type directoryGroup struct {
	Group  state.Group
	States []directoryStateEntries
}

type directoryIndexPage struct {
	directoryArea
	Groups []directoryGroup
	Count  int
	Filter directory.Filter
	// Reader is whether the actor reads the directory; a nominator who does not sees only
	// the links to their States' entries.
	Reader      bool
	Nominates   []string
	Secretariat bool
	StateOpts   []Option
	GroupOpts   []Option
}

// FunctionOptions are the functions, for filters (with "all") and forms.
func (p *directoryArea) FunctionOptions(blank bool) []Option {
	var out []Option
	if blank {
		out = append(out, Option{Value: "", Label: p.T("directory.all_functions")})
	}
	return append(out, choices(directory.Functions, p.DirectoryFunctionName)...)
}

func (h *Handler) directoryIndex(w http.ResponseWriter, r *http.Request) error {
	p := directoryIndexPage{directoryArea: h.directoryArea(w, r, "directory.title")}
	q := r.URL.Query()
	p.Filter = directory.Filter{State: strings.ToUpper(q.Get("state")), Group: q.Get("group"), Function: directory.Function(q.Get("function"))}
	p.Form = newForm(r)
	p.Form.Values = q
	p.Nominates = p.Actor.States(plenary.RoleNominator)
	p.Secretariat = p.Actor.IsSecretariat()
	entries, err := h.svc.Directory.Entries(r.Context(), p.Actor, p.Filter)
	switch {
	case err == nil:
		p.Reader = true
	case plenary.ErrorKind(err) == plenary.KindNotFound && len(p.Nominates) > 0:
		// A nominator who is not a verified contact keeps their States' entries only.
	default:
		return err
	}
	sorted, err := h.svc.States.Sorted(r.Context(), p.Actor, p.Lang)
	if err != nil {
		return err
	}
	slices.SortFunc(p.Nominates, func(a, b string) int { return strings.Compare(p.StateName(a), p.StateName(b)) })
	if !p.Reader {
		h.render(w, r, http.StatusOK, "directory-index", &p)
		return nil
	}
	participants, err := h.svc.Directory.Participants(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	joined := map[string]bool{}
	for _, pa := range participants {
		if pa.Status == directory.Participating {
			joined[pa.State] = true
		}
	}
	byState := map[string][]directory.Contact{}
	for _, c := range entries {
		byState[c.State] = append(byState[c.State], c)
	}
	p.Count = len(entries)
	p.StateOpts = []Option{{Value: "", Label: p.T("directory.all_states")}}
	groups := map[state.Group]*directoryGroup{}
	for _, s := range sorted {
		if joined[s.ISO3] {
			p.StateOpts = append(p.StateOpts, Option{Value: s.ISO3, Label: s.Name(p.Lang)})
		}
		if cs := byState[s.ISO3]; len(cs) > 0 {
			g := groups[s.Group]
			if g == nil {
				g = &directoryGroup{Group: s.Group}
				groups[s.Group] = g
			}
			g.States = append(g.States, directoryStateEntries{ISO3: s.ISO3, Name: s.Name(p.Lang), Contacts: cs})
		}
	}
	p.GroupOpts = []Option{{Value: "", Label: p.T("directory.all_groups")}}
	for _, g := range state.Groups {
		p.GroupOpts = append(p.GroupOpts, Option{Value: string(g), Label: p.GroupName(g)})
		if x := groups[g]; x != nil {
			p.Groups = append(p.Groups, *x)
		}
	}
	h.render(w, r, http.StatusOK, "directory-index", &p)
	return nil
}

// directoryStatePage is one State's entries: the verified ones for readers; all of them,
// with their status and actions, for the State's nominator and the Secretariat.
type directoryStatePage struct {
	directoryArea
	State         state.State
	Contacts      []directory.Contact
	Participation directory.Participant
	// Manage is whether the actor keeps the State's entries (nominator, Secretariat).
	Manage      bool
	Secretariat bool
}

func (h *Handler) directoryStateOf(r *http.Request) (state.State, error) {
	return h.svc.States.Get(r.Context(), actorOf(r.Context()), r.PathValue("iso3"))
}

func (h *Handler) directoryState(w http.ResponseWriter, r *http.Request) error {
	st, err := h.directoryStateOf(r)
	if err != nil {
		return err
	}
	if r.PathValue("iso3") != st.ISO3 {
		h.redirect(w, r, "/directory/states/"+st.ISO3, "")
		return nil
	}
	p := directoryStatePage{directoryArea: h.directoryArea(w, r, ""), State: st}
	p.Title = p.T("directory.state_title", "State", st.Name(p.Lang))
	p.Secretariat = p.Actor.IsSecretariat()
	ctx := r.Context()
	if p.Contacts, err = h.svc.Directory.StateEntries(ctx, p.Actor, st.ISO3); err != nil {
		return err
	}
	p.Manage = h.svc.Directory.MayManage(p.Actor, st.ISO3) == nil
	if p.Participation, err = h.svc.Directory.Participation(ctx, p.Actor, st.ISO3); err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "directory-state", &p)
	return nil
}

// directoryContactPage is one entry, with its history for those who keep it.
type directoryContactPage struct {
	directoryArea
	Contact     directory.Contact
	History     []directory.Version
	Manage      bool
	Secretariat bool
}

func (h *Handler) contactOf(r *http.Request) (directory.Contact, error) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return directory.Contact{}, plenary.NotFound()
	}
	return h.svc.Directory.Get(r.Context(), actorOf(r.Context()), id)
}

func (h *Handler) directoryContact(w http.ResponseWriter, r *http.Request) error {
	c, err := h.contactOf(r)
	if err != nil {
		return err
	}
	p, err := h.directoryContactPage(w, r, c)
	if err != nil {
		return err
	}
	h.render(w, r, http.StatusOK, "directory-contact", &p)
	return nil
}

// directoryContactPage builds an entry's page; the history, an audited read, is read
// only for those who keep the entry.
func (h *Handler) directoryContactPage(w http.ResponseWriter, r *http.Request, c directory.Contact) (directoryContactPage, error) {
	p := directoryContactPage{directoryArea: h.directoryArea(w, r, ""), Contact: c}
	p.Secretariat = p.Actor.IsSecretariat()
	p.Title = p.T("directory.contact_title", "Function", p.DirectoryFunctionName(c.Function), "State", p.StateName(c.State))
	p.Form = newForm(r)
	if h.svc.Directory.MayManage(p.Actor, c.State) == nil {
		p.Manage = true
		var err error
		if p.History, err = h.svc.Directory.History(r.Context(), p.Actor, c.ID); err != nil {
			return directoryContactPage{}, err
		}
		slices.Reverse(p.History) // newest first
	}
	return p, nil
}

// directoryFormPage is the nomination form (State set, no entry) or the edit form.
type directoryFormPage struct {
	directoryArea
	State   state.State
	Contact *directory.Contact
}

// WorkingLanguageOptions are the six languages, for the working languages.
func (p *directoryFormPage) WorkingLanguageOptions() []Option {
	var out []Option
	for _, l := range plenary.Languages {
		out = append(out, Option{Value: l, Label: p.T("language." + l)})
	}
	return out
}

func (h *Handler) directoryFormPage(w http.ResponseWriter, r *http.Request, st state.State, c *directory.Contact) (directoryFormPage, error) {
	actor := actorOf(r.Context())
	if err := h.svc.Directory.MayManage(actor, st.ISO3); err != nil {
		return directoryFormPage{}, err
	}
	p := directoryFormPage{directoryArea: h.directoryArea(w, r, ""), State: st, Contact: c}
	if c == nil {
		p.Title = p.T("directory.nominate_title", "State", st.Name(p.Lang))
	} else {
		p.Title = p.T("directory.edit_title", "Function", p.DirectoryFunctionName(c.Function), "State", st.Name(p.Lang))
	}
	p.Form = newForm(r)
	return p, nil
}

func (h *Handler) directoryNominateForm(w http.ResponseWriter, r *http.Request) error {
	st, err := h.directoryStateOf(r)
	if err != nil {
		return err
	}
	p, err := h.directoryFormPage(w, r, st, nil)
	if err != nil {
		return err
	}
	if f := r.URL.Query().Get("function"); f != "" {
		p.Form.Values.Set("function", f)
	}
	p.Form.Values.Set("lang", p.Lang)
	h.render(w, r, http.StatusOK, "directory-form", &p)
	return nil
}

// detailsFromForm reads an entry from the form: addresses and phones one per line, the
// working languages ticked among the six plus others written.
func detailsFromForm(r *http.Request) directory.Details {
	f := r.PostForm
	d := directory.Details{Name: f.Get("name"), Title: f.Get("title"), Organisation: f.Get("organisation"),
		Emails: lines(f.Get("emails")), Phones: lines(f.Get("phones")), Lang: f.Get("lang"),
		TimeZone: f.Get("time_zone"), Always: f.Get("always") != "", Hours: f.Get("hours")}
	for _, l := range f["languages"] {
		if plenary.ValidLanguage(l) {
			d.Languages = append(d.Languages, l)
		}
	}
	for _, l := range strings.Split(f.Get("other_languages"), ",") {
		if l = strings.TrimSpace(l); l != "" {
			d.Languages = append(d.Languages, l)
		}
	}
	return d
}

// lines splits a textarea into its non-empty lines (commas and semicolons also separate).
func lines(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// fillDetails puts an entry into the form, for the edit form.
func fillDetails(f *Form, d directory.Details) {
	v := f.Values
	v.Set("name", d.Name)
	v.Set("title", d.Title)
	v.Set("organisation", d.Organisation)
	v.Set("emails", strings.Join(d.Emails, "\n"))
	v.Set("phones", strings.Join(d.Phones, "\n"))
	v.Set("lang", d.Lang)
	v.Set("time_zone", d.TimeZone)
	v.Set("hours", d.Hours)
	if d.Always {
		v.Set("always", "on")
	}
	var others []string
	for _, l := range d.Languages {
		if plenary.ValidLanguage(l) {
			v.Add("languages", l)
		} else {
			others = append(others, l)
		}
	}
	v.Set("other_languages", strings.Join(others, ", "))
}

func (h *Handler) directoryNominate(w http.ResponseWriter, r *http.Request) error {
	st, err := h.directoryStateOf(r)
	if err != nil {
		return err
	}
	if err := h.parseForm(r); err != nil {
		return err
	}
	in := directory.NominationInput{State: st.ISO3, Function: directory.Function(r.PostForm.Get("function")), Details: detailsFromForm(r)}
	c, err := h.svc.Directory.Nominate(r.Context(), actorOf(r.Context()), in)
	if err != nil {
		return h.formAgain(w, r, err, "directory-form", func() (pageData, error) {
			p, err := h.directoryFormPage(w, r, st, nil)
			return &p, err
		})
	}
	h.redirect(w, r, "/directory/contacts/"+itoa(c.ID), "directory.flash.nominated")
	return nil
}

func (h *Handler) directoryEditForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.directoryEditPage(w, r)
	if err != nil {
		return err
	}
	d := p.Contact.Details
	if p.Contact.Pending != nil {
		d = *p.Contact.Pending // the change waiting for the Secretariat is what the nominator edits further
	}
	fillDetails(p.Form, d)
	h.render(w, r, http.StatusOK, "directory-form", &p)
	return nil
}

// directoryEditPage is the form that changes the entry in the path.
func (h *Handler) directoryEditPage(w http.ResponseWriter, r *http.Request) (directoryFormPage, error) {
	c, err := h.contactOf(r)
	if err != nil {
		return directoryFormPage{}, err
	}
	st, err := h.svc.States.Get(r.Context(), actorOf(r.Context()), c.State)
	if err != nil {
		return directoryFormPage{}, err
	}
	return h.directoryFormPage(w, r, st, &c)
}

func (h *Handler) directoryUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := h.contactAction(r)
	if err != nil {
		return err
	}
	got, err := h.svc.Directory.Update(r.Context(), actorOf(r.Context()), id, detailsFromForm(r))
	if err != nil {
		return h.formAgain(w, r, err, "directory-form", func() (pageData, error) {
			p, err := h.directoryEditPage(w, r)
			return &p, err
		})
	}
	flash := "directory.flash.updated"
	if got.Pending != nil {
		flash = "directory.flash.proposed"
	}
	h.redirect(w, r, "/directory/contacts/"+itoa(id), flash)
	return nil
}

// directoryQueuePage is the Secretariat's verification queue.
type directoryQueuePage struct {
	directoryArea
	Contacts []directory.Contact
}

func (h *Handler) directoryQueuePage(w http.ResponseWriter, r *http.Request) (directoryQueuePage, error) {
	cs, err := h.svc.Directory.Awaiting(r.Context(), actorOf(r.Context()))
	if err != nil {
		return directoryQueuePage{}, err
	}
	p := directoryQueuePage{directoryArea: h.directoryArea(w, r, "directory.queue_title"), Contacts: cs}
	p.Form = newForm(r)
	return p, nil
}

// contactAction reads the entry's ID for a POST action.
func (h *Handler) contactAction(r *http.Request) (int64, error) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		return 0, plenary.NotFound()
	}
	return id, h.parseForm(r)
}

// back is where an action returns to: the queue when it came from there, else the entry.
func back(r *http.Request, id int64) string {
	if r.PostForm.Get("from") == "queue" {
		return "/directory/queue"
	}
	return "/directory/contacts/" + itoa(id)
}

func (h *Handler) directoryVerify(w http.ResponseWriter, r *http.Request) error {
	id, err := h.contactAction(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Directory.Verify(r.Context(), actorOf(r.Context()), id); err != nil {
		return err
	}
	h.redirect(w, r, back(r, id), "directory.flash.verified")
	return nil
}

func (h *Handler) directoryReturn(w http.ResponseWriter, r *http.Request) error {
	id, err := h.contactAction(r)
	if err != nil {
		return err
	}
	if _, err := h.svc.Directory.Return(r.Context(), actorOf(r.Context()), id, r.PostForm.Get("reason")); err != nil {
		err = reasonOf(err, id)
		if r.PostForm.Get("from") == "queue" {
			return h.formAgain(w, r, err, "directory-queue", func() (pageData, error) {
				p, err := h.directoryQueuePage(w, r)
				return &p, err
			})
		}
		return h.formAgain(w, r, err, "directory-contact", func() (pageData, error) {
			c, err := h.contactOf(r)
			if err != nil {
				return nil, err
			}
			p, err := h.directoryContactPage(w, r, c)
			return &p, err
		})
	}
	h.redirect(w, r, back(r, id), "directory.flash.returned")
	return nil
}

// reasonOf names the reason's problem after the entry's own field ("reason-12"): the
// queue asks for a reason beside each entry, and the problem is shown beside that one.
func reasonOf(err error, id int64) error {
	v, ok := isValidation(err)
	if !ok {
		return err
	}
	out := &plenary.ValidationError{Fields: slices.Clone(v.Fields)}
	for i, f := range out.Fields {
		if f.Field == "reason" {
			out.Fields[i].Field = "reason-" + itoa(id)
		}
	}
	return out
}

type directoryWithdrawPage struct {
	directoryArea
	Contact directory.Contact
}

func (h *Handler) directoryWithdrawForm(w http.ResponseWriter, r *http.Request) error {
	c, err := h.contactOf(r)
	if err != nil {
		return err
	}
	if err := h.svc.Directory.MayManage(actorOf(r.Context()), c.State); err != nil {
		return err
	}
	p := h.directoryWithdrawPage(w, r, c)
	h.render(w, r, http.StatusOK, "directory-withdraw", &p)
	return nil
}

func (h *Handler) directoryWithdrawPage(w http.ResponseWriter, r *http.Request, c directory.Contact) directoryWithdrawPage {
	p := directoryWithdrawPage{directoryArea: h.directoryArea(w, r, ""), Contact: c}
	p.Title = p.T("directory.withdraw_title", "Function", p.DirectoryFunctionName(c.Function), "State", p.StateName(c.State))
	p.Form = newForm(r)
	return p
}

func (h *Handler) directoryWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := h.contactAction(r)
	if err != nil {
		return err
	}
	c, err := h.svc.Directory.Withdraw(r.Context(), actorOf(r.Context()), id, r.PostForm.Get("reason"))
	if err != nil {
		return h.formAgain(w, r, err, "directory-withdraw", func() (pageData, error) {
			cur, err := h.contactOf(r)
			if err != nil {
				return nil, err
			}
			p := h.directoryWithdrawPage(w, r, cur)
			return &p, nil
		})
	}
	h.redirect(w, r, "/directory/states/"+c.State, "directory.flash.withdrawn")
	return nil
}

// directoryParticipantsPage lists the States in the directory; the Secretariat records a
// State's joining or leaving there.
type directoryParticipantsPage struct {
	directoryArea
	Participants []directory.Participant
	Secretariat  bool
	StateOpts    []Option
}

// ParticipationOptions are the standings the Secretariat records.
func (p *directoryParticipantsPage) ParticipationOptions() []Option {
	return []Option{
		{Value: string(directory.Participating), Label: p.DirectoryParticipationName(directory.Participating)},
		{Value: string(directory.Left), Label: p.DirectoryParticipationName(directory.Left)},
	}
}

func (h *Handler) directoryParticipants(w http.ResponseWriter, r *http.Request) error {
	p, err := h.directoryParticipantsPage(w, r)
	if err != nil {
		return err
	}
	p.Form.Values.Set("status", string(directory.Participating))
	h.render(w, r, http.StatusOK, "directory-participants", &p)
	return nil
}

func (h *Handler) directoryParticipantsPage(w http.ResponseWriter, r *http.Request) (directoryParticipantsPage, error) {
	actor := actorOf(r.Context())
	ps, err := h.svc.Directory.Participants(r.Context(), actor)
	if err != nil {
		return directoryParticipantsPage{}, err
	}
	p := directoryParticipantsPage{directoryArea: h.directoryArea(w, r, "directory.participants_title"), Secretariat: actor.IsSecretariat()}
	p.Form = newForm(r)
	sorted, err := h.svc.States.Sorted(r.Context(), actor, p.Lang)
	if err != nil {
		return directoryParticipantsPage{}, err
	}
	by := map[string]directory.Participant{}
	for _, x := range ps {
		by[x.State] = x
	}
	p.StateOpts = []Option{{Value: "", Label: p.T("directory.choose_state")}}
	for _, s := range sorted {
		if x, ok := by[s.ISO3]; ok {
			p.Participants = append(p.Participants, x)
		}
		p.StateOpts = append(p.StateOpts, Option{Value: s.ISO3, Label: s.Name(p.Lang)})
	}
	return p, nil
}

func (h *Handler) directorySetParticipation(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	st := strings.ToUpper(strings.TrimSpace(f.Get("state")))
	if _, err := h.svc.Directory.SetParticipation(r.Context(), actorOf(r.Context()), st,
		directory.Participation(f.Get("status")), f.Get("note")); err != nil {
		return h.formAgain(w, r, err, "directory-participants", func() (pageData, error) {
			p, err := h.directoryParticipantsPage(w, r)
			return &p, err
		})
	}
	if f.Get("from") == "state" && st != "" {
		h.redirect(w, r, "/directory/states/"+st, "directory.flash.participation_set")
		return nil
	}
	h.redirect(w, r, "/directory/participants", "directory.flash.participation_set")
	return nil
}

// directoryExport is the whole directory, every status, as CSV: the Secretariat's only.
func (h *Handler) directoryExport(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.svc.Directory.Export(r.Context(), actorOf(r.Context()))
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	pg := &directoryArea{Page{Lang: lang, catalog: h.catalog}}
	t := func(key string) string { return h.catalog.T(lang, key, nil) }
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "points-of-contact-" + lang + ".csv"}))
	_, _ = w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"id", "ISO 3166-1", t("directory.csv.state"), t("directory.function_label"), t("directory.status_label"),
		t("directory.name"), t("directory.job_title"), t("directory.organisation"), t("directory.emails"), t("directory.phones"),
		t("directory.languages"), t("directory.lang"), t("directory.time_zone"), t("directory.always"), t("directory.hours"),
		t("directory.csv.pending"), t("directory.csv.verified_at"), t("directory.csv.updated_at")})
	for _, c := range cs {
		d := c.Details
		langs := make([]string, len(d.Languages))
		for i, l := range d.Languages {
			langs[i] = pg.DirectoryLanguage(l)
		}
		always, pending, verified := "", "", ""
		if d.Always {
			always = t("directory.csv.yes")
		}
		if c.Pending != nil {
			pending = t("directory.csv.yes")
		}
		if !c.VerifiedAt.IsZero() {
			verified = c.VerifiedAt.UTC().Format(time.RFC3339)
		}
		_ = cw.Write([]string{strconv.FormatInt(c.ID, 10), c.State, pg.StateName(c.State), pg.DirectoryFunctionName(c.Function),
			pg.DirectoryStatusName(c.Status), cell(d.Name), cell(d.Title), cell(d.Organisation), cell(strings.Join(d.Emails, "; ")),
			cell(strings.Join(d.Phones, "; ")), cell(strings.Join(langs, "; ")), d.Lang, cell(d.TimeZone), always, cell(d.Hours),
			pending, verified, c.UpdatedAt.UTC().Format(time.RFC3339)})
	}
	cw.Flush()
	return cw.Error()
}

// DirectoryChange compares a proposed change with the verified entry beside it.
func (p *directoryArea) DirectoryChange(c directory.Contact) directoryCard {
	if c.Pending == nil {
		return directoryCard{P: p, D: c.Details}
	}
	verified := c.Details
	return directoryCard{P: p, D: *c.Pending, Other: &verified}
}

// ReturnField is the reason to return an entry with, one per entry on the queue: each has
// its own ID, so that a problem is shown beside the entry it is about.
func (p *directoryArea) ReturnField(id int64) Field {
	f := Field{ID: "field-reason-" + itoa(id), Name: "reason", Type: "textarea", Label: p.T("directory.return_reason"),
		Required: true, Dir: "auto"}
	if p.Form != nil {
		f.Error = p.Form.Error("reason-" + itoa(id))
		if f.Error != "" {
			f.Value = p.Form.Value("reason")
			f.Autofocus = true
		}
	}
	return f
}
