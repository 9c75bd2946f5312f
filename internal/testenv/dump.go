package testenv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Dump returns everything the environment's database holds, as a thief with a copy of it
// would have it: on SQLite the bytes of its files (the database and its write-ahead log),
// on PostgreSQL what pg_dump writes. Tests search it for what must be sealed at rest.
func (e *Env) Dump(t testing.TB) []byte {
	t.Helper()
	if e.Config.DatabaseURL == "" {
		var out bytes.Buffer
		files, _ := filepath.Glob(filepath.Join(e.Config.DataDir, "plenary.db*"))
		if len(files) == 0 {
			t.Fatal("testenv: no SQLite files to dump")
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(b)
		}
		return out.Bytes()
	}
	bin, err := pgBinDir()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, "pg_dump"), "--data-only", "--no-owner", e.Config.DatabaseURL)
	if os.Geteuid() == 0 {
		// The cluster runs as postgres; pg_dump connects over TCP with the URL's user.
		cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("testenv: pg_dump: %v", err)
	}
	if len(out) < 1000 {
		t.Fatalf("testenv: pg_dump wrote only %d bytes: the search would miss a leak", len(out))
	}
	return out
}
