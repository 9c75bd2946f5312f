package api

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"slices"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/account"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/survey"
)

// The national survey of implementation. The Secretariat prepares a questionnaire for a
// body and a cycle on a published version of a framework, and opens it. A State's team
// (its editors, reviewer and submitter) drafts the State's answers privately: a save names
// the revision each answer started from, and an answer another editor saved meanwhile
// comes back as a conflict with both versions, never overwritten. The submitter submits
// versions and publishes each privately, to States only, or to everyone. Readers compare
// what they may read, and aggregates count it by regional group, shown only above the
// body's threshold. The service decides all of it: a draft, a private version and the
// team's comments are answered 404 to anyone but the team (401 without a token).

const surveyTag = "National survey"

// answersMaxBody bounds a save: one evidence file in base64 beside the answers.
const answersMaxBody = (survey.MaxFile+2)/3*4 + MaxBody

// Questionnaire is the survey of a body for one cycle.
type Questionnaire struct {
	ID                 int64      `json:"id"`
	Body               string     `json:"body" example:"gm" doc:"The code of the body it is for"`
	Cycle              string     `json:"cycle" example:"2026"`
	Titles             Names      `json:"titles" doc:"By language, in the languages it has"`
	FrameworkID        int64      `json:"framework_id"`
	FrameworkVersionID int64      `json:"framework_version_id" doc:"The framework's version its questions refer to: answers stay tied to it"`
	Status             string     `json:"status" enum:"draft,open,closed" doc:"A draft is the Secretariat's"`
	Deadline           *time.Time `json:"deadline,omitempty"`
	OpenedAt           *time.Time `json:"opened_at,omitempty"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
}

func questionnaireJSON(q survey.Questionnaire, body string) Questionnaire {
	return Questionnaire{ID: q.ID, Body: body, Cycle: q.Cycle, Titles: names(q.Titles), FrameworkID: q.FrameworkID,
		FrameworkVersionID: q.FrameworkVersionID, Status: string(q.Status), Deadline: optTime(q.Deadline), OpenedAt: optTime(q.OpenedAt),
		CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt}
}

// QuestionnaireDetail is a questionnaire with its questions.
type QuestionnaireDetail struct {
	Questionnaire
	Questions []SurveyQuestion `json:"questions" doc:"In their order; none is mandatory"`
}

// SurveyQuestion is one question of a questionnaire.
type SurveyQuestion struct {
	Code     string         `json:"code" example:"norm.c.status" doc:"Stable across cycles"`
	Part     string         `json:"part" enum:"law,norms,cbms,capacity"`
	Element  string         `json:"element,omitempty" example:"norm.c" doc:"The framework element it asks about, in the questionnaire's version"`
	Kind     string         `json:"kind" enum:"status,choices,text,number,date,evidence" doc:"Which of the value's fields an answer uses; any answer may have a text"`
	Purpose  string         `json:"purpose,omitempty" enum:"challenges,capacity_gaps" doc:"A norm's implementation challenges, or its capacity gaps"`
	Position int            `json:"position"`
	Prompts  Names          `json:"prompts" doc:"The question by language, in the languages it has"`
	Options  []SurveyOption `json:"options,omitempty" doc:"A choices question's options"`
}

// SurveyOption is one choice of a choices question.
type SurveyOption struct {
	Value  string `json:"value"`
	Labels Names  `json:"labels"`
}

func questionJSON(q survey.Question) SurveyQuestion {
	out := SurveyQuestion{Code: q.Code, Part: string(q.Part), Element: q.Element, Kind: string(q.Kind), Purpose: string(q.Purpose),
		Position: q.Position, Prompts: names(q.Prompts)}
	for _, o := range q.Options {
		out.Options = append(out.Options, SurveyOption{Value: o.Value, Labels: names(o.Labels)})
	}
	return out
}

func questionsJSON(qs []survey.Question) []SurveyQuestion {
	out := make([]SurveyQuestion, len(qs))
	for i, q := range qs {
		out[i] = questionJSON(q)
	}
	return out
}

// SurveyValue is an answer's content: the fields its question's kind uses, and a text.
type SurveyValue struct {
	Choice  string          `json:"choice,omitempty" doc:"A status question's answer: yes, partly, no or na"`
	Choices []string        `json:"choices,omitempty" doc:"A choices question's options chosen"`
	Text    string          `json:"text,omitempty" doc:"Free text, or the details of another kind's answer"`
	Number  *float64        `json:"number,omitempty"`
	Date    string          `json:"date,omitempty" example:"2026-03-31"`
	Link    string          `json:"link,omitempty" doc:"Evidence: an address"`
	File    *SurveyEvidence `json:"file,omitempty" doc:"Evidence: a file"`
}

// SurveyEvidence is a file attached as evidence; those who read the answer download it.
type SurveyEvidence struct {
	ID   int64  `json:"id,omitempty"`
	Name string `json:"name"`
	Href string `json:"href,omitempty" doc:"Where to download it"`
}

func valueJSON(v survey.Value) SurveyValue {
	out := SurveyValue{Choice: v.Choice, Choices: v.Choices, Text: v.Text, Number: v.Number, Date: v.Date, Link: v.Link}
	if v.FileID != 0 {
		out.File = &SurveyEvidence{ID: v.FileID, Name: v.FileName, Href: Prefix + "/survey-evidence/" + itoa(v.FileID)}
	}
	return out
}

// SurveyAnswer is a State's answer to one question, as drafted or as submitted.
type SurveyAnswer struct {
	Question  string      `json:"question"`
	Value     SurveyValue `json:"value"`
	Language  string      `json:"language" doc:"The language it is written in"`
	Revision  int         `json:"revision" doc:"Counts the draft answer's changes: a save sends back the revision it started from"`
	UpdatedBy int64       `json:"updated_by,omitempty" doc:"The account that last changed it"`
	UpdatedAt *time.Time  `json:"updated_at,omitempty"`
}

func answerJSON(a survey.Answer) SurveyAnswer {
	return SurveyAnswer{Question: a.Question, Value: valueJSON(a.Value), Language: a.Language, Revision: a.Revision,
		UpdatedBy: a.UpdatedBy, UpdatedAt: optTime(a.UpdatedAt)}
}

func answersJSON(as []survey.Answer) []SurveyAnswer {
	out := make([]SurveyAnswer, len(as))
	for i, a := range as {
		out[i] = answerJSON(a)
	}
	return out
}

// SurveyVersion is a submitted version of a State's response, kept for good.
type SurveyVersion struct {
	ID          int64          `json:"id"`
	Number      int            `json:"number"`
	Level       string         `json:"level" enum:"private,states,public" doc:"private: the team alone reads it; states: every State's people and the Secretariat; public: everyone"`
	SubmittedAt time.Time      `json:"submitted_at"`
	SubmittedBy int64          `json:"submitted_by,omitempty"`
	PublishedAt *time.Time     `json:"published_at,omitempty" doc:"When its level was last set above private"`
	IncludePoCs bool           `json:"include_pocs" doc:"Whether the State's Points of Contact go with it"`
	DocumentID  int64          `json:"document_id,omitempty" doc:"The registry document it was issued as"`
	Answers     []SurveyAnswer `json:"answers"`
}

func surveyVersionJSON(v survey.Version) SurveyVersion {
	return SurveyVersion{ID: v.ID, Number: v.Number, Level: string(v.Level), SubmittedAt: v.SubmittedAt, SubmittedBy: v.SubmittedBy,
		PublishedAt: optTime(v.PublishedAt), IncludePoCs: v.IncludePoCs, DocumentID: v.DocumentID, Answers: answersJSON(v.Answers)}
}

// SurveyWorkspace is a State's response as its team reads it.
type SurveyWorkspace struct {
	QuestionnaireID int64           `json:"questionnaire_id"`
	State           string          `json:"state"`
	Started         bool            `json:"started" doc:"False until the first save or comment starts it"`
	IncludePoCs     bool            `json:"include_pocs" doc:"The State's choice that its Points of Contact go with its answers"`
	PrefilledFrom   int64           `json:"prefilled_from,omitempty" doc:"The version of an earlier cycle the draft started from"`
	Answers         []SurveyAnswer  `json:"answers" doc:"The draft's answers, by question code"`
	Versions        []SurveyVersion `json:"versions" doc:"The versions submitted, newest first"`
	MayEdit         bool            `json:"may_edit" doc:"Whether the caller may save answers (editors, the submitter, while open)"`
	MaySubmit       bool            `json:"may_submit" doc:"Whether the caller may submit and publish (the submitter, while open)"`
	UpdatedAt       *time.Time      `json:"updated_at,omitempty"`
}

func workspaceJSON(w survey.Workspace) SurveyWorkspace {
	out := SurveyWorkspace{QuestionnaireID: w.Questionnaire.ID, State: w.Response.State, Started: w.Response.ID != 0,
		IncludePoCs: w.Response.IncludePoCs, PrefilledFrom: w.Response.PrefilledFrom, Answers: []SurveyAnswer{}, Versions: []SurveyVersion{},
		MayEdit: w.MayEdit, MaySubmit: w.MaySubmit, UpdatedAt: optTime(w.Response.UpdatedAt)}
	codes := make([]string, 0, len(w.Answers))
	for code := range w.Answers {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		out.Answers = append(out.Answers, answerJSON(w.Answers[code]))
	}
	for _, v := range w.Versions {
		out.Versions = append(out.Versions, surveyVersionJSON(v))
	}
	return out
}

func (a *API) listQuestionnaires(ctx context.Context, _ *struct{}) (*PageOutput[Questionnaire], error) {
	qs, err := a.svc.Survey.Questionnaires(ctx, actorOf(ctx))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Questionnaire]{Body: Page[Questionnaire]{Items: make([]Questionnaire, len(qs))}}
	for i, q := range qs {
		out.Body.Items[i] = questionnaireJSON(q, codes[q.BodyID])
	}
	return out, nil
}

func (a *API) questionnaire(ctx context.Context, id int64) (*Output[QuestionnaireDetail], error) {
	q, qs, _, err := a.svc.Survey.Get(ctx, actorOf(ctx), id)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[QuestionnaireDetail]{Body: QuestionnaireDetail{Questionnaire: questionnaireJSON(q, codes[q.BodyID]), Questions: questionsJSON(qs)}}, nil
}

func (a *API) getQuestionnaire(ctx context.Context, in *idInput) (*Output[QuestionnaireDetail], error) {
	return a.questionnaire(ctx, in.ID)
}

// QuestionnaireInput prepares a questionnaire.
type QuestionnaireInput struct {
	Body               string     `json:"body" maxLength:"20" example:"gm" doc:"The code of the body it is for"`
	Cycle              string     `json:"cycle" maxLength:"20" example:"2026" doc:"One per body"`
	Titles             Names      `json:"titles" doc:"By language, in at least one"`
	FrameworkVersionID int64      `json:"framework_version_id" doc:"A published version of a framework: the questions refer to its elements"`
	Deadline           *time.Time `json:"deadline,omitempty" doc:"When answers are due; the teams that have not submitted are reminded a week before"`
}

func (a *API) createQuestionnaire(ctx context.Context, in *struct{ Body QuestionnaireInput }) (*Output[QuestionnaireDetail], error) {
	actor := actorOf(ctx)
	b := in.Body
	qi := survey.QuestionnaireInput{Cycle: b.Cycle, Titles: plenary.Localized(b.Titles), FrameworkVersionID: b.FrameworkVersionID}
	if b.Deadline != nil {
		qi.Deadline = b.Deadline.UTC()
	}
	body, err := a.svc.Bodies.ByCode(ctx, actor, b.Body)
	if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
		return nil, a.fail(ctx, err)
	}
	qi.BodyID = body.ID // none: the service names the problem
	q, err := a.svc.Survey.CreateQuestionnaire(ctx, actor, qi)
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("body", "title_", "titles.", "framework_version", "framework_version_id"))
	}
	return a.questionnaire(ctx, q.ID)
}

type importQuestionsInput struct {
	ID      int64  `path:"id" minimum:"1"`
	RawBody []byte `contentType:"text/csv"`
}

func (a *API) importQuestions(ctx context.Context, in *importQuestionsInput) (*Output[QuestionnaireDetail], error) {
	if _, err := a.svc.Survey.ImportQuestions(ctx, actorOf(ctx), in.ID, bytes.NewReader(in.RawBody)); err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.questionnaire(ctx, in.ID)
}

type questionnaireStatusInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status string `json:"status" enum:"open,closed" doc:"open a draft (the States' teams and nominators are told), close an open one, or open a closed one again"`
	}
}

func (a *API) setQuestionnaireStatus(ctx context.Context, in *questionnaireStatusInput) (*Output[QuestionnaireDetail], error) {
	q, err := a.svc.Survey.SetStatus(ctx, actorOf(ctx), in.ID, survey.Status(in.Body.Status))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return a.questionnaire(ctx, q.ID)
}

// SurveyThreshold is how many States must have contributed to an aggregate of a body's
// surveys before its counts are shown.
type SurveyThreshold struct {
	Body      string `json:"body" example:"gm"`
	Threshold int    `json:"threshold"`
}

type surveyThresholdInput struct {
	Code string `path:"body" maxLength:"20" doc:"The body's code, e.g. gm"`
	Body struct {
		Threshold int `json:"threshold" minimum:"3" maximum:"193" doc:"States; fewer than three would point at the States behind a count"`
	}
}

func (a *API) setSurveyThreshold(ctx context.Context, in *surveyThresholdInput) (*Output[SurveyThreshold], error) {
	b, err := a.body(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	if err := a.svc.Survey.SetThreshold(ctx, actorOf(ctx), b.ID, in.Body.Threshold); err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[SurveyThreshold]{Body: SurveyThreshold{Body: b.Code, Threshold: in.Body.Threshold}}, nil
}

// SurveySubmission is what the Secretariat knows of a State's response whatever its
// level: that it answered, when, and how far its latest version is published.
type SurveySubmission struct {
	State         string    `json:"state"`
	Versions      int       `json:"versions" doc:"Versions submitted"`
	LastSubmitted time.Time `json:"last_submitted"`
	Level         string    `json:"level" enum:"private,states,public" doc:"Of the latest version"`
}

func (a *API) listSurveySubmissions(ctx context.Context, in *idInput) (*PageOutput[SurveySubmission], error) {
	subs, err := a.svc.Survey.Submissions(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[SurveySubmission]{Body: Page[SurveySubmission]{Items: make([]SurveySubmission, len(subs))}}
	for i, s := range subs {
		out.Body.Items[i] = SurveySubmission{State: s.State, Versions: s.Versions, LastSubmitted: s.LastSubmitted, Level: string(s.Level)}
	}
	return out, nil
}

// ResponsePath names a State's response to a questionnaire (exported: huma reads the
// parameters of embedded structs only when they are).
type ResponsePath struct {
	ID   int64  `path:"id" minimum:"1"`
	ISO3 string `path:"iso3" maxLength:"3" doc:"The State's ISO 3166-1 alpha-3 code"`
}

func (p ResponsePath) state() string { return strings.ToUpper(p.ISO3) }

func (a *API) getWorkspace(ctx context.Context, in *ResponsePath) (*Output[SurveyWorkspace], error) {
	w, err := a.svc.Survey.Workspace(ctx, actorOf(ctx), in.ID, in.state())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[SurveyWorkspace]{Body: workspaceJSON(w)}, nil
}

// SurveyAnswerInput is one answer as an editor saves it.
type SurveyAnswerInput struct {
	Question string           `json:"question" maxLength:"80" example:"norm.c.status"`
	Revision int              `json:"revision,omitempty" doc:"The revision of the answer the editor started from (0 for none): if another editor saved since, the answer comes back as a conflict"`
	Language string           `json:"language" enum:"ar,zh,en,fr,ru,es" doc:"The language it is written in"`
	Value    SurveyValueInput `json:"value"`
	File     *AttachmentInput `json:"file,omitempty" doc:"Evidence: a PDF or DOCX file, base64, checked by its content; it becomes the answer's file"`
}

// SurveyValueInput is an answer's content: the fields its question's kind uses (others
// are dropped), and a text.
type SurveyValueInput struct {
	Choice  string   `json:"choice,omitempty" doc:"A status question's answer: yes, partly, no or na"`
	Choices []string `json:"choices,omitempty" maxItems:"50" doc:"A choices question's options"`
	Text    string   `json:"text,omitempty" maxLength:"20000" doc:"Free text, or the details of another kind's answer"`
	Number  *float64 `json:"number,omitempty"`
	Date    string   `json:"date,omitempty" example:"2026-03-31" doc:"yyyy-mm-dd"`
	Link    string   `json:"link,omitempty" maxLength:"2000" doc:"Evidence: an address (http or https)"`
	FileID  int64    `json:"file_id,omitempty" doc:"Evidence: the file the answer holds (its value.file.id), to keep it; a new file comes as the answer's file"`
}

func (v SurveyValueInput) domain() survey.Value {
	return survey.Value{Choice: v.Choice, Choices: v.Choices, Text: v.Text, Number: v.Number, Date: v.Date, Link: v.Link, FileID: v.FileID}
}

type saveAnswersInput struct {
	ResponsePath
	Body struct {
		Answers []SurveyAnswerInput `json:"answers" maxItems:"1000"`
	}
}

// SurveySaveResult says which answers were saved and which met a newer version.
type SurveySaveResult struct {
	Saved     []SurveyAnswer   `json:"saved" doc:"Saved, each with its new revision (an answer sent unchanged is not listed)"`
	Conflicts []SurveyConflict `json:"conflicts" doc:"Not saved: another editor saved these since the revision sent. Nothing is lost: save again from theirs' revision with the answer chosen"`
}

// SurveyConflict is a question on which another editor saved since the editor began.
type SurveyConflict struct {
	Question string       `json:"question"`
	Mine     SurveyMine   `json:"mine" doc:"What this save sent"`
	Theirs   SurveyAnswer `json:"theirs" doc:"What is saved, with its revision"`
}

// SurveyMine is an answer a save sent and did not save.
type SurveyMine struct {
	Value    SurveyValue `json:"value"`
	Language string      `json:"language"`
	Revision int         `json:"revision" doc:"The revision it started from"`
}

func (a *API) saveAnswers(ctx context.Context, in *saveAnswersInput) (*Output[SurveySaveResult], error) {
	items := make([]survey.AnswerInput, len(in.Body.Answers))
	for i, x := range in.Body.Answers {
		items[i] = survey.AnswerInput{Question: x.Question, Value: x.Value.domain(), Language: x.Language, Revision: x.Revision}
		if x.File != nil {
			items[i].File = &files.Upload{Name: x.File.Name, Data: x.File.Content}
		}
	}
	res, err := a.svc.Survey.Save(ctx, actorOf(ctx), in.ID, in.state(), items)
	if err != nil {
		return nil, a.failAt(ctx, err, answerLocations(in.Body.Answers))
	}
	out := SurveySaveResult{Saved: answersJSON(res.Saved), Conflicts: make([]SurveyConflict, len(res.Conflicts))}
	for i, c := range res.Conflicts {
		mine := SurveyMine{Value: valueJSON(c.Mine.Value), Language: c.Mine.Language, Revision: c.Mine.Revision}
		if c.Mine.File != nil {
			mine.Value.File = &SurveyEvidence{Name: c.Mine.File.Name}
		}
		out.Conflicts[i] = SurveyConflict{Question: c.Question, Mine: mine, Theirs: answerJSON(c.Theirs)}
	}
	return &Output[SurveySaveResult]{Body: out}, nil
}

// answerLocations names the service's problems of answers (body.answers.CODE.choice) as
// the request does (body.answers[2].value.choice).
func answerLocations(in []SurveyAnswerInput) func(string) string {
	at := map[string]string{}
	for i := len(in) - 1; i >= 0; i-- { // the first answer to a question names its problems
		x := in[i]
		base := "body.answers." + x.Question
		item := fmt.Sprintf("body.answers[%d]", i)
		at[base] = item + ".question"
		for _, f := range []string{"choice", "choices", "text", "number", "date", "link"} {
			at[base+"."+f] = item + ".value." + f
		}
		at[base+".language"] = item + ".language"
		if x.File != nil {
			at[base+".file"] = item + ".file"
		} else {
			at[base+".file"] = item + ".value.file_id"
		}
	}
	return func(loc string) string {
		if to, ok := at[loc]; ok {
			return to
		}
		return loc
	}
}

// SurveyComment is a team member's remark on the draft.
type SurveyComment struct {
	ID         int64     `json:"id"`
	Question   string    `json:"question,omitempty" doc:"The question it is on; absent for the whole response"`
	Text       string    `json:"text"`
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	CreatedAt  time.Time `json:"created_at"`
}

func commentJSON(c survey.Comment) SurveyComment {
	return SurveyComment{ID: c.ID, Question: c.Question, Text: c.Body, AuthorID: c.AuthorID, AuthorName: c.AuthorName, CreatedAt: c.CreatedAt}
}

func (a *API) listSurveyComments(ctx context.Context, in *ResponsePath) (*PageOutput[SurveyComment], error) {
	cs, err := a.svc.Survey.Comments(ctx, actorOf(ctx), in.ID, in.state())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[SurveyComment]{Body: Page[SurveyComment]{Items: make([]SurveyComment, len(cs))}}
	for i, c := range cs {
		out.Body.Items[i] = commentJSON(c)
	}
	return out, nil
}

type surveyCommentInput struct {
	ResponsePath
	Body struct {
		Question string `json:"question,omitempty" maxLength:"80" doc:"The question it is on; absent for the whole response"`
		Text     string `json:"text" maxLength:"4000"`
	}
}

func (a *API) addSurveyComment(ctx context.Context, in *surveyCommentInput) (*Output[SurveyComment], error) {
	c, err := a.svc.Survey.Comment(ctx, actorOf(ctx), in.ID, in.state(), in.Body.Question, in.Body.Text)
	if err != nil {
		return nil, a.failAt(ctx, err, renamed("body", "comment", "text"))
	}
	return &Output[SurveyComment]{Body: commentJSON(c)}, nil
}

// SurveyIncludePoCs is the State's choice that its Points of Contact go with its answers.
type SurveyIncludePoCs struct {
	IncludePoCs bool `json:"include_pocs"`
}

type includePoCsInput struct {
	ResponsePath
	Body SurveyIncludePoCs
}

func (a *API) setIncludePoCs(ctx context.Context, in *includePoCsInput) (*Output[SurveyIncludePoCs], error) {
	if err := a.svc.Survey.SetIncludePoCs(ctx, actorOf(ctx), in.ID, in.state(), in.Body.IncludePoCs); err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[SurveyIncludePoCs]{Body: in.Body}, nil
}

func (a *API) submitSurvey(ctx context.Context, in *ResponsePath) (*Output[SurveyVersion], error) {
	v, err := a.svc.Survey.Submit(ctx, actorOf(ctx), in.ID, in.state())
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[SurveyVersion]{Body: surveyVersionJSON(v)}, nil
}

type surveyLevelInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Level string `json:"level" enum:"private,states,public" doc:"private withdraws a publication"`
	}
}

func (a *API) setSurveyLevel(ctx context.Context, in *surveyLevelInput) (*Output[SurveyVersion], error) {
	v, err := a.svc.Survey.SetLevel(ctx, actorOf(ctx), in.ID, survey.Level(in.Body.Level))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[SurveyVersion]{Body: surveyVersionJSON(v)}, nil
}

type issueSurveyInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Language string `json:"language" enum:"ar,zh,en,fr,ru,es" doc:"the language the document is written in"`
		Title    string `json:"title" maxLength:"300" doc:"its title, in that language"`
	}
}

func (a *API) issueSurveyVersion(ctx context.Context, in *issueSurveyInput) (*Output[Document], error) {
	// The document's words are the catalogue's, in the document's language.
	words := a.catalog.In(in.Body.Language)
	d, err := a.svc.Survey.Issue(ctx, actorOf(ctx), in.ID, survey.IssueInput{Language: in.Body.Language, Title: in.Body.Title,
		StateName: words.StateName, Labels: survey.LabelsIn(words, "")})
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &Output[Document]{Body: documentJSON(d, codes[d.BodyID])}, nil
}

func (a *API) getSurveyEvidence(ctx context.Context, in *idInput) (*AttachmentOutput, error) {
	f, err := a.svc.Survey.Evidence(ctx, actorOf(ctx), in.ID)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	return &AttachmentOutput{ContentType: f.ContentType, NoSniff: "nosniff", Body: f.Data,
		ContentDisposition: mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})}, nil
}

// SurveyPublishedAnswer is a State's answer as published.
type SurveyPublishedAnswer struct {
	State       string      `json:"state"`
	Question    string      `json:"question"`
	Value       SurveyValue `json:"value"`
	Language    string      `json:"language" doc:"The language it is written in"`
	Level       string      `json:"level" enum:"states,public"`
	Version     int         `json:"version" doc:"The number of the State's version it is from"`
	VersionID   int64       `json:"version_id"`
	SubmittedAt time.Time   `json:"submitted_at"`
}

func publishedJSON(a survey.PublishedAnswer) SurveyPublishedAnswer {
	return SurveyPublishedAnswer{State: a.State, Question: a.Question, Value: valueJSON(a.Value), Language: a.Language,
		Level: string(a.Level), Version: a.VersionNumber, VersionID: a.VersionID, SubmittedAt: a.SubmittedAt}
}

func levelsJSON(ls []survey.Level) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return out
}

type publishedInput struct {
	ID       int64    `path:"id" minimum:"1"`
	States   []string `query:"state,explode" maxItems:"200" doc:"States by ISO 3166-1 alpha-3 code, repeated; every State with published answers when absent"`
	Question []string `query:"question,explode" maxItems:"1000" doc:"Question codes, repeated"`
	Element  string   `query:"element" maxLength:"80" doc:"A framework element: the questions about it or about the elements under it (a norm and its checklist's actions)"`
}

// SurveyComparison is the published answers of States side by side, as the caller may
// read them.
type SurveyComparison struct {
	QuestionnaireID int64                   `json:"questionnaire_id"`
	Levels          []string                `json:"levels" doc:"The levels the caller reads: public, and states for States' people and the Secretariat"`
	States          []string                `json:"states"`
	Questions       []SurveyQuestion        `json:"questions"`
	Answers         []SurveyPublishedAnswer `json:"answers" doc:"Each State's latest version published at a level the caller reads, State by State, question by question; a State that gave no answer to a question has none here"`
}

func (a *API) comparePublished(ctx context.Context, in *publishedInput) (*Output[SurveyComparison], error) {
	actor := actorOf(ctx)
	states := make([]string, 0, len(in.States))
	for _, s := range in.States {
		if s = strings.ToUpper(strings.TrimSpace(s)); s != "" && !slices.Contains(states, s) {
			states = append(states, s)
		}
	}
	var codes []string
	for _, c := range in.Question {
		codes = append(codes, strings.ToLower(strings.TrimSpace(c)))
	}
	filtered := len(codes) > 0 || in.Element != ""
	if in.Element != "" {
		_, questions, elements, err := a.svc.Survey.Get(ctx, actor, in.ID)
		if err != nil {
			return nil, a.fail(ctx, err)
		}
		on := survey.QuestionsOn(questions, elements, strings.ToLower(in.Element))
		if len(codes) > 0 {
			on = slices.DeleteFunc(on, func(c string) bool { return !slices.Contains(codes, c) })
		}
		codes = on
	}
	c, err := a.svc.Survey.Compare(ctx, actor, in.ID, states, codes)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	if filtered && len(codes) == 0 {
		c.Questions = nil // no question matches: Compare reads none as every one
	}
	out := SurveyComparison{QuestionnaireID: c.Questionnaire.ID, Levels: levelsJSON(c.Levels), States: c.States,
		Questions: questionsJSON(c.Questions), Answers: []SurveyPublishedAnswer{}}
	if out.States == nil {
		out.States = []string{}
	}
	for _, s := range c.States {
		for _, q := range c.Questions {
			if pa, ok := c.Answer(s, q.Code); ok {
				out.Answers = append(out.Answers, publishedJSON(pa))
			}
		}
	}
	return &Output[SurveyComparison]{Body: out}, nil
}

type aggregateInput struct {
	ID       int64  `path:"id" minimum:"1"`
	Question string `path:"question" maxLength:"80" doc:"The question's code"`
}

// SurveyAggregate is the published answers to one question counted by regional group and
// in total, at the levels the caller reads.
type SurveyAggregate struct {
	Question  string        `json:"question"`
	Kind      string        `json:"kind" enum:"status,choices,text,number,date,evidence"`
	Values    []string      `json:"values" doc:"What the counts count, in order: a status question's answers, a choices question's options; none for other kinds, whose tallies count the States that answered"`
	Threshold int           `json:"threshold" doc:"How many States must have answered for a tally's counts to be shown"`
	Levels    []string      `json:"levels" doc:"The levels counted: public, and states for States' people and the Secretariat; a private answer is counted nowhere"`
	Total     SurveyTally   `json:"total"`
	Groups    []SurveyTally `json:"groups" doc:"The regional groups with a State that answered"`
}

// SurveyTally is how the States of a group, or all, answered.
type SurveyTally struct {
	Group  string         `json:"group,omitempty" enum:"African,Asia-Pacific,Eastern European,GRULAC,WEOG,none" doc:"Absent for the total"`
	States int            `json:"states" doc:"States that answered"`
	Shown  bool           `json:"shown" doc:"Whether at least the threshold of States answered"`
	Counts map[string]int `json:"counts,omitempty" doc:"States by value; only when shown"`
}

func tallyJSON(t survey.Tally, values []string) SurveyTally {
	out := SurveyTally{Group: t.Group, States: t.States, Shown: t.Shown}
	if t.Shown {
		out.Counts = map[string]int{}
		for _, v := range values {
			out.Counts[v] = t.Counts[v]
		}
	}
	return out
}

func (a *API) getAggregate(ctx context.Context, in *aggregateInput) (*Output[SurveyAggregate], error) {
	g, err := a.svc.Survey.Aggregate(ctx, actorOf(ctx), in.ID, strings.ToLower(in.Question))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	values := g.Values()
	out := SurveyAggregate{Question: g.Question.Code, Kind: string(g.Question.Kind), Values: values, Threshold: g.Threshold,
		Levels: levelsJSON(g.Levels), Total: tallyJSON(g.Total, values), Groups: make([]SurveyTally, len(g.Groups))}
	if out.Values == nil {
		out.Values = []string{}
	}
	for i, t := range g.Groups {
		out.Groups[i] = tallyJSON(t, values)
	}
	return &Output[SurveyAggregate]{Body: out}, nil
}

// SurveyCycle is what a State published to one questionnaire, as the caller may read it.
type SurveyCycle struct {
	Questionnaire Questionnaire           `json:"questionnaire"`
	Version       int                     `json:"version" doc:"The number of the State's version read"`
	Level         string                  `json:"level" enum:"states,public"`
	Answers       []SurveyPublishedAnswer `json:"answers" doc:"In the questionnaire's order"`
}

func (a *API) stateSurvey(ctx context.Context, in *iso3Input) (*PageOutput[SurveyCycle], error) {
	actor := actorOf(ctx)
	st, err := a.svc.States.Get(ctx, actor, in.ISO3)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	cycles, err := a.svc.Survey.StateAnswers(ctx, actor, st.ISO3)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	codes, err := a.bodyCodes(ctx)
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[SurveyCycle]{Body: Page[SurveyCycle]{Items: make([]SurveyCycle, len(cycles))}}
	for i, c := range cycles {
		sc := SurveyCycle{Questionnaire: questionnaireJSON(c.Questionnaire, codes[c.Questionnaire.BodyID]), Version: c.VersionNumber,
			Level: string(c.Level), Answers: []SurveyPublishedAnswer{}}
		for _, q := range c.Questions {
			if pa, ok := c.Answers[q.Code]; ok {
				sc.Answers = append(sc.Answers, publishedJSON(pa))
			}
		}
		out.Body.Items[i] = sc
	}
	return out, nil
}

func (a *API) stateTeam(ctx context.Context, in *iso3Input) (*PageOutput[Member], error) {
	ms, err := a.svc.Accounts.Team(ctx, actorOf(ctx), strings.ToUpper(in.ISO3))
	if err != nil {
		return nil, a.fail(ctx, err)
	}
	out := &PageOutput[Member]{Body: Page[Member]{Items: make([]Member, len(ms))}}
	for i, m := range ms {
		out.Body.Items[i] = teamMemberJSON(m)
	}
	return out, nil
}

func teamMemberJSON(m account.TeamMember) Member {
	return Member{RoleID: m.GrantID, UserID: m.UserID, Name: m.Name, Email: m.Email, Role: string(m.Role), Accepted: !m.Pending}
}
