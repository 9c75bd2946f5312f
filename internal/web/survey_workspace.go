package web

import (
	"errors"
	"math"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/survey"
)

// A State's workspace: its team drafts the answers part by part (one form and one Save
// button per part, no script needed), comments, submits, and publishes each version at
// the level its submitter chooses. The service hides the workspace from everyone but the
// State's team; a reviewer reads it without the forms that change it.

type workspacePage struct {
	surveyArea
	Workspace survey.Workspace
	State     string
	Questions []survey.Question
	Sections  []partSection
	Comments  []survey.Comment
	// names are the team's, by account, for who saved an answer or submitted a version.
	names map[int64]string
	// Conflicts are the questions of a refused save on which another editor saved first:
	// both versions are shown.
	Conflicts map[string]survey.Conflict
}

// Q is the workspace's questionnaire ID, for addresses.
func (p *workspacePage) Q() int64 { return p.Workspace.Questionnaire.ID }

// WorkspaceURL is the address of the workspace, plus rest.
func (p *workspacePage) WorkspaceURL(rest string) string {
	return p.SurveyURL(p.Q(), "/states/"+p.State+rest)
}

// Name names a member of the team (someone no longer on it goes unnamed).
func (p *workspacePage) Name(userID int64) string {
	if n, ok := p.names[userID]; ok {
		return n
	}
	return p.T("survey.someone")
}

// StatusChoices are a status question's answers, after "no answer yet" (which takes an
// answer back).
func (p *workspacePage) StatusChoices() []Option {
	return append([]Option{{Value: "", Label: p.T("survey.no_answer")}}, p.StatusOptions()...)
}

// Saved is the draft answer to a question, if one was saved.
func (p *workspacePage) Saved(code string) *survey.Answer {
	if a, ok := p.Workspace.Answers[code]; ok {
		return &a
	}
	return nil
}

// Conflict is the conflict of a refused save on a question, if any.
func (p *workspacePage) Conflict(code string) *survey.Conflict {
	if c, ok := p.Conflicts[code]; ok {
		return &c
	}
	return nil
}

// Theirs shows the answer saved meanwhile by another editor.
func (p *workspacePage) Theirs(q survey.Question, c *survey.Conflict) answerView {
	return p.Answer(p.Q(), q, c.Theirs.Value, c.Theirs.Language)
}

// Mine shows the answer the editor saved over theirs, as typed (it is also in the form).
func (p *workspacePage) Mine(q survey.Question, c *survey.Conflict) answerView {
	return p.Answer(p.Q(), q, c.Mine.Value, c.Mine.Language)
}

// Draft shows the draft answer to q, for readers who do not edit it.
func (p *workspacePage) Draft(q survey.Question) answerView {
	a := p.Workspace.Answers[q.Code]
	return p.Answer(p.Q(), q, a.Value, a.Language)
}

// CommentsOn are the comments on a question ("": on the whole draft).
func (p *workspacePage) CommentsOn(code string) []survey.Comment {
	var out []survey.Comment
	for _, c := range p.Comments {
		if c.Question == code {
			out = append(out, c)
		}
	}
	return out
}

// QuestionOptions are what a comment may be on: the whole draft, or one question.
func (p *workspacePage) QuestionOptions() []Option {
	out := []Option{{Value: "", Label: p.T("survey.comment_general")}}
	for _, q := range p.Questions {
		out = append(out, p.localOption(q.Code, q.Code+" — ", q.Prompts, 60))
	}
	return out
}

// Field names the form field of an answer: "answers.CODE.part", as the service names its
// problems.
func (p *workspacePage) AnswerField(code, part string) string { return "answers." + code + "." + part }

// Evidence is the file of an evidence question's answer as the form shows it (what was
// posted, or what is saved).
func (p *workspacePage) Evidence(code string) answerView {
	v := answerView{FileName: p.Form.Value(p.AnswerField(code, "file_name"))}
	if id, ok := parseID(p.Form.Value(p.AnswerField(code, "file_id"))); ok {
		v.FileURL = p.SurveyURL(p.Q(), "/evidence/"+itoa(id))
	}
	return v
}

// ExportURL is the address of the draft's export (version 0) or a version's, in format.
func (p *workspacePage) ExportURL(format string, version int) string {
	u := p.WorkspaceURL("/export." + format)
	if version > 0 {
		u += "?version=" + strconv.Itoa(version)
	}
	return u
}

func (h *Handler) workspacePage(w http.ResponseWriter, r *http.Request) (workspacePage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return workspacePage{}, err
	}
	actor := actorOf(r.Context())
	iso3 := strings.ToUpper(r.PathValue("iso3"))
	ws, err := h.svc.Survey.Workspace(r.Context(), actor, id, iso3)
	if err != nil {
		return workspacePage{}, err
	}
	_, qs, es, err := h.svc.Survey.Get(r.Context(), actor, id)
	if err != nil {
		return workspacePage{}, err
	}
	p := workspacePage{surveyArea: h.surveyBase(w, r, ""), Workspace: ws, State: iso3, Questions: qs, Sections: sections(qs, es, nil),
		names: map[int64]string{}}
	p.Title = p.T("survey.workspace_title", "State", p.StateName(iso3), "Cycle", ws.Questionnaire.Cycle)
	if p.Comments, err = h.svc.Survey.Comments(r.Context(), actor, id, iso3); err != nil {
		return p, err
	}
	team, err := h.svc.Accounts.Team(r.Context(), actor, iso3)
	if err != nil {
		return p, err
	}
	for _, m := range team {
		p.names[m.UserID] = m.Name
	}
	// The form holds the saved answers; a refused save puts what was typed over them.
	p.Form = &Form{Values: url.Values{}}
	for _, a := range ws.Answers {
		setAnswer(p.Form.Values, a.Question, a)
	}
	for _, q := range qs {
		if p.Form.Values.Get(p.AnswerField(q.Code, "language")) == "" {
			p.Form.Values.Set(p.AnswerField(q.Code, "language"), p.Lang)
		}
	}
	if ws.Response.IncludePoCs {
		p.Form.Values.Set("include", "1")
	}
	// Issuing a version starts from the latest one not issued yet, in the page's language,
	// under a title naming the State and the cycle; the submitter may change all three.
	if opts := p.IssuableOptions(); len(opts) > 0 {
		p.Form.Values.Set("version", opts[0].Value)
		p.Form.Values.Set("language", p.Lang)
		p.Form.Values.Set("title", p.T("survey.issue_default_title", "State", p.StateName(iso3), "Cycle", ws.Questionnaire.Cycle))
	}
	return p, nil
}

// IssuableOptions are the submitted versions not yet issued as a registry document,
// newest first.
func (p *workspacePage) IssuableOptions() []Option {
	var out []Option
	for _, v := range p.Workspace.Versions {
		if v.DocumentID == 0 {
			out = append(out, Option{Value: strconv.FormatInt(v.ID, 10), Label: p.T("survey.version_n", "Number", v.Number)})
		}
	}
	return out
}

// DocumentURL is the registry page of a document a version was issued as.
func (p *workspacePage) DocumentURL(id int64) string { return p.URL(documentPath(id)) }

// setAnswer writes a saved answer into form values, as the workspace's fields name them.
func setAnswer(v url.Values, code string, a survey.Answer) {
	f := func(part string) string { return "answers." + code + "." + part }
	for _, part := range answerParts {
		v.Del(f(part))
	}
	v.Set(f("choice"), a.Value.Choice)
	v[f("choices")] = slices.Clone(a.Value.Choices)
	v.Set(f("text"), a.Value.Text)
	if a.Value.Number != nil {
		v.Set(f("number"), strconv.FormatFloat(*a.Value.Number, 'f', -1, 64))
	}
	v.Set(f("date"), a.Value.Date)
	v.Set(f("link"), a.Value.Link)
	if a.Value.FileID != 0 {
		v.Set(f("file_id"), itoa(a.Value.FileID))
		v.Set(f("file_name"), a.Value.FileName)
	}
	v.Set(f("language"), a.Language)
	v.Set(f("revision"), strconv.Itoa(a.Revision))
}

// answerParts are the fields of one answer in the workspace's forms.
var answerParts = []string{"choice", "choices", "text", "number", "date", "link", "file_id", "file_name", "remove_file", "language", "revision", "shown"}

// typedOver puts the answers to codes as they were posted over the form's values.
func typedOver(v, posted url.Values, codes []string) {
	for _, code := range codes {
		for _, part := range answerParts {
			k := "answers." + code + "." + part
			v.Del(k)
			if vs, ok := posted[k]; ok {
				v[k] = slices.Clone(vs)
			}
		}
	}
}

// maxEvidencePerSave bounds the files one save carries: a part asks for few.
const maxEvidencePerSave = 4

// parseAnswers reads a part's form: its fields, and the evidence files attached (by field
// name). A form without files may come URL-encoded.
func (h *Handler) parseAnswers(r *http.Request) (map[string]files.Upload, error) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		return nil, h.parseForm(r)
	}
	limit := int64(maxEvidencePerSave)*survey.MaxFile + MaxForm
	if r.ContentLength > limit {
		return nil, drained(r)
	}
	r.Body = http.MaxBytesReader(nil, r.Body, limit)
	if err := r.ParseMultipartForm(MaxForm); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, errTooLarge
		}
		return nil, plenary.Invalid("form", "error.form_unreadable", nil)
	}
	out := map[string]files.Upload{}
	for field, hs := range r.MultipartForm.File {
		if len(hs) == 0 || hs[0].Filename == "" {
			continue
		}
		f, err := hs[0].Open()
		if err != nil {
			return nil, err
		}
		data, err := readPart(f, survey.MaxFile)
		if err != nil {
			return nil, err
		}
		if len(data) > 0 {
			out[field] = files.Upload{Name: hs[0].Filename, Data: data}
		}
	}
	return out, nil
}

// answerInputs reads the answers of a posted part: the questions it lists ("question"),
// each from its fields.
func answerInputs(f url.Values, uploads map[string]files.Upload, p *plenary.Problems) []survey.AnswerInput {
	var out []survey.AnswerInput
	for _, code := range f["question"] {
		get := func(part string) string { return f.Get("answers." + code + "." + part) }
		v := survey.Value{Choice: get("choice"), Choices: f["answers."+code+".choices"], Text: get("text"), Date: strings.TrimSpace(get("date")),
			Link: strings.TrimSpace(get("link"))}
		if s := strings.TrimSpace(get("number")); s != "" {
			n, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
			if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
				p.Add("answers."+code+".number", "survey.number", nil)
			} else {
				v.Number = &n
			}
		}
		// The file the form showed stays, unless removed or replaced (the service keeps it
		// only if it is the response's own).
		if id, ok := parseID(get("file_id")); ok && get("remove_file") == "" {
			v.FileID = id
		}
		in := survey.AnswerInput{Question: code, Value: v, Language: get("language")}
		in.Revision, _ = strconv.Atoi(get("revision"))
		if up, ok := uploads["answers."+code+".file"]; ok {
			in.File = &files.Upload{Name: up.Name, Data: up.Data}
		}
		// An answer left empty that the form did not show (none saved, none carried from
		// the last cycle) is no answer; one the editor emptied is saved empty.
		if in.Revision == 0 && in.File == nil && v.Empty() && get("shown") == "" {
			continue
		}
		out = append(out, in)
	}
	return out
}

// surveySave saves one part of the draft. Saved answers come back to the workspace; a
// question another editor saved meanwhile is shown with both versions, what was typed
// kept (409); a malformed answer is shown beside its field, nothing saved (422).
func (h *Handler) surveySave(w http.ResponseWriter, r *http.Request) error {
	uploads, err := h.parseAnswers(r)
	if err != nil {
		if _, ok := isValidation(err); !ok {
			return err
		}
	}
	id, perr := pathID(r, "id")
	if perr != nil {
		return perr
	}
	iso3 := strings.ToUpper(r.PathValue("iso3"))
	var probs plenary.Problems
	var res survey.SaveResult
	if err == nil {
		in := answerInputs(r.PostForm, uploads, &probs)
		if err = probs.Err(); err == nil {
			res, err = h.svc.Survey.Save(r.Context(), actorOf(r.Context()), id, iso3, in)
		}
	}
	posted := r.PostForm["question"]
	anchor := "#part-" + r.PostForm.Get("part")
	if err != nil {
		return h.formAgainOrConflict(w, r, err, "survey-workspace", func() (pageData, error) {
			p, err := h.workspacePage(w, r)
			typedOver(p.Form.Values, r.PostForm, posted)
			return &p, err
		})
	}
	if len(res.Conflicts) > 0 {
		p, err := h.workspacePage(w, r)
		if err != nil {
			return err
		}
		p.Conflicts = map[string]survey.Conflict{}
		var codes []string
		for _, c := range res.Conflicts {
			p.Conflicts[c.Question] = c
			codes = append(codes, c.Question)
		}
		// What the editor typed stays in the form, now answering the version saved
		// meanwhile: saving again keeps it, deliberately.
		typedOver(p.Form.Values, r.PostForm, codes)
		for _, c := range res.Conflicts {
			p.Form.Values.Set(p.AnswerField(c.Question, "revision"), strconv.Itoa(c.Theirs.Revision))
		}
		p.Form.Errors = append(p.Form.Errors, FieldProblem{Field: "form", Message: p.T("survey.conflict", "Count", len(res.Conflicts))})
		h.render(w, r, http.StatusConflict, "survey-workspace", &p)
		return nil
	}
	h.redirect(w, r, "/survey/"+itoa(id)+"/states/"+iso3+anchor, "survey.flash.saved")
	return nil
}

// workspaceAction runs a change of the workspace in the path: it parses the form, acts,
// and comes back with a flash message; only a refusal builds the page.
func (h *Handler) workspaceAction(do func(r *http.Request, a plenary.Actor, id int64, iso3 string) error, anchor, flash string) http.Handler {
	return h.noStore(func(w http.ResponseWriter, r *http.Request) error {
		if err := h.parseForm(r); err != nil {
			return err
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		iso3 := strings.ToUpper(r.PathValue("iso3"))
		if err := do(r, actorOf(r.Context()), id, iso3); err != nil {
			return h.formAgainOrConflict(w, r, err, "survey-workspace", func() (pageData, error) {
				p, err := h.workspacePage(w, r)
				if p.Form != nil {
					for _, k := range []string{"comment", "question", "include", "level", "version", "language", "title"} {
						if vs, ok := r.PostForm[k]; ok {
							p.Form.Values[k] = vs
						}
					}
				}
				return &p, err
			})
		}
		h.redirect(w, r, "/survey/"+itoa(id)+"/states/"+iso3+anchor, flash)
		return nil
	})
}

func (h *Handler) surveyComment(r *http.Request, a plenary.Actor, id int64, iso3 string) error {
	_, err := h.svc.Survey.Comment(r.Context(), a, id, iso3, r.PostForm.Get("question"), r.PostForm.Get("comment"))
	return err
}

func (h *Handler) surveyIncludePoCs(r *http.Request, a plenary.Actor, id int64, iso3 string) error {
	return h.svc.Survey.SetIncludePoCs(r.Context(), a, id, iso3, r.PostForm.Get("include") != "")
}

func (h *Handler) surveySubmit(r *http.Request, a plenary.Actor, id int64, iso3 string) error {
	_, err := h.svc.Survey.Submit(r.Context(), a, id, iso3)
	return err
}

// surveyLevel publishes a submitted version at a level, or withdraws its publication.
// The version is named by its ID; the path's questionnaire and State are where the page
// comes back to.
func (h *Handler) surveyLevel(r *http.Request, a plenary.Actor, _ int64, _ string) error {
	v, err := pathID(r, "version")
	if err != nil {
		return err
	}
	_, err = h.svc.Survey.SetLevel(r.Context(), a, v, survey.Level(r.PostForm.Get("level")))
	return err
}

// surveyIssue issues a submitted version as the State's national submission, a document
// of the registry written in the language the submitter chose, under their title.
func (h *Handler) surveyIssue(r *http.Request, a plenary.Actor, _ int64, _ string) error {
	v, err := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err != nil || v <= 0 {
		return plenary.Invalid("version", "field.choice", nil)
	}
	lang := r.PostForm.Get("language")
	in := survey.IssueInput{Language: lang, Title: r.PostForm.Get("title")}
	if plenary.ValidLanguage(lang) {
		// The document's words are in its own language, not necessarily the page's.
		words := h.catalog.In(lang)
		in.StateName, in.Labels = words.StateName, survey.LabelsIn(words, "")
	}
	_, err = h.svc.Survey.Issue(r.Context(), a, v, in)
	return err
}

// surveyExport writes the draft, or a version (?version=N), as DOCX, CSV or JSON, for the
// team's own coordination: from the workspace, which the service shows to the team alone.
func (h *Handler) surveyExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	actor := actorOf(r.Context())
	iso3 := strings.ToUpper(r.PathValue("iso3"))
	ws, err := h.svc.Survey.Workspace(r.Context(), actor, id, iso3)
	if err != nil {
		return err
	}
	q, qs, es, err := h.svc.Survey.Get(r.Context(), actor, id)
	if err != nil {
		return err
	}
	lang := langOf(r.Context())
	// The export's words come from the catalogues, in the reader's language; a version's
	// says which it is through the labels (survey.LabelsIn).
	words := h.catalog.In(lang)
	x := survey.Export{Questionnaire: q, Questions: qs, Elements: es, State: iso3, StateName: words.StateName(iso3), Answers: ws.Answers,
		At: ws.Response.UpdatedAt}
	status := words.T("survey.export_draft", map[string]any{"Date": words.DateTime(x.At)})
	if n := r.URL.Query().Get("version"); n != "" {
		i := slices.IndexFunc(ws.Versions, func(v survey.Version) bool { return strconv.Itoa(v.Number) == n })
		if i < 0 {
			return plenary.NotFound()
		}
		v := ws.Versions[i]
		x.Version, x.At, x.Answers = v.Number, v.SubmittedAt, map[string]survey.Answer{}
		for _, a := range v.Answers {
			x.Answers[a.Question] = a
		}
		status = "" // the labels' Submitted names the version
	}
	name := "survey-" + q.Cycle + "-" + iso3 + "-draft"
	if x.Version > 0 {
		name = "survey-" + q.Cycle + "-" + iso3 + "-v" + strconv.Itoa(x.Version)
	}
	format := strings.TrimPrefix(path.Ext(r.URL.Path), ".")
	switch format {
	case "docx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case "json":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	default:
		return plenary.NotFound()
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + "." + format}))
	w.Header().Set("Cache-Control", "private, no-store")
	labels := survey.LabelsIn(words, status)
	switch format {
	case "docx":
		return survey.WriteDOCX(w, x, lang, labels)
	case "csv":
		return survey.WriteCSV(w, x, lang, labels)
	}
	return survey.WriteJSON(w, x)
}

// surveyEvidence serves a file a team attached as evidence: to the team, and to those who
// read a published version citing it (the service decides).
func (h *Handler) surveyEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, err := h.svc.Survey.Evidence(r.Context(), actorOf(r.Context()), id)
	if err != nil {
		return err
	}
	return download(w, f, "private, no-store")
}
