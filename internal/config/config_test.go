package config_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/plenary-platform/plenary/internal/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := config.Parse("serve", nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.Database() != "sqlite:data/plenary.db" || c.Postgres() ||
		c.BaseURL != "http://127.0.0.1:8080" || c.Secure() || c.SessionIdle != 2*time.Hour {
		t.Fatalf("%+v", c)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	c, err := config.Parse("serve", []string{"--addr", "0.0.0.0:9000", "--demo"}, env(map[string]string{
		"PLENARY_ADDR": "127.0.0.1:1", "PLENARY_DATABASE_URL": "postgres://u:secret@db/plenary",
		"PLENARY_BASE_URL": "https://plenary.example.org/", "PLENARY_SESSION_IDLE": "30m", "PLENARY_WORKERS": "4",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || !c.Demo || !c.Postgres() || c.BaseURL != "https://plenary.example.org" ||
		!c.Secure() || c.SessionIdle != 30*time.Minute || c.Workers != 4 {
		t.Fatalf("%+v", c)
	}
	red := c.Redacted()
	if s := red["database"].(string); strings.Contains(s, "secret") || !strings.Contains(s, "xxxxx") {
		t.Fatalf("the password shows in %q", s)
	}
}

func TestInvalid(t *testing.T) {
	for _, args := range [][]string{
		{"--addr", "no-port"},
		{"--database-url", "mysql://x"},
		{"--base-url", "ftp://x"},
		{"--log-format", "xml"},
		{"--log-level", "loud"},
		{"--session-idle", "13h"},
		{"--workers", "0"},
		{"stray"},
	} {
		if _, err := config.Parse("serve", args, env(nil), io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
