package store

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/followup"
	"github.com/plenary-platform/plenary/internal/meeting"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// What the progress report and the reminders read (followup.ReportStore), and the claim of
// a reminder (followup.ReminderTx).

var (
	_ followup.ReportStore = followupStore{}
	_ followup.ReminderTx  = followupTx{}
)

func (s followupStore) PublishedBefore(ctx context.Context, bodyID int64, level followup.Level, before time.Time) ([]followup.Report, error) {
	rows, err := s.db.q.ListFollowupPublishedBefore(ctx, query.ListFollowupPublishedBeforeParams{BodyID: bodyID, Level: string(level),
		ReportedAt: before.UTC()})
	if err != nil {
		return nil, translate(err)
	}
	out := make([]followup.Report, len(rows))
	for i, r := range rows {
		out[i] = followup.Report{ID: r.ReportID, CommitmentID: r.CommitmentID, State: r.State, Number: int(r.Number), Status: r.Status,
			Level: level, ReportedAt: utc(r.ReportedAt)}
	}
	return out, nil
}

func (s followupStore) SessionsStarting(ctx context.Context, from, to time.Time) ([]meeting.Session, error) {
	return sessionsFromRows(s.db.q.ListSessionsStartingBetween(ctx, query.ListSessionsStartingBetweenParams{StartsOn: from.UTC(), StartsOn_2: to.UTC()}))
}

func (s followupStore) LastReports(ctx context.Context, bodyID int64) ([]followup.Report, error) {
	rows, err := s.db.q.ListFollowupLastReports(ctx, bodyID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]followup.Report, len(rows))
	for i, r := range rows {
		out[i] = followup.Report{ID: r.ID, CommitmentID: r.CommitmentID, State: r.State, Number: int(r.Number), ReportedAt: utc(r.ReportedAt)}
	}
	return out, nil
}

func (s followupStore) Submitters(ctx context.Context) ([]followup.Submitter, error) {
	rows, err := s.db.q.ListRoleHolders(ctx, string(plenary.RoleTeamSubmitter))
	if err != nil {
		return nil, translate(err)
	}
	var out []followup.Submitter
	for _, r := range rows {
		if r.State.String == "" {
			continue
		}
		out = append(out, followup.Submitter{State: r.State.String, Member: followup.Member{UserID: r.ID, Name: r.Name, Email: r.Email, Lang: r.Lang}})
	}
	return out, nil
}

func (s followupStore) Reminded(ctx context.Context, sessionID int64) ([]string, error) {
	out, err := s.db.q.ListFollowupReminded(ctx, sessionID)
	return out, translate(err)
}

func (t followupTx) ClaimReminder(ctx context.Context, sessionID int64, state string, due int, at time.Time) (bool, error) {
	n, err := t.q.ClaimFollowupReminder(ctx, query.ClaimFollowupReminderParams{SessionID: sessionID, State: state, Due: int32(due), SentAt: at.UTC()})
	if err != nil {
		return false, translate(err)
	}
	return n > 0, nil
}
