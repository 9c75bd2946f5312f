package mail

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// Dir "sends" by writing each message as an .eml file into a folder. It is the sender
// when no SMTP server is configured, so that a newcomer's demo can still show the
// password reset mail.
type Dir struct {
	path string
	from string
	seq  atomic.Int64
}

func NewDir(path, from string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o750); err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return &Dir{path: path, from: from}, nil
}

// Path is the folder messages are written to.
func (d *Dir) Path() string { return d.path }

func (d *Dir) Send(_ context.Context, m Message) error {
	msg, err := build(d.from, m)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%04d.eml", time.Now().UTC().Format("20060102T150405.000000"), d.seq.Add(1))
	f, err := os.OpenFile(filepath.Join(d.path, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	if _, err := msg.WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("mail: %w", err)
	}
	return f.Close()
}
