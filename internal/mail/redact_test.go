package mail

import (
	"errors"
	"strings"
	"testing"
)

// TestRedacted: a sending error keeps its cause for errors.Is but not the recipient's
// address, which the mail server's answer quoted.
func TestRedacted(t *testing.T) {
	cause := errors.New("550 5.1.1 <duty@cert.example.jp>: recipient unknown")
	err := error(redacted{err: cause, to: "duty@cert.example.jp"})
	if strings.Contains(err.Error(), "duty@") || !strings.Contains(err.Error(), "…@cert.example.jp") {
		t.Errorf("error %q", err)
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is lost")
	}
}
