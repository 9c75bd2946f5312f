package store

import (
	"context"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/framework"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Frameworks is the store of the framework domain.
func (db *DB) Frameworks() framework.Store { return frameworkStore{db} }

type frameworkStore struct{ db *DB }

// frameworkTx is the transaction as the framework domain sees it (its Versions and
// Elements would read like other domains' methods on *Tx).
type frameworkTx struct{ *Tx }

var (
	_ framework.Store = frameworkStore{}
	_ framework.Tx    = frameworkTx{}
)

func (s frameworkStore) InTx(ctx context.Context, fn func(framework.Tx) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return fn(frameworkTx{tx}) })
}

func (s frameworkStore) Frameworks(ctx context.Context) ([]framework.Framework, error) {
	return frameworks(ctx, s.db.q)
}

func (s frameworkStore) Framework(ctx context.Context, id int64) (framework.Framework, error) {
	all, err := frameworks(ctx, s.db.q)
	if err != nil {
		return framework.Framework{}, err
	}
	for _, f := range all {
		if f.ID == id {
			return f, nil
		}
	}
	return framework.Framework{}, plenary.NotFound()
}

func (s frameworkStore) FrameworkByCode(ctx context.Context, code string) (framework.Framework, error) {
	all, err := frameworks(ctx, s.db.q)
	if err != nil {
		return framework.Framework{}, err
	}
	for _, f := range all {
		if f.Code == code {
			return f, nil
		}
	}
	return framework.Framework{}, plenary.NotFound()
}

func (s frameworkStore) Versions(ctx context.Context, frameworkID int64) ([]framework.Version, error) {
	return frameworkVersions(ctx, s.db.q, frameworkID)
}

func (s frameworkStore) Version(ctx context.Context, id int64) (framework.Version, error) {
	return frameworkVersion(ctx, s.db.q, id)
}

func (s frameworkStore) Elements(ctx context.Context, versionID int64) ([]framework.Element, error) {
	return frameworkElements(ctx, s.db.q, versionID)
}

// frameworks reads every framework with its names: there are a handful.
func frameworks(ctx context.Context, q *query.Queries) ([]framework.Framework, error) {
	rows, err := q.ListFrameworks(ctx)
	if err != nil {
		return nil, translate(err)
	}
	names, err := q.ListFrameworkNames(ctx)
	if err != nil {
		return nil, translate(err)
	}
	byID := map[int64]plenary.Localized{}
	for _, n := range names {
		if byID[n.FrameworkID] == nil {
			byID[n.FrameworkID] = plenary.Localized{}
		}
		byID[n.FrameworkID][n.Lang] = n.Name
	}
	out := make([]framework.Framework, len(rows))
	for i, r := range rows {
		out[i] = framework.Framework{ID: r.ID, Code: r.Code, Names: byID[r.ID], CreatedAt: utc(r.CreatedAt), UpdatedAt: utc(r.UpdatedAt)}
		if out[i].Names == nil {
			out[i].Names = plenary.Localized{}
		}
	}
	return out, nil
}

func frameworkVersions(ctx context.Context, q *query.Queries, frameworkID int64) ([]framework.Version, error) {
	rows, err := q.ListFrameworkVersions(ctx, frameworkID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]framework.Version, len(rows))
	for i, r := range rows {
		out[i] = frameworkVersionFromRow(r)
	}
	return out, nil
}

func frameworkVersion(ctx context.Context, q *query.Queries, id int64) (framework.Version, error) {
	r, err := q.GetFrameworkVersion(ctx, id)
	if err != nil {
		return framework.Version{}, translate(err)
	}
	return frameworkVersionFromRow(r), nil
}

func frameworkVersionFromRow(r query.FrameworkVersion) framework.Version {
	return framework.Version{ID: r.ID, FrameworkID: r.FrameworkID, Number: int(r.Number), Status: framework.Status(r.Status), Note: r.Note,
		CreatedAt: utc(r.CreatedAt), CreatedBy: r.CreatedBy.Int64, PublishedAt: fromNullTime(r.PublishedAt), PublishedBy: r.PublishedBy.Int64}
}

// frameworkElements reads a version's elements and their texts: two queries whatever the
// number of elements.
func frameworkElements(ctx context.Context, q *query.Queries, versionID int64) ([]framework.Element, error) {
	rows, err := q.ListFrameworkElements(ctx, versionID)
	if err != nil {
		return nil, translate(err)
	}
	texts, err := q.ListFrameworkElementTexts(ctx, versionID)
	if err != nil {
		return nil, translate(err)
	}
	out := make([]framework.Element, len(rows))
	at := make(map[int64]int, len(rows))
	for i, r := range rows {
		out[i] = framework.Element{ID: r.ID, VersionID: r.VersionID, Code: r.Code, Parent: r.Parent, Kind: r.Kind, Position: int(r.Position),
			SourceSymbol: r.SourceSymbol, SourceParagraph: r.SourceParagraph, Mark: framework.Mark(r.Mark),
			Titles: plenary.Localized{}, Texts: plenary.Localized{}}
		at[r.ID] = i
	}
	for _, t := range texts {
		if i, ok := at[t.ElementID]; ok {
			out[i].Titles[t.Lang] = t.Title
			if t.Body != "" {
				out[i].Texts[t.Lang] = t.Body
			}
		}
	}
	return out, nil
}

func (t frameworkTx) CreateFramework(ctx context.Context, f framework.Framework) (framework.Framework, error) {
	r, err := t.q.CreateFramework(ctx, query.CreateFrameworkParams{Code: f.Code, CreatedAt: f.CreatedAt.UTC()})
	if err != nil {
		return framework.Framework{}, translate(err)
	}
	f.ID = r.ID
	return f, t.putFrameworkNames(ctx, f)
}

func (t frameworkTx) UpdateFramework(ctx context.Context, f framework.Framework) error {
	if err := t.q.UpdateFramework(ctx, query.UpdateFrameworkParams{ID: f.ID, UpdatedAt: f.UpdatedAt.UTC()}); err != nil {
		return translate(err)
	}
	if err := t.q.DeleteFrameworkNames(ctx, f.ID); err != nil {
		return translate(err)
	}
	return t.putFrameworkNames(ctx, f)
}

func (t frameworkTx) putFrameworkNames(ctx context.Context, f framework.Framework) error {
	for _, lang := range plenary.Languages {
		if n := f.Names[lang]; n != "" {
			if err := t.q.PutFrameworkName(ctx, query.PutFrameworkNameParams{FrameworkID: f.ID, Lang: lang, Name: n}); err != nil {
				return translate(err)
			}
		}
	}
	return nil
}

// frameworkLockBase puts each framework's advisory lock in its own key space.
const frameworkLockBase = 7_361_500_000_000

func (t frameworkTx) LockFramework(ctx context.Context, id int64) error {
	return t.advisoryLock(ctx, frameworkLockBase+id)
}

func (t frameworkTx) Versions(ctx context.Context, frameworkID int64) ([]framework.Version, error) {
	return frameworkVersions(ctx, t.q, frameworkID)
}

func (t frameworkTx) Version(ctx context.Context, id int64) (framework.Version, error) {
	return frameworkVersion(ctx, t.q, id)
}

func (t frameworkTx) CreateVersion(ctx context.Context, v framework.Version) (framework.Version, error) {
	r, err := t.q.CreateFrameworkVersion(ctx, query.CreateFrameworkVersionParams{FrameworkID: v.FrameworkID, Number: int32(v.Number),
		Status: string(v.Status), Note: v.Note, CreatedAt: v.CreatedAt.UTC(), CreatedBy: toNullInt64(v.CreatedBy)})
	if err != nil {
		return framework.Version{}, translate(err)
	}
	return frameworkVersionFromRow(r), nil
}

func (t frameworkTx) UpdateVersion(ctx context.Context, v framework.Version) error {
	return translate(t.q.UpdateFrameworkVersion(ctx, query.UpdateFrameworkVersionParams{ID: v.ID, Status: string(v.Status), Note: v.Note,
		PublishedAt: toNullTime(v.PublishedAt), PublishedBy: toNullInt64(v.PublishedBy)}))
}

func (t frameworkTx) DeleteVersion(ctx context.Context, id int64) error {
	return translate(t.q.DeleteFrameworkVersion(ctx, id))
}

func (t frameworkTx) Elements(ctx context.Context, versionID int64) ([]framework.Element, error) {
	return frameworkElements(ctx, t.q, versionID)
}

// ReplaceElements writes a draft's elements anew: a draft is at most a few thousand
// rows, rewritten by the Secretariat now and then, and a rewrite keeps positions dense.
func (t frameworkTx) ReplaceElements(ctx context.Context, versionID int64, es []framework.Element) error {
	if err := t.q.DeleteFrameworkElements(ctx, versionID); err != nil {
		return translate(err)
	}
	for i, e := range es {
		id, err := t.q.CreateFrameworkElement(ctx, query.CreateFrameworkElementParams{VersionID: versionID, Code: e.Code, Parent: e.Parent,
			Kind: e.Kind, Position: int32(i), SourceSymbol: e.SourceSymbol, SourceParagraph: e.SourceParagraph, Mark: string(e.Mark)})
		if err != nil {
			return translate(err)
		}
		for _, lang := range plenary.Languages {
			if title := e.Titles[lang]; title != "" {
				if err := t.q.PutFrameworkElementText(ctx, query.PutFrameworkElementTextParams{ElementID: id, Lang: lang, Title: title,
					Body: e.Texts[lang]}); err != nil {
					return translate(err)
				}
			}
		}
	}
	return nil
}
