package plenary

import (
	"bytes"
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortByName sorts xs by the names name gives them in lang, with that language's
// collation, so that "Égypte" sorts with the E's in French; the order of equal names is
// kept.
func SortByName[T any](xs []T, lang string, name func(T) string) {
	if len(xs) < 2 {
		return
	}
	c := collate.New(language.Make(lang), collate.Loose)
	var buf collate.Buffer
	type keyed struct {
		key []byte
		x   T
	}
	ks := make([]keyed, len(xs))
	for i, x := range xs {
		ks[i] = keyed{append([]byte(nil), c.KeyFromString(&buf, name(x))...), x}
		buf.Reset()
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	for i := range ks {
		xs[i] = ks[i].x
	}
}
