package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/state"
	"github.com/plenary-platform/plenary/internal/survey"
)

// A State on a commitment: its reports as the reader may read them, its answers to the
// national survey beside them, and, for its submitter, the form that makes a report and
// those that set each report's level. The page holds what a State has not published:
// nothing of it may be stored by a browser or a proxy.

type followupStatePage struct {
	followupArea
	Commitment followup.Commitment
	State      state.State
	Scale      []followup.Status
	// History is the State's reports the reader knows of, newest first.
	History []followup.Report
	// Answers are the State's published answers to the survey on the commitment's
	// elements.
	Answers   []followup.SurveyAnswer
	MayReport bool
	// Team tells whether the reader is on the State's team (the survey's workspace is
	// linked).
	Team bool
	// Stale is the report made since the one the submitter saw, refusing theirs: shown
	// above the form, which keeps what they typed.
	Stale *followup.Report
	// names are the team's, by account, for who reported (given only to the team and the
	// Secretariat); documents are the registry's documents cited as evidence that the
	// reader may open.
	names     map[int64]string
	documents map[int64]document.Document
}

// reportView is a report as the "followup-report" partial shows it.
type reportView struct {
	P            *Page
	Number       int
	At           time.Time
	LevelName    string
	Withheld     bool
	Status       localText
	Note         string
	NoteLanguage string
	URL          string
	DocumentID   int64
	Document     *document.Document // nil: one the reader may not open
	FileName     string
	FileURL      string
	Reporter     string
}

// View shows a report of the State's history.
func (p *followupStatePage) View(r followup.Report) reportView {
	v := reportView{P: &p.Page, Number: r.Number, At: r.ReportedAt, LevelName: p.LevelName(r.Level), Withheld: r.Withheld,
		Note: r.Note, NoteLanguage: r.NoteLanguage, URL: r.Evidence.URL, DocumentID: r.Evidence.DocumentID,
		Document: p.EvidenceDocument(r.Evidence.DocumentID), FileName: r.Evidence.FileName, Reporter: p.Reporter(r)}
	if r.Status != "" {
		v.Status = p.StatusLabel(p.Scale, r.Status)
	}
	if r.Evidence.FileID != 0 {
		v.FileURL = p.EvidenceURL(r.Evidence.FileID)
	}
	return v
}

// Typed shows the report the submitter typed, refused as stale: the form below still
// holds it (a file must be attached again, as browsers do not keep one).
func (p *followupStatePage) Typed() reportView {
	f := p.Form
	v := reportView{P: &p.Page, Number: p.Stale.Number + 1, Note: strings.TrimSpace(f.Value("note")), NoteLanguage: f.Value("note_language"),
		URL: strings.TrimSpace(f.Value("evidence_url"))}
	if s := f.Value("status"); s != "" {
		v.Status = p.StatusLabel(p.Scale, s)
	}
	if l := followup.Level(f.Value("level")); l != "" {
		v.LevelName = p.LevelName(l)
	}
	return v
}

// Reporter names who made a report ("" when the reader is not told).
func (p *followupStatePage) Reporter(r followup.Report) string {
	if r.ReportedBy == 0 {
		return ""
	}
	if n, ok := p.names[r.ReportedBy]; ok {
		return n
	}
	return p.T("followup.former_member")
}

// EvidenceDocument is the registry's document a report cites, if the reader may open it.
func (p *followupStatePage) EvidenceDocument(id int64) *document.Document {
	if d, ok := p.documents[id]; ok {
		return &d
	}
	return nil
}

// Latest is the number of the State's latest report the reader knows of (0: none).
func (p *followupStatePage) Latest() int {
	if len(p.History) == 0 {
		return 0
	}
	return p.History[0].Number
}

// SurveyView shows a State's answer to the survey.
func (p *followupStatePage) SurveyView(a followup.SurveyAnswer) answerView {
	return p.Answer(a.Questionnaire.ID, a.Question, a.Answer.Value, a.Answer.Language)
}

// WorkspaceURL is where the State's team changes an answer to the survey.
func (p *followupStatePage) WorkspaceURL(a followup.SurveyAnswer) string {
	return p.SurveyURL(a.Questionnaire.ID, "/states/"+p.State.ISO3+"#q-"+a.Question.Code)
}

// FromSurvey tells whether an answer to the survey may start a report: a status answer
// whose meaning the scale has.
func (p *followupStatePage) FromSurvey(a followup.SurveyAnswer) bool {
	return p.MayReport && statusFromSurvey(p.Scale, a) != ""
}

// ActionURL is the address of the State's page on the commitment, plus rest.
func (p *followupStatePage) ActionURL(rest string) string {
	return p.StateURL(p.Commitment.ID, p.State.ISO3) + rest
}

// surveyMeanings read a survey's status answer as a meaning of the body's scale: the
// status a report taken from the survey starts with (the submitter may choose another).
var surveyMeanings = map[string]followup.Meaning{survey.Yes: followup.MeaningDone, survey.Partly: followup.MeaningProgress,
	survey.No: followup.MeaningNone, survey.NotApplicable: followup.MeaningNA}

// statusFromSurvey is the first status of scale whose meaning the answer has ("": none).
func statusFromSurvey(scale []followup.Status, a followup.SurveyAnswer) string {
	if a.Question.Kind != survey.KindStatus {
		return ""
	}
	m, ok := surveyMeanings[a.Answer.Value.Choice]
	if !ok {
		return ""
	}
	for _, st := range scale {
		if st.Meaning == m {
			return st.Code
		}
	}
	return ""
}

func (h *Handler) followupStatePage(w http.ResponseWriter, r *http.Request) (followupStatePage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return followupStatePage{}, err
	}
	actor := actorOf(r.Context())
	st, err := h.svc.States.Get(r.Context(), actor, r.PathValue("iso3"))
	if err != nil {
		return followupStatePage{}, err
	}
	c, err := h.svc.FollowUp.Commitment(r.Context(), actor, id)
	if err != nil {
		return followupStatePage{}, err
	}
	p := followupStatePage{followupArea: h.followupBase(w, r, ""), Commitment: c, State: st, Team: actor.OnTeam(st.ISO3),
		names: map[int64]string{}, documents: map[int64]document.Document{}}
	p.Title = p.T("followup.state_title", "State", st.Name(p.Lang), "Code", c.Code)
	p.MayReport = h.svc.FollowUp.MayReport(actor, st.ISO3) == nil
	if p.Scale, err = h.svc.FollowUp.Scale(r.Context(), actor, c.BodyID); err != nil {
		return p, err
	}
	if p.History, err = h.svc.FollowUp.History(r.Context(), actor, id, st.ISO3); err != nil {
		return p, err
	}
	if p.Answers, err = h.svc.FollowUp.SurveyAnswers(r.Context(), actor, id, st.ISO3); err != nil {
		return p, err
	}
	if err := h.reportersAndDocuments(r, &p); err != nil {
		return p, err
	}
	p.Form = newForm(r)
	if r.Method == http.MethodGet {
		v := p.Form.Values
		v.Set("note_language", p.Lang)
		v.Set("level", string(followup.Private))
		// A report may start from the State's answer to the survey (?from=question).
		if code := r.URL.Query().Get("from"); code != "" {
			for _, a := range p.Answers {
				if a.Question.Code == code && p.FromSurvey(a) {
					v.Set("status", statusFromSurvey(p.Scale, a))
					v.Set("note", a.Answer.Value.Text)
					if a.Answer.Language != "" {
						v.Set("note_language", a.Answer.Language)
					}
				}
			}
		}
		// The report made answers the latest one the submitter sees now; a form shown
		// again keeps the number posted, so that a report made meanwhile is still caught.
		v.Set("base", strconv.Itoa(p.Latest()))
	}
	return p, nil
}

// reportersAndDocuments finds the names of those who reported (the team's, for the
// readers the service tells who reported) and the documents cited as evidence that the
// reader may open.
func (h *Handler) reportersAndDocuments(r *http.Request, p *followupStatePage) error {
	named := false
	for _, rep := range p.History {
		named = named || rep.ReportedBy != 0
		if id := rep.Evidence.DocumentID; id != 0 {
			if _, seen := p.documents[id]; seen {
				continue
			}
			d, err := h.svc.Documents.Get(r.Context(), p.Actor, id)
			switch k := plenary.ErrorKind(err); {
			case err == nil:
				p.documents[id] = d
			case k != plenary.KindNotFound && k != plenary.KindUnauthenticated && k != plenary.KindForbidden:
				return err
			}
		}
	}
	if !named {
		return nil
	}
	team, err := h.svc.Accounts.Team(r.Context(), p.Actor, p.State.ISO3)
	if err != nil {
		return err
	}
	for _, m := range team {
		p.names[m.UserID] = m.Name
	}
	// Someone who has left the team since: the Secretariat reads their name.
	for _, rep := range p.History {
		if _, ok := p.names[rep.ReportedBy]; rep.ReportedBy == 0 || ok || !p.Actor.IsSecretariat() {
			continue
		}
		u, err := h.svc.Accounts.Get(r.Context(), p.Actor, rep.ReportedBy)
		if err == nil {
			p.names[u.ID] = u.Name
		}
	}
	return nil
}

// followupReport makes the State's report: what the submitter typed, and the evidence
// file posted with it. A report made meanwhile refuses it (409): the page shows that
// report beside what they typed, kept, and their next report answers it. Bad input is
// shown beside its field (422), nothing saved.
func (h *Handler) followupReport(w http.ResponseWriter, r *http.Request) error {
	ups, err := h.parseUploads(r, followup.MaxFile, "evidence_file")
	if errors.Is(err, errTooLarge) {
		return err
	}
	id, perr := pathID(r, "id")
	if perr != nil {
		return perr
	}
	iso3 := strings.ToUpper(r.PathValue("iso3"))
	actor := actorOf(r.Context())
	if err == nil {
		f := r.PostForm
		in := followup.ReportInput{CommitmentID: id, State: iso3, Status: f.Get("status"), Note: f.Get("note"),
			NoteLanguage: f.Get("note_language"), EvidenceURL: f.Get("evidence_url"), Level: followup.Level(f.Get("level"))}
		in.Base, _ = strconv.Atoi(f.Get("base"))
		if in.Base < 0 {
			in.Base = 0
		}
		if up, ok := ups["evidence_file"]; ok && up.Name != "" {
			in.EvidenceFile = &files.Upload{Name: up.Name, Data: up.Data}
		}
		if in.EvidenceDocumentID, err = h.documentNamed(r, f.Get("evidence_document")); err == nil {
			_, err = h.svc.FollowUp.Report(r.Context(), actor, in)
		}
	}
	if err != nil {
		build := func() (pageData, error) {
			p, err := h.followupStatePage(w, r)
			return &p, err
		}
		var stale *followup.Stale
		if !errors.As(err, &stale) {
			return h.formAgainOrConflict(w, r, err, "followup-state", build)
		}
		p, berr := h.followupStatePage(w, r)
		if berr != nil {
			return berr
		}
		// What was typed stays; the next report answers the one made meanwhile.
		current := stale.Current
		p.Stale = &current
		p.Form.Values.Set("base", strconv.Itoa(current.Number))
		key, args := plenary.ErrorMessage(err)
		p.Form.Errors = append(p.Form.Errors, FieldProblem{Field: "form", Message: p.T(key, mapPairs(args)...)})
		h.render(w, r, http.StatusConflict, "followup-state", &p)
		return nil
	}
	h.redirect(w, r, "/follow-up/commitments/"+itoa(id)+"/states/"+iso3+"#history", "followup.flash.reported")
	return nil
}

// mapPairs turns a message's arguments into the pairs Page.T takes.
func mapPairs(args map[string]any) []any {
	var out []any
	for k, v := range args {
		out = append(out, k, v)
	}
	return out
}

// documentNamed finds the registry's document a report cites, given by its symbol
// ("A/75/816") in any body or by its number (0: none given). A symbol the registry does
// not know names no document: -1, which the service refuses beside the field with the
// form's other problems.
func (h *Handler) documentNamed(r *http.Request, s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		return max(id, -1), nil
	}
	actor := actorOf(r.Context())
	bodies, err := h.svc.Bodies.List(r.Context(), actor)
	if err != nil {
		return 0, err
	}
	for _, b := range bodies {
		d, err := h.svc.Documents.BySymbol(r.Context(), actor, b.ID, s)
		if err == nil {
			return d.ID, nil
		}
		if k := plenary.ErrorKind(err); k != plenary.KindNotFound && k != plenary.KindUnauthenticated {
			return 0, err
		}
	}
	return -1, nil
}

// followupLevel publishes a report at a level, or takes it back to private. The report is
// named by its ID; the path's commitment and State are where the page comes back to.
func (h *Handler) followupLevel(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "report")
	if err != nil {
		return err
	}
	iso3 := strings.ToUpper(r.PathValue("iso3"))
	if _, err := h.svc.FollowUp.SetLevel(r.Context(), actorOf(r.Context()), rid, followup.Level(r.PostForm.Get("level"))); err != nil {
		return h.formAgainOrConflict(w, r, err, "followup-state", func() (pageData, error) {
			p, err := h.followupStatePage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/follow-up/commitments/"+itoa(id)+"/states/"+iso3+"#history", "followup.flash.level_set")
	return nil
}

// followupEvidence serves a file attached to a report: to the State's team, and to those
// who read a report citing it (the service decides).
func (h *Handler) followupEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, err := h.svc.FollowUp.Evidence(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return err
	}
	return download(w, f, "private, no-store")
}

// The State's profile: its commitments, with where it stands on each.

// stateFollowupSection is the "Follow-up" section of a State's profile: for each body
// that follows commitments, each of them with the State's latest report the reader may
// read.
type stateFollowupSection struct {
	followupArea
	State  string
	Bodies []stateFollowupBody
}

// stateFollowupBody is one body's commitments on a State's profile.
type stateFollowupBody struct {
	Body        body.Body
	Scale       []followup.Status
	Commitments []followup.StateCommitment
}

// Reported counts the commitments of a body the State reported on, as the reader reads.
func (s *stateFollowupSection) Reported(b stateFollowupBody) int {
	n := 0
	for _, c := range b.Commitments {
		if c.Standing.Reported() {
			n++
		}
	}
	return n
}

// stateFollowup builds the section, or nil when no body follows commitments.
func (h *Handler) stateFollowup(r *http.Request, base Page, iso3 string) (*stateFollowupSection, error) {
	bodies, err := h.svc.Bodies.List(r.Context(), base.Actor)
	if err != nil {
		return nil, err
	}
	s := &stateFollowupSection{followupArea: followupArea{surveyArea{frameworkArea{base}}}, State: iso3}
	for _, b := range bodies {
		cs, err := h.svc.FollowUp.StateCommitments(r.Context(), base.Actor, b.ID, iso3)
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			continue
		}
		scale, err := h.svc.FollowUp.Scale(r.Context(), base.Actor, b.ID)
		if err != nil {
			return nil, err
		}
		s.Bodies = append(s.Bodies, stateFollowupBody{Body: b, Scale: scale, Commitments: cs})
	}
	if len(s.Bodies) == 0 {
		return nil, nil
	}
	return s, nil
}
