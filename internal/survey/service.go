package survey

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/directory"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/mail"
)

// StoredAnswer is a draft answer as stored: its value sealed.
type StoredAnswer struct {
	Question  string
	Sealed    string
	Language  string
	Revision  int
	UpdatedBy int64
	UpdatedAt time.Time
}

// StoredVersion is a submitted version as stored: its answers sealed together.
type StoredVersion struct {
	Version
	Sealed string
}

// StoredComment is a comment as stored: its body sealed.
type StoredComment struct {
	Comment
	Sealed string
}

// PublishedAnswer is an answer of a published version, in clear: what comparisons and
// aggregates read. A version's rows exist only while it is published.
type PublishedAnswer struct {
	QuestionnaireID int64
	State           string
	VersionID       int64
	VersionNumber   int
	Level           Level
	Question        string
	Value           Value
	Language        string
	SubmittedAt     time.Time
}

// Submission is what the Secretariat knows of a State's response whatever its level: that
// it answered, when, and how far its latest version is published.
type Submission struct {
	State         string
	Versions      int
	LastSubmitted time.Time
	Level         Level // of the latest version
}

// Member is a person of a State's team (or its nominator), to write to.
type Member struct {
	UserID      int64
	Name, Email string
	Lang        string
	Grant       plenary.Grant
}

// State is the State the member acts for.
func (m Member) State() string { return m.Grant.State }

// EvidenceFile is a file a team attached as evidence, stored sealed.
type EvidenceFile struct {
	ID         int64
	ResponseID int64
	Name       string
	Type       string
	Sealed     string
	CreatedAt  time.Time
}

// Store is what the survey reads.
type Store interface {
	Body(ctx context.Context, id int64) (body.Body, error)
	Questionnaires(ctx context.Context) ([]Questionnaire, error)
	Questionnaire(ctx context.Context, id int64) (Questionnaire, error)
	Questions(ctx context.Context, questionnaireID int64) ([]Question, error)
	Response(ctx context.Context, questionnaireID int64, state string) (Response, error)
	ResponseByID(ctx context.Context, id int64) (Response, error)
	DraftAnswers(ctx context.Context, responseID int64) ([]StoredAnswer, error)
	Versions(ctx context.Context, responseID int64) ([]StoredVersion, error)
	Version(ctx context.Context, id int64) (StoredVersion, error)
	Comments(ctx context.Context, responseID int64) ([]StoredComment, error)
	// Published returns, per State, the answers of its latest version published at one of
	// levels, for a questionnaire (0: every questionnaire) and a State ("": every State).
	Published(ctx context.Context, questionnaireID int64, state string, levels []Level) ([]PublishedAnswer, error)
	Submissions(ctx context.Context, questionnaireID int64) ([]Submission, error)
	EvidenceFile(ctx context.Context, id int64) (EvidenceFile, error)
	// Threshold reads a body's aggregate threshold, if it set one.
	Threshold(ctx context.Context, bodyID int64) (int, bool, error)
	// Groups are the States' regional groups (state.Group), by ISO code.
	Groups(ctx context.Context) (map[string]string, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what the survey changes in one transaction.
type Tx interface {
	CreateQuestionnaire(ctx context.Context, q Questionnaire) (Questionnaire, error)
	UpdateQuestionnaire(ctx context.Context, q Questionnaire) error
	Questionnaire(ctx context.Context, id int64) (Questionnaire, error)
	ReplaceQuestions(ctx context.Context, questionnaireID int64, qs []Question) error
	// LockResponse serialises the changes of one State's response to a questionnaire.
	LockResponse(ctx context.Context, questionnaireID int64, state string) error
	Response(ctx context.Context, questionnaireID int64, state string) (Response, error)
	CreateResponse(ctx context.Context, r Response) (Response, error)
	UpdateResponse(ctx context.Context, r Response) error
	DraftAnswers(ctx context.Context, responseID int64) ([]StoredAnswer, error)
	PutDraftAnswer(ctx context.Context, responseID int64, a StoredAnswer) error
	Versions(ctx context.Context, responseID int64) ([]StoredVersion, error)
	CreateVersion(ctx context.Context, v StoredVersion) (StoredVersion, error)
	SetVersionLevel(ctx context.Context, id int64, level Level, at time.Time) error
	SetVersionDocument(ctx context.Context, id, documentID int64) error
	// PublishAnswers replaces the clear rows of a version (none when rows is empty).
	PublishAnswers(ctx context.Context, versionID int64, rows []PublishedAnswer) error
	CreateComment(ctx context.Context, c StoredComment) (StoredComment, error)
	SaveEvidence(ctx context.Context, f EvidenceFile) (EvidenceFile, error)
	SetThreshold(ctx context.Context, bodyID int64, n int) error
	// Team is the people holding one of roles for the State.
	Team(ctx context.Context, state string, roles []plenary.Role) ([]Member, error)
	Enqueue(ctx context.Context, job plenary.Job) error
	Audit(ctx context.Context, e audit.Event) error
}

// Frameworks reads the frameworks questionnaires are built on.
type Frameworks interface {
	Version(ctx context.Context, actor plenary.Actor, id int64) (framework.Version, []framework.Element, error)
}

// Registry registers documents: a submitted version is issued as one.
type Registry interface {
	Register(ctx context.Context, actor plenary.Actor, in document.Input) (document.Document, error)
	SetText(ctx context.Context, actor plenary.Actor, id int64, in document.TextInput) (document.Document, error)
	Publish(ctx context.Context, actor plenary.Actor, id int64, at time.Time) (document.Document, error)
}

// Contacts gives a State's verified Points of Contact (the directory's Reachable), for the
// national submission of a State that chose to include them.
type Contacts interface {
	Reachable(ctx context.Context, states []string) ([]directory.Reachable, error)
}

// Sealer seals and opens what is not published (the server key).
type Sealer interface {
	Seal(purpose string, plaintext, additional []byte) string
	Open(purpose, sealed string, additional []byte) ([]byte, error)
}

// DefaultThreshold is how many States must have contributed to an aggregate before it is
// shown, unless the body sets another: as for the Points of Contact figures, a count of
// two or three would point at the States behind it.
const DefaultThreshold = 5

// Service runs the survey.
type Service struct {
	store      Store
	clock      plenary.Clock
	frameworks Frameworks
	registry   Registry
	contacts   Contacts
	seal       Sealer
	baseURL    string
	mail       bool
}

// NewService builds the service. registry receives the versions States issue as
// documents, with the State's Points of Contact from contacts when it chose so; templates receives its e-mails (nil: it sends none), whose links start at
// baseURL.
func NewService(s Store, c plenary.Clock, frameworks Frameworks, registry Registry, contacts Contacts, seal Sealer, templates *mail.Templates, baseURL string) *Service {
	if templates != nil && !slices.Contains(templates.Names(), "survey_opened") {
		templates.Register(MailTemplates)
	}
	return &Service{store: s, clock: c, frameworks: frameworks, registry: registry, contacts: contacts, seal: seal, baseURL: strings.TrimRight(baseURL, "/"),
		mail: templates != nil}
}

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// MayManage tells whether actor prepares and opens questionnaires: the Secretariat.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// Questionnaires lists the questionnaires: the open and closed ones for everyone, the
// drafts for the Secretariat.
func (s *Service) Questionnaires(ctx context.Context, actor plenary.Actor) ([]Questionnaire, error) {
	qs, err := s.store.Questionnaires(ctx)
	if err != nil {
		return nil, err
	}
	if actor.IsSecretariat() {
		return qs, nil
	}
	return slices.DeleteFunc(qs, func(q Questionnaire) bool { return q.Status == Draft }), nil
}

// Get returns a questionnaire with its questions and the elements of its framework
// version; a draft is the Secretariat's.
func (s *Service) Get(ctx context.Context, actor plenary.Actor, id int64) (Questionnaire, []Question, []framework.Element, error) {
	q, err := s.store.Questionnaire(ctx, id)
	if err != nil {
		return Questionnaire{}, nil, nil, err
	}
	if q.Status == Draft && !actor.IsSecretariat() {
		return Questionnaire{}, nil, nil, plenary.Hidden(actor)
	}
	qs, err := s.store.Questions(ctx, id)
	if err != nil {
		return Questionnaire{}, nil, nil, err
	}
	_, es, err := s.frameworks.Version(ctx, plenary.System("survey"), q.FrameworkVersionID)
	return q, qs, es, err
}

// QuestionnaireInput is what the Secretariat sets for a questionnaire.
type QuestionnaireInput struct {
	BodyID             int64
	Cycle              string
	Titles             plenary.Localized
	FrameworkVersionID int64
	Deadline           time.Time
}

func (in *QuestionnaireInput) check(p *plenary.Problems) {
	in.Cycle = strings.TrimSpace(in.Cycle)
	if p.Required("cycle", in.Cycle) && p.Line("cycle", in.Cycle) {
		p.MaxLength("cycle", in.Cycle, MaxCycle)
	}
	titles := plenary.Localized{}
	for l, t := range in.Titles {
		if t = strings.Join(strings.Fields(t), " "); t != "" && plenary.ValidLanguage(l) {
			titles[l] = t
			p.MaxLength("title_"+l, t, MaxTitle)
		}
	}
	in.Titles = titles
	if len(titles) == 0 {
		p.Add("titles", "survey.title_required", nil)
	}
}

// CreateQuestionnaire prepares a questionnaire for a body and a cycle, on a published
// version of a framework; its questions come by import.
func (s *Service) CreateQuestionnaire(ctx context.Context, actor plenary.Actor, in QuestionnaireInput) (Questionnaire, error) {
	if err := s.MayManage(actor); err != nil {
		return Questionnaire{}, err
	}
	var p plenary.Problems
	in.check(&p)
	if _, err := s.store.Body(ctx, in.BodyID); err != nil {
		if plenary.ErrorKind(err) != plenary.KindNotFound {
			return Questionnaire{}, err
		}
		p.Add("body", "field.choice", nil)
	}
	v, _, err := s.frameworks.Version(ctx, actor, in.FrameworkVersionID)
	if err != nil || v.Status != framework.Published {
		if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
			return Questionnaire{}, err
		}
		p.Add("framework_version", "survey.framework_version", nil)
	}
	if err := p.Err(); err != nil {
		return Questionnaire{}, err
	}
	now := s.now()
	q := Questionnaire{BodyID: in.BodyID, Cycle: in.Cycle, Titles: in.Titles, FrameworkID: v.FrameworkID, FrameworkVersionID: v.ID,
		Status: Draft, Deadline: in.Deadline, CreatedAt: now, UpdatedAt: now}
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if q, err = tx.CreateQuestionnaire(ctx, q); err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Invalid("cycle", "survey.cycle_taken", nil)
			}
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.questionnaire_created", "questionnaire", q.ID,
			map[string]string{"body": strconv.FormatInt(q.BodyID, 10), "cycle": q.Cycle, "framework_version": strconv.FormatInt(v.ID, 10)}))
	})
	return q, err
}

// UpdateQuestionnaire changes a questionnaire's titles and deadline (its framework and
// cycle stay: answers refer to them).
func (s *Service) UpdateQuestionnaire(ctx context.Context, actor plenary.Actor, id int64, in QuestionnaireInput) (Questionnaire, error) {
	if err := s.MayManage(actor); err != nil {
		return Questionnaire{}, err
	}
	q, err := s.store.Questionnaire(ctx, id)
	if err != nil {
		return Questionnaire{}, err
	}
	in.Cycle = q.Cycle
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return Questionnaire{}, err
	}
	now := s.now()
	q.Titles, q.Deadline, q.UpdatedAt = in.Titles, in.Deadline, now
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateQuestionnaire(ctx, q); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.questionnaire_updated", "questionnaire", q.ID, nil))
	})
	return q, err
}

// ImportQuestions replaces a draft questionnaire's questions with those of a CSV file
// (see ParseQuestions). A file with any problem changes nothing.
func (s *Service) ImportQuestions(ctx context.Context, actor plenary.Actor, id int64, r io.Reader) (int, error) {
	if err := s.MayManage(actor); err != nil {
		return 0, err
	}
	q, err := s.store.Questionnaire(ctx, id)
	if err != nil {
		return 0, err
	}
	_, es, err := s.frameworks.Version(ctx, actor, q.FrameworkVersionID)
	if err != nil {
		return 0, err
	}
	qs, err := ParseQuestions(r, es)
	if err != nil {
		return 0, err
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.Questionnaire(ctx, id)
		if err != nil {
			return err
		}
		if cur.Status != Draft {
			return plenary.Conflict("survey.not_draft", nil)
		}
		if err := tx.ReplaceQuestions(ctx, id, qs); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.questions_imported", "questionnaire", id,
			map[string]string{"questions": strconv.Itoa(len(qs))}))
	})
	return len(qs), err
}

// SetStatus opens a draft questionnaire (the States' teams and nominators are told) or
// closes an open one.
func (s *Service) SetStatus(ctx context.Context, actor plenary.Actor, id int64, to Status) (Questionnaire, error) {
	if err := s.MayManage(actor); err != nil {
		return Questionnaire{}, err
	}
	// Read before the transaction, not in it: see start.
	questions, err := s.store.Questions(ctx, id)
	if err != nil {
		return Questionnaire{}, err
	}
	now := s.now()
	var q Questionnaire
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if q, err = tx.Questionnaire(ctx, id); err != nil {
			return err
		}
		switch {
		case to == Open && q.Status == Draft:
			if len(questions) == 0 {
				return plenary.Conflict("survey.no_questions", nil)
			}
			q.OpenedAt = now
		case to == Closed && q.Status == Open, to == Open && q.Status == Closed:
		default:
			return plenary.Conflict("survey.status_change", nil)
		}
		q.Status, q.UpdatedAt = to, now
		if err := tx.UpdateQuestionnaire(ctx, q); err != nil {
			return err
		}
		if to == Open && q.OpenedAt.Equal(now) {
			if err := s.tellOpened(ctx, tx, q); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.questionnaire_status_set", "questionnaire", q.ID, map[string]string{"status": string(to)}))
	})
	return q, err
}

// The bounds of a body's aggregate threshold: fewer than three States would point at
// the States behind a count; there are 193 Member States.
const (
	MinThreshold = 3
	MaxThreshold = 193
)

// SetThreshold sets how many States must have contributed to an aggregate of a body's
// surveys before it is shown (at least MinThreshold).
func (s *Service) SetThreshold(ctx context.Context, actor plenary.Actor, bodyID int64, n int) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	if n < MinThreshold || n > MaxThreshold {
		return plenary.Invalid("threshold", "survey.threshold", map[string]any{"Min": MinThreshold, "Max": MaxThreshold})
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.SetThreshold(ctx, bodyID, n); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "survey.threshold_set", "body", bodyID, map[string]string{"threshold": strconv.Itoa(n)}))
	})
}

// Threshold is a body's aggregate threshold.
func (s *Service) Threshold(ctx context.Context, bodyID int64) (int, error) {
	n, ok, err := s.store.Threshold(ctx, bodyID)
	if err != nil || !ok {
		return DefaultThreshold, err
	}
	return n, nil
}

// Submissions tells the Secretariat which States answered a questionnaire, when, and how
// far their latest version is published: nothing of what they answered.
func (s *Service) Submissions(ctx context.Context, actor plenary.Actor, id int64) ([]Submission, error) {
	if !actor.IsSecretariat() {
		return nil, plenary.Deny(actor)
	}
	if _, err := s.store.Questionnaire(ctx, id); err != nil {
		return nil, err
	}
	return s.store.Submissions(ctx, id)
}

// Evidence returns a file attached to a State's response, to those who may read the
// response's drafts, or the version citing it once published to them.
func (s *Service) Evidence(ctx context.Context, actor plenary.Actor, fileID int64) (files.File, error) {
	f, err := s.store.EvidenceFile(ctx, fileID)
	if err != nil {
		return files.File{}, err
	}
	r, err := s.store.ResponseByID(ctx, f.ResponseID)
	if err != nil {
		return files.File{}, err
	}
	if !actor.OnTeam(r.State) {
		// A reader of a published version citing the file may read it.
		pub, err := s.store.Published(ctx, r.QuestionnaireID, r.State, ReadableLevels(actor))
		if err != nil {
			return files.File{}, err
		}
		if !slices.ContainsFunc(pub, func(a PublishedAnswer) bool { return a.Value.FileID == fileID }) {
			return files.File{}, plenary.Hidden(actor)
		}
	}
	data, err := s.seal.Open(sealFile, f.Sealed, fileAD(r, f.ID))
	if err != nil {
		return files.File{}, plenary.Internal(err)
	}
	return files.File{ID: f.ID, Name: f.Name, ContentType: f.Type, Size: int64(len(data)), Data: data, CreatedAt: f.CreatedAt}, nil
}

// ReadableLevels are the levels of publication actor reads: public for everyone, States
// only for those acting for a State and for the Secretariat.
func ReadableLevels(actor plenary.Actor) []Level {
	if actor.IsSecretariat() || actor.ForAnyState() {
		return []Level{StatesOnly, Public}
	}
	return []Level{Public}
}
