package store

import (
	"context"
	"time"

	"github.com/plenary-platform/plenary"
	"github.com/plenary-platform/plenary/internal/store/query"
)

// Setting returns a stored setting, and false if it was never set.
func (db *DB) Setting(ctx context.Context, key string) (string, bool, error) {
	v, err := db.q.GetSetting(ctx, key)
	if err = translate(err); err != nil {
		if plenary.ErrorKind(err) == plenary.KindNotFound {
			return "", false, nil
		}
		return "", false, err
	}
	return v, true, nil
}

// PutSetting stores a setting in tx.
func (t *Tx) PutSetting(ctx context.Context, key, value string, at time.Time) error {
	return translate(t.q.PutSetting(ctx, query.PutSettingParams{Key: key, Value: value, UpdatedAt: at.UTC()}))
}
