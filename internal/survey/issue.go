package survey

import (
	"bytes"
	"context"
	"strconv"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
)

// IssueInput is how a State issues a submitted version as its national submission: in
// which of its languages, under which title (in that language), with the words of the
// document (Labels) and the State's name (StateName, from its code) in that language.
type IssueInput struct {
	Language  string
	Title     string
	StateName func(iso3 string) string
	Labels    Labels
}

// Issue registers a submitted version in the document registry as the State's national
// submission (to the Secretary-General's report), its answers as a Word document. The
// document is read by whoever reads the version: publicly for a public version, by States
// for a States-only one, and by the Secretariat (and the Chair) for a private one — the
// State's act of sending it to the Secretariat. Each version is issued once; a later
// version is issued as a revision of the first.
func (s *Service) Issue(ctx context.Context, actor plenary.Actor, versionID int64, in IssueInput) (document.Document, error) {
	sv, err := s.store.Version(ctx, versionID)
	if err != nil {
		return document.Document{}, err
	}
	r, err := s.store.ResponseByID(ctx, sv.ResponseID)
	if err != nil {
		return document.Document{}, err
	}
	if !maySubmit(actor, r.State) {
		return document.Document{}, s.refusal(actor, r.State)
	}
	if sv.DocumentID != 0 {
		return document.Document{}, plenary.Conflict("survey.already_issued", nil)
	}
	var p plenary.Problems
	if !plenary.ValidLanguage(in.Language) {
		p.Add("language", "field.choice", nil)
	}
	in.Title = strings.TrimSpace(in.Title)
	if p.Required("title", in.Title) {
		p.MaxLength("title", in.Title, MaxTitle)
	}
	if err := p.Err(); err != nil {
		return document.Document{}, err
	}
	v, err := s.openVersion(r, sv)
	if err != nil {
		return document.Document{}, err
	}
	q, err := s.store.Questionnaire(ctx, r.QuestionnaireID)
	if err != nil {
		return document.Document{}, err
	}
	b, err := s.store.Body(ctx, q.BodyID)
	if err != nil {
		return document.Document{}, err
	}
	questions, err := s.store.Questions(ctx, q.ID)
	if err != nil {
		return document.Document{}, err
	}
	_, elements, err := s.frameworks.Version(ctx, plenary.System("survey"), q.FrameworkVersionID)
	if err != nil {
		return document.Document{}, err
	}
	versions, err := s.store.Versions(ctx, r.ID)
	if err != nil {
		return document.Document{}, err
	}
	issued := 0
	for _, x := range versions {
		if x.DocumentID != 0 {
			issued++
		}
	}
	// The symbol names the body, the cycle and the State: GM/NS/2026/FRA, then
	// GM/NS/2026/FRA/Rev.1 for a later version.
	symbol := strings.ToUpper(b.Code) + "/NS/" + symbolPart(q.Cycle) + "/" + r.State
	if issued > 0 {
		symbol += "/Rev." + strconv.Itoa(issued)
	}
	answers := map[string]Answer{}
	for _, a := range v.Answers {
		answers[a.Question] = a
	}
	x := Export{Questionnaire: q, Questions: questions, Elements: elements, State: r.State, StateName: stateName(in.StateName, r.State),
		Answers: answers, Version: v.Number, At: v.SubmittedAt}
	// The State chose, for this version, that its verified Points of Contact go with its
	// answers: the document lists them for whoever reads it (as the version's level says).
	if v.IncludePoCs && s.contacts != nil {
		if x.Contacts, err = s.contacts.Reachable(ctx, []string{r.State}); err != nil {
			return document.Document{}, err
		}
	}
	var file bytes.Buffer
	if err := WriteDOCX(&file, x, in.Language, in.Labels); err != nil {
		return document.Document{}, plenary.Internal(err)
	}
	access := map[Level]document.Access{Private: document.AccessClosed, StatesOnly: document.AccessStates, Public: document.AccessPublic}[v.Level]
	// The registry is the Secretariat's: the survey registers on the State's behalf, having
	// decided above that this actor submits for the State.
	registrar := plenary.System("survey")
	d, err := s.registry.Register(ctx, registrar, document.Input{BodyID: q.BodyID, Symbol: symbol, Kind: document.KindNationalSubmission,
		Status: document.StatusFinal, Access: access, OriginalLanguage: in.Language, Title: in.Title})
	if err != nil {
		if plenary.ErrorKind(err) == plenary.KindInvalid {
			return document.Document{}, plenary.Conflict("survey.symbol_taken", map[string]any{"Symbol": symbol})
		}
		return document.Document{}, err
	}
	name := strings.ReplaceAll(symbol, "/", "-") + ".docx"
	if d, err = s.registry.SetText(ctx, registrar, d.ID, document.TextInput{Language: in.Language, Title: in.Title,
		DOCX: &files.Upload{Name: name, Data: file.Bytes()}}); err != nil {
		return document.Document{}, err
	}
	if d, err = s.registry.Publish(ctx, registrar, d.ID, s.now()); err != nil {
		return document.Document{}, err
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.SetVersionDocument(ctx, v.ID, d.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.issued", "survey_version", v.ID,
			map[string]string{"state": r.State, "version": strconv.Itoa(v.Number), "document": strconv.FormatInt(d.ID, 10), "symbol": symbol}))
	})
	return d, err
}

// symbolPart keeps of a cycle what a symbol may hold (letters, digits, dashes).
func symbolPart(cycle string) string {
	var b strings.Builder
	for _, r := range cycle {
		if r < 128 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "X"
	}
	return strings.ToUpper(b.String())
}

// stateName names a State through name, or by its code without one.
func stateName(name func(string) string, iso3 string) string {
	if name == nil {
		return iso3
	}
	return name(iso3)
}
