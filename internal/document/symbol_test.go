package document

import (
	"slices"
	"testing"

	"github.com/plenary-platform/plenary"
)

func TestParseSymbol(t *testing.T) {
	for _, c := range []struct {
		in, out, base string
		rev           int
	}{
		{"A/AC.292/2025/CRP.1", "A/AC.292/2025/CRP.1", "A/AC.292/2025/CRP.1", 0},
		{" A / AC.292/2025/CRP.1 / rev.1 ", "A/AC.292/2025/CRP.1/Rev.1", "A/AC.292/2025/CRP.1", 1},
		{"A/80/257", "A/80/257", "A/80/257", 0},
		{"A/RES/80/16", "A/RES/80/16", "A/RES/80/16", 0},
		{"A/79/214/Add.1/Rev.2", "A/79/214/Add.1/Rev.2", "A/79/214", 2},
		{"A/AC.292/2026/INF/1/Corr.1", "A/AC.292/2026/INF/1/Corr.1", "A/AC.292/2026/INF/1", 0},
		{"ST/LIB/SER.B/5/Rev.5", "ST/LIB/SER.B/5/Rev.5", "ST/LIB/SER.B/5", 5},
		{"A/AC.292/2025/WP.1-EN", "A/AC.292/2025/WP.1-EN", "A/AC.292/2025/WP.1-EN", 0},
	} {
		s, err := ParseSymbol("symbol", c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if s.String() != c.out || s.Base() != c.base || s.Revision() != c.rev {
			t.Errorf("%q: %q base %q rev %d, want %q base %q rev %d", c.in, s, s.Base(), s.Revision(), c.out, c.base, c.rev)
		}
	}
	for _, in := range []string{
		"", "A", "a/80/257", "A//257", "A/80/257/", "/A/80", "A/80 257", "A/80/2.5..7", "A/Rev.1/80", "A/80/.1",
		"Α/80/257", // a Greek capital alpha
		"A/80/Rev.0", "A/80/Rev.01", "A/80/<script>", string(make([]byte, MaxSymbol+1)),
	} {
		if _, err := ParseSymbol("symbol", in); plenary.ErrorKind(err) != plenary.KindInvalid {
			t.Errorf("%q: %v, want invalid", in, err)
		}
	}
	if _, err := ParseSymbol("symbol", "A/80/x"); err != nil {
		t.Errorf("a lowercase component is the symbol's own: %v", err)
	}
}

func TestCompare(t *testing.T) {
	want := []string{
		"A/79/214", "A/79/214/Rev.1", "A/79/214/Rev.2", "A/79/214/Add.1", "A/79/214/Corr.1",
		"A/80/257", "A/AC.292/2025/CRP.1", "A/AC.292/2025/CRP.1/Rev.1", "A/AC.292/2025/CRP.2", "A/AC.292/2025/CRP.10",
		"A/AC.292/2026/CRP.1", "A/RES/80/16", "S/2026/1",
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	parsed := map[string]Symbol{}
	for _, s := range got {
		p, err := ParseSymbol("symbol", s)
		if err != nil {
			t.Fatal(err)
		}
		parsed[s] = p
	}
	slices.SortFunc(got, func(a, b string) int { return Compare(parsed[a], parsed[b]) })
	if !slices.Equal(got, want) {
		t.Errorf("sorted:\n%q\nwant:\n%q", got, want)
	}
	for _, s := range want {
		if Compare(parsed[s], parsed[s]) != 0 {
			t.Errorf("%s differs from itself", s)
		}
	}
}
