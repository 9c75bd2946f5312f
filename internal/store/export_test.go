package store

import "context"

// RawExec runs a statement in t, for tests that break a transaction on purpose.
func (t *Tx) RawExec(ctx context.Context, stmt string) error {
	_, err := t.tx.ExecContext(ctx, stmt)
	return err
}
