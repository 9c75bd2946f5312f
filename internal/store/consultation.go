package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/consultation"
	"github.com/plenary-platform/plenary/internal/document"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Consultations is the store of consultations and their submissions.
func (db *DB) Consultations() consultation.Store { return consultationStore{db} }

type consultationStore struct{ db *DB }

type consultationTx struct{ *Tx }

var (
	_ consultation.Store = consultationStore{}
	_ consultation.Tx    = consultationTx{}
)

func (s consultationStore) InTx(ctx context.Context, fn func(consultation.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(consultationTx{tx}) })
}

func (s consultationStore) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, s.db.q, id)
}

func (s consultationStore) File(ctx context.Context, id int64) (files.File, error) {
	return fileByID(ctx, s.db.q, id)
}

func (s consultationStore) Author(ctx context.Context, userID int64) (string, string, error) {
	u, err := s.db.q.GetUser(ctx, userID)
	if err != nil {
		return "", "", translate(err)
	}
	return u.Name, u.Email, nil
}

func (s consultationStore) Accredited(ctx context.Context, bodyID, orgID int64, at time.Time) (bool, error) {
	return accredited(ctx, s.db.q, bodyID, orgID, at)
}

func consultationFromRow(r query.Consultation) consultation.Consultation {
	return consultation.Consultation{ID: r.ID, DocumentID: r.DocumentID, OpensAt: utc(r.OpensAt), ClosesAt: utc(r.ClosesAt),
		LateRule: consultation.LateRule(r.LateRule), Eligibility: consultation.Eligibility(r.Eligibility), Moderated: r.Moderated,
		CreatedBy: r.CreatedBy.Int64, CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
}

func (s consultationStore) Consultation(ctx context.Context, id int64) (consultation.Consultation, error) {
	r, err := s.db.q.GetConsultation(ctx, id)
	if err != nil {
		return consultation.Consultation{}, translate(err)
	}
	return consultationFromRow(r), nil
}

// ForSubmission reads, in one query, what Submit checks: the consultation's window and
// rules, its draft's body, nature, access and publication (not its series or language
// versions), and the draft's original-language text alone (its paragraphs are cut from
// it); and what the receipt names, the draft's symbol and the body's time zone. Three reads were a fifth of the server's time in a burst,
// mostly the cost of a query rather than of its rows.
func (s consultationStore) ForSubmission(ctx context.Context, id int64) (consultation.Target, error) {
	r, err := s.db.q.GetSubmissionTarget(ctx, id)
	if err != nil {
		return consultation.Target{}, translate(err)
	}
	c := consultation.Consultation{ID: r.ID, DocumentID: r.DocumentID, OpensAt: utc(r.OpensAt), ClosesAt: utc(r.ClosesAt),
		LateRule: consultation.LateRule(r.LateRule), Eligibility: consultation.Eligibility(r.Eligibility), Moderated: r.Moderated}
	d := document.Document{ID: r.DocumentID, BodyID: r.BodyID, Kind: document.Kind(r.Kind), Status: document.Status(r.Status),
		Access: document.Access(r.Access), OriginalLanguage: r.OriginalLang, PublishedAt: fromNullTime(r.PublishedAt), Symbol: r.Symbol}
	if r.TextUpdatedAt.Valid {
		d.Texts = []document.Text{{Language: d.OriginalLanguage, Body: r.TextBody.String, UpdatedAt: utc(r.TextUpdatedAt.Time)}}
	}
	return consultation.Target{Consultation: c, Draft: d, TimeZone: r.TimeZone}, nil
}

func (s consultationStore) ForDocument(ctx context.Context, documentID int64) (consultation.Consultation, error) {
	r, err := s.db.q.GetConsultationByDocument(ctx, documentID)
	if err != nil {
		return consultation.Consultation{}, translate(err)
	}
	return consultationFromRow(r), nil
}

func (t consultationTx) CreateConsultation(ctx context.Context, c consultation.Consultation) (consultation.Consultation, error) {
	id, err := t.q.CreateConsultation(ctx, query.CreateConsultationParams{DocumentID: c.DocumentID, OpensAt: c.OpensAt.UTC(),
		ClosesAt: c.ClosesAt.UTC(), LateRule: string(c.LateRule), Eligibility: string(c.Eligibility), Moderated: c.Moderated,
		CreatedBy: toNullInt64(c.CreatedBy), CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()})
	if err != nil {
		return c, translate(err)
	}
	c.ID = id
	return c, nil
}

func (t consultationTx) UpdateConsultation(ctx context.Context, c consultation.Consultation) error {
	return translate(t.q.UpdateConsultation(ctx, query.UpdateConsultationParams{ID: c.ID, OpensAt: c.OpensAt.UTC(),
		ClosesAt: c.ClosesAt.UTC(), LateRule: string(c.LateRule), Eligibility: string(c.Eligibility), Moderated: c.Moderated,
		UpdatedAt: c.UpdatedAt.UTC()}))
}

// Submit stores a submission in the group-commit writer (DB.Batch): it returns once the
// submission is on disk. A submission already stored under the same idempotency key is
// returned as it is.
func (s consultationStore) Submit(ctx context.Context, sub consultation.Submission, file *files.File) (consultation.Submission, bool, error) {
	existed := false
	err := s.db.Batch(ctx, func(tx *Tx) error {
		// A retry is found by the insert itself, which stores nothing under a key already
		// stored (ON CONFLICT DO NOTHING): one statement fewer for each new submission. With
		// an attachment it is looked for first, so that a retry saves no second file.
		var err error
		if file != nil {
			if existed, err = s.stored(ctx, tx, &sub); existed || err != nil {
				return err
			}
		}
		var fileID int64
		if file != nil {
			f, err := tx.SaveFile(ctx, *file)
			if err != nil {
				return err
			}
			fileID = f.ID
			f.Data = nil
			sub.File = &f
		}
		sub.ID, err = tx.q.InsertSubmission(ctx, query.InsertSubmissionParams{ConsultationID: sub.ConsultationID, Tracking: sub.Tracking,
			Submitter: sub.Submitter, IdempotencyKey: sub.IdempotencyKey, UserID: toNullInt64(sub.UserID), AuthorName: sub.AuthorName,
			AuthorEmail: sub.AuthorEmail, OnBehalf: string(sub.OnBehalf), State: sub.State, OrganizationID: toNullInt64(sub.OrganizationID),
			Lang: sub.Language, Text: sub.Text, Status: string(sub.Status), Late: sub.Late, Signers: int32(sub.Signers),
			Campaign: sub.Campaign, FileID: toNullInt64(fileID), CreatedAt: sub.CreatedAt.UTC()})
		if errors.Is(err, sql.ErrNoRows) {
			existed, err = s.stored(ctx, tx, &sub)
			if err == nil && !existed {
				err = plenary.Internal(errors.New("store: a submission neither inserted nor found"))
			}
			return err
		}
		if err != nil {
			return translate(err)
		}
		for i, a := range sub.Anchors {
			if err := tx.q.InsertAnchor(ctx, query.InsertAnchorParams{SubmissionID: sub.ID, Position: int32(i), ParagraphKey: a.ParagraphKey,
				Stance: string(a.Stance), Comment: a.Comment, ProposedText: a.ProposedText}); err != nil {
				return translate(err)
			}
		}
		return nil
	})
	if err != nil && !existed && plenary.ErrorKind(err) == plenary.KindConflict && s.db.dialect == Postgres {
		// Two retries of one submission raced on PostgreSQL: the other one is stored.
		if id, ferr := s.db.q.FindSubmission(ctx, query.FindSubmissionParams{ConsultationID: sub.ConsultationID,
			Submitter: sub.Submitter, IdempotencyKey: sub.IdempotencyKey}); ferr == nil {
			stored, err := submissionByID(ctx, s.db.q, id)
			return stored, true, err
		}
	}
	return sub, existed, err
}

// stored replaces *sub with the submission stored under its idempotency key, if any.
func (s consultationStore) stored(ctx context.Context, tx *Tx, sub *consultation.Submission) (bool, error) {
	id, err := tx.q.FindSubmission(ctx, query.FindSubmissionParams{ConsultationID: sub.ConsultationID, Submitter: sub.Submitter,
		IdempotencyKey: sub.IdempotencyKey})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, translate(err)
	}
	stored, err := submissionByID(ctx, tx.q, id)
	if err != nil {
		return false, err
	}
	*sub = stored
	return true, nil
}

func submissionFromRow(r query.GetSubmissionRow) consultation.Submission {
	sub := consultation.Submission{ID: r.ID, ConsultationID: r.ConsultationID, Tracking: r.Tracking, Submitter: r.Submitter,
		IdempotencyKey: r.IdempotencyKey, UserID: r.UserID.Int64, AuthorName: r.AuthorName, AuthorEmail: r.AuthorEmail,
		OnBehalf: consultation.Behalf(r.OnBehalf), State: r.State, OrganizationID: r.OrganizationID.Int64, Language: r.Lang,
		Text: r.Text, Status: consultation.Status(r.Status), Late: r.Late, Signers: int(r.Signers), Campaign: r.Campaign,
		CreatedAt: utc(r.CreatedAt), DecidedAt: fromNullTime(r.DecidedAt), DecidedBy: r.DecidedBy.Int64, Reason: r.Reason}
	if r.FileID.Valid {
		sub.File = &files.File{ID: r.FileID.Int64, Name: r.FileName.String, Size: r.FileSize.Int64}
	}
	return sub
}

func withAnchors(ctx context.Context, q *query.Queries, sub consultation.Submission) (consultation.Submission, error) {
	rows, err := q.ListAnchors(ctx, sub.ID)
	if err != nil {
		return sub, translate(err)
	}
	sub.Anchors = make([]consultation.Anchor, len(rows))
	for i, r := range rows {
		sub.Anchors[i] = consultation.Anchor{ParagraphKey: r.ParagraphKey, Stance: consultation.Stance(r.Stance), Comment: r.Comment,
			ProposedText: r.ProposedText}
	}
	return sub, nil
}

func submissionByID(ctx context.Context, q *query.Queries, id int64) (consultation.Submission, error) {
	r, err := q.GetSubmission(ctx, id)
	if err != nil {
		return consultation.Submission{}, translate(err)
	}
	return withAnchors(ctx, q, submissionFromRow(r))
}

func (s consultationStore) Submission(ctx context.Context, id int64) (consultation.Submission, error) {
	return submissionByID(ctx, s.db.q, id)
}

func (t consultationTx) Submission(ctx context.Context, id int64) (consultation.Submission, error) {
	return submissionByID(ctx, t.q, id)
}

func (s consultationStore) ByTracking(ctx context.Context, tracking string) (consultation.Submission, error) {
	r, err := s.db.q.GetSubmissionByTracking(ctx, tracking)
	if err != nil {
		return consultation.Submission{}, translate(err)
	}
	return withAnchors(ctx, s.db.q, submissionFromRow(query.GetSubmissionRow(r)))
}

func (s consultationStore) submissions(ctx context.Context, rows []query.GetSubmissionRow) ([]consultation.Submission, error) {
	out := make([]consultation.Submission, len(rows))
	for i, r := range rows {
		sub, err := withAnchors(ctx, s.db.q, submissionFromRow(r))
		if err != nil {
			return nil, err
		}
		out[i] = sub
	}
	return out, nil
}

func (s consultationStore) Submissions(ctx context.Context, id int64, status consultation.Status, key string, page plenary.PageRequest) (plenary.Page[consultation.Submission], error) {
	pos, err := plenary.DecodeCursor(page.Cursor)
	if err != nil {
		return plenary.Page[consultation.Submission]{}, err
	}
	n := page.Size()
	var rows []query.GetSubmissionRow
	if key == "" {
		got, err := s.db.q.ListSubmissions(ctx, query.ListSubmissionsParams{ConsultationID: id, Status: string(status), ID: pos.ID, Limit: int32(n + 1)})
		if err != nil {
			return plenary.Page[consultation.Submission]{}, translate(err)
		}
		for _, r := range got {
			rows = append(rows, query.GetSubmissionRow(r))
		}
	} else {
		got, err := s.db.q.ListSubmissionsOnParagraph(ctx, query.ListSubmissionsOnParagraphParams{ConsultationID: id, Status: string(status),
			ID: pos.ID, ParagraphKey: key, Limit: int32(n + 1)})
		if err != nil {
			return plenary.Page[consultation.Submission]{}, translate(err)
		}
		for _, r := range got {
			rows = append(rows, query.GetSubmissionRow(r))
		}
	}
	var res plenary.Page[consultation.Submission]
	if len(rows) > n {
		rows = rows[:n]
		res.Next = plenary.EncodeCursor(plenary.Position{ID: rows[n-1].ID})
	}
	res.Items, err = s.submissions(ctx, rows)
	return res, err
}

func (s consultationStore) Mine(ctx context.Context, submitter string) ([]consultation.Submission, error) {
	got, err := s.db.q.ListSubmitterSubmissions(ctx, submitter)
	if err != nil {
		return nil, translate(err)
	}
	rows := make([]query.GetSubmissionRow, len(got))
	for i, r := range got {
		rows[i] = query.GetSubmissionRow(r)
	}
	return s.submissions(ctx, rows)
}

func (s consultationStore) Counts(ctx context.Context, id int64) ([]consultation.Count, error) {
	rows, err := s.db.q.CountAnchors(ctx, id)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]consultation.Count, len(rows))
	for i, r := range rows {
		out[i] = consultation.Count{ParagraphKey: r.ParagraphKey, Stance: consultation.Stance(r.Stance), Submissions: int(r.Submissions),
			Signers: int(r.Signers)}
	}
	return out, nil
}

func (s consultationStore) Totals(ctx context.Context, id int64) (consultation.Totals, error) {
	rows, err := s.db.q.CountSubmissions(ctx, id)
	if err != nil {
		return consultation.Totals{}, translate(err)
	}
	var t consultation.Totals
	for _, r := range rows {
		switch consultation.Status(r.Status) {
		case consultation.StatusPublished:
			t.Published, t.Signers = int(r.Submissions), int(r.Signers)
		case consultation.StatusPending:
			t.Pending = int(r.Submissions)
		case consultation.StatusRejected:
			t.Rejected = int(r.Submissions)
		case consultation.StatusWithdrawn:
			t.Withdrawn = int(r.Submissions)
		}
	}
	return t, nil
}

func (t consultationTx) SetStatus(ctx context.Context, sub consultation.Submission) error {
	return translate(t.q.SetSubmissionStatus(ctx, query.SetSubmissionStatusParams{ID: sub.ID, Status: string(sub.Status),
		DecidedAt: toNullTime(sub.DecidedAt), DecidedBy: toNullInt64(sub.DecidedBy), Reason: sub.Reason}))
}

// intakeBusy is how many submissions waiting for the writer mean a burst: in ordinary
// use one or two wait at a time.
const intakeBusy = 16

func (s consultationStore) IntakeBusy() bool { return s.db.BatchStats().Waiting >= intakeBusy }

func (s consultationStore) Exclusive(ctx context.Context, name string, fn func(context.Context) error) (bool, error) {
	return s.db.Exclusive(ctx, name, fn)
}

func (s consultationStore) ReceiptsDue(ctx context.Context, n int) ([]consultation.Submission, error) {
	got, err := s.db.q.ReceiptsDue(ctx, int32(n))
	if err != nil {
		return nil, translate(err)
	}
	out := make([]consultation.Submission, len(got))
	for i, r := range got {
		out[i] = submissionFromRow(query.GetSubmissionRow(r))
	}
	return out, nil
}

func (t consultationTx) ReceiptSent(ctx context.Context, id int64, at time.Time) error {
	return translate(t.q.MarkReceiptSent(ctx, query.MarkReceiptSentParams{ID: id, ReceiptSentAt: toNullTime(at)}))
}
