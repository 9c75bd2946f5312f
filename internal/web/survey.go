package web

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/survey"
)

// The national survey through pages: the questionnaires, and for the Secretariat the
// forms that prepare, import, open and close them; a questionnaire by part; a State's
// workspace (survey_workspace.go); published answers compared and counted, the open-data
// export and the State's profile (survey_read.go). The service decides who reads what:
// a State's draft is its team's, a private version is its team's, and the Secretariat
// knows only that a State answered.

// surveyArea is what every page of the survey has: the survey's words, and the words of
// the framework its questions are on.
type surveyArea struct{ frameworkArea }

func (h *Handler) surveyBase(w http.ResponseWriter, r *http.Request, titleKey string) surveyArea {
	return surveyArea{h.frameworkBase(w, r, titleKey)}
}

// PartName, ChoiceName, LevelName, StatusName and KindOf name the survey's terms.
func (p *surveyArea) PartName(part survey.Part) string { return p.T("survey.part." + string(part)) }
func (p *surveyArea) ChoiceName(c string) string       { return p.T("survey.status." + c) }
func (p *surveyArea) LevelName(l survey.Level) string  { return p.T("survey.level." + string(l)) }
func (p *surveyArea) StatusName(s survey.Status) string {
	return p.T("survey.qstatus." + string(s))
}
func (p *surveyArea) KindOf(k survey.Kind) string { return p.T("survey.kind." + string(k)) }

// Prompt is a question in the reader's language, or in the one it has.
func (p *surveyArea) Prompt(q survey.Question) localText { return p.In(q.Prompts) }

// localOption is an option of a select whose label is text from l, cut to n characters
// after prefix; a label in another language than the page's says which.
func (p *surveyArea) localOption(value, prefix string, l plenary.Localized, n int) Option {
	t := p.In(l)
	o := Option{Value: value, Label: prefix + cut(t.Text, n)}
	if t.Other {
		o.Lang = t.Lang
	}
	return o
}

// QuestionnaireTitle is a questionnaire's title in the reader's language, or in the one
// it has.
func (p *surveyArea) QuestionnaireTitle(q survey.Questionnaire) localText { return p.In(q.Titles) }

// StatusOptions are the answers of a status question.
func (p *surveyArea) StatusOptions() []Option { return choices(survey.Statuses, p.ChoiceName) }

// LevelOptions are the levels a submitted version is published at.
func (p *surveyArea) LevelOptions() []Option { return choices(survey.Levels, p.LevelName) }

// OptionsOf are the options of a choices question, labelled in the reader's language (or
// the one the label has).
func (p *surveyArea) OptionsOf(q survey.Question) []Option {
	out := make([]Option, len(q.Options))
	for i, o := range q.Options {
		out[i] = Option{Value: o.Value, Label: o.Labels.Text(p.Lang)}
	}
	return out
}

// SurveyURL is the address of questionnaire id, plus rest.
func (p *surveyArea) SurveyURL(id int64, rest string) string {
	return p.URL("/survey/" + itoa(id) + rest)
}

// answerView is an answer as a page shows it when it is read, not edited: the words of
// the page's language (a status, an option's label) and the answer's own text, in the
// language it is written in.
type answerView struct {
	Empty    bool
	Choice   string
	Choices  []localText
	Number   string
	Date     string
	Link     string
	FileName string
	FileURL  string
	Text     string
	Lang     string
}

// Answer shows v, an answer to q of questionnaire qid written in lang.
func (p *surveyArea) Answer(qid int64, q survey.Question, v survey.Value, lang string) answerView {
	a := answerView{Empty: v.Empty(), Text: v.Text, Lang: lang, Link: v.Link, FileName: v.FileName}
	if a.Lang == "" {
		a.Lang = p.Lang
	}
	if v.Choice != "" {
		a.Choice = p.ChoiceName(v.Choice)
	}
	for _, c := range v.Choices {
		for _, o := range q.Options {
			if o.Value == c {
				a.Choices = append(a.Choices, p.In(o.Labels))
			}
		}
	}
	if v.Number != nil {
		a.Number = strconv.FormatFloat(*v.Number, 'f', -1, 64)
	}
	if v.Date != "" {
		if t, err := time.Parse("2006-01-02", v.Date); err == nil {
			a.Date = p.Date(t)
		}
	}
	if v.FileID != 0 {
		a.FileURL = p.SurveyURL(qid, "/evidence/"+itoa(v.FileID))
	}
	return a
}

// partSection is one part of a questionnaire, its questions grouped by the framework
// element they ask about.
type partSection struct {
	Part   survey.Part
	Groups []questionGroup
}

// questionGroup is questions in a row about one element (none: about no element).
type questionGroup struct {
	Element   *framework.Element
	Questions []survey.Question
}

// sections orders questions by part and groups them by element, keeping those keep
// accepts (nil: all); parts without questions are left out.
func sections(qs []survey.Question, es []framework.Element, keep func(survey.Question) bool) []partSection {
	byCode := map[string]*framework.Element{}
	for i := range es {
		byCode[es[i].Code] = &es[i]
	}
	var out []partSection
	for _, part := range survey.Parts {
		s := partSection{Part: part}
		for _, q := range qs {
			if q.Part != part || (keep != nil && !keep(q)) {
				continue
			}
			if n := len(s.Groups); n == 0 || groupElement(s.Groups[n-1]) != q.Element {
				s.Groups = append(s.Groups, questionGroup{Element: byCode[q.Element]})
			}
			g := &s.Groups[len(s.Groups)-1]
			g.Questions = append(g.Questions, q)
		}
		if len(s.Groups) > 0 {
			out = append(out, s)
		}
	}
	return out
}

func groupElement(g questionGroup) string {
	if g.Element == nil {
		if len(g.Questions) > 0 {
			return g.Questions[0].Element
		}
		return ""
	}
	return g.Element.Code
}

// teamStates are the States on whose team the reader is.
func teamStates(a plenary.Actor) []string {
	var out []string
	for _, r := range plenary.TeamRoles {
		for _, s := range a.States(r) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return out
}

// The questionnaires, with the Secretariat's form for a new one.

type surveyIndexPage struct {
	surveyArea
	Questionnaires []survey.Questionnaire
	Bodies         map[int64]body.Body
	// MyStates are the States whose team the reader is on: their workspaces are linked.
	MyStates  []string
	MayManage bool
	// BodyOpts and VersionOpts are the choices of the form making a questionnaire.
	BodyOpts, VersionOpts []Option
}

// BodyName names a questionnaire's body.
func (p *surveyIndexPage) BodyName(id int64) string { return p.Bodies[id].Name(p.Lang) }

func (h *Handler) surveyIndexPage(w http.ResponseWriter, r *http.Request) (surveyIndexPage, error) {
	p := surveyIndexPage{surveyArea: h.surveyBase(w, r, "survey.title")}
	var err error
	if p.Questionnaires, err = h.svc.Survey.Questionnaires(r.Context(), p.Actor); err != nil {
		return p, err
	}
	if p.Bodies, err = h.bodyIndex(r); err != nil {
		return p, err
	}
	p.MyStates = teamStates(p.Actor)
	p.MayManage = h.svc.Survey.MayManage(p.Actor) == nil
	p.Form = newForm(r)
	if !p.MayManage {
		return p, nil
	}
	// The form's choices: the bodies, and every published version of every framework.
	for _, b := range p.Bodies {
		p.BodyOpts = append(p.BodyOpts, Option{Value: itoa(b.ID), Label: b.Name(p.Lang)})
	}
	slices.SortFunc(p.BodyOpts, func(a, b Option) int { return strings.Compare(a.Label, b.Label) })
	fws, err := h.svc.Frameworks.List(r.Context(), p.Actor)
	if err != nil {
		return p, err
	}
	for _, f := range fws {
		vs, err := h.svc.Frameworks.Versions(r.Context(), p.Actor, f.ID)
		if err != nil {
			return p, err
		}
		for _, v := range vs {
			if v.Status == framework.Published {
				p.VersionOpts = append(p.VersionOpts, Option{Value: itoa(v.ID),
					Label: p.T("survey.framework_version_option", "Name", f.Name(p.Lang), "Number", v.Number)})
			}
		}
	}
	return p, nil
}

// surveyCreate prepares a questionnaire. Its deadline is typed in the chosen body's time
// zone, which is read for that.
func (h *Handler) surveyCreate(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	actor := actorOf(r.Context())
	in := survey.QuestionnaireInput{Cycle: f.Get("cycle"), Titles: localizedForm(r, "title_")}
	in.BodyID, _ = strconv.ParseInt(f.Get("body"), 10, 64)
	in.FrameworkVersionID, _ = strconv.ParseInt(f.Get("framework_version"), 10, 64)
	loc := time.UTC
	if b, err := h.svc.Bodies.Get(r.Context(), actor, in.BodyID); err == nil {
		loc = b.Location()
	}
	var probs plenary.Problems
	in.Deadline = formDateTimeIn(f, "deadline", loc, &probs)
	var q survey.Questionnaire
	err := probs.Err()
	if err == nil {
		q, err = h.svc.Survey.CreateQuestionnaire(r.Context(), actor, in)
	}
	if err != nil {
		return h.formAgain(w, r, err, "survey-index", func() (pageData, error) {
			p, err := h.surveyIndexPage(w, r)
			return &p, err
		})
	}
	h.redirect(w, r, "/survey/"+itoa(q.ID), "survey.flash.created")
	return nil
}

// A questionnaire by part.

type surveyPage struct {
	surveyArea
	Questionnaire survey.Questionnaire
	Body          body.Body
	Framework     framework.Framework
	Version       framework.Version
	Questions     []survey.Question
	Sections      []partSection
	MyStates      []string
	MayManage     bool
	// Submissions are, for the Secretariat, which States answered: nothing of what.
	Submissions []survey.Submission
	Threshold   int
}

// Deadline writes the questionnaire's deadline in its body's time zone.
func (p *surveyPage) Deadline() string { return p.InZone(p.Questionnaire.Deadline, p.Body.TimeZone) }

func (h *Handler) surveyOf(r *http.Request) (survey.Questionnaire, []survey.Question, []framework.Element, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return survey.Questionnaire{}, nil, nil, err
	}
	return h.svc.Survey.Get(r.Context(), actorOf(r.Context()), id)
}

func (h *Handler) surveyPage(w http.ResponseWriter, r *http.Request) (surveyPage, error) {
	q, qs, es, err := h.surveyOf(r)
	if err != nil {
		return surveyPage{}, err
	}
	p := surveyPage{surveyArea: h.surveyBase(w, r, ""), Questionnaire: q, Questions: qs, Sections: sections(qs, es, nil),
		MyStates: teamStates(actorOf(r.Context()))}
	p.Title = q.Title(p.Lang)
	if p.Body, err = h.svc.Bodies.Get(r.Context(), p.Actor, q.BodyID); err != nil {
		return p, err
	}
	if p.Framework, p.Version, err = h.frameworkVersionOf(r, q.FrameworkID, q.FrameworkVersionID); err != nil {
		return p, err
	}
	p.Form = newForm(r)
	if p.MayManage = h.svc.Survey.MayManage(p.Actor) == nil; p.MayManage {
		if p.Submissions, err = h.svc.Survey.Submissions(r.Context(), p.Actor, q.ID); err != nil {
			return p, err
		}
		if p.Threshold, err = h.svc.Survey.Threshold(r.Context(), q.BodyID); err != nil {
			return p, err
		}
		if len(p.Form.Values) == 0 {
			p.Form.Values.Set("threshold", strconv.Itoa(p.Threshold))
		}
	}
	return p, nil
}

// frameworkVersionOf finds the framework and version a questionnaire is built on, to link
// to them.
func (h *Handler) frameworkVersionOf(r *http.Request, frameworkID, versionID int64) (framework.Framework, framework.Version, error) {
	actor := actorOf(r.Context())
	fws, err := h.svc.Frameworks.List(r.Context(), actor)
	if err != nil {
		return framework.Framework{}, framework.Version{}, err
	}
	var f framework.Framework
	for _, x := range fws {
		if x.ID == frameworkID {
			f = x
		}
	}
	vs, err := h.svc.Frameworks.Versions(r.Context(), actor, frameworkID)
	if err != nil {
		return f, framework.Version{}, err
	}
	for _, v := range vs {
		if v.ID == versionID {
			return f, v, nil
		}
	}
	return f, framework.Version{}, nil
}

// surveyQuestionsCSV writes a questionnaire's questions as the file an import reads.
func (h *Handler) surveyQuestionsCSV(w http.ResponseWriter, r *http.Request) error {
	q, qs, _, err := h.surveyOf(r)
	if err != nil {
		return err
	}
	cache := "public, max-age=300"
	if q.Status == survey.Draft {
		cache = "private, no-store"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "questionnaire-" + q.Cycle + ".csv"}))
	w.Header().Set("Cache-Control", cache)
	return survey.WriteQuestions(w, qs)
}

// surveyRefused shows the questionnaire's page again with why the Secretariat's action
// was refused: an import's problems, each naming its line, or a conflict.
func (h *Handler) surveyRefused(w http.ResponseWriter, r *http.Request, err error) error {
	if v, ok := isValidation(err); ok {
		err = fileProblems(v)
	}
	return h.formAgainOrConflict(w, r, err, "survey", func() (pageData, error) {
		p, err := h.surveyPage(w, r)
		return &p, err
	})
}

func (h *Handler) surveyImport(w http.ResponseWriter, r *http.Request) error {
	up, err := h.parseUpload(r, "file", framework.MaxFile)
	if err != nil {
		return h.surveyRefused(w, r, err)
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if len(up.Data) == 0 {
		return h.surveyRefused(w, r, plenary.Invalid("file", "field.file_required", nil))
	}
	if _, err := h.svc.Survey.ImportQuestions(r.Context(), actorOf(r.Context()), id, bytes.NewReader(up.Data)); err != nil {
		return h.surveyRefused(w, r, err)
	}
	h.redirect(w, r, "/survey/"+itoa(id), "survey.flash.imported")
	return nil
}

// surveyStatus opens, closes or reopens a questionnaire.
func (h *Handler) surveyStatus(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q, err := h.svc.Survey.SetStatus(r.Context(), actorOf(r.Context()), id, survey.Status(r.PostForm.Get("status")))
	if err != nil {
		return h.surveyRefused(w, r, err)
	}
	flash := "survey.flash.opened"
	if q.Status == survey.Closed {
		flash = "survey.flash.closed"
	}
	h.redirect(w, r, "/survey/"+itoa(id), flash)
	return nil
}

// surveyThreshold sets the aggregate threshold of the questionnaire's body (the form
// names the body; the path, the page to come back to).
func (h *Handler) surveyThreshold(w http.ResponseWriter, r *http.Request) error {
	if err := h.parseForm(r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	bodyID, _ := strconv.ParseInt(r.PostForm.Get("body"), 10, 64)
	n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("threshold")))
	if err != nil {
		err = plenary.Invalid("threshold", "field.number", nil)
	} else {
		err = h.svc.Survey.SetThreshold(r.Context(), actorOf(r.Context()), bodyID, n)
	}
	if err != nil {
		return h.surveyRefused(w, r, err)
	}
	h.redirect(w, r, "/survey/"+itoa(id), "survey.flash.threshold_set")
	return nil
}
