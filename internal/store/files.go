package store

import (
	"context"

	"github.com/plenary-platform/plenary/internal/files"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// SaveFile stores an uploaded file in tx.
func (t *Tx) SaveFile(ctx context.Context, f files.File) (files.File, error) {
	id, err := t.q.CreateFile(ctx, query.CreateFileParams{Name: f.Name, ContentType: f.ContentType, Size: f.Size,
		Sha256: f.SHA256, Data: f.Data, CreatedBy: toNullInt64(f.CreatedBy), CreatedAt: f.CreatedAt.UTC()})
	if err != nil {
		return files.File{}, translate(err)
	}
	f.ID = id
	return f, nil
}

func fileByID(ctx context.Context, q *query.Queries, id int64) (files.File, error) {
	r, err := q.GetFile(ctx, id)
	if err != nil {
		return files.File{}, translate(err)
	}
	return files.File{ID: r.ID, Name: r.Name, ContentType: r.ContentType, Size: r.Size, SHA256: r.Sha256,
		Data: r.Data, CreatedBy: r.CreatedBy.Int64, CreatedAt: utc(r.CreatedAt)}, nil
}
