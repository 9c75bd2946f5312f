package survey

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/files"
)

// The purposes of what the survey seals, each bound to the State and the response (or
// questionnaire) it belongs to: a sealed value copied onto another row does not open.
const (
	sealAnswer  = "survey/answer"
	sealVersion = "survey/version"
	sealComment = "survey/comment"
	sealFile    = "survey/file"
)

func answerAD(r Response, question string) []byte {
	return []byte(r.State + "/" + strconv.FormatInt(r.QuestionnaireID, 10) + "/" + question)
}

func versionAD(r Response, number int) []byte {
	return []byte(r.State + "/" + strconv.FormatInt(r.QuestionnaireID, 10) + "/v" + strconv.Itoa(number))
}

func commentAD(r Response) []byte {
	return []byte(r.State + "/" + strconv.FormatInt(r.QuestionnaireID, 10) + "/comments")
}

func fileAD(r Response, id int64) []byte {
	return []byte(r.State + "/" + strconv.FormatInt(r.QuestionnaireID, 10) + "/file/" + strconv.FormatInt(id, 10))
}

// mayDraft: the State's editors and submitter change its draft; mayRead: its whole team
// reads it (reviewers comment).
func mayDraft(actor plenary.Actor, state string) bool {
	return actor.CanWrite() && actor.OnTeam(state, plenary.RoleTeamEditor, plenary.RoleTeamSubmitter)
}

func mayReadDraft(actor plenary.Actor, state string) bool { return actor.OnTeam(state) }

func maySubmit(actor plenary.Actor, state string) bool {
	return actor.CanWrite() && actor.OnTeam(state, plenary.RoleTeamSubmitter)
}

// Workspace is a State's response as its team sees it: the draft answers and every
// version submitted, opened.
type Workspace struct {
	Questionnaire Questionnaire
	Response      Response // zero ID: not started
	Answers       map[string]Answer
	Versions      []Version
	// MayEdit, MaySubmit, MayComment: what the reader may do with it (a reviewer
	// comments and does not edit).
	MayEdit, MaySubmit, MayComment bool
}

// Workspace returns a State's response to a questionnaire for its team. A response not
// yet started reads as empty; the first save starts it.
func (s *Service) Workspace(ctx context.Context, actor plenary.Actor, questionnaireID int64, state string) (Workspace, error) {
	if !mayReadDraft(actor, state) {
		return Workspace{}, plenary.Hidden(actor)
	}
	q, err := s.store.Questionnaire(ctx, questionnaireID)
	if err != nil {
		return Workspace{}, err
	}
	if q.Status == Draft {
		return Workspace{}, plenary.Hidden(actor)
	}
	d := Workspace{Questionnaire: q, Answers: map[string]Answer{}, MayEdit: q.Status == Open && mayDraft(actor, state),
		MaySubmit: q.Status == Open && maySubmit(actor, state), MayComment: q.Status == Open && actor.CanWrite()}
	r, err := s.store.Response(ctx, questionnaireID, state)
	if plenary.ErrorKind(err) == plenary.KindNotFound {
		// Not started: it reads as what its first save starts from, the State's last
		// submission to the previous cycle (each answer at revision 0, not yet saved).
		d.Response = Response{QuestionnaireID: questionnaireID, State: state}
		st, err := s.prefill(ctx, q, state)
		if err != nil {
			return Workspace{}, err
		}
		for _, a := range st.carried {
			a.Revision = 0
			d.Answers[a.Question] = a
		}
		d.Response.PrefilledFrom, d.Response.IncludePoCs = st.prev.Version.ID, st.prev.Version.IncludePoCs
		return d, nil
	}
	if err != nil {
		return Workspace{}, err
	}
	d.Response = r
	stored, err := s.store.DraftAnswers(ctx, r.ID)
	if err != nil {
		return Workspace{}, err
	}
	for _, sa := range stored {
		a, err := s.openAnswer(r, sa)
		if err != nil {
			return Workspace{}, err
		}
		d.Answers[a.Question] = a
	}
	vs, err := s.store.Versions(ctx, r.ID)
	if err != nil {
		return Workspace{}, err
	}
	for _, sv := range vs {
		v, err := s.openVersion(r, sv)
		if err != nil {
			return Workspace{}, err
		}
		d.Versions = append(d.Versions, v)
	}
	return d, nil
}

func (s *Service) openAnswer(r Response, sa StoredAnswer) (Answer, error) {
	b, err := s.seal.Open(sealAnswer, sa.Sealed, answerAD(r, sa.Question))
	if err != nil {
		return Answer{}, plenary.Internal(fmt.Errorf("survey: open answer %s of %s: %w", sa.Question, r.State, err))
	}
	var v Value
	if err := json.Unmarshal(b, &v); err != nil {
		return Answer{}, plenary.Internal(err)
	}
	return Answer{Question: sa.Question, Value: v, Language: sa.Language, Revision: sa.Revision, UpdatedBy: sa.UpdatedBy, UpdatedAt: sa.UpdatedAt}, nil
}

func (s *Service) openVersion(r Response, sv StoredVersion) (Version, error) {
	b, err := s.seal.Open(sealVersion, sv.Sealed, versionAD(r, sv.Number))
	if err != nil {
		return Version{}, plenary.Internal(fmt.Errorf("survey: open version %d of %s: %w", sv.Number, r.State, err))
	}
	v := sv.Version
	if err := json.Unmarshal(b, &v.Answers); err != nil {
		return Version{}, plenary.Internal(err)
	}
	return v, nil
}

// AnswerInput is one answer as a team member saves it.
type AnswerInput struct {
	Question string
	Value    Value
	Language string
	// Revision is the revision of the answer the editor started from (0 for none): a save
	// over a newer one is refused for that question, with both versions.
	Revision int
	// File is evidence uploaded with the answer (an evidence question), replacing the
	// value's file.
	File *files.Upload
}

// Conflict is a question on which another editor saved since the editor began: neither
// version is lost, the editor chooses.
type Conflict struct {
	Question string
	Mine     AnswerInput
	Theirs   Answer
}

// SaveResult says which answers were saved and which met a newer version.
type SaveResult struct {
	Response  Response
	Saved     []Answer
	Conflicts []Conflict
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkAnswer checks one answer against its question; problems are named after the
// answer's field ("answers.CODE.choice"…).
func checkAnswer(q Question, in *AnswerInput, p *plenary.Problems) {
	f := "answers." + q.Code + "."
	v := &in.Value
	v.Text = strings.TrimSpace(v.Text)
	if in.Language == "" || !plenary.ValidLanguage(in.Language) {
		p.Add(f+"language", "field.choice", nil)
	}
	if utf8.RuneCountInString(v.Text) > MaxText {
		p.MaxLength(f+"text", v.Text, MaxText)
	}
	if !utf8.ValidString(v.Text) || strings.ContainsRune(v.Text, 0) {
		p.Add(f+"text", "survey.text_invalid", nil)
	}
	switch q.Kind {
	case KindStatus:
		if v.Choice != "" && !slices.Contains(Statuses, v.Choice) {
			p.Add(f+"choice", "field.choice", nil)
		}
	case KindChoices:
		for _, c := range v.Choices {
			if !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == c }) {
				p.Add(f+"choices", "field.choice", nil)
			}
		}
		slices.Sort(v.Choices)
		v.Choices = slices.Compact(v.Choices)
	case KindDate:
		if v.Date != "" {
			if _, err := time.Parse("2006-01-02", v.Date); err != nil || !dateRE.MatchString(v.Date) {
				p.Add(f+"date", "field.date", nil)
			}
		}
	case KindEvidence:
		if v.Link != "" {
			if u, err := url.Parse(v.Link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(v.Link) > MaxLink {
				p.Add(f+"link", "field.url", nil)
			}
		}
		if v.FileID == 0 {
			v.FileName = ""
		}
	}
	// What belongs to another kind is dropped: a status question keeps no number.
	if q.Kind != KindStatus {
		v.Choice = ""
	}
	if q.Kind != KindChoices {
		v.Choices = nil
	}
	if q.Kind != KindNumber {
		v.Number = nil
	}
	if q.Kind != KindDate {
		v.Date = ""
	}
	if q.Kind != KindEvidence {
		v.Link, v.FileID, v.FileName = "", 0, ""
	}
}

// Save saves answers of a State's draft: each is durable once Save returns. An answer
// saved meanwhile by another editor is not overwritten: it comes back as a conflict, with
// both versions; the others are saved. The first save starts the response, from the
// State's last submission to the same body's previous questionnaire where it has one.
func (s *Service) Save(ctx context.Context, actor plenary.Actor, questionnaireID int64, state string, in []AnswerInput) (SaveResult, error) {
	if !mayDraft(actor, state) {
		if mayReadDraft(actor, state) {
			return SaveResult{}, plenary.Deny(actor)
		}
		return SaveResult{}, plenary.Hidden(actor)
	}
	q, err := s.store.Questionnaire(ctx, questionnaireID)
	if err != nil {
		return SaveResult{}, err
	}
	if q.Status != Open {
		return SaveResult{}, plenary.Conflict("survey.not_open", nil)
	}
	questions, err := s.store.Questions(ctx, questionnaireID)
	if err != nil {
		return SaveResult{}, err
	}
	var p plenary.Problems
	uploads := map[string]files.File{} // evidence files checked, by question
	for i := range in {
		at := slices.IndexFunc(questions, func(x Question) bool { return x.Code == in[i].Question })
		if at < 0 {
			p.Add("answers."+in[i].Question, "survey.no_such_question", nil)
			continue
		}
		checkAnswer(questions[at], &in[i], &p)
		if up := in[i].File; up != nil && len(up.Data) > 0 {
			field := "answers." + in[i].Question + ".file"
			if questions[at].Kind != KindEvidence {
				p.Add(field, "survey.file_not_evidence", nil)
			} else if f, ok := files.CheckAny(&p, field, *up, MaxFile, files.PDF, files.DOCX); ok {
				uploads[in[i].Question] = f
			}
		}
	}
	if err := p.Err(); err != nil {
		return SaveResult{}, err
	}
	st, err := s.startOf(ctx, q, state)
	if err != nil {
		return SaveResult{}, err
	}
	now := s.now()
	var res SaveResult
	err = s.store.InTx(ctx, func(tx Tx) error {
		r, started, err := s.response(ctx, tx, actor, q, state, now, st)
		if err != nil {
			return err
		}
		res.Response = r
		stored, err := tx.DraftAnswers(ctx, r.ID)
		if err != nil {
			return err
		}
		byCode := map[string]StoredAnswer{}
		for _, sa := range stored {
			byCode[sa.Question] = sa
		}
		for _, a := range in {
			cur, exists := byCode[a.Question]
			// On the save that starts the response, an answer carried from the last cycle
			// is what the editor was shown (at revision 0): theirs replaces it.
			if started && exists && a.Revision == 0 {
				a.Revision = cur.Revision
			}
			if exists && cur.Revision != a.Revision {
				theirs, err := s.openAnswer(r, cur)
				if err != nil {
					return err
				}
				if !theirs.Value.Equal(a.Value) || theirs.Language != a.Language || a.File != nil {
					res.Conflicts = append(res.Conflicts, Conflict{Question: a.Question, Mine: a, Theirs: theirs})
					continue
				}
				a.Revision = cur.Revision // the same as saved meanwhile: nothing to choose
			}
			if _, up := uploads[a.Question]; !up && a.Value.FileID != 0 {
				// A value keeps the file its draft answer holds, under the name it came
				// with: a file's number alone proves nothing; a new file is uploaded.
				var held Value
				if exists {
					old, err := s.openAnswer(r, cur)
					if err != nil {
						return err
					}
					held = old.Value
				}
				if held.FileID != a.Value.FileID {
					return plenary.Invalid("answers."+a.Question+".file", "field.choice", nil)
				}
				a.Value.FileName = held.FileName
			}
			if f, ok := uploads[a.Question]; ok {
				ev, err := tx.SaveEvidence(ctx, EvidenceFile{ResponseID: r.ID, Name: f.Name, Type: f.ContentType, CreatedAt: now})
				if err != nil {
					return err
				}
				ev.Sealed = s.seal.Seal(sealFile, f.Data, fileAD(r, ev.ID))
				if _, err := tx.SaveEvidence(ctx, ev); err != nil {
					return err
				}
				a.Value.FileID, a.Value.FileName = ev.ID, f.Name
			}
			if exists && a.Revision == cur.Revision {
				if old, err := s.openAnswer(r, cur); err == nil && old.Value.Equal(a.Value) && old.Language == a.Language {
					continue // unchanged: no new revision
				}
			}
			b, err := json.Marshal(a.Value)
			if err != nil {
				return plenary.Internal(err)
			}
			sa := StoredAnswer{Question: a.Question, Sealed: s.seal.Seal(sealAnswer, b, answerAD(r, a.Question)), Language: a.Language,
				Revision: cur.Revision + 1, UpdatedBy: actor.UserID, UpdatedAt: now}
			if err := tx.PutDraftAnswer(ctx, r.ID, sa); err != nil {
				return err
			}
			res.Saved = append(res.Saved, Answer{Question: a.Question, Value: a.Value, Language: a.Language, Revision: sa.Revision,
				UpdatedBy: actor.UserID, UpdatedAt: now})
		}
		if len(res.Saved) == 0 && !started {
			return nil
		}
		r.UpdatedAt = now
		if err := tx.UpdateResponse(ctx, r); err != nil {
			return err
		}
		codes := make([]string, len(res.Saved))
		for i, a := range res.Saved {
			codes[i] = a.Question
		}
		// The audit trail says which questions changed, never what they say.
		return tx.Audit(ctx, audit.New(actor, now, "survey.answers_saved", "survey_response", r.ID,
			map[string]string{"state": r.State, "questions": strings.Join(codes, " "), "conflicts": strconv.Itoa(len(res.Conflicts))}))
	})
	return res, err
}

// start is what a response not yet started starts from: the State's latest version
// submitted to the body's previous questionnaires, and the answers of it this
// questionnaire asks (evidence files stay with their cycle). It is read before the
// transaction that may start the response: on PostgreSQL a read outside a transaction
// takes a second pooled connection while the transaction holds one, and enough saves at
// once would hold every connection and wait for another.
type start struct {
	prev    earlier
	carried []Answer
}

// startOf reads what the State's response would start from, if it has not started.
func (s *Service) startOf(ctx context.Context, q Questionnaire, state string) (start, error) {
	_, err := s.store.Response(ctx, q.ID, state)
	if err == nil || plenary.ErrorKind(err) != plenary.KindNotFound {
		return start{}, err
	}
	return s.prefill(ctx, q, state)
}

// prefill reads what a State's response to q starts from (see start).
func (s *Service) prefill(ctx context.Context, q Questionnaire, state string) (start, error) {
	prev, err := s.previous(ctx, q, state)
	if err != nil || prev.Version.ID == 0 {
		return start{prev: prev}, err
	}
	questions, err := s.store.Questions(ctx, q.ID)
	if err != nil {
		return start{}, err
	}
	st := start{prev: prev}
	for _, a := range prev.Version.Answers {
		if slices.ContainsFunc(questions, func(x Question) bool { return x.Code == a.Question }) && a.Value.FileID == 0 {
			st.carried = append(st.carried, a)
		}
	}
	return st, nil
}

// response finds the State's response under its lock, starting it from st (pre-filled
// from its last submission to the body's previous questionnaire) if there is none.
func (s *Service) response(ctx context.Context, tx Tx, actor plenary.Actor, q Questionnaire, state string, now time.Time, st start) (Response, bool, error) {
	if err := tx.LockResponse(ctx, q.ID, state); err != nil {
		return Response{}, false, err
	}
	r, err := tx.Response(ctx, q.ID, state)
	if err == nil {
		return r, false, nil
	}
	if plenary.ErrorKind(err) != plenary.KindNotFound {
		return Response{}, false, err
	}
	r, err = tx.CreateResponse(ctx, Response{QuestionnaireID: q.ID, State: state, CreatedAt: now, UpdatedAt: now})
	if err != nil {
		return Response{}, false, err
	}
	prev := st.prev
	if prev.Version.ID != 0 {
		for _, a := range st.carried {
			b, err := json.Marshal(a.Value)
			if err != nil {
				return Response{}, false, plenary.Internal(err)
			}
			if err := tx.PutDraftAnswer(ctx, r.ID, StoredAnswer{Question: a.Question, Sealed: s.seal.Seal(sealAnswer, b, answerAD(r, a.Question)),
				Language: a.Language, Revision: 1, UpdatedBy: actor.UserID, UpdatedAt: now}); err != nil {
				return Response{}, false, err
			}
		}
		r.PrefilledFrom, r.IncludePoCs = prev.Version.ID, prev.Version.IncludePoCs
		if err := tx.UpdateResponse(ctx, r); err != nil {
			return Response{}, false, err
		}
	}
	return r, true, tx.Audit(ctx, audit.New(actor, now, "survey.response_started", "survey_response", r.ID,
		map[string]string{"state": state, "questionnaire": strconv.FormatInt(q.ID, 10), "prefilled_from": strconv.FormatInt(prev.Version.ID, 10)}))
}

// earlier is a State's latest submitted version to an earlier questionnaire of a body.
type earlier struct {
	Response Response
	Version  Version
}

// previous finds the State's latest version submitted to the body's questionnaires made
// before q, opened.
func (s *Service) previous(ctx context.Context, q Questionnaire, state string) (earlier, error) {
	all, err := s.store.Questionnaires(ctx)
	if err != nil {
		return earlier{}, err
	}
	all = slices.DeleteFunc(all, func(x Questionnaire) bool { return x.BodyID != q.BodyID || x.ID >= q.ID })
	slices.SortFunc(all, func(a, b Questionnaire) int { return cmp.Compare(b.ID, a.ID) }) // newest first
	for _, x := range all {
		r, err := s.store.Response(ctx, x.ID, state)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			continue
		}
		if err != nil {
			return earlier{}, err
		}
		vs, err := s.store.Versions(ctx, r.ID)
		if err != nil {
			return earlier{}, err
		}
		if len(vs) == 0 {
			continue
		}
		v, err := s.openVersion(r, vs[0]) // Versions come newest first
		return earlier{Response: r, Version: v}, err
	}
	return earlier{}, nil
}

// SetIncludePoCs records whether the State's Points of Contact go with its answers.
func (s *Service) SetIncludePoCs(ctx context.Context, actor plenary.Actor, questionnaireID int64, state string, include bool) error {
	if !maySubmit(actor, state) {
		return s.refusal(actor, state)
	}
	q, err := s.store.Questionnaire(ctx, questionnaireID)
	if err != nil {
		return err
	}
	if q.Status != Open {
		return plenary.Conflict("survey.not_open", nil)
	}
	st, err := s.startOf(ctx, q, state)
	if err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		r, _, err := s.response(ctx, tx, actor, q, state, now, st)
		if err != nil {
			return err
		}
		r.IncludePoCs, r.UpdatedAt = include, now
		if err := tx.UpdateResponse(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.include_pocs_set", "survey_response", r.ID,
			map[string]string{"state": state, "include": strconv.FormatBool(include)}))
	})
}

func (s *Service) refusal(actor plenary.Actor, state string) error {
	if mayReadDraft(actor, state) {
		return plenary.Deny(actor)
	}
	return plenary.Hidden(actor)
}

// Submit submits the State's draft as a new version, private until its submitter
// publishes it. The draft stays, for the next version.
func (s *Service) Submit(ctx context.Context, actor plenary.Actor, questionnaireID int64, state string) (Version, error) {
	if !maySubmit(actor, state) {
		return Version{}, s.refusal(actor, state)
	}
	q, err := s.store.Questionnaire(ctx, questionnaireID)
	if err != nil {
		return Version{}, err
	}
	if q.Status != Open {
		return Version{}, plenary.Conflict("survey.not_open", nil)
	}
	now := s.now()
	var out Version
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockResponse(ctx, q.ID, state); err != nil {
			return err
		}
		r, err := tx.Response(ctx, q.ID, state)
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return plenary.Conflict("survey.nothing_to_submit", nil)
		}
		if err != nil {
			return err
		}
		stored, err := tx.DraftAnswers(ctx, r.ID)
		if err != nil {
			return err
		}
		var answers []Answer
		for _, sa := range stored {
			a, err := s.openAnswer(r, sa)
			if err != nil {
				return err
			}
			if !a.Value.Empty() {
				answers = append(answers, a)
			}
		}
		if len(answers) == 0 {
			return plenary.Conflict("survey.nothing_to_submit", nil)
		}
		vs, err := tx.Versions(ctx, r.ID)
		if err != nil {
			return err
		}
		v := Version{ResponseID: r.ID, Number: len(vs) + 1, Answers: answers, IncludePoCs: r.IncludePoCs, SubmittedAt: now,
			SubmittedBy: actor.UserID, Level: Private}
		b, err := json.Marshal(answers)
		if err != nil {
			return plenary.Internal(err)
		}
		sv, err := tx.CreateVersion(ctx, StoredVersion{Version: v, Sealed: s.seal.Seal(sealVersion, b, versionAD(r, v.Number))})
		if err != nil {
			return err
		}
		out = v
		out.ID = sv.ID
		if err := s.tellSubmitted(ctx, tx, r, out); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.submitted", "survey_response", r.ID,
			map[string]string{"state": state, "version": strconv.Itoa(v.Number), "answers": strconv.Itoa(len(answers))}))
	})
	return out, err
}

// SetLevel publishes a submitted version at a level, or takes it back to private (the
// State withdraws its publication). Its answers are written in clear for comparisons only
// while it is published, and removed when it is not.
func (s *Service) SetLevel(ctx context.Context, actor plenary.Actor, versionID int64, level Level) (Version, error) {
	if !slices.Contains(Levels, level) {
		return Version{}, plenary.Invalid("level", "field.choice", nil)
	}
	sv, err := s.store.Version(ctx, versionID)
	if err != nil {
		return Version{}, err
	}
	r, err := s.store.ResponseByID(ctx, sv.ResponseID)
	if err != nil {
		return Version{}, err
	}
	if !maySubmit(actor, r.State) {
		return Version{}, s.refusal(actor, r.State)
	}
	v, err := s.openVersion(r, sv)
	if err != nil {
		return Version{}, err
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockResponse(ctx, r.QuestionnaireID, r.State); err != nil {
			return err
		}
		if err := tx.SetVersionLevel(ctx, v.ID, level, now); err != nil {
			return err
		}
		var rows []PublishedAnswer
		if level != Private {
			for _, a := range v.Answers {
				rows = append(rows, PublishedAnswer{QuestionnaireID: r.QuestionnaireID, State: r.State, VersionID: v.ID, VersionNumber: v.Number,
					Level: level, Question: a.Question, Value: a.Value, Language: a.Language, SubmittedAt: v.SubmittedAt})
			}
		}
		if err := tx.PublishAnswers(ctx, v.ID, rows); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.level_set", "survey_version", v.ID,
			map[string]string{"state": r.State, "version": strconv.Itoa(v.Number), "level": string(level), "was": string(v.Level)}))
	})
	v.Level = level
	if level != Private {
		v.PublishedAt = now
	}
	return v, err
}

// Comment adds a team member's comment to the State's draft, on one question or on the
// whole; the rest of the team is told (not what it says).
func (s *Service) Comment(ctx context.Context, actor plenary.Actor, questionnaireID int64, state, question, body string) (Comment, error) {
	if !actor.CanWrite() || !mayReadDraft(actor, state) {
		return Comment{}, s.refusal(actor, state)
	}
	body = strings.TrimSpace(body)
	var p plenary.Problems
	if p.Required("comment", body) {
		p.MaxLength("comment", body, MaxComment)
	}
	q, err := s.store.Questionnaire(ctx, questionnaireID)
	if err != nil {
		return Comment{}, err
	}
	if q.Status != Open {
		return Comment{}, plenary.Conflict("survey.not_open", nil)
	}
	if question != "" {
		qs, err := s.store.Questions(ctx, questionnaireID)
		if err != nil {
			return Comment{}, err
		}
		if !slices.ContainsFunc(qs, func(x Question) bool { return x.Code == question }) {
			p.Add("question", "survey.no_such_question", nil)
		}
	}
	if err := p.Err(); err != nil {
		return Comment{}, err
	}
	st, err := s.startOf(ctx, q, state)
	if err != nil {
		return Comment{}, err
	}
	now := s.now()
	var out Comment
	err = s.store.InTx(ctx, func(tx Tx) error {
		r, _, err := s.response(ctx, tx, actor, q, state, now, st)
		if err != nil {
			return err
		}
		c := Comment{ResponseID: r.ID, Question: question, Body: body, AuthorID: actor.UserID, AuthorName: actor.Name, CreatedAt: now}
		sc, err := tx.CreateComment(ctx, StoredComment{Comment: c, Sealed: s.seal.Seal(sealComment, []byte(body), commentAD(r))})
		if err != nil {
			return err
		}
		out = c
		out.ID = sc.ID
		if err := s.tellComment(ctx, tx, actor, r, q, question); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.commented", "survey_response", r.ID,
			map[string]string{"state": state, "question": question}))
	})
	return out, err
}

// Comments returns the comments on the State's draft, oldest first, for its team.
func (s *Service) Comments(ctx context.Context, actor plenary.Actor, questionnaireID int64, state string) ([]Comment, error) {
	if !mayReadDraft(actor, state) {
		return nil, plenary.Hidden(actor)
	}
	r, err := s.store.Response(ctx, questionnaireID, state)
	if plenary.ErrorKind(err) == plenary.KindNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	stored, err := s.store.Comments(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Comment, len(stored))
	for i, sc := range stored {
		b, err := s.seal.Open(sealComment, sc.Sealed, commentAD(r))
		if err != nil {
			return nil, plenary.Internal(err)
		}
		out[i] = sc.Comment
		out[i].Body = string(b)
	}
	return out, nil
}
