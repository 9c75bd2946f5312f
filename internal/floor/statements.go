package floor

import (
	"context"
	"slices"
	"strconv"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/files"
)

// MaxStatement bounds a written statement: a long statement with annexes is a few
// megabytes as a PDF. With the form around it, it stays within the server's bound on
// request bodies (8 MiB), so that the size refusal is this one, in the reader's language.
const MaxStatement = 5 << 20

// SpeaksFor reports whether actor speaks for the entry's delegation: a delegate of its
// State, or a focal point, representative or observer of its organization.
func SpeaksFor(actor plenary.Actor, e Entry) bool {
	return (e.Category.IsState() && actor.HasForState(plenary.RoleDelegate, e.State)) ||
		(!e.Category.IsState() && slices.Contains(actor.Organizations(plenary.RoleFocalPoint, plenary.RoleRepresentative, plenary.RoleObserver), e.OrganizationID))
}

// AttachStatement links an intervention to its written statement, a PDF in the language
// it was delivered in: the delegation that spoke, or the Chair and the Secretariat for it.
// A new upload replaces the previous one.
func (s *Service) AttachStatement(ctx context.Context, actor plenary.Actor, listID, entryID int64, lang string, u files.Upload) (Entry, error) {
	if !actor.CanWrite() {
		return Entry{}, plenary.Deny(actor)
	}
	var p plenary.Problems
	if !plenary.ValidLanguage(lang) {
		p.Add("language", "field.choice", nil)
	}
	f, _ := files.Check(&p, "statement", u, files.PDF, MaxStatement)
	if err := p.Err(); err != nil {
		return Entry{}, err
	}
	if _, _, err := s.Get(ctx, actor, listID); err != nil {
		return Entry{}, err
	}
	runs := s.MayRun(actor) == nil
	now := s.now()
	var out Entry
	err := s.change(ctx, actor, listID, now, func(tx Tx, l *SpeakerList) (string, map[string]string, error) {
		e, err := entryOf(l, entryID)
		if err != nil {
			return "", nil, err
		}
		if !runs && !SpeaksFor(actor, *e) {
			return "", nil, plenary.Deny(actor)
		}
		if e.Status != Done && e.Status != Speaking {
			return "", nil, plenary.Conflict("floor.not_spoken", nil)
		}
		f.CreatedBy, f.CreatedAt = actor.UserID, now
		if f, err = tx.SaveFile(ctx, f); err != nil {
			return "", nil, err
		}
		e.Statement, e.StatementLang = f.ID, lang
		out = *e
		return "speakers.statement_attached", map[string]string{"entry": strconv.FormatInt(e.ID, 10), "sha256": f.SHA256,
			"language": lang}, tx.UpdateEntry(ctx, *e)
	})
	return out, err
}

// Statement returns an intervention's written statement: public with the list.
func (s *Service) Statement(ctx context.Context, actor plenary.Actor, listID, entryID int64) (files.File, Entry, error) {
	l, _, err := s.Get(ctx, actor, listID)
	if err != nil {
		return files.File{}, Entry{}, err
	}
	e, err := entryOf(&l, entryID)
	if err != nil || e.Statement == 0 {
		return files.File{}, Entry{}, plenary.NotFound()
	}
	f, err := s.store.File(ctx, e.Statement)
	return f, *e, err
}
