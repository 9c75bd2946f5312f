package secret_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/plenary-platform/plenary/internal/secret"
)

func TestMAC(t *testing.T) {
	k := secret.Generate()
	m := k.MAC("link", "42", "salt")
	if !k.Verify(m, "link", "42", "salt") {
		t.Fatal("own MAC refused")
	}
	for _, c := range [][]string{{"other", "42", "salt"}, {"link", "43", "salt"}, {"link", "4", "2salt"}} {
		if k.Verify(m, c[0], c[1:]...) {
			t.Errorf("MAC accepted for %v", c)
		}
	}
	if secret.Generate().Verify(m, "link", "42", "salt") {
		t.Error("another key accepts the MAC")
	}
}

func TestSeal(t *testing.T) {
	k := secret.Generate()
	s := k.Seal("totp", []byte("JBSWY3DP"), []byte("user:1"))
	if s == k.Seal("totp", []byte("JBSWY3DP"), []byte("user:1")) {
		t.Error("sealing is deterministic")
	}
	pt, err := k.Open("totp", s, []byte("user:1"))
	if err != nil || !bytes.Equal(pt, []byte("JBSWY3DP")) {
		t.Fatalf("%q %v", pt, err)
	}
	if _, err := k.Open("totp", s, []byte("user:2")); err == nil {
		t.Error("opened for another user")
	}
	if _, err := k.Open("other", s, []byte("user:1")); err == nil {
		t.Error("opened for another purpose")
	}
	if _, err := secret.Generate().Open("totp", s, []byte("user:1")); err == nil {
		t.Error("opened with another key")
	}
}

func TestLoadOrCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "secret.key")
	k1, err := secret.LoadOrCreate(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v", info.Mode(), err)
	}
	k2, err := secret.LoadOrCreate(path)
	if err != nil || k1.String() != k2.String() {
		t.Fatal("the key changed between starts")
	}
	if _, err := secret.Parse("too short"); err == nil {
		t.Error("a short key was accepted")
	}
	if p, err := secret.Parse(k1.String()); err != nil || p.String() != k1.String() {
		t.Error("a key does not survive String and Parse")
	}
}
