package store

import (
	"context"
	"encoding/json"
	"fmt"

	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/body"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// FollowUp is the store of the follow-up of commitments.
func (db *DB) FollowUp() followup.Store { return followupStore{db} }

type followupStore struct{ db *DB }

// followupTx is the transaction as follow-up sees it.
type followupTx struct{ *Tx }

var (
	_ followup.Store = followupStore{}
	_ followup.Tx    = followupTx{}
)

func (s followupStore) InTx(ctx context.Context, fn func(followup.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(followupTx{tx}) })
}

func (s followupStore) Body(ctx context.Context, id int64) (body.Body, error) {
	return bodyByID(ctx, s.db.q, id)
}

func (s followupStore) Commitments(ctx context.Context, bodyID int64) ([]followup.Commitment, error) {
	rows, err := s.db.q.ListCommitments(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]followup.Commitment, len(rows))
	for i, r := range rows {
		if out[i], err = commitmentFromRow(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s followupStore) Commitment(ctx context.Context, id int64) (followup.Commitment, error) {
	r, err := s.db.q.GetCommitment(ctx, id)
	if err != nil {
		return followup.Commitment{}, translate(err)
	}
	return commitmentFromRow(r)
}

func commitmentFromRow(r query.Commitment) (followup.Commitment, error) {
	c := followup.Commitment{ID: r.ID, BodyID: r.BodyID, Code: r.Code, Kind: followup.Kind(r.Kind), Position: int(r.Position),
		Source: followup.Source{DocumentID: r.DocumentID.Int64, Symbol: r.Symbol, ParagraphKey: r.ParagraphKey, ParagraphNumber: r.ParagraphNumber,
			FrameworkID: r.FrameworkID.Int64, FrameworkVersionID: r.FrameworkVersionID.Int64, ElementCode: r.ElementCode, Mark: framework.Mark(r.Mark)},
		CreatedAt: utc(r.CreatedAt), CreatedBy: r.CreatedBy.Int64, UpdatedAt: utc(r.UpdatedAt)}
	for _, x := range []struct {
		text string
		into any
	}{{r.Titles, &c.Titles}, {r.Texts, &c.Texts}, {r.Links, &c.Links}} {
		if err := json.Unmarshal([]byte(x.text), x.into); err != nil {
			return followup.Commitment{}, plenary.Internal(err)
		}
	}
	return c, nil
}

func (s followupStore) Scale(ctx context.Context, bodyID int64) ([]followup.Status, error) {
	return followupScale(ctx, s.db.q, bodyID)
}

func followupScale(ctx context.Context, q *query.Queries, bodyID int64) ([]followup.Status, error) {
	rows, err := q.ListFollowupScale(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]followup.Status, len(rows))
	for i, r := range rows {
		out[i] = followup.Status{Code: r.Code, Meaning: followup.Meaning(r.Meaning)}
		if err := json.Unmarshal([]byte(r.Labels), &out[i].Labels); err != nil {
			return nil, plenary.Internal(err)
		}
	}
	return out, nil
}

func (s followupStore) Reports(ctx context.Context, commitmentID int64, state string) ([]followup.StoredReport, error) {
	// One query per case, each on its index (followup_reads.sql).
	var rows []query.FollowupReport
	var err error
	switch {
	case commitmentID != 0 && state != "":
		rows, err = s.db.q.ListFollowupReportsOnOf(ctx, query.ListFollowupReportsOnOfParams{CommitmentID: commitmentID, State: state})
	case commitmentID != 0:
		rows, err = s.db.q.ListFollowupReportsOn(ctx, commitmentID)
	case state != "":
		rows, err = s.db.q.ListFollowupReportsOf(ctx, state)
	default:
		rows, err = s.db.q.ListFollowupReports(ctx, query.ListFollowupReportsParams{})
	}
	if err != nil {
		return nil, translate(err)
	}
	return storedReports(rows), nil
}

func storedReports(rows []query.FollowupReport) []followup.StoredReport {
	out := make([]followup.StoredReport, len(rows))
	for i, r := range rows {
		out[i] = storedReport(r)
	}
	return out
}

func storedReport(r query.FollowupReport) followup.StoredReport {
	return followup.StoredReport{Sealed: r.Sealed, Report: followup.Report{ID: r.ID, CommitmentID: r.CommitmentID, State: r.State,
		Number: int(r.Number), Level: followup.Level(r.Level), ReportedBy: r.ReportedBy.Int64, ReportedAt: utc(r.ReportedAt),
		LevelSetAt: fromNullTime(r.LevelSetAt)}}
}

func (s followupStore) Report(ctx context.Context, id int64) (followup.StoredReport, error) {
	r, err := s.db.q.GetFollowupReport(ctx, id)
	if err != nil {
		return followup.StoredReport{}, translate(err)
	}
	return storedReport(r), nil
}

func (s followupStore) Published(ctx context.Context, commitmentID int64, state string, levels []followup.Level) ([]followup.Report, error) {
	if len(levels) == 0 || len(levels) > 2 {
		return nil, plenary.Internal(fmt.Errorf("store: published reports at %d levels", len(levels)))
	}
	a, b := string(levels[0]), string(levels[len(levels)-1])
	// One query per case, each on its index (followup_reads.sql).
	var rows []query.FollowupPublished
	var err error
	switch {
	case commitmentID != 0 && state != "":
		rows, err = s.db.q.ListFollowupPublishedOnOf(ctx, query.ListFollowupPublishedOnOfParams{CommitmentID: commitmentID, State: state, LevelA: a, LevelB: b})
	case commitmentID != 0:
		rows, err = s.db.q.ListFollowupPublishedOn(ctx, query.ListFollowupPublishedOnParams{CommitmentID: commitmentID, LevelA: a, LevelB: b})
	case state != "":
		rows, err = s.db.q.ListFollowupPublishedOf(ctx, query.ListFollowupPublishedOfParams{State: state, LevelA: a, LevelB: b})
	default:
		rows, err = s.db.q.ListFollowupPublished(ctx, query.ListFollowupPublishedParams{LevelA: a, LevelB: b})
	}
	if err != nil {
		return nil, translate(err)
	}
	out := make([]followup.Report, len(rows))
	for i, r := range rows {
		var c followup.Content
		if err := json.Unmarshal([]byte(r.Content), &c); err != nil {
			return nil, plenary.Internal(err)
		}
		out[i] = followup.Report{ID: r.ReportID, CommitmentID: r.CommitmentID, State: r.State, Number: int(r.Number),
			Level: followup.Level(r.Level), ReportedBy: r.ReportedBy.Int64, ReportedAt: utc(r.ReportedAt), LevelSetAt: fromNullTime(r.LevelSetAt)}.With(c)
	}
	return out, nil
}

func (s followupStore) EvidenceFile(ctx context.Context, id int64) (followup.EvidenceFile, error) {
	r, err := s.db.q.GetFollowupFile(ctx, id)
	if err != nil {
		return followup.EvidenceFile{}, translate(err)
	}
	return followup.EvidenceFile{ID: r.ID, CommitmentID: r.CommitmentID, State: r.State, Name: r.Name, Type: r.ContentType, Sealed: r.Sealed,
		CreatedAt: utc(r.CreatedAt)}, nil
}

// followupLockBase puts each body's follow-up lock in its own key space.
const followupLockBase = 7_361_700_000_000

func (t followupTx) LockBody(ctx context.Context, bodyID int64) error {
	return t.advisoryLock(ctx, followupLockBase+bodyID)
}

func (t followupTx) Scale(ctx context.Context, bodyID int64) ([]followup.Status, error) {
	return followupScale(ctx, t.q, bodyID)
}

func (t followupTx) ReplaceScale(ctx context.Context, bodyID int64, scale []followup.Status) error {
	if err := t.q.DeleteFollowupScale(ctx, bodyID); err != nil {
		return translate(err)
	}
	for i, st := range scale {
		labels, err := json.Marshal(st.Labels)
		if err != nil {
			return plenary.Internal(err)
		}
		if err := t.q.CreateFollowupStatus(ctx, query.CreateFollowupStatusParams{BodyID: bodyID, Code: st.Code, Meaning: string(st.Meaning),
			Labels: string(labels), Position: int32(i)}); err != nil {
			return translate(err)
		}
	}
	return nil
}

func (t followupTx) CountCommitments(ctx context.Context, bodyID int64) (int, error) {
	n, err := t.q.CountCommitments(ctx, bodyID)
	return int(n), translate(err)
}

// commitmentJSON is a commitment's titles, texts and links as stored.
func commitmentJSON(c followup.Commitment) (titles, texts, links string, err error) {
	if c.Links == nil {
		c.Links = []followup.Link{}
	}
	if c.Titles == nil {
		c.Titles = plenary.Localized{}
	}
	if c.Texts == nil {
		c.Texts = plenary.Localized{}
	}
	var b [3][]byte
	for i, v := range []any{c.Titles, c.Texts, c.Links} {
		if b[i], err = json.Marshal(v); err != nil {
			return "", "", "", plenary.Internal(err)
		}
	}
	return string(b[0]), string(b[1]), string(b[2]), nil
}

func (t followupTx) CreateCommitment(ctx context.Context, c followup.Commitment) (followup.Commitment, error) {
	titles, texts, links, err := commitmentJSON(c)
	if err != nil {
		return followup.Commitment{}, err
	}
	r, err := t.q.CreateCommitment(ctx, query.CreateCommitmentParams{BodyID: c.BodyID, Code: c.Code, Kind: string(c.Kind), Titles: titles, Texts: texts,
		DocumentID: toNullInt64(c.Source.DocumentID), Symbol: c.Source.Symbol, ParagraphKey: c.Source.ParagraphKey, ParagraphNumber: c.Source.ParagraphNumber,
		FrameworkID: toNullInt64(c.Source.FrameworkID), FrameworkVersionID: toNullInt64(c.Source.FrameworkVersionID), ElementCode: c.Source.ElementCode,
		Mark: string(c.Source.Mark), Links: links, Position: int32(c.Position), CreatedAt: c.CreatedAt.UTC(), CreatedBy: toNullInt64(c.CreatedBy)})
	if err != nil {
		return followup.Commitment{}, translate(err)
	}
	return commitmentFromRow(r)
}

func (t followupTx) UpdateCommitment(ctx context.Context, c followup.Commitment) error {
	titles, texts, links, err := commitmentJSON(c)
	if err != nil {
		return err
	}
	return translate(t.q.UpdateCommitment(ctx, query.UpdateCommitmentParams{ID: c.ID, Titles: titles, Texts: texts, Links: links, UpdatedAt: c.UpdatedAt.UTC()}))
}

func (t followupTx) DeleteCommitment(ctx context.Context, id int64) error {
	return translate(t.q.DeleteCommitment(ctx, id))
}

func (t followupTx) CountReports(ctx context.Context, commitmentID int64) (int, error) {
	n, err := t.q.CountFollowupReports(ctx, commitmentID)
	return int(n), translate(err)
}

func (t followupTx) LatestReport(ctx context.Context, commitmentID int64, state string) (followup.StoredReport, error) {
	r, err := t.q.LatestFollowupReport(ctx, query.LatestFollowupReportParams{CommitmentID: commitmentID, State: state})
	if err != nil {
		return followup.StoredReport{}, translate(err)
	}
	return storedReport(r), nil
}

func (t followupTx) BodyReports(ctx context.Context, bodyID int64) ([]followup.StoredReport, error) {
	rows, err := t.q.ListBodyFollowupReports(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	return storedReports(rows), nil
}

func (t followupTx) CreateReport(ctx context.Context, r followup.StoredReport) (followup.StoredReport, error) {
	id, err := t.q.CreateFollowupReport(ctx, query.CreateFollowupReportParams{CommitmentID: r.CommitmentID, State: r.State, Number: int32(r.Number),
		Sealed: r.Sealed, Level: string(r.Level), ReportedBy: toNullInt64(r.ReportedBy), ReportedAt: r.ReportedAt.UTC(), LevelSetAt: toNullTime(r.LevelSetAt)})
	if err != nil {
		return followup.StoredReport{}, translate(err)
	}
	r.ID = id
	return r, nil
}

func (t followupTx) SetReportLevel(ctx context.Context, id int64, level followup.Level, at time.Time) error {
	return translate(t.q.SetFollowupReportLevel(ctx, query.SetFollowupReportLevelParams{ID: id, Level: string(level), LevelSetAt: toNullTime(at)}))
}

func (t followupTx) Publish(ctx context.Context, r followup.Report) error {
	if err := t.q.DeleteFollowupPublished(ctx, r.ID); err != nil {
		return translate(err)
	}
	if r.Level == followup.Private {
		return nil
	}
	content, err := json.Marshal(followup.Content{Status: r.Status, Note: r.Note, NoteLanguage: r.NoteLanguage, Evidence: r.Evidence})
	if err != nil {
		return plenary.Internal(err)
	}
	return translate(t.q.CreateFollowupPublished(ctx, query.CreateFollowupPublishedParams{ReportID: r.ID, CommitmentID: r.CommitmentID, State: r.State,
		Number: int32(r.Number), Level: string(r.Level), Status: r.Status, Content: string(content), ReportedBy: toNullInt64(r.ReportedBy),
		ReportedAt: r.ReportedAt.UTC(), LevelSetAt: toNullTime(r.LevelSetAt)}))
}

func (t followupTx) SaveEvidence(ctx context.Context, f followup.EvidenceFile) (followup.EvidenceFile, error) {
	if f.ID != 0 {
		return f, translate(t.q.SealFollowupFile(ctx, query.SealFollowupFileParams{ID: f.ID, Sealed: f.Sealed}))
	}
	id, err := t.q.CreateFollowupFile(ctx, query.CreateFollowupFileParams{CommitmentID: f.CommitmentID, State: f.State, Name: f.Name,
		ContentType: f.Type, Sealed: f.Sealed, CreatedAt: f.CreatedAt.UTC()})
	if err != nil {
		return followup.EvidenceFile{}, translate(err)
	}
	f.ID = id
	return f, nil
}

func (t followupTx) Team(ctx context.Context, state string, roles []plenary.Role) ([]followup.Member, error) {
	var out []followup.Member
	for _, role := range roles {
		rows, err := t.q.ListRoleHolders(ctx, string(role))
		if err != nil {
			return nil, translate(err)
		}
		for _, r := range rows {
			if r.State.String == "" || r.State.String != state {
				continue
			}
			out = append(out, followup.Member{UserID: r.ID, Name: r.Name, Email: r.Email, Lang: r.Lang})
		}
	}
	return out, nil
}
