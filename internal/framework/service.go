package framework

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/audit"
)

// Store is what the framework domain reads.
type Store interface {
	Frameworks(ctx context.Context) ([]Framework, error)
	Framework(ctx context.Context, id int64) (Framework, error)
	FrameworkByCode(ctx context.Context, code string) (Framework, error)
	// Versions are a framework's versions, newest first.
	Versions(ctx context.Context, frameworkID int64) ([]Version, error)
	Version(ctx context.Context, id int64) (Version, error)
	// Elements are a version's elements by position.
	Elements(ctx context.Context, versionID int64) ([]Element, error)
	InTx(ctx context.Context, fn func(Tx) error) error
}

// Tx is what the framework domain changes in one transaction.
type Tx interface {
	CreateFramework(ctx context.Context, f Framework) (Framework, error)
	UpdateFramework(ctx context.Context, f Framework) error
	// LockFramework serialises the changes of a framework's versions.
	LockFramework(ctx context.Context, id int64) error
	Versions(ctx context.Context, frameworkID int64) ([]Version, error)
	Version(ctx context.Context, id int64) (Version, error)
	CreateVersion(ctx context.Context, v Version) (Version, error)
	UpdateVersion(ctx context.Context, v Version) error
	DeleteVersion(ctx context.Context, id int64) error
	Elements(ctx context.Context, versionID int64) ([]Element, error)
	// ReplaceElements makes es the version's elements, in their order.
	ReplaceElements(ctx context.Context, versionID int64, es []Element) error
	Audit(ctx context.Context, e audit.Event) error
}

// Service keeps the frameworks.
type Service struct {
	store Store
	clock plenary.Clock
}

// NewService builds the service.
func NewService(s Store, c plenary.Clock) *Service { return &Service{store: s, clock: c} }

func (s *Service) now() time.Time { return s.clock.Now().UTC() }

// MayManage tells whether actor edits and publishes frameworks: the Secretariat.
func (s *Service) MayManage(actor plenary.Actor) error {
	if !actor.IsSecretariat() || !actor.CanWrite() {
		return plenary.Deny(actor)
	}
	return nil
}

// List returns every framework; frameworks are public.
func (s *Service) List(ctx context.Context, _ plenary.Actor) ([]Framework, error) {
	return s.store.Frameworks(ctx)
}

// ByCode returns a framework by its code.
func (s *Service) ByCode(ctx context.Context, _ plenary.Actor, code string) (Framework, error) {
	return s.store.FrameworkByCode(ctx, strings.ToLower(code))
}

// Versions returns a framework's versions, newest first: the published ones, and the
// draft for the Secretariat.
func (s *Service) Versions(ctx context.Context, actor plenary.Actor, frameworkID int64) ([]Version, error) {
	vs, err := s.store.Versions(ctx, frameworkID)
	if err != nil {
		return nil, err
	}
	if s.MayManage(actor) == nil {
		return vs, nil
	}
	return slices.DeleteFunc(vs, func(v Version) bool { return v.Status != Published }), nil
}

// Version returns a version with its elements; a draft is the Secretariat's alone.
func (s *Service) Version(ctx context.Context, actor plenary.Actor, id int64) (Version, []Element, error) {
	v, err := s.store.Version(ctx, id)
	if err != nil {
		return Version{}, nil, err
	}
	if v.Status != Published && s.MayManage(actor) != nil {
		return Version{}, nil, plenary.Hidden(actor)
	}
	es, err := s.store.Elements(ctx, id)
	return v, es, err
}

// Current returns a framework's latest published version with its elements.
func (s *Service) Current(ctx context.Context, actor plenary.Actor, frameworkID int64) (Version, []Element, error) {
	vs, err := s.store.Versions(ctx, frameworkID)
	if err != nil {
		return Version{}, nil, err
	}
	for _, v := range vs {
		if v.Status == Published {
			es, err := s.store.Elements(ctx, v.ID)
			return v, es, err
		}
	}
	return Version{}, nil, plenary.NotFound()
}

// Input is a framework as the Secretariat names it.
type Input struct {
	Code  string
	Names plenary.Localized
}

func (in *Input) normalize() {
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	names := plenary.Localized{}
	for l, n := range in.Names {
		if n = strings.Join(strings.Fields(n), " "); n != "" {
			names[l] = n
		}
	}
	in.Names = names
}

func (in Input) check(p *plenary.Problems) {
	if p.Required("code", in.Code) && !frameworkCodeRE.MatchString(in.Code) {
		p.Add("code", "framework.code_format", nil)
	}
	if len(in.Names) == 0 {
		p.Add("names", "framework.name_required", nil)
	}
	for l, n := range in.Names {
		if !plenary.ValidLanguage(l) {
			p.Add("names", "field.choice", nil)
		} else if p.Line("name_"+l, n) {
			p.MaxLength("name_"+l, n, MaxName)
		}
	}
}

// Create records a framework, without versions yet.
func (s *Service) Create(ctx context.Context, actor plenary.Actor, in Input) (Framework, error) {
	if err := s.MayManage(actor); err != nil {
		return Framework{}, err
	}
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if !p.Has("code") {
		if _, err := s.store.FrameworkByCode(ctx, in.Code); err == nil {
			p.Add("code", "framework.code_taken", nil)
		} else if plenary.ErrorKind(err) != plenary.KindNotFound {
			return Framework{}, err
		}
	}
	if err := p.Err(); err != nil {
		return Framework{}, err
	}
	now := s.now()
	f := Framework{Code: in.Code, Names: in.Names, CreatedAt: now, UpdatedAt: now}
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if f, err = tx.CreateFramework(ctx, f); err != nil {
			if plenary.ErrorKind(err) == plenary.KindConflict {
				return plenary.Invalid("code", "framework.code_taken", nil)
			}
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.created", "framework", f.ID, map[string]string{"code": f.Code}))
	})
	return f, err
}

// Rename changes a framework's names; its code stays (it is in addresses).
func (s *Service) Rename(ctx context.Context, actor plenary.Actor, id int64, names plenary.Localized) (Framework, error) {
	if err := s.MayManage(actor); err != nil {
		return Framework{}, err
	}
	f, err := s.store.Framework(ctx, id)
	if err != nil {
		return Framework{}, err
	}
	in := Input{Code: f.Code, Names: names}
	in.normalize()
	var p plenary.Problems
	in.check(&p)
	if err := p.Err(); err != nil {
		return Framework{}, err
	}
	now := s.now()
	f.Names, f.UpdatedAt = in.Names, now
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.UpdateFramework(ctx, f); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.renamed", "framework", f.ID, nil))
	})
	return f, err
}

// StartDraft opens the next version of a framework as a draft, holding the elements of the
// latest published version (none for a first version). A framework has one draft at a
// time.
func (s *Service) StartDraft(ctx context.Context, actor plenary.Actor, frameworkID int64) (Version, error) {
	if err := s.MayManage(actor); err != nil {
		return Version{}, err
	}
	now := s.now()
	var v Version
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.LockFramework(ctx, frameworkID); err != nil {
			return err
		}
		vs, err := tx.Versions(ctx, frameworkID)
		if err != nil {
			return err
		}
		var from Version
		for _, x := range vs {
			if x.Status == Draft {
				return plenary.Conflict("framework.draft_exists", map[string]any{"Number": x.Number})
			}
			if from.ID == 0 {
				from = x
			}
		}
		v = Version{FrameworkID: frameworkID, Number: len(vs) + 1, Status: Draft, CreatedAt: now, CreatedBy: actor.UserID}
		if v, err = tx.CreateVersion(ctx, v); err != nil {
			return err
		}
		if from.ID != 0 {
			es, err := tx.Elements(ctx, from.ID)
			if err != nil {
				return err
			}
			if err := tx.ReplaceElements(ctx, v.ID, es); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.draft_started", "framework_version", v.ID,
			map[string]string{"framework": strconv.FormatInt(frameworkID, 10), "number": strconv.Itoa(v.Number)}))
	})
	return v, err
}

// draft reads a version under the framework's lock and checks it is a draft.
func draft(ctx context.Context, tx Tx, id int64) (Version, error) {
	v, err := tx.Version(ctx, id)
	if err != nil {
		return Version{}, err
	}
	if err := tx.LockFramework(ctx, v.FrameworkID); err != nil {
		return Version{}, err
	}
	if v, err = tx.Version(ctx, id); err != nil {
		return Version{}, err
	}
	if v.Status != Draft {
		return Version{}, plenary.Conflict("framework.version_published", map[string]any{"Number": v.Number})
	}
	return v, nil
}

// Import replaces a draft's elements with those of a CSV file (see Parse). A file with
// any problem changes nothing; the problems name their lines.
func (s *Service) Import(ctx context.Context, actor plenary.Actor, versionID int64, r io.Reader) (int, error) {
	if err := s.MayManage(actor); err != nil {
		return 0, err
	}
	es, err := Parse(r)
	if err != nil {
		return 0, err
	}
	now := s.now()
	err = s.store.InTx(ctx, func(tx Tx) error {
		if _, err := draft(ctx, tx, versionID); err != nil {
			return err
		}
		if err := tx.ReplaceElements(ctx, versionID, es); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.imported", "framework_version", versionID,
			map[string]string{"elements": strconv.Itoa(len(es))}))
	})
	return len(es), err
}

// ElementInput is an element as the Secretariat edits it in a draft.
type ElementInput struct {
	Code, Parent, Kind            string
	Titles, Texts                 plenary.Localized
	SourceSymbol, SourceParagraph string
	Mark                          Mark
}

// SaveElement adds an element to a draft, or changes the one with code (a change may
// rename it; its children follow). The draft is checked as a whole.
func (s *Service) SaveElement(ctx context.Context, actor plenary.Actor, versionID int64, code string, in ElementInput) (Element, error) {
	if err := s.MayManage(actor); err != nil {
		return Element{}, err
	}
	e := Element{Code: strings.ToLower(strings.TrimSpace(in.Code)), Parent: strings.ToLower(strings.TrimSpace(in.Parent)),
		Kind: strings.ToLower(strings.TrimSpace(in.Kind)), Titles: trimmed(in.Titles), Texts: trimmed(in.Texts),
		SourceSymbol: strings.TrimSpace(in.SourceSymbol), SourceParagraph: strings.TrimSpace(in.SourceParagraph), Mark: in.Mark}
	now := s.now()
	err := s.store.InTx(ctx, func(tx Tx) error {
		if _, err := draft(ctx, tx, versionID); err != nil {
			return err
		}
		es, err := tx.Elements(ctx, versionID)
		if err != nil {
			return err
		}
		at := slices.IndexFunc(es, func(x Element) bool { return x.Code == code })
		switch {
		case code == "":
			e.Position = len(es)
			es = append(es, e)
		case at < 0:
			return plenary.NotFound()
		default:
			e.Position = es[at].Position
			for i := range es {
				if es[i].Parent == code {
					es[i].Parent = e.Code
				}
			}
			es[at] = e
		}
		// The draft is checked as a whole: a problem names the element at fault by its code.
		if err := Check(es); err != nil {
			return err
		}
		if err := tx.ReplaceElements(ctx, versionID, es); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.element_saved", "framework_version", versionID,
			map[string]string{"code": e.Code, "was": code}))
	})
	return e, err
}

// RemoveElement takes an element out of a draft; one with elements under it stays.
func (s *Service) RemoveElement(ctx context.Context, actor plenary.Actor, versionID int64, code string) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		if _, err := draft(ctx, tx, versionID); err != nil {
			return err
		}
		es, err := tx.Elements(ctx, versionID)
		if err != nil {
			return err
		}
		at := slices.IndexFunc(es, func(x Element) bool { return x.Code == code })
		if at < 0 {
			return plenary.NotFound()
		}
		if slices.ContainsFunc(es, func(x Element) bool { return x.Parent == code }) {
			return plenary.Conflict("framework.element_has_children", nil)
		}
		if err := tx.ReplaceElements(ctx, versionID, slices.Delete(es, at, at+1)); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.element_removed", "framework_version", versionID, map[string]string{"code": code}))
	})
}

// Publish makes a draft the framework's current version, for good.
func (s *Service) Publish(ctx context.Context, actor plenary.Actor, versionID int64, note string) (Version, error) {
	if err := s.MayManage(actor); err != nil {
		return Version{}, err
	}
	note = strings.TrimSpace(note)
	var p plenary.Problems
	p.MaxLength("note", note, MaxNote)
	if err := p.Err(); err != nil {
		return Version{}, err
	}
	now := s.now()
	var v Version
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if v, err = draft(ctx, tx, versionID); err != nil {
			return err
		}
		es, err := tx.Elements(ctx, versionID)
		if err != nil {
			return err
		}
		if err := Check(es); err != nil {
			return err
		}
		v.Status, v.Note, v.PublishedAt, v.PublishedBy = Published, note, now, actor.UserID
		if err := tx.UpdateVersion(ctx, v); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.published", "framework_version", v.ID,
			map[string]string{"framework": strconv.FormatInt(v.FrameworkID, 10), "number": strconv.Itoa(v.Number), "elements": strconv.Itoa(len(es))}))
	})
	return v, err
}

// DiscardDraft deletes a draft; published versions stay for good.
func (s *Service) DiscardDraft(ctx context.Context, actor plenary.Actor, versionID int64) error {
	if err := s.MayManage(actor); err != nil {
		return err
	}
	now := s.now()
	return s.store.InTx(ctx, func(tx Tx) error {
		v, err := draft(ctx, tx, versionID)
		if err != nil {
			return err
		}
		if err := tx.DeleteVersion(ctx, v.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.New(actor, now, "framework.draft_discarded", "framework_version", v.ID,
			map[string]string{"framework": strconv.FormatInt(v.FrameworkID, 10), "number": strconv.Itoa(v.Number)}))
	})
}

func trimmed(l plenary.Localized) plenary.Localized {
	out := plenary.Localized{}
	for lang, t := range l {
		if t = strings.TrimSpace(t); t != "" && plenary.ValidLanguage(lang) {
			out[lang] = t
		}
	}
	return out
}

// Changes lists what changed in a framework's version since an earlier (or later) one of
// the same framework (see Diff), as actor may read both: a draft is the Secretariat's.
// A version of another framework is refused as since's problem.
func (s *Service) Changes(ctx context.Context, actor plenary.Actor, versionID, since int64) ([]Difference, error) {
	v, es, err := s.Version(ctx, actor, versionID)
	if err != nil {
		return nil, err
	}
	old, oldEs, err := s.Version(ctx, actor, since)
	if plenary.ErrorKind(err) == plenary.KindNotFound || (err == nil && old.FrameworkID != v.FrameworkID) {
		return nil, plenary.Invalid("since", "field.choice", nil)
	}
	if err != nil {
		return nil, err
	}
	return Diff(oldEs, es), nil
}

// Change is how an element differs between two versions.
type Change string

const (
	Added   Change = "added"
	Removed Change = "removed"
	Edited  Change = "edited"
)

// Difference is one element that differs between two versions.
type Difference struct {
	Code   string
	Change Change
	Old    *Element
	New    *Element
}

// Diff lists what changed from old to new, in new's order, then what was removed.
func Diff(old, new []Element) []Difference {
	byCode := map[string]Element{}
	for _, e := range old {
		byCode[e.Code] = e
	}
	var out []Difference
	seen := map[string]bool{}
	for _, e := range new {
		seen[e.Code] = true
		o, ok := byCode[e.Code]
		switch {
		case !ok:
			out = append(out, Difference{Code: e.Code, Change: Added, New: &e})
		case !sameElement(o, e):
			out = append(out, Difference{Code: e.Code, Change: Edited, Old: &o, New: &e})
		}
	}
	for _, o := range old {
		if !seen[o.Code] {
			out = append(out, Difference{Code: o.Code, Change: Removed, Old: &o})
		}
	}
	return out
}

func sameElement(a, b Element) bool {
	return a.Parent == b.Parent && a.Kind == b.Kind && a.SourceSymbol == b.SourceSymbol && a.SourceParagraph == b.SourceParagraph &&
		a.Mark == b.Mark && sameText(a.Titles, b.Titles) && sameText(a.Texts, b.Texts)
}

func sameText(a, b plenary.Localized) bool {
	for _, l := range plenary.Languages {
		if a[l] != b[l] {
			return false
		}
	}
	return true
}
