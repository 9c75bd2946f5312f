package plenary_test

import (
	"testing"

	"github.com/plenary-platform/plenary"
)

func TestLine(t *testing.T) {
	for s, ok := range map[string]bool{
		"Claire Martin":        true,
		"عمر حسن":              true,
		"李伟":                   true,
		"\u200fعمر\u200e":      true, // RLM and LRM are ordinary in Arabic text
		"Claire\nMartin":       false,
		"nul\x00":              false,
		"evil\u202Egnp.exe":    false, // right-to-left override
		"isolate\u2066x\u2069": false,
		"bad\xffutf8":          false,
	} {
		var p plenary.Problems
		if got := p.Line("name", s); got != ok {
			t.Errorf("Line(%q) = %v, want %v", s, got, ok)
		}
	}
}

func TestEmail(t *testing.T) {
	for s, ok := range map[string]bool{
		"a@example.org": true, "first.last+tag@sub.example.org": true,
		"no-at": false, "a@b": false, "Name <a@example.org>": false, "a@example.org\r\nBcc: x@y.z": false, "": false,
	} {
		if plenary.ValidEmail(s) != ok {
			t.Errorf("ValidEmail(%q) != %v", s, ok)
		}
	}
}
