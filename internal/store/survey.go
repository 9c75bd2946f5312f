package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"hash/fnv"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/store/query"
	"github.com/plenary-platform/plenary/internal/survey"
)

// Survey is the store of the national survey.
func (db *DB) Survey() survey.Store { return surveyStore{db} }

type surveyStore struct{ db *DB }

// surveyTx is the transaction as the survey sees it.
type surveyTx struct{ *Tx }

var (
	_ survey.Store = surveyStore{}
	_ survey.Tx    = surveyTx{}
)

func (s surveyStore) InTx(ctx context.Context, fn func(survey.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(surveyTx{tx}) })
}

func (s surveyStore) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, s.db.q, id)
}

func (s surveyStore) Questionnaires(ctx context.Context) ([]survey.Questionnaire, error) {
	rows, err := s.db.q.ListQuestionnaires(ctx)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]survey.Questionnaire, len(rows))
	for i, r := range rows {
		if out[i], err = questionnaireFromRow(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s surveyStore) Questionnaire(ctx context.Context, id int64) (survey.Questionnaire, error) {
	return questionnaire(ctx, s.db.q, id)
}

func questionnaire(ctx context.Context, q *query.Queries, id int64) (survey.Questionnaire, error) {
	r, err := q.GetQuestionnaire(ctx, id)
	if err != nil {
		return survey.Questionnaire{}, translate(err)
	}
	return questionnaireFromRow(r)
}

func questionnaireFromRow(r query.Questionnaire) (survey.Questionnaire, error) {
	q := survey.Questionnaire{ID: r.ID, BodyID: r.BodyID, Cycle: r.Cycle, FrameworkID: r.FrameworkID, FrameworkVersionID: r.FrameworkVersionID,
		Status: survey.Status(r.Status), Deadline: fromNullTime(r.Deadline), OpenedAt: fromNullTime(r.OpenedAt), RemindedAt: fromNullTime(r.RemindedAt),
		CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
	if err := json.Unmarshal([]byte(r.Titles), &q.Titles); err != nil {
		return survey.Questionnaire{}, plenary.Internal(err)
	}
	return q, nil
}

func (s surveyStore) Questions(ctx context.Context, questionnaireID int64) ([]survey.Question, error) {
	rows, err := s.db.q.ListSurveyQuestions(ctx, questionnaireID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]survey.Question, len(rows))
	for i, r := range rows {
		out[i] = survey.Question{ID: r.ID, QuestionnaireID: r.QuestionnaireID, Code: r.Code, Part: survey.Part(r.Part), Element: r.Element,
			Kind: survey.Kind(r.Kind), Purpose: survey.Purpose(r.Purpose), Position: int(r.Position)}
		if err := json.Unmarshal([]byte(r.Prompts), &out[i].Prompts); err != nil {
			return nil, plenary.Internal(err)
		}
		if err := json.Unmarshal([]byte(r.Options), &out[i].Options); err != nil {
			return nil, plenary.Internal(err)
		}
	}
	return out, nil
}

func (s surveyStore) Response(ctx context.Context, questionnaireID int64, state string) (survey.Response, error) {
	return surveyResponse(ctx, s.db.q, questionnaireID, state)
}

func surveyResponse(ctx context.Context, q *query.Queries, questionnaireID int64, state string) (survey.Response, error) {
	r, err := q.GetSurveyResponse(ctx, query.GetSurveyResponseParams{QuestionnaireID: questionnaireID, State: state})
	if err != nil {
		return survey.Response{}, translate(err)
	}
	return responseFromRow(r), nil
}

func (s surveyStore) ResponseByID(ctx context.Context, id int64) (survey.Response, error) {
	r, err := s.db.q.GetSurveyResponseByID(ctx, id)
	if err != nil {
		return survey.Response{}, translate(err)
	}
	return responseFromRow(r), nil
}

func responseFromRow(r query.SurveyResponse) survey.Response {
	return survey.Response{ID: r.ID, QuestionnaireID: r.QuestionnaireID, State: r.State, IncludePoCs: r.IncludePocs,
		PrefilledFrom: r.PrefilledFrom.Int64, CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
}

func (s surveyStore) DraftAnswers(ctx context.Context, responseID int64) ([]survey.StoredAnswer, error) {
	return draftAnswers(ctx, s.db.q, responseID)
}

func draftAnswers(ctx context.Context, q *query.Queries, responseID int64) ([]survey.StoredAnswer, error) {
	rows, err := q.ListDraftAnswers(ctx, responseID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]survey.StoredAnswer, len(rows))
	for i, r := range rows {
		out[i] = survey.StoredAnswer{Question: r.Question, Sealed: r.Sealed, Language: r.Language, Revision: int(r.Revision),
			UpdatedBy: r.UpdatedBy.Int64, UpdatedAt: utc(r.UpdatedAt)}
	}
	return out, nil
}

func (s surveyStore) Versions(ctx context.Context, responseID int64) ([]survey.StoredVersion, error) {
	return surveyVersions(ctx, s.db.q, responseID)
}

func surveyVersions(ctx context.Context, q *query.Queries, responseID int64) ([]survey.StoredVersion, error) {
	rows, err := q.ListSurveyVersions(ctx, responseID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]survey.StoredVersion, len(rows))
	for i, r := range rows {
		out[i] = versionFromRow(r)
	}
	return out, nil
}

func (s surveyStore) Version(ctx context.Context, id int64) (survey.StoredVersion, error) {
	r, err := s.db.q.GetSurveyVersion(ctx, id)
	if err != nil {
		return survey.StoredVersion{}, translate(err)
	}
	return versionFromRow(r), nil
}

func versionFromRow(r query.SurveyVersion) survey.StoredVersion {
	return survey.StoredVersion{Sealed: r.Sealed, Version: survey.Version{ID: r.ID, ResponseID: r.ResponseID, Number: int(r.Number),
		IncludePoCs: r.IncludePocs, SubmittedAt: utc(r.SubmittedAt), SubmittedBy: r.SubmittedBy.Int64, Level: survey.Level(r.Level),
		PublishedAt: fromNullTime(r.PublishedAt), DocumentID: r.DocumentID.Int64}}
}

func (s surveyStore) Comments(ctx context.Context, responseID int64) ([]survey.StoredComment, error) {
	rows, err := s.db.q.ListSurveyComments(ctx, responseID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]survey.StoredComment, len(rows))
	for i, r := range rows {
		out[i] = survey.StoredComment{Sealed: r.Sealed, Comment: survey.Comment{ID: r.ID, ResponseID: r.ResponseID, Question: r.Question,
			AuthorID: r.AuthorID.Int64, AuthorName: r.AuthorName, CreatedAt: utc(r.CreatedAt)}}
	}
	return out, nil
}

// Published keeps, for each questionnaire and State, the rows of its latest published
// version (the query orders versions newest first).
func (s surveyStore) Published(ctx context.Context, questionnaireID int64, state string, levels []survey.Level) ([]survey.PublishedAnswer, error) {
	statesOnly := int64(0)
	for _, l := range levels {
		if l == survey.StatesOnly {
			statesOnly = 1
		}
	}
	rows, err := s.db.q.ListPublishedAnswers(ctx, query.ListPublishedAnswersParams{QuestionnaireID: questionnaireID, State: state, Column3: statesOnly})
	if err != nil {
		return nil, translate(err)
	}
	latest := map[[2]any]int32{}
	var out []survey.PublishedAnswer
	for _, r := range rows {
		key := [2]any{r.QuestionnaireID, r.State}
		if v, ok := latest[key]; ok && v != r.VersionNumber {
			continue
		}
		latest[key] = r.VersionNumber
		a := survey.PublishedAnswer{QuestionnaireID: r.QuestionnaireID, State: r.State, VersionID: r.VersionID, VersionNumber: int(r.VersionNumber),
			Level: survey.Level(r.Level), Question: r.Question, Language: r.Language, SubmittedAt: utc(r.SubmittedAt)}
		if err := json.Unmarshal([]byte(r.Value), &a.Value); err != nil {
			return nil, plenary.Internal(err)
		}
		out = append(out, a)
	}
	return out, nil
}

func (s surveyStore) Submissions(ctx context.Context, questionnaireID int64) ([]survey.Submission, error) {
	rows, err := s.db.q.ListSurveySubmissions(ctx, questionnaireID)
	if err != nil {
		return nil, translate(err)
	}
	var out []survey.Submission
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].State != r.State {
			out = append(out, survey.Submission{State: r.State})
		}
		last := &out[len(out)-1]
		last.Versions++
		last.LastSubmitted, last.Level = utc(r.SubmittedAt), survey.Level(r.Level)
	}
	return out, nil
}

func (s surveyStore) EvidenceFile(ctx context.Context, id int64) (survey.EvidenceFile, error) {
	r, err := s.db.q.GetSurveyFile(ctx, id)
	if err != nil {
		return survey.EvidenceFile{}, translate(err)
	}
	return survey.EvidenceFile{ID: r.ID, ResponseID: r.ResponseID, Name: r.Name, Type: r.ContentType, Sealed: r.Sealed, CreatedAt: utc(r.CreatedAt)}, nil
}

func (s surveyStore) Threshold(ctx context.Context, bodyID int64) (int, bool, error) {
	n, err := s.db.q.GetSurveyThreshold(ctx, bodyID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, translate(err)
	}
	return int(n), true, nil
}

func (s surveyStore) Groups(ctx context.Context) (map[string]string, error) {
	return directoryStore(s).StateGroups(ctx)
}

func (t surveyTx) CreateQuestionnaire(ctx context.Context, q survey.Questionnaire) (survey.Questionnaire, error) {
	titles, err := json.Marshal(q.Titles)
	if err != nil {
		return survey.Questionnaire{}, plenary.Internal(err)
	}
	r, err := t.q.CreateQuestionnaire(ctx, query.CreateQuestionnaireParams{BodyID: q.BodyID, Cycle: q.Cycle, Titles: string(titles),
		FrameworkID: q.FrameworkID, FrameworkVersionID: q.FrameworkVersionID, Status: string(q.Status), Deadline: toNullTime(q.Deadline),
		CreatedAt: q.CreatedAt.UTC()})
	if err != nil {
		return survey.Questionnaire{}, translate(err)
	}
	return questionnaireFromRow(r)
}

func (t surveyTx) UpdateQuestionnaire(ctx context.Context, q survey.Questionnaire) error {
	titles, err := json.Marshal(q.Titles)
	if err != nil {
		return plenary.Internal(err)
	}
	return translate(t.q.UpdateQuestionnaire(ctx, query.UpdateQuestionnaireParams{ID: q.ID, Titles: string(titles), Status: string(q.Status),
		Deadline: toNullTime(q.Deadline), OpenedAt: toNullTime(q.OpenedAt), RemindedAt: toNullTime(q.RemindedAt), UpdatedAt: q.UpdatedAt.UTC()}))
}

func (t surveyTx) Questionnaire(ctx context.Context, id int64) (survey.Questionnaire, error) {
	return questionnaire(ctx, t.q, id)
}

func (t surveyTx) ReplaceQuestions(ctx context.Context, questionnaireID int64, qs []survey.Question) error {
	if err := t.q.DeleteSurveyQuestions(ctx, questionnaireID); err != nil {
		return translate(err)
	}
	for i, q := range qs {
		prompts, err := json.Marshal(q.Prompts)
		if err != nil {
			return plenary.Internal(err)
		}
		opts := q.Options
		if opts == nil {
			opts = []survey.Option{}
		}
		options, err := json.Marshal(opts)
		if err != nil {
			return plenary.Internal(err)
		}
		if err := t.q.CreateSurveyQuestion(ctx, query.CreateSurveyQuestionParams{QuestionnaireID: questionnaireID, Code: q.Code, Part: string(q.Part),
			Element: q.Element, Kind: string(q.Kind), Purpose: string(q.Purpose), Position: int32(i), Prompts: string(prompts), Options: string(options)}); err != nil {
			return translate(err)
		}
	}
	return nil
}

// responseLockBase puts each response's advisory lock in its own key space; the key is
// the questionnaire and a hash of the State (a response may not exist yet).
const responseLockBase = 7_361_600_000_000

func (t surveyTx) LockResponse(ctx context.Context, questionnaireID int64, state string) error {
	h := fnv.New32a()
	_, _ = h.Write([]byte(state))
	return t.advisoryLock(ctx, responseLockBase+questionnaireID*1_000_003+int64(h.Sum32()%1_000_003))
}

func (t surveyTx) Response(ctx context.Context, questionnaireID int64, state string) (survey.Response, error) {
	return surveyResponse(ctx, t.q, questionnaireID, state)
}

func (t surveyTx) CreateResponse(ctx context.Context, r survey.Response) (survey.Response, error) {
	row, err := t.q.CreateSurveyResponse(ctx, query.CreateSurveyResponseParams{QuestionnaireID: r.QuestionnaireID, State: r.State,
		IncludePocs: r.IncludePoCs, CreatedAt: r.CreatedAt.UTC()})
	if err != nil {
		return survey.Response{}, translate(err)
	}
	return responseFromRow(row), nil
}

func (t surveyTx) UpdateResponse(ctx context.Context, r survey.Response) error {
	return translate(t.q.UpdateSurveyResponse(ctx, query.UpdateSurveyResponseParams{ID: r.ID, IncludePocs: r.IncludePoCs,
		PrefilledFrom: toNullInt64(r.PrefilledFrom), UpdatedAt: r.UpdatedAt.UTC()}))
}

func (t surveyTx) DraftAnswers(ctx context.Context, responseID int64) ([]survey.StoredAnswer, error) {
	return draftAnswers(ctx, t.q, responseID)
}

func (t surveyTx) PutDraftAnswer(ctx context.Context, responseID int64, a survey.StoredAnswer) error {
	return translate(t.q.PutDraftAnswer(ctx, query.PutDraftAnswerParams{ResponseID: responseID, Question: a.Question, Sealed: a.Sealed,
		Language: a.Language, Revision: int32(a.Revision), UpdatedBy: toNullInt64(a.UpdatedBy), UpdatedAt: a.UpdatedAt.UTC()}))
}

func (t surveyTx) Versions(ctx context.Context, responseID int64) ([]survey.StoredVersion, error) {
	return surveyVersions(ctx, t.q, responseID)
}

func (t surveyTx) CreateVersion(ctx context.Context, v survey.StoredVersion) (survey.StoredVersion, error) {
	id, err := t.q.CreateSurveyVersion(ctx, query.CreateSurveyVersionParams{ResponseID: v.ResponseID, Number: int32(v.Number), Sealed: v.Sealed,
		IncludePocs: v.IncludePoCs, SubmittedAt: v.SubmittedAt.UTC(), SubmittedBy: toNullInt64(v.SubmittedBy), Level: string(v.Level)})
	if err != nil {
		return survey.StoredVersion{}, translate(err)
	}
	v.ID = id
	return v, nil
}

func (t surveyTx) SetVersionLevel(ctx context.Context, id int64, level survey.Level, at time.Time) error {
	published := time.Time{}
	if level != survey.Private {
		published = at
	}
	return translate(t.q.SetSurveyVersionLevel(ctx, query.SetSurveyVersionLevelParams{ID: id, Level: string(level), PublishedAt: toNullTime(published)}))
}

func (t surveyTx) SetVersionDocument(ctx context.Context, id, documentID int64) error {
	return translate(t.q.SetSurveyVersionDocument(ctx, query.SetSurveyVersionDocumentParams{ID: id, DocumentID: toNullInt64(documentID)}))
}

func (t surveyTx) PublishAnswers(ctx context.Context, versionID int64, rows []survey.PublishedAnswer) error {
	if err := t.q.DeletePublishedAnswers(ctx, versionID); err != nil {
		return translate(err)
	}
	for _, a := range rows {
		value, err := json.Marshal(a.Value)
		if err != nil {
			return plenary.Internal(err)
		}
		if err := t.q.CreatePublishedAnswer(ctx, query.CreatePublishedAnswerParams{VersionID: versionID, QuestionnaireID: a.QuestionnaireID,
			State: a.State, VersionNumber: int32(a.VersionNumber), Level: string(a.Level), Question: a.Question, Value: string(value),
			Language: a.Language, SubmittedAt: a.SubmittedAt.UTC()}); err != nil {
			return translate(err)
		}
	}
	return nil
}

func (t surveyTx) CreateComment(ctx context.Context, c survey.StoredComment) (survey.StoredComment, error) {
	id, err := t.q.CreateSurveyComment(ctx, query.CreateSurveyCommentParams{ResponseID: c.ResponseID, Question: c.Question, Sealed: c.Sealed,
		AuthorID: toNullInt64(c.AuthorID), CreatedAt: c.CreatedAt.UTC()})
	if err != nil {
		return survey.StoredComment{}, translate(err)
	}
	c.ID = id
	return c, nil
}

// SaveEvidence records a file: first without its content (its ID is part of what the
// content is sealed with), then, called again with its ID, with the sealed content.
func (t surveyTx) SaveEvidence(ctx context.Context, f survey.EvidenceFile) (survey.EvidenceFile, error) {
	if f.ID != 0 {
		return f, translate(t.q.SealSurveyFile(ctx, query.SealSurveyFileParams{ID: f.ID, Sealed: f.Sealed}))
	}
	id, err := t.q.CreateSurveyFile(ctx, query.CreateSurveyFileParams{ResponseID: f.ResponseID, Name: f.Name, ContentType: f.Type, Sealed: f.Sealed,
		CreatedAt: f.CreatedAt.UTC()})
	if err != nil {
		return survey.EvidenceFile{}, translate(err)
	}
	f.ID = id
	return f, nil
}

func (t surveyTx) SetThreshold(ctx context.Context, bodyID int64, n int) error {
	return translate(t.q.PutSurveyThreshold(ctx, query.PutSurveyThresholdParams{BodyID: bodyID, Threshold: int32(n)}))
}

func (t surveyTx) Team(ctx context.Context, state string, roles []plenary.Role) ([]survey.Member, error) {
	var out []survey.Member
	for _, role := range roles {
		rows, err := t.q.ListRoleHolders(ctx, string(role))
		if err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			if r.State.String == "" || (state != "" && r.State.String != state) {
				continue
			}
			out = append(out, survey.Member{UserID: r.ID, Name: r.Name, Email: r.Email, Lang: r.Lang,
				Grant: plenary.Grant{Role: role, State: r.State.String}})
		}
	}
	return out, nil
}
