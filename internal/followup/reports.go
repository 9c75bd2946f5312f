package followup

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/survey"
)

// The purposes of what follow-up seals, each bound to the State and the commitment it
// belongs to: a sealed value copied onto another row does not open.
const (
	sealReport = "followup/report"
	sealFile   = "followup/file"
)

func reportAD(commitmentID int64, state string, number int) []byte {
	return []byte(state + "/" + strconv.FormatInt(commitmentID, 10) + "/r" + strconv.Itoa(number))
}

func fileAD(commitmentID int64, state string, id int64) []byte {
	return []byte(state + "/" + strconv.FormatInt(commitmentID, 10) + "/file/" + strconv.FormatInt(id, 10))
}

// open returns a stored report with what it says.
func (s *Service) open(sr StoredReport) (Report, error) {
	b, err := s.seal.Open(sealReport, sr.Sealed, reportAD(sr.CommitmentID, sr.State, sr.Number))
	if err != nil {
		return Report{}, plenary.Internal(fmt.Errorf("followup: open report %d of %s on %d: %w", sr.Number, sr.State, sr.CommitmentID, err))
	}
	var c Content
	if err := json.Unmarshal(b, &c); err != nil {
		return Report{}, plenary.Internal(err)
	}
	return sr.Report.With(c), nil
}

// ReportInput is a State's report on a commitment, as its submitter makes it.
type ReportInput struct {
	CommitmentID int64
	State        string
	Status       string // a code of the body's scale
	Note         string
	NoteLanguage string // the language the note is in (any of the six)
	// Evidence: any of a link (http or https), a document of the registry the reporter
	// may read, a file (PDF or DOCX).
	EvidenceURL        string
	EvidenceDocumentID int64
	EvidenceFile       *files.Upload
	Level              Level // "" is private
	// Base is the number of the State's latest report the reporter saw (0: none): a
	// report made since is not silently followed; the reporter is shown it (Stale).
	Base int
}

// Stale is why a report was refused: another report of the State on the commitment was
// made since the one its reporter saw. Current is that report, for the reporter to
// compare with theirs (errors.As finds it in the conflict Report returns).
type Stale struct {
	Current Report
}

// Error says which report came first, never what it says (errors are logged).
func (e *Stale) Error() string {
	return "followup: report " + strconv.Itoa(e.Current.Number) + " of " + e.Current.State + " was made meanwhile"
}

func (in *ReportInput) check(p *plenary.Problems) {
	in.State = strings.ToUpper(strings.TrimSpace(in.State))
	in.Status = strings.TrimSpace(in.Status)
	in.Note = strings.TrimSpace(in.Note)
	in.EvidenceURL = strings.TrimSpace(in.EvidenceURL)
	if in.Level == "" {
		in.Level = Private
	}
	p.Required("status", in.Status)
	if utf8.RuneCountInString(in.Note) > MaxNote {
		p.MaxLength("note", in.Note, MaxNote)
	}
	if !utf8.ValidString(in.Note) || strings.ContainsRune(in.Note, 0) {
		p.Add("note", "followup.text_invalid", nil)
	}
	if in.Note == "" {
		in.NoteLanguage = ""
	} else if !plenary.ValidLanguage(in.NoteLanguage) {
		p.Add("note_language", "field.choice", nil)
	}
	if in.EvidenceURL != "" {
		if u, err := url.Parse(in.EvidenceURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.EvidenceURL) > MaxLink {
			p.Add("evidence_url", "field.url", nil)
		}
	}
	if !slices.Contains(Levels, in.Level) {
		p.Add("level", "field.choice", nil)
	}
	if in.Base < 0 {
		p.Add("base", "field.choice", nil)
	}
}

// Report records a State's report on a commitment: a new report, after those it made
// (none is overwritten), at the level its submitter chooses. The rest of the State's
// team is told (not what it says). A report made since the one the reporter saw
// (in.Base) refuses it: a conflict carrying the current report (Stale).
func (s *Service) Report(ctx context.Context, actor plenary.Actor, in ReportInput) (Report, error) {
	in.State = strings.ToUpper(strings.TrimSpace(in.State))
	if err := s.MayReport(actor, in.State); err != nil {
		return Report{}, err
	}
	c, err := s.store.Commitment(ctx, in.CommitmentID)
	if err != nil {
		return Report{}, err
	}
	var p plenary.Problems
	in.check(&p)
	scale, err := s.scale(ctx, c.BodyID)
	if err != nil {
		return Report{}, err
	}
	if in.Status != "" && !slices.ContainsFunc(scale, func(st Status) bool { return st.Code == in.Status }) {
		p.Add("status", "followup.status_unknown", nil)
	}
	if in.EvidenceDocumentID != 0 {
		if _, err := s.registry.Get(ctx, actor, in.EvidenceDocumentID); err != nil {
			if k := plenary.ErrorKind(err); k != plenary.KindNotFound && k != plenary.KindUnauthenticated {
				return Report{}, err
			}
			p.Add("evidence_document", "followup.evidence_document", nil)
		}
	}
	var upload files.File
	hasFile := false
	if in.EvidenceFile != nil && len(in.EvidenceFile.Data) > 0 {
		upload, hasFile = files.CheckAny(&p, "evidence_file", *in.EvidenceFile, MaxFile, files.PDF, files.DOCX)
	}
	if err := p.Err(); err != nil {
		return Report{}, err
	}
	now := s.now()
	r := Report{CommitmentID: c.ID, State: in.State, Status: in.Status, Note: in.Note, NoteLanguage: in.NoteLanguage, Level: in.Level,
		Evidence: Evidence{URL: in.EvidenceURL, DocumentID: in.EvidenceDocumentID}, ReportedBy: actor.UserID, ReportedAt: now}
	if in.Level != Private {
		r.LevelSetAt = now
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockBody(ctx, c.BodyID); err != nil {
			return err
		}
		scale, err := scaleIn(ctx, tx, c.BodyID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(scale, func(st Status) bool { return st.Code == in.Status }) {
			return plenary.Invalid("status", "followup.status_unknown", nil)
		}
		latest, err := tx.LatestReport(ctx, c.ID, in.State)
		if err != nil && plenary.ErrorKind(err) != plenary.KindNotFound {
			return err
		}
		if latest.ID == 0 && in.Base != 0 {
			return plenary.Invalid("base", "field.choice", nil)
		}
		if latest.Number != in.Base {
			current, err := s.open(latest)
			if err != nil {
				return err
			}
			return &plenary.Error{Kind: plenary.KindConflict, Message: "followup.stale", Args: map[string]any{"Number": latest.Number},
				Err: &Stale{Current: current}}
		}
		r.Number = latest.Number + 1
		if hasFile {
			f, err := tx.SaveEvidence(ctx, EvidenceFile{CommitmentID: c.ID, State: in.State, Name: upload.Name, Type: upload.ContentType, CreatedAt: now})
			if err != nil {
				return err
			}
			f.Sealed = s.seal.Seal(sealFile, upload.Data, fileAD(c.ID, in.State, f.ID))
			if _, err := tx.SaveEvidence(ctx, f); err != nil {
				return err
			}
			r.Evidence.FileID, r.Evidence.FileName = f.ID, upload.Name
		}
		b, err := json.Marshal(r.content())
		if err != nil {
			return plenary.Internal(err)
		}
		sr, err := tx.CreateReport(ctx, StoredReport{Report: Report{CommitmentID: r.CommitmentID, State: r.State, Number: r.Number, Level: r.Level,
			ReportedBy: r.ReportedBy, ReportedAt: r.ReportedAt, LevelSetAt: r.LevelSetAt}, Sealed: s.seal.Seal(sealReport, b, reportAD(c.ID, r.State, r.Number))})
		if err != nil {
			return err
		}
		r.ID = sr.ID
		if err := tx.Publish(ctx, r); err != nil {
			return err
		}
		if err := s.tellReported(ctx, tx, actor, c, r); err != nil {
			return err
		}
		// The audit trail says who reported on what, and how far it is published: never
		// what the report says, not even its status.
		return tx.Audit(ctx, audit.New(actor, now, "followup.reported", "followup_report", r.ID, map[string]string{"state": r.State,
			"commitment": c.Code, "number": strconv.Itoa(r.Number), "level": string(r.Level), "evidence_file": strconv.FormatBool(hasFile)}))
	})
	if err != nil {
		return Report{}, err
	}
	s.cache.changed()
	return r, nil
}

// SetLevel publishes a report at a level, or takes it back to private (the State
// withdraws its publication): the State's submitter decides. While it is published its
// content is kept in clear for the figures; taken back, it is sealed only.
func (s *Service) SetLevel(ctx context.Context, actor plenary.Actor, reportID int64, level Level) (Report, error) {
	if !slices.Contains(Levels, level) {
		return Report{}, plenary.Invalid("level", "field.choice", nil)
	}
	sr, err := s.store.Report(ctx, reportID)
	if err != nil {
		return Report{}, err
	}
	if err := s.MayReport(actor, sr.State); err != nil {
		return Report{}, err
	}
	c, err := s.store.Commitment(ctx, sr.CommitmentID)
	if err != nil {
		return Report{}, err
	}
	r, err := s.open(sr)
	if err != nil {
		return Report{}, err
	}
	was := r.Level
	now := s.now()
	r.Level, r.LevelSetAt = level, now
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockBody(ctx, c.BodyID); err != nil {
			return err
		}
		if err := tx.SetReportLevel(ctx, r.ID, level, now); err != nil {
			return err
		}
		if err := tx.Publish(ctx, r); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "followup.level_set", "followup_report", r.ID, map[string]string{"state": r.State,
			"commitment": c.Code, "number": strconv.Itoa(r.Number), "level": string(level), "was": string(was)}))
	})
	if err != nil {
		return Report{}, err
	}
	s.cache.changed()
	return r, nil
}

// teamStates are the States on whose team actor is.
func teamStates(actor plenary.Actor) []string {
	var out []string
	for _, g := range actor.Grants {
		if g.State != "" && slices.Contains(plenary.TeamRoles, g.Role) && !slices.Contains(out, g.State) {
			out = append(out, g.State)
		}
	}
	return out
}

// key is one State's reports on one commitment.
type key struct {
	commitment int64
	state      string
}

// reports gathers the reports on a commitment (0: every one) of a State ("": every one)
// that actor may know of, newest first for each commitment and State: those published at
// a level actor reads, in clear; for the State's team, its own at every level, opened;
// for the Secretariat, that the others exist. What actor may read of each is View's to
// decide.
func (s *Service) reports(ctx context.Context, actor plenary.Actor, commitmentID int64, state string) (map[key][]Report, error) {
	out := map[key][]Report{}
	pub, err := s.published(ctx, commitmentID, state, readable(actor))
	if err != nil {
		return nil, err
	}
	// The published reports come newest first for each commitment and State, those of one
	// State on one commitment together: each State's are a part of the list, shared with
	// the other readers (its capacity cut, so that an append copies it).
	for i := 0; i < len(pub); {
		k := key{pub[i].CommitmentID, pub[i].State}
		j := i + 1
		for j < len(pub) && pub[j].CommitmentID == k.commitment && pub[j].State == k.state {
			j++
		}
		if prev, ok := out[k]; ok {
			out[k] = append(prev[:len(prev):len(prev)], pub[i:j]...)
		} else {
			out[k] = pub[i:j:j]
		}
		i = j
	}
	var rows []StoredReport
	if actor.IsSecretariat() {
		if rows, err = s.store.Reports(ctx, commitmentID, state); err != nil {
			return nil, err
		}
	}
	for _, st := range teamStates(actor) {
		if state != "" && st != state {
			continue
		}
		mine, err := s.store.Reports(ctx, commitmentID, st)
		if err != nil {
			return nil, err
		}
		rows = append(rows, mine...)
	}
	if len(rows) > 0 {
		known := make(map[int64]bool, len(pub)+len(rows))
		for _, r := range pub {
			known[r.ID] = true
		}
		for _, sr := range rows {
			if known[sr.ID] {
				continue
			}
			known[sr.ID] = true
			r := sr.Report
			if actor.OnTeam(sr.State) {
				if r, err = s.open(sr); err != nil {
					return nil, err
				}
			}
			k := key{r.CommitmentID, r.State}
			out[k] = append(out[k], r) // a shared part's capacity is cut: this copies it
		}
	}
	newest := func(a, b Report) int { return b.Number - a.Number }
	for k, rs := range out {
		if !slices.IsSortedFunc(rs, newest) {
			rs = slices.Clone(rs)
			slices.SortFunc(rs, newest)
			out[k] = rs
		}
	}
	return out, nil
}

// readable are the levels actor reads beyond its own State's reports: the survey's rule
// (public for everyone; States only too for those acting for a State and the
// Secretariat).
func readable(actor plenary.Actor) []Level { return survey.ReadableLevels(actor) }

// History is a State's reports on a commitment as actor may know of them, newest first:
// all of them to the State's team; to others those published to them (without who
// reported, except to the Secretariat), and to the Secretariat that the others exist
// (Withheld). Nothing is an empty history: "no report".
func (s *Service) History(ctx context.Context, actor plenary.Actor, commitmentID int64, state string) ([]Report, error) {
	if _, err := s.commitment(ctx, commitmentID); err != nil {
		return nil, err
	}
	state = strings.ToUpper(state)
	all, err := s.reports(ctx, actor, commitmentID, state)
	if err != nil {
		return nil, err
	}
	var out []Report
	for _, r := range all[key{commitmentID, state}] {
		if x, ok := Read(actor, r); ok {
			out = append(out, x)
		}
	}
	return out, nil
}

// Standings are where the States stand on a commitment as actor sees it: each State of
// which actor knows a report, by code.
func (s *Service) Standings(ctx context.Context, actor plenary.Actor, commitmentID int64) ([]Standing, error) {
	if _, err := s.commitment(ctx, commitmentID); err != nil {
		return nil, err
	}
	all, err := s.reports(ctx, actor, commitmentID, "")
	if err != nil {
		return nil, err
	}
	return standings(actor, all), nil
}

func standings(actor plenary.Actor, all map[key][]Report) []Standing {
	out := make([]Standing, 0, len(all))
	for _, rs := range all {
		if st := View(actor, rs); st.Reports > 0 {
			out = append(out, st)
		}
	}
	slices.SortFunc(out, func(a, b Standing) int {
		if a.CommitmentID != b.CommitmentID {
			return int(a.CommitmentID - b.CommitmentID)
		}
		return strings.Compare(a.State, b.State)
	})
	return out
}

// Evidence returns a file attached to a report, to the State's team, and to those who
// read a report citing it.
func (s *Service) Evidence(ctx context.Context, actor plenary.Actor, fileID int64) (files.File, error) {
	f, err := s.store.EvidenceFile(ctx, fileID)
	if err != nil {
		return files.File{}, err
	}
	if !actor.OnTeam(f.State) {
		pub, err := s.store.Published(ctx, f.CommitmentID, f.State, readable(actor))
		if err != nil {
			return files.File{}, err
		}
		if !slices.ContainsFunc(pub, func(r Report) bool { return r.Evidence.FileID == fileID }) {
			return files.File{}, plenary.Hidden(actor)
		}
	}
	data, err := s.seal.Open(sealFile, f.Sealed, fileAD(f.CommitmentID, f.State, f.ID))
	if err != nil {
		return files.File{}, plenary.Internal(err)
	}
	return files.File{ID: f.ID, Name: f.Name, ContentType: f.Type, Size: int64(len(data)), Data: data, CreatedAt: f.CreatedAt}, nil
}
